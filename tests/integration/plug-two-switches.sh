#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-two-switches.sh - spec 9 item 7 with our plug as the cable:
# "vde-plug A B" joins our switch A and Debian's vde_switch B (the cable
# takes port 1 on each).  A Debian vde_plug on A and our vde-plug on B
# exchange frames across it: broadcasts from A reach B, unicast answers
# and broadcasts from B reach A, byte for byte, and neither plug gets a
# copy of its own frames back.  Then the cable is stopped: frames no
# longer cross.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

need_cmd vde_plug vde_switch
need_vdeplug
start_sw "$T/swa"
SWA=$SWDIR
PA=$SWPID
start_vde2 "$T/swb"
SWB=$SWDIR

"$VDEPLUG" -D cable "vde://${SWA}[1]" "vde://${SWB}[1]" </dev/null \
	>"$T/cable.out" 2>"$T/cable.err" &
CPID=$!
rec_pid $CPID
wait_socks "$SWA" 1 1 3 && wait_socks "$SWB" 1 1 3 ||
	bail "the cable did not attach to both switches: $(cat "$T/cable.err")"

MA=0200000000a2 MB=0200000000b2
plug A "vde://${SWA}[2]"
oplug B "vde://${SWB}[2]"
attached "$SWA" 2 "vde_plug on A"
attached "$SWB" 2 "vde-plug on B"

mkrecs "$T/ab.bin" ffffffffffff $MA ab 60 64 1000 1514 1518
mkrecs "$T/ba.bin" $MA $MB ba 60 100 1500 1518
mkrecs "$T/bab.bin" ffffffffffff $MB bab 60 1514
cat "$T/ba.bin" "$T/bab.bin" >"$T/ba-all.bin"
trickle "$T/ab.bin" >"$T/A.in"
expect_recs "A -> B (broadcast across the cable)" "$T/B.out" "$T/ab.bin"
trickle "$T/ba.bin" >"$T/B.in"
trickle "$T/bab.bin" >"$T/B.in"
expect_recs "B -> A (unicast and broadcast back)" "$T/A.out" "$T/ba-all.bin"
[ "$(cat "$T/cable.out")" = "" ] || fail "the cable wrote to its standard output"
alive $CPID || fail "cable exited: $(cat "$T/cable.err")"

# without the cable nothing crosses
stop_pid $CPID
wait_socks "$SWA" 1 0 3 || fail "cable's port on A still has an endpoint"
rframe ffffffffffff $MA 60 late >"$T/late.bin"
trickle "$T/late.bin" >"$T/A.in"
sleep 0.5
expect_recs "after the cable stopped, nothing more reaches B" "$T/B.out" \
	"$T/ab.bin"
alive "$PA" || fail "switch A died"
sw_alive || fail "switch B died"
finish
