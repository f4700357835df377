#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dir-second-switch.sh - a second switch on a directory in use exits with
# a non-zero status and a clear message, without touching ctl; the first
# switch keeps running and forwarding.
. "$(dirname "$0")/lib.sh"

need_switchd
need_vdeclient
start_sw "$T/sw"
FIRST=$SWPID
ino=$(stat -c %i "$SWDIR/ctl")

"$SWITCHD" -s "$SWDIR" --nostdin </dev/null >"$T/second.log" 2>&1 &
P2=$!
rec_pid $P2
wait_exit $P2 5 || fail "second switch still running after 5 s"
note "second switch: status $RC: $(head -3 "$T/second.log" | tr '\n' ' ')"
[ "$RC" -ne 0 ] && [ "$RC" -ne 124 ] || fail "second switch exit status $RC"
grep -q "another switch is running on $SWDIR/ctl" "$T/second.log" ||
	fail "second switch did not say that another switch is running"
[ -S "$SWDIR/ctl" ] && [ "$(stat -c %i "$SWDIR/ctl")" = "$ino" ] ||
	fail "ctl was removed or replaced by the second switch"
alive "$FIRST" || bail "first switch died"
check_forwarding "$SWDIR" "first switch after the second was refused"
finish
