#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# attach-vdeplug.sh ours|debian - Debian's vde_plug (vdeplug4) attaches on
# a requested port: its data socket DIR/005.* appears, frames flow both
# ways between it and a vdeclient, and when vde_plug is killed the socket
# disappears.  "debian" runs the same case against Debian's vde_switch.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_cmd vde_plug
need_vdeclient
start_impl "$IMPL" "$T/sw"

plug P5 "vde://${SWDIR}[5]" -D itest-plug
wait_socks "$SWDIR" 5 1 3 || bail "vde_plug got no data socket $SWDIR/005.*"
P5=$(pid_of P5)
if [ "$IMPL" = ours ]; then
	wait_log "attached (uid $(id -u) pid $P5) \"itest-plug user=" 2 ||
		fail "no attach log line for vde_plug pid $P5 on port 5"
	log_has "port 5: endpoint" || fail "attach not logged as port 5"
fi

# client -> plug: a 60-byte broadcast; plug -> client: an 80-byte unicast
vc S "vde://${SWDIR}[6]" -w "$T/S.go" -g ffffffffffff,020000000006,60 ||
	bail "vdeclient could not attach"
go S
i=0
while [ "$(lens "$T/P5.out")" != 60 ] && [ $i -lt 60 ]; do
	sleep 0.05
	i=$((i + 1))
done
want="003c$(gen ffffffffffff 020000000006 60)"
got=$(od -An -v -tx1 "$T/P5.out" | tr -d ' \n')
[ "$got" = "$want" ] || fail "vde_plug output: want $want, got '$got'"

framen 020000000006 020000000005 80 >"$T/P5.in"
wait_frames S 1 3
expect_frames S 1 020000000006 020000000005 "vdeclient (from vde_plug)"
rec=$(awk 'NR == 1 { print $1 }' "$T/S.out")
[ "${rec:-0}" -eq 80 ] || fail "vdeclient got a ${rec:-no} byte frame, want 80"

# teardown: kill vde_plug, its socket goes, the client is unaffected
stop_pid "$P5"
wait_socks "$SWDIR" 5 0 2 || fail "$SWDIR/005.* still there after vde_plug died"
if [ "$IMPL" = ours ]; then
	wait_log "port 5: endpoint" 1 &&
	wait_log "detached: control stream closed" 2 ||
		fail "no detach log line"
fi
[ "$(port_socks "$SWDIR" 6)" -eq 1 ] || fail "port 6 socket vanished too"
sw_alive || fail "switch died"
finish
