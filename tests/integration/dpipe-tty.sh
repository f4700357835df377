#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-tty.sh - ^C typed at a terminal: the kernel sends SIGINT to the
# whole foreground process group, vde-dpipe and its commands alike, so
# vde-dpipe must not forward it again; each command gets exactly one
# SIGINT and vde-dpipe exits with 130.  (A SIGINT sent with kill(1) is
# forwarded: dpipe-signals.sh INT.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

use_dpipe ours
S=$HERE/dpipe-sig.py
need_tmux
need_cmd bash

# the pane's bash runs vde-dpipe in the pty's foreground process group and
# records its exit status (bash goes on after a child that handled ^C;
# tmux's own #{pane_dead_status} is not reliable)
cat >"$T/run.sh" <<EOS
"$DP" -v "$PY" "$S" "$T/s1" = "$PY" "$S" "$T/s2" 2>"$T/dp.err"
echo \$? >"$T/rc.tmp"
mv "$T/rc.tmp" "$T/rc"
EOS
tmux_start "exec bash $T/run.sh"
for n in 1 2; do
	wait_file "$T/s$n.pid" 5 || bail "command $n did not start"
	rec_pid "$(cat "$T/s$n.pid")"
done
tm send-keys -t t C-c
wait_file "$T/rc" 5 || bail "vde-dpipe did not end after ^C"
st=$(cat "$T/rc")
[ "$st" = 130 ] || fail "vde-dpipe exit status '$st' after ^C, expected 130"
# two SIGINTs close together may merge in the kernel, so a duplicate is
# not always visible to the commands: vde-dpipe's -v log tells what it did
if ! grep -q 'SIGINT from pid .*(terminal' "$T/dp.err" ||
   grep -q 'SIGINT.*forwarded' "$T/dp.err"; then
	fail "vde-dpipe forwarded the terminal's SIGINT"
	sed 's/^/#   /' "$T/dp.err"
fi
for n in 1 2; do
	got=$(tr '\n' ' ' <"$T/s$n" 2>/dev/null)
	[ "$got" = "INT " ] || fail "command $n received '${got:-nothing}' after ^C, expected 'INT' once"
done
finish
