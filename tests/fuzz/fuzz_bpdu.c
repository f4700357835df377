// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_bpdu.c - fuzz target for the BPDU parser stp_bpdu_parse() and the
 * RSTP engine that consumes what it accepts (switchd/stp.c).
 *
 * An input is
 *
 *   byte 0	bridge set-up: bit 0 force 802.1D, bit 1 port 2 is edge,
 *		bits 2-3 bridge priority (x 4096), bit 4 port 1 shared
 *   then records: ctl, length (1 byte), frame bytes.
 *		ctl bits 0-1: receiving port (1..3, 0 = tick once);
 *		bit 2: bring the port's link down and up first;
 *		bits 4-7: ticks to run after the frame.
 *
 * Invariants checked (abort() if broken):
 *  - the parser never reads past @len (ASan), returns 0 or one of the
 *    enum bpdu_err values, and whatever it accepts rebuilds (with
 *    stp_bpdu_build()) into a frame that parses back to the same fields;
 *  - the engine: every port has a valid role and state; at most one root
 *    port, which is the engine's root_port; a port that does not take
 *    part neither forwards nor sends; alternate and backup ports never
 *    forward; when we are root, no port is root port and the root is us;
 *    at most STP_TX_HOLD BPDUs per port per tick; only well-formed
 *    BPDUs ever leave the engine.
 */
#include <string.h>

#include "fuzz.h"
#include "stp.h"

enum { NPORTS = 4 };

static unsigned int sent[NPORTS];

static void fz_tx(struct stp *st, uint32_t no, const uint8_t *f, size_t len)
{
	struct stp_bpdu b;

	(void)st;
	FUZZ_CHECK(no > 0 && no < NPORTS);
	FUZZ_CHECK(len == STP_FRAME_LEN);
	FUZZ_CHECK(stp_bpdu_parse(f, len, &b) == 0);
	sent[no]++;
	FUZZ_CHECK(sent[no] <= STP_TX_HOLD);
}

static const struct stp_ops fz_ops = { .tx = fz_tx };

static void fz_roundtrip(const uint8_t *f, size_t len)
{
	static const uint8_t src[6] = { 2, 0, 0, 0, 0, 9 };
	struct stp_bpdu a, b;
	uint8_t g[STP_FRAME_LEN];
	int err = stp_bpdu_parse(f, len, &a);

	FUZZ_CHECK(err <= 0 && err > -BPDU_E__COUNT);
	if (err)
		return;
	FUZZ_CHECK(stp_bpdu_build(&a, src, g) == sizeof(g));
	FUZZ_CHECK(stp_bpdu_parse(g, sizeof(g), &b) == 0);
	FUZZ_CHECK(a.type == b.type && a.root == b.root && a.cost == b.cost &&
		   a.bridge == b.bridge && a.port == b.port &&
		   a.flags == b.flags && a.msg_age == b.msg_age &&
		   a.max_age == b.max_age && a.hello == b.hello &&
		   a.fwd_delay == b.fwd_delay);
	FUZZ_CHECK(a.type != BPDU_TYPE_RST || a.version == b.version);
}

static void fz_check(const struct stp *st)
{
	uint32_t i, roots = 0;

	for (i = 1; i < st->nports; i++) {
		const struct stp_port *p = &st->ports[i];

		FUZZ_CHECK(p->role <= STP_ROLE_BACKUP);
		FUZZ_CHECK(p->state <= STP_DISCARDING);
		if (!p->link || !p->trunk) {
			FUZZ_CHECK(p->role == STP_ROLE_DISABLED);
			FUZZ_CHECK(p->state == STP_DISCARDING);
		}
		if (p->role == STP_ROLE_ALTERNATE ||
		    p->role == STP_ROLE_BACKUP ||
		    p->role == STP_ROLE_DISABLED)
			FUZZ_CHECK(p->state == STP_DISCARDING);
		if (p->role == STP_ROLE_ROOT) {
			roots++;
			FUZZ_CHECK(st->root_port == i);
		}
	}
	FUZZ_CHECK(roots <= 1);
	FUZZ_CHECK(roots == (st->root_port != 0));
	if (!st->root_port)
		FUZZ_CHECK(st->root.root == stp_bridge_id(st));
	else
		FUZZ_CHECK(st->root.root < stp_bridge_id(st));
}

static void fz_tick(struct stp *st)
{
	memset(sent, 0, sizeof(sent));
	stp_tick(st);
	fz_check(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x10 };
	struct stp st;
	size_t off = 1;
	uint32_t i;

	if (size < 1)
		return 0;
	memset(sent, 0, sizeof(sent));
	stp_init(&st, mac, &fz_ops, NULL);
	stp_set_bridge(&st, (uint16_t)(((data[0] >> 2) & 3) * STP_PRIO_STEP),
		       STP_HELLO_DEFAULT, STP_MAXAGE_DEFAULT,
		       STP_FWDDELAY_DEFAULT, data[0] & 1 ? 0 : 2);
	for (i = 1; i < NPORTS; i++) {
		FUZZ_CHECK(stp_port(&st, i));
		stp_set_trunk(&st, i, true);
		stp_link(&st, i, true, !(i == 1 && (data[0] & 0x10)));
	}
	stp_set_edge(&st, 2, data[0] & 2);
	stp_enable(&st, true);
	fz_check(&st);
	while (off + 2 <= size) {
		uint8_t ctl = data[off], len = data[off + 1];
		uint32_t no = ctl & 3, t;

		off += 2;
		if (len > size - off)
			len = (uint8_t)(size - off);
		fz_roundtrip(data + off, len);
		memset(sent, 0, sizeof(sent));
		if (no && (ctl & 4)) {
			stp_link(&st, no, false, true);
			stp_link(&st, no, true, true);
		}
		if (no)
			stp_rx(&st, no, data + off, len);
		else
			fz_tick(&st);
		fz_check(&st);
		for (t = 0; t < (uint32_t)(ctl >> 4); t++)
			fz_tick(&st);
		off += len;
	}
	stp_free(&st);
	return 0;
}
