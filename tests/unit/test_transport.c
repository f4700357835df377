// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_transport.c - unit tests of type-4 packets (cable/transport.c).
 *
 * - Known answers computed independently with Python's cryptography
 *   (ChaCha20Poly1305, header as associated data, nonce 0^4 || LE64
 *   counter, ISO 7816-4 padding): a 31-byte frame and a keepalive.
 * - Round trip of every frame length 0 ... 9234, packet lengths as
 *   transport_packet_len() says; 9235 refused.
 * - Every single-byte change of a packet (header, ciphertext, tag)
 *   refused with the keypair byte-for-byte unchanged; a replay refused;
 *   packets reordered inside the window accepted exactly once; counters
 *   at or beyond the limit refused on both sides; wrong index; bad
 *   padding in an authentic packet; the drop counters; wiping.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "noise.h"
#include "transport.h"

static uint8_t pkt[MSG_TRANSPORT_MAX_LEN], frame[MSG_TRANSPORT_FRAME_MAX + 1],
	out[MSG_TRANSPORT_MAX_LEN];

static void fill(uint8_t *p, size_t len, uint8_t first)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(first + i);
}

/* A sender and the matching receiver, keys 0x81.. and 0x21.. */
static void pair(struct transport_keypair *tx, struct transport_keypair *rx)
{
	uint8_t k1[32], k2[32];

	fill(k1, 32, 0x81);
	fill(k2, 32, 0x21);
	transport_keypair_init(tx, k1, k2, 0x1111, 0xdeadbeef, 1000);
	transport_keypair_init(rx, k2, k1, 0xdeadbeef, 0x1111, 1000);
}

static void unhex(uint8_t *o, size_t len, const char *hex)
{
	size_t n = 0;

	assert_int_equal(sodium_hex2bin(o, len, hex, strlen(hex), NULL, &n,
					NULL), 0);
	assert_int_equal(n, len);
}

static void test_known_answers(void **state)
{
	static const char f31[] = "vde-cable transport test frame!";
	struct transport_keypair tx, rx;
	uint8_t want[80];
	size_t len, flen;

	(void)state;
	pair(&tx, &rx);
	tx.send_counter = 0x0102030405060708;
	assert_int_equal(transport_seal(&tx, (const uint8_t *)f31, 31, pkt,
					&len), 0);
	assert_int_equal(len, 64);
	unhex(want, 64, "04000000efbeadde0807060504030201661a4dfca6bfebe5"
			"0f7c8cbee96442e6fbb206e6522fea76f4f2daa71c23cb0d"
			"b04ee33a21ebd64cb023d8f51e426440");
	assert_memory_equal(pkt, want, 64);
	assert_true(tx.send_counter == 0x0102030405060709);
	assert_int_equal(transport_open(&rx, pkt, len, out, &flen), 0);
	assert_int_equal(flen, 31);
	assert_memory_equal(out, f31, 31);

	/* keepalive: index 7, counter 0 */
	tx.remote_index = 7;
	tx.send_counter = 0;
	assert_int_equal(transport_seal(&tx, NULL, 0, pkt, &len), 0);
	assert_int_equal(len, 48);
	unhex(want, 48, "04000000070000000000000000000000ad9fcc0668174aba"
			"e6571fc9e816fe7a5990f6c1fe2da9c5466a3a80b9863576");
	assert_memory_equal(pkt, want, 48);
}

static void test_roundtrip_all_sizes(void **state)
{
	struct transport_keypair tx, rx;
	size_t n, len, flen;

	(void)state;
	pair(&tx, &rx);
	fill(frame, sizeof(frame), 3);
	for (n = 0; n <= MSG_TRANSPORT_FRAME_MAX; n++) {
		assert_int_equal(transport_seal(&tx, frame, n, pkt, &len), 0);
		assert_int_equal(len, transport_packet_len(n));
		assert_int_equal((len - 32) % 16, 0);
		assert_true(len - 32 > n);
		assert_int_equal(transport_open(&rx, pkt, len, out, &flen), 0);
		assert_int_equal(flen, n);
		assert_memory_equal(out, frame, n);
	}
	assert_int_equal(len, MSG_TRANSPORT_MAX_LEN);
	assert_int_equal(transport_seal(&tx, frame, n, pkt, &len), -EMSGSIZE);
	assert_true(tx.send_counter == MSG_TRANSPORT_FRAME_MAX + 1);
}

static void test_tamper_unchanged(void **state)
{
	struct transport_keypair tx, rx, before;
	struct transport_stats st = { 0 };
	size_t i, len, flen;
	int rc;

	(void)state;
	pair(&tx, &rx);
	fill(frame, 100, 9);
	/* advance the window a little so that it is not trivial */
	assert_int_equal(transport_seal(&tx, frame, 10, pkt, &len), 0);
	assert_int_equal(transport_open(&rx, pkt, len, out, &flen), 0);
	tx.send_counter = 5000;
	assert_int_equal(transport_seal(&tx, frame, 100, pkt, &len), 0);
	before = rx;
	for (i = 0; i < len; i++) {
		pkt[i] ^= 0x04;
		rc = transport_open(&rx, pkt, len, out, &flen);
		if (rc == 0)
			fail_msg("byte %zu changed, packet accepted", i);
		transport_count(&st, rc, 0);
		assert_memory_equal(&rx, &before, sizeof(rx));
		pkt[i] ^= 0x04;
	}
	/* type and reserved malformed, index wrong, the rest forged */
	assert_true(st.rx_drop_malformed == 4);
	assert_true(st.rx_drop_index == 4);
	assert_true(st.rx_drop_auth == len - 8);
	/* truncated or extended by one block */
	assert_int_equal(transport_open(&rx, pkt, len - 16, out, &flen),
			 -EACCES);
	assert_int_equal(transport_open(&rx, pkt, len - 1, out, &flen),
			 -EBADMSG);
	assert_memory_equal(&rx, &before, sizeof(rx));
	/* the original still opens, exactly once */
	assert_int_equal(transport_open(&rx, pkt, len, out, &flen), 0);
	assert_int_equal(flen, 100);
	before = rx;
	assert_int_equal(transport_open(&rx, pkt, len, out, &flen),
			 -EALREADY);
	assert_memory_equal(&rx, &before, sizeof(rx));
}

static void test_reorder(void **state)
{
	enum { N = 300 };
	static uint8_t pkts[N][64];
	struct transport_keypair tx, rx;
	size_t order[N], i, len, flen;

	(void)state;
	pair(&tx, &rx);
	for (i = 0; i < N; i++) {
		frame[0] = (uint8_t)i;
		assert_int_equal(transport_seal(&tx, frame, 20, pkts[i], &len),
				 0);
		order[i] = i;
	}
	for (i = N - 1; i > 0; i--) {	/* Fisher-Yates shuffle */
		size_t j = randombytes_uniform((uint32_t)i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < N; i++) {
		assert_int_equal(transport_open(&rx, pkts[order[i]], 64, out,
						&flen), 0);
		assert_int_equal(out[0], (uint8_t)order[i]);
		/* a duplicate right behind it */
		assert_int_equal(transport_open(&rx, pkts[order[i]], 64, out,
						&flen), -EALREADY);
	}
	for (i = 0; i < N; i++)
		assert_int_equal(transport_open(&rx, pkts[i], 64, out, &flen),
				 -EALREADY);
	/* one far ahead pushes the first ones out of the window */
	tx.send_counter = N + REPLAY_WINDOW + 64;
	assert_int_equal(transport_seal(&tx, frame, 20, pkt, &len), 0);
	assert_int_equal(transport_open(&rx, pkt, len, out, &flen), 0);
}

static void test_counter_limit(void **state)
{
	struct transport_keypair tx, rx, before;
	size_t len, flen;

	(void)state;
	pair(&tx, &rx);
	tx.send_counter = TRANSPORT_REJECT_AFTER - 1;
	assert_int_equal(transport_seal(&tx, frame, 1, pkt, &len), 0);
	before = tx;
	assert_int_equal(transport_seal(&tx, frame, 1, out, &len), -ERANGE);
	assert_memory_equal(&tx, &before, sizeof(tx));
	tx.send_counter = UINT64_MAX;
	assert_int_equal(transport_seal(&tx, frame, 1, out, &len), -ERANGE);
	/* the receiver accepts the last one */
	assert_int_equal(transport_open(&rx, pkt, 48, out, &flen), 0);
	/* and refuses counters at and beyond the limit, unchanged */
	assert_int_equal(pkt[8], 0xfe);	/* LE64 limit - 1 = ...ffdffe */
	pkt[8] = 0xff;			/* exactly the limit */
	before = rx;
	assert_int_equal(transport_open(&rx, pkt, 48, out, &flen), -EALREADY);
	memset(pkt + 8, 0xff, 8);
	assert_int_equal(transport_open(&rx, pkt, 48, out, &flen), -EALREADY);
	assert_memory_equal(&rx, &before, sizeof(rx));
}

static void test_bad_padding(void **state)
{
	struct transport_keypair tx, rx, before;
	uint8_t nonce[NOISE_NONCE_LEN], body[32] = { 0 };
	size_t flen;

	(void)state;
	pair(&tx, &rx);
	/* an authentic packet whose plaintext has no 0x80 marker */
	msg_transport_hdr_build(pkt, &(struct msg_transport_hdr){
				     0xdeadbeef, 3 });
	noise_nonce(nonce, 3);
	crypto_aead_chacha20poly1305_ietf_encrypt(pkt + 16, NULL, body, 16,
						  pkt, 16, NULL, nonce,
						  tx.send_key);
	before = rx;
	assert_int_equal(transport_open(&rx, pkt, 48, out, &flen), -EILSEQ);
	assert_memory_equal(&rx, &before, sizeof(rx));
}

static void test_count_table(void **state)
{
	static const struct {
		int rc;
		size_t off;	/* field that must move */
	} t[] = {
		{ -EBADMSG, offsetof(struct transport_stats, rx_drop_malformed) },
		{ -ENOENT, offsetof(struct transport_stats, rx_drop_index) },
		{ -EALREADY, offsetof(struct transport_stats, rx_drop_replay) },
		{ -EACCES, offsetof(struct transport_stats, rx_drop_auth) },
		{ -EILSEQ, offsetof(struct transport_stats, rx_drop_pad) },
		{ -EIO, offsetof(struct transport_stats, rx_drop_other) },
		{ 0, offsetof(struct transport_stats, rx_ok) },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct transport_stats st = { 0 }, want = { 0 };
		uint64_t one = 1;

		memcpy((uint8_t *)&want + t[i].off, &one, sizeof(one));
		transport_count(&st, t[i].rc, 5);
		assert_memory_equal(&st, &want, sizeof(st));
	}
	{
		struct transport_stats st = { 0 };

		transport_count(&st, 0, 0);
		assert_true(st.rx_ok == 1 && st.rx_keepalive == 1);
	}
}

static void test_destroy_expire(void **state)
{
	struct transport_keypair tx, rx;
	size_t len;

	(void)state;
	pair(&tx, &rx);
	assert_int_equal(transport_seal(&tx, frame, 1, pkt, &len), 0);
	assert_false(transport_keypair_expired(&tx, 1000));
	assert_false(transport_keypair_expired(&tx, 1179));
	assert_true(transport_keypair_expired(&tx, 1180));
	assert_true(transport_keypair_expired(&tx, 999));
	transport_keypair_destroy(&tx);
	assert_true(sodium_is_zero((const uint8_t *)&tx, sizeof(tx)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_roundtrip_all_sizes),
		cmocka_unit_test(test_tamper_unchanged),
		cmocka_unit_test(test_reorder),
		cmocka_unit_test(test_counter_limit),
		cmocka_unit_test(test_bad_padding),
		cmocka_unit_test(test_count_table),
		cmocka_unit_test(test_destroy_expire),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
