#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# seccomp-golden.sh DUMP_PFC GOLDEN [PROFILE] - fail if the seccomp filter
# of PROFILE (switchd, the default, or cable) differs from the reviewed
# golden file, and say how to regenerate it.
set -u
dump=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
golden=$2
profile=${3:-switchd}
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
trap 'exit 1' INT TERM

if ! "$dump" "$profile" >"$out"; then
	echo "FAIL: $dump exited with an error"
	exit 1
fi
if [ ! -s "$out" ]; then
	echo "FAIL: $dump printed nothing"
	exit 1
fi
if [ ! -f "$golden" ]; then
	echo "FAIL: golden file $golden is missing; create it with:"
	echo "  $dump $profile > $golden"
	exit 1
fi
if ! diff -u "$golden" "$out"; then
	echo
	echo "FAIL: the seccomp filter of $profile changed (diff above)."
	echo "If the change is intended, review it and regenerate with:"
	echo "  $dump $profile > $golden"
	exit 1
fi
echo "ok: seccomp filter matches $golden ($(wc -l <"$golden") lines)"
