# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# dpipe-lib.sh - sourced after lib.sh by the dpipe-*.sh tests.
#
# Environment (set by tests/integration/meson.build):
#   DPIPE      path of vde-dpipe
#
# use_dpipe ours|debian selects the program the test runs as $DP: our
# vde-dpipe, or Debian's dpipe (vdeplug4) for a baseline.  Helpers:
#   dpipe-peer.py    sends a seeded byte stream, records what it received
#   dpipe-filter.py  a middle (ALTERNATE_*) or one-direction filter
#   dpipe-sig.py     records the signals it gets, then dies of the first

DPIPE=${DPIPE:-}

need_dpipe() {
	[ -n "$DPIPE" ] && [ -x "$DPIPE" ] || bail "DPIPE not set"
}

# use_dpipe ours|debian: sets DP
use_dpipe() {
	case $1 in
	ours)
		need_dpipe
		DP=$DPIPE
		;;
	debian)
		need_cmd dpipe
		DP=$(command -v dpipe)
		;;
	*) bail "unknown dpipe implementation '$1'" ;;
	esac
}

# kids PID: the pids of PID's children, one a line
kids() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }

# zombies PID: how many children of PID are zombies
zombies() { ps -o stat= --ppid "$1" 2>/dev/null | grep -c '^Z'; }

# wait_kids PID N [SECS]: until PID has N children
wait_kids() {
	_i=0
	while [ "$(kids "$1" | wc -l)" -ne "$2" ]; do
		[ $_i -ge $((${3:-3} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# any_alive PID...: 0 if one of them still runs (zombies do not count)
any_alive() {
	for _p in "$@"; do alive "$_p" && return 0; done
	return 1
}

# wait_gone SECS PID...: until none of them runs
wait_gone() {
	_s=$1
	shift
	_i=0
	while any_alive "$@"; do
		[ $_i -ge $((_s * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# run_dp SECS ARGS...: run $DP ARGS in the foreground with a time limit;
# stderr in $T/dp.err, status in RC (124: timed out), time in MS
run_dp() {
	_s=$1
	shift
	_t0=$(now_ms)
	timeout -s KILL "$_s" "$DP" "$@" </dev/null >"$T/dp.out" 2>"$T/dp.err"
	RC=$?
	MS=$(($(now_ms) - _t0))
	[ $RC -eq 137 ] && [ $MS -ge $((_s * 1000)) ] && RC=124
	return 0
}

# expect_rc WHAT WANT: compare RC (from run_dp or wait_exit)
expect_rc() {
	if [ "$RC" -ne "$2" ]; then
		fail "$1: exit status $RC, expected $2"
		sed 's/^/#   /' "$T/dp.err" 2>/dev/null
	fi
}

# err_has TEXT: the last run_dp's stderr contains the fixed string
err_has() { grep -qF -- "$1" "$T/dp.err"; }

# fail_log MSG [FILE]: fail with MSG, then show FILE (default: the last
# run_dp's stderr) as "#   " lines, keeping the result line one line
fail_log() {
	fail "$1"
	sed 's/^/#   /' "${2:-$T/dp.err}" 2>/dev/null
}

# bail_log MSG [FILE]: the same for a failure that ends the test
bail_log() {
	sed 's/^/#   /' "${2:-$T/dp.err}" 2>/dev/null
	bail "$1"
}

# peer_ok WHAT A B [XFORM]: what dpipe-peer.py A sent (upper- or
# lower-cased with XFORM upper|lower) is exactly what peer B received
peer_ok() {
	_tx=$(cat "$T/$2.tx${4:+.$4}" 2>/dev/null)
	_rx=$(cat "$T/$3.rx" 2>/dev/null)
	if [ -z "$_tx" ] || [ "$_tx" != "$_rx" ]; then
		fail "$1: $2 sent '${_tx:-nothing}'${4:+ ($4)}, $3 received '${_rx:-nothing}'"
		return 1
	fi
	return 0
}

# peer_env NAME: "ALTERNATE_STDIN ALTERNATE_STDOUT" as NAME saw them
peer_env() { cat "$T/$1.env" 2>/dev/null; }
