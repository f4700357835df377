#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# policy-mgmt.sh [strict|open] - who may read and change a switch of
# vde-privd through its management console (socket mode 0666, so anybody
# can connect; the policy decides):
#  - carol (permit ... mgmt read) runs port/print and vlan/allprint, but
#    vlan/create 99, port/setvlan 3 10, port/create 5 and shutdown answer
#    "1001 Operation not permitted", are logged, and change nothing
#    (port/allprint and vlan/allprint the same before and after, the
#    switch still running);
#  - dave (no rule) gets no session at all: the connection is closed
#    before any prompt, and the refusal is logged with "default deny";
#  - erin (permit ... mgmt admin) and the switch's owner ("owner USER" in
#    the block, no rule) can change it: vlan/create and port/setvlan work.
# "open" runs the same checks under "permit any" and "permit any mgmt
# admin": they must fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"
. "$(dirname "$0")/plug-lib.sh"
. "$(dirname "$0")/policy-lib.sh"

need_privd
sw_account
add_user
CAROL=$NEWUSER
add_user
DAVE=$NEWUSER
DUID=$(id -u "$DAVE")
add_user
ERIN=$NEWUSER
add_user
OWNER=$NEWUSER
D=$T/lan
M=$T/lan.mgmt
ppolicy "user $SWUSER
switch lan {
	dir $D
	owner $OWNER
	mode 0666
	ports 8
	vlans 10 20
	mgmt $M mode 0666
}" "permit user $CAROL switch lan mgmt read
permit user $ERIN switch lan mgmt admin"
start_privd
wait_ready lan
[ "$(stat -c %a "$M")" = 666 ] || fail "console socket mode $(stat -c %a "$M"), want 666"

# root (an admin) makes port 3
mg "$M" "port/create 3" || fail "root's console session: $MG"
[ "$(mg_results)" = "1000 Success|" ] || fail "root: port/create 3 answered '$(mg_results)'"

state() {	# state FILE: what carol must not change
	mg "$M" port/allprint vlan/allprint
	grep -v -e '^vde\$' -e '^VDE switch' -e '^(C)' "$T/mg.out" >"$1"
}
state "$T/before"

# --- carol: mgmt read -----------------------------------------------------
CUID=$(id -u "$CAROL")
mg_as "$CAROL" "$M" port/print vlan/allprint ||
	fail "carol's read-only session did not complete: $MG"
[ "$(mg_results)" = "1000 Success|1000 Success|" ] ||
	fail "carol: port/print, vlan/allprint answered '$(mg_results)'"
mg_has "Port 0003" || fail "carol's port/print does not show port 3"
mg_has "0010" || fail "carol's vlan/allprint does not show VLAN 10"
for c in "vlan/create 99" "port/setvlan 3 10" "port/create 5" shutdown; do
	mg_as "$CAROL" "$M" "$c" || fail "carol: '$c': session did not complete: $MG"
	r=$(mg_results)
	[ "$r" = "1001 Operation not permitted|" ] ||
		fail "carol: '$c' answered '$r', want 1001 Operation not permitted"
	alive "$(kid_pid lan)" || bail "switch died after carol's '$c'"
done
grep -q "mgmt: uid $CUID may not run 'vlan/create" "$PRIVDLOG" ||
	fail "carol's vlan/create not logged as refused"
state "$T/after"
if ! cmp -s "$T/before" "$T/after"; then
	fail "carol (mgmt read) changed the switch"
	diff "$T/before" "$T/after" | sed 's/^/#   /'
fi
grep -q '0099' "$T/after" && fail "VLAN 99 exists after carol's vlan/create 99"

# --- dave: no rule --------------------------------------------------------
mg_as "$DAVE" "$M" port/print
rc=$?
note "dave's session: status $rc, $(wc -c <"$T/mg.out") bytes: $(tail -n 1 "$T/mg.out")"
mg_has 'vde$' && fail "dave (no rule) got a prompt"
mg_has 'Port 0003' && fail "dave (no rule) could run port/print"
wait_log_n "mgmt: refused uid $DUID pid" 1 2 ||
	fail "dave's console connection: no log line 'mgmt: refused uid $DUID'"
grep -q "mgmt: refused uid $DUID pid [0-9]* (default deny)" "$PRIVDLOG" ||
	fail "dave's refusal does not say default deny: $(grep "mgmt: refused uid $DUID" "$PRIVDLOG")"

# --- erin (mgmt admin) and the owner --------------------------------------
mg_as "$ERIN" "$M" "vlan/create 77" "port/setvlan 3 20" ||
	fail "erin's session did not complete: $MG"
[ "$(mg_results)" = "1000 Success|1000 Success|" ] ||
	fail "erin (mgmt admin): vlan/create 77, port/setvlan 3 20 answered '$(mg_results)'"
mg_as "$OWNER" "$M" "vlan/create 99" "port/setvlan 3 10" ||
	fail "the owner's session did not complete: $MG"
[ "$(mg_results)" = "1000 Success|1000 Success|" ] ||
	fail "owner: vlan/create 99, port/setvlan 3 10 answered '$(mg_results)'"
mg "$M" vlan/allprint "port/allprint 3"
mg_has "0099" || fail "VLAN 99 not created by the owner"
mg_has "0077" || fail "VLAN 77 not created by erin"
mg_has "Port 0003 untagged_vlan=0010" || fail "port 3 not moved to VLAN 10 by the owner"
alive "$(kid_pid lan)" || fail "switch lan died"
finish
