// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * dump_pfc.c - print vde-switchd's seccomp filter in libseccomp's text
 * (PFC) form on stdout.
 *
 * The output is diffed against tests/golden/seccomp-switchd.pfc by
 * seccomp-golden.sh, so that any change to the allowlist in lib/sandbox.c
 * shows up in review as a change to the golden file.
 */
#include <stdio.h>
#include <unistd.h>

#include "sandbox.h"

int main(void)
{
	int ret = sandbox_export_pfc(SANDBOX_SWITCHD, STDOUT_FILENO);

	if (ret) {
		fprintf(stderr, "dump_pfc: sandbox_export_pfc: %d\n", ret);
		return 1;
	}
	return 0;
}
