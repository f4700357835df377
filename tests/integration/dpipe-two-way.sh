#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-two-way.sh ours|debian - two commands joined by vde-dpipe (or
# Debian's dpipe) exchange data in both directions at once: 300 kB one
# way and 200 kB the other arrive intact, and a question/answer exchange
# between two shells works line by line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

use_dpipe "${1:-ours}"
P=$HERE/dpipe-peer.py

run_dp 20 "$PY" "$P" A 1 300000 "$T" = "$PY" "$P" B 2 200000 "$T"
expect_rc "two peers" 0
peer_ok "left to right" A B
peer_ok "right to left" B A

run_dp 10 sh -c 'echo ping; read -r r; echo "$r" >"$1"' sh "$T/a.txt" = \
	sh -c 'read -r l; echo "$l" >"$1"; echo pong' sh "$T/b.txt"
expect_rc "question and answer" 0
[ "$(cat "$T/b.txt" 2>/dev/null)" = ping ] ||
	fail "the right command read '$(cat "$T/b.txt" 2>/dev/null)', not 'ping'"
[ "$(cat "$T/a.txt" 2>/dev/null)" = pong ] ||
	fail "the left command read '$(cat "$T/a.txt" 2>/dev/null)', not 'pong'"
finish
