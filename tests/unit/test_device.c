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
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
