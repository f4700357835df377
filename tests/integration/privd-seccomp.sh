#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-seccomp.sh hooks|nohooks - the seccomp filter is real: in a build
# with -Dtest_hooks=true, the console command debug/violate makes the
# switch child call openat (EACCES) then ptrace; the kernel kills it with
# SIGSYS; vde-privd logs it and restarts it; the tap comes back and a
# client can attach again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

[ "${1:-}" = hooks ] || skip "needs a build with -Dtest_hooks=true (CI runs it in build-hooks)"
need_privd
need_vdeclient
sw_account
TAP=vsc$$
policy "user $SWUSER
switch lan {
	dir $T/lan
	mode 0666
	mgmt $T/lan.mgmt
	tap $TAP port 1
}
permit uid 0"
start_privd
wait_ready lan
old=$(kid_pid lan)
mg "$T/lan.mgmt" debug/violate
note "console: $(tr '\n' ' ' <"$T/mg.out" | tail -c 200)"
mg_has "EACCES" || mg_has "Permission denied" || fail "openat did not fail softly"
wait_log_n "killed by SIGSYS: seccomp violation" 1 5 || fail "no SIGSYS logged"
wait_ready lan 2 10
[ "$(kid_pid lan)" != "$old" ] || fail "not restarted"
ip link show "$TAP" >/dev/null 2>&1 || fail "tap gone"
mg "$T/lan.mgmt" "port/print 1"
mg_has "$TAP" || fail "tap not on port 1 again: $MG"
vc A "vde://$T/lan" || fail "cannot attach after the restart"
finish
