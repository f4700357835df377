#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# cable-handoff.sh - several cables may join the same port pair, as vde-2
# allowed (spec 6.6): two independent vde-cable pairs (two UDP ports) both
# attach to port 5 of switch A and port 5 of switch B.  While both run,
# every frame crosses twice (ping shows duplicates: both cables carry
# traffic); after the first pair is killed in the middle of a ping, the
# second carries on: the ping keeps flowing, and no more duplicates.
# This is vde-2's hand-off: open the new path, then drop the old one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

need_cable
cable_topo
cable_keys
# pair 1: the usual ends, on port 5 of both switches
cable_start A "$NS_CA" --listen "$IP_CA:$CPORT" -p 5
cable_start B "$NS_CB" --connect "$IP_CA:$CPORT" -p 5
cable_wait_up 20 || bail "no ping through the first cable"

# pair 2: the same keys, another UDP port, the same switch ports
P2=$((CPORT + 1))
ip netns exec "$NS_CA" "$VDECABLE" -s "$SW_A" --key "$T/a.key" \
	--peers "$T/a.peers" -M "$T/cmA2" -f -p 5 --listen "$IP_CA:$P2" \
	</dev/null >>"$T/cableA2.log" 2>&1 &
A2=$!
rec_pid $A2
ip netns exec "$NS_CB" "$VDECABLE" -s "$SW_B" --key "$T/b.key" \
	--peers "$T/b.peers" -M "$T/cmB2" -f -p 5 --connect "$IP_CA:$P2" \
	</dev/null >>"$T/cableB2.log" 2>&1 &
B2=$!
rec_pid $B2

# both cables up: replies come twice (each cable delivers every frame)
_i=0
until ip netns exec "$NS_HA" ping -c 3 -i 0.2 -W 2 "$IP_HB" >"$T/ping" 2>&1 &&
	grep -q 'DUP!' "$T/ping"; do
	_i=$((_i + 1))
	if [ $_i -ge 15 ]; then
		fail "no duplicates: the second cable carries nothing ($(tail -n 2 "$T/ping"))"
		break
	fi
	sleep 1
done
# and they share port 5: two endpoints on it, at both ends
for s in A B; do
	mg "$T/m$s" 'port/print 5' >/dev/null || fail "console of switch $s: $MG"
	n=$(grep -c '^  -- endpoint ID' "$T/mg.out")
	[ "$n" -eq 2 ] || fail "port 5 of switch $s has $n endpoint(s), want 2"
done

# hand-off: kill the first pair in the middle of a ping (0.1 s apart)
ip netns exec "$NS_HA" ping -c 60 -i 0.1 -W 1 "$IP_HB" >"$T/ping2" 2>&1 &
PING=$!
rec_pid $PING
sleep 2
kill -9 "$CPID_A" "$CPID_B"
wait "$PING"
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping2")
[ "${got:-0}" -ge 57 ] ||
	fail "only ${got:-0} of 60 pings answered across the hand-off: $(tail -n 2 "$T/ping2")"
alive "$A2" && alive "$B2" || fail "the second cable died"
# only one path now: no duplicates
ip netns exec "$NS_HA" ping -c 5 -i 0.2 -W 2 "$IP_HB" >"$T/ping3" 2>&1 ||
	fail "no ping over the second cable alone: $(tail -n 2 "$T/ping3")"
grep -q 'DUP!' "$T/ping3" && fail "duplicates after the first cable is gone"
[ $_nfail -eq 0 ] || cable_logs
finish
