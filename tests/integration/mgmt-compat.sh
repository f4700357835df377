#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-compat.sh - spec 5.2/5.4: the same console session, byte for byte,
# on Debian's vde_switch 2.3.2 and on vde-switchd.  Both run with -n 32
# and -M (ours with --hashsize 128, vde_switch's default), each with a
# "vde_plug -D probe" on port 5; mgmt.py sends the same commands to both
# (read-only commands, errors, an unknown command, port/vlan changes, an
# empty line, a comment, logout).  The transcripts are compared after
# normalising only what must differ: the banner's version and copyright
# lines, pid, MAC, uptime, the ctl dir and mgmt paths, endpoint IDs
# (descriptor numbers) and the pid in the plug's description.  Any other
# difference fails the test and is printed.
. "$(dirname "$0")/lib.sh"

need_cmd vde_plug vde_switch diff
need_switchd

# port/print 40 and port/create 40 are out of range (-n 32): vde_switch
# (2.3.2 and HEAD) answers 1022 Invalid argument, an existing number of a
# port that does not exist gets 1006.  port/remove 8 after port/setvlan 8
# 10: vde_switch answers 1000 (the port is inactive) and so must we;
# port/createauto then picks the lowest free port, 1, on both.
set -- showinfo ds/showinfo port/showinfo port/print port/allprint \
	"port/print 5" "port/print 8" "port/print 40" "port/create 40" \
	hash/showinfo debug/list foo \
	"port/create 8" "port/setuser 8 root" "port/allprint 8" \
	"vlan/create 10" "port/setvlan 8 10" vlan/print vlan/allprint \
	"port/remove 8" "port/allprint 8" port/createauto "" "# comment" \
	"port/print 5" logout

run() {	# run IMPL NAME CMD...: switch, probe plug, session
	c_impl=$1
	c_n=$2
	shift 2
	if [ "$c_impl" = ours ]; then
		start_impl ours "$T/$c_n" -n 32 -M "$T/$c_n.mgmt" --hashsize 128
	else
		start_impl debian "$T/$c_n" -n 32 -M "$T/$c_n.mgmt"
	fi
	plug "P$c_n" "vde://${SWDIR}[5]" -D probe
	wait_socks "$SWDIR" 5 1 3 || bail "$c_impl: vde_plug did not attach to port 5"
	eval "PLUGPID=\$PID_P$c_n"
	MGMT_TIMEOUT=5 "$PY" "$HERE/mgmt.py" "$T/$c_n.mgmt" "$@" \
		>"$T/$c_n.raw" 2>"$T/$c_n.err" ||
		fail "$c_impl: session did not complete: $(cat "$T/$c_n.err")"
	# normalise only the fields that must differ
	sed -e "s/^VDE switch V\..*/VDE switch V.<version>/" \
	    -e "s/^(C) .*/(C) <copyright>/" \
	    -e "s/^pid [0-9]* MAC [0-9a-f:]* uptime [0-9]*\$/pid <pid> MAC <mac> uptime <uptime>/" \
	    -e "s|^mgmt $T/$c_n.mgmt perm |mgmt <mgmt> perm |" \
	    -e "s|^ctl dir $T/$c_n\$|ctl dir <dir>|" \
	    -e "s/-- endpoint ID [0-9]* module/-- endpoint ID <id> module/" \
	    -e "s/: probe user=root pid=$PLUGPID\$/: probe user=root pid=<pid>/" \
	    "$T/$c_n.raw" >"$T/$c_n.txt"
}

run debian deb "$@"
SW_DEB=$SWPID
run ours ours "$@"
note "$(grep -c '' "$T/deb.txt") lines from vde_switch, $(grep -c '' "$T/ours.txt") from vde-switchd"
[ -s "$T/deb.txt" ] || bail "no transcript from vde_switch"
if ! diff -u "$T/deb.txt" "$T/ours.txt" >"$T/diff"; then
	sed 's/^/#   /' "$T/diff"
	fail "transcripts differ (- vde_switch, + vde-switchd): $(grep -c '^[-+][^-+]' "$T/diff") changed lines"
fi
# the normalisation must not hide everything: the baseline's answers are there
grep -q "^Port 0001\$" "$T/deb.txt" && grep -q "1038 Function not implemented" "$T/deb.txt" &&
	grep -q "1006 No such device or address" "$T/deb.txt" ||
	fail "baseline transcript lacks expected answers"
alive "$SW_DEB" || fail "vde_switch died"
sw_alive || fail "vde-switchd died"
finish
