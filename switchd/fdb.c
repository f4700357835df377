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
	memset(f->port_count, 0, f->nports * sizeof(*f->port_count));
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
	if (!f->bucket || !f->e || !f->port_count) {
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
	f->bucket = NULL;
	f->e = NULL;
	f->port_count = NULL;
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
		f->port_count[e->port]--;
		f->port_count[port]++;
		e->port = port;
		e->seen = e->created = now;
		f->stats.moved++;
		return FDB_MOVED;
	}
	if (f->free_head == FDB_NIL) {
		f->stats.overflow_global++;
		return FDB_FULL;
	}
	if (f->port_count[port] >= f->port_cap) {
		f->stats.overflow_port++;
		return FDB_PORT_FULL;
	}
	i = f->free_head;
	e = &f->e[i];
	f->free_head = e->next;
	memcpy(e->mac, mac, 6);
	e->vlan = vlan;
	e->port = port;
	e->seen = e->created = now;
	e->next = f->bucket[h];
	f->bucket[h] = i;
	f->used++;
	f->port_count[port]++;
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
			f->port_count[f->e[i].port]--;
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
