#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pidfile.sh CASE - the -p PIDFILE option.
#  relative: a relative name is resolved against the start-up directory;
#    it holds the PID; on SIGTERM it stays (the sandbox lets a switch
#    remove nothing outside its directory, vde-switchd(8)) and the log says
#    so; the next start replaces it as stale.  In the switch directory
#    (-p DIR/NAME) it is removed.
#  rootdir: (root) a pidfile in a root-owned 0755 directory such as /run
#    cannot be removed by the sandboxed switch (documented), but the next
#    start with the same -p replaces it as stale and works.
#  exists: an existing pidfile is refused (exit non-zero), left as it was,
#    and the failed start leaves nothing behind (no directory, no ctl).
#  symlink: a symlink as pidfile is refused; its target is neither
#    created nor changed.
. "$(dirname "$0")/lib.sh"

CASE=${1:?case}
need_switchd
D=/tmp/vdeit-$$-pf
rm -rf "$D"
rec_path "$D"

# fails_to_start OPTS...: the switch must exit non-zero within 5 s
fails_to_start() {
	"$SWITCHD" -s "$D" --nostdin "$@" </dev/null >"$T/try.log" 2>&1 &
	_p=$!
	rec_pid $_p
	wait_exit $_p 5 || { fail "switch started with $*"; stop_pid $_p; return 1; }
	note "status $RC: $(head -3 "$T/try.log" | tr '\n' ' ')"
	[ "$RC" -ne 0 ] || { fail "status 0 with $*"; return 1; }
	grep -q "pidfile" "$T/try.log" || fail "no message about the pidfile"
	[ ! -e "$D/ctl" ] || fail "failed start left $D/ctl behind"
	[ ! -e "$D" ] || fail "failed start left the directory $D behind"
	return 0
}

case $CASE in
relative)
	name=rel.pid
	PD=$(pid_dir rel)
	(cd "$PD" && exec "$SWITCHD" -s "$D" --nostdin -p "$name" </dev/null \
		>"$T/sw.log" 2>&1) &
	SWPID=$!
	SWLOG="$T/sw.log"
	rec_pid $SWPID
	wait_log ": ready:" 5 || bail "switch did not start: $(cat "$T/sw.log")"
	[ "$(cat "$PD/$name" 2>/dev/null)" = "$SWPID" ] ||
		fail "$PD/$name holds '$(cat "$PD/$name" 2>/dev/null)', want $SWPID"
	stop_pid $SWPID
	[ "$RC" -eq 0 ] || fail "exit status $RC"
	[ -e "$PD/$name" ] || fail "pidfile outside the switch directory removed: the sandbox allows that?"
	log_has "pidfile $PD/$name left behind" || fail "no log line about the pidfile left behind"
	: >"$T/sw.log"	# emptied now: wait_log must not see the first "ready"
	(cd "$PD" && exec "$SWITCHD" -s "$D" --nostdin -p "$name" </dev/null \
		>>"$T/sw.log" 2>&1) &
	SWPID=$!
	rec_pid $SWPID
	wait_log ": ready:" 5 || bail "second start did not come up: $(cat "$T/sw.log")"
	[ "$(cat "$PD/$name" 2>/dev/null)" = "$SWPID" ] ||
		fail "second start: $PD/$name holds '$(cat "$PD/$name" 2>/dev/null)', want $SWPID"
	stop_pid $SWPID
	# in the switch directory: removed with it
	start_sw "$D" -p "$D/sw.pid"
	[ "$(cat "$D/sw.pid" 2>/dev/null)" = "$SWPID" ] || fail "$D/sw.pid does not hold the pid"
	stop_pid $SWPID
	[ ! -e "$D/sw.pid" ] || fail "pidfile in the switch directory not removed on SIGTERM"
	[ ! -e "$D" ] || fail "$D left behind"
	;;
rootdir)
	need_root "a root-owned pidfile directory"
	mkdir "$T/run"
	chmod 0755 "$T/run"
	start_sw "$D" -p "$T/run/sw.pid"
	first=$SWPID
	[ "$(cat "$T/run/sw.pid")" = "$first" ] || fail "pidfile content"
	stop_pid "$first"
	[ "$RC" -eq 0 ] || fail "exit status $RC"
	# documented (vde-switchd(8) EXAMPLES): the unprivileged switch cannot
	# remove a pidfile from a root-owned directory; the next start must
	# replace it as stale
	[ -e "$T/run/sw.pid" ] && note "pidfile left behind by the sandboxed switch (documented)"
	start_sw "$D" -p "$T/run/sw.pid"
	[ "$(cat "$T/run/sw.pid")" = "$SWPID" ] ||
		fail "restart with the same -p: pidfile holds $(cat "$T/run/sw.pid"), want $SWPID"
	log_has "stale pidfile" || [ ! -e "$T/run/sw.pid" ] ||
		note "no 'stale pidfile' log line"
	stop_pid "$SWPID"
	;;
exists)
	echo keep >"$T/pid"
	fails_to_start -p "$T/pid"
	[ "$(cat "$T/pid")" = keep ] || fail "existing pidfile overwritten"
	;;
symlink)
	ln -s "$T/target" "$T/pid"
	fails_to_start -p "$T/pid"
	[ ! -e "$T/target" ] || fail "symlink target created"
	echo keep >"$T/target2"
	ln -s "$T/target2" "$T/pid2"
	fails_to_start -p "$T/pid2"
	[ "$(cat "$T/target2")" = keep ] || fail "symlink target changed"
	;;
*) bail "unknown case $CASE" ;;
esac
finish
