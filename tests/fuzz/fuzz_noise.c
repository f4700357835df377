// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_noise.c - fuzz target for the Noise IKpsk2 handshake (cable/noise.c).
 *
 * Every input is tried twice: as message 1 arriving at a fresh responder,
 * and as message 2 arriving at an initiator that has sent its message 1.
 * Keys and ephemerals are fixed, so the seeds corpus/noise/msg1-*.bin and
 * msg2-*.bin are valid messages and mutations of them reach every step
 * up to the AEAD checks.  Nothing may crash; a refused message must
 * leave the state DEAD, wiped and unusable, with no payload returned; an
 * accepted one must let the handshake go on.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "noise.h"

static const uint8_t prologue[] = "vde-hardened cable v1 fuzz";
static struct noise_handshake res_start, ini_sent1;
static bool ready;

static void fill(uint8_t *k, uint8_t first)
{
	int i;

	for (i = 0; i < NOISE_KEY_LEN; i++)
		k[i] = (uint8_t)(first + i);
}

/* The same fixed keys as the generator of the seeds */
static void setup(void)
{
	uint8_t is[32], ie[32], rs[32], re[32], rpub[32], psk[32], m1[128];
	struct noise_handshake ini;
	size_t l1;

	fill(is, 0x01);
	fill(ie, 0x21);
	fill(rs, 0x41);
	fill(re, 0x61);
	fill(psk, 0x81);
	FUZZ_CHECK(sodium_init() >= 0);
	FUZZ_CHECK(crypto_scalarmult_base(rpub, rs) == 0);
	FUZZ_CHECK(noise_init_initiator(&ini, prologue, sizeof(prologue), is,
					rpub, psk) == 0);
	FUZZ_CHECK(noise_set_ephemeral(&ini, ie) == 0);
	FUZZ_CHECK(noise_write_message1(&ini, (const uint8_t *)"seed", 4, m1,
					sizeof(m1), &l1) == 0);
	ini_sent1 = ini;
	FUZZ_CHECK(noise_init_responder(&res_start, prologue,
					sizeof(prologue), rs, psk) == 0);
	FUZZ_CHECK(noise_set_ephemeral(&res_start, re) == 0);
	ready = true;
}

static void check_dead(const struct noise_handshake *hs, int rc,
		       size_t plen)
{
	FUZZ_CHECK(rc == -EBADMSG);
	FUZZ_CHECK(hs->state == NOISE_S_DEAD);
	FUZZ_CHECK(plen == 0);
	FUZZ_CHECK(sodium_is_zero(hs->ck, sizeof(hs->ck)));
	FUZZ_CHECK(sodium_is_zero(hs->s_priv, sizeof(hs->s_priv)));
	FUZZ_CHECK(noise_remote_static(hs) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t payload[NOISE_PAYLOAD_MAX], out[NOISE_MSG2_OVERHEAD], k1[32],
		k2[32];
	struct noise_handshake hs;
	size_t plen, olen;
	int rc;

	if (!ready)
		setup();

	hs = res_start;
	rc = noise_read_message1(&hs, data, size, payload, sizeof(payload),
				 &plen);
	if (rc == 0) {
		FUZZ_CHECK(plen == size - NOISE_MSG1_OVERHEAD);
		FUZZ_CHECK(noise_remote_static(&hs) != NULL);
		FUZZ_CHECK(noise_write_message2(&hs, NULL, 0, out, sizeof(out),
						&olen) == 0);
		FUZZ_CHECK(noise_split(&hs, k1, k2) == 0);
	} else {
		check_dead(&hs, rc, plen);
		FUZZ_CHECK(noise_write_message2(&hs, NULL, 0, out, sizeof(out),
						&olen) == -EINVAL);
	}

	hs = ini_sent1;
	rc = noise_read_message2(&hs, data, size, payload, sizeof(payload),
				 &plen);
	if (rc == 0) {
		FUZZ_CHECK(plen == size - NOISE_MSG2_OVERHEAD);
		FUZZ_CHECK(noise_split(&hs, k1, k2) == 0);
	} else {
		check_dead(&hs, rc, plen);
		FUZZ_CHECK(noise_split(&hs, k1, k2) == -EINVAL);
	}
	sodium_memzero(&hs, sizeof(hs));
	return 0;
}
