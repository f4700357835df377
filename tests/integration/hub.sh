#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# hub.sh - with -x (hub mode) a unicast to a MAC the switch has seen still
# reaches every other port.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw" -x

MA=02000000000a MB=02000000000b
vc A "vde://${SWDIR}[1]" -w "$T/A.go" -g ffffffffffff,$MA,60 &&
vc B "vde://${SWDIR}[2]" -w "$T/B.go" -g $MA,$MB,60 &&
vc C "vde://${SWDIR}[3]" || bail "a client could not attach"
go A
wait_frames B 1 3
wait_frames C 1 3
go B
wait_frames A 1 3
wait_frames C 2 3
sleep 0.2
expect_frames A 1 $MA $MB "A"
expect_frames B 1 ffffffffffff $MA "B"
expect_frames C 2 "" "" "C (hub: sees the unicast too)"
finish
