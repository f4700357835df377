#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dpipe-chain.sh ours|debian - chains of three and four commands:
#   A = F = B            F is a middle command: it gets A's traffic on
#                        stdin and passes it upper-cased to B on
#                        ALTERNATE_STDOUT; B's traffic comes back on
#                        ALTERNATE_STDIN and goes to A on stdout
#   A = F1 = F2 = B      two middle commands (upper one way, lower back)
#   A =} F }= B          F filters left-to-right only (upper-cased)
#   A ={ F {= B          F filters right-to-left only (lower-cased)
#   A =} F1 }= F2 = B    a one-direction group followed by a middle
# Peers send seeded random data; every byte must arrive, transformed by
# exactly the filters on its path.  With ours, only middle commands see
# ALTERNATE_STDIN/ALTERNATE_STDOUT (Debian's dpipe sets them for all).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dpipe-lib.sh"

IMPL=${1:-ours}
use_dpipe "$IMPL"
P=$HERE/dpipe-peer.py
F=$HERE/dpipe-filter.py
N=100000

clean() { rm -f "$T"/A.* "$T"/B.* "$T"/F*.env; }

# check_env NAME: NAME, a middle command, got two distinct open fds
check_env() {
	_e=$(cat "$T/$1.env" 2>/dev/null)
	case $_e in
	[0-9]*\ [0-9]*) ;;
	*) fail "$2: $1 did not get ALTERNATE_STDIN/OUT ('$_e')" ;;
	esac
}

# check_ends WHAT: with ours, the end commands have no ALTERNATE_*
check_ends() {
	[ "$IMPL" = ours ] || return 0
	for _n in A B; do
		[ "$(peer_env $_n)" = "- -" ] ||
			fail "$1: end command $_n sees ALTERNATE_* '$(peer_env $_n)'"
	done
}

run_dp 20 "$PY" "$P" A 1 $N "$T" = "$PY" "$F" upper pass "$T/F.env" = \
	"$PY" "$P" B 2 $N "$T"
expect_rc "A = F = B" 0
peer_ok "A = F = B, left to right" A B upper
peer_ok "A = F = B, right to left" B A
check_env F "A = F = B"
note "middle command: ALTERNATE_STDIN/OUT $(cat "$T/F.env")"
check_ends "A = F = B"
clean

run_dp 20 "$PY" "$P" A 3 $N "$T" = "$PY" "$F" upper pass "$T/F1.env" = \
	"$PY" "$F" pass lower "$T/F2.env" = "$PY" "$P" B 4 $N "$T"
expect_rc "A = F1 = F2 = B" 0
peer_ok "A = F1 = F2 = B, left to right" A B upper
peer_ok "A = F1 = F2 = B, right to left" B A lower
check_env F1 "A = F1 = F2 = B"
check_env F2 "A = F1 = F2 = B"
check_ends "A = F1 = F2 = B"
clean

run_dp 20 "$PY" "$P" A 5 $N "$T" '=}' "$PY" "$F" upper pass '}=' \
	"$PY" "$P" B 6 $N "$T"
expect_rc "A '=}' F '}=' B" 0
peer_ok "A '=}' F '}=' B, left to right" A B upper
peer_ok "A '=}' F '}=' B, right to left" B A
clean

run_dp 20 "$PY" "$P" A 7 $N "$T" '={' "$PY" "$F" lower pass '{=' \
	"$PY" "$P" B 8 $N "$T"
expect_rc "A '={' F '{=' B" 0
peer_ok "A '={' F '{=' B, left to right" A B
peer_ok "A '={' F '{=' B, right to left" B A lower
clean

run_dp 20 "$PY" "$P" A 9 $N "$T" '=}' "$PY" "$F" upper pass '}=' \
	"$PY" "$F" pass lower "$T/F2.env" = "$PY" "$P" B 10 $N "$T"
expect_rc "A '=}' F1 '}=' F2 = B" 0
peer_ok "A '=}' F1 '}=' F2 = B, left to right" A B upper
peer_ok "A '=}' F1 '}=' F2 = B, right to left" B A lower
check_env F2 "A '=}' F1 '}=' F2 = B"
finish
