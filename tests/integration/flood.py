# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# flood.py CTL COUNT SECS [READYFILE] - open COUNT control connections to
# CTL that never send a byte, and wait up to SECS for the switch to close
# them.  READYFILE is created once all connections are open.
#
# Output, one line: "opened N closed C still_open S max_close_ms M",
# where a connection counts as closed when the switch sends EOF or a
# reset.  Exit status 0 if every connection was closed in time.
import os
import selectors
import socket
import sys
import time

ctl, count, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ready = sys.argv[4] if len(sys.argv) > 4 else None

sel = selectors.DefaultSelector()
t0 = time.monotonic()
opened = 0
conns = []
for i in range(count):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # a blocking connect, as libvdeplug does: it waits while the listen
    # backlog is full (EAGAIN only if it stays full)
    err = None
    while time.monotonic() < t0 + secs:
        try:
            s.connect(ctl)
            err = None
            break
        except BlockingIOError as e:
            err = e
            time.sleep(0.01)
        except OSError as e:
            err = e
            break
    if err is not None:
        print('# connect %d: %s' % (i, err), file=sys.stderr)
        s.close()
        continue
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
    conns.append(s)
    opened += 1
if ready:
    open(ready, 'w').close()

closed = 0
max_ms = 0.0
deadline = t0 + secs
while closed < opened:
    left = deadline - time.monotonic()
    if left <= 0:
        break
    for key, _ in sel.select(timeout=left):
        s = key.fileobj
        try:
            data = s.recv(256)
        except BlockingIOError:
            continue
        except OSError:
            data = b''
        if data:
            print('# unexpected %d bytes from the switch' % len(data),
                  file=sys.stderr)
            continue
        sel.unregister(s)
        s.close()
        closed += 1
        max_ms = max(max_ms, (time.monotonic() - t0) * 1000)

print('opened %d closed %d still_open %d max_close_ms %.0f' %
      (opened, closed, opened - closed, max_ms))
sys.exit(0 if opened == count and closed == opened else 1)
