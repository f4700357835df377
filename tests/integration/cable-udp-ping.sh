#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-udp-ping.sh - two switches in two network namespaces joined by a
# vde-cable over UDP (cable-lib.sh draws the topology): the namespaces on
# their taps ping each other both ways and move 20 MB of random data over
# TCP, compared by SHA-256 at both ends.  Both cable ends then show the
# peer in cable/peers with a recent handshake, frames and bytes in both
# directions, and no authentication or replay drops.  Without the cable
# (stopped), the pings stop: they did go through it.  Both ends run with
# -v (debug log) and a psk on each peer: no log or output of the test
# holds either private key or the psk, in base64 or in hex (SECURITY.md:
# keys are never logged).  Cable end A, started by root, runs confined:
# not root, no capability, no_new_privs, a seccomp filter, no processes
# and no core (/proc/PID/status and limits).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/cable-lib.sh"

need_cable
cable_topo
cable_keys
# a psk for the pair, as cable-peers(5) says: 32 bytes in base64, 0600
( umask 077 && head -c 32 /dev/urandom | base64 >"$T/ab.psk" ) || bail "no psk"
for p in a b; do
	sed -i "s|\$| psk-file=$T/ab.psk|" "$T/$p.peers"
done
cable_udp -v
cable_wait_up 20 || bail "no ping from hA to hB through the cable"
ip netns exec "$NS_HA" ping -c 5 -i 0.2 -W 2 "$IP_HB" >"$T/ping" 2>&1 ||
	fail "ping hA -> hB: $(tail -2 "$T/ping")"
ip netns exec "$NS_HB" ping -c 5 -i 0.2 -W 2 "$IP_HA" >"$T/ping" 2>&1 ||
	fail "ping hB -> hA: $(tail -2 "$T/ping")"
grep -q 'DUP!' "$T/ping" && fail "duplicate replies"

xfer_start 20000000
xfer_check "20 MB hA -> hB" 45

show_peers
for side in A B; do
	[ $side = A ] && peer=b || peer=a
	for f in rx_frames tx_frames rx_bytes tx_bytes handshakes; do
		v=$(peer_num $side $peer $f)
		[ "$v" -gt 0 ] || fail "cable $side: $f of peer $peer is '$(cable_peer $side $peer $f)'"
	done
	for f in drop_auth drop_replay; do
		v=$(cable_peer $side $peer $f)
		[ "$v" = 0 ] || fail "cable $side: $f of peer $peer is '$v', want 0"
	done
done
# about 20 MB crossed A -> B: B received at least that many bytes
rb=$(peer_num B a rx_bytes)
[ "$rb" -ge 20000000 ] || fail "cable B received only $rb bytes from a"
ep=$(cable_peer A b endpoint)
case $ep in
"$IP_CB":*) ;;
*) fail "cable A: endpoint of b is '$ep', want $IP_CB:port" ;;
esac

# the standalone cable end started by root (ip netns exec execs it)
st=/proc/$CPID_A/status
field() { awk -v f="$1:" '$1 == f { print $2; exit }' "$st"; }
lim() { awk -v f="$1" 'index($0, f) == 1 { print $(NF - 2), $(NF - 1) }' "/proc/$CPID_A/limits"; }
[ "$(cat "/proc/$CPID_A/comm")" = vde-cable ] || fail "pid $CPID_A is not vde-cable"
note "cable A: Uid $(field Uid) CapEff $(field CapEff) NoNewPrivs $(field NoNewPrivs) Seccomp $(field Seccomp); processes $(lim 'Max processes'), core $(lim 'Max core file size')"
awk '$1 == "Uid:" || $1 == "Gid:" { if ($2 == 0 || $3 == 0 || $4 == 0 || $5 == 0) exit 1 }' "$st" ||
	fail "cable A has a root uid or gid: $(grep -E '^[UG]id:' "$st" | tr '\n\t' '  ')"
for c in CapInh CapPrm CapEff CapBnd CapAmb; do
	[ "$(field $c)" = 0000000000000000 ] || fail "cable A: $c $(field $c), want 0"
done
[ "$(field NoNewPrivs)" = 1 ] || fail "cable A: NoNewPrivs $(field NoNewPrivs), want 1"
[ "$(field Seccomp)" = 2 ] || fail "cable A: Seccomp $(field Seccomp), want 2"
[ "$(lim 'Max processes')" = "0 0" ] ||
	fail "cable A: Max processes $(lim 'Max processes'), want 0 0"
[ "$(lim 'Max core file size')" = "0 0" ] ||
	fail "cable A: Max core file size $(lim 'Max core file size'), want 0 0"

# the traffic went through the cable: without it, no ping
cable_stop B
ip netns exec "$NS_HA" ping -c 2 -W 1 "$IP_HB" >/dev/null 2>&1 &&
	fail "ping still answered with cable end B stopped"
alive "$CPID_A" || fail "cable end A died"
alive "$SWPID_A" && alive "$SWPID_B" || fail "a switch died"

# the debug log was written, and holds no secret in any form
grep -q 'vde-cable' "$T/cableA.log" || fail "cable end A logged nothing"
for f in a.key b.key ab.psk; do
	b64=$(head -n 1 "$T/$f")
	hex=$(printf '%s' "$b64" | base64 -d | od -An -v -tx1 | tr -d ' \n')
	[ ${#hex} -eq 64 ] || fail "$f: not 32 bytes in base64"
	for s in "$b64" "$hex"; do
		leak=$(grep -rilaF --exclude='*.key' --exclude='*.psk' -- "$s" "$T" | tr '\n' ' ')
		[ -z "$leak" ] || fail "the secret of $f is in $leak"
	done
done
[ $_nfail -eq 0 ] || cable_logs
finish
