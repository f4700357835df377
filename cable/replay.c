// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * replay.c - sliding-window replay filter (RFC 6479).
 *
 * Theory of operation
 *
 * Each counter c is stored 1-based (c + 1) so that the empty window
 * (top = 0) needs no flag.  Bit (c + 1) % REPLAY_BITS of the ring is set once c
 * has been accepted.  When a higher counter arrives, the words between
 * the old top word and the new one are cleared (at most all 32) and top
 * moves; bits of older words stay valid because a counter more than
 * REPLAY_WINDOW behind top is refused before its bit is looked at.
 *
 * Checking and marking are separate (DESIGN (c), receive order): the
 * receiver checks, authenticates the packet, and only then marks, so a
 * forged packet with a huge counter cannot slide the window.
 * Must: call replay_mark() only for a packet that authenticated.
 */
#include <string.h>

#include "replay.h"

/**
 * replay_init() - empty window, every counter below the limit acceptable
 * @r:		window to reset
 */
void replay_init(struct replay *r)
{
	memset(r, 0, sizeof(*r));
}

/**
 * replay_will_accept() - would @counter be accepted now?
 * @r:		window
 * @counter:	counter from the packet header (not yet authenticated)
 *
 * Return: false if @counter is at or above REPLAY_REJECT_AFTER, more than
 * REPLAY_WINDOW behind the highest accepted counter, or already marked.
 */
bool replay_will_accept(const struct replay *r, uint64_t counter)
{
	uint64_t c, word, bit;

	if (counter >= REPLAY_REJECT_AFTER)
		return false;
	c = counter + 1;
	if (c > r->top)
		return true;
	if (c + REPLAY_WINDOW < r->top)
		return false;
	word = (c / REPLAY_WORD_BITS) % REPLAY_WORDS;
	bit = c % REPLAY_WORD_BITS;
	return !((r->bitmap[word] >> bit) & 1);
}

/**
 * replay_mark() - record @counter as received, sliding the window forward
 * @r:		window
 * @counter:	counter of a packet that passed replay_will_accept() and
 *		authenticated
 *
 * A counter replay_will_accept() refuses leaves the window unchanged.
 */
void replay_mark(struct replay *r, uint64_t counter)
{
	uint64_t c, cur, top, n, i;

	if (!replay_will_accept(r, counter))
		return;
	c = counter + 1;
	if (c > r->top) {
		cur = r->top / REPLAY_WORD_BITS;
		top = c / REPLAY_WORD_BITS;
		n = top - cur;
		if (n > REPLAY_WORDS)
			n = REPLAY_WORDS;
		for (i = 1; i <= n; i++)
			r->bitmap[(cur + i) % REPLAY_WORDS] = 0;
		r->top = c;
	}
	r->bitmap[(c / REPLAY_WORD_BITS) % REPLAY_WORDS] |=
		UINT64_C(1) << (c % REPLAY_WORD_BITS);
}
