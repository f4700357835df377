#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# slow-receiver.sh - a client that stops reading (SIGSTOP) must not stall
# the switch: while it is stopped, 3000 broadcasts (one per ms) still
# reach a reading client (at least 2900 of them), a new client can attach
# and forward; once resumed, the stopped client gets what its socket and
# the switch's per-endpoint queue held (about 800 here), and the switch
# goes on serving it.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw"

S=020000000001
vc R1 "vde://${SWDIR}[2]" -t 30 || bail "reader could not attach"
vc R2 "vde://${SWDIR}[3]" -t 30 || bail "slow client could not attach"
kill -STOP "$(pid_of R2)"
vc S "vde://${SWDIR}[1]" -t 30 -w "$T/S.go" -i 1 -g ffffffffffff,$S,100,3000 ||
	bail "sender could not attach"
go S
i=0
while [ "$(frames R1)" -lt 3000 ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.2
n1=$(frames R1)
note "reading client got $n1 of 3000"
[ "$n1" -ge 2900 ] || fail "reading client got only $n1 of 3000 broadcasts while another was stopped"
check_forwarding "$SWDIR" "while a client is stopped"
kill -CONT "$(pid_of R2)"
sleep 0.5
n2=$(frames R2)
note "stopped client got $n2 after resuming"
[ "$n2" -ge 1 ] || fail "resumed client got nothing"
[ "$n2" -le 3002 ] || fail "resumed client got $n2 frames, more than were sent"
vc_stop R2
vc R3 "vde://${SWDIR}[3]" -n 1 -w "$T/R3.go" -g ffffffffffff,020000000003,60 ||
	fail "port 3 could not be reused"
sw_alive || fail "switch died"
finish
