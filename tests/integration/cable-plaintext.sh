#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-plaintext.sh - nothing crosses the veth in clear: while hA sends
# UDP datagrams carrying a marker string and pings with a marker pattern
# (ping -p) to hB through a vde-cable over UDP, tcpdump captures the veth
# in cA and, as a control, hA's tap.  The veth capture must hold packets
# (the capture worked: only the cable's UDP between 10.66.0.1 and
# 10.66.0.2) and never the markers, nor the inner IP addresses; the tap
# capture (the unencrypted side) must hold every marker.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

cable_up

MARK="vde-cable-plaintext-marker-$$"
PAT=5644452d4341424c452d4d41524b2121	# "VDE-CABLE-MARK!!"
# every 16-byte rotation of the ping pattern (ping fills its payload with
# the pattern from an offset of its own)
ROT=$(echo "$PAT$PAT" | awk '{ for (i = 0; i < 16; i++) print substr($0, 2 * i + 1, 32) }')
INNER=$(hexof "$MARK")
# the inner IPv4 source and destination as they sit in an IP header
INNER_IP="c0a84201c0a84202 c0a84202c0a84201"

cap_start veth "$NS_CA" "$VETH_A"
cap_start tap "$NS_HA" "$TAP_A"
ip netns exec "$NS_HA" "$PY" -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(20):
    s.sendto(("%s %d" % (sys.argv[2], i)).encode(), (sys.argv[1], 9))
    time.sleep(0.02)' "$IP_HB" "$MARK" || fail "sending the UDP markers failed"
ip netns exec "$NS_HA" ping -c 10 -i 0.05 -W 2 -p "$PAT" "$IP_HB" \
	>"$T/ping" 2>&1 || fail "marked pings: $(tail -2 "$T/ping")"
cap_stop veth
cap_stop tap

nveth=$(pcap count "$T/veth.pcap")
ntap=$(pcap count "$T/tap.pcap")
note "captured $nveth packets on the veth, $ntap on the tap"
# 20 datagrams + 10 requests + 10 replies at least
[ "$nveth" -ge 40 ] || fail "only $nveth packets captured on the veth"
# shellcheck disable=SC2086
m_veth=$(pcap grep "$T/veth.pcap" "$INNER" $ROT $INNER_IP)
m_udp=$(pcap grep "$T/tap.pcap" "$INNER")
# shellcheck disable=SC2086
m_ping=$(pcap grep "$T/tap.pcap" $ROT)
m_ip=$(pcap grep "$T/tap.pcap" $INNER_IP)
note "markers: veth $m_veth; tap: $m_udp UDP, $m_ping ICMP, $m_ip inner IP"
[ "$m_veth" -eq 0 ] || fail "$m_veth packet(s) on the veth carry a marker or the inner addresses in clear"
[ "$m_udp" -ge 20 ] || fail "control: only $m_udp UDP markers on the tap"
[ "$m_ping" -ge 20 ] || fail "control: only $m_ping ICMP markers on the tap"
[ "$m_ip" -ge 40 ] || fail "control: inner addresses in only $m_ip tap packets"
# what the veth carried: only the cable's datagrams
pcap udp "$T/veth.pcap" >"$T/veth.udp"
nudp=$(wc -l <"$T/veth.udp")
nother=$(awk -v a="$IP_CA" -v b="$IP_CB" -v p="$CPORT" '
	!(($1 == a && $2 == p && $3 == b) || ($1 == b && $3 == a && $4 == p)) { n++ }
	END { print n + 0 }' "$T/veth.udp")
note "$nudp UDP packets on the veth, $nother not between the cable ends"
[ "$nudp" -ge 40 ] || fail "only $nudp UDP packets on the veth"
[ "$nother" -eq 0 ] || fail "$nother UDP packets on the veth are not the cable's"
# the type-4 data packets of the cable are padded to 16 bytes
awk '$5 == 4 && ($6 - 16) % 16 != 0 { bad++ } END { exit bad > 0 }' \
	"$T/veth.udp" || fail "transport packets not a header plus a multiple of 16 bytes"
[ $_nfail -eq 0 ] || { cable_logs; show_peers; }
finish
