#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-signals.sh TERM|HUP|INT|KILL - a signal sent to vde-dpipe (by
# kill(1)) reaches each of its three commands exactly once, vde-dpipe exits
# with 128 + signal once all have died of it, and reaps them: none is left
# running or as a zombie.  KILL: vde-dpipe dies at once, and its commands
# get SIGTERM from the kernel (PR_SET_PDEATHSIG).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

SIG=${1:-TERM}
use_dpipe ours
S=$HERE/dpipe-sig.py

"$DP" "$PY" "$S" "$T/s1" = "$PY" "$S" "$T/s2" = "$PY" "$S" "$T/s3" \
	</dev/null >"$T/dp.out" 2>"$T/dp.err" &
DPID=$!
rec_pid $DPID
C=""
for n in 1 2 3; do
	wait_file "$T/s$n.pid" 5 || bail_log "command $n did not start"
	C="$C $(cat "$T/s$n.pid")"
done
for c in $C; do rec_pid "$c"; done
[ "$(kids $DPID | sort | tr '\n' ' ')" = "$(echo $C | tr ' ' '\n' | sort | tr '\n' ' ')" ] ||
	fail "the commands are not vde-dpipe's children"

kill "-$SIG" $DPID
wait_exit $DPID 5 || bail "vde-dpipe still runs 5 s after SIG$SIG"
case $SIG in
TERM) WANT=143 GOT=TERM ;;
HUP) WANT=129 GOT=HUP ;;
INT) WANT=130 GOT=INT ;;
KILL) WANT=137 GOT=TERM ;;
*) bail "unknown signal $SIG" ;;
esac
expect_rc "vde-dpipe after SIG$SIG" $WANT
# shellcheck disable=SC2086 # a list of pids
wait_gone 3 $C || fail "a command still runs: $(ps -o pid,stat,cmd -p "$(echo $C | tr ' ' ,)")"
for n in 1 2 3; do
	got=$(tr '\n' ' ' <"$T/s$n" 2>/dev/null)
	[ "$got" = "$GOT " ] || fail "command $n received '${got:-nothing}', expected '$GOT' once"
done
if [ "$SIG" != KILL ]; then
	# reaped by vde-dpipe itself: not even a zombie is left
	for c in $C; do
		[ ! -e "/proc/$c" ] || fail "command $c not reaped: $(ps -o pid,stat,cmd -p "$c")"
	done
fi
finish
