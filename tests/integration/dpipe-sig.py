#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-sig.py OUT - a command that records the signals it receives.
#
# Writes its pid to OUT.pid once its handlers for SIGINT, SIGTERM and
# SIGHUP are installed, appends the name of every such signal to OUT, and
# half a second after the first one (time for a duplicate to arrive)
# dies of that first signal with the default action.
import os
import signal
import sys
import time

out = sys.argv[1]
got = []


def handler(sig, frame):
    got.append(sig)
    with open(out, "a") as f:
        f.write(signal.Signals(sig).name[3:] + "\n")


for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, handler)
with open(out + ".pid.tmp", "w") as f:
    f.write("%d\n" % os.getpid())
os.rename(out + ".pid.tmp", out + ".pid")
first = None
while True:
    time.sleep(0.05)
    if got and first is None:
        first = time.monotonic()
    if first is not None and time.monotonic() - first > 0.5:
        signal.signal(got[0], signal.SIG_DFL)
        os.kill(os.getpid(), got[0])
        time.sleep(1)
