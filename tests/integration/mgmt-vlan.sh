#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-vlan.sh ours|debian - spec 9 item 8: with "vlan/create 10",
# ports 21 (untagged VLAN 10) and 22 (tagged member of VLAN 10), an
# untagged 64-byte frame into port 21 leaves port 22 as 68 bytes with
# 81 00 00 0a after the MACs; a VLAN-10-tagged frame into 22 leaves 21
# untagged; VLAN-0 ports 23 and 24 see neither; a VLAN-11 tag is dropped;
# port 22 (still untagged in VLAN 0) gets port 23's broadcast.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw" -M "$T/mgmt"
mg "$T/mgmt" "vlan/create 10" "port/create 21" "port/create 22" \
	"port/setvlan 21 10" "vlan/addport 10 22" || fail "console commands failed: $MG"
[ "$(mg_count '1000 Success')" -eq 5 ] || fail "VLAN set-up not accepted: $(mg_results)"

H21=ffffffffffff020000000021
H22=ffffffffffff020000000022
P=$(printf '%0100d' 0)
vc P21 "vde://${SWDIR}[21]" -w "$T/P21.go" -s "${H21}0800$P" &&
vc P22 "vde://${SWDIR}[22]" -w "$T/P22.go" -s "${H22}8100000a0800$P" \
	-s "${H22}8100000b0800$P" &&
vc P23 "vde://${SWDIR}[23]" -w "$T/P23.go" -g ffffffffffff,020000000023,60 &&
vc P24 "vde://${SWDIR}[24]" || bail "a client could not attach"
go P21
wait_frames P22 1 3
go P22
wait_frames P21 1 3
go P23
wait_frames P24 1 3
wait_frames P22 2 3
sleep 0.3
[ "$(awk 'NR == 1' "$T/P22.out")" = "68 ${H21}8100000a0800$P" ] ||
	fail "port 22 did not get the frame tagged 81 00 00 0a (68 bytes): $(cut -c1-60 "$T/P22.out" | head -1)"
expect_frames P22 1 "" 020000000021 "port 22 (trunk: port 21's frame once)"
expect_frames P22 1 ffffffffffff 020000000023 "port 22 (also untagged in VLAN 0)"
[ "$(awk 'NR == 1' "$T/P21.out")" = "64 ${H22}0800$P" ] ||
	fail "port 21 did not get the VLAN 10 frame untagged (64 bytes): $(cut -c1-60 "$T/P21.out" | head -1)"
expect_frames P21 1 "" "" "port 21 (VLAN 11 tag must be dropped)"
expect_frames P23 0 "" "" "port 23 (VLAN 0)"
expect_frames P24 1 ffffffffffff 020000000023 "port 24 (VLAN 0: only port 23's frame)"
finish
