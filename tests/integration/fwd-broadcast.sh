#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fwd-broadcast.sh ours|debian - five clients; one sends two broadcasts
# and one IPv4 multicast frame: every other client receives all three,
# the sender none.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw"

S=020000000051
vc E "vde://${SWDIR}[5]" -w "$T/E.go" -g ffffffffffff,$S,60,2 \
	-g 01005e000001,$S,100 || bail "sender could not attach"
for n in 1 2 3 4; do
	vc "R$n" "vde://${SWDIR}[$n]" -n 3 || bail "receiver $n could not attach"
done
go E
for n in 1 2 3 4; do wait_frames "R$n" 3 3; done
sleep 0.3
for n in 1 2 3 4; do
	expect_frames "R$n" 3 "" "" "port $n (total)"
	expect_frames "R$n" 2 ffffffffffff $S "port $n (broadcast)"
	expect_frames "R$n" 1 01005e000001 $S "port $n (multicast)"
done
expect_frames E 0 "" "" "sender"
finish
