// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_noise.c - unit tests of the Noise IKpsk2 handshake (cable/noise.c).
 *
 * - HMAC-SHA256, the base of Noise's HKDF, against RFC 4231.
 * - The published cacophony test vector for
 *   Noise_IKpsk2_25519_ChaChaPoly_SHA256 (as shipped by noise-c,
 *   tests/vector/cacophony.txt): both handshake messages byte for byte,
 *   the handshake hash, and the four transport messages that follow,
 *   which check Split() and the nonce encoding.
 * - A handshake with fixed keys of our own: equal transport keys, and
 *   every single-bit change of message 1 or 2 refused, leaving the state
 *   unusable; wrong responder key, wrong psk, all-zero DH, calls out of
 *   order, bad lengths.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "noise.h"

static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t len = 0;

	assert_int_equal(sodium_hex2bin(out, cap, hex, strlen(hex), NULL,
					&len, NULL), 0);
	return len;
}

/* RFC 4231 test cases 1, 2 and 6 (key longer than a block) */
static void test_hmac_rfc4231(void **state)
{
	static const struct {
		const char *key, *data, *mac;
	} v[] = {
		{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
		  "4869205468657265",
		  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
		{ "4a656665",
		  "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
		{ NULL,
		  "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
		  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
	};
	uint8_t key[131], data[128], want[32], got[32];
	size_t i, kl, dl;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (v[i].key) {
			kl = unhex(key, sizeof(key), v[i].key);
		} else {
			memset(key, 0xaa, sizeof(key));
			kl = sizeof(key);
		}
		dl = unhex(data, sizeof(data), v[i].data);
		unhex(want, sizeof(want), v[i].mac);
		noise_hmac(got, key, kl, data, dl);
		assert_memory_equal(got, want, sizeof(want));
	}
}

/* cacophony: Noise_IKpsk2_25519_ChaChaPoly_SHA256 */
static const char CV_PROLOGUE[] = "4a6f686e2047616c74";
static const char CV_PSK[] =
	"54686973206973206d7920417573747269616e20706572737065637469766521";
static const char CV_INIT_STATIC[] =
	"e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
static const char CV_INIT_EPHEMERAL[] =
	"893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
static const char CV_INIT_REMOTE_STATIC[] =
	"31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62";
static const char CV_RESP_STATIC[] =
	"4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
static const char CV_RESP_EPHEMERAL[] =
	"bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
static const char CV_HANDSHAKE_HASH[] =
	"8310f86394dc0dabb40beb8210031556db4403ab1202db7034c526232147a700";
static const struct {
	const char *payload, *ciphertext;
} cv_msg[] = {
	{ "4c756477696720766f6e204d69736573",
	  "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c7944"
	  "2ec9b09893d0f510791784c10cbc959f25b1766e0def6e301d14fbca1c7790ac"
	  "829b8b3674f5f649a5f0e98479662cbfbf2b2c47cd4b09fcd266cd29d7cb675f"
	  "1808849707847840f6d178ec4d3733aa" },
	{ "4d757272617920526f746862617264",
	  "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f144808843"
	  "9a1b3cebf680b2c74217fcb5eba4ff58a9468cd90c4aca6194f57479b379a7" },
	{ "462e20412e20486179656b",
	  "a8fde7a0accec190cd306c5950d4fd8e04a205ec288aa747d8b347" },
	{ "4361726c204d656e676572",
	  "59caddd9984a3bbe24c4fb31a2bd455b7eba3fa0980674b1a3a5f9" },
	{ "4a65616e2d426170746973746520536179",
	  "3b9bfebd210c22ba0cff9de79b4007d7a552fffbf92616881faa8a883e25b80258" },
	{ "457567656e2042f6686d20766f6e2042617765726b",
	  "f37512df1043d564d7c46ac85c53d3b6a9a05724bc297e7142808f217561651217fe85b782" },
};

static void test_cacophony(void **state)
{
	uint8_t prologue[16], psk[32], is[32], ie[32], irs[32], rs_[32],
		re[32], hh[32], got_hh[32], pl[64], ct[256], out[256],
		buf[256], nonce[NOISE_NONCE_LEN], isend[32], irecv[32],
		rsend[32], rrecv[32];
	size_t plen_, ctlen, olen, blen, i;
	unsigned long long clen;
	struct noise_handshake ini, res;
	uint8_t *key;

	(void)state;
	size_t prolen = unhex(prologue, sizeof(prologue), CV_PROLOGUE);
	unhex(psk, 32, CV_PSK);
	unhex(is, 32, CV_INIT_STATIC);
	unhex(ie, 32, CV_INIT_EPHEMERAL);
	unhex(irs, 32, CV_INIT_REMOTE_STATIC);
	unhex(rs_, 32, CV_RESP_STATIC);
	unhex(re, 32, CV_RESP_EPHEMERAL);
	unhex(hh, 32, CV_HANDSHAKE_HASH);

	assert_int_equal(noise_init_initiator(&ini, prologue, prolen, is, irs,
					      psk), 0);
	assert_int_equal(noise_set_ephemeral(&ini, ie), 0);
	assert_int_equal(noise_init_responder(&res, prologue, prolen, rs_,
					      psk), 0);
	assert_int_equal(noise_set_ephemeral(&res, re), 0);
	assert_memory_equal(res.s_pub, irs, 32);

	/* message 1 */
	plen_ = unhex(pl, sizeof(pl), cv_msg[0].payload);
	ctlen = unhex(ct, sizeof(ct), cv_msg[0].ciphertext);
	assert_int_equal(noise_write_message1(&ini, pl, plen_, out,
					      sizeof(out), &olen), 0);
	assert_int_equal(olen, ctlen);
	assert_memory_equal(out, ct, ctlen);
	assert_int_equal(noise_read_message1(&res, ct, ctlen, buf,
					     sizeof(buf), &blen), 0);
	assert_int_equal(blen, plen_);
	assert_memory_equal(buf, pl, plen_);
	assert_non_null(noise_remote_static(&res));
	assert_memory_equal(noise_remote_static(&res), ini.s_pub, 32);

	/* message 2 */
	plen_ = unhex(pl, sizeof(pl), cv_msg[1].payload);
	ctlen = unhex(ct, sizeof(ct), cv_msg[1].ciphertext);
	assert_int_equal(noise_write_message2(&res, pl, plen_, out,
					      sizeof(out), &olen), 0);
	assert_int_equal(olen, ctlen);
	assert_memory_equal(out, ct, ctlen);
	assert_int_equal(noise_read_message2(&ini, ct, ctlen, buf,
					     sizeof(buf), &blen), 0);
	assert_int_equal(blen, plen_);
	assert_memory_equal(buf, pl, plen_);

	assert_int_equal(noise_handshake_hash(&ini, got_hh), 0);
	assert_memory_equal(got_hh, hh, 32);
	assert_int_equal(noise_handshake_hash(&res, got_hh), 0);
	assert_memory_equal(got_hh, hh, 32);

	assert_int_equal(noise_split(&ini, isend, irecv), 0);
	assert_int_equal(noise_split(&res, rsend, rrecv), 0);
	assert_memory_equal(isend, rrecv, 32);
	assert_memory_equal(irecv, rsend, 32);

	/* transport: initiator sends 3 and 5, responder 4 and 6; empty AD */
	for (i = 2; i < sizeof(cv_msg) / sizeof(cv_msg[0]); i++) {
		plen_ = unhex(pl, sizeof(pl), cv_msg[i].payload);
		ctlen = unhex(ct, sizeof(ct), cv_msg[i].ciphertext);
		key = i % 2 == 0 ? isend : rsend;
		noise_nonce(nonce, (i - 2) / 2);
		assert_int_equal(crypto_aead_chacha20poly1305_ietf_encrypt(
			out, &clen, pl, plen_, NULL, 0, NULL, nonce, key), 0);
		assert_int_equal(clen, ctlen);
		assert_memory_equal(out, ct, ctlen);
	}
}

/* Fixed keys of our own for the remaining tests */
struct keys {
	uint8_t is[32], ipub[32], ie[32], rs[32], rpub[32], re[32], psk[32];
};

static const uint8_t prologue[] = "vde-hardened cable v1\0lan\0test";

static void make_keys(struct keys *k)
{
	int i;

	for (i = 0; i < 32; i++) {
		k->is[i] = (uint8_t)(0x01 + i);
		k->ie[i] = (uint8_t)(0x21 + i);
		k->rs[i] = (uint8_t)(0x41 + i);
		k->re[i] = (uint8_t)(0x61 + i);
		k->psk[i] = (uint8_t)(0x81 + i);
	}
	assert_int_equal(crypto_scalarmult_base(k->ipub, k->is), 0);
	assert_int_equal(crypto_scalarmult_base(k->rpub, k->rs), 0);
}

static void init_pair(const struct keys *k, struct noise_handshake *ini,
		      struct noise_handshake *res)
{
	assert_int_equal(noise_init_initiator(ini, prologue, sizeof(prologue),
					      k->is, k->rpub, k->psk), 0);
	assert_int_equal(noise_set_ephemeral(ini, k->ie), 0);
	assert_int_equal(noise_init_responder(res, prologue, sizeof(prologue),
					      k->rs, k->psk), 0);
	assert_int_equal(noise_set_ephemeral(res, k->re), 0);
}

static const uint8_t hello[] = "hello";

static void test_roundtrip_and_tamper(void **state)
{
	struct noise_handshake ini, res, ini1, res0, t;
	uint8_t m1[256], m2[256], buf[256], isend[32], irecv[32], rsend[32],
		rrecv[32], x[32];
	size_t l1, l2, blen, bit;
	struct keys k;

	(void)state;
	make_keys(&k);
	init_pair(&k, &ini, &res);
	res0 = res;
	assert_int_equal(noise_write_message1(&ini, hello, sizeof(hello), m1,
					      sizeof(m1), &l1), 0);
	assert_int_equal(l1, NOISE_MSG1_OVERHEAD + sizeof(hello));
	ini1 = ini;
	assert_int_equal(noise_read_message1(&res, m1, l1, buf, sizeof(buf),
					     &blen), 0);
	assert_int_equal(blen, sizeof(hello));
	assert_memory_equal(buf, hello, blen);
	assert_memory_equal(noise_remote_static(&res), k.ipub, 32);
	assert_int_equal(noise_write_message2(&res, NULL, 0, m2, sizeof(m2),
					      &l2), 0);
	assert_int_equal(l2, NOISE_MSG2_OVERHEAD);

	/* every single-bit change of message 1: refused, responder dead */
	for (bit = 0; bit < l1 * 8; bit++) {
		t = res0;
		m1[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(noise_read_message1(&t, m1, l1, buf,
						     sizeof(buf), &blen),
				 -EBADMSG);
		m1[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(blen, 0);
		assert_int_equal(t.state, NOISE_S_DEAD);
		assert_true(sodium_is_zero(t.ck, sizeof(t.ck)));
		assert_int_equal(noise_write_message2(&t, NULL, 0, buf,
						      sizeof(buf), &blen),
				 -EINVAL);
		assert_int_equal(noise_read_message1(&t, m1, l1, buf,
						     sizeof(buf), &blen),
				 -EINVAL);
	}
	/* every single-bit change of message 2: refused, initiator dead */
	for (bit = 0; bit < l2 * 8; bit++) {
		t = ini1;
		m2[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(noise_read_message2(&t, m2, l2, buf,
						     sizeof(buf), &blen),
				 -EBADMSG);
		m2[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(t.state, NOISE_S_DEAD);
		assert_int_equal(noise_split(&t, x, x), -EINVAL);
		assert_int_equal(noise_read_message2(&t, m2, l2, buf,
						     sizeof(buf), &blen),
				 -EINVAL);
	}
	/* truncated or extended messages */
	t = res0;
	assert_int_equal(noise_read_message1(&t, m1, l1 - 1, buf, sizeof(buf),
					     &blen), -EBADMSG);
	t = ini1;
	m2[l2] = 0;
	assert_int_equal(noise_read_message2(&t, m2, l2 + 1, buf, sizeof(buf),
					     &blen), -EBADMSG);

	/* the untouched messages still complete the handshake */
	assert_int_equal(noise_read_message2(&ini, m2, l2, buf, sizeof(buf),
					     &blen), 0);
	assert_int_equal(blen, 0);
	assert_int_equal(noise_split(&ini, isend, irecv), 0);
	assert_int_equal(noise_split(&res, rsend, rrecv), 0);
	assert_memory_equal(isend, rrecv, 32);
	assert_memory_equal(irecv, rsend, 32);
	assert_memory_not_equal(isend, irecv, 32);
	/* split wipes everything and happens once */
	assert_int_equal(ini.state, NOISE_S_SPLIT);
	assert_true(sodium_is_zero(ini.s_priv, sizeof(ini.s_priv)));
	assert_true(sodium_is_zero(ini.e_priv, sizeof(ini.e_priv)));
	assert_int_equal(noise_split(&ini, x, x), -EINVAL);
	assert_null(noise_remote_static(&ini));
}

static void test_random_ephemerals(void **state)
{
	struct noise_handshake ini, res;
	uint8_t m1[256], m2[256], buf[64], a[32], b[32], c[32], d[32];
	size_t l1, l2, blen;
	struct keys k;

	(void)state;
	make_keys(&k);
	/* no psk on either side is the all-zero psk */
	assert_int_equal(noise_init_initiator(&ini, prologue, sizeof(prologue),
					      k.is, k.rpub, NULL), 0);
	assert_int_equal(noise_init_responder(&res, prologue, sizeof(prologue),
					      k.rs, NULL), 0);
	assert_int_equal(noise_write_message1(&ini, NULL, 0, m1, sizeof(m1),
					      &l1), 0);
	assert_memory_not_equal(m1, k.ie, 32);
	assert_int_equal(noise_read_message1(&res, m1, l1, buf, sizeof(buf),
					     &blen), 0);
	assert_int_equal(noise_write_message2(&res, NULL, 0, m2, sizeof(m2),
					      &l2), 0);
	assert_int_equal(noise_read_message2(&ini, m2, l2, buf, sizeof(buf),
					     &blen), 0);
	assert_int_equal(noise_split(&ini, a, b), 0);
	assert_int_equal(noise_split(&res, c, d), 0);
	assert_memory_equal(a, d, 32);
	assert_memory_equal(b, c, 32);
}

static void test_wrong_keys(void **state)
{
	struct noise_handshake ini, res;
	uint8_t m1[256], m2[256], buf[64], other[32], other_pub[32];
	size_t l1, l2, blen;
	struct keys k;

	(void)state;
	make_keys(&k);
	memset(other, 0x5a, sizeof(other));
	assert_int_equal(crypto_scalarmult_base(other_pub, other), 0);

	/* initiator believes in another responder key: message 1 refused */
	init_pair(&k, &ini, &res);
	assert_int_equal(noise_init_initiator(&ini, prologue, sizeof(prologue),
					      k.is, other_pub, k.psk), 0);
	assert_int_equal(noise_write_message1(&ini, NULL, 0, m1, sizeof(m1),
					      &l1), 0);
	assert_int_equal(noise_read_message1(&res, m1, l1, buf, sizeof(buf),
					     &blen), -EBADMSG);
	assert_int_equal(res.state, NOISE_S_DEAD);

	/* different prologue: message 1 refused */
	init_pair(&k, &ini, &res);
	assert_int_equal(noise_init_responder(&res, prologue,
					      sizeof(prologue) - 1, k.rs,
					      k.psk), 0);
	assert_int_equal(noise_write_message1(&ini, NULL, 0, m1, sizeof(m1),
					      &l1), 0);
	assert_int_equal(noise_read_message1(&res, m1, l1, buf, sizeof(buf),
					     &blen), -EBADMSG);

	/* responder uses another psk (set after message 1, as a peer table
	 * lookup would): message 2 refused by the initiator */
	init_pair(&k, &ini, &res);
	assert_int_equal(noise_write_message1(&ini, NULL, 0, m1, sizeof(m1),
					      &l1), 0);
	assert_int_equal(noise_read_message1(&res, m1, l1, buf, sizeof(buf),
					     &blen), 0);
	noise_set_psk(&res, other);
	assert_int_equal(noise_write_message2(&res, NULL, 0, m2, sizeof(m2),
					      &l2), 0);
	assert_int_equal(noise_read_message2(&ini, m2, l2, buf, sizeof(buf),
					     &blen), -EBADMSG);
	assert_int_equal(ini.state, NOISE_S_DEAD);

	/* psk on one side only */
	init_pair(&k, &ini, &res);
	noise_set_psk(&ini, NULL);
	assert_int_equal(noise_write_message1(&ini, NULL, 0, m1, sizeof(m1),
					      &l1), 0);
	assert_int_equal(noise_read_message1(&res, m1, l1, buf, sizeof(buf),
					     &blen), 0);
	assert_int_equal(noise_write_message2(&res, NULL, 0, m2, sizeof(m2),
					      &l2), 0);
	assert_int_equal(noise_read_message2(&ini, m2, l2, buf, sizeof(buf),
					     &blen), -EBADMSG);
}

/* Low-order points give an all-zero DH result: refused on both sides */
static void test_zero_dh(void **state)
{
	static const uint8_t low[][32] = { { 0 }, { 1 } };
	struct noise_handshake ini, res;
	uint8_t m1[256], buf[64];
	size_t l1, blen, i;
	struct keys k;

	(void)state;
	make_keys(&k);
	for (i = 0; i < 2; i++) {
		assert_int_equal(noise_init_initiator(&ini, prologue,
						      sizeof(prologue), k.is,
						      low[i], NULL), 0);
		assert_int_equal(noise_write_message1(&ini, NULL, 0, m1,
						      sizeof(m1), &l1),
				 -EBADMSG);
		assert_int_equal(l1, 0);
		assert_int_equal(ini.state, NOISE_S_DEAD);
		assert_true(sodium_is_zero(m1, NOISE_MSG1_OVERHEAD));

		init_pair(&k, &ini, &res);
		assert_int_equal(noise_write_message1(&ini, NULL, 0, m1,
						      sizeof(m1), &l1), 0);
		memcpy(m1, low[i], 32);
		assert_int_equal(noise_read_message1(&res, m1, l1, buf,
						     sizeof(buf), &blen),
				 -EBADMSG);
	}
}

static void test_order_and_sizes(void **state)
{
	struct noise_handshake ini, res;
	uint8_t m1[256], buf[256], x[32];
	size_t l1, blen;
	struct keys k;

	(void)state;
	make_keys(&k);
	init_pair(&k, &ini, &res);
	/* wrong role or state: refused, state unchanged */
	assert_int_equal(noise_write_message2(&ini, NULL, 0, m1, sizeof(m1),
					      &l1), -EINVAL);
	assert_int_equal(noise_read_message2(&ini, m1, 100, buf, sizeof(buf),
					     &blen), -EINVAL);
	assert_int_equal(noise_write_message1(&res, NULL, 0, m1, sizeof(m1),
					      &l1), -EINVAL);
	assert_int_equal(noise_write_message2(&res, NULL, 0, m1, sizeof(m1),
					      &l1), -EINVAL);
	assert_int_equal(noise_split(&ini, x, x), -EINVAL);
	assert_int_equal(noise_handshake_hash(&res, x), -EINVAL);
	assert_null(noise_remote_static(&res));
	/* output too small or payload too big: refused, state unchanged */
	assert_int_equal(noise_write_message1(&ini, NULL, 0, m1,
					      NOISE_MSG1_OVERHEAD - 1, &l1),
			 -EMSGSIZE);
	assert_int_equal(noise_write_message1(&ini, buf,
					      NOISE_PAYLOAD_MAX + 1, m1,
					      sizeof(m1), &l1), -EMSGSIZE);
	assert_int_equal(ini.state, NOISE_S_START);
	assert_int_equal(noise_write_message1(&ini, hello, sizeof(hello), m1,
					      sizeof(m1), &l1), 0);
	assert_int_equal(noise_write_message1(&ini, NULL, 0, buf, sizeof(buf),
					      &blen), -EINVAL);
	assert_int_equal(blen, 0);
	/* payload buffer too small on reading: refused, responder dead */
	assert_int_equal(noise_read_message1(&res, m1, l1, buf,
					     sizeof(hello) - 1, &blen),
			 -EMSGSIZE);
	assert_int_equal(res.state, NOISE_S_DEAD);
	/* too short for the fixed part */
	init_pair(&k, &ini, &res);
	assert_int_equal(noise_read_message1(&res, m1, NOISE_MSG1_OVERHEAD - 1,
					     buf, sizeof(buf), &blen),
			 -EBADMSG);
	init_pair(&k, &ini, &res);
	assert_int_equal(noise_read_message1(&res, m1, 0, buf, sizeof(buf),
					     &blen), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_cacophony),
		cmocka_unit_test(test_roundtrip_and_tamper),
		cmocka_unit_test(test_random_ephemerals),
		cmocka_unit_test(test_wrong_keys),
		cmocka_unit_test(test_zero_dh),
		cmocka_unit_test(test_order_and_sizes),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
