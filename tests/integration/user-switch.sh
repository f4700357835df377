#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# user-switch.sh - an ordinary user starts the switch in a directory of
# its own (no root anywhere): the switch runs as that user, the user's
# clients (vdeclient, vde_plug) attach on any port, on port 0 (the user
# owns this switch) and exchange frames; SIGTERM removes the directory.
. "$(dirname "$0")/lib.sh"

need_root "creating the ordinary user"
need_cmd vde_plug
need_vdeclient
add_user
U=$NEWUSER
mkdir "$T/home"
chown "$U" "$T/home"
start_sw_as "$U" "$T/home/sw"
[ "$(stat -c %U "$SWDIR")" = "$U" ] || fail "switch dir owned by $(stat -c %U "$SWDIR"), not $U"
grep -q "ready: .* uid $(id -u "$U")" "$SWLOG" || fail "switch does not report uid $(id -u "$U")"

MA=0200000000a1 MB=0200000000b1
vc_as "$U" A "vde://$SWDIR" -w "$T/A.go" -g ffffffffffff,$MA,60 ||
	bail "user's client could not attach: $(cat "$T/A.err")"
vc_as "$U" Z "vde://${SWDIR}[0]" -w "$T/Z.go" -g $MA,$MB,64 ||
	bail "user's client could not attach to port 0: $(cat "$T/Z.err")"
[ "$(port_socks "$SWDIR" 0)" -eq 1 ] || fail "no data socket for port 0"
plug_as "$U" P "vde://${SWDIR}[4]"
wait_socks "$SWDIR" 4 1 3 || bail "user's vde_plug did not attach: $(cat "$T/P.err")"
go A
wait_frames Z 1 3
go Z
wait_frames A 1 3
i=0
while [ "$(lens "$T/P.out")" != 60 ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.2
expect_frames Z 1 ffffffffffff $MA "port 0 (broadcast)"
expect_frames A 1 $MA $MB "port 1 (unicast from port 0)"
[ "$(lens "$T/P.out")" = 60 ] || fail "user's vde_plug did not get the broadcast"

stop_pid "$SWPID"
[ "$RC" -eq 0 ] || fail "switch exit status $RC on SIGTERM"
[ ! -e "$SWDIR" ] || fail "$SWDIR left behind: $(ls -A "$SWDIR" | tr '\n' ' ')"
finish
