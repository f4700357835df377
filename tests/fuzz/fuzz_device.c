// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_device.c - fuzz target for the cable engine (cable/device.c,
 * cable/handshake.c): arbitrary datagrams into a responder R and into an
 * initiator I that is in the middle of a handshake with R.
 *
 * Everything is deterministic: fixed static keys (R 0x11..., I 0x22...),
 * a fixed clock that the input advances, and libsodium's random numbers
 * replaced by a seeded stream restarted for every input, so that I's
 * initiation and R's response are the same bytes in every run and the
 * seed corpus (corpus/device, written by this file built with
 * -DFUZZ_DEVICE_MKCORPUS, see meson.build) can hold real handshakes.
 *
 * Input: records of
 *   op (1 byte): bit 0 target (0 R, 1 I); bits 1-2 source address (0 I's,
 *                1 R's, 2 and 3 strangers); bit 3 the data is a frame from
 *                the switch (dev_send_frame) instead of a datagram; bit 4
 *                the target is "under load" (load threshold 0)
 *   dt (1 byte): time advance in 100 ms steps, then dev_tick() on both
 *   len (2 bytes, big endian), then len bytes (truncated at the end)
 *
 * Invariants: nothing crashes; every datagram adds exactly one to
 * rx_packets; nothing is sent to a stranger's address unless the
 * datagram had a valid mac1 for the target (a cookie reply, or a
 * handshake from a peer that moved) or authenticated; a cookie reply
 * answers only a mac1-valid handshake message; every frame delivered
 * is 14 ... 9234 bytes and came out of a type-4 packet; a frame from
 * the switch is flooded, sent to one learned peer or dropped, a group
 * destination always flooded (R has a second peer, so it learns).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <sodium.h>

#include "device.h"
#include "fuzz.h"

enum {
	OUT_MAX		= 512,
	STRANGER	= 2,
};

struct fend {
	struct dev d;
	struct peers ps;
	struct peer peer[2];
	struct dev_addr addr;
	uint8_t priv[32];
	size_t nout;
	size_t nout_stranger;
	size_t ncookies;
	size_t ndelivered;
	/* last packet sent, for the corpus generator */
	uint8_t last[MSG_TRANSPORT_MAX_LEN];
	size_t last_len;
};

static struct fend fr, fi;
static struct dev_addr strangers[2];
static uint64_t rng_counter;
static bool ready;

/* libsodium's randomness, made reproducible */
static const char *rng_name(void)
{
	return "fuzz";
}

static void rng_buf(void *buf, size_t size)
{
	uint8_t seed[randombytes_SEEDBYTES] = { 0 };

	memcpy(seed, &rng_counter, sizeof(rng_counter));
	rng_counter++;
	randombytes_buf_deterministic(buf, size, seed);
}

static uint32_t rng_random(void)
{
	uint32_t v;

	rng_buf(&v, sizeof(v));
	return v;
}

static struct randombytes_implementation rng = {
	.implementation_name = rng_name,
	.random = rng_random,
	.buf = rng_buf,
};

static bool is_stranger(const struct dev_addr *a)
{
	return dev_addr_eq(a, &strangers[0]) || dev_addr_eq(a, &strangers[1]);
}

static void f_send(void *ctx, struct dev_peer *p, const struct dev_addr *to,
		   const uint8_t *pkt, size_t len)
{
	struct fend *e = ctx;

	FUZZ_CHECK(len <= MSG_TRANSPORT_MAX_LEN);
	e->nout++;
	e->nout_stranger += is_stranger(to);
	if (!p) {
		FUZZ_CHECK(len == MSG_COOKIE_REPLY_LEN);
		e->ncookies++;
	}
	memcpy(e->last, pkt, len);
	e->last_len = len;
}

static void f_deliver(void *ctx, struct dev_peer *p, const uint8_t *f,
		      size_t len)
{
	struct fend *e = ctx;

	FUZZ_CHECK(len >= 14 && len <= MSG_TRANSPORT_FRAME_MAX);
	e->ndelivered++;
}

static void f_wall(void *ctx, uint8_t out[MSG_TAI64N_LEN])
{
	msg_tai64n_encode(out, 1700000000, 0);
}

static const struct dev_ops f_ops = {
	.send = f_send,
	.deliver = f_deliver,
	.now_wall = f_wall,
};

static void mkaddr(struct dev_addr *a, uint8_t last, uint16_t port)
{
	struct sockaddr_in s = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	s.sin_addr.s_addr = htonl(0xc0000200u | last);
	memset(a, 0, sizeof(*a));
	memcpy(&a->ss, &s, sizeof(s));
	a->len = sizeof(s);
}

static void setup(void)
{
	FUZZ_CHECK(randombytes_set_implementation(&rng) == 0);
	FUZZ_CHECK(sodium_init() >= 0);
	mkaddr(&fr.addr, 1, 51820);
	mkaddr(&fi.addr, 2, 40000);
	mkaddr(&strangers[0], 66, 666);
	mkaddr(&strangers[1], 77, 777);
	memset(fr.priv, 0x11, sizeof(fr.priv));
	memset(fi.priv, 0x22, sizeof(fi.priv));
	ready = true;
}

/* @e knows @o (no endpoint unless @ep) with VLAN 10 allowed; R also
 * knows a third peer that never connects, so that it learns MACs */
static void end_init(struct fend *e, const struct fend *o, bool ep)
{
	memset(e->peer, 0, sizeof(e->peer));
	FUZZ_CHECK(crypto_scalarmult_base(e->peer[0].pub, o->priv) == 0);
	strcpy(e->peer[0].name, "peer");
	e->peer[0].vlans[10 / 8] |= 1 << (10 % 8);
	e->peer[0].nvlans = 1;
	memset(e->peer[1].pub, 0x33, sizeof(e->peer[1].pub));
	strcpy(e->peer[1].name, "other");
	e->ps.v = e->peer;
	e->ps.n = e == &fr ? 2 : 1;
	FUZZ_CHECK(dev_init(&e->d, e->priv, &e->ps, &f_ops, e) == 0);
	if (ep)
		dev_set_endpoint(&e->d, 0, &o->addr);
	e->nout = e->nout_stranger = e->ncookies = e->ndelivered = 0;
}

static void start(uint64_t now)
{
	rng_counter = 0;
	end_init(&fr, &fi, false);
	end_init(&fi, &fr, true);
	dev_initiate(&fi.d, 0, now);
}

static void finish(void)
{
	dev_destroy(&fr.d);
	dev_destroy(&fi.d);
}

/* A frame from the switch was sent to one learned peer, flooded (two
 * peers or more) or dropped whole; with one peer nothing is learned */
static void check_send(const struct dev *d, const struct dev_stats *b,
		       const uint8_t *f, size_t len)
{
	uint64_t one = d->st.tx_unicast_learned - b->tx_unicast_learned;
	uint64_t all = d->st.tx_flooded - b->tx_flooded;
	uint64_t drop = d->st.drop_runt + d->st.drop_oversize -
			b->drop_runt - b->drop_oversize;

	FUZZ_CHECK(one + all + drop <= 1);
	if (d->npeers < 2)
		FUZZ_CHECK(!one && !all && !d->st.mac_learned);
	else if (!drop && len >= DEV_ETH_HLEN && (f[0] & 1))
		FUZZ_CHECK(all == 1);
}

/* One record; Return: false at the end of the input */
static bool step(const uint8_t **data, size_t *size, uint64_t *now)
{
	const struct dev_addr *srcs[4] = { &fi.addr, &fr.addr,
					   &strangers[0], &strangers[1] };
	struct fend *t, *o;
	const struct dev_addr *src;
	struct dev_stats before;
	uint8_t op, mac1_key[MSG_KEY_LEN];
	size_t len, sent_stranger;
	bool mac1;

	if (*size < 4)
		return false;
	op = (*data)[0];
	*now += (uint64_t)(*data)[1] * 100;
	len = (size_t)(*data)[2] << 8 | (*data)[3];
	*data += 4;
	*size -= 4;
	len = MIN(len, *size);
	t = op & 1 ? &fi : &fr;
	o = op & 1 ? &fr : &fi;
	src = srcs[(op >> 1) & 3];
	t->d.load_threshold = op & 16 ? 0 : DEV_LOAD_THRESHOLD;
	if (op & 8) {
		before = t->d.st;
		dev_send_frame(&t->d, *data, len, *now);
		check_send(&t->d, &before, *data, len);
	} else {
		before = t->d.st;
		sent_stranger = t->nout_stranger;
		msg_mac1_key(mac1_key, t->d.pub);
		mac1 = msg_mac1_ok(*data, len, mac1_key);
		dev_recv(&t->d, *data, len, src, *now);
		FUZZ_CHECK(t->d.st.rx_packets == before.rx_packets + 1);
		if (!mac1) {
			FUZZ_CHECK(t->d.st.cookies_sent == before.cookies_sent);
			/* only an authenticated packet (which roams) may
			 * lead to a packet to a stranger's address */
			FUZZ_CHECK(t->nout_stranger == sent_stranger ||
				   dev_addr_eq(&t->d.peers[0].ep, src));
		}
	}
	*data += len;
	*size -= len;
	dev_tick(&t->d, *now);
	dev_tick(&o->d, *now);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t now = 1000000;

	if (!ready)
		setup();
	start(now);
	while (step(&data, &size, &now))
		;
	finish();
	return 0;
}

#ifdef FUZZ_DEVICE_MKCORPUS
/*
 * The seed corpus: real exchanges recorded by running the engines with
 * the same deterministic randomness as the target.
 *   fuzz_device_mkcorpus DIR
 */
#include <stdio.h>

static uint8_t rec[65536];
static size_t rec_len;

static void put(uint8_t op, uint8_t dt, const uint8_t *d, size_t len)
{
	rec[rec_len++] = op;
	rec[rec_len++] = dt;
	rec[rec_len++] = (uint8_t)(len >> 8);
	rec[rec_len++] = (uint8_t)len;
	memcpy(rec + rec_len, d, len);
	rec_len += len;
}

static void save(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	FUZZ_CHECK(f && fwrite(rec, 1, rec_len, f) == rec_len);
	FUZZ_CHECK(fclose(f) == 0);
	rec_len = 0;
}

/* Feed a record to the engines as the target will, and record it */
static void play(uint8_t op, uint8_t dt, const uint8_t *d, size_t len,
		 uint64_t *now)
{
	uint8_t one[4 + MSG_TRANSPORT_MAX_LEN];
	const uint8_t *p = one;
	size_t n = 4 + len;

	one[0] = op;
	one[1] = dt;
	one[2] = (uint8_t)(len >> 8);
	one[3] = (uint8_t)len;
	memcpy(one + 4, d, len);
	put(op, dt, d, len);
	FUZZ_CHECK(step(&p, &n, now));
}

int main(int argc, char **argv)
{
	uint8_t init[MSG_INITIATION_LEN], resp[MSG_RESPONSE_LEN];
	uint8_t frame[64] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0,
			      0, 1, 0x08, 0x00 };
	uint8_t uni[64] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00 };
	uint8_t pkt[MSG_TRANSPORT_MAX_LEN];
	uint64_t now = 1000000;
	size_t plen;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	setup();

	/* 1: I's initiation to R */
	start(now);
	memcpy(init, fi.last, sizeof(init));
	play(0, 0, init, sizeof(init), &now);
	save(argv[1], "initiation.bin");
	finish();

	/* 2: the whole handshake, then frames both ways */
	now = 1000000;
	start(now);
	play(0, 0, init, sizeof(init), &now);
	memcpy(resp, fr.last, sizeof(resp));
	play(1 | 2, 0, resp, sizeof(resp), &now);	/* from R's address */
	memcpy(pkt, fi.last, fi.last_len);		/* I's keepalive */
	plen = fi.last_len;
	play(0, 1, pkt, plen, &now);
	play(8, 0, frame, sizeof(frame), &now);		/* R sends a frame */
	memcpy(pkt, fr.last, fr.last_len);
	plen = fr.last_len;
	play(1 | 2, 0, pkt, plen, &now);
	play(1 | 2, 0, pkt, plen, &now);		/* replayed */
	play(9, 0, frame, sizeof(frame), &now);		/* I sends one */
	memcpy(pkt, fi.last, fi.last_len);
	plen = fi.last_len;
	play(4, 0, pkt, plen, &now);			/* I roamed */
	/* R learned I's station: a frame to it goes to I alone */
	play(8, 0, uni, sizeof(uni), &now);
	/* the recording went where it should */
	FUZZ_CHECK(fi.ndelivered == 1 && fr.ndelivered == 1);
	FUZZ_CHECK(fi.d.peers[0].tst.rx_drop_replay == 1);
	FUZZ_CHECK(fr.d.peers[0].st.roams == 1);
	FUZZ_CHECK(fr.d.st.mac_learned == 1 &&
		   fr.d.st.tx_unicast_learned == 1);
	save(argv[1], "session.bin");
	finish();

	/* 3: R under load: a cookie reply, I's retransmission with mac2 */
	now = 1000000;
	start(now);
	play(16, 0, init, sizeof(init), &now);
	memcpy(pkt, fr.last, fr.last_len);
	plen = fr.last_len;
	play(1 | 2, 0, pkt, plen, &now);		/* the cookie */
	play(8 | 16, 54, frame, 0, &now);		/* 5.4 s later */
	memcpy(pkt, fi.last, fi.last_len);
	plen = fi.last_len;
	play(16, 0, pkt, plen, &now);
	FUZZ_CHECK(fr.d.st.cookies_sent == 1 && fr.d.st.responses_sent == 1);
	save(argv[1], "cookie.bin");
	finish();

	/* 4: the initiation from a stranger's address, twice (replay) */
	now = 1000000;
	start(now);
	play(4, 0, init, sizeof(init), &now);
	play(6, 0, init, sizeof(init), &now);
	FUZZ_CHECK(fr.d.peers[0].st.drop_hs_replay == 1);
	save(argv[1], "replayed-initiation.bin");
	finish();
	return 0;
}
#endif
