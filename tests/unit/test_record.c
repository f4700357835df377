// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_record.c - unit tests of the stream framing of vde-cable
 * (cable/record.c): a table of buffers with what record_next() must say,
 * a round trip of every record length, and a stream cut at every byte.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "record.h"

struct rec_row {
	const char *what;
	uint8_t in[8];
	size_t len;
	ssize_t want;		/* return value */
	size_t rec_len;		/* when want > 0 */
};

static const struct rec_row rows[] = {
	{ "empty", { 0 }, 0, 0, 0 },
	{ "half a prefix", { 0x00 }, 1, 0, 0 },
	{ "length 0", { 0x00, 0x00 }, 2, -EBADMSG, 0 },
	{ "length 3", { 0x00, 0x03, 1, 2, 3 }, 5, -EBADMSG, 0 },
	{ "length 4, whole", { 0x00, 0x04, 1, 0, 0, 0 }, 6, 6, 4 },
	{ "length 4, one short", { 0x00, 0x04, 1, 0, 0 }, 5, 0, 0 },
	{ "length 4, more after", { 0x00, 0x04, 1, 0, 0, 0, 9, 9 }, 8, 6, 4 },
	{ "length 5, prefix only", { 0x00, 0x05 }, 2, 0, 0 },
	{ "length 9280 (max)", { 0x24, 0x40 }, 2, 0, 0 },
	{ "length 9281", { 0x24, 0x41 }, 2, -EBADMSG, 0 },
	{ "length 65535", { 0xff, 0xff }, 2, -EBADMSG, 0 },
	{ "length 256 (high byte)", { 0x01, 0x00 }, 2, 0, 0 },
};

static void test_table(void **state)
{
	const uint8_t *rec;
	size_t i, rl;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct rec_row *r = &rows[i];
		ssize_t got;

		rec = NULL;
		rl = 0;
		got = record_next(r->in, r->len, &rec, &rl);
		if (got != r->want)
			fail_msg("%s: got %zd, want %zd", r->what, got,
				 r->want);
		if (got > 0) {
			assert_ptr_equal(rec, r->in + RECORD_HDR);
			assert_int_equal(rl, r->rec_len);
		} else {
			assert_null(rec);
		}
	}
}

static uint8_t buf[3 * (RECORD_HDR + RECORD_MAX)], msg[RECORD_MAX];

static void test_round_trip(void **state)
{
	const uint8_t *rec;
	size_t len, n, rl, i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	for (len = RECORD_MIN; len <= RECORD_MAX; len++) {
		n = record_put(buf, msg, len);
		assert_int_equal(n, RECORD_HDR + len);
		assert_int_equal(record_next(buf, n, &rec, &rl), (ssize_t)n);
		assert_int_equal(rl, len);
		assert_memory_equal(rec, msg, len);
		/* one byte short: wait for more */
		assert_int_equal(record_next(buf, n - 1, &rec, &rl), 0);
	}
}

/* Three records, offered one more byte at a time: each appears exactly
 * when its last byte arrives */
static void test_cut_everywhere(void **state)
{
	const size_t lens[3] = { 48, RECORD_MAX, 148 };
	size_t total = 0, k, avail, off, found;
	const uint8_t *rec;
	size_t rl;
	ssize_t n;

	for (k = 0; k < 3; k++)
		total += record_put(buf + total, msg, lens[k]);
	for (avail = 0; avail <= total; avail++) {
		off = 0;
		found = 0;
		while ((n = record_next(buf + off, avail - off, &rec, &rl)) > 0) {
			assert_true(found < 3);
			if (found >= 3)
				break;
			assert_int_equal(rl, lens[found]);
			off += (size_t)n;
			found++;
		}
		assert_int_equal(n, 0);
		assert_true(off <= avail);
		assert_true(avail - off < RECORD_HDR + RECORD_MAX);
		if (avail == total)
			assert_int_equal(found, 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_cut_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
