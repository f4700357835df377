#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# policy-refusals.sh [strict|open] - attach requests the policy refuses,
# on a switch of vde-privd:
#  - mallory (no rule) is refused at once: vdeclient -F and Debian's
#    vde_plug fail in well under a second; the log names his uid, the
#    client's pid, the requested port and "default deny";
#  - eve, permitted and then denied by a later rule, is refused with the
#    line of the deny rule (comments and blank lines before it, so that a
#    line of the canonical form would differ);
#  - alice (maxports 2) gets two ports, a third is refused with a message
#    naming her maximum, a second client on a port she holds is accepted,
#    and once one of her clients leaves a new port is accepted again;
#  - pat (port 5-6): a request for port 7 is refused naming 5-6, requests
#    without a port land on 5 and 6, a third finds no free port instead of
#    one outside 5-6;
#  - the switch keeps forwarding for a permitted user.
# "open" runs the same checks under "permit any": they must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"
. "$(dirname "$0")/plug-lib.sh"
. "$(dirname "$0")/policy-lib.sh"

need_privd
need_vdeclient
need_cmd vde_plug timeout
sw_account
add_user
MAL=$NEWUSER
MUID=$(id -u "$MAL")
add_user
EVE=$NEWUSER
EUID_=$(id -u "$EVE")
add_user
A=$NEWUSER
AUID=$(id -u "$A")
add_user
PAT=$NEWUSER
D=$T/lan
M=$T/lan.mgmt
ppolicy "$(lan_block 16)" "permit user $A switch lan vlan 20 maxports 2
permit user $EVE switch lan

# eve is out: the deny below is the last rule matching her

deny user $EVE switch lan
permit user $PAT switch lan port 5-6"
start_privd
wait_ready lan
ALINE=$(grep -n "^permit user $A " "$T/policy.conf" | cut -d: -f1)
DLINE=$(grep -n "^deny user $EVE " "$T/policy.conf" | cut -d: -f1)
note "alice's rule at line $ALINE, eve's deny at line $DLINE"

# --- mallory: no rule -----------------------------------------------------
exec_as "$MAL" "$VDECLIENT" -F -t 3 -D itest-mallory "vde://${D}[7]" \
	>"$T/mal.out" 2>&1 &
MPID=$!
rec_pid "$MPID"
wait_exit "$MPID" 5 || fail "mallory's vdeclient -F did not end"
r=$(cat "$T/mal.out")
note "mallory (pid $MPID) asking for port 7: $r"
case $r in
FAILED*)
	ms=$(echo "$r" | awk '{ print $2 }')
	[ "$ms" -lt 500 ] || fail "mallory's refusal took $ms ms" ;;
*) fail "mallory's request for port 7: $r" ;;
esac
if refusal "$MUID" 7 "denied by the policy (default deny)"; then
	wait_log_n "refused uid $MUID pid $MPID port 7: denied by the policy (default deny)" \
		1 2 || fail "mallory's refusal does not name his client's pid $MPID"
	note "$(grep "refused uid $MUID " "$PRIVDLOG" | head -n 1)"
else
	fail "no log line 'refused uid $MUID pid $MPID port 7: denied by the policy (default deny)'"
fi
t0=$(now_ms)
exec_as "$MAL" vde_plug "vde://$D" </dev/null >/dev/null \
	2>"$T/malplug.err" &
MPID2=$!
rec_pid "$MPID2"
wait_exit "$MPID2" 5
ms=$(($(now_ms) - t0))
note "mallory's vde_plug (no port): status $RC after $ms ms: $(head -n 1 "$T/malplug.err")"
[ "$RC" -ne 0 ] && [ "$RC" -ne 124 ] ||
	fail "mallory's vde_plug: status $RC (0: attached, then EOF on stdin; 124: still attached)"
[ "$ms" -lt 1000 ] || fail "mallory's vde_plug took $ms ms to fail"
wait_log_n "refused uid $MUID pid $MPID2 port 0: denied by the policy (default deny)" 1 2 ||
	fail "mallory's vde_plug (pid $MPID2) refusal not logged with its pid, port 0, default deny"

# --- eve: permitted, then denied by a later rule --------------------------
try "$EVE" "vde://$D"
case $TRY in FAILED*) ;; *) fail "eve (deny rule at line $DLINE): $TRY" ;; esac
if refusal "$EUID_" 0 "denied by the policy (rule at line"; then
	# the line of policy.conf, as vde-privd -C says, not of another text
	refusal "$EUID_" 0 "denied by the policy (rule at line $DLINE)" 0 ||
		fail "eve's refusal names another line than the deny rule's ($DLINE): $(grep "refused uid $EUID_ " "$PRIVDLOG")"
else
	fail "eve's refusal does not name a rule: $(grep "refused uid $EUID_ " "$PRIVDLOG")"
fi

# --- alice: maxports 2 ----------------------------------------------------
vc_as "$A" A1 "vde://$D" -t 40 || fail "alice's first client refused"
vc_as "$A" A2 "vde://$D" -t 40 || fail "alice's second client refused"
p1=$(grep "attached (uid $AUID pid $(pid_of A1))" "$PRIVDLOG" | sed -n 's/.*port \([0-9]*\): endpoint.*/\1/p')
p2=$(grep "attached (uid $AUID pid $(pid_of A2))" "$PRIVDLOG" | sed -n 's/.*port \([0-9]*\): endpoint.*/\1/p')
note "alice holds ports ${p1:-?} and ${p2:-?}"
try "$A" "vde://$D"
case $TRY in FAILED*) ;; *) fail "alice's third port: $TRY" ;; esac
if refusal "$AUID" 0 "holds 2 port(s), its maximum (rule at line"; then
	refusal "$AUID" 0 "holds 2 port(s), its maximum (rule at line $ALINE)" 0 ||
		fail "alice's refusal names another line than her rule's ($ALINE): $(grep "refused uid $AUID " "$PRIVDLOG")"
else
	fail "alice's third port: no refusal naming her maximum: $(grep "refused uid $AUID " "$PRIVDLOG")"
fi
if [ -n "$p1" ]; then
	try "$A" "vde://${D}[$p1]"
	case $TRY in
	OPENED*) ;;
	*) fail "alice's second client on port $p1, which she holds: $TRY" ;;
	esac
fi
vc_stop A1
try "$A" "vde://$D"
case $TRY in
OPENED*) ;;
*) fail "alice's new port after one of her clients left: $TRY" ;;
esac

# --- pat: port 5-6 --------------------------------------------------------
PUID=$(id -u "$PAT")
try "$PAT" "vde://${D}[7]"
case $TRY in FAILED*) ;; *) fail "pat (port 5-6) asking for port 7: $TRY" ;; esac
refusal "$PUID" 7 "port 7 is outside 5-6" ||
	fail "pat's request for port 7 not refused as outside 5-6: $(grep "refused uid $PUID " "$PRIVDLOG")"
vc_as "$PAT" P1 "vde://$D" -t 40 || fail "pat's first client (no port) refused"
vc_as "$PAT" P2 "vde://$D" -t 40 || fail "pat's second client (no port) refused"
for c in P1 P2; do
	p=$(grep "attached (uid $PUID pid $(pid_of $c))" "$PRIVDLOG" | sed -n 's/.*port \([0-9]*\): endpoint.*/\1/p')
	note "pat's client $c landed on port ${p:-?}"
	case $p in 5 | 6) ;; *) fail "pat's client $c landed on port '${p:-?}', not in 5-6" ;; esac
done
try "$PAT" "vde://$D"
case $TRY in FAILED*) ;; *) fail "pat's third client (5 and 6 taken): $TRY" ;; esac
refusal "$PUID" 0 "no free port" ||
	fail "pat's third client not refused with 'no free port': $(grep "refused uid $PUID " "$PRIVDLOG" | tail -n 1)"

alive "$(kid_pid lan)" || bail "switch lan died"
# the switch still forwards: alice's two clients (VLAN 20)
vc_stop A2
vc_as "$A" F1 "vde://$D" -t 20 -w "$T/F1.go" -g ffffffffffff,0200000000f1,60 &&
	vc_as "$A" F2 "vde://$D" -t 20 ||
	fail "alice's clients could not attach after the refusals"
go F1
wait_frames F2 1 3 || fail "no forwarding after the refusals"
finish
