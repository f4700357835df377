// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * noise.c - Noise_IKpsk2_25519_ChaChaPoly_SHA256, composed of libsodium calls.
 *
 * Theory of operation
 *
 * This is the Noise Protocol Framework (revision 34) HandshakeState for
 * the single pattern IKpsk2, written out message by message instead of
 * interpreting token lists: fewer states, nothing to mis-dispatch.  The
 * primitives are libsodium's and nothing else:
 *
 *   DH      crypto_scalarmult (X25519); an all-zero result is refused
 *   AEAD    crypto_aead_chacha20poly1305_ietf, nonce 4 zero bytes || LE64 n
 *   HASH    crypto_hash_sha256
 *   HKDF    Noise section 4.3 over crypto_auth_hmacsha256:
 *           t = HMAC(ck, ikm); o1 = HMAC(t, 0x01); o2 = HMAC(t, o1 || 0x02);
 *           o3 = HMAC(t, o2 || 0x03)
 *
 * The psk modifier makes every "e" token also MixKey(e.pub), and "psk"
 * (end of message 2) is MixKeyAndHash(psk).  A missing psk is 32 zero
 * bytes, as in WireGuard, so the pattern never changes.
 *
 * Failure is final: any error after a call has started to change the
 * state wipes the whole object (sodium_memzero) and leaves it DEAD, so a
 * tampered message can never be retried against the same state.  So does
 * noise_split(): once the transport keys are out, nothing secret stays.
 * Verified against the cacophony test vector (tests/unit/test_noise.c).
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "noise.h"

_Static_assert(NOISE_KEY_LEN == crypto_scalarmult_BYTES, "dh len");
_Static_assert(NOISE_KEY_LEN == crypto_aead_chacha20poly1305_ietf_KEYBYTES,
	       "aead key");
_Static_assert(NOISE_TAG_LEN == crypto_aead_chacha20poly1305_ietf_ABYTES,
	       "aead tag");
_Static_assert(NOISE_NONCE_LEN == crypto_aead_chacha20poly1305_ietf_NPUBBYTES,
	       "aead nonce");
_Static_assert(NOISE_HASH_LEN == crypto_hash_sha256_BYTES, "hash len");
_Static_assert(NOISE_HASH_LEN == crypto_auth_hmacsha256_BYTES, "hmac len");
_Static_assert(sizeof(NOISE_PROTOCOL_NAME) - 1 > NOISE_HASH_LEN,
	       "protocol name is hashed, not padded");

/**
 * noise_nonce() - Noise ChaChaPoly nonce: 32 zero bits, then LE64 @n
 * @out:	12-byte nonce
 * @n:		counter
 */
void noise_nonce(uint8_t out[NOISE_NONCE_LEN], uint64_t n)
{
	int i;

	memset(out, 0, 4);
	for (i = 0; i < 8; i++)
		out[4 + i] = (uint8_t)(n >> (8 * i));
}

/**
 * noise_hmac() - HMAC-SHA256 (RFC 2104) through libsodium
 * @out:	32-byte MAC
 * @key:	key, any length
 * @key_len:	length of @key
 * @in:		message
 * @in_len:	length of @in
 */
void noise_hmac(uint8_t out[NOISE_HASH_LEN], const uint8_t *key,
		size_t key_len, const uint8_t *in, size_t in_len)
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, key_len);
	crypto_auth_hmacsha256_update(&st, in, in_len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

/* HKDF(ck, ikm) of Noise section 4.3: two or three outputs (@o3 NULL) */
static void hkdf(const uint8_t ck[NOISE_HASH_LEN], const uint8_t *ikm,
		 size_t ikm_len, uint8_t o1[NOISE_HASH_LEN],
		 uint8_t o2[NOISE_HASH_LEN], uint8_t *o3)
{
	uint8_t t[NOISE_HASH_LEN], buf[NOISE_HASH_LEN + 1];

	noise_hmac(t, ck, NOISE_HASH_LEN, ikm, ikm_len);
	buf[0] = 0x01;
	noise_hmac(o1, t, sizeof(t), buf, 1);
	memcpy(buf, o1, NOISE_HASH_LEN);
	buf[NOISE_HASH_LEN] = 0x02;
	noise_hmac(o2, t, sizeof(t), buf, sizeof(buf));
	if (o3) {
		memcpy(buf, o2, NOISE_HASH_LEN);
		buf[NOISE_HASH_LEN] = 0x03;
		noise_hmac(o3, t, sizeof(t), buf, sizeof(buf));
	}
	sodium_memzero(t, sizeof(t));
	sodium_memzero(buf, sizeof(buf));
}

/* MixHash(data): h = HASH(h || data) */
static void mix_hash(struct noise_handshake *hs, const uint8_t *data,
		     size_t len)
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, hs->h, sizeof(hs->h));
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, hs->h);
	sodium_memzero(&st, sizeof(st));
}

/* MixKey(ikm): ck, k = HKDF(ck, ikm, 2); n = 0 */
static void mix_key(struct noise_handshake *hs, const uint8_t *ikm,
		    size_t len)
{
	uint8_t o1[NOISE_HASH_LEN], o2[NOISE_HASH_LEN];

	hkdf(hs->ck, ikm, len, o1, o2, NULL);
	memcpy(hs->ck, o1, sizeof(hs->ck));
	memcpy(hs->k, o2, sizeof(hs->k));
	hs->n = 0;
	hs->has_k = true;
	sodium_memzero(o1, sizeof(o1));
	sodium_memzero(o2, sizeof(o2));
}

/* MixKeyAndHash(ikm): ck, th, k = HKDF(ck, ikm, 3); MixHash(th); n = 0 */
static void mix_key_and_hash(struct noise_handshake *hs, const uint8_t *ikm,
			     size_t len)
{
	uint8_t o1[NOISE_HASH_LEN], o2[NOISE_HASH_LEN], o3[NOISE_HASH_LEN];

	hkdf(hs->ck, ikm, len, o1, o2, o3);
	memcpy(hs->ck, o1, sizeof(hs->ck));
	mix_hash(hs, o2, sizeof(o2));
	memcpy(hs->k, o3, sizeof(hs->k));
	hs->n = 0;
	hs->has_k = true;
	sodium_memzero(o1, sizeof(o1));
	sodium_memzero(o2, sizeof(o2));
	sodium_memzero(o3, sizeof(o3));
}

/* EncryptAndHash(pt) into @out (len + 16 bytes with a key, len without) */
static int encrypt_and_hash(struct noise_handshake *hs, const uint8_t *pt,
			    size_t len, uint8_t *out)
{
	uint8_t nonce[NOISE_NONCE_LEN];
	unsigned long long clen;

	if (!hs->has_k) {
		memmove(out, pt, len);
		mix_hash(hs, out, len);
		return 0;
	}
	if (hs->n == UINT64_MAX)
		return -EOVERFLOW;
	noise_nonce(nonce, hs->n);
	if (crypto_aead_chacha20poly1305_ietf_encrypt(out, &clen, pt, len,
						      hs->h, sizeof(hs->h),
						      NULL, nonce, hs->k))
		return -EIO;
	hs->n++;
	mix_hash(hs, out, (size_t)clen);
	return 0;
}

/* DecryptAndHash(ct) into @out (len - 16 bytes); Must not overlap */
static int decrypt_and_hash(struct noise_handshake *hs, const uint8_t *ct,
			    size_t len, uint8_t *out)
{
	uint8_t nonce[NOISE_NONCE_LEN];
	unsigned long long plen;

	if (!hs->has_k) {
		memcpy(out, ct, len);
		mix_hash(hs, ct, len);
		return 0;
	}
	if (len < NOISE_TAG_LEN || hs->n == UINT64_MAX)
		return -EBADMSG;
	noise_nonce(nonce, hs->n);
	if (crypto_aead_chacha20poly1305_ietf_decrypt(out, &plen, NULL, ct,
						      len, hs->h,
						      sizeof(hs->h), nonce,
						      hs->k))
		return -EBADMSG;
	hs->n++;
	mix_hash(hs, ct, len);
	return 0;
}

/* MixKey(DH(priv, pub)); an all-zero shared secret is refused */
static int mix_dh(struct noise_handshake *hs, const uint8_t *priv,
		  const uint8_t *pub)
{
	uint8_t shared[NOISE_KEY_LEN];
	int rc = 0;

	if (crypto_scalarmult(shared, priv, pub) ||
	    sodium_is_zero(shared, sizeof(shared))) {
		rc = -EBADMSG;
		goto out;
	}
	mix_key(hs, shared, sizeof(shared));
out:
	sodium_memzero(shared, sizeof(shared));
	return rc;
}

/* Token "e" of the psk variant: MixHash(e.pub), MixKey(e.pub) */
static void mix_e(struct noise_handshake *hs, const uint8_t *pub)
{
	mix_hash(hs, pub, NOISE_KEY_LEN);
	mix_key(hs, pub, NOISE_KEY_LEN);
}

/* Our ephemeral key pair, unless a test supplied one */
static int make_ephemeral(struct noise_handshake *hs)
{
	if (hs->e_set)
		return 0;
	randombytes_buf(hs->e_priv, sizeof(hs->e_priv));
	if (crypto_scalarmult_base(hs->e_pub, hs->e_priv))
		return -EIO;
	return 0;
}

/**
 * noise_wipe() - erase every secret of @hs and leave it DEAD
 * @hs:		handshake
 */
void noise_wipe(struct noise_handshake *hs)
{
	enum noise_role role = hs->role;

	sodium_memzero(hs, sizeof(*hs));
	hs->role = role;
	hs->state = NOISE_S_DEAD;
}

/* InitializeSymmetric(name), MixHash(prologue), static keys, psk */
static int init_common(struct noise_handshake *hs, enum noise_role role,
		       const uint8_t *prologue, size_t prologue_len,
		       const uint8_t *s_priv, const uint8_t *psk)
{
	if (sodium_init() < 0)
		return -EIO;
	memset(hs, 0, sizeof(*hs));
	hs->role = role;
	crypto_hash_sha256(hs->h, (const uint8_t *)NOISE_PROTOCOL_NAME,
			   sizeof(NOISE_PROTOCOL_NAME) - 1);
	memcpy(hs->ck, hs->h, sizeof(hs->ck));
	mix_hash(hs, prologue, prologue_len);
	memcpy(hs->s_priv, s_priv, sizeof(hs->s_priv));
	if (crypto_scalarmult_base(hs->s_pub, hs->s_priv)) {
		noise_wipe(hs);
		return -EINVAL;
	}
	noise_set_psk(hs, psk);
	hs->state = NOISE_S_START;
	return 0;
}

/**
 * noise_init_initiator() - start a handshake towards a known responder
 * @hs:		handshake to set up
 * @prologue:	bytes both ends must agree on (not sent)
 * @prologue_len: length of @prologue
 * @s_priv:	our static private key
 * @rs:		the responder's static public key
 * @psk:	32-byte pre-shared key, or NULL for none (all zero)
 *
 * Return: 0, or -EIO if libsodium cannot start, -EINVAL for a bad key
 */
int noise_init_initiator(struct noise_handshake *hs,
			 const uint8_t *prologue, size_t prologue_len,
			 const uint8_t s_priv[NOISE_KEY_LEN],
			 const uint8_t rs[NOISE_KEY_LEN],
			 const uint8_t *psk)
{
	int rc;

	rc = init_common(hs, NOISE_INITIATOR, prologue, prologue_len,
			 s_priv, psk);
	if (rc < 0)
		return rc;
	memcpy(hs->rs, rs, sizeof(hs->rs));
	mix_hash(hs, hs->rs, sizeof(hs->rs));	/* pre-message "<- s" */
	return 0;
}

/**
 * noise_init_responder() - wait for message 1
 * @hs:		handshake to set up
 * @prologue:	bytes both ends must agree on (not sent)
 * @prologue_len: length of @prologue
 * @s_priv:	our static private key
 * @psk:	32-byte pre-shared key, NULL for none; may be replaced with
 *		noise_set_psk() once message 1 has told who the peer is
 *
 * Return: 0, or -EIO if libsodium cannot start, -EINVAL for a bad key
 */
int noise_init_responder(struct noise_handshake *hs,
			 const uint8_t *prologue, size_t prologue_len,
			 const uint8_t s_priv[NOISE_KEY_LEN],
			 const uint8_t *psk)
{
	int rc;

	rc = init_common(hs, NOISE_RESPONDER, prologue, prologue_len,
			 s_priv, psk);
	if (rc < 0)
		return rc;
	mix_hash(hs, hs->s_pub, sizeof(hs->s_pub));	/* "<- s" */
	return 0;
}

/**
 * noise_set_psk() - set the pre-shared key used by the "psk" token
 * @hs:		handshake, before message 2 is written or read
 * @psk:	32 bytes, or NULL for none (all zero)
 */
void noise_set_psk(struct noise_handshake *hs, const uint8_t *psk)
{
	if (psk)
		memcpy(hs->psk, psk, sizeof(hs->psk));
	else
		sodium_memzero(hs->psk, sizeof(hs->psk));
}

/**
 * noise_set_ephemeral() - use a given ephemeral key instead of a random one
 * @hs:		handshake, before its own message is written
 * @e_priv:	ephemeral private key
 *
 * For known-answer tests only.  Must not be used with a key that was ever
 * used before: that destroys forward secrecy and key uniqueness.
 *
 * Return: 0, or -EINVAL if no public key can be derived
 */
int noise_set_ephemeral(struct noise_handshake *hs,
			const uint8_t e_priv[NOISE_KEY_LEN])
{
	memcpy(hs->e_priv, e_priv, sizeof(hs->e_priv));
	if (crypto_scalarmult_base(hs->e_pub, hs->e_priv)) {
		sodium_memzero(hs->e_priv, sizeof(hs->e_priv));
		hs->e_set = false;
		return -EINVAL;
	}
	hs->e_set = true;
	return 0;
}

/* Leave @hs DEAD on a failure (@rc < 0) and pass @rc on */
static int done(struct noise_handshake *hs, int rc, enum noise_state next)
{
	if (rc < 0)
		noise_wipe(hs);
	else
		hs->state = next;
	return rc;
}

/**
 * noise_write_message1() - initiator: -> e, es, s, ss, {payload}
 * @hs:		initiator in state START
 * @payload:	payload to encrypt (at most NOISE_PAYLOAD_MAX bytes)
 * @payload_len: its length
 * @out:	message buffer
 * @out_cap:	its size, at least NOISE_MSG1_OVERHEAD + @payload_len
 * @out_len:	set to the message length on success
 *
 * Return: 0; -EINVAL out of order, -EMSGSIZE if it does not fit (state
 * unchanged); -EBADMSG if a DH result is zero, and then @hs is DEAD
 */
int noise_write_message1(struct noise_handshake *hs,
			 const uint8_t *payload, size_t payload_len,
			 uint8_t *out, size_t out_cap, size_t *out_len)
{
	int rc;

	*out_len = 0;
	if (hs->role != NOISE_INITIATOR || hs->state != NOISE_S_START)
		return -EINVAL;
	if (payload_len > NOISE_PAYLOAD_MAX ||
	    out_cap < NOISE_MSG1_OVERHEAD + payload_len)
		return -EMSGSIZE;

	rc = make_ephemeral(hs);
	if (rc < 0)
		goto out;
	memcpy(out, hs->e_pub, NOISE_KEY_LEN);
	mix_e(hs, hs->e_pub);
	rc = mix_dh(hs, hs->e_priv, hs->rs);			/* es */
	if (rc < 0)
		goto out;
	rc = encrypt_and_hash(hs, hs->s_pub, NOISE_KEY_LEN, out + 32);
	if (rc < 0)
		goto out;
	rc = mix_dh(hs, hs->s_priv, hs->rs);			/* ss */
	if (rc < 0)
		goto out;
	rc = encrypt_and_hash(hs, payload, payload_len, out + 80);
	if (rc < 0)
		goto out;
	*out_len = NOISE_MSG1_OVERHEAD + payload_len;
out:
	if (rc < 0)
		sodium_memzero(out, MIN(out_cap, NOISE_MSG1_OVERHEAD +
					payload_len));
	return done(hs, rc, NOISE_S_SENT1);
}

/**
 * noise_read_message1() - responder: <- e, es, s, ss, {payload}
 * @hs:		responder in state START
 * @msg:	message 1 as received (untrusted)
 * @msg_len:	its length
 * @payload:	buffer for the payload; Must not overlap @msg
 * @payload_cap: its size
 * @payload_len: set to the payload length on success
 *
 * On success the initiator's static key is noise_remote_static(); the
 * caller decides whether it knows it (and sets its psk) before replying.
 *
 * Return: 0; -EINVAL out of order; -EBADMSG for a message that is too
 * short or long or fails authentication, -EMSGSIZE if the payload does
 * not fit: then @hs is DEAD
 */
int noise_read_message1(struct noise_handshake *hs,
			const uint8_t *msg, size_t msg_len,
			uint8_t *payload, size_t payload_cap,
			size_t *payload_len)
{
	size_t plen;
	int rc;

	*payload_len = 0;
	if (hs->role != NOISE_RESPONDER || hs->state != NOISE_S_START)
		return -EINVAL;
	if (msg_len < NOISE_MSG1_OVERHEAD ||
	    msg_len - NOISE_MSG1_OVERHEAD > NOISE_PAYLOAD_MAX) {
		rc = -EBADMSG;
		goto out;
	}
	plen = msg_len - NOISE_MSG1_OVERHEAD;
	if (payload_cap < plen) {
		rc = -EMSGSIZE;
		goto out;
	}

	memcpy(hs->re, msg, NOISE_KEY_LEN);
	mix_e(hs, hs->re);
	rc = mix_dh(hs, hs->s_priv, hs->re);			/* es */
	if (rc < 0)
		goto out;
	rc = decrypt_and_hash(hs, msg + 32, NOISE_KEY_LEN + NOISE_TAG_LEN,
			      hs->rs);
	if (rc < 0)
		goto out;
	rc = mix_dh(hs, hs->s_priv, hs->rs);			/* ss */
	if (rc < 0)
		goto out;
	rc = decrypt_and_hash(hs, msg + 80, msg_len - 80, payload);
	if (rc < 0)
		goto out;
	*payload_len = plen;
out:
	if (rc < 0 && payload_cap)
		sodium_memzero(payload, MIN(payload_cap, NOISE_PAYLOAD_MAX));
	return done(hs, rc, NOISE_S_READ1);
}

/**
 * noise_write_message2() - responder: -> e, ee, se, psk, {payload}
 * @hs:		responder in state READ1
 * @payload:	payload to encrypt (at most NOISE_PAYLOAD_MAX bytes)
 * @payload_len: its length
 * @out:	message buffer
 * @out_cap:	its size, at least NOISE_MSG2_OVERHEAD + @payload_len
 * @out_len:	set to the message length on success
 *
 * Return: 0; -EINVAL out of order, -EMSGSIZE if it does not fit (state
 * unchanged); -EBADMSG if a DH result is zero, and then @hs is DEAD
 */
int noise_write_message2(struct noise_handshake *hs,
			 const uint8_t *payload, size_t payload_len,
			 uint8_t *out, size_t out_cap, size_t *out_len)
{
	int rc;

	*out_len = 0;
	if (hs->role != NOISE_RESPONDER || hs->state != NOISE_S_READ1)
		return -EINVAL;
	if (payload_len > NOISE_PAYLOAD_MAX ||
	    out_cap < NOISE_MSG2_OVERHEAD + payload_len)
		return -EMSGSIZE;

	rc = make_ephemeral(hs);
	if (rc < 0)
		goto out;
	memcpy(out, hs->e_pub, NOISE_KEY_LEN);
	mix_e(hs, hs->e_pub);
	rc = mix_dh(hs, hs->e_priv, hs->re);			/* ee */
	if (rc < 0)
		goto out;
	rc = mix_dh(hs, hs->e_priv, hs->rs);			/* se */
	if (rc < 0)
		goto out;
	mix_key_and_hash(hs, hs->psk, sizeof(hs->psk));		/* psk */
	rc = encrypt_and_hash(hs, payload, payload_len, out + 32);
	if (rc < 0)
		goto out;
	*out_len = NOISE_MSG2_OVERHEAD + payload_len;
out:
	if (rc < 0)
		sodium_memzero(out, MIN(out_cap, NOISE_MSG2_OVERHEAD +
					payload_len));
	return done(hs, rc, NOISE_S_DONE);
}

/**
 * noise_read_message2() - initiator: <- e, ee, se, psk, {payload}
 * @hs:		initiator in state SENT1
 * @msg:	message 2 as received (untrusted)
 * @msg_len:	its length
 * @payload:	buffer for the payload; Must not overlap @msg
 * @payload_cap: its size
 * @payload_len: set to the payload length on success
 *
 * Return: 0; -EINVAL out of order; -EBADMSG for a message that is too
 * short or long or fails authentication, -EMSGSIZE if the payload does
 * not fit: then @hs is DEAD
 */
int noise_read_message2(struct noise_handshake *hs,
			const uint8_t *msg, size_t msg_len,
			uint8_t *payload, size_t payload_cap,
			size_t *payload_len)
{
	size_t plen;
	int rc;

	*payload_len = 0;
	if (hs->role != NOISE_INITIATOR || hs->state != NOISE_S_SENT1)
		return -EINVAL;
	if (msg_len < NOISE_MSG2_OVERHEAD ||
	    msg_len - NOISE_MSG2_OVERHEAD > NOISE_PAYLOAD_MAX) {
		rc = -EBADMSG;
		goto out;
	}
	plen = msg_len - NOISE_MSG2_OVERHEAD;
	if (payload_cap < plen) {
		rc = -EMSGSIZE;
		goto out;
	}

	memcpy(hs->re, msg, NOISE_KEY_LEN);
	mix_e(hs, hs->re);
	rc = mix_dh(hs, hs->e_priv, hs->re);			/* ee */
	if (rc < 0)
		goto out;
	rc = mix_dh(hs, hs->s_priv, hs->re);			/* se */
	if (rc < 0)
		goto out;
	mix_key_and_hash(hs, hs->psk, sizeof(hs->psk));		/* psk */
	rc = decrypt_and_hash(hs, msg + 32, msg_len - 32, payload);
	if (rc < 0)
		goto out;
	*payload_len = plen;
out:
	if (rc < 0 && payload_cap)
		sodium_memzero(payload, MIN(payload_cap, NOISE_PAYLOAD_MAX));
	return done(hs, rc, NOISE_S_DONE);
}

/**
 * noise_remote_static() - the peer's static public key
 * @hs:		handshake
 *
 * Return: the key, or NULL before it is known or after the end
 */
const uint8_t *noise_remote_static(const struct noise_handshake *hs)
{
	if (hs->state == NOISE_S_DEAD || hs->state == NOISE_S_SPLIT ||
	    (hs->role == NOISE_RESPONDER && hs->state == NOISE_S_START))
		return NULL;
	return hs->rs;
}

/**
 * noise_handshake_hash() - the final h, for channel binding
 * @hs:		handshake in state DONE
 * @out:	32 bytes
 *
 * Return: 0, or -EINVAL unless the handshake is complete
 */
int noise_handshake_hash(const struct noise_handshake *hs,
			 uint8_t out[NOISE_HASH_LEN])
{
	if (hs->state != NOISE_S_DONE)
		return -EINVAL;
	memcpy(out, hs->h, NOISE_HASH_LEN);
	return 0;
}

/**
 * noise_split() - the two transport keys; then wipe the handshake
 * @hs:		handshake in state DONE, SPLIT afterwards
 * @send:	key for what we send (nonces from 0)
 * @recv:	key for what we receive
 *
 * Return: 0, or -EINVAL unless the handshake is complete
 */
int noise_split(struct noise_handshake *hs, uint8_t send[NOISE_KEY_LEN],
		uint8_t recv[NOISE_KEY_LEN])
{
	uint8_t k1[NOISE_KEY_LEN], k2[NOISE_KEY_LEN];

	if (hs->state != NOISE_S_DONE)
		return -EINVAL;
	hkdf(hs->ck, NULL, 0, k1, k2, NULL);
	if (hs->role == NOISE_INITIATOR) {
		memcpy(send, k1, NOISE_KEY_LEN);
		memcpy(recv, k2, NOISE_KEY_LEN);
	} else {
		memcpy(send, k2, NOISE_KEY_LEN);
		memcpy(recv, k1, NOISE_KEY_LEN);
	}
	sodium_memzero(k1, sizeof(k1));
	sodium_memzero(k2, sizeof(k2));
	noise_wipe(hs);
	hs->state = NOISE_S_SPLIT;
	return 0;
}
