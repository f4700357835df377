#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-reload.sh - SIGHUP: a bad file is reported as FILE:LINE:COL and the
# old policy stays in force; an added switch starts, an unchanged one
# keeps running (it gets the new policy), a changed one is restarted, a
# removed one stops and its directory goes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
sw_account
one="switch one {
	dir $T/one
	ports 4
}"
policy "user $SWUSER
$one"
start_privd
wait_ready one
p1=$(kid_pid one)

policy "user $SWUSER
$one
switch two {
	dir $T/two
	nonsense
}"
kill -HUP "$PRIVDPID"
wait_log_n "reload failed" 1 5 || fail "bad reload not reported"
grep -Eq "policy.conf:8:[0-9]+: .*nonsense" "$PRIVDLOG" || fail "no FILE:LINE:COL for the bad reload"
[ "$(kid_pid one)" = "$p1" ] && alive "$p1" || fail "switch one disturbed by a bad reload"
[ -e "$T/two" ] && fail "bad reload created $T/two"

policy "user $SWUSER
$one
switch two {
	dir $T/two
	ports 4
}"
kill -HUP "$PRIVDPID"
wait_ready two
[ "$(kid_pid one)" = "$p1" ] && alive "$p1" || fail "unchanged switch one restarted"
wait_log_n "policy reloaded" 1 5 2>/dev/null
[ -S "$T/two/ctl" ] || fail "no ctl for two"

p2=$(kid_pid two)
policy "user $SWUSER
switch two {
	dir $T/two
	ports 8
}"
kill -HUP "$PRIVDPID"
wait_ready two 2
wait_log_n "switch one: removed" 1 5 || fail "one not removed"
i=0
while alive "$p1" || [ -e "$T/one" ]; do
	[ $i -ge 100 ] && { fail "one still there"; break; }
	sleep 0.05
	i=$((i + 1))
done
[ "$(kid_pid two)" != "$p2" ] || fail "changed switch two not restarted"
stop_pid "$PRIVDPID" TERM
[ -e "$T/two" ] && fail "$T/two left behind"
finish
