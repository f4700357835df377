#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-malicious.sh - a child that breaks the protocol (fakechild.c: short,
# oversized, unknown, wrong-length and out-of-order messages, descriptors
# where none belong, a tap it does not have, a fatal report, an empty
# message) cannot make
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
PRIVD_SWITCHD=$FAKECHILD start_privd --restart-delay 10
# the 12th incarnation behaves; it and 5 before it say READY
wait_log_n "fakechild: incarnation 12" 1 60 || bail "no 12th child: $(tail -n 5 "$PRIVDLOG")"
wait_ready lan 6 10
alive "$PRIVDPID" || bail "vde-privd died"
n=$(grep -c "malformed message" "$PRIVDLOG")
[ "$n" -eq 5 ] || fail "expected 5 malformed messages, got $n"
for why in "unexpected message type 32" "unexpected message type 2" \
	"unexpected message type 33" "TAP_REOPEN for a tap it does not have" \
	"reported fatal error 7" "empty message or closed socket"; do
	grep -qF "$why" "$PRIVDLOG" || fail "privd did not log '$why'"
done
n=$(grep -c "restarting it" "$PRIVDLOG")
[ "$n" -eq 11 ] || fail "expected 11 kills, got $n"
# stdin, stdout, stderr, the switchd program (O_PATH), signalfd, epoll,
# policy memfd, state memfd, ctl, the child's socket: nothing the
# children sent is kept
fds=$(ls "/proc/$PRIVDPID/fd" | wc -l)
[ "$fds" -eq 10 ] || fail "privd holds $fds descriptors: $(ls -l /proc/$PRIVDPID/fd)"
stop_pid "$PRIVDPID" TERM
[ "$RC" = 0 ] || fail "privd exit status $RC"
finish
