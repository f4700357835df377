#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# flood-other-user.sh - an unprivileged user holds 300 idle control
# connections (handshake timeout 3 s).  While the flood is on, root's
# clients still attach at once and exchange frames (the per-uid pending
# cap keeps the user from filling the switch); all of the user's
# connections are closed in the end.
. "$(dirname "$0")/lib.sh"

need_root "a second user"
need_vdeclient
start_sw "$T/sw" -m 0666 --handshake-timeout 3
add_user
U=$NEWUSER
mkdir "$T/u"
chown "$U" "$T/u"

exec_as "$U" "$PY" "$HERE/flood.py" "$SWDIR/ctl" 300 10 "$T/u/ready" \
	>"$T/flood.out" 2>&1 &
FPID=$!
rec_pid $FPID
wait_file "$T/u/ready" 10 || bail "flood did not start: $(cat "$T/flood.out")"
t0=$(now_ms)
check_forwarding "$SWDIR" "during the flood"
ms=$(($(now_ms) - t0))
note "attach and forward during the flood: $ms ms"
[ $ms -lt 2500 ] || fail "attaching during the flood took $ms ms"
wait_exit "$FPID" 15 || fail "flood client still running"
note "flood: $(cat "$T/flood.out")"
[ "$RC" -eq 0 ] || fail "not every idle connection of the user was closed: $(cat "$T/flood.out")"
log_has "refused uid $(id -u "$U") pid $FPID: too many pending control connections" ||
	fail "per-uid cap refusal not logged for the user"
sw_alive || fail "switch died"
finish
