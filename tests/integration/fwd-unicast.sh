#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fwd-unicast.sh ours|debian - learning: four clients A..D on ports 1-4.
#  1. B sends to an unknown MAC: flooded to A, C, D (not back to B).
#  2. A broadcasts: B, C, D receive it; the switch learns A.
#  3. B sends to A: only A receives it.
#  4. A sends to B (learned in 1): only B receives it.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw"

MA=02000000000a MB=02000000000b UNK=02000000000f BC=ffffffffffff
vc A "vde://${SWDIR}[1]" -w "$T/A1.go" -g $BC,$MA,60 -w "$T/A2.go" -g $MB,$MA,70 &&
vc B "vde://${SWDIR}[2]" -w "$T/B1.go" -g $UNK,$MB,80 -w "$T/B2.go" -g $MA,$MB,90 &&
vc C "vde://${SWDIR}[3]" &&
vc D "vde://${SWDIR}[4]" || bail "a client could not attach"

go B1
for c in A C D; do wait_frames $c 1 3; done
go A1
for c in B C D; do wait_frames $c 1 3; done
for c in C D; do wait_frames $c 2 3; done
go B2
wait_frames A 2 3
go A2
wait_frames B 2 3
sleep 0.3

expect_frames A 2 "" "" "A (total)"
expect_frames A 1 $UNK $MB "A (flooded unknown unicast)"
expect_frames A 1 $MA $MB "A (unicast from B)"
expect_frames B 2 "" "" "B (total)"
expect_frames B 1 $BC $MA "B (broadcast from A)"
expect_frames B 1 $MB $MA "B (unicast from A)"
for c in C D; do
	expect_frames $c 2 "" "" "$c (total: no learned unicast may leak)"
	expect_frames $c 1 $UNK $MB "$c (flooded unknown unicast)"
	expect_frames $c 1 $BC $MA "$c (broadcast)"
done
sw_alive || fail "switch died"
finish
