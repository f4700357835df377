// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * device.c - the vde-cable engine: set-up, the index table, keypair
 * slots, transport packets in both directions, timers.  The handshake
 * messages are in handshake.c.
 *
 * Theory of operation.  Every received datagram goes through dev_recv():
 * its type and exact length are checked first (a counted drop otherwise),
 * then the handshake messages go to handshake.c and transport packets
 * are looked up by receiver index.  A transport packet is opened in
 * DESIGN (c)'s order by transport_open(): only once it authenticated
 * does anything change (replay window, the peer's endpoint = roaming,
 * its timers, promotion of the "next" keypair).  The inner frame is
 * checked last (length >= 14, 802.1Q tag allowed by the peer's vlans=;
 * other tag types and a tag inside a tag only with vlans=any)
 * and dropped with a count if it fails.
 *
 * Keypairs sit in three slots per peer.  An initiator that completes a
 * handshake makes the new keypair current at once (the response proved
 * the responder has it); a responder puts it in "next" and promotes it
 * only when the first packet under it arrives, which proves the
 * initiator has it.  A keypair leaving the slots is wiped with
 * sodium_memzero() (transport_keypair_destroy()) and its index freed.
 *
 * A cable with several peers learns as a switch does (learn.c): the
 * source MAC and VLAN of each inner frame delivered are entered with its
 * peer, and a frame from the switch (dev_send_frame()) to a known
 * unicast station whose peer has a session goes to that peer alone;
 * group addresses, unknown or aged stations are flooded to every peer.
 * A peer's stations are forgotten when its last keypair goes.  The
 * vlans= check is made for every copy sent, so learning never lets a
 * peer receive a VLAN it may not carry.  With one peer nothing is
 * learned (there is nothing to choose).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "device.h"
#include "ethtag.h"
#include "handshake.h"

/* Index table: random 32-bit indices, open addressing */

static size_t idx_hash(uint32_t index)
{
	return (index * 2654435761u) % DEV_IDX_SLOTS;
}

/**
 * dev_idx_find() - the entry of an index
 * @d:		engine
 * @index:	received receiver index (untrusted)
 *
 * Return: the entry, or NULL
 */
const struct dev_idx *dev_idx_find(const struct dev *d, uint32_t index)
{
	size_t i, h = idx_hash(index);

	if (!index)
		return NULL;
	for (i = 0; i < DEV_IDX_SLOTS; i++) {
		const struct dev_idx *e = &d->idx[(h + i) % DEV_IDX_SLOTS];

		if (!e->index)
			return NULL;
		if (e->index == index)
			return e;
	}
	return NULL;
}

/**
 * dev_idx_new() - draw a fresh random index and enter it
 * @d:		engine
 * @peer:	peer number
 * @slot:	keypair slot, or DEV_NSLOTS for a handshake
 *
 * Return: the index (never 0); the table always has room (its size is
 * twice the most entries the peers can hold)
 */
uint32_t dev_idx_new(struct dev *d, size_t peer, unsigned int slot)
{
	struct dev_idx *e;
	uint32_t index;
	size_t h;

	do {
		index = randombytes_random();
	} while (!index || dev_idx_find(d, index));
	h = idx_hash(index);
	while (d->idx[h].index)
		h = (h + 1) % DEV_IDX_SLOTS;
	e = &d->idx[h];
	e->index = index;
	e->peer = (uint16_t)peer;
	e->slot = (uint8_t)slot;
	return index;
}

/**
 * dev_idx_set_slot() - an index now names another slot
 * @d:		engine
 * @index:	an index in the table
 * @slot:	its new slot
 */
void dev_idx_set_slot(struct dev *d, uint32_t index, unsigned int slot)
{
	struct dev_idx *e = (struct dev_idx *)dev_idx_find(d, index);

	if (e)
		e->slot = (uint8_t)slot;
}

/**
 * dev_idx_del() - free an index (backward-shift deletion)
 * @d:		engine
 * @index:	index to remove, 0 does nothing
 */
void dev_idx_del(struct dev *d, uint32_t index)
{
	struct dev_idx *e = (struct dev_idx *)dev_idx_find(d, index);
	size_t i, j, h;

	if (!e)
		return;
	i = (size_t)(e - d->idx);
	for (j = (i + 1) % DEV_IDX_SLOTS; d->idx[j].index;
	     j = (j + 1) % DEV_IDX_SLOTS) {
		h = idx_hash(d->idx[j].index);
		/* can entry j move to the hole at i? */
		if ((j > i && (h <= i || h > j)) ||
		    (j < i && (h <= i && h > j))) {
			d->idx[i] = d->idx[j];
			i = j;
		}
	}
	memset(&d->idx[i], 0, sizeof(d->idx[i]));
}

/* Keypair slots */

static void kp_drop(struct dev *d, struct dev_peer *p, unsigned int s)
{
	if (!p->kp_valid[s])
		return;
	dev_idx_del(d, p->kp[s].local_index);
	transport_keypair_destroy(&p->kp[s]);
	p->kp_valid[s] = false;
	p->kp_initiator[s] = false;
	/* no session left: its stations are flooded to until heard again */
	if (!p->kp_valid[DEV_PREV] && !p->kp_valid[DEV_CUR] &&
	    !p->kp_valid[DEV_NEXT])
		learn_forget_peer(&d->learn, (size_t)(p - d->peers));
}

static void kp_move(struct dev *d, struct dev_peer *p, unsigned int from,
		    unsigned int to)
{
	kp_drop(d, p, to);
	if (!p->kp_valid[from])
		return;
	p->kp[to] = p->kp[from];
	p->kp_valid[to] = true;
	p->kp_initiator[to] = p->kp_initiator[from];
	dev_idx_set_slot(d, p->kp[to].local_index, to);
	sodium_memzero(&p->kp[from], sizeof(p->kp[from]));
	p->kp_valid[from] = false;
	p->kp_initiator[from] = false;
}

/**
 * dev_kp_install() - a handshake completed: place its keypair
 * @d:		engine
 * @p:		peer
 * @kp:		the new keypair (copied, then wiped here)
 * @initiator:	we initiated (current at once) or responded (next)
 * @now:	time
 */
void dev_kp_install(struct dev *d, struct dev_peer *p,
		    struct transport_keypair *kp, bool initiator, uint64_t now)
{
	unsigned int s = initiator ? DEV_CUR : DEV_NEXT;
	bool had = p->kp_valid[DEV_CUR] || p->kp_valid[DEV_NEXT];

	if (initiator) {
		/* as WireGuard: an unconfirmed "next" becomes previous (the
		 * peer may still send under it), and current goes */
		if (p->kp_valid[DEV_NEXT]) {
			kp_move(d, p, DEV_NEXT, DEV_PREV);
			kp_drop(d, p, DEV_CUR);
		} else {
			kp_move(d, p, DEV_CUR, DEV_PREV);
		}
	} else {
		kp_drop(d, p, DEV_NEXT);
	}
	p->kp[s] = *kp;
	sodium_memzero(kp, sizeof(*kp));
	p->kp_valid[s] = true;
	p->kp_initiator[s] = initiator;
	dev_idx_set_slot(d, p->kp[s].local_index, s);
	p->st.handshakes++;
	p->st.rekeys += had;
	p->last_hs = now;
}

/**
 * dev_peer_up() - does the peer have a usable current keypair?
 * @p:		peer
 * @now:	time (ms)
 *
 * Return: true if frames can be sent to it now
 */
bool dev_peer_up(const struct dev_peer *p, uint64_t now)
{
	return p->kp_valid[DEV_CUR] && p->ep.len &&
	       !transport_keypair_expired(&p->kp[DEV_CUR], now / 1000);
}

/**
 * dev_binding_psk() - the psk mixed into the handshake with a peer
 * @out:	BLAKE2b-256 of the binding, keyed by @psk if given
 * @cfg:	the peer's line: switch= and vlans= are bound
 * @psk:	contents of its psk-file=, or NULL
 *
 * The binding is DEV_PROLOGUE ‖ len(switch) (one byte) ‖ switch ‖
 * SHA-256(VLAN bitmap, 512 bytes, bit = VID, LSB first).  An IK
 * responder must fix its prologue before it knows who is calling, so the
 * per-peer agreement rides in the psk slot instead (docs/cable-protocol.md).
 */
void dev_binding_psk(uint8_t out[NOISE_KEY_LEN], const struct peer *cfg,
		     const uint8_t *psk)
{
	crypto_generichash_state st;
	uint8_t vh[crypto_hash_sha256_BYTES];
	uint8_t n = (uint8_t)strlen(cfg->sw);

	crypto_hash_sha256(vh, cfg->vlans, sizeof(cfg->vlans));
	crypto_generichash_init(&st, psk, psk ? NOISE_KEY_LEN : 0,
				NOISE_KEY_LEN);
	crypto_generichash_update(&st, (const uint8_t *)DEV_PROLOGUE,
				  strlen(DEV_PROLOGUE));
	crypto_generichash_update(&st, &n, 1);
	crypto_generichash_update(&st, (const uint8_t *)cfg->sw, n);
	crypto_generichash_update(&st, vh, sizeof(vh));
	crypto_generichash_final(&st, out, NOISE_KEY_LEN);
	sodium_memzero(&st, sizeof(st));
}

/**
 * dev_init() - set up an engine for a key and a peers file
 * @d:		engine (zeroed here)
 * @priv:	our static private key
 * @ps:		parsed peers file; must outlive the engine
 * @ops:	callbacks
 * @ctx:	their argument
 *
 * Return: 0, -EINVAL for a bad key or too many peers, -ENOMEM
 */
int dev_init(struct dev *d, const uint8_t priv[NOISE_KEY_LEN],
	     const struct peers *ps, const struct dev_ops *ops, void *ctx)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	if (ps->n > PEERS_MAX || crypto_scalarmult_base(d->pub, priv))
		return -EINVAL;
	d->peers = calloc(ps->n ? ps->n : 1, sizeof(*d->peers));
	if (!d->peers)
		return -ENOMEM;
	d->npeers = ps->n;
	d->ops = ops;
	d->ctx = ctx;
	memcpy(d->priv, priv, NOISE_KEY_LEN);
	d->mtu = MSG_TRANSPORT_FRAME_MAX;
	d->rekey_after_ms = DEV_REKEY_AFTER_MS;
	d->load_threshold = DEV_LOAD_THRESHOLD;
	msg_mac1_key(d->mac1_key, d->pub);
	msg_cookie_key(d->cookie_key, d->pub);
	randombytes_buf(d->rl_key, sizeof(d->rl_key));
	learn_init(&d->learn);
	for (i = 0; i < ps->n; i++) {
		struct dev_peer *p = &d->peers[i];

		p->cfg = &ps->v[i];
		msg_mac1_key(p->mac1_key, p->cfg->pub);
		msg_cookie_key(p->cookie_key, p->cfg->pub);
		dev_binding_psk(p->psk, p->cfg, NULL);
		if (p->cfg->has_endpoint) {
			memcpy(&p->ep.ss, &p->cfg->endpoint,
			       p->cfg->endpoint_len);
			p->ep.len = p->cfg->endpoint_len;
		}
	}
	return 0;
}

/**
 * dev_destroy() - wipe every secret and free the peers
 * @d:		engine
 */
void dev_destroy(struct dev *d)
{
	if (d->peers)
		sodium_memzero(d->peers, d->npeers * sizeof(*d->peers));
	free(d->peers);
	sodium_memzero(d, sizeof(*d));
}

/**
 * dev_set_psk() - the contents of a peer's psk-file=
 * @d:		engine
 * @peer:	peer number
 * @psk:	32 bytes
 *
 * Return: 0 or -EINVAL for a bad peer number
 */
int dev_set_psk(struct dev *d, size_t peer, const uint8_t psk[NOISE_KEY_LEN])
{
	if (peer >= d->npeers)
		return -EINVAL;
	dev_binding_psk(d->peers[peer].psk, d->peers[peer].cfg, psk);
	return 0;
}

/**
 * dev_set_endpoint() - where a peer is (--connect, a stream)
 * @d:		engine
 * @peer:	peer number (ignored if out of range)
 * @a:		address
 */
void dev_set_endpoint(struct dev *d, size_t peer, const struct dev_addr *a)
{
	if (peer < d->npeers)
		d->peers[peer].ep = *a;
}

/**
 * dev_find_peer() - a peer by name
 * @d:		engine
 * @name:	name= of its line
 *
 * Return: its number, or -ENOENT
 */
int dev_find_peer(const struct dev *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->npeers; i++)
		if (!strcmp(d->peers[i].cfg->name, name))
			return (int)i;
	return -ENOENT;
}

/**
 * dev_addr_eq() - same address and port?
 * @a:		one
 * @b:		other
 *
 * Return: true if the two are byte for byte the same socket address
 */
bool dev_addr_eq(const struct dev_addr *a, const struct dev_addr *b)
{
	return a->len == b->len && !memcmp(&a->ss, &b->ss, a->len);
}

/* Sending */

/**
 * dev_sent_any() - we sent the peer a packet (data, keepalive, handshake)
 * @p:		peer
 * @now:	time (ms)
 *
 * No keepalive is owed any more for the data received before.
 */
void dev_sent_any(struct dev_peer *p, uint64_t now)
{
	p->last_tx = now;
	p->keepalive_due = 0;
}

/**
 * dev_received_any() - an authenticated packet came from the peer
 * @p:		peer
 * @now:	time (ms)
 *
 * A transport packet that decrypted (data or keepalive), an initiation
 * that passed every check, or a response that authenticated: the peer
 * is alive, so the data we sent does not call for a new handshake.
 */
void dev_received_any(struct dev_peer *p, uint64_t now)
{
	p->last_rx = now;
	p->new_hs_due = 0;
}

static void send_packet(struct dev *d, struct dev_peer *p, unsigned int s,
			const uint8_t *frame, size_t len, uint64_t now)
{
	struct transport_keypair *kp = &p->kp[s];
	size_t out;

	if (transport_seal(kp, frame, len, d->buf, &out)) {
		p->st.drop_nokey++;
		return;
	}
	d->ops->send(d->ctx, p, &p->ep, d->buf, out);
	dev_sent_any(p, now);
	if (len) {
		if (!p->new_hs_due)
			p->new_hs_due = now + DEV_NEW_HS_MS;
		p->st.tx_frames++;
		p->st.tx_bytes += len;
	} else {
		p->st.keepalives_sent++;
	}
	if (kp->send_counter >= DEV_REKEY_AFTER_MESSAGES ||
	    (p->kp_initiator[s] &&
	     now - kp->created * 1000 >= d->rekey_after_ms))
		dev_initiate(d, (size_t)(p - d->peers), now);
}

/**
 * dev_keepalive() - send an empty transport packet under the current keys
 * @d:		engine
 * @p:		peer with a current keypair
 * @now:	time (ms)
 */
void dev_keepalive(struct dev *d, struct dev_peer *p, uint64_t now)
{
	if (dev_peer_up(p, now))
		send_packet(d, p, DEV_CUR, NULL, 0, now);
}

static void poke_all(struct dev *d, uint64_t now)
{
	size_t i;

	d->poke_last = now;
	d->poke_pending = false;

	for (i = 0; i < d->npeers; i++) {
		if (dev_peer_up(&d->peers[i], now))
			send_packet(d, &d->peers[i], DEV_CUR, NULL, 0, now);
		else
			dev_initiate(d, i, now);
	}
}

/**
 * dev_poke() - our own address may have changed: reach every peer
 * @d:		engine
 * @now:	time (ms)
 *
 * A keepalive to each peer with a session (its first authenticated packet
 * from our new address moves the session there: roaming), a handshake
 * to each other peer whose endpoint is known.  At most one round per
 * DEV_POKE_MIN_MS: a burst of address changes (or of netlink messages
 * anyone on the host can cause) is coalesced into one round now and one
 * when the interval is over (dev_tick()).
 */
void dev_poke(struct dev *d, uint64_t now)
{
	if (d->poke_last && now - d->poke_last < DEV_POKE_MIN_MS) {
		d->poke_pending = true;
		return;
	}
	poke_all(d, now);
}

/**
 * dev_roam() - an authenticated packet came from @from: the peer is there
 * @p:		peer
 * @from:	source of the packet
 */
void dev_roam(struct dev_peer *p, const struct dev_addr *from)
{
	if (dev_addr_eq(&p->ep, from))
		return;
	p->st.roams += p->ep.len != 0;
	p->ep = *from;
}

/*
 * What a frame's tags say: FRAME_RUNT (a tag type without its 4 bytes),
 * FRAME_ANY_ONLY (a tag a restricted vlans= never carries: an outer
 * 802.1ad or QinQ type, or a second tag inside the 802.1Q one), else the
 * VID of the 802.1Q tag (0: untagged or priority-tagged).  The TPIDs are
 * the switch's (lib/ethtag.h).  len >= DEV_ETH_HLEN.
 */
enum {
	FRAME_RUNT	= -1,
	FRAME_ANY_ONLY	= -2,
};

static int frame_vid(const uint8_t *f, size_t len)
{
	uint16_t type = (uint16_t)(f[12] << 8 | f[13]);

	if (!eth_is_tag(type))
		return 0;
	if (len < DEV_ETH_HLEN + DEV_VLAN_HLEN)
		return FRAME_RUNT;
	if (type != ETH_TPID_8021Q ||
	    eth_is_tag((uint16_t)(f[16] << 8 | f[17])))
		return FRAME_ANY_ONLY;
	return ((f[14] << 8) | f[15]) & 0xfff;
}

/* May a frame with this frame_vid() go to or come from this peer? */
static bool frame_vlan_ok(const struct peer *cfg, int vid)
{
	if (vid == FRAME_ANY_ONLY)
		return cfg->vlans_any;
	return !vid || peer_vlan_ok(cfg, (uint16_t)vid);
}

static void send_to_peer(struct dev *d, struct dev_peer *p,
			 const uint8_t *frame, size_t len, int vid,
			 uint64_t now)
{
	if (!frame_vlan_ok(p->cfg, vid)) {
		p->st.drop_vlan_tx++;
		return;
	}
	if (!dev_peer_up(p, now)) {
		p->st.drop_nokey++;
		dev_initiate(d, (size_t)(p - d->peers), now);
		return;
	}
	send_packet(d, p, DEV_CUR, frame, len, now);
}

/*
 * The one peer a frame to @dst on @vid goes to: learned, live, with a
 * session.  NULL: flood it.  Frames with an outer 802.1ad or QinQ tag
 * (vid < 0) are neither learned nor looked up.
 */
static struct dev_peer *learned_peer(struct dev *d, const uint8_t *dst,
				     int vid, uint64_t now)
{
	int n;

	if (d->npeers < 2 || vid < 0)
		return NULL;
	n = learn_lookup(&d->learn, dst, (uint16_t)vid, now);
	if (n < 0 || (size_t)n >= d->npeers || !dev_peer_up(&d->peers[n], now))
		return NULL;
	return &d->peers[n];
}

/**
 * dev_send_frame() - a frame from the switch, to the peer(s)
 * @d:		engine
 * @frame:	Ethernet frame
 * @len:	its length
 * @now:	time (ms)
 *
 * With one peer it goes there; with several, to the peer its unicast
 * destination was learned behind, else to each (see the theory of
 * operation).  Runts, oversize frames and tagged frames a peer may not
 * carry are dropped and counted; a learned frame the peer may not
 * carry is dropped, never flooded to the others instead.
 */
void dev_send_frame(struct dev *d, const uint8_t *frame, size_t len,
		    uint64_t now)
{
	struct dev_peer *p;
	size_t i;
	int vid;

	if (len < DEV_ETH_HLEN) {
		d->st.drop_runt++;
		return;
	}
	if (len > d->mtu) {
		d->st.drop_oversize++;
		return;
	}
	vid = frame_vid(frame, len);
	if (vid == FRAME_RUNT) {
		d->st.drop_runt++;
		return;
	}
	if (!d->npeers)
		d->st.drop_nopeer++;
	p = learned_peer(d, frame, vid, now);
	if (p) {
		d->st.tx_unicast_learned += frame_vlan_ok(p->cfg, vid);
		send_to_peer(d, p, frame, len, vid, now);
		return;
	}
	d->st.tx_flooded += d->npeers > 1;
	for (i = 0; i < d->npeers; i++)
		send_to_peer(d, &d->peers[i], frame, len, vid, now);
}

/* Receiving transport packets */

static bool inner_ok(struct dev *d, struct dev_peer *p, const uint8_t *f,
		     size_t len)
{
	int vid;

	if (len < DEV_ETH_HLEN) {
		p->st.drop_runt++;
		return false;
	}
	if (len > d->mtu) {
		p->st.drop_oversize++;
		return false;
	}
	vid = frame_vid(f, len);
	if (vid == FRAME_RUNT) {
		p->st.drop_runt++;
		return false;
	}
	if (!frame_vlan_ok(p->cfg, vid)) {
		p->st.drop_vlan++;
		return false;
	}
	return true;
}

/* An inner frame from @p passed inner_ok(): enter its source */
static void learn_frame(struct dev *d, struct dev_peer *p, const uint8_t *f,
			size_t len, uint64_t now)
{
	enum learn_result r;
	int vid;

	if (d->npeers < 2)
		return;
	vid = frame_vid(f, len);
	if (vid < 0)
		return;
	r = learn_update(&d->learn, f + LEARN_MAC_LEN, (uint16_t)vid,
			 (size_t)(p - d->peers), now);
	d->st.mac_learned += r == LEARN_NEW || r == LEARN_EVICTED;
	d->st.mac_evicted += r == LEARN_EVICTED;
	d->st.mac_moved += r == LEARN_MOVED;
}

/* After an authenticated packet under slot @s: promotion, roaming, timers */
static void transport_authentic(struct dev *d, struct dev_peer *p,
				unsigned int s, const struct dev_addr *from,
				size_t flen, uint64_t now)
{
	if (s == DEV_NEXT) {
		kp_move(d, p, DEV_CUR, DEV_PREV);
		kp_move(d, p, DEV_NEXT, DEV_CUR);
		s = DEV_CUR;
	}
	dev_roam(p, from);
	dev_received_any(p, now);
	if (flen && !p->keepalive_due)
		p->keepalive_due = now + DEV_KEEPALIVE_MS;
	if (s == DEV_CUR && p->kp_initiator[s] &&
	    now / 1000 - p->kp[s].created >= DEV_REKEY_ON_RECV_MS / 1000)
		dev_initiate(d, (size_t)(p - d->peers), now);
}

static void recv_transport(struct dev *d, const uint8_t *pkt, size_t len,
			   const struct dev_addr *from, uint64_t now)
{
	struct msg_transport_hdr h;
	const struct dev_idx *e;
	struct dev_peer *p;
	unsigned int s;
	size_t flen = 0;
	int rc;

	if (msg_transport_hdr_parse(&h, pkt, len)) {
		d->st.drop_malformed++;
		return;
	}
	e = dev_idx_find(d, h.receiver);
	if (!e || e->slot >= DEV_NSLOTS) {
		d->st.drop_index++;
		return;
	}
	p = &d->peers[e->peer];
	s = e->slot;
	if (transport_keypair_expired(&p->kp[s], now / 1000)) {
		p->st.drop_expired++;
		return;
	}
	rc = transport_open(&p->kp[s], pkt, len, d->buf, &flen);
	transport_count(&p->tst, rc, flen);
	if (rc)
		return;
	transport_authentic(d, p, s, from, flen, now);
	if (!flen || !inner_ok(d, p, d->buf, flen))
		return;
	p->st.rx_frames++;
	p->st.rx_bytes += flen;
	learn_frame(d, p, d->buf, flen, now);
	d->ops->deliver(d->ctx, p, d->buf, flen);
}

/**
 * dev_recv() - one datagram (or stream record) from the network
 * @d:		engine
 * @pkt:	its bytes (untrusted)
 * @len:	its length
 * @from:	its source address
 * @now:	time (ms)
 *
 * Every outcome is either an accepted packet or one counted drop.
 */
void dev_recv(struct dev *d, const uint8_t *pkt, size_t len,
	      const struct dev_addr *from, uint64_t now)
{
	d->st.rx_packets++;
	switch (msg_type(pkt, len)) {
	case MSG_INITIATION:
		hs_recv_initiation(d, pkt, len, from, now);
		break;
	case MSG_RESPONSE:
		hs_recv_response(d, pkt, len, from, now);
		break;
	case MSG_COOKIE_REPLY:
		hs_recv_cookie(d, pkt, len, now);
		break;
	case MSG_TRANSPORT:
		recv_transport(d, pkt, len, from, now);
		break;
	default:
		d->st.drop_malformed++;
		break;
	}
}

/* Timers */

static void peer_expire(struct dev *d, struct dev_peer *p, uint64_t now)
{
	unsigned int s;

	for (s = 0; s < DEV_NSLOTS; s++)
		if (p->kp_valid[s] &&
		    transport_keypair_expired(&p->kp[s], now / 1000))
			kp_drop(d, p, s);
}

static void peer_keepalive(struct dev *d, struct dev_peer *p, uint64_t now)
{
	size_t i = (size_t)(p - d->peers);
	uint64_t ka = (uint64_t)p->cfg->keepalive * 1000;

	if (ka && p->ep.len && now - p->last_tx >= ka) {
		if (dev_peer_up(p, now))
			send_packet(d, p, DEV_CUR, NULL, 0, now);
		else
			dev_initiate(d, i, now);
		return;
	}
	if (!dev_peer_up(p, now))
		return;
	/* data came in 10 s ago and nothing went out since: a keepalive
	 * (timed from the first such frame, so that one-way traffic is
	 * answered every 10 s however often it comes) */
	if (p->keepalive_due && now >= p->keepalive_due)
		send_packet(d, p, DEV_CUR, NULL, 0, now);
	/* data went out 15 s ago and nothing came back since: the peer
	 * may have lost the session (restarted), a new handshake.  Timed
	 * from the first unanswered frame, not the last: steady traffic
	 * to a peer that no longer has our keys must not hide it.  Armed
	 * again only by data sent after it fired. */
	else if (p->new_hs_due && now >= p->new_hs_due) {
		p->new_hs_due = 0;
		dev_initiate(d, i, now);
	}
}

/**
 * dev_tick() - run the timers: retransmits, keepalives, expiry
 * @d:		engine
 * @now:	time (ms)
 *
 * Call it at least every second (dev_next_timer() says when).
 */
void dev_tick(struct dev *d, uint64_t now)
{
	size_t i;

	if (d->poke_pending && now - d->poke_last >= DEV_POKE_MIN_MS)
		poke_all(d, now);
	for (i = 0; i < d->npeers; i++) {
		struct dev_peer *p = &d->peers[i];

		peer_expire(d, p, now);
		hs_timer(d, p, now);
		peer_keepalive(d, p, now);
	}
}

/**
 * dev_next_timer() - when dev_tick() should run next
 * @d:		engine
 * @now:	time (ms)
 *
 * Return: a time at most one second after @now
 */
uint64_t dev_next_timer(const struct dev *d, uint64_t now)
{
	uint64_t t = now + 1000;
	size_t i;

	if (d->poke_pending && d->poke_last + DEV_POKE_MIN_MS < t)
		t = MAX(d->poke_last + DEV_POKE_MIN_MS, now);
	for (i = 0; i < d->npeers; i++)
		if (d->peers[i].hs_index && d->peers[i].hs_retry_at < t)
			t = MAX(d->peers[i].hs_retry_at, now);
	return t;
}
