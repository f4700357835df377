# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# phase.py FRAC CMD [ARGS] - wait until the fractional part of
# CLOCK_MONOTONIC (seconds) next reaches FRAC, then exec CMD (same PID).
# Lets a test start a program at a known phase of the monotonic second,
# which is what second-granularity timers in the switch are based on.
import os
import sys
import time

frac = float(sys.argv[1])
now = time.monotonic()
target = int(now) + frac
if target <= now:
    target += 1
time.sleep(target - now)
os.execvp(sys.argv[2], sys.argv[2:])
