#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dir-modes.sh - modes of the switch directory and ctl (spec section 1):
# by default neither is accessible to group or others; -m 0666 opens ctl
# but the directory stays unwritable for group and others; --dirmode 0777
# gets the sticky bit (and a warning); -g GROUP sets the group of the
# directory and ctl.  A directory is never group/world writable without
# the sticky bit.
. "$(dirname "$0")/lib.sh"

need_switchd
oct() { stat -c %a "$1"; }
# no_open_write MODE: true unless group/other may write without sticky
no_open_write() { [ $((0$1 & 022)) -eq 0 ] || [ $((0$1 & 01000)) -ne 0 ]; }

start_sw "$T/d1"
d=$(oct "$SWDIR")
c=$(oct "$SWDIR/ctl")
note "default: dir $d ctl $c"
[ $((0$d & 077)) -eq 0 ] || fail "default dir mode $d gives group/others access"
[ $((0$c & 077)) -eq 0 ] || fail "default ctl mode $c gives group/others access"
[ "$(id -u)" -ne 0 ] || [ "$(stat -c %U "$SWDIR")" = nobody ] ||
	fail "dir of a root-started switch owned by $(stat -c %U "$SWDIR"), want nobody"
stop_pid "$SWPID"

start_sw "$T/d2" -m 0666
d=$(oct "$SWDIR")
c=$(oct "$SWDIR/ctl")
note "-m 0666: dir $d ctl $c"
[ "$c" = 666 ] || fail "-m 0666: ctl mode $c"
no_open_write "$d" || fail "-m 0666: dir mode $d writable by group/others without sticky bit"
[ $((0$d & 05)) -eq 05 ] || fail "-m 0666: dir mode $d does not let others reach ctl"
stop_pid "$SWPID"

start_sw "$T/d3" --dirmode 0777
d=$(oct "$SWDIR")
note "--dirmode 0777: dir $d ctl $(oct "$SWDIR/ctl")"
[ $((0$d & 01000)) -ne 0 ] || fail "--dirmode 0777: no sticky bit (mode $d)"
log_has "adding the sticky bit" || fail "no warning about the sticky bit"
stop_pid "$SWPID"

start_sw "$T/d4" --dirmode 0770 -m 0660
d=$(oct "$SWDIR")
no_open_write "$d" || fail "--dirmode 0770: mode $d group writable without sticky bit"
stop_pid "$SWPID"

if [ "$(id -u)" -eq 0 ] && getent group users >/dev/null; then
	start_sw "$T/d5" -m 0660 -g users
	[ "$(stat -c %G "$SWDIR")" = users ] || fail "-g users: dir group $(stat -c %G "$SWDIR")"
	[ "$(stat -c %G "$SWDIR/ctl")" = users ] || fail "-g users: ctl group $(stat -c %G "$SWDIR/ctl")"
	check_forwarding "$SWDIR" "with -g users"
	stop_pid "$SWPID"
fi
finish
