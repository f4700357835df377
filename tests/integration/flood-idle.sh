#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# flood-idle.sh - 300 control connections that never send a byte, with
# --handshake-timeout 1: those over the pending caps are closed at once,
# the rest by the timeout; every one is closed within 3.5 s, both
# reasons are logged, and afterwards the switch still attaches clients
# and forwards.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw" --handshake-timeout 1

r=$("$PY" "$HERE/flood.py" "$SWDIR/ctl" 300 8)
rc=$?
note "flood: $r"
[ $rc -eq 0 ] || fail "not every idle connection was closed: $r"
ms=${r##*max_close_ms }
[ "${ms:-99999}" -le 3500 ] || fail "last idle connection closed after $ms ms"
log_has "too many pending control connections" ||
	fail "closing over the pending cap not logged"
log_has "no complete request within 1 s" ||
	fail "handshake timeout not logged"
sw_alive || bail "switch died"
check_forwarding "$SWDIR" "after the flood"
finish
