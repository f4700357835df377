// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * peers.c - parser of the authorized peers file, cable-peers(5):
 *
 *   # comment
 *   KEY name=N [switch=S] [vlans=V,A-B|any] [endpoint=ADDR:PORT]
 *       [keepalive=SECONDS] [psk-file=/PATH]
 *
 * Theory of operation: pure text in, struct out; no I/O (inet_pton() is
 * the only library call on the text besides libsodium's base64).  The
 * text is read one physical line at a time.  A line is checked whole
 * before it is split: its length (PEERS_LINE_MAX) and its bytes (no NUL,
 * no control character but tab), so that words and messages never carry
 * a byte that could corrupt a log line.  Words are separated by blanks;
 * a word that starts with '#' starts a comment.  A peer is built on the
 * stack and appended only once the whole line is accepted.  The first
 * mistake stops the parse: it is described as FILE:LINE:COL: message,
 * everything allocated is freed and *out is left empty.  Duplicate keys
 * are found with sodium_memcmp(), so a key is never compared with an
 * early exit.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "peers.h"

/**
 * struct pline - the line being parsed
 * @s:		its first byte
 * @n:		its length, newline excluded
 * @no:		1-based line number
 * @file:	file name for messages
 * @err:	where the first error goes
 */
struct pline {
	const char *s;
	size_t n;
	int no;
	const char *file;
	struct peers_error *err;
};

static int peers_fail(struct peers_error *err, const char *file, int line,
		      int col, const char *fmt, ...) __printf(5, 6);

/* Describe the first error; the message is made printable ASCII */
static int peers_fail(struct peers_error *err, const char *file, int line,
		      int col, const char *fmt, ...)
{
	va_list ap;
	char *c;

	snprintf(err->file, sizeof(err->file), "%s", file ? file : "-");
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	for (c = err->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
	for (c = err->file; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
	return -EINVAL;
}

/* An error at byte offset @off of the line */
#define LFAIL(l, off, ...)						\
	peers_fail((l)->err, (l)->file, (l)->no, (int)(off) + 1, __VA_ARGS__)

/* Length and bytes of the line */
static int line_check(const struct pline *l)
{
	size_t i;

	for (i = 0; i < l->n && i < PEERS_LINE_MAX; i++) {
		unsigned char c = (unsigned char)l->s[i];

		if (!c)
			return LFAIL(l, i, "NUL byte in the text");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return LFAIL(l, i, "control character 0x%02x in the "
				     "text (only tab and newline are "
				     "allowed)", c);
	}
	if (l->n > PEERS_LINE_MAX)
		return LFAIL(l, PEERS_LINE_MAX, "line too long (max %d bytes)",
			     PEERS_LINE_MAX);
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next word at or after *pos: 0 and [*start, *end), or 1 at the end */
static int line_word(const struct pline *l, size_t *pos, size_t *start,
		     size_t *end)
{
	size_t i = *pos;

	while (i < l->n && is_blank(l->s[i]))
		i++;
	if (i == l->n || l->s[i] == '#')
		return 1;
	*start = i;
	while (i < l->n && !is_blank(l->s[i]))
		i++;
	*end = *pos = i;
	return 0;
}

/* A decimal number of at most @digits digits in [lo, hi]; -1 if not */
static long parse_num(const char *s, size_t n, size_t digits, long lo,
		      long hi)
{
	long v = 0;
	size_t i;

	if (!n || n > digits)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v < lo || v > hi ? -1 : v;
}

/* name= and switch=: 1..PEERS_NAME_MAX of [A-Za-z0-9_.-] */
static int opt_ident(const struct pline *l, const char *what, char *dst,
		     const char *v, size_t n, size_t off)
{
	size_t i;

	if (n > PEERS_NAME_MAX)
		return LFAIL(l, off, "%s too long (max %d characters)", what,
			     PEERS_NAME_MAX);
	for (i = 0; i < n; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return LFAIL(l, off + i, "invalid character '%c' in "
				     "%s (allowed: A-Z a-z 0-9 _ . -)", c,
				     what);
	}
	memcpy(dst, v, n);
	dst[n] = '\0';
	return 0;
}

static int opt_name(const struct pline *l, struct peer *p, const char *v,
		    size_t n, size_t off)
{
	return opt_ident(l, "name", p->name, v, n, off);
}

static int opt_switch(const struct pline *l, struct peer *p, const char *v,
		      size_t n, size_t off)
{
	return opt_ident(l, "switch name", p->sw, v, n, off);
}

static void vmap_set(uint8_t *map, unsigned int vid)
{
	map[vid / 8] |= (uint8_t)(1u << (vid % 8));
}

static bool vmap_test(const uint8_t *map, unsigned int vid)
{
	return map[vid / 8] & (1u << (vid % 8));
}

/* One entry of vlans=: V or A-B, added to @p */
static int vlan_entry(const struct pline *l, struct peer *p, const char *v,
		      size_t n, size_t off)
{
	const char *dash = memchr(v, '-', n);
	long a, b, vid;
	size_t an = dash ? (size_t)(dash - v) : n;

	if (!n)
		return LFAIL(l, off, "empty entry in the VLAN list");
	a = parse_num(v, an, 4, 1, PEERS_VID_MAX);
	if (a < 0)
		return LFAIL(l, off, "VLAN ID must be a number from 1 to %d",
			     PEERS_VID_MAX);
	b = a;
	if (dash) {
		b = parse_num(dash + 1, n - an - 1, 4, 1, PEERS_VID_MAX);
		if (b < 0)
			return LFAIL(l, off + an + 1, "VLAN ID must be a "
				     "number from 1 to %d", PEERS_VID_MAX);
		if (b < a)
			return LFAIL(l, off, "VLAN range %ld-%ld is reversed",
				     a, b);
	}
	for (vid = a; vid <= b; vid++) {
		if (vmap_test(p->vlans, (unsigned int)vid))
			return LFAIL(l, off, "VLAN %ld listed twice", vid);
		vmap_set(p->vlans, (unsigned int)vid);
		p->nvlans++;
	}
	return 0;
}

/* vlans=any | V[-V][,V[-V]]... */
static int opt_vlans(const struct pline *l, struct peer *p, const char *v,
		     size_t n, size_t off)
{
	size_t i = 0, entries = 0;
	unsigned int vid;

	if (n == 3 && !memcmp(v, "any", 3)) {
		for (vid = 1; vid <= PEERS_VID_MAX; vid++)
			vmap_set(p->vlans, vid);
		p->nvlans = PEERS_VID_MAX;
		p->vlans_any = true;
		return 0;
	}
	for (;;) {
		const char *comma = memchr(v + i, ',', n - i);
		size_t j = comma ? (size_t)(comma - v) : n;

		/* cannot trigger with duplicates refused; kept as a limit */
		if (++entries > PEERS_VID_MAX)
			return LFAIL(l, off + i, "too many VLAN entries (max "
				     "%d)", PEERS_VID_MAX);
		if (vlan_entry(l, p, v + i, j - i, off + i))
			return -EINVAL;
		if (!comma)
			return 0;
		i = j + 1;
	}
}

/* The port of endpoint=, after its ':' */
static int endpoint_port(const struct pline *l, const char *v, size_t n,
			 size_t off, uint16_t *port)
{
	long pt = parse_num(v, n, 5, 1, 65535);

	if (pt < 0)
		return LFAIL(l, off, "port must be a number from 1 to 65535");
	*port = (uint16_t)pt;
	return 0;
}

/* endpoint=A.B.C.D:PORT | [IPV6]:PORT */
static int opt_endpoint(const struct pline *l, struct peer *p, const char *v,
			size_t n, size_t off)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon, *hs = v, *rb;
	size_t hn;
	uint16_t port = 0;	/* set by endpoint_port() unless it fails */

	if (v[0] == '[') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&p->endpoint;

		rb = memchr(v, ']', n);
		if (!rb)
			return LFAIL(l, off, "missing ']' after an IPv6 "
				     "address");
		hs = v + 1;
		hn = (size_t)(rb - hs);
		if (rb + 1 == v + n || rb[1] != ':')
			return LFAIL(l, off + (size_t)(rb + 1 - v),
				     "expected ':PORT' after ']'");
		if (hn >= sizeof(host))
			return LFAIL(l, off + 1, "not an IPv6 address");
		memcpy(host, hs, hn);
		host[hn] = '\0';
		if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
			return LFAIL(l, off + 1, "not an IPv6 address");
		colon = rb + 1;
		if (endpoint_port(l, colon + 1, n - (size_t)(colon + 1 - v),
				  off + (size_t)(colon + 1 - v), &port))
			return -EINVAL;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		p->endpoint_len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&p->endpoint;

		colon = memrchr(v, ':', n);
		if (!colon)
			return LFAIL(l, off, "expected ADDRESS:PORT");
		hn = (size_t)(colon - v);
		if (memchr(v, ':', hn))
			return LFAIL(l, off, "an IPv6 address needs brackets: "
				     "[ADDRESS]:PORT");
		if (hn >= sizeof(host))
			return LFAIL(l, off, "not an IPv4 address");
		memcpy(host, hs, hn);
		host[hn] = '\0';
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return LFAIL(l, off, "not an IPv4 address");
		if (endpoint_port(l, colon + 1, n - hn - 1, off + hn + 1,
				  &port))
			return -EINVAL;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		p->endpoint_len = sizeof(*s4);
	}
	p->has_endpoint = true;
	return 0;
}

static int opt_keepalive(const struct pline *l, struct peer *p,
			 const char *v, size_t n, size_t off)
{
	long s = parse_num(v, n, 4, 1, PEERS_KEEPALIVE_MAX);

	if (s < 0)
		return LFAIL(l, off, "keepalive must be a number of seconds "
			     "from 1 to %d", PEERS_KEEPALIVE_MAX);
	p->keepalive = (uint16_t)s;
	return 0;
}

static int opt_psk(const struct pline *l, struct peer *p, const char *v,
		   size_t n, size_t off)
{
	if (v[0] != '/')
		return LFAIL(l, off, "psk-file must be an absolute path");
	if (n > PEERS_PATH_MAX)
		return LFAIL(l, off, "psk-file path too long (max %d bytes)",
			     PEERS_PATH_MAX);
	memcpy(p->psk_file, v, n);
	p->psk_file[n] = '\0';
	return 0;
}

typedef int (*opt_fn)(const struct pline *l, struct peer *p, const char *v,
		      size_t n, size_t off);

static const struct {
	const char *name;
	opt_fn fn;
} peer_opts[] = {
	{ "name",	opt_name },
	{ "switch",	opt_switch },
	{ "vlans",	opt_vlans },
	{ "endpoint",	opt_endpoint },
	{ "keepalive",	opt_keepalive },
	{ "psk-file",	opt_psk },
};

/* One NAME=VALUE word at [a, b) of the line */
static int line_option(const struct pline *l, struct peer *p,
		       unsigned int *seen, size_t a, size_t b)
{
	const char *w = l->s + a, *eq = memchr(w, '=', b - a);
	size_t kn, i;

	if (!eq)
		return LFAIL(l, a, "expected an option NAME=VALUE, not '%.*s'",
			     (int)MIN(b - a, 40), w);
	kn = (size_t)(eq - w);
	for (i = 0; i < ARRAY_SIZE(peer_opts); i++)
		if (strlen(peer_opts[i].name) == kn &&
		    !memcmp(peer_opts[i].name, w, kn))
			break;
	if (i == ARRAY_SIZE(peer_opts))
		return LFAIL(l, a, "unknown option '%.*s'", (int)MIN(kn, 40),
			     w);
	if (*seen & (1u << i))
		return LFAIL(l, a, "option %s given twice", peer_opts[i].name);
	*seen |= 1u << i;
	if (kn + 1 == b - a)
		return LFAIL(l, a + kn + 1, "option %s needs a value",
			     peer_opts[i].name);
	return peer_opts[i].fn(l, p, eq + 1, b - a - kn - 1, a + kn + 1);
}

/* Key and options of a line that is not blank; *p filled on success */
static int line_peer(const struct pline *l, struct peer *p)
{
	static const uint8_t zero[KEYS_LEN];
	size_t pos = 0, a, b;
	unsigned int seen = 0;

	memset(p, 0, sizeof(*p));
	p->line = l->no;
	if (line_word(l, &pos, &a, &b))
		return 0;
	if (b - a != KEYS_B64_LEN)
		return LFAIL(l, a, "public key must be %d base64 characters, "
			     "not %zu", KEYS_B64_LEN, b - a);
	if (keys_from_base64(p->pub, l->s + a, b - a))
		return LFAIL(l, a, "not a base64 X25519 public key");
	if (!sodium_memcmp(p->pub, zero, KEYS_LEN))
		return LFAIL(l, a, "the all-zero public key is refused");
	while (!line_word(l, &pos, &a, &b))
		if (line_option(l, p, &seen, a, b))
			return -EINVAL;
	if (!(seen & 1u))
		return LFAIL(l, 0, "missing option name=");
	return 1;
}

/* A peer's key or name already in @ps */
static int peers_dup(const struct pline *l, const struct peers *ps,
		     const struct peer *p)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		if (!sodium_memcmp(ps->v[i].pub, p->pub, KEYS_LEN))
			return LFAIL(l, 0, "public key already given on line "
				     "%d", ps->v[i].line);
		if (!strcmp(ps->v[i].name, p->name))
			return LFAIL(l, 0, "name %s already given on line %d",
				     p->name, ps->v[i].line);
	}
	return 0;
}

/* Append @p, growing the array by doubling */
static int peers_add(const struct pline *l, struct peers *ps, size_t *cap,
		     const struct peer *p)
{
	struct peer *v;
	size_t ncap;

	if (ps->n == PEERS_MAX)
		return LFAIL(l, 0, "too many peers (max %d)", PEERS_MAX);
	if (ps->n == *cap) {
		ncap = *cap ? MIN(*cap * 2, (size_t)PEERS_MAX) : 8;
		v = realloc(ps->v, ncap * sizeof(*v));
		if (!v) {
			peers_fail(l->err, l->file, l->no, 1, "out of memory");
			return -ENOMEM;
		}
		ps->v = v;
		*cap = ncap;
	}
	ps->v[ps->n++] = *p;
	return 0;
}

/**
 * peers_parse() - parse an authorized peers file, cable-peers(5)
 * @text:	its contents (untrusted), need not be NUL-terminated
 * @len:	their length
 * @file:	name for error messages (copied into @err only)
 * @out:	the peers on success, to release with peers_free(); emptied
 *		(nothing allocated) on error
 * @err:	the first mistake, on error
 *
 * Return: 0, or -EINVAL (or -ENOMEM) with @err filled in
 */
int peers_parse(const char *text, size_t len, const char *file,
		struct peers *out, struct peers_error *err)
{
	struct peers ps = { NULL, 0 };
	struct pline l = { .file = file, .err = err };
	struct peer p;
	size_t pos = 0, cap = 0;
	const char *nl;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		l.s = text + pos;
		l.no++;
		nl = memchr(l.s, '\n', len - pos);
		l.n = nl ? (size_t)(nl - l.s) : len - pos;
		pos += l.n + 1;
		rc = line_check(&l);
		if (!rc)
			rc = line_peer(&l, &p);
		if (rc == 1) {
			rc = peers_dup(&l, &ps, &p);
			if (!rc)
				rc = peers_add(&l, &ps, &cap, &p);
		}
		if (rc < 0)
			goto out;
	}
	rc = 0;
	*out = ps;
out:
	sodium_memzero(&p, sizeof(p));
	if (rc)
		peers_free(&ps);
	return rc;
}

/**
 * peers_free() - release what peers_parse() made; the set is left empty
 * @ps:		peers (may be empty)
 */
void peers_free(struct peers *ps)
{
	if (ps->v)
		sodium_memzero(ps->v, ps->n * sizeof(*ps->v));
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}

/**
 * peers_find() - the peer with a public key
 * @ps:		peers
 * @pub:	key to look for
 *
 * Every key is compared with sodium_memcmp() and the loop does not stop
 * at a match, so the time depends only on the number of peers.
 *
 * Return: the peer, or NULL if the key is not authorized
 */
const struct peer *peers_find(const struct peers *ps,
			      const uint8_t pub[KEYS_LEN])
{
	const struct peer *found = NULL;
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (!sodium_memcmp(ps->v[i].pub, pub, KEYS_LEN))
			found = &ps->v[i];
	return found;
}

/**
 * peer_vlan_ok() - may the peer send or receive frames tagged @vid
 * @p:		peer
 * @vid:	VLAN ID of a tagged frame
 *
 * Untagged frames are not a question for this function: a cable always
 * carries them.
 *
 * Return: true if @vid is in 1..4094 and in the peer's vlans= set
 */
bool peer_vlan_ok(const struct peer *p, uint16_t vid)
{
	if (vid < 1 || vid > PEERS_VID_MAX)
		return false;
	return vmap_test(p->vlans, vid);
}

/**
 * peers_error_str() - an error as "FILE:LINE:COL: message"
 * @e:		error
 * @buf:	where to write
 * @size:	its size
 *
 * Return: @buf
 */
const char *peers_error_str(const struct peers_error *e, char *buf,
			    size_t size)
{
	snprintf(buf, size, "%s:%d:%d: %s", e->file, e->line, e->col, e->msg);
	return buf;
}
