#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fault-kill-plug.sh - kill -9 of the vde-plug cable joining two switches
# under traffic, and the recovery (SECURITY.md, "Faults").
#
# "vde-plug cable A[1] B[1]" joins two of our switches; vdeload echo sits
# on B port 2, vdeload ping on A port 2 runs across the cable.  Then the
# cable is killed with SIGKILL mid-traffic.  Checks and figures:
#   - both switches stay up and free the cable's port (its endpoint
#     detached) within 3 s; the time is printed;
#   - a new cable is started: the time from its start to the first
#     ping run across it with no loss is printed (must be under 10 s);
#   - nothing else is disturbed: echo and ping clients stay attached.
# kill -9 of vde-privd's children and their restart: privd-restart.sh.
. "$(dirname "$0")/lib.sh"

need_switchd
[ -n "${VDELOAD:-}" ] && [ -x "$VDELOAD" ] ||
	skip "vdeload not built (libvdeplug-dev missing)"
A=02:00:00:ee:00:01
B=02:00:00:ee:00:02

start_sw "$T/swa"
SWA=$SWDIR
PA=$SWPID
start_sw "$T/swb"
SWB=$SWDIR

cable() {
	"$VDEPLUG" -D cable "vde://${SWA}[1]" "vde://${SWB}[1]" </dev/null \
		>"$T/cable.out" 2>"$T/cable.err" &
	CPID=$!
	rec_pid $CPID
}

# ping_ok: one short run of 20 pings A:2 -> B:2 -> A:2 without loss
ping_ok() {
	"$VDELOAD" ping -s "vde://${SWA}[2]" -S "$B" -D "$A" -n 20 \
		>"$T/p.out" 2>&1 && grep -q " lost=0" "$T/p.out"
}

"$VDELOAD" echo -s "vde://${SWB}[2]" -S "$A" -H 600 -R "$T/echo.ready" \
	>"$T/echo.out" 2>&1 &
ECHO=$!
rec_pid $ECHO
wait_file "$T/echo.ready" 5 || bail "echo client did not start: $(cat "$T/echo.out")"
cable
wait_socks "$SWA" 1 1 3 && wait_socks "$SWB" 1 1 3 ||
	bail "the cable did not attach to both switches: $(cat "$T/cable.err")"
ping_ok || bail "no forwarding across the cable: $(cat "$T/p.out")"

# traffic across the cable while it is killed
"$VDELOAD" ping -s "vde://${SWA}[2]" -S "$B" -D "$A" -n 100000000 \
	-R "$T/ping.ready" >"$T/ping.out" 2>&1 &
PING=$!
rec_pid $PING
wait_file "$T/ping.ready" 5 || bail "ping client did not start"
sleep 0.5
t0=$(now_ms)
kill -KILL "$CPID"
wait_exit "$CPID" 3
wait_socks "$SWA" 1 0 3 && wait_socks "$SWB" 1 0 3 ||
	fail "the killed cable's port still has an endpoint after 3 s"
t1=$(now_ms)
note "cable killed: both switches freed its port after $((t1 - t0)) ms"
alive "$PA" && sw_alive || bail "a switch died with the cable"
alive "$PING" || fail "the ping client died with the cable"
stop_pid "$PING"

t0=$(now_ms)
cable
_i=0
until ping_ok; do
	[ $_i -ge 100 ] && { fail "no forwarding 10 s after the new cable: $(cat "$T/p.out")"; break; }
	sleep 0.1
	_i=$((_i + 1))
done
t1=$(now_ms)
note "new cable: forwarding across it again after $((t1 - t0)) ms"
alive "$ECHO" || fail "the echo client on B died"
alive "$PA" && sw_alive || fail "a switch died"
finish
