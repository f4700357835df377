#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-peer.py NAME SEED NBYTES DIR - one end of a dpipe chain.
#
# Sends NBYTES seeded random bytes on stdout (then closes it) while reading
# stdin to end of file.  Records "LEN SHA256" of what it sent in
# DIR/NAME.tx (and of its upper- and lower-cased forms in NAME.tx.upper,
# NAME.tx.lower), of what it received in DIR/NAME.rx, and its
# ALTERNATE_STDIN/ALTERNATE_STDOUT environment in DIR/NAME.env.
import hashlib
import os
import random
import sys
import threading


def digest(b):
    return "%d %s\n" % (len(b), hashlib.sha256(b).hexdigest())


def put(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def send(data):
    view = memoryview(data)
    while view:
        n = os.write(1, view[:65536])
        view = view[n:]
    os.close(1)


def main():
    name, seed, nbytes, outdir = sys.argv[1:5]
    base = os.path.join(outdir, name)
    data = random.Random(int(seed)).randbytes(int(nbytes))
    put(base + ".env", "%s %s\n" % (os.environ.get("ALTERNATE_STDIN", "-"),
                                    os.environ.get("ALTERNATE_STDOUT", "-")))
    put(base + ".tx", digest(data))
    put(base + ".tx.upper", digest(data.upper()))
    put(base + ".tx.lower", digest(data.lower()))
    t = threading.Thread(target=send, args=(data,))
    t.start()
    got = bytearray()
    while True:
        b = os.read(0, 65536)
        if not b:
            break
        got += b
    t.join()
    put(base + ".rx", digest(bytes(got)))


main()
