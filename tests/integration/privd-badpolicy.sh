#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-badpolicy.sh - bad policy files: vde-privd (and -n) refuse each
# with a clear FILE:LINE:COL (or FILE:LINE for a path that is unsafe on
# this system) message and exit 1, and nothing is created: no switch
# directory, no socket, no tap.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
sw_account
P=$T/policy.conf
TAP=vbp$$

# case NAME EXPECTED-REGEX: run -n and a real start on $P
case_bad() {
	for mode in check start; do
		if [ $mode = check ]; then
			"$PRIVD" -n -c "$P" >"$T/out" 2>&1
			rc=$?
		else
			"$PRIVD" -f -c "$P" --switchd "$SWITCHD" >"$T/out" 2>&1 &
			_p=$!
			rec_pid $_p
			if wait_exit $_p 5; then
				rc=$RC
			else
				fail "$1: privd still running"
				stop_pid $_p KILL
				rc=running
			fi
		fi
		if [ "$rc" != 1 ]; then
			fail "$1 ($mode): exit status $rc, not 1"
		fi
		grep -Eq -- "$2" "$T/out" ||
			fail "$1 ($mode): no '$2' in: $(cat "$T/out")"
		note "$1: $(head -n 1 "$T/out")"
		for p in "$T/run" "$T/ww/sw" "$T/link/sw" "$T/foreign/sw/ctl" \
			"$T/st/sw" "$T/full/ctl"; do
			[ -e "$p" ] && fail "$1 ($mode): $p was created"
		done
		ip link show "$TAP" >/dev/null 2>&1 && fail "$1 ($mode): tap created"
	done
}

good_head="user $SWUSER
switch one {
	dir $T/run/one
	tap $TAP"

policy "$good_head
	bogus 1
}"
case_bad syntax "policy.conf:5:[0-9]+: .*bogus"

policy "user no-such-user-$$
switch one {
	dir $T/run/one
}"
case_bad unknown-user "policy.conf:1:[0-9]+: .*unknown user"

policy "$good_head
	group no-such-group-$$
}"
case_bad unknown-group "policy.conf:5:[0-9]+: .*unknown group"

policy "$good_head
}
switch two {
	dir $T/run/one
}"
case_bad duplicate-dir "policy.conf:7:[0-9]+: .*already the dir"

policy "$good_head
}"
chmod 0666 "$P"
case_bad world-writable "policy.conf.*writable by group or others"

chmod 0644 "$P"
chown "$SWUSER" "$P"
case_bad not-root "policy.conf.*not owned by root"
chown root "$P"

mkdir -p "$T/ww"
chmod 0777 "$T/ww"
policy "user $SWUSER
switch one {
	dir $T/ww/sw
	tap $TAP
}"
case_bad world-writable-tree "policy.conf:2: switch one: .*$T/ww is writable by group or others .*not sticky"

# sticky is not enough for the directory that holds a switch's: the
# switch account could rename its own directory there
mkdir -p "$T/st"
chmod 1777 "$T/st"
policy "user $SWUSER
switch one {
	dir $T/st/sw
}"
case_bad sticky-parent "policy.conf:2: switch one: $T/st is writable by group or others \\(mode 1777\\)"

# an existing directory of root's with something in it is not handed over
mkdir -p "$T/full"
touch "$T/full/precious"
policy "user $SWUSER
switch one {
	dir $T/full
}"
case_bad root-dir-not-empty "policy.conf:2: switch one: $T/full belongs to root and is not empty"
[ "$(stat -c %U "$T/full")" = root ] || fail "$T/full changed owner"

mkdir -p "$T/real"
ln -s "$T/real" "$T/link"
policy "user $SWUSER
switch one {
	dir $T/link/sw
}"
case_bad symlink "policy.conf:2: switch one: .*$T/link is a symbolic link"

mkdir -p "$T/foreign/sw"
chown nobody "$T/foreign/sw"
policy "user $SWUSER
switch one {
	dir $T/foreign/sw
}"
case_bad foreign-dir "policy.conf:2: switch one: .*belongs to uid"

# and a good file is accepted by -n, which prints the canonical form
policy "$good_head
}"
"$PRIVD" -n -c "$P" >"$T/out" 2>&1 || fail "good file refused: $(cat "$T/out")"
grep -q "uid $SWUID" "$T/out" || fail "canonical form: $(cat "$T/out")"
[ -e "$T/run" ] && fail "-n created $T/run"
finish
