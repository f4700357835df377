#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dir-path-too-long.sh - a directory whose path leaves no room for socket
# names in sun_path (108 bytes) is refused at start: exit non-zero, a
# message naming the path, and no directory left behind.
. "$(dirname "$0")/lib.sh"

need_switchd
D="$T/$(printf '%0100d' 0)"
timeout 5 "$SWITCHD" -s "$D" --nostdin </dev/null >"$T/out" 2>&1
rc=$?
note "status $rc: $(head -2 "$T/out" | tr '\n' ' ')"
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "status $rc"
grep -q "too long" "$T/out" || fail "no 'too long' message"
grep -qF "$D" "$T/out" || fail "the message does not name the path"
[ ! -e "$D" ] || fail "the directory was created and left behind"
finish
