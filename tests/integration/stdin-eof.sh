#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# stdin-eof.sh - without --nostdin the switch, like vde_switch, ends when
# its standard input reaches EOF: exit status 0, directory removed, the
# attached client told (control connection closed).
. "$(dirname "$0")/lib.sh"

need_switchd
need_vdeclient
D=/tmp/vdeit-$$-stdin
rm -rf "$D"
rec_path "$D"
mkfifo "$T/stdin"
sleep 600 >"$T/stdin" &
HOLD=$!
rec_pid $HOLD
"$SWITCHD" -s "$D" <"$T/stdin" >"$T/sw.log" 2>&1 &
SWPID=$!
SWLOG="$T/sw.log"
rec_pid $SWPID
wait_log ": ready:" 5 || bail "switch did not start: $(cat "$T/sw.log")"
vc A "vde://$D" || bail "client could not attach"
stop_pid $HOLD
wait_exit "$SWPID" 3 || fail "switch still running 3 s after EOF on stdin"
[ "$RC" -eq 0 ] || fail "exit status $RC after EOF on stdin"
log_has "end of standard input" || fail "EOF on stdin not logged"
wait_exit "$(pid_of A)" 2 || fail "client still running"
[ "$RC" -eq 3 ] || fail "client exit status $RC, want 3 (control connection closed)"
[ ! -e "$D" ] || fail "$D left behind"
finish
