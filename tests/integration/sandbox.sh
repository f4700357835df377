#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sandbox.sh root|root-u|user - /proc/PID/status of the running switch:
# Seccomp 2 (filter), NoNewPrivs 1, no capability in any set, and a
# non-zero uid/gid in all four slots.  root: started by root, drops to
# nobody; root-u: started by root with -u TESTUSER; user: started by an
# ordinary user.
. "$(dirname "$0")/lib.sh"

MODE=${1:-root}
need_root "starting the switch as root or as another user"
case $MODE in
root)
	start_sw "$T/sw"
	want_uid=$(id -u nobody)
	;;
root-u)
	add_user
	start_sw "$T/sw" -u "$NEWUSER"
	want_uid=$(id -u "$NEWUSER")
	;;
user)
	add_user
	mkdir "$T/home"
	chown "$NEWUSER" "$T/home"
	start_sw_as "$NEWUSER" "$T/home/sw"
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
# the sandbox must not have broken the switch
check_forwarding "$SWDIR" "in the sandbox"
sw_alive || fail "switch died"
finish
