#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-session.sh ours|debian - spec 9 item 1: the management console
# (-M) speaks vde_switch's session grammar: a two-line banner "VDE switch
# V.<version>" / "(C) ...", "vde$ " prompts, "0000 DATA END WITH '.'" data
# blocks ending in ".", "1000 Success", "1038 Function not implemented"
# for an unknown command, and "9999 END OF SESSION" on logout, after
# which the connection is closed.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
start_impl "$IMPL" "$T/sw" -M "$T/mgmt"
[ -S "$T/mgmt" ] || bail "no management socket $T/mgmt"
[ "$(stat -c %a "$T/mgmt")" = 600 ] || fail "management socket mode $(stat -c %a "$T/mgmt"), want 600"
mg "$T/mgmt" help showinfo port/showinfo foo logout || fail "session did not complete: $MG"
head -2 "$T/mg.out" >"$T/banner"
grep -q '^VDE switch V\.[0-9]' "$T/banner" || fail "banner line 1: $(head -1 "$T/banner")"
sed -n 2p "$T/banner" | grep -q '^(C) ' || fail "banner line 2: $(sed -n 2p "$T/banner")"
[ "$(mg_count 'vde$ ')" -eq 5 ] || fail "$(mg_count 'vde$ ') 'vde\$ ' prompts, want 5"
[ "$(mg_count "0000 DATA END WITH '.'")" -eq 3 ] || fail "want 3 data blocks (help, showinfo, port/showinfo)"
[ "$(grep -c '^\.$' "$T/mg.out")" -eq 3 ] || fail "want 3 data blocks ending in a '.' line"
[ "$(mg_count '1000 Success')" -eq 3 ] || fail "want 3 '1000 Success'"
mg_has "1038 Function not implemented" || fail "unknown command not answered with 1038"
mg_has "port/print" || fail "help does not list port/print"
mg_has "Numports=32" || fail "port/showinfo lacks Numports=32"
mg_has "pid $SWPID " || fail "showinfo does not give the pid $SWPID"
[ "$(tail -c 19 "$T/mg.out")" = "9999 END OF SESSION" ] || fail "session does not end with '9999 END OF SESSION'"
finish
