#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-stream-errors.sh - bad records on our vde-plug's standard input
# (spec section 4).  The plug sends into our switch; a fresh Debian
# vde_plug on another port receives, and what it gets is compared byte
# for byte with what should pass.
#  1. zero-length records are skipped and records of 1 to 13 bytes are
#     dropped, all in one read with good frames of 60, 14 (arrives padded
#     to 60) and 100 bytes between them, which arrive; the plug stays up
#     and ends with status 0 at the end of its input;
#  2. a length of 9235 (one above the maximum, after a 9234-byte frame,
#     which passes) or 65535 makes the plug exit at once with status 1
#     and a message naming the limit; later frames do not pass;
#  3. with --resync the rest of the read holding the oversized length is
#     skipped (a good frame inside it is lost, as with libvdeplug) and
#     frames written later still pass; the plug ends with status 0.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

need_cmd vde_plug
need_vdeplug
start_sw "$T/sw"
MS=020000000010
ncase=0

# send WHAT PLUGARGS -- TWRITE-ARGS: run our plug on port 10 fed by twrite,
# a fresh receiver on port 20+N; status in RC, receiver capture in RX,
# stderr of the plug in $T/S$ncase.err
send() {
	ncase=$((ncase + 1))
	_what=$1
	shift
	_args=""
	while [ "$1" != -- ]; do
		_args="$_args $1"
		shift
	done
	shift
	plug "R$ncase" "vde://${SWDIR}[$((20 + ncase))]"
	attached "$SWDIR" $((20 + ncase)) "receiver R$ncase"
	RX=$T/R$ncase.out
	# shellcheck disable=SC2086 # _args: options, word-split on purpose
	twrite "$@" | "$VDEPLUG" $_args "vde://${SWDIR}[10]" >/dev/null \
		2>"$T/S$ncase.err"
	RC=$?
	note "$_what: plug status $RC, received '$(lens "$RX")'; stderr: $(tr '\n' '|' <"$T/S$ncase.err")"
}

# --- 1. zero-length records and runts ---------------------------------------
rframe ffffffffffff $MS 60 good-1 >"$T/g60.bin"
rframe ffffffffffff $MS 14 good-2 >"$T/g14.bin"
rframe ffffffffffff $MS 100 good-3 >"$T/g100.bin"
{
	rawrec 0
	cat "$T/g60.bin"
	rawrec 0
	rawrec 0
	rawrec 1
	rawrec 13
	cat "$T/g14.bin"
	rawrec 5
	rawrec 13
	cat "$T/g100.bin"
	rawrec 0
} >"$T/mixed.bin"
cat "$T/g60.bin" "$T/g14.bin" "$T/g100.bin" >"$T/mixed-good.bin"
padrec "$T/mixed-good.bin" >"$T/mixed-want.bin"
send "zero-length and short records" -- "$T/mixed.bin" @0.5
[ $RC -eq 0 ] || fail "zero-length/short records: plug status $RC, want 0 (end of input)"
expect_recs "zero-length skipped, short dropped" "$RX" "$T/mixed-want.bin"
if grep -q 'stream error' "$T/S$ncase.err"; then
	fail "zero-length/short records reported as a stream error"
fi

# --- 2. oversized length, default: the stream ends ---------------------------
rframe ffffffffffff $MS 9234 big-1 >"$T/g9234.bin"
rframe ffffffffffff $MS 60 after-1 >"$T/after1.bin"
rawrec 9235 >"$T/over9235.bin"
t0=$(now_ms)
send "length 9235, default" -- "$T/g9234.bin" @0.3 "$T/over9235.bin" @0.3 \
	"$T/after1.bin" @2
ms=$(($(now_ms) - t0))
[ $RC -eq 1 ] || fail "length 9235: plug status $RC, want 1"
grep -q 'longer than 9234' "$T/S$ncase.err" ||
	fail "length 9235: no message naming the limit 9234: $(cat "$T/S$ncase.err")"
[ $ms -lt 2000 ] || fail "length 9235: plug ran on for $ms ms (until its input ended?)"
expect_recs "length 9235, default: the 9234-byte frame before it, nothing after" \
	"$RX" "$T/g9234.bin"

rframe ffffffffffff $MS 60 before-2 >"$T/before2.bin"
rframe ffffffffffff $MS 60 after-2 >"$T/after2.bin"
rawrec 65535 100 >"$T/over65535.bin"
send "length 65535, default" -- "$T/before2.bin" @0.3 "$T/over65535.bin" @0.3 \
	"$T/after2.bin" @0.5
[ $RC -eq 1 ] || fail "length 65535: plug status $RC, want 1"
grep -q 'longer than 9234' "$T/S$ncase.err" ||
	fail "length 65535: no message naming the limit 9234"
expect_recs "length 65535, default: only the frame before it" "$RX" \
	"$T/before2.bin"

# --- 3. --resync: the rest of that read is skipped, later frames pass --------
rframe ffffffffffff $MS 60 before-3 >"$T/before3.bin"
rframe ffffffffffff $MS 60 lost-3 >"$T/lost3.bin"
rframe ffffffffffff $MS 200 after-3 >"$T/after3.bin"
rframe ffffffffffff $MS 1514 after-4 >"$T/after4.bin"
cat "$T/over9235.bin" "$T/lost3.bin" >"$T/bad-read.bin"
cat "$T/before3.bin" "$T/after3.bin" "$T/after4.bin" >"$T/resync-want.bin"
send "length 9235, --resync" --resync -- "$T/before3.bin" @0.3 \
	"$T/bad-read.bin" @0.3 "$T/after3.bin" @0.2 "$T/after4.bin" @0.5
[ $RC -eq 0 ] || fail "--resync: plug status $RC, want 0 (end of input)"
expect_recs "--resync: frames before and after the bad read" "$RX" \
	"$T/resync-want.bin"

sw_alive || fail "switch died"
finish
