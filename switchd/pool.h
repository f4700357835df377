/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * pool.h - reference-counted frame buffers, allocated once.
 *
 * Frames are received straight into pool slots (recvmmsg) and sent from
 * them (sendmmsg); a flood or a queued frame only takes another reference,
 * so a frame is never copied in user space.  The slots are one
 * MAP_NORESERVE mapping: pages are only resident once used, and the free
 * list is a stack, so the hot slots stay the same few.
 */
#ifndef VDE_POOL_H
#define VDE_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "util.h"

struct pool {
	uint8_t *mem;
	size_t slot_size;
	uint32_t n;
	uint32_t *stack;	/* free slots */
	uint32_t nfree;
	uint32_t trimmed;	/* stack[0..trimmed) given back to the kernel */
	uint16_t *len;		/* frame length per slot */
	uint32_t *ref;		/* references per slot */
};

int pool_init(struct pool *p, uint32_t n, size_t slot_size) __must_check;
void pool_free(struct pool *p);
void pool_trim(struct pool *p, uint32_t keep);

static inline uint8_t *pool_data(const struct pool *p, uint32_t slot)
{
	return p->mem + (size_t)slot * p->slot_size;
}

/* Take a free slot with one reference; caller checked p->nfree > 0 */
static inline uint32_t pool_get(struct pool *p)
{
	uint32_t s = p->stack[--p->nfree];

	if (p->nfree < p->trimmed)
		p->trimmed = p->nfree;
	p->ref[s] = 1;
	return s;
}

static inline void pool_ref(struct pool *p, uint32_t slot)
{
	p->ref[slot]++;
}

static inline void pool_put(struct pool *p, uint32_t slot)
{
	ASSERT(p->ref[slot] > 0);
	if (--p->ref[slot] == 0)
		p->stack[p->nfree++] = slot;
}

#endif /* VDE_POOL_H */
