#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-unixterm.sh - spec 5.1: Debian's unixterm (a raw terminal client
# that needs a tty) works with our console: run in a tmux pane against
# vde-switchd -M, it shows the two-line banner and the prompt; typed
# "port/showinfo" prints Numports=32 and 1000 Success, "foo" 1038
# Function not implemented, and "logout" ends unixterm (status 0; it
# does not echo the "9999 END OF SESSION" line, with vde_switch neither)
# and the switch counts no session left but the one asking.
. "$(dirname "$0")/lib.sh"

need_cmd unixterm
need_tmux
start_sw "$T/sw" -M "$T/mgmt"
tmux_start "unixterm $T/mgmt; echo unixterm-exit=\$?"
tmux_wait 'vde$' 1 3 || bail "no prompt from unixterm: $(tr '\n' '|' <"$T/pane.txt")"
grep -q '^VDE switch V\.[0-9]' "$T/pane.txt" || fail "banner line 1 missing"
grep -q '^(C) ' "$T/pane.txt" || fail "banner line 2 missing"
tmux_type port/showinfo
tmux_wait '1000 Success' 1 3 || fail "port/showinfo: no 1000 Success"
grep -qx 'Numports=32' "$T/pane.txt" || fail "port/showinfo: no Numports=32 line"
grep -q "0000 DATA END WITH '.'" "$T/pane.txt" || fail "port/showinfo: no data block"
tmux_type foo
tmux_wait '1038 Function not implemented' 1 3 || fail "foo: no 1038 Function not implemented"
tmux_type logout
tmux_wait 'unixterm-exit=' 1 3 || fail "unixterm did not end after logout"
grep -q 'unixterm-exit=0' "$T/pane.txt" || fail "unixterm: $(grep unixterm-exit "$T/pane.txt")"
mg "$T/mgmt" counters
mg_has " sessions=1 " || fail "sessions after logout (want only this one): $(grep -o 'sessions=[0-9]*' "$T/mg.out")"
note "pane:"
grep -v '^$' "$T/pane.txt" | sed 's/^/#   /'
sw_alive || fail "switch died"
finish
