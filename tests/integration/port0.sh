#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# port0.sh - vde://DIR[0] sends REQ_NEW_PORT0; root (the switch owner)
# gets port 0 (DIR/000.*), and port 0 forwards like any other port.
. "$(dirname "$0")/lib.sh"

need_root "port 0 is reserved to the switch owner (root here)"
need_vdeclient
start_sw "$T/sw"

vc Z "vde://${SWDIR}[0]" -w "$T/Z.go" -g ffffffffffff,020000000000,60 -n 1 ||
	bail "root could not attach to port 0"
[ "$(port_socks "$SWDIR" 0)" -eq 1 ] || fail "no data socket $SWDIR/000.*"
wait_log "port 0: endpoint" 2 || fail "attach on port 0 not logged"
vc C "vde://${SWDIR}[3]" -w "$T/C.go" -g 020000000000,020000000003,61 -n 1 ||
	bail "client on port 3 could not attach"
go Z
wait_frames C 1 3
go C
wait_frames Z 1 3
sleep 0.2
expect_frames C 1 ffffffffffff 020000000000 "port 3 (from port 0)"
expect_frames Z 1 020000000000 020000000003 "port 0 (from port 3)"
finish
