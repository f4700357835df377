#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-example.sh - examples/policy.conf stays valid: with its account,
# user and group names replaced by test accounts, vde-privd -n accepts it
# and prints both switches and every rule in canonical form, and -C gives
# the decisions its comments promise.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
ex="$HERE/../../examples/policy.conf"
[ -f "$ex" ] || bail "no $ex"
script=""
for u in _vde netadm alice carol mallory; do
	add_user
	script="$script -e s/\\b$u\\b/$NEWUSER/g"
	eval "U_$(echo $u | tr -d _)=$NEWUSER"
done
for g in kvm vdeadm red blue; do
	add_group
	script="$script -e s/\\b$g\\b/$NEWGROUP/g"
	eval "G_$g=$NEWGROUP"
done
# shellcheck disable=SC2086 # one word per sed expression
sed $script -e "s|/run/vde/|$T/run/|g" "$ex" >"$T/policy.conf"
chmod 0644 "$T/policy.conf"
"$PRIVD" -n -c "$T/policy.conf" >"$T/canon" 2>"$T/err" ||
	bail "example refused: $(cat "$T/err")"
[ "$(grep -c '^switch ' "$T/canon")" -eq 2 ] || fail "not two switches: $(cat "$T/canon")"
[ "$(grep -cE '^(permit|deny) ' "$T/canon")" -eq 6 ] || fail "not six rules"
[ -e "$T/run" ] && fail "-n created $T/run"

# decisions: alice trunk 10/20, carol console reader, mallory nothing
q() { "$PRIVD" -C "$T/policy.conf" "$@"; }
q user "$U_alice" switch lan vlan 20 | grep -q '^permit (rule at line' ||
	fail "alice not permitted on VLAN 20"
q user "$U_carol" switch lan mgmt read | grep -q '^permit' ||
	fail "carol cannot read the console"
q user "$U_carol" switch lan mgmt admin | grep -q '^deny' ||
	fail "carol may administer the console"
out=$(q user "$U_mallory" switch lab)
rc=$?
echo "$out" | grep -q '^deny (rule at line' && [ $rc -eq 3 ] ||
	fail "mallory: '$out' status $rc"
out=$(q user "$U_netadm" switch lan vlan 10)
echo "$out" | grep -q '^deny (default)' || fail "netadm (not in a rule): $out"
finish
