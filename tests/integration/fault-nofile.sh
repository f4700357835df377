#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fault-nofile.sh - descriptor exhaustion (SECURITY.md, "Faults").
#
# The switch runs under RLIMIT_NOFILE 128 (prlimit): it caps itself at
# (128 - 64) / 2 = 32 endpoints and says so.  With vdeload echo on port 1
# and a vdeload ping loop on port 2 running:
#   1. 60 more clients try to attach: the ones over the cap are refused
#      with "switch full" in the log, the switch keeps running;
#   2. 150 idle control connections (flood.py, one user allowed 256
#      pending) exhaust the descriptors: the switch closes what it cannot
#      accept ("out of descriptors") and keeps forwarding: one vdeload
#      ping, attached before all this and stopped with SIGTERM after the
#      flood, loses nothing;
#   3. the same flood again, without traffic: the switch does not spin
#      (under 1 s of CPU in its 2 s), and a new client attaches again
#      within 10 s of its end.
. "$(dirname "$0")/lib.sh"

need_root "limits and reads the resources of a switch run as nobody"
need_switchd
need_cmd prlimit
[ -n "${VDELOAD:-}" ] && [ -x "$VDELOAD" ] ||
	skip "vdeload not built (libvdeplug-dev missing)"
A=02:00:00:cc:00:01
B=02:00:00:cc:00:02

# utime + stime of the switch, in clock ticks
cpu_ticks() { sed 's/.*) //' "/proc/$SWPID/stat" | awk '{ print $12 + $13 }'; }

SW_PREFIX="prlimit --nofile=128:128" start_sw "$T/sw" -n 100 \
	--max-pending-per-uid 256
log_has "descriptor limit 128: at most 32 endpoints" ||
	fail "no warning about the descriptor limit: $(head -3 "$SWLOG")"
vdeload_echo "$A"
# one frame at a time, each answered within 1 s or counted lost; far more
# than it can send before it is stopped ("pings" counts those after its
# warm-up tenth, "lost" all)
"$VDELOAD" ping -s "vde://${SWDIR}[2]" -S "$B" -D "$A" -n 100000000 \
	-R "$T/ping.ready" >"$T/ping.out" 2>&1 &
ping=$!
rec_pid $ping
wait_file "$T/ping.ready" 5 || bail "ping client did not start: $(cat "$T/ping.out")"

# 1. over the endpoint cap
"$VDELOAD" attach -s "vde://$SWDIR" -k 60 -H 3 -R "$T/att.ready" \
	>"$T/att.out" 2>&1 &
att=$!
rec_pid $att
wait_file "$T/att.ready" 10 || fail "attach run never got ready: $(cat "$T/att.out")"
n=$(sed -n 's/.* attached=\([0-9]*\).*/\1/p' "$T/att.out")
note "over the cap: ${n:-?} of 60 attached; client saw: $(grep -m1 vde_open "$T/att.out")"
[ -n "$n" ] && [ "$n" -lt 60 ] && [ "$n" -ge 28 ] ||
	fail "want 28..31 of 60 attached under a 32-endpoint cap, got ${n:-none}"
log_has "switch full (32 endpoints)" || fail "no 'switch full' refusal logged"
sw_alive || bail "switch died over the endpoint cap"
wait_exit "$att" 10

# 2. out of descriptors, under traffic
"$PY" "$HERE/flood.py" "$SWDIR/ctl" 150 2 >"$T/flood.out" 2>&1 &
fl=$!
rec_pid $fl
wait_exit "$fl" 20 || fail "flood.py did not end"
note "idle flood: $(cat "$T/flood.out")"
sw_alive || bail "switch died out of descriptors"
log_has "out of descriptors" || fail "no 'out of descriptors' refusal logged"
alive "$ping" || fail "the ping client ended before the flood did"
stop_pid "$ping"
pings=$(sed -n 's/.* pings=\([0-9]*\).*/\1/p' "$T/ping.out")
lost=$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' "$T/ping.out")
note "forwarding port 2 -> 1 -> 2 throughout: $lost lost ($pings after warm-up)"
grep -q "^mode=ping" "$T/ping.out" || fail "ping: $(tail -3 "$T/ping.out")"
[ "${lost:-1}" -eq 0 ] || fail "${lost:-?} pings lost"

# 3. the same without traffic: CPU, then recovery
sleep 5.5		# the handshake timeout closes what the flood left
c0=$(cpu_ticks)
"$PY" "$HERE/flood.py" "$SWDIR/ctl" 150 2 >"$T/flood2.out" 2>&1 &
fl=$!
rec_pid $fl
wait_exit "$fl" 20 || fail "flood.py did not end"
c1=$(cpu_ticks)
note "idle flood again: $(cat "$T/flood2.out"); switch CPU $((c1 - c0)) ticks"
[ $((c1 - c0)) -lt "$(getconf CLK_TCK)" ] ||
	fail "switch used $((c1 - c0)) ticks in the 2 s flood: spinning?"
_i=0
until "$VDELOAD" attach -s "vde://$SWDIR" -k 1 >"$T/after.out" 2>&1; do
	[ $_i -ge 20 ] && { fail "no attach 10 s after the flood: $(cat "$T/after.out")"; break; }
	sleep 0.5
	_i=$((_i + 1))
done
note "attach after the flood: after $((_i * 500)) ms"
sw_alive || fail "switch died"
finish
