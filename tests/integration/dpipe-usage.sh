#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-usage.sh - command lines vde-dpipe refuses (status 2, a message
# naming the problem, nothing started) and words that merely look like
# separators, which reach the command unchanged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

use_dpipe ours

# usage RC MESSAGE ARGS...: vde-dpipe ARGS exits RC saying MESSAGE
usage() {
	_want=$1
	_msg=$2
	shift 2
	run_dp 5 "$@"
	expect_rc "vde-dpipe $*" "$_want"
	[ -z "$_msg" ] || err_has "$_msg" ||
		fail_log "vde-dpipe $*: no '$_msg' in the message"
}

M=$T/started
S="touch $M"
usage 2 "no command given"
usage 2 "needs at least two commands" sh -c "$S"
usage 2 "missing command before '='" = sh -c "$S"
usage 2 "missing command after '='" sh -c "$S" =
usage 2 "missing command before '='" sh -c "$S" = = sh -c "$S"
usage 2 "'=}' is not closed by '}='" sh -c "$S" '=}' cat = sh -c "$S"
usage 2 "'={' is not closed by '{='" sh -c "$S" '={' cat
usage 2 "no open group to close with '}='" sh -c "$S" '}=' sh -c "$S"
usage 2 "no open group to close with '{='" sh -c "$S" '=}' cat '{=' sh -c "$S"
usage 2 "groups cannot nest" sh -c "$S" '=}' cat '={' cat '{=' '}=' sh -c "$S"
usage 2 "missing command before '}='" sh -c "$S" '=}' '}=' sh -c "$S"
usage 2 "unknown option '-x'" -x sh -c "$S" = true
usage 2 "unknown option '--frobnicate'" --frobnicate sh -c "$S" = true
usage 2 "missing argument to option '-p'" -p
usage 2 "not supported" -n sh -c "$S" = true
usage 2 "not supported" -N sh -c "$S" = true
usage 2 "not supported" -P "$T/pgrp" sh -c "$S" = true
[ ! -e "$M" ] || fail "a command was started despite a usage error"

usage 0 "" --help
grep -q '^Usage: vde-dpipe' "$T/dp.out" || fail "--help: no usage text"
usage 0 "" --version
grep -q '^vde-dpipe [0-9]' "$T/dp.out" || fail "--version: '$(cat "$T/dp.out")'"

# words that are not exactly a separator are arguments
usage 0 "" sh -c 'printf "%s\n" "$@" >"$0"' "$T/words" =x x= == '{' '}' \
	'={x' = true
printf '%s\n' =x x= == '{' '}' '={x' >"$T/words.exp"
cmp -s "$T/words" "$T/words.exp" ||
	fail "arguments changed: $(tr '\n' ' ' <"$T/words" 2>/dev/null)"
# options end at the first command word, or at --
usage 0 "" sh -c 'echo "$1" >"$0"' "$T/opt" -v = true
[ "$(cat "$T/opt" 2>/dev/null)" = "-v" ] || fail "the command's -v was taken"
usage 127 "-x: command not found" -- -x = true
finish
