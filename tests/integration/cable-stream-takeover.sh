#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-stream-takeover.sh - a TCP connection proves nothing: with
# --stream --listen, connections that never authenticate must not take
# the stream away from the peer (review finding 4).
#  1. A --stream --listen, B --stream --connect; the cable is up.
#  2. An attacker in B's namespace (B's own IP) and one in A's connect
#     to A's port every 0.3 s for 12 s, send nothing and hold on: pings
#     through the cable keep flowing all along (at most 2 of 24 lost),
#     and A closes the connections that do not authenticate (at most 4
#     wait at once, one per IP, each at most 10 s).
#  3. One idle connection alone is closed after 10 s.
#  4. B restarts: its new connection authenticates and replaces the
#     old one; pings flow again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

need_cable
cable_topo
cable_keys
cable_start A "$NS_CA" --stream --listen "$IP_CA:$CPORT"
cable_start B "$NS_CB" --stream --connect "$IP_CA:$CPORT"
cable_wait_up 20 || bail "no ping through the stream cable"

# attacker HOST SECS PERIOD OUT: connect every PERIOD s for SECS s, hold
# every connection; OUT gets "connections closed-by-A"
ATT_PY='import socket, sys, time
host, secs, period, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
held = []
t0 = time.monotonic()
while time.monotonic() - t0 < secs:
    try:
        held.append(socket.create_connection((host, 51820), 2))
    except OSError:
        pass
    time.sleep(period)
closed = 0
for s in held:
    s.setblocking(False)
    try:
        closed += s.recv(1) == b""
    except BlockingIOError:
        pass
    except OSError:
        closed += 1
open(out, "w").write("%d %d\n" % (len(held), closed))'

ip netns exec "$NS_CB" "$PY" -c "$ATT_PY" "$IP_CA" 12 0.3 "$T/attB" &
ATT1=$!
rec_pid $ATT1
ip netns exec "$NS_CA" "$PY" -c "$ATT_PY" "$IP_CA" 12 0.3 "$T/attA" &
ATT2=$!
rec_pid $ATT2
sleep 0.5
ip netns exec "$NS_HA" ping -c 24 -i 0.5 -W 1 "$IP_HB" >"$T/ping" 2>&1
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping")
note "during the attack: $(num "$got") of 24 pings answered"
[ "$(num "$got")" -ge 22 ] || fail "the attack disrupted the cable: $(num "$got") of 24 pings"
wait $ATT1 $ATT2
note "attackers (connections, closed by A): B's IP $(cat "$T/attB"), A's IP $(cat "$T/attA")"
set -- $(cat "$T/attB")
[ "${2:-0}" -ge $((${1:-0} - 1)) ] ||
	fail "from one IP, more than one unauthenticated connection stayed open"
set -- $(cat "$T/attA")
[ "${2:-0}" -ge $((${1:-0} - 1)) ] ||
	fail "from A's IP, more than one unauthenticated connection stayed open"
[ "$(stat_num A stream_unauth_closed)" -gt 0 ] ||
	fail "cable/stats counts no unauthenticated connection closed"

# 3. a lone idle connection: closed within 10 s (+ a tick)
t0=$(now_ms)
ip netns exec "$NS_CA" "$PY" -c 'import socket, sys
s = socket.create_connection((sys.argv[1], 51820), 2)
s.settimeout(15)
print("eof" if s.recv(1) == b"" else "data")' "$IP_CA" >"$T/idle" 2>&1
dt=$(($(now_ms) - t0))
note "an idle connection: $(cat "$T/idle") after $dt ms"
grep -q eof "$T/idle" || fail "idle connection not closed: $(cat "$T/idle")"
[ "$dt" -ge 9000 ] && [ "$dt" -le 12500 ] ||
	fail "idle connection closed after $dt ms, not about 10 s"

# 4. B comes back on a new connection: it replaces the old one
before=$(stat_num A stream_connects)
cable_stop B
cable_start B "$NS_CB" --stream --connect "$IP_CA:$CPORT"
cable_wait_up 20 || fail "no ping after B reconnected"
[ "$(stat_num A stream_connects)" -gt "$before" ] ||
	fail "A counted no new connection"
grep -q "stream connection authenticated" "$T/cableA.log" ||
	fail "A's log does not say a connection authenticated"
alive "$CPID_A" && alive "$CPID_B" || fail "a cable end died"
[ $_nfail -eq 0 ] || { cable_logs; show_peers; }
finish
