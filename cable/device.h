/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * device.h - the vde-cable protocol engine: peers, handshakes, keypairs,
 * timers, roaming, denial-of-service defences and inner-frame checks, as
 * pure logic over buffers.  No sockets and no clock: the program feeds it
 * datagrams with their source address and the time, and it answers
 * through callbacks (packets to send, frames to deliver).  Every timer
 * and limit of the protocol is here.
 */
#ifndef VDE_CABLE_DEVICE_H
#define VDE_CABLE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "learn.h"
#include "msg.h"
#include "noise.h"
#include "peers.h"
#include "transport.h"
#include "util.h"

/* Times are milliseconds of the caller's monotonic clock */
enum {
	DEV_REKEY_AFTER_MS	= 120 * 1000,	/* initiator starts a rekey */
	DEV_REJECT_AFTER_MS	= TRANSPORT_REJECT_AFTER_S * 1000,
	DEV_REKEY_TIMEOUT_MS	= 5 * 1000,	/* handshake retransmit */
	DEV_REKEY_JITTER_MS	= 334,		/* added at random */
	DEV_REKEY_ATTEMPT_MS	= 90 * 1000,	/* give up a handshake */
	DEV_KEEPALIVE_MS	= 10 * 1000,	/* answer one-way traffic */
	/* initiator rekeys on receive this long after its handshake */
	DEV_REKEY_ON_RECV_MS	= DEV_REJECT_AFTER_MS - DEV_KEEPALIVE_MS -
				  DEV_REKEY_TIMEOUT_MS,		/* 165 s */
	/* data sent, no authenticated packet back for this long since the
	 * first such frame: new handshake (WireGuard's timer) */
	DEV_NEW_HS_MS		= DEV_KEEPALIVE_MS + DEV_REKEY_TIMEOUT_MS,
	DEV_COOKIE_VALID_MS	= (MSG_COOKIE_ROTATE_S - 10) * 1000,
	DEV_LOAD_STICKY_MS	= 1000,		/* under load for at least */
	DEV_POKE_MIN_MS		= 1000,		/* dev_poke() rounds apart */
	DEV_LOAD_THRESHOLD	= 64,		/* handshakes/s (and burst) */
	DEV_RL_RATE		= 20,		/* initiations/s per source IP */
	DEV_RL_BURST		= 5,
	DEV_RL_BUCKETS		= 1024,		/* sources tracked at once */
	DEV_RL_V6_PREFIX	= 64,		/* an IPv6 source: its /64 */
	DEV_IDX_SLOTS		= 8192,		/* >= 2 * 4 * PEERS_MAX */
	DEV_ETH_HLEN		= 14,
	DEV_VLAN_HLEN		= 4,
	DEV_ADDR_KEY_MAX	= 18,		/* IPv6 address + port */
};

/* Sender rekeys after this many messages on one keypair */
#define DEV_REKEY_AFTER_MESSAGES	(UINT64_C(1) << 60)

_Static_assert(DEV_IDX_SLOTS >= 2 * 4 * PEERS_MAX, "index table size");
_Static_assert(PEERS_MAX < UINT16_MAX, "peer numbers fit the MAC table");

/* The label that starts every prologue (docs/cable-protocol.md) */
#define DEV_PROLOGUE		"vde-hardened cable v1"

/**
 * struct dev_addr - where a datagram came from or goes to
 * @ss:		the address (AF_INET, AF_INET6; AF_UNSPEC for a stream)
 * @len:	its length, 0 if none
 */
struct dev_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

enum dev_slot {
	DEV_PREV,
	DEV_CUR,
	DEV_NEXT,
	DEV_NSLOTS,
};

/**
 * struct dev_peer_stats - what vde-ctl cable/peers shows per peer
 */
struct dev_peer_stats {
	uint64_t rx_frames;
	uint64_t rx_bytes;
	uint64_t tx_frames;
	uint64_t tx_bytes;
	uint64_t drop_vlan;		/* inner tag not allowed (rx) */
	uint64_t drop_vlan_tx;		/* not sent: tag not allowed */
	uint64_t drop_runt;		/* inner frame under 14 bytes */
	uint64_t drop_oversize;		/* inner frame above the MTU (rx) */
	uint64_t drop_nokey;		/* not sent: no session yet */
	uint64_t drop_expired;		/* keypair older than 180 s */
	uint64_t drop_hs_replay;	/* initiation timestamp not newer */
	uint64_t drop_hs_auth;		/* response that did not decrypt */
	uint64_t handshakes;		/* completed */
	uint64_t handshakes_sent;	/* initiations sent */
	uint64_t rekeys;		/* completed while a session existed */
	uint64_t keepalives_sent;
	uint64_t roams;			/* endpoint moved */
};

/**
 * struct dev_peer - one peer's session state
 * @cfg:	its line in the peers file
 * @psk:	Noise psk: BLAKE2b-256 of the binding keyed by the psk-file
 * @mac1_key:	mac1 key for messages we send to it
 * @cookie_key:	key of cookie replies it sends us
 * @ep:		its endpoint, @ep.len 0 if unknown
 * @last_ts:	newest initiation timestamp accepted from it
 * @sent_ts:	newest timestamp we sent it
 * @hs:		our handshake as initiator, valid when @hs_index
 * @hs_index:	index of @hs in the table, 0 if none
 * @hs_first:	when the current attempt series started
 * @hs_retry_at: when to retransmit
 * @last_mac1:	mac1 of our last handshake message, initiation or
 *		response (cookie replies answer it)
 * @cookie:	cookie from its last cookie reply
 * @cookie_at:	when it arrived
 * @has_cookie:	@cookie is set
 * @kp:		keypairs: previous, current, next (see enum dev_slot)
 * @kp_valid:	which @kp hold keys
 * @kp_initiator: we were the initiator of that keypair
 * @last_rx:	last authenticated packet received
 * @last_tx:	last packet sent (data, keepalive or handshake)
 * @keepalive_due: when to answer data received with a keepalive: set by
 *		the first data frame received after our last packet sent,
 *		cleared by any packet sent (0: not set)
 * @new_hs_due:	when to start a new handshake because data went out and
 *		nothing came back: set by the first data frame sent after
 *		the last authenticated packet received, cleared by any
 *		authenticated packet received (0: not set)
 * @last_hs:	wall time of the last completed handshake (for status)
 * @tst:	transport drop counters
 * @st:		the other counters
 */
struct dev_peer {
	const struct peer *cfg;
	uint8_t psk[NOISE_KEY_LEN];
	uint8_t mac1_key[MSG_KEY_LEN];
	uint8_t cookie_key[MSG_KEY_LEN];
	struct dev_addr ep;
	uint8_t last_ts[MSG_TAI64N_LEN];
	uint8_t sent_ts[MSG_TAI64N_LEN];
	struct noise_handshake hs;
	uint32_t hs_index;
	uint64_t hs_first;
	uint64_t hs_retry_at;
	uint8_t last_mac1[MSG_MAC_LEN];
	uint8_t cookie[MSG_COOKIE_LEN];
	uint64_t cookie_at;
	bool has_cookie;
	struct transport_keypair kp[DEV_NSLOTS];
	bool kp_valid[DEV_NSLOTS];
	bool kp_initiator[DEV_NSLOTS];
	uint64_t last_rx;
	uint64_t last_tx;
	uint64_t keepalive_due;
	uint64_t new_hs_due;
	uint64_t last_hs;
	struct transport_stats tst;
	struct dev_peer_stats st;
};

/**
 * struct dev_stats - device-wide counters (vde-ctl cable/stats)
 */
struct dev_stats {
	uint64_t rx_packets;
	uint64_t drop_malformed;	/* bad length, type or reserved bytes */
	uint64_t drop_mac1;		/* not for us: no answer */
	uint64_t drop_mac2;		/* under load without a valid cookie */
	uint64_t drop_unknown_key;	/* static key not in the peers file */
	uint64_t drop_hs_failed;	/* initiation that did not decrypt */
	uint64_t drop_ratelimit;	/* under load: over 20/s per source */
	uint64_t drop_index;		/* no session with that index */
	uint64_t drop_cookie;		/* cookie reply that did not open */
	uint64_t drop_oversize;		/* frame from the switch above MTU */
	uint64_t drop_runt;		/* frame from the switch under 14 */
	uint64_t drop_nopeer;		/* frame from the switch, no peer up */
	uint64_t cookies_sent;
	uint64_t handshakes_sent;	/* initiations */
	uint64_t handshakes_received;	/* initiations answered */
	uint64_t responses_sent;
	uint64_t under_load;		/* times the load detector fired */
	uint64_t mac_learned;		/* stations entered in the MAC table */
	uint64_t mac_moved;		/* station heard from another peer */
	uint64_t mac_evicted;		/* live entry replaced: bucket full */
	uint64_t tx_unicast_learned;	/* frames sent to one learned peer */
	uint64_t tx_flooded;		/* frames sent to every peer (2+) */
};

struct dev;

/**
 * struct dev_ops - how the engine reaches the outside
 * @send:	send @pkt (@len bytes) to @to; @p is the peer or NULL (cookie
 *		reply to an address); the buffer is the engine's, valid
 *		only during the call
 * @deliver:	hand an authenticated inner frame to the switch
 * @now_wall:	optional: current TAI64N (NULL: msg_tai64n_now())
 */
struct dev_ops {
	void (*send)(void *ctx, struct dev_peer *p, const struct dev_addr *to,
		     const uint8_t *pkt, size_t len);
	void (*deliver)(void *ctx, struct dev_peer *p, const uint8_t *frame,
			size_t len);
	void (*now_wall)(void *ctx, uint8_t out[MSG_TAI64N_LEN]);
};

/* One entry of the index table */
struct dev_idx {
	uint32_t index;		/* 0 = free */
	uint16_t peer;
	uint8_t slot;		/* enum dev_slot, or DEV_NSLOTS: handshake */
};

/* Token bucket of one source address */
struct dev_rl {
	uint8_t ip[16];
	uint8_t iplen;
	uint32_t tokens_milli;
	uint64_t last;
};

/**
 * struct dev - the engine
 * @ops:	callbacks
 * @ctx:	their first argument
 * @priv:	our static private key
 * @pub:	our static public key
 * @mac1_key:	key of mac1 on messages to us
 * @cookie_key:	key of cookie replies we send
 * @cookie_secret: rotating secret of our cookies
 * @peers:	one per line of the peers file
 * @npeers:	how many
 * @mtu:	largest inner frame carried (bytes, Ethernet header included)
 * @rekey_after_ms: an initiator's keypair is renewed at this age
 * @load_threshold: handshake messages per second that mean "under load"
 * @load_tokens: load detector's bucket (thousandths of a message)
 * @load_last:	when it was last filled
 * @load_init:	the bucket has been filled once
 * @load_until:	mac2 is required until then
 * @rl:		per-source token buckets
 * @rl_key:	SipHash key choosing a bucket
 * @poke_last:	when dev_poke() last reached every peer (0: never)
 * @poke_pending: a dev_poke() came too soon: one more round is due
 * @idx:	index table (open addressing, linear probing)
 * @learn:	MAC table: which peer each station is behind (learn.c);
 *		used only with two peers or more
 * @st:		counters
 * @buf:	packet being built or frame being decrypted
 */
struct dev {
	const struct dev_ops *ops;
	void *ctx;
	uint8_t priv[NOISE_KEY_LEN];
	uint8_t pub[NOISE_KEY_LEN];
	uint8_t mac1_key[MSG_KEY_LEN];
	uint8_t cookie_key[MSG_KEY_LEN];
	struct msg_cookie_secret cookie_secret;
	struct dev_peer *peers;
	size_t npeers;
	size_t mtu;
	uint64_t rekey_after_ms;
	unsigned int load_threshold;
	uint64_t load_tokens;
	uint64_t load_last;
	bool load_init;
	uint64_t load_until;
	struct dev_rl rl[DEV_RL_BUCKETS];
	uint8_t rl_key[16];
	uint64_t poke_last;
	bool poke_pending;
	struct dev_idx idx[DEV_IDX_SLOTS];
	struct learn_table learn;
	struct dev_stats st;
	uint8_t buf[MSG_TRANSPORT_MAX_LEN];
};

int dev_init(struct dev *d, const uint8_t priv[NOISE_KEY_LEN],
	     const struct peers *ps, const struct dev_ops *ops,
	     void *ctx) __must_check;
void dev_destroy(struct dev *d);
int dev_set_psk(struct dev *d, size_t peer,
		const uint8_t psk[NOISE_KEY_LEN]) __must_check;
void dev_set_endpoint(struct dev *d, size_t peer, const struct dev_addr *a);
int dev_find_peer(const struct dev *d, const char *name);

void dev_recv(struct dev *d, const uint8_t *pkt, size_t len,
	      const struct dev_addr *from, uint64_t now);
void dev_send_frame(struct dev *d, const uint8_t *frame, size_t len,
		    uint64_t now);
void dev_tick(struct dev *d, uint64_t now);
void dev_initiate(struct dev *d, size_t peer, uint64_t now);
void dev_poke(struct dev *d, uint64_t now);
bool dev_peer_up(const struct dev_peer *p, uint64_t now);
uint64_t dev_next_timer(const struct dev *d, uint64_t now);

void dev_binding_psk(uint8_t out[NOISE_KEY_LEN], const struct peer *cfg,
		     const uint8_t *psk);
bool dev_addr_eq(const struct dev_addr *a, const struct dev_addr *b);

#endif /* VDE_CABLE_DEVICE_H */
