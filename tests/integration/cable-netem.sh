#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-netem.sh - a vde-cable over UDP on a bad link: 10% loss, 25% of
# the packets reordered, 5% duplicated, in both directions, and a short
# rekey interval (CABLE_REKEY_OPT, default "--rekey-after 4").
# The link is tc netem on both ends of the veth ("loss 10% reorder 25% 50%
# duplicate 5% delay 5ms") where the kernel has sch_netem; where it has
# not (CONFIG_NET_SCH_NETEM unset, as on some VM kernels), a userspace
# relay in cA (IMPAIR_PY in cable-lib.sh) with the same rates sits
# between B and A, which then sees B at the relay's address.
#  - a checksummed 4 MB TCP transfer hA -> hB completes (TCP inside the
#    cable recovers from the loss);
#  - hA pings hB 200 times meanwhile: most answers arrive and ping never
#    prints DUP! (the duplicated outer packets are dropped by the replay
#    window and counted as drop_replay);
#  - the initiator rekeys during the test and traffic goes on across it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

REKEY_OPT=${CABLE_REKEY_OPT:---rekey-after 4}
need_cable
cable_topo
cable_keys
NETEM="netem loss 10% reorder 25% 50% duplicate 5% delay 5ms"
# shellcheck disable=SC2086
if command -v tc >/dev/null 2>&1 &&
   tc -n "$NS_CA" qdisc add dev "$VETH_A" root $NETEM 2>"$T/tc.err"; then
	# shellcheck disable=SC2086
	tc -n "$NS_CB" qdisc add dev "$VETH_B" root $NETEM ||
		bail "tc netem on $VETH_B failed"
	note "impairment: tc $NETEM on both veth ends"
	# shellcheck disable=SC2086
	cable_udp $REKEY_OPT
else
	note "tc netem unavailable ($(cat "$T/tc.err" 2>/dev/null)): userspace relay with the same rates"
	RPORT=$((CPORT + 1))
	ip netns exec "$NS_CA" "$PY" -c "$IMPAIR_PY" "$IP_CA" $RPORT \
		"$IP_CA" $CPORT "$T/impair.stats" 0.10 0.05 0.25 \
		>"$T/impair.log" 2>&1 &
	IMPAIR_PID=$!
	rec_pid $IMPAIR_PID
	wait_file "$T/impair.stats.ready" 5 || bail "relay did not start: $(cat "$T/impair.log")"
	# shellcheck disable=SC2086
	cable_start A "$NS_CA" --listen "$IP_CA:$CPORT" $REKEY_OPT
	# shellcheck disable=SC2086
	cable_start B "$NS_CB" --connect "$IP_CA:$RPORT" $REKEY_OPT
fi
cable_wait_up 30 || bail "no ping through the cable over the bad link"

rk0=$(($(peer_num A b rekeys) + $(peer_num B a rekeys)))
ip netns exec "$NS_HA" ping -c 200 -i 0.1 -W 3 "$IP_HB" >"$T/ping" 2>&1 &
PINGPID=$!
rec_pid $PINGPID
xfer_start 4000000
xfer_check "4 MB over the bad link" 50
wait_exit $PINGPID 40 || { stop_pid $PINGPID; fail "ping did not end"; }
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping")
dups=$(grep -c 'DUP!' "$T/ping")
note "ping: $(grep 'packets transmitted' "$T/ping")"
[ "$(num "$got")" -ge 100 ] || fail "only '$got' of 200 pings answered over 10% loss"
[ "$dups" -eq 0 ] || fail "ping printed DUP! $dups times: duplicates delivered"

# still carrying traffic (the link is still bad: about 19 % of round
# trips are lost, so one answer out of 10 is asked for, not 3 of 3)
ip netns exec "$NS_HA" ping -c 10 -i 0.3 -W 3 "$IP_HB" >"$T/ping2" 2>&1
n=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$T/ping2")
[ "$(num "$n")" -ge 1 ] || fail "no ping after the test: $(tail -2 "$T/ping2")"
show_peers
if [ -n "${IMPAIR_PID:-}" ]; then
	stop_pid $IMPAIR_PID
	note "relay: $(cat "$T/impair.stats" 2>/dev/null)"
	[ "$(sed -n 's/.*duplicated=\([0-9]*\).*/\1/p' "$T/impair.stats")" -gt 0 ] ||
		fail "the relay duplicated nothing"
fi
rk1=$(($(peer_num A b rekeys) + $(peer_num B a rekeys)))
rep=$(($(peer_num A b drop_replay) + $(peer_num B a drop_replay)))
note "rekeys $rk0 -> $rk1, drop_replay (both ends) $rep"
[ "$rk1" -gt "$rk0" ] || fail "no rekey during the test ($rk0 -> $rk1)"
[ "$rep" -gt 0 ] || fail "packets were duplicated, yet no drop_replay counted"
[ $_nfail -eq 0 ] || cable_logs
finish
