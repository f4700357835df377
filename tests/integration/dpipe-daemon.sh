#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-daemon.sh - vde-dpipe -d -p FILE detaches at once, runs the chain
# as the parent of its commands, holds its own pid in FILE, and on SIGTERM
# stops the chain and removes FILE.  The pidfile is never taken from a
# live process, replaces a stale one, is not written through a symlink,
# and a relative path is resolved before the commands start.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

use_dpipe ours
PF=$T/dp.pid

run_dp 5 -d -p "$PF" sh -c 'echo $$ >"$1"; exec sleep 60' sh "$T/c1.pid" = \
	sleep 61
expect_rc "vde-dpipe -d" 0
[ $MS -lt 2000 ] || fail "-d took $MS ms to return"
wait_file "$PF" 3 || bail "no pidfile"
DPID=$(cat "$PF")
rec_pid "$DPID"
wait_file "$T/c1.pid" 3 || bail "the first command did not start"
C1=$(cat "$T/c1.pid")
rec_pid "$C1"
alive "$DPID" || bail "the daemon is not running"
[ "$(cat "/proc/$DPID/comm")" = vde-dpipe ] ||
	fail "the pidfile names $(cat "/proc/$DPID/comm"), not vde-dpipe"
[ "$(ps -o sid= -p "$DPID" | tr -d ' ')" = "$DPID" ] ||
	fail "the daemon is not a session leader (not detached)"
wait_kids "$DPID" 2 3 || fail "the daemon has $(kids "$DPID" | wc -l) children, expected 2"
[ "$(ps -o ppid= -p "$C1" | tr -d ' ')" = "$DPID" ] ||
	fail "the first command is not the daemon's child"
C2=$(kids "$DPID" | grep -vx "$C1")
rec_pid "$C2"
kill -TERM "$DPID"
# shellcheck disable=SC2086 # C2 may be empty
wait_gone 3 "$DPID" "$C1" $C2 || fail "the chain still runs after SIGTERM"
[ ! -e "$PF" ] || fail "the pidfile was not removed"

# a pidfile naming a live process is left alone
echo $$ >"$T/live.pid"
run_dp 5 -p "$T/live.pid" sh -c 'touch "$1"' sh "$T/ran" = true
expect_rc "pidfile of a live process" 1
err_has "cannot create pidfile" || fail_log "no message about the pidfile"
[ "$(cat "$T/live.pid")" = $$ ] || fail "a live process's pidfile was overwritten"
[ ! -e "$T/ran" ] || fail "the chain ran despite the pidfile error"

# a stale one (its process is gone) is replaced, then removed at exit
sh -c 'exit 0' &
GONE=$!
wait $GONE
echo $GONE >"$T/stale.pid"
run_dp 5 -p "$T/stale.pid" sh -c 'cat "$1" >"$2"' sh "$T/stale.pid" "$T/seen" = true
expect_rc "stale pidfile" 0
err_has "removing stale pidfile" || fail "no warning about the stale pidfile"
[ -s "$T/seen" ] && [ "$(cat "$T/seen")" != "$GONE" ] ||
	fail "the stale pidfile was not replaced before the commands ran"
[ ! -e "$T/stale.pid" ] || fail "the replaced pidfile was not removed at exit"

# never through a symlink
ln -s "$T/target" "$T/link.pid"
run_dp 5 -p "$T/link.pid" true = true
expect_rc "pidfile is a symlink" 1
[ ! -e "$T/target" ] || fail "the pidfile was written through a symlink"

# relative to the directory vde-dpipe was started in
mkdir "$T/d"
(cd "$T/d" && "$DP" -p rel.pid sh -c 'cat "$1/rel.pid" >"$1/seen"' sh "$T/d" = true \
	</dev/null >"$T/dp.out" 2>"$T/dp.err")
RC=$?
expect_rc "relative pidfile" 0
[ -s "$T/d/seen" ] || fail "the relative pidfile did not exist while the chain ran"
[ ! -e "$T/d/rel.pid" ] || fail "the relative pidfile was not removed"
finish
