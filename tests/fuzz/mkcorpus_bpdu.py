#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# mkcorpus_bpdu.py - (re)write the seed corpus corpus/bpdu of fuzz_bpdu.c.
# The seeds are checked in; run this only to change them.  Independent of
# the C code: BPDUs laid out from IEEE 802.1D-2004 clause 9 by hand.
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
DST = bytes.fromhex('0180c2000000')


def bid(prio, mac):
    return struct.pack('>H', prio) + bytes.fromhex(mac)


def frame(bpdu, src='020000000020', length=None, llc=b'\x42\x42\x03'):
    n = len(llc) + len(bpdu) if length is None else length
    f = DST + bytes.fromhex(src) + struct.pack('>H', n) + llc + bpdu
    return f + bytes(max(0, 60 - len(f)))


def config(root, cost, bridge, port, flags=0, age=0, maxage=20, hello=2,
           fd=15, version=0, btype=0):
    return (struct.pack('>HBBB', 0, version, btype, flags) + root +
            struct.pack('>I', cost) + bridge +
            struct.pack('>HHHHH', port, age * 256, maxage * 256,
                        hello * 256, fd * 256))


def rst(root, cost, bridge, port, flags, **kw):
    return config(root, cost, bridge, port, flags, version=2, btype=2,
                  **kw) + b'\x00'


def rec(port, data, ticks=0, bounce=False):
    return bytes([port | (4 if bounce else 0) | ticks << 4,
                  len(data)]) + data


ROOT = bid(0x1000, '020000000001')
PEER = bid(0x8000, '020000000002')
TENANT = bid(0x0000, '02000000dead')
DESIG = 3 << 2
ROOTROLE = 2 << 2
ALT = 1 << 2

seeds = {
    'config': b'\x00' + rec(1, frame(config(ROOT, 0, ROOT, 0x8001))),
    'config-tc': b'\x01' + rec(1, frame(config(ROOT, 0, ROOT, 0x8001,
                                               flags=0x81)), 2),
    'tcn': b'\x01' + rec(2, frame(b'\x00\x00\x00\x80')),
    'rst-proposal': b'\x00' + rec(1, frame(rst(ROOT, 0, ROOT, 0x8001,
                                               DESIG | 0x02))),
    'rst-agreement': b'\x00' + rec(0, b'', 3) +
    rec(2, frame(rst(bid(0x8000, '020000000010'), 20000, PEER, 0x8002,
                     ROOTROLE | 0x40 | 0x30))),
    'triangle': b'\x00' + rec(1, frame(rst(ROOT, 0, ROOT, 0x8001, DESIG))) +
    rec(2, frame(rst(ROOT, 20000, PEER, 0x8003, DESIG | 0x30)), 4) +
    rec(1, frame(rst(ROOT, 0, ROOT, 0x8001, DESIG | 0x01)), 15),
    'superior-tenant': b'\x08' + rec(3, frame(rst(TENANT, 0, TENANT, 0x8001,
                                                  DESIG | 0x02)), 1, True),
    'mstp-v3': b'\x00' + rec(1, frame(config(ROOT, 0, ROOT, 0x8001,
                                             DESIG, version=3, btype=2) +
                                      b'\x00' + bytes(64))),
    'age-expired': b'\x00' + rec(1, frame(config(ROOT, 0, ROOT, 0x8001,
                                                 age=20))),
    'short': b'\x00' + rec(1, DST + bytes(8)),
    'ethertype': b'\x00' + rec(1, frame(config(ROOT, 0, ROOT, 1),
                                        length=0x8100)),
    'bad-llc': b'\x00' + rec(1, frame(config(ROOT, 0, ROOT, 1),
                                      llc=b'\xaa\xaa\x03')),
    'truncated-rst': b'\x00' + rec(1, frame(rst(ROOT, 0, ROOT, 1,
                                                DESIG)[:30])),
    'own': b'\x00' + rec(1, frame(rst(bid(0x8000, '020000000010'), 0,
                                      bid(0x8000, '020000000010'), 0x8001,
                                      DESIG))),
}

d = os.path.join(HERE, 'corpus', 'bpdu')
os.makedirs(d, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(d, name + '.bin'), 'wb') as f:
        f.write(data)
