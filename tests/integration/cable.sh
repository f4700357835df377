#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable.sh direct|wirefilter - spec 9 item 7: two of our switches joined
# by Debian's vde_plug with two URLs (direct), or by "dpipe vde_plug SW1
# = wirefilter -d 100 = vde_plug SW2" (100 ms delay).  A broadcast on SW1
# reaches a client on SW2 (with wirefilter: no sooner than 100 ms later)
# and that client's unicast reply comes back across the cable.
. "$(dirname "$0")/lib.sh"

MODE=${1:-direct}
need_cmd vde_plug
need_vdeclient
start_sw "$T/sw1"
SW1=$SWDIR
P1=$SWPID
start_sw "$T/sw2"
SW2=$SWDIR
case $MODE in
direct)
	vde_plug "vde://$SW1" "vde://$SW2" </dev/null >"$T/cable.log" 2>&1 &
	;;
wirefilter)
	need_cmd dpipe wirefilter
	dpipe vde_plug "vde://$SW1" = wirefilter -d 100 = vde_plug "vde://$SW2" \
		</dev/null >"$T/cable.log" 2>&1 &
	;;
*) bail "unknown mode $MODE" ;;
esac
CPID=$!
rec_pid $CPID
wait_socks "$SW1" 1 1 3 && wait_socks "$SW2" 1 1 3 ||
	bail "the cable did not attach to both switches: $(cat "$T/cable.log")"

MA=0200000000a1 MB=0200000000b2
vc A "vde://${SW1}[2]" -w "$T/A.go" -g ffffffffffff,$MA,60 &&
vc B "vde://${SW2}[2]" -w "$T/B.go" -g $MA,$MB,70 || bail "a client could not attach"
t0=$(now_ms)
go A
wait_frames B 1 3
ms=$(($(now_ms) - t0))
note "broadcast crossed the cable in about $ms ms"
go B
wait_frames A 1 3
sleep 0.2
expect_frames B 1 ffffffffffff $MA "client on SW2 (broadcast from SW1)"
expect_frames A 1 $MA $MB "client on SW1 (unicast back from SW2)"
if [ "$MODE" = wirefilter ] && [ $ms -lt 100 ]; then
	fail "frame crossed a 100 ms wirefilter in $ms ms"
fi
alive "$P1" && sw_alive || fail "a switch died"
# the cable's processes end when the switches close their control
# connections at clean-up (dpipe itself is a recorded PID)
finish
