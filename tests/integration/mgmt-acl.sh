#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-acl.sh ours|debian - spec 9 item 5: after "port/create 8" and
# "port/setuser 8 root", an unprivileged user's vde_plug asking for port 8
# fails at once (vde_switch 2.3.2 leaves it hanging: with "debian" the
# test must fail); root attaches to port 8; the refusal is logged.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_root "a second user"
need_cmd vde_plug timeout
need_vdeclient
add_user
U=$NEWUSER
start_impl "$IMPL" "$T/sw" -m 0666 -M "$T/mgmt"
mg "$T/mgmt" "port/create 8" "port/setuser 8 root" || fail "console: $MG"
[ "$(mg_count '1000 Success')" -eq 2 ] || fail "ACL set-up not accepted: $(mg_results)"

t0=$(now_ms)
timeout 3 setpriv --reuid="$U" --regid="$(id -g "$U")" --clear-groups \
	vde_plug "vde://${SWDIR}[8]" </dev/null >/dev/null 2>"$T/plug.err"
rc=$?
ms=$(($(now_ms) - t0))
note "user's vde_plug [8]: status $rc after $ms ms"
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "user's vde_plug on root's port 8: status $rc (124: hung)"
[ $ms -lt 1000 ] || fail "refusal took $ms ms"
if [ "$IMPL" = ours ]; then
	wait_log "refused uid $(id -u "$U")" 2 || fail "ACL refusal not logged"
fi
vc R "vde://${SWDIR}[8]" || fail "root could not attach to port 8"
sw_alive || fail "switch died"
finish
