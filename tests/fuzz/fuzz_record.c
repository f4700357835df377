// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_record.c - fuzz target for the stream framing of vde-cable
 * (cable/record.c), as io.c uses it: the input is a received byte
 * stream, split into records until one is incomplete or impossible.
 *
 * Invariants: every record lies inside the input and is 4 ... 9280
 * bytes long, right after its 2-byte prefix; the records and what is
 * left add up to the input; building the records again with
 * record_put() gives the same bytes; an error is only ever an impossible
 * length at the start of what is left.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "record.h"

static uint8_t again[RECORD_HDR + RECORD_MAX];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *rec;
	size_t off = 0, rl, len;
	ssize_t n;

	while ((n = record_next(data + off, size - off, &rec, &rl)) > 0) {
		FUZZ_CHECK(rl >= RECORD_MIN && rl <= RECORD_MAX);
		FUZZ_CHECK(rec == data + off + RECORD_HDR);
		FUZZ_CHECK((size_t)n == RECORD_HDR + rl);
		FUZZ_CHECK(off + (size_t)n <= size);
		FUZZ_CHECK(record_put(again, rec, rl) == (size_t)n);
		FUZZ_CHECK(!memcmp(again, data + off, (size_t)n));
		off += (size_t)n;
	}
	FUZZ_CHECK(off <= size);
	if (n < 0) {
		FUZZ_CHECK(n == -EBADMSG);
		FUZZ_CHECK(size - off >= RECORD_HDR);
		len = (size_t)data[off] << 8 | data[off + 1];
		FUZZ_CHECK(len < RECORD_MIN || len > RECORD_MAX);
	}
	return 0;
}
