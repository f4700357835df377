#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-readonly.sh - who may change the switch from the console.  With
# --mgmtmode 0666 any user can connect, but a session is an admin only
# for root, the switch's owner, or a member of --mgmtgroup:
#  - another user runs port/print, showinfo, hash/print (1000 each) and
#    gets "1001 Operation not permitted" for shutdown, port/create,
#    port/setvlan, hash/setsize, port/epclose, vlan/create and
#    port/resetcounter; the switch stays up, its port table, VLANs and
#    hash size unchanged, the endpoint still attached; the refusal is
#    logged with the user's uid;
#  - a user with --mgmtgroup as a supplementary group (SO_PEERGROUPS),
#    and one with it as primary group, are admins: port/create works.
. "$(dirname "$0")/lib.sh"

need_root "other users and a group"
need_cmd vde_plug groupadd groupdel usermod
add_group
GRP=$NEWGROUP
add_user
U=$NEWUSER
add_user
G1=$NEWUSER
usermod -a -G "$GRP" "$G1" || bail "usermod -a -G $GRP $G1 failed"
add_user "$GRP"
G2=$NEWUSER

start_sw "$T/sw" -M "$T/mgmt" --mgmtmode 0666 --mgmtgroup "$GRP"
M=$T/mgmt
[ "$(stat -c %a "$M")" = 666 ] || fail "management socket mode $(stat -c %a "$M"), want 666"
plug P5 "vde://${SWDIR}[5]" -D probe
wait_socks "$SWDIR" 5 1 3 || bail "vde_plug did not attach"
mg "$M" "port/print 5"
id=$(sed -n 's/.*-- endpoint ID 0*\([0-9][0-9]*\) .*/\1/p' "$T/mg.out" | head -1)
[ -n "$id" ] || bail "no endpoint ID in port/print 5"

state() {	# state FILE: what the read-only user must not change
	mg "$M" port/allprint vlan/allprint hash/showinfo port/showinfo
	grep -v -e '^vde\$' -e '^VDE switch' -e '^(C)' "$T/mg.out" >"$1"
}
state "$T/before"

# --- the read-only user ---
mg_as "$U" "$M" port/print showinfo hash/print ||
	fail "read-only user: session did not complete: $MG"
[ "$(mg_count '1000 Success')" -eq 3 ] ||
	fail "read-only user: port/print, showinfo, hash/print: $(mg_results)"
mg_has "Port 0005 untagged_vlan=0000 ACTIVE" || fail "read-only user: port/print does not show port 5"
mg_has "pid $SWPID " || fail "read-only user: showinfo lacks the pid"
for c in shutdown "port/create 9" "port/setvlan 5 0" "hash/setsize 256" \
	"port/epclose 5 $id" "vlan/create 10" "port/resetcounter"; do
	mg_as "$U" "$M" "$c" || fail "read-only user: '$c': session did not complete: $MG"
	r=$(mg_results)
	[ "$r" = "1001 Operation not permitted|" ] ||
		fail "read-only user: '$c' answered '$r', want 1001 Operation not permitted"
	sw_alive || bail "switch died after the read-only user's '$c'"
done
wait_log "uid $(id -u "$U") may not run 'shutdown'" 2 ||
	fail "refusal of shutdown not logged with uid $(id -u "$U")"
state "$T/after"
if ! cmp -s "$T/before" "$T/after"; then
	fail "the read-only user changed the switch"
	diff "$T/before" "$T/after" | sed 's/^/#   /'
fi
alive "$(pid_of P5)" && [ "$(port_socks "$SWDIR" 5)" -eq 1 ] ||
	fail "the endpoint on port 5 went away"

# --- members of the management group ---
# as_user clears supplementary groups: without them G1 is read-only ...
mg_as "$G1" "$M" "port/create 9" || fail "G1 session did not complete: $MG"
r=$(mg_results)
[ "$r" = "1001 Operation not permitted|" ] ||
	fail "$G1 without its supplementary groups: port/create 9 answered '$r', want 1001"
# ... with its groups from /etc/group it is an admin (SO_PEERGROUPS)
setpriv --reuid="$G1" --regid="$(id -g "$G1")" --init-groups -- \
	"$PY" "$HERE/mgmt.py" "$M" "port/create 9" >"$T/mg.out" 2>&1 ||
	fail "G1 session did not complete: $(cat "$T/mg.out")"
r=$(mg_results)
[ "$r" = "1000 Success|" ] ||
	fail "user with $GRP as supplementary group: port/create 9 answered '$r'"
mg_as "$G2" "$M" "port/create 10" || fail "group member: session did not complete: $MG"
r=$(mg_results)
[ "$r" = "1000 Success|" ] || fail "user with $GRP as primary group: port/create 10 answered '$r'"
mg "$M" "port/allprint 9" "port/allprint 10"
[ "$(mg_count 'INACTIVE - NOT Unnamed Allocatable')" -eq 2 ] ||
	fail "ports 9 and 10 not created: $(mg_results)"
log_has "mgmt: uid $(id -u "$G2"): port/create 10" || fail "group member's port/create not logged"
sw_alive || fail "switch died"
finish
