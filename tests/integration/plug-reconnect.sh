#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-reconnect.sh default|open - our vde-plug survives a switch restart.
# A plug (run by root) on port 3 of our switch exchanges frames with a
# Debian vde_plug on port 4; the switch is killed with SIGKILL and started
# again on the same directory; within 6 s (backoff 0.1 s doubling to 5 s)
# the same plug process (same PID, never exited) is attached again (the
# new switch logs it), frames flow both ways with a new Debian vde_plug,
# byte for byte, and the plug's log says that the switch went away and
# that it attached again.  With --no-reconnect a plug exits with a
# non-zero status within a second of the switch's death, saying so.
#  default: the switch with its default modes (directory 2700 and ctl
#           0600, owned by nobody), the plugs at their default log level:
#           what "vde-switchd -s DIR; vde-plug DIR" gives (if the plug
#           cannot attach again, its log must at least say why);
#  open:    the switch with -m 0666, the plugs with -v (the re-attachment
#           needs no privilege, and is logged at level info).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

MODE=${1:-default}
need_cmd vde_plug
need_vdeplug
case $MODE in
default) SWOPT="" PLOPT="" ;;
open) SWOPT="-m 0666" PLOPT="-v" ;;
*) bail "unknown mode $MODE" ;;
esac
# shellcheck disable=SC2086 # options, word-split on purpose
start_sw "$T/sw" $SWOPT
MX=0200000000c3 MY=0200000000c4

# shellcheck disable=SC2086
oplug X "vde://${SWDIR}[3]" $PLOPT
# shellcheck disable=SC2086
oplug Z "vde://${SWDIR}[5]" --no-reconnect $PLOPT
plug Y1 "vde://${SWDIR}[4]"
attached "$SWDIR" 3 "our plug X"
attached "$SWDIR" 5 "our plug Z (--no-reconnect)"
attached "$SWDIR" 4 "vde_plug Y1"
PX=$(pid_of X)
PZ=$(pid_of Z)
mkrecs "$T/xy1.bin" ffffffffffff $MX xy1 60 1514
mkrecs "$T/yx1.bin" $MX $MY yx1 60 1000
trickle "$T/xy1.bin" >"$T/X.in"
expect_recs "before the restart: X -> Y1" "$T/Y1.out" "$T/xy1.bin"
trickle "$T/yx1.bin" >"$T/Y1.in"
expect_recs "before the restart: Y1 -> X" "$T/X.out" "$T/yx1.bin"

# --- kill -9 the switch ---------------------------------------------------------
OLD=$SWPID
kill -KILL "$OLD"
wait_exit "$OLD" 3 || bail "switch did not die"
t0=$(now_ms)
wait_exit "$PZ" 3
rcz=$RC
msz=$(($(now_ms) - t0))
note "--no-reconnect plug: status $rcz after $msz ms: $(tr '\n' '|' <"$T/Z.err")"
[ "$rcz" -ne 0 ] && [ "$rcz" -ne 124 ] ||
	fail "--no-reconnect: plug status $rcz when the switch died, want non-zero (124: still running)"
[ $msz -lt 1000 ] || fail "--no-reconnect: plug took $msz ms to exit"
grep -q 'went away' "$T/Z.err" ||
	fail "--no-reconnect: no message that the switch went away"
sleep 0.3
alive "$PX" || bail "plug X exited when the switch died: $(cat "$T/X.err")"

# frames written while detached are dropped, not queued
mkrecs "$T/lost.bin" ffffffffffff $MX lost 60
trickle "$T/lost.bin" >"$T/X.in"

# --- the same directory again ----------------------------------------------------
mv "$SWLOG" "$T/sw.log.1"
# shellcheck disable=SC2086
start_sw "$T/sw" $SWOPT
t0=$(now_ms)
# (not wait_socks: the killed switch left its data sockets behind)
# (as root the plug runs as the switch's account: match its pid only)
if ! wait_log " pid $PX)" 6; then
	note "plug X's log: $(tr '\n' '|' <"$T/X.err")"
	sed 's/^/#   /' "$SWLOG"
	fail "plug X (pid $PX) did not attach again within 6 s of the restart"
	# at least the plug must say why at its default level
	grep -v 'went away' "$T/X.err" | grep -qi 'attach' ||
		fail "plug X's log does not say why it cannot attach again"
	finish
fi
note "plug X attached again $(($(now_ms) - t0)) ms after the restart"
alive "$PX" || fail "plug X is not the same process"
plug Y2 "vde://${SWDIR}[4]"
# (the killed switch's data sockets stay until their names are used again:
# the new switch's log, not the directory, says who is attached)
wait_log "(uid $(id -u) pid $(pid_of Y2))" 3 || bail "vde_plug Y2 did not attach"
mkrecs "$T/xy2.bin" ffffffffffff $MX xy2 60 61 9234
mkrecs "$T/yx2.bin" $MX $MY yx2 60 1518 9000
cat "$T/yx1.bin" "$T/yx2.bin" >"$T/x-all.bin"
trickle "$T/xy2.bin" >"$T/X.in"
expect_recs "after the restart: X -> Y2" "$T/Y2.out" "$T/xy2.bin"
trickle "$T/yx2.bin" >"$T/Y2.in"
expect_recs "after the restart: Y2 -> X (X's whole output)" "$T/X.out" \
	"$T/x-all.bin"
alive "$PX" || fail "plug X exited: $(cat "$T/X.err")"

note "plug X's log: $(tr '\n' '|' <"$T/X.err")"
grep -q 'went away' "$T/X.err" ||
	fail "plug X's log does not say that the switch went away"
# the re-attachment must be visible at the default log level
awk '/went away/ { lost = 1 } lost && /attached|attaching again/ && !/went away/ { ok = 1 }
	END { exit !ok }' "$T/X.err" ||
	fail "plug X's log ($MODE) does not say that it attached again"
if [ "$MODE" = open ]; then
	grep -q '1 frames dropped while detached' "$T/X.err" ||
		fail "plug X's log does not count the frame dropped while detached"
fi
sw_alive || fail "switch died"
finish
