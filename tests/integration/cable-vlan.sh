#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-vlan.sh - the VLANs a peer may use (vlans= in cable-peers(5)).
# Both ends list each other with vlans=10 and attach to port 5 of their
# switch; on both switches the tap and port 5 are tagged members of VLANs
# 10 and 20.  A frame tagged 10 written to hA's tap (AF_PACKET,
# rawframe.py) arrives at hB's tap still tagged 10; one tagged 20 reaches
# cable end A (the switch forwards it there) but never hB: A drops it and
# counts it (drop_vlan_tx).  Untagged frames cross as always (ping).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

need_cable
cable_topo
cable_keys
echo "$(pub b) name=b vlans=10" >"$T/a.peers"
echo "$(pub a) name=a vlans=10" >"$T/b.peers"
cable_udp -p 5
cable_wait_up 20 || bail "no untagged ping through the cable"

# tap_port A|B: the switch port of the tap
tap_port() {
	eval "_tap=\$TAP_$1"
	mg "$T/m$1" port/print
	awk -v t=": $_tap" '/^Port / { p = $2 + 0 }
		index($0, t) == length($0) - length(t) + 1 && /module/ { print p }' \
		"$T/mg.out"
}

for s in A B; do
	p=$(tap_port $s)
	[ -n "$p" ] || bail "switch $s: no port for its tap in port/print"
	mg "$T/m$s" "vlan/create 10" "vlan/create 20" "vlan/addport 10 $p" \
		"vlan/addport 20 $p" "vlan/addport 10 5" "vlan/addport 20 5"
	[ "$(mg_count '1000 Success')" -eq 6 ] ||
		bail "switch $s: VLAN set-up: $(mg_results)"
	note "switch $s: tap on port $p; tap and cable (port 5) tagged in 10 and 20"
done

# send_tagged VID: one frame tagged VID from hA's tap; what hB's tap got
send_tagged() {
	rm -f "$T/r/raw.ready"
	ip netns exec "$NS_HB" "$PY" "$HERE/rawframe.py" recv "$TAP_B" 88b5 3 \
		"$T/r/raw.ready" >"$T/raw.out" 2>&1 &
	_rp=$!
	rec_pid $_rp
	wait_file "$T/r/raw.ready" 3 || fail "rawframe.py recv did not start"
	ip netns exec "$NS_HA" "$PY" "$HERE/rawframe.py" send "$TAP_A" \
		ffffffffffff 02000000cb01 88b5 "$1" 6361626c65766c6e
	wait_exit $_rp 6
	head -n 1 "$T/raw.out"
}

d0=$(peer_num A b drop_vlan_tx)
got=$(send_tagged 10)
note "tagged 10 from hA -> hB: '$got'"
[ "$got" = "vid=10 payload=6361626c65766c6e" ] ||
	fail "a frame tagged 10 arrived at hB as '$got'"
got=$(send_tagged 20)
note "tagged 20 from hA -> hB: '$got'"
[ -z "$got" ] || fail "a frame tagged 20 crossed a cable limited to VLAN 10: '$got'"
d1=$(peer_num A b drop_vlan_tx)
note "A: drop_vlan_tx $d0 -> $d1"
[ "$d1" -gt "$d0" ] || fail "A did not count the frame tagged 20 (drop_vlan_tx $d0 -> $d1)"
[ "$(peer_num B a drop_vlan)" -eq 0 ] || fail "B counts drop_vlan: A sent a tag it should not"
ip netns exec "$NS_HA" ping -c 2 -W 2 "$IP_HB" >"$T/ping" 2>&1 ||
	fail "untagged ping stopped: $(tail -2 "$T/ping")"
[ $_nfail -eq 0 ] || { cable_logs; show_peers; }
finish
