#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-cmd.sh ours|debian|status - "vde-plug A = CMD ARGS...": the stream
# on a command's standard input and output.
#  ours:   "vde-plug A = vde-plug B" (our plug runs our plug);
#  debian: "vde-plug A = vde_plug B" (our plug runs Debian's);
# in both, A and B are two of our switches, a Debian vde_plug on A and our
# vde-plug on B exchange broadcasts and unicasts byte for byte, and when
# the cable plug is stopped its command ends too (no orphan).
#  status: the cable's exit status is the command's: "vde-plug A = sh -c
# 'exit 3'" must exit with 3, every time (20 runs), also when the command
# closes its end of the stream 0.3 s before it exits (as ssh may), and
# with 127 when the command cannot be run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

MODE=${1:-ours}
need_vdeplug
start_sw "$T/swa"
SWA=$SWDIR
PA=$SWPID

if [ "$MODE" = status ]; then
	bad=""
	i=0
	while [ $i -lt 20 ]; do
		i=$((i + 1))
		"$VDEPLUG" "vde://$SWA" = sh -c 'exit 3' </dev/null >/dev/null \
			2>"$T/st$i.err"
		rc=$?
		[ $rc -eq 3 ] || bad="$bad run $i: $rc ($(tr '\n' ' ' <"$T/st$i.err"))"
	done
	[ -z "$bad" ] || fail "command exited with 3, cable status was not 3:$bad"
	# a command that closes the stream first and exits a little later
	# (as ssh does when the far side ends): the status is still its own
	"$VDEPLUG" "vde://$SWA" = sh -c 'exec 0<&- 1>&-; sleep 0.3; exit 4' \
		</dev/null >/dev/null 2>"$T/st-late.err"
	rc=$?
	note "command closing its stream 0.3 s before exiting with 4: status $rc"
	[ $rc -eq 4 ] ||
		fail "command closed the stream, then exited with 4: cable status $rc ($(tr '\n' ' ' <"$T/st-late.err"))"
	"$VDEPLUG" "vde://$SWA" = "$T/no-such-command" </dev/null >/dev/null \
		2>"$T/nocmd.err"
	rc=$?
	note "missing command: status $rc: $(cat "$T/nocmd.err")"
	[ $rc -eq 127 ] || fail "missing command: status $rc, want 127"
	grep -q 'cannot run' "$T/nocmd.err" ||
		fail "missing command: no 'cannot run' message"
	sw_alive || fail "switch died"
	finish
fi

need_cmd vde_plug
start_sw "$T/swb"
SWB=$SWDIR
case $MODE in
ours)
	"$VDEPLUG" -D cable-a "vde://${SWA}[1]" = "$VDEPLUG" -D cable-b \
		"vde://${SWB}[1]" </dev/null >"$T/cable.out" 2>"$T/cable.err" &
	;;
debian)
	"$VDEPLUG" -D cable-a "vde://${SWA}[1]" = vde_plug -D cable-b \
		"vde://${SWB}[1]" </dev/null >"$T/cable.out" 2>"$T/cable.err" &
	;;
*) bail "unknown mode $MODE" ;;
esac
CPID=$!
rec_pid $CPID
wait_socks "$SWA" 1 1 3 && wait_socks "$SWB" 1 1 3 ||
	bail "the cable did not attach to both switches: $(cat "$T/cable.err")"
CHILD=$(children $CPID)
rec_children $CPID
note "cable pid $CPID, command pid ${CHILD:-none}"
[ -n "$CHILD" ] || fail "the cable has no command process"

MA=0200000000a3 MB=0200000000b3
plug A "vde://${SWA}[2]"
oplug B "vde://${SWB}[2]"
attached "$SWA" 2 "vde_plug on A"
attached "$SWB" 2 "vde-plug on B"
mkrecs "$T/ab.bin" ffffffffffff $MA ab 60 61 1000 1514 4000 9234
mkrecs "$T/ba.bin" $MA $MB ba 60 99 1518 9000
trickle "$T/ab.bin" >"$T/A.in"
expect_recs "A -> B through '= $MODE plug'" "$T/B.out" "$T/ab.bin"
trickle "$T/ba.bin" >"$T/B.in"
expect_recs "B -> A through '= $MODE plug'" "$T/A.out" "$T/ba.bin"
[ "$(cat "$T/cable.out")" = "" ] || fail "the cable wrote to its standard output"

stop_pid $CPID
for c in $CHILD; do
	wait_exit "$c" 3 || fail "command $c still runs 3 s after the cable stopped"
done
wait_socks "$SWB" 1 0 3 || fail "the command's port on B is still attached"
alive "$PA" || fail "switch A died"
sw_alive || fail "switch B died"
finish
