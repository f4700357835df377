#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-dpipe-interop.sh debian-ours|ours-debian|ours-ours - the classic
# local cable with Debian's dpipe (vdeplug4) between two of our switches:
#   debian-ours:  dpipe vde_plug A = vde-plug B
#   ours-debian:  dpipe vde-plug A = vde_plug B
#   ours-ours:    dpipe vde-plug A = vde-plug B
# A Debian vde_plug on A and our vde-plug on B exchange broadcasts and
# unicasts byte for byte; stopping dpipe and its two commands detaches
# both ends.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

MODE=${1:-debian-ours}
need_cmd vde_plug dpipe
need_vdeplug
start_sw "$T/swa"
SWA=$SWDIR
PA=$SWPID
start_sw "$T/swb"
SWB=$SWDIR

case $MODE in
debian-ours)
	dpipe vde_plug "vde://${SWA}[1]" = "$VDEPLUG" "vde://${SWB}[1]" \
		</dev/null >"$T/cable.out" 2>"$T/cable.err" &
	;;
ours-debian)
	dpipe "$VDEPLUG" "vde://${SWA}[1]" = vde_plug "vde://${SWB}[1]" \
		</dev/null >"$T/cable.out" 2>"$T/cable.err" &
	;;
ours-ours)
	dpipe "$VDEPLUG" "vde://${SWA}[1]" = "$VDEPLUG" "vde://${SWB}[1]" \
		</dev/null >"$T/cable.out" 2>"$T/cable.err" &
	;;
*) bail "unknown mode $MODE" ;;
esac
DPID=$!
rec_pid $DPID
wait_socks "$SWA" 1 1 3 && wait_socks "$SWB" 1 1 3 ||
	bail "the cable did not attach to both switches: $(cat "$T/cable.err")"
KIDS=$(children $DPID)
rec_children $DPID
note "dpipe pid $DPID, commands: $(echo "$KIDS" | tr "\n" " ")"

MA=0200000000a4 MB=0200000000b4
plug A "vde://${SWA}[2]"
oplug B "vde://${SWB}[2]"
attached "$SWA" 2 "vde_plug on A"
attached "$SWB" 2 "vde-plug on B"
mkrecs "$T/ab.bin" ffffffffffff $MA ab 60 61 1000 1514 4000 9234
mkrecs "$T/ba.bin" $MA $MB ba 60 99 1518 9000
trickle "$T/ab.bin" >"$T/A.in"
expect_recs "A -> B through dpipe ($MODE)" "$T/B.out" "$T/ab.bin"
trickle "$T/ba.bin" >"$T/B.in"
expect_recs "B -> A through dpipe ($MODE)" "$T/A.out" "$T/ba.bin"
alive $DPID || fail "dpipe exited: $(cat "$T/cable.err")"

for k in $KIDS $DPID; do stop_pid "$k"; done
wait_socks "$SWA" 1 0 3 || fail "the cable's port on A is still attached"
wait_socks "$SWB" 1 0 3 || fail "the cable's port on B is still attached"
alive "$PA" || fail "switch A died"
sw_alive || fail "switch B died"
finish
