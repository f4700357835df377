#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# udp-impair.py - a UDP relay that loses, duplicates, reorders and delays
# datagrams, for kernels without sch_netem (tc qdisc ... netem).
#
#   udp-impair.py --listen 127.0.0.1:5000 --to 10.0.0.1:4789 \
#       --loss 0.10 --dup 0.05 --reorder 0.25 --delay 5 [--seed N] \
#       [--stats FILE]
#
# Datagrams to --listen go to --to from the relay's own socket; answers go
# back to the address the last datagram came from (so a client that moves
# keeps its relay).  Each direction is impaired independently: a datagram
# is lost with probability --loss; otherwise it is delivered after --delay
# ms (plus up to --delay ms of jitter), a reordered one 3 x --delay + 10 ms
# later so that the next ones overtake it, and a duplicated one twice.
# On SIGTERM or SIGINT the counts are written to --stats (or stdout) as
# key=value words, one line per direction ("up" to --to, "down" back).
import argparse
import heapq
import random
import select
import signal
import socket
import sys
import time


def addr(text):
    host, _, port = text.rpartition(':')
    return host.strip('[]'), int(port)


def main():
    ap = argparse.ArgumentParser(description='lossy UDP relay')
    ap.add_argument('--listen', required=True, type=addr)
    ap.add_argument('--to', required=True, type=addr)
    ap.add_argument('--loss', type=float, default=0.0)
    ap.add_argument('--dup', type=float, default=0.0)
    ap.add_argument('--reorder', type=float, default=0.0)
    ap.add_argument('--delay', type=float, default=0.0, help='ms')
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--stats', default=None)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    fam = socket.AF_INET6 if ':' in a.listen[0] else socket.AF_INET
    down = socket.socket(fam, socket.SOCK_DGRAM)
    down.bind(a.listen)
    fam = socket.AF_INET6 if ':' in a.to[0] else socket.AF_INET
    up = socket.socket(fam, socket.SOCK_DGRAM)
    up.connect(a.to)
    for s in (down, up):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.setblocking(False)

    names = ('received', 'lost', 'duplicated', 'reordered', 'sent')
    count = {d: dict.fromkeys(names, 0) for d in ('up', 'down')}
    queue = []          # (when, seq, direction, data)
    seq = 0
    client = None
    stop = []

    def on_signal(signo, frame):
        stop.append(signo)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def schedule(direction, data):
        nonlocal seq
        c = count[direction]
        c['received'] += 1
        if rnd.random() < a.loss:
            c['lost'] += 1
            return
        copies = 1
        if rnd.random() < a.dup:
            c['duplicated'] += 1
            copies = 2
        for _ in range(copies):
            wait = a.delay + rnd.random() * a.delay
            if rnd.random() < a.reorder:
                c['reordered'] += 1
                wait = 3 * a.delay + 10
            seq += 1
            heapq.heappush(queue, (time.monotonic() + wait / 1000.0, seq,
                                   direction, data))

    while not stop:
        timeout = 0.5
        if queue:
            timeout = max(0.0, queue[0][0] - time.monotonic())
        try:
            ready, _, _ = select.select([down, up], [], [], timeout)
        except InterruptedError:
            continue
        for s in ready:
            while True:
                try:
                    data, src = s.recvfrom(65536)
                except (BlockingIOError, ConnectionRefusedError):
                    break
                if s is down:
                    client = src
                    schedule('up', data)
                else:
                    schedule('down', data)
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, direction, data = heapq.heappop(queue)
            try:
                if direction == 'up':
                    up.send(data)
                elif client is not None:
                    down.sendto(data, client)
                else:
                    continue
                count[direction]['sent'] += 1
            except OSError:
                pass

    out = open(a.stats, 'w') if a.stats else sys.stdout
    for d in ('up', 'down'):
        out.write(d + ' ' + ' '.join('%s=%d' % (k, count[d][k])
                                     for k in names) + '\n')
    out.close()


if __name__ == '__main__':
    main()
