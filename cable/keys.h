/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * keys.h - X25519 keys of vde-cable as text, as wg(8) writes them: 32
 * bytes in standard base64 with padding, 44 characters.
 */
#ifndef VDE_CABLE_KEYS_H
#define VDE_CABLE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum {
	KEYS_LEN	= 32,
	KEYS_B64_LEN	= 44,		/* without the NUL */
	KEYS_WHY_LEN	= 160,		/* room for a refusal reason */
};

void keys_to_base64(char out[KEYS_B64_LEN + 1], const uint8_t key[KEYS_LEN]);
int keys_from_base64(uint8_t key[KEYS_LEN], const char *s,
		     size_t len) __must_check;
void keys_genkey(uint8_t priv[KEYS_LEN]);
int keys_pubkey(uint8_t pub[KEYS_LEN],
		const uint8_t priv[KEYS_LEN]) __must_check;
int keys_load_private(const char *path, uint8_t key[KEYS_LEN],
		      char *why, size_t why_len) __must_check;

#endif /* VDE_CABLE_KEYS_H */
