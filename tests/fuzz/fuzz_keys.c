// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_keys.c - fuzz target for the key text parser (cable/keys.c), which
 * reads key files and, later, the keys of the peers file.
 *
 * Invariants: nothing crashes; a refused text leaves the output alone;
 * an accepted one is exactly 44 bytes and encodes back to itself (only
 * canonical base64 is accepted).
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t key[KEYS_LEN];
	char txt[KEYS_B64_LEN + 1];
	int rc;

	memset(key, 0x77, sizeof(key));
	rc = keys_from_base64(key, (const char *)data, size);
	if (rc) {
		FUZZ_CHECK(rc == -EINVAL);
		FUZZ_CHECK(key[0] == 0x77 && key[31] == 0x77);
		return 0;
	}
	FUZZ_CHECK(size == KEYS_B64_LEN);
	keys_to_base64(txt, key);
	FUZZ_CHECK(!memcmp(txt, data, KEYS_B64_LEN));
	return 0;
}
