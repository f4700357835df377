/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * fuzz.h - the libFuzzer entry point every fuzz_<name>.c defines.
 *
 * With clang and -Dfuzz=true the targets link against libFuzzer; otherwise
 * driver.c supplies main() and replays the seed corpus plus deterministic
 * mutations of it, so that the same targets run in every build.
 */
#ifndef VDE_FUZZ_H
#define VDE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FUZZ_CHECK() - an invariant of the code under test; abort() if broken */
#define FUZZ_CHECK(expr)						\
	do {								\
		if (!(expr)) {						\
			fprintf(stderr, "%s:%d: invariant broken: %s\n",\
				__FILE__, __LINE__, #expr);		\
			abort();					\
		}							\
	} while (0)

#endif /* VDE_FUZZ_H */
