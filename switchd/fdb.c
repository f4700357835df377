// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fdb.c - the MAC table (forwarding database).
 *
 * Theory of operation: entries live in one array allocated at start-up,
 * chained per bucket by index; a free list threads the unused ones, so
 * learning never allocates.  The bucket of (MAC, VLAN) is SipHash-2-4
 * (libsodium crypto_shorthash) under a random key, so a client cannot
 * choose addresses that collide.  The table is bounded twice: a global
 * cap and a per-port cap; a full table refuses new entries (counted) and
 * the frame is still delivered by flooding, which is what a switch without
 * a table would do.  A MAC that appears on another port moves only once its
 * entry has not been refreshed for minpers seconds (anti-flap, as
 * vde_switch): a spoofer cannot steal a MAC whose owner keeps sending.
 *
 * Fairness: when the table is full, a port that holds less than its fair
 * share (the cap divided by the ports that have entries) may still learn:
 * the oldest entry of the port holding the most is evicted for it.  A
 * tenant who fills the table from many addresses therefore cannot stop
 * other ports' addresses from being learned, which would turn their
 * unicast into floods that the tenant receives.  Each port's entries are
 * on a circular list (newest first), so eviction is O(ports).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fdb.h"

static uint32_t fdb_hash(const struct fdb *f, const uint8_t *mac,
			 uint16_t vlan)
{
	unsigned char in[8], out[crypto_shorthash_BYTES];
	uint32_t h;

	memcpy(in, mac, 6);
	memcpy(in + 6, &vlan, 2);
	crypto_shorthash(out, in, sizeof(in), f->key);
	memcpy(&h, out, sizeof(h));
	return h & (f->nbuckets - 1);
}

static uint32_t roundup_pow2(uint32_t v)
{
	uint32_t p = 1;

	while (p < v && p < (1u << 30))
		p <<= 1;
	return p;
}

static void fdb_clear(struct fdb *f)
{
	uint32_t i;

	for (i = 0; i < f->nbuckets; i++)
		f->bucket[i] = FDB_NIL;
	for (i = 0; i < f->cap; i++) {
		f->e[i].next = i + 1 < f->cap ? i + 1 : FDB_NIL;
		f->e[i].port = FDB_NIL;
	}
	f->free_head = f->cap ? 0 : FDB_NIL;
	f->used = 0;
	f->nports_used = 0;
	memset(f->port_count, 0, f->nports * sizeof(*f->port_count));
	for (i = 0; i < f->nports; i++)
		f->port_head[i] = FDB_NIL;
}

/**
 * fdb_init() - allocate an empty table
 * @f:		table
 * @nbuckets:	bucket count (rounded up to a power of two)
 * @cap:	maximum entries in all
 * @port_cap:	maximum entries learned on one port
 * @nports:	number of port slots (ports 0..nports-1)
 *
 * Return: 0 or -ENOMEM.
 */
int fdb_init(struct fdb *f, uint32_t nbuckets, uint32_t cap,
	     uint32_t port_cap, uint32_t nports)
{
	memset(f, 0, sizeof(*f));
	f->nbuckets = roundup_pow2(nbuckets ? nbuckets : 1);
	f->cap = cap;
	f->port_cap = port_cap;
	f->nports = nports;
	f->expire = 100;
	f->minpers = 3;
	f->bucket = calloc(f->nbuckets, sizeof(*f->bucket));
	f->e = calloc(cap ? cap : 1, sizeof(*f->e));
	f->port_count = calloc(nports ? nports : 1, sizeof(*f->port_count));
	f->port_head = calloc(nports ? nports : 1, sizeof(*f->port_head));
	if (!f->bucket || !f->e || !f->port_count || !f->port_head) {
		fdb_free(f);
		return -ENOMEM;
	}
	randombytes_buf(f->key, sizeof(f->key));
	fdb_clear(f);
	return 0;
}

/**
 * fdb_free() - release the table's memory
 * @f:	table
 */
void fdb_free(struct fdb *f)
{
	free(f->bucket);
	free(f->e);
	free(f->port_count);
	free(f->port_head);
	f->bucket = NULL;
	f->e = NULL;
	f->port_count = NULL;
	f->port_head = NULL;
}

/**
 * fdb_resize() - change the bucket count; flushes the table
 * @f:		table
 * @nbuckets:	new count (rounded up to a power of two)
 *
 * Return: 0 or -ENOMEM (the table is then unchanged).
 */
int fdb_resize(struct fdb *f, uint32_t nbuckets)
{
	uint32_t n = roundup_pow2(nbuckets ? nbuckets : 1);
	uint32_t *b = calloc(n, sizeof(*b));

	if (!b)
		return -ENOMEM;
	free(f->bucket);
	f->bucket = b;
	f->nbuckets = n;
	f->stats.flushed += f->used;
	fdb_clear(f);
	return 0;
}

/* Put entry @i on the front of @port's list, counting it */
static void plist_add(struct fdb *f, uint32_t port, uint32_t i)
{
	uint32_t h = f->port_head[port];
	struct fdb_entry *e = &f->e[i];

	if (h == FDB_NIL) {
		e->pprev = e->pnext = i;
		f->nports_used++;
	} else {
		e->pnext = h;
		e->pprev = f->e[h].pprev;
		f->e[e->pprev].pnext = i;
		f->e[h].pprev = i;
	}
	f->port_head[port] = i;
	f->port_count[port]++;
	e->port = port;
}

/* Take entry @i off its port's list */
static void plist_del(struct fdb *f, uint32_t i)
{
	struct fdb_entry *e = &f->e[i];
	uint32_t port = e->port;

	if (e->pnext == i) {
		f->port_head[port] = FDB_NIL;
		f->nports_used--;
	} else {
		f->e[e->pprev].pnext = e->pnext;
		f->e[e->pnext].pprev = e->pprev;
		if (f->port_head[port] == i)
			f->port_head[port] = e->pnext;
	}
	f->port_count[port]--;
}

static uint32_t fdb_find(const struct fdb *f, uint32_t h, const uint8_t *mac,
			 uint16_t vlan)
{
	uint32_t i;

	for (i = f->bucket[h]; i != FDB_NIL; i = f->e[i].next)
		if (f->e[i].vlan == vlan && !memcmp(f->e[i].mac, mac, 6))
			return i;
	return FDB_NIL;
}

/**
 * fdb_lookup() - where does (MAC, VLAN) live?
 * @f:		table
 * @mac:	6 bytes
 * @vlan:	VLAN id
 *
 * Return: port number, or -1 if unknown.
 */
int fdb_lookup(const struct fdb *f, const uint8_t *mac, uint16_t vlan)
{
	uint32_t i = fdb_find(f, fdb_hash(f, mac, vlan), mac, vlan);

	return i == FDB_NIL ? -1 : (int)f->e[i].port;
}

/* Unlink entry @i from its bucket chain and free it */
static void fdb_free_entry(struct fdb *f, uint32_t i)
{
	struct fdb_entry *e = &f->e[i];
	uint32_t *pp = &f->bucket[fdb_hash(f, e->mac, e->vlan)];

	while (*pp != i)
		pp = &f->e[*pp].next;
	*pp = e->next;
	plist_del(f, i);
	e->port = FDB_NIL;
	e->next = f->free_head;
	f->free_head = i;
	f->used--;
}

/* The table is full: may @port have an entry anyway?  Only if it holds
 * less than its fair share; then the oldest entry of the largest port
 * goes.  Return: true if an entry was freed. */
static bool fdb_evict_for(struct fdb *f, uint32_t port)
{
	uint32_t users = f->nports_used + (f->port_count[port] == 0);
	uint32_t fair = f->cap / (users ? users : 1), hog = port, p;

	if (f->port_count[port] >= fair)
		return false;
	for (p = 0; p < f->nports; p++)
		if (f->port_count[p] > f->port_count[hog])
			hog = p;
	if (f->port_count[hog] <= f->port_count[port] + 1)
		return false;
	/* newest first: the oldest is the head's predecessor */
	fdb_free_entry(f, f->e[f->port_head[hog]].pprev);
	f->stats.evicted++;
	return true;
}

/**
 * fdb_learn() - record that @mac was seen on @port in @vlan
 * @f:		table
 * @mac:	source MAC of a frame
 * @vlan:	its VLAN
 * @port:	ingress port (< nports)
 * @now:	monotonic seconds
 *
 * Return: what happened, see enum fdb_result.
 */
enum fdb_result fdb_learn(struct fdb *f, const uint8_t *mac, uint16_t vlan,
			  uint32_t port, uint32_t now)
{
	uint32_t h, i;
	struct fdb_entry *e;

	if (mac_is_multicast(mac) || port >= f->nports)
		return FDB_IGNORED;
	h = fdb_hash(f, mac, vlan);
	i = fdb_find(f, h, mac, vlan);
	if (i != FDB_NIL) {
		e = &f->e[i];
		if (e->port == port) {
			e->seen = now;
			return FDB_REFRESHED;
		}
		/* anti-flap: the owner must have been silent for minpers */
		if (now - e->seen < f->minpers) {
			f->stats.flap_refused++;
			return FDB_FLAP;
		}
		if (f->port_count[port] >= f->port_cap) {
			f->stats.overflow_port++;
			return FDB_PORT_FULL;
		}
		plist_del(f, i);
		plist_add(f, port, i);
		e->seen = e->created = now;
		f->stats.moved++;
		return FDB_MOVED;
	}
	if (f->port_count[port] >= f->port_cap) {
		f->stats.overflow_port++;
		return FDB_PORT_FULL;
	}
	if (f->free_head == FDB_NIL && !fdb_evict_for(f, port)) {
		f->stats.overflow_global++;
		return FDB_FULL;
	}
	i = f->free_head;
	e = &f->e[i];
	f->free_head = e->next;
	memcpy(e->mac, mac, 6);
	e->vlan = vlan;
	e->seen = e->created = now;
	e->next = f->bucket[h];
	f->bucket[h] = i;
	f->used++;
	plist_add(f, port, i);
	f->stats.learned++;
	return FDB_LEARNED;
}

/* Remove every entry for which @match returns true */
static unsigned int fdb_remove_if(struct fdb *f,
				  bool (*match)(const struct fdb_entry *,
						uint32_t),
				  uint32_t arg)
{
	unsigned int n = 0;
	uint32_t b, *pp, i;

	for (b = 0; b < f->nbuckets; b++) {
		pp = &f->bucket[b];
		while ((i = *pp) != FDB_NIL) {
			if (!match(&f->e[i], arg)) {
				pp = &f->e[i].next;
				continue;
			}
			*pp = f->e[i].next;
			plist_del(f, i);
			f->e[i].port = FDB_NIL;
			f->e[i].next = f->free_head;
			f->free_head = i;
			f->used--;
			n++;
		}
	}
	return n;
}

static bool match_port(const struct fdb_entry *e, uint32_t port)
{
	return e->port == port;
}

static bool match_vlan(const struct fdb_entry *e, uint32_t vlan)
{
	return e->vlan == vlan;
}

static bool match_old(const struct fdb_entry *e, uint32_t limit)
{
	return e->seen < limit;
}

/**
 * fdb_flush_port() - forget everything learned on @port
 * @f:		table
 * @port:	port that went down or changed VLAN
 *
 * Return: number of entries removed.
 */
unsigned int fdb_flush_port(struct fdb *f, uint32_t port)
{
	unsigned int n;

	if (port >= f->nports || !f->port_count[port])
		return 0;
	n = fdb_remove_if(f, match_port, port);
	f->stats.flushed += n;
	return n;
}

/**
 * fdb_flush_vlan() - forget everything learned in @vlan
 * @f:		table
 * @vlan:	VLAN id
 *
 * Return: number of entries removed.
 */
unsigned int fdb_flush_vlan(struct fdb *f, uint16_t vlan)
{
	unsigned int n = fdb_remove_if(f, match_vlan, vlan);

	f->stats.flushed += n;
	return n;
}

/**
 * fdb_age() - remove entries not seen for f->expire seconds
 * @f:		table
 * @now:	monotonic seconds
 *
 * Return: number of entries removed.
 */
unsigned int fdb_age(struct fdb *f, uint32_t now)
{
	unsigned int n;

	if (now < f->expire)
		return 0;
	n = fdb_remove_if(f, match_old, now - f->expire);
	f->stats.expired += n;
	return n;
}

/**
 * fdb_resize_ports() - follow port/setnumports
 * @f:		table
 * @nports:	new number of port slots; ports beyond must have no entries
 *
 * Return: 0 or -ENOMEM (the table is then unchanged).
 */
int fdb_resize_ports(struct fdb *f, uint32_t nports)
{
	uint32_t *cnt, *head, i;

	cnt = calloc(nports ? nports : 1, sizeof(*cnt));
	head = calloc(nports ? nports : 1, sizeof(*head));
	if (!cnt || !head) {
		free(cnt);
		free(head);
		return -ENOMEM;
	}
	for (i = 0; i < nports; i++) {
		cnt[i] = i < f->nports ? f->port_count[i] : 0;
		head[i] = i < f->nports ? f->port_head[i] : FDB_NIL;
	}
	free(f->port_count);
	free(f->port_head);
	f->port_count = cnt;
	f->port_head = head;
	f->nports = nports;
	return 0;
}

/**
 * fdb_iter() - walk the entries in use
 * @f:		table
 * @pos:	cursor, start at 0
 *
 * Return: next entry, or NULL at the end.
 */
const struct fdb_entry *fdb_iter(const struct fdb *f, uint32_t *pos)
{
	while (*pos < f->cap) {
		const struct fdb_entry *e = &f->e[(*pos)++];

		if (e->port != FDB_NIL)
			return e;
	}
	return NULL;
}
