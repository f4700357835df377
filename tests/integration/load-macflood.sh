#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# load-macflood.sh - a MAC table flood from one port (SECURITY.md, "Load").
#
# floodgen on port 4 sends FLOOD_FRAMES (default 500000; millions for a
# manual run) frames, each from a new random source MAC, to the MAC a
# non-reading client announced on port 3, while vdeload ping on port 2
# sends to vdeload echo on port 1.  Checks:
#   - the table stays within its caps: entries <= --fdb-max, and at most
#     --fdb-port-max entries from the flooding port (hash/counters), and
#     the cap was really reached (overflow_port or evicted > 0);
#   - the other ports' entries survive (hash/find of the sink's MAC) and
#     their forwarding is unaffected (ping loss 0 during the flood);
#   - memory flat: VmRSS after a warm-up flood of FRAMES/5 (which fills
#     the table and touches the frame pool once), during the main flood
#     and after it; growth at most RSS_SLACK_KB (1024; printed only in
#     sanitizer builds).
. "$(dirname "$0")/lib.sh"

need_root "reads /proc/PID/status of a switch that is not dumpable"
need_switchd
[ -n "${VDELOAD:-}" ] && [ -x "$VDELOAD" ] ||
	skip "vdeload not built (libvdeplug-dev missing)"
[ -n "${FLOODGEN:-}" ] && [ -x "$FLOODGEN" ] ||
	skip "floodgen not built (libvdeplug-dev missing)"
FRAMES=${FLOOD_FRAMES:-500000}
FDB_MAX=4096
PORT_MAX=1024
RSS_SLACK_KB=1024
A=02:00:00:bb:00:01
B=02:00:00:bb:00:02
SINK=02:00:01:00:00:00		# vdeload attach --announce, client 0

sanitized=0
grep -qaE '__asan_init|AddressSanitizer' "$SWITCHD" && sanitized=1
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$SWPID/status"; }
counter() { tr " " "\n" <"$T/mg.out" | sed -n "s/^$1=\([0-9]*\)$/\1/p" | head -1; }

start_sw "$T/sw" -M "$T/mgmt" --fdb-max $FDB_MAX --fdb-port-max $PORT_MAX
vdeload_echo "$A"
"$VDELOAD" attach -s "vde://${SWDIR}[3]" -k 1 --announce --no-read -H 600 \
	-R "$T/sink.ready" >"$T/sink.out" 2>&1 &
rec_pid $!
wait_file "$T/sink.ready" 5 || bail "sink client did not start: $(cat "$T/sink.out")"
sleep 0.3
mg "$T/mgmt" "hash/find $SINK" || bail "console: $MG"
mg_has "to port: 003" || bail "sink MAC not learned on port 3: $MG"
"$FLOODGEN" mac "vde://${SWDIR}[4]" $((FRAMES / 5)) "$SINK" >"$T/warm.out" 2>&1 ||
	bail "warm-up flood: $(cat "$T/warm.out")"
sleep 0.2
rss0=$(rss_kb)

(
	while [ ! -e "$T/stop" ]; do
		"$VDELOAD" ping -s "vde://${SWDIR}[2]" -S "$B" -D "$A" -n 2000 \
			>>"$T/ping.out" 2>&1 || echo "ping-exit=$?" >>"$T/ping.out"
	done
) &
ping_loop=$!
rec_pid $ping_loop

# floodgen stays attached once done (FLOODGEN_HOLD): its port's entries
# are flushed when it leaves, and they are what this test counts
FLOODGEN_HOLD=600 "$FLOODGEN" mac "vde://${SWDIR}[4]" "$FRAMES" "$SINK" \
	>"$T/flood.out" 2>&1 &
flood=$!
rec_pid $flood
rss_mid=""
_i=0
until grep -q "^mode=mac" "$T/flood.out"; do
	alive "$flood" || break
	[ $_i -eq 2 ] && rss_mid=$(rss_kb)
	[ $_i -ge 1200 ] && bail "flood of $FRAMES frames not done in 120 s"
	sleep 0.1
	_i=$((_i + 1))
done
touch "$T/stop"
wait "$ping_loop"
unrec_pid "$ping_loop"
rss1=$(rss_kb)
note "$(cat "$T/flood.out")"
grep -q "sent=$FRAMES failed=0 " "$T/flood.out" || fail "not every frame was sent"

mg "$T/mgmt" hash/counters || fail "console: $MG"
entries=$(counter entries)
ovp=$(counter overflow_port)
evicted=$(counter evicted)
note "table: entries=$entries (caps $FDB_MAX, $PORT_MAX per port)" \
     "overflow_port=$ovp evicted=$evicted"
[ "${entries:-999999}" -le $FDB_MAX ] || fail "$entries entries > --fdb-max $FDB_MAX"
[ "${entries:-999999}" -le $((PORT_MAX + 3)) ] ||
	fail "$entries entries: more than $PORT_MAX from the flooding port"
[ $((${ovp:-0} + ${evicted:-0})) -gt 0 ] ||
	fail "the per-port cap was never reached (overflow_port, evicted 0)"
mg "$T/mgmt" "hash/find $SINK" || fail "console: $MG"
mg_has "to port: 003" || fail "sink's entry lost in the flood: $MG"

ping_totals "the flood"

note "VmRSS: $rss0 kB before, ${rss_mid:-?} kB during, $rss1 kB after the flood"
if [ "$sanitized" -eq 1 ]; then
	note "sanitizer build: RSS growth not checked (quarantine)"
elif [ $((rss1 - rss0)) -gt $RSS_SLACK_KB ]; then
	fail "RSS grew by $((rss1 - rss0)) kB (> $RSS_SLACK_KB)"
fi
sw_alive || fail "switch died"
finish
