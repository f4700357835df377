#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bytes-dgram.sh - frames of 60, 61, 127, 1000, 1514, 4000 and 9234 bytes
# (patterned, 5 of each) from one vdeclient reach another byte for byte,
# in order; and a vdeclient frame reaches a vde_plug as the exact stream
# record.
. "$(dirname "$0")/lib.sh"

need_cmd vde_plug
need_vdeclient
start_sw "$T/sw"

S=020000000001
args=""
: >"$T/want"
for n in 60 61 127 1000 1514 4000 9234; do
	args="$args -g ffffffffffff,$S,$n,5"
	"$VDECLIENT" -G "ffffffffffff,$S,$n,5" | sed "s/^/$n /" >>"$T/want"
done
vc R "vde://${SWDIR}[2]" || bail "receiver did not attach"
plug P "vde://${SWDIR}[3]"
wait_socks "$SWDIR" 3 1 3 || bail "vde_plug did not attach"
# shellcheck disable=SC2086
vc S "vde://${SWDIR}[1]" -w "$T/S.go" $args || bail "sender did not attach"
go S
wait_frames R 35 3
sleep 0.3
cmp -s "$T/want" "$T/R.out" ||
	fail "received frames differ from those sent ($(wc -l <"$T/R.out") of 35 lines)"
"$PY" - "$T/want" "$T/P.out" <<'PYEOF' || fail "vde_plug stream differs from the frames sent"
import struct, sys
want = b''.join(struct.pack('>H', int(l.split()[0])) + bytes.fromhex(l.split()[1])
                for l in open(sys.argv[1]))
got = open(sys.argv[2], 'rb').read()
if got != want:
    print('# stream: %d bytes, want %d' % (len(got), len(want)))
    sys.exit(1)
PYEOF
finish
