/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * msg.h - the wire messages of vde-cable (shared/DESIGN.md (c),
 * docs/cable-protocol.md): every layout, size and limit in one header, as
 * WireGuard's messages.h has them.  Multi-byte fields are little-endian.
 *
 *   type 1 initiation (148): type rsv[3] sender LE32 e_pub[32] enc_s[48]
 *                            enc_ts[28] mac1[16] mac2[16]
 *   type 2 response    (92): type rsv[3] sender LE32 receiver LE32
 *                            e_pub[32] enc_empty[16] mac1[16] mac2[16]
 *   type 3 cookie      (64): type rsv[3] receiver LE32 nonce[24]
 *                            enc_cookie[32]
 *   type 4 transport (>=48): type rsv[3] receiver LE32 counter LE64
 *                            AEAD(frame || ISO 7816-4 pad to 16)
 *
 * Parsed messages are host-order structs, never overlays of the buffer:
 * a parser checks the exact length, the type and that the reserved bytes
 * are zero, and fills its output only when everything holds.
 */
#ifndef VDE_CABLE_MSG_H
#define VDE_CABLE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum msg_type {
	MSG_INITIATION		= 1,
	MSG_RESPONSE		= 2,
	MSG_COOKIE_REPLY	= 3,
	MSG_TRANSPORT		= 4,
};

enum {
	MSG_KEY_LEN		= 32,	/* X25519 public keys */
	MSG_TAG_LEN		= 16,	/* Poly1305 */
	MSG_MAC_LEN		= 16,	/* mac1, mac2: BLAKE2b-128 */
	MSG_COOKIE_LEN		= 16,	/* BLAKE2b-128 */
	MSG_COOKIE_NONCE_LEN	= 24,	/* XChaCha20-Poly1305 */
	MSG_COOKIE_SECRET_LEN	= 32,
	MSG_COOKIE_ROTATE_S	= 120,	/* cookie secret lifetime */
	MSG_TAI64N_LEN		= 12,
	MSG_ENC_S_LEN		= MSG_KEY_LEN + MSG_TAG_LEN,		/* 48 */
	MSG_ENC_TS_LEN		= MSG_TAI64N_LEN + MSG_TAG_LEN,		/* 28 */
	MSG_ENC_COOKIE_LEN	= MSG_COOKIE_LEN + MSG_TAG_LEN,		/* 32 */

	MSG_INITIATION_LEN	= 4 + 4 + 32 + 48 + 28 + 16 + 16,	/* 148 */
	MSG_RESPONSE_LEN	= 4 + 4 + 4 + 32 + 16 + 16 + 16,	/* 92 */
	MSG_COOKIE_REPLY_LEN	= 4 + 4 + 24 + 32,			/* 64 */

	MSG_TRANSPORT_HDR_LEN	= 16,	/* type rsv[3] receiver counter */
	MSG_TRANSPORT_PAD	= 16,	/* plaintext padded to a multiple */
	MSG_TRANSPORT_FRAME_MAX	= 9234,	/* VDE_ETHBUFSIZE */
	/* header + one pad block (keepalive) + tag */
	MSG_TRANSPORT_MIN_LEN	= MSG_TRANSPORT_HDR_LEN + MSG_TRANSPORT_PAD +
				  MSG_TAG_LEN,				/* 48 */
	/* header + 9234 padded to 9248 (always >= 1 pad byte) + tag */
	MSG_TRANSPORT_MAX_LEN	= MSG_TRANSPORT_HDR_LEN +
				  (MSG_TRANSPORT_FRAME_MAX / MSG_TRANSPORT_PAD
				   + 1) * MSG_TRANSPORT_PAD + MSG_TAG_LEN, /* 9280 */
};

_Static_assert(MSG_INITIATION_LEN == 148, "WireGuard initiation size");
_Static_assert(MSG_RESPONSE_LEN == 92, "WireGuard response size");
_Static_assert(MSG_COOKIE_REPLY_LEN == 64, "WireGuard cookie reply size");
_Static_assert(MSG_TRANSPORT_MAX_LEN == 9280, "transport maximum");

/* mac1 key = BLAKE2b-256(MSG_LABEL_MAC1 || responder static public key);
 * cookie reply key = BLAKE2b-256(MSG_LABEL_COOKIE || same key).  The
 * 8-byte labels are WireGuard's. */
#define MSG_LABEL_MAC1		"mac1----"
#define MSG_LABEL_COOKIE	"cookie--"

struct msg_initiation {
	uint32_t sender;
	uint8_t e_pub[MSG_KEY_LEN];
	uint8_t enc_s[MSG_ENC_S_LEN];
	uint8_t enc_ts[MSG_ENC_TS_LEN];
	uint8_t mac1[MSG_MAC_LEN];
	uint8_t mac2[MSG_MAC_LEN];
};

struct msg_response {
	uint32_t sender;
	uint32_t receiver;
	uint8_t e_pub[MSG_KEY_LEN];
	uint8_t enc_empty[MSG_TAG_LEN];
	uint8_t mac1[MSG_MAC_LEN];
	uint8_t mac2[MSG_MAC_LEN];
};

struct msg_cookie_reply {
	uint32_t receiver;
	uint8_t nonce[MSG_COOKIE_NONCE_LEN];
	uint8_t enc_cookie[MSG_ENC_COOKIE_LEN];
};

struct msg_transport_hdr {
	uint32_t receiver;
	uint64_t counter;
};

/**
 * struct msg_cookie_secret - the responder's rotating cookie secret
 * @secret:	random key of BLAKE2b-128 over the source address
 * @birth:	time (seconds, caller's clock) @secret was drawn
 * @valid:	@secret has been drawn at least once
 */
struct msg_cookie_secret {
	uint8_t secret[MSG_COOKIE_SECRET_LEN];
	uint64_t birth;
	bool valid;
};

void msg_initiation_build(uint8_t out[MSG_INITIATION_LEN],
			  const struct msg_initiation *m);
int msg_initiation_parse(struct msg_initiation *m, const uint8_t *buf,
			 size_t len) __must_check;
void msg_response_build(uint8_t out[MSG_RESPONSE_LEN],
			const struct msg_response *m);
int msg_response_parse(struct msg_response *m, const uint8_t *buf,
		       size_t len) __must_check;
void msg_cookie_reply_build(uint8_t out[MSG_COOKIE_REPLY_LEN],
			    const struct msg_cookie_reply *m);
int msg_cookie_reply_parse(struct msg_cookie_reply *m, const uint8_t *buf,
			   size_t len) __must_check;
void msg_transport_hdr_build(uint8_t out[MSG_TRANSPORT_HDR_LEN],
			     const struct msg_transport_hdr *h);
int msg_transport_hdr_parse(struct msg_transport_hdr *h, const uint8_t *buf,
			    size_t len) __must_check;
int msg_type(const uint8_t *buf, size_t len);

void msg_mac1_key(uint8_t key[MSG_KEY_LEN],
		  const uint8_t responder_pub[MSG_KEY_LEN]);
void msg_cookie_key(uint8_t key[MSG_KEY_LEN],
		    const uint8_t responder_pub[MSG_KEY_LEN]);
int msg_mac1_set(uint8_t *buf, size_t len,
		 const uint8_t key[MSG_KEY_LEN]) __must_check;
bool msg_mac1_ok(const uint8_t *buf, size_t len,
		 const uint8_t key[MSG_KEY_LEN]);
int msg_mac2_set(uint8_t *buf, size_t len,
		 const uint8_t cookie[MSG_COOKIE_LEN]) __must_check;
bool msg_mac2_ok(const uint8_t *buf, size_t len,
		 const uint8_t cookie[MSG_COOKIE_LEN]);

void msg_cookie_make(struct msg_cookie_secret *cs, uint64_t now,
		     const uint8_t *src, size_t src_len,
		     uint8_t cookie[MSG_COOKIE_LEN]);
void msg_cookie_seal(struct msg_cookie_reply *r, uint32_t receiver,
		     const uint8_t cookie[MSG_COOKIE_LEN],
		     const uint8_t key[MSG_KEY_LEN],
		     const uint8_t mac1[MSG_MAC_LEN]);
int msg_cookie_open(uint8_t cookie[MSG_COOKIE_LEN],
		    const struct msg_cookie_reply *r,
		    const uint8_t key[MSG_KEY_LEN],
		    const uint8_t mac1[MSG_MAC_LEN]) __must_check;

void msg_tai64n_encode(uint8_t out[MSG_TAI64N_LEN], uint64_t sec,
		       uint32_t nsec);
void msg_tai64n_now(uint8_t out[MSG_TAI64N_LEN]);
int msg_tai64n_cmp(const uint8_t a[MSG_TAI64N_LEN],
		   const uint8_t b[MSG_TAI64N_LEN]);
bool msg_tai64n_accept(uint8_t last[MSG_TAI64N_LEN],
		       const uint8_t ts[MSG_TAI64N_LEN]);

#endif /* VDE_CABLE_MSG_H */
