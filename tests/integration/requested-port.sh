#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# requested-port.sh - port selection with -n 4: a client asking for port 4
# gets port 4 (DIR/004.*), clients asking for any port get the lowest free
# ones (1, 2, 3), the next "any" request and a request for port 5 are
# refused at once, and the clients on the chosen ports exchange frames.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw" -n 4

vc P4 "vde://${SWDIR}[4]" -w "$T/P4.go" -g ffffffffffff,020000000004,60 ||
	bail "client asking for port 4 could not attach"
[ "$(port_socks "$SWDIR" 4)" -eq 1 ] || fail "no data socket for port 4"
wait_log "port 4: endpoint" 2 || fail "attach on port 4 not logged"
for n in 1 2 3; do
	vc "A$n" "vde://$SWDIR" || bail "client $n asking for any port failed"
	[ "$(port_socks "$SWDIR" $n)" -eq 1 ] ||
		fail "client $n asking for any port did not get port $n"
done
r=$("$VDECLIENT" -F -t 5 "vde://$SWDIR")
note "fifth client (any port): $r"
case $r in FAILED*) ;; *) fail "fifth client on a full switch: $r" ;; esac
wait_log "no free port" 2 || fail "no 'no free port' refusal logged"
r=$("$VDECLIENT" -F -t 5 "vde://${SWDIR}[5]")
note "client asking for port 5 of 4: $r"
case $r in FAILED*) ;; *) fail "port 5 with -n 4: $r" ;; esac
wait_log "port 5: no such port" 2 || fail "no 'no such port' refusal logged"

# frames: port 4 broadcasts, ports 1-3 receive it
go P4
for n in 1 2 3; do wait_frames "A$n" 1 3; done
sleep 0.2
for n in 1 2 3; do
	expect_frames "A$n" 1 ffffffffffff 020000000004 "client on port $n"
done
expect_frames P4 0 "" "" "sender on port 4"
sw_alive || fail "switch died"
finish
