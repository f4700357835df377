#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tap-standalone.sh root|user - taps attached by vde-switchd -t itself.
#  root: started by root with --user nobody and two -t taps; the taps
#        appear, port/print shows them as vde_switch does (module tuntap),
#        the switch runs as nobody with CapEff 0.  Each tap goes into its
#        own network namespace and they ping through the switch; a third
#        namespace joins through vde-plug --tap (a VDE endpoint) and pings
#        the first.  Tags: the first tap becomes a tagged member of VLAN
#        10 and the vde-plug port an access port of it; a frame tagged 10
#        written to the first tap (AF_PACKET, rawframe.py: the kernel's
#        8021q module may be missing) arrives untagged at the third, one
#        sent untagged there arrives tagged 10 (pushed with writev), and
#        untagged traffic from the first no longer reaches the third.  A tap set down counts its drops
#        (tx_drop_err); a tap deleted detaches, the switch keeps running.
#  user: an ordinary user starts the switch with -t on a persistent tap
#        it owns (ip tuntap add ... user USER); no root needed.  The
#        switch runs in a network namespace of the test, with a private
#        mount of a 0666 /dev/net/tun (this host's node may be 0600).
# Addresses only inside the namespaces (10.77/16).
. "$(dirname "$0")/lib.sh"

CASE=${1:-root}
need_root "taps and network namespaces"
need_cmd ping ip
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
[ -n "${VDEPLUG:-}" ] && [ -x "$VDEPLUG" ] || skip "no vde-plug binary"
N=vdeit$$
M=$T/mgmt

# port_of TAPNAME: the port whose endpoint is that interface
port_of() {
	mg "$M" port/print
	awk -v t=": $1" '/^Port / { p = $2 + 0 }
		index($0, t) == length($0) - length(t) + 1 && /module/ { print p }' \
		"$T/mg.out"
}

# field NAME: a line of the switch's /proc status
field() { awk -v f="$1:" '$1 == f { $1 = ""; sub(/^ /, ""); print }' \
	"/proc/$SWPID/status"; }

# counter PORT NAME: a port/counters value
counter() {
	mg "$M" "port/counters $1"
	tr ' ' '\n' <"$T/mg.out" | sed -n "s/^$2=//p"
}

# inns NS TAP ADDR: move TAP into NS (if not there) and give it ADDR
inns() {
	ip link show "$2" >/dev/null 2>&1 && ip link set "$2" netns "$1"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" link set "$2" up
}

# raw_check RXNS RXIF TXNS TXIF VID WANT: a frame of ethertype 88b5 sent
# on TXIF (tagged VID, or - for untagged) arrives at RXIF as WANT
raw_check() {
	rm -f "$T/r/raw.ready"
	ip netns exec "$1" "$PY" "$HERE/rawframe.py" recv "$2" 88b5 3 \
		"$T/r/raw.ready" >"$T/raw.out" 2>&1 &
	_rp=$!
	rec_pid $_rp
	wait_file "$T/r/raw.ready" 3 || fail "rawframe.py recv did not start"
	ip netns exec "$3" "$PY" "$HERE/rawframe.py" send "$4" ffffffffffff \
		02000000aa01 88b5 "$5" 7461676765640000
	wait_exit $_rp 5
	_got=$(head -1 "$T/raw.out")
	note "$4 (vid $5) -> $2: $_got"
	[ "$_got" = "$6" ] ||
		fail "frame from $4 with vid $5 arrived at $2 as '$_got', want '$6'"
}

case $CASE in
root)
	start_sw "$T/sw" -u nobody -m 0666 -M "$M" -t ${N}a -t ${N}b
	for t in ${N}a ${N}b; do
		ip link show "$t" >/dev/null 2>&1 || fail "tap $t was not created"
		ip link show "$t" | grep -q '[<,]UP[,>]' ||
			fail "tap $t was not brought up"
	done
	PA=$(port_of ${N}a)
	PB=$(port_of ${N}b)
	note "taps on ports ${PA:-?} and ${PB:-?}"
	[ -n "$PA" ] && [ -n "$PB" ] || bail "port/print does not show the taps: $MG"
	grep -q "^  -- endpoint ID [0-9]\{4\} module tuntap      : ${N}a\$" \
		"$T/mg.out" || fail "tap endpoint line differs from vde_switch's"
	pa4=$(printf %04d "$PA")
	grep -q "^Port $pa4 untagged_vlan=0000 ACTIVE - NOT Unnamed Allocatable\$" \
		"$T/mg.out" || fail "tap port line: $(grep "^Port $pa4" "$T/mg.out")"
	[ "$(grep -c 'Current User: NONE' "$T/mg.out")" -eq 2 ] ||
		fail "tap ports show a current user"
	uid=$(field Uid)
	note "Uid: $uid CapEff: $(field CapEff) Seccomp: $(field Seccomp)"
	for u in $uid; do
		[ "$u" = "$(id -u nobody)" ] || fail "Uid: $uid, want nobody's"
	done
	[ "$(field CapEff)" = 0000000000000000 ] || fail "CapEff: $(field CapEff)"
	[ "$(field Seccomp)" = 2 ] || fail "Seccomp: $(field Seccomp)"

	add_netns ${N}A
	add_netns ${N}B
	add_netns ${N}C
	inns ${N}A ${N}a 10.77.0.1/24
	inns ${N}B ${N}b 10.77.0.2/24
	ip netns exec ${N}A ping -c 3 -W 2 10.77.0.2 >"$T/ping" 2>&1 ||
		fail "no ping between two taps of the switch: $(tail -2 "$T/ping")"

	ip netns exec ${N}C "$VDEPLUG" -v "$SWDIR" --tap ${N}c \
		>"$T/pc.log" 2>&1 &
	rec_pid $!
	wait_tap ${N}C ${N}c "$T/pc.log"
	inns ${N}C ${N}c 10.77.0.3/24
	ip netns exec ${N}A ping -c 3 -W 2 10.77.0.3 >"$T/ping" 2>&1 ||
		fail "no ping from a tap to a vde-plug: $(tail -2 "$T/ping")"
	mg "$M" port/print
	PC=$(awk '/^Port / { p = $2 + 0 } /module unix prog/ { print p }' \
		"$T/mg.out")
	note "vde-plug on port ${PC:-?}"
	[ -n "$PC" ] || bail "port/print does not show vde-plug: $MG"
	[ "$(counter "$PA" rx_frames)" -gt 0 ] &&
		[ "$(counter "$PA" tx_frames)" -gt 0 ] ||
		fail "port/counters of the tap port: $MG"

	# tags through the tap: A tagged in VLAN 10, C untagged in it
	mg "$M" "vlan/create 10" "vlan/addport 10 $PA" "port/setvlan $PC 10"
	[ "$(mg_count '1000 Success')" -eq 3 ] || fail "VLAN set-up: $(mg_results)"
	# tagged from the tap's side: stripped on the way to the access port
	raw_check ${N}C ${N}c ${N}A ${N}a 10 "vid=- payload=7461676765640000"
	# untagged from the access port: tagged 10 on the way into the tap
	raw_check ${N}A ${N}a ${N}C ${N}c - "vid=10 payload=7461676765640000"
	ip -n ${N}A neigh flush all
	ip netns exec ${N}A ping -c 2 -W 1 10.77.0.3 >"$T/ping" 2>&1 &&
		fail "untagged traffic reached a VLAN 10 access port"
	ip netns exec ${N}A ping -c 2 -W 2 10.77.0.2 >"$T/ping" 2>&1 ||
		fail "untagged traffic between the taps stopped"

	# a tap that is down refuses writes (EIO): counted drops
	ip -n ${N}B link set ${N}b down
	ip -n ${N}A neigh flush all
	ip netns exec ${N}A ping -c 2 -W 1 10.77.0.2 >/dev/null 2>&1
	d=$(counter "$PB" tx_drop_err)
	note "tap set down: tx_drop_err=$d"
	[ "${d:-0}" -gt 0 ] || fail "no tx_drop_err on a tap that is down: $MG"
	sw_alive || bail "switch died writing to a tap that is down"

	# a tap deleted: detached, logged, nothing else changes
	ip -n ${N}B link del ${N}b
	wait_log "tap ${N}b is gone" 3 || fail "deleted tap not reported"
	[ -z "$(port_of ${N}b)" ] || fail "a deleted tap still shows in port/print"
	raw_check ${N}C ${N}c ${N}A ${N}a 10 "vid=- payload=7461676765640000"
	t0=$(awk '{ print $14 + $15 }' "/proc/$SWPID/stat")
	sleep 1
	t1=$(awk '{ print $14 + $15 }' "/proc/$SWPID/stat")
	[ $((t1 - t0)) -lt 20 ] || fail "switch busy after a tap was deleted ($((t1 - t0)) ticks/s)"
	;;
user)
	add_user
	add_netns ${N}D
	add_netns ${N}E
	ip -n ${N}D tuntap add ${N}u mode tap user "$NEWUSER" ||
		bail "cannot create a persistent tap"
	mkdir "$T/home"
	chown "$NEWUSER" "$T/home"
	mknod "$T/tun" c 10 200 && chmod 0666 "$T/tun" ||
		skip "cannot make a tun device node"
	SWDIR=$T/home/sw
	SWLOG=$T/sw.log
	M=$T/home/mgmt
	# shellcheck disable=SC2016 # expanded by the inner sh
	ip netns exec ${N}D unshare -m sh -c \
		'mount --bind "$1" /dev/net/tun && shift && exec "$@"' sh \
		"$T/tun" setpriv --reuid="$NEWUSER" --regid="$(id -g "$NEWUSER")" \
		--clear-groups -- "$SWITCHD" -s "$SWDIR" --nostdin -m 0666 \
		-M "$M" -t ${N}u </dev/null >"$SWLOG" 2>&1 &
	SWPID=$!
	rec_pid $SWPID
	wait_log ': ready:' 5 || { sed 's/^/#   /' "$SWLOG"; bail "user switch did not start"; }
	for u in $(field Uid); do
		[ "$u" = "$(id -u "$NEWUSER")" ] || fail "Uid: $(field Uid)"
	done
	P=$(port_of ${N}u)
	[ -n "$P" ] || bail "port/print does not show the user's tap: $MG"
	inns ${N}D ${N}u 10.77.0.1/24
	ip netns exec ${N}E "$VDEPLUG" -v "$SWDIR" --tap ${N}e \
		>"$T/pe.log" 2>&1 &
	rec_pid $!
	wait_tap ${N}E ${N}e "$T/pe.log"
	inns ${N}E ${N}e 10.77.0.2/24
	ip netns exec ${N}D ping -c 3 -W 2 10.77.0.2 >"$T/ping" 2>&1 ||
		fail "no ping through the user's switch: $(tail -2 "$T/ping")"
	stop_pid $SWPID
	ip -n ${N}D link show ${N}u >/dev/null 2>&1 ||
		fail "the persistent tap did not survive the switch"
	;;
*) bail "unknown case $CASE" ;;
esac
[ "$CASE" = user ] || sw_alive || fail "switch died"
finish
