#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# frame-sizes.sh default|1518 [ours|debian] - spec 9 item 9.  Debian's vde_plug sends
# frames of 59 1514 1518 1519 9000 9234 bytes through the switch to another
# vde_plug.  With the default maximum (9234) all arrive, the 59-byte one
# padded with zeros to 60: "60 1514 1518 1519 9000 9234"; with
# --max-frame 1518 only "60 1514 1518" arrive: larger frames are dropped,
# never forwarded as cut copies (vde_switch 2.3.2 forwards 1518-byte
# copies).  The same over datagrams with vdeclient: 13 bytes (dropped),
# 14 (padded to 60), 9234, 9235 and 20000 bytes.  "default debian" runs
# the case against vde_switch 2.3.2, which truncates: it must fail there.
. "$(dirname "$0")/lib.sh"

MODE=${1:-default}
IMPL=${2:-ours}
need_cmd vde_plug
need_vdeclient
case $MODE in
default) MAX=9234; start_impl "$IMPL" "$T/sw" ;;
1518) MAX=1518; start_sw "$T/sw" --max-frame 1518 ;;
*) bail "unknown mode $MODE" ;;
esac

# --- stream (vde_plug -> switch -> vde_plug) ---
plug R "vde://${SWDIR}[12]"
wait_socks "$SWDIR" 12 1 3 || bail "receiving vde_plug did not attach"
: >"$T/tx.bin"
for n in 59 1514 1518 1519 9000 9234; do
	framen ffffffffffff 020000000010 $n >>"$T/tx.bin"
done
(cat "$T/tx.bin"; sleep 0.5) | vde_plug "vde://${SWDIR}[10]" >/dev/null ||
	fail "sending vde_plug failed"
if [ $MAX -eq 9234 ]; then want="60 1514 1518 1519 9000 9234"; else want="60 1514 1518"; fi
i=0
while [ "$(lens "$T/R.out")" != "$want" ] && [ $i -lt 40 ]; do
	sleep 0.05
	i=$((i + 1))
done
sleep 0.2
got=$(lens "$T/R.out")
note "stream lengths received: $got"
[ "$got" = "$want" ] || fail "stream: want lengths '$want', got '$got'"
# contents: each received frame equals the sent one (59 padded with 0)
"$PY" - "$T/tx.bin" "$T/R.out" "$MAX" <<'PYEOF' || fail "stream: frame contents differ"
import sys
def recs(path):
    b = open(path, 'rb').read(); i = 0; r = []
    while i + 2 <= len(b):
        n = b[i] << 8 | b[i + 1]; r.append(b[i + 2:i + 2 + n]); i += 2 + n
    return r
tx, rx, mx = recs(sys.argv[1]), recs(sys.argv[2]), int(sys.argv[3])
want = [f.ljust(60, b'\0') for f in tx if len(f) <= mx]
for k, (a, b) in enumerate(zip(want, rx)):
    if a != b:
        print('# frame %d: %d bytes differ' % (k, sum(x != y for x, y in zip(a, b))))
        sys.exit(1)
sys.exit(0 if len(want) == len(rx) else 1)
PYEOF

# --- datagrams (vdeclient -> switch -> vdeclient) ---
vc D "vde://${SWDIR}[21]" || bail "receiving vdeclient did not attach"
vc S "vde://${SWDIR}[20]" -w "$T/S.go" -g ffffffffffff,020000000020,13 \
	-g ffffffffffff,020000000020,14 -g ffffffffffff,020000000020,9234 \
	-g ffffffffffff,020000000020,9235 -g ffffffffffff,020000000020,20000 ||
	bail "sending vdeclient did not attach"
go S
if [ $MAX -eq 9234 ]; then want="60 9234"; else want="60"; fi
wait_frames D "$(echo $want | wc -w)" 3
sleep 0.3
got=$(awk '{ printf "%s%s", sep, $1; sep = " " }' "$T/D.out")
note "datagram lengths received: $got"
[ "$got" = "$want" ] || fail "datagrams: want lengths '$want', got '$got'"
pad=$(gen ffffffffffff 020000000020 14)$("$PY" -c 'print("00" * 46)')
[ "$(awk 'NR == 1 { print $2 }' "$T/D.out")" = "$pad" ] ||
	fail "14-byte frame not padded with zeros to 60"
if [ $MAX -eq 9234 ]; then
	[ "$(awk 'NR == 2 { print $2 }' "$T/D.out")" = "$(gen ffffffffffff 020000000020 9234)" ] ||
		fail "9234-byte frame altered"
fi
if [ "$IMPL" = ours ]; then
	wait_log "frame larger than $MAX bytes dropped" 2 ||
		fail "no log line for the dropped oversized frames"
fi
sw_alive || fail "switch died"
finish
