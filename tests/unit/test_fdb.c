// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_fdb.c - unit tests of the MAC table (switchd/fdb.c).
 *
 * Each scenario is a script: a table of steps (learn, lookup, flush, age,
 * resize) with the result each step must give, run against a fresh table
 * twice, once with a single bucket (every entry on one chain, so removal
 * from the middle of a chain is exercised) and once with many.  A
 * model-based test then runs thousands of random operations against a
 * plain array that implements the same rules and compares after each one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fdb.h"

enum op {
	END,
	LEARN,		/* mac, vlan, port, now -> enum fdb_result */
	LOOKUP,		/* mac, vlan -> port or -1 */
	FLUSH_PORT,	/* port -> entries removed */
	FLUSH_VLAN,	/* vlan -> entries removed */
	AGE,		/* now -> entries removed */
	RESIZE,		/* arg = buckets -> 0 */
	USED,		/* -> f->used */
	STATS,		/* -> compare f->stats with .stats */
};

/* A few addresses, by index */
static const uint8_t macs[][6] = {
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 },	/* 0: A */
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x02 },	/* 1: B */
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x03 },	/* 2: C */
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x04 },	/* 3: D */
	{ 0x52, 0x54, 0x00, 0x00, 0x00, 0x05 },	/* 4: E */
	{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },	/* 5: IPv4 multicast */
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },	/* 6: broadcast */
	{ 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },	/* 7: IPv6 multicast */
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x00 },	/* 8: local unicast */
	{ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 },	/* 9: all zero */
	{ 0x52, 0x54, 0x00, 0x00, 0x01, 0x01 },	/* 10: A', differs late */
};

enum { A, B, C, D, E, MC4, BCAST, MC6, LOCAL, ZERO, A2 };

struct step {
	enum op op;
	int mac;
	uint16_t vlan;
	uint32_t port;
	uint32_t now;
	long want;
	struct fdb_stats stats;
};

/* Table parameters and the script */
struct scenario {
	const char *name;
	uint32_t cap;
	uint32_t port_cap;
	uint32_t nports;
	uint32_t expire;
	uint32_t minpers;
	struct step steps[40];
};

#define L(m, v, p, t, r)	{ LEARN, m, v, p, t, r, { 0 } }
#define Q(m, v, r)		{ LOOKUP, m, v, 0, 0, r, { 0 } }
#define FP(p, r)		{ FLUSH_PORT, 0, 0, p, 0, r, { 0 } }
#define FV(v, r)		{ FLUSH_VLAN, 0, v, 0, 0, r, { 0 } }
#define AGE_(t, r)		{ AGE, 0, 0, 0, t, r, { 0 } }
#define RS(n)			{ RESIZE, 0, 0, 0, 0, n, { 0 } }
#define N(r)			{ USED, 0, 0, 0, 0, r, { 0 } }
#define S(...)			{ STATS, 0, 0, 0, 0, 0, { __VA_ARGS__ } }
#define DONE			{ END, 0, 0, 0, 0, 0, { 0 } }

static const struct scenario scenarios[] = {
	{ "learn, lookup, refresh", 64, 64, 8, 100, 3, {
		Q(A, 0, -1),
		L(A, 0, 1, 10, FDB_LEARNED),
		Q(A, 0, 1),
		Q(A, 1, -1),		/* other VLAN */
		Q(B, 0, -1),
		Q(A2, 0, -1),		/* differs in one late byte */
		L(A, 0, 1, 11, FDB_REFRESHED),
		L(A, 0, 1, 50, FDB_REFRESHED),
		L(B, 0, 2, 12, FDB_LEARNED),
		L(A2, 0, 3, 12, FDB_LEARNED),
		Q(A, 0, 1), Q(B, 0, 2), Q(A2, 0, 3),
		L(ZERO, 0, 0, 13, FDB_LEARNED),	/* port 0 is a port */
		Q(ZERO, 0, 0),
		L(LOCAL, 4094, 7, 13, FDB_LEARNED),	/* last port */
		Q(LOCAL, 4094, 7),
		N(5),
		S(.learned = 5),
		DONE } },
	{ "multicast sources are never learned", 64, 64, 8, 100, 3, {
		L(MC4, 0, 1, 1, FDB_IGNORED),
		L(BCAST, 0, 1, 1, FDB_IGNORED),
		L(MC6, 0, 1, 1, FDB_IGNORED),
		Q(MC4, 0, -1), Q(BCAST, 0, -1), Q(MC6, 0, -1),
		N(0),
		L(LOCAL, 0, 1, 1, FDB_LEARNED),	/* bit 1 is not bit 0 */
		N(1),
		S(.learned = 1),
		DONE } },
	{ "move only after minpers", 64, 64, 8, 100, 3, {
		L(A, 0, 1, 100, FDB_LEARNED),
		L(A, 0, 2, 100, FDB_FLAP),
		L(A, 0, 2, 101, FDB_FLAP),
		L(A, 0, 2, 102, FDB_FLAP),
		Q(A, 0, 1),
		L(A, 0, 2, 104, FDB_MOVED),
		Q(A, 0, 2),
		N(1),
		/* the move restarts the clock */
		L(A, 0, 1, 105, FDB_FLAP),
		Q(A, 0, 2),
		L(A, 0, 1, 108, FDB_MOVED),
		Q(A, 0, 1),
		/* moved entries count on their new port only */
		FP(2, 0),
		Q(A, 0, 1),
		FP(1, 1),
		N(0),
		S(.learned = 1, .moved = 2, .flap_refused = 4, .flushed = 1),
		DONE } },
	{ "same MAC in two VLANs: two entries", 64, 64, 8, 100, 3, {
		L(A, 0, 1, 1, FDB_LEARNED),
		L(A, 10, 2, 1, FDB_LEARNED),	/* not a move */
		L(A, 4094, 3, 1, FDB_LEARNED),
		Q(A, 0, 1), Q(A, 10, 2), Q(A, 4094, 3), Q(A, 11, -1),
		N(3),
		L(A, 10, 2, 2, FDB_REFRESHED),
		FV(10, 1),
		Q(A, 0, 1), Q(A, 10, -1), Q(A, 4094, 3),
		N(2),
		S(.learned = 3, .flushed = 1),
		DONE } },
	{ "full table: a small port takes the largest port's oldest", 4, 64,
	  8, 100, 3, {
		L(A, 0, 1, 1, FDB_LEARNED),
		L(B, 0, 1, 2, FDB_LEARNED),
		L(C, 0, 1, 3, FDB_LEARNED),
		L(D, 0, 1, 4, FDB_LEARNED),
		L(E, 0, 1, 5, FDB_FULL),	/* the hog itself: refused */
		L(E, 0, 2, 6, FDB_LEARNED),	/* evicts A, port 1's oldest */
		Q(A, 0, -1), Q(E, 0, 2), Q(B, 0, 1),
		L(A2, 0, 2, 7, FDB_LEARNED),	/* fair share 2: evicts B */
		Q(B, 0, -1),
		L(ZERO, 0, 2, 8, FDB_FULL),	/* port 2 has its share */
		L(LOCAL, 0, 3, 9, FDB_LEARNED),	/* 3 users: share 1, evicts C */
		Q(C, 0, -1), Q(D, 0, 1),
		L(A, 0, 3, 10, FDB_FULL),	/* port 3 has its share */
		N(4),
		S(.learned = 7, .evicted = 3, .overflow_global = 3),
		DONE } },
	{ "global cap", 4, 64, 8, 100, 3, {
		L(A, 0, 1, 1, FDB_LEARNED),
		L(B, 0, 2, 1, FDB_LEARNED),
		L(C, 0, 3, 1, FDB_LEARNED),
		L(D, 0, 3, 1, FDB_LEARNED),
		L(E, 0, 3, 1, FDB_FULL),	/* port 3 has its share */
		L(A, 1, 1, 1, FDB_FULL),	/* other VLAN, new entry */
		Q(E, 0, -1),
		L(A, 0, 1, 2, FDB_REFRESHED),	/* existing still work */
		L(A, 0, 5, 9, FDB_MOVED),
		N(4),
		FP(3, 2),
		N(2),
		L(E, 0, 4, 10, FDB_LEARNED),
		Q(E, 0, 4),
		S(.learned = 5, .moved = 1, .overflow_global = 2,
		  .flushed = 2),
		DONE } },
	{ "per-port cap", 64, 2, 8, 100, 3, {
		L(A, 0, 1, 1, FDB_LEARNED),
		L(B, 0, 1, 1, FDB_LEARNED),
		L(C, 0, 1, 1, FDB_PORT_FULL),
		L(C, 5, 1, 1, FDB_PORT_FULL),
		Q(C, 0, -1),
		L(C, 0, 2, 1, FDB_LEARNED),	/* other ports unaffected */
		L(D, 0, 2, 1, FDB_LEARNED),
		/* a move into a full port is refused as well */
		L(A, 0, 2, 10, FDB_PORT_FULL),
		Q(A, 0, 1),
		L(A, 0, 3, 10, FDB_MOVED),	/* port 1 now has room */
		L(E, 0, 1, 10, FDB_LEARNED),
		N(5),
		S(.learned = 5, .moved = 1, .overflow_port = 3),
		DONE } },
	{ "flush_port removes only that port", 64, 64, 8, 100, 3, {
		L(A, 0, 1, 1, FDB_LEARNED),
		L(B, 0, 2, 1, FDB_LEARNED),
		L(C, 0, 1, 1, FDB_LEARNED),
		L(D, 7, 1, 1, FDB_LEARNED),
		L(E, 0, 3, 1, FDB_LEARNED),
		FP(1, 3),
		Q(A, 0, -1), Q(C, 0, -1), Q(D, 7, -1),
		Q(B, 0, 2), Q(E, 0, 3),
		FP(1, 0),
		FP(6, 0),			/* nothing there */
		FP(8, 0),			/* out of range */
		FP(UINT32_MAX, 0),
		N(2),
		L(A, 0, 1, 2, FDB_LEARNED),	/* port count was reset */
		L(C, 0, 1, 2, FDB_LEARNED),
		S(.learned = 7, .flushed = 3),
		DONE } },
	{ "flush_vlan", 64, 64, 8, 100, 3, {
		L(A, 0, 1, 1, FDB_LEARNED),
		L(B, 10, 1, 1, FDB_LEARNED),
		L(C, 10, 2, 1, FDB_LEARNED),
		L(D, 11, 2, 1, FDB_LEARNED),
		FV(10, 2),
		Q(B, 10, -1), Q(C, 10, -1),
		Q(A, 0, 1), Q(D, 11, 2),
		FV(10, 0),
		FV(4095, 0),
		N(2),
		FV(0, 1),
		FV(11, 1),
		N(0),
		S(.learned = 4, .flushed = 4),
		DONE } },
	{ "age", 64, 64, 8, 100, 3, {
		AGE_(0, 0),			/* before the first expiry */
		L(A, 0, 1, 0, FDB_LEARNED),
		L(B, 0, 1, 50, FDB_LEARNED),
		L(C, 0, 2, 100, FDB_LEARNED),
		AGE_(99, 0),
		AGE_(100, 0),			/* exactly expire: kept */
		Q(A, 0, 1),
		AGE_(101, 1),			/* older than expire */
		Q(A, 0, -1), Q(B, 0, 1), Q(C, 0, 2),
		L(B, 0, 1, 140, FDB_REFRESHED),	/* refresh keeps it */
		AGE_(201, 1),			/* C (100) goes, B stays */
		Q(B, 0, 1), Q(C, 0, -1),
		AGE_(241, 1),
		N(0),
		S(.learned = 3, .expired = 3),
		DONE } },
	{ "resize flushes", 64, 64, 8, 100, 3, {
		L(A, 0, 1, 1, FDB_LEARNED),
		L(B, 3, 2, 1, FDB_LEARNED),
		RS(1000),
		N(0),
		Q(A, 0, -1), Q(B, 3, -1),
		L(A, 0, 2, 1, FDB_LEARNED),	/* no flap: it is new */
		Q(A, 0, 2),
		RS(1),
		Q(A, 0, -1),
		L(A, 0, 2, 1, FDB_LEARNED),
		L(B, 0, 2, 1, FDB_LEARNED),
		L(C, 0, 2, 1, FDB_LEARNED),
		Q(A, 0, 2), Q(B, 0, 2), Q(C, 0, 2),
		S(.learned = 6, .flushed = 3),
		DONE } },
	{ "empty table (cap 0)", 0, 64, 8, 100, 3, {
		L(A, 0, 1, 1, FDB_FULL),
		Q(A, 0, -1),
		FP(1, 0), FV(0, 0), AGE_(1000, 0),
		N(0),
		S(.overflow_global = 1),
		DONE } },
};

static const char *const op_name[] = {
	"end", "learn", "lookup", "flush_port", "flush_vlan", "age",
	"resize", "used", "stats",
};

static void expect_stats(const struct fdb_stats *got,
			 const struct fdb_stats *want)
{
	assert_int_equal(got->learned, want->learned);
	assert_int_equal(got->moved, want->moved);
	assert_int_equal(got->flap_refused, want->flap_refused);
	assert_int_equal(got->overflow_global, want->overflow_global);
	assert_int_equal(got->overflow_port, want->overflow_port);
	assert_int_equal(got->expired, want->expired);
	assert_int_equal(got->flushed, want->flushed);
}

/* The entries fdb_iter() visits must be exactly the ones lookup finds */
static void expect_iter_consistent(const struct fdb *f)
{
	const struct fdb_entry *e;
	uint32_t pos = 0, n = 0, count[64] = { 0 }, i;

	while ((e = fdb_iter(f, &pos))) {
		n++;
		assert_int_equal(fdb_lookup(f, e->mac, e->vlan), e->port);
		assert_true(e->port < f->nports);
		count[e->port]++;
	}
	assert_int_equal(n, f->used);
	for (i = 0; i < f->nports; i++)
		assert_int_equal(count[i], f->port_count[i]);
}

static void run_scenario(const struct scenario *sc, uint32_t nbuckets)
{
	struct fdb f;
	const struct step *s;
	long got = 0;

	assert_int_equal(fdb_init(&f, nbuckets, sc->cap, sc->port_cap,
				  sc->nports), 0);
	f.expire = sc->expire;
	f.minpers = sc->minpers;
	for (s = sc->steps; s->op != END; s++) {
		const uint8_t *mac = macs[s->mac];

		switch (s->op) {
		case LEARN:
			got = fdb_learn(&f, mac, s->vlan, s->port, s->now);
			break;
		case LOOKUP:
			got = fdb_lookup(&f, mac, s->vlan);
			break;
		case FLUSH_PORT:
			got = fdb_flush_port(&f, s->port);
			break;
		case FLUSH_VLAN:
			got = fdb_flush_vlan(&f, s->vlan);
			break;
		case AGE:
			got = fdb_age(&f, s->now);
			break;
		case RESIZE:
			assert_int_equal(fdb_resize(&f, (uint32_t)s->want), 0);
			assert_true(f.nbuckets >= (uint32_t)s->want);
			assert_int_equal(f.nbuckets & (f.nbuckets - 1), 0);
			got = s->want;
			break;
		case USED:
			got = f.used;
			break;
		case STATS:
			expect_stats(&f.stats, &s->stats);
			got = 0;
			break;
		case END:
			break;
		}
		if (got != s->want)
			print_message("%s (%u buckets), step %td (%s): "
				      "got %ld, want %ld\n", sc->name, nbuckets,
				      s - sc->steps, op_name[s->op], got,
				      s->want);
		assert_int_equal(got, s->want);
		expect_iter_consistent(&f);
	}
	fdb_free(&f);
}

static void test_scenarios(void **state)
{
	static const uint32_t nbuckets[] = { 1, 2, 4096 };
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scenarios); i++)
		for (j = 0; j < ARRAY_SIZE(nbuckets); j++)
			run_scenario(&scenarios[i], nbuckets[j]);
}

static void test_init(void **state)
{
	static const struct { uint32_t in, want; } rows[] = {
		{ 0, 1 }, { 1, 1 }, { 2, 2 }, { 3, 4 }, { 128, 128 },
		{ 129, 256 }, { 4096, 4096 },
	};
	struct fdb f;
	uint32_t pos = 0;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		assert_int_equal(fdb_init(&f, rows[i].in, 16, 4, 4), 0);
		assert_int_equal(f.nbuckets, rows[i].want);
		assert_int_equal(f.used, 0);
		assert_int_equal(f.expire, 100);	/* spec 6.1 */
		assert_int_equal(f.minpers, 3);
		pos = 0;
		assert_null(fdb_iter(&f, &pos));
		fdb_free(&f);
		assert_null(f.e);
	}
}

/* The key is random: two tables must not share it */
static void test_key_random(void **state)
{
	struct fdb a, b;

	(void)state;
	assert_int_equal(fdb_init(&a, 16, 16, 16, 4), 0);
	assert_int_equal(fdb_init(&b, 16, 16, 16, 4), 0);
	assert_memory_not_equal(a.key, b.key, sizeof(a.key));
	fdb_free(&a);
	fdb_free(&b);
}

/* fdb_iter() visits every live entry once and nothing else */
static void test_iter_exact(void **state)
{
	enum { NMAC = 200 };
	uint8_t mac[6] = { 0x52, 0x54, 0, 0, 0, 0 };
	bool seen[NMAC] = { false };
	const struct fdb_entry *e;
	struct fdb f;
	uint32_t pos = 0, i, n = 0;

	(void)state;
	assert_int_equal(fdb_init(&f, 8, NMAC, NMAC, 4), 0);
	for (i = 0; i < NMAC; i++) {
		mac[5] = (uint8_t)i;
		mac[4] = (uint8_t)(i >> 8);
		assert_int_equal(fdb_learn(&f, mac, (uint16_t)(i % 3), i % 4,
					   i), FDB_LEARNED);
	}
	/* remove port 2 and VLAN 1: what is left has port != 2, vlan != 1 */
	fdb_flush_port(&f, 2);
	fdb_flush_vlan(&f, 1);
	while ((e = fdb_iter(&f, &pos))) {
		i = (uint32_t)e->mac[4] << 8 | e->mac[5];
		assert_true(i < NMAC);
		assert_false(seen[i]);
		seen[i] = true;
		assert_int_equal(e->port, i % 4);
		assert_int_equal(e->vlan, i % 3);
		n++;
	}
	for (i = 0; i < NMAC; i++)
		assert_int_equal(seen[i], i % 4 != 2 && i % 3 != 1);
	assert_int_equal(n, f.used);
	/* at the end it stays at the end */
	assert_null(fdb_iter(&f, &pos));
	fdb_free(&f);
}

/*
 * Model-based test: random operations on the table and on a plain array
 * that implements the rules of fdb.h, compared after every step.  minpers
 * is 0 and the clock advances every step, so moves are always allowed
 * (whichever timestamp anti-flap uses).
 */
struct model_ent {
	bool used;
	uint8_t mac[6];
	uint16_t vlan;
	uint32_t port;
	uint32_t seen;
	uint32_t created;	/* learned or moved */
};

enum { M_CAP = 48, M_PORTCAP = 16, M_PORTS = 5, M_MACS = 40, M_VLANS = 3 };

struct model {
	struct model_ent e[M_CAP];
	uint32_t used, per_port[M_PORTS];
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32) % n;
}

static struct model_ent *model_find(struct model *m, const uint8_t *mac,
				    uint16_t vlan)
{
	uint32_t i;

	for (i = 0; i < M_CAP; i++)
		if (m->e[i].used && m->e[i].vlan == vlan &&
		    !memcmp(m->e[i].mac, mac, 6))
			return &m->e[i];
	return NULL;
}

/* The fairness rule, stated plainly: a port under cap/(ports with
 * entries) takes the oldest (learned or moved) entry of the largest port */
static bool model_evict_for(struct model *m, uint32_t port)
{
	uint32_t users = 0, hog = port, p, i, old = UINT32_MAX, victim = 0;

	for (p = 0; p < M_PORTS; p++)
		users += m->per_port[p] > 0;
	users += m->per_port[port] == 0;
	if (m->per_port[port] >= M_CAP / users)
		return false;
	for (p = 0; p < M_PORTS; p++)
		if (m->per_port[p] > m->per_port[hog])
			hog = p;
	if (m->per_port[hog] <= m->per_port[port] + 1)
		return false;
	for (i = 0; i < M_CAP; i++) {
		if (m->e[i].used && m->e[i].port == hog &&
		    m->e[i].created < old) {
			old = m->e[i].created;
			victim = i;
		}
	}
	m->e[victim].used = false;
	m->used--;
	m->per_port[hog]--;
	return true;
}

static enum fdb_result model_learn(struct model *m, const uint8_t *mac,
				   uint16_t vlan, uint32_t port, uint32_t now)
{
	struct model_ent *e = model_find(m, mac, vlan);
	uint32_t i;

	if (mac[0] & 1)
		return FDB_IGNORED;
	if (e && e->port == port) {
		e->seen = now;
		return FDB_REFRESHED;
	}
	if (m->per_port[port] >= M_PORTCAP)
		return FDB_PORT_FULL;
	if (!e && m->used == M_CAP && !model_evict_for(m, port))
		return FDB_FULL;
	if (e) {
		m->per_port[e->port]--;
		m->per_port[port]++;
		e->port = port;
		e->seen = e->created = now;
		return FDB_MOVED;
	}
	for (i = 0; m->e[i].used; i++)
		;
	e = &m->e[i];
	e->used = true;
	memcpy(e->mac, mac, 6);
	e->vlan = vlan;
	e->port = port;
	e->seen = e->created = now;
	m->used++;
	m->per_port[port]++;
	return FDB_LEARNED;
}

static unsigned int model_remove(struct model *m, int what, uint32_t arg)
{
	unsigned int n = 0;
	uint32_t i;

	for (i = 0; i < M_CAP; i++) {
		struct model_ent *e = &m->e[i];

		if (!e->used)
			continue;
		if ((what == 0 && e->port == arg) ||
		    (what == 1 && e->vlan == arg) ||
		    (what == 2 && e->seen < arg)) {
			e->used = false;
			m->used--;
			m->per_port[e->port]--;
			n++;
		}
	}
	return n;
}

static void test_model(void **state)
{
	struct model m;
	struct fdb f;
	uint8_t mac[6];
	uint32_t now = 1000, step, i;

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(fdb_init(&f, 4, M_CAP, M_PORTCAP, M_PORTS), 0);
	f.minpers = 0;
	f.expire = 30;
	for (step = 0; step < 20000; step++) {
		uint32_t r = rnd(100), port = rnd(M_PORTS);
		uint16_t vlan = (uint16_t)rnd(M_VLANS);

		now++;
		mac[0] = rnd(8) ? 0x52 : 0x01;	/* some multicast */
		mac[1] = 0x54;
		mac[2] = mac[3] = mac[4] = 0;
		mac[5] = (uint8_t)rnd(M_MACS);
		if (r < 85) {
			assert_int_equal(fdb_learn(&f, mac, vlan, port, now),
					 model_learn(&m, mac, vlan, port, now));
		} else if (r < 90) {
			assert_int_equal(fdb_flush_port(&f, port),
					 model_remove(&m, 0, port));
		} else if (r < 93) {
			assert_int_equal(fdb_flush_vlan(&f, vlan),
					 model_remove(&m, 1, vlan));
		} else {
			assert_int_equal(fdb_age(&f, now),
					 model_remove(&m, 2, now - f.expire));
		}
		assert_int_equal(f.used, m.used);
		for (i = 0; i < M_PORTS; i++)
			assert_int_equal(f.port_count[i], m.per_port[i]);
		for (i = 0; i < M_CAP; i++) {
			struct model_ent *e = &m.e[i];

			if (e->used)
				assert_int_equal(fdb_lookup(&f, e->mac,
							    e->vlan),
						 e->port);
		}
		/* and nothing the model does not have */
		if (step % 64 == 0)
			expect_iter_consistent(&f);
	}
	fdb_free(&f);
}

/*
 * Anti-flap counts from the last time the owner was seen, as vde_switch
 * does (spec 6.2): a station that keeps talking cannot be displaced by a
 * spoofed frame on another port.  Regression (fixed in 91062ca): it used
 * to count from the entry's creation, so a MAC learned 3 s ago moved to
 * the spoofer even while its owner sent every second.
 */
static void test_flap_owner_active(void **state)
{
	struct fdb f;
	uint32_t t;

	(void)state;
	assert_int_equal(fdb_init(&f, 64, 64, 64, 4), 0);
	assert_int_equal(fdb_learn(&f, macs[A], 0, 1, 100), FDB_LEARNED);
	for (t = 101; t <= 110; t++)
		assert_int_equal(fdb_learn(&f, macs[A], 0, 1, t),
				 FDB_REFRESHED);
	/* owner seen every second; spoofed frames from port 2 in between */
	for (t = 110; t <= 130; t++) {
		assert_int_equal(fdb_learn(&f, macs[A], 0, 2, t), FDB_FLAP);
		assert_int_equal(fdb_learn(&f, macs[A], 0, 1, t),
				 FDB_REFRESHED);
	}
	assert_int_equal(fdb_lookup(&f, macs[A], 0), 1);
	/* the owner falls silent at 130: the move waits for minpers */
	assert_int_equal(fdb_learn(&f, macs[A], 0, 2, 131), FDB_FLAP);
	assert_int_equal(fdb_learn(&f, macs[A], 0, 2, 140), FDB_MOVED);
	assert_int_equal(fdb_lookup(&f, macs[A], 0), 2);
	assert_int_equal(f.stats.flap_refused, 22);
	fdb_free(&f);
}

static int group_setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_key_random),
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_iter_exact),
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_flap_owner_active),
	};

	return cmocka_run_group_tests_name("fdb", tests, group_setup, NULL);
}
