// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_pool.c - unit tests of the frame pool (switchd/pool.h, pool.c).
 *
 * The pool is the only owner of frame memory on the data path: a slot must
 * return to the free stack exactly when its last reference goes, never
 * before (use after free by another receive) and never twice (the stack
 * would hand the same slot to two frames).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pool.h"

enum { NSLOTS = 8 };

static int setup(void **state)
{
	static struct pool p;

	if (pool_init(&p, NSLOTS, 1514))
		return -1;
	*state = &p;
	return 0;
}

static int teardown(void **state)
{
	pool_free(*state);
	return 0;
}

/* Is @slot on the free stack? */
static bool on_stack(const struct pool *p, uint32_t slot)
{
	uint32_t i;

	for (i = 0; i < p->nfree; i++)
		if (p->stack[i] == slot)
			return true;
	return false;
}

struct init_case {
	uint32_t n;
	size_t size;
	size_t want_size;
};

static const struct init_case init_cases[] = {
	/* whole pages, so that pool_trim() can release a slot */
	{ 1, 1, 4096 },
	{ 4, 4096, 4096 },
	{ 4, 4097, 8192 },
	{ 256, 1514, 4096 },
	{ 256, 9234, 12288 },
	{ 1024, 9238, 12288 },
};

static void test_init(void **state)
{
	struct pool p;
	size_t i;
	uint32_t s;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(init_cases); i++) {
		const struct init_case *c = &init_cases[i];

		assert_int_equal(pool_init(&p, c->n, c->size), 0);
		assert_int_equal(p.slot_size, c->want_size);
		assert_int_equal(p.n, c->n);
		assert_int_equal(p.nfree, c->n);
		/* every slot free exactly once, and its memory usable */
		for (s = 0; s < c->n; s++) {
			assert_true(on_stack(&p, s));
			assert_int_equal(p.ref[s], 0);
			memset(pool_data(&p, s), 0xa5, p.slot_size);
		}
		assert_ptr_equal(pool_data(&p, c->n - 1),
				 p.mem + p.slot_size * (c->n - 1));
		pool_free(&p);
		assert_null(p.mem);
		assert_null(p.stack);
	}
}

static void test_get_put(void **state)
{
	struct pool *p = *state;
	uint32_t a, b;

	a = pool_get(p);
	assert_int_equal(p->nfree, NSLOTS - 1);
	assert_int_equal(p->ref[a], 1);
	assert_false(on_stack(p, a));
	b = pool_get(p);
	assert_int_not_equal(a, b);
	assert_false(on_stack(p, b));
	assert_int_equal(p->nfree, NSLOTS - 2);

	pool_put(p, a);
	assert_int_equal(p->nfree, NSLOTS - 1);
	assert_true(on_stack(p, a));
	assert_int_equal(p->ref[a], 0);
	/* a stack: the slot just freed is the next one handed out */
	assert_int_equal(pool_get(p), a);
	pool_put(p, a);
	pool_put(p, b);
	assert_int_equal(p->nfree, NSLOTS);
}

/* One row: the reference count after each step, and whether it is free */
struct ref_step {
	char op;		/* 'r' ref, 'p' put */
	uint32_t ref;		/* expected count after it */
	bool free;		/* expected on the free stack after it */
};

static const struct ref_step ref_steps[] = {
	{ 'r', 2, false },
	{ 'r', 3, false },
	{ 'p', 2, false },
	{ 'r', 3, false },
	{ 'p', 2, false },
	{ 'p', 1, false },
	{ 'p', 0, true },
};

static void test_ref_last_put_frees(void **state)
{
	struct pool *p = *state;
	uint32_t s = pool_get(p);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ref_steps); i++) {
		const struct ref_step *st = &ref_steps[i];

		if (st->op == 'r')
			pool_ref(p, s);
		else
			pool_put(p, s);
		assert_int_equal(p->ref[s], st->ref);
		assert_int_equal(on_stack(p, s), st->free);
		assert_int_equal(p->nfree, NSLOTS - !st->free);
	}
}

/* A flood: one slot referenced by many destinations, freed by the last */
static void test_ref_many(void **state)
{
	struct pool *p = *state;
	uint32_t s = pool_get(p), i;
	const uint32_t n = 70000;	/* more than 16 bits of references */

	for (i = 0; i < n; i++)
		pool_ref(p, s);
	pool_put(p, s);			/* the receiver's own reference */
	for (i = 0; i < n - 1; i++) {
		pool_put(p, s);
		assert_false(on_stack(p, s));
	}
	assert_int_equal(p->nfree, NSLOTS - 1);
	pool_put(p, s);
	assert_true(on_stack(p, s));
	assert_int_equal(p->nfree, NSLOTS);
}

/* Drain the pool completely and give everything back in another order */
static void test_exhaust(void **state)
{
	struct pool *p = *state;
	uint32_t got[NSLOTS], i, j;
	bool seen[NSLOTS] = { false };

	for (i = 0; i < NSLOTS; i++) {
		got[i] = pool_get(p);
		assert_true(got[i] < NSLOTS);
		assert_false(seen[got[i]]);
		seen[got[i]] = true;
		/* the frame of one slot never overlaps another's */
		memset(pool_data(p, got[i]), (int)i, p->slot_size);
	}
	assert_int_equal(p->nfree, 0);
	for (i = 0; i < NSLOTS; i++)
		for (j = 0; j < p->slot_size; j += 97)
			assert_int_equal(pool_data(p, got[i])[j], i);
	for (i = 0; i < NSLOTS; i += 2)
		pool_put(p, got[i]);
	for (i = 1; i < NSLOTS; i += 2)
		pool_put(p, got[i]);
	assert_int_equal(p->nfree, NSLOTS);
	for (i = 0; i < NSLOTS; i++)
		assert_true(on_stack(p, i));
}

/* pool_trim() releases only cold free slots; their memory reads as zero
 * and they can be used again */
static void test_trim(void **state)
{
	struct pool p;
	uint32_t s[8], i;

	(void)state;
	assert_int_equal(pool_init(&p, 8, 100), 0);
	for (i = 0; i < 8; i++) {
		s[i] = pool_get(&p);
		memset(pool_data(&p, s[i]), 0x5a, 100);
	}
	for (i = 0; i < 8; i++)
		pool_put(&p, s[i]);
	pool_trim(&p, 2);
	assert_int_equal(p.trimmed, 6);
	/* the bottom of the stack was trimmed: zero; the top kept: 0x5a */
	assert_int_equal(pool_data(&p, p.stack[0])[0], 0);
	assert_int_equal(pool_data(&p, p.stack[7])[0], 0x5a);
	for (i = 0; i < 8; i++)
		s[i] = pool_get(&p);
	assert_int_equal(p.trimmed, 0);
	assert_int_equal(p.nfree, 0);
	for (i = 0; i < 8; i++)
		pool_put(&p, s[i]);
	pool_trim(&p, 100);	/* fewer free than keep: nothing */
	assert_int_equal(p.trimmed, 0);
	pool_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test_setup_teardown(test_get_put, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ref_last_put_frees,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_ref_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaust, setup, teardown),
		cmocka_unit_test(test_trim),
	};

	return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
