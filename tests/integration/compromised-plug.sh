#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# compromised-plug.sh hooks|nohooks - what a vde-plug taken over through
# its stream or VXLAN input could do to the file system (SECURITY.md,
# vde-plug checklist).  A build with -Dtest_hooks=true makes the plug
# perform VDE_TEST_VIOLATE="ACTION PATH" once, right after its sandbox is
# entered.  A plug run by root on switch A (both become nobody) tries,
# against switch B, another switch of the same account:
#  - chmod 0777 of B's directory, chown of B's ctl to root: killed by
#    SIGSYS (no chmod in its filter, chown changes a group only); B's
#    directory keeps its mode;
#  - unlink of B's ctl and bind of a socket in B's directory: refused by
#    Landlock (EACCES), although nobody owns that directory; B's ctl stays;
#  - bind and unlink in A's directory, where its return sockets live:
#    allowed; in /tmp (used only by plugs that may not write in their
#    switch's directory): refused.
. "$(dirname "$0")/lib.sh"

[ "${1:-}" = hooks ] || skip "needs a build with -Dtest_hooks=true (CI runs it in the hooks build)"
need_root "a plug started by root becomes the switches' account"
start_sw "$T/b"
BDIR=$SWDIR
BPID=$SWPID
start_sw "$T/a"
ADIR=$SWDIR
[ "$(stat -c %U "$ADIR")" = "$(stat -c %U "$BDIR")" ] ||
	bail "the two switch directories have different owners"
bmode=$(stat -c %a "$BDIR")

# violate ACTION PATH: one plug attached to A, its verdict in $V, its
# exit status in RC ("alive" if it still runs, then stopped)
n=0
violate() {
	n=$((n + 1))
	[ -p "$T/in" ] || { mkfifo "$T/in"; sleep 600 >"$T/in" & rec_pid $!; }
	VDE_TEST_VIOLATE="$1 $2" "$VDEPLUG" "vde://$ADIR" <"$T/in" \
		>/dev/null 2>"$T/v$n.err" &
	_p=$!
	rec_pid $_p
	_i=0
	until grep -q "^violate: $1 $2: \(allowed\|refused\)" "$T/v$n.err" ||
		! alive $_p || [ $_i -ge 60 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	V=$(grep "^violate: " "$T/v$n.err" | tail -n 1 | sed 's/^violate: //')
	if alive $_p; then
		stop_pid $_p
		RC=alive
	else
		wait $_p
		RC=$?
	fi
	note "$(printf '%-7s %-40s -> %s (%s)' "$1" "$2" "$V" "$RC")"
}

# want_killed ACTION PATH
want_killed() {
	violate "$1" "$2"
	[ "$RC" = 159 ] || fail "$1 $2: status $RC ($V), want 159 (SIGSYS)"
}
# want ACTION PATH TEXT
want() {
	violate "$1" "$2"
	case $V in
	*"$3"*) ;;
	*) fail "$1 $2: '$V', want '$3'" ;;
	esac
	[ "$RC" = alive ] || fail "$1 $2: the plug died (status $RC)"
}

want_killed chmod "$BDIR"
want_killed chown "$BDIR/ctl"
[ "$(stat -c %a "$BDIR")" = "$bmode" ] || fail "B's directory mode changed"
if grep -q "no Landlock in this kernel" "$T"/v*.err; then
	note "this kernel has no Landlock: the plug could remove B's ctl"
else
	want unlink "$BDIR/ctl" "refused: Permission denied"
	[ -S "$BDIR/ctl" ] || fail "B's ctl is gone"
	want bind "$BDIR/evil.sock" "refused: Permission denied"
	[ -e "$BDIR/evil.sock" ] && fail "a socket was made in B's directory"
	want bind "/tmp/vdeit-$$-plug.sock" "refused: Permission denied"
fi
want bind "$ADIR/ok.sock" "allowed"
: >"$ADIR/stale"
want unlink "$ADIR/stale" "allowed"
[ -e "$ADIR/stale" ] && fail "$ADIR/stale still there"
want chgrp "/tmp/vdeit-$$-none" "refused: No such file or directory"
alive "$BPID" && sw_alive || fail "a switch died"
check_forwarding "$BDIR" "switch B after the attempts"
finish
