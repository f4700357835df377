#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# vlan-tags.sh ours|debian - 802.1Q frames on default ports (untagged
# VLAN 0, spec 6.4): a VLAN 10 tag is dropped; a VLAN 0 tag (with or
# without priority bits) is accepted and stripped on the way out, the
# payload unchanged; a 60-byte VLAN 0 tagged frame leaves as 60 bytes
# (re-padded), never shorter.  vde_switch 2.3.2 sends 56 bytes: with
# "debian" this test must fail.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw"

H=ffffffffffff020000000001
P46=$(printf '%092d' 0)
vc R "vde://${SWDIR}[2]" || bail "receiver could not attach"
vc S "vde://${SWDIR}[1]" -w "$T/S.go" \
	-s "${H}8100000a0800${P46}" \
	-s "${H}810000000800aa${P46}" \
	-s "${H}8100a0000800bb${P46}" \
	-s "${H}810000000800cc$(printf '%082d' 0)" || bail "sender could not attach"
go S
wait_frames R 3 3
sleep 0.3
sed 's/^\([0-9]*\) \(.\{40\}\).*/#   \1 \2.../' "$T/R.out"
got=$(awk '{ printf "%s%s", s, $1; s = " " }' "$T/R.out")
[ "$got" = "61 61 60" ] || fail "lengths received '$got', want '61 61 60' (VLAN 10 dropped, tags stripped)"
[ "$(awk 'NR == 1 { print $2 }' "$T/R.out")" = "${H}0800aa${P46}" ] ||
	fail "VLAN 0 frame altered beyond the tag"
[ "$(awk 'NR == 2 { print $2 }' "$T/R.out")" = "${H}0800bb${P46}" ] ||
	fail "priority-tagged frame altered beyond the tag"
[ "$(awk 'NR == 3 { print $2 }' "$T/R.out")" = "${H}0800cc$(printf '%090d' 0)" ] ||
	fail "short tagged frame not stripped and re-padded to 60 bytes"
finish
