/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * stream.h - VDE stream framing (shared/spec/vde-wire.md section 4): each
 * frame is preceded by its length as a big-endian 16-bit number, records
 * are concatenated with nothing in between.  Used by vde_plug on
 * stdin/stdout, dpipe and ssh cables.
 */
#ifndef VDE_STREAM_H
#define VDE_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum {
	STREAM_HDR	= 2,
	STREAM_MAX	= 9234,		/* VDE_ETHBUFSIZE: largest record */
	STREAM_MIN	= 14,		/* shorter records are not frames */
};

enum stream_mode {
	STREAM_CLOSE,		/* oversized length: error, stop (default) */
	STREAM_RESYNC,		/* oversized length: drop the rest of the
				 * read, as libvdeplug does */
};

struct stream_stats {
	uint64_t frames;	/* delivered */
	uint64_t empty;		/* zero-length records skipped */
	uint64_t runt;		/* records under 14 bytes, dropped */
	uint64_t oversize;	/* length above the maximum */
	uint64_t resync_bytes;	/* bytes dropped to resynchronise */
};

/**
 * struct stream_dec - decoder state, kept across reads
 * @mode:	what an oversized length does
 * @max:	largest record accepted (<= STREAM_MAX)
 * @have:	bytes of the current record (header included) in @buf
 * @buf:	header and frame being assembled
 * @stats:	counters
 */
struct stream_dec {
	enum stream_mode mode;
	uint32_t max;
	size_t have;
	struct stream_stats stats;
	uint8_t buf[STREAM_HDR + STREAM_MAX];
};

typedef void (*stream_frame_fn)(const uint8_t *frame, size_t len, void *ctx);

void stream_dec_init(struct stream_dec *d, enum stream_mode mode,
		     uint32_t max);
int stream_dec_feed(struct stream_dec *d, const uint8_t *data, size_t len,
		    stream_frame_fn fn, void *ctx) __must_check;
void stream_hdr(uint8_t hdr[STREAM_HDR], size_t len);

#endif /* VDE_STREAM_H */
