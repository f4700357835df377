// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_v3.c - unit tests of the control request codec (lib/v3.c).
 *
 * Every request is built field by field from a table row, so each row reads
 * as "this request gives this result".  The rows cover each field of the
 * version 3 and version 1 layouts and every way a request can be malformed
 * (spec section 2.2, 2.3 and 2.6).  Ranges too long for a table (request
 * kinds 2..255, every length below a header) are loops.  Requests are also
 * parsed from the end of a page followed by an unmapped one, so that a
 * read past the given length faults instead of going unnoticed.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "v3.h"

enum layout { L_V3, L_V1 };

/* How sun_path is filled */
enum pathmode {
	P_STR,		/* @path, NUL padded */
	P_ABSTRACT,	/* NUL, then @path, NUL padded */
	P_ABSTRACT_FULL,/* NUL, then 107 bytes of 'x' */
	P_EMPTY,	/* 108 zero bytes */
	P_UNTERM,	/* '/' and 107 bytes of 'a', no NUL */
	P_STR_JUNK,	/* @path, NUL, then 0xff up to the end */
};

#define LEN_AUTO	((size_t)-1)

/**
 * struct req_case - one request and what v3_parse() must make of it
 */
struct req_case {
	const char *name;
	enum layout layout;
	bool allow_v1;
	uint32_t magic;
	uint32_t word4;		/* version (v3) or type (v1) */
	uint32_t type;		/* v3 only */
	uint16_t family;
	enum pathmode pm;
	const char *path;
	const char *descr;	/* raw bytes, may contain anything but NUL */
	size_t descr_len;	/* 0: strlen(descr) */
	size_t len;		/* LEN_AUTO: header + description */
	int ret;
	/* expected on success */
	uint32_t version;
	uint8_t kind;
	uint32_t port;
	bool abstract;
	const char *want_path;	/* NULL: same as @path (P_STR) */
	const char *want_descr;
};

static const char observed_descr[] = "vdeplug: user=root pid=17784";

/* Defaults for a valid v3 request; rows override what they test */
#define V3REQ	.layout = L_V3, .magic = V3_MAGIC, .word4 = 3,		\
		.family = AF_UNIX, .pm = P_STR,				\
		.path = "/tmp/vdet/sw1/.17784-00000", .len = LEN_AUTO,	\
		.version = 3, .want_descr = ""
#define V1REQ	.layout = L_V1, .allow_v1 = true, .magic = V3_MAGIC,	\
		.word4 = 0, .family = AF_UNIX, .pm = P_STR,		\
		.path = "/tmp/old.sock", .len = LEN_AUTO,		\
		.version = 1, .want_descr = ""

static const struct req_case cases[] = {
	/* the request vde_plug sent in spec section 2.1 */
	{ "observed", V3REQ, .descr = observed_descr,
	  .want_descr = observed_descr },
	{ "observed, v1 allowed", V3REQ, .allow_v1 = true,
	  .descr = observed_descr, .want_descr = observed_descr },
	{ "no description", V3REQ },

	/* length */
	{ "0 bytes", V3REQ, .len = 0, .ret = -V3_E_SHORT },
	{ "7 bytes", V3REQ, .len = 7, .ret = -V3_E_SHORT },
	{ "8 bytes", V3REQ, .len = 8, .ret = -V3_E_SHORT },
	{ "12 bytes", V3REQ, .len = 12, .ret = -V3_E_SHORT },
	{ "121 bytes", V3REQ, .len = 121, .ret = -V3_E_SHORT },
	{ "122 bytes", V3REQ, .len = 122 },
	{ "256 bytes", V3REQ, .descr_len = 134, .len = 256 },
	{ "257 bytes", V3REQ, .descr_len = 135, .len = 257,
	  .ret = -V3_E_LONG },
	{ "65536 bytes", V3REQ, .len = 65536, .ret = -V3_E_LONG },

	/* magic */
	{ "magic 0", V3REQ, .magic = 0, .ret = -V3_E_MAGIC },
	{ "magic byte-swapped", V3REQ, .magic = 0xcefaedfe,
	  .ret = -V3_E_MAGIC },
	{ "magic off by one", V3REQ, .magic = V3_MAGIC + 1,
	  .ret = -V3_E_MAGIC },
	{ "magic wrong, 8 bytes", V3REQ, .magic = 0x12345678, .len = 8,
	  .ret = -V3_E_MAGIC },

	/* version */
	{ "version 0", V3REQ, .word4 = 0, .ret = -V3_E_VERSION },
	{ "version 1", V3REQ, .word4 = 1, .ret = -V3_E_VERSION },
	{ "version 2", V3REQ, .word4 = 2, .ret = -V3_E_VERSION },
	{ "version 2, v1 allowed", V3REQ, .allow_v1 = true, .word4 = 2,
	  .ret = -V3_E_VERSION },
	{ "version 4", V3REQ, .word4 = 4, .ret = -V3_E_VERSION },
	{ "version 4, v1 allowed", V3REQ, .allow_v1 = true, .word4 = 4,
	  .ret = -V3_E_VERSION },
	{ "version 0xffffffff", V3REQ, .word4 = 0xffffffff,
	  .ret = -V3_E_VERSION },
	{ "version 0xffffffff, v1 allowed", V3REQ, .allow_v1 = true,
	  .word4 = 0xffffffff, .ret = -V3_E_VERSION },
	{ "version 3 byte-swapped", V3REQ, .word4 = 0x03000000,
	  .ret = -V3_E_VERSION },

	/* type: kind and port */
	{ "kind 1 (port 0)", V3REQ, .type = 1, .kind = V3_KIND_PORT0 },
	{ "port 0 (any)", V3REQ, .type = 0, .port = 0 },
	{ "port 1", V3REQ, .type = 0x100, .port = 1 },
	{ "port 5", V3REQ, .type = 0x500, .port = 5 },
	{ "port 255", V3REQ, .type = 0xff00, .port = 255 },
	{ "port 65534", V3REQ, .type = 65534u << 8, .port = 65534 },
	{ "port max", V3REQ, .type = (uint32_t)V3_PORT_MAX << 8,
	  .port = V3_PORT_MAX },
	{ "kind 2", V3REQ, .type = 2, .ret = -V3_E_KIND },
	{ "kind 255", V3REQ, .type = 0xff, .ret = -V3_E_KIND },
	{ "kind 2, port 5", V3REQ, .type = 0x502, .ret = -V3_E_KIND },
	{ "bit 31", V3REQ, .type = 0x80000000u, .ret = -V3_E_PORT },
	{ "bit 31, port 1", V3REQ, .type = 0x80000100u, .ret = -V3_E_PORT },
	{ "bit 31, kind 1", V3REQ, .type = 0x80000001u, .ret = -V3_E_PORT },
	{ "port -1", V3REQ, .type = 0xffffff00u, .ret = -V3_E_PORT },

	/* return address */
	{ "family 0", V3REQ, .family = AF_UNSPEC, .ret = -V3_E_FAMILY },
	{ "family AF_INET", V3REQ, .family = AF_INET, .ret = -V3_E_FAMILY },
	{ "family AF_INET6", V3REQ, .family = AF_INET6,
	  .ret = -V3_E_FAMILY },
	{ "family byte-swapped", V3REQ, .family = 0x0100,
	  .ret = -V3_E_FAMILY },
	{ "family 0xffff", V3REQ, .family = 0xffff, .ret = -V3_E_FAMILY },
	{ "empty path", V3REQ, .pm = P_EMPTY, .ret = -V3_E_PATH_EMPTY },
	{ "abstract", V3REQ, .pm = P_ABSTRACT, .path = "vde-abs",
	  .abstract = true },
	{ "abstract, full 108 bytes", V3REQ, .pm = P_ABSTRACT_FULL,
	  .abstract = true },
	{ "path not terminated", V3REQ, .pm = P_UNTERM,
	  .ret = -V3_E_PATH_UNTERM },
	{ "path 107 bytes", V3REQ,
	  .path = "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
	{ "path with junk after NUL", V3REQ, .pm = P_STR_JUNK,
	  .path = "/tmp/s" },
	{ "relative path", V3REQ, .path = "tmp/vde.sock",
	  .ret = -V3_E_PATH_RELATIVE },
	{ "dot path", V3REQ, .path = "./vde.sock",
	  .ret = -V3_E_PATH_RELATIVE },
	{ "path is a space", V3REQ, .path = " /tmp/x",
	  .ret = -V3_E_PATH_RELATIVE },
	{ "path /", V3REQ, .path = "/" },

	/* description: printable ASCII only, at most 127 bytes */
	{ "descr newline", V3REQ, .descr = "evil\nport/remove 1\r\n",
	  .want_descr = "evilport/remove 1" },
	{ "descr control chars", V3REQ,
	  .descr = "\x01" "a\tb\x1b[31mc\x1f",
	  .want_descr = "ab[31mc" },
	{ "descr DEL", V3REQ, .descr = "x\x7fy\x7f", .want_descr = "xy" },
	{ "descr high bytes", V3REQ, .descr = "caf\xc3\xa9 \x80\xff!",
	  .want_descr = "caf !" },
	{ "descr embedded NUL", V3REQ, .descr = "abc\0def", .descr_len = 7,
	  .want_descr = "abc" },
	{ "descr leading NUL", V3REQ, .descr = "\0abc", .descr_len = 4,
	  .want_descr = "" },
	{ "descr space and tilde", V3REQ, .descr = " ~", .want_descr = " ~" },
	/* .descr NULL and .descr_len > 0: a run of 'd' (see req_build) */
	{ "descr 127 bytes", V3REQ, .descr_len = 127 },
	{ "descr 128 bytes", V3REQ, .descr_len = 128 },
	{ "descr 134 bytes", V3REQ, .descr_len = 134 },

	/* version 1 layout */
	{ "v1 kind 0", V1REQ },
	{ "v1 kind 1", V1REQ, .word4 = 1, .kind = V3_KIND_PORT0 },
	{ "v1 with description", V1REQ, .descr = "old client\n",
	  .want_descr = "old client" },
	{ "v1 not allowed (0)", V1REQ, .allow_v1 = false,
	  .ret = -V3_E_VERSION },
	{ "v1 not allowed (1)", V1REQ, .allow_v1 = false, .word4 = 1,
	  .ret = -V3_E_VERSION },
	{ "v1 with port in type", V1REQ, .word4 = 0x500,
	  .ret = -V3_E_VERSION },
	{ "v1 122 bytes", V1REQ, .len = 122, .ret = -V3_E_SHORT },
	{ "v1 123 bytes", V1REQ, .len = 123, .ret = -V3_E_SHORT },
	{ "v1 124 bytes", V1REQ, .len = 124 },
	{ "v1 family", V1REQ, .family = AF_INET, .ret = -V3_E_FAMILY },
	{ "v1 relative", V1REQ, .path = "x", .ret = -V3_E_PATH_RELATIVE },
	{ "v1 empty", V1REQ, .pm = P_EMPTY, .ret = -V3_E_PATH_EMPTY },
	{ "v1 257 bytes", V1REQ, .descr_len = 133, .len = 257,
	  .ret = -V3_E_LONG },
	{ "v1 256 bytes", V1REQ, .descr_len = 132, .len = 256 },
};

/* Write @c into @buf (at least 65536 bytes); return the length to parse */
static size_t req_build(const struct req_case *c, uint8_t *buf, size_t size)
{
	size_t sockoff = c->layout == L_V1 ? 14 : 12;
	size_t hdr = c->layout == L_V1 ? V1_HDR_LEN : V3_HDR_LEN;
	size_t dl = c->descr_len;
	uint8_t *path = buf + sockoff + 2;
	size_t full;

	memset(buf, 0, size);
	memcpy(buf, &c->magic, 4);
	memcpy(buf + 4, &c->word4, 4);
	if (c->layout == L_V3)
		memcpy(buf + 8, &c->type, 4);
	else	/* MAC address: ignored, make it look like anything but 0 */
		/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
		memcpy(buf + 8, "\x01\x00\xff\x7f\x00\x01", 6);
	memcpy(buf + sockoff, &c->family, 2);

	switch (c->pm) {
	case P_STR:
		memcpy(path, c->path, strlen(c->path));
		break;
	case P_STR_JUNK:
		memcpy(path, c->path, strlen(c->path));
		memset(path + strlen(c->path) + 1, 0xff,
		       107 - strlen(c->path));
		break;
	case P_ABSTRACT:
		memcpy(path + 1, c->path, strlen(c->path));
		break;
	case P_ABSTRACT_FULL:
		memset(path + 1, 'x', 107);
		break;
	case P_EMPTY:
		break;
	case P_UNTERM:
		path[0] = '/';
		memset(path + 1, 'a', 107);
		break;
	}

	if (c->descr && !dl)
		dl = strlen(c->descr);
	if (c->descr)
		memcpy(buf + hdr, c->descr, dl);
	else
		memset(buf + hdr, 'd', dl);
	full = hdr + dl;
	assert_true(full <= size);
	return c->len == LEN_AUTO ? full : c->len;
}

static void expect_path(const struct req_case *c, const struct v3_req *r)
{
	char want[108] = { 0 };

	switch (c->pm) {
	case P_ABSTRACT:
		assert_int_equal(r->addr.sun_path[0], 0);
		assert_string_equal(r->addr.sun_path + 1, c->path);
		return;
	case P_ABSTRACT_FULL:
		memset(want + 1, 'x', 107);
		assert_memory_equal(r->addr.sun_path, want, sizeof(want));
		return;
	default:
		assert_non_null(memchr(r->addr.sun_path, 0,
				       sizeof(r->addr.sun_path)));
		assert_string_equal(r->addr.sun_path, c->path);
	}
}

static void expect_descr(const struct req_case *c, const struct v3_req *r)
{
	char want[V3_DESCR_MAX];
	size_t n;

	if (c->descr) {
		assert_string_equal(r->descr, c->want_descr);
		return;
	}
	/* a run of 'd': kept up to 127 bytes */
	n = MIN(c->descr_len, (size_t)V3_DESCR_MAX - 1);
	memset(want, 'd', n);
	want[n] = '\0';
	assert_string_equal(r->descr, want);
}

static void test_parse_table(void **state)
{
	static uint8_t buf[65536];
	struct v3_req r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct req_case *c = &cases[i];
		size_t len = req_build(c, buf, sizeof(buf));
		int ret;

		memset(&r, 0x5a, sizeof(r));
		ret = v3_parse(buf, len, c->allow_v1, &r);
		print_message("  %-36s -> %d (%s)\n", c->name, ret,
			      v3_strerror(ret));
		assert_int_equal(ret, c->ret);
		if (ret)
			continue;
		assert_int_equal(r.version, c->version);
		assert_int_equal(r.kind, c->kind);
		assert_int_equal(r.port, c->port);
		assert_int_equal(r.abstract, c->abstract);
		assert_int_equal(r.addr.sun_family, AF_UNIX);
		expect_path(c, &r);
		expect_descr(c, &r);
	}
}

/* Every request kind that is not 0 or 1 is refused, with and without v1 */
static void test_parse_kinds(void **state)
{
	struct req_case c = { "kind", V3REQ };
	uint8_t buf[512];
	struct v3_req r;
	unsigned int k, port;

	(void)state;
	for (port = 0; port < 2; port++) {
		for (k = 0; k < 256; k++) {
			size_t len;

			c.type = k | port << 8;
			c.allow_v1 = port;
			len = req_build(&c, buf, sizeof(buf));
			assert_int_equal(v3_parse(buf, len, c.allow_v1, &r),
					 k <= 1 ? 0 : -V3_E_KIND);
		}
	}
}

/* Every length below a whole header is short, whatever follows */
static void test_parse_short(void **state)
{
	struct req_case c3 = { "v3", V3REQ };
	struct req_case c1 = { "v1", V1REQ };
	uint8_t buf[512];
	struct v3_req r;
	size_t len;

	(void)state;
	req_build(&c3, buf, sizeof(buf));
	for (len = 0; len < V3_HDR_LEN; len++) {
		assert_int_equal(v3_parse(buf, len, false, &r), -V3_E_SHORT);
		assert_int_equal(v3_parse(buf, len, true, &r), -V3_E_SHORT);
	}
	req_build(&c1, buf, sizeof(buf));
	for (len = 0; len < V1_HDR_LEN; len++)
		assert_int_equal(v3_parse(buf, len, true, &r), -V3_E_SHORT);
	assert_int_equal(v3_parse(buf, V1_HDR_LEN, true, &r), 0);
}

/* The parser must never look past @len: the description stops there */
static void test_parse_len_bounds(void **state)
{
	struct req_case c = { "bounds", V3REQ, .descr = "0123456789" };
	uint8_t buf[512];
	struct v3_req r;
	size_t len, full;

	(void)state;
	full = req_build(&c, buf, sizeof(buf));
	for (len = V3_HDR_LEN; len <= full; len++) {
		assert_int_equal(v3_parse(buf, len, false, &r), 0);
		assert_int_equal(strlen(r.descr), len - V3_HDR_LEN);
		assert_memory_equal(r.descr, "0123456789", len - V3_HDR_LEN);
	}
}

/* A description of 134 bytes whose first bytes are stripped: the cap
 * applies to what is kept, and the kept text is exactly the printable
 * bytes in order */
static void test_descr_strip_then_cap(void **state)
{
	struct req_case c = { "strip+cap", V3REQ };
	char d[135], want[128];
	uint8_t buf[512];
	struct v3_req r;
	size_t i, n = 0, len;

	(void)state;
	for (i = 0; i < 134; i++) {
		d[i] = i % 3 ? (char)('A' + i % 26) : '\x01';
		if (d[i] != '\x01' && n < 127)
			want[n++] = d[i];
	}
	d[134] = '\0';
	want[n] = '\0';
	c.descr = d;
	c.descr_len = 134;
	len = req_build(&c, buf, sizeof(buf));
	assert_int_equal(len, 256);
	assert_int_equal(v3_parse(buf, len, false, &r), 0);
	assert_string_equal(r.descr, want);
	for (i = 0; r.descr[i]; i++)
		assert_true(r.descr[i] >= 0x20 && r.descr[i] < 0x7f);
}

struct sanitize_case {
	const char *in;
	size_t inlen;
	size_t dstlen;
	const char *out;
};

static const struct sanitize_case sanitize_cases[] = {
	{ "hello", 5, 128, "hello" },
	{ "hello", 5, 6, "hello" },
	{ "hello", 5, 5, "hell" },
	{ "hello", 5, 1, "" },
	{ "hello", 3, 128, "hel" },
	{ "a\0b", 3, 128, "a" },
	{ "\t\n\v\f\r", 5, 128, "" },
	{ "\x7f\x80\xfe\xff", 4, 128, "" },
	{ "\x1f \x7e\x7f", 4, 128, " ~" },
	{ "", 0, 128, "" },
};

static void test_descr_sanitize(void **state)
{
	char out[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sanitize_cases); i++) {
		const struct sanitize_case *c = &sanitize_cases[i];

		memset(out, 0x5a, sizeof(out));
		assert_int_equal(v3_descr_sanitize(out, c->dstlen,
						   (const uint8_t *)c->in,
						   c->inlen),
				 strlen(c->out));
		assert_string_equal(out, c->out);
	}
}

struct build_case {
	uint8_t kind;
	uint32_t port;
	const char *path;
	const char *descr;
	const char *want_descr;
};

static const char long_descr[] =
	"0123456789012345678901234567890123456789012345678901234567890123"
	"4567890123456789012345678901234567890123456789012345678901234567"
	"89012345678901234567890123456789";

static const struct build_case build_cases[] = {
	{ 0, 0, "/tmp/a", "vdeplug: user=root pid=1", NULL },
	{ 0, 5, "/run/vde/.123-0", "QEMU user=1000 pid=42", NULL },
	{ 1, 0, "/x", "", NULL },
	{ 0, 1, "/x", NULL, "" },
	{ 0, V3_PORT_MAX, "/tmp/max", "max", NULL },
	{ 0, 65534, "/tmp/ports", "65534", NULL },
	/* capped at 127 bytes by the builder already */
	{ 0, 7, "/tmp/long", long_descr, NULL },
	/* stripped by the parser */
	{ 0, 2, "/tmp/ctl", "a\nb", "ab" },
};

static void test_build_roundtrip(void **state)
{
	uint8_t buf[V3_REQ_MAX];
	struct v3_req r;
	size_t i, len;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(build_cases); i++) {
		const struct build_case *c = &build_cases[i];
		const char *want = c->want_descr ? c->want_descr :
				   c->descr ? c->descr : "";
		size_t dl = c->descr ? strlen(c->descr) : 0;
		size_t wl = MIN(strlen(want), (size_t)V3_DESCR_MAX - 1);

		len = v3_build(buf, sizeof(buf), c->kind, c->port, c->path,
			       c->descr);
		assert_int_equal(len, V3_HDR_LEN + MIN(dl, (size_t)127));
		assert_int_equal(v3_parse(buf, len, false, &r), 0);
		assert_int_equal(r.version, 3);
		assert_int_equal(r.kind, c->kind);
		assert_int_equal(r.port, c->port);
		assert_false(r.abstract);
		assert_string_equal(r.addr.sun_path, c->path);
		assert_int_equal(strlen(r.descr), wl);
		assert_memory_equal(r.descr, want, wl);
	}
}

static void test_build_wire(void **state)
{
	static const uint8_t head[] = {
		0xce, 0xfa, 0xed, 0xfe, 3, 0, 0, 0, 0x00, 0x05, 0, 0, 1, 0,
		'/', 't', 'm', 'p', '/', 'v', 0,
	};
	uint8_t buf[V3_REQ_MAX];
	size_t len;

	(void)state;
	len = v3_build(buf, sizeof(buf), 0, 5, "/tmp/v", "QEMU");
	assert_int_equal(len, V3_HDR_LEN + 4);
	assert_memory_equal(buf, head, sizeof(head));
	assert_memory_equal(buf + V3_HDR_LEN, "QEMU", 4);
}

static void test_build_small_buffer(void **state)
{
	uint8_t buf[V3_REQ_MAX];

	(void)state;
	assert_int_equal(v3_build(buf, V3_HDR_LEN - 1, 0, 0, "/a", NULL), 0);
	assert_int_equal(v3_build(buf, V3_HDR_LEN, 0, 0, "/a", NULL),
			 V3_HDR_LEN);
	assert_int_equal(v3_build(buf, V3_HDR_LEN + 2, 0, 0, "/a", "abc"), 0);
	assert_int_equal(v3_build(buf, V3_HDR_LEN + 3, 0, 0, "/a", "abc"),
			 V3_HDR_LEN + 3);
}

struct strerror_case {
	int err;
	const char *text;
};

static const struct strerror_case strerror_cases[] = {
	{ V3_OK,		"ok" },
	{ V3_E_SHORT,		"request shorter than its header" },
	{ V3_E_LONG,		"request longer than 256 bytes" },
	{ V3_E_MAGIC,		"bad magic" },
	{ V3_E_VERSION,		"unsupported protocol version" },
	{ V3_E_KIND,		"unknown request kind" },
	{ V3_E_PORT,		"port number out of range" },
	{ V3_E_FAMILY,		"return address is not AF_UNIX" },
	{ V3_E_PATH_EMPTY,	"empty return address" },
	{ V3_E_PATH_UNTERM,	"return address not NUL-terminated" },
	{ V3_E_PATH_RELATIVE,	"return address is not an absolute path" },
	{ V3_E__COUNT,		"unknown error" },
	{ V3_E__COUNT + 1,	"unknown error" },
	{ 1000,			"unknown error" },
	{ INT_MAX,		"unknown error" },
	{ -INT_MAX,		"unknown error" },
};

static void test_strerror(void **state)
{
	size_t i;

	(void)state;
	/* one row per code: a new code without a row fails here */
	assert_int_equal(V3_E__COUNT, 11);
	for (i = 0; i < ARRAY_SIZE(strerror_cases); i++) {
		const struct strerror_case *c = &strerror_cases[i];

		assert_string_equal(v3_strerror(c->err), c->text);
		assert_string_equal(v3_strerror(-c->err), c->text);
	}
}

/*
 * Regression (fixed in 91062ca): v3_strerror(INT_MIN) negated INT_MIN,
 * which stays negative, passed the range check and indexed v3_err_str[]
 * at -2^31.
 */
static void test_strerror_int_min(void **state)
{
	(void)state;
	assert_string_equal(v3_strerror(INT_MIN), "unknown error");
}

/* A buffer whose last byte is followed by an inaccessible page */
static uint8_t *guarded(size_t len)
{
	static uint8_t *end;

	if (!end) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE);
		uint8_t *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		assert_true(m != MAP_FAILED);
		assert_int_equal(mprotect(m + page, page, PROT_NONE), 0);
		end = m + page;
	}
	assert_true(len <= 4096);
	return end - len;
}

/*
 * Every table row and every prefix of a valid request, parsed from the end
 * of a page followed by an unmapped one: any read past @len faults.
 * Regression (fixed in 91062ca): a version 3 request of 8..11 bytes
 * (ce fa ed fe 03 00 00 00) made v3_parse() read the type word at offset
 * 8 before checking the length.
 */
static void test_parse_never_reads_past_len(void **state)
{
	static uint8_t buf[65536];
	struct req_case c3 = { "v3", V3REQ, .descr = "abc" };
	struct req_case c1 = { "v1", V1REQ };
	struct v3_req r;
	size_t i, len, full;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		len = req_build(&cases[i], buf, sizeof(buf));
		if (len > 4096)
			continue;
		memcpy(guarded(len), buf, len);
		assert_int_equal(v3_parse(guarded(len), len,
					  cases[i].allow_v1, &r), cases[i].ret);
	}
	full = req_build(&c3, buf, sizeof(buf));
	for (len = 0; len <= full; len++) {
		memcpy(guarded(len), buf, len);
		assert_int_equal(v3_parse(guarded(len), len, true, &r),
				 len < V3_HDR_LEN ? -V3_E_SHORT : 0);
	}
	full = req_build(&c1, buf, sizeof(buf));
	for (len = 0; len <= full; len++) {
		memcpy(guarded(len), buf, len);
		assert_int_equal(v3_parse(guarded(len), len, true, &r),
				 len < V1_HDR_LEN ? -V3_E_SHORT : 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_kinds),
		cmocka_unit_test(test_parse_short),
		cmocka_unit_test(test_parse_len_bounds),
		cmocka_unit_test(test_descr_strip_then_cap),
		cmocka_unit_test(test_descr_sanitize),
		cmocka_unit_test(test_build_roundtrip),
		cmocka_unit_test(test_build_wire),
		cmocka_unit_test(test_build_small_buffer),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_strerror_int_min),
		cmocka_unit_test(test_parse_never_reads_past_len),
	};

	return cmocka_run_group_tests_name("v3", tests, NULL, NULL);
}
