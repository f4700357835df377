#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# mkcorpus_cable.py - (re)write the seed corpora corpus/msg, corpus/peers,
# corpus/transport, corpus/keys, corpus/record and corpus/console of the
# cable fuzz targets (corpus/device comes from fuzz_device_mkcorpus, see
# tests/fuzz/meson.build).  The seeds
# are checked in; run this only to change them.  Independent of the C
# code: hashlib.blake2b for mac1/mac2 and python3-cryptography's
# ChaCha20Poly1305 for transport packets, with the keys the targets use
# (see the header comments of fuzz_msg.c and fuzz_transport.c).
import base64
import hashlib
import os
import struct

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

HERE = os.path.dirname(os.path.abspath(__file__))
PUB = bytes(range(0x41, 0x61))
COOKIE = bytes(range(0xa0, 0xb0))
K_RECV = bytes(range(0x81, 0xa1))
INDEX = 0xdeadbeef


def write(target, seeds):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name + '.bin'), 'wb') as f:
            f.write(data)


def macs(msg, mac2=True):
    key = hashlib.blake2b(b'mac1----' + PUB, digest_size=32).digest()
    body = msg[:-32]
    m1 = hashlib.blake2b(body, key=key, digest_size=16).digest()
    m2 = (hashlib.blake2b(body + m1, key=COOKIE, digest_size=16).digest()
          if mac2 else bytes(16))
    return body + m1 + m2


def pattern(n, k=7):
    return bytes((i * k + 3) & 0xff for i in range(n))


def transport(counter, frame, index=INDEX, pad=True):
    hdr = struct.pack('<BxxxIQ', 4, index, counter)
    p = frame + b'\x80' if pad else frame
    p += bytes(-len(p) % 16)
    nonce = bytes(4) + struct.pack('<Q', counter)
    return hdr + ChaCha20Poly1305(K_RECV).encrypt(nonce, p, hdr)


init = struct.pack('<BxxxI', 1, 0x11223344) + pattern(140)
resp = struct.pack('<BxxxII', 2, 0x55667788, 0x11223344) + pattern(80, 5)
write('msg', {
    'init-mac1': macs(init, mac2=False),
    'init-mac2': macs(init),
    'init-nomac': init,
    'resp-mac1': macs(resp, mac2=False),
    'resp-mac2': macs(resp),
    'cookie': struct.pack('<BxxxI', 3, 0x11223344) + pattern(56, 3),
    'transport-min': struct.pack('<BxxxIQ', 4, 1, 2) + pattern(32),
    'transport-64': struct.pack('<BxxxIQ', 4, 1, 2) + pattern(48),
    'type5': struct.pack('<BxxxI', 5, 1) + pattern(140),
    'short': b'\x01\x00\x00',
})

write('transport', {
    'keepalive-4000': transport(4000, b''),
    'frame-60-4001': transport(4001, pattern(60)),
    'frame-1514-4999': transport(4999, pattern(1514, 11)),
    'frame-9234-7000': transport(7000, pattern(9234, 13)),
    'frame-15-3000': transport(3000, pattern(15)),
    'replay-5': transport(5, pattern(60)),
    'nopad-4002': transport(4002, bytes(16), pad=False),
    'index-12': transport(12, pattern(60), index=0x1111),
})

ALICE = bytes.fromhex('77076d0a7318a57d3c16c17251b26645'
                      'df4c2f87ebc0992ab177fba51db92c2a')
write('keys', {
    'alice': base64.b64encode(ALICE),
    'alice-nl': base64.b64encode(ALICE) + b'\n',
    'noncanon': base64.b64encode(ALICE)[:42] + b'p=',
    'url': base64.urlsafe_b64encode(bytes(range(200, 232))),
    'short': base64.b64encode(ALICE)[:43],
    # found by fuzz_keys: bytes >= 0x80 that libsodium 1.0.18 decodes
    'highbit': b'd' + b'\xff' * 12 + b'sFyUbJmRd9MLJkqsXf7pRf7pR25LCo=',
})


def b64(i):
    return base64.b64encode(bytes((i * 32 + j + 1) & 255
                                  for j in range(32))).decode()


# cable-peers(5): accepted files and one of each kind of mistake
write('peers', {
    'design': ('# pubkey                                       options\n'
               f'{b64(0)}  name=siteb switch=lan vlans=10,20 '
               'endpoint=198.51.100.7:4789 keepalive=25\n'
               f'{b64(1)}   name=laptop switch=lan vlans=10 '
               'psk-file=/etc/vde/laptop.psk\n').encode(),
    'v6-any': (f'{b64(2)} name=v6 vlans=any '
               'endpoint=[2001:db8::1]:51820\n').encode(),
    'ranges': (f'\t{b64(3)}\tkeepalive=3600 vlans=1-4094 name=a.b_c-d '
               '# trailing\n\n# end\n').encode(),
    'empty': b'',
    'dup-key': f'{b64(0)} name=a\n{b64(0)} name=b\n'.encode(),
    'dup-name': f'{b64(0)} name=a\n{b64(1)} name=a\n'.encode(),
    'zero-key': (base64.b64encode(bytes(32)).decode() +
                 ' name=z\n').encode(),
    'bad-vlans': f'{b64(0)} name=a vlans=10,20-15,4095\n'.encode(),
    'bad-endpoint': f'{b64(0)} name=a endpoint=[::1]80\n'.encode(),
    'long-line': b'#' + b'x' * 1100 + b'\n',
    'ctrl': f'{b64(0)} name=a\r\n'.encode(),
})


# corpus/record: the stream framing of vde-cable (2-byte big-endian
# length, 4 ... 9280): records as stream traffic has them, a record cut
# short, and impossible lengths (too long, too short)
def record(b):
    return struct.pack('>H', len(b)) + b


INIT = bytes([1, 0, 0, 0]) + pattern(144)
RESP = bytes([2, 0, 0, 0]) + pattern(88)
KA = bytes([4, 0, 0, 0]) + bytes(44)
BIG = bytes([4, 0, 0, 0]) + bytes(9276)
write('record', {
    'handshake': record(INIT) + record(RESP) + record(KA),
    'full-size': record(BIG) + record(KA)[:3],
    'too-long': record(KA) + b'\x24\x41' + bytes(10),
    'too-short': b'\x00\x03abc',
})


# corpus/console: what a client types at vde-cable's console; 0xfe cuts
# the input into two writes (fuzz_console.c)
write('console', {
    'commands': b'help\ncable/peers\ncable/stats\n',
    'split': b'showi\xfenfo\r\n\n# comment\nnope\n\x01\nlogout\n',
    'long': b'x' * 300 + b'\ncable/peers\n',
    'macs': b'cable/macs\ncable/macs sitec\ncable/macs nobody\n',
})
