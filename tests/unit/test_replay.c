// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_replay.c - unit tests of the replay window (cable/replay.c).
 *
 * A table of {counter, accepted?} steps run in order against one window,
 * covering what WireGuard's selftest/counter.c covers: in-order delivery,
 * duplicates, counters that fell out of the window, the window sliding by
 * whole words, jumps larger than the whole bitmap, and the hard limit
 * REPLAY_REJECT_AFTER.  Then sweeps that fill the window exactly to its
 * edge in both directions, and a model-based test: 100000 counters in
 * random order (duplicates, stragglers, jumps) checked against a plain
 * "set of seen counters plus highest" model after every step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay.h"

#define W	((uint64_t)REPLAY_WINDOW)
#define LIM	REPLAY_REJECT_AFTER

struct step {
	uint64_t counter;
	bool want;
};

/* Each accepted counter is marked, as the receive path does after AEAD */
static void run(struct replay *r, const struct step *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		bool got = replay_will_accept(r, s[i].counter);

		if (got != s[i].want)
			fail_msg("step %zu: counter %llu: got %d, want %d", i,
				 (unsigned long long)s[i].counter, got,
				 s[i].want);
		if (got)
			replay_mark(r, s[i].counter);
	}
}

static const struct step table[] = {
	/* in order, duplicates */
	{ 0, true }, { 1, true }, { 1, false }, { 0, false },
	/* out of order inside the window */
	{ 9, true }, { 8, true }, { 7, true }, { 7, false }, { 9, false },
	/* highest = W + 1: 1 would be exactly at the trailing edge */
	{ W + 1, true }, { W, true }, { W, false }, { W - 1, true },
	{ 2, true }, { 2, false },
	/* highest = W + 17: 17 is the last one still inside, 16 is not */
	{ W + 17, true }, { 3, false }, { 16, false }, { 17, true },
	{ W + 17, false },
	/* jump far beyond the bitmap: everything older forgotten */
	{ 4 * W, true }, { 4 * W - W, true }, { 4 * W - W - 1, false },
	{ 10, false }, { W + 17, false }, { 4 * W - W + 1, true },
	{ 4 * W - 1, true }, { 4 * W - 1, false }, { 4 * W + 1, true },
	{ 4 * W - W, false },
	/* word boundaries, then a slide by 31 words (W = 31 * 64) */
	{ 4 * W + 64, true }, { 4 * W + 63, true }, { 4 * W + 65, true },
	{ 4 * W + 100 + W, true }, { 4 * W + 100, true },
	{ 4 * W + 99, false }, { 4 * W + 65, false },
	/* the limit: LIM itself and above refused, never sliding */
	{ LIM, false }, { LIM + 1, false }, { UINT64_MAX, false },
	{ LIM - 1, true }, { LIM - 1, false }, { LIM, false },
	{ LIM - 2, true }, { LIM - 2, false }, { LIM - 1 - W, true },
	{ LIM - 2 - W, false }, { UINT64_MAX, false }, { 0, false },
};

static void test_table(void **state)
{
	struct replay r;

	(void)state;
	replay_init(&r);
	run(&r, table, sizeof(table) / sizeof(table[0]));
}

/* Straight sweeps up to the edge of the window, as counter.c does */
static void test_sweeps(void **state)
{
	struct replay r;
	uint64_t i;

	(void)state;
	/* 1..W ascending, then 0 is exactly W behind: accepted once */
	replay_init(&r);
	for (i = 1; i <= W; i++)
		run(&r, &(struct step){ i, true }, 1);
	run(&r, (struct step[]){ { 0, true }, { 0, false } }, 2);

	/* 2..W+1, then 1 is the last inside, 0 just outside */
	replay_init(&r);
	for (i = 2; i <= W + 1; i++)
		run(&r, &(struct step){ i, true }, 1);
	run(&r, (struct step[]){ { 1, true }, { 0, false } }, 2);

	/* W..0 descending: all inside */
	replay_init(&r);
	for (i = W + 1; i-- > 0;)
		run(&r, &(struct step){ i, true }, 1);

	/* W+1..1 descending, then 0 is outside */
	replay_init(&r);
	for (i = W + 2; i-- > 1;)
		run(&r, &(struct step){ i, true }, 1);
	run(&r, &(struct step){ 0, false }, 1);

	/* W..1 descending, then W+1 slides, 0 falls out */
	replay_init(&r);
	for (i = W + 1; i-- > 1;)
		run(&r, &(struct step){ i, true }, 1);
	run(&r, (struct step[]){ { W + 1, true }, { 0, false } }, 2);

	/* W..1, then 0 before the slide, then W+1 */
	replay_init(&r);
	for (i = W + 1; i-- > 1;)
		run(&r, &(struct step){ i, true }, 1);
	run(&r, (struct step[]){ { 0, true }, { W + 1, true } }, 2);
}

/* A refused counter marked anyway changes nothing; checking is pure */
static void test_mark_refused(void **state)
{
	struct replay r, copy;

	(void)state;
	replay_init(&r);
	replay_mark(&r, 5000);
	replay_mark(&r, 5001);
	copy = r;
	assert_false(replay_will_accept(&r, 5000));
	replay_mark(&r, 5000);
	replay_mark(&r, 1);
	replay_mark(&r, LIM);
	replay_mark(&r, UINT64_MAX);
	assert_memory_equal(&r, &copy, sizeof(r));
	assert_true(replay_will_accept(&r, LIM - 1));
	assert_memory_equal(&r, &copy, sizeof(r));
}

/* Model: accepted iff below the limit, not seen, and no more than W
 * behind the highest counter accepted so far */
enum { SPAN = 1 << 24, OPS = 100000 };

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static void test_model(void **state)
{
	uint8_t *seen = calloc(SPAN, 1);
	uint64_t next = 0, max = 0, c, k;
	bool any = false, want, got;
	struct replay r;
	unsigned int i, accepted = 0, refused = 0;

	(void)state;
	assert_non_null(seen);
	replay_init(&r);
	for (i = 0; i < OPS; i++) {
		k = rnd(64);
		if (k < 4) {		/* duplicate of something recent */
			c = next > 8 ? next - 1 - rnd(8) : 0;
		} else if (k < 8) {	/* straggler, maybe out of the window */
			c = next > 2 * W ? next - rnd(2 * W) : rnd(next + 1);
		} else if (k == 8) {	/* jump, past the whole bitmap at times */
			next += rnd(3 * W);
			c = next++;
		} else {		/* mostly in order, reordered a little */
			c = next + rnd(32);
			next++;
		}
		assert_true(c < SPAN);
		want = !seen[c] && (!any || c + W >= max);
		got = replay_will_accept(&r, c);
		if (got != want)
			fail_msg("op %u: counter %llu (max %llu): got %d want %d",
				 i, (unsigned long long)c,
				 (unsigned long long)max, got, want);
		if (got) {
			replay_mark(&r, c);
			seen[c] = 1;
			if (!any || c > max)
				max = c;
			any = true;
			accepted++;
		} else {
			refused++;
		}
	}
	/* the generator must have exercised both outcomes */
	assert_true(accepted > OPS / 2);
	assert_true(refused > OPS / 20);
	free(seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_sweeps),
		cmocka_unit_test(test_mark_refused),
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
