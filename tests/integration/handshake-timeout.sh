#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# handshake-timeout.sh - --handshake-timeout 2 means a client has 2 s to
# send its request, whatever the phase of the switch's 1 s timer.  The
# switch is started at a known phase of the monotonic second (phase.py);
# idle connections opened at three other phases must each be closed no
# earlier than 1.9 s and no later than 3.2 s after they were opened; a
# request sent in two halves 1.5 s apart, starting late in a second, must
# be accepted.
. "$(dirname "$0")/lib.sh"

need_vdeclient
SW_PREFIX="$PY $HERE/phase.py 0.05"
start_sw "$T/sw" --handshake-timeout 2
SW_PREFIX=""

"$PY" - "$SWDIR/ctl" "$T" >"$T/ht.out" 2>&1 <<'PYEOF'
import os, socket, struct, sys, threading, time
ctl, tdir = sys.argv[1], sys.argv[2]
def at(frac):
    now = time.monotonic(); t = int(now) + frac
    if t <= now: t += 1
    time.sleep(t - now)
def idle(k, frac, out):
    time.sleep(k)
    at(frac)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(ctl)
    t0 = time.monotonic(); s.settimeout(5)
    try:
        s.recv(10)
        out[k] = 'idle %.1f closed_after %.2f' % (frac, time.monotonic() - t0)
    except socket.timeout:
        out[k] = 'idle %.1f open_after 5' % frac
out = {}
th = [threading.Thread(target=idle, args=(k, f, out)) for k, f in enumerate((0.9, 0.5, 0.2))]
for t in th: t.start()
for t in th: t.join()
for k in sorted(out): print(out[k])
# a valid request in two halves, 1.5 s apart, starting at phase 0.9
p = os.path.join(tdir, 'r', 'slow.%d' % os.getpid())
ds = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); ds.bind(p); os.chmod(p, 0o777)  # as libvdeplug (spec 2.8)
req = struct.pack('=III', 0xfeedface, 3, 0) + struct.pack('=H', 1) + p.encode().ljust(108, b'\0') + b'slow'
at(0.9)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); c.connect(ctl); t0 = time.monotonic()
c.send(req[:60]); time.sleep(1.5)
try:
    c.send(req[60:]); c.settimeout(3); r = c.recv(200)
except OSError as e:
    r = b''
print('slow %s after %.2f' % ('ACCEPTED' if len(r) == 110 else 'closed', time.monotonic() - t0))
os.unlink(p)
PYEOF
sed 's/^/# /' "$T/ht.out"
awk '$1 == "idle" && $3 == "closed_after" && ($4 < 1.9 || $4 > 3.2) { bad = 1 }
	$1 == "idle" && $3 != "closed_after" { bad = 1 }
	END { exit bad }' "$T/ht.out" ||
	fail "idle connections not closed between 1.9 and 3.2 s with --handshake-timeout 2"
[ "$(grep -c '^idle' "$T/ht.out")" -eq 3 ] || fail "idle connection probe failed: $(cat "$T/ht.out")"
grep -q '^slow ACCEPTED' "$T/ht.out" ||
	fail "a request completed 1.5 s after connecting was refused with --handshake-timeout 2"
sw_alive || fail "switch died"
check_forwarding "$SWDIR" "after the handshake timeouts"
finish
