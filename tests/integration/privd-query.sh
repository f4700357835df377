#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-query.sh - vde-privd -C FILE QUERY answers, for a table of
# (policy, query, expected decision, expected rule line): last match wins,
# default deny, supplementary groups count, VLAN and console queries,
# deny rules, "switch any".  Also the exit status (0 permit, 3 deny) and
# usage errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
sw_account
add_group; G1=$NEWGROUP		# alice's supplementary group
add_group; G2=$NEWGROUP
add_user; A=$NEWUSER		# alice
usermod -a -G "$G1" "$A" || bail "usermod"
add_user "$G2"; B=$NEWUSER	# bob, primary group G2
add_user; M=$NEWUSER		# mallory
add_user; C=$NEWUSER		# carol, console reader

policy "user $SWUSER
switch lan {
	dir $T/lan
}
switch lab {
	dir $T/lab
}
permit group $G1 switch lan vlan 10
permit user $A switch lan vlan { 20 30 } trunk maxports 2
permit group $G2 switch any vlan 40
deny user $B switch lab
permit user $C switch lan mgmt read
deny user $M
permit uid $(id -u "$M") switch lab port 3-4"
# line numbers:       1 user, 2-4 lan, 5-7 lab, 8.. rules
#  8 G1 lan vlan 10 | 9 A trunk | 10 G2 any vlan 40 | 11 deny B lab
# 12 C mgmt read | 13 deny M | 14 M lab

n=0
row() {	# EXPECTED QUERY...
	want=$1
	shift
	n=$((n + 1))
	got=$("$PRIVD" -C "$T/policy.conf" "$@" 2>&1)
	rc=$?
	case "$want" in
	permit*) wrc=0 ;;
	deny*) wrc=3 ;;
	*) wrc=$want; want= ;;
	esac
	if [ -n "$want" ] && [ "$got" != "$want" ]; then
		fail "row $n ($*): got '$got', want '$want'"
	fi
	[ "$rc" = "$wrc" ] || fail "row $n ($*): exit status $rc, want $wrc"
}

row "permit (rule at line 9)"  user "$A" switch lan
row "permit (rule at line 9)"  user "$A" switch lan vlan 20
row "permit (rule at line 8)"  user "$A" switch lan vlan 10	# group G1
row "deny (default)"           user "$A" switch lan vlan 99
row "deny (default)"           user "$A" switch lab
row "permit (rule at line 10)" user "$B" switch lan vlan 40
row "deny (rule at line 11)"   user "$B" switch lab
row "deny (default)"           user "$B" switch lan vlan 10
row "permit (rule at line 12)" user "$C" switch lan mgmt read
row "deny (rule at line 12)"   user "$C" switch lan mgmt admin
row "deny (default)"           user "$C" switch lan
row "deny (rule at line 13)"   user "$M" switch lan
row "permit (rule at line 14)" user "$M" switch lab
row "permit (rule at line 14)" uid "$(id -u "$M")" switch lab
row "deny (default)"           uid 123456 switch lan
row "deny (rule at line 13)"   user "$M" switch lab mgmt read
row 1 user no-such-user-$$ switch lan
row 1 user "$A" switch nosuch
row 2 user "$A" lan
row 2 user "$A" switch lan vlan 5000
row 2 user "$A" switch lan mgmt write
note "$n rows"
finish
