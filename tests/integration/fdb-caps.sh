#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fdb-caps.sh - MAC table caps (--fdb-port-max 4 --fdb-max 6): port 1
# sends from 6 MACs (a1..a6: only a1..a4 learned, per-port cap), port 2
# from 3 MACs: b1, b2 fill the table, b3 is still learned because port 2
# is under its fair share (6 / 2 ports) - port 1's oldest entry, a1, is
# evicted for it.  Unicasts from port 3 to learned MACs reach only their
# port; to unlearned ones (a1 now, a5) they are flooded - delivered, not
# lost.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw" --fdb-port-max 4 --fdb-max 6

a() { echo 0200000000a$1; }
b() { echo 0200000000b$1; }
BC=ffffffffffff
vc P1 "vde://${SWDIR}[1]" -w "$T/P1.go" -g $BC,"$(a 1)",60 -g $BC,"$(a 2)",60 \
	-g $BC,"$(a 3)",60 -g $BC,"$(a 4)",60 -g $BC,"$(a 5)",60 -g $BC,"$(a 6)",60 &&
vc P2 "vde://${SWDIR}[2]" -w "$T/P2.go" -g $BC,"$(b 1)",60 -g $BC,"$(b 2)",60 \
	-g $BC,"$(b 3)",60 &&
vc P3 "vde://${SWDIR}[3]" -w "$T/P3.go" -g "$(a 1)",020000000003,61 \
	-g "$(a 5)",020000000003,62 -g "$(b 1)",020000000003,63 \
	-g "$(b 3)",020000000003,64 || bail "a client could not attach"
go P1
wait_frames P2 6 3
go P2
wait_frames P1 3 3
wait_frames P3 9 3
go P3
wait_frames P1 6 3
wait_frames P2 9 3
sleep 0.3
expect_frames P1 1 "$(a 1)" "" "port 1 (unicast to learned a1)"
expect_frames P1 1 "$(a 5)" "" "port 1 (flooded: a5 not learned)"
expect_frames P1 0 "$(b 1)" "" "port 1 (unicast to b1 learned on port 2)"
expect_frames P1 0 "$(b 3)" "" "port 1 (unicast to b3, learned by eviction)"
expect_frames P2 1 "$(a 1)" "" "port 2 (flooded: a1 evicted for b3)"
expect_frames P2 1 "$(a 5)" "" "port 2 (flooded: a5 not learned)"
expect_frames P2 1 "$(b 1)" "" "port 2 (unicast to learned b1)"
expect_frames P2 1 "$(b 3)" "" "port 2 (unicast to learned b3)"
expect_frames P3 9 ffffffffffff "" "port 3 (broadcasts)"
sw_alive || fail "switch died"
finish
