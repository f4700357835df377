// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * v3.c - parser and builder of VDE control requests (see v3.h).
 *
 * Theory of operation: the request is attacker-controlled bytes from any
 * local user who can reach DIR/ctl.  The parser copies nothing before the
 * length is known to cover a whole header, reads fields with memcpy (no
 * unaligned access, no type punning), and accepts exactly the shapes real
 * clients send: version 3 (and version 1 only if asked), kind 0 or 1, an
 * AF_UNIX return address whose path is NUL-terminated inside sun_path.
 * It never decides policy: whether an abstract address or port 0 is
 * acceptable is the caller's business.
 */
#include <string.h>
#include <sys/socket.h>

#include "v3.h"

static const char *const v3_err_str[V3_E__COUNT] = {
	[V3_OK]			= "ok",
	[V3_E_SHORT]		= "request shorter than its header",
	[V3_E_LONG]		= "request longer than 256 bytes",
	[V3_E_MAGIC]		= "bad magic",
	[V3_E_VERSION]		= "unsupported protocol version",
	[V3_E_KIND]		= "unknown request kind",
	[V3_E_PORT]		= "port number out of range",
	[V3_E_FAMILY]		= "return address is not AF_UNIX",
	[V3_E_PATH_EMPTY]	= "empty return address",
	[V3_E_PATH_UNTERM]	= "return address not NUL-terminated",
	[V3_E_PATH_RELATIVE]	= "return address is not an absolute path",
};

/**
 * v3_strerror() - text for a v3_parse() error
 * @err:	negative or positive enum v3_err
 *
 * Return: static string.
 */
const char *v3_strerror(int err)
{
	if (err < 0 && err > -V3_E__COUNT)
		err = -err;
	if (err < 0 || err >= V3_E__COUNT)
		return "unknown error";
	return v3_err_str[err];
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/**
 * v3_descr_sanitize() - copy a description keeping printable ASCII only
 * @dst:	destination, always NUL-terminated
 * @dstlen:	size of @dst, > 0
 * @src:	untrusted bytes (may contain NUL, which ends the text)
 * @srclen:	number of bytes in @src
 *
 * Control characters, DEL and bytes >= 0x80 are dropped, so the text can be
 * echoed into management output and logs without forging lines.
 *
 * Return: length of the result.
 */
size_t v3_descr_sanitize(char *dst, size_t dstlen, const uint8_t *src,
			 size_t srclen)
{
	size_t i, n = 0;

	for (i = 0; i < srclen && n + 1 < dstlen; i++) {
		if (!src[i])
			break;
		if (src[i] >= 0x20 && src[i] < 0x7f)
			dst[n++] = (char)src[i];
	}
	dst[n] = '\0';
	return n;
}

static int v3_parse_sock(const uint8_t *p, struct v3_req *req)
{
	uint16_t family;
	const uint8_t *path = p + sizeof(family);
	size_t plen = sizeof(req->addr.sun_path);
	size_t i;

	memcpy(&family, p, sizeof(family));
	if (family != AF_UNIX)
		return -V3_E_FAMILY;
	memset(&req->addr, 0, sizeof(req->addr));
	req->addr.sun_family = AF_UNIX;
	memcpy(req->addr.sun_path, path, plen);
	if (path[0] == '\0') {
		for (i = 1; i < plen && !path[i]; i++)
			;
		if (i == plen)
			return -V3_E_PATH_EMPTY;
		req->abstract = true;
		return 0;
	}
	if (!memchr(path, '\0', plen))
		return -V3_E_PATH_UNTERM;
	if (path[0] != '/')
		return -V3_E_PATH_RELATIVE;
	return 0;
}

/**
 * v3_parse() - validate one control request
 * @buf:	bytes received on the control stream
 * @len:	how many
 * @allow_v1:	accept the legacy version 1 layout
 * @req:	filled on success (and partially on failure)
 *
 * Return: 0, or -enum v3_err saying why the request is refused.
 */
int v3_parse(const void *buf, size_t len, bool allow_v1, struct v3_req *req)
{
	const uint8_t *p = buf;
	size_t hdr = V3_HDR_LEN, sockoff = 12;
	uint32_t version, type;
	int ret;

	memset(req, 0, sizeof(*req));
	if (len < 8)
		return -V3_E_SHORT;
	if (len > V3_REQ_MAX)
		return -V3_E_LONG;
	if (get32(p) != V3_MAGIC)
		return -V3_E_MAGIC;

	version = get32(p + 4);
	if (version == V3_VERSION) {
		if (len < V3_HDR_LEN)
			return -V3_E_SHORT;
		type = get32(p + 8);
	} else if (version <= 1 && allow_v1) {
		/* v1: the word at offset 4 is the type; then 6 bytes MAC */
		type = version;
		version = 1;
		hdr = V1_HDR_LEN;
		sockoff = 14;
	} else {
		return -V3_E_VERSION;
	}
	if (len < hdr)
		return -V3_E_SHORT;

	req->version = version;
	if ((type & 0xff) > V3_KIND_PORT0)
		return -V3_E_KIND;
	if (type & 0x80000000u)
		return -V3_E_PORT;
	req->kind = type & 0xff;
	req->port = type >> 8;

	ret = v3_parse_sock(p + sockoff, req);
	if (ret)
		return ret;

	v3_descr_sanitize(req->descr, sizeof(req->descr), p + hdr, len - hdr);
	return 0;
}

/**
 * v3_build() - build a version 3 request, as libvdeplug does
 * @buf:	output buffer, at least V3_REQ_MAX bytes
 * @buflen:	its size
 * @kind:	V3_KIND_CONTROL or V3_KIND_PORT0
 * @port:	requested port (0 = any)
 * @path:	return socket path
 * @descr:	description (truncated to 127 bytes)
 *
 * Used by tests, benchmarks and vde-plug.
 *
 * Return: request length, 0 if @buflen is too small.
 */
size_t v3_build(void *buf, size_t buflen, uint8_t kind, uint32_t port,
		const char *path, const char *descr)
{
	uint8_t *p = buf;
	uint32_t w[3] = { V3_MAGIC, V3_VERSION, kind | (port << 8) };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t dl = descr ? strnlen(descr, V3_DESCR_MAX - 1) : 0;

	if (buflen < V3_HDR_LEN + dl)
		return 0;
	strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
	memcpy(p, w, sizeof(w));
	memcpy(p + 12, &sa, sizeof(sa));
	if (dl)
		memcpy(p + V3_HDR_LEN, descr, dl);
	return V3_HDR_LEN + dl;
}
