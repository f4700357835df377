#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# capture.sh - port mirroring and pcap capture through the management
# socket (switchd/capture.c):
#  - `vde-ctl capture 3 -c N > FILE` while client A on port 3 sends N
#    frames of different lengths to port 4: tcpdump reads FILE and shows
#    exactly those N frames, byte for byte; at the same time
#    `vde-ctl capture vlan:0 -c N | tcpdump -r -` sees the same N;
#  - a read-only session (another user on a 0666 socket) is refused both
#    capture/start and port/mirror (1001), and gets no pcap;
#  - `port/mirror 3 5`: client C on port 5 gets a copy of a unicast A
#    sends (ingress) and of one B sends to A (egress), byte for byte, and
#    nothing else; port/print 3 shows the mirror; `port/mirror 3 3` is
#    refused; `port/mirror 3 -` removes it.
. "$(dirname "$0")/lib.sh"

need_root "another user for the read-only session"
need_vdectl
need_vdeclient
need_cmd tcpdump timeout
add_user
U=$NEWUSER
N=5
start_sw "$T/sw" -M "$T/mgmt" --mgmtmode 0666
M=$T/mgmt
MA=020000000003
MB=020000000004

# A: N frames to B (not yet learned: flooded to port 4), then, after
# A2.go, one unicast to B; B: one unicast to A after B.go
set --
for len in 60 61 100 333 1514; do
	set -- "$@" -g "$MB,$MA,$len"
done
vc A "vde://${SWDIR}[3]" -w "$T/A.go" "$@" -w "$T/A2.go" -g "$MB,$MA,80" &&
vc B "vde://${SWDIR}[4]" -w "$T/B.go" -g "$MA,$MB,90" ||
	bail "a client could not attach"

# tdhex FILE: one line of hex per frame tcpdump read from FILE (- : stdin)
tdhex() {
	tcpdump -r "$1" -nn -xx 2>/dev/null | awk '
		/^[^ \t]/ { if (h != "") print h; h = ""; next }
		{ for (i = 2; i <= NF; i++) h = h $i }
		END { if (h != "") print h }'
}

# --- capture ---------------------------------------------------------------
timeout 10 "$VDECTL" -s "$M" capture 3 -c "$N" >"$T/cap.pcap" 2>"$T/cap.err" &
CPID=$!
rec_pid "$CPID"
timeout 10 "$VDECTL" -s "$M" capture vlan:0 -c "$N" 2>"$T/capv.err" |
	tdhex - >"$T/capv.hex" &
VPID=$!
rec_pid "$VPID"
wait_log "capture of port 3 started" 5 || fail "capture of port 3 did not start"
wait_log "capture of vlan 0 started" 5 || fail "capture of vlan 0 did not start"
go A
wait_frames B "$N" 3 || fail "B got $(frames B) of $N frames"
wait "$CPID"
rc=$?
unrec_pid "$CPID"
[ "$rc" -eq 0 ] || fail "vde-ctl capture 3 exited $rc: $(cat "$T/cap.err")"
wait "$VPID"
unrec_pid "$VPID"
: >"$T/want.hex"
for len in 60 61 100 333 1514; do
	gen "$MB" "$MA" "$len" >>"$T/want.hex"
done
tdhex "$T/cap.pcap" >"$T/cap.hex"
tcpdump -r "$T/cap.pcap" -nn 2>&1 | grep -q 'link-type EN10MB' ||
	fail "tcpdump does not see an Ethernet capture"
if ! cmp -s "$T/want.hex" "$T/cap.hex"; then
	fail "capture 3: tcpdump shows $(wc -l <"$T/cap.hex") frame(s), not the $N sent"
	sed 's/^\(.\{60\}\).*/#   got  \1.../' "$T/cap.hex"
	sed 's/^\(.\{60\}\).*/#   want \1.../' "$T/want.hex"
fi
cmp -s "$T/want.hex" "$T/capv.hex" ||
	fail "capture vlan:0 | tcpdump -r -: $(wc -l <"$T/capv.hex") frame(s), not the $N sent ($(cat "$T/capv.err"))"
wait_log "capture of port 3 ended: $N frames, 0 dropped" 3 ||
	fail "no end-of-capture line with the counts in the log"

# --- only admins -------------------------------------------------------------
as_user "$U" timeout 10 "$VDECTL" -s "$M" capture 3 -c 1 >"$T/ro.pcap" 2>"$T/ro.err"
rc=$?
[ "$rc" -eq 1 ] || fail "read-only capture: exit status $rc, want 1"
grep -q '^1001 ' "$T/ro.err" || fail "read-only capture not refused with 1001: $(cat "$T/ro.err")"
[ -s "$T/ro.pcap" ] && fail "read-only capture wrote $(wc -c <"$T/ro.pcap") bytes"
mg_as "$U" "$M" "port/mirror 3 5"
mg_has "1001 Operation not permitted" || fail "read-only port/mirror not refused: $MG"

# --- mirror ------------------------------------------------------------------
vc C "vde://${SWDIR}[5]" || bail "C could not attach"
mg "$M" "port/mirror 3 3" "port/mirror 3 5" "port/print 3"
[ "$(mg_results)" = "1022 Invalid argument|1000 Success|1000 Success|" ] ||
	fail "port/mirror 3 3, port/mirror 3 5, port/print 3: $(mg_results)"
mg_has "Mirror: to port 0005" || fail "port/print 3 does not show the mirror"
go B		# B -> A: A is known on port 3, so only port 3 (egress)
wait_frames A 1 3 || fail "A did not get B's unicast"
go A2		# A -> B: B is known on port 4 (ingress of port 3)
wait_frames B $((N + 1)) 3 || fail "B did not get A's unicast"
wait_frames C 2 3 || fail "C got $(frames C) mirrored frame(s), want 2"
sleep 0.2
{ gen "$MA" "$MB" 90; gen "$MB" "$MA" 80; } >"$T/mwant.hex"
awk '{ print $2 }' "$T/C.out" >"$T/mgot.hex"
cmp -s "$T/mwant.hex" "$T/mgot.hex" ||
	fail "C did not get exactly the two frames, byte for byte: $(cat "$T/mgot.hex" | cut -c1-40)"
mg "$M" "port/mirror 3 -" "port/print 3" "port/counters 5"
mg_has "Mirror:" && fail "port/mirror 3 - did not remove the mirror"
mg_has "tx_mirror=2 tx_drop_mirror=0" || fail "port 5 counters: $(grep port=5 "$T/mg.out")"
sw_alive || fail "the switch died"
finish
