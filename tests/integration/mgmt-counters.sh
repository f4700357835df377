#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-counters.sh - the console's counters are exact (switchd/port.c
# port_frame_input, switchd/fwd.c tx_add):
#  - port 4 (MAC ...b4) broadcasts one 70-byte frame, port 3 (MAC ...a3)
#    then sends to ...b4: a 13-byte frame (rx_drop_short, not counted
#    in IN), a 9235-byte one (over the maximum: rx_drop_trunc), a frame
#    tagged for VLAN 10 (counted in IN, then rx_drop_vlan), and unicast
#    frames of 14, 59, 60, 100 and 1514 bytes;
#  - port 3: IN 6 pkts / 14+59+60+100+1514+64 = 1811 bytes (received
#    lengths, before padding), OUT 1 / 70; port 4: IN 1 / 70, OUT 5 /
#    60+60+60+100+1514 = 1794 bytes (frames under 60 bytes leave padded);
#    the same in port/counters, key by key, drops included;
#  - hash/print shows ...a3 on port 3 and ...b4 on port 4, nothing else;
#  - port/resetcounter 3 zeroes port 3 only, port/resetcounter all.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw" -M "$T/mgmt"
M=$T/mgmt
A=0200000000a3
B=0200000000b4
P=$(printf '%092d' 0)	# 46 bytes: the tagged frame is 64
vc B "vde://${SWDIR}[4]" -w "$T/B.go" -g "ffffffffffff,$B,70" &&
vc A "vde://${SWDIR}[3]" -w "$T/A.go" -g "$B,$A,13" -g "$B,$A,9235" \
	-s "${B}${A}8100000a0800${P}" \
	-g "$B,$A,14" -g "$B,$A,59" -g "$B,$A,60" -g "$B,$A,100" \
	-g "$B,$A,1514" || bail "a client could not attach"
go B
wait_frames A 1 3 || fail "port 3 did not get port 4's broadcast"
go A
wait_frames B 5 3 || fail "port 4 got $(frames B) of 5 frames"
sleep 0.2
[ "$(awk '{ printf "%s%s", s, $1; s = " " }' "$T/B.out")" = "60 60 60 100 1514" ] ||
	fail "port 4 received lengths '$(awk '{ printf "%s ", $1 }' "$T/B.out")', want '60 60 60 100 1514'"

# pline NO VLAN IN_PKTS IN_BYTES OUT_PKTS OUT_BYTES: port/print's block
pline() {
	printf 'Port %04d untagged_vlan=%04d ACTIVE - Unnamed Allocatable\n' "$1" "$2"
	printf ' Current User: root Access Control: (User: NONE - Group: NONE)\n'
	printf ' IN:  pkts %10s          bytes %20s\n' "$3" "$4"
	printf ' OUT: pkts %10s          bytes %20s\n' "$5" "$6"
}

# check_print WHAT NO IN_PKTS IN_BYTES OUT_PKTS OUT_BYTES
check_print() {
	mg "$M" "port/print $2"
	pline "$2" 0 "$3" "$4" "$5" "$6" >"$T/want"
	grep -v -e '^  -- endpoint' -e '^vde\$' -e '^VDE' -e '^(C)' -e '^$' \
		-e '^0000 DATA' -e '^\.$' -e '^1000 Success' "$T/mg.out" >"$T/got"
	if ! cmp -s "$T/want" "$T/got"; then
		fail "$1: port/print $2 differs"
		diff "$T/want" "$T/got" | sed 's/^/#   /'
	fi
	mg_has "1000 Success" || fail "$1: port/print $2: $(mg_results)"
}

# check_ctr WHAT NO KEY=VALUE...: port/counters NO has exactly these
check_ctr() {
	_w=$1
	_no=$2
	shift 2
	mg "$M" "port/counters $_no"
	_line=$(grep "^port=$_no " "$T/mg.out")
	[ -n "$_line" ] || { fail "$_w: no port/counters line for port $_no"; return; }
	_want="port=$_no active=1 endpoints=1 vlan=0 $*"
	[ "$_line" = "$_want" ] || {
		fail "$_w: port/counters $_no"
		note "  want: $_want"
		note "  got:  $_line"
	}
}

check_print "after traffic" 3 6 1811 1 70
check_print "after traffic" 4 1 70 5 1794
check_ctr "after traffic" 3 rx_frames=6 rx_bytes=1811 tx_frames=1 tx_bytes=70 \
	rx_drop_short=1 rx_drop_trunc=1 rx_drop_vlan=1 rx_drop_nobuf=0 \
	rx_empty=0 tx_drop_queue=0 tx_drop_oversize=0 fdb_overflow=0 tx_drop_err=0 \
	rx_drop_tagged=0 rx_drop_maclock=0 tx_mirror=0 tx_drop_mirror=0 \
	rx_drop_bpdu=0 rx_drop_linklocal=0 rx_drop_stp=0 rx_drop_bpdu_bad=0
check_ctr "after traffic" 4 rx_frames=1 rx_bytes=70 tx_frames=5 tx_bytes=1794 \
	rx_drop_short=0 rx_drop_trunc=0 rx_drop_vlan=0 rx_drop_nobuf=0 \
	rx_empty=0 tx_drop_queue=0 tx_drop_oversize=0 fdb_overflow=0 tx_drop_err=0 \
	rx_drop_tagged=0 rx_drop_maclock=0 tx_mirror=0 tx_drop_mirror=0 \
	rx_drop_bpdu=0 rx_drop_linklocal=0 rx_drop_stp=0 rx_drop_bpdu_bad=0

mg "$M" hash/print
[ "$(grep -c '^Hash: ' "$T/mg.out")" -eq 2 ] ||
	fail "hash/print: $(grep -c '^Hash: ' "$T/mg.out") entries, want 2"
grep -q "^Hash: [0-9]* Addr: 02:00:00:00:00:a3 VLAN 0000 to port: 003  age [0-9]* secs\$" "$T/mg.out" ||
	fail "hash/print: no 02:00:00:00:00:a3 on port 003"
grep -q "^Hash: [0-9]* Addr: 02:00:00:00:00:b4 VLAN 0000 to port: 004  age [0-9]* secs\$" "$T/mg.out" ||
	fail "hash/print: no 02:00:00:00:00:b4 on port 004"

Z="rx_drop_short=0 rx_drop_trunc=0 rx_drop_vlan=0 rx_drop_nobuf=0 rx_empty=0 tx_drop_queue=0 tx_drop_oversize=0 fdb_overflow=0 tx_drop_err=0 rx_drop_tagged=0 rx_drop_maclock=0 tx_mirror=0 tx_drop_mirror=0 rx_drop_bpdu=0 rx_drop_linklocal=0 rx_drop_stp=0 rx_drop_bpdu_bad=0"
mg "$M" "port/resetcounter 3"
mg_has "1000 Success" || fail "port/resetcounter 3: $(mg_results)"
check_print "after port/resetcounter 3" 3 0 0 0 0
# shellcheck disable=SC2086 # Z is a list of words
check_ctr "after port/resetcounter 3" 3 rx_frames=0 rx_bytes=0 tx_frames=0 tx_bytes=0 $Z
check_print "after port/resetcounter 3 (port 4 kept)" 4 1 70 5 1794
mg "$M" port/resetcounter
mg_has "1000 Success" || fail "port/resetcounter: $(mg_results)"
check_print "after port/resetcounter" 4 0 0 0 0
# shellcheck disable=SC2086
check_ctr "after port/resetcounter" 4 rx_frames=0 rx_bytes=0 tx_frames=0 tx_bytes=0 $Z
sw_alive || fail "switch died"
finish
