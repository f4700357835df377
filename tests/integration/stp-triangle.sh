#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# stp-triangle.sh - a loop of two vde-switchd and one Linux bridge:
#
#        H1 (netns)                       H2 (netns)
#          | tap h1                         | tap h2
#        [ SW1 ]==== cable (port 10) ====[ SW2 ]
#          | tap a1                         | tap a2
#          +--------- br0 (netns B) --------+
#
# The cable is vde-dpipe vde-plug SW1[10] = vde-plug SW2[10]; a1 and a2
# are taps of the switches moved into namespace B and enslaved to br0,
# the kernel's 802.1D STP (so our ports fall back to 802.1D on that side).
# Ports 10, a1 and a2 are trunks (stp/trunk); h1 and h2 tenant ports.
#  1. control, every STP off: one broadcast frame from H1 loops for ever
#     (hundreds of frames a second on a trunk port), then the cable is
#     pulled to stop it;
#  2. STP on (SW1 priority 4096: root; SW2 8192; br0 default), timers
#     hello 1, max age 6, forward delay 4: the network converges with
#     exactly one blocked port among the six trunk ends (stp/print of both
#     switches, `bridge link` of br0), every bridge agrees on SW1 as root;
#  3. one broadcast from H1: H2 sees it exactly once in 10 s (tcpdump);
#  4. H1 pings H2;
#  5. H1, a tenant, sends forged superior BPDUs (root priority 0): dropped
#     and counted (guard_drop), the root stays SW1 everywhere;
#  6. the cable is pulled: SW2's blocked port becomes its root port and
#     forwards within 2 x forward delay + 3 s, and H1 pings H2 again.
# Addresses only inside the namespaces (10.78/16).
. "$(dirname "$0")/lib.sh"

need_root "taps, network namespaces and a Linux bridge"
need_cmd ip bridge tcpdump ping timeout
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
[ -n "${VDEPLUG:-}" ] && [ -x "$VDEPLUG" ] || skip "no vde-plug binary"
[ -n "${DPIPE:-}" ] && [ -x "$DPIPE" ] || skip "no vde-dpipe binary"
N=st$$
M1=$T/m1
M2=$T/m2
FD=4
CABLE=10

# port_of MGMT TAPNAME: the port whose endpoint is that interface
port_of() {
	mg "$1" port/print
	awk -v t=": $2" '/^Port / { p = $2 + 0 }
		index($0, t) == length($0) - length(t) + 1 && /module/ { print p }' \
		"$T/mg.out"
}

# counter MGMT PORT NAME: a port/counters value
counter() {
	mg "$1" "port/counters $2"
	tr ' ' '\n' <"$T/mg.out" | sed -n "s/^$3=//p"
}

# stp_state MGMT PORT: forwarding|learning|discarding as stp/print says
stp_state() {
	mg "$1" stp/print
	sed -n "s/^Port $(printf %04d "$2") .* state=\([a-z]*\).*/\1/p" \
		"$T/mg.out" | head -1
}

# ours_blocked: trunk ports of SW1 and SW2 not forwarding
ours_blocked() {
	_n=0
	for _x in "$M1 $A1" "$M1 $CABLE" "$M2 $A2" "$M2 $CABLE"; do
		# shellcheck disable=SC2086 # two words on purpose
		[ "$(stp_state $_x)" = forwarding ] || _n=$((_n + 1))
	done
	echo $_n
}

# kernel_blocked: ports of br0 not forwarding
kernel_blocked() {
	bridge -n ${N}B link show | grep -c -v 'state forwarding'
}

root_of_kernel() { ip netns exec ${N}B cat /sys/class/net/br0/bridge/root_id; }

# cable: (re)plug the SW1-SW2 cable; its PID in CPID
cable() {
	"$DPIPE" "$VDEPLUG" "vde://${SW1}[$CABLE]" = \
		"$VDEPLUG" "vde://${SW2}[$CABLE]" </dev/null >>"$T/cable.log" 2>&1 &
	CPID=$!
	rec_pid $CPID
	_i=0
	until mg "$M1" "port/print $CABLE" && mg_has "endpoint" &&
	      mg "$M2" "port/print $CABLE" && mg_has "endpoint"; do
		[ $_i -ge 50 ] && bail "the cable did not attach: $(cat "$T/cable.log")"
		sleep 0.1
		_i=$((_i + 1))
	done
}

# inject NS IF: one broadcast frame of ethertype 88b5
inject() {
	ip netns exec "$1" "$PY" "$HERE/rawframe.py" send "$2" ffffffffffff \
		0200000000c1 88b5 - 73746f726d000000
}

start_sw "$T/sw1" -M "$M1" -t ${N}a1 -t ${N}h1 --macaddr 02:00:00:00:01:00
SW1=$SWDIR
start_sw "$T/sw2" -M "$M2" -t ${N}a2 -t ${N}h2 --macaddr 02:00:00:00:02:00
SW2=$SWDIR
A1=$(port_of "$M1" ${N}a1)
A2=$(port_of "$M2" ${N}a2)
[ -n "$A1" ] && [ -n "$A2" ] || bail "port/print does not show the taps"
note "SW1: tap a1 on port $A1; SW2: tap a2 on port $A2; cable on port $CABLE"

add_netns ${N}B
add_netns ${N}H1
add_netns ${N}H2
ip -n ${N}B link add br0 type bridge stp_state 0 forward_delay $((FD * 100)) \
	hello_time 100 max_age 600 || bail "cannot create a Linux bridge"
for t in a1 a2; do
	ip link set ${N}$t netns ${N}B
	ip -n ${N}B link set ${N}$t master br0
	ip -n ${N}B link set ${N}$t up
done
ip -n ${N}B link set br0 up
ip link set ${N}h1 netns ${N}H1
ip link set ${N}h2 netns ${N}H2
ip -n ${N}H1 addr add 10.78.0.1/24 dev ${N}h1
ip -n ${N}H2 addr add 10.78.0.2/24 dev ${N}h2
ip -n ${N}H1 link set ${N}h1 up
ip -n ${N}H2 link set ${N}h2 up

# trunk ports first, so that the cable is a trunk the moment it attaches
for m in "$M1 $A1" "$M2 $A2"; do
	# shellcheck disable=SC2086
	set -- $m
	mg "$1" "port/create $CABLE" "stp/trunk $CABLE 1" "stp/trunk $2 1" ||
		bail "console: $MG"
	[ "$(mg_count '1000 Success')" -eq 3 ] || bail "trunk set-up: $MG"
done

# --- 1. control: no spanning tree anywhere -----------------------------
cable
sleep 1
b0=$(counter "$M1" "$A1" rx_frames)
inject ${N}H1 ${N}h1
sleep 1
b1=$(counter "$M1" "$A1" rx_frames)
stop_pid $CPID
sleep 0.5
b2=$(counter "$M1" "$A1" rx_frames)
sleep 1
b3=$(counter "$M1" "$A1" rx_frames)
note "control, STP off: tap a1 received $((b1 - b0)) frames in 1 s after one broadcast; $((b3 - b2)) in 1 s once the cable is out"
[ $((b1 - b0)) -ge 100 ] ||
	fail "no broadcast storm without STP ($((b1 - b0)) frames): the control shows nothing"
[ $((b3 - b2)) -le 10 ] || fail "the storm went on without the loop ($((b3 - b2)) frames)"

# --- 2. STP on, converge -----------------------------------------------
for m in "$M1 4096" "$M2 8192"; do
	# shellcheck disable=SC2086
	set -- $m
	mg "$1" "stp/priority $2" "stp/hello 1" "stp/maxage 6" \
		"stp/fwddelay $FD" "stp/enable 1" || bail "console: $MG"
	[ "$(mg_count '1000 Success')" -eq 5 ] || bail "stp set-up: $MG"
done
ip -n ${N}B link set br0 type bridge stp_state 1
cable
t0=$(date +%s)
# 802.1D towards br0: at least 2 x forward delay; then the same answer
# three times in a row
sleep $((2 * FD))
i=0
ok=0
while :; do
	ob=$(ours_blocked)
	kb=$(kernel_blocked)
	kr=$(root_of_kernel)
	if [ "$((ob + kb))" -eq 1 ] && [ "$kr" = 1000.020000000100 ]; then
		ok=$((ok + 1))
	else
		ok=0
	fi
	[ $ok -ge 3 ] || [ $i -ge 60 ] && break
	sleep 0.5
	i=$((i + 1))
done
note "converged in about $(($(date +%s) - t0)) s: blocked ports ours=$ob kernel=$kb, br0 root $kr"
mg "$M1" stp/print
sed 's/^/#   SW1: /' "$T/mg.out" | grep -E 'Root|Port'
mg_has "this bridge is the root" || fail "SW1 (priority 4096) is not root"
mg "$M2" stp/print
sed 's/^/#   SW2: /' "$T/mg.out" | grep -E 'Root|Port'
mg_has "Root 1000.02:00:00:00:01:00" || fail "SW2 does not see SW1 as root"
bridge -n ${N}B link show | sed 's/^/#   br0: /'
[ "$kr" = 1000.020000000100 ] || fail "br0's root is $kr, not SW1"
[ "$((ob + kb))" -eq 1 ] ||
	fail "$((ob + kb)) ports blocked (ours $ob, br0 $kb), want exactly 1"
[ "$(stp_state "$M2" "$A2")" = discarding ] ||
	fail "the blocked port is not SW2's port to br0"
grep -q "proto=stp" "$T/mg.out" || fail "SW2 did not fall back to 802.1D towards br0"

# --- 3. a broadcast is seen once ----------------------------------------
ip netns exec ${N}H2 timeout 10 tcpdump -i ${N}h2 -nn -U -w "$T/bc.pcap" \
	ether proto 0x88b5 >"$T/tcpdump.log" 2>&1 &
TD=$!
rec_pid $TD
wait_log "listening on" 5 "$T/tcpdump.log" || bail "tcpdump did not start"
inject ${N}H1 ${N}h1
wait_exit $TD 15
got=$(tcpdump -r "$T/bc.pcap" -nn 2>/dev/null | grep -c '^[0-9]')
note "STP on: H2 received $got copies of one broadcast in 10 s"
[ "$got" -eq 1 ] || fail "one broadcast reached H2 $got times in 10 s, want 1"

# --- 4. ping -------------------------------------------------------------
ip netns exec ${N}H1 ping -c 3 -W 2 10.78.0.2 >"$T/ping" 2>&1 ||
	fail "no ping H1 -> H2 through the tree: $(tail -2 "$T/ping")"

# --- 5. forged superior BPDUs from a tenant -----------------------------
H1P=$(port_of "$M1" ${N}h1)
g0=$(counter "$M1" "$H1P" rx_drop_bpdu)
# RST BPDU: root 0000.02:00:00:00:0b:ad, cost 0, designated, proposal
BPDU=424203000002020e0000020000000bad000000000000020000000bad80010000140002000f0000
i=0
while [ $i -lt 5 ]; do
	ip netns exec ${N}H1 "$PY" "$HERE/rawframe.py" send ${N}h1 \
		0180c2000000 020000000bad 0027 - $BPDU
	sleep 0.2
	i=$((i + 1))
done
sleep 1
g1=$(counter "$M1" "$H1P" rx_drop_bpdu)
note "forged BPDUs from tenant port $H1P: rx_drop_bpdu $g0 -> $g1"
[ $((g1 - g0)) -eq 5 ] || fail "$((g1 - g0)) forged BPDUs counted, want 5"
mg "$M1" stp/print
mg_has "this bridge is the root" || fail "a tenant changed SW1's root"
mg "$M2" stp/print
mg_has "Root 1000.02:00:00:00:01:00" || fail "a tenant changed SW2's root"
[ "$(root_of_kernel)" = 1000.020000000100 ] ||
	fail "a tenant changed br0's root: $(root_of_kernel)"

# --- 6. pull the cable ----------------------------------------------------
# H2 pings H1 all along (traffic both ways, as in real life: br0 then
# learns where H2 went without waiting for its short ageing)
ip netns exec ${N}H2 ping -i 0.5 -w 60 10.78.0.1 >"$T/ping2" 2>&1 &
P2=$!
rec_pid $P2
sleep 2
stop_pid $CPID
t0=$(now_ms)
i=0
while [ "$(stp_state "$M2" "$A2")" != forwarding ] && [ $i -lt 100 ]; do
	sleep 0.2
	i=$((i + 1))
done
dt=$(($(now_ms) - t0))
note "cable pulled: SW2's port $A2 forwarding after $dt ms (limit $((2 * FD + 3)) s)"
[ "$(stp_state "$M2" "$A2")" = forwarding ] ||
	fail "SW2's alternate port did not take over"
[ "$dt" -le $(((2 * FD + 3) * 1000)) ] ||
	fail "failover took $dt ms, more than 2 x forward delay + 3 s"
ip netns exec ${N}H1 ping -c 3 -w 10 10.78.0.2 >"$T/ping" 2>&1 || {
	fail "no ping H1 -> H2 after the failover: $(tail -2 "$T/ping")"
	for m in "$M1" "$M2"; do
		mg "$m" stp/print hash/print
		sed 's/^/#   /' "$T/mg.out"
	done
	bridge -n ${N}B fdb show | sed 's/^/#   fdb: /'
}
ip netns exec ${N}H1 ping -c 5 -i 0.2 -W 1 10.78.0.2 >"$T/ping" 2>&1 ||
	fail "the ping does not keep flowing: $(tail -2 "$T/ping")"
stop_pid $P2 INT
sent=$(grep -o '[0-9]* packets transmitted' "$T/ping2" | cut -d' ' -f1)
rcvd=$(grep -o '[0-9]* received' "$T/ping2" | cut -d' ' -f1)
note "H2 -> H1 every 0.5 s across the failover: $rcvd of $sent replies (outage about $(( (${sent:-0} - ${rcvd:-0}) * 500 )) ms)"
sw_alive || fail "SW2 died"
finish
