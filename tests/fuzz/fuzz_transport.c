// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_transport.c - fuzz target for transport_open() (cable/transport.c),
 * the decoder every data packet from the network goes through.
 *
 * The input is one packet for a receiving keypair with the keys and index
 * of corpus/transport (tests/fuzz/mkcorpus_cable.py: receive key 0x81,
 * 0x82 ..., local index 0xdeadbeef) whose window has already accepted
 * counters 0 ... 9 and 5000.  The seeds are valid packets inside the
 * window (3000 ... 4999), above it (7000), with bad padding, a wrong
 * index and a replay (5), so that mutations reach every step.
 *
 * Invariants: nothing crashes; a refused packet leaves the keypair byte
 * for byte unchanged; an accepted one yields a frame of at most 9234
 * bytes, shorter than the ciphertext, and the same packet is refused as
 * a replay right after.
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "transport.h"

static struct transport_keypair start;
static uint8_t out[MSG_TRANSPORT_MAX_LEN];
static bool ready;

static void setup(void)
{
	uint8_t k1[32], k2[32];
	uint64_t c;
	int i;

	FUZZ_CHECK(sodium_init() >= 0);
	for (i = 0; i < 32; i++) {
		k1[i] = (uint8_t)(0x81 + i);
		k2[i] = (uint8_t)(0x21 + i);
	}
	transport_keypair_init(&start, k2, k1, 0xdeadbeef, 0x1111, 1000);
	for (c = 0; c < 10; c++)
		replay_mark(&start.replay, c);
	replay_mark(&start.replay, 5000);
	ready = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct transport_keypair kp;
	size_t flen = 0;
	int rc;

	if (!ready)
		setup();
	kp = start;
	rc = transport_open(&kp, data, size, out, &flen);
	if (rc) {
		FUZZ_CHECK(rc == -EBADMSG || rc == -ENOENT || rc == -EALREADY ||
			   rc == -EACCES || rc == -EILSEQ);
		FUZZ_CHECK(!memcmp(&kp, &start, sizeof(kp)));
	} else {
		FUZZ_CHECK(flen <= MSG_TRANSPORT_FRAME_MAX);
		FUZZ_CHECK(flen < size - MSG_TRANSPORT_HDR_LEN - MSG_TAG_LEN);
		FUZZ_CHECK(memcmp(&kp, &start, sizeof(kp)));
		FUZZ_CHECK(transport_open(&kp, data, size, out, &flen) ==
			   -EALREADY);
	}
	sodium_memzero(&kp, sizeof(kp));
	return 0;
}
