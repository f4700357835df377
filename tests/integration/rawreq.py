# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# rawreq.py SWDIR PORT CASE - send one hand-made control request to
# SWDIR/ctl and report what the switch did (shared/spec/vde-wire.md 9.11).
#
# Output, one line: "CASE -> ACCEPTED <path> in N ms", "CASE -> closed
# (N bytes) in M ms" or "CASE -> no answer within S s, stream open".
# RAWREQ_TIMEOUT (seconds, default 3) bounds the wait.
#
# Cases: valid, split (a valid request in two writes), short (half a
# header, then wait), shorteof (half a header, then shut down writing),
# long (> 256 bytes), garbage, badmagic, v2, kind7, portneg (bit 31 of
# type), family (sun_family 2), relative, empty, unterminated (sun_path
# without NUL), abstract, idle (send nothing), path:FILE (name FILE as
# the return socket), v1 (a legacy version 1 request), v1port (version 1
# with a port number in the type word), len256 and len257 (valid requests
# of 256 and 257 bytes: the description is 134 and 135 bytes long).
import os
import socket
import struct
import sys
import time

d, port, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
timeout = float(os.environ.get('RAWREQ_TIMEOUT', '3'))
sockdir = os.environ.get('RAWREQ_DIR', '/tmp')


def sun(p, family=socket.AF_UNIX):
    return struct.pack('=H', family) + p.ljust(108, b'\0')


def hdr(magic=0xfeedface, ver=3, typ=None):
    return struct.pack('=III', magic, ver, port << 8 if typ is None else typ)


ds = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
mine = None
if how == 'abstract':
    n = (b'\0rawreq%d' % os.getpid()).ljust(108, b'\0')
    ds.bind(n)
    addr = sun(n)
elif how.startswith('path:'):
    addr = sun(how[5:].encode())
else:
    mine = '%s/rawreq.%d' % (sockdir, os.getpid())
    ds.bind(mine)
    os.chmod(mine, 0o777)  # as libvdeplug does when it cannot chgrp (spec 2.8)
    addr = sun(mine.encode())

descr = b'rawreq'
req = {
    'short': hdr() + addr[:40],
    'shorteof': hdr() + addr[:40],
    'long': hdr() + addr + b'L' * 200,
    'garbage': b'\x00\x11\x22\x33' + bytes((i * 37 + 11) & 0xff for i in range(196)),
    'badmagic': hdr(magic=0xdeadbeef) + addr + descr,
    'v2': hdr(ver=2) + addr + descr,
    'kind7': hdr(typ=(port << 8) | 7) + addr + descr,
    'portneg': hdr(typ=0x80000000 | (port << 8)) + addr + descr,
    'family': hdr() + sun(mine.encode() if mine else b'', family=2) + descr,
    'relative': hdr() + sun(os.path.basename(mine or 'x').encode()) + descr,
    'empty': hdr() + sun(b'') + descr,
    'unterminated': hdr() + struct.pack('=H', socket.AF_UNIX) + b'/' * 108 + descr,
    'idle': b'',
    'v1': struct.pack('=II', 0xfeedface, 0) + b'\x02\0\0\0\0\x01' + addr + descr,
    'v1port': struct.pack('=II', 0xfeedface, port << 8) + b'\x02\0\0\0\0\x01' + addr + descr,
    'len256': hdr() + addr + b'D' * 134,
    'len257': hdr() + addr + b'D' * 135,
}.get(how, hdr() + addr + descr)

c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect(d + '/ctl')
c.settimeout(timeout)
t0 = time.monotonic()
if how == 'split':
    c.send(req[:50])
    time.sleep(0.2)
    c.send(req[50:])
elif req:
    c.send(req)
if how == 'shorteof':
    c.shutdown(socket.SHUT_WR)
try:
    r = b''
    while True:
        x = c.recv(200)
        if not x:
            break
        r += x
        if len(r) >= 110:
            break
    ms = (time.monotonic() - t0) * 1000
    if len(r) == 110:
        print(how, '-> ACCEPTED', r[2:].split(b'\0')[0].decode(),
              'in %.0f ms' % ms)
    else:
        print(how, '-> closed (%d bytes) in %.0f ms' % (len(r), ms))
except ConnectionResetError:
    ms = (time.monotonic() - t0) * 1000
    print(how, '-> closed (reset) in %.0f ms' % ms)
except socket.timeout:
    print(how, '-> no answer within %g s, stream open' % timeout)
finally:
    if mine:
        os.unlink(mine)
