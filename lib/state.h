/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * state.h - the record vde-switchd keeps its runtime configuration in,
 * inside the STATE_MEMFD that vde-privd creates once per switch and hands
 * to every incarnation of it (invariant 5).  vde-privd only creates the
 * memfd (STATE_MEMFD_SIZE bytes, e.g. memfd_create + ftruncate) and never
 * reads it.
 *
 * Layout: two slots of STATE_SLOT_SIZE bytes at offsets 0 and
 * STATE_SLOT_SIZE (one slot if the memfd is smaller than two).  A slot is
 * a struct state_hdr followed by @len bytes of body: management commands,
 * one per line, that rebuild the configuration.  The slot with a valid
 * header and the higher @seq wins.  A record is written to the other slot,
 * body first and header last, so that a crash in the middle leaves the
 * previous record in force.  Host byte order: writer and reader are the
 * same program on the same machine.
 */
#ifndef VDE_STATE_H
#define VDE_STATE_H

#include <stdint.h>

#define STATE_MAGIC	"VDESTAT1"

enum {
	STATE_MEMFD_SIZE	= 1 << 20,
	STATE_SLOT_SIZE		= STATE_MEMFD_SIZE / 2,
	STATE_VERSION		= 1,
	STATE_HASH_LEN		= 32,	/* BLAKE2b-256 */
};

/**
 * struct state_hdr - head of one slot
 * @magic:	STATE_MAGIC, no NUL
 * @version:	STATE_VERSION
 * @len:	bytes of body that follow
 * @seq:	generation: each record written has the next number
 * @hash:	BLAKE2b-256 (crypto_generichash) of the header up to here,
 *		then the body
 */
struct state_hdr {
	char magic[8];
	uint32_t version;
	uint32_t len;
	uint64_t seq;
	uint8_t hash[STATE_HASH_LEN];
};

_Static_assert(sizeof(struct state_hdr) == 56, "state_hdr: 56 bytes");
_Static_assert(sizeof(STATE_MAGIC) - 1 == 8, "STATE_MAGIC: 8 bytes");

#define STATE_BODY_MAX	(STATE_SLOT_SIZE - sizeof(struct state_hdr))

#endif /* VDE_STATE_H */
