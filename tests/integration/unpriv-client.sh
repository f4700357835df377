#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# unpriv-client.sh - a switch started by root (running as nobody) with
# -m 0666; an unprivileged user attaches with default libvdeplug settings
# (Debian's vde_plug on port 5, vdeclient on port 6) and exchanges frames
# both ways with a root client on port 7.  The user cannot take root's
# port 7 nor port 0.
. "$(dirname "$0")/lib.sh"

need_root "a second user"
need_cmd vde_plug
need_vdeclient
add_user
U=$NEWUSER
UID_U=$(id -u "$U")
start_sw "$T/sw" -m 0666

MR=020000000007 MU=020000000006 MP=020000000005
plug_as "$U" P "vde://${SWDIR}[5]"
wait_socks "$SWDIR" 5 1 3 || bail "the user's vde_plug did not attach: $(cat "$T/P.err")"
wait_log "port 5: endpoint" 1 && wait_log "(uid $UID_U pid $(pid_of P))" 1 ||
	fail "vde_plug not logged with the user's uid $UID_U"
vc_as "$U" V "vde://${SWDIR}[6]" -w "$T/V.go" -g $MR,$MU,70 ||
	bail "the user's vdeclient did not attach: $(cat "$T/V.err")"
wait_log "(uid $UID_U pid $(pid_of V))" 1 ||
	fail "vdeclient not logged with the user's uid $UID_U"
vc R "vde://${SWDIR}[7]" -w "$T/R.go" -g ffffffffffff,$MR,60 ||
	bail "root's client did not attach"

go R
wait_frames V 1 3
i=0
while [ "$(lens "$T/P.out")" != 60 ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
expect_frames V 1 ffffffffffff $MR "user's vdeclient (from root)"
[ "$(lens "$T/P.out")" = 60 ] || fail "user's vde_plug did not get root's broadcast"
go V
framen $MR $MP 80 >"$T/P.in"
wait_frames R 2 3
sleep 0.2
expect_frames R 1 $MR $MU "root's client (from the user's vdeclient)"
expect_frames R 1 $MR $MP "root's client (from the user's vde_plug)"

r=$(as_user "$U" "$VDECLIENT" -F -t 5 "vde://${SWDIR}[7]")
case $r in FAILED*) ;; *) fail "user took root's port 7: $r" ;; esac
wait_log "port 7: port in use by another user" 2 || fail "refusal of port 7 not logged"
r=$(as_user "$U" "$VDECLIENT" -F -t 5 "vde://${SWDIR}[0]")
case $r in FAILED*) ;; *) fail "user got port 0: $r" ;; esac
wait_log "port 0 is reserved to the switch owner" 2 || fail "refusal of port 0 not logged"
sw_alive || fail "switch died"
finish
