// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * handshake.c - the handshake driver of the cable engine: joins the Noise
 * state machine (noise.c) and the wire messages (msg.c).
 *
 * Theory of operation.  A received initiation is checked in order of
 * cost, and the first check that fails is a counted drop with no answer
 * and no state change:
 *  1. exact length, type, reserved bytes (msg_initiation_parse());
 *  2. mac1 under our public key: a sender that does not know our key
 *     gets nothing back, ever;
 *  3. under load (the load bucket of load_threshold handshake messages
 *     a second is empty; sticky DEV_LOAD_STICKY_MS): mac2 must carry the
 *     cookie of the source address, else the only answer is a cookie
 *     reply;
 *  4. under load only, once mac2 proved the source: its token bucket
 *     (DEV_RL_RATE/s, burst DEV_RL_BURST; IPv4 address or IPv6 /64).
 *     Outside load a spoofed source must not spend the real one's
 *     tokens, and the load threshold bounds the DH work;
 *  5. Noise message 1 (two X25519 operations) on a handshake state on
 *     the stack;
 *  6. the static key it carries must be in the peers file;
 *  7. its TAI64N timestamp must be newer than the last accepted from
 *     that peer (a replayed initiation is refused here).
 * Only then does the peer change: its timestamp, its endpoint, a new
 * keypair in the "next" slot, and a response goes back.
 *
 * A response is matched to our pending initiation by its receiver index
 * and read on a copy of the handshake state, so that a forged response
 * cannot kill the handshake it names.  A cookie reply answers our last
 * handshake message, initiation or response (an initiator under load
 * answers our response): its index names our pending handshake or the
 * unconfirmed keypair of that response, and it is opened with the mac1
 * we sent as associated data; its cookie is used as mac2 from our next
 * handshake message on.
 *
 * Initiations are retransmitted every DEV_REKEY_TIMEOUT_MS plus up to
 * DEV_REKEY_JITTER_MS, each with a fresh ephemeral key and index, until
 * DEV_REKEY_ATTEMPT_MS have passed.  Our own timestamps strictly
 * increase even when the wall clock does not (it is rounded to 2^24 ns).
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <sodium.h>

#include "handshake.h"

enum {
	HS_MSG1_LEN	= MSG_INITIATION_LEN - 8 - 2 * MSG_MAC_LEN,	/* 108 */
	HS_MSG2_LEN	= MSG_RESPONSE_LEN - 12 - 2 * MSG_MAC_LEN,	/* 48 */
	HS_TAI_STEP	= 1 << 24,	/* ns: msg_tai64n_now()'s rounding */
	HS_NSEC		= 1000000000,
};

_Static_assert((int)HS_MSG1_LEN == (int)NOISE_MSG1_OVERHEAD + MSG_TAI64N_LEN,
	       "initiation carries Noise message 1 with a timestamp");
_Static_assert((int)HS_MSG2_LEN == (int)NOISE_MSG2_OVERHEAD, "empty message 2");

/* The prologue: the label alone (see dev_binding_psk()) */
static const uint8_t hs_prologue[] = DEV_PROLOGUE;
#define HS_PROLOGUE_LEN	(sizeof(hs_prologue) - 1)

static uint64_t get_be(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | *p++;
	return v;
}

/* Our next timestamp: the wall clock, or one step past the last sent */
static void hs_timestamp(struct dev *d, struct dev_peer *p,
			 uint8_t ts[MSG_TAI64N_LEN])
{
	uint64_t sec;
	uint32_t ns;

	if (d->ops->now_wall)
		d->ops->now_wall(d->ctx, ts);
	else
		msg_tai64n_now(ts);
	if (msg_tai64n_cmp(ts, p->sent_ts) <= 0) {
		sec = get_be(p->sent_ts, 8) - (UINT64_C(1) << 62);
		ns = (uint32_t)get_be(p->sent_ts + 8, 4) + HS_TAI_STEP;
		if (ns >= HS_NSEC) {
			ns -= HS_NSEC;
			sec++;
		}
		msg_tai64n_encode(ts, sec, ns);
	}
	memcpy(p->sent_ts, ts, MSG_TAI64N_LEN);
}

/*
 * Bytes that identify a source: with @port, address and port (cookies:
 * the cookie of exactly that source); without, the network a host
 * controls (rate limit): the IPv4 address, or the /64 of an IPv6 one,
 * since one host is routinely given a whole /64.
 */
static size_t addr_key(const struct dev_addr *a, uint8_t *k, bool port)
{
	const struct sockaddr_in *s4 = (const void *)&a->ss;
	const struct sockaddr_in6 *s6 = (const void *)&a->ss;

	if (a->ss.ss_family == AF_INET && a->len >= sizeof(*s4)) {
		memcpy(k, &s4->sin_addr, 4);
		memcpy(k + 4, &s4->sin_port, 2);
		return port ? 6 : 4;
	}
	if (a->ss.ss_family == AF_INET6 && a->len >= sizeof(*s6)) {
		memcpy(k, &s6->sin6_addr, 16);
		memcpy(k + 16, &s6->sin6_port, 2);
		return port ? 18 : DEV_RL_V6_PREFIX / 8;
	}
	/* a stream connection: its bytes (AF_UNSPEC and a number) */
	if (a->len <= DEV_ADDR_KEY_MAX) {
		memcpy(k, &a->ss, a->len);
		return a->len;
	}
	return 0;
}

/* Token bucket of the source IP: may it start a handshake now? */
static bool rl_allow(struct dev *d, const struct dev_addr *from,
		     uint64_t now)
{
	uint8_t ip[DEV_ADDR_KEY_MAX], h[crypto_shorthash_BYTES];
	size_t n = addr_key(from, ip, false);
	const uint32_t full = DEV_RL_BURST * 1000;
	struct dev_rl *b;
	uint64_t dt;

	crypto_shorthash(h, ip, n, d->rl_key);
	b = &d->rl[get_be(h, 8) % DEV_RL_BUCKETS];
	if (b->iplen != n || memcmp(b->ip, ip, n)) {
		memcpy(b->ip, ip, n);
		b->iplen = (uint8_t)n;
		b->tokens_milli = full;
	} else if (now > b->last) {
		dt = MIN(now - b->last, (uint64_t)full);
		b->tokens_milli = (uint32_t)MIN(full, b->tokens_milli +
						dt * DEV_RL_RATE);
	}
	b->last = now;
	if (b->tokens_milli < 1000)
		return false;
	b->tokens_milli -= 1000;
	return true;
}

enum hs_gate_result {
	HS_DROP,	/* dropped (counted) or answered with a cookie reply */
	HS_PASS,	/* not under load: go on */
	HS_PROVEN,	/* under load, and mac2 proved the source address */
};

/* The load detector: a token bucket of load_threshold messages per
 * second (burst: as many), instead of fixed one-second windows that a
 * sender can straddle; it fires when the bucket is empty. */
static bool hs_load(struct dev *d, uint64_t now)
{
	const uint64_t full = (uint64_t)d->load_threshold * 1000;

	if (!d->load_init) {
		d->load_tokens = full;
		d->load_last = now;
		d->load_init = true;
	} else if (now > d->load_last) {
		d->load_tokens = MIN(full, d->load_tokens +
				     (now - d->load_last) * d->load_threshold);
		d->load_last = now;
	}
	if (d->load_tokens >= 1000) {
		d->load_tokens -= 1000;
	} else {
		if (now >= d->load_until)
			d->st.under_load++;
		d->load_until = now + DEV_LOAD_STICKY_MS;
	}
	return now < d->load_until;
}

/*
 * The load detector, and mac2 while it fires.  Return: HS_PASS (not
 * under load), HS_PROVEN (under load, valid mac2), HS_DROP (answered
 * with a cookie reply instead).
 */
static enum hs_gate_result hs_load_ok(struct dev *d, const uint8_t *pkt,
				      size_t len, const struct dev_addr *from,
				      uint32_t sender,
				      const uint8_t mac1[MSG_MAC_LEN],
				      uint64_t now)
{
	uint8_t key[DEV_ADDR_KEY_MAX], cookie[MSG_COOKIE_LEN];
	struct msg_cookie_reply r;

	if (!hs_load(d, now))
		return HS_PASS;
	msg_cookie_make(&d->cookie_secret, now / 1000, key,
			addr_key(from, key, true), cookie);
	if (msg_mac2_ok(pkt, len, cookie))
		return HS_PROVEN;
	msg_cookie_seal(&r, sender, cookie, d->cookie_key, mac1);
	msg_cookie_reply_build(d->buf, &r);
	d->ops->send(d->ctx, NULL, from, d->buf, MSG_COOKIE_REPLY_LEN);
	d->st.cookies_sent++;
	d->st.drop_mac2++;
	return HS_DROP;
}

/*
 * Steps 1-3 of the theory of operation, for initiations and responses:
 * @parsed is the parser's result (then @sender and @mac1 are valid).
 * Return: see enum hs_gate_result.
 */
static enum hs_gate_result hs_gate(struct dev *d, const uint8_t *pkt,
				   size_t len, int parsed,
				   const struct dev_addr *from,
				   uint32_t sender,
				   const uint8_t mac1[MSG_MAC_LEN],
				   uint64_t now)
{
	if (parsed) {
		d->st.drop_malformed++;
		return HS_DROP;
	}
	if (!msg_mac1_ok(pkt, len, d->mac1_key)) {
		d->st.drop_mac1++;
		return HS_DROP;
	}
	return hs_load_ok(d, pkt, len, from, sender, mac1, now);
}

/*
 * mac1 for the receiver, and mac2 if it gave us a cookie lately; the
 * mac1 is kept: a cookie reply to this message (initiation or response)
 * is sealed with it as associated data.
 */
static void hs_macs(struct dev_peer *p, uint8_t *msg, size_t len,
		    uint64_t now)
{
	bool cookie = p->has_cookie && now - p->cookie_at < DEV_COOKIE_VALID_MS;

	if (msg_mac1_set(msg, len, p->mac1_key) ||
	    (cookie && msg_mac2_set(msg, len, p->cookie)))
		memset(msg, 0, len);	/* cannot happen: whole message */
	memcpy(p->last_mac1, msg + len - 2 * MSG_MAC_LEN, MSG_MAC_LEN);
}

static void hs_abandon(struct dev *d, struct dev_peer *p)
{
	dev_idx_del(d, p->hs_index);
	noise_wipe(&p->hs);
	p->hs_index = 0;
}

static void hs_send_initiation(struct dev *d, struct dev_peer *p,
			       uint64_t now)
{
	uint8_t ts[MSG_TAI64N_LEN], n1[HS_MSG1_LEN];
	struct msg_initiation m = { 0 };
	size_t n;

	hs_abandon(d, p);
	if (noise_init_initiator(&p->hs, hs_prologue, HS_PROLOGUE_LEN, d->priv,
				 p->cfg->pub, p->psk))
		return;
	hs_timestamp(d, p, ts);
	if (noise_write_message1(&p->hs, ts, sizeof(ts), n1, sizeof(n1),
				 &n) || n != sizeof(n1)) {
		noise_wipe(&p->hs);
		return;
	}
	m.sender = dev_idx_new(d, (size_t)(p - d->peers), DEV_NSLOTS);
	memcpy(m.e_pub, n1, MSG_KEY_LEN);
	memcpy(m.enc_s, n1 + MSG_KEY_LEN, MSG_ENC_S_LEN);
	memcpy(m.enc_ts, n1 + MSG_KEY_LEN + MSG_ENC_S_LEN, MSG_ENC_TS_LEN);
	msg_initiation_build(d->buf, &m);
	hs_macs(p, d->buf, MSG_INITIATION_LEN, now);
	p->hs_index = m.sender;
	p->hs_retry_at = now + DEV_REKEY_TIMEOUT_MS +
			 randombytes_uniform(DEV_REKEY_JITTER_MS);
	sodium_memzero(n1, sizeof(n1));
	d->ops->send(d->ctx, p, &p->ep, d->buf, MSG_INITIATION_LEN);
	dev_sent_any(p, now);
	p->st.handshakes_sent++;
	d->st.handshakes_sent++;
}

/**
 * dev_initiate() - start a handshake with a peer unless one is running
 * @d:		engine
 * @peer:	peer number
 * @now:	time (ms)
 *
 * Nothing happens if the peer's endpoint is unknown.
 */
void dev_initiate(struct dev *d, size_t peer, uint64_t now)
{
	struct dev_peer *p;

	if (peer >= d->npeers)
		return;
	p = &d->peers[peer];
	if (p->hs_index || !p->ep.len)
		return;
	p->hs_first = now;
	hs_send_initiation(d, p, now);
}

/**
 * hs_timer() - retransmit or give up the pending initiation
 * @d:		engine
 * @p:		peer
 * @now:	time (ms)
 */
void hs_timer(struct dev *d, struct dev_peer *p, uint64_t now)
{
	if (!p->hs_index || now < p->hs_retry_at)
		return;
	if (now - p->hs_first >= DEV_REKEY_ATTEMPT_MS) {
		hs_abandon(d, p);
		return;
	}
	hs_send_initiation(d, p, now);
}

/* The peer whose static key this is (every key compared), or NULL */
static struct dev_peer *peer_by_key(struct dev *d, const uint8_t *key)
{
	struct dev_peer *found = NULL;
	size_t i;

	for (i = 0; i < d->npeers; i++)
		if (!sodium_memcmp(d->peers[i].cfg->pub, key, NOISE_KEY_LEN))
			found = &d->peers[i];
	return found;
}

/* Steps 5-7 of the theory of operation: NULL and counted if refused */
static struct dev_peer *hs_read1(struct dev *d, struct noise_handshake *hs,
				 const uint8_t *pkt)
{
	uint8_t ts[MSG_TAI64N_LEN];
	struct dev_peer *p;
	size_t n;

	if (noise_init_responder(hs, hs_prologue, HS_PROLOGUE_LEN, d->priv, NULL))
		return NULL;
	if (noise_read_message1(hs, pkt + 8, HS_MSG1_LEN, ts, sizeof(ts),
				&n) || n != sizeof(ts)) {
		d->st.drop_hs_failed++;
		return NULL;
	}
	p = peer_by_key(d, noise_remote_static(hs));
	if (!p) {
		d->st.drop_unknown_key++;
		return NULL;
	}
	if (!msg_tai64n_accept(p->last_ts, ts)) {
		p->st.drop_hs_replay++;
		return NULL;
	}
	return p;
}

/* Write message 2 and split; Return: our new index, 0 on failure */
static uint32_t hs_respond(struct dev *d, struct dev_peer *p,
			   struct noise_handshake *hs, uint32_t their,
			   uint8_t n2[HS_MSG2_LEN], uint64_t now)
{
	uint8_t ks[NOISE_KEY_LEN], kr[NOISE_KEY_LEN];
	struct transport_keypair kp;
	uint8_t empty[1];
	uint32_t idx;
	size_t n;

	noise_set_psk(hs, p->psk);
	if (noise_write_message2(hs, empty, 0, n2, HS_MSG2_LEN, &n) ||
	    n != HS_MSG2_LEN || noise_split(hs, ks, kr))
		return 0;
	idx = dev_idx_new(d, (size_t)(p - d->peers), DEV_NEXT);
	transport_keypair_init(&kp, ks, kr, idx, their, now / 1000);
	sodium_memzero(ks, sizeof(ks));
	sodium_memzero(kr, sizeof(kr));
	dev_kp_install(d, p, &kp, false, now);
	return idx;
}

/**
 * hs_recv_initiation() - a type-1 message (see the theory of operation)
 * @d:		engine
 * @pkt:	the message (untrusted)
 * @len:	its length
 * @from:	source address
 * @now:	time (ms)
 */
void hs_recv_initiation(struct dev *d, const uint8_t *pkt, size_t len,
			const struct dev_addr *from, uint64_t now)
{
	struct noise_handshake hs;
	struct msg_initiation m = { 0 };
	struct msg_response r = { 0 };
	uint8_t n2[HS_MSG2_LEN];
	struct dev_peer *p;

	int parsed = msg_initiation_parse(&m, pkt, len);
	enum hs_gate_result g = hs_gate(d, pkt, len, parsed, from, m.sender,
					m.mac1, now);

	if (g == HS_DROP)
		return;
	/* as WireGuard: only under load, and only for a source mac2 proved
	 * (a spoofer cannot spend another address's tokens); outside load
	 * the load threshold itself bounds the DH work */
	if (g == HS_PROVEN && !rl_allow(d, from, now)) {
		d->st.drop_ratelimit++;
		return;
	}
	p = hs_read1(d, &hs, pkt);
	if (p) {
		r.receiver = m.sender;
		r.sender = hs_respond(d, p, &hs, m.sender, n2, now);
	}
	noise_wipe(&hs);
	if (!p || !r.sender)
		return;
	dev_roam(p, from);
	dev_received_any(p, now);
	memcpy(r.e_pub, n2, MSG_KEY_LEN);
	memcpy(r.enc_empty, n2 + MSG_KEY_LEN, MSG_TAG_LEN);
	msg_response_build(d->buf, &r);
	hs_macs(p, d->buf, MSG_RESPONSE_LEN, now);
	d->ops->send(d->ctx, p, from, d->buf, MSG_RESPONSE_LEN);
	dev_sent_any(p, now);
	d->st.handshakes_received++;
	d->st.responses_sent++;
}

/**
 * hs_recv_response() - a type-2 message answering our initiation
 * @d:		engine
 * @pkt:	the message (untrusted)
 * @len:	its length
 * @from:	source address
 * @now:	time (ms)
 */
void hs_recv_response(struct dev *d, const uint8_t *pkt, size_t len,
		      const struct dev_addr *from, uint64_t now)
{
	uint8_t ks[NOISE_KEY_LEN], kr[NOISE_KEY_LEN], empty[1];
	struct transport_keypair kp;
	struct noise_handshake hs;
	const struct dev_idx *e;
	struct msg_response m = { 0 };
	struct dev_peer *p;
	size_t n;

	int parsed = msg_response_parse(&m, pkt, len);

	if (hs_gate(d, pkt, len, parsed, from, m.sender, m.mac1, now) ==
	    HS_DROP)
		return;
	e = dev_idx_find(d, m.receiver);
	if (!e || e->slot != DEV_NSLOTS) {
		d->st.drop_index++;
		return;
	}
	p = &d->peers[e->peer];
	hs = p->hs;
	if (noise_read_message2(&hs, pkt + 12, HS_MSG2_LEN, empty,
				sizeof(empty), &n) || n ||
	    noise_split(&hs, ks, kr)) {
		noise_wipe(&hs);
		p->st.drop_hs_auth++;
		return;
	}
	noise_wipe(&p->hs);
	p->hs_index = 0;	/* the index now names the keypair */
	transport_keypair_init(&kp, ks, kr, m.receiver, m.sender, now / 1000);
	sodium_memzero(ks, sizeof(ks));
	sodium_memzero(kr, sizeof(kr));
	dev_roam(p, from);
	dev_received_any(p, now);
	dev_kp_install(d, p, &kp, true, now);
	dev_keepalive(d, p, now);	/* confirms the keys to the responder */
}

/**
 * hs_recv_cookie() - a type-3 message answering our initiation or response
 * @d:		engine
 * @pkt:	the message (untrusted)
 * @len:	its length
 * @now:	time (ms)
 */
void hs_recv_cookie(struct dev *d, const uint8_t *pkt, size_t len,
		    uint64_t now)
{
	uint8_t cookie[MSG_COOKIE_LEN];
	struct msg_cookie_reply r;
	const struct dev_idx *e;
	struct dev_peer *p;

	if (msg_cookie_reply_parse(&r, pkt, len)) {
		d->st.drop_malformed++;
		return;
	}
	/* our pending initiation, or the keypair of a response we sent
	 * (unconfirmed, in "next"): an initiator under load answers that */
	e = dev_idx_find(d, r.receiver);
	if (!e || (e->slot != DEV_NSLOTS && e->slot != DEV_NEXT)) {
		d->st.drop_index++;
		return;
	}
	p = &d->peers[e->peer];
	if (msg_cookie_open(cookie, &r, p->cookie_key, p->last_mac1)) {
		d->st.drop_cookie++;
		return;
	}
	memcpy(p->cookie, cookie, sizeof(cookie));
	p->cookie_at = now;
	p->has_cookie = true;
}
