#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-refused.sh - our vde-plug asking our switch (-n 32) for port 40
# fails at once (well under 1 s) with status 1 and a message saying that
# the switch refused; the switch logs the refusal and keeps working.
# Checked as vde://DIR[40], as -p 40, on the second switch of "vde-plug A
# B" and with "= CMD", where the command must not be left running.  A
# user who may not reach the switch at all fails at once with status 1
# and the system's reason, not "refused".
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

need_vdeplug
need_cmd timeout
start_sw "$T/sw2"
SW2=$SWDIR
P2=$SWPID
start_sw "$T/sw" -n 32

# refused WHAT ARGS...: run our plug (3 s at most), expect a quick refusal
refused() {
	_what=$1
	shift
	_t0=$(now_ms)
	timeout 3 "$VDEPLUG" "$@" </dev/null >/dev/null 2>"$T/err"
	_rc=$?
	_ms=$(($(now_ms) - _t0))
	note "$_what: status $_rc after $_ms ms: $(tr '\n' '|' <"$T/err")"
	[ $_rc -eq 1 ] || fail "$_what: status $_rc, want 1 (124: hung)"
	[ $_ms -lt 1000 ] || fail "$_what: took $_ms ms to fail"
	grep -q 'refused by the switch' "$T/err" ||
		fail "$_what: the message does not say that the switch refused"
}

refused "vde://DIR[40]" "vde://${SWDIR}[40]"
wait_log "port 40: no such port" 2 || fail "refusal of port 40 not logged"
refused "-p 40 DIR" -p 40 "vde://$SWDIR"
refused "DIR[33] (one past -n 32)" "vde://${SWDIR}[33]"
refused "vde-plug A B[40]" "vde://${SW2}[1]" "vde://${SWDIR}[40]"
wait_socks "$SW2" 1 0 2 || fail "vde-plug A B[40]: still attached to A after the refusal"

# "= CMD": the command must not outlive the refused plug
# shellcheck disable=SC2016 # expanded by the command's shell
refused "vde-plug A[40] = CMD" "vde://${SWDIR}[40]" = sh -c \
	'echo $$ >"$0/cmd.pid"; exec sleep 20' "$T"
if [ -s "$T/cmd.pid" ]; then
	CMDPID=$(cat "$T/cmd.pid")
	rec_pid "$CMDPID"
	sleep 0.5
	if kill -0 "$CMDPID" 2>/dev/null; then
		fail "vde-plug A[40] = CMD: the command (pid $CMDPID) still runs after the refusal"
		kill "$CMDPID"
	fi
	note "the command was started although the attach then failed"
fi

# a user who cannot reach ctl (switch directory 2700, owned by nobody)
if [ "$(id -u)" -eq 0 ]; then
	add_user
	t0=$(now_ms)
	as_user "$NEWUSER" timeout 3 "$VDEPLUG" "vde://$SWDIR" </dev/null \
		>/dev/null 2>"$T/err"
	rc=$?
	ms=$(($(now_ms) - t0))
	note "user $NEWUSER: status $rc after $ms ms: $(tr '\n' '|' <"$T/err")"
	[ $rc -eq 1 ] || fail "unreachable switch: status $rc, want 1"
	[ $ms -lt 1000 ] || fail "unreachable switch: took $ms ms to fail"
	grep -q 'Permission denied' "$T/err" ||
		fail "unreachable switch: the message does not give the reason"
	grep -q 'refused by the switch' "$T/err" &&
		fail "unreachable switch: reported as a refusal by the switch"
fi

# the switch still works, and port 32 (the last one) is granted
oplug OK "vde://${SWDIR}[32]"
attached "$SWDIR" 32 "plug on port 32"
sw_alive || fail "switch died"
alive "$P2" || fail "second switch died"
check_forwarding "$SWDIR" "after the refusals"
finish
