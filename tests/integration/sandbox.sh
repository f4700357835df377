#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sandbox.sh root|root-u|user - /proc/PID/status of the running switch:
# Seccomp 2 (filter), NoNewPrivs 1, no capability in any set, and a
# non-zero uid/gid in all four slots; not dumpable (its /proc/PID files
# belong to root); /proc/PID/limits: no processes, no core, descriptors
# exactly 2 x endpoints + pending + 64 (lowered from the inherited limit
# when that is larger).  root: started by root, drops to nobody; root-u:
# started by root with -u TESTUSER; user: started by an ordinary user.
. "$(dirname "$0")/lib.sh"

MODE=${1:-root}
need_root "starting the switch as root or as another user"
# RLIMIT_NOFILE wanted: 2 x 300 + 40 + 64, below the usual soft limit 1024
set -- --max-endpoints 300 --max-pending 40
want_nofile=704
case $MODE in
root)
	start_sw "$T/sw" "$@"
	want_uid=$(id -u nobody)
	;;
root-u)
	add_user
	start_sw "$T/sw" -u "$NEWUSER" "$@"
	want_uid=$(id -u "$NEWUSER")
	;;
user)
	add_user
	mkdir "$T/home"
	chown "$NEWUSER" "$T/home"
	start_sw_as "$NEWUSER" "$T/home/sw" "$@"
	want_uid=$(id -u "$NEWUSER")
	;;
*) bail "unknown mode $MODE" ;;
esac

st=/proc/$SWPID/status
field() { awk -v f="$1:" '$1 == f { $1 = ""; sub(/^ /, ""); print }' "$st"; }
note "Uid: $(field Uid) Gid: $(field Gid) Groups: $(field Groups)"
note "Seccomp: $(field Seccomp) NoNewPrivs: $(field NoNewPrivs) CapEff: $(field CapEff) CapBnd: $(field CapBnd)"
[ "$(field Seccomp)" = 2 ] || fail "Seccomp: $(field Seccomp), want 2"
[ "$(field NoNewPrivs)" = 1 ] || fail "NoNewPrivs: $(field NoNewPrivs), want 1"
for c in CapInh CapPrm CapEff CapAmb; do
	[ "$(field $c)" = 0000000000000000 ] || fail "$c: $(field $c), want 0"
done
if [ "$MODE" != user ]; then
	[ "$(field CapBnd)" = 0000000000000000 ] ||
		fail "CapBnd: $(field CapBnd), want 0 (bounding set cleared)"
fi
for u in $(field Uid); do
	[ "$u" = "$want_uid" ] || fail "Uid: $(field Uid), want $want_uid in all four"
done
for g in $(field Gid); do
	[ "$g" -ne 0 ] || fail "Gid: $(field Gid) has gid 0"
done
for g in $(field Groups); do
	[ "$g" -ne 0 ] || fail "supplementary groups include 0: $(field Groups)"
done
# PR_SET_DUMPABLE 0: the kernel makes /proc/PID/* of a process that is
# not dumpable root's, whatever uid the process runs as
[ "$(stat -c %u "/proc/$SWPID/environ")" = 0 ] ||
	fail "dumpable: /proc/$SWPID/environ owned by uid $(stat -c %u "/proc/$SWPID/environ"), want 0"
# soft and hard limit of a /proc/PID/limits line
lim() { awk -v f="$1" 'index($0, f) == 1 { print $(NF - 2), $(NF - 1) }' "/proc/$SWPID/limits"; }
note "limits: processes $(lim 'Max processes'), core $(lim 'Max core file size'), files $(lim 'Max open files')"
[ "$(lim 'Max processes')" = "0 0" ] ||
	fail "Max processes $(lim 'Max processes'), want 0 0"
[ "$(lim 'Max core file size')" = "0 0" ] ||
	fail "Max core file size $(lim 'Max core file size'), want 0 0"
[ "$(lim 'Max open files')" = "$want_nofile $want_nofile" ] ||
	fail "Max open files $(lim 'Max open files'), want $want_nofile $want_nofile"
# the sandbox must not have broken the switch
check_forwarding "$SWDIR" "in the sandbox"
sw_alive || fail "switch died"
finish
