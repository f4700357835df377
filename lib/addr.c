// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * addr.c - "A.B.C.D:PORT" and "[IPV6]:PORT" to and from sockaddr.
 * Pure: inet_pton()/inet_ntop() only.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

static int addr_fail(struct addr_err *e, size_t off, const char *msg)
{
	e->off = off;
	e->msg = msg;
	return -1;
}

/* Decimal 1..65535, nothing else */
static int addr_port(const char *s, size_t n, size_t off, uint16_t *port,
		     struct addr_err *e)
{
	unsigned long v = 0;
	size_t i;

	if (!n || n > 5)
		goto bad;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v < 1 || v > 65535)
		goto bad;
	*port = (uint16_t)v;
	return 0;
bad:
	return addr_fail(e, off, "port must be a number from 1 to 65535");
}

/* Copy @n bytes to a NUL-terminated @host of @max bytes */
static int addr_host(const char *s, size_t n, char *host, size_t max)
{
	if (n >= max || memchr(s, '\0', n))
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	return 0;
}

/**
 * addr_parse() - a numeric address and port
 * @s:		text (need not be NUL-terminated)
 * @n:		its length
 * @ss:		result
 * @len:	sizeof(struct sockaddr_in) or sizeof(struct sockaddr_in6)
 * @e:		where and why, on failure
 *
 * Return: 0, or -1 with @e filled in and @ss unspecified.
 */
int addr_parse(const char *s, size_t n, struct sockaddr_storage *ss,
	       socklen_t *len, struct addr_err *e)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon, *rb;
	uint16_t port;
	size_t hn;

	memset(ss, 0, sizeof(*ss));
	if (n && s[0] == '[') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		rb = memchr(s, ']', n);
		if (!rb)
			return addr_fail(e, 0, "missing ']' after an IPv6 "
					 "address");
		hn = (size_t)(rb - s - 1);
		if (rb + 1 == s + n || rb[1] != ':')
			return addr_fail(e, (size_t)(rb + 1 - s),
					 "expected ':PORT' after ']'");
		if (addr_host(s + 1, hn, host, sizeof(host)) ||
		    inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return addr_fail(e, 1, "not an IPv6 address");
		colon = rb + 1;
		if (addr_port(colon + 1, n - (size_t)(colon + 1 - s),
			      (size_t)(colon + 1 - s), &port, e))
			return -1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return 0;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	colon = n ? memrchr(s, ':', n) : NULL;
	if (!colon)
		return addr_fail(e, 0, "expected ADDRESS:PORT");
	hn = (size_t)(colon - s);
	if (memchr(s, ':', hn))
		return addr_fail(e, 0, "an IPv6 address needs brackets: "
				 "[ADDRESS]:PORT");
	if (addr_host(s, hn, host, sizeof(host)) ||
	    inet_pton(AF_INET, host, &s4->sin_addr) != 1)
		return addr_fail(e, 0, "not an IPv4 address");
	if (addr_port(colon + 1, n - hn - 1, hn + 1, &port, e))
		return -1;
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	*len = sizeof(*s4);
	return 0;
}

/**
 * addr_format() - the canonical text of an address, as addr_parse() reads
 * @ss:		AF_INET or AF_INET6 address
 * @buf:	result, "?" for another family
 * @len:	its size (ADDR_TEXT_MAX is always enough)
 */
void addr_format(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(s4->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(s6->sin6_port));
	} else {
		snprintf(buf, len, "?");
	}
}
