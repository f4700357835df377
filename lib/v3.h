/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * v3.h - the VDE control handshake (shared/spec/vde-wire.md section 2).
 *
 * A client connects a stream socket to DIR/ctl and sends one request: a
 * 122-byte header (magic, version, type, return address) followed by up to
 * 127 bytes of description that is not NUL-terminated.  The switch answers
 * with exactly one struct sockaddr_un (110 bytes) naming its data socket,
 * or closes the stream.  All integers are in host byte order.
 */
#ifndef VDE_V3_H
#define VDE_V3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/un.h>

#include "util.h"

#define V3_MAGIC	0xfeedfaceu

enum {
	V3_VERSION	= 3,
	V3_SUN_LEN	= 110,		/* sizeof(struct sockaddr_un) */
	V3_HDR_LEN	= 122,		/* magic + version + type + sock */
	V1_HDR_LEN	= 124,		/* magic + type + mac[6] + sock */
	V3_DESCR_MAX	= 128,		/* libvdeplug MAXDESCR, incl. NUL */
	V3_REQ_MAX	= 256,		/* what vde_switch reads at most */
	V3_KIND_CONTROL	= 0,		/* REQ_NEW_CONTROL */
	V3_KIND_PORT0	= 1,		/* REQ_NEW_PORT0 */
	V3_PORT_MAX	= 0x7fffff,	/* bits 8..30 of type; bit 31 refused */
};

_Static_assert(sizeof(struct sockaddr_un) == V3_SUN_LEN, "sockaddr_un");

/**
 * struct v3_req - a validated control request
 * @version:	1 or 3
 * @kind:	V3_KIND_CONTROL or V3_KIND_PORT0
 * @port:	requested port, 0 = any (meaningless for PORT0)
 * @abstract:	return address is in the abstract namespace
 * @addr:	client's return address, sun_path NUL-terminated
 * @descr:	description, control characters removed, NUL-terminated
 */
struct v3_req {
	uint32_t version;
	uint8_t kind;
	uint32_t port;
	bool abstract;
	struct sockaddr_un addr;
	char descr[V3_DESCR_MAX];
};

/* Why a request was refused; negated as return values of v3_parse() */
enum v3_err {
	V3_OK = 0,
	V3_E_SHORT,		/* fewer bytes than a header */
	V3_E_LONG,		/* more than V3_REQ_MAX bytes */
	V3_E_MAGIC,		/* not 0xfeedface */
	V3_E_VERSION,		/* version 2 or > 3, or v1 when not allowed */
	V3_E_KIND,		/* request kind not 0 or 1 */
	V3_E_PORT,		/* port number with bit 31 set */
	V3_E_FAMILY,		/* sun_family != AF_UNIX */
	V3_E_PATH_EMPTY,	/* sun_path all zero */
	V3_E_PATH_UNTERM,	/* sun_path not NUL-terminated in 108 bytes */
	V3_E_PATH_RELATIVE,	/* sun_path does not start with '/' */
	V3_E__COUNT
};

int v3_parse(const void *buf, size_t len, bool allow_v1,
	     struct v3_req *req) __must_check;
const char *v3_strerror(int err);
size_t v3_descr_sanitize(char *dst, size_t dstlen, const uint8_t *src,
			 size_t srclen);
size_t v3_build(void *buf, size_t buflen, uint8_t kind, uint32_t port,
		const char *path, const char *descr);

#endif /* VDE_V3_H */
