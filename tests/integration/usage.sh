#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage.sh - command line errors: an unknown option, a stray argument and
# bad option values exit with status 2 at once, with a message, and
# create nothing; --help and --version exit 0.
. "$(dirname "$0")/lib.sh"

need_switchd
D="$T/sw"
# bad STATUS ARGS...: run with ARGS, want STATUS, nothing created
n=0
bad() {
	_want=$1
	shift
	n=$((n + 1))
	timeout 5 "$SWITCHD" -s "$D" --nostdin "$@" </dev/null >"$T/out" 2>"$T/err"
	_rc=$?
	if [ $_rc -ne "$_want" ]; then
		fail "'$*': status $_rc, want $_want ($(head -1 "$T/err"))"
	elif [ ! -s "$T/err" ]; then
		fail "'$*': no error message"
	fi
	[ ! -e "$D" ] || { fail "'$*': created $D"; rm -rf "$D"; }
}
bad 2 --no-such-option
bad 2 -Z
bad 2 extra-argument
bad 2 -n 0
bad 2 -n abc
bad 2 -n 65535
bad 2 -n -3
bad 2 -m 999
bad 2 -m 0x1ff
bad 2 --dirmode 8
bad 2 --max-frame 100
bad 2 --max-frame 9235
bad 2 --max-endpoints 0
bad 2 --max-pending 0
bad 2 --handshake-timeout 0
bad 2 --handshake-timeout 1s
bad 2 --macaddr 01:00:00:00:00:01
bad 2 --macaddr zz:00:00:00:00:01
bad 2 --hashsize ""
bad 2 -s
note "$n bad command lines checked"

if [ "$(id -u)" -eq 0 ]; then
	# unknown or privileged accounts: refused before anything is created
	for a in "-u no-such-user-vdeit" "-u root" "-u 0" "-g no-such-group-vdeit"; do
		# shellcheck disable=SC2086
		timeout 5 "$SWITCHD" -s "$D" --nostdin $a </dev/null >"$T/out" 2>"$T/err"
		rc=$?
		note "'$a': status $rc: $(head -1 "$T/err")"
		[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "'$a': status $rc"
		[ ! -e "$D" ] || { fail "'$a': created $D"; rm -rf "$D"; }
	done
fi

"$SWITCHD" --help >"$T/help" 2>&1 || fail "--help: status $?"
grep -q -- "--sock DIR" "$T/help" || fail "--help does not list --sock"
"$SWITCHD" --version >"$T/ver" 2>&1 || fail "--version: status $?"
grep -q "vde-switchd" "$T/ver" || fail "--version output: $(cat "$T/ver")"
finish
