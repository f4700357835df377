#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# caps-endpoints.sh - --max-endpoints-per-uid 2 --max-endpoints 3: root's
# third endpoint and, once the switch holds 3, another user's second are
# refused at once with a logged reason; when root closes one endpoint it
# can attach again (the counters go down), and the admitted endpoints
# forward frames.
. "$(dirname "$0")/lib.sh"

need_root "a second user"
need_vdeclient
add_user
U=$NEWUSER
start_sw "$T/sw" -m 0666 --max-endpoints-per-uid 2 --max-endpoints 3

vc A "vde://${SWDIR}[1]" -w "$T/A.go" -g ffffffffffff,0200000000a1,60 &&
vc B "vde://${SWDIR}[2]" || bail "root's first two clients could not attach"
r=$("$VDECLIENT" -F -t 5 "vde://${SWDIR}[3]")
note "root's third endpoint: $r"
case $r in FAILED*) ;; *) fail "root's third endpoint (cap 2 per uid): $r" ;; esac
wait_log "too many endpoints for this user (2)" 2 || fail "per-uid cap refusal not logged"

vc_as "$U" C "vde://${SWDIR}[4]" -w "$T/C.go" -g 0200000000a1,0200000000c1,70 ||
	bail "the user's first client could not attach: $(cat "$T/C.err")"
r=$(as_user "$U" "$VDECLIENT" -F -t 5 "vde://${SWDIR}[5]")
note "fourth endpoint (cap 3 in all): $r"
case $r in FAILED*) ;; *) fail "fourth endpoint on a switch capped at 3: $r" ;; esac
wait_log "switch full (3 endpoints)" 2 || fail "global cap refusal not logged"

vc_stop B
wait_socks "$SWDIR" 2 0 2 || fail "port 2 socket still there"
vc D "vde://${SWDIR}[6]" -n 1 || fail "root could not attach again after closing one endpoint"
go A
wait_frames C 1 3
wait_frames D 1 3
go C
wait_frames A 1 3
sleep 0.2
expect_frames C 1 ffffffffffff 0200000000a1 "user's client (broadcast)"
expect_frames D 1 ffffffffffff 0200000000a1 "root's new client (broadcast)"
expect_frames A 1 0200000000a1 0200000000c1 "root's client (unicast from the user)"
sw_alive || fail "switch died"
finish
