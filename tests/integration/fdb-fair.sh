#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fdb-fair.sh - a port that fills the whole MAC table cannot make other
# ports' addresses unlearnable (which would flood their unicast to it):
# with --fdb-max 8 --fdb-port-max 8, port 1 (mallory) sends from 8 MACs
# and fills the table; port 3 (bob) then sends from B, which is learned by
# evicting one of mallory's entries; port 2 (alice) sends a unicast to B:
# bob gets it, mallory does not.  The switch counts both evictions (for
# B, then for A on port 2).
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw" --fdb-port-max 8 --fdb-max 8 -M "$T/mgmt"

m() { echo 0200000000c$1; }
BC=ffffffffffff
B=0200000000bb
A=0200000000aa
vc P1 "vde://${SWDIR}[1]" -w "$T/P1.go" -g $BC,"$(m 1)",60 -g $BC,"$(m 2)",60 \
	-g $BC,"$(m 3)",60 -g $BC,"$(m 4)",60 -g $BC,"$(m 5)",60 \
	-g $BC,"$(m 6)",60 -g $BC,"$(m 7)",60 -g $BC,"$(m 8)",60 &&
vc P3 "vde://${SWDIR}[3]" -w "$T/P3.go" -g $BC,$B,60 &&
vc P2 "vde://${SWDIR}[2]" -w "$T/P2.go" -g $B,$A,70 ||
	bail "a client could not attach"
go P1
wait_frames P3 8 3
go P3
wait_frames P1 1 3
go P2
wait_frames P3 9 3
sleep 0.3
expect_frames P3 1 "$B" "" "bob (unicast from alice)"
expect_frames P1 0 "$B" "" "mallory (alice's unicast to bob)"
mg "$T/mgmt" hash/counters || fail "console: $MG"
mg_has "evicted=2 " || fail "want 2 evictions (for B and A): $(grep -o 'entries=.*' "$T/mg.out")"
sw_alive || fail "switch died"
finish
