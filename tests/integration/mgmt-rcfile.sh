#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-rcfile.sh - spec 5.3: -f FILE runs console commands at start-up.
#  - a root-only (0600) rc file with a comment, port/create 10, vlan/create
#    20, port/setvlan 10 20, an unknown command (line 5), a command that
#    fails (line 6), a CRLF line and an over-long line (line 8) is read
#    before the switch drops privileges: port 10 exists in VLAN 20 and
#    port 12 exists (port/allprint, vlan/allprint), each bad line is
#    logged with its line number and the count of failures too, and the
#    switch runs;
#  - -f with a missing file, or with a directory, exits non-zero at once
#    with a message naming the file, and leaves no socket behind.
. "$(dirname "$0")/lib.sh"

need_switchd
RCF=$T/switch.rc
{
	printf '# start-up commands\n'
	printf 'port/create 10\n'
	printf 'vlan/create 20\n'
	printf 'port/setvlan 10 20\n'
	printf 'bogus/command here\n'
	printf 'port/setvlan 11 20\n'
	printf 'port/create 12\r\n'
	printf 'port/create 13 %02000d\n' 0
	printf '\n'
} >"$RCF"
chmod 0600 "$RCF"
start_sw "$T/sw" -M "$T/mgmt" -f "$RCF"
mg "$T/mgmt" "port/allprint 10" "vlan/allprint 20" "port/allprint 12" \
	"port/allprint 13"
mg_has "Port 0010 untagged_vlan=0020 INACTIVE - NOT Unnamed Allocatable" ||
	fail "rc file: port 10 not created in VLAN 20: $(grep '^Port' "$T/mg.out")"
grep -q '^VLAN 0020$' "$T/mg.out" && grep -q '^ -- Port 0010 tagged=0 active=0 status=Learning$' "$T/mg.out" ||
	fail "rc file: vlan/allprint 20 does not list port 10"
mg_has "Port 0012 untagged_vlan=0000 INACTIVE" || fail "rc file: CRLF line 'port/create 12' not run"
mg_has "Port 0013" && fail "rc file: the over-long line was run"
[ "$(mg_results)" = "1000 Success|1000 Success|1000 Success|1006 No such device or address|" ] ||
	fail "rc file: answers $(mg_results)"
log_has "rc file line 5: bogus/command here: Function not implemented" ||
	fail "unknown command on line 5 not logged with its line number"
log_has "rc file line 6: port/setvlan 11 20: No such device or address" ||
	fail "failing command on line 6 not logged with its line number"
log_has "rc file line 8: longer than 1024 bytes" ||
	fail "over-long line 8 not logged with its line number"
log_has "rc file $RCF: 3 command(s) failed" || fail "count of failed rc file commands not logged"
sed -n '/rc file/s/^/#   /p' "$SWLOG"
sw_alive || fail "switch died"
stop_pid "$SWPID"

# rc_bad WHAT PATH TEXT: the switch refuses to start with -f PATH
rc_bad() {
	"$SWITCHD" -s "$T/sw-$1" -M "$T/mgmt-$1" --nostdin -f "$2" \
		</dev/null >"$T/$1.log" 2>&1 &
	_p=$!
	rec_pid $_p
	wait_exit $_p 3 || { fail "-f $1: still running after 3 s"; return; }
	[ "$RC" -ne 0 ] || fail "-f $1: exit status 0"
	grep -qF -- "$3" "$T/$1.log" ||
		fail "-f $1: no message '$3': $(tr '\n' '|' <"$T/$1.log")"
	sed 's/^/#   /' "$T/$1.log"
	[ -e "$T/sw-$1/ctl" ] && fail "-f $1: $T/sw-$1/ctl left behind"
	[ -e "$T/mgmt-$1" ] && fail "-f $1: $T/mgmt-$1 left behind"
}
rc_bad missing "$T/nonexistent.rc" "cannot open rc file $T/nonexistent.rc: No such file or directory"
rc_bad dir "$T" "rc file $T"
finish
