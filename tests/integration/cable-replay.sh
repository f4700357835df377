#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-replay.sh - replayed transport packets are dropped and counted,
# never delivered twice.  hB pings hA 20 times through a vde-cable over
# UDP while tcpdump captures, on the veth in cA, the packets B sends to
# A's port, and on hA's tap the echo requests that arrive.  The captured
# type-4 (transport) packets are then sent again from cB twice:
#  1. as captured, whole Ethernet frames written to B's veth with an
#     AF_PACKET socket (same addresses and source port: a true replay);
#  2. their UDP payloads from another source port of cB (a plain socket):
#     a replay must not move the session (roaming follows only
#     authenticated packets).
# A's drop_replay for b rises by exactly the number re-sent (and A's
# socket did receive them all: rx_packets), hA's tap has seen exactly 20
# echo requests, A's endpoint for b is unchanged, and the
# cable still works afterwards.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

cable_up
ip netns exec "$NS_HB" ping -c 1 -W 2 "$IP_HA" >/dev/null 2>&1	# ARP

cap_start veth "$NS_CA" "$VETH_A" udp and src "$IP_CB" and dst port "$CPORT"
cap_start echo "$NS_HA" "$TAP_A" icmp and 'icmp[icmptype] == icmp-echo'
ip netns exec "$NS_HB" ping -c 20 -i 0.05 -W 2 "$IP_HA" >"$T/ping" 2>&1 ||
	fail "ping hB -> hA: $(tail -2 "$T/ping")"
cap_stop veth
K=$(pcap udpdump "$T/veth.pcap" "$T/replay.hex" "$IP_CB" "$CPORT" 4)
note "captured $K transport packets from B"
[ "$K" -ge 20 ] || bail "only $K transport packets captured for 20 pings"

ep0=$(cable_peer A b endpoint)
p0=$(stat_num A rx_packets)
r0=$(peer_num A b drop_replay)
f0=$(peer_num A b rx_frames)
note "before: endpoint $ep0, drop_replay $r0, rx_frames $f0"

# 1. the frames as captured, on B's veth
# (a capture on a veth holds the UDP checksum as left for offload: it is
# set here to what a wire would have carried)
ip netns exec "$NS_CB" "$PY" -c 'import socket, struct, sys
def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[1], 0))
n = 0
for line in open(sys.argv[2]):
    f = bytearray(bytes.fromhex(line.strip()))
    ihl = (f[14] & 15) * 4
    u = 14 + ihl
    ulen = struct.unpack("!H", f[u + 4:u + 6])[0]
    f[u + 6:u + 8] = b"\0\0"
    c = csum(bytes(f[26:34]) + struct.pack("!BBH", 0, 17, ulen) + bytes(f[u:u + ulen])) or 0xffff
    f[u + 6:u + 8] = struct.pack("!H", c)
    s.send(bytes(f))
    n += 1
print(n)' "$VETH_B" "$T/replay.hex" >"$T/sent1" 2>&1 ||
	fail "raw replay failed: $(cat "$T/sent1")"
# 2. the payloads from another port
ip netns exec "$NS_CB" "$PY" -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n = 0
for line in open(sys.argv[3]):
    f = bytes.fromhex(line.strip())
    ihl = (f[14] & 15) * 4
    s.sendto(f[14 + ihl + 8:], (sys.argv[1], int(sys.argv[2])))
    n += 1
print(n)' "$IP_CA" "$CPORT" "$T/replay.hex" >"$T/sent2" 2>&1 ||
	fail "UDP replay failed: $(cat "$T/sent2")"
sent=$(($(num "$(cat "$T/sent1")") + $(num "$(cat "$T/sent2")")))
note "re-sent $sent packets"

# wait for A to have counted them
want=$((r0 + sent))
_i=0
while [ "$(peer_num A b drop_replay)" -lt "$want" ] && [ $_i -lt 50 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
sleep 0.5
cap_stop echo
r1=$(peer_num A b drop_replay)
p1=$(stat_num A rx_packets)
f1=$(peer_num A b rx_frames)
ep1=$(cable_peer A b endpoint)
nreq=$(pcap count "$T/echo.pcap")
note "after: endpoint $ep1, drop_replay $r1, rx_frames $f1, rx_packets $p0 -> $p1; hA's tap saw $nreq echo requests"
[ $((p1 - p0)) -ge "$sent" ] || fail "A's socket received $((p1 - p0)) packets, $sent were re-sent"
[ "$r1" -eq "$want" ] ||
	fail "drop_replay went from $r0 to $r1 after $sent replays (want $want)"
[ "$nreq" -eq 20 ] || fail "hA's tap saw $nreq echo requests for 20 pings"
[ -n "$ep0" ] && [ "$ep1" = "$ep0" ] ||
	fail "endpoint of b moved from '$ep0' to '$ep1' on replayed packets"
grep -q 'DUP!' "$T/ping" && fail "ping saw duplicates"
ip netns exec "$NS_HB" ping -c 3 -i 0.2 -W 2 "$IP_HA" >"$T/ping2" 2>&1 ||
	fail "the cable stopped working after the replay: $(tail -2 "$T/ping2")"
[ $_nfail -eq 0 ] || { cable_logs; show_peers; }
finish
