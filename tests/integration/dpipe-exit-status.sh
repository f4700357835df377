#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-exit-status.sh - vde-dpipe's exit status is that of the first
# command that failed (exit code, or 128 + signal), 0 if all succeed; a
# failure sends SIGTERM to the others at once; death by SIGPIPE (the
# reader went away) is no failure; a command that ends is reaped at once (no
# zombie while the others run) and vde-dpipe waits for the rest.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

use_dpipe ours

run_dp 10 true = true
expect_rc "true = true" 0
run_dp 10 true = false
expect_rc "true = false" 1
run_dp 10 sh -c 'exit 3' = true
expect_rc "exit 3 = true" 3

# the failure stops a command that would otherwise run for 30 s
run_dp 10 sh -c 'exit 3' = sleep 30
expect_rc "exit 3 = sleep 30" 3
[ $MS -lt 3000 ] || fail "sleep 30 was not terminated (took $MS ms)"
err_has "exited with status 3" || fail "no message names the failing command"

# first failure wins: the status of the command stopped by our SIGTERM
# (143) does not replace it
run_dp 10 sh -c 'sleep 0.3; exit 5' = sh -c 'sleep 30; exit 7'
expect_rc "exit 5 after 0.3 s = exit 7 after 30 s" 5
run_dp 10 sh -c 'sleep 1; exit 6' = sh -c 'sleep 0.2; exit 9'
expect_rc "exit 6 after 1 s = exit 9 after 0.2 s" 9
[ $MS -lt 900 ] || fail "the left command was not stopped by the failure ($MS ms)"

# killed by a signal: 128 + signal
run_dp 10 sh -c 'kill -KILL $$' = sleep 30
expect_rc "killed by SIGKILL" 137
err_has "killed by signal 9" || fail "no message names the signal"
run_dp 10 cat = sh -c 'kill -USR1 $$'
expect_rc "killed by SIGUSR1" $((128 + 10))

# SIGPIPE is no failure ("yes | head -c 10"), whichever is reaped first
for i in 1 2 3 4 5; do
	run_dp 10 yes = head -c 10
	expect_rc "yes = head -c 10 (run $i)" 0
	run_dp 10 head -c 10 = yes
	expect_rc "head -c 10 = yes (run $i)" 0
done

# a command that ends with 0 is reaped at once; the others are waited for
"$DP" true = sh -c 'sleep 1.5' </dev/null >"$T/dp.out" 2>"$T/dp.err" &
DPID=$!
rec_pid $DPID
sleep 0.7
alive $DPID || fail "vde-dpipe did not wait for the running command"
[ "$(zombies $DPID)" -eq 0 ] || fail "zombie child: $(ps -o pid,stat,cmd --ppid $DPID)"
[ "$(kids $DPID | wc -l)" -eq 1 ] || fail "expected 1 child, have: $(kids $DPID | tr '\n' ' ')"
wait_exit $DPID 5
expect_rc "true = sleep 1.5" 0
finish
