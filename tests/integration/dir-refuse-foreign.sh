#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dir-refuse-foreign.sh - the switch refuses a directory it must not
# trust: a symbolic link, a directory owned by another user, or a path
# whose ctl is not a socket.  Each refusal exits non-zero without
# changing the directory.
. "$(dirname "$0")/lib.sh"

need_switchd
# try DIR WHAT: the switch must exit non-zero within 5 s
try() {
	"$SWITCHD" -s "$1" --nostdin </dev/null >"$T/try.log" 2>&1 &
	_p=$!
	rec_pid $_p
	wait_exit $_p 5 || { fail "$2: switch still running"; stop_pid $_p; return; }
	note "$2: status $RC: $(head -2 "$T/try.log" | tr '\n' ' ')"
	[ "$RC" -ne 0 ] || fail "$2: switch accepted it (status 0)"
}

mkdir "$T/real"
chmod 0700 "$T/real"
ln -s "$T/real" "$T/link"
try "$T/link" "symlink to a directory"
[ -z "$(ls -A "$T/real")" ] || fail "switch created files through the symlink"
[ "$(stat -c %a "$T/real")" = 700 ] || fail "mode of the symlink target changed"

mkdir "$T/notsock"
touch "$T/notsock/ctl"
try "$T/notsock" "ctl is a regular file"
[ -f "$T/notsock/ctl" ] || fail "the regular file ctl was removed"

if [ "$(id -u)" -eq 0 ]; then
	add_user
	mkdir "$T/foreign"
	chown "$NEWUSER" "$T/foreign"
	chmod 0777 "$T/foreign"
	try "$T/foreign" "directory owned by another user"
	[ "$(stat -c %U "$T/foreign")" = "$NEWUSER" ] || fail "owner of the foreign directory changed"
	[ -z "$(ls -A "$T/foreign")" ] || fail "switch created files in the foreign directory"
fi
finish
