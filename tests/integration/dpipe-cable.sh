#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-cable.sh plain|wirefilter|oneway ours|debian ours|debian - a cable
# between two switches made of Debian's vde_plug, joined by vde-dpipe
# (ours) or Debian's dpipe (debian), between two of our switches (ours) or
# two Debian vde_switch (debian):
#   plain       DPIPE vde_plug SW1 = vde_plug SW2
#   wirefilter  DPIPE vde_plug SW1 = wirefilter -d 100 = vde_plug SW2
#               (wirefilter as a middle command, ALTERNATE_STDIN/OUT)
#   oneway      DPIPE vde_plug SW1 =} wirefilter -d 300 }= vde_plug SW2
#               (only left-to-right traffic goes through wirefilter)
# A broadcast from a client on SW1 reaches a client on SW2 (100 ms or
# 300 ms later through wirefilter) and the unicast reply comes back (at
# once with oneway).  With ours, SIGTERM to vde-dpipe then detaches the
# cable from both switches.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

MODE=${1:-plain}
use_dpipe "${2:-ours}"
SWIMPL=${3:-ours}
need_cmd vde_plug
need_vdeclient
start_impl "$SWIMPL" "$T/sw1"
SW1=$SWDIR
P1=$SWPID
start_impl "$SWIMPL" "$T/sw2"
SW2=$SWDIR
case $MODE in
plain)
	"$DP" vde_plug "vde://$SW1" = vde_plug "vde://$SW2" \
		</dev/null >"$T/cable.log" 2>&1 &
	;;
wirefilter)
	need_cmd wirefilter
	"$DP" vde_plug "vde://$SW1" = wirefilter -d 100 = \
		vde_plug "vde://$SW2" </dev/null >"$T/cable.log" 2>&1 &
	;;
oneway)
	need_cmd wirefilter
	"$DP" vde_plug "vde://$SW1" '=}' wirefilter -d 300 '}=' \
		vde_plug "vde://$SW2" </dev/null >"$T/cable.log" 2>&1 &
	;;
*) bail "unknown mode $MODE" ;;
esac
CPID=$!
rec_pid $CPID
wait_socks "$SW1" 1 1 3 && wait_socks "$SW2" 1 1 3 ||
	bail_log "the cable did not attach to both switches" "$T/cable.log"

MA=0200000000a1 MB=0200000000b2
vc A "vde://${SW1}[2]" -w "$T/A.go" -g ffffffffffff,$MA,60 &&
vc B "vde://${SW2}[2]" -w "$T/B.go" -g $MA,$MB,70 || bail "a client could not attach"
t0=$(now_ms)
go A
wait_frames B 1 3
fwd=$(($(now_ms) - t0))
t0=$(now_ms)
go B
wait_frames A 1 3
back=$(($(now_ms) - t0))
note "broadcast SW1 -> SW2 in about $fwd ms, reply SW2 -> SW1 in about $back ms"
sleep 0.2
expect_frames B 1 ffffffffffff $MA "client on SW2 (broadcast from SW1)"
expect_frames A 1 $MA $MB "client on SW1 (unicast back from SW2)"
case $MODE in
wirefilter)
	[ $fwd -ge 100 ] || fail "frame crossed a 100 ms wirefilter in $fwd ms"
	[ $back -ge 100 ] || fail "reply crossed a 100 ms wirefilter in $back ms"
	[ $fwd -lt 1000 ] && [ $back -lt 1000 ] ||
		fail "a 100 ms wirefilter took $fwd/$back ms"
	;;
oneway)
	[ $fwd -ge 300 ] || fail "frame crossed a 300 ms wirefilter in $fwd ms"
	[ $back -lt 250 ] || fail "the reply took $back ms: did it go through the left-to-right filter?"
	;;
esac
alive "$P1" && sw_alive || fail "a switch died"
alive $CPID || fail_log "the cable ended early" "$T/cable.log"

if [ "${2:-ours}" = ours ]; then
	C=$(kids $CPID)
	kill -TERM $CPID
	wait_exit $CPID 5 || fail "vde-dpipe still runs 5 s after SIGTERM"
	# shellcheck disable=SC2086 # a list of pids
	wait_gone 3 $C || fail "a command of the cable still runs"
	wait_socks "$SW1" 1 0 3 && wait_socks "$SW2" 1 0 3 ||
		fail "the cable is still attached after SIGTERM to vde-dpipe"
fi
finish
