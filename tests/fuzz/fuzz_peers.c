// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_peers.c - fuzz target for the authorized peers file parser
 * (cable/peers.c), as OpenSSH fuzzes authorized_keys.
 *
 * Invariants: nothing crashes or leaks; a refused text gives -EINVAL (or
 * -ENOMEM), a position of at least 1:1 within the text's lines, a
 * non-empty printable message, and an empty result; an accepted one
 * respects every limit of peers.h: at most PEERS_MAX peers, keys non-zero
 * and distinct, names distinct, names and switch names in their charset
 * and length, VLAN sets within 1..4094 with a count that matches,
 * keepalive within 1..3600 or off, psk-file absolute and short, endpoint
 * of a known family with a non-zero port, and every peer found by its key.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "peers.h"

static bool ident_ok(const char *s, bool empty_ok)
{
	size_t n = strnlen(s, PEERS_NAME_MAX + 1), i;

	if (n > PEERS_NAME_MAX || (!n && !empty_ok))
		return false;
	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_.-", s[i]))
			return false;
	return true;
}

static void check_peer(const struct peers *ps, size_t i)
{
	static const uint8_t zero[KEYS_LEN];
	const struct peer *p = &ps->v[i];
	unsigned int vid, count = 0;
	size_t j;

	FUZZ_CHECK(memcmp(p->pub, zero, KEYS_LEN));
	FUZZ_CHECK(ident_ok(p->name, false));
	FUZZ_CHECK(ident_ok(p->sw, true));
	FUZZ_CHECK(!peer_vlan_ok(p, 0) && !peer_vlan_ok(p, 4095));
	for (vid = 1; vid <= PEERS_VID_MAX; vid++)
		count += peer_vlan_ok(p, (uint16_t)vid);
	FUZZ_CHECK(count == p->nvlans && count <= PEERS_VID_MAX);
	FUZZ_CHECK(!p->vlans_any || count == PEERS_VID_MAX);
	FUZZ_CHECK(p->keepalive <= PEERS_KEEPALIVE_MAX);
	FUZZ_CHECK(strnlen(p->psk_file, sizeof(p->psk_file)) <=
		   PEERS_PATH_MAX);
	FUZZ_CHECK(!p->psk_file[0] || p->psk_file[0] == '/');
	if (p->has_endpoint) {
		const struct sockaddr_in *s4 = (const void *)&p->endpoint;
		const struct sockaddr_in6 *s6 = (const void *)&p->endpoint;

		if (s4->sin_family == AF_INET)
			FUZZ_CHECK(p->endpoint_len == sizeof(*s4) &&
				   s4->sin_port);
		else
			FUZZ_CHECK(s6->sin6_family == AF_INET6 &&
				   p->endpoint_len == sizeof(*s6) &&
				   s6->sin6_port);
	}
	FUZZ_CHECK(i == 0 || p->line > ps->v[i - 1].line);
	for (j = 0; j < i; j++) {
		FUZZ_CHECK(memcmp(p->pub, ps->v[j].pub, KEYS_LEN));
		FUZZ_CHECK(strcmp(p->name, ps->v[j].name));
	}
	FUZZ_CHECK(peers_find(ps, p->pub) == p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct peers_error err;
	struct peers ps;
	size_t lines = 1, i;
	const char *c;
	int rc;

	if (sodium_init() < 0)
		abort();
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	rc = peers_parse((const char *)data, size, "fuzz", &ps, &err);
	if (rc) {
		FUZZ_CHECK(rc == -EINVAL || rc == -ENOMEM);
		FUZZ_CHECK(!ps.v && !ps.n);
		FUZZ_CHECK(err.line >= 1 && (size_t)err.line <= lines);
		FUZZ_CHECK(err.col >= 1 && err.col <= PEERS_LINE_MAX + 1);
		FUZZ_CHECK(err.msg[0] && !strcmp(err.file, "fuzz"));
		for (c = err.msg; *c; c++)
			FUZZ_CHECK(*c >= 0x20 && *c < 0x7f);
		return 0;
	}
	FUZZ_CHECK(ps.n <= PEERS_MAX && (ps.n == 0) == (ps.v == NULL));
	for (i = 0; i < ps.n; i++) {
		FUZZ_CHECK(ps.v[i].line >= 1 && (size_t)ps.v[i].line <= lines);
		check_peer(&ps, i);
	}
	peers_free(&ps);
	return 0;
}
