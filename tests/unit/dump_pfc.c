// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * dump_pfc.c - print a seccomp filter in libseccomp's text (PFC) form
 * on stdout: vde-switchd's (no argument, or "switchd"), vde-plug's
 * ("plug") or vde-cable's:
 * "cable" (UDP), "cable-console" (UDP with a console, as vde-privd runs
 * it: -M adds accept4) or "cable-stream" (--stream with a console and
 * redial: accept4, and TCP socket/connect).
 *
 * The output is diffed against tests/golden/seccomp-PROFILE.pfc by
 * seccomp-golden.sh, so that any change to the allowlist in lib/sandbox.c
 * shows up in review as a change to the golden file.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox.h"

int main(int argc, char **argv)
{
	enum sandbox_profile p = SANDBOX_SWITCHD;
	unsigned int flags = 0;
	int ret;

	if (argc > 1 && !strcmp(argv[1], "cable")) {
		p = SANDBOX_CABLE;
	} else if (argc > 1 && !strcmp(argv[1], "plug")) {
		p = SANDBOX_PLUG;
	} else if (argc > 1 && !strcmp(argv[1], "cable-console")) {
		p = SANDBOX_CABLE;
		flags = SANDBOX_CABLE_ACCEPT;
	} else if (argc > 1 && !strcmp(argv[1], "cable-stream")) {
		p = SANDBOX_CABLE;
		flags = SANDBOX_CABLE_ACCEPT | SANDBOX_CABLE_DIAL;
	} else if (argc > 1 && strcmp(argv[1], "switchd")) {
		fprintf(stderr, "dump_pfc: unknown profile %s\n", argv[1]);
		return 1;
	}
	ret = sandbox_export_pfc(p, flags, STDOUT_FILENO);

	if (ret) {
		fprintf(stderr, "dump_pfc: sandbox_export_pfc: %d\n", ret);
		return 1;
	}
	return 0;
}
