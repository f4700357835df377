#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-split-prefix.sh ours|debian - spec 9 item 10: a read that ends
# inside a record.  Two 60-byte broadcasts (124 stream bytes) are written
# into a sending plug as the first K bytes, then the rest 0.3 s later, for
# K = 63 (one byte into the second length prefix: the spec's case), 1 (one
# byte into the first prefix), 2, 62, 64 and 100.  A fresh Debian vde_plug on
# the same switch (ours) must receive both frames, byte for byte, every
# time: "60 60".  "ours" sends with our vde-plug; "debian" sends with
# Debian's vde_plug, which drops the byte and loses the second frame (only
# "60" arrives): registered as should_fail, it shows the test can fail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

IMPL=${1:-ours}
need_cmd vde_plug
[ "$IMPL" = ours ] && need_vdeplug
start_sw "$T/sw"

n=0
for K in 63 1 2 62 64 100; do
	n=$((n + 1))
	mkrecs "$T/two$n.bin" ffffffffffff 0200000000$((10 + n)) "split$n" 60 60
	head -c "$K" "$T/two$n.bin" >"$T/head$n.bin"
	tail -c +"$((K + 1))" "$T/two$n.bin" >"$T/tail$n.bin"
	plug "R$n" "vde://${SWDIR}[$((20 + n))]"
	attached "$SWDIR" $((20 + n)) "receiving vde_plug R$n"
	# the sender exits at the end of its input; 1 s for the frames to
	# cross first
	case $IMPL in
	ours)
		twrite "$T/head$n.bin" @0.3 "$T/tail$n.bin" @1 |
			"$VDEPLUG" "vde://${SWDIR}[13]" >/dev/null 2>"$T/S$n.err"
		;;
	debian)
		twrite "$T/head$n.bin" @0.3 "$T/tail$n.bin" @1 |
			vde_plug "vde://${SWDIR}[13]" >/dev/null 2>"$T/S$n.err"
		;;
	*) bail "unknown plug implementation '$IMPL'" ;;
	esac
	rc=$?
	[ $rc -eq 0 ] || fail "split after $K bytes: sending plug status $rc: $(cat "$T/S$n.err")"
	expect_recs "split after $K bytes" "$T/R$n.out" "$T/two$n.bin"
	alive "$(pid_of "R$n")" || fail "receiving vde_plug R$n exited"
done
sw_alive || fail "switch died"
finish
