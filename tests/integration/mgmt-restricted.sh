#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-restricted.sh ours|debian - spec 9 item 11 / 5.3: "load
# /etc/hostname" must not print the file (vde_switch echoes every line:
# a file-read primitive), and "plugin/add /nonexistent" must be refused
# as such (not attempted and failing with ENOENT).  vde_switch 2.3.2 does
# both: with "debian" the test must fail.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdeclient
start_impl "$IMPL" "$T/sw" -M "$T/mgmt"
printf 'secret-line-%s\n' $$ >"$T/secret"
chmod 0644 "$T/secret"
mg "$T/mgmt" "load $T/secret" "plugin/add /nonexistent" || fail "console: $MG"
sed 's/^/#   /' "$T/mg.out" | tail -6
mg_has "secret-line-$$" && fail "load printed the content of $T/secret"
res=$(mg_results)
case $res in
"1000 Success|"*) fail "load succeeded: $res" ;;
esac
case $res in
*"|1000 Success|"|*"|1002 "*) fail "plugin/add was attempted: $res" ;;
esac
sw_alive || fail "switch died"
check_forwarding "$SWDIR" "after the restricted commands"
finish
