// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * transport.c - seal and open type-4 data packets (shared/DESIGN.md (c)).
 *
 * Theory of operation
 *
 * A packet is the 16-byte header {4, 0, 0, 0, receiver LE32, counter
 * LE64}, then ChaCha20-Poly1305 (IETF) of the frame padded to a multiple
 * of 16, with the header as associated data and the nonce 4 zero bytes ||
 * LE64 counter.  Ethernet frames carry no length of their own (WireGuard
 * reads it from the IP header), so the padding is ISO/IEC 7816-4 via
 * sodium_pad(): 0x80 then zeros, always at least one byte.  An empty
 * frame (a keepalive) is one block of padding.
 *
 * Receive order (DESIGN (c)), each step a drop that changes nothing:
 *   1. length and type sanity (msg_transport_hdr_parse());
 *   2. index: the caller looked the keypair up; we only check it matches;
 *   3. replay_will_accept(counter), which also refuses counters at or
 *      above REPLAY_REJECT_AFTER;
 *   4. AEAD decryption into the caller's buffer;
 *   5. the padding; only then replay_mark().
 * Steps 5's roaming and timers, and 6 (inner frame checks) belong to the
 * caller.  Drops return distinct errnos; transport_count() turns them
 * into the peer's counters, so that the keypair itself is byte-for-byte
 * unchanged by a refused packet.
 */
#include <errno.h>
#include <string.h>

#include <sodium.h>

#include "noise.h"
#include "transport.h"

/**
 * transport_keypair_init() - a fresh keypair from noise_split()
 * @kp:		keypair to fill
 * @send_key:	our sending key
 * @recv_key:	our receiving key
 * @local_index: our index (the peer sends it)
 * @remote_index: the peer's index (we send it)
 * @now:	monotonic time in seconds
 */
void transport_keypair_init(struct transport_keypair *kp,
			    const uint8_t send_key[TRANSPORT_KEY_LEN],
			    const uint8_t recv_key[TRANSPORT_KEY_LEN],
			    uint32_t local_index, uint32_t remote_index,
			    uint64_t now)
{
	memset(kp, 0, sizeof(*kp));
	memcpy(kp->send_key, send_key, TRANSPORT_KEY_LEN);
	memcpy(kp->recv_key, recv_key, TRANSPORT_KEY_LEN);
	replay_init(&kp->replay);
	kp->created = now;
	kp->local_index = local_index;
	kp->remote_index = remote_index;
}

/**
 * transport_keypair_destroy() - wipe a keypair (keys, counters, window)
 * @kp:		keypair, unusable afterwards
 */
void transport_keypair_destroy(struct transport_keypair *kp)
{
	sodium_memzero(kp, sizeof(*kp));
}

/**
 * transport_keypair_expired() - is the keypair past its time limit?
 * @kp:		keypair
 * @now:	monotonic time in seconds
 *
 * Return: true once TRANSPORT_REJECT_AFTER_S have passed since the
 * handshake (or the clock went backwards); the caller then drops it.
 */
bool transport_keypair_expired(const struct transport_keypair *kp,
			       uint64_t now)
{
	return now < kp->created ||
	       now - kp->created >= TRANSPORT_REJECT_AFTER_S;
}

/**
 * transport_packet_len() - size of the packet carrying a frame
 * @frame_len:	frame length, at most MSG_TRANSPORT_FRAME_MAX
 *
 * Return: header + frame padded (at least one byte) to 16 + tag
 */
size_t transport_packet_len(size_t frame_len)
{
	return MSG_TRANSPORT_HDR_LEN +
	       (frame_len / MSG_TRANSPORT_PAD + 1) * MSG_TRANSPORT_PAD +
	       MSG_TAG_LEN;
}

/**
 * transport_seal() - encrypt one frame into a type-4 packet
 * @kp:		keypair; its send counter advances on success
 * @frame:	Ethernet frame, may be NULL when @len is 0 (keepalive)
 * @len:	0 ... MSG_TRANSPORT_FRAME_MAX
 * @out:	room for transport_packet_len(@len) bytes; must not overlap
 *		@frame
 * @out_len:	packet length on success
 *
 * Return: 0, -EMSGSIZE if @len is too large, -ERANGE once the send
 * counter reached TRANSPORT_REJECT_AFTER (a new handshake is overdue)
 */
int transport_seal(struct transport_keypair *kp, const uint8_t *frame,
		   size_t len, uint8_t *out, size_t *out_len)
{
	struct msg_transport_hdr h;
	uint8_t nonce[NOISE_NONCE_LEN];
	uint8_t *body = out + MSG_TRANSPORT_HDR_LEN;
	size_t padded, cap;

	if (len > MSG_TRANSPORT_FRAME_MAX)
		return -EMSGSIZE;
	if (kp->send_counter >= TRANSPORT_REJECT_AFTER)
		return -ERANGE;
	h.receiver = kp->remote_index;
	h.counter = kp->send_counter;
	msg_transport_hdr_build(out, &h);
	if (len)
		memcpy(body, frame, len);
	cap = transport_packet_len(len) - MSG_TRANSPORT_HDR_LEN - MSG_TAG_LEN;
	if (sodium_pad(&padded, body, len, MSG_TRANSPORT_PAD, cap))
		return -EMSGSIZE;	/* cannot happen: cap fits */
	noise_nonce(nonce, h.counter);
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, body, padded,
						  out, MSG_TRANSPORT_HDR_LEN,
						  NULL, nonce, kp->send_key);
	kp->send_counter++;
	*out_len = MSG_TRANSPORT_HDR_LEN + padded + MSG_TAG_LEN;
	return 0;
}

/**
 * transport_open() - authenticate and decrypt one received type-4 packet
 * @kp:		keypair the caller found by the packet's receiver index
 * @pkt:	packet (untrusted)
 * @len:	its length
 * @out:	room for @len - MSG_TRANSPORT_HDR_LEN - MSG_TAG_LEN bytes;
 *		must not overlap @pkt; scratch on failure
 * @out_len:	frame length on success, 0 is a keepalive
 *
 * Return: 0 (window advanced); or, with @kp unchanged: -EBADMSG malformed,
 * -ENOENT wrong receiver index, -EALREADY replayed, too old or beyond the
 * counter limit, -EACCES authentication failed, -EILSEQ bad padding
 */
int transport_open(struct transport_keypair *kp, const uint8_t *pkt,
		   size_t len, uint8_t *out, size_t *out_len)
{
	struct msg_transport_hdr h;
	uint8_t nonce[NOISE_NONCE_LEN];
	unsigned long long plen;
	size_t flen;

	if (msg_transport_hdr_parse(&h, pkt, len))
		return -EBADMSG;
	if (h.receiver != kp->local_index)
		return -ENOENT;
	if (!replay_will_accept(&kp->replay, h.counter))
		return -EALREADY;
	noise_nonce(nonce, h.counter);
	if (crypto_aead_chacha20poly1305_ietf_decrypt(
		    out, &plen, NULL, pkt + MSG_TRANSPORT_HDR_LEN,
		    len - MSG_TRANSPORT_HDR_LEN, pkt, MSG_TRANSPORT_HDR_LEN,
		    nonce, kp->recv_key))
		return -EACCES;
	if (sodium_unpad(&flen, out, (size_t)plen, MSG_TRANSPORT_PAD) ||
	    flen > MSG_TRANSPORT_FRAME_MAX) {
		sodium_memzero(out, (size_t)plen);
		return -EILSEQ;
	}
	replay_mark(&kp->replay, h.counter);
	*out_len = flen;
	return 0;
}

/**
 * transport_count() - account the result of transport_open()
 * @st:		the peer's counters
 * @rc:		return value of transport_open()
 * @out_len:	frame length it gave (used when @rc is 0)
 */
void transport_count(struct transport_stats *st, int rc, size_t out_len)
{
	switch (rc) {
	case 0:
		st->rx_ok++;
		if (!out_len)
			st->rx_keepalive++;
		break;
	case -EBADMSG:
		st->rx_drop_malformed++;
		break;
	case -ENOENT:
		st->rx_drop_index++;
		break;
	case -EALREADY:
		st->rx_drop_replay++;
		break;
	case -EACCES:
		st->rx_drop_auth++;
		break;
	case -EILSEQ:
		st->rx_drop_pad++;
		break;
	default:
		st->rx_drop_other++;
		break;
	}
}
