#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# fault-kill-cable.sh - kill -9 of each end of a vde-cable under traffic,
# and the recovery (SECURITY.md, "Faults").
#
# Two switches joined by vde-cable over UDP (cable-lib.sh: A listens and
# knows no endpoint for B, B connects), on port 5 of each; the namespaces
# on their taps ping each other both ways every 0.1 s.  Then, for B (the
# initiator) and then A (the responder):
#   - kill -9 of that end: its switch frees port 5 within 3 s (the time
#     is printed), the other end and both switches stay up;
#   - the end is started again at once, as a supervisor would: the time
#     from its start to the first ping reply hA -> hB after it is
#     printed, and must be under 10 s for B (it knows A's address and
#     starts the handshake itself) and under 40 s for A (it knows no
#     address for B: the survivor B has to notice that its data gets no
#     answer, 15 s after the first unanswered frame, and start one;
#     when that timer counted from the last frame instead, it took B's
#     120 s rekey: 119 s measured).  The pings from hB are what B sends:
#     a survivor with nothing to send finds A again only once it has;
#   - who made the new session: the restarted B sent an initiation; after
#     A's restart it is the survivor B, and A sent none.
# kill -9 of the cable under vde-privd: privd-cable.sh.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

CPORT_SW=5		# the cable's port on both switches
LIMIT_B=10		# s: restarted initiator to traffic
LIMIT_A=40		# s: restarted responder to traffic

cable_up -p "$CPORT_SW"
wait_socks "$SW_A" "$CPORT_SW" 1 3 && wait_socks "$SW_B" "$CPORT_SW" 1 3 ||
	bail "the cable is not on port $CPORT_SW of both switches"

# pings both ways, timestamped (-D), every 0.1 s, for the whole test
ip netns exec "$NS_HA" ping -D -n -i 0.1 -W 1 "$IP_HB" >"$T/pingA" 2>&1 &
rec_pid $!
PING_A=$!
ip netns exec "$NS_HB" ping -D -n -i 0.1 -W 1 "$IP_HA" >"$T/pingB" 2>&1 &
rec_pid $!
PING_B=$!
sleep 1
grep -q 'icmp_seq' "$T/pingA" || bail "no ping reply before the kill"

# kill_restart A|B LIMIT: kill -9 that end under traffic, start it again,
# measure; the figures go to KILL_FREED and KILL_BACK (ms)
# shellcheck disable=SC2154 # _pid, _sw, _opid are set through eval
kill_restart() {
	_e=$1
	eval "_pid=\$CPID_$_e _sw=\$SW_$_e"
	[ "$_e" = A ] && _o=B || _o=A
	eval "_opid=\$CPID_$_o"
	[ "$_e" = A ] && _peer=b || _peer=a
	[ "$_o" = A ] && _opeer=b || _opeer=a
	_hs_o=$(peer_num "$_o" "$_opeer" handshakes_sent)
	_t0=$(now_ms)
	kill -KILL "$_pid"
	wait_exit "$_pid" 3 || bail "cable end $_e did not die"
	if wait_socks "$_sw" "$CPORT_SW" 0 3; then
		KILL_FREED=$(($(now_ms) - _t0))
		note "cable end $_e killed: switch $_e freed port $CPORT_SW after $KILL_FREED ms"
	else
		fail "switch $_e still has an endpoint on port $CPORT_SW 3 s after the kill"
	fi
	alive "$_opid" || fail "cable end $_o died with $_e"
	alive "$SWPID_A" && alive "$SWPID_B" || bail "a switch died with cable end $_e"

	_t1=$(now_ms)
	if [ "$_e" = A ]; then
		cable_start A "$NS_CA" --listen "$IP_CA:$CPORT" -p "$CPORT_SW"
	else
		cable_start B "$NS_CB" --connect "$IP_CA:$CPORT" -p "$CPORT_SW"
	fi
	wait_socks "$_sw" "$CPORT_SW" 1 3 ||
		fail "restarted cable end $_e is not on port $CPORT_SW"
	# the survivor still holds the old session, the restarted end none
	note "at the restart: surviving $_o up=$(cable_peer "$_o" "$_opeer" up) handshake_age=$(cable_peer "$_o" "$_opeer" handshake_age); restarted $_e up=$(cable_peer "$_e" "$_peer" up)"
	_i=0
	until [ -n "$(ping_first "$T/pingA" "$_t1")" ]; do
		if [ $_i -ge $(($2 * 10)) ]; then
			show_peers
			cable_logs
			fail "no ping hA -> hB $2 s after cable end $_e restarted"
			return 1
		fi
		sleep 0.1
		_i=$((_i + 1))
	done
	_t2=$(ping_first "$T/pingA" "$_t1")
	KILL_BACK=$((_t2 - _t1))
	_tb=$(ping_first "$T/pingB" "$_t1")
	note "cable end $_e restarted: ping hA -> hB crosses again $KILL_BACK ms after the start ($((_t2 - _t0)) ms after the kill); hB -> hA after $((${_tb:-$_t2} - _t1)) ms"
	# who started the new session
	_hs_e=$(peer_num "$_e" "$_peer" handshakes_sent)
	_hs_o2=$(peer_num "$_o" "$_opeer" handshakes_sent)
	note "initiations since the kill: restarted $_e sent $_hs_e, surviving $_o sent $((_hs_o2 - _hs_o))"
	[ "$(peer_num "$_e" "$_peer" handshakes)" -ge 1 ] ||
		fail "restarted end $_e has no session"
	if [ "$_e" = B ]; then
		[ "$_hs_e" -ge 1 ] || fail "restarted initiator B sent no initiation"
	else
		[ "$_hs_e" -eq 0 ] || fail "restarted A (no endpoint for b) sent $_hs_e initiations"
		[ "$_hs_o2" -gt "$_hs_o" ] || fail "surviving B started no handshake"
	fi
	alive "$_opid" || fail "cable end $_o died"
	return 0
}

kill_restart B "$LIMIT_B"
kill_restart A "$LIMIT_A"

alive "$PING_A" && alive "$PING_B" || fail "a ping ended"
alive "$SWPID_A" && alive "$SWPID_B" || fail "a switch died"
grep -q 'DUP!' "$T/pingA" "$T/pingB" && fail "duplicate replies"
show_peers
[ $_nfail -eq 0 ] || cable_logs
finish
