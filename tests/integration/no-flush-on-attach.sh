#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# no-flush-on-attach.sh ours|debian - spec 6.2: a port coming up or going
# down must flush only its own MAC entries.  A (port 1) is learned; a
# client then attaches to and leaves port 3 three times; B's unicast to A
# must still reach A only.  vde_switch 2.3.2 flushes the whole table on
# every attach, so the unicast is flooded to D: this test fails there.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw"

MA=02000000000a MB=02000000000b
vc A "vde://${SWDIR}[1]" -w "$T/A.go" -g ffffffffffff,$MA,60 &&
vc B "vde://${SWDIR}[2]" -w "$T/B.go" -g $MA,$MB,80 &&
vc D "vde://${SWDIR}[4]" || bail "a client could not attach"
go A
wait_frames B 1 3
wait_frames D 1 3
for k in 1 2 3; do
	vc "C$k" "vde://${SWDIR}[3]" || bail "client on port 3 could not attach"
	vc_stop "C$k"
	wait_socks "$SWDIR" 3 0 2 || fail "port 3 socket did not go"
done
go B
wait_frames A 1 3
sleep 0.3
expect_frames A 1 $MA $MB "A (unicast from B)"
expect_frames D 1 "" "" "D (must not see B's unicast to the learned A)"
finish
