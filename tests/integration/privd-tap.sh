#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-tap.sh - two taps from the policy, opened by vde-privd and handed
# to the unprivileged switch, each moved into its own network namespace:
# the namespaces ping each other through the switch.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
need_cmd ip ping
sw_account
TA=vpa$$
TB=vpb$$
policy "user $SWUSER
switch lan {
	dir $T/lan
	tap $TA port 1 mtu 1400
	tap $TB port 2
}"
start_privd
wait_ready lan
taps_in_netns 10.231.0 "$TA" "$TB"
[ "$(ip -n "vpa$$" -o link show "$TA" | sed -n 's/.* mtu \([0-9]*\) .*/\1/p')" = 1400 ] ||
	fail "mtu of $TA not 1400"
ip netns exec "vpa$$" ping -c 3 -i 0.2 -W 2 10.231.0.2 >"$T/ping" 2>&1 ||
	fail "no ping through the switch: $(tail -n 2 "$T/ping")"
k=$(kid_pid lan)
[ "$(status_field "$k" Uid)" = "$SWUID" ] || fail "switch child not unprivileged"
stop_pid "$PRIVDPID" TERM
ip -n "vpa$$" link show "$TA" >/dev/null 2>&1 && fail "tap $TA outlived vde-privd"
finish
