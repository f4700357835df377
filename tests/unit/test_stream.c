// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_stream.c - the stream decoder (lib/stream.c): records split at every
 * byte boundary, zero and short lengths, oversized lengths in both modes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "stream.h"

struct got {
	size_t n;
	size_t len[16];
	uint8_t first[16];
};

static void collect(const uint8_t *f, size_t len, void *ctx)
{
	struct got *g = ctx;

	if (g->n < 16) {
		g->len[g->n] = len;
		g->first[g->n] = f[len - 1];
	}
	g->n++;
}

static size_t rec(uint8_t *out, size_t len, uint8_t fill)
{
	stream_hdr(out, len);
	memset(out + STREAM_HDR, fill, len);
	return STREAM_HDR + len;
}

/* The spec's case: two 60-byte frames, the second length split after its
 * first byte, must both arrive; and every other split point */
static void test_every_split(void **state)
{
	uint8_t buf[3 * (STREAM_HDR + 1514)];
	size_t n = 0, cut, cut2;
	static struct stream_dec d;

	(void)state;
	n += rec(buf + n, 60, 1);
	n += rec(buf + n, 0, 0);	/* skipped */
	n += rec(buf + n, 1514, 2);
	n += rec(buf + n, 5, 3);	/* runt: dropped */
	n += rec(buf + n, 60, 4);
	for (cut = 0; cut <= n; cut++) {
		for (cut2 = cut; cut2 <= n; cut2 += 97) {
			struct got g = { 0 };

			stream_dec_init(&d, STREAM_CLOSE, 0);
			assert_int_equal(stream_dec_feed(&d, buf, cut, collect,
							 &g), 0);
			assert_int_equal(stream_dec_feed(&d, buf + cut,
							 cut2 - cut, collect,
							 &g), 0);
			assert_int_equal(stream_dec_feed(&d, buf + cut2,
							 n - cut2, collect,
							 &g), 0);
			assert_int_equal(g.n, 3);
			assert_int_equal(g.len[0], 60);
			assert_int_equal(g.first[0], 1);
			assert_int_equal(g.len[1], 1514);
			assert_int_equal(g.first[1], 2);
			assert_int_equal(g.len[2], 60);
			assert_int_equal(g.first[2], 4);
			assert_int_equal(d.stats.empty, 1);
			assert_int_equal(d.stats.runt, 1);
		}
	}
}

static void test_byte_at_a_time(void **state)
{
	uint8_t buf[2 * (STREAM_HDR + 9234)];
	static struct stream_dec d;
	struct got g = { 0 };
	size_t n = 0, i;

	(void)state;
	n += rec(buf + n, 9234, 7);
	n += rec(buf + n, 14, 8);
	stream_dec_init(&d, STREAM_CLOSE, 0);
	for (i = 0; i < n; i++)
		assert_int_equal(stream_dec_feed(&d, buf + i, 1, collect, &g),
				 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.len[0], 9234);
	assert_int_equal(g.len[1], 14);
}

static void test_oversize(void **state)
{
	static const struct {
		enum stream_mode mode;
		uint32_t max;
		size_t big;
		int ret;
		size_t frames;	/* delivered from the same feed */
	} rows[] = {
		{ STREAM_CLOSE, 0, 9235, -EMSGSIZE, 1 },
		{ STREAM_CLOSE, 1518, 1519, -EMSGSIZE, 1 },
		{ STREAM_CLOSE, 1518, 1518, 0, 3 },
		{ STREAM_RESYNC, 1518, 1519, 0, 1 },
		{ STREAM_CLOSE, 0, 65535, -EMSGSIZE, 1 },
	};
	static uint8_t buf[3 * (STREAM_HDR + 2000)];
	static struct stream_dec d;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct got g = { 0 };

		n = rec(buf, 60, 1);
		stream_hdr(buf + n, rows[i].big);
		memset(buf + n + 2, 2, MIN(rows[i].big, 2000));
		n += STREAM_HDR + MIN(rows[i].big, 1518);
		n += rec(buf + n, 60, 3);
		stream_dec_init(&d, rows[i].mode, rows[i].max);
		assert_int_equal(stream_dec_feed(&d, buf, n, collect, &g),
				 rows[i].ret);
		assert_int_equal(g.n, rows[i].frames);
		if (rows[i].ret || rows[i].mode == STREAM_RESYNC)
			assert_int_equal(d.stats.oversize, 1);
		if (rows[i].mode == STREAM_RESYNC) {
			/* the next read starts clean */
			n = rec(buf, 60, 9);
			assert_int_equal(stream_dec_feed(&d, buf, n, collect,
							 &g), 0);
			assert_int_equal(g.n, 2);
		}
	}
}

static void test_hdr(void **state)
{
	uint8_t h[2];

	(void)state;
	stream_hdr(h, 60);
	assert_int_equal(h[0], 0x00);
	assert_int_equal(h[1], 0x3c);
	stream_hdr(h, 9234);
	assert_int_equal(h[0], 0x24);
	assert_int_equal(h[1], 0x12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_byte_at_a_time),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_hdr),
	};

	return cmocka_run_group_tests_name("stream", tests, NULL, NULL);
}
