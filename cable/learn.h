/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * learn.h - the MAC table of a cable with several peers: (MAC, VLAN) ->
 * peer, fixed size, keyed hash, aged.  Pure logic: the caller gives the
 * time.  See learn.c for the theory of operation.
 */
#ifndef VDE_CABLE_LEARN_H
#define VDE_CABLE_LEARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

enum {
	LEARN_MAC_LEN	= 6,
	LEARN_WAYS	= 8,		/* entries per bucket: the probe window */
	LEARN_BUCKETS	= 512,
	LEARN_SLOTS	= LEARN_WAYS * LEARN_BUCKETS,	/* 4096 */
	LEARN_AGE_MS	= 300 * 1000,	/* 802.1D's default ageing time */
	LEARN_VID_MAX	= 4095,
};

_Static_assert((LEARN_BUCKETS & (LEARN_BUCKETS - 1)) == 0,
	       "LEARN_BUCKETS is a power of two");

/**
 * struct learn_entry - one station
 * @seen:	last frame from it (ms of the caller's clock)
 * @mac:	its source MAC
 * @vid:	VLAN id of its frames, 0 untagged (or priority-tagged)
 * @peer:	peer number + 1; 0: the entry is free
 */
struct learn_entry {
	uint64_t seen;
	uint8_t mac[LEARN_MAC_LEN];
	uint16_t vid;
	uint16_t peer;
};

/**
 * struct learn_table - every station learned, in LEARN_BUCKETS buckets
 * @e:		bucket b is e[b * LEARN_WAYS ... b * LEARN_WAYS + 7]
 * @key:	SipHash key choosing the bucket (random, set by learn_init())
 */
struct learn_table {
	struct learn_entry e[LEARN_SLOTS];
	uint8_t key[crypto_shorthash_KEYBYTES];
};

enum learn_result {
	LEARN_REFRESHED,	/* known, same peer: time updated */
	LEARN_NEW,		/* a free or aged entry taken */
	LEARN_EVICTED,		/* bucket full: its oldest live entry taken */
	LEARN_MOVED,		/* known under another peer: moved */
	LEARN_IGNORED,		/* group (multicast) source, bad VID or peer */
};

void learn_init(struct learn_table *t);
enum learn_result learn_update(struct learn_table *t, const uint8_t *mac,
			       uint16_t vid, size_t peer, uint64_t now);
int learn_lookup(const struct learn_table *t, const uint8_t *mac,
		 uint16_t vid, uint64_t now);
unsigned int learn_forget_peer(struct learn_table *t, size_t peer);
bool learn_live(const struct learn_entry *e, uint64_t now);

/* The I/G bit: a group (multicast or broadcast) address */
static inline bool learn_mac_is_group(const uint8_t *mac)
{
	return mac[0] & 1;
}

#endif /* VDE_CABLE_LEARN_H */
