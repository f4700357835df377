#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# vlan-vde2.sh - 802.1Q interop with an implementation nobody here wrote:
# Debian's vde_switch.  Port 1 of each switch is a trunk tagged in VLANs
# 10 and 20, the two trunks joined by a cable (Debian's dpipe, two
# vde-plug); ports 2 are access ports in VLAN 10, ports 3 in VLAN 20, each
# with a tap in its own namespace, all four in one subnet on purpose.
# (This machine's kernel has neither 8021q nor bridge VLAN filtering, so
# vlan-kernel.sh skips; this test needs neither.)  VLAN 10 reaches VLAN
# 10 on the other switch, 20 reaches 20, and nothing crosses over.
. "$(dirname "$0")/lib.sh"

need_root "taps and network namespaces"
need_cmd ping dpipe vde_switch
[ -n "${VDEPLUG:-}" ] && [ -x "$VDEPLUG" ] || skip "no vde-plug binary"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"

start_vde2 "$T/deb" -M "$T/deb.mgmt"
DEB=$SWDIR
mg "$T/deb.mgmt" 'vlan/create 10' 'vlan/create 20' 'port/create 1' \
	'port/create 2' 'port/create 3' 'vlan/addport 10 1' \
	'vlan/addport 20 1' 'port/setvlan 2 10' 'port/setvlan 3 20' ||
	bail "vde_switch console: $MG"
[ "$(mg_results | tr '|' '\n' | grep -vc '^1000 Success$')" -eq 0 ] ||
	bail "vde_switch refused the VLAN set-up: $(mg_results)"
start_sw "$T/ours" -m 0666 -M "$T/ours.mgmt"
OURS=$SWDIR
mg "$T/ours.mgmt" 'vlan/create 10' 'vlan/create 20' 'port/create 1' \
	'port/create 2' 'port/create 3' 'vlan/addport 10 1' \
	'vlan/addport 20 1' 'port/setvlan 2 10' 'port/setvlan 3 20' ||
	bail "console: $MG"
[ "$(mg_results | tr '|' '\n' | grep -vc '^1000 Success$')" -eq 0 ] ||
	bail "VLAN set-up refused: $(mg_results)"

dpipe "$VDEPLUG" "$OURS[1]" = "$VDEPLUG" "$DEB[1]" </dev/null \
	>"$T/cable.log" 2>&1 &
rec_pid $!
N=vv$$

# plug_ns NS SWITCH PORT TAP ADDR: a namespace whose TAP is on PORT
plug_ns() {
	add_netns "$1"
	ip netns exec "$1" "$VDEPLUG" "$2[$3]" --tap "$4" >"$T/$1.log" 2>&1 &
	rec_pid $!
	wait_tap "$1" "$4" "$T/$1.log"
	ip -n "$1" addr add "$5/24" dev "$4"
	ip -n "$1" link set "$4" up
}

plug_ns ${N}a "$OURS" 2 tapa 10.83.0.1	# ours, VLAN 10
plug_ns ${N}b "$OURS" 3 tapb 10.83.0.2	# ours, VLAN 20
plug_ns ${N}c "$DEB" 2 tapc 10.83.0.3	# vde_switch, VLAN 10
plug_ns ${N}d "$DEB" 3 tapd 10.83.0.4	# vde_switch, VLAN 20

ip netns exec ${N}a ping -c 3 -W 2 10.83.0.3 >"$T/p" 2>&1 ||
	fail "VLAN 10 (ours) cannot reach VLAN 10 on vde_switch: $(tail -n 2 "$T/p")"
ip netns exec ${N}d ping -c 3 -W 2 10.83.0.2 >"$T/p" 2>&1 ||
	fail "VLAN 20 (vde_switch) cannot reach VLAN 20 on ours: $(tail -n 2 "$T/p")"
ip netns exec ${N}a ping -c 2 -W 1 10.83.0.4 >"$T/p" 2>&1 &&
	fail "VLAN 10 (ours) reached VLAN 20 on vde_switch"
ip netns exec ${N}b ping -c 2 -W 1 10.83.0.3 >"$T/p" 2>&1 &&
	fail "VLAN 20 (ours) reached VLAN 10 on vde_switch"
ip netns exec ${N}a ping -c 2 -W 1 10.83.0.2 >"$T/p" 2>&1 &&
	fail "VLAN 10 reached VLAN 20 on our own switch"
# for the log: how our switch sees its trunk port
mg "$T/ours.mgmt" 'port/print 1' || fail "console: $MG"
note "$(head -n 3 "$T/mg.out" | tr "\n" " ")"
sw_alive || fail "switch died"
finish
