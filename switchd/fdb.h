/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * fdb.h - the MAC table: (MAC, VLAN) -> port, keyed hash, bounded.
 */
#ifndef VDE_FDB_H
#define VDE_FDB_H

#include <stdbool.h>
#include <stdint.h>

#include <sodium.h>

#include "util.h"

#define FDB_NIL		UINT32_MAX

struct fdb_entry {
	uint8_t mac[6];
	uint16_t vlan;
	uint32_t port;
	uint32_t next;		/* chain in bucket, or free list */
	uint32_t pprev, pnext;	/* circular list of the port's entries */
	uint32_t seen;		/* monotonic seconds */
	uint32_t created;	/* when it last moved port */
};

/**
 * struct fdb_stats - counters shown by hash/showinfo and vde-ctl -j
 */
struct fdb_stats {
	uint64_t learned;
	uint64_t moved;
	uint64_t flap_refused;
	uint64_t overflow_global;
	uint64_t overflow_port;
	uint64_t expired;
	uint64_t flushed;
	uint64_t evicted;	/* taken from the largest port for a smaller */
};

struct fdb {
	uint32_t *bucket;
	uint32_t nbuckets;	/* power of two */
	struct fdb_entry *e;
	uint32_t cap;		/* global entry limit */
	uint32_t used;
	uint32_t free_head;
	uint32_t port_cap;	/* entries per port limit */
	uint32_t *port_count;	/* per port */
	uint32_t *port_head;	/* per port: newest entry, FDB_NIL if none */
	uint32_t nports_used;	/* ports with at least one entry */
	uint32_t nports;
	uint32_t expire;	/* seconds */
	uint32_t minpers;	/* seconds before a MAC may move */
	unsigned char key[crypto_shorthash_KEYBYTES];
	struct fdb_stats stats;
};

enum fdb_result {
	FDB_REFRESHED,
	FDB_LEARNED,
	FDB_MOVED,
	FDB_FLAP,		/* move refused: younger than minpers */
	FDB_FULL,		/* global cap reached */
	FDB_PORT_FULL,		/* port cap reached */
	FDB_IGNORED,		/* multicast source */
};

int fdb_init(struct fdb *f, uint32_t nbuckets, uint32_t cap,
	     uint32_t port_cap, uint32_t nports) __must_check;
void fdb_free(struct fdb *f);
int fdb_lookup(const struct fdb *f, const uint8_t *mac, uint16_t vlan);
enum fdb_result fdb_learn(struct fdb *f, const uint8_t *mac, uint16_t vlan,
			  uint32_t port, uint32_t now);
unsigned int fdb_flush_port(struct fdb *f, uint32_t port);
unsigned int fdb_flush_vlan(struct fdb *f, uint16_t vlan);
unsigned int fdb_age(struct fdb *f, uint32_t now);
int fdb_resize(struct fdb *f, uint32_t nbuckets) __must_check;
int fdb_resize_ports(struct fdb *f, uint32_t nports) __must_check;
const struct fdb_entry *fdb_iter(const struct fdb *f, uint32_t *pos);

static inline bool mac_is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

#endif /* VDE_FDB_H */
