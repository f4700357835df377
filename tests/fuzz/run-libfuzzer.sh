#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run-libfuzzer.sh FUZZER SEED_DIR WORK_DIR - a short libFuzzer run for
# `meson test --suite fuzz`: 10 seconds from the checked-in seeds.  New
# inputs are written to WORK_DIR/corpus and crashes to WORK_DIR/, so the
# source tree is never modified.  FUZZ_TIME and FUZZ_RUNS override the
# limits (e.g. FUZZ_TIME=600 for a longer local run).  A crash or a broken
# invariant exits 1: libFuzzer's own default (77) is meson's "skipped".
set -u
fuzzer=$1
seeds=$2
work=$3
mkdir -p "$work/corpus" || exit 1
# -error_exitcode: libFuzzer's default, 77, is what meson reads as SKIP
exec "$fuzzer" -max_total_time="${FUZZ_TIME:-10}" -runs="${FUZZ_RUNS:-10000000}" \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -error_exitcode=1 \
	-artifact_prefix="$work/" "$work/corpus" "$seeds"
