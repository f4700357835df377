/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * transport.h - type-4 data packets of vde-cable: one keypair from a
 * completed handshake, sealing and opening frames (shared/DESIGN.md (c)).
 */
#ifndef VDE_CABLE_TRANSPORT_H
#define VDE_CABLE_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "replay.h"
#include "util.h"

enum {
	TRANSPORT_KEY_LEN	= 32,
	TRANSPORT_REJECT_AFTER_S = 180,	/* keypair unusable after */
};

/* Sending stops one below the receiver's limit (replay.h) */
#define TRANSPORT_REJECT_AFTER	REPLAY_REJECT_AFTER

/**
 * struct transport_keypair - one direction pair of transport keys
 * @send_key:	AEAD key for packets we send
 * @recv_key:	AEAD key for packets we receive
 * @send_counter: nonce of the next packet sent
 * @replay:	receive window
 * @created:	time (seconds, caller's monotonic clock) of the handshake
 * @local_index: index the peer puts in packets to us
 * @remote_index: index we put in packets to the peer
 */
struct transport_keypair {
	uint8_t send_key[TRANSPORT_KEY_LEN];
	uint8_t recv_key[TRANSPORT_KEY_LEN];
	uint64_t send_counter;
	struct replay replay;
	uint64_t created;
	uint32_t local_index;
	uint32_t remote_index;
};

/**
 * struct transport_stats - per-peer counters (a peer outlives its keypairs)
 * Field names read as they will in vde-ctl -j.
 */
struct transport_stats {
	uint64_t rx_ok;
	uint64_t rx_keepalive;
	uint64_t rx_drop_malformed;	/* length, type, reserved bytes */
	uint64_t rx_drop_index;		/* not this keypair's index */
	uint64_t rx_drop_replay;	/* seen, too old, or at the limit */
	uint64_t rx_drop_auth;		/* AEAD failed */
	uint64_t rx_drop_pad;		/* authentic but badly padded */
	uint64_t rx_drop_other;
};

void transport_keypair_init(struct transport_keypair *kp,
			    const uint8_t send_key[TRANSPORT_KEY_LEN],
			    const uint8_t recv_key[TRANSPORT_KEY_LEN],
			    uint32_t local_index, uint32_t remote_index,
			    uint64_t now);
void transport_keypair_destroy(struct transport_keypair *kp);
bool transport_keypair_expired(const struct transport_keypair *kp,
			       uint64_t now);

size_t transport_packet_len(size_t frame_len);
int transport_seal(struct transport_keypair *kp, const uint8_t *frame,
		   size_t len, uint8_t *out, size_t *out_len) __must_check;
int transport_open(struct transport_keypair *kp, const uint8_t *pkt,
		   size_t len, uint8_t *out, size_t *out_len) __must_check;
void transport_count(struct transport_stats *st, int rc, size_t out_len);

#endif /* VDE_CABLE_TRANSPORT_H */
