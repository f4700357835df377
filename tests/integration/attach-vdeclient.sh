#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# attach-vdeclient.sh - a libvdeplug client (vdeclient) attaches without a
# port number and gets port 1 with a data socket DIR/001.*; its description
# is logged without the control characters it contained; frames flow both
# ways with a second client; as root, a client that sets mode 0000 on its
# return socket (as 86Box and simh do) works as well; the socket goes when
# the client closes.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw"

nl='
'
descr="evil${nl}vde-switchd: forged line"
"$VDECLIENT" -D "$descr" -R "$T/A.ready" -t 20 -x -n 1 \
	-w "$T/A.go" -g ffffffffffff,0200000000aa,64 "vde://$SWDIR" \
	>"$T/A.out" 2>"$T/A.err" &
PID_A=$!
rec_pid $PID_A
wait_file "$T/A.ready" 5 || bail "vdeclient could not attach: $(cat "$T/A.err")"
[ "$(port_socks "$SWDIR" 1)" -eq 1 ] || fail "no data socket $SWDIR/001.*"
wait_log "port 1: endpoint" 2 || fail "attach on port 1 not logged"
log_has "pid $PID_A)" || fail "attach log line lacks pid $PID_A"
if grep -q '^vde-switchd: forged line' "$SWLOG"; then
	fail "description with a newline forged a log line"
fi
grep -q "attached (uid $(id -u) pid $PID_A) \"evil.*forged line" "$SWLOG" ||
	fail "description not logged (sanitised) on the attach line"

vc B "vde://$SWDIR" -w "$T/B.go" -g 0200000000aa,0200000000bb,70 -n 1 ||
	bail "second vdeclient could not attach"
[ "$(port_socks "$SWDIR" 2)" -eq 1 ] || fail "second client not on port 2"
# mode 0000 return sockets need a switch started by root (spec 2.6)
M0=0
if [ "$(id -u)" -eq 0 ]; then
	M0=1
	vc M0 "vde://$SWDIR" -m 0 -n 1 ||
		fail "client with a mode 0000 return socket could not attach"
fi
go A
wait_frames B 1 3
go B
wait_frames A 1 3
sleep 0.2
expect_frames B 1 ffffffffffff 0200000000aa "client on port 2"
expect_frames A 1 0200000000aa 0200000000bb "client on port 1"
[ $M0 -eq 0 ] || expect_frames M0 1 ffffffffffff 0200000000aa "mode 0000 client on port 3"

wait_exit "$PID_A" 3 || fail "client A did not end after its frame"
[ "$RC" -eq 0 ] || fail "client A exit status $RC"
wait_socks "$SWDIR" 1 0 2 || fail "$SWDIR/001.* still there after the client closed"
wait_log "port 1: endpoint" 1 && wait_log "detached" 2 ||
	fail "detach of port 1 not logged"
finish
