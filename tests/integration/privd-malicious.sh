#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-malicious.sh - a child that breaks the protocol (fakechild.c: short,
# oversized, unknown, wrong-length and out-of-order messages, descriptors
# where none belong, a tap it does not have, a fatal report) cannot make
# vde-privd do anything else: each time privd logs it, kills the child and
# starts another; it stays up and leaks no descriptor.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

need_privd
[ -n "${FAKECHILD:-}" ] && [ -x "$FAKECHILD" ] || bail "FAKECHILD not set"
sw_account
policy "user $SWUSER
switch lan {
	dir $T/lan
}"
PRIVD_SWITCHD=$FAKECHILD start_privd --restart-delay 20
# the 11th incarnation behaves; before it, 4 + 3 + 1 ready messages
wait_log_n "fakechild: incarnation 11" 1 30 || bail "no 11th child: $(tail -n 5 "$PRIVDLOG")"
wait_ready lan 5 10
alive "$PRIVDPID" || bail "vde-privd died"
n=$(grep -c "malformed message" "$PRIVDLOG")
[ "$n" -eq 5 ] || fail "expected 5 malformed messages, got $n"
for why in "unexpected message type 32" "unexpected message type 2" \
	"unexpected message type 33" "TAP_REOPEN for a tap it does not have" \
	"reported fatal error 7"; do
	grep -qF "$why" "$PRIVDLOG" || fail "privd did not log '$why'"
done
n=$(grep -c "restarting it" "$PRIVDLOG")
[ "$n" -eq 10 ] || fail "expected 10 kills, got $n"
# stdin, stdout, stderr, signalfd, epoll, policy memfd, state memfd, ctl,
# the child's socket: nothing the children sent is kept
fds=$(ls "/proc/$PRIVDPID/fd" | wc -l)
[ "$fds" -eq 9 ] || fail "privd holds $fds descriptors: $(ls -l /proc/$PRIVDPID/fd)"
stop_pid "$PRIVDPID" TERM
[ "$RC" = 0 ] || fail "privd exit status $RC"
finish
