// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * msg.c - build and parse vde-cable wire messages; mac1/mac2, cookies and
 * TAI64N timestamps (shared/DESIGN.md (c)).
 *
 * Theory of operation
 *
 * Everything here runs on bytes from the network before any handshake
 * state is touched, so every parser is a pure function: exact length,
 * type byte, zero reserved bytes, then the fields are copied into a local
 * struct and only then into the caller's.  A refused message changes
 * nothing.
 *
 * Denial of service, as WireGuard does it:
 * - mac1 (BLAKE2b-128 keyed by BLAKE2b-256("mac1----" || responder static
 *   public key) over the message up to mac1) proves the sender knows the
 *   responder's public key.  A message with a bad mac1 gets no answer.
 * - Under load, the responder also requires mac2 (BLAKE2b-128 keyed by a
 *   cookie, over the message up to mac2).  The cookie is BLAKE2b-128 of
 *   the source address keyed by a secret redrawn every 120 s, so it
 *   proves the sender receives packets at that address.  The responder
 *   hands it out in a cookie reply, encrypted with XChaCha20-Poly1305
 *   under BLAKE2b-256("cookie--" || responder static public key) with the
 *   mac1 of the message it answers as associated data.
 * - An initiation carries a TAI64N timestamp that must exceed the last
 *   one accepted from the same peer, so a captured initiation cannot be
 *   replayed to reset a session.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "msg.h"

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* type byte and three zero reserved bytes */
static void put_head(uint8_t *p, enum msg_type t)
{
	p[0] = (uint8_t)t;
	p[1] = p[2] = p[3] = 0;
}

static bool head_ok(const uint8_t *p, enum msg_type t)
{
	return p[0] == t && !p[1] && !p[2] && !p[3];
}

/**
 * msg_type() - type of a message whose header is well formed
 * @buf:	received bytes
 * @len:	their number
 *
 * Return: MSG_INITIATION ... MSG_TRANSPORT, or -EBADMSG if @len is below
 * 4, the type is unknown or a reserved byte is not zero.  Lengths are
 * checked by the parser of that type.
 */
int msg_type(const uint8_t *buf, size_t len)
{
	if (len < 4 || buf[1] || buf[2] || buf[3])
		return -EBADMSG;
	if (buf[0] < MSG_INITIATION || buf[0] > MSG_TRANSPORT)
		return -EBADMSG;
	return buf[0];
}

/**
 * msg_initiation_build() - serialise a type-1 message
 * @out:	MSG_INITIATION_LEN bytes
 * @m:		fields (mac1, mac2 as given; see msg_mac1_set())
 */
void msg_initiation_build(uint8_t out[MSG_INITIATION_LEN],
			  const struct msg_initiation *m)
{
	uint8_t *p = out;

	put_head(p, MSG_INITIATION);
	put_le32(p + 4, m->sender);
	p += 8;
	memcpy(p, m->e_pub, sizeof(m->e_pub));
	p += sizeof(m->e_pub);
	memcpy(p, m->enc_s, sizeof(m->enc_s));
	p += sizeof(m->enc_s);
	memcpy(p, m->enc_ts, sizeof(m->enc_ts));
	p += sizeof(m->enc_ts);
	memcpy(p, m->mac1, sizeof(m->mac1));
	memcpy(p + MSG_MAC_LEN, m->mac2, sizeof(m->mac2));
}

/**
 * msg_initiation_parse() - decode a type-1 message
 * @m:		filled only on success
 * @buf:	received bytes (untrusted)
 * @len:	their number, must be exactly MSG_INITIATION_LEN
 *
 * Return: 0, or -EBADMSG (bad length, type or reserved bytes; @m unchanged)
 */
int msg_initiation_parse(struct msg_initiation *m, const uint8_t *buf,
			 size_t len)
{
	struct msg_initiation t;
	const uint8_t *p = buf + 8;

	if (len != MSG_INITIATION_LEN || !head_ok(buf, MSG_INITIATION))
		return -EBADMSG;
	t.sender = get_le32(buf + 4);
	memcpy(t.e_pub, p, sizeof(t.e_pub));
	p += sizeof(t.e_pub);
	memcpy(t.enc_s, p, sizeof(t.enc_s));
	p += sizeof(t.enc_s);
	memcpy(t.enc_ts, p, sizeof(t.enc_ts));
	p += sizeof(t.enc_ts);
	memcpy(t.mac1, p, sizeof(t.mac1));
	memcpy(t.mac2, p + MSG_MAC_LEN, sizeof(t.mac2));
	*m = t;
	return 0;
}

/**
 * msg_response_build() - serialise a type-2 message
 * @out:	MSG_RESPONSE_LEN bytes
 * @m:		fields
 */
void msg_response_build(uint8_t out[MSG_RESPONSE_LEN],
			const struct msg_response *m)
{
	uint8_t *p = out + 12;

	put_head(out, MSG_RESPONSE);
	put_le32(out + 4, m->sender);
	put_le32(out + 8, m->receiver);
	memcpy(p, m->e_pub, sizeof(m->e_pub));
	p += sizeof(m->e_pub);
	memcpy(p, m->enc_empty, sizeof(m->enc_empty));
	p += sizeof(m->enc_empty);
	memcpy(p, m->mac1, sizeof(m->mac1));
	memcpy(p + MSG_MAC_LEN, m->mac2, sizeof(m->mac2));
}

/**
 * msg_response_parse() - decode a type-2 message
 * @m:		filled only on success
 * @buf:	received bytes (untrusted)
 * @len:	must be exactly MSG_RESPONSE_LEN
 *
 * Return: 0, or -EBADMSG (@m unchanged)
 */
int msg_response_parse(struct msg_response *m, const uint8_t *buf, size_t len)
{
	struct msg_response t;
	const uint8_t *p = buf + 12;

	if (len != MSG_RESPONSE_LEN || !head_ok(buf, MSG_RESPONSE))
		return -EBADMSG;
	t.sender = get_le32(buf + 4);
	t.receiver = get_le32(buf + 8);
	memcpy(t.e_pub, p, sizeof(t.e_pub));
	p += sizeof(t.e_pub);
	memcpy(t.enc_empty, p, sizeof(t.enc_empty));
	p += sizeof(t.enc_empty);
	memcpy(t.mac1, p, sizeof(t.mac1));
	memcpy(t.mac2, p + MSG_MAC_LEN, sizeof(t.mac2));
	*m = t;
	return 0;
}

/**
 * msg_cookie_reply_build() - serialise a type-3 message
 * @out:	MSG_COOKIE_REPLY_LEN bytes
 * @m:		fields (see msg_cookie_seal())
 */
void msg_cookie_reply_build(uint8_t out[MSG_COOKIE_REPLY_LEN],
			    const struct msg_cookie_reply *m)
{
	put_head(out, MSG_COOKIE_REPLY);
	put_le32(out + 4, m->receiver);
	memcpy(out + 8, m->nonce, sizeof(m->nonce));
	memcpy(out + 8 + MSG_COOKIE_NONCE_LEN, m->enc_cookie,
	       sizeof(m->enc_cookie));
}

/**
 * msg_cookie_reply_parse() - decode a type-3 message
 * @m:		filled only on success
 * @buf:	received bytes (untrusted)
 * @len:	must be exactly MSG_COOKIE_REPLY_LEN
 *
 * Return: 0, or -EBADMSG (@m unchanged)
 */
int msg_cookie_reply_parse(struct msg_cookie_reply *m, const uint8_t *buf,
			   size_t len)
{
	if (len != MSG_COOKIE_REPLY_LEN || !head_ok(buf, MSG_COOKIE_REPLY))
		return -EBADMSG;
	m->receiver = get_le32(buf + 4);
	memcpy(m->nonce, buf + 8, sizeof(m->nonce));
	memcpy(m->enc_cookie, buf + 8 + MSG_COOKIE_NONCE_LEN,
	       sizeof(m->enc_cookie));
	return 0;
}

/**
 * msg_transport_hdr_build() - serialise the 16-byte type-4 header
 * @out:	MSG_TRANSPORT_HDR_LEN bytes
 * @h:		receiver index and counter
 */
void msg_transport_hdr_build(uint8_t out[MSG_TRANSPORT_HDR_LEN],
			     const struct msg_transport_hdr *h)
{
	put_head(out, MSG_TRANSPORT);
	put_le32(out + 4, h->receiver);
	put_le64(out + 8, h->counter);
}

/**
 * msg_transport_hdr_parse() - check a whole type-4 packet, decode its header
 * @h:		filled only on success
 * @buf:	received packet (untrusted)
 * @len:	whole packet: MSG_TRANSPORT_MIN_LEN ... MSG_TRANSPORT_MAX_LEN,
 *		header plus a multiple of MSG_TRANSPORT_PAD
 *
 * Return: 0, or -EBADMSG (@h unchanged)
 */
int msg_transport_hdr_parse(struct msg_transport_hdr *h, const uint8_t *buf,
			    size_t len)
{
	if (len < MSG_TRANSPORT_MIN_LEN || len > MSG_TRANSPORT_MAX_LEN ||
	    (len - MSG_TRANSPORT_HDR_LEN) % MSG_TRANSPORT_PAD ||
	    !head_ok(buf, MSG_TRANSPORT))
		return -EBADMSG;
	h->receiver = get_le32(buf + 4);
	h->counter = get_le64(buf + 8);
	return 0;
}

static void labelled_key(uint8_t key[MSG_KEY_LEN], const char *label,
			 const uint8_t pub[MSG_KEY_LEN])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, MSG_KEY_LEN);
	crypto_generichash_update(&st, (const uint8_t *)label, strlen(label));
	crypto_generichash_update(&st, pub, MSG_KEY_LEN);
	crypto_generichash_final(&st, key, MSG_KEY_LEN);
	sodium_memzero(&st, sizeof(st));
}

/**
 * msg_mac1_key() - key of mac1 for messages to one responder
 * @key:	BLAKE2b-256(MSG_LABEL_MAC1 || @responder_pub)
 * @responder_pub: the responder's static public key
 */
void msg_mac1_key(uint8_t key[MSG_KEY_LEN],
		  const uint8_t responder_pub[MSG_KEY_LEN])
{
	labelled_key(key, MSG_LABEL_MAC1, responder_pub);
}

/**
 * msg_cookie_key() - key of cookie replies about one responder
 * @key:	BLAKE2b-256(MSG_LABEL_COOKIE || @responder_pub)
 * @responder_pub: the static public key of the side that sends the cookie
 */
void msg_cookie_key(uint8_t key[MSG_KEY_LEN],
		    const uint8_t responder_pub[MSG_KEY_LEN])
{
	labelled_key(key, MSG_LABEL_COOKIE, responder_pub);
}

/* Offset of mac1 in a whole type-1 or type-2 message, 0 if neither */
static size_t mac1_off(const uint8_t *buf, size_t len)
{
	if (len == MSG_INITIATION_LEN && head_ok(buf, MSG_INITIATION))
		return len - 2 * MSG_MAC_LEN;
	if (len == MSG_RESPONSE_LEN && head_ok(buf, MSG_RESPONSE))
		return len - 2 * MSG_MAC_LEN;
	return 0;
}

static void mac(uint8_t out[MSG_MAC_LEN], const uint8_t *in, size_t len,
		const uint8_t *key, size_t key_len)
{
	crypto_generichash(out, MSG_MAC_LEN, in, len, key, key_len);
}

/**
 * msg_mac1_set() - compute mac1 of a built message into its place
 * @buf:	whole type-1 or type-2 message
 * @len:	its length
 * @key:	from msg_mac1_key() of the responder
 *
 * Return: 0, or -EINVAL if @buf is not a whole type-1 or type-2 message
 */
int msg_mac1_set(uint8_t *buf, size_t len, const uint8_t key[MSG_KEY_LEN])
{
	size_t off = mac1_off(buf, len);

	if (!off)
		return -EINVAL;
	mac(buf + off, buf, off, key, MSG_KEY_LEN);
	return 0;
}

/**
 * msg_mac1_ok() - check mac1 of a received message (constant time)
 * @buf:	whole type-1 or type-2 message (untrusted)
 * @len:	its length
 * @key:	from msg_mac1_key() of our own static public key
 *
 * Return: true if the message has the right shape and mac1 matches
 */
bool msg_mac1_ok(const uint8_t *buf, size_t len,
		 const uint8_t key[MSG_KEY_LEN])
{
	size_t off = mac1_off(buf, len);
	uint8_t want[MSG_MAC_LEN];

	if (!off)
		return false;
	mac(want, buf, off, key, MSG_KEY_LEN);
	return sodium_memcmp(want, buf + off, MSG_MAC_LEN) == 0;
}

/**
 * msg_mac2_set() - compute mac2 (over everything before it) into its place
 * @buf:	whole type-1 or type-2 message, mac1 already set
 * @len:	its length
 * @cookie:	the last cookie received from the responder
 *
 * Return: 0, or -EINVAL if @buf is not a whole type-1 or type-2 message
 */
int msg_mac2_set(uint8_t *buf, size_t len,
		 const uint8_t cookie[MSG_COOKIE_LEN])
{
	if (!mac1_off(buf, len))
		return -EINVAL;
	mac(buf + len - MSG_MAC_LEN, buf, len - MSG_MAC_LEN, cookie,
	    MSG_COOKIE_LEN);
	return 0;
}

/**
 * msg_mac2_ok() - check mac2 of a received message (constant time)
 * @buf:	whole type-1 or type-2 message (untrusted)
 * @len:	its length
 * @cookie:	msg_cookie_make() for the message's source address
 *
 * Return: true if the message has the right shape and mac2 matches
 */
bool msg_mac2_ok(const uint8_t *buf, size_t len,
		 const uint8_t cookie[MSG_COOKIE_LEN])
{
	uint8_t want[MSG_MAC_LEN];

	if (!mac1_off(buf, len))
		return false;
	mac(want, buf, len - MSG_MAC_LEN, cookie, MSG_COOKIE_LEN);
	return sodium_memcmp(want, buf + len - MSG_MAC_LEN, MSG_MAC_LEN) == 0;
}

/**
 * msg_cookie_make() - the cookie of a source address, now
 * @cs:		responder's secret, redrawn here once MSG_COOKIE_ROTATE_S
 *		seconds old (or never drawn, or @now went backwards)
 * @now:	monotonic time in seconds
 * @src:	source address bytes (e.g. IP address and port)
 * @src_len:	their number
 * @cookie:	BLAKE2b-128(@src) keyed by the secret
 */
void msg_cookie_make(struct msg_cookie_secret *cs, uint64_t now,
		     const uint8_t *src, size_t src_len,
		     uint8_t cookie[MSG_COOKIE_LEN])
{
	if (!cs->valid || now < cs->birth ||
	    now - cs->birth >= MSG_COOKIE_ROTATE_S) {
		randombytes_buf(cs->secret, sizeof(cs->secret));
		cs->birth = now;
		cs->valid = true;
	}
	mac(cookie, src, src_len, cs->secret, sizeof(cs->secret));
}

/**
 * msg_cookie_seal() - fill a cookie reply
 * @r:		the reply (build it with msg_cookie_reply_build())
 * @receiver:	sender index of the message answered
 * @cookie:	from msg_cookie_make()
 * @key:	msg_cookie_key() of our own static public key
 * @mac1:	mac1 of the message answered (associated data)
 *
 * The 24-byte nonce is random (XChaCha20-Poly1305).
 */
void msg_cookie_seal(struct msg_cookie_reply *r, uint32_t receiver,
		     const uint8_t cookie[MSG_COOKIE_LEN],
		     const uint8_t key[MSG_KEY_LEN],
		     const uint8_t mac1[MSG_MAC_LEN])
{
	r->receiver = receiver;
	randombytes_buf(r->nonce, sizeof(r->nonce));
	crypto_aead_xchacha20poly1305_ietf_encrypt(r->enc_cookie, NULL,
						   cookie, MSG_COOKIE_LEN,
						   mac1, MSG_MAC_LEN, NULL,
						   r->nonce, key);
}

/**
 * msg_cookie_open() - decrypt the cookie of a received cookie reply
 * @cookie:	written only on success
 * @r:		parsed reply (untrusted)
 * @key:	msg_cookie_key() of the responder's static public key
 * @mac1:	mac1 of the message we sent and this reply answers
 *
 * Return: 0, or -EBADMSG if authentication fails (@cookie unchanged)
 */
int msg_cookie_open(uint8_t cookie[MSG_COOKIE_LEN],
		    const struct msg_cookie_reply *r,
		    const uint8_t key[MSG_KEY_LEN],
		    const uint8_t mac1[MSG_MAC_LEN])
{
	uint8_t c[MSG_COOKIE_LEN];
	int rc = -EBADMSG;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt(c, NULL, NULL,
						       r->enc_cookie,
						       sizeof(r->enc_cookie),
						       mac1, MSG_MAC_LEN,
						       r->nonce, key))
		goto out;
	memcpy(cookie, c, sizeof(c));
	rc = 0;
out:
	sodium_memzero(c, sizeof(c));
	return rc;
}

/**
 * msg_tai64n_encode() - TAI64N label of a UNIX time
 * @out:	big-endian 2^62 + @sec, then big-endian @nsec
 * @sec:	seconds since the epoch
 * @nsec:	nanoseconds, below 10^9
 */
void msg_tai64n_encode(uint8_t out[MSG_TAI64N_LEN], uint64_t sec,
		       uint32_t nsec)
{
	uint64_t s = (UINT64_C(1) << 62) + sec;
	int i;

	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(s >> (56 - 8 * i));
	for (i = 0; i < 4; i++)
		out[8 + i] = (uint8_t)(nsec >> (24 - 8 * i));
}

/**
 * msg_tai64n_now() - TAI64N of the real-time clock, as WireGuard sends it
 * @out:	timestamp
 *
 * Nanoseconds are rounded down to a multiple of 2^24 (about 16.8 ms), as
 * WireGuard does, so that the timestamp leaks little about the clock.
 */
void msg_tai64n_now(uint8_t out[MSG_TAI64N_LEN])
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	msg_tai64n_encode(out, (uint64_t)ts.tv_sec,
			  (uint32_t)ts.tv_nsec & ~((UINT32_C(1) << 24) - 1));
}

/**
 * msg_tai64n_cmp() - order two timestamps
 * @a:		timestamp
 * @b:		timestamp
 *
 * Return: negative, zero or positive as @a is before, equal to or after @b
 */
int msg_tai64n_cmp(const uint8_t a[MSG_TAI64N_LEN],
		   const uint8_t b[MSG_TAI64N_LEN])
{
	return memcmp(a, b, MSG_TAI64N_LEN);	/* big-endian: byte order */
}

/**
 * msg_tai64n_accept() - the per-peer initiation replay check
 * @last:	greatest timestamp accepted from this peer (all zero if none)
 * @ts:		timestamp of an authenticated initiation from the peer
 *
 * Return: true, and @last set to @ts, if @ts is strictly after @last;
 * false (nothing changed) otherwise.
 * Must: be called only after the initiation has been authenticated.
 */
bool msg_tai64n_accept(uint8_t last[MSG_TAI64N_LEN],
		       const uint8_t ts[MSG_TAI64N_LEN])
{
	if (msg_tai64n_cmp(ts, last) <= 0)
		return false;
	memcpy(last, ts, MSG_TAI64N_LEN);
	return true;
}
