#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# teardown-kill.sh ours|debian - a client on port 4 is killed (SIGKILL):
# DIR/004.* disappears within a second, the clients on ports 3 and 5 still
# exchange frames, and a new client can take port 4 again.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw"

M3=020000000003 M5=020000000005
vc C3 "vde://${SWDIR}[3]" -w "$T/C3.go" -g ffffffffffff,$M3,60 \
	-w "$T/C3b.go" -g ffffffffffff,$M3,66 &&
vc C4 "vde://${SWDIR}[4]" &&
vc C5 "vde://${SWDIR}[5]" -w "$T/C5.go" -g $M3,$M5,60 ||
	bail "a client could not attach"
[ "$(port_socks "$SWDIR" 4)" -eq 1 ] || bail "no data socket for port 4"

stop_pid "$(pid_of C4)" KILL
wait_socks "$SWDIR" 4 0 1 || fail "$SWDIR/004.* still there 1 s after the client died"
if [ "$IMPL" = ours ]; then
	wait_log "port 4: endpoint" 1 && wait_log "detached" 1 ||
		fail "detach of port 4 not logged"
fi
go C3
wait_frames C5 1 3
go C5
wait_frames C3 1 3
sleep 0.2
expect_frames C5 1 ffffffffffff $M3 "port 5 (broadcast from 3)"
expect_frames C3 1 $M3 $M5 "port 3 (unicast from 5)"

vc N4 "vde://${SWDIR}[4]" || fail "a new client could not take port 4"
go C3b
wait_frames N4 1 3
expect_frames N4 1 ffffffffffff $M3 "new client on port 4"
sw_alive || fail "switch died"
finish
