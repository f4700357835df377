#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fault-junk.sh - malformed frames as fast as one client can send them
# (SECURITY.md, "Faults").
#
# floodgen junk sends JUNK_FRAMES (default 1000000) datagrams of 0..1600
# random bytes into port 4's data socket (runts, empty datagrams, random
# tags, multicast sources, garbage everywhere) while vdeload ping on
# port 2 sends to vdeload echo on port 1.  Checks:
#   - the switch stays up and every datagram is accounted for on port 4:
#     rx_frames + rx_drop_short + rx_empty + rx_drop_trunc +
#     rx_drop_nobuf = datagrams sent (port/counters 4);
#   - runts were counted as drops (rx_drop_short > 0, rx_empty > 0);
#   - the ping, attached before and stopped after, lost nothing.
. "$(dirname "$0")/lib.sh"

need_switchd
[ -n "${VDELOAD:-}" ] && [ -x "$VDELOAD" ] ||
	skip "vdeload not built (libvdeplug-dev missing)"
[ -n "${FLOODGEN:-}" ] && [ -x "$FLOODGEN" ] ||
	skip "floodgen not built (libvdeplug-dev missing)"
FRAMES=${JUNK_FRAMES:-1000000}
A=02:00:00:dd:00:01
B=02:00:00:dd:00:02

counter() { tr " " "\n" <"$T/mg.out" | sed -n "s/^$1=\([0-9]*\)$/\1/p" | head -1; }

start_sw "$T/sw" -M "$T/mgmt"
vdeload_echo "$A"
"$VDELOAD" ping -s "vde://${SWDIR}[2]" -S "$B" -D "$A" -n 100000000 \
	-R "$T/ping.ready" >"$T/ping.out" 2>&1 &
ping=$!
rec_pid $ping
wait_file "$T/ping.ready" 5 || bail "ping client did not start: $(cat "$T/ping.out")"

FLOODGEN_HOLD=600 "$FLOODGEN" junk "vde://${SWDIR}[4]" "$FRAMES" \
	>"$T/junk.out" 2>&1 &
junk=$!
rec_pid $junk
_i=0
until grep -q "^mode=junk" "$T/junk.out"; do
	alive "$junk" || break
	[ $_i -ge 1200 ] && bail "$FRAMES datagrams not sent in 120 s"
	sleep 0.1
	_i=$((_i + 1))
done
note "$(cat "$T/junk.out")"
sw_alive || bail "switch died under malformed frames"
sent=$(sed -n 's/.* sent=\([0-9]*\).*/\1/p' "$T/junk.out")
[ "${sent:-0}" -eq "$FRAMES" ] || fail "floodgen sent ${sent:-0} of $FRAMES"
sleep 0.3		# the switch drains its socket
mg "$T/mgmt" "port/counters 4" || fail "console: $MG"
rx=$(counter rx_frames)
short=$(counter rx_drop_short)
empty=$(counter rx_empty)
trunc=$(counter rx_drop_trunc)
nobuf=$(counter rx_drop_nobuf)
note "port 4: rx_frames=$rx rx_drop_short=$short rx_empty=$empty" \
     "rx_drop_trunc=$trunc rx_drop_nobuf=$nobuf"
[ $((rx + short + empty + trunc + nobuf)) -eq "${sent:-0}" ] ||
	fail "$((rx + short + empty + trunc + nobuf)) datagrams accounted for, $sent sent"
[ "${short:-0}" -gt 0 ] && [ "${empty:-0}" -gt 0 ] ||
	fail "runts and empty datagrams not counted as drops"

alive "$ping" || fail "the ping client ended before the flood did"
stop_pid "$ping"
lost=$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' "$T/ping.out")
pings=$(sed -n 's/.* pings=\([0-9]*\).*/\1/p' "$T/ping.out")
note "forwarding port 2 -> 1 -> 2 during the junk: ${lost:-?} lost" \
     "(${pings:-?} after warm-up)"
grep -q "^mode=ping" "$T/ping.out" || fail "ping: $(tail -3 "$T/ping.out")"
[ "${lost:-1}" -eq 0 ] || fail "${lost:-?} pings lost"
sw_alive || fail "switch died"
finish
