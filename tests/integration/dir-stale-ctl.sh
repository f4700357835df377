#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dir-stale-ctl.sh - a switch killed with SIGKILL leaves ctl (and a data
# socket) behind; a new switch on the same directory finds the ctl socket
# stale, replaces it, says so, and works.
. "$(dirname "$0")/lib.sh"

need_switchd
need_vdeclient
start_sw "$T/sw"
vc A "vde://${SWDIR}[3]" || bail "client could not attach"
stop_pid "$SWPID" KILL
vc_stop A
[ -S "$SWDIR/ctl" ] || bail "ctl gone after SIGKILL: nothing stale to test"

start_sw "$T/sw"
log_has "removing stale $SWDIR/ctl" || fail "replacement of the stale ctl not logged"
check_forwarding "$SWDIR" "after replacing the stale ctl"
vc B "vde://${SWDIR}[3]" || fail "port 3 (stale data socket) could not be reused"
finish
