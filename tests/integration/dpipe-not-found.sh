#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-not-found.sh - a command that cannot be run: 127 (not found) or
# 126 (not executable) with a message naming it; commands to its right
# are never started, commands to its left are terminated and reaped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

use_dpipe ours

# not found, first command: the second never starts
run_dp 10 vdeit-no-such-command = sh -c 'touch "$1"; sleep 30' sh "$T/second"
expect_rc "missing first command" 127
err_has "vdeit-no-such-command: command not found" ||
	fail_log "no message naming the command"
[ ! -e "$T/second" ] || fail "the command after a missing one was started"
[ $MS -lt 3000 ] || fail "took $MS ms"

# not found, last command: the first is stopped and reaped (its pid from
# the -v log, since it may be stopped before it could write anything)
run_dp 10 -v sleep 30 = /nonexistent/vdeit-cmd
expect_rc "missing last command" 127
err_has "/nonexistent/vdeit-cmd: command not found" ||
	fail_log "no message naming the command"
[ $MS -lt 3000 ] || fail "the first command was not stopped ($MS ms)"
FP=$(sed -n 's/.*started sleep (pid \([0-9]*\)).*/\1/p' "$T/dp.err")
if [ -n "$FP" ]; then
	[ ! -e "/proc/$FP" ] || fail "the first command is left over: $(ps -o pid,stat,cmd -p "$FP")"
else
	fail_log "the first command was not started"
fi

# in the middle
run_dp 10 cat = vdeit-no-such-command = cat
expect_rc "missing middle command" 127

# not executable
printf '#!/bin/sh\nexit 0\n' >"$T/noexec"
chmod 0644 "$T/noexec"
run_dp 10 "$T/noexec" = cat
expect_rc "not executable" 126
err_has "cannot run $T/noexec: Permission denied" ||
	fail_log "no message naming the command"

# a directory
run_dp 10 cat = "$T"
expect_rc "a directory" 126
finish
