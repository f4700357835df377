// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_device.c - unit tests of the cable engine (cable/device.c,
 * cable/handshake.c): two engines joined in memory, with simulated time.
 *
 * A is the responder (no endpoint for B), B the initiator (A's address
 * as endpoint).  Packets each engine sends wait in its outbox; pump()
 * carries them to the engine whose address they are sent to, optionally
 * dropping, duplicating or reversing them.  The tests cover: handshake
 * and frames both ways, rekey after 120 s with traffic continuing and the
 * old keypair wiped, reject after 180 s, keepalives, retransmission and
 * giving up, a restarted responder found again by the survivor's
 * steady traffic (15 s after its first unanswered frame), one-way
 * traffic answered by a keepalive every 10 s without a needless
 * handshake, roaming (and a forged packet that does not roam), an
 * unknown key and a wrong mac1 getting no answer, a wrong psk, a
 * different switch= binding, a replayed initiation, the per-source rate
 * limit (only under load, for a source mac2 proved, IPv6 by /64; a
 * spoofer below the load threshold cannot lock a peer out), cookie
 * replies under load then mac2 accepted (also a cookie reply answering
 * our response), VLAN and runt drops of inner frames (802.1ad and QinQ
 * types, tags inside tags), dev_poke() after an address change,
 * simultaneous handshakes (the index table stays exact),
 * loss/reordering/duplication with no frame
 * delivered twice.
 *
 * MAC learning with a hub A listing B and C: a learned station gets its
 * frames alone, group and unknown destinations are flooded, entries age
 * after 300 s, move between peers, are forgotten with the peer's last
 * session (and not used while it is down), a learned peer that may not
 * carry the VLAN gets nothing and nobody else gets it instead, and a
 * table overfilled with random stations keeps working.
 */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "device.h"
#include "handshake.h"
#include "keys.h"

enum {
	OUTBOX = 256,
	DELIVERED = 4096,
	T0 = 1000000,		/* simulated start, ms */
	FRAME_LEN = 100,
};

struct pkt {
	struct dev_addr to;
	size_t len;
	uint8_t data[MSG_TRANSPORT_MAX_LEN];
};

struct end {
	struct dev d;
	struct peers ps;
	struct dev_addr addr;
	uint8_t priv[KEYS_LEN];
	uint8_t pub[KEYS_LEN];
	struct pkt out[OUTBOX];
	size_t nout;
	uint32_t got[DELIVERED];	/* frame ids delivered */
	size_t ngot;
	size_t last_len;
	uint8_t last[MSG_TRANSPORT_FRAME_MAX];
};

static struct end ea, eb, ec;

static void t_send(void *ctx, struct dev_peer *p, const struct dev_addr *to,
		   const uint8_t *pkt, size_t len)
{
	struct end *e = ctx;

	assert_true(e->nout < OUTBOX);
	assert_true(len <= MSG_TRANSPORT_MAX_LEN);
	e->out[e->nout].to = *to;
	e->out[e->nout].len = len;
	memcpy(e->out[e->nout].data, pkt, len);
	e->nout++;
}

static void t_deliver(void *ctx, struct dev_peer *p, const uint8_t *f,
		      size_t len)
{
	struct end *e = ctx;
	uint32_t id = 0;

	assert_true(len >= 14);
	if (len >= 20)
		memcpy(&id, f + 16, 4);
	assert_true(e->ngot < DELIVERED);
	e->got[e->ngot++] = id;
	e->last_len = len;
	memcpy(e->last, f, len);
}

static const struct dev_ops t_ops = { .send = t_send,
				      .deliver = t_deliver };

static void mkaddr(struct dev_addr *a, uint8_t last, uint16_t port)
{
	struct sockaddr_in s = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	s.sin_addr.s_addr = htonl(0x0a000000u | last);
	memset(a, 0, sizeof(*a));
	memcpy(&a->ss, &s, sizeof(s));
	a->len = sizeof(s);
}

static void keygen(struct end *e)
{
	keys_genkey(e->priv);
	assert_int_equal(keys_pubkey(e->pub, e->priv), 0);
}

/* @e knows @other under @name with extra options @opts */
static void setup_end(struct end *e, const struct end *other,
		      const char *opts, const struct dev_addr *ep)
{
	char text[512], b64[KEYS_B64_LEN + 1];
	struct peers_error err;

	keys_to_base64(b64, other->pub);
	snprintf(text, sizeof(text), "%s name=peer %s\n", b64, opts);
	assert_int_equal(peers_parse(text, strlen(text), "t", &e->ps, &err),
			 0);
	assert_int_equal(dev_init(&e->d, e->priv, &e->ps, &t_ops, e), 0);
	if (ep)
		dev_set_endpoint(&e->d, 0, ep);
	e->nout = e->ngot = 0;
}

/* A and B with the given options on both lines */
static void pair_opts(const char *opts_a, const char *opts_b)
{
	memset(&ea, 0, sizeof(ea));
	memset(&eb, 0, sizeof(eb));
	keygen(&ea);
	keygen(&eb);
	mkaddr(&ea.addr, 1, 51820);
	mkaddr(&eb.addr, 2, 40000);
	setup_end(&ea, &eb, opts_a, NULL);
	setup_end(&eb, &ea, opts_b, &ea.addr);
}

static void teardown_pair(void)
{
	dev_destroy(&ea.d);
	dev_destroy(&eb.d);
	peers_free(&ea.ps);
	peers_free(&eb.ps);
}

enum pump_mode {
	PUMP_ALL,
	PUMP_DROP,		/* lose everything */
	PUMP_MESS,		/* reverse, duplicate, drop every 7th */
};

/* Carry @from's outbox to @to if addressed there; from @src address */
static size_t carry(struct end *from, struct end *to,
		    const struct dev_addr *src, enum pump_mode m, uint64_t now)
{
	static struct pkt q[OUTBOX];
	size_t n = from->nout, i, k, moved = 0;

	memcpy(q, from->out, n * sizeof(q[0]));
	from->nout = 0;
	for (k = 0; k < n; k++) {
		i = m == PUMP_MESS ? n - 1 - k : k;
		if (m == PUMP_DROP || !dev_addr_eq(&q[i].to, &to->addr))
			continue;
		if (m == PUMP_MESS && i % 7 == 3)
			continue;
		dev_recv(&to->d, q[i].data, q[i].len, src, now);
		if (m == PUMP_MESS && i % 3 == 0)
			dev_recv(&to->d, q[i].data, q[i].len, src, now);
		moved++;
	}
	return moved;
}

static void pump(enum pump_mode m, uint64_t now)
{
	int i;

	for (i = 0; i < 10 && (ea.nout || eb.nout); i++) {
		carry(&eb, &ea, &eb.addr, m, now);
		carry(&ea, &eb, &ea.addr, m, now);
	}
}

static void frame_make(uint8_t *f, uint32_t id, uint16_t vid)
{
	memset(f, 0, FRAME_LEN);
	memset(f, 0xff, 6);
	f[6] = 2;
	f[12] = 0x08;
	if (vid) {
		f[12] = 0x81;
		f[13] = 0x00;
		f[14] = (uint8_t)(vid >> 8);
		f[15] = (uint8_t)vid;
	}
	memcpy(f + 16, &id, 4);
}

static void send_id(struct end *e, uint32_t id, uint64_t now)
{
	uint8_t f[FRAME_LEN];

	frame_make(f, id, 0);
	dev_send_frame(&e->d, f, sizeof(f), now);
}

static void handshake(uint64_t now)
{
	dev_initiate(&eb.d, 0, now);
	assert_int_equal(eb.nout, 1);
	pump(PUMP_ALL, now);
	assert_true(dev_peer_up(&eb.d.peers[0], now));
	assert_true(dev_peer_up(&ea.d.peers[0], now));
	/* B's confirming keepalive promoted A's next keypair */
	assert_true(ea.d.peers[0].kp_valid[DEV_CUR]);
	assert_false(ea.d.peers[0].kp_valid[DEV_NEXT]);
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* Every index in the table belongs to a live keypair or handshake */
static void check_index_table(const struct dev *d)
{
	size_t i, used = 0, live = 0;
	unsigned int s;

	for (i = 0; i < DEV_IDX_SLOTS; i++)
		used += d->idx[i].index != 0;
	for (i = 0; i < d->npeers; i++) {
		const struct dev_peer *p = &d->peers[i];

		live += p->hs_index != 0;
		if (p->hs_index)
			assert_non_null(dev_idx_find(d, p->hs_index));
		for (s = 0; s < DEV_NSLOTS; s++) {
			const struct dev_idx *e;

			if (!p->kp_valid[s])
				continue;
			live++;
			e = dev_idx_find(d, p->kp[s].local_index);
			assert_non_null(e);
			assert_int_equal(e->slot, s);
		}
	}
	assert_int_equal(used, live);
}

static void test_handshake_frames(void **state)
{
	pair_opts("", "");
	handshake(T0);
	assert_int_equal(eb.d.peers[0].st.handshakes, 1);
	assert_int_equal(ea.d.peers[0].st.handshakes, 1);
	send_id(&ea, 7, T0);
	send_id(&eb, 8, T0);
	pump(PUMP_ALL, T0);
	assert_int_equal(eb.ngot, 1);
	assert_int_equal(eb.got[0], 7);
	assert_int_equal(ea.ngot, 1);
	assert_int_equal(ea.got[0], 8);
	assert_int_equal(ea.d.peers[0].st.rx_frames, 1);
	assert_int_equal(ea.d.peers[0].st.rx_bytes, FRAME_LEN);
	assert_int_equal(eb.d.peers[0].st.tx_frames, 1);
	teardown_pair();
}

static void test_rekey(void **state)
{
	uint8_t old_key[TRANSPORT_KEY_LEN];
	uint32_t old_idx;
	uint64_t t;
	uint32_t id = 0;

	pair_opts("", "");
	handshake(T0);
	memcpy(old_key, eb.d.peers[0].kp[DEV_CUR].send_key, sizeof(old_key));
	old_idx = eb.d.peers[0].kp[DEV_CUR].local_index;
	for (t = T0; t <= T0 + 300 * 1000; t += 5000) {
		send_id(&eb, ++id, t);
		send_id(&ea, ++id, t);
		dev_tick(&ea.d, t);
		dev_tick(&eb.d, t);
		pump(PUMP_ALL, t);
	}
	/* 300 s of traffic: at least two rekeys, no frame lost */
	assert_true(eb.d.peers[0].st.rekeys >= 2);
	assert_int_equal(ea.ngot + eb.ngot, id);
	assert_true(dev_peer_up(&eb.d.peers[0], t));
	/* the first keypair is gone from every slot and from the table */
	for (unsigned int s = 0; s < DEV_NSLOTS; s++) {
		const struct transport_keypair *kp = &eb.d.peers[0].kp[s];

		assert_false(sodium_memcmp(kp->send_key, old_key,
					   sizeof(old_key)) == 0);
		if (!eb.d.peers[0].kp_valid[s])
			assert_true(all_zero(kp, sizeof(*kp)));
	}
	assert_null(dev_idx_find(&eb.d, old_idx));
	check_index_table(&ea.d);
	check_index_table(&eb.d);
	teardown_pair();
}

static void test_reject_after(void **state)
{
	struct pkt late;

	pair_opts("", "");
	handshake(T0);
	send_id(&eb, 1, T0);
	assert_int_equal(eb.nout, 1);
	late = eb.out[0];
	eb.nout = 0;
	/* 181 s of silence: every keypair expires and is wiped */
	dev_tick(&ea.d, T0 + 181 * 1000);
	dev_tick(&eb.d, T0 + 181 * 1000);
	assert_false(dev_peer_up(&ea.d.peers[0], T0 + 181 * 1000));
	assert_false(dev_peer_up(&eb.d.peers[0], T0 + 181 * 1000));
	for (unsigned int s = 0; s < DEV_NSLOTS; s++)
		assert_true(all_zero(&ea.d.peers[0].kp[s],
				     sizeof(ea.d.peers[0].kp[s])));
	dev_recv(&ea.d, late.data, late.len, &eb.addr, T0 + 181 * 1000);
	assert_int_equal(ea.ngot, 0);
	assert_int_equal(ea.d.st.drop_index, 1);
	teardown_pair();
}

static void test_keepalive(void **state)
{
	pair_opts("", "");
	handshake(T0);
	send_id(&ea, 1, T0 + 1000);
	pump(PUMP_ALL, T0 + 1000);
	assert_int_equal(eb.ngot, 1);
	dev_tick(&eb.d, T0 + 5000);
	assert_int_equal(eb.nout, 0);	/* not yet */
	dev_tick(&eb.d, T0 + 11001);
	assert_int_equal(eb.nout, 1);
	assert_int_equal(eb.d.peers[0].st.keepalives_sent, 2);
	pump(PUMP_ALL, T0 + 11001);
	assert_int_equal(ea.d.peers[0].tst.rx_keepalive, 2);
	assert_int_equal(ea.ngot, 0);	/* a keepalive is no frame */
	teardown_pair();
}

static void test_persistent_keepalive(void **state)
{
	pair_opts("", "keepalive=25");
	dev_tick(&eb.d, T0);	/* no session yet: a handshake starts */
	assert_int_equal(eb.d.st.handshakes_sent, 1);
	pump(PUMP_ALL, T0);
	assert_true(dev_peer_up(&eb.d.peers[0], T0));
	dev_tick(&eb.d, T0 + 20000);
	assert_int_equal(eb.nout, 0);
	dev_tick(&eb.d, T0 + 25000);
	assert_int_equal(eb.nout, 1);
	teardown_pair();
}

static void test_retransmit(void **state)
{
	uint64_t t;

	pair_opts("", "");
	dev_initiate(&eb.d, 0, T0);
	pump(PUMP_DROP, T0);
	dev_tick(&eb.d, T0 + 4999);
	assert_int_equal(eb.nout, 0);
	dev_tick(&eb.d, T0 + DEV_REKEY_TIMEOUT_MS + DEV_REKEY_JITTER_MS);
	assert_int_equal(eb.nout, 1);
	assert_int_equal(eb.d.st.handshakes_sent, 2);
	pump(PUMP_ALL, T0 + 5400);
	assert_true(dev_peer_up(&eb.d.peers[0], T0 + 5400));
	teardown_pair();

	/* nobody answers: given up after 90 s */
	pair_opts("", "");
	dev_initiate(&eb.d, 0, T0);
	for (t = T0; t < T0 + 100 * 1000; t += 500) {
		dev_tick(&eb.d, t);
		pump(PUMP_DROP, t);
	}
	assert_int_equal(eb.d.peers[0].hs_index, 0);
	assert_true(eb.d.st.handshakes_sent >= 15);
	assert_true(eb.d.st.handshakes_sent <= 19);
	teardown_pair();
}

static void test_dead_peer(void **state)
{
	uint64_t t, sent;

	pair_opts("", "");
	handshake(T0);
	sent = eb.d.st.handshakes_sent;
	send_id(&eb, 1, T0 + 1000);
	/* A is gone: one series of attempts (15 s after the unanswered
	 * frame, for 90 s), not an endless one */
	for (t = T0 + 1000; t < T0 + 400 * 1000; t += 500) {
		dev_tick(&eb.d, t);
		pump(PUMP_DROP, t);
	}
	assert_true(eb.d.st.handshakes_sent - sent >= 15);
	assert_true(eb.d.st.handshakes_sent - sent <= 19);
	assert_int_equal(eb.d.peers[0].hs_index, 0);
	assert_false(dev_peer_up(&eb.d.peers[0], t));
	teardown_pair();
}

/* A restarts: a fresh engine with the same key and peers file, no
 * session and (a listener) no address for B */
static void restart_a(void)
{
	dev_destroy(&ea.d);
	peers_free(&ea.ps);
	setup_end(&ea, &eb, "", NULL);
}

static void test_restarted_responder(void **state)
{
	uint64_t t, first = 0, hs_at = 0;
	uint32_t id = 0;
	size_t sent;

	pair_opts("", "");
	handshake(T0);
	send_id(&ea, ++id, T0);
	send_id(&eb, ++id, T0);
	pump(PUMP_ALL, T0);
	restart_a();
	sent = eb.d.st.handshakes_sent;
	/* B keeps sending every 100 ms into the void (A drops them: no
	 * such index); 15 s after the first unanswered frame, not the
	 * last, B starts a handshake and the session is back */
	for (t = T0 + 1000; t < T0 + 30 * 1000; t += 100) {
		send_id(&eb, ++id, t);
		if (!first)
			first = t;
		dev_tick(&ea.d, t);
		dev_tick(&eb.d, t);
		if (!hs_at && eb.d.st.handshakes_sent > sent)
			hs_at = t;
		pump(PUMP_ALL, t);
		if (hs_at && ea.ngot)
			break;
	}
	assert_true(ea.d.st.drop_index > 0);
	assert_int_equal(ea.d.st.handshakes_sent, 0);	/* A knows no address */
	assert_int_not_equal(hs_at, 0);
	assert_true(hs_at >= first + DEV_NEW_HS_MS);
	assert_true(hs_at <= first + DEV_NEW_HS_MS + 100);
	assert_true(ea.ngot > 0);
	assert_true(dev_peer_up(&ea.d.peers[0], t));
	assert_true(dev_addr_eq(&ea.d.peers[0].ep, &eb.addr));
	/* and A's frames reach B again */
	eb.ngot = 0;
	send_id(&ea, ++id, t);
	pump(PUMP_ALL, t);
	assert_int_equal(eb.ngot, 1);
	check_index_table(&ea.d);
	check_index_table(&eb.d);
	teardown_pair();
}

static void test_oneway_steady(void **state)
{
	uint64_t t;
	uint32_t id = 0;

	pair_opts("", "");
	handshake(T0);
	/* 60 s of frames B -> A every 100 ms, none back: A answers with a
	 * keepalive every 10 s (from the first unanswered frame), so B
	 * never thinks A lost the session */
	for (t = T0; t < T0 + 60 * 1000; t += 100) {
		send_id(&eb, ++id, t);
		dev_tick(&ea.d, t);
		dev_tick(&eb.d, t);
		pump(PUMP_ALL, t);
	}
	assert_int_equal(ea.ngot, id);
	assert_true(ea.d.peers[0].st.keepalives_sent >= 5);
	assert_true(ea.d.peers[0].st.keepalives_sent <= 7);
	assert_int_equal(eb.d.st.handshakes_sent, 1);
	assert_int_equal(eb.d.peers[0].st.handshakes, 1);
	teardown_pair();
}

static void test_roaming(void **state)
{
	struct dev_addr moved, forger;
	struct pkt p;

	pair_opts("", "");
	handshake(T0);
	mkaddr(&moved, 9, 40001);
	mkaddr(&forger, 66, 666);
	/* a forged packet (real header, broken tag) from elsewhere */
	send_id(&eb, 1, T0);
	p = eb.out[0];
	eb.nout = 0;
	p.data[p.len - 1] ^= 1;
	dev_recv(&ea.d, p.data, p.len, &forger, T0);
	assert_int_equal(ea.d.peers[0].tst.rx_drop_auth, 1);
	assert_true(dev_addr_eq(&ea.d.peers[0].ep, &eb.addr));
	/* B moved: its next authentic packet moves the session */
	p.data[p.len - 1] ^= 1;
	dev_recv(&ea.d, p.data, p.len, &moved, T0 + 1);
	assert_int_equal(ea.ngot, 1);
	assert_true(dev_addr_eq(&ea.d.peers[0].ep, &moved));
	assert_int_equal(ea.d.peers[0].st.roams, 1);
	/* and A's frames now go there */
	send_id(&ea, 2, T0 + 2);
	assert_int_equal(ea.nout, 1);
	assert_true(dev_addr_eq(&ea.out[0].to, &moved));
	ea.nout = 0;
	/* B's address changes again, with no traffic: dev_poke() sends a
	 * keepalive at once, and A follows */
	dev_poke(&eb.d, T0 + 3);
	assert_int_equal(eb.nout, 1);
	dev_recv(&ea.d, eb.out[0].data, eb.out[0].len, &forger, T0 + 3);
	eb.nout = 0;
	assert_true(dev_addr_eq(&ea.d.peers[0].ep, &forger));
	assert_int_equal(ea.d.peers[0].st.roams, 2);
	assert_int_equal(ea.ngot, 1);
	teardown_pair();
}

/* Review 10: a burst of address changes is one round of keepalives now
 * and one more when a second has passed, not one round per message */
static void test_poke_coalesced(void **state)
{
	unsigned int i;

	pair_opts("", "");
	handshake(T0);
	eb.nout = 0;
	dev_poke(&eb.d, T0 + 10);
	assert_int_equal(eb.nout, 1);
	for (i = 0; i < 100; i++)
		dev_poke(&eb.d, T0 + 11 + i);
	assert_int_equal(eb.nout, 1);
	assert_true(dev_next_timer(&eb.d, T0 + 200) <= T0 + 1010);
	dev_tick(&eb.d, T0 + 1009);
	assert_int_equal(eb.nout, 1);
	dev_tick(&eb.d, T0 + 1010);
	assert_int_equal(eb.nout, 2);
	dev_tick(&eb.d, T0 + 2100);	/* nothing pending any more */
	assert_int_equal(eb.nout, 2);
	teardown_pair();
}

static void test_unknown_key(void **state)
{
	struct dev_addr caddr;

	pair_opts("", "");
	/* C knows A's key, but A does not know C's */
	memset(&ec, 0, sizeof(ec));
	keygen(&ec);
	setup_end(&ec, &ea, "", &ea.addr);
	mkaddr(&caddr, 3, 3333);
	dev_initiate(&ec.d, 0, T0);
	assert_int_equal(ec.nout, 1);
	dev_recv(&ea.d, ec.out[0].data, ec.out[0].len, &caddr, T0);
	assert_int_equal(ea.nout, 0);
	assert_int_equal(ea.d.st.drop_unknown_key, 1);
	assert_int_equal(ea.d.peers[0].st.handshakes, 0);
	dev_destroy(&ec.d);
	peers_free(&ec.ps);

	/* C does not even know A's key: mac1 fails, nothing is decrypted */
	memset(&ec, 0, sizeof(ec));
	keygen(&ec);
	setup_end(&ec, &eb, "", &ea.addr);
	dev_initiate(&ec.d, 0, T0);
	dev_recv(&ea.d, ec.out[0].data, ec.out[0].len, &caddr, T0);
	assert_int_equal(ea.nout, 0);
	assert_int_equal(ea.d.st.drop_mac1, 1);
	assert_int_equal(ea.d.st.drop_unknown_key, 1);
	dev_destroy(&ec.d);
	peers_free(&ec.ps);
	teardown_pair();
}

static void test_psk(void **state)
{
	uint8_t k1[32], k2[32];

	memset(k1, 1, sizeof(k1));
	memset(k2, 2, sizeof(k2));
	/* same psk: works */
	pair_opts("", "");
	assert_int_equal(dev_set_psk(&ea.d, 0, k1), 0);
	assert_int_equal(dev_set_psk(&eb.d, 0, k1), 0);
	handshake(T0);
	teardown_pair();
	/* different psks: the response does not decrypt */
	pair_opts("", "");
	assert_int_equal(dev_set_psk(&ea.d, 0, k1), 0);
	assert_int_equal(dev_set_psk(&eb.d, 0, k2), 0);
	dev_initiate(&eb.d, 0, T0);
	pump(PUMP_ALL, T0);
	assert_false(dev_peer_up(&eb.d.peers[0], T0));
	assert_int_equal(eb.d.peers[0].st.drop_hs_auth, 1);
	send_id(&ea, 1, T0);
	pump(PUMP_ALL, T0);
	assert_int_equal(eb.ngot, 0);
	teardown_pair();
	/* a psk on one side only */
	pair_opts("", "");
	assert_int_equal(dev_set_psk(&eb.d, 0, k2), 0);
	dev_initiate(&eb.d, 0, T0);
	pump(PUMP_ALL, T0);
	assert_false(dev_peer_up(&eb.d.peers[0], T0));
	teardown_pair();
}

static void test_binding(void **state)
{
	/* the two lines disagree on switch= or vlans=: no session */
	static const char *const pairs[][2] = {
		{ "switch=lan", "switch=dmz" },
		{ "switch=lan", "" },
		{ "vlans=10", "vlans=11" },
		{ "vlans=any", "" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		pair_opts(pairs[i][0], pairs[i][1]);
		dev_initiate(&eb.d, 0, T0);
		pump(PUMP_ALL, T0);
		assert_false(dev_peer_up(&eb.d.peers[0], T0));
		assert_int_equal(eb.d.peers[0].st.drop_hs_auth, 1);
		teardown_pair();
	}
	pair_opts("switch=lan vlans=10,20", "switch=lan vlans=10,20");
	handshake(T0);
	teardown_pair();
}

static void test_replayed_initiation(void **state)
{
	struct pkt init;

	pair_opts("", "");
	dev_initiate(&eb.d, 0, T0);
	init = eb.out[0];
	pump(PUMP_ALL, T0);
	assert_true(dev_peer_up(&eb.d.peers[0], T0));
	assert_int_equal(ea.d.st.responses_sent, 1);
	/* the same initiation again, later, from anywhere */
	dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 2000);
	assert_int_equal(ea.nout, 0);
	assert_int_equal(ea.d.peers[0].st.drop_hs_replay, 1);
	assert_int_equal(ea.d.st.responses_sent, 1);
	teardown_pair();
}

/* Under load, with the source proven by mac2: 20/s per source, burst 5 */
static void test_ratelimit(void **state)
{
	struct pkt init;
	int i;

	pair_opts("", "");
	ea.d.load_threshold = 0;	/* always under load */
	dev_initiate(&eb.d, 0, T0);
	pump(PUMP_ALL, T0);		/* a cookie reply */
	assert_true(eb.d.peers[0].has_cookie);
	dev_tick(&eb.d, T0 + 5400);	/* the retransmission has mac2 */
	init = eb.out[0];
	eb.nout = 0;
	for (i = 0; i < DEV_RL_BURST + 3; i++)
		dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 5400);
	assert_int_equal(ea.d.st.drop_ratelimit, 3);
	assert_int_equal(ea.d.st.responses_sent, 1);
	assert_int_equal(ea.d.peers[0].st.drop_hs_replay, DEV_RL_BURST - 1);
	/* 20 per second: one token back after 50 ms */
	dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 5449);
	assert_int_equal(ea.d.st.drop_ratelimit, 4);
	dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 5500);
	assert_int_equal(ea.d.st.drop_ratelimit, 4);
	teardown_pair();
}

/* forge a mac1-valid initiation to A with garbage Noise content */
static void forge_init(uint8_t *buf)
{
	struct msg_initiation m = { 0 };
	uint8_t k[MSG_KEY_LEN];

	m.sender = 0x12345678;
	randombytes_buf(m.e_pub, sizeof(m.e_pub));
	msg_initiation_build(buf, &m);
	msg_mac1_key(k, ea.pub);
	assert_int_equal(msg_mac1_set(buf, MSG_INITIATION_LEN, k), 0);
}

/*
 * Review R1: initiations spoofed from B's address at 50/s (below the
 * load threshold, so no cookies) must not spend B's rate-limit tokens:
 * B still gets its session.
 */
static void test_ratelimit_spoof(void **state)
{
	uint8_t f[MSG_INITIATION_LEN];
	uint64_t t;

	pair_opts("", "");
	forge_init(f);
	for (t = T0; t < T0 + 20000; t += 20) {
		dev_recv(&ea.d, f, sizeof(f), &eb.addr, t);
		if (t == T0 + 1000)
			dev_initiate(&eb.d, 0, t + 7);
		if (t % 1000 == 0) {
			dev_tick(&eb.d, t);
			dev_tick(&ea.d, t);
			pump(PUMP_ALL, t + 1);
		}
	}
	assert_int_equal(ea.d.st.under_load, 0);
	assert_int_equal(ea.d.st.drop_ratelimit, 0);
	assert_true(dev_peer_up(&eb.d.peers[0], t));
	teardown_pair();
}

/* Review R4: the rate limit counts an IPv6 source by its /64 */
static void test_ratelimit_v6_prefix(void **state)
{
	struct sockaddr_in6 s = { .sin6_family = AF_INET6,
				  .sin6_port = htons(1) };
	uint8_t f[MSG_INITIATION_LEN], key[18], cookie[MSG_COOKIE_LEN];
	struct dev_addr a = { .len = sizeof(s) };
	unsigned int i;

	pair_opts("", "");
	ea.d.load_threshold = 0;	/* under load: the bucket applies */
	forge_init(f);
	s.sin6_addr.s6_addr[0] = 0x20;
	s.sin6_addr.s6_addr[1] = 0x01;
	for (i = 0; i < 100; i++) {
		memcpy(&s.sin6_addr.s6_addr[8], &i, 4);
		memcpy(&a.ss, &s, sizeof(s));
		/* mac2 = the cookie of this very address and port */
		memcpy(key, &s.sin6_addr, 16);
		memcpy(key + 16, &s.sin6_port, 2);
		msg_cookie_make(&ea.d.cookie_secret, T0 / 1000, key,
				sizeof(key), cookie);
		assert_int_equal(msg_mac2_set(f, sizeof(f), cookie), 0);
		dev_recv(&ea.d, f, sizeof(f), &a, T0);
	}
	assert_int_equal(ea.d.st.drop_mac2, 0);
	/* one /64, one bucket: the burst, then nothing */
	assert_int_equal(ea.d.st.drop_ratelimit, 100 - DEV_RL_BURST);
	assert_int_equal(ea.d.st.drop_hs_failed, DEV_RL_BURST);
	/* another /64 has its own */
	s.sin6_addr.s6_addr[7] = 1;
	memcpy(&a.ss, &s, sizeof(s));
	memcpy(key, &s.sin6_addr, 16);
	msg_cookie_make(&ea.d.cookie_secret, T0 / 1000, key, sizeof(key),
			cookie);
	assert_int_equal(msg_mac2_set(f, sizeof(f), cookie), 0);
	dev_recv(&ea.d, f, sizeof(f), &a, T0);
	assert_int_equal(ea.d.st.drop_hs_failed, DEV_RL_BURST + 1);
	teardown_pair();
}

static void test_cookie(void **state)
{
	pair_opts("", "");
	ea.d.load_threshold = 0;	/* every handshake means load */
	dev_initiate(&eb.d, 0, T0);
	pump(PUMP_ALL, T0);
	assert_int_equal(ea.d.st.cookies_sent, 1);
	assert_int_equal(ea.d.st.drop_mac2, 1);
	assert_int_equal(ea.d.st.responses_sent, 0);
	assert_true(eb.d.peers[0].has_cookie);
	assert_false(dev_peer_up(&eb.d.peers[0], T0));
	/* the retransmission carries mac2: accepted although under load */
	dev_tick(&eb.d, T0 + 5400);
	pump(PUMP_ALL, T0 + 5400);
	assert_int_equal(ea.d.st.cookies_sent, 1);
	assert_int_equal(ea.d.st.responses_sent, 1);
	assert_true(dev_peer_up(&eb.d.peers[0], T0 + 5400));
	/* a cookie reply from a stranger is refused */
	ea.d.load_threshold = DEV_LOAD_THRESHOLD;
	teardown_pair();
}

static void test_load_sticky(void **state)
{
	struct pkt init;
	unsigned int i;

	pair_opts("", "");
	ea.d.load_threshold = 3;
	dev_initiate(&eb.d, 0, T0);
	init = eb.out[0];
	eb.nout = 0;
	for (i = 0; i < 4; i++)
		dev_recv(&ea.d, init.data, init.len, &eb.addr, T0);
	assert_int_equal(ea.d.st.cookies_sent, 1);	/* the 4th */
	/* still under load 0.9 s later, quiet */
	dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 900);
	assert_int_equal(ea.d.st.cookies_sent, 2);
	/* and not after the sticky second */
	dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 2000);
	assert_int_equal(ea.d.st.cookies_sent, 2);
	assert_int_equal(ea.d.st.under_load, 1);
	teardown_pair();
}

/* Review 14: a burst straddling a second boundary is load all the same
 * (a token bucket, not fixed one-second windows) */
static void test_load_window(void **state)
{
	struct pkt init;
	unsigned int i;

	pair_opts("", "");
	ea.d.load_threshold = 3;
	dev_initiate(&eb.d, 0, T0);
	init = eb.out[0];
	eb.nout = 0;
	for (i = 0; i < 3; i++)
		dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 999);
	assert_int_equal(ea.d.st.under_load, 0);
	for (i = 0; i < 3; i++)
		dev_recv(&ea.d, init.data, init.len, &eb.addr, T0 + 1000);
	assert_int_equal(ea.d.st.under_load, 1);
	assert_true(ea.d.st.cookies_sent >= 1);
	teardown_pair();
}

/*
 * Review R2: B, the initiator, is under load: it answers A's response
 * with a cookie reply, which A must accept (its index names A's pending
 * keypair) so that its next response carries mac2 and B's retransmitted
 * handshake completes.
 */
static void test_cookie_for_response(void **state)
{
	uint64_t t;

	pair_opts("", "");
	eb.d.load_threshold = 0;
	dev_initiate(&eb.d, 0, T0);
	for (t = T0; t < T0 + 12000 && !dev_peer_up(&eb.d.peers[0], t);
	     t += 1000) {
		dev_tick(&eb.d, t);
		dev_tick(&ea.d, t);
		pump(PUMP_ALL, t);
	}
	assert_true(eb.d.st.cookies_sent >= 1);
	assert_int_equal(ea.d.st.drop_index, 0);
	assert_int_equal(ea.d.st.drop_cookie, 0);
	assert_true(ea.d.peers[0].has_cookie);
	assert_true(dev_peer_up(&eb.d.peers[0], t));
	teardown_pair();
}

/* Seal a frame under B's current keypair, bypassing B's own checks */
static void b_raw(const uint8_t *f, size_t len, struct pkt *p)
{
	struct dev_peer *bp = &eb.d.peers[0];

	assert_int_equal(transport_seal(&bp->kp[DEV_CUR], f, len, p->data,
					&p->len), 0);
}

static void test_inner_checks(void **state)
{
	uint8_t f[FRAME_LEN];
	struct pkt p;

	pair_opts("vlans=10", "vlans=10");
	handshake(T0);
	frame_make(f, 1, 10);
	b_raw(f, sizeof(f), &p);
	dev_recv(&ea.d, p.data, p.len, &eb.addr, T0);
	assert_int_equal(ea.ngot, 1);
	frame_make(f, 2, 20);
	b_raw(f, sizeof(f), &p);
	dev_recv(&ea.d, p.data, p.len, &eb.addr, T0);
	assert_int_equal(ea.ngot, 1);
	assert_int_equal(ea.d.peers[0].st.drop_vlan, 1);
	b_raw(f, 13, &p);
	dev_recv(&ea.d, p.data, p.len, &eb.addr, T0);
	b_raw(f, 16, &p);	/* 802.1Q type without a whole tag */
	dev_recv(&ea.d, p.data, p.len, &eb.addr, T0);
	assert_int_equal(ea.d.peers[0].st.drop_runt, 2);
	ea.d.mtu = 90;
	frame_make(f, 3, 0);
	b_raw(f, sizeof(f), &p);
	dev_recv(&ea.d, p.data, p.len, &eb.addr, T0);
	assert_int_equal(ea.d.peers[0].st.drop_oversize, 1);
	assert_int_equal(ea.ngot, 1);
	/* the sender side: refused before encryption */
	dev_send_frame(&ea.d, f, sizeof(f), T0);
	assert_int_equal(ea.d.st.drop_oversize, 1);
	dev_send_frame(&ea.d, f, 10, T0);
	assert_int_equal(ea.d.st.drop_runt, 1);
	ea.d.mtu = MSG_TRANSPORT_FRAME_MAX;
	frame_make(f, 4, 20);
	dev_send_frame(&ea.d, f, sizeof(f), T0);
	assert_int_equal(ea.d.peers[0].st.drop_vlan_tx, 1);
	assert_int_equal(ea.nout, 0);
	teardown_pair();
}

/* Review R3: other tag types, and a tag inside the allowed one */
static const struct {
	const char *vlans;
	uint16_t outer, vid, inner;	/* inner: ethertype after the tag */
	bool pass;
} tag_rows[] = {
	{ "", 0x88a8, 20, 0x0800, false },
	{ "", 0x9100, 20, 0x0800, false },
	{ "", 0x9200, 20, 0x0800, false },
	{ "", 0x9300, 20, 0x0800, false },
	{ "", 0x8100, 10, 0x0800, false },
	{ "vlans=10", 0x8100, 10, 0x0800, true },
	{ "vlans=10", 0x8100, 10, 0x8100, false },
	{ "vlans=10", 0x8100, 10, 0x88a8, false },
	{ "vlans=10", 0x88a8, 10, 0x0800, false },
	{ "vlans=10", 0x8100, 0, 0x9100, false },	/* priority tag */
	{ "vlans=any", 0x88a8, 20, 0x0800, true },
	{ "vlans=any", 0x8100, 10, 0x8100, true },
	{ "vlans=any", 0x9300, 10, 0x8100, true },
};

static void test_inner_tags(void **state)
{
	uint8_t f[FRAME_LEN];
	struct pkt p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tag_rows); i++) {
		pair_opts(tag_rows[i].vlans, tag_rows[i].vlans);
		handshake(T0);
		frame_make(f, (uint32_t)i + 1, tag_rows[i].vid);
		f[12] = (uint8_t)(tag_rows[i].outer >> 8);
		f[13] = (uint8_t)tag_rows[i].outer;
		f[14] = (uint8_t)(tag_rows[i].vid >> 8);
		f[15] = (uint8_t)tag_rows[i].vid;
		f[16] = (uint8_t)(tag_rows[i].inner >> 8);
		f[17] = (uint8_t)tag_rows[i].inner;
		/* received */
		b_raw(f, sizeof(f), &p);
		dev_recv(&ea.d, p.data, p.len, &eb.addr, T0);
		assert_int_equal(ea.ngot, tag_rows[i].pass);
		assert_int_equal(ea.d.peers[0].st.drop_vlan, !tag_rows[i].pass);
		/* and sent: the same rule */
		dev_send_frame(&ea.d, f, sizeof(f), T0);
		assert_int_equal(ea.nout, tag_rows[i].pass);
		assert_int_equal(ea.d.peers[0].st.drop_vlan_tx,
				 !tag_rows[i].pass);
		teardown_pair();
	}
}

static void test_mess(void **state)
{
	bool seen[1000] = { false };
	uint32_t id;
	size_t i, dup = 0, dups_sent = 0, lost = 0;

	pair_opts("", "");
	handshake(T0);
	for (id = 1; id < 200; id++)
		send_id(&eb, id, T0);
	pump(PUMP_MESS, T0);
	for (i = 0; i < ea.ngot; i++) {
		assert_true(ea.got[i] < 1000);
		dup += seen[ea.got[i]];
		seen[ea.got[i]] = true;
	}
	assert_int_equal(dup, 0);
	for (i = 0; i < 199; i++) {
		lost += i % 7 == 3;
		dups_sent += i % 7 != 3 && i % 3 == 0;
	}
	/* every 7th lost, everything else exactly once, in reverse order
	 * (199 packets: all inside the 2048-packet window) */
	assert_int_equal(ea.ngot, 199 - lost);
	assert_int_equal(ea.d.peers[0].tst.rx_drop_replay, dups_sent);
	teardown_pair();
}

static void test_simultaneous(void **state)
{
	uint64_t t = T0;
	int round;

	pair_opts("", "");
	dev_set_endpoint(&ea.d, 0, &eb.addr);
	for (round = 0; round < 5; round++) {
		/* both start at once, several times over */
		dev_initiate(&ea.d, 0, t);
		dev_initiate(&eb.d, 0, t);
		pump(PUMP_ALL, t);
		check_index_table(&ea.d);
		check_index_table(&eb.d);
		ea.ngot = eb.ngot = 0;
		send_id(&ea, 1, t);
		send_id(&eb, 2, t);
		pump(PUMP_ALL, t);
		assert_int_equal(ea.ngot, 1);
		assert_int_equal(eb.ngot, 1);
		t += 130 * 1000;
		dev_tick(&ea.d, t);
		dev_tick(&eb.d, t);
		pump(PUMP_ALL, t);
	}
	check_index_table(&ea.d);
	check_index_table(&eb.d);
	teardown_pair();
}

static void test_garbage(void **state)
{
	uint8_t junk[MSG_TRANSPORT_MAX_LEN];
	size_t len;

	struct dev_stats before;

	pair_opts("", "");
	handshake(T0);
	before = ea.d.st;
	randombytes_buf(junk, sizeof(junk));
	for (len = 0; len < 200; len++) {
		junk[0] = (uint8_t)(len % 6);
		junk[1] = junk[2] = junk[3] = 0;
		dev_recv(&ea.d, junk, len, &eb.addr, T0);
	}
	assert_int_equal(ea.nout, 0);
	assert_int_equal(ea.ngot, 0);
	/* every datagram is one counted drop */
	assert_int_equal(ea.d.st.rx_packets - before.rx_packets, 200);
	assert_int_equal(ea.d.st.drop_malformed + ea.d.st.drop_mac1 +
			 ea.d.st.drop_index - before.drop_malformed -
			 before.drop_mac1 - before.drop_index, 200);
	assert_true(dev_peer_up(&ea.d.peers[0], T0));
	teardown_pair();
}

/*
 * MAC learning: a hub A (responder) listing B and C, each of which
 * reaches A.  Stations: MAC_B behind B, MAC_C behind C, A's own MAC_A.
 */
static const uint8_t MAC_A[6] = { 2, 0, 0, 0, 0, 0x0a };
static const uint8_t MAC_B[6] = { 2, 0, 0, 0, 0, 0x0b };
static const uint8_t MAC_C[6] = { 2, 0, 0, 0, 0, 0x0c };
static const uint8_t MAC_BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

enum {
	HUB_B = 0,		/* peer numbers at A */
	HUB_C = 1,
	TICK_MS = 1000,
};

static void hub_opts(const char *opts_b, const char *opts_c)
{
	char text[1024], kb[KEYS_B64_LEN + 1], kc[KEYS_B64_LEN + 1];
	struct peers_error err;

	memset(&ea, 0, sizeof(ea));
	memset(&eb, 0, sizeof(eb));
	memset(&ec, 0, sizeof(ec));
	keygen(&ea);
	keygen(&eb);
	keygen(&ec);
	mkaddr(&ea.addr, 1, 51820);
	mkaddr(&eb.addr, 2, 40000);
	mkaddr(&ec.addr, 3, 40001);
	keys_to_base64(kb, eb.pub);
	keys_to_base64(kc, ec.pub);
	snprintf(text, sizeof(text), "%s name=b %s\n%s name=c %s\n", kb,
		 opts_b, kc, opts_c);
	assert_int_equal(peers_parse(text, strlen(text), "t", &ea.ps, &err),
			 0);
	assert_int_equal(dev_init(&ea.d, ea.priv, &ea.ps, &t_ops, &ea), 0);
	setup_end(&eb, &ea, opts_b, &ea.addr);
	setup_end(&ec, &ea, opts_c, &ea.addr);
}

static void teardown_hub(void)
{
	teardown_pair();
	dev_destroy(&ec.d);
	peers_free(&ec.ps);
}

static struct end *end_at(const struct dev_addr *a)
{
	struct end *ends[] = { &ea, &eb, &ec };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ends); i++)
		if (dev_addr_eq(a, &ends[i]->addr))
			return ends[i];
	return NULL;
}

/* Carry every outbox to the end it is addressed to, until all are empty */
static void hub_pump(uint64_t now)
{
	static struct pkt q[OUTBOX];
	struct end *ends[] = { &ea, &eb, &ec };
	size_t i, k, n;
	int round;

	for (round = 0; round < 10; round++) {
		for (i = 0; i < ARRAY_SIZE(ends); i++) {
			n = ends[i]->nout;
			memcpy(q, ends[i]->out, n * sizeof(q[0]));
			ends[i]->nout = 0;
			for (k = 0; k < n; k++) {
				struct end *to = end_at(&q[k].to);

				if (to)
					dev_recv(&to->d, q[k].data, q[k].len,
						 &ends[i]->addr, now);
			}
		}
	}
}

static void hub_up(uint64_t now)
{
	dev_initiate(&eb.d, 0, now);
	dev_initiate(&ec.d, 0, now);
	hub_pump(now);
	assert_true(dev_peer_up(&ea.d.peers[HUB_B], now));
	assert_true(dev_peer_up(&ea.d.peers[HUB_C], now));
	eb.ngot = ec.ngot = ea.ngot = 0;
}

/* Run every engine's timers each second from @from to @to */
static void hub_advance(uint64_t from, uint64_t to)
{
	uint64_t t;

	for (t = from; t <= to; t += TICK_MS) {
		dev_tick(&ea.d, t);
		dev_tick(&eb.d, t);
		dev_tick(&ec.d, t);
		hub_pump(t);
	}
}

static void frame_mac(uint8_t *f, const uint8_t *dst, const uint8_t *src,
		      uint16_t vid, uint32_t id)
{
	frame_make(f, id, vid);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
}

/* End @e (B or C) sends a broadcast from station @src to A */
static void hub_from(struct end *e, const uint8_t *src, uint16_t vid,
		     uint32_t id, uint64_t now)
{
	uint8_t f[FRAME_LEN];

	frame_mac(f, MAC_BCAST, src, vid, id);
	dev_send_frame(&e->d, f, sizeof(f), now);
	hub_pump(now);
}

/* A's switch sends a frame to @dst; return a bitmask: 1 B got it, 2 C */
static unsigned int hub_to(const uint8_t *dst, uint16_t vid, uint32_t id,
			   uint64_t now)
{
	uint8_t f[FRAME_LEN];
	size_t nb = eb.ngot, nc = ec.ngot;
	unsigned int got = 0;

	frame_mac(f, dst, MAC_A, vid, id);
	dev_send_frame(&ea.d, f, sizeof(f), now);
	hub_pump(now);
	assert_true(eb.ngot <= nb + 1 && ec.ngot <= nc + 1);
	if (eb.ngot > nb) {
		assert_int_equal(eb.got[nb], id);
		got |= 1;
	}
	if (ec.ngot > nc) {
		assert_int_equal(ec.got[nc], id);
		got |= 2;
	}
	return got;
}

static void test_learn_unicast(void **state)
{
	hub_opts("", "");
	hub_up(T0);
	hub_from(&eb, MAC_B, 0, 1, T0);
	hub_from(&ec, MAC_C, 0, 2, T0);
	assert_int_equal(ea.ngot, 2);
	assert_int_equal(ea.d.st.mac_learned, 2);
	assert_int_equal(learn_lookup(&ea.d.learn, MAC_B, 0, T0), HUB_B);
	assert_int_equal(learn_lookup(&ea.d.learn, MAC_C, 0, T0), HUB_C);
	assert_int_equal(hub_to(MAC_B, 0, 10, T0), 1);
	assert_int_equal(hub_to(MAC_C, 0, 11, T0), 2);
	assert_int_equal(hub_to(MAC_B, 0, 12, T0 + 1), 1);
	assert_int_equal(ea.d.st.tx_unicast_learned, 3);
	assert_int_equal(ea.d.st.tx_flooded, 0);
	assert_int_equal(ea.d.peers[HUB_B].st.tx_frames, 2);
	assert_int_equal(ea.d.peers[HUB_C].st.tx_frames, 1);
	/* heard again: refreshed, not learned twice */
	hub_from(&eb, MAC_B, 0, 3, T0 + 2);
	assert_int_equal(ea.d.st.mac_learned, 2);
	assert_int_equal(ea.d.st.mac_moved, 0);
	/* a station is learned per VLAN: MAC_B on VLAN 5 is unknown */
	assert_int_equal(learn_lookup(&ea.d.learn, MAC_B, 5, T0), -ENOENT);
	teardown_hub();
}

static void test_learn_flood(void **state)
{
	static const uint8_t mcast4[6] = { 1, 0, 0x5e, 0, 0, 1 };
	static const uint8_t mcast6[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const uint8_t unknown[6] = { 2, 0, 0, 0, 0, 0x99 };
	static const uint8_t group_src[6] = { 3, 0, 0, 0, 0, 0x0b };
	size_t i;

	hub_opts("", "");
	hub_up(T0);
	hub_from(&eb, MAC_B, 0, 1, T0);
	assert_int_equal(ea.d.st.mac_learned, 1);
	assert_int_equal(hub_to(MAC_BCAST, 0, 10, T0), 3);
	assert_int_equal(hub_to(mcast4, 0, 11, T0), 3);
	assert_int_equal(hub_to(mcast6, 0, 12, T0), 3);
	assert_int_equal(hub_to(unknown, 0, 13, T0), 3);
	assert_int_equal(ea.d.st.tx_flooded, 4);
	assert_int_equal(ea.d.st.tx_unicast_learned, 0);
	/* a group source is delivered but never learned */
	hub_from(&ec, group_src, 0, 2, T0);
	assert_int_equal(ea.ngot, 2);
	assert_int_equal(ea.d.st.mac_learned, 1);
	for (i = 0; i < LEARN_SLOTS; i++)
		assert_false(ea.d.learn.e[i].peer &&
			     learn_mac_is_group(ea.d.learn.e[i].mac));
	assert_int_equal(learn_update(&ea.d.learn, group_src, 0, HUB_C, T0),
			 LEARN_IGNORED);
	teardown_hub();
}

static void test_learn_aging(void **state)
{
	hub_opts("keepalive=10", "keepalive=10");
	hub_up(T0);
	hub_from(&eb, MAC_B, 0, 1, T0);
	/* the sessions live on through rekeys (keepalives every 10 s) */
	hub_advance(T0 + TICK_MS, T0 + LEARN_AGE_MS - TICK_MS);
	assert_int_equal(hub_to(MAC_B, 0, 10, T0 + LEARN_AGE_MS - 1), 1);
	assert_int_equal(ea.d.st.tx_unicast_learned, 1);
	assert_true(ea.d.peers[HUB_B].st.rekeys > 0);
	/* 300 s after it was last heard: flooded again */
	assert_int_equal(hub_to(MAC_B, 0, 11, T0 + LEARN_AGE_MS), 3);
	assert_int_equal(ea.d.st.tx_flooded, 1);
	/* heard again: learned again (as new) */
	hub_from(&eb, MAC_B, 0, 2, T0 + LEARN_AGE_MS);
	assert_int_equal(ea.d.st.mac_learned, 2);
	assert_int_equal(hub_to(MAC_B, 0, 12, T0 + LEARN_AGE_MS), 1);
	teardown_hub();
}

static void test_learn_move(void **state)
{
	hub_opts("", "");
	hub_up(T0);
	hub_from(&eb, MAC_B, 0, 1, T0);
	assert_int_equal(hub_to(MAC_B, 0, 10, T0), 1);
	/* the station moved behind C */
	hub_from(&ec, MAC_B, 0, 2, T0 + 1);
	assert_int_equal(ea.d.st.mac_moved, 1);
	assert_int_equal(ea.d.st.mac_learned, 1);
	assert_int_equal(hub_to(MAC_B, 0, 11, T0 + 1), 2);
	/* and back */
	hub_from(&eb, MAC_B, 0, 3, T0 + 2);
	assert_int_equal(ea.d.st.mac_moved, 2);
	assert_int_equal(hub_to(MAC_B, 0, 12, T0 + 2), 1);
	assert_int_equal(ea.d.st.tx_unicast_learned, 3);
	teardown_hub();
}

static void test_learn_forget(void **state)
{
	uint64_t t = T0 + DEV_REJECT_AFTER_MS + TICK_MS;

	/* C's session is kept up by keepalives, B's is left to expire */
	hub_opts("", "keepalive=10");
	hub_up(T0);
	hub_from(&eb, MAC_B, 0, 1, T0);
	hub_from(&ec, MAC_C, 0, 2, T0);
	hub_advance(T0 + TICK_MS, t);
	assert_false(dev_peer_up(&ea.d.peers[HUB_B], t));
	assert_true(dev_peer_up(&ea.d.peers[HUB_C], t));
	/* B's stations are gone, C's are not (both younger than 300 s) */
	assert_int_equal(learn_lookup(&ea.d.learn, MAC_B, 0, t), -ENOENT);
	assert_int_equal(learn_lookup(&ea.d.learn, MAC_C, 0, t), HUB_C);
	/* B back: MAC_B is unknown until heard from again */
	dev_initiate(&eb.d, 0, t);
	hub_pump(t);
	assert_true(dev_peer_up(&ea.d.peers[HUB_B], t));
	assert_int_equal(hub_to(MAC_B, 0, 10, t), 3);
	assert_int_equal(hub_to(MAC_C, 0, 11, t), 2);
	hub_from(&eb, MAC_B, 0, 3, t);
	assert_int_equal(hub_to(MAC_B, 0, 12, t), 1);
	teardown_hub();
}

/* A station learned behind a peer whose session is down: flooded */
static void test_learn_peer_down(void **state)
{
	uint64_t t = T0 + DEV_REJECT_AFTER_MS;

	hub_opts("", "keepalive=10");
	hub_up(T0);
	hub_from(&eb, MAC_B, 0, 1, T0);
	hub_advance(T0 + TICK_MS, t - TICK_MS);
	/* B's keypair is past its age, not yet dropped by a tick */
	assert_false(dev_peer_up(&ea.d.peers[HUB_B], t));
	assert_int_equal(learn_lookup(&ea.d.learn, MAC_B, 0, t), HUB_B);
	ea.nout = 0;
	dev_send_frame(&ea.d, (const uint8_t[FRAME_LEN]){ 2, 0, 0, 0, 0, 0x0b,
			2, 0, 0, 0, 0, 0x0a, 8 }, FRAME_LEN, t);
	assert_int_equal(ea.d.st.tx_flooded, 1);
	assert_int_equal(ea.d.st.tx_unicast_learned, 0);
	assert_int_equal(ea.d.peers[HUB_C].st.tx_frames, 1);
	teardown_hub();
}

static void test_learn_vlan(void **state)
{
	static const uint8_t mac_x[6] = { 2, 0, 0, 0, 0, 0x58 };
	static const uint8_t mac_y[6] = { 2, 0, 0, 0, 0, 0x59 };
	uint8_t f[FRAME_LEN];
	uint64_t c_tx;
	struct pkt p;

	hub_opts("vlans=10", "vlans=20");
	hub_up(T0);
	hub_from(&eb, MAC_B, 10, 1, T0);
	assert_int_equal(learn_lookup(&ea.d.learn, MAC_B, 10, T0), HUB_B);
	/* B may not send on VLAN 20 (sealed past B's own check): dropped,
	 * not learned */
	frame_mac(f, MAC_BCAST, mac_y, 20, 2);
	b_raw(f, sizeof(f), &p);
	dev_recv(&ea.d, p.data, p.len, &eb.addr, T0);
	assert_int_equal(ea.ngot, 1);
	assert_int_equal(ea.d.peers[HUB_B].st.drop_vlan, 1);
	assert_int_equal(learn_lookup(&ea.d.learn, mac_y, 20, T0), -ENOENT);
	assert_int_equal(ea.d.st.mac_learned, 1);
	/* an entry that says X on VLAN 20 is behind B (the wire cannot
	 * make one): B may not carry it, so nobody gets the frame */
	assert_int_equal(learn_update(&ea.d.learn, mac_x, 20, HUB_B, T0),
			 LEARN_NEW);
	c_tx = ea.d.peers[HUB_C].st.tx_frames;
	assert_int_equal(hub_to(mac_x, 20, 10, T0), 0);
	assert_int_equal(ea.d.peers[HUB_B].st.drop_vlan_tx, 1);
	assert_int_equal(ea.d.peers[HUB_C].st.tx_frames, c_tx);
	assert_int_equal(ea.d.st.tx_unicast_learned, 0);
	assert_int_equal(ea.d.st.tx_flooded, 0);
	/* learned on VLAN 10: B alone */
	assert_int_equal(hub_to(MAC_B, 10, 11, T0), 1);
	/* MAC_B on VLAN 20 is another, unknown station: flooded, and B
	 * still gets no VLAN 20 frame */
	assert_int_equal(hub_to(MAC_B, 20, 12, T0), 2);
	assert_int_equal(ea.d.peers[HUB_B].st.drop_vlan_tx, 2);
	assert_int_equal(ea.d.st.tx_unicast_learned, 1);
	assert_int_equal(ea.d.st.tx_flooded, 1);
	teardown_hub();
}

/* No two entries of a bucket hold the same station */
static void check_buckets(const struct learn_table *t)
{
	size_t b, i, j;

	for (b = 0; b < LEARN_SLOTS; b += LEARN_WAYS)
		for (i = b; i < b + LEARN_WAYS; i++)
			for (j = i + 1; j < b + LEARN_WAYS; j++)
				assert_false(t->e[i].peer && t->e[j].peer &&
					     t->e[i].vid == t->e[j].vid &&
					     !memcmp(t->e[i].mac, t->e[j].mac,
						     6));
}

static void random_station(uint8_t *mac, uint16_t *vid)
{
	randombytes_buf(mac, 6);
	mac[0] &= 0xfe;
	*vid = (uint16_t)randombytes_uniform(LEARN_VID_MAX + 1);
}

static void test_learn_full(void **state)
{
	struct learn_table *t = &ea.d.learn;
	unsigned int count[LEARN_IGNORED + 1] = { 0 };
	size_t i, n = 5 * LEARN_SLOTS, live = 0;
	uint64_t now = T0;
	uint8_t mac[6];
	uint16_t vid;
	int peer;

	hub_opts("", "");
	hub_up(T0);
	for (i = 0; i < n; i++, now++) {
		random_station(mac, &vid);
		peer = (int)randombytes_uniform(2);
		count[learn_update(t, mac, vid, (size_t)peer, now)]++;
		assert_int_equal(learn_lookup(t, mac, vid, now), peer);
	}
	assert_int_equal(count[LEARN_IGNORED], 0);
	assert_int_equal(count[LEARN_NEW] + count[LEARN_EVICTED] +
			 count[LEARN_MOVED] + count[LEARN_REFRESHED], n);
	assert_true(count[LEARN_EVICTED] >= n - LEARN_SLOTS);
	for (i = 0; i < LEARN_SLOTS; i++)
		live += learn_live(&t->e[i], now);
	assert_int_equal(live, LEARN_SLOTS);
	check_buckets(t);
	/* a full table still learns (pushing out the bucket's oldest)
	 * and forwards */
	hub_from(&eb, MAC_B, 0, 1, now);
	assert_int_equal(ea.d.st.mac_learned, 1);
	assert_int_equal(ea.d.st.mac_evicted, 1);
	assert_int_equal(hub_to(MAC_B, 0, 10, now), 1);
	/* once everything aged, new stations take aged entries: no
	 * eviction (256 stations in 512 buckets of 8: 9 in one bucket has
	 * a probability near 1e-6) */
	now += LEARN_AGE_MS;
	memset(count, 0, sizeof(count));
	for (i = 0; i < LEARN_BUCKETS / 2; i++) {
		random_station(mac, &vid);
		count[learn_update(t, mac, vid, HUB_C, now)]++;
		assert_int_equal(learn_lookup(t, mac, vid, now), HUB_C);
	}
	assert_int_equal(count[LEARN_NEW], LEARN_BUCKETS / 2);
	check_buckets(t);
	/* forgetting a peer leaves none of its entries */
	assert_true(learn_forget_peer(t, HUB_C) >= LEARN_BUCKETS / 2);
	for (i = 0; i < LEARN_SLOTS; i++)
		assert_int_not_equal(t->e[i].peer, HUB_C + 1);
	teardown_hub();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake_frames),
		cmocka_unit_test(test_rekey),
		cmocka_unit_test(test_reject_after),
		cmocka_unit_test(test_keepalive),
		cmocka_unit_test(test_persistent_keepalive),
		cmocka_unit_test(test_retransmit),
		cmocka_unit_test(test_dead_peer),
		cmocka_unit_test(test_restarted_responder),
		cmocka_unit_test(test_oneway_steady),
		cmocka_unit_test(test_roaming),
		cmocka_unit_test(test_poke_coalesced),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_psk),
		cmocka_unit_test(test_binding),
		cmocka_unit_test(test_replayed_initiation),
		cmocka_unit_test(test_ratelimit),
		cmocka_unit_test(test_ratelimit_spoof),
		cmocka_unit_test(test_ratelimit_v6_prefix),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_load_sticky),
		cmocka_unit_test(test_load_window),
		cmocka_unit_test(test_cookie_for_response),
		cmocka_unit_test(test_inner_checks),
		cmocka_unit_test(test_inner_tags),
		cmocka_unit_test(test_mess),
		cmocka_unit_test(test_simultaneous),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_learn_unicast),
		cmocka_unit_test(test_learn_flood),
		cmocka_unit_test(test_learn_aging),
		cmocka_unit_test(test_learn_move),
		cmocka_unit_test(test_learn_forget),
		cmocka_unit_test(test_learn_peer_down),
		cmocka_unit_test(test_learn_vlan),
		cmocka_unit_test(test_learn_full),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
