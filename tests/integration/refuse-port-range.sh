#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# refuse-port-range.sh - with -n 32, vde_plug vde://DIR[40] fails at once
# (well under 1 s; Debian's vde_switch leaves it hanging), the refusal is
# logged, and the switch keeps forwarding.  With "debian" the case runs
# against vde_switch 2.3.2, where the client hangs: it must fail there.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_cmd vde_plug timeout
need_vdeclient
start_impl "$IMPL" "$T/sw" -n 32

t0=$(now_ms)
timeout 3 vde_plug "vde://${SWDIR}[40]" </dev/null >/dev/null 2>"$T/plug.err"
rc=$?
ms=$(($(now_ms) - t0))
note "vde_plug [40]: status $rc after $ms ms: $(head -1 "$T/plug.err")"
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "vde_plug [40] status $rc (124: hung)"
[ $ms -lt 1000 ] || fail "vde_plug [40] took $ms ms to fail"
if [ "$IMPL" = ours ]; then
	wait_log "port 40: no such port" 2 || fail "refusal of port 40 not logged"
fi

r=$("$VDECLIENT" -F -t 3 "vde://${SWDIR}[33]")
note "vdeclient [33]: $r"
case $r in
FAILED*) [ "${r#FAILED }" != "$r" ] && [ "$(echo "$r" | awk '{print $2}')" -lt 1000 ] ||
		fail "port 33 refusal slow: $r" ;;
*) fail "port 33 with -n 32: $r" ;;
esac
r=$("$VDECLIENT" -F -t 3 "vde://${SWDIR}[32]")
note "vdeclient [32]: $r"
case $r in OPENED*) ;; *) fail "port 32 with -n 32 (ports 1..32) refused: $r" ;; esac

sw_alive || bail "switch died"
check_forwarding "$SWDIR" "after the refusals"
finish
