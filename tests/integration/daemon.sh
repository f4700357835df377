#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# daemon.sh - -d -p PIDFILE: the command returns 0 at once, the pidfile
# names the running switch (sandboxed, serving the directory), which
# forwards frames and on SIGTERM removes the directory and the pidfile
# (in the directory: the sandbox lets it remove nothing outside).
. "$(dirname "$0")/lib.sh"

need_switchd
need_vdeclient
D=/tmp/vdeit-$$-daemon
PF=$D/daemon.pid
rm -rf "$D"
rec_path "$D"
timeout 5 "$SWITCHD" -s "$D" -d -p "$PF" </dev/null >"$T/start.log" 2>&1
rc=$?
[ $rc -eq 0 ] || bail "vde-switchd -d exited with status $rc: $(cat "$T/start.log")"
wait_file "$PF" 2 || bail "no pidfile $PF"
i=0
until [ -s "$PF" ] && [ -S "$D/ctl" ] || [ $i -ge 40 ]; do sleep 0.05; i=$((i + 1)); done
DPID=$(cat "$PF")
rec_pid "$DPID"
SWPID=$DPID
[ "$(cat "/proc/$DPID/comm" 2>/dev/null)" = vde-switchd ] ||
	bail "pidfile names $DPID, which is not vde-switchd"
i=0
until [ "$(awk '$1 == "Seccomp:" { print $2 }' "/proc/$DPID/status")" = 2 ] || [ $i -ge 40 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ "$(awk '$1 == "Seccomp:" { print $2 }' "/proc/$DPID/status")" = 2 ] ||
	fail "daemon is not under seccomp"
check_forwarding "$D" "daemon"
kill -TERM "$DPID"
i=0
while alive "$DPID" && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
alive "$DPID" && fail "daemon still running 3 s after SIGTERM"
unrec_pid "$DPID"
[ ! -e "$D" ] || fail "$D left behind"
[ ! -e "$PF" ] || fail "pidfile $PF left behind"
finish
