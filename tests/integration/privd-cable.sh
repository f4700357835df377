#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-cable.sh - cables declared in policy.conf: vde-privd binds their
# UDP sockets, runs vde-cable confined as the switch account, and restarts
# it when it dies.  Two switches of one vde-privd are joined by a cable
# over 127.0.0.1; a tap of each, in its own network namespace, pings the
# other through the encrypted cable, before and after kill -9 of a cable
# (the time until a running ping crosses again is printed: SECURITY.md,
# "Faults").  Every cable stops with vde-privd, on SIGTERM and on SIGKILL
# (PR_SET_PDEATHSIG).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
need_cmd ip ping
CABLE=${VDECABLE:-}
[ -n "$CABLE" ] && [ -x "$CABLE" ] || bail "VDECABLE not set"
sw_account
TA=vca$$
TB=vcb$$
PA=$((20000 + $$ % 20000))
PB=$((PA + 1))

# keys of the switch account, 0600; peers files naming each other, with
# endpoints: the end that restarts starts the handshake at once (a peer
# without endpoint= would wait for the other end to notice, up to 15 s)
umask 077
"$CABLE" genkey >"$T/a.key" && "$CABLE" genkey >"$T/b.key" || fail "genkey"
"$CABLE" pubkey <"$T/a.key" >"$T/a.pub" && "$CABLE" pubkey <"$T/b.key" >"$T/b.pub" ||
	fail "pubkey"
umask 022
chown "$SWUSER" "$T/a.key" "$T/b.key"
echo "$(cat "$T/b.pub") name=b endpoint=127.0.0.1:$PB" >"$T/a.peers"
echo "$(cat "$T/a.pub") name=a endpoint=127.0.0.1:$PA keepalive=1" >"$T/b.peers"
chmod 0644 "$T/a.peers" "$T/b.peers"
chmod 0755 "$T"

policy "user $SWUSER
switch a {
	dir $T/a
	tap $TA port 1
	cable tob listen 127.0.0.1:$PA key $T/a.key peers $T/a.peers port 5
}
switch b {
	dir $T/b
	tap $TB port 1
	cable toa listen 127.0.0.1:$PB key $T/b.key peers $T/b.peers
}
permit user $SWUSER"

"$PRIVD" -n -c "$T/policy.conf" >"$T/canon" 2>&1 || fail "policy refused: $(cat "$T/canon")"
grep -q "cable tob listen 127.0.0.1:$PA key $T/a.key peers $T/a.peers port 5" "$T/canon" ||
	fail "canonical form lacks the cable: $(cat "$T/canon")"

start_privd --cable "$CABLE"
wait_ready a
wait_ready b
wait_log_n "switch a: cable tob started pid" 1 || fail "cable tob not started"
wait_log_n "switch b: cable toa started pid" 1 || fail "cable toa not started"
add_netns "$TA"
add_netns "$TB"
ip link set "$TA" netns "$TA" && ip link set "$TB" netns "$TB" || fail "taps missing"
ip -n "$TA" addr add 10.232.0.1/24 dev "$TA"
ip -n "$TB" addr add 10.232.0.2/24 dev "$TB"
ip -n "$TA" link set "$TA" up
ip -n "$TB" link set "$TB" up

# ping_through: a reply within 15 s (handshake, learning)
ping_through() {
	_i=0
	until ip netns exec "$TA" ping -c 1 -W 1 10.232.0.2 >/dev/null 2>&1; do
		_i=$((_i + 1))
		if [ $_i -ge 15 ]; then
			sed 's/^/#   /' "$PRIVDLOG"
			fail "no ping through the cable ($1)"
		fi
	done
}
ping_through "first start"

# the cable process: the switch account, no capability, seccomp, its own
# network namespace
cab=$(sed -n 's/.*switch a: cable tob started pid \([0-9]*\).*/\1/p' "$PRIVDLOG" | tail -n 1)
alive "$cab" || fail "cable process $cab not running"
[ "$(status_field "$cab" Uid)" = "$SWUID" ] || fail "cable not run as $SWUSER"
[ "$(status_field "$cab" CapEff)" = 0000000000000000 ] || fail "cable has capabilities"
[ "$(status_field "$cab" NoNewPrivs)" = 1 ] || fail "cable without no_new_privs"
[ "$(status_field "$cab" Seccomp)" = 2 ] || fail "cable without a seccomp filter"
[ "$(readlink "/proc/$cab/ns/net")" != "$(readlink /proc/self/ns/net)" ] ||
	fail "cable in the host network namespace"
# it holds port 5 of switch a, as the policy says
[ -S "$T/a/ctl" ] || fail "no ctl socket"

# kill -9 under traffic: vde-privd restarts it, traffic flows again; the
# time from the kill to the first reply of a running ping is printed
ip netns exec "$TA" ping -D -n -i 0.1 -W 1 10.232.0.2 >"$T/ping" 2>&1 &
rec_pid $!
PINGPID=$!
sleep 1
t0=$(now_ms)
kill -9 "$cab"
wait_log_n "switch a: cable tob started pid" 2 15 || {
	sed 's/^/#   /' "$PRIVDLOG"
	fail "cable tob not restarted"
}
grep -q "switch a cable tob (pid $cab) killed by signal 9" "$PRIVDLOG" ||
	fail "the cable's death is not logged"
ping_through "after kill -9 of the cable"
t1=$(now_ms)
_i=0
until t2=$(ping_back "$T/ping" "$t0") && [ -n "$t2" ] || [ $_i -ge 50 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
if [ -n "$t2" ]; then
	note "cable killed: traffic back $((t2 - t0)) ms after kill -9 (ping -i 0.1; ping_through passed after $((t1 - t0)) ms)"
else
	fail "the running ping got no reply after the cable's restart"
fi
stop_pid "$PINGPID" INT

# a reload that changes only a cable (its port) restarts the cables of
# switch b, not the switch: its clients stay attached
sed -i "s|cable toa listen 127.0.0.1:$PB key $T/b.key peers $T/b.peers|& port 7|" "$T/policy.conf"
grep -q "peers port 7" "$T/policy.conf" || fail "policy not edited"
kill -HUP "$PRIVDPID"
wait_log_n "switch b: cables changed; restarting them" 1 || fail "no cable restart on reload"
wait_log_n "switch b: cable toa started pid" 2 15 || fail "cable toa not started again"
[ "$(nready b)" -eq 1 ] || fail "switch b restarted for a cable change"
grep -q "switch b: changed; restarting it" "$PRIVDLOG" && fail "switch b restarted"
ping_through "after a reload that changed a cable"

# a reload to a listen address already taken: the error is logged, that
# cable stays down, privd does not spin (CPU over 2 s) and stays up
PC=$((PB + 2))
python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
time.sleep(60)' "$PC" &
rec_pid $!
sleep 0.3
sed -i "s|listen 127.0.0.1:$PB |listen 127.0.0.1:$PC |" "$T/policy.conf"
kill -HUP "$PRIVDPID"
wait_log_n "switch b: cable toa: listen 127.0.0.1:$PC: Address already in use; cable not started" 1 ||
	fail "no error for a taken listen address: $(tail -n 3 "$PRIVDLOG")"
t0=$(awk '{ print $14 + $15 }' "/proc/$PRIVDPID/stat")
sleep 2
t1=$(awk '{ print $14 + $15 }' "/proc/$PRIVDPID/stat")
[ $((t1 - t0)) -le 20 ] || fail "vde-privd used $((t1 - t0)) ticks in 2 s with a cable down"
alive "$PRIVDPID" || fail "vde-privd died"

# SIGTERM: every cable stops with vde-privd
cab2=$(sed -n 's/.*switch a: cable tob started pid \([0-9]*\).*/\1/p' "$PRIVDLOG" | tail -n 1)
stop_pid "$PRIVDPID" TERM
sleep 0.2
alive "$cab2" && fail "cable $cab2 outlived vde-privd"

# SIGKILL: no cleanup by privd, but PR_SET_PDEATHSIG kills its children,
# the cable too; stopped, the cable cannot react to anything but SIGKILL.
# (privd starts only if every listen address is free)
sed -i "s|listen 127.0.0.1:$PC |listen 127.0.0.1:$PB |" "$T/policy.conf"
start_privd --cable "$CABLE"
wait_ready a 2
wait_log_n "switch a: cable tob started pid" 3 15 || fail "cable tob not started again"
cab3=$(sed -n 's/.*switch a: cable tob started pid \([0-9]*\).*/\1/p' "$PRIVDLOG" | tail -n 1)
kids=$(ps -o pid= --ppid "$PRIVDPID" | tr -d ' ')
echo "$kids" | grep -qx "$cab3" || fail "cable $cab3 is not a child of vde-privd: $kids"
kill -STOP "$cab3"
privd_sigkill "$kids"
finish
