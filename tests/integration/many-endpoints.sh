#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# many-endpoints.sh - 64 clients on a 100-port switch: one broadcast
# reaches all 63 others exactly once; then all are killed at once and
# every data socket disappears while the switch keeps running.
. "$(dirname "$0")/lib.sh"

need_vdeclient
start_sw "$T/sw" -n 100

vc S "vde://${SWDIR}[100]" -w "$T/S.go" -g ffffffffffff,020000000064,60 ||
	bail "sender could not attach"
i=1
while [ $i -le 63 ]; do
	vc "R$i" "vde://$SWDIR" -n 1 || bail "client $i could not attach"
	i=$((i + 1))
done
go S
i=1
while [ $i -le 63 ]; do wait_frames "R$i" 1 3; i=$((i + 1)); done
sleep 0.2
bad=0
i=1
while [ $i -le 63 ]; do
	[ "$(frames "R$i" ffffffffffff 020000000064)" -eq 1 ] || bad=$((bad + 1))
	i=$((i + 1))
done
[ $bad -eq 0 ] || fail "$bad of 63 clients did not get the broadcast exactly once"
expect_frames S 0 "" "" "sender"

pids=""
i=1
while [ $i -le 63 ]; do pids="$pids $(pid_of "R$i")"; i=$((i + 1)); done
# shellcheck disable=SC2086
kill -KILL $pids 2>/dev/null
for p in $pids; do wait_exit "$p" 3; done
i=0
while [ "$(find "$SWDIR" -name '[0-9]*.*' -type s | wc -l)" -ne 1 ] && [ $i -lt 40 ]; do
	sleep 0.05
	i=$((i + 1))
done
n=$(find "$SWDIR" -name '[0-9]*.*' -type s | wc -l)
[ "$n" -eq 1 ] || fail "$n data sockets left, want 1 (the sender's)"
sw_alive || bail "switch died"
check_forwarding "$SWDIR" "after mass teardown"
finish
