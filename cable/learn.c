// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * learn.c - the MAC table of a cable with several peers.
 *
 * Theory of operation.  A cable end with several peers learns, as a
 * switch does, which peer each station is behind: the source MAC and
 * VLAN id of every authenticated inner frame it delivers to the switch
 * are recorded with the peer and the time (learn_update()), and a
 * unicast frame from the switch whose destination is known, younger
 * than LEARN_AGE_MS, goes to that peer alone (learn_lookup(), used by
 * dev_send_frame()).  Everything else is flooded to every peer.
 *
 * The table is fixed: LEARN_SLOTS entries inside struct dev, in buckets
 * of LEARN_WAYS chosen by SipHash-2-4 (crypto_shorthash) of MAC and VID
 * under a random key, so a peer that sends frames from chosen source
 * MACs cannot aim them at one bucket.  Nothing is allocated per frame
 * and an insertion never fails: a free or aged entry of the bucket is
 * taken, else the bucket's oldest entry is replaced (LEARN_EVICTED).  A
 * peer flooding the table with made-up MACs can only push stations out,
 * which makes their frames flooded again, as on a full switch.
 *
 * A peer may claim any source MAC, as a switch port may: learning only
 * chooses which of the peers gets a copy of a frame.  It never widens
 * what a peer may receive: the VLAN check of vlans= is made on every
 * frame sent, learned or flooded (cable/device.c send_to_peer()).
 */
#include <errno.h>
#include <string.h>

#include "learn.h"

/**
 * learn_init() - an empty table with a fresh random key
 * @t:		table
 */
void learn_init(struct learn_table *t)
{
	memset(t->e, 0, sizeof(t->e));
	randombytes_buf(t->key, sizeof(t->key));
}

/* First entry of the bucket of (@mac, @vid) */
static size_t learn_bucket(const struct learn_table *t, const uint8_t *mac,
			   uint16_t vid)
{
	uint8_t in[LEARN_MAC_LEN + 2], h[crypto_shorthash_BYTES];
	uint64_t v;

	memcpy(in, mac, LEARN_MAC_LEN);
	in[LEARN_MAC_LEN] = (uint8_t)(vid >> 8);
	in[LEARN_MAC_LEN + 1] = (uint8_t)vid;
	crypto_shorthash(h, in, sizeof(in), t->key);
	memcpy(&v, h, sizeof(v));
	return (size_t)(v & (LEARN_BUCKETS - 1)) * LEARN_WAYS;
}

/**
 * learn_live() - is this entry in use and younger than LEARN_AGE_MS?
 * @e:		entry
 * @now:	time (ms)
 *
 * Return: true if it may be used to forward
 */
bool learn_live(const struct learn_entry *e, uint64_t now)
{
	return e->peer && now >= e->seen && now - e->seen < LEARN_AGE_MS;
}

static bool learn_match(const struct learn_entry *e, const uint8_t *mac,
			uint16_t vid)
{
	return e->peer && e->vid == vid && !memcmp(e->mac, mac, LEARN_MAC_LEN);
}

/* The entry of (@mac, @vid) in its bucket, live or aged, or NULL */
static struct learn_entry *learn_find(const struct learn_table *t,
				      const uint8_t *mac, uint16_t vid)
{
	size_t b = learn_bucket(t, mac, vid), i;

	for (i = 0; i < LEARN_WAYS; i++)
		if (learn_match(&t->e[b + i], mac, vid))
			return (struct learn_entry *)&t->e[b + i];
	return NULL;
}

/* Where a new station goes: a free or aged entry, else the oldest */
static struct learn_entry *learn_victim(struct learn_table *t, size_t b,
					uint64_t now, bool *evict)
{
	struct learn_entry *old = &t->e[b];
	size_t i;

	for (i = 0; i < LEARN_WAYS; i++) {
		struct learn_entry *e = &t->e[b + i];

		if (!learn_live(e, now)) {
			*evict = false;
			return e;
		}
		if (e->seen < old->seen)
			old = e;
	}
	*evict = true;
	return old;
}

/**
 * learn_update() - a frame from @mac on @vid came from @peer
 * @t:		table
 * @mac:	its source MAC (6 bytes)
 * @vid:	its VLAN id, 0 untagged
 * @peer:	peer number, below UINT16_MAX
 * @now:	time (ms)
 *
 * Must not be called for a frame that did not authenticate or that the
 * peer may not send (VLAN): the caller checks first.
 *
 * Return: what happened to the table; never a failure
 */
enum learn_result learn_update(struct learn_table *t, const uint8_t *mac,
			       uint16_t vid, size_t peer, uint64_t now)
{
	struct learn_entry *e;
	enum learn_result r;
	bool evict;

	if (learn_mac_is_group(mac) || vid > LEARN_VID_MAX ||
	    peer >= UINT16_MAX)
		return LEARN_IGNORED;
	e = learn_find(t, mac, vid);
	if (e && learn_live(e, now)) {
		r = e->peer == peer + 1 ? LEARN_REFRESHED : LEARN_MOVED;
	} else if (e) {
		r = LEARN_NEW;		/* aged: as good as new */
	} else {
		e = learn_victim(t, learn_bucket(t, mac, vid), now, &evict);
		r = evict ? LEARN_EVICTED : LEARN_NEW;
		memcpy(e->mac, mac, LEARN_MAC_LEN);
		e->vid = vid;
	}
	e->peer = (uint16_t)(peer + 1);
	e->seen = now;
	return r;
}

/**
 * learn_lookup() - which peer is (@mac, @vid) behind?
 * @t:		table
 * @mac:	destination MAC (6 bytes)
 * @vid:	VLAN id, 0 untagged
 * @now:	time (ms)
 *
 * Return: the peer number, or -ENOENT (unknown, aged, or a group
 * address)
 */
int learn_lookup(const struct learn_table *t, const uint8_t *mac,
		 uint16_t vid, uint64_t now)
{
	const struct learn_entry *e;

	if (learn_mac_is_group(mac))
		return -ENOENT;
	e = learn_find(t, mac, vid);
	if (!e || !learn_live(e, now))
		return -ENOENT;
	return e->peer - 1;
}

/**
 * learn_forget_peer() - drop every station learned behind @peer
 * @t:		table
 * @peer:	peer number
 *
 * Called when the peer has no session left: its stations are flooded
 * to again until they are heard from.
 *
 * Return: how many entries were dropped (aged ones included)
 */
unsigned int learn_forget_peer(struct learn_table *t, size_t peer)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < LEARN_SLOTS; i++) {
		if (t->e[i].peer != peer + 1)
			continue;
		memset(&t->e[i], 0, sizeof(t->e[i]));
		n++;
	}
	return n;
}
