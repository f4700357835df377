#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-multi.sh - one cable end, several peers.  Site A (cable end in
# cA, listening on port 51820 of every address) lists peers b and c; B
# reaches it over the usual veth (10.66.0.0/24), C over a second veth
# from cA (10.67.0.0/24) with its own switch and tap (hC, 192.168.66.3).
# hA pings hB and hC; A's cable/peers shows both with their endpoints
# and handshakes; B and C each see only A.  A learns which peer each host
# is behind (cable/macs): a stream of pings to hB is sent to b alone (A's
# tx_unicast_learned counts it, c's tx_frames at A and C's rx_frames stay
# put).  Stopping C leaves B working.
# shellcheck disable=SC2034 # NS_HC, TAP_C... are read through eval
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

need_cable
NS_CC=${N}cC
NS_HC=${N}hC
VETH_A2=${N}wa
VETH_C=${N}wc
TAP_C=${N}tc
IP_HC=$HNET.3
SW_C=$T/swC
CM_C=$T/cmC
cable_topo
add_netns "$NS_CC"
quiet_ns "$NS_CC"
ip link add "$VETH_A2" netns "$NS_CA" type veth peer name "$VETH_C" \
	netns "$NS_CC" || bail "cannot make the second veth pair"
ip -n "$NS_CA" addr add 10.67.0.1/24 dev "$VETH_A2"
ip -n "$NS_CC" addr add 10.67.0.2/24 dev "$VETH_C"
ip -n "$NS_CA" link set "$VETH_A2" up
ip -n "$NS_CC" link set "$VETH_C" up
cable_switch C
cable_key a
cable_key b
cable_key c
printf '%s name=b\n%s name=c\n' "$(pub b)" "$(pub c)" >"$T/a.peers"
echo "$(pub a) name=a" >"$T/b.peers"
echo "$(pub a) name=a" >"$T/c.peers"
cable_start A "$NS_CA" --listen "0.0.0.0:$CPORT"
cable_start B "$NS_CB" --connect "$IP_CA:$CPORT"
cable_start C "$NS_CC" --connect "10.67.0.1:$CPORT"

cable_wait_up 20 || fail "no ping from hA to hB"
wait_ping "$NS_HA" "$IP_HC" 20 || fail "no ping from hA to hC"
ip netns exec "$NS_HB" ping -c 3 -i 0.2 -W 2 "$IP_HA" >"$T/ping" 2>&1 ||
	fail "ping hB -> hA: $(tail -2 "$T/ping")"
ip netns exec "$NS_HC" ping -c 3 -i 0.2 -W 2 "$IP_HA" >"$T/ping" 2>&1 ||
	fail "ping hC -> hA: $(tail -2 "$T/ping")"
grep -q 'DUP!' "$T/ping" && fail "duplicate replies"
show_peers
eb=$(cable_peer A b endpoint)
ec=$(cable_peer A c endpoint)
note "A: b at $eb, c at $ec"
case $eb in "$IP_CB":*) ;; *) fail "A: endpoint of b is '$eb'" ;; esac
case $ec in 10.67.0.2:*) ;; *) fail "A: endpoint of c is '$ec'" ;; esac
for p in b c; do
	[ "$(peer_num A $p handshakes)" -ge 1 ] || fail "A: no handshake with $p"
	[ "$(peer_num A $p rx_frames)" -gt 0 ] || fail "A: no frames from $p"
done
[ "$(peer_num C a handshakes)" -ge 1 ] || fail "C: no handshake with a"

# A learned which peer each host is behind: a unicast stream to hB goes
# to b alone; c (and hC) get none of it
mac_b=$(ip -n "$NS_HB" -o link show "$TAP_B" |
	sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
cable_mg A cable/macs >/dev/null 2>&1
tr -d '\r' <"$T/mg.out" | grep 'mac=' | sed 's/^/#   A: /'
grep -q "mac=$mac_b vlan=0 peer=b " "$T/mg.out" ||
	fail "A: cable/macs does not show hB ($mac_b) behind b"
ctx0=$(peer_num A c tx_frames)
crx0=$(peer_num C a rx_frames)
uni0=$(stat_num A tx_unicast_learned)
ip netns exec "$NS_HA" ping -c 30 -i 0.05 -W 2 "$IP_HB" >"$T/ping" 2>&1 ||
	fail "ping hA -> hB (learned): $(tail -2 "$T/ping")"
ctx1=$(peer_num A c tx_frames)
crx1=$(peer_num C a rx_frames)
uni1=$(stat_num A tx_unicast_learned)
note "A: tx_unicast_learned $uni0 -> $uni1, tx_frames to c $ctx0 -> $ctx1;" \
	"C: rx_frames $crx0 -> $crx1"
[ $((uni1 - uni0)) -ge 30 ] ||
	fail "A: $((uni1 - uni0)) frames sent to one peer, expected >= 30"
# a broadcast or two (ARP) may still reach c; 30 echo requests may not
[ $((ctx1 - ctx0)) -le 3 ] ||
	fail "A sent $((ctx1 - ctx0)) frames to c during a stream to hB"
[ $((crx1 - crx0)) -le 3 ] ||
	fail "C received $((crx1 - crx0)) frames during a stream to hB"

# C goes away: B is not disturbed
stop_pid "$CPID_C"
ip netns exec "$NS_HA" ping -c 3 -i 0.2 -W 2 "$IP_HB" >"$T/ping" 2>&1 ||
	fail "ping hA -> hB with C stopped: $(tail -2 "$T/ping")"
alive "$CPID_A" && alive "$CPID_B" || fail "a cable end died"
[ $_nfail -eq 0 ] || cable_logs
finish
