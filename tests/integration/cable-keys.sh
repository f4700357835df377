#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-keys.sh wrong|unknown|revoked|files - a cable end that should not
# get a session gets none:
#  wrong:   B's peers file gives a key for A that is not A's (B computes
#           mac1 for the wrong responder): A drops the initiations
#           (drop_mac1) and never answers.
#  unknown: A's peers file does not list B's key (a third key is there as
#           "b"): mac1 verifies, the static key is unknown, A drops the
#           initiations (drop_unknown_key) and never answers.
#  revoked: B's key works (ping), then is removed from A's peers file and
#           A is restarted: no ping passes from then on, even after B is
#           restarted too, A never answers B's initiations and counts
#           them (drop_unknown_key).
#  files:   a private key file with mode 0644, or owned by another user,
#           and a peers file with a mistake: the cable end refuses to
#           start (non-zero exit, within seconds) and says why, the peers
#           file as FILE:LINE:COL: message; with the file fixed it starts.
# In the first three cases no frame crosses (hB's tap sees none of hA's pings) and a
# capture of the veth in cA holds B's initiations (type 1) and not one
# packet sent by A.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

CASE=${1:-wrong}
need_cable
cable_topo
cable_keys
cable_key c

# no_session WHAT COUNTER: ping fails, A sends nothing, COUNTER rises
no_session() {
	cap_start veth "$NS_CA" "$VETH_A" ip
	cap_start tapb "$NS_HB" "$TAP_B" icmp
	h0=$(stat_num A "$2")
	# B retries its initiation every few seconds: wait for two
	ip netns exec "$NS_HA" ping -c 8 -i 1 -W 1 "$IP_HB" >"$T/ping" 2>&1 &&
		fail "$1: ping answered"
	_i=0
	while [ "$(pcap udp "$T/veth.pcap" "$IP_CB" 2>/dev/null | awk '$5 == 1' | wc -l)" -lt 2 ]; do
		[ $_i -ge 20 ] && break
		sleep 0.5
		_i=$((_i + 1))
	done
	sleep 1
	cap_stop veth
	cap_stop tapb
	pcap udp "$T/veth.pcap" >"$T/veth.udp"
	init=$(awk -v b="$IP_CB" '$1 == b && $5 == 1' "$T/veth.udp" | wc -l)
	fromb=$(awk -v b="$IP_CB" '$1 == b' "$T/veth.udp" | wc -l)
	# every IPv4 packet sent by A (UDP or not: ICMP errors count too)
	froma=$(tcpdump -n -r "$T/veth.pcap" "ip src $IP_CA" 2>/dev/null |
		wc -l)
	icmp_b=$(pcap count "$T/tapb.pcap")
	h1=$(stat_num A "$2")
	note "$1: B sent $fromb packet(s) ($init initiations), A sent $froma; hB's tap saw $icmp_b ICMP; A $2 $h0 -> $h1"
	[ "$init" -ge 1 ] || fail "$1: no initiation from B on the veth (capture or cable broken)"
	[ "$froma" -eq 0 ] || {
		tcpdump -n -r "$T/veth.pcap" "ip src $IP_CA" 2>/dev/null |
			head -5 | sed 's/^/#   /'
		fail "$1: A sent $froma packet(s) to an unauthorized initiator"
	}
	[ "$icmp_b" -eq 0 ] || fail "$1: $icmp_b ICMP packet(s) reached hB's tap"
	[ "$h1" -gt "$h0" ] || fail "$1: A's $2 did not rise ($h0 -> $h1)"
	[ "$(peer_num B a handshakes)" -eq 0 ] ||
		fail "$1: B counts a completed handshake with A"
	[ "$(peer_num B a rx_frames)" -eq 0 ] || fail "$1: B received frames from A"
}

# refuse WHAT PATTERN ARGS...: vde-cable ARGS exits non-zero within 10 s
# and its output contains the fixed string PATTERN
refuse() {
	_what=$1
	_pat=$2
	shift 2
	ip netns exec "$NS_CA" timeout 10 "$VDECABLE" -s "$SW_A" -f "$@" \
		--listen "$IP_CA:$CPORT" </dev/null >"$T/refuse.out" 2>&1
	_rc=$?
	note "$_what: exit $_rc: $(head -n 2 "$T/refuse.out" | tr '\n' ' ')"
	if [ $_rc -eq 0 ] || [ $_rc -eq 124 ]; then
		fail "$_what: vde-cable did not refuse to start (exit $_rc)"
	elif ! grep -qF -- "$_pat" "$T/refuse.out"; then
		fail "$_what: the message does not say '$_pat'"
	fi
}

case $CASE in
files)
	chmod 0644 "$T/a.key"
	refuse "key file mode 0644" "0644" --key "$T/a.key" --peers "$T/a.peers"
	chmod 0600 "$T/a.key"
	chown nobody "$T/a.key"
	refuse "key file owned by nobody" "owned by" --key "$T/a.key" \
		--peers "$T/a.peers"
	chown 0 "$T/a.key"
	printf '%s name=b\n%s name=b\n' "$(pub b)" "$(pub c)" >"$T/bad.peers"
	refuse "two peers named b" "$T/bad.peers:2:" --key "$T/a.key" \
		--peers "$T/bad.peers"
	printf '%s name=b vlans=10,5000\n' "$(pub b)" >"$T/bad.peers"
	refuse "VLAN 5000" "$T/bad.peers:1:" --key "$T/a.key" \
		--peers "$T/bad.peers"
	# the same files, fixed: it starts and the cable works
	cable_udp
	cable_wait_up 20 || fail "no ping with the fixed files"
	;;
wrong)
	echo "$(pub c) name=a" >"$T/b.peers"
	cable_udp
	no_session "wrong key for A" drop_mac1
	[ "$(stat_num A drop_unknown_key)" -eq 0 ] ||
		fail "wrong key: counted as unknown key, mac1 should fail first"
	;;
unknown)
	echo "$(pub c) name=b" >"$T/a.peers"
	cable_udp
	no_session "B's key unknown to A" drop_unknown_key
	;;
revoked)
	cable_udp
	cable_wait_up 20 || bail "no ping through the cable before the revocation"
	[ "$(peer_num A b handshakes)" -ge 1 ] || fail "A shows no handshake with b"
	echo "$(pub c) name=c" >"$T/a.peers"
	cable_stop A
	cable_start A "$NS_CA" --listen "$IP_CA:$CPORT"
	ip netns exec "$NS_HA" ping -c 3 -i 1 -W 1 "$IP_HB" >"$T/ping" 2>&1 &&
		fail "revoked: ping answered by the old session"
	# a fresh initiator with the revoked key
	cable_stop B
	cable_start B "$NS_CB" --connect "$IP_CA:$CPORT"
	no_session "revoked key" drop_unknown_key
	;;
*) bail "unknown case $CASE" ;;
esac
alive "$CPID_A" && alive "$CPID_B" || fail "a cable end died"
[ $_nfail -eq 0 ] || { cable_logs; show_peers; }
finish
