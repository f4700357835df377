#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dir-cleanup.sh TERM|INT - a switch on a directory directly in /tmp with a
# pidfile and two attached clients gets the signal: it exits with status
# 0 within 2 s, the clients see their control connection closed, and
# everything it created is gone: data sockets, ctl, the pidfile (in the
# switch directory: the sandbox lets a switch remove nothing outside it),
# the directory.
. "$(dirname "$0")/lib.sh"

SIG=${1:-TERM}
need_switchd
need_vdeclient
D=/tmp/vdeit-$$-sw
PF=$D/sw.pid
rm -rf "$D"
rec_path "$D"
start_sw "$D" -p "$PF"
[ "$(cat "$PF" 2>/dev/null)" = "$SWPID" ] || fail "pidfile holds '$(cat "$PF" 2>/dev/null)', want $SWPID"
vc A "vde://$D" || bail "client A could not attach"
vc B "vde://${D}[7]" || bail "client B could not attach"

t0=$(now_ms)
kill "-$SIG" "$SWPID"
wait_exit "$SWPID" 2 || fail "switch still running 2 s after SIG$SIG"
note "switch exited with status $RC after $(($(now_ms) - t0)) ms"
[ "$RC" -eq 0 ] || fail "exit status $RC after SIG$SIG"
for c in A B; do
	wait_exit "$(pid_of $c)" 2 || fail "client $c still running"
	[ "$RC" -eq 3 ] || fail "client $c exit status $RC, want 3 (control connection closed)"
done
[ ! -e "$D" ] || fail "$D left behind: $(ls -A "$D" 2>&1 | tr '\n' ' ')"
[ ! -e "$PF" ] || fail "pidfile $PF left behind"
log_has "signal" || fail "shutdown not logged"
finish
