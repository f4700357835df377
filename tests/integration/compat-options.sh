#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# compat-options.sh - vde_switch's option spellings still work (spec
# 6.7: getopt_long_only): "-sock DIR -mod 0660 -numports 4" and
# "--unix DIR"; the values are honoured (ctl mode 0660, port 5 refused,
# port 4 accepted).
. "$(dirname "$0")/lib.sh"

need_switchd
need_vdeclient
"$SWITCHD" -sock "$T/sw" -mod 0660 -numports 4 -nostdin </dev/null >"$T/sw.log" 2>&1 &
SWPID=$!
SWLOG="$T/sw.log"
SWDIR="$T/sw"
rec_pid $SWPID
wait_log ": ready:" 5 || bail "switch did not start with -sock/-mod/-numports: $(cat "$T/sw.log")"
[ "$(stat -c %a "$SWDIR/ctl")" = 660 ] || fail "-mod 0660: ctl mode $(stat -c %a "$SWDIR/ctl")"
r=$("$VDECLIENT" -F -t 5 "vde://${SWDIR}[5]")
case $r in FAILED*) ;; *) fail "-numports 4: port 5 not refused: $r" ;; esac
r=$("$VDECLIENT" -F -t 5 "vde://${SWDIR}[4]")
case $r in OPENED*) ;; *) fail "-numports 4: port 4 refused: $r" ;; esac
stop_pid $SWPID

start_sw "$T/sw2"
stop_pid $SWPID
"$SWITCHD" --unix "$T/sw3" --nostdin </dev/null >"$T/sw3.log" 2>&1 &
SWPID=$!
rec_pid $SWPID
wait_log ": ready:" 5 "$T/sw3.log" || fail "--unix DIR not accepted: $(cat "$T/sw3.log")"
[ -S "$T/sw3/ctl" ] || fail "--unix DIR: no ctl"
finish
