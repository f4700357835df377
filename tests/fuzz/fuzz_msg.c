// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_msg.c - fuzz target for the cable wire message parsers
 * (cable/msg.c): any bytes go through msg_type(), each of the four
 * parsers, the mac1/mac2 checks and, for a cookie reply, its decryption.
 *
 * Invariants: nothing crashes; a refused parse leaves its output as it
 * was; an accepted one rebuilds to exactly the input; msg_type() agrees
 * with the parsers; a message whose mac1 (or mac2) checks gets the same
 * bytes back from msg_mac1_set() (msg_mac2_set()).  The keys are those of
 * corpus/msg (tests/fuzz/mkcorpus_cable.py): responder public key
 * 0x41, 0x42 ... and cookie 0xa0, 0xa1 ..., so the seeds with valid macs
 * reach past the checks.
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "msg.h"

static uint8_t mac1_key[32], cookie_key[32], cookie[16];
static bool ready;

static void setup(void)
{
	uint8_t pub[32];
	int i;

	FUZZ_CHECK(sodium_init() >= 0);
	for (i = 0; i < 32; i++)
		pub[i] = (uint8_t)(0x41 + i);
	for (i = 0; i < 16; i++)
		cookie[i] = (uint8_t)(0xa0 + i);
	msg_mac1_key(mac1_key, pub);
	msg_cookie_key(cookie_key, pub);
	ready = true;
}

static void check_macs(const uint8_t *data, size_t size)
{
	uint8_t copy[MSG_INITIATION_LEN];
	bool m1 = msg_mac1_ok(data, size, mac1_key);
	bool m2 = msg_mac2_ok(data, size, cookie);

	if (!m1 && !m2)
		return;
	FUZZ_CHECK(size <= sizeof(copy));
	memcpy(copy, data, size);
	if (m1) {
		FUZZ_CHECK(msg_mac1_set(copy, size, mac1_key) == 0);
		FUZZ_CHECK(!memcmp(copy, data, size));
	}
	if (m2) {
		FUZZ_CHECK(msg_mac2_set(copy, size, cookie) == 0);
		FUZZ_CHECK(!memcmp(copy, data, size));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union {
		struct msg_initiation i;
		struct msg_response r;
		struct msg_cookie_reply c;
		struct msg_transport_hdr t;
	} m, sentinel;
	uint8_t out[MSG_INITIATION_LEN], ck[16];
	int type, rc, ok = 0;

	if (!ready)
		setup();
	type = msg_type(data, size);
	/* a failed parse must leave every byte as it was, padding too:
	 * copied and compared with memcpy/memcmp on purpose */
	memset(&sentinel, 0xa5, sizeof(sentinel));

	memcpy(&m, &sentinel, sizeof(m));
	rc = msg_initiation_parse(&m.i, data, size);
	if (!rc) {
		ok++;
		FUZZ_CHECK(type == MSG_INITIATION);
		msg_initiation_build(out, &m.i);
		FUZZ_CHECK(!memcmp(out, data, size));
	} else {
		/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison) */
		FUZZ_CHECK(!memcmp(&m, &sentinel, sizeof(m)));
	}

	memcpy(&m, &sentinel, sizeof(m));
	rc = msg_response_parse(&m.r, data, size);
	if (!rc) {
		ok++;
		FUZZ_CHECK(type == MSG_RESPONSE);
		msg_response_build(out, &m.r);
		FUZZ_CHECK(!memcmp(out, data, size));
	} else {
		/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison) */
		FUZZ_CHECK(!memcmp(&m, &sentinel, sizeof(m)));
	}

	memcpy(&m, &sentinel, sizeof(m));
	rc = msg_cookie_reply_parse(&m.c, data, size);
	if (!rc) {
		ok++;
		FUZZ_CHECK(type == MSG_COOKIE_REPLY);
		msg_cookie_reply_build(out, &m.c);
		FUZZ_CHECK(!memcmp(out, data, size));
		memset(ck, 0x5a, sizeof(ck));
		if (msg_cookie_open(ck, &m.c, cookie_key, cookie))
			FUZZ_CHECK(ck[0] == 0x5a && ck[15] == 0x5a);
	} else {
		/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison) */
		FUZZ_CHECK(!memcmp(&m, &sentinel, sizeof(m)));
	}

	memcpy(&m, &sentinel, sizeof(m));
	rc = msg_transport_hdr_parse(&m.t, data, size);
	if (!rc) {
		ok++;
		FUZZ_CHECK(type == MSG_TRANSPORT);
		msg_transport_hdr_build(out, &m.t);
		FUZZ_CHECK(!memcmp(out, data, MSG_TRANSPORT_HDR_LEN));
	} else {
		/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison) */
		FUZZ_CHECK(!memcmp(&m, &sentinel, sizeof(m)));
	}

	FUZZ_CHECK(ok <= 1);
	FUZZ_CHECK(!ok || type > 0);
	check_macs(data, size);
	return 0;
}
