#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# stp-privd.sh - the spanning tree under vde-privd: a tap the policy marks
# "stp" is a trunk port from the start, the other tap is not (its BPDUs
# are dropped: BPDU guard), and spanning tree settings made on the console
# (priority, hello, cost, edge, a trunk, enable) and the bridge identifier
# (the switch MAC) are there again, the same, after kill -9 of the switch
# child (replayed from the state memfd).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
need_cmd ip
sw_account
TA=vsa$$
TB=vsb$$
M=$T/lan.mgmt
policy "user $SWUSER
switch lan {
	dir $T/lan
	ports 8
	mgmt $M
	tap $TA port 1 stp
	tap $TB port 2
}"
start_privd
wait_ready lan

mg "$M" stp/print
grep -q '^Port 0001 trunk=1 ' "$T/mg.out" ||
	fail "the policy's stp tap is not a trunk: $(grep '^Port 0001' "$T/mg.out")"
grep -q '^Port 0002 trunk=0 ' "$T/mg.out" ||
	fail "the other tap is a trunk: $(grep '^Port 0002' "$T/mg.out")"

mg "$M" "stp/priority 8192" "stp/hello 1" "port/create 5" "stp/trunk 5 1" \
	"stp/cost 5 400" "stp/edge 5 1" "stp/enable 1" || fail "console: $MG"
[ "$(mg_count '1000 Success')" -eq 7 ] || fail "stp commands: $(mg_results)"
mg "$M" stp/showinfo stp/print
sed -n '/vde\$ /,$p' "$T/mg.out" |
	sed 's/bpdu_[a-z]*=[0-9]*//g; s/tc_[a-z]*=[0-9]*//g; s/fwd_transitions=[0-9]*//; s/oper_edge=[0-9]//; s/proto=[a-z]*//; s/Topology changes.*//; s/[a-z_]*_drop=[0-9]*//g' \
	>"$T/before"
grep -q "Priority 8192" "$T/before" || fail "priority not set: $(cat "$T/before")"
grep -q "FSTP=true" "$T/before" || fail "not enabled: $(cat "$T/before")"

old=$(kid_pid lan)
kill -KILL "$old"
wait_ready lan 2 10
[ "$(kid_pid lan)" != "$old" ] || fail "no new child"
mg "$M" stp/showinfo stp/print
sed -n '/vde\$ /,$p' "$T/mg.out" |
	sed 's/bpdu_[a-z]*=[0-9]*//g; s/tc_[a-z]*=[0-9]*//g; s/fwd_transitions=[0-9]*//; s/oper_edge=[0-9]//; s/proto=[a-z]*//; s/Topology changes.*//; s/[a-z_]*_drop=[0-9]*//g' \
	>"$T/after"
diff "$T/before" "$T/after" >"$T/diff" ||
	fail "spanning tree settings differ after the restart: $(cat "$T/diff")"
grep -q '^Port 0005 trunk=1 .*cost=400 .*edge=1' "$T/after" ||
	fail "port 5 lost its settings: $(grep '^Port 0005' "$T/after")"
finish
