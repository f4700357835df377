#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-size.sh - the code that runs as root stays small enough to audit
# in one sitting: vde-privd (priv/) and the descriptor passing it uses
# (lib/privsep.[ch]) under 1,600 lines of code, that is lines other than
# blank lines and comments (SECURITY.md states both figures).  The shared
# helpers it calls (policy parser, lib/sockdir.c, lib/tap.c, the identity
# drop of lib/sandbox.c) are reviewed and tested with their other users.
. "$(dirname "$0")/lib.sh"

top=$(cd "$HERE/../.." && pwd)
set -- "$top"/priv/*.c "$top"/priv/*.h "$top"/lib/privsep.c "$top"/lib/privsep.h
total=$(cat "$@" | wc -l)
# strip /* ... */ comments (also over several lines), then blank lines
code=$(cat "$@" | awk '
	{
		line = $0
		out = ""
		while (length(line)) {
			if (inc) {
				i = index(line, "*/")
				if (!i) { line = ""; break }
				line = substr(line, i + 2)
				inc = 0
			} else {
				i = index(line, "/*")
				if (!i) { out = out line; break }
				out = out substr(line, 1, i - 1)
				line = substr(line, i + 2)
				inc = 1
			}
		}
		sub("//.*", "", out)
		if (out ~ /[^ \t]/) n++
	}
	END { print n + 0 }')
note "vde-privd: $total lines, $code of code (priv/*.[ch], lib/privsep.[ch])"
[ "$code" -gt 500 ] || fail "counted only $code lines of code: the count is broken"
[ "$code" -lt 1600 ] || fail "vde-privd has grown to $code lines of code (limit 1600)"
finish
