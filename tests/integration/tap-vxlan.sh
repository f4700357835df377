#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tap-vxlan.sh tap|vxlan - vde-plug --tap and --vxlan against real kernel
# peers, in network namespaces made (and removed) by the test:
#  tap:   two namespaces, each with a tap joined to our switch by
#         `vde-plug --tap` (one of them by Debian's vde_plug tap://): ping.
#  vxlan: a namespace with a tap on our switch pings a host behind a
#         kernel vxlan device (VNI 42) in another namespace, reached by
#         `vde-plug --vxlan PEER --vni 42` over a veth pair; a packet
#         with another VNI is dropped.  A VXLAN packet (VNI 42) sent
#         from the peer's address reaches the tap of the switch; the
#         same sent from a third address is dropped and logged.
#  reconnect: two namespaces on taps of our plugs ping each other; the
#         switch is killed with SIGKILL and started again on the same
#         directory; pings resume without touching the plugs.
# Addresses only inside the namespaces (10.78/16, 10.79/16).
. "$(dirname "$0")/lib.sh"

CASE=${1:-tap}
need_root "taps and network namespaces"
need_cmd ping
[ -n "${VDEPLUG:-}" ] && [ -x "$VDEPLUG" ] || skip "no vde-plug binary"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
start_sw "$T/sw" -m 0666
N=vdeit$$

add_netns ${N}a

ip netns exec ${N}a "$VDEPLUG" -v "$SWDIR" --tap tapa >"$T/pa.log" 2>&1 &
rec_pid $!
PA=$!
wait_tap ${N}a tapa "$T/pa.log"
ip -n ${N}a addr add 10.78.0.1/24 dev tapa
ip -n ${N}a link set tapa up
grep -q '^Seccomp:[[:space:]]*2' /proc/$PA/status ||
	fail "vde-plug --tap is not under seccomp"

case $CASE in
reconnect)
	add_netns ${N}b
	ip netns exec ${N}b "$VDEPLUG" -v "$SWDIR" --tap tapb >"$T/pb.log" 2>&1 &
	rec_pid $!
	PB=$!
	wait_tap ${N}b tapb "$T/pb.log"
	ip -n ${N}b addr add 10.78.0.2/24 dev tapb
	ip -n ${N}b link set tapb up
	ip netns exec ${N}a ping -c 2 -W 2 10.78.0.2 >"$T/ping" 2>&1 ||
		fail "no ping before the restart: $(tail -2 "$T/ping")"
	kill -KILL "$SWPID"
	wait "$SWPID" 2>/dev/null
	mv "$SWLOG" "$T/sw.log.1"
	start_sw "$T/sw" -m 0666
	# the plugs attach again with backoff (0.1 s doubling)
	ok_ping=0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		if ip netns exec ${N}a ping -c 1 -W 1 10.78.0.2 >"$T/ping2" 2>&1; then
			ok_ping=1
			break
		fi
	done
	[ $ok_ping -eq 1 ] || fail "no ping after the switch restart: $(cat "$T/pa.log" "$T/pb.log")"
	alive $PA && alive $PB || fail "a plug exited instead of attaching again"
	;;
tap)
	add_netns ${N}b
	ip netns exec ${N}b vde_plug "vde://$SWDIR" tap://tapb >"$T/pb.log" 2>&1 &
	rec_pid $!
	wait_tap ${N}b tapb "$T/pb.log"
	ip -n ${N}b addr add 10.78.0.2/24 dev tapb
	ip -n ${N}b link set tapb up
	ip netns exec ${N}a ping -c 3 -W 2 10.78.0.2 >"$T/ping" 2>&1 ||
		fail "no ping through two taps: $(tail -2 "$T/ping")"
	;;
vxlan)
	add_netns ${N}b
	add_netns ${N}c
	ip link add vb$$ netns ${N}b type veth peer name vc$$ netns ${N}c ||
		bail "cannot make a veth pair"
	ip -n ${N}b addr add 10.79.0.1/24 dev vb$$
	ip -n ${N}b link set vb$$ up
	ip -n ${N}c addr add 10.79.0.2/24 dev vc$$
	ip -n ${N}c link set vc$$ up
	ip -n ${N}c link add vx42 type vxlan id 42 remote 10.79.0.1 \
		dstport 4789 dev vc$$ || skip "no vxlan support in this kernel"
	ip -n ${N}c addr add 10.78.0.2/24 dev vx42
	ip -n ${N}c link set vx42 up
	ip netns exec ${N}b "$VDEPLUG" -v "$SWDIR" --vxlan 10.79.0.2 --vni 42 \
		>"$T/pb.log" 2>&1 &
	rec_pid $!
	sleep 0.5
	ip netns exec ${N}a ping -c 3 -W 2 10.78.0.2 >"$T/ping" 2>&1 ||
		fail "no ping through VXLAN: $(tail -2 "$T/ping"; cat "$T/pb.log")"
	# a kernel vxlan with another VNI must not get through
	ip -n ${N}c link add vx43 type vxlan id 43 remote 10.79.0.1 \
		dstport 4789 dev vc$$
	ip -n ${N}c addr add 10.80.0.2/24 dev vx43
	ip -n ${N}c link set vx43 up
	ip -n ${N}a addr add 10.80.0.1/24 dev tapa
	ip netns exec ${N}a ping -c 2 -W 1 10.80.0.2 >"$T/ping43" 2>&1 &&
		fail "a VNI 43 host answered through a VNI 42 plug"
	grep -q "VXLAN packet dropped.*vni 43" "$T/pb.log" ||
		fail "VNI 43 packets not reported as dropped: $(cat "$T/pb.log")"
	# vxsend SRC MARKER: a VXLAN packet (VNI 42) from SRC to the plug,
	# with a broadcast frame of ethertype 88b5 carrying MARKER (8 bytes
	# hex), 60 bytes: 68 with the VXLAN header
	vxsend() {
		ip netns exec ${N}c "$PY" -c 'import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
f = bytes.fromhex("ffffffffffff0200000000d188b5" + sys.argv[2]).ljust(60, b"\0")
s.sendto(struct.pack(">II", 0x08000000, 42 << 8) + f, ("10.79.0.1", 4789))' "$1" "$2"
	}
	# vxrecv NAME: the first 88b5 frame on tapa within 3 s, in $T/NAME
	vxrecv() {
		ip netns exec ${N}a "$PY" "$HERE/rawframe.py" recv tapa 88b5 3 \
			"$T/$1.ready" >"$T/$1" 2>&1 &
		rec_pid $!
		VXRECV=$!
		wait_file "$T/$1.ready" || fail "rawframe.py recv did not start"
	}
	# control: from the peer's address, delivered
	vxrecv vxpeer
	vxsend 10.79.0.2 7065657231323334
	wait_exit $VXRECV 5
	grep -q 'payload=7065657231323334' "$T/vxpeer" ||
		fail "a VXLAN packet from the peer's address was not delivered: $(cat "$T/vxpeer")"
	# from a third address: dropped, logged
	ip -n ${N}c addr add 10.79.0.3/24 dev vc$$
	vxrecv vxthird
	vxsend 10.79.0.3 7468697264313233
	wait_exit $VXRECV 5
	[ -s "$T/vxthird" ] &&
		fail "a VXLAN packet from 10.79.0.3 (not the peer) was delivered: $(cat "$T/vxthird")"
	wait_log "VXLAN packet dropped (68 bytes, vni 42)" 3 "$T/pb.log" ||
		fail "the packet from 10.79.0.3 is not reported as dropped: $(cat "$T/pb.log")"
	;;
esac
sw_alive || fail "switch died"
finish
