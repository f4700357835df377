#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# flood-log-accounting.sh - refusal log lines are rate-limited, but none
# may vanish without trace: after 300 idle connections (all refused: over
# the pending caps or by the 1 s handshake timeout) the log must account
# for each of them, as a "refused ..." line or within an "N similar
# messages suppressed" count, within a few seconds.
. "$(dirname "$0")/lib.sh"

need_switchd
need_vdeclient
start_sw "$T/sw" --handshake-timeout 1
r=$("$PY" "$HERE/flood.py" "$SWDIR/ctl" 300 8)
note "flood: $r"
sleep 3
lines=$(grep -c ': refused uid ' "$SWLOG")
supp=$(sed -n 's/.*: \([0-9][0-9]*\) similar messages suppressed.*/\1/p' "$SWLOG" |
	awk '{ s += $1 } END { print s + 0 }')
note "refusal lines: $lines, suppressed: $supp"
[ $((lines + supp)) -eq 300 ] ||
	fail "log accounts for $((lines + supp)) of 300 refused connections ($lines lines, $supp suppressed)"
sw_alive || fail "switch died"
check_forwarding "$SWDIR" "after the refused connections"
finish
