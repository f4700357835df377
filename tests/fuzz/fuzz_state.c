// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_state.c - the state record loader (switchd/state.c): what a new
 * incarnation of the switch reads from the STATE_MEMFD that an earlier,
 * possibly compromised, incarnation wrote.
 *
 * Each input is used twice: as the memfd's contents (header checks,
 * slot choice, checksum), and as the body of a record with a correct
 * checksum, so that the commands are applied.  Invariants: no crash; a
 * load returns the number of commands applied, 0 or -EBADMSG; only
 * configuration commands run (the switch never quits, no endpoint or
 * session appears); the port table stays consistent; and the dump of the
 * resulting configuration, applied again, changes nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <sodium.h>

#include "fuzz.h"
#include "log.h"
#include "mgmt.h"
#include "state.h"
#include "switchd.h"
#include "fuzz_sw.h"

static struct sw sw;

static void fz_init(void)
{
	fz_switch_init(&sw);
}

/* A slot holding @body with a correct header */
static uint8_t *fz_record(const uint8_t *body, size_t len, size_t *size)
{
	crypto_generichash_state st;
	struct state_hdr h;
	uint8_t *buf = malloc(sizeof(h) + len + 1);

	if (!buf)
		abort();
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, STATE_MAGIC, sizeof(h.magic));
	h.version = STATE_VERSION;
	h.len = (uint32_t)len;
	h.seq = 1;
	crypto_generichash_init(&st, NULL, 0, STATE_HASH_LEN);
	crypto_generichash_update(&st, (const uint8_t *)&h,
				  offsetof(struct state_hdr, hash));
	crypto_generichash_update(&st, body, len);
	crypto_generichash_final(&st, h.hash, STATE_HASH_LEN);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), body, len);
	*size = sizeof(h) + len;
	return buf;
}

static void fz_check(int r)
{
	uint32_t i;

	FUZZ_CHECK(r >= 0 || r == -EBADMSG);
	FUZZ_CHECK(!sw.quit);
	FUZZ_CHECK(!sw.state_loading);
	FUZZ_CHECK(!sw.sessions && !sw.nendpoints);
	FUZZ_CHECK(sw.nports == sw.cfg.numports + 1);
	for (i = 0; i < sw.nports; i++)
		FUZZ_CHECK(!sw.ports[i].nep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *d1, *d2;
	size_t l1, l2, rl;
	uint8_t *rec;

	fz_init();
	if (size > STATE_BODY_MAX)
		return 0;
	fz_check(state_load(&sw, data, size));

	rec = fz_record(data, size, &rl);
	fz_check(state_load(&sw, rec, rl));
	free(rec);

	/* the configuration reached, dumped and applied again, is a fixed
	 * point */
	if (state_dump(&sw, &d1, &l1))
		return 0;	/* too big for a slot: nothing to compare */
	rec = fz_record((const uint8_t *)d1, l1, &rl);
	FUZZ_CHECK(state_load(&sw, rec, rl) >= 0);
	free(rec);
	FUZZ_CHECK(!state_dump(&sw, &d2, &l2));
	FUZZ_CHECK(l1 == l2 && !memcmp(d1, d2, l1));
	free(d1);
	free(d2);
	return 0;
}
