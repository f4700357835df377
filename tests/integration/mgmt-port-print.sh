#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-port-print.sh ours|debian - spec 9 items 2-4 through the console:
# port/print 5 lists the vde_plug attached with -D probe as ACTIVE with
# its description; hash/print shows the MACs learned on ports 7 and 11;
# port/epclose evicts an endpoint (the client sees its control connection
# closed, the data socket goes); after vde_plug is killed port 5 is no
# longer active.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_cmd vde_plug
need_vdeclient
start_impl "$IMPL" "$T/sw" -M "$T/mgmt"

plug P5 "vde://${SWDIR}[5]" -D probe
wait_socks "$SWDIR" 5 1 3 || bail "vde_plug did not attach"
mg "$T/mgmt" "port/print 5" || fail "port/print failed: $MG"
mg_has "Port 0005 untagged_vlan=0000 ACTIVE" || fail "port/print 5 does not show port 5 active"
mg_has "probe user=" || fail "port/print 5 does not show the description 'probe user=...'"

vc A "vde://${SWDIR}[7]" -w "$T/A.go" -g ffffffffffff,020000000007,60 &&
vc B "vde://${SWDIR}[11]" -w "$T/B.go" -g 020000000007,020000000011,60 ||
	bail "a client could not attach"
go A
wait_frames B 1 3
go B
wait_frames A 1 3
mg "$T/mgmt" hash/print || fail "hash/print failed"
grep -q "Addr: 02:00:00:00:00:07 VLAN 0000 to port: 007" "$T/mg.out" ||
	fail "hash/print lacks 02:00:00:00:00:07 on port 007"
grep -q "Addr: 02:00:00:00:00:11 VLAN 0000 to port: 011" "$T/mg.out" ||
	fail "hash/print lacks 02:00:00:00:00:11 on port 011"

mg "$T/mgmt" "port/print 11"
id=$(sed -n 's/.*-- endpoint ID 0*\([0-9][0-9]*\) .*/\1/p' "$T/mg.out" | head -1)
[ -n "$id" ] || bail "no endpoint ID in port/print 11"
mg "$T/mgmt" "port/epclose 11 $id"
mg_has "1000 Success" || fail "port/epclose 11 $id: $(mg_results)"
wait_exit "$(pid_of B)" 2 || fail "evicted client still running"
[ "$RC" -eq 3 ] || fail "evicted client exit status $RC, want 3 (control connection closed)"
wait_socks "$SWDIR" 11 0 2 || fail "port 11 data socket still there after epclose"

stop_pid "$(pid_of P5)"
wait_socks "$SWDIR" 5 0 2 || fail "port 5 data socket still there"
mg "$T/mgmt" "port/print 5"
grep -q "Port 0005 .* ACTIVE" "$T/mg.out" && fail "port 5 still active after vde_plug died"
sw_alive || fail "switch died"
finish
