#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# policy-standalone.sh [strict|open] - vde-switchd --policy without
# vde-privd, started by an ordinary user U with a policy file of his own
# (mode 0644) that permits only him, the ctl socket mode 0666:
#  - the switch logs the policy and the block it uses;
#  - U's two clients attach and exchange frames;
#  - another user's client (vdeclient and Debian's vde_plug) is refused at
#    once, logged with uid, pid, port and "default deny";
#  - at start, a policy file writable by group, one owned by another user
#    and one with a syntax error are refused with exit status 1 and
#    "FILE: writable by group or others", "FILE: owned by neither root nor
#    the switch owner", "FILE:LINE:COL: message"; no switch directory is
#    left behind.
# "open" runs the same checks under "permit any": they must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"
. "$(dirname "$0")/plug-lib.sh"
. "$(dirname "$0")/policy-lib.sh"

need_root "creating users"
need_switchd
need_vdeclient
need_cmd vde_plug timeout
add_user
U=$NEWUSER
UUID_=$(id -u "$U")
add_user
O=$NEWUSER
OUID=$(id -u "$O")
mkdir "$T/u"
chown "$U" "$T/u"
F=$T/u/policy.conf
# ppolicy writes $T/policy.conf: U's copy of it is his own file
ppolicy "switch mine {
	dir $T/u/sw
}" "permit user $U switch mine"
cp "$T/policy.conf" "$F"
chown "$U" "$F"
chmod 0644 "$F"

# startfail WHAT FILE: U starts the switch on $T/u/bad with FILE: must
# fail with status 1; its output in SF
startfail() {
	SF=$(as_user "$U" timeout 5 "$SWITCHD" -s "$T/u/bad" --nostdin \
		--policy "$2" </dev/null 2>&1)
	rc=$?
	note "$1: status $rc: $SF"
	[ "$rc" -eq 1 ] || fail "$1: status $rc, want 1"
	[ -e "$T/u/bad" ] && fail "$1: $T/u/bad left behind"
	rm -rf "$T/u/bad"
}

# --- bad files: refused at start ------------------------------------------
cp -p "$F" "$T/u/gw.conf"
chmod 0664 "$T/u/gw.conf"
startfail "group-writable policy" "$T/u/gw.conf"
echo "$SF" | grep -qF "$T/u/gw.conf: writable by group or others" ||
	fail "group-writable policy: no message '$T/u/gw.conf: writable by group or others'"
cp -p "$F" "$T/u/other.conf"
chown "$O" "$T/u/other.conf"
startfail "policy owned by another user" "$T/u/other.conf"
echo "$SF" | grep -qF "$T/u/other.conf: owned by neither root nor the switch owner" ||
	fail "policy of another user: no message naming the owner rule"
printf 'switch mine {\n\tdir %s\n\tprots 8\n}\npermit user %s switch mine\n' \
	"$T/u/sw" "$U" >"$T/u/syntax.conf"
chown "$U" "$T/u/syntax.conf"
chmod 0644 "$T/u/syntax.conf"
startfail "syntax error" "$T/u/syntax.conf"
echo "$SF" | grep -Eq "(^|: )$T/u/syntax.conf:3:2: .*prots" ||
	fail "syntax error: no '$T/u/syntax.conf:3:2: message' naming 'prots'"

# --- U's switch with his policy -------------------------------------------
start_sw_as "$U" "$T/u/sw" --policy "$F" -m 0666
note "$(grep 'policy' "$SWLOG" | head -n 1)"
log_has "policy $F: 1 rule(s), mine" || log_has "policy $F: 2 rule(s)" ||
	fail "the switch did not log its policy and block: $(grep policy "$SWLOG")"
[ "$(stat -c %a "$SWDIR/ctl")" = 666 ] || fail "ctl mode $(stat -c %a "$SWDIR/ctl"), want 666"

vc_as "$U" U1 "vde://$SWDIR" -w "$T/U1.go" -g ffffffffffff,0200000000c1,60 ||
	fail "U's first client refused by his own switch"
vc_as "$U" U2 "vde://$SWDIR" || fail "U's second client refused by his own switch"
go U1
wait_frames U2 1 3 || fail "U's clients do not exchange frames"

exec_as "$O" "$VDECLIENT" -F -t 3 "vde://$SWDIR" >"$T/o.out" 2>&1 &
OPID=$!
rec_pid "$OPID"
wait_exit "$OPID" 5
r=$(cat "$T/o.out")
note "another user's vdeclient (pid $OPID): $r"
case $r in
FAILED*)
	ms=$(echo "$r" | awk '{ print $2 }')
	[ "$ms" -lt 500 ] || fail "another user's refusal took $ms ms" ;;
*) fail "another user's vdeclient: $r" ;;
esac
wait_log "refused uid $OUID pid $OPID port 0: denied by the policy (default deny)" 2 ||
	fail "no log line refusing uid $OUID pid $OPID port 0 (default deny)"
exec_as "$O" vde_plug "vde://${SWDIR}[4]" </dev/null >/dev/null \
	2>"$T/oplug.err" &
OPID2=$!
rec_pid "$OPID2"
wait_exit "$OPID2" 5
note "another user's vde_plug [4]: status $RC: $(head -n 1 "$T/oplug.err")"
[ "$RC" -ne 0 ] && [ "$RC" -ne 124 ] || fail "another user's vde_plug: status $RC (0: attached, then EOF on stdin; 124: still attached)"
wait_log "refused uid $OUID pid $OPID2 port 4: denied by the policy (default deny)" 2 ||
	fail "no log line refusing uid $OUID pid $OPID2 port 4"
sw_alive || fail "the switch died"
[ "$(status_field "$SWPID" Uid)" = "$UUID_" ] || fail "the switch does not run as $U"
finish
