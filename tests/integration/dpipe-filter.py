#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-filter.py LR RL [ENVFILE] - a filter in a dpipe chain.
#
# LR and RL are "upper", "lower" or "pass".  With ALTERNATE_STDIN and
# ALTERNATE_STDOUT in the environment (a middle command of "="), it copies
# stdin to ALTERNATE_STDOUT applying LR, and ALTERNATE_STDIN to stdout
# applying RL.  Without them (inside "=} }=" or "={ {="), it copies stdin to
# stdout applying LR (also when the named fds are not open: Debian's dpipe
# names them for every command).  An output is closed at end of file of
# its input.
# ENVFILE receives "ALTERNATE_STDIN ALTERNATE_STDOUT" ("- -" if unset).
import os
import sys
import threading

OPS = {"upper": bytes.upper, "lower": bytes.lower, "pass": bytes}


def copy(src, dst, op):
    while True:
        b = os.read(src, 65536)
        if not b:
            break
        b = op(b)
        while b:
            n = os.write(dst, b)
            b = b[n:]
    os.close(dst)


def is_open(fd):
    """Debian's dpipe sets ALTERNATE_* for every command (fds closed but
    in the middle); like wirefilter, trust only descriptors that exist."""
    try:
        os.fstat(int(fd))
    except (TypeError, ValueError, OSError):
        return False
    return True


def main():
    lr, rl = OPS[sys.argv[1]], OPS[sys.argv[2]]
    alt_in = os.environ.get("ALTERNATE_STDIN")
    alt_out = os.environ.get("ALTERNATE_STDOUT")
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write("%s %s\n" % (alt_in or "-", alt_out or "-"))
    if not (is_open(alt_in) and is_open(alt_out)):
        copy(0, 1, lr)
        return
    t = threading.Thread(target=copy, args=(0, int(alt_out), lr))
    t.start()
    copy(int(alt_in), 1, rl)
    t.join()


main()
