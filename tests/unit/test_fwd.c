// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_fwd.c - unit tests of the receive path and the forwarding decision
 * (switchd/port.c port_frame_input(), ep_rx(); switchd/fwd.c).
 *
 * Each test builds the small switch of sw_harness.h (six endpoints on
 * ports 0..4 over real socketpairs, port 5 without an endpoint), feeds
 * frames through port_frame_input() exactly as ep_rx() hands them over,
 * then checks what fwd_frame() queued on each endpoint (ep->tx[]: slot and
 * tag operation) and, after fwd_flush(), the exact bytes that arrive at
 * each far end, so a tag pushed or stripped one byte off shows up.  After
 * every test the frame pool must be whole again.
 *
 * The forwarding rules come from shared/spec/vde-wire.md sections 3, 6.2,
 * 6.3 and 6.4.
 *
 * test_tx_bytes_match_wire() started as a known-bug test: stripped
 * minimum-size frames were counted as 56 bytes while 60 were sent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "sw_harness.h"

/* ---------------------------------------------------------------------- */
/* Table of forwarding cases */

struct port_cfg {
	bool set;		/* otherwise: untagged VLAN 0, nothing tagged */
	uint16_t vlan;
	uint16_t tagged[3];	/* VLANs 1..4095, 0-terminated */
};

struct pre {
	bool set;
	uint32_t port;
	int src;
	int tci;
};

struct fwd_case {
	const char *name;
	bool hub;
	struct port_cfg cfg[NPORTS];
	struct pre pre[3];	/* learning frames (to broadcast) first */
	uint32_t in;
	int dst, src;
	int tci;		/* UNTAGGED or the TCI of the tag */
	size_t len;
	int want[NEP];		/* NONE or enum tx_op, per endpoint */
	uint16_t push_vid;	/* VID of the tag a TX_PUSH must insert */
	bool drop_vlan;		/* counted in the ingress rx_drop_vlan */
};

#define ALL_NONE	{ NONE, NONE, NONE, NONE, NONE, NONE }
#define AS		TX_ASIS
#define ST		TX_STRIP
#define PU		TX_PUSH
#define ACCESS(v)	{ true, v, { 0 } }
#define TRUNK(v, ...)	{ true, v, { __VA_ARGS__ } }
#define LEARN(p, m)	{ true, p, m, UNTAGGED }
#define LEARN_T(p, m, t) { true, p, m, t }

/* Access port 1 in VLAN 10, trunk port 2 tagged in 10 (untagged 0) */
#define VLAN10 .cfg = { [1] = ACCESS(10), [2] = TRUNK(0, 10) }

static const struct fwd_case cases[] = {
	/* spec 6.2: flooding and learning */
	{ "broadcast from port 1", .in = 1, .dst = BC, .src = A,
	  .tci = UNTAGGED, .len = 64, .want = { AS, NONE, AS, AS, AS, AS } },
	{ "broadcast from port 0", .in = 0, .dst = BC, .src = A,
	  .tci = UNTAGGED, .len = 64, .want = { NONE, AS, AS, AS, AS, AS } },
	{ "broadcast from port 4: not to its other endpoint", .in = 4,
	  .dst = BC, .src = A, .tci = UNTAGGED, .len = 64,
	  .want = { AS, AS, AS, AS, NONE, NONE } },
	{ "multicast floods", .in = 2, .dst = MC, .src = A,
	  .tci = UNTAGGED, .len = 100, .want = { AS, AS, NONE, AS, AS, AS } },
	{ "unknown unicast floods", .in = 3, .dst = B, .src = A,
	  .tci = UNTAGGED, .len = 1514,
	  .want = { AS, AS, AS, NONE, AS, AS } },
	{ "learned unicast to its port only", .pre = { LEARN(2, B) },
	  .in = 1, .dst = B, .src = A, .tci = UNTAGGED, .len = 60,
	  .want = { NONE, NONE, AS, NONE, NONE, NONE } },
	{ "learned unicast to port 0", .pre = { LEARN(0, B) },
	  .in = 3, .dst = B, .src = A, .tci = UNTAGGED, .len = 60,
	  .want = { AS, NONE, NONE, NONE, NONE, NONE } },
	{ "learned unicast to both endpoints of port 4",
	  .pre = { LEARN(4, B) }, .in = 1, .dst = B, .src = A,
	  .tci = UNTAGGED, .len = 60,
	  .want = { NONE, NONE, NONE, NONE, AS, AS } },
	{ "learned unicast on the ingress port is dropped",
	  .pre = { LEARN(1, B) }, .in = 1, .dst = B, .src = A,
	  .tci = UNTAGGED, .len = 60, .want = ALL_NONE },
	{ "reply to a learned source", .pre = { LEARN(3, A), LEARN(2, B) },
	  .in = 2, .dst = A, .src = B, .tci = UNTAGGED, .len = 80,
	  .want = { NONE, NONE, NONE, AS, NONE, NONE } },
	{ "learned in VLAN 0 only: unknown in VLAN 10",
	  .cfg = { [1] = ACCESS(10), [2] = TRUNK(0, 10), [3] = ACCESS(10) },
	  .pre = { LEARN(4, B) }, .in = 1, .dst = B, .src = A,
	  .tci = UNTAGGED, .len = 60,
	  .want = { NONE, NONE, PU, AS, NONE, NONE }, .push_vid = 10 },

	/* spec 3: short frames are padded to 60 */
	{ "14-byte frame padded", .in = 1, .dst = BC, .src = A,
	  .tci = UNTAGGED, .len = 14, .want = { AS, NONE, AS, AS, AS, AS } },
	{ "59-byte frame padded", .in = 1, .dst = BC, .src = A,
	  .tci = UNTAGGED, .len = 59, .want = { AS, NONE, AS, AS, AS, AS } },
	{ "maximum frame", .in = 1, .dst = BC, .src = A, .tci = UNTAGGED,
	  .len = ETH_FRAME_DEFAULT, .want = { AS, NONE, AS, AS, AS, AS } },

	/* spec 6.3: hub mode */
	{ "hub: all but ingress and port 0", .hub = true, .in = 1,
	  .dst = BC, .src = A, .tci = UNTAGGED, .len = 64,
	  .want = { NONE, NONE, AS, AS, AS, AS } },
	{ "hub: from port 0", .hub = true, .in = 0, .dst = BC, .src = A,
	  .tci = UNTAGGED, .len = 64, .want = { NONE, AS, AS, AS, AS, AS } },
	{ "hub: unicast floods, no learning", .hub = true,
	  .pre = { LEARN(2, B) }, .in = 1, .dst = B, .src = A,
	  .tci = UNTAGGED, .len = 64,
	  .want = { NONE, NONE, AS, AS, AS, AS } },
	{ "hub: tags pass unchanged, VLANs ignored", .hub = true, VLAN10,
	  .in = 3, .dst = BC, .src = A, .tci = 11, .len = 64,
	  .want = { NONE, AS, AS, NONE, AS, AS } },

	/* spec 6.4: VLANs */
	{ "access to trunk: tag pushed", VLAN10, .in = 1, .dst = BC,
	  .src = A, .tci = UNTAGGED, .len = 64,
	  .want = { NONE, NONE, PU, NONE, NONE, NONE }, .push_vid = 10 },
	{ "trunk to access: tag stripped", VLAN10, .in = 2, .dst = BC,
	  .src = A, .tci = 10, .len = 68,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "trunk to access: PCP ignored, stripped", VLAN10, .in = 2,
	  .dst = BC, .src = A, .tci = 0xe00a, .len = 68,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "trunk untagged: VLAN 0 ports", VLAN10, .in = 2, .dst = BC,
	  .src = A, .tci = UNTAGGED, .len = 64,
	  .want = { AS, NONE, NONE, AS, AS, AS } },
	{ "VLAN 0 port: nothing to VLAN 10", VLAN10, .in = 3, .dst = BC,
	  .src = A, .tci = UNTAGGED, .len = 64,
	  .want = { AS, NONE, AS, NONE, AS, AS } },
	{ "tag of a VLAN the trunk is not in", VLAN10, .in = 2, .dst = BC,
	  .src = A, .tci = 11, .len = 68, .want = ALL_NONE,
	  .drop_vlan = true },
	{ "tag 10 on a VLAN 0 port", VLAN10, .in = 3, .dst = BC, .src = A,
	  .tci = 10, .len = 68, .want = ALL_NONE, .drop_vlan = true },
	{ "tag 0 on a VLAN 10 access port", VLAN10, .in = 1, .dst = BC,
	  .src = A, .tci = 0, .len = 68, .want = ALL_NONE,
	  .drop_vlan = true },
	{ "own untagged VLAN as a tag is accepted",
	  .cfg = { [1] = ACCESS(10), [2] = TRUNK(0, 10), [3] = ACCESS(10) },
	  .in = 1, .dst = BC, .src = A, .tci = 10, .len = 68,
	  .want = { NONE, NONE, AS, ST, NONE, NONE } },
	{ "trunk to trunk keeps the tag, PCP included",
	  .cfg = { [1] = ACCESS(10), [2] = TRUNK(0, 10), [3] = TRUNK(0, 10) },
	  .in = 2, .dst = BC, .src = A, .tci = 0xa00a, .len = 68,
	  .want = { NONE, ST, NONE, AS, NONE, NONE } },
	{ "two trunks, two VLANs",
	  .cfg = { [2] = TRUNK(4095, 10, 20), [3] = TRUNK(4095, 20),
		   [4] = ACCESS(20), [1] = ACCESS(10) },
	  .in = 2, .dst = BC, .src = A, .tci = 20, .len = 100,
	  .want = { NONE, NONE, NONE, AS, ST, ST } },
	{ "access 20 to two trunks",
	  .cfg = { [2] = TRUNK(4095, 10, 20), [3] = TRUNK(4095, 20),
		   [4] = ACCESS(20), [1] = ACCESS(10) },
	  .in = 4, .dst = BC, .src = A, .tci = UNTAGGED, .len = 100,
	  .want = { NONE, NONE, PU, PU, NONE, NONE }, .push_vid = 20 },
	{ "VLAN 4094", .cfg = { [1] = ACCESS(4094), [2] = TRUNK(0, 4094) },
	  .in = 1, .dst = BC, .src = A, .tci = UNTAGGED, .len = 64,
	  .want = { NONE, NONE, PU, NONE, NONE, NONE }, .push_vid = 4094 },
	{ "VLAN 4094 tagged to access", .cfg = { [1] = ACCESS(4094),
	  [2] = TRUNK(0, 4094), [3] = TRUNK(0, 254) }, .in = 2, .dst = BC,
	  .src = A, .tci = 4094, .len = 64,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "VLAN 0xabc pushed: both tag bytes", .cfg = { [1] = ACCESS(0xabc),
	  [2] = TRUNK(0, 0xabc), [3] = ACCESS(0xbc) }, .in = 1, .dst = BC,
	  .src = A, .tci = UNTAGGED, .len = 64,
	  .want = { NONE, NONE, PU, NONE, NONE, NONE }, .push_vid = 0xabc },
	{ "no untagged VLAN: untagged dropped",
	  .cfg = { [2] = TRUNK(4095, 10) }, .in = 2, .dst = BC, .src = A,
	  .tci = UNTAGGED, .len = 64, .want = ALL_NONE, .drop_vlan = true },
	{ "no untagged VLAN: tagged accepted",
	  .cfg = { [2] = TRUNK(4095, 10), [1] = ACCESS(10) }, .in = 2,
	  .dst = BC, .src = A, .tci = 10, .len = 64,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "VID 4095 never accepted",
	  .cfg = { [2] = TRUNK(0, 4095) }, .in = 2, .dst = BC, .src = A,
	  .tci = 4095, .len = 64, .want = ALL_NONE, .drop_vlan = true },
	{ "tag 0 on a VLAN 0 port is VLAN 0, stripped", .in = 3, .dst = BC,
	  .src = A, .tci = 0, .len = 64,
	  .want = { ST, ST, ST, NONE, ST, ST } },
	{ "learned in VLAN 10 via the trunk",
	  VLAN10, .pre = { LEARN_T(2, B, 10) }, .in = 1, .dst = B,
	  .src = A, .tci = UNTAGGED, .len = 60,
	  .want = { NONE, NONE, PU, NONE, NONE, NONE }, .push_vid = 10 },
	{ "learned on the access port, sent from the trunk",
	  VLAN10, .pre = { LEARN(1, B) }, .in = 2, .dst = B, .src = A,
	  .tci = 10, .len = 60,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "short tagged frame: padded, stripped, padded", VLAN10, .in = 2,
	  .dst = BC, .src = A, .tci = 10, .len = 20,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "62-byte tagged frame stripped to 60", VLAN10, .in = 2,
	  .dst = BC, .src = A, .tci = 10, .len = 62,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "64-byte tagged frame stripped to 60", VLAN10, .in = 2,
	  .dst = BC, .src = A, .tci = 10, .len = 64,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "65-byte tagged frame stripped to 61", VLAN10, .in = 2,
	  .dst = BC, .src = A, .tci = 10, .len = 65,
	  .want = { NONE, ST, NONE, NONE, NONE, NONE } },
	{ "largest frame that can take a tag", VLAN10, .in = 1, .dst = BC,
	  .src = A, .tci = UNTAGGED, .len = ETH_FRAME_DEFAULT - 4,
	  .want = { NONE, NONE, PU, NONE, NONE, NONE }, .push_vid = 10 },
	{ "maximum frame cannot take a tag: dropped", VLAN10, .in = 1,
	  .dst = BC, .src = A, .tci = UNTAGGED, .len = ETH_FRAME_DEFAULT,
	  .want = { NONE, NONE, NONE, NONE, NONE, NONE } },
};

static void apply_cfg(struct harness *h, const struct fwd_case *c)
{
	uint32_t i, j;

	h->sw.cfg.hub = c->hub;
	for (i = 0; i < NPORTS; i++) {
		const struct port_cfg *pc = &c->cfg[i];

		if (!pc->set)
			continue;
		port_get(&h->sw, i)->vlan = pc->vlan;
		for (j = 0; j < ARRAY_SIZE(pc->tagged) && pc->tagged[j]; j++)
			harness_set_tagged(&h->sw, i, pc->tagged[j]);
	}
}

static void send_pre(struct harness *h, const struct fwd_case *c)
{
	uint8_t f[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c->pre) && c->pre[i].set; i++) {
		frame_build(f, sizeof(f), BC, c->pre[i].src, c->pre[i].tci,
			    0);
		harness_input(h, c->pre[i].port, f, sizeof(f), 0);
		fwd_flush(&h->sw);
	}
	peer_drain_all(h);
	harness_clear_stats(h);
}

/* What fwd_frame() queued, before anything is sent */
static void expect_queued(struct harness *h, const struct fwd_case *c)
{
	int i;

	for (i = 0; i < NEP; i++) {
		struct endpoint *ep = h->ep[i];

		if (c->want[i] == NONE) {
			assert_int_equal(ep->ntx, 0);
			continue;
		}
		assert_int_equal(ep->ntx, 1);
		assert_int_equal(ep->tx[0].op, c->want[i]);
		if (c->want[i] == TX_PUSH) {
			assert_int_equal(ep->tx[0].vid, c->push_vid);
		}
		/* the frame itself, padded, stays in the pool */
		assert_int_equal(h->sw.pool.len[ep->tx[0].slot],
				 MAX(c->len, (size_t)60));
	}
}

static void run_case(struct harness *h, const struct fwd_case *c)
{
	static uint8_t f[BUF], want[BUF];
	struct port *ip = &h->sw.ports[c->in];
	int i;

	print_message("  %s\n", c->name);
	apply_cfg(h, c);
	send_pre(h, c);

	frame_build(f, c->len, c->dst, c->src, c->tci, 7);
	harness_input(h, c->in, f, c->len, 0);
	expect_queued(h, c);
	fwd_flush(&h->sw);

	for (i = 0; i < NEP; i++) {
		size_t n;

		if (c->want[i] == NONE) {
			peer_expect_nothing(h, i);
			continue;
		}
		n = frame_expect(want, f, c->len, c->want[i], c->push_vid);
		peer_expect_frame(h, i, want, n);
		peer_expect_nothing(h, i);
	}
	assert_int_equal(ip->stats.rx_frames, 1);
	assert_int_equal(ip->stats.rx_bytes, c->len);
	assert_int_equal(ip->stats.rx_drop_vlan, c->drop_vlan);
	assert_int_equal(h->sw.pool.nfree, h->sw.pool.n);
}

/* One fresh switch per row */
static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		void *h;

		assert_int_equal(harness_setup(&h), 0);
		run_case(h, &cases[i]);
		harness_teardown(&h);
	}
}

/* ---------------------------------------------------------------------- */
/* Receive-side validation (port_frame_input) */

struct bad_case {
	const char *name;
	size_t len;
	int flags;
	uint64_t short_, empty, trunc;
};

static const struct bad_case bad_cases[] = {
	{ "0 bytes", 0, 0, 0, 1, 0 },
	{ "1 byte", 1, 0, 1, 0, 0 },
	{ "12 bytes", 12, 0, 1, 0, 0 },
	{ "13 bytes", 13, 0, 1, 0, 0 },
	{ "truncated", 1514, MSG_TRUNC, 0, 0, 1 },
	{ "truncated, short", 10, MSG_TRUNC, 0, 0, 1 },
	{ "truncated, empty", 0, MSG_TRUNC, 0, 0, 1 },
	{ "truncated, maximum", ETH_FRAME_DEFAULT, MSG_TRUNC, 0, 0, 1 },
};

static void test_bad_frames(void **state)
{
	struct harness *h = *state;
	struct port *p = &h->sw.ports[1];
	uint8_t f[BUF];
	size_t i;
	int e;

	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];

		print_message("  %s\n", c->name);
		harness_clear_stats(h);
		frame_build(f, BUF, BC, A, UNTAGGED, 1);
		harness_input(h, 1, f, c->len, c->flags);
		for (e = 0; e < NEP; e++)
			assert_int_equal(h->ep[e]->ntx, 0);
		fwd_flush(&h->sw);
		for (e = 0; e < NEP; e++)
			peer_expect_nothing(h, e);
		assert_int_equal(p->stats.rx_drop_short, c->short_);
		assert_int_equal(p->stats.rx_empty, c->empty);
		assert_int_equal(p->stats.rx_drop_trunc, c->trunc);
		assert_int_equal(p->stats.rx_frames, 0);
		assert_int_equal(p->stats.rx_bytes, 0);
		assert_int_equal(h->sw.pool.nfree, h->sw.pool.n);
		/* nothing was learned from a dropped frame */
		assert_int_equal(fdb_lookup(&h->sw.fdb, macs[A], 0), -1);
	}
}

/* Padding is zeros, whatever the slot held before */
static void test_padding_zeroed(void **state)
{
	struct harness *h = *state;
	uint8_t f[60], buf[BUF];
	size_t len;

	for (len = 14; len < 60; len++) {
		frame_build(f, len, BC, A, UNTAGGED, 3);
		memset(f + len, 0, sizeof(f) - len);
		harness_input(h, 2, f, len, 0);
		fwd_flush(&h->sw);
		assert_int_equal(peer_recv(h, 3, buf), 60);
		assert_memory_equal(buf, f, 60);
		peer_drain_all(h);
	}
}

/* Per-port counters: OUT once per port even with two endpoints */
static void test_counters(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[BUF];

	port_get(sw, 1)->vlan = 10;
	harness_set_tagged(sw, 2, 10);
	harness_clear_stats(h);

	frame_build(f, 100, BC, A, UNTAGGED, 0);	/* VLAN 0, from 3 */
	harness_input(h, 3, f, 100, 0);
	frame_build(f, 20, BC, B, UNTAGGED, 0);		/* VLAN 10, from 1 */
	harness_input(h, 1, f, 20, 0);
	frame_build(f, 200, BC, C, 10, 0);		/* VLAN 10, from 2 */
	harness_input(h, 2, f, 200, 0);
	frame_build(f, 200, BC, C, 11, 0);		/* dropped */
	harness_input(h, 2, f, 200, 0);
	fwd_flush(sw);
	peer_drain_all(h);

	assert_int_equal(sw->ports[3].stats.rx_frames, 1);
	assert_int_equal(sw->ports[3].stats.rx_bytes, 100);
	assert_int_equal(sw->ports[1].stats.rx_frames, 1);
	assert_int_equal(sw->ports[1].stats.rx_bytes, 20);	/* unpadded */
	assert_int_equal(sw->ports[2].stats.rx_frames, 2);
	assert_int_equal(sw->ports[2].stats.rx_bytes, 400);
	assert_int_equal(sw->ports[2].stats.rx_drop_vlan, 1);

	/* port 4: the VLAN 0 frame, once for two endpoints */
	assert_int_equal(sw->ports[4].stats.tx_frames, 1);
	assert_int_equal(sw->ports[4].stats.tx_bytes, 100);
	assert_int_equal(sw->ports[0].stats.tx_frames, 1);
	/* port 2: VLAN 0 frame as is, VLAN 10 frame from 1 with a tag */
	assert_int_equal(sw->ports[2].stats.tx_frames, 2);
	assert_int_equal(sw->ports[2].stats.tx_bytes, 100 + 64);
	/* port 1: the tagged frame from 2, stripped */
	assert_int_equal(sw->ports[1].stats.tx_frames, 1);
	assert_int_equal(sw->ports[1].stats.tx_bytes, 196);
	/* port 3 sent the VLAN 0 frame: nothing came back to it */
	assert_int_equal(sw->ports[3].stats.tx_frames, 0);
	assert_int_equal(sw->ports[5].stats.tx_frames, 0);
}

/* ---------------------------------------------------------------------- */
/* Through ep_rx(): real datagrams on the socket */

static void test_rx_socket(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	static uint8_t f[ETH_FRAME_DEFAULT + 100], buf[BUF];
	struct port *p = &sw->ports[1];

	harness_clear_stats(h);
	/* a courtesy EOF, an oversized datagram, a short one, a good one */
	assert_int_equal(send(h->peer[1], f, 0, 0), 0);
	frame_build(f, sizeof(f), BC, A, UNTAGGED, 9);
	assert_int_equal(send(h->peer[1], f, ETH_FRAME_DEFAULT + 1, 0),
			 ETH_FRAME_DEFAULT + 1);
	assert_int_equal(send(h->peer[1], f, 13, 0), 13);
	assert_int_equal(send(h->peer[1], f, ETH_FRAME_DEFAULT, 0),
			 ETH_FRAME_DEFAULT);
	ep_rx(sw, h->ep[1]);

	assert_int_equal(p->stats.rx_empty, 1);
	assert_int_equal(p->stats.rx_drop_trunc, 1);
	assert_int_equal(p->stats.rx_drop_short, 1);
	assert_int_equal(p->stats.rx_frames, 1);
	assert_int_equal(p->stats.rx_bytes, ETH_FRAME_DEFAULT);
	/* only the good frame came out, whole */
	assert_int_equal(peer_recv(h, 2, buf), ETH_FRAME_DEFAULT);
	assert_memory_equal(buf, f, ETH_FRAME_DEFAULT);
	peer_expect_nothing(h, 2);
	assert_int_equal(sw->pool.nfree, sw->pool.n);
}

/* More frames than one receive batch: all delivered, in order */
static void test_rx_batches(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[128], buf[BUF];
	int i, e;

	for (i = 0; i < 3 * RX_BATCH + 5; i++) {
		frame_build(f, sizeof(f), BC, A, UNTAGGED, (uint8_t)i);
		f[20] = (uint8_t)i;
		assert_int_equal(send(h->peer[3], f, sizeof(f), 0),
				 sizeof(f));
	}
	for (i = 0; i < 4; i++)
		ep_rx(sw, h->ep[3]);
	assert_int_equal(sw->ports[3].stats.rx_frames, 3 * RX_BATCH + 5);
	for (e = 0; e < NEP; e++) {
		if (e == 3) {
			peer_expect_nothing(h, e);
			continue;
		}
		for (i = 0; i < 3 * RX_BATCH + 5; i++) {
			assert_int_equal(peer_recv(h, e, buf), sizeof(f));
			assert_int_equal(buf[20], (uint8_t)i);
		}
		peer_expect_nothing(h, e);
	}
	assert_int_equal(sw->pool.nfree, sw->pool.n);
}

/* A receiver that does not read: frames wait in its queue (holding pool
 * references), are sent in order once it drains, and are dropped and
 * counted when the queue is full */
static void test_tx_backlog(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	struct endpoint *ep = h->ep[2];
	int sndbuf = 1;
	uint8_t f[1000], buf[BUF];
	uint32_t i, sent = 700, got = 0, queued, idx;
	int last = -1;

	/* B lives on port 2: the frames below go there only */
	frame_build(f, 64, BC, B, UNTAGGED, 0);
	harness_input(h, 2, f, 64, 0);
	fwd_flush(sw);
	peer_drain_all(h);
	/* the smallest send buffer the kernel allows */
	assert_int_equal(setsockopt(ep->data_fd, SOL_SOCKET, SO_SNDBUF,
				    &sndbuf, sizeof(sndbuf)), 0);
	for (i = 0; i < sent; i++) {
		frame_build(f, sizeof(f), B, A, UNTAGGED, 0);
		f[20] = (uint8_t)i;
		f[21] = (uint8_t)(i >> 8);
		harness_input(h, 1, f, sizeof(f), 0);
		if (i % RX_BATCH == RX_BATCH - 1)
			fwd_flush(sw);
	}
	fwd_flush(sw);
	queued = ep->qlen;
	assert_true(queued > 0);
	assert_true(queued <= EP_QLEN);
	assert_true(ep->pollout);
	/* each queued frame holds exactly one slot */
	assert_int_equal(sw->pool.nfree, sw->pool.n - queued);
	assert_int_equal(ep->stats.tx_queued, queued);
	assert_int_equal(sw->ports[2].stats.tx_drop_queue,
			 ep->stats.tx_drop_queue);
	assert_true(ep->stats.tx_drop_queue > 0);	/* the queue filled */

	/* read and drain until everything queued went out */
	for (i = 0; i < 100000 && (ep->qlen || got == 0); i++) {
		ssize_t n;

		while ((n = peer_recv(h, 2, buf)) >= 0) {
			assert_int_equal(n, sizeof(f));
			/* in order, some possibly dropped */
			idx = buf[20] | (uint32_t)buf[21] << 8;
			assert_true((int)idx > last);
			last = (int)idx;
			got++;
		}
		ep_drain(sw, ep);
	}
	while (peer_recv(h, 2, buf) >= 0)
		got++;
	for (i = 0; i < NEP; i++)
		if (i != 2)
			peer_expect_nothing(h, (int)i);
	assert_int_equal(ep->qlen, 0);
	assert_false(ep->pollout);
	assert_int_equal(got + ep->stats.tx_drop_queue, sent);
	peer_drain_all(h);
	assert_int_equal(sw->pool.nfree, sw->pool.n);
}

/* The last endpoint leaving a port takes its MACs with it (spec 2.7) */
static void test_port_down_flushes(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[64];

	frame_build(f, sizeof(f), BC, B, UNTAGGED, 0);
	harness_input(h, 2, f, sizeof(f), 0);
	frame_build(f, sizeof(f), BC, C, UNTAGGED, 0);
	harness_input(h, 4, f, sizeof(f), 0);
	fwd_flush(sw);
	peer_drain_all(h);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[B], 0), 2);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[C], 0), 4);

	/* one of two endpoints of port 4 leaves: port stays up */
	ep_close(sw, h->ep[5], "test");
	h->ep[5] = NULL;
	assert_int_equal(sw->ports[4].nep, 1);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[C], 0), 4);

	ep_close(sw, h->ep[2], "test");
	h->ep[2] = NULL;
	sw_reap(sw);
	assert_int_equal(sw->ports[2].nep, 0);
	assert_int_equal(sw->ports[2].active_idx, -1);
	assert_int_equal(sw->nactive, 4);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[B], 0), -1);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[C], 0), 4);

	/* B is unknown again: flooded to the active ports */
	frame_build(f, sizeof(f), B, A, UNTAGGED, 0);
	harness_input(h, 1, f, sizeof(f), 0);
	assert_int_equal(h->ep[0]->ntx, 1);
	assert_int_equal(h->ep[3]->ntx, 1);
	assert_int_equal(h->ep[4]->ntx, 1);
	fwd_flush(sw);
	peer_drain_all(h);
}

/* An endpoint closed while frames are queued for it in this batch */
static void test_close_with_pending_tx(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[64];

	frame_build(f, sizeof(f), BC, A, UNTAGGED, 0);
	harness_input(h, 1, f, sizeof(f), 0);
	assert_int_equal(h->ep[3]->ntx, 1);
	ep_close(sw, h->ep[3], "test");
	fwd_flush(sw);			/* must drop, not send on a closed fd */
	sw_reap(sw);
	h->ep[3] = NULL;
	peer_drain_all(h);
	assert_int_equal(sw->pool.nfree, sw->pool.n);
}

/* The MAC table learns from the right VLAN and port */
static void test_learning(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[64];

	port_get(sw, 1)->vlan = 10;
	harness_set_tagged(sw, 2, 10);
	frame_build(f, sizeof(f), BC, A, UNTAGGED, 0);
	harness_input(h, 1, f, sizeof(f), 0);
	frame_build(f, sizeof(f), BC, B, 10, 0);
	harness_input(h, 2, f, sizeof(f), 0);
	frame_build(f, sizeof(f), BC, C, UNTAGGED, 0);
	harness_input(h, 2, f, sizeof(f), 0);
	frame_build(f, sizeof(f), BC, D, 11, 0);	/* dropped */
	harness_input(h, 2, f, sizeof(f), 0);
	fwd_flush(sw);
	peer_drain_all(h);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[A], 10), 1);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[A], 0), -1);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[B], 10), 2);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[C], 0), 2);
	assert_int_equal(fdb_lookup(&sw->fdb, macs[D], 11), -1);
	assert_int_equal(sw->fdb.used, 3);
}

/* A full table still forwards, by flooding, and counts the overflow */
static void test_fdb_full_floods(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[64];
	int e;

	fdb_free(&sw->fdb);
	assert_int_equal(fdb_init(&sw->fdb, 4, 1, 1, sw->nports), 0);
	frame_build(f, sizeof(f), BC, A, UNTAGGED, 0);
	harness_input(h, 1, f, sizeof(f), 0);
	frame_build(f, sizeof(f), A, B, UNTAGGED, 0);	/* B not learned */
	harness_input(h, 2, f, sizeof(f), 0);
	assert_int_equal(sw->ports[2].stats.fdb_overflow, 1);
	assert_int_equal(h->ep[1]->ntx, 1);	/* A is known: port 1 only */
	assert_int_equal(h->ep[3]->ntx, 1);	/* the broadcast */
	fwd_flush(sw);
	peer_drain_all(h);
	/* a frame to B floods */
	frame_build(f, sizeof(f), B, A, UNTAGGED, 0);
	harness_input(h, 1, f, sizeof(f), 0);
	for (e = 0; e < NEP; e++)
		assert_int_equal(h->ep[e]->ntx, e != 1);
	fwd_flush(sw);
	peer_drain_all(h);
}

/*
 * Regression (was a known-bug test): every port's tx_bytes equals the
 * bytes its endpoint received, including stripped minimum-size frames,
 * which leave padded to 60 bytes.
 */
static void test_tx_bytes_match_wire(void **state)
{
	static const struct {
		uint32_t in;
		int tci;
		size_t len;
	} rows[] = {
		{ 2, 10, 20 },		/* stripped: 56 + 4 bytes of padding */
		{ 2, 10, 64 },		/* stripped: 60 */
		{ 2, 10, 200 },		/* stripped: 196 */
		{ 1, UNTAGGED, 20 },	/* padded, tag pushed: 64 */
		{ 3, UNTAGGED, 100 },	/* as is */
		{ 3, UNTAGGED, 13 },	/* dropped */
	};
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint64_t wire[NPORTS] = { 0 };
	uint8_t f[BUF], buf[BUF];
	ssize_t n;
	size_t i;
	uint32_t p;

	port_get(sw, 1)->vlan = 10;
	harness_set_tagged(sw, 2, 10);
	harness_clear_stats(h);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		frame_build(f, rows[i].len, BC, A, rows[i].tci, 0);
		harness_input(h, rows[i].in, f, rows[i].len, 0);
	}
	fwd_flush(sw);
	/* one endpoint per port is enough: e4 and e5 get the same */
	for (i = 0; i < 5; i++)
		while ((n = peer_recv(h, (int)i, buf)) >= 0)
			wire[ep_port[i]] += (uint64_t)n;
	for (p = 0; p < NPORTS; p++) {
		uint64_t counted = sw->ports[p].stats.tx_bytes;

		if (counted != wire[p])
			print_message("port %u: tx_bytes %lu, sent %lu\n", p,
				      (unsigned long)counted,
				      (unsigned long)wire[p]);
		assert_int_equal(sw->ports[p].stats.tx_bytes, wire[p]);
	}
}

/* Feed @n frames A->@dst (every @every-th to @dst, the others to C) from
 * endpoint 1's far end and let the switch read one batch */
static void bp_batch(struct harness *h, int dst, unsigned int n,
		     unsigned int every)
{
	uint8_t f[BUF];
	unsigned int i;

	for (i = 0; i < n; i++) {
		frame_build(f, 200, i % every ? C : dst, A, UNTAGGED, 0);
		assert_int_equal(send(h->peer[1], f, 200, 0), 200);
	}
	ep_rx(&h->sw, h->ep[1]);
	/* C (endpoint 3) reads everything, so only B can be congested */
	while (peer_recv(h, 3, f) >= 0 || h->ep[3]->qlen)
		ep_drain(&h->sw, h->ep[3]);
}

/* Back-pressure: a sender whose batch goes mostly to a congested but
 * reading destination pauses; it resumes when the destination drains,
 * stalls or goes away; a sender that sends it little never pauses */
static void test_backpressure(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	struct endpoint *snd = h->ep[1], *dst = h->ep[2];
	int sndbuf = 1;
	uint8_t f[200], buf[BUF];
	unsigned int i;

	/* B lives on port 2 (endpoint 2), C on port 3 */
	frame_build(f, 64, BC, B, UNTAGGED, 0);
	harness_input(h, 2, f, 64, 0);
	frame_build(f, 64, BC, C, UNTAGGED, 0);
	harness_input(h, 3, f, 64, 0);
	fwd_flush(sw);
	peer_drain_all(h);
	assert_int_equal(setsockopt(dst->data_fd, SOL_SOCKET, SO_SNDBUF,
				    &sndbuf, sizeof(sndbuf)), 0);
	sw->now_ms = 10000;
	dst->last_progress_ms = sw->now_ms;	/* reading: not stalled */

	/* 1 frame in 4 to B: B's queue fills, the sender is not paused */
	for (i = 0; i < 40 && dst->qlen < EP_QHIGH; i++)
		bp_batch(h, B, RX_BATCH, 4);
	for (i = 0; i < 20; i++)
		bp_batch(h, B, RX_BATCH, 4);
	assert_true(dst->qlen >= EP_QHIGH);
	assert_false(snd->rx_paused);
	assert_int_equal(sw->npaused, 0);
	peer_drain_all(h);

	/* every frame to B: paused after a batch */
	bp_batch(h, B, RX_BATCH, 1);
	assert_true(snd->rx_paused);
	assert_ptr_equal(snd->blocker, dst);
	assert_ptr_equal(dst->waiters, snd);
	assert_int_equal(sw->npaused, 1);
	assert_int_equal(snd->stats.rx_paused, 1);

	/* B stops reading for BP_STALL_MS: the sender reads again */
	sw->now_ms += BP_STALL_MS;
	bp_check(sw);
	assert_false(snd->rx_paused);
	assert_null(dst->waiters);
	assert_int_equal(sw->npaused, 0);

	/* ... and a stalled destination pauses nobody */
	bp_batch(h, B, RX_BATCH, 1);
	assert_false(snd->rx_paused);

	/* B reads again: paused, then resumed once B drains to EP_QLOW */
	dst->last_progress_ms = sw->now_ms;
	bp_batch(h, B, RX_BATCH, 1);
	assert_true(snd->rx_paused);
	for (i = 0; i < 100000 && snd->rx_paused; i++) {
		while (peer_recv(h, 2, buf) >= 0)
			;
		ep_drain(sw, dst);
	}
	assert_false(snd->rx_paused);
	assert_true(dst->qlen <= EP_QLOW);
	assert_int_equal(sw->npaused, 0);

	/* --no-backpressure: never paused */
	while (dst->qlen) {
		while (peer_recv(h, 2, buf) >= 0)
			;
		ep_drain(sw, dst);
	}
	sw->cfg.no_backpressure = true;
	for (i = 0; i < 40; i++)
		bp_batch(h, B, RX_BATCH, 1);
	assert_true(dst->qlen >= EP_QHIGH);
	assert_false(snd->rx_paused);
	sw->cfg.no_backpressure = false;

	/* a destination of another user never pauses the sender */
	dst->uid = 2000;
	dst->last_progress_ms = sw->now_ms;
	for (i = 0; i < 4; i++)
		bp_batch(h, B, RX_BATCH, 1);
	assert_true(dst->qlen >= EP_QHIGH);
	assert_false(snd->rx_paused);
	dst->uid = snd->uid;

	/* closing the destination resumes its waiters */
	dst->last_progress_ms = sw->now_ms;
	bp_batch(h, B, RX_BATCH, 1);
	assert_true(snd->rx_paused);
	ep_close(sw, dst, "test");
	h->ep[2] = NULL;
	assert_false(snd->rx_paused);
	assert_int_equal(sw->npaused, 0);
	peer_drain_all(h);
}

/* A client whose data socket is gone: the first send that finds it closes
 * the endpoint (else our disconnected socket would accept frames from
 * anybody who may write DIR/NNN.F) */
static void test_peer_gone_closes(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[64];

	close(h->peer[3]);
	h->peer[3] = -1;
	frame_build(f, sizeof(f), BC, A, UNTAGGED, 0);
	harness_input(h, 1, f, sizeof(f), 0);
	fwd_flush(sw);
	assert_true(h->ep[3]->dead);
	assert_int_equal(sw->ports[3].nep, 0);
	h->ep[3] = NULL;
	/* the others got the frame */
	peer_expect_frame(h, 2, f, sizeof(f));
	sw_reap(sw);
}

/* port/mirror 1 3: what port 1 receives (A -> B, to port 2) and what it
 * sends (B -> A, from port 2) also reaches port 3's far end, byte for
 * byte, as a second reference to the same pool slot; nobody else gets
 * anything; "port/mirror 1 -" stops it */
static void test_mirror(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t ab[200], ba[90];
	char out[4096];
	int i;

	harness_mgmt(sw, "port/mirror 1 1", out, sizeof(out));
	assert_non_null(strstr(out, "1022 Invalid argument"));
	harness_mgmt(sw, "port/mirror 1 9", out, sizeof(out));
	assert_non_null(strstr(out, "1022 Invalid argument"));
	harness_mgmt(sw, "port/mirror 1 3", out, sizeof(out));
	assert_non_null(strstr(out, "1000 Success"));
	harness_mgmt(sw, "port/print 1", out, sizeof(out));
	assert_non_null(strstr(out, " Mirror: to port 0003\n"));

	/* learn A on port 1 and B on port 2, then forget what that sent */
	frame_build(ab, 64, BC, A, UNTAGGED, 1);
	harness_input(h, 1, ab, 64, 0);
	frame_build(ab, 64, BC, B, UNTAGGED, 2);
	harness_input(h, 2, ab, 64, 0);
	fwd_flush(sw);
	peer_drain_all(h);
	harness_clear_stats(h);

	frame_build(ab, sizeof(ab), B, A, UNTAGGED, 3);
	harness_input(h, 1, ab, sizeof(ab), 0);
	/* no copy: the mirror entry names the same slot */
	assert_int_equal(h->ep[3]->ntx, 1);
	assert_int_equal(h->ep[3]->tx[0].slot, h->ep[2]->tx[0].slot);
	frame_build(ba, sizeof(ba), A, B, UNTAGGED, 4);
	harness_input(h, 2, ba, sizeof(ba), 0);
	fwd_flush(sw);
	peer_expect_frame(h, 2, ab, sizeof(ab));
	peer_expect_frame(h, 1, ba, sizeof(ba));
	peer_expect_frame(h, 3, ab, sizeof(ab));
	peer_expect_frame(h, 3, ba, sizeof(ba));
	for (i = 0; i < NEP; i++)
		peer_expect_nothing(h, i);
	assert_int_equal(sw->ports[3].stats.tx_mirror, 2);
	assert_int_equal(sw->ports[3].stats.tx_drop_mirror, 0);
	assert_int_equal(sw->ports[3].stats.tx_frames, 0);

	harness_mgmt(sw, "port/mirror 1 -", out, sizeof(out));
	assert_non_null(strstr(out, "1000 Success"));
	harness_input(h, 1, ab, sizeof(ab), 0);
	fwd_flush(sw);
	peer_expect_frame(h, 2, ab, sizeof(ab));
	for (i = 0; i < NEP; i++)
		peer_expect_nothing(h, i);
	assert_int_equal(sw->pool.nfree, sw->pool.n);
}

/* A mirror target that does not read: its queue fills, further copies
 * are dropped and counted in tx_drop_mirror, and the mirrored traffic
 * (port 1 -> port 2, read all along) loses nothing */
static void test_mirror_full(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	struct endpoint *m = h->ep[3];
	uint8_t f[1000], buf[BUF];
	uint32_t i, sent = 2000, got2 = 0, got3 = 0;
	int sndbuf = 1;
	char out[4096];

	harness_mgmt(sw, "port/mirror 1 3", out, sizeof(out));
	assert_non_null(strstr(out, "1000 Success"));
	frame_build(f, 64, BC, B, UNTAGGED, 0);
	harness_input(h, 2, f, 64, 0);
	fwd_flush(sw);
	peer_drain_all(h);
	harness_clear_stats(h);
	assert_int_equal(setsockopt(m->data_fd, SOL_SOCKET, SO_SNDBUF,
				    &sndbuf, sizeof(sndbuf)), 0);
	for (i = 0; i < sent; i++) {
		frame_build(f, sizeof(f), B, A, UNTAGGED, 0);
		f[20] = (uint8_t)i;
		f[21] = (uint8_t)(i >> 8);
		harness_input(h, 1, f, sizeof(f), 0);
		if (i % RX_BATCH != RX_BATCH - 1)
			continue;
		fwd_flush(sw);
		while (peer_recv(h, 2, buf) >= 0)
			got2++;
		ep_drain(sw, h->ep[2]);
	}
	fwd_flush(sw);
	for (i = 0; i < 1000 && (got2 < sent || h->ep[2]->qlen); i++) {
		while (peer_recv(h, 2, buf) >= 0)
			got2++;
		ep_drain(sw, h->ep[2]);
	}
	/* the mirrored port lost nothing */
	assert_int_equal(got2, sent);
	assert_int_equal(sw->ports[2].stats.tx_drop_queue, 0);
	assert_int_equal(sw->ports[2].stats.tx_frames, sent);
	/* the mirror target's queue filled; copies beyond it were counted */
	assert_int_equal(m->qlen, EP_QLEN);
	assert_true(sw->ports[3].stats.tx_drop_mirror > 0);
	assert_int_equal(sw->ports[3].stats.tx_drop_queue, 0);
	assert_int_equal(sw->ports[3].stats.tx_mirror +
			 sw->ports[3].stats.tx_drop_mirror, sent);
	/* what was queued still goes out */
	for (i = 0; i < 100000 && (m->qlen || !got3); i++) {
		while (peer_recv(h, 3, buf) >= 0)
			got3++;
		ep_drain(sw, m);
	}
	while (peer_recv(h, 3, buf) >= 0)
		got3++;
	assert_int_equal(got3, sw->ports[3].stats.tx_mirror);
	harness_mgmt(sw, "port/mirror 1 -", out, sizeof(out));
	peer_drain_all(h);
	assert_int_equal(sw->pool.nfree, sw->pool.n);
}

/* port/remove forgets the port: a mirror onto it stops (a tenant given a
 * new port of that number later must not receive the admin's copies), and
 * its spanning tree settings go back to the defaults */
static void test_remove_forgets(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	static const char *const setup[] = {
		"port/mirror 1 5", "stp/trunk 5 1",
		"stp/cost 5 777", "stp/portpriority 5 32", "stp/edge 5 1",
	};
	uint8_t f[64];
	char out[4096];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(setup); i++) {
		harness_mgmt(sw, setup[i], out, sizeof(out));
		if (!strstr(out, "1000 Success"))
			fail_msg("%s: %s", setup[i], out);
	}
	assert_false(sw_stp_port_default(sw, 5));
	harness_mgmt(sw, "port/remove 5", out, sizeof(out));
	assert_non_null(strstr(out, "1000 Success"));
	assert_true(sw_stp_port_default(sw, 5));
	assert_false(sw_stp_trunk(sw, 5));
	harness_mgmt(sw, "port/print 1", out, sizeof(out));
	assert_null(strstr(out, "Mirror:"));
	/* port 1's frames reach port 2 only; nothing is queued for port 5 */
	harness_mgmt(sw, "port/create 5", out, sizeof(out));
	frame_build(f, sizeof(f), BC, A, UNTAGGED, 1);
	harness_input(h, 1, f, sizeof(f), 0);
	fwd_flush(sw);
	assert_int_equal(sw->ports[5].stats.tx_mirror, 0);
	peer_drain_all(h);
	assert_int_equal(sw->pool.nfree, sw->pool.n);
}

/* A test on a fresh switch of sw_harness.h */
#define SW_TEST(f) \
	cmocka_unit_test_setup_teardown(f, harness_setup, harness_teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		SW_TEST(test_bad_frames),
		SW_TEST(test_padding_zeroed),
		SW_TEST(test_counters),
		SW_TEST(test_rx_socket),
		SW_TEST(test_rx_batches),
		SW_TEST(test_tx_backlog),
		SW_TEST(test_port_down_flushes),
		SW_TEST(test_close_with_pending_tx),
		SW_TEST(test_learning),
		SW_TEST(test_fdb_full_floods),
		SW_TEST(test_tx_bytes_match_wire),
		SW_TEST(test_backpressure),
		SW_TEST(test_peer_gone_closes),
		SW_TEST(test_mirror),
		SW_TEST(test_mirror_full),
		SW_TEST(test_remove_forgets),
	};

	(void)argc;
	(void)argv;
	return cmocka_run_group_tests_name("fwd", tests, harness_group_setup,
					   NULL);
}
