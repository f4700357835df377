// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_peers.c - unit tests of the authorized peers file (cable/peers.c).
 *
 * - A table of refused files, each with the line and column of the first
 *   mistake and a part of its message; the output is left empty.
 * - A table of accepted files with the fields of one of their peers.
 * - The limits at their edges: 1024 peers, a 1024-byte line, a 31-byte
 *   name, a 255-byte psk-file path (one more is refused in each case).
 * - peers_find() and peer_vlan_ok(), and the "FILE:LINE:COL: msg" form.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "peers.h"

/* bytes 1..32, 33..64, 65..96, 97..128 */
#define K1 "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
#define K2 "ISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0A="
#define K3 "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpbXF1eX2A="
#define K4 "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4A="
#define KZ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

/* The key is columns 1-44 and " name=a " 45-52: the next option is at 53 */
#define A K1 " name=a "

struct bad {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	int line;
	int col;
	const char *msg;
};

static const struct bad bad[] = {
	{ K1 "\n", 0, 1, 1, "missing option name=" },
	{ "abc name=x", 0, 1, 1, "must be 44 base64" },
	{ "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!=", 0, 1, 1,
	  "not a base64" },
	{ K1 "x name=a", 0, 1, 1, "must be 44" },
	{ KZ " name=a", 0, 1, 1, "all-zero" },
	{ K1 " name=a\n" K1 " name=b", 0, 2, 1, "already given on line 1" },
	{ K1 " name=a\n" K2 " name=a", 0, 2, 1, "name a already given" },
	{ A "foo=1", 0, 1, 53, "unknown option 'foo'" },
	{ A "bar", 0, 1, 53, "expected an option NAME=VALUE" },
	{ A "name=b", 0, 1, 53, "option name given twice" },
	{ A "vlans=1 vlans=2", 0, 1, 61, "option vlans given twice" },
	{ K1 " name=", 0, 1, 51, "needs a value" },
	{ K1 " name=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 1, 51, "too long" },
	{ K1 " name=a/b", 0, 1, 52, "invalid character '/'" },
	{ K1 " name=\xc3\xa9", 0, 1, 51, "invalid character '?'" },
	{ A "switch=l@n", 0, 1, 61, "in switch name" },
	{ A "vlans=0", 0, 1, 59, "from 1 to 4094" },
	{ A "vlans=4095", 0, 1, 59, "from 1 to 4094" },
	{ A "vlans=00010", 0, 1, 59, "from 1 to 4094" },
	{ A "vlans=+5", 0, 1, 59, "from 1 to 4094" },
	{ A "vlans=abc", 0, 1, 59, "from 1 to 4094" },
	{ A "vlans=10,10", 0, 1, 62, "VLAN 10 listed twice" },
	{ A "vlans=5-10,8", 0, 1, 64, "VLAN 8 listed twice" },
	{ A "vlans=10,", 0, 1, 62, "empty entry" },
	{ A "vlans=,10", 0, 1, 59, "empty entry" },
	{ A "vlans=20-10", 0, 1, 59, "reversed" },
	{ A "vlans=1-4095", 0, 1, 61, "from 1 to 4094" },
	{ A "vlans=1-", 0, 1, 61, "from 1 to 4094" },
	{ A "vlans=ANY", 0, 1, 59, "from 1 to 4094" },
	{ A "endpoint=1.2.3.4", 0, 1, 62, "expected ADDRESS:PORT" },
	{ A "endpoint=1.2.3.4:0", 0, 1, 70, "port must be" },
	{ A "endpoint=1.2.3.4:65536", 0, 1, 70, "port must be" },
	{ A "endpoint=1.2.3.4:", 0, 1, 70, "port must be" },
	{ A "endpoint=1.2.3:80", 0, 1, 62, "not an IPv4 address" },
	{ A "endpoint=host.example:80", 0, 1, 62, "not an IPv4 address" },
	{ A "endpoint=::1:80", 0, 1, 62, "needs brackets" },
	{ A "endpoint=[::1", 0, 1, 62, "missing ']'" },
	{ A "endpoint=[::1]80", 0, 1, 67, "expected ':PORT'" },
	{ A "endpoint=[1.2.3.4]:80", 0, 1, 63, "not an IPv6 address" },
	{ A "endpoint=[fe80::1%eth0]:80", 0, 1, 63, "not an IPv6" },
	{ A "keepalive=0", 0, 1, 63, "keepalive must be" },
	{ A "keepalive=3601", 0, 1, 63, "keepalive must be" },
	{ A "keepalive=1s", 0, 1, 63, "keepalive must be" },
	{ A "psk-file=etc/vde/x.psk", 0, 1, 62, "absolute path" },
	{ K1 " name=a\x01", 0, 1, 52, "control character 0x01" },
	{ K1 " name=a\r\n", 0, 1, 52, "control character 0x0d" },
	{ "# ok\n" K1 " name=\0", 56, 2, 51, "NUL byte" },
	{ "# c\n\n\t" K1 " bogus", 0, 3, 47, "expected an option" },
	{ K1 " name=a\n" K2 " name=b vlans=1 vlans=1\n", 0, 2, 61,
	  "given twice" },
};

static void test_refused(void **state)
{
	struct peers ps;
	struct peers_error err;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		const struct bad *b = &bad[i];
		size_t len = b->len ? b->len : strlen(b->text);
		int rc;

		memset(&err, 0, sizeof(err));
		ps.v = (void *)1;
		ps.n = 7;
		rc = peers_parse(b->text, len, "peers", &ps, &err);
		if (rc != -EINVAL || err.line != b->line ||
		    err.col != b->col || !strstr(err.msg, b->msg))
			fail_msg("row %zu: rc %d, %d:%d: %s (want %d:%d: %s)",
				 i, rc, err.line, err.col, err.msg, b->line,
				 b->col, b->msg);
		assert_null(ps.v);
		assert_int_equal(ps.n, 0);
		assert_string_equal(err.file, "peers");
	}
}

struct good {
	const char *text;
	size_t n;		/* peers in the file */
	size_t idx;		/* the one checked */
	const char *name;
	const char *sw;
	unsigned int nvlans;
	uint16_t vok, vno;	/* a VLAN allowed, one refused */
	int af;			/* endpoint family, 0 if none */
	const char *addr;
	uint16_t port;
	uint16_t keepalive;
	const char *psk;
	const char *key;
};

static const struct good good[] = {
	{ .text = "", .n = 0 },
	{ .text = "# only comments\n\n  \t\n   # indented\n", .n = 0 },
	{ .text = "# pubkey options\n" K1 "  name=siteb switch=lan "
	  "vlans=10,20 endpoint=198.51.100.7:4789 keepalive=25\n",
	  .n = 1, .name = "siteb", .sw = "lan", .nvlans = 2, .vok = 20,
	  .vno = 11, .af = AF_INET, .addr = "198.51.100.7", .port = 4789,
	  .keepalive = 25, .psk = "", .key = K1 },
	{ .text = K2 "\tname=laptop switch=lan vlans=10 "
	  "psk-file=/etc/vde/laptop.psk", .n = 1, .name = "laptop",
	  .sw = "lan", .nvlans = 1, .vok = 10, .vno = 20,
	  .psk = "/etc/vde/laptop.psk", .key = K2 },
	{ .text = K1 " name=a vlans=any", .n = 1, .name = "a", .sw = "",
	  .nvlans = 4094, .vok = 4094, .vno = 4095, .psk = "", .key = K1 },
	{ .text = K1 " name=a", .n = 1, .name = "a", .sw = "", .nvlans = 0,
	  .vno = 1, .psk = "", .key = K1 },
	{ .text = K3 " name=v6 endpoint=[2001:db8::1]:51820", .n = 1,
	  .name = "v6", .sw = "", .af = AF_INET6, .addr = "2001:db8::1",
	  .port = 51820, .vno = 1, .psk = "", .key = K3 },
	{ .text = K1 " name=a\n" K2 " name=b vlans=1-4094 # note\n", .n = 2,
	  .idx = 1, .name = "b", .sw = "", .nvlans = 4094, .vok = 1,
	  .vno = 0, .psk = "", .key = K2 },
	{ .text = "  " K3 " keepalive=3600 vlans=100-199,5 name=Z.z_-9 "
	  "switch=sw.1", .n = 1, .name = "Z.z_-9", .sw = "sw.1",
	  .nvlans = 101, .vok = 199, .vno = 200, .keepalive = 3600,
	  .psk = "", .key = K3 },
	{ .text = K4 " name=abcdefghijklmnopqrstuvwxyz01234 "
	  "endpoint=0.0.0.0:1 keepalive=1\n\n\n", .n = 1,
	  .name = "abcdefghijklmnopqrstuvwxyz01234", .sw = "", .vno = 1,
	  .af = AF_INET, .addr = "0.0.0.0", .port = 1, .keepalive = 1,
	  .psk = "", .key = K4 },
	{ .text = K1 " name=a\n" K2 " name=b\n" K3 " name=c\n" K4
	  " name=d endpoint=[::ffff:10.0.0.1]:65535 vlans=7,9-9,8", .n = 4,
	  .idx = 3, .name = "d", .sw = "", .nvlans = 3, .vok = 8, .vno = 6,
	  .af = AF_INET6, .addr = "::ffff:10.0.0.1", .port = 65535,
	  .psk = "", .key = K4 },
};

static void check_good(const struct good *g, const struct peer *p)
{
	char addr[INET6_ADDRSTRLEN];
	uint8_t key[KEYS_LEN];

	assert_int_equal(keys_from_base64(key, g->key, KEYS_B64_LEN), 0);
	assert_memory_equal(p->pub, key, KEYS_LEN);
	assert_string_equal(p->name, g->name);
	assert_string_equal(p->sw, g->sw);
	assert_int_equal(p->nvlans, g->nvlans);
	if (g->vok)
		assert_true(peer_vlan_ok(p, g->vok));
	assert_false(peer_vlan_ok(p, g->vno));
	assert_int_equal(p->has_endpoint, g->af != 0);
	if (g->af == AF_INET) {
		const struct sockaddr_in *s = (const void *)&p->endpoint;

		assert_int_equal(s->sin_family, AF_INET);
		assert_int_equal(p->endpoint_len, sizeof(*s));
		inet_ntop(AF_INET, &s->sin_addr, addr, sizeof(addr));
		assert_string_equal(addr, g->addr);
		assert_int_equal(ntohs(s->sin_port), g->port);
	} else if (g->af == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)&p->endpoint;

		assert_int_equal(s->sin6_family, AF_INET6);
		assert_int_equal(p->endpoint_len, sizeof(*s));
		inet_ntop(AF_INET6, &s->sin6_addr, addr, sizeof(addr));
		assert_string_equal(addr, g->addr);
		assert_int_equal(ntohs(s->sin6_port), g->port);
	}
	assert_int_equal(p->keepalive, g->keepalive);
	assert_string_equal(p->psk_file, g->psk);
}

static void test_accepted(void **state)
{
	struct peers_error err;
	struct peers ps;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		const struct good *g = &good[i];

		if (peers_parse(g->text, strlen(g->text), "peers", &ps, &err))
			fail_msg("row %zu: %d:%d: %s", i, err.line, err.col,
				 err.msg);
		assert_int_equal(ps.n, g->n);
		if (g->n)
			check_good(g, &ps.v[g->idx]);
		else
			assert_null(ps.v);
		peers_free(&ps);
		assert_null(ps.v);
		assert_int_equal(ps.n, 0);
	}
}

/* @n peers, one per line, keys and names from their index */
static char *many(size_t n, size_t *len)
{
	char *t = malloc(n * 80 + 1), b64[KEYS_B64_LEN + 1];
	uint8_t key[KEYS_LEN];
	size_t i, off = 0;

	assert_non_null(t);
	for (i = 0; i < n; i++) {
		memset(key, 0xa5, sizeof(key));
		key[0] = (uint8_t)i;
		key[1] = (uint8_t)(i >> 8);
		keys_to_base64(b64, key);
		off += (size_t)sprintf(t + off, "%s name=p%zu\n", b64, i);
	}
	*len = off;
	return t;
}

static void test_limits(void **state)
{
	char line[PEERS_LINE_MAX + 2], psk[PEERS_PATH_MAX + 2];
	char txt[PEERS_LINE_MAX + 64];
	struct peers_error err;
	struct peers ps;
	size_t len;
	char *t;

	(void)state;
	t = many(PEERS_MAX, &len);
	assert_int_equal(peers_parse(t, len, "f", &ps, &err), 0);
	assert_int_equal(ps.n, PEERS_MAX);
	peers_free(&ps);
	free(t);

	t = many(PEERS_MAX + 1, &len);
	assert_int_equal(peers_parse(t, len, "f", &ps, &err), -EINVAL);
	assert_int_equal(err.line, PEERS_MAX + 1);
	assert_int_equal(err.col, 1);
	assert_non_null(strstr(err.msg, "too many peers (max 1024)"));
	assert_null(ps.v);
	free(t);

	/* a 1024-byte comment line is fine, 1025 is not */
	memset(line, 'x', sizeof(line));
	line[0] = '#';
	assert_int_equal(peers_parse(line, PEERS_LINE_MAX, "f", &ps, &err), 0);
	assert_int_equal(peers_parse(line, PEERS_LINE_MAX + 1, "f", &ps, &err),
			 -EINVAL);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, PEERS_LINE_MAX + 1);
	assert_non_null(strstr(err.msg, "line too long (max 1024 bytes)"));

	/* psk-file of 255 bytes, then 256 */
	memset(psk, 'p', sizeof(psk));
	psk[0] = '/';
	psk[PEERS_PATH_MAX] = '\0';
	snprintf(txt, sizeof(txt), K1 " name=a psk-file=%s", psk);
	assert_int_equal(peers_parse(txt, strlen(txt), "f", &ps, &err), 0);
	assert_int_equal(strlen(ps.v[0].psk_file), PEERS_PATH_MAX);
	peers_free(&ps);
	psk[PEERS_PATH_MAX] = 'p';
	psk[PEERS_PATH_MAX + 1] = '\0';
	snprintf(txt, sizeof(txt), K1 " name=a psk-file=%s", psk);
	assert_int_equal(peers_parse(txt, strlen(txt), "f", &ps, &err),
			 -EINVAL);
	assert_int_equal(err.col, 62);
	assert_non_null(strstr(err.msg, "too long (max 255 bytes)"));
}

static void test_find(void **state)
{
	static const char text[] = K1 " name=a vlans=5\n" K2 " name=b\n";
	struct peers ps, none = { NULL, 0 };
	struct peers_error err;
	uint8_t key[KEYS_LEN];
	const struct peer *p;
	char buf[600];

	(void)state;
	assert_int_equal(peers_parse(text, sizeof(text) - 1, "f", &ps, &err),
			 0);
	assert_int_equal(keys_from_base64(key, K2, KEYS_B64_LEN), 0);
	p = peers_find(&ps, key);
	assert_ptr_equal(p, &ps.v[1]);
	assert_int_equal(p->line, 2);
	assert_null(peers_find(&none, key));
	assert_int_equal(keys_from_base64(key, K3, KEYS_B64_LEN), 0);
	assert_null(peers_find(&ps, key));

	assert_true(peer_vlan_ok(&ps.v[0], 5));
	assert_false(peer_vlan_ok(&ps.v[0], 0));
	assert_false(peer_vlan_ok(&ps.v[0], 4095));
	assert_false(peer_vlan_ok(&ps.v[0], 65535));
	assert_false(peer_vlan_ok(&ps.v[1], 5));
	peers_free(&ps);

	assert_int_equal(peers_parse(K1 " name=a bad", 55, "/etc/vde/peers",
				     &ps, &err), -EINVAL);
	assert_string_equal(peers_error_str(&err, buf, sizeof(buf)),
			    "/etc/vde/peers:1:53: expected an option "
			    "NAME=VALUE, not 'bad'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_find),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
