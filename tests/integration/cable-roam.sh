#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-roam.sh move|nat - an end of a vde-cable changes address
# mid-transfer.  With "move" (the default):
# B (the initiator, its UDP socket not bound to an address) sends from
# 10.66.0.2; while a paced, checksummed 8 MB TCP transfer runs hA -> hB,
# B's veth gets 10.66.0.3 and loses 10.66.0.2, so B's next packets come
# from the new address.  The transfer completes, A's cable/peers shows b
# at 10.66.0.3 and counts a roam, pings still pass, and A never answered
# the old address after the move.
# With "nat", B reaches A through a UDP relay in cA that acts as a NAT
# (IMPAIR_PY in cable-lib.sh, no impairment): mid-transfer it rebinds to
# a new source port, as a NAT does when its mapping expires; A must
# follow B to the new port the same way.  As behind any NAT, B keeps the
# mapping alive with keepalive=1 on its peers line: A's packets to the
# old port are lost, and only B's next packet can tell A where B is now.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

CASE=${1:-move}
need_cable
cable_topo
cable_keys
if [ "$CASE" = nat ]; then
	echo "$(pub a) name=a keepalive=1" >"$T/b.peers"
	RPORT=$((CPORT + 1))
	ip netns exec "$NS_CA" "$PY" -c "$IMPAIR_PY" "$IP_CA" $RPORT \
		"$IP_CA" $CPORT "$T/nat.stats" 0 0 0 >"$T/nat.log" 2>&1 &
	NATPID=$!
	rec_pid $NATPID
	wait_file "$T/nat.stats.ready" 5 || bail "relay did not start: $(cat "$T/nat.log")"
	cable_start A "$NS_CA" --listen "$IP_CA:$CPORT"
	cable_start B "$NS_CB" --connect "$IP_CA:$RPORT"
	cable_wait_up 20 || bail "no ping from hA to hB through the cable and the NAT"
	p0=$(cat "$T/nat.stats.port")
	ep0=$(cable_peer A b endpoint)
	note "endpoint of b before: $ep0 (the NAT's port $p0)"
	[ "$ep0" = "$IP_CA:$p0" ] || fail "endpoint of b is '$ep0', want $IP_CA:$p0"
	xfer_start 8000000 1300000
	sleep 2
	alive "$XFER_PID" || fail "the transfer ended before the rebinding (too fast?)"
	kill -USR1 $NATPID
	_i=0
	while [ "$(cat "$T/nat.stats.port")" = "$p0" ] && [ $_i -lt 40 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	p1=$(cat "$T/nat.stats.port")
	note "the NAT rebound from port $p0 to $p1"
	[ "$p1" != "$p0" ] || bail "the relay did not rebind"
	xfer_check "8 MB across the NAT rebinding" 45
	ep1=$(cable_peer A b endpoint)
	note "endpoint of b after: $ep1, roams $(cable_peer A b roams)"
	[ "$ep1" = "$IP_CA:$p1" ] || fail "endpoint of b is '$ep1' after the rebinding, want $IP_CA:$p1"
	[ "$(peer_num A b roams)" -ge 1 ] || fail "A counts no roam"
	ip netns exec "$NS_HA" ping -c 3 -i 0.2 -W 2 "$IP_HB" >"$T/ping" 2>&1 ||
		fail "no ping after the rebinding: $(tail -2 "$T/ping")"
	alive "$CPID_A" && alive "$CPID_B" || fail "a cable end died"
	[ $_nfail -eq 0 ] || { cable_logs; show_peers; }
	finish
fi
cable_udp
cable_wait_up 20 || bail "no ping from hA to hB through the cable"
ep0=$(cable_peer A b endpoint)
note "endpoint of b before: $ep0"
case $ep0 in "$IP_CB":*) ;; *) fail "endpoint of b is '$ep0' before the move" ;; esac

# about 6 s at 1.3 MB/s
xfer_start 8000000 1300000
sleep 2
alive "$XFER_PID" || fail "the transfer ended before the move (too fast?)"
cap_start veth "$NS_CA" "$VETH_A" udp
# the new address is a secondary of the same prefix: keep it (and the
# prefix route) when the primary goes
ip netns exec "$NS_CB" sysctl -qw \
	"net.ipv4.conf.$VETH_B.promote_secondaries=1" >/dev/null
ip -n "$NS_CB" addr add "$CNET.3/24" dev "$VETH_B" &&
	ip -n "$NS_CB" addr del "$IP_CB/24" dev "$VETH_B" ||
	bail "cannot move B's address"
note "B's address moved to $CNET.3 at $(date +%T.%N | cut -c1-12)"
xfer_check "8 MB across the move" 45
cap_stop veth
ep1=$(cable_peer A b endpoint)
note "endpoint of b after: $ep1, roams $(cable_peer A b roams)"
[ "$(peer_num A b roams)" -ge 1 ] || fail "A counts no roam"
case $ep1 in "$CNET.3":*) ;; *) fail "endpoint of b is '$ep1' after the move, want $CNET.3:port" ;; esac
ip netns exec "$NS_HA" ping -c 3 -i 0.2 -W 2 "$IP_HB" >"$T/ping" 2>&1 ||
	fail "no ping after the move: $(tail -2 "$T/ping")"
pcap udp "$T/veth.pcap" >"$T/veth.udp"
new=$(awk -v n="$CNET.3" '$1 == n' "$T/veth.udp" | wc -l)
# sent to the old address after the first packet from the new one
toold=$(awk -v o="$IP_CB" -v n="$CNET.3" '$1 == n { seen = 1 }
	seen && $3 == o { c++ } END { print c + 0 }' "$T/veth.udp")
tonew=$(awk -v n="$CNET.3" '$3 == n' "$T/veth.udp" | wc -l)
note "after the move: $new packets from $CNET.3, A sent $tonew to it, then $toold to $IP_CB"
[ "$new" -gt 0 ] && [ "$tonew" -gt 0 ] || fail "no traffic with the new address on the veth"
# a few may be on their way when the first one from the new address is seen
[ "$toold" -le 20 ] || fail "A went on sending to the old address ($toold packets)"
alive "$CPID_A" && alive "$CPID_B" || fail "a cable end died"
[ $_nfail -eq 0 ] || { cable_logs; show_peers; }
finish
