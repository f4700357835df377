#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# load-attach.sh - clients attach and detach in a loop while two ports
# carry traffic (SECURITY.md, "Load").
#
# For LOAD_SECONDS (default 30; at least 5 rounds): rounds of 4 parallel
# vdeload processes each attaching 50 clients (200 attached at once) and
# closing them.  Meanwhile vdeload ping on port 2 sends to vdeload echo on
# port 1, one frame at a time, and counts frames not answered within 1 s.
# Checks:
#   - every attach answered (each vdeload: attached=50; the switch's
#     ep_attached counter grew by as many; ctl_refused stays 0);
#   - no descriptor leak (/proc/PID/fd of the switch: the same count
#     before the storm and after it, with the same client attached);
#   - memory flat: VmRSS after the first round, mid-way and at the end;
#     growth from the first to the last sample at most RSS_SLACK_KB
#     (2048; not checked in sanitizer builds, whose allocator keeps freed
#     memory in quarantine: the samples are printed);
#   - forwarding unaffected: ping loss 0 over the whole storm.
. "$(dirname "$0")/lib.sh"

need_root "reads /proc/PID/fd of a switch that is not dumpable"
need_switchd
[ -n "${VDELOAD:-}" ] && [ -x "$VDELOAD" ] ||
	skip "vdeload not built (libvdeplug-dev missing)"
SECS=${LOAD_SECONDS:-30}
PER=50			# clients per vdeload process
WORKERS=4		# vdeload processes per round
ROUNDS_MIN=5
RSS_SLACK_KB=2048
A=02:00:00:aa:00:01
B=02:00:00:aa:00:02

sanitized=0
grep -qaE '__asan_init|AddressSanitizer' "$SWITCHD" && sanitized=1

rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$SWPID/status"; }
nfd() { ls "/proc/$SWPID/fd" | wc -l; }
counter() { tr " " "\n" <"$T/mg.out" | sed -n "s/^$1=\([0-9]*\)$/\1/p" | head -1; }

start_sw "$T/sw" -n 256 -M "$T/mgmt"
"$VDELOAD" echo -s "vde://${SWDIR}[1]" -S "$A" -H $((SECS + 120)) \
	-R "$T/echo.ready" >"$T/echo.out" 2>&1 &
rec_pid $!
wait_file "$T/echo.ready" 5 || bail "echo client did not start: $(cat "$T/echo.out")"
sleep 0.2
fd0=$(nfd)
mg "$T/mgmt" counters || bail "console: $MG"
att0=$(counter ep_attached)

# the forwarding probe, until $T/stop exists
(
	while [ ! -e "$T/stop" ]; do
		"$VDELOAD" ping -s "vde://${SWDIR}[2]" -S "$B" -D "$A" -n 2000 \
			>>"$T/ping.out" 2>&1 || echo "ping-exit=$?" >>"$T/ping.out"
	done
) &
ping_loop=$!
rec_pid $ping_loop

t0=$(date +%s)
round=0
want=0
got=0
bad=0
rss_first=""
rss_mid=""
while [ $(($(date +%s) - t0)) -lt "$SECS" ] || [ $round -lt $ROUNDS_MIN ]; do
	round=$((round + 1))
	pids=""
	w=0
	while [ $w -lt $WORKERS ]; do
		w=$((w + 1))
		"$VDELOAD" attach -s "vde://$SWDIR" -k $PER \
			>"$T/att.$w" 2>&1 &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086 # a list of pids
	for p in $pids; do
		wait "$p" || bad=$((bad + 1))
	done
	want=$((want + WORKERS * PER))
	for f in "$T"/att.*; do
		n=$(sed -n 's/.* attached=\([0-9]*\).*/\1/p' "$f")
		got=$((got + ${n:-0}))
		[ "${n:-0}" -eq $PER ] || note "round $round: $(cat "$f")"
	done
	[ -n "$rss_first" ] || rss_first=$(rss_kb)
	if [ -z "$rss_mid" ] && [ $(($(date +%s) - t0)) -ge $((SECS / 2)) ]; then
		rss_mid=$(rss_kb)
	fi
	sw_alive || bail "switch died in round $round"
done
elapsed=$(($(date +%s) - t0))
touch "$T/stop"
wait "$ping_loop"
unrec_pid "$ping_loop"
sleep 0.5		# detaches of the last round reach the switch
fd1=$(nfd)
rss_end=$(rss_kb)
mg "$T/mgmt" counters || fail "console: $MG"
att1=$(counter ep_attached)
refused=$(counter ctl_refused)
eps=$(counter endpoints)

note "$round rounds in ${elapsed}s: $got of $want attaches answered" \
     "($((got / (elapsed > 0 ? elapsed : 1))) attach+detach/s)"
[ "$got" -eq "$want" ] || fail "only $got of $want attaches answered"
[ "$bad" -eq 0 ] || fail "$bad vdeload attach runs failed"
# every ping run attaches one more endpoint: at least $want from ours
[ $((att1 - att0)) -ge "$want" ] ||
	fail "switch counted $((att1 - att0)) attaches, want >= $want"
[ "${refused:-1}" -eq 0 ] || fail "switch refused $refused control connections"
[ "${eps:-0}" -eq 1 ] || fail "$eps endpoints left, want 1 (echo)"
note "descriptors: $fd0 before, $fd1 after"
[ "$fd0" -eq "$fd1" ] || fail "descriptor leak: $fd0 before, $fd1 after"

ping_totals "the storm"

note "VmRSS: ${rss_first} kB after round 1, ${rss_mid:-?} kB mid-way," \
     "${rss_end} kB at the end"
if [ "$sanitized" -eq 1 ]; then
	note "sanitizer build: RSS growth not checked (quarantine)"
elif [ $((rss_end - rss_first)) -gt $RSS_SLACK_KB ]; then
	fail "RSS grew by $((rss_end - rss_first)) kB (> $RSS_SLACK_KB)"
fi
sw_alive || fail "switch died"
finish
