// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * stream.c - decoder and encoder of the VDE stream framing.
 *
 * Theory of operation: the decoder is a two-state machine (reading a
 * header, reading a frame) whose only state is how many bytes of the
 * current record it holds, so a record may be split at any byte, including
 * between the two bytes of its length (libvdeplug loses that byte and
 * desynchronises, spec section 4).  A zero length is skipped; a length
 * under 14 is read and dropped (counted); a length above the maximum is an
 * error: in STREAM_CLOSE mode the caller must stop using the stream, in
 * STREAM_RESYNC mode the rest of the current read is discarded, which is
 * what libvdeplug does.  The input is untrusted; nothing is ever written
 * past buf.
 */
#include <errno.h>
#include <string.h>

#include "stream.h"

/**
 * stream_dec_init() - reset a decoder
 * @d:		decoder
 * @mode:	STREAM_CLOSE or STREAM_RESYNC
 * @max:	largest record accepted (0 or above STREAM_MAX: STREAM_MAX)
 */
void stream_dec_init(struct stream_dec *d, enum stream_mode mode,
		     uint32_t max)
{
	memset(&d->stats, 0, sizeof(d->stats));
	d->mode = mode;
	d->max = max && max <= STREAM_MAX ? max : STREAM_MAX;
	d->have = 0;
}

/**
 * stream_hdr() - the 2-byte header of a record of @len bytes
 * @hdr:	output
 * @len:	frame length (<= 65535)
 */
void stream_hdr(uint8_t hdr[STREAM_HDR], size_t len)
{
	hdr[0] = (uint8_t)(len >> 8);
	hdr[1] = (uint8_t)len;
}

static size_t rec_len(const struct stream_dec *d)
{
	return (size_t)d->buf[0] << 8 | d->buf[1];
}

/**
 * stream_dec_feed() - consume bytes read from a stream
 * @d:		decoder
 * @data:	bytes
 * @len:	how many
 * @fn:		called once per complete frame of at least 14 bytes
 * @ctx:	passed to @fn
 *
 * Return: 0, or -EMSGSIZE for a length above the maximum in STREAM_CLOSE
 * mode (the stream is then unusable).
 */
int stream_dec_feed(struct stream_dec *d, const uint8_t *data, size_t len,
		    stream_frame_fn fn, void *ctx)
{
	size_t take, need;

	while (len) {
		if (d->have < STREAM_HDR) {
			take = MIN(len, STREAM_HDR - d->have);
			memcpy(d->buf + d->have, data, take);
			d->have += take;
			data += take;
			len -= take;
			if (d->have < STREAM_HDR)
				break;
			if (rec_len(d) == 0) {
				d->stats.empty++;
				d->have = 0;
				continue;
			}
			if (rec_len(d) > d->max) {
				d->stats.oversize++;
				d->have = 0;
				if (d->mode == STREAM_CLOSE)
					return -EMSGSIZE;
				d->stats.resync_bytes += len;
				return 0;
			}
		}
		need = STREAM_HDR + rec_len(d) - d->have;
		take = MIN(len, need);
		memcpy(d->buf + d->have, data, take);
		d->have += take;
		data += take;
		len -= take;
		if (take < need)
			break;
		if (rec_len(d) < STREAM_MIN) {
			d->stats.runt++;
		} else {
			d->stats.frames++;
			fn(d->buf + STREAM_HDR, rec_len(d), ctx);
		}
		d->have = 0;
	}
	return 0;
}
