/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * addr.h - numeric socket addresses as configuration files write them:
 * "A.B.C.D:PORT" or "[IPV6]:PORT".  No name resolution (a parser must not
 * touch the network), no scope id, port 1..65535.  Used by the peers file
 * (endpoint=) and policy.conf (cable ... listen).
 */
#ifndef VDE_ADDR_H
#define VDE_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

#include "util.h"

/* "[" + INET6_ADDRSTRLEN - 1 + "]:" + 5 digits + NUL */
enum { ADDR_TEXT_MAX = 1 + 45 + 2 + 5 + 1 };

/**
 * struct addr_err - why a text is not an address
 * @off:	byte offset in the text of the mistake
 * @msg:	what is wrong (a constant string)
 */
struct addr_err {
	size_t off;
	const char *msg;
};

int addr_parse(const char *s, size_t n, struct sockaddr_storage *ss,
	       socklen_t *len, struct addr_err *e) __must_check;
void addr_format(const struct sockaddr_storage *ss, char *buf, size_t len);

#endif /* VDE_ADDR_H */
