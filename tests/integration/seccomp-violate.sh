#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# seccomp-violate.sh hooks|nohooks - the seccomp filter is real: the
# test-only console command debug/violate (a build with -Dtest_hooks=true)
# calls openat() on /etc/passwd, which must fail softly with EACCES, then
# ptrace(), which must kill the switch with SIGSYS (shell status 159).
# meson passes "hooks" or "nohooks" from the build option; without the
# hooks the command must not exist, and the test is skipped.
. "$(dirname "$0")/lib.sh"

HOOKS=${1:-nohooks}
start_sw "$T/sw" -M "$T/mgmt"
if [ "$HOOKS" != hooks ]; then
	mg "$T/mgmt" debug/violate
	mg_has "1038 Function not implemented" ||
		bail "debug/violate exists in a build without test hooks: $MG"
	sw_alive || bail "switch died without test hooks"
	skip "built without -Dtest_hooks=true (debug/violate does not exist)"
fi

# a read-only session may not run it
if [ "$(id -u)" -eq 0 ]; then
	chmod 0666 "$T/mgmt"
	mg_as nobody "$T/mgmt" debug/violate
	mg_has "1001 Operation not permitted" ||
		fail "debug/violate is not admin-only: $(mg_results)"
	sw_alive || bail "a read-only session made the switch die"
fi
mg "$T/mgmt" debug/violate
sed 's/^/#   /' "$T/mg.out"
mg_has "openat /etc/passwd: EACCES" ||
	fail "openat was not refused with EACCES: $(grep openat "$T/mg.out")"
wait_exit "$SWPID" 5 || bail "switch still running after ptrace()"
[ "$RC" -eq 159 ] || fail "switch exit status $RC, want 159 (SIGSYS)"
note "switch status $RC"
finish
