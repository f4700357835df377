// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_stream.c - the stream decoder against a reference model.
 *
 * The input is a byte stream; the first byte chooses the maximum record
 * size and the split points.  The decoder fed in chunks must deliver
 * exactly the frames a straightforward whole-buffer parse finds, in order,
 * and stop (STREAM_CLOSE) exactly where the model finds an oversized
 * length.
 */
#include <string.h>

#include "fuzz.h"
#include "stream.h"

struct seen {
	size_t n;
	size_t off[4096];	/* where each delivered frame starts ... */
	size_t len[4096];
	const uint8_t *base;
	uint8_t copy[1 << 16];	/* ... and the bytes delivered */
	size_t used;
};

static void collect(const uint8_t *f, size_t len, void *ctx)
{
	struct seen *s = ctx;

	FUZZ_CHECK(len >= STREAM_MIN && len <= STREAM_MAX);
	if (s->n >= 4096 || s->used + len > sizeof(s->copy))
		return;
	s->len[s->n] = len;
	s->off[s->n] = s->used;
	memcpy(s->copy + s->used, f, len);
	s->used += len;
	s->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct stream_dec d;
	static struct seen got;
	size_t i, pos, n = 0, chunk;
	uint32_t max;
	bool bad = false;
	int r = 0;

	if (size < 1)
		return 0;
	max = 14 + data[0] * 37;	/* 14 .. 9449: over STREAM_MAX too */
	data++;
	size--;

	/* model: walk the records of the whole buffer */
	memset(&got, 0, sizeof(got));
	stream_dec_init(&d, STREAM_CLOSE, max);
	for (pos = 0, i = 0; size && pos < size; i++) {
		chunk = 1 + (data[pos] % 7) * (i % 3);	/* 1..19 bytes */
		if (chunk > size - pos)
			chunk = size - pos;
		r = stream_dec_feed(&d, data + pos, chunk, collect, &got);
		pos += chunk;
		if (r)
			break;
	}
	/* replay the model */
	for (pos = 0; pos + 2 <= size;) {
		size_t l = (size_t)data[pos] << 8 | data[pos + 1];

		if (l > d.max) {
			bad = true;
			break;
		}
		if (pos + 2 + l > size)
			break;
		if (l >= STREAM_MIN) {
			FUZZ_CHECK(n < got.n);
			FUZZ_CHECK(got.len[n] == l);
			FUZZ_CHECK(!memcmp(got.copy + got.off[n],
					   data + pos + 2, l));
			n++;
		}
		pos += 2 + l;
	}
	FUZZ_CHECK(n == got.n || got.n >= 4096);
	FUZZ_CHECK(bad == (r != 0));
	return 0;
}
