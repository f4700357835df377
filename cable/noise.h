/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * noise.h - the Noise_IKpsk2_25519_ChaChaPoly_SHA256 handshake of vde-cable
 * (docs/cable-protocol.md, shared/DESIGN.md (c)).
 *
 *   <- s
 *   ...
 *   -> e, es, s, ss     message 1: e[32] enc(s)[48] enc(payload)[n+16]
 *   <- e, ee, se, psk   message 2: e[32] enc(payload)[n+16]
 *
 * Only the Noise layer: the WireGuard-style framing around it (type,
 * indices, mac1/mac2) belongs to the cable message layer.
 */
#ifndef VDE_CABLE_NOISE_H
#define VDE_CABLE_NOISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define NOISE_PROTOCOL_NAME	"Noise_IKpsk2_25519_ChaChaPoly_SHA256"

enum {
	NOISE_KEY_LEN		= 32,	/* X25519 keys, AEAD keys, psk */
	NOISE_HASH_LEN		= 32,	/* SHA-256 */
	NOISE_TAG_LEN		= 16,	/* Poly1305 */
	NOISE_NONCE_LEN		= 12,	/* 4 zero bytes || LE64 counter */
	NOISE_MSG1_OVERHEAD	= 32 + 32 + 16 + 16,	/* 96 */
	NOISE_MSG2_OVERHEAD	= 32 + 16,		/* 48 */
	NOISE_PAYLOAD_MAX	= 1024,	/* handshake payloads are small */
};

enum noise_role {
	NOISE_INITIATOR,
	NOISE_RESPONDER,
};

/* Initiator: START -> SENT1 -> DONE; responder: START -> READ1 -> DONE.
 * Any failure moves to DEAD (all secrets wiped); noise_split() ends in
 * SPLIT (all secrets wiped).  Calls out of order return -EINVAL. */
enum noise_state {
	NOISE_S_START,
	NOISE_S_SENT1,
	NOISE_S_READ1,
	NOISE_S_DONE,
	NOISE_S_SPLIT,
	NOISE_S_DEAD,
};

/**
 * struct noise_handshake - one handshake in progress (Noise HandshakeState)
 * @role:	initiator or responder
 * @state:	see enum noise_state
 * @ck:		chaining key
 * @h:		handshake hash
 * @k:		cipher key, valid when @has_k
 * @n:		cipher nonce
 * @has_k:	a key has been mixed in
 * @e_set:	@e_priv supplied by noise_set_ephemeral()
 * @s_priv:	our static private key
 * @s_pub:	our static public key
 * @e_priv:	our ephemeral private key
 * @e_pub:	our ephemeral public key
 * @rs:		remote static public key (known in advance or from message 1)
 * @re:		remote ephemeral public key
 * @psk:	pre-shared key (all zero when none, as in WireGuard)
 */
struct noise_handshake {
	enum noise_role role;
	enum noise_state state;
	uint8_t ck[NOISE_HASH_LEN];
	uint8_t h[NOISE_HASH_LEN];
	uint8_t k[NOISE_KEY_LEN];
	uint64_t n;
	bool has_k;
	bool e_set;
	uint8_t s_priv[NOISE_KEY_LEN];
	uint8_t s_pub[NOISE_KEY_LEN];
	uint8_t e_priv[NOISE_KEY_LEN];
	uint8_t e_pub[NOISE_KEY_LEN];
	uint8_t rs[NOISE_KEY_LEN];
	uint8_t re[NOISE_KEY_LEN];
	uint8_t psk[NOISE_KEY_LEN];
};

int noise_init_initiator(struct noise_handshake *hs,
			 const uint8_t *prologue, size_t prologue_len,
			 const uint8_t s_priv[NOISE_KEY_LEN],
			 const uint8_t rs[NOISE_KEY_LEN],
			 const uint8_t *psk) __must_check;
int noise_init_responder(struct noise_handshake *hs,
			 const uint8_t *prologue, size_t prologue_len,
			 const uint8_t s_priv[NOISE_KEY_LEN],
			 const uint8_t *psk) __must_check;
void noise_set_psk(struct noise_handshake *hs, const uint8_t *psk);
int noise_set_ephemeral(struct noise_handshake *hs,
			const uint8_t e_priv[NOISE_KEY_LEN]) __must_check;

int noise_write_message1(struct noise_handshake *hs,
			 const uint8_t *payload, size_t payload_len,
			 uint8_t *out, size_t out_cap,
			 size_t *out_len) __must_check;
int noise_read_message1(struct noise_handshake *hs,
			const uint8_t *msg, size_t msg_len,
			uint8_t *payload, size_t payload_cap,
			size_t *payload_len) __must_check;
int noise_write_message2(struct noise_handshake *hs,
			 const uint8_t *payload, size_t payload_len,
			 uint8_t *out, size_t out_cap,
			 size_t *out_len) __must_check;
int noise_read_message2(struct noise_handshake *hs,
			const uint8_t *msg, size_t msg_len,
			uint8_t *payload, size_t payload_cap,
			size_t *payload_len) __must_check;

const uint8_t *noise_remote_static(const struct noise_handshake *hs);
int noise_handshake_hash(const struct noise_handshake *hs,
			 uint8_t out[NOISE_HASH_LEN]) __must_check;
int noise_split(struct noise_handshake *hs,
		uint8_t send[NOISE_KEY_LEN],
		uint8_t recv[NOISE_KEY_LEN]) __must_check;
void noise_wipe(struct noise_handshake *hs);

void noise_nonce(uint8_t out[NOISE_NONCE_LEN], uint64_t n);
void noise_hmac(uint8_t out[NOISE_HASH_LEN], const uint8_t *key,
		size_t key_len, const uint8_t *in, size_t in_len);

#endif /* VDE_CABLE_NOISE_H */
