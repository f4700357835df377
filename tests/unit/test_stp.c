// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_stp.c - the spanning tree: BPDU parser table, the RSTP engine of
 * switchd/stp.c on bridges wired together in memory with simulated time,
 * and the BPDU guard of the switch (sw_harness).
 *
 * The network: up to NBR bridges, each with ports 1..NPT; a link joins
 * two (bridge, port) ends.  A BPDU an engine sends is queued and
 * delivered to the other end of the link, if the link is up, by net_run()
 * until nothing is in flight; net_tick() advances every bridge by one
 * second.  A link counts as forwarding when both of its ends forward;
 * tree_ok() checks that the forwarding links form a spanning tree of the
 * bridges (connected, no cycle).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "log.h"
#include "stp.h"
#include "sw_harness.h"

enum {
	NBR = 4,		/* bridges */
	NPT = 4,		/* ports 1..NPT per bridge */
	NLINK = 8,
	QMAX = 4096,
	PT_MAX = NPT + 1,
};

struct link {
	int a, ap, b, bp;	/* bridge a port ap <-> bridge b port bp */
	bool up;
	bool used;
};

struct msg {
	int br, port;
	uint8_t f[STP_FRAME_LEN];
};

static struct stp br[NBR];
static struct link links[NLINK];
static struct msg q[QMAX];
static unsigned int qhead, qlen;
static unsigned int flushes[NBR][PT_MAX];
static unsigned int nbr;
static unsigned int delivered;
static bool legacy[NBR];	/* ignores RST BPDUs, as Linux's kernel STP */

static int br_index(const struct stp *st)
{
	return (int)(st - br);
}

static const struct link *link_of(int b, int p)
{
	unsigned int i;

	for (i = 0; i < NLINK; i++) {
		const struct link *l = &links[i];

		if (l->used && ((l->a == b && l->ap == p) ||
				(l->b == b && l->bp == p)))
			return l;
	}
	return NULL;
}

static void net_tx(struct stp *st, uint32_t no, const uint8_t *f, size_t len)
{
	const struct link *l = link_of(br_index(st), (int)no);
	struct msg *m;

	assert_int_equal(len, STP_FRAME_LEN);
	if (!l || !l->up)
		return;
	assert_true(qlen < QMAX);
	m = &q[(qhead + qlen++) % QMAX];
	if (l->a == br_index(st) && l->ap == (int)no) {
		m->br = l->b;
		m->port = l->bp;
	} else {
		m->br = l->a;
		m->port = l->ap;
	}
	memcpy(m->f, f, len);
}

static void net_flush(struct stp *st, uint32_t no)
{
	flushes[br_index(st)][no]++;
}

static const struct stp_ops net_ops = { .tx = net_tx, .flush = net_flush };

static void net_run(void)
{
	unsigned int n = 0;

	while (qlen) {
		struct msg m = q[qhead];

		qhead = (qhead + 1) % QMAX;
		qlen--;
		delivered++;
		if (legacy[m.br] && m.f[BPDU_OFF + 3] == BPDU_TYPE_RST)
			continue;
		stp_rx(&br[m.br], (uint32_t)m.port, m.f, sizeof(m.f));
		assert_true(++n < 100000);	/* no BPDU storm */
	}
}

static void net_tick(unsigned int secs)
{
	unsigned int s, i;

	for (s = 0; s < secs; s++) {
		for (i = 0; i < nbr; i++)
			stp_tick(&br[i]);
		net_run();
	}
}

static void net_init(unsigned int n)
{
	unsigned int i;

	memset(links, 0, sizeof(links));
	memset(flushes, 0, sizeof(flushes));
	memset(legacy, 0, sizeof(legacy));
	qhead = qlen = 0;
	nbr = n;
	for (i = 0; i < n; i++) {
		uint8_t mac[6] = { 0x02, 0, 0, 0, 0, (uint8_t)(0x10 + i) };
		uint32_t p;

		stp_init(&br[i], mac, &net_ops, NULL);
		for (p = 1; p <= NPT; p++) {
			assert_non_null(stp_port(&br[i], p));
			stp_set_trunk(&br[i], p, true);
		}
	}
}

static void net_start(void)
{
	unsigned int i;

	for (i = 0; i < nbr; i++)
		stp_enable(&br[i], true);
	net_run();
}

static void net_free(void)
{
	unsigned int i;

	for (i = 0; i < nbr; i++)
		stp_free(&br[i]);
}

static struct link *net_link(int a, int ap, int b, int bp, bool p2p)
{
	unsigned int i;

	for (i = 0; i < NLINK && links[i].used; i++)
		;
	assert_true(i < NLINK);
	if (i >= NLINK)
		return NULL;
	links[i] = (struct link){ a, ap, b, bp, true, true };
	stp_link(&br[a], (uint32_t)ap, true, p2p);
	stp_link(&br[b], (uint32_t)bp, true, p2p);
	net_run();
	return &links[i];
}

static void net_cut(struct link *l)
{
	l->up = false;
	stp_link(&br[l->a], (uint32_t)l->ap, false, true);
	stp_link(&br[l->b], (uint32_t)l->bp, false, true);
	net_run();
}

static const struct stp_port *P(int b, int p)
{
	const struct stp_port *sp = stp_port_peek(&br[b], (uint32_t)p);

	assert_non_null(sp);
	return sp;
}

static bool fwd(int b, int p)
{
	return P(b, p)->state == STP_FORWARDING;
}

static unsigned int blocked_ends(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < NLINK; i++) {
		if (!links[i].used || !links[i].up)
			continue;
		n += !fwd(links[i].a, links[i].ap);
		n += !fwd(links[i].b, links[i].bp);
	}
	return n;
}

/* The forwarding links join all bridges without a cycle */
static bool tree_ok(void)
{
	int comp[NBR];
	unsigned int i, j, edges = 0;

	for (i = 0; i < NBR; i++)
		comp[i] = (int)i;
	for (i = 0; i < NLINK; i++) {
		const struct link *l = &links[i];
		int ca, cb;

		if (!l->used || !l->up || !fwd(l->a, l->ap) || !fwd(l->b, l->bp))
			continue;
		ca = comp[l->a];
		cb = comp[l->b];
		if (ca == cb)
			return false;	/* a cycle */
		for (j = 0; j < nbr; j++)
			if (comp[j] == cb)
				comp[j] = ca;
		edges++;
	}
	for (i = 1; i < nbr; i++)
		if (comp[i] != comp[0])
			return false;
	return edges == nbr - 1;
}

static uint64_t id_of(int b)
{
	return stp_bridge_id(&br[b]);
}

/* ------------------------------------------------------------- parser */

static size_t mk_bpdu(uint8_t *f, uint8_t type, uint8_t flags)
{
	struct stp_bpdu b = {
		.type = type, .version = type == BPDU_TYPE_RST ? 2 : 0,
		.flags = flags, .root = 0x1000020000000001ULL, .cost = 4,
		.bridge = 0x8000020000000002ULL, .port = 0x8003,
		.msg_age = 1, .max_age = 20, .hello = 2, .fwd_delay = 15,
	};
	static const uint8_t src[6] = { 2, 0, 0, 0, 0, 2 };

	return stp_bpdu_build(&b, src, f);
}

struct bad_row {
	const char *name;
	int off;		/* byte to change, -1: none */
	uint8_t val;
	size_t len;		/* frame length, 0: 60 */
	uint8_t type;
	int err;
};

static const struct bad_row bad_rows[] = {
	{ "too short", -1, 0, 20, BPDU_TYPE_CONFIG, -BPDU_ESHORT },
	{ "not the bridge group", 5, 0x0e, 0, BPDU_TYPE_CONFIG, -BPDU_EDST },
	{ "ethertype", 12, 0x81, 0, BPDU_TYPE_CONFIG, -BPDU_ELEN },
	{ "length below TCN", 13, 0x05, 0, BPDU_TYPE_CONFIG, -BPDU_ELEN },
	{ "length beyond frame", 13, 0x40, 0, BPDU_TYPE_CONFIG, -BPDU_ELEN },
	{ "DSAP", 14, 0xaa, 0, BPDU_TYPE_CONFIG, -BPDU_ELLC },
	{ "SSAP", 15, 0x43, 0, BPDU_TYPE_CONFIG, -BPDU_ELLC },
	{ "control", 16, 0x13, 0, BPDU_TYPE_CONFIG, -BPDU_ELLC },
	{ "protocol id", 18, 0x01, 0, BPDU_TYPE_CONFIG, -BPDU_EPROTO },
	{ "unknown type", 20, 0x42, 0, BPDU_TYPE_CONFIG, -BPDU_ETYPE },
	{ "RST of version 0", 19, 0x00, 0, BPDU_TYPE_RST, -BPDU_ETYPE },
	{ "config cut by length", 13, 30, 0, BPDU_TYPE_CONFIG, -BPDU_ETRUNC },
	{ "RST cut by length", 13, 38, 0, BPDU_TYPE_RST, -BPDU_ETRUNC },
	{ "age = max age", 44, 20, 0, BPDU_TYPE_CONFIG, -BPDU_EAGE },
	{ "zero hello", 48, 0, 0, BPDU_TYPE_RST, -BPDU_ETIMES },
	{ "zero max age", 46, 0, 0, BPDU_TYPE_RST, -BPDU_ETIMES },
	{ "zero fwd delay", 50, 0, 0, BPDU_TYPE_CONFIG, -BPDU_ETIMES },
};

static void test_parse_good(void **state)
{
	uint8_t f[STP_FRAME_LEN];
	struct stp_bpdu b;

	(void)state;
	mk_bpdu(f, BPDU_TYPE_CONFIG, BPDU_F_TC | BPDU_F_TCA | BPDU_F_PROPOSAL);
	/* exact bytes of 802.1D 9.3.1: length 38, LLC, version 0 */
	assert_int_equal(f[12], 0);
	assert_int_equal(f[13], 38);
	assert_int_equal(f[14], 0x42);
	assert_int_equal(f[16], 0x03);
	assert_int_equal(f[44], 1);	/* message age 1 s = 0x0100 */
	assert_int_equal(f[45], 0);
	assert_int_equal(stp_bpdu_parse(f, sizeof(f), &b), 0);
	assert_int_equal(b.type, BPDU_TYPE_CONFIG);
	/* a config BPDU has only TC and TCA */
	assert_int_equal(b.flags, BPDU_F_TC | BPDU_F_TCA);
	assert_true(b.root == 0x1000020000000001ULL);
	assert_true(b.bridge == 0x8000020000000002ULL);
	assert_int_equal(b.cost, 4);
	assert_int_equal(b.port, 0x8003);
	assert_int_equal(b.max_age, 20);
	assert_int_equal(b.hello, 2);
	assert_int_equal(b.fwd_delay, 15);

	mk_bpdu(f, BPDU_TYPE_RST, BPDU_F_PROPOSAL | 3 << BPDU_F_ROLE_SHIFT);
	assert_int_equal(f[13], 39);
	assert_int_equal(stp_bpdu_parse(f, sizeof(f), &b), 0);
	assert_int_equal(b.type, BPDU_TYPE_RST);
	assert_int_equal(b.version, 2);
	assert_int_equal(b.flags, BPDU_F_PROPOSAL | 3 << BPDU_F_ROLE_SHIFT);

	mk_bpdu(f, BPDU_TYPE_TCN, 0);
	assert_int_equal(f[13], 7);
	assert_int_equal(stp_bpdu_parse(f, sizeof(f), &b), 0);
	assert_int_equal(b.type, BPDU_TYPE_TCN);

	/* MSTP (version 3) is read as RST */
	mk_bpdu(f, BPDU_TYPE_RST, 0);
	f[19] = 3;
	assert_int_equal(stp_bpdu_parse(f, sizeof(f), &b), 0);
	assert_int_equal(b.version, 3);
}

/* Each malformed BPDU: the parser's reason, and a counted drop when it
 * reaches a bridge's trunk port */
static void test_parse_bad(void **state)
{
	size_t i;

	(void)state;
	net_init(1);
	stp_link(&br[0], 1, true, true);
	net_start();
	for (i = 0; i < ARRAY_SIZE(bad_rows); i++) {
		const struct bad_row *r = &bad_rows[i];
		uint8_t f[STP_FRAME_LEN];
		struct stp_bpdu b;
		size_t len = r->len ? r->len : sizeof(f);
		uint64_t bad = P(0, 1)->stats.rx_bad;
		uint64_t rx = P(0, 1)->stats.rx_bpdu;
		uint64_t why = P(0, 1)->stats.bpdu_err[-r->err];

		print_message("  %s\n", r->name);
		mk_bpdu(f, r->type, 3 << BPDU_F_ROLE_SHIFT);
		if (r->off >= 0)
			f[r->off] = r->val;
		assert_int_equal(stp_bpdu_parse(f, len, &b), r->err);
		stp_rx(&br[0], 1, f, len);
		assert_int_equal(P(0, 1)->stats.rx_bad, bad + 1);
		assert_int_equal(P(0, 1)->stats.bpdu_err[-r->err], why + 1);
		assert_int_equal(P(0, 1)->stats.rx_bpdu, rx);
		/* the root stays this bridge */
		assert_true(br[0].root.root == id_of(0));
	}
	net_free();
}

/* ------------------------------------------------------------- engine */

static void test_two_bridges_loop(void **state)
{
	(void)state;
	net_init(2);
	net_link(0, 1, 1, 1, true);
	net_link(0, 2, 1, 2, true);
	net_start();
	net_tick(1);
	/* bridge 0 has the lower MAC: root, both ports designated */
	assert_true(br[0].root.root == id_of(0));
	assert_true(br[1].root.root == id_of(0));
	assert_int_equal(br[0].root_port, 0);
	assert_int_equal(br[1].root_port, 1);
	assert_int_equal(P(0, 1)->role, STP_ROLE_DESIGNATED);
	assert_int_equal(P(0, 2)->role, STP_ROLE_DESIGNATED);
	assert_int_equal(P(1, 1)->role, STP_ROLE_ROOT);
	assert_int_equal(P(1, 2)->role, STP_ROLE_ALTERNATE);
	/* proposal/agreement: forwarding without waiting 2 x 15 s */
	assert_true(fwd(0, 1) && fwd(0, 2) && fwd(1, 1));
	assert_false(fwd(1, 2));
	assert_int_equal(blocked_ends(), 1);
	assert_true(tree_ok());
	/* and it stays so */
	net_tick(60);
	assert_int_equal(blocked_ends(), 1);
	assert_true(tree_ok());
	net_free();
}

static struct link *tri[3];

static void triangle(bool p2p)
{
	net_init(3);
	tri[0] = net_link(0, 1, 1, 1, p2p);	/* A-B */
	tri[1] = net_link(1, 2, 2, 1, p2p);	/* B-C */
	tri[2] = net_link(2, 2, 0, 2, p2p);	/* C-A */
	net_start();
}

static void test_triangle(void **state)
{
	(void)state;
	triangle(true);
	net_tick(2);
	assert_true(br[1].root.root == id_of(0));
	assert_true(br[2].root.root == id_of(0));
	/* exactly one port blocked: on B-C, at C (the higher id) */
	assert_int_equal(blocked_ends(), 1);
	assert_false(fwd(2, 1));
	assert_int_equal(P(2, 1)->role, STP_ROLE_ALTERNATE);
	assert_true(tree_ok());
	net_tick(40);
	assert_int_equal(blocked_ends(), 1);
	assert_true(tree_ok());
	net_free();
}

static void test_root_by_priority(void **state)
{
	(void)state;
	net_init(3);
	/* C gets the best priority, B a worse one than A's default */
	stp_set_bridge(&br[2], 4096, STP_HELLO_DEFAULT, STP_MAXAGE_DEFAULT,
		       STP_FWDDELAY_DEFAULT, 2);
	stp_set_bridge(&br[1], 36864, STP_HELLO_DEFAULT, STP_MAXAGE_DEFAULT,
		       STP_FWDDELAY_DEFAULT, 2);
	tri[0] = net_link(0, 1, 1, 1, true);
	tri[1] = net_link(1, 2, 2, 1, true);
	tri[2] = net_link(2, 2, 0, 2, true);
	net_start();
	net_tick(2);
	assert_true(br[0].root.root == id_of(2));
	assert_true(br[1].root.root == id_of(2));
	assert_int_equal(br[2].root_port, 0);
	/* the blocked port is on A-B, at B (worst bridge id) */
	assert_int_equal(blocked_ends(), 1);
	assert_false(fwd(1, 1));
	assert_true(tree_ok());

	/* equal priorities: the MAC decides */
	stp_set_bridge(&br[2], 32768, STP_HELLO_DEFAULT, STP_MAXAGE_DEFAULT,
		       STP_FWDDELAY_DEFAULT, 2);
	stp_set_bridge(&br[1], 32768, STP_HELLO_DEFAULT, STP_MAXAGE_DEFAULT,
		       STP_FWDDELAY_DEFAULT, 2);
	net_run();
	net_tick(50);
	assert_true(br[1].root.root == id_of(0));
	assert_true(br[2].root.root == id_of(0));
	assert_int_equal(blocked_ends(), 1);
	assert_true(tree_ok());
	net_free();
}

/* The alternate port takes over at once on point-to-point links */
static void test_link_failure_rstp(void **state)
{
	(void)state;
	triangle(true);
	net_tick(2);
	assert_false(fwd(2, 1));
	memset(flushes, 0, sizeof(flushes));
	net_cut(tri[2]);		/* C-A: C's root port */
	/* no tick: the handshake alone */
	assert_int_equal(br[2].root_port, 1);
	assert_true(fwd(2, 1));
	assert_true(fwd(1, 2));
	assert_true(tree_ok());
	/* the topology change flushed the MAC tables along the way */
	assert_true(flushes[2][1] + flushes[1][1] + flushes[1][2] > 0);
	net_tick(30);
	assert_true(tree_ok());
	assert_int_equal(blocked_ends(), 0);
	net_free();
}

/* Shared links: no proposal/agreement, 2 x forward delay */
static void test_shared_timing(void **state)
{
	(void)state;
	triangle(false);
	net_tick(2 * STP_FWDDELAY_DEFAULT - 2);
	assert_false(fwd(0, 1));
	assert_false(fwd(0, 2));
	assert_int_equal(P(0, 1)->state, STP_LEARNING);
	net_tick(3);
	assert_true(fwd(0, 1) && fwd(0, 2));
	assert_int_equal(blocked_ends(), 1);
	assert_true(tree_ok());
	net_free();
}

/* A port receiving TC flushes the others, not itself */
static void test_tc_flush(void **state)
{
	uint8_t f[STP_FRAME_LEN];
	struct stp_bpdu b = {
		.type = BPDU_TYPE_RST, .version = 2,
		.flags = BPDU_F_TC | 3 << BPDU_F_ROLE_SHIFT |
			 BPDU_F_FORWARDING | BPDU_F_LEARNING,
		.max_age = 20, .hello = 2, .fwd_delay = 15,
	};
	static const uint8_t src[6] = { 2, 0, 0, 0, 0, 1 };
	uint64_t rx_tc;

	(void)state;
	net_init(2);
	net_link(0, 1, 1, 1, true);
	/* B's port 3: no neighbour, but not an edge port either */
	br[1].ports[3].auto_edge = false;
	stp_link(&br[1], 3, true, true);
	stp_link(&br[1], 4, true, true);
	stp_set_edge(&br[1], 4, true);
	net_start();
	net_tick(5);
	memset(flushes, 0, sizeof(flushes));
	rx_tc = P(1, 1)->stats.rx_tc;
	/* A (root) tells B of a topology change */
	b.root = b.bridge = id_of(0);
	b.port = stp_port_id(&br[0], 1);
	stp_bpdu_build(&b, src, f);
	stp_rx(&br[1], 1, f, sizeof(f));
	net_run();
	assert_int_equal(flushes[1][1], 0);	/* not the receiving port */
	assert_int_equal(flushes[1][3], 1);
	assert_int_equal(flushes[1][4], 0);	/* not an edge port */
	assert_int_equal(P(1, 1)->stats.rx_tc, rx_tc + 1);
	assert_true(P(1, 3)->tc_while > 0);
	assert_true(br[1].tc_count > 0);
	net_free();
}

/* A legacy 802.1D bridge (it ignores RST BPDUs, as Linux's kernel STP
 * does): the ports facing it fall back to 802.1D, the loop is cut, a
 * link failure is repaired in 2 x forward delay; back to RSTP when it
 * speaks RSTP again */
static void test_8021d_fallback(void **state)
{
	unsigned int t;

	(void)state;
	net_init(3);
	legacy[2] = true;
	stp_set_bridge(&br[2], STP_PRIO_DEFAULT, STP_HELLO_DEFAULT,
		       STP_MAXAGE_DEFAULT, STP_FWDDELAY_DEFAULT, 0);
	tri[0] = net_link(0, 1, 1, 1, true);
	tri[1] = net_link(1, 2, 2, 1, true);
	tri[2] = net_link(2, 2, 0, 2, true);
	net_start();
	net_tick(2 * STP_MIGRATE_TIME + 2);
	/* the ports facing C speak 802.1D, the A-B link RSTP */
	assert_false(P(0, 2)->send_rstp);
	assert_false(P(1, 2)->send_rstp);
	assert_true(P(0, 1)->send_rstp);
	assert_true(P(1, 1)->send_rstp);
	assert_true(br[2].root.root == id_of(0));
	net_tick(2 * STP_FWDDELAY_DEFAULT + 4);
	assert_int_equal(blocked_ends(), 1);
	assert_false(fwd(2, 1));		/* C's port to B */
	assert_true(tree_ok());

	/* C loses its root port: its alternate port takes 2 x fwd delay */
	net_cut(tri[2]);
	for (t = 0; t < 2 * STP_FWDDELAY_DEFAULT + 2 && !fwd(2, 1); t++) {
		assert_false(t < STP_FWDDELAY_DEFAULT && fwd(2, 1));
		net_tick(1);
	}
	assert_true(fwd(2, 1));
	assert_true(t >= STP_FWDDELAY_DEFAULT);
	assert_true(tree_ok());

	/* C speaks RSTP again: so does B's port, after the migration delay */
	legacy[2] = false;
	stp_set_bridge(&br[2], STP_PRIO_DEFAULT, STP_HELLO_DEFAULT,
		       STP_MAXAGE_DEFAULT, STP_FWDDELAY_DEFAULT, 2);
	net_run();
	net_tick(2 * STP_MIGRATE_TIME + 4);
	assert_true(P(1, 2)->send_rstp);
	net_tick(2 * STP_FWDDELAY_DEFAULT + 4);
	assert_true(tree_ok());
	net_free();
}

static void test_edge_port(void **state)
{
	(void)state;
	net_init(1);
	stp_set_edge(&br[0], 3, true);
	net_start();
	stp_link(&br[0], 3, true, true);
	/* admin edge: forwarding at once */
	assert_true(fwd(0, 3));
	/* auto edge: a designated port that hears nothing, after 3 s */
	stp_link(&br[0], 4, true, true);
	assert_false(fwd(0, 4));
	net_tick(STP_MIGRATE_TIME - 1);
	assert_false(fwd(0, 4));
	net_tick(2);
	assert_true(fwd(0, 4));
	assert_true(P(0, 4)->oper_edge);
	net_free();
}

/* A neighbour claiming root with priority 0: the bridge follows it on a
 * trunk port (this is what BPDU guard must keep away from tenants) */
static void test_superior_on_trunk(void **state)
{
	uint8_t f[STP_FRAME_LEN];
	struct stp_bpdu b = {
		.type = BPDU_TYPE_RST, .version = 2,
		.flags = 3 << BPDU_F_ROLE_SHIFT,
		.root = 0x0000020000000bad, .bridge = 0x0000020000000bad,
		.port = 0x8001, .max_age = 20, .hello = 2, .fwd_delay = 15,
	};
	static const uint8_t src[6] = { 2, 0, 0, 0, 0x0b, 0xad };

	(void)state;
	net_init(1);
	stp_link(&br[0], 1, true, true);
	net_start();
	stp_bpdu_build(&b, src, f);
	stp_rx(&br[0], 1, f, sizeof(f));
	assert_true(br[0].root.root == b.root);
	assert_int_equal(br[0].root_port, 1);
	/* it ages out when the claims stop: 3 x hello */
	net_tick(3 * 2 + 1);
	assert_true(br[0].root.root == id_of(0));
	net_free();
}

/* ---------------------------------------------- the switch: BPDU guard */

/* Run a console command; its result code (0 or the errno), output in out */
static int mg(struct sw *sw, const char *cmd, char *out, size_t len)
{
	const char *r;
	int code;

	harness_mgmt(sw, cmd, out, len);
	r = strstr(out, "\n1");
	r = r ? r + 1 : (out[0] == '1' ? out : NULL);
	assert_non_null(r);
	if (!r)
		return -1;
	while (strstr(r + 1, "\n1"))
		r = strstr(r + 1, "\n1") + 1;
	code = atoi(r);
	assert_true(code >= 1000);
	return code - 1000;
}

static void inp(struct harness *h, uint32_t port, const uint8_t *f,
		size_t len)
{
	harness_input(h, port, f, len, 0);
	fwd_flush(&h->sw);
}

static void rst_frame(uint8_t *f, uint64_t root)
{
	struct stp_bpdu b = {
		.type = BPDU_TYPE_RST, .version = 2,
		.flags = 3 << BPDU_F_ROLE_SHIFT | BPDU_F_PROPOSAL,
		.root = root, .bridge = root, .port = 0x8001, .max_age = 20,
		.hello = 2, .fwd_delay = 15,
	};
	static const uint8_t src[6] = { 2, 0, 0, 0, 0x0b, 0xad };

	stp_bpdu_build(&b, src, f);
}

static int guard_setup(void **state)
{
	struct harness *h;

	if (harness_setup(state))
		return -1;
	h = *state;
	memcpy(h->sw.cfg.mac, (uint8_t[6]){ 2, 0, 0, 0, 0, 0x99 }, 6);
	sw_stp_init(&h->sw);
	return 0;
}

static int guard_teardown(void **state)
{
	struct harness *h = *state;

	stp_free(&h->sw.stp);
	return harness_teardown(state);
}

static void test_bpdu_guard(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[STP_FRAME_LEN], buf[BUF];
	char out[4096];
	uint64_t me = stp_bridge_id(&sw->stp);

	assert_int_equal(mg(sw, "stp/trunk 1 1", out, sizeof(out)), 0);
	assert_int_equal(mg(sw, "stp/trunk 3 1", out, sizeof(out)), 0);
	assert_true(sw_stp_trunk(sw, 1) && sw_stp_trunk(sw, 3));
	assert_false(sw_stp_trunk(sw, 2));

	/* STP off: tenant BPDU dropped and counted, trunk BPDU relayed to
	 * the other trunk only */
	rst_frame(f, 0x0000020000000bad);
	inp(h, 2, f, sizeof(f));
	assert_int_equal(sw->ports[2].stats.rx_drop_bpdu, 1);
	peer_expect_nothing(h, 1);
	peer_expect_nothing(h, 3);
	inp(h, 1, f, sizeof(f));
	peer_expect_frame(h, 3, f, sizeof(f));
	peer_expect_nothing(h, 2);
	peer_expect_nothing(h, 4);

	/* other link-local groups (LLDP) go nowhere, from anybody */
	memcpy(buf, f, sizeof(f));
	buf[5] = 0x0e;
	inp(h, 2, buf, sizeof(f));
	inp(h, 1, buf, sizeof(f));
	assert_int_equal(sw->ports[2].stats.rx_drop_linklocal, 1);
	assert_int_equal(sw->ports[1].stats.rx_drop_linklocal, 1);
	peer_expect_nothing(h, 3);

	/* STP on: a tenant's superior BPDU changes nothing */
	assert_int_equal(mg(sw, "stp/enable 1", out, sizeof(out)),
			 0);
	peer_drain_all(h);
	inp(h, 2, f, sizeof(f));
	assert_int_equal(sw->ports[2].stats.rx_drop_bpdu, 2);
	assert_true(sw->stp.root.root == me);
	assert_int_equal(sw->stp.root_port, 0);
	assert_int_equal(sw->ports[2].stp_state, STP_FORWARDING);
	peer_expect_nothing(h, 1);
	peer_expect_nothing(h, 3);

	/* the same BPDU on a trunk port is heard: port 1 becomes root port */
	inp(h, 1, f, sizeof(f));
	assert_true(sw->stp.root.root == 0x0000020000000bad);
	assert_int_equal(sw->stp.root_port, 1);
	/* our answer to its proposal went out on port 1: an agreement */
	assert_true(peer_recv(h, 1, buf) > 0);
	assert_int_equal(buf[BPDU_OFF + 4] & BPDU_F_AGREEMENT,
			 BPDU_F_AGREEMENT);
	peer_drain_all(h);

	/* a malformed BPDU on a trunk: counted, dropped */
	f[14] = 0xaa;
	inp(h, 1, f, sizeof(f));
	assert_int_equal(sw->ports[1].stats.rx_drop_bpdu_bad, 1);

	/* hub mode and STP exclude each other */
	assert_int_equal(mg(sw, "port/sethub 1", out, sizeof(out)),
			 EBUSY);
	/* a tenant port can't be made a trunk while the policy holds it */
	sw->ports[2].pol_set = true;
	assert_int_equal(mg(sw, "stp/trunk 2 1", out, sizeof(out)),
			 EBUSY);
	sw->ports[2].pol_set = false;
}

/* Discarding trunk ports neither receive nor send data */
static void test_discarding_port(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint8_t f[BUF];
	char out[4096];
	size_t len;

	assert_int_equal(mg(sw, "stp/trunk 3 1", out, sizeof(out)), 0);
	assert_int_equal(mg(sw, "stp/enable 1", out, sizeof(out)), 0);
	peer_drain_all(h);
	/* port 3 has a neighbour that never answers: discarding for now */
	assert_int_equal(sw->ports[3].stp_state, STP_DISCARDING);
	len = frame_build(f, 64, BC, A, UNTAGGED, 1);
	inp(h, 1, f, len);
	peer_expect_nothing(h, 3);
	assert_true(peer_recv(h, 2, f + 100) > 0);
	len = frame_build(f, 64, BC, B, UNTAGGED, 2);
	inp(h, 3, f, len);
	assert_int_equal(sw->ports[3].stats.rx_drop_stp, 1);
	peer_expect_nothing(h, 1);
	peer_expect_nothing(h, 2);
	/* the console shows it, and the state record keeps it */
	assert_int_equal(mg(sw, "stp/print", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "Port 0003 trunk=1 role=designated state=discarding"));
	assert_non_null(strstr(out, "Port 0002 trunk=0 role=- state=forwarding"));
}

static void test_state_dump(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	char out[256], *text;
	size_t len;

	assert_int_equal(mg(sw, "stp/priority 4096", out,
				      sizeof(out)), 0);
	assert_int_equal(mg(sw, "stp/priority 4095", out,
				      sizeof(out)), EINVAL);
	assert_int_equal(mg(sw, "stp/cost 3 100", out, sizeof(out)),
			 0);
	assert_int_equal(mg(sw, "stp/portpriority 3 17", out,
				      sizeof(out)), EINVAL);
	assert_int_equal(mg(sw, "stp/trunk 3 1", out, sizeof(out)),
			 0);
	assert_int_equal(mg(sw, "fstp/setedge 0 5 1", out,
				      sizeof(out)), 0);
	assert_int_equal(mg(sw, "stp/hello 1", out, sizeof(out)), 0);
	assert_int_equal(mg(sw, "stp/hello 11", out, sizeof(out)),
			 EINVAL);
	assert_int_equal(mg(sw, "fstp/setfstp 1", out, sizeof(out)),
			 0);
	assert_int_equal(state_dump(sw, &text, &len), 0);
	{
		char *t = realloc(text, len + 1);

		assert_non_null(t);
		text = t;
	}
	text[len] = '\0';
	assert_non_null(strstr(text, "stp/priority 4096\n"));
	assert_non_null(strstr(text, "stp/hello 1\n"));
	assert_non_null(strstr(text, "stp/cost 3 100\nstp/trunk 3 1\n"));
	assert_non_null(strstr(text, "stp/edge 5 1\n"));
	/* the bridge address is kept: a restart keeps the bridge id */
	assert_non_null(strstr(text, "stp/bridgemac 02:00:00:00:00:99\n"));
	assert_int_equal(mg(sw, "stp/bridgemac 03:00:00:00:00:01", out,
			    sizeof(out)), EINVAL);
	assert_int_equal(mg(sw, "stp/bridgemac 02:00:00:00:00:42", out,
			    sizeof(out)), 0);
	assert_true(stp_bridge_id(&sw->stp) == 0x1000020000000042ULL);
	/* enable comes last, after every port line */
	assert_non_null(strstr(text, "stp/enable 1\n"));
	assert_int_equal(strcmp(strstr(text, "stp/enable 1\n"),
				"stp/enable 1\n"), 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_two_bridges_loop),
		cmocka_unit_test(test_triangle),
		cmocka_unit_test(test_root_by_priority),
		cmocka_unit_test(test_link_failure_rstp),
		cmocka_unit_test(test_shared_timing),
		cmocka_unit_test(test_tc_flush),
		cmocka_unit_test(test_8021d_fallback),
		cmocka_unit_test(test_edge_port),
		cmocka_unit_test(test_superior_on_trunk),
		cmocka_unit_test_setup_teardown(test_bpdu_guard, guard_setup,
						guard_teardown),
		cmocka_unit_test_setup_teardown(test_discarding_port,
						guard_setup, guard_teardown),
		cmocka_unit_test_setup_teardown(test_state_dump, guard_setup,
						guard_teardown),
	};

	return cmocka_run_group_tests(tests, harness_group_setup, NULL);
}
