#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mac-spoof.sh ours|debian - anti-flap (spec 6.2): A on port 1 sends from
# MAC MA; right after, M on port 2 sends from the same MA.  Within the
# minimum persistence time the entry must not move: B's unicast to MA
# reaches A only, never the spoofer.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw"

MA=02000000000a MB=02000000000b
vc A "vde://${SWDIR}[1]" -w "$T/A.go" -g ffffffffffff,$MA,60 &&
vc M "vde://${SWDIR}[2]" -w "$T/M.go" -g ffffffffffff,$MA,61 &&
vc B "vde://${SWDIR}[3]" -w "$T/B.go" -g $MA,$MB,70 || bail "a client could not attach"
go A
wait_frames B 1 3
go M
wait_frames B 2 3
go B
wait_frames A 2 3
sleep 0.3
expect_frames A 1 $MA $MB "A (owner of MA)"
expect_frames M 0 $MA $MB "M (spoofer of MA)"
finish
