// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * record.c - splitting a byte stream into cable records and building
 * them (stream mode, docs/cable-protocol.md).  Pure functions: the
 * caller owns the buffers.  A length outside RECORD_MIN ... RECORD_MAX
 * cannot be skipped (there is no way to find the next record), so it
 * ends the stream.
 */
#include <errno.h>
#include <string.h>

#include "record.h"

/**
 * record_next() - the first record of a buffer
 * @buf:	bytes received (untrusted)
 * @len:	how many
 * @rec:	set to the record's first byte (inside @buf) on success
 * @rec_len:	set to its length on success
 *
 * Return: bytes the record takes, prefix included (> 0); 0 if @buf does
 * not hold a whole record yet; -EBADMSG for an impossible length
 */
ssize_t record_next(const uint8_t *buf, size_t len, const uint8_t **rec,
		    size_t *rec_len)
{
	size_t n;

	if (len < RECORD_HDR)
		return 0;
	n = (size_t)buf[0] << 8 | buf[1];
	if (n < RECORD_MIN || n > RECORD_MAX)
		return -EBADMSG;
	if (len - RECORD_HDR < n)
		return 0;
	*rec = buf + RECORD_HDR;
	*rec_len = n;
	return (ssize_t)(RECORD_HDR + n);
}

/**
 * record_put() - write one record
 * @out:	room for RECORD_HDR + @len bytes
 * @msg:	the message
 * @len:	RECORD_MIN ... RECORD_MAX (the caller's messages always are)
 *
 * Return: bytes written
 */
size_t record_put(uint8_t *out, const uint8_t *msg, size_t len)
{
	out[0] = (uint8_t)(len >> 8);
	out[1] = (uint8_t)len;
	memcpy(out + RECORD_HDR, msg, len);
	return RECORD_HDR + len;
}
