#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# policy-reload.sh [strict|open] - reload under traffic.  alice (vlan 20)
# and bob (vlan 10) each run two Debian vde_plugs sending each other a
# numbered frame every 20 ms, and an idle vdeclient.  The policy is
# rewritten without bob's rule and vde-privd gets SIGHUP:
#  - the switch is not restarted (same pid);
#  - each of bob's three ports is closed with a log line "policy reload:
#    closing uid BOB port N: no longer permitted (default deny)", his
#    vdeclient sees its control connection closed (exit status 3), and no
#    frame of his flows any more;
#  - alice's frames keep arriving both ways after the reload, none lost
#    (every numbered frame arrives, in order), her vdeclient stays;
#  - a new attach by bob is refused (default deny), one by alice works.
# "open" runs the same checks under "permit any": they must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"
. "$(dirname "$0")/plug-lib.sh"
. "$(dirname "$0")/policy-lib.sh"

need_privd
need_vdeclient
need_cmd vde_plug
sw_account
add_user
A=$NEWUSER
add_user
B=$NEWUSER
BUID=$(id -u "$B")
D=$T/lan
M=$T/lan.mgmt
HEAD="user $SWUSER
switch lan {
	dir $D
	mode 0666
	ports 16
	mgmt $M
}"
ppolicy "$HEAD" "permit user $A switch lan vlan 20
permit user $B switch lan vlan 10"
start_privd
wait_ready lan
kid=$(kid_pid lan)

A1=0200000000a1
A2=0200000000a2
B1=0200000000b1
B2=0200000000b2
NF=400		# frames each feeder sends, 20 ms apart: 8 s

# feed NAME DST SRC: numbered frames into vde_plug NAME (PID in FEED_NAME)
feed() {
	"$PY" -c 'import struct, sys, time
d, s, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = sys.stdout.buffer
for i in range(n):
    f = bytes.fromhex(d + s + "88b5") + struct.pack(">I", i) + bytes(42)
    out.write(struct.pack(">H", len(f)) + f); out.flush()
    time.sleep(0.02)' "$2" "$3" "$NF" >"$T/$1.in" 2>"$T/$1.feed.err" &
	eval "FEED_$1=\$!"
	rec_pid $!
}

# seqs FILE SRC: the numbers of SRC's frames in a capture, one a line
seqs() {
	recs "$1" | "$PY" -c 'import sys
for l in sys.stdin:
    l = l.strip()
    if not l.startswith("PARTIAL") and l[12:24] == sys.argv[1]:
        print(int(l[28:36], 16))' "$2"
}

plug_as "$A" PA1 "vde://${D}[1]"
plug_as "$A" PA2 "vde://${D}[2]"
plug_as "$B" PB1 "vde://${D}[5]"
plug_as "$B" PB2 "vde://${D}[6]"
for p in 1 2 5 6; do
	wait_socks "$D" $p 1 3 || bail "a vde_plug did not attach to port $p"
done
vc_as "$A" VA "vde://${D}[3]" -t 60 || bail "alice's vdeclient could not attach"
vc_as "$B" VB "vde://${D}[7]" -t 60 || bail "bob's vdeclient could not attach"

feed PA1 "$A2" "$A1"
feed PA2 "$A1" "$A2"
feed PB1 "$B2" "$B1"
feed PB2 "$B1" "$B2"
sleep 2
a12=$(precs "$T/PA2.out" "$A2" "$A1")
a21=$(precs "$T/PA1.out" "$A1" "$A2")
b12=$(precs "$T/PB2.out" "$B2" "$B1")
b21=$(precs "$T/PB1.out" "$B1" "$B2")
note "before the reload: alice $a12 / $a21 frames, bob $b12 / $b21 frames"
[ "$a12" -ge 20 ] && [ "$a21" -ge 20 ] || fail "alice's traffic does not flow before the reload ($a12 / $a21)"
[ "$b12" -ge 20 ] && [ "$b21" -ge 20 ] || fail "bob's traffic does not flow before the reload ($b12 / $b21)"

# bob's rule goes
ppolicy "$HEAD" "permit user $A switch lan vlan 20"
t0=$(now_ms)
kill -HUP "$PRIVDPID"
for p in 5 6 7; do
	wait_log_n "policy reload: closing uid $BUID port $p: no longer permitted (default deny)" 1 5 ||
		fail "no log line closing bob's port $p: $(grep 'policy reload' "$PRIVDLOG")"
done
note "bob's ports closed $(($(now_ms) - t0)) ms after SIGHUP"
grep "policy reload\|reloaded" "$PRIVDLOG" | sed 's/^/#   /'
wait_exit "$(pid_of VB)" 3 || fail "bob's vdeclient still attached after the reload"
[ "$RC" = 3 ] || fail "bob's vdeclient: exit status $RC, want 3 (control connection closed)"
grep -q "control connection closed by the switch" "$T/VB.err" ||
	fail "bob's vdeclient: $(cat "$T/VB.err")"
for p in 5 6 7; do
	wait_socks "$D" $p 0 2 || fail "bob's port $p still has a data socket"
done
sleep 0.3
b12=$(precs "$T/PB2.out" "$B2" "$B1")
b21=$(precs "$T/PB1.out" "$B1" "$B2")
a12=$(precs "$T/PA2.out" "$A2" "$A1")
a21=$(precs "$T/PA1.out" "$A1" "$A2")
sleep 2
nb12=$(precs "$T/PB2.out" "$B2" "$B1")
nb21=$(precs "$T/PB1.out" "$B1" "$B2")
na12=$(precs "$T/PA2.out" "$A2" "$A1")
na21=$(precs "$T/PA1.out" "$A1" "$A2")
note "2 s after the reload: alice $a12 -> $na12 / $a21 -> $na21, bob $b12 -> $nb12 / $b21 -> $nb21"
[ "$nb12" -eq "$b12" ] && [ "$nb21" -eq "$b21" ] ||
	fail "bob's frames still flow after the reload ($b12 -> $nb12, $b21 -> $nb21)"
[ $((na12 - a12)) -ge 40 ] && [ $((na21 - a21)) -ge 40 ] ||
	fail "alice's frames do not keep flowing after the reload ($a12 -> $na12, $a21 -> $na21)"
[ "$(kid_pid lan)" = "$kid" ] && alive "$kid" ||
	fail "switch lan restarted by the reload ($kid -> $(kid_pid lan))"
alive "$(pid_of VA)" || fail "alice's vdeclient was closed by the reload"
alive "$(pid_of PA1)" && alive "$(pid_of PA2)" || fail "an alice vde_plug ended"
grep -q "closing uid $(id -u "$A") " "$PRIVDLOG" && fail "an alice port was closed by the reload"

# new attaches
try "$B" "vde://$D"
case $TRY in FAILED*) ;; *) fail "bob's new attach after the reload: $TRY" ;; esac
refusal "$BUID" 0 "denied by the policy (default deny)" ||
	fail "bob's new attach not refused as default deny"
try "$A" "vde://$D"
case $TRY in OPENED*) ;; *) fail "alice's new attach after the reload: $TRY" ;; esac

# every one of alice's numbered frames arrived, in order
wait_exit "$FEED_PA1" 15 && wait_exit "$FEED_PA2" 15 || fail "alice's feeders did not end"
wait_precs "$T/PA2.out" "$NF" 3 "$A2" "$A1"
wait_precs "$T/PA1.out" "$NF" 3 "$A1" "$A2"
for x in "PA2 $A1" "PA1 $A2"; do
	# shellcheck disable=SC2086 # "NAME MAC" split on purpose
	set -- $x
	seqs "$T/$1.out" "$2" >"$T/$1.seq"
	seq 0 $((NF - 1)) >"$T/want.seq"
	cmp -s "$T/$1.seq" "$T/want.seq" ||
		fail "alice's $1 got $(wc -l <"$T/$1.seq") of $NF numbered frames from $2 (or out of order)"
done
finish
