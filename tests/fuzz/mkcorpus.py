#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# mkcorpus.py - (re)write the seed corpora in corpus/v3, corpus/fwd and
# corpus/state.  The seeds are checked in; run this only to change them.
# Formats: see the header comments of fuzz_v3.c (a raw control request),
# fuzz_fwd.c and fuzz_state.c (a STATE_MEMFD image, lib/state.h).
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
MAGIC = 0xFEEDFACE


def sockaddr(path, family=1):
    return struct.pack('<H', family) + path.ljust(108, b'\0')[:108]


def v3(kind=0, port=0, path=b'/tmp/vdet/sw1/.17784-00000', descr=b'',
       version=3, magic=MAGIC):
    return (struct.pack('<III', magic, version, kind | port << 8) +
            sockaddr(path) + descr)


def v1(kind=0, path=b'/tmp/old.sock', descr=b''):
    return (struct.pack('<I', MAGIC) + struct.pack('<I', kind) +
            b'\x52\x54\x00\x12\x34\x56' + sockaddr(path) + descr)


V3_SEEDS = {
    # spec section 2.1, Debian vde_plug
    'observed': v3(descr=b'vdeplug: user=root pid=17784'),
    'qemu-port5': v3(port=5, path=b'/run/user/1000/.4242-00000',
                     descr=b'QEMU user=1000 pid=4242'),
    'port0': v3(kind=1, descr=b'vde_plug: user=root PID=1'),
    'minimal': v3(path=b'/a'),
    'descr-134': v3(path=b'/tmp/x', descr=b'D' * 134),
    'descr-ctl': v3(path=b'/tmp/x', descr=b'evil\nport/remove 1\r\n\x1b[2J\x7f\xff'),
    'abstract': v3(path=b'\0vde-abstract'),
    'v1': v1(descr=b'old client'),
    'v1-port0': v1(kind=1),
    'relative': v3(path=b'tmp/x'),
    'bad-magic': v3(magic=0xCEFAEDFE),
    'version2': v3(version=2),
    'port-max': v3(port=0x7FFFFF, path=b'/p'),
    'path-107': v3(path=b'/' + b'a' * 106),
}

BC = b'\xff' * 6
MC = b'\x01\x00\x5e\x00\x00\xfb'
A = bytes.fromhex('525400123401')
B = bytes.fromhex('525400123402')
C = bytes.fromhex('525400123403')
VB = 0xabc  # the second VLAN of fuzz_fwd.c


def eth(dst, src, size=64, vid=None, seed=0):
    h = dst + src
    if vid is not None:
        h += struct.pack('>HH', 0x8100, vid)
    h += b'\x08\x00'
    body = bytes((seed + i) & 0xff for i in range(max(0, size - len(h))))
    return (h + body)[:size]


def rec(port, frame, trunc=False, advance=0, age=False):
    ctl = port & 3
    if trunc:
        ctl |= 4
    if advance:
        ctl |= 8 | (advance & 15) << 4
    if age:
        ctl = 0xf8 | (port & 3)
    return bytes([ctl]) + struct.pack('>H', len(frame)) + frame


def nib(untagged=0, tagged=()):
    n = {0: 0, 10: 1, VB: 2, None: 3}[untagged]
    if 10 in tagged:
        n |= 4
    if VB in tagged:
        n |= 8
    return n


def fwd(records, hub=False, batch=False, ports=({}, {}, {}, {}), minpers=3):
    n = [nib(**p) for p in ports]
    head = bytes([int(hub) | int(batch) << 1, n[0] | n[1] << 4,
                  n[2] | n[3] << 4, minpers])
    return head + b''.join(records)


ACCESS10 = ({}, {'untagged': 10}, {'tagged': (10,)}, {})
TRUNKS = ({}, {'untagged': 10}, {'untagged': None, 'tagged': (10, VB)},
          {'untagged': VB})

FWD_SEEDS = {
    'broadcast': fwd([rec(1, eth(BC, A))]),
    'learn-reply': fwd([rec(1, eth(BC, A)), rec(2, eth(A, B)),
                        rec(1, eth(B, A)), rec(3, eth(B, C))]),
    'multicast': fwd([rec(0, eth(MC, A, 100))]),
    'vlan-access-trunk': fwd([rec(1, eth(BC, A)), rec(2, eth(BC, B, vid=10)),
                              rec(2, eth(A, B, 68, vid=10)),
                              rec(2, eth(BC, C, vid=11)),
                              rec(3, eth(BC, C, vid=10))], ports=ACCESS10),
    'vlan-trunks': fwd([rec(2, eth(BC, A, vid=VB)), rec(3, eth(BC, B)),
                        rec(2, eth(BC, C)), rec(2, eth(BC, C, vid=0xe00a)),
                        rec(2, eth(BC, C, vid=4095))], ports=TRUNKS),
    # BPDU guard: the bridge group and LLDP from tenant ports, in both modes
    'bpdu-guard': fwd([rec(1, eth(bytes.fromhex('0180c2000000'), A)),
                       rec(2, eth(bytes.fromhex('0180c200000e'), B)),
                       rec(3, eth(bytes.fromhex('0180c2000003'), C, vid=10))],
                      ports=ACCESS10),
    'bpdu-guard-hub': fwd([rec(1, eth(bytes.fromhex('0180c2000000'), A)),
                           rec(0, eth(bytes.fromhex('0180c2000002'), B))],
                          hub=True),
    'hub': fwd([rec(1, eth(BC, A)), rec(0, eth(A, B, vid=10)),
                rec(3, eth(B, A))], hub=True, ports=ACCESS10),
    'short': fwd([rec(1, b''), rec(1, eth(BC, A, 5)), rec(1, eth(BC, A, 13)),
                  rec(1, eth(BC, A, 14)), rec(2, eth(BC, A, 18, vid=10)),
                  rec(1, eth(BC, A, 59)),
                  rec(1, eth(BC, A, 100), trunc=True)], ports=ACCESS10),
    'big': fwd([rec(1, eth(BC, A, 9234)), rec(2, eth(BC, B, 9234, vid=10))],
               ports=ACCESS10),
    'batch': fwd([rec(i % 4, eth(BC if i % 3 else B, bytes([0x52, 0, 0, 0, 0, i]),
                                 60 + 37 * i, seed=i))
                  for i in range(40)], batch=True),
    'move-age': fwd([rec(1, eth(BC, A)), rec(2, eth(BC, A), advance=1),
                     rec(3, eth(A, B)), rec(2, eth(BC, A), advance=4),
                     rec(3, eth(A, B)), rec(0, eth(BC, C), age=True),
                     rec(3, eth(A, B))], minpers=3),
}


def write(target, seeds):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name + '.bin'), 'wb') as f:
            f.write(data)




def state(body, version=1, seq=1, spoil=None, cut=0):
    """One slot of lib/state.h: header (host order: little-endian here),
    BLAKE2b-256 of the header up to the hash and of the body"""
    head = b'VDESTAT1' + struct.pack('<IIQ', version, len(body), seq)
    rec = head + hashlib.blake2b(head + body, digest_size=32).digest() + body
    if spoil is not None:
        rec = rec[:spoil] + bytes([rec[spoil] ^ 1]) + rec[spoil + 1:]
    return rec[:len(rec) - cut]


STATE_BODY = (b'port/setnumports 16\nport/sethub 0\nhash/setsize 64\n'
              b'hash/setgcint 2\nhash/setexpire 120\nhash/setminper 3\n'
              b'vlan/create 10\nvlan/create 20\nport/create 3\n'
              b'port/setvlan 3 10\nport/setuser 3 1000\n'
              b'port/setgroup 3 100\nvlan/addport 20 3\nport/create 5\n'
              b'port/allocatable 5 1\nport/setvlan 5 4095\n'
              b'vlan/addport 10 5\nvlan/addport 20 5\n')
STATE_SEEDS = {
    'record': state(STATE_BODY),
    'body': STATE_BODY,
    'bad-hash': state(STATE_BODY, spoil=70),
    'truncated': state(STATE_BODY, cut=5),
    'version2': state(STATE_BODY, version=2),
    'hostile': state(b'shutdown\nport/epclose 1 5\nload /etc/passwd\n'
                     b'port/setnumports 300\nport/remove 3\n'
                     b'vlan/remove 10\nport/setnumports 4\n'
                     b'hash/setsize 4096\nport/create 0\n'
                     b'x' * 1100 + b'\nport/setvlan 0 \x01\n'),
    'empty': b'\0' * 56,
}

write('v3', V3_SEEDS)
write('fwd', FWD_SEEDS)
write('state', STATE_SEEDS)
