// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * pool.c - see pool.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "pool.h"

/**
 * pool_init() - reserve @n slots of @slot_size bytes
 * @p:		pool
 * @n:		slot count
 * @slot_size:	bytes per slot, rounded up to 64
 *
 * Return: 0 or -ENOMEM.
 */
int pool_init(struct pool *p, uint32_t n, size_t slot_size)
{
	uint32_t i;

	memset(p, 0, sizeof(*p));
	/* whole pages, so that pool_trim() can give slots back */
	p->slot_size = (slot_size + 4095) & ~(size_t)4095;
	p->n = n;
	p->mem = mmap(NULL, p->slot_size * n, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p->mem == MAP_FAILED) {
		p->mem = NULL;
		return -ENOMEM;
	}
	p->stack = calloc(n, sizeof(*p->stack));
	p->len = calloc(n, sizeof(*p->len));
	p->ref = calloc(n, sizeof(*p->ref));
	if (!p->stack || !p->len || !p->ref) {
		pool_free(p);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		p->stack[i] = n - 1 - i;
	p->nfree = n;
	return 0;
}

/**
 * pool_free() - release the pool
 * @p:	pool
 */
void pool_free(struct pool *p)
{
	if (p->mem)
		munmap(p->mem, p->slot_size * p->n);
	free(p->stack);
	free(p->len);
	free(p->ref);
	memset(p, 0, sizeof(*p));
}

/**
 * pool_trim() - give the memory of cold free slots back to the kernel
 * @p:		pool
 * @keep:	free slots at the top of the stack to keep resident
 *
 * The free list is a stack, so its bottom holds the slots unused for the
 * longest time; after a burst they would stay resident for ever.  Called
 * from the 1 s timer; a trimmed slot that is used again simply faults in
 * zeroed pages.
 */
void pool_trim(struct pool *p, uint32_t keep)
{
	uint32_t i;

	if (p->nfree <= keep)
		return;
	for (i = p->trimmed; i < p->nfree - keep; i++)
		madvise(pool_data(p, p->stack[i]), p->slot_size,
			MADV_DONTNEED);
	p->trimmed = p->nfree - keep;
}
