#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-stream.sh tcp|stdio - vde-cable's stream mode (the same handshake
# and authenticated framing over a byte stream):
#  tcp:   A --stream --listen 10.66.0.1:PORT, B --stream --connect over
#         the veth; ping both ways, a checksummed 10 MB transfer, a
#         capture of the veth without the marker of the pings (no
#         plaintext in stream mode either).
#  stdio: vde-dpipe "vde-cable --stream --stdio (A)" = "vde-cable
#         --stream --stdio --peer a (B)", run in a namespace with no
#         network at all but loopback; ping and a checksummed transfer.
# Both: the cable/peers counters show the frames.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

CASE=${1:-tcp}
need_cable
PAT=5644452d53545245414d2d4d41524b21	# "VDE-STREAM-MARK!"
ROT=$(echo "$PAT$PAT" | awk '{ for (i = 0; i < 16; i++) print substr($0, 2 * i + 1, 32) }')

case $CASE in
tcp)
	cable_topo
	cable_keys
	cable_start A "$NS_CA" --stream --listen "$IP_CA:$CPORT"
	cable_start B "$NS_CB" --stream --connect "$IP_CA:$CPORT"
	;;
stdio)
	[ -n "$DPIPE" ] && [ -x "$DPIPE" ] || bail "DPIPE not set"
	cable_topo 1
	cable_keys
	# one vde-dpipe joins the two ends; consoles as in cable_start
	# shellcheck disable=SC2086
	ip netns exec "$NS_CA" "$DPIPE" \
		"$VDECABLE" -s "$SW_A" --key "$T/a.key" --peers "$T/a.peers" \
		-M "$CM_A" -f $CABLE_EXTRA --stream --stdio = \
		"$VDECABLE" -s "$SW_B" --key "$T/b.key" --peers "$T/b.peers" \
		-M "$CM_B" -f $CABLE_EXTRA --stream --stdio --peer a \
		</dev/null >"$T/cableA.log" 2>&1 &
	CPID_A=$!
	CPID_B=$CPID_A
	rec_pid $CPID_A
	wait_file "$CM_A" 10 && wait_file "$CM_B" 10 || {
		sed 's/^/#   /' "$T/cableA.log"
		bail "vde-dpipe with two stdio cable ends did not start"
	}
	;;
*) bail "unknown case $CASE" ;;
esac

cable_wait_up 20 || bail "no ping from hA to hB through the stream cable"
[ "$CASE" = tcp ] && cap_start veth "$NS_CA" "$VETH_A"
ip netns exec "$NS_HA" ping -c 10 -i 0.1 -W 2 -p "$PAT" "$IP_HB" >"$T/ping" 2>&1 ||
	fail "ping hA -> hB: $(tail -2 "$T/ping")"
ip netns exec "$NS_HB" ping -c 5 -i 0.1 -W 2 "$IP_HA" >"$T/ping2" 2>&1 ||
	fail "ping hB -> hA: $(tail -2 "$T/ping2")"
grep -q 'DUP!' "$T/ping" "$T/ping2" && fail "duplicate replies"
xfer_start 10000000
xfer_check "10 MB hA -> hB ($CASE stream)" 45
if [ "$CASE" = tcp ]; then
	cap_stop veth
	n=$(pcap count "$T/veth.pcap")
	# shellcheck disable=SC2086
	m=$(pcap grep "$T/veth.pcap" $ROT c0a84201c0a84202 c0a84202c0a84201)
	note "veth: $n packets, $m with the marker or the inner addresses"
	[ "$n" -ge 20 ] || fail "only $n packets captured on the veth"
	[ "$m" -eq 0 ] || fail "$m packets on the veth carry plaintext"
fi
show_peers
rb=$(peer_num B a rx_bytes)
ta=$(peer_num A b tx_frames)
[ "$rb" -ge 10000000 ] || fail "B counts $rb bytes received from a"
[ "$ta" -gt 0 ] || fail "A counts no frames sent to b"
[ "$(peer_num A b drop_auth)" -eq 0 ] || fail "authentication drops on A"
alive "$CPID_A" && alive "$CPID_B" || fail "a cable end died"
[ $_nfail -eq 0 ] || cable_logs
finish
