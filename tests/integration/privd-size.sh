#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-size.sh - the code that runs as root stays small enough to audit
# in one sitting: vde-privd and the descriptor passing it uses, under
# 1,500 lines (SECURITY.md states the figure).
. "$(dirname "$0")/lib.sh"

top=$(cd "$HERE/../.." && pwd)
n=$(cat "$top"/priv/*.c "$top"/priv/*.h "$top"/lib/privsep.c \
	"$top"/lib/privsep.h | wc -l)
note "vde-privd: $n lines (priv/*.[ch], lib/privsep.[ch])"
[ "$n" -lt 1500 ] || fail "vde-privd has grown to $n lines (limit 1500)"
finish
