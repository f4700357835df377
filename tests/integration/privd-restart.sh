#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-restart.sh - kill -9 of a switch child under traffic (invariant 5):
# vde-privd restarts it within the backoff, the taps (held by privd)
# survive with their namespaces and addresses, the configuration made
# through the management console is there again, and traffic resumes.
# Prints the time from the kill to READY and to the first ping reply
# after it (SECURITY.md, "Faults").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
need_cmd ip ping
sw_account
TA=vra$$
TB=vrb$$
policy "user $SWUSER
switch lan {
	dir $T/lan
	ports 8
	mgmt $T/lan.mgmt
	tap $TA port 1
	tap $TB port 2
}"
start_privd
wait_ready lan
taps_in_netns 10.232.0 "$TA" "$TB"
ip netns exec "vra$$" ping -c 2 -W 2 10.232.0.2 >/dev/null ||
	bail "no ping before the crash"

# configuration through the console
mg "$T/lan.mgmt" "vlan/create 33" "port/create 5" "port/setvlan 5 33" \
	"vlan/create 44" "vlan/addport 44 5" || fail "console: $MG"
mg "$T/lan.mgmt" vlan/allprint "port/print 5"
sed -n '/vde\$ /,$p' "$T/mg.out" >"$T/before"
grep -q 0033 "$T/before" || fail "VLAN 33 not created: $(cat "$T/before")"

# traffic while it dies (timestamped: the outage is measured)
ip netns exec "vra$$" ping -D -n -i 0.05 -W 1 10.232.0.2 >"$T/ping" 2>&1 &
rec_pid $!
PINGPID=$!
sleep 0.5
old=$(kid_pid lan)
t0=$(now_ms)
kill -KILL "$old"
wait_ready lan 2 10
t1=$(now_ms)
new=$(kid_pid lan)
note "restarted in $((t1 - t0)) ms (old pid $old, new pid $new)"
[ "$new" != "$old" ] || fail "no new child"
[ $((t1 - t0)) -le 5000 ] || fail "restart took $((t1 - t0)) ms"
grep -q "killed by signal 9" "$PRIVDLOG" || fail "privd did not log the kill"

ip -n "vra$$" link show "$TA" >/dev/null 2>&1 || fail "tap $TA gone"
ip -n "vrb$$" link show "$TB" >/dev/null 2>&1 || fail "tap $TB gone"
mg "$T/lan.mgmt" vlan/allprint "port/print 5"
sed -n '/vde\$ /,$p' "$T/mg.out" >"$T/after"
diff "$T/before" "$T/after" >"$T/diff" ||
	fail "configuration differs after the restart: $(cat "$T/diff")"
ip netns exec "vra$$" ping -c 3 -W 2 10.232.0.2 >/dev/null ||
	fail "no ping after the restart"
# the time from kill -9 until the running ping crosses again (the first
# reply after the lost ones)
t2=$(ping_back "$T/ping" "$t0")
if [ -n "$t2" ]; then
	note "traffic back $((t2 - t0)) ms after kill -9 (ping -i 0.05)"
else
	fail "the running ping got no reply after the restart"
fi
stop_pid "$PINGPID" INT
note "$(tail -n 2 "$T/ping" | head -n 1)"
finish
