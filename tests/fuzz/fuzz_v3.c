// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_v3.c - fuzz target for the control request parser (lib/v3.c).
 *
 * Any byte string is a possible request from any local user.  v3_parse()
 * must never crash, and whatever it accepts must be safe to use as is:
 * a NUL-terminated absolute path (or an abstract name), a description of
 * printable ASCII only, a request kind of 0 or 1, a port below 2^23, and
 * version 1 only when the caller allowed it.  An accepted version 3
 * request, rebuilt with v3_build(), must parse to the same fields.
 */
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "v3.h"

static void check_accepted(size_t size, bool allow_v1,
			   const struct v3_req *r)
{
	size_t i, dl;

	FUZZ_CHECK(size >= V3_HDR_LEN && size <= V3_REQ_MAX);
	FUZZ_CHECK(r->version == 3 || (r->version == 1 && allow_v1));
	FUZZ_CHECK(r->version == 3 || size >= V1_HDR_LEN);
	FUZZ_CHECK(r->kind == V3_KIND_CONTROL || r->kind == V3_KIND_PORT0);
	FUZZ_CHECK(r->port <= V3_PORT_MAX);
	FUZZ_CHECK(r->addr.sun_family == AF_UNIX);
	FUZZ_CHECK(memchr(r->addr.sun_path, '\0', sizeof(r->addr.sun_path)));
	if (r->abstract)
		FUZZ_CHECK(r->addr.sun_path[0] == '\0');
	else
		FUZZ_CHECK(r->addr.sun_path[0] == '/');

	dl = strnlen(r->descr, sizeof(r->descr));
	FUZZ_CHECK(dl < sizeof(r->descr));
	FUZZ_CHECK(dl <= size - (r->version == 3 ? V3_HDR_LEN : V1_HDR_LEN));
	for (i = 0; i < dl; i++)
		FUZZ_CHECK(r->descr[i] >= 0x20 && r->descr[i] < 0x7f);
}

/* An accepted v3 request survives v3_build() -> v3_parse() unchanged */
static void check_rebuild(const struct v3_req *r)
{
	uint8_t buf[V3_REQ_MAX];
	struct v3_req r2;
	size_t len;

	if (r->version != 3 || r->abstract)
		return;
	len = v3_build(buf, sizeof(buf), r->kind, r->port, r->addr.sun_path,
		       r->descr);
	FUZZ_CHECK(len >= V3_HDR_LEN);
	FUZZ_CHECK(v3_parse(buf, len, false, &r2) == 0);
	FUZZ_CHECK(r2.kind == r->kind && r2.port == r->port);
	FUZZ_CHECK(!strcmp(r2.addr.sun_path, r->addr.sun_path));
	FUZZ_CHECK(!strcmp(r2.descr, r->descr));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct v3_req r[2];
	int ret[2], v1;

	for (v1 = 0; v1 < 2; v1++) {
		ret[v1] = v3_parse(data, size, v1, &r[v1]);
		FUZZ_CHECK(ret[v1] <= 0 && ret[v1] > -V3_E__COUNT);
		FUZZ_CHECK(v3_strerror(ret[v1]) != NULL);
		if (ret[v1] == 0) {
			check_accepted(size, v1, &r[v1]);
			check_rebuild(&r[v1]);
		}
	}
	/* allowing v1 changes nothing for a request that is not v1 */
	if (ret[0] == 0) {
		FUZZ_CHECK(ret[1] == 0);
		/* v3_parse() zeroes the whole struct first, padding included */
		/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison) */
		FUZZ_CHECK(!memcmp(&r[0], &r[1], sizeof(r[0])));
	}
	if (ret[1] == 0 && r[1].version == 3)
		FUZZ_CHECK(ret[0] == 0);
	return 0;
}
