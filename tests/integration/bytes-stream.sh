#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bytes-stream.sh - byte-exactness across the stream/datagram boundary:
# 40 frames of random content and lengths 60..1514 (plus one 9000) sent
# by a vde_plug arrive at another vde_plug as exactly the same stream, in
# order; the same frames also reach a vdeclient byte for byte.
. "$(dirname "$0")/lib.sh"

need_cmd vde_plug
need_vdeclient
start_sw "$T/sw"

plug R "vde://${SWDIR}[2]"
wait_socks "$SWDIR" 2 1 3 || bail "receiving vde_plug did not attach"
vc V "vde://${SWDIR}[3]" || bail "vdeclient did not attach"
"$PY" - "$T/tx.bin" "$T/want.hex" <<'PYEOF'
import random, struct, sys
rnd = random.Random(4242)
out, hexes = b'', []
for k in range(40):
    n = 9000 if k == 20 else rnd.randint(60, 1514)
    f = bytes.fromhex('ffffffffffff02000000000108' + '00') + bytes(rnd.getrandbits(8) for _ in range(n - 14))
    out += struct.pack('>H', n) + f
    hexes.append('%d %s' % (n, f.hex()))
open(sys.argv[1], 'wb').write(out)
open(sys.argv[2], 'w').write('\n'.join(hexes) + '\n')
PYEOF
(cat "$T/tx.bin"; sleep 0.5) | vde_plug "vde://${SWDIR}[1]" >/dev/null ||
	fail "sending vde_plug failed"
wait_frames V 40 3
i=0
while [ "$(wc -c <"$T/R.out")" -lt "$(wc -c <"$T/tx.bin")" ] && [ $i -lt 40 ]; do
	sleep 0.05
	i=$((i + 1))
done
sleep 0.2
if cmp -s "$T/tx.bin" "$T/R.out"; then :; else
	fail "vde_plug received a different stream ($(wc -c <"$T/R.out") of $(wc -c <"$T/tx.bin") bytes): $(cmp "$T/tx.bin" "$T/R.out" 2>&1 | head -1)"
fi
cmp -s "$T/want.hex" "$T/V.out" ||
	fail "vdeclient received different frames ($(wc -l <"$T/V.out") of 40)"
finish
