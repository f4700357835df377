#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vlan-kernel.sh - 802.1Q interop with the Linux kernel's VLAN devices:
# port 1 is a trunk (tagged in VLANs 10 and 20) joined by `vde-plug --tap`
# to namespace T, which has `tapt.10` (type vlan id 10, 10.81.0.1);
# port 2 is an access port in VLAN 10 (namespace A, 10.81.0.2), port 3 an
# access port in VLAN 20 (namespace B, 10.81.0.3), same subnet on purpose.
# A reaches T through the tag; B reaches neither, and A cannot reach B.
. "$(dirname "$0")/lib.sh"

need_root "taps and network namespaces"
need_cmd ping
[ -n "${VDEPLUG:-}" ] && [ -x "$VDEPLUG" ] || skip "no vde-plug binary"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
start_sw "$T/sw" -m 0666 -M "$T/mgmt"
mg "$T/mgmt" 'vlan/create 10' 'vlan/create 20' 'port/create 1' \
	'port/create 2' 'port/create 3' 'vlan/addport 10 1' \
	'vlan/addport 20 1' 'port/setvlan 2 10' 'port/setvlan 3 20' ||
	bail "console: $MG"
[ "$(mg_results | tr '|' '\n' | grep -vc '^1000 Success$')" -eq 0 ] ||
	bail "VLAN set-up refused: $(mg_results)"
N=vdeit$$

# plug_ns NS PORT TAP: a namespace whose TAP is on PORT of the switch
plug_ns() {
	add_netns "$1"
	ip netns exec "$1" "$VDEPLUG" "${SWDIR}[$2]" --tap "$3" \
		>"$T/$1.log" 2>&1 &
	rec_pid $!
	wait_tap "$1" "$3" "$T/$1.log"
	ip -n "$1" link set "$3" up
}

plug_ns ${N}t 1 tapt
ip -n ${N}t link add link tapt name tapt.10 type vlan id 10 ||
	skip "no 802.1Q support in this kernel"
ip -n ${N}t addr add 10.81.0.1/24 dev tapt.10
ip -n ${N}t link set tapt.10 up
plug_ns ${N}a 2 tapa
ip -n ${N}a addr add 10.81.0.2/24 dev tapa
plug_ns ${N}b 3 tapb
ip -n ${N}b addr add 10.81.0.3/24 dev tapb

ip netns exec ${N}a ping -c 3 -W 2 10.81.0.1 >"$T/p1" 2>&1 ||
	fail "VLAN 10 access port cannot reach the kernel's tapt.10: $(tail -2 "$T/p1")"
ip netns exec ${N}b ping -c 2 -W 1 10.81.0.1 >"$T/p2" 2>&1 &&
	fail "VLAN 20 access port reached the VLAN 10 interface"
ip netns exec ${N}a ping -c 2 -W 1 10.81.0.3 >"$T/p3" 2>&1 &&
	fail "VLAN 10 reached VLAN 20"
mg "$T/mgmt" 'port/counters 3' || fail "console: $MG"
note "$(grep -o 'port=3 .*' "$T/mg.out")"
sw_alive || fail "switch died"
finish
