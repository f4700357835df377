# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# rawframe.py - one Ethernet frame sent or received on an interface with
# an AF_PACKET socket, 802.1Q tag included, without the kernel's VLAN
# devices (the 8021q module may be missing).  Run it inside the network
# namespace of the interface.
#   rawframe.py send IFACE DST SRC ETHERTYPE VID|- PAYLOADHEX
#       VID "-": untagged; otherwise a tag 81 00 + VID goes in the frame.
#   rawframe.py recv IFACE ETHERTYPE SECS [READYFILE]
#       prints "vid=N payload=HEX" (vid=- if untagged; the first 8 bytes
#       of the payload) for the first frame
#       received (not sent) with that ethertype, or exits 1 on timeout.
#       The kernel moves a received tag to auxiliary data: both places
#       are looked at.
import os
import select
import socket
import struct
import sys
import time

SOL_PACKET, PACKET_AUXDATA, TP_STATUS_VLAN_VALID = 263, 8, 0x10
ETH_P_ALL, PACKET_OUTGOING = 3, 4


def send(iface, dst, src, etype, vid, payload):
    f = bytes.fromhex(dst) + bytes.fromhex(src)
    if vid != '-':
        f += struct.pack('>HH', 0x8100, int(vid))
    f += struct.pack('>H', int(etype, 16)) + bytes.fromhex(payload)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(f.ljust(60, b'\0'))


def recv(iface, etype, secs, ready=None):
    want = int(etype, 16)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    if ready:
        open(ready, 'w').close()
    end = time.monotonic() + float(secs)
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            return 1
        data, anc, _, addr = s.recvmsg(65536, socket.CMSG_SPACE(20))
        if addr[2] == PACKET_OUTGOING or len(data) < 14:
            continue
        vid = '-'
        for level, typ, d in anc:
            if level == SOL_PACKET and typ == PACKET_AUXDATA:
                st, _, _, _, _, tci, _ = struct.unpack('IIIHHHH', d[:20])
                if st & TP_STATUS_VLAN_VALID:
                    vid = str(tci & 0xfff)
        off = 12
        if data[12:14] == b'\x81\x00':
            vid = str(struct.unpack('>H', data[14:16])[0] & 0xfff)
            off = 16
        if struct.unpack('>H', data[off:off + 2])[0] != want:
            continue
        print('vid=%s payload=%s' % (vid, data[off + 2:off + 10].hex()),
              flush=True)
        return 0


if __name__ == '__main__':
    if sys.argv[1] == 'send':
        send(*sys.argv[2:8])
        sys.exit(0)
    sys.exit(recv(*sys.argv[2:]))
