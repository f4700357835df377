# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# mgmtbad.py SOCK CASE [ARGS] - hostile management console clients
# (mgmt-bad-input.sh).  Prints "# ..." diagnostics and one result line
# "CASE key=value ..." on stdout; exit status 0 unless the case could not
# be run at all (connection refused, ...), 2 on a timeout.
#
#   garbage           4000 seeded random bytes (with newlines), then
#                     port/showinfo: prompts=<one per line> answers...
#   ctl               lines with NUL, ESC, DEL, then tab (allowed)
#   long              a 1 MiB line with "shutdown" inside, one starting
#                     with "shutdown", lines of 1024 and 1025 bytes
#   split             "port/showinfo\n" in 1-3 byte writes 50 ms apart
#   batch             several commands in one write
#   flood N HOLD      N connections at once; hold them until file HOLD
#                     exists (at most 20 s); reports banners/closures
#   noread N READY HOLD  send "help\n" N times without reading; create
#                     READY once the sending stalls (or is done), keep
#                     not reading until HOLD exists, then read all
import os
import random
import resource
import selectors
import socket
import sys
import time

sock_path, case = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
TIMEOUT = 5.0


def note(msg):
    print('# ' + msg, flush=True)


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.settimeout(TIMEOUT)
    return s


def until(s, buf, pred):
    """read into buf until pred(buf); returns buf (b'' appended on EOF)"""
    while not pred(buf):
        try:
            d = s.recv(65536)
        except socket.timeout:
            note('timeout; got %r' % buf[-300:])
            sys.exit(2)
        if not d:
            break
        buf += d
    return buf


def prompts(buf):
    return buf.count(b'\nvde$ ')


def session(s, nprompts):
    """read the banner's prompt plus nprompts more"""
    return until(s, b'', lambda b: prompts(b) >= nprompts + 1)


def results(buf):
    out = []
    for line in buf.split(b'\n'):
        if line.startswith(b'vde$ '):
            line = line[5:]
        if len(line) >= 5 and line[:1] == b'1' and line[1:4].isdigit() \
                and line[4:5] == b' ':
            out.append(line.decode('ascii', 'replace'))
    return out


def show(name, buf):
    r = results(buf)
    print('%s prompts=%d results=%s' % (name, prompts(buf), '|'.join(r)))


if case == 'garbage':
    rnd = random.Random(20261123)
    g = bytes(rnd.randrange(256) for _ in range(4000))
    # no accidental command: every line holds a control character or a
    # byte >= 0x80, or is not a command name
    nl = g.count(b'\n')
    s = connect()
    until(s, b'', lambda b: prompts(b) >= 1)
    s.sendall(g + b'\nport/showinfo\n')
    buf = until(s, b'', lambda b: prompts(b) >= nl + 2)
    note('%d garbage bytes, %d newlines' % (len(g), nl))
    r = results(buf)
    print('garbage lines=%d prompts=%d results=%d last=%s numports=%d' % (
        nl + 2, prompts(buf), len(r), r[-1] if r else '-',
        buf.count(b'Numports=')))
elif case == 'ctl':
    s = connect()
    until(s, b'', lambda b: prompts(b) >= 1)
    lines = [b'port/print\x005', b'showinfo\x00', b'\x00', b'\x1b[2Jshowinfo',
             b'port/showinfo\x7f', b'port/showinfo\x01', b'port/showinfo\t',
             b'\tport/showinfo']
    s.sendall(b''.join(x + b'\n' for x in lines))
    buf = until(s, b'', lambda b: prompts(b) >= len(lines))
    show('ctl', buf)
elif case == 'long':
    s = connect()
    until(s, b'', lambda b: prompts(b) >= 1)
    big = b'x' * 500000 + b' shutdown ' + b'y' * 548566
    assert len(big) == 1 << 20
    lines = [big, b'shutdown' + b' ' * (1 << 20),
             b'port/create 7' + b' ' * 2000,
             b'showinfo' + b' ' * (1024 - 8),
             b'showinfo' + b' ' * (1025 - 8),
             b'port/showinfo']
    for x in lines:
        s.sendall(x + b'\n')
    buf = until(s, b'', lambda b: prompts(b) >= len(lines))
    show('long', buf)
elif case == 'split':
    s = connect()
    until(s, b'', lambda b: prompts(b) >= 1)
    msg = b'port/showinfo\n'
    i = 0
    n = 0
    while i < len(msg):
        k = 1 + (n % 3)
        s.sendall(msg[i:i + k])
        i += k
        n += 1
        time.sleep(0.05)
    buf = until(s, b'', lambda b: prompts(b) >= 1)
    time.sleep(0.3)		# anything more would be a second answer
    s.setblocking(False)
    try:
        buf += s.recv(65536)
    except BlockingIOError:
        pass
    note('%d writes' % n)
    print('split prompts=%d results=%s numports=%d' % (
        prompts(buf), '|'.join(results(buf)), buf.count(b'Numports=32')))
elif case == 'batch':
    s = connect()
    until(s, b'', lambda b: prompts(b) >= 1)
    cmds = [b'port/create 20', b'port/create 21', b'port/allprint 20',
            b'port/allprint 21', b'port/remove 20', b'port/allprint 20',
            b'foo', b'port/showinfo']
    s.sendall(b''.join(c + b'\n' for c in cmds))
    buf = until(s, b'', lambda b: prompts(b) >= len(cmds))
    p20 = buf.find(b'Port 0020 ')
    p21 = buf.find(b'Port 0021 ')
    print('batch prompts=%d results=%s order=%s ports20=%d' % (
        prompts(buf), '|'.join(results(buf)),
        'ok' if 0 <= p20 < p21 else 'bad', buf.count(b'Port 0020 ')))
elif case == 'flood':
    count, hold = int(args[0]), args[1]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = count + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    sel = selectors.DefaultSelector()
    conns = {}
    t0 = time.monotonic()
    for i in range(count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        while True:	# blocking connect: waits while the backlog is full
            try:
                s.connect(sock_path)
                break
            except BlockingIOError:
                time.sleep(0.005)
            if time.monotonic() > t0 + 10:
                note('connect %d: backlog full for 10 s' % i)
                sys.exit(2)
        s.setblocking(False)
        conns[s] = [time.monotonic(), b'', None]	# start, data, end
        sel.register(s, selectors.EVENT_READ)
    t_open = time.monotonic() - t0
    # wait until every connection has a prompt or EOF, at most 3 s
    deadline = time.monotonic() + 3
    pending = set(conns)
    while pending and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.1):
            s = key.fileobj
            try:
                d = s.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                d = b''
            st = conns[s]
            if not d:
                st[2] = time.monotonic()
                sel.unregister(s)
                pending.discard(s)
                continue
            st[1] += d
            if st[1].endswith(b'vde$ '):
                pending.discard(s)
    banner = sum(1 for st in conns.values()
                 if st[1].startswith(b'VDE switch V.') and
                 st[1].endswith(b'\nvde$ '))
    closed = sum(1 for st in conns.values() if st[2] is not None)
    closed_nodata = sum(1 for st in conns.values()
                        if st[2] is not None and not st[1])
    max_ms = max([(st[2] - st[0]) * 1000 for st in conns.values()
                  if st[2] is not None] or [0])
    print('flood opened=%d banner=%d closed=%d closed_silent=%d '
          'open_ms=%.0f max_close_ms=%.0f' % (
              len(conns), banner, closed, closed_nodata, t_open * 1000,
              max_ms), flush=True)
    end = time.monotonic() + 20
    while not os.path.exists(hold) and time.monotonic() < end:
        time.sleep(0.05)
    # the accepted sessions still answer
    alive = 0
    for s, st in conns.items():
        if st[2] is not None or not st[1]:
            continue
        try:
            s.setblocking(True)
            s.settimeout(2)
            s.sendall(b'port/showinfo\n')
            b = until(s, b'', lambda x: x.endswith(b'vde$ '))
            alive += b'Numports=' in b
        except OSError:
            pass
    print('flood still_answering=%d' % alive, flush=True)
    for s in conns:
        s.close()
elif case == 'noread':
    n, ready, hold = int(args[0]), args[1], args[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(sock_path)
    s.setblocking(False)
    data = b'help\n' * n
    sent = 0
    stalled = None
    t_end = time.monotonic() + 20
    while time.monotonic() < t_end and not os.path.exists(hold):
        if sent < len(data):
            try:
                sent += s.send(data[sent:sent + 65536])
                stalled = None
                continue
            except BlockingIOError:
                pass
        if stalled is None:
            stalled = time.monotonic()
        elif time.monotonic() - stalled > 0.5 and not os.path.exists(ready):
            note('sent %d of %d bytes of "help\\n" without reading' %
                 (sent, len(data)))
            open(ready, 'w').close()
        time.sleep(0.02)
    # now read what the switch kept for us, and the rest of the answers
    s.setblocking(True)
    s.settimeout(3)
    got = 0
    eof = False
    pat = b'\nvde$ '
    nprompt = 0
    carry = b''
    while True:
        try:
            d = s.recv(1 << 20)
        except socket.timeout:
            break
        if not d:
            eof = True
            break
        got += len(d)
        x = carry + d
        nprompt += x.count(pat)
        carry = x[-(len(pat) - 1):]
    print('noread sent=%d received=%d answered=%d eof=%d' % (
        sent, got, nprompt - 1, eof))
else:
    sys.exit('unknown case ' + case)
