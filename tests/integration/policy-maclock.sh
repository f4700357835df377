#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# policy-maclock.sh [strict|open] - "permit user U switch lan maclock" on
# a switch of vde-privd.  U's client on port 1 sends a frame from a group
# source address (never a lock: dropped), then from MAC A (the lock), from
# MAC B, from A again, and B's frames to A's peer (unicast); the peer on
# port 2 receives A's frames only, rx_drop_maclock of port 1 counts the
# others, the drop is logged.  Once the client has left, a new client on
# port 1 locks the port to its own first MAC (B).  Debian's vde_plug on a
# maclock port: its first source MAC passes, another is dropped.
# "open" runs the same checks under "permit any": they must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"
. "$(dirname "$0")/plug-lib.sh"
. "$(dirname "$0")/policy-lib.sh"

need_privd
need_vdeclient
need_cmd vde_plug
sw_account
add_user
U=$NEWUSER
add_user
P=$NEWUSER
D=$T/lan
M=$T/lan.mgmt
ppolicy "$(lan_block 8)" "permit user $U switch lan maclock
permit user $P switch lan"
start_privd
wait_ready lan

MA=0200000000aa
MB=0200000000bb
MGRP=030000000001
MP=0200000000cc
BC=ffffffffffff
vc_as "$P" PEER "vde://${D}[2]" -t 30 -w "$T/PEER.go" -g "$BC,$MP,60" ||
	bail "peer could not attach to port 2"
vc_as "$U" U1 "vde://${D}[1]" -t 30 -w "$T/U1.go" \
	-g "$BC,$MGRP,60" -g "$BC,$MA,60,2" -g "$BC,$MB,60,3" -g "$BC,$MA,60" \
	-g "$MP,$MB,60,2" -g "$MP,$MA,60,2" ||
	bail "U's client could not attach to port 1"
wait_log_n "port 1: policy:" 1 3 &&
	note "$(grep "port 1: policy:" "$PRIVDLOG" | tail -n 1)"
go PEER
wait_frames U1 1 3 || fail "U's client did not get the peer's broadcast"
go U1
wait_frames PEER 5 3
sleep 0.3
expect_frames PEER 3 "$BC" "$MA" "peer (broadcasts from A)"
expect_frames PEER 2 "$MP" "$MA" "peer (unicast from A)"
expect_frames PEER 0 "" "$MB" "peer (frames from B)"
expect_frames PEER 0 "" "$MGRP" "peer (frame from a group address)"
n=$(counter 1 rx_drop_maclock)
note "port 1: rx_drop_maclock=$n after 1 group-source + 5 B frames"
[ "${n:-0}" -eq 6 ] || fail "rx_drop_maclock of port 1 is ${n:-?}, want 6"
grep -q "port 1: source 02:00:00:00:00:bb dropped: MAC lock" "$PRIVDLOG" ||
	fail "no log line for B's frames dropped by the MAC lock"
n=$(counter 2 rx_drop_maclock)
[ "${n:-0}" -eq 0 ] || fail "rx_drop_maclock of port 2 (no maclock) is $n"

# a new client on port 1: the lock starts again from its first frame
vc_stop U1
vc_as "$U" U2 "vde://${D}[1]" -t 30 -w "$T/U2.go" \
	-g "$BC,$MB,60,2" -g "$BC,$MA,60" || bail "U's second client could not attach"
nb=$(frames PEER "" "$MB")
go U2
wait_count $((nb + 2)) 3 frames PEER "" "$MB" ||
	fail "the new client's frames from B (its first MAC) did not pass"
sleep 0.3
expect_frames PEER 5 "" "$MA" "peer (A, after the new client locked B)"
n=$(counter 1 rx_drop_maclock)
[ "${n:-0}" -eq 7 ] || fail "rx_drop_maclock of port 1 is ${n:-?} after the new client, want 7"

# Debian's vde_plug on a maclock port (3)
plug_as "$U" PL "vde://${D}[3]"
wait_socks "$D" 3 1 3 || bail "vde_plug could not attach: $(cat "$T/PL.err")"
np=$(frames PEER)
{
	framen "$BC" 0200000000d1 60
	framen "$BC" 0200000000d2 60
	framen "$BC" 0200000000d1 60
} >"$T/PL.in"
wait_count $((np + 2)) 3 frames PEER || fail "the vde_plug's frames from its first MAC did not pass"
sleep 0.3
expect_frames PEER 2 "" 0200000000d1 "peer (vde_plug, first MAC)"
expect_frames PEER 0 "" 0200000000d2 "peer (vde_plug, second MAC)"
n=$(counter 3 rx_drop_maclock)
[ "${n:-0}" -eq 1 ] || fail "rx_drop_maclock of port 3 is ${n:-?}, want 1"
alive "$(kid_pid lan)" || fail "switch lan died"
finish
