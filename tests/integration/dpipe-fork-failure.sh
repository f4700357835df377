#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-fork-failure.sh - the second command cannot be forked (a fresh
# user limited to 3 processes by RLIMIT_NPROC: timeout, vde-dpipe and the
# first command): vde-dpipe says so, exits 1, and the first command is
# terminated and reaped.  Needs root.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

use_dpipe ours
need_root "a user with RLIMIT_NPROC 3"
need_cmd prlimit
add_user
DP_USER=$NEWUSER
_t0=$(now_ms)
prlimit --nproc=3:3 setpriv --reuid="$DP_USER" --regid="$(id -g "$DP_USER")" \
	--clear-groups -- timeout -s KILL 10 "$DP" -v sleep 30 = sleep 31 \
	</dev/null >"$T/dp.out" 2>"$T/dp.err"
RC=$?
MS=$(($(now_ms) - _t0))
expect_rc "fork failure" 1
err_has "cannot start sleep: fork: Resource temporarily unavailable" ||
	fail_log "no message about the fork failure"
[ $MS -lt 5000 ] || fail "the first command was not stopped ($MS ms)"
FP=$(sed -n 's/.*started sleep (pid \([0-9]*\)).*/\1/p' "$T/dp.err")
if [ -n "$FP" ]; then
	[ ! -e "/proc/$FP" ] || fail "the first command is left over: $(ps -o pid,stat,cmd -p "$FP")"
else
	fail_log "the first command was not started"
fi
finish
