/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * record.h - stream mode framing of vde-cable: each cable message (the
 * same bytes as a UDP datagram) is prefixed by its length, 2 bytes big
 * endian, RECORD_MIN ... RECORD_MAX.
 */
#ifndef VDE_CABLE_RECORD_H
#define VDE_CABLE_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "msg.h"
#include "util.h"

enum {
	RECORD_HDR	= 2,
	RECORD_MIN	= 4,			/* type and reserved bytes */
	RECORD_MAX	= MSG_TRANSPORT_MAX_LEN,	/* 9280 */
};

ssize_t record_next(const uint8_t *buf, size_t len, const uint8_t **rec,
		    size_t *rec_len) __must_check;
size_t record_put(uint8_t *out, const uint8_t *msg, size_t len);

#endif /* VDE_CABLE_RECORD_H */
