// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_msg.c - unit tests of the cable wire messages (cable/msg.c).
 *
 * - Build then parse each of the four types: the fields come back, and
 *   the header bytes are where WireGuard puts them (type, zero reserved
 *   bytes, little-endian indices and counter).
 * - A table of refused inputs (every length off by one, wrong type,
 *   each reserved byte set, transport lengths not header + 16k): the
 *   parser fails and leaves its output exactly as it was.
 * - mac1 and mac2 against known answers computed independently with
 *   Python's hashlib.blake2b (keys BLAKE2b-256("mac1----" || pub), as
 *   WireGuard labels them); every single-byte change refused.
 * - Cookies: stable inside 120 s, redrawn at 120 s; cookie replies
 *   (XChaCha20-Poly1305, mac1 as associated data) open only with the
 *   right key and mac1.
 * - TAI64N encoding and the strictly-increasing per-peer check.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "msg.h"

static void unhex(uint8_t *out, size_t len, const char *hex)
{
	size_t n = 0;

	assert_int_equal(sodium_hex2bin(out, len, hex, strlen(hex), NULL, &n,
					NULL), 0);
	assert_int_equal(n, len);
}

static void fill(uint8_t *p, size_t len, uint8_t first)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(first + i);
}

static void test_initiation_roundtrip(void **state)
{
	struct msg_initiation m, got;
	uint8_t buf[MSG_INITIATION_LEN];

	(void)state;
	m.sender = 0x11223344;
	fill(m.e_pub, sizeof(m.e_pub), 1);
	fill(m.enc_s, sizeof(m.enc_s), 40);
	fill(m.enc_ts, sizeof(m.enc_ts), 90);
	fill(m.mac1, sizeof(m.mac1), 130);
	fill(m.mac2, sizeof(m.mac2), 150);
	msg_initiation_build(buf, &m);
	assert_memory_equal(buf, "\x01\x00\x00\x00\x44\x33\x22\x11", 8);
	assert_memory_equal(buf + 8, m.e_pub, 32);
	assert_memory_equal(buf + 40, m.enc_s, 48);
	assert_memory_equal(buf + 88, m.enc_ts, 28);
	assert_memory_equal(buf + 116, m.mac1, 16);
	assert_memory_equal(buf + 132, m.mac2, 16);
	assert_int_equal(msg_type(buf, sizeof(buf)), MSG_INITIATION);
	assert_int_equal(msg_initiation_parse(&got, buf, sizeof(buf)), 0);
	assert_memory_equal(&got, &m, sizeof(m));
}

static void test_response_roundtrip(void **state)
{
	struct msg_response m, got;
	uint8_t buf[MSG_RESPONSE_LEN];

	(void)state;
	memset(&m, 0, sizeof(m));
	m.sender = 0xa1b2c3d4;
	m.receiver = 0x01020304;
	fill(m.e_pub, sizeof(m.e_pub), 1);
	fill(m.enc_empty, sizeof(m.enc_empty), 40);
	fill(m.mac1, sizeof(m.mac1), 130);
	fill(m.mac2, sizeof(m.mac2), 150);
	msg_response_build(buf, &m);
	assert_memory_equal(buf, "\x02\x00\x00\x00\xd4\xc3\xb2\xa1"
			    "\x04\x03\x02\x01", 12);
	assert_memory_equal(buf + 12, m.e_pub, 32);
	assert_memory_equal(buf + 44, m.enc_empty, 16);
	assert_memory_equal(buf + 60, m.mac1, 16);
	assert_memory_equal(buf + 76, m.mac2, 16);
	assert_int_equal(msg_response_parse(&got, buf, sizeof(buf)), 0);
	assert_memory_equal(&got, &m, sizeof(m));
}

static void test_cookie_reply_roundtrip(void **state)
{
	struct msg_cookie_reply m, got;
	uint8_t buf[MSG_COOKIE_REPLY_LEN];

	(void)state;
	m.receiver = 0xcafef00d;
	fill(m.nonce, sizeof(m.nonce), 1);
	fill(m.enc_cookie, sizeof(m.enc_cookie), 100);
	msg_cookie_reply_build(buf, &m);
	assert_memory_equal(buf, "\x03\x00\x00\x00\x0d\xf0\xfe\xca", 8);
	assert_memory_equal(buf + 8, m.nonce, 24);
	assert_memory_equal(buf + 32, m.enc_cookie, 32);
	assert_int_equal(msg_cookie_reply_parse(&got, buf, sizeof(buf)), 0);
	assert_memory_equal(&got, &m, sizeof(m));
}

static void test_transport_hdr(void **state)
{
	struct msg_transport_hdr h = { 0xdeadbeef, 0x0102030405060708 }, got;
	uint8_t buf[MSG_TRANSPORT_MIN_LEN] = { 0 };

	(void)state;
	msg_transport_hdr_build(buf, &h);
	assert_memory_equal(buf, "\x04\x00\x00\x00\xef\xbe\xad\xde"
			    "\x08\x07\x06\x05\x04\x03\x02\x01", 16);
	assert_int_equal(msg_transport_hdr_parse(&got, buf, sizeof(buf)), 0);
	assert_int_equal(got.receiver, h.receiver);
	assert_true(got.counter == h.counter);
}

/* One refused input: a valid message of @type and @len, then @poke */
struct bad {
	int type;		/* which parser */
	size_t len;		/* length handed to it */
	int at;			/* byte to change, -1 for none */
	uint8_t val;
};

#define T4(n)	{ MSG_TRANSPORT, (n), -1, 0 }

static const struct bad bad_table[] = {
	{ MSG_INITIATION, 0, -1, 0 }, { MSG_INITIATION, 147, -1, 0 },
	{ MSG_INITIATION, 149, -1, 0 }, { MSG_INITIATION, 148, 0, 2 },
	{ MSG_INITIATION, 148, 0, 0 }, { MSG_INITIATION, 148, 1, 1 },
	{ MSG_INITIATION, 148, 2, 0x80 }, { MSG_INITIATION, 148, 3, 0xff },
	{ MSG_RESPONSE, 0, -1, 0 }, { MSG_RESPONSE, 91, -1, 0 },
	{ MSG_RESPONSE, 93, -1, 0 }, { MSG_RESPONSE, 148, -1, 0 },
	{ MSG_RESPONSE, 92, 0, 1 }, { MSG_RESPONSE, 92, 3, 1 },
	{ MSG_COOKIE_REPLY, 0, -1, 0 }, { MSG_COOKIE_REPLY, 63, -1, 0 },
	{ MSG_COOKIE_REPLY, 65, -1, 0 }, { MSG_COOKIE_REPLY, 64, 0, 4 },
	{ MSG_COOKIE_REPLY, 64, 2, 1 },
	T4(0), T4(16), T4(32), T4(47), T4(49), T4(63), T4(65),
	T4(MSG_TRANSPORT_MAX_LEN - 1), T4(MSG_TRANSPORT_MAX_LEN + 1),
	T4(MSG_TRANSPORT_MAX_LEN + 16),
	{ MSG_TRANSPORT, 48, 0, 1 }, { MSG_TRANSPORT, 48, 1, 1 },
	{ MSG_TRANSPORT, 64, 3, 1 },
};

static int parse(int type, void *out, const uint8_t *buf, size_t len)
{
	switch (type) {
	case MSG_INITIATION:
		return msg_initiation_parse(out, buf, len);
	case MSG_RESPONSE:
		return msg_response_parse(out, buf, len);
	case MSG_COOKIE_REPLY:
		return msg_cookie_reply_parse(out, buf, len);
	default:
		return msg_transport_hdr_parse(out, buf, len);
	}
}

static void test_parse_refused(void **state)
{
	static uint8_t buf[MSG_TRANSPORT_MAX_LEN + 16];
	union {
		struct msg_initiation i;
		struct msg_response r;
		struct msg_cookie_reply c;
		struct msg_transport_hdr t;
	} out, before;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad_table); i++) {
		const struct bad *b = &bad_table[i];

		memset(buf, 0x5a, sizeof(buf));
		buf[0] = (uint8_t)b->type;
		buf[1] = buf[2] = buf[3] = 0;
		if (b->at >= 0)
			buf[b->at] = b->val;
		memset(&out, 0xa5, sizeof(out));
		before = out;
		if (parse(b->type, &out, buf, b->len) != -EBADMSG)
			fail_msg("row %zu accepted", i);
		assert_memory_equal(&out, &before, sizeof(out));
	}
	/* and the accepted lengths around them */
	memcpy(buf, "\x04\x00\x00\x00", 4);
	assert_int_equal(parse(MSG_TRANSPORT, &out, buf, 48), 0);
	assert_int_equal(parse(MSG_TRANSPORT, &out, buf, 64), 0);
	assert_int_equal(parse(MSG_TRANSPORT, &out, buf,
			       MSG_TRANSPORT_MAX_LEN), 0);
	assert_int_equal(msg_type(buf, 3), -EBADMSG);
	buf[0] = 5;
	assert_int_equal(msg_type(buf, 4), -EBADMSG);
	buf[0] = 0;
	assert_int_equal(msg_type(buf, 4), -EBADMSG);
}

/* The message and keys of the Python known answers (see the header) */
static void kat_message(uint8_t msg[MSG_INITIATION_LEN], uint8_t pub[32])
{
	size_t i;

	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): bytes */
	memcpy(msg, "\x01\x00\x00\x00\x44\x33\x22\x11", 8);
	for (i = 0; i < 140; i++)
		msg[8 + i] = (uint8_t)(i * 7 + 3);
	fill(pub, 32, 0x41);
}

static void test_mac_known_answers(void **state)
{
	uint8_t msg[MSG_INITIATION_LEN], pub[32], key[32], want[32],
		cookie[16];

	(void)state;
	kat_message(msg, pub);
	msg_mac1_key(key, pub);
	unhex(want, 32, "f7077fde2ca617fbaaaa01cce13195e7"
			"648907072104e32c0de9e9161c432d24");
	assert_memory_equal(key, want, 32);
	assert_int_equal(msg_mac1_set(msg, sizeof(msg), key), 0);
	unhex(want, 16, "5f8be68298cca9e083f77dbf6200351d");
	assert_memory_equal(msg + 116, want, 16);
	fill(cookie, 16, 0xa0);
	assert_int_equal(msg_mac2_set(msg, sizeof(msg), cookie), 0);
	unhex(want, 16, "cee6c063c3560eebe9c5af3abb36098d");
	assert_memory_equal(msg + 132, want, 16);
	msg_cookie_key(key, pub);
	unhex(want, 32, "930a393b4728dd48c7d75d9d2128c34a"
			"3cfc17858a6d39a0ae76ce8863d648ea");
	assert_memory_equal(key, want, 32);
}

static void test_mac_tamper(void **state)
{
	uint8_t msg[MSG_INITIATION_LEN], pub[32], key[32], cookie[16],
		resp[MSG_RESPONSE_LEN] = { 2 };
	size_t i;

	(void)state;
	kat_message(msg, pub);
	msg_mac1_key(key, pub);
	fill(cookie, 16, 0xa0);
	assert_int_equal(msg_mac1_set(msg, sizeof(msg), key), 0);
	assert_int_equal(msg_mac2_set(msg, sizeof(msg), cookie), 0);
	assert_true(msg_mac1_ok(msg, sizeof(msg), key));
	assert_true(msg_mac2_ok(msg, sizeof(msg), cookie));
	for (i = 0; i < sizeof(msg); i++) {
		msg[i] ^= 0x01;
		/* mac1 covers bytes 0..115 and sits at 116..131, so only
		 * a change of mac2 keeps it valid; mac2 covers all else */
		assert_int_equal(msg_mac1_ok(msg, sizeof(msg), key), i >= 132);
		assert_false(msg_mac2_ok(msg, sizeof(msg), cookie));
		msg[i] ^= 0x01;
	}
	/* the wrong responder key, wrong cookie, wrong length or type */
	pub[0] ^= 1;
	msg_mac1_key(key, pub);
	assert_false(msg_mac1_ok(msg, sizeof(msg), key));
	cookie[15] ^= 1;
	assert_false(msg_mac2_ok(msg, sizeof(msg), cookie));
	assert_false(msg_mac1_ok(msg, sizeof(msg) - 1, key));
	assert_int_equal(msg_mac1_set(msg, sizeof(msg) - 1, key), -EINVAL);
	assert_int_equal(msg_mac2_set(msg, 64, cookie), -EINVAL);
	/* a response works the same way, at its own offsets */
	assert_int_equal(msg_mac1_set(resp, sizeof(resp), key), 0);
	assert_int_equal(msg_mac2_set(resp, sizeof(resp), cookie), 0);
	assert_true(msg_mac1_ok(resp, sizeof(resp), key));
	assert_true(msg_mac2_ok(resp, sizeof(resp), cookie));
	resp[59] ^= 1;
	assert_false(msg_mac1_ok(resp, sizeof(resp), key));
}

static void test_cookie_rotation(void **state)
{
	struct msg_cookie_secret cs = { .valid = false };
	const uint8_t a[] = { 192, 0, 2, 1, 0x12, 0xb5 };
	const uint8_t b[] = { 192, 0, 2, 2, 0x12, 0xb5 };
	uint8_t c0[16], c1[16], cb[16];

	(void)state;
	msg_cookie_make(&cs, 1000, a, sizeof(a), c0);
	msg_cookie_make(&cs, 1119, a, sizeof(a), c1);
	assert_memory_equal(c0, c1, 16);
	msg_cookie_make(&cs, 1119, b, sizeof(b), cb);
	assert_memory_not_equal(c0, cb, 16);
	msg_cookie_make(&cs, 1120, a, sizeof(a), c1);
	assert_memory_not_equal(c0, c1, 16);
	assert_true(cs.birth == 1120);
	memcpy(c0, c1, 16);
	msg_cookie_make(&cs, 50, a, sizeof(a), c1);	/* clock went back */
	assert_memory_not_equal(c0, c1, 16);
	assert_true(cs.birth == 50);
}

static void test_cookie_reply_crypto(void **state)
{
	struct msg_cookie_reply r, got;
	uint8_t pub[32], key[32], mac1[16], cookie[16], out[16], buf[64];
	size_t i;

	(void)state;
	fill(pub, 32, 9);
	fill(mac1, 16, 77);
	fill(cookie, 16, 200);
	msg_cookie_key(key, pub);
	msg_cookie_seal(&r, 0x1234, cookie, key, mac1);
	msg_cookie_reply_build(buf, &r);
	assert_int_equal(msg_cookie_reply_parse(&got, buf, sizeof(buf)), 0);
	assert_int_equal(got.receiver, 0x1234);
	assert_int_equal(msg_cookie_open(out, &got, key, mac1), 0);
	assert_memory_equal(out, cookie, 16);
	/* every byte after the header, the mac1 and the key matter */
	for (i = 8; i < sizeof(buf); i++) {
		buf[i] ^= 0x40;
		assert_int_equal(msg_cookie_reply_parse(&got, buf, 64), 0);
		memset(out, 0xee, 16);
		assert_int_equal(msg_cookie_open(out, &got, key, mac1),
				 -EBADMSG);
		assert_true(out[0] == 0xee && out[15] == 0xee);
		buf[i] ^= 0x40;
	}
	assert_int_equal(msg_cookie_reply_parse(&got, buf, 64), 0);
	mac1[3] ^= 1;
	assert_int_equal(msg_cookie_open(out, &got, key, mac1), -EBADMSG);
	mac1[3] ^= 1;
	key[0] ^= 1;
	assert_int_equal(msg_cookie_open(out, &got, key, mac1), -EBADMSG);
}

static void test_tai64n(void **state)
{
	static const struct {
		uint64_t sec;
		uint32_t nsec;
		const char *hex;
	} enc[] = {
		{ 0, 0, "400000000000000000000000" },
		{ 1, 1, "400000000000000100000001" },
		{ 1700000000, 999999999, "400000006553f1003b9ac9ff" },
	};
	/* accepted in order against one "last" value */
	static const struct {
		uint64_t sec;
		uint32_t nsec;
		bool want;
	} seq[] = {
		{ 100, 0, true }, { 100, 0, false }, { 99, 999999999, false },
		{ 100, 1, true }, { 100, 1, false }, { 101, 0, true },
		{ 100, 999999999, false }, { 0, 0, false },
		{ 1ULL << 40, 0, true }, { 101, 5, false },
	};
	uint8_t ts[12], want[12], last[12] = { 0 }, before[12];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(enc); i++) {
		msg_tai64n_encode(ts, enc[i].sec, enc[i].nsec);
		unhex(want, 12, enc[i].hex);
		assert_memory_equal(ts, want, 12);
	}
	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		msg_tai64n_encode(ts, seq[i].sec, seq[i].nsec);
		memcpy(before, last, 12);
		if (msg_tai64n_accept(last, ts) != seq[i].want)
			fail_msg("step %zu", i);
		assert_memory_equal(last, seq[i].want ? ts : before, 12);
	}
	msg_tai64n_now(ts);
	assert_true(msg_tai64n_cmp(ts, last) < 0 ||
		    msg_tai64n_cmp(ts, last) > 0);
	assert_int_equal(ts[11], 0);	/* low 24 bits of nsec cleared */
	assert_int_equal(ts[10], 0);
	assert_int_equal(ts[9], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initiation_roundtrip),
		cmocka_unit_test(test_response_roundtrip),
		cmocka_unit_test(test_cookie_reply_roundtrip),
		cmocka_unit_test(test_transport_hdr),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_mac_known_answers),
		cmocka_unit_test(test_mac_tamper),
		cmocka_unit_test(test_cookie_rotation),
		cmocka_unit_test(test_cookie_reply_crypto),
		cmocka_unit_test(test_tai64n),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
