#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# policy-isolation.sh [strict|open] - invariant 2 with real users: alice
# (permit ... vlan 20 maxports 2) and bob (vlan 10) each attach a
# libvdeplug client (vdeclient, ports 1 and 3) and Debian's vde_plug
# (ports 2 and 4) to a switch of vde-privd:
#  - broadcasts of each reach the tenant's other client, not the other
#    tenant's clients;
#  - unicast from alice to a MAC bob has used (learned on VLAN 10) does
#    not reach bob (it is flooded in VLAN 20: alice's other client gets it);
#  - alice's 802.1Q frames tagged for VLAN 10, VLAN 20, VLAN 0 and double
#    tags (0x8100/0x8100, 0x88a8/0x8100 for VLAN 10) reach nobody and
#    rx_drop_tagged of her port counts every one of them;
#  - alice asking for bob's port number is refused ("port in use by another
#    user"), bob's clients undisturbed;
#  - a flood of 5000 frames with random source MACs from alice's vde_plug
#    does not stop bob's clients exchanging unicast frames both ways, and
#    none of the flood reaches bob.
# "open" runs the same checks under "permit any": they must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"
. "$(dirname "$0")/plug-lib.sh"
. "$(dirname "$0")/policy-lib.sh"

need_privd
need_vdeclient
need_cmd vde_plug
alice_and_bob 2

A1=0200000000a1
A2=0200000000a2
B1=0200000000b1
B2=0200000000b2
BC=ffffffffffff
P46=$(printf '%092d' 0)
# alice's tagged frames (broadcast, from A1): VLAN 10, 20, 0, 8100/8100
# for 10, 88a8/8100 for 10
TAGGED="${BC}${A1}8100000a0800${P46}
${BC}${A1}810000140800${P46}
${BC}${A1}810000000800${P46}
${BC}${A1}8100000a8100000a0800${P46}
${BC}${A1}88a8000a8100000a0800${P46}"
NTAGGED=$(echo "$TAGGED" | wc -l)
targs=""
for f in $TAGGED; do targs="$targs -s $f"; done

# alice's vdeclient on port 1: broadcast, unicast to B1, tagged frames
# shellcheck disable=SC2086 # targs: -s HEX words
vc_as "$A" VA1 "vde://${D}[1]" -t 60 \
	-w "$T/VA1.go" -g "$BC,$A1,60,2" \
	-w "$T/VA1u.go" -g "$B1,$A1,60,2" \
	-w "$T/VA1t.go" $targs ||
	bail "alice's vdeclient could not attach to port 1"
# bob's vdeclient on port 3: broadcast, then unicast to B2 (flood phase)
vc_as "$B" VB1 "vde://${D}[3]" -t 60 \
	-w "$T/VB1.go" -g "$BC,$B1,60,2" \
	-w "$T/VB1f.go" -g "$B2,$B1,60,300" ||
	bail "bob's vdeclient could not attach to port 3"

# alice asks for bob's port while she holds one port of her two
try "$A" "vde://${D}[3]"
case $TRY in
FAILED*) ;;
*) fail "alice's request for bob's port 3: $TRY" ;;
esac
refusal "$AUID" 3 "port in use by another user" ||
	fail "no log line refusing uid $AUID port 3 (port in use by another user)"
alive "$(pid_of VB1)" || fail "bob's client on port 3 gone after alice asked for port 3"

# Debian's vde_plug for alice (port 2) and bob (port 4)
plug_as "$A" PA2 "vde://${D}[2]"
plug_as "$B" PB2 "vde://${D}[4]"
wait_socks "$D" 2 1 3 || bail "alice's vde_plug did not attach: $(cat "$T/PA2.err")"
wait_socks "$D" 4 1 3 || bail "bob's vde_plug did not attach: $(cat "$T/PB2.err")"
grep "port [1-4]: policy:" "$PRIVDLOG" | sed 's/^/#   /'

# --- broadcasts -----------------------------------------------------------
go VA1
hexrec "$BC${A2}0800${P46}" >"$T/PA2.in"
go VB1
hexrec "$BC${B2}0800${P46}" >"$T/PB2.in"
wait_precs "$T/PA2.out" 2 3 "" "$A1" || fail "alice's vde_plug got $(precs "$T/PA2.out" "" "$A1") of alice's 2 broadcasts"
wait_frames VA1 1 3 || fail "alice's vdeclient did not get her vde_plug's broadcast"
wait_precs "$T/PB2.out" 2 3 "" "$B1" || fail "bob's vde_plug got $(precs "$T/PB2.out" "" "$B1") of bob's 2 broadcasts"
wait_frames VB1 1 3 || fail "bob's vdeclient did not get his vde_plug's broadcast"
sleep 0.3
expect_frames VB1 0 "" "$A1" "bob's vdeclient (alice's broadcasts from port 1)"
expect_frames VB1 0 "" "$A2" "bob's vdeclient (alice's broadcasts from port 2)"
expect_frames VA1 0 "" "$B1" "alice's vdeclient (bob's broadcasts from port 3)"
expect_frames VA1 0 "" "$B2" "alice's vdeclient (bob's broadcasts from port 4)"
n=$(precs "$T/PB2.out" "" "$A1")
[ "$n" -eq 0 ] || fail "bob's vde_plug got $n broadcast(s) from alice's port 1"
n=$(precs "$T/PB2.out" "" "$A2")
[ "$n" -eq 0 ] || fail "bob's vde_plug got $n broadcast(s) from alice's port 2"
n=$(precs "$T/PA2.out" "" "$B1")$(precs "$T/PA2.out" "" "$B2")
[ "$n" = 00 ] || fail "alice's vde_plug got bob's broadcasts ($n)"

# --- unicast to MACs bob has used (learned on his ports) ------------------
go VA1u
hexrec "$B2${A2}0800${P46}" >"$T/PA2.in"
wait_precs "$T/PA2.out" 2 3 "$B1" "$A1" ||
	fail "alice's unicast to $B1 did not reach her own vde_plug (not flooded in VLAN 20?)"
wait_count 1 3 frames VA1 "$B2" "$A2" ||
	fail "alice's unicast to $B2 did not reach her own vdeclient"
sleep 0.3
expect_frames VB1 0 "$B1" "$A1" "bob's vdeclient (alice's unicast to $B1)"
n=$(precs "$T/PB2.out" "$B2" "$A2")
[ "$n" -eq 0 ] || fail "bob's vde_plug got $n unicast frame(s) alice sent to $B2"

# --- 802.1Q tags from alice's access port ---------------------------------
before=$(counter 1 rx_drop_tagged)
nb=$(frames VB1)
nbp=$(nrecs "$T/PB2.out")
nap=$(nrecs "$T/PA2.out")
go VA1t
sleep 0.5
after=$(counter 1 rx_drop_tagged)
note "port 1: rx_drop_tagged $before -> $after after $NTAGGED tagged frames; $(tr ' ' '\n' <"$T/mg.out" | grep -E '^rx_(frames|drop_vlan)=' | tr '\n' ' ')"
[ "$(frames VB1)" -eq "$nb" ] || fail "bob's vdeclient got $(($(frames VB1) - nb)) of alice's tagged frames"
[ "$(nrecs "$T/PB2.out")" -eq "$nbp" ] || fail "bob's vde_plug got $(($(nrecs "$T/PB2.out") - nbp)) of alice's tagged frames"
[ "$(nrecs "$T/PA2.out")" -eq "$nap" ] ||
	fail "alice's tagged frames left her access port: her vde_plug got $(($(nrecs "$T/PA2.out") - nap)) of them"
[ "$((${after:-0} - ${before:-0}))" -eq "$NTAGGED" ] ||
	fail "rx_drop_tagged of port 1 counted $((${after:-0} - ${before:-0})) of $NTAGGED tagged frames"

# --- MAC flood from alice's vde_plug while bob's clients talk -------------
mg "$M" hash/showinfo
note "before the flood: $(grep -i -E 'size|entries|count' "$T/mg.out" | tr '\n' ' ')"
na1=$(frames VA1)
go VB1f
# bob's vde_plug answers his vdeclient: 300 unicast frames, 5 ms apart
"$PY" -c 'import struct, sys, time
f = bytes.fromhex(sys.argv[1] + sys.argv[2] + "0800") + bytes(46)
for i in range(300):
    sys.stdout.buffer.write(struct.pack(">H", len(f)) + f); sys.stdout.flush()
    time.sleep(0.005)' "$B1" "$B2" >"$T/PB2.in" &
rec_pid $!
BPY=$!
# 5000 broadcasts with random locally administered source MACs
t0=$(now_ms)
"$PY" -c 'import os, struct, sys
out = sys.stdout.buffer
for i in range(5000):
    s = bytearray(os.urandom(6)); s[0] = (s[0] & 0xfc) | 0x02
    f = b"\xff" * 6 + bytes(s) + b"\x08\x00" + bytes(46)
    out.write(struct.pack(">H", len(f)) + f)
out.flush()' >"$T/PA2.in"
note "flood of 5000 frames written to alice's vde_plug in $(($(now_ms) - t0)) ms"
wait_exit "$BPY" 10 || fail "bob's vde_plug sender did not finish"
wait_precs "$T/PB2.out" 300 10 "$B2" "$B1" ||
	fail "during the flood bob's vde_plug got $(precs "$T/PB2.out" "$B2" "$B1") of 300 frames from his vdeclient"
wait_count 300 10 frames VB1 "$B1" "$B2" ||
	fail "during the flood bob's vdeclient got $(frames VB1 "$B1" "$B2") of 300 frames from his vde_plug"
sleep 0.5
note "alice's vdeclient got $(($(frames VA1) - na1)) flood frames"
[ $(($(frames VA1) - na1)) -ge 100 ] ||
	fail "alice's vdeclient got only $(($(frames VA1) - na1)) of the 5000 flood frames (flood not forwarded?)"
n=$(awk 'NF == 2 && substr($2, 1, 12) == "ffffffffffff" && substr($2, 13, 12) != "'"$B2"'" { n++ } END { print n + 0 }' "$T/VB1.out")
[ "$n" -eq 0 ] || fail "bob's vdeclient got $n broadcast(s) not from bob"
n=$(recs "$T/PB2.out" | awk -v b="$B1" '$1 != "PARTIAL" && substr($1, 13, 12) != b { n++ } END { print n + 0 }')
[ "$n" -eq 0 ] || fail "bob's vde_plug got $n frame(s) not from bob"
mg "$M" hash/showinfo
note "after the flood: $(grep -i -E 'size|entries|count' "$T/mg.out" | tr '\n' ' ')"
mg "$M" "port/counters 2"
note "port 2: $(tr ' ' '\n' <"$T/mg.out" | grep -E '^(rx_frames|fdb_overflow)=' | tr '\n' ' ')"

alive "$(kid_pid lan)" || fail "switch lan died"
finish
