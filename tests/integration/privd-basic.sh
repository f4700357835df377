#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-basic.sh - vde-privd starts two switches from a policy; /proc shows
# each child with a non-zero uid, no capabilities, no_new_privs, seccomp
# filter mode, not dumpable, an empty environment, no processes, no core
# and a bounded descriptor limit, namespaces of its own, privd the only
# root process; a client attaches to each; SIGTERM removes everything
# privd created.  Started again and killed with SIGKILL, vde-privd takes
# its children with it (PR_SET_PDEATHSIG).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
need_vdeclient
sw_account
policy "user $SWUSER
switch one {
	dir $T/run/one
	mode 0666
	ports 8
	mgmt $T/one.mgmt
}
switch two {
	dir $T/run/two
	mode 0666
	ports 4
}
permit uid 0"
start_privd
wait_ready one
wait_ready two

[ "$(status_field "$PRIVDPID" Uid)" = 0 ] || fail "privd is not root"
# soft and hard limit of a /proc/PID/limits line
lim() { awk -v f="$2" 'index($0, f) == 1 { print $(NF - 2), $(NF - 1) }' "/proc/$1/limits"; }
# RLIMIT_NOFILE of a child: 2 x 4096 endpoints + 256 pending + 64 (the
# defaults), or privd's hard limit if that is lower
nofile=8512
h=$(lim "$PRIVDPID" 'Max open files' | cut -d ' ' -f 2)
[ "$h" != unlimited ] && [ "$h" -lt $nofile ] && nofile=$h
kids=$(ps -o pid= --ppid "$PRIVDPID" | tr -d ' ')
[ "$(echo "$kids" | wc -w)" -eq 2 ] || fail "expected 2 children, got: $kids"
for k in $kids; do
	uid=$(status_field "$k" Uid)
	[ "$uid" = "$SWUID" ] || fail "child $k runs as uid $uid, not $SWUID"
	awk '$1 == "Uid:" || $1 == "Gid:" { if ($2 == 0 || $3 == 0 || $4 == 0 || $5 == 0) exit 1 }' \
		"/proc/$k/status" || fail "child $k has a root uid or gid"
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		v=$(status_field "$k" $f)
		[ "$v" = 0000000000000000 ] || fail "child $k $f=$v"
	done
	[ "$(status_field "$k" NoNewPrivs)" = 1 ] || fail "child $k NoNewPrivs"
	[ "$(status_field "$k" Seccomp)" = 2 ] || fail "child $k Seccomp not filter mode"
	# PR_SET_DUMPABLE 0: /proc/PID/* of the child belong to root
	[ "$(stat -c %u "/proc/$k/environ")" = 0 ] || fail "child $k is dumpable"
	[ "$(wc -c <"/proc/$k/environ")" -eq 0 ] ||
		fail "child $k has an environment: $(tr '\0' ' ' <"/proc/$k/environ")"
	[ "$(lim "$k" 'Max processes')" = "0 0" ] ||
		fail "child $k: Max processes $(lim "$k" 'Max processes'), want 0 0"
	[ "$(lim "$k" 'Max core file size')" = "0 0" ] ||
		fail "child $k: Max core file size $(lim "$k" 'Max core file size'), want 0 0"
	[ "$(lim "$k" 'Max open files')" = "$nofile $nofile" ] ||
		fail "child $k: Max open files $(lim "$k" 'Max open files'), want $nofile $nofile"
	for ns in mnt net ipc uts; do
		[ "$(readlink /proc/$k/ns/$ns)" != "$(readlink /proc/$PRIVDPID/ns/$ns)" ] ||
			fail "child $k shares privd's $ns namespace"
	done
	# nothing but its own directory is writable, and the root is an
	# empty tmpfs with only what the switch needs bound in
	if nsenter -t "$k" -m sh -c "touch $T/x" 2>/dev/null; then
		fail "child $k can write $T"
	fi
	for d in root home boot srv opt; do
		[ -e "/proc/$k/root/$d" ] && fail "child $k sees /$d"
	done
	[ -d "/proc/$k/root/usr" ] && [ -d "/proc/$k/root/proc" ] ||
		fail "child $k lacks /usr or /proc"
	[ "$(stat -f -c %T "/proc/$k/root/")" = tmpfs ] ||
		fail "child $k: root is not the tmpfs"
	# the descriptors privd handed over, and no others worth noting
	n=$(ls "/proc/$k/fd" | wc -l)
	[ "$n" -le 16 ] || fail "child $k has $n descriptors"
done
# privd the only root process among privd and its children
for p in $PRIVDPID $kids; do
	[ "$(status_field "$p" Uid)" = 0 ] && [ "$p" != "$PRIVDPID" ] &&
		fail "$p runs as root"
done

# the directory and the sockets as the policy says
[ "$(stat -c %U:%a "$T/run/one")" = "$SWUSER:2755" ] ||
	fail "one: dir $(stat -c %U:%a "$T/run/one")"
[ "$(stat -c %U:%a "$T/run/one/ctl")" = "$SWUSER:666" ] ||
	fail "one: ctl $(stat -c %U:%a "$T/run/one/ctl")"
[ "$(stat -c %U:%a "$T/one.mgmt")" = "root:600" ] ||
	fail "one: mgmt $(stat -c %U:%a "$T/one.mgmt")"

# clients attach and exchange frames through each switch
for s in one two; do
	vc "R$s" "vde://$T/run/$s" || fail "cannot attach to $s"
	vc "S$s" "vde://$T/run/$s" -w "$T/S$s.go" \
		-g ffffffffffff,0200000000a1,60,3 || fail "cannot attach to $s"
	go "S$s"
	wait_frames "R$s" 3 5 || fail "switch $s forwarded nothing"
done
mg "$T/one.mgmt" port/print
mg_has "Port 0001" || fail "console of one: $MG"

stop_pid "$PRIVDPID" TERM
[ "$RC" = 0 ] || fail "privd exit status $RC"
for k in $kids; do alive "$k" && fail "child $k still running"; done
for p in "$T/run/one" "$T/run/two" "$T/run" "$T/one.mgmt"; do
	[ -e "$p" ] && fail "$p left behind"
done

# SIGKILL of vde-privd: no cleanup by privd, but PR_SET_PDEATHSIG kills
# each child within a few seconds.  One child is stopped first: it cannot
# notice that its channel to privd closed, only SIGKILL ends it.
start_privd
wait_ready one 2
wait_ready two 2
kids=$(ps -o pid= --ppid "$PRIVDPID" | tr -d ' ')
[ "$(echo "$kids" | wc -w)" -eq 2 ] || fail "expected 2 children again, got: $kids"
stopped=$(kid_pid one)
kill -STOP "$stopped"
privd_sigkill "$kids"
finish
