// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_enforce.c - unit tests of switchd/enforce.c: the port settings a
 * policy rule gives (access VLAN, trunk, MAC lock), the frames they drop
 * and count, the settings given back when the last client leaves, and
 * the refusals of enf_attach().
 *
 * The switch is the in-memory one of sw_harness.h (endpoints e0..e5 on
 * ports 0,1,2,3,4,4 over real socketpairs); the rules come from a policy
 * parsed by the real parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "sw_harness.h"

/* Rules by line: 4 access VLAN 20, 5 access VLAN 10, 6 trunk 20 30,
 * 7 MAC lock, 8 port range, 9 maxports */
static const char policy_text[] =
	"switch lan {\n"				/* 1 */
	"\tdir /run/vde/lan\n}\n"			/* 2, 3 */
	"permit uid 1001 switch lan vlan 20\n"		/* 4 */
	"permit uid 1002 switch lan vlan 10\n"		/* 5 */
	"permit uid 1003 switch lan vlan { 20 30 } trunk\n"	/* 6 */
	"permit uid 1004 switch lan maclock\n"		/* 7 */
	"permit uid 1005 switch lan port 5-6\n"		/* 8 */
	"permit uid 1006 switch lan maxports 1\n";	/* 9 */

struct ctx {
	struct harness *h;
	struct policy pol;
};

static const struct pol_rule *rule_at(const struct policy *pol, int line)
{
	int i;

	for (i = 0; i < pol->nrules; i++)
		if (pol->rules[i].line == line)
			return &pol->rules[i];
	fail_msg("no rule at line %d", line);
	return NULL;
}

static int setup(void **state)
{
	static struct ctx c;
	struct pol_error e;
	void *h;

	if (harness_setup(&h))
		return -1;
	c.h = h;
	if (policy_parse(policy_text, strlen(policy_text), "test", NULL,
			 &c.pol, &e)) {
		print_error("%d:%d: %s\n", e.line, e.col, e.msg);
		return -1;
	}
	c.h->sw.pol = &c.pol;
	c.h->sw.pol_sw = 0;
	*state = &c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	void *h = c->h;

	policy_free(&c->pol);
	return harness_teardown(&h);
}

static void send_frame(struct harness *h, uint32_t port, int dst, int src,
		       int tci, uint8_t *f)
{
	size_t n = frame_build(f, 60, dst, src, tci, (uint8_t)port);

	harness_input(h, port, f, n, 0);
	fwd_flush(&h->sw);
}

/* Port 1 access 20, port 2 access 10, port 3 trunk {20,30} */
static void apply_three(struct ctx *c)
{
	enf_apply(&c->h->sw, 1, rule_at(&c->pol, 4));
	enf_apply(&c->h->sw, 2, rule_at(&c->pol, 5));
	enf_apply(&c->h->sw, 3, rule_at(&c->pol, 6));
}

static void test_access_isolation(void **state)
{
	struct ctx *c = *state;
	struct harness *h = c->h;
	uint8_t f[BUF], want[BUF];
	size_t n;

	apply_three(c);
	assert_int_equal(h->sw.ports[1].vlan, 20);
	assert_int_equal(h->sw.ports[2].vlan, 10);
	assert_int_equal(h->sw.ports[3].vlan, VLAN_NONE);
	/* a broadcast from VLAN 20: the trunk gets it tagged, VLAN 10 not */
	send_frame(h, 1, BC, A, UNTAGGED, f);
	n = frame_expect(want, f, 60, TX_PUSH, 20);
	peer_expect_frame(h, 3, want, n);
	peer_expect_nothing(h, 2);
	peer_expect_nothing(h, 0);
	peer_expect_nothing(h, 4);
	/* a forged tag of VLAN 10, and even of its own VLAN 20: dropped */
	send_frame(h, 1, BC, A, 10, f);
	send_frame(h, 1, BC, A, 20, f);
	assert_int_equal(h->sw.ports[1].stats.rx_drop_tagged, 2);
	/* an 802.1ad S-tag, and the old 0x9100 one: dropped too */
	frame_build(f, 60, BC, A, 10, 9);
	f[12] = 0x88;
	f[13] = 0xa8;
	harness_input(h, 1, f, 60, 0);
	f[12] = 0x91;
	f[13] = 0x00;
	harness_input(h, 1, f, 60, 0);
	fwd_flush(&h->sw);
	assert_int_equal(h->sw.ports[1].stats.rx_drop_tagged, 4);
	peer_expect_nothing(h, 3);
	peer_expect_nothing(h, 2);
	peer_expect_nothing(h, 3);
	/* the trunk's VLAN 30 reaches no access port; untagged is dropped */
	send_frame(h, 3, BC, B, 30, f);
	peer_expect_nothing(h, 1);
	peer_expect_nothing(h, 2);
	send_frame(h, 3, BC, B, UNTAGGED, f);
	assert_int_equal(h->sw.ports[3].stats.rx_drop_vlan, 1);
	peer_expect_nothing(h, 1);
	/* the trunk's VLAN 20 reaches port 1 untagged, not port 2 */
	send_frame(h, 3, BC, B, 20, f);
	n = frame_expect(want, f, 60, TX_STRIP, 0);
	peer_expect_frame(h, 1, want, n);
	peer_expect_nothing(h, 2);
	/* unicast to a MAC learned on VLAN 20 from VLAN 10: not delivered */
	send_frame(h, 2, A, C, UNTAGGED, f);
	peer_expect_nothing(h, 1);
	peer_expect_nothing(h, 3);
	assert_int_equal(h->sw.pool.nfree, h->sw.pool.n);
}

static void test_release_restores(void **state)
{
	struct ctx *c = *state;
	struct harness *h = c->h;
	struct port *p1 = &h->sw.ports[1];

	harness_set_tagged(&h->sw, 1, 77);	/* the port's own setting */
	apply_three(c);
	assert_true(p1->pol_set);
	assert_false(port_in_vlan(p1, 77));
	enf_release(&h->sw, p1);
	enf_release(&h->sw, &h->sw.ports[3]);
	assert_false(p1->pol_set);
	assert_false(p1->pol_access);
	assert_int_equal(p1->vlan, 0);
	assert_true(port_in_vlan(p1, 77));
	assert_false(port_in_vlan(&h->sw.ports[3], 20));
	assert_int_equal(h->sw.ports[3].vlan, 0);
	/* the VLANs the rules needed exist */
	assert_true(h->sw.vlans[20 >> 3] & (1u << (20 & 7)));
	assert_true(h->sw.vlans[30 >> 3] & (1u << (30 & 7)));
}

static void test_maclock(void **state)
{
	struct ctx *c = *state;
	struct harness *h = c->h;
	uint8_t f[BUF], want[BUF];
	size_t n;

	enf_apply(&h->sw, 1, rule_at(&c->pol, 7));
	assert_true(h->sw.ports[1].maclock);
	/* a group source cannot take the lock */
	send_frame(h, 1, BC, MC, UNTAGGED, f);
	assert_int_equal(h->sw.ports[1].stats.rx_drop_maclock, 1);
	peer_expect_nothing(h, 2);
	send_frame(h, 1, BC, A, UNTAGGED, f);	/* locks to A */
	n = frame_expect(want, f, 60, TX_ASIS, 0);
	peer_expect_frame(h, 2, want, n);
	peer_drain_all(h);
	send_frame(h, 1, BC, B, UNTAGGED, f);	/* spoofed: dropped */
	send_frame(h, 1, C, B, UNTAGGED, f);
	assert_int_equal(h->sw.ports[1].stats.rx_drop_maclock, 3);
	peer_expect_nothing(h, 2);
	peer_expect_nothing(h, 3);
	send_frame(h, 1, BC, A, UNTAGGED, f);	/* A still passes */
	n = frame_expect(want, f, 60, TX_ASIS, 0);
	peer_expect_frame(h, 2, want, n);
	enf_release(&h->sw, &h->sw.ports[1]);
	assert_false(h->sw.ports[1].maclock);
}

/* enf_attach(): refusals and choices, fd -1 (no supplementary groups) */
static void test_attach(void **state)
{
	struct ctx *c = *state;
	struct sw *sw = &c->h->sw;
	const struct pol_rule *r = NULL;
	struct ucred cr = { .pid = 1, .gid = 5000 };
	char why[256];
	uint32_t no;

	cr.uid = 4242;
	assert_int_equal(enf_attach(sw, -1, &cr, 0, &no, &r, why,
				    sizeof(why)), -1);
	assert_non_null(strstr(why, "default deny"));
	/* port range 5-6: a request for 7 is refused, none gets 5 */
	cr.uid = 1005;
	assert_int_equal(enf_attach(sw, -1, &cr, 7, &no, &r, why,
				    sizeof(why)), -1);
	assert_non_null(strstr(why, "outside 5-6"));
	assert_non_null(strstr(why, "rule at line 8"));
	assert_int_equal(enf_attach(sw, -1, &cr, 0, &no, &r, why,
				    sizeof(why)), 0);
	assert_int_equal(no, 5);
	assert_int_equal(r->line, 8);
	/* a port held with other VLAN settings */
	apply_three(c);
	sw->ports[1].curuser = 1001;
	cr.uid = 1001;
	assert_int_equal(enf_attach(sw, -1, &cr, 1, &no, &r, why,
				    sizeof(why)), 0);
	cr.uid = 1002;
	assert_int_equal(enf_attach(sw, -1, &cr, 1, &no, &r, why,
				    sizeof(why)), -1);
	/* maxports 1: uid 1006 already holds port 4 */
	sw->ports[4].curuser = 1006;
	cr.uid = 1006;
	assert_int_equal(enf_attach(sw, -1, &cr, 0, &no, &r, why,
				    sizeof(why)), -1);
	assert_non_null(strstr(why, "its maximum"));
	assert_int_equal(enf_attach(sw, -1, &cr, 4, &no, &r, why,
				    sizeof(why)), 0);
	/* a hub cannot keep a VLAN */
	sw->cfg.hub = true;
	cr.uid = 1001;
	sw->ports[1].curuser = 1001;
	assert_int_equal(enf_attach(sw, -1, &cr, 0, &no, &r, why,
				    sizeof(why)), -1);
	assert_non_null(strstr(why, "hub"));
	sw->cfg.hub = false;
}

/* Found by review: what a policy client's port must not leak into */
static void test_review_fixes(void **state)
{
	struct ctx *c = *state;
	struct sw *sw = &c->h->sw;
	char out[4096];
	size_t len;
	char *text, *t;
	uint32_t no;

	apply_three(c);
	/* the saved state holds the port's own settings, not the trunk's */
	assert_int_equal(state_dump(sw, &text, &len), 0);
	t = realloc(text, len + 1);
	if (!t) {
		free(text);
		fail_msg("out of memory");
		return;
	}
	text = t;
	text[len] = '\0';
	assert_null(strstr(text, "vlan/addport 20 3"));
	assert_null(strstr(text, "port/setvlan 3 4095"));
	assert_null(strstr(text, "port/setvlan 1 20"));
	free(text);
	/* an admin cannot move a policy port's VLANs while it is held */
	harness_mgmt(sw, "port/setvlan 1 10", out, sizeof(out));
	harness_mgmt(sw, "vlan/create 44", out, sizeof(out));
	harness_mgmt(sw, "vlan/addport 44 1", out, sizeof(out));
	harness_mgmt(sw, "port/sethub 1", out, sizeof(out));
	assert_int_equal(sw->ports[1].vlan, 20);
	assert_false(port_in_vlan(&sw->ports[1], 44));
	assert_false(sw->cfg.hub);
	/* a tap's port is never a client's, not even asked for by number */
	sw->ports[6].tap_reserved = true;
	assert_int_equal(port_pick(sw, 6, 1, 7, 1001, &no), -EADDRINUSE);
	assert_int_equal(port_pick(sw, 6, 1, 7, TAP_UID, &no), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_access_isolation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_release_restores, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_maclock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_fixes, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, harness_group_setup, NULL);
}
