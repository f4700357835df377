#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# two-endpoints.sh ours|debian - spec 6.6: two endpoints E1, E2 of one
# user on port 5 both receive what is sent to the port; what E1 sends
# leaves the port (F on port 6 gets it) but is not echoed to E2; after E1
# is killed, port 5 keeps working through E2.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw"

ME=020000000005 MF=020000000006
vc E1 "vde://${SWDIR}[5]" -w "$T/E1.go" -g ffffffffffff,$ME,60 &&
vc E2 "vde://${SWDIR}[5]" &&
vc F "vde://${SWDIR}[6]" -w "$T/F1.go" -g ffffffffffff,$MF,60 \
	-w "$T/F2.go" -g $ME,$MF,70 || bail "a client could not attach"
[ "$(port_socks "$SWDIR" 5)" -eq 2 ] || fail "port 5 has $(port_socks "$SWDIR" 5) data sockets, want 2"

go F1
wait_frames E1 1 3
wait_frames E2 1 3
go E1
wait_frames F 1 3
sleep 0.3
expect_frames E1 1 ffffffffffff $MF "E1 (broadcast from F)"
expect_frames E2 1 ffffffffffff $MF "E2 (broadcast from F; own port's frame not echoed)"
expect_frames F 1 ffffffffffff $ME "F (broadcast from port 5)"

stop_pid "$(pid_of E1)" KILL
wait_socks "$SWDIR" 5 1 2 || fail "port 5 has $(port_socks "$SWDIR" 5) data sockets after E1 died, want 1"
go F2
wait_frames E2 2 3
sleep 0.2
expect_frames E2 1 $ME $MF "E2 (unicast to the port after E1 left)"
sw_alive || fail "switch died"
finish
