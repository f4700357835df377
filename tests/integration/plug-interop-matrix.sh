#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-interop-matrix.sh - our vde-plug and Debian's vde_plug (vdeplug4)
# on Debian's vde_switch 2.3.2 and on our vde-switchd.  In each row the
# plug on port 1 sends broadcasts of 60 to 1518 bytes (up to 9234 on our
# switch, whose default maximum that is) and the plug on port 2 answers
# with unicasts to port 1's MAC; each side must receive exactly the
# records the other sent, byte for byte, and nothing else.
#
#   switch        port 1              port 2
#   vde_switch    vde-plug (ours)     vde_plug (Debian)
#   vde_switch    vde_plug (Debian)   vde-plug (ours)
#   vde-switchd   vde-plug (ours)     vde_plug (Debian)
#   vde-switchd   vde_plug (Debian)   vde-plug (ours)
#   vde-switchd   vde-plug (ours)     vde-plug (ours)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

need_cmd vde_plug vde_switch
need_vdeplug

MA=0200000000a1 MB=0200000000b2
row=0

# row SWITCH PLUG1 PLUG2 (ours|debian each)
row() {
	row=$((row + 1))
	_what="row $row: $1 switch, $2 plug -> $3 plug"
	start_impl "$1" "$T/sw$row"
	anyplug "$2" "A$row" "vde://${SWDIR}[1]" -D "matrix-a$row"
	anyplug "$3" "B$row" "vde://${SWDIR}[2]" -D "matrix-b$row"
	attached "$SWDIR" 1 "$2 plug A$row"
	attached "$SWDIR" 2 "$3 plug B$row"
	_sizes="60 61 64 100 1000 1500 1514 1518"
	[ "$1" = ours ] && _sizes="$_sizes 4096 9000 9234"
	# shellcheck disable=SC2086 # a list of sizes
	mkrecs "$T/ab$row.bin" ffffffffffff $MA "ab$row" $_sizes
	# shellcheck disable=SC2086
	mkrecs "$T/ba$row.bin" $MA $MB "ba$row" $_sizes
	trickle "$T/ab$row.bin" >"$T/A$row.in"
	expect_recs "$_what (broadcast)" "$T/B$row.out" "$T/ab$row.bin"
	_what="row $row: $1 switch, $3 plug -> $2 plug"
	trickle "$T/ba$row.bin" >"$T/B$row.in"
	expect_recs "$_what (unicast)" "$T/A$row.out" "$T/ba$row.bin"
	for _p in "A$row" "B$row"; do
		alive "$(pid_of $_p)" ||
			fail "row $row: plug $_p exited: $(cat "$T/$_p.err")"
	done
	sw_alive || fail "row $row: $1 switch died"
}

row debian ours debian
row debian debian ours
row ours ours debian
row ours debian ours
row ours ours ours
finish
