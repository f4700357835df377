# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# mgmt.py SOCK CMD... - one management console session (spec 5.2): read
# the banner up to the first prompt, then send each command on its own
# line and read its answer up to the next prompt ("vde$ "), or to the end
# of the session after logout/shutdown.  Everything received is printed
# as is.  MGMT_TIMEOUT (seconds, default 3) bounds each wait; a timeout
# is reported on stderr and ends the session with status 2.
import os
import socket
import sys

sock, cmds = sys.argv[1], sys.argv[2:]
timeout = float(os.environ.get('MGMT_TIMEOUT', '3'))
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock)
s.settimeout(timeout)
out = sys.stdout.buffer


def until_prompt():
    buf = b''
    while not buf.endswith(b'$ '):
        try:
            d = s.recv(65536)
        except socket.timeout:
            sys.stderr.write('mgmt.py: no prompt within %g s\n' % timeout)
            out.write(buf)
            sys.exit(2)
        if not d:
            break
        buf += d
    out.write(buf)
    out.flush()
    return buf


until_prompt()
for c in cmds:
    s.sendall(c.encode() + b'\n')
    until_prompt()
