#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-offload.sh - vde-cable's UDP segmentation offload (GSO: several
# datagrams to one peer leave in one sendmsg) and receive coalescing
# (GRO: several arrive in one receive), vde-cable(8) "PERFORMANCE".
#  1. veth MTU 9000, the outer packets of full-size frames fit: a 20 MB
#     checksummed TCP transfer hA -> hB arrives intact, cable end A made
#     segmented sends (udp_gso_sends) and B coalesced receives
#     (udp_gro_receives), none refused, no authentication or replay drop.
#  2. veth MTU back to 1500: the outer packets of 1514-byte frames need
#     IP fragmentation, which GSO may not do.  The kernel refuses those
#     sends (udp_gso_refused), the cable sends them one by one instead,
#     and another 20 MB arrive intact.
#  3. Both ends again with --no-offload, MTU 9000: 5 MB arrive intact and
#     neither counter moves (the option is obeyed; this is also the
#     path of kernels without UDP GSO/GRO).
#  4. The same over IPv6 (fd66::1 and ::2 on the veth, the cable ends on
#     IPv6 sockets): MTU 9000, segmented and coalesced; MTU 1500, refused
#     and sent one by one; 20 MB intact each time.  Then an empty
#     datagram to cable end A: one counted drop (drop_malformed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

need_cable
veth_mtu() {
	ip -n "$NS_CA" link set "$VETH_A" mtu "$1" &&
		ip -n "$NS_CB" link set "$VETH_B" mtu "$1" ||
		bail "cannot set the veth MTU to $1"
}
drops_none() {	# drops_none WHAT: no authentication or replay drop on B
	for f in drop_auth drop_replay; do
		v=$(cable_peer B a $f)
		[ "$v" = 0 ] || fail "$1: cable B: $f of peer a is '$v', want 0"
	done
}

# both_mtus WHAT: on a fresh cable, 20 MB at veth MTU 9000 (segmented
# sends on A, coalesced receives on B, none refused), then 20 MB at 1500
# (segmentation refused, the packets sent one by one); no drop on B
both_mtus() {
	veth_mtu 9000
	cable_wait_up 20 || bail "$1: no ping from hA to hB through the cable"
	xfer_start 20000000
	xfer_check "$1, MTU 9000: 20 MB hA -> hB" 60
	gso=$(stat_num A udp_gso_sends)
	gro=$(stat_num B udp_gro_receives)
	ref=$(stat_num A udp_gso_refused)
	note "$1, MTU 9000: cable A udp_gso_sends=$gso udp_gso_refused=$ref, cable B udp_gro_receives=$gro, endpoint of b $(cable_peer A b endpoint)"
	[ "$gso" -gt 0 ] || fail "$1, MTU 9000: cable A made no segmented send"
	[ "$gro" -gt 0 ] || fail "$1, MTU 9000: cable B had no coalesced receive"
	[ "$ref" = 0 ] || fail "$1, MTU 9000: $ref segmented sends refused, want 0"
	veth_mtu 1500
	xfer_start 20000000
	xfer_check "$1, MTU 1500: 20 MB hA -> hB" 60
	ref=$(stat_num A udp_gso_refused)
	err=$(stat_num A udp_send_err)
	note "$1, MTU 1500: cable A udp_gso_refused=$ref udp_send_err=$err"
	[ "$ref" -gt 0 ] ||
		fail "$1, MTU 1500: no segmented send was refused (fragments need them one by one)"
	drops_none "$1"
}

cable_topo
cable_keys

# 1. and 2. IPv4
cable_udp
both_mtus IPv4

# 3. --no-offload: neither
show_peers
cable_stop A
cable_stop B
veth_mtu 9000
cable_udp --no-offload
cable_wait_up 20 || bail "no ping through the cable with --no-offload"
xfer_start 5000000
xfer_check "--no-offload: 5 MB hA -> hB" 60
gso=$(stat_num A udp_gso_sends)
gro=$(stat_num B udp_gro_receives)
note "--no-offload: cable A udp_gso_sends=$gso, cable B udp_gro_receives=$gro"
[ "$gso" = 0 ] || fail "--no-offload: cable A made $gso segmented sends"
[ "$gro" = 0 ] || fail "--no-offload: cable B had $gro coalesced receives"
drops_none "--no-offload"

# 4. IPv6 (quiet_ns turned it off in the cable namespaces: on again for
# the veth only)
cable_stop A
cable_stop B
for ns in "$NS_CA:$VETH_A:1" "$NS_CB:$VETH_B:2"; do
	IFS=: read -r n v h <<EOF6
$ns
EOF6
	ip netns exec "$n" sysctl -qw "net.ipv6.conf.$v.disable_ipv6=0" >/dev/null &&
		ip -n "$n" addr add "fd66::$h/64" dev "$v" nodad ||
		bail "no IPv6 on the veth in $n"
done
cable_start A "$NS_CA" --listen "[fd66::1]:$CPORT"
cable_start B "$NS_CB" --connect "[fd66::1]:$CPORT"
both_mtus IPv6

# an empty datagram to the GRO socket: one counted drop, nothing else
m0=$(stat_num A drop_malformed)
ip netns exec "$NS_CB" "$PY" -c 'import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.sendto(b"", ("fd66::1", int(sys.argv[1])))' "$CPORT" || fail "cannot send an empty datagram"
sleep 0.3
m1=$(stat_num A drop_malformed)
note "empty datagram: cable A drop_malformed $m0 -> $m1"
[ "$m1" -eq $((m0 + 1)) ] || fail "empty datagram: drop_malformed $m0 -> $m1, want +1"
alive "$CPID_A" || fail "cable end A died"
[ $_nfail -eq 0 ] || { show_peers; cable_logs; }
finish
