#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-sandbox.sh - /proc/PID/status of running vde-plug processes: Seccomp
# 2 (filter), NoNewPrivs 1, no capability in the effective, permitted,
# inheritable or ambient set, and for root also an empty bounding set;
# /proc/PID/limits: no new processes, no core dumps.  Checked for a plug
# on its standard input/output run by root and by an ordinary user, for
# "vde-plug A B" and for the parent of "vde-plug A = CMD", and for root
# on a root-owned switch (Debian's vde_switch): uid 65534, never 0; then frames
# still pass through the sandboxed stream plug, byte for byte.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

need_root "running a plug as another user"
need_cmd vde_plug
need_vdeplug
start_sw "$T/sw" -m 0666
P1=$SWPID
start_sw "$T/sw2"
SW2=$SWDIR
start_sw "$T/sw3"
SW3=$SWDIR
SWDIR=$T/sw
add_user
U=$NEWUSER

# check PID WHAT ROOT: the sandbox fields of a running process
check() {
	_st=/proc/$1/status
	[ -r "$_st" ] || { fail "$2: process $1 is gone"; return; }
	_f() { awk -v f="$1:" '$1 == f { print $2 }' "$_st"; }
	note "$2: Seccomp $(_f Seccomp) NoNewPrivs $(_f NoNewPrivs) CapEff $(_f CapEff) CapPrm $(_f CapPrm) CapBnd $(_f CapBnd) Uid $(_f Uid)"
	[ "$(_f Seccomp)" = 2 ] || fail "$2: Seccomp $(_f Seccomp), want 2"
	[ "$(_f NoNewPrivs)" = 1 ] || fail "$2: NoNewPrivs $(_f NoNewPrivs), want 1"
	for _c in CapEff CapPrm CapInh CapAmb; do
		[ "$(_f $_c)" = 0000000000000000 ] || fail "$2: $_c $(_f $_c), want 0"
	done
	if [ "$3" = root ]; then
		[ "$(_f CapBnd)" = 0000000000000000 ] ||
			fail "$2: CapBnd $(_f CapBnd), want 0 (bounding set cleared)"
	fi
	_lim() { awk -v f="$1" 'index($0, f) == 1 { print $(NF - 2) }' "/proc/$2/limits"; }
	[ "$(_lim 'Max processes' "$1")" = 0 ] ||
		fail "$2: Max processes $(_lim 'Max processes' "$1"), want 0"
	[ "$(_lim 'Max core file size' "$1")" = 0 ] ||
		fail "$2: Max core file size $(_lim 'Max core file size' "$1"), want 0"
}

# 1. stream plug, root
oplug X "vde://${SWDIR}[3]"
attached "$SWDIR" 3 "plug X"
check "$(pid_of X)" "stream plug (root)" root

# 2. stream plug, an ordinary user
mkfifo "$T/Y.in"
sleep 600 >"$T/Y.in" &
rec_pid $!
exec_as "$U" "$VDEPLUG" "vde://${SWDIR}[4]" <"$T/Y.in" >"$T/Y.out" 2>"$T/Y.err" &
PY_=$!
rec_pid $PY_
attached "$SWDIR" 4 "plug Y (user $U)"
check $PY_ "stream plug (user)" user

# 3. two switches
"$VDEPLUG" "vde://${SWDIR}[5]" "vde://${SW2}[5]" </dev/null >/dev/null \
	2>"$T/C.err" &
PC=$!
rec_pid $PC
attached "$SWDIR" 5 "the two-switch plug"
attached "$SW2" 5 "the two-switch plug"
check $PC "vde-plug A B" root

# 4. "= CMD": the parent (the command itself is not sandboxed by the plug)
# (to a third switch: two cables between sw and sw2 would make a loop)
"$VDEPLUG" "vde://${SWDIR}[6]" = "$VDEPLUG" "vde://${SW3}[6]" </dev/null \
	>/dev/null 2>"$T/D.err" &
PD=$!
rec_pid $PD
attached "$SWDIR" 6 "the '= CMD' plug"
attached "$SW3" 6 "the '= CMD' plug's command"
rec_children $PD
check $PD "vde-plug A = CMD" root

# 5. root plug, root switch: Debian's vde_switch run by root (its ctl
# belongs to root) joined to our sw3: attached as root, then nobody
SAVE_SWPID=$SWPID
start_vde2 "$T/dsw"
DSW=$SWDIR
SWDIR=$T/sw
SWPID=$SAVE_SWPID
[ "$(stat -c %u "$DSW/ctl")" = 0 ] || bail "vde_switch's ctl is not root's"
"$VDEPLUG" -v "vde://$DSW" "vde://${SW3}[7]" </dev/null >/dev/null \
	2>"$T/E.err" &
PE=$!
rec_pid $PE
attached "$SW3" 7 "the plug from Debian's root switch"
check $PE "vde-plug ROOTSWITCH B" root
uid=$(awk '$1 == "Uid:" { print $2 "/" $3 "/" $4 "/" $5 }' "/proc/$PE/status")
[ "$uid" = 65534/65534/65534/65534 ] ||
	fail "a root plug on a root switch runs as uid $uid, want 65534 (nobody) in all four"
gid=$(awk '$1 == "Gid:" { print $2 "/" $3 "/" $4 "/" $5 }' "/proc/$PE/status")
groups=$(awk '$1 == "Groups:" { $1 = ""; print }' "/proc/$PE/status")
note "vde-plug ROOTSWITCH B: Uid $uid Gid $gid Groups$groups"
case " $gid $groups " in
*" 0/"* | *" 0 "*) fail "it kept group 0: Gid $gid Groups$groups" ;;
esac
grep -q "running as uid 65534 (nobody)" "$T/E.err" ||
	fail "no log line saying why it runs as nobody: $(cat "$T/E.err")"

# the sandboxed plugs still relay: X -> Y, Y -> X
MX=0200000000d3 MY=0200000000d4
mkrecs "$T/xy.bin" ffffffffffff $MX xy 60 1514 9234
mkrecs "$T/yx.bin" $MX $MY yx 60 1518
# the broadcast also reaches the cables on ports 5 and 6; nothing comes back
trickle "$T/xy.bin" >"$T/X.in"
expect_recs "sandboxed plugs: X -> Y (user)" "$T/Y.out" "$T/xy.bin"
trickle "$T/yx.bin" >"$T/Y.in"
expect_recs "sandboxed plugs: Y (user) -> X" "$T/X.out" "$T/yx.bin"
for p in "$(pid_of X)" $PY_ $PC $PD $PE; do
	alive "$p" || fail "plug $p died (seccomp?)"
done
alive "$P1" || fail "switch died"
finish
