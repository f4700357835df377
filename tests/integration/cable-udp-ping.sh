#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-udp-ping.sh - two switches in two network namespaces joined by a
# vde-cable over UDP (cable-lib.sh draws the topology): the namespaces on
# their taps ping each other both ways and move 20 MB of random data over
# TCP, compared by SHA-256 at both ends.  Both cable ends then show the
# peer in cable/peers with a recent handshake, frames and bytes in both
# directions, and no authentication or replay drops.  Without the cable
# (stopped), the pings stop: they did go through it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

cable_up
ip netns exec "$NS_HA" ping -c 5 -i 0.2 -W 2 "$IP_HB" >"$T/ping" 2>&1 ||
	fail "ping hA -> hB: $(tail -2 "$T/ping")"
ip netns exec "$NS_HB" ping -c 5 -i 0.2 -W 2 "$IP_HA" >"$T/ping" 2>&1 ||
	fail "ping hB -> hA: $(tail -2 "$T/ping")"
grep -q 'DUP!' "$T/ping" && fail "duplicate replies"

xfer_start 20000000
xfer_check "20 MB hA -> hB" 45

show_peers
for side in A B; do
	[ $side = A ] && peer=b || peer=a
	for f in rx_frames tx_frames rx_bytes tx_bytes handshakes; do
		v=$(peer_num $side $peer $f)
		[ "$v" -gt 0 ] || fail "cable $side: $f of peer $peer is '$(cable_peer $side $peer $f)'"
	done
	for f in drop_auth drop_replay; do
		v=$(cable_peer $side $peer $f)
		[ "$v" = 0 ] || fail "cable $side: $f of peer $peer is '$v', want 0"
	done
done
# about 20 MB crossed A -> B: B received at least that many bytes
rb=$(peer_num B a rx_bytes)
[ "$rb" -ge 20000000 ] || fail "cable B received only $rb bytes from a"
ep=$(cable_peer A b endpoint)
case $ep in
"$IP_CB":*) ;;
*) fail "cable A: endpoint of b is '$ep', want $IP_CB:port" ;;
esac

# the traffic went through the cable: without it, no ping
cable_stop B
ip netns exec "$NS_HA" ping -c 2 -W 1 "$IP_HB" >/dev/null 2>&1 &&
	fail "ping still answered with cable end B stopped"
alive "$CPID_A" || fail "cable end A died"
alive "$SWPID_A" && alive "$SWPID_B" || fail "a switch died"
[ $_nfail -eq 0 ] || cable_logs
finish
