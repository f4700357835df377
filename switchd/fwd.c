// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fwd.c - the forwarding decision for one frame, and batched sending.
 *
 * Theory of operation: a frame arrives in a pool slot.  Its VLAN is the
 * 802.1Q tag if it carries one (dropped unless the ingress port is a
 * member), otherwise the port's untagged VLAN.  The source is learned in
 * the MAC table; a known unicast destination goes to that port only, an
 * unknown one or a group address is flooded to every active port of the
 * VLAN except the ingress one.  Sending is deferred: each destination
 * endpoint collects (slot, tag operation) entries for the whole receive
 * batch and fwd_flush() sends them with one sendmmsg() per endpoint.  Tags
 * are pushed or popped with iovecs, never by copying the frame.
 *
 * Mirroring (port/mirror SRC DST): every frame SRC receives or is sent is
 * also queued, by reference, on DST's endpoints, exactly as it enters or
 * leaves SRC.  A copy never waits: if DST's queue is full it is dropped
 * and counted in DST's tx_drop_mirror, and mirror copies never pause a
 * sender.  An endpoint's batch has room for RX_BATCH forwarded frames and
 * RX_BATCH mirror copies (ep->nmir), so copies cannot crowd out traffic.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "capture.h"
#include "log.h"
#include "mgmt.h"
#include "switchd.h"

/**
 * port_in_vlan() - is @p a member (tagged or untagged) of @vid?
 * @p:		port
 * @vid:	VLAN id
 *
 * Return: true if frames of @vid may enter and leave @p.
 */
bool port_in_vlan(const struct port *p, uint16_t vid)
{
	if (p->vlan == vid)
		return true;
	return p->tagged && (p->tagged[vid >> 3] & (1u << (vid & 7)));
}

/* Queue one entry on @ep's batch and take a reference for it */
static void tx_put(struct sw *sw, struct endpoint *ep, uint32_t slot,
		   uint8_t op, uint16_t vid)
{
	struct txent *t;

	if (ep->ntx == 0) {
		ep->tx_next = sw->tx_dirty;
		sw->tx_dirty = ep;
	}
	t = &ep->tx[ep->ntx++];
	t->slot = slot;
	t->op = op;
	t->vid = vid;
	pool_ref(&sw->pool, slot);
}

/**
 * fwd_mirror() - queue a copy of a frame @src receives or sends on the
 * port @src is mirrored to
 * @sw:		switch
 * @src:	mirrored port (src->mirror set)
 * @slot:	pool slot of the frame
 * @op:		the tag operation of the frame as it enters or leaves @src
 * @vid:	VLAN of a pushed tag
 *
 * Never waits and never pauses a sender: a copy that does not fit in a
 * destination endpoint's queue is dropped and counted (tx_drop_mirror).
 */
void fwd_mirror(struct sw *sw, const struct port *src, uint32_t slot,
		uint8_t op, uint16_t vid)
{
	struct endpoint *ep;
	struct port *d;

	if (src->mirror_to >= sw->nports)
		return;
	d = &sw->ports[src->mirror_to];
	if (d == src || !d->nep)
		return;
	for (ep = d->ep; ep; ep = ep->next) {
		if (ep->dead || ep->nmir >= RX_BATCH ||
		    ep->qlen + ep->ntx >= EP_QLEN) {
			d->stats.tx_drop_mirror++;
			continue;
		}
		ep->nmir++;
		tx_put(sw, ep, slot, op, vid);
		d->stats.tx_mirror++;
	}
}

static void tx_add(struct sw *sw, struct port *d, uint32_t slot,
		   uint8_t op, uint16_t vid)
{
	struct endpoint *ep;
	uint32_t len = sw->pool.len[slot];

	if (unlikely(op == TX_PUSH && len + 4 > sw->cfg.max_frame)) {
		/* clients read at most max_frame bytes: never send a cut frame */
		d->stats.tx_drop_oversize++;
		return;
	}
	if (unlikely(d->mirror))
		fwd_mirror(sw, d, slot, op, vid);
	if (unlikely(sw->caps))
		cap_port(sw, (uint32_t)(d - sw->ports), slot, op, vid);
	for (ep = d->ep; ep; ep = ep->next) {
		/* one entry per received frame; fwd_flush() runs per batch */
		ASSERT(ep->ntx - ep->nmir < RX_BATCH);
		tx_put(sw, ep, slot, op, vid);
	}
	d->stats.tx_frames++;
	if (op == TX_PUSH)
		len += 4;
	else if (op == TX_STRIP)
		len = MAX(len - 4, (uint32_t)ETH_ZLEN_);
	d->stats.tx_bytes += len;
}

static void tx_vlan(struct sw *sw, struct port *d, uint32_t slot,
		    uint16_t vid, bool tagged)
{
	uint8_t op;

	if (d->vlan == vid)
		op = tagged ? TX_STRIP : TX_ASIS;
	else
		op = tagged ? TX_ASIS : TX_PUSH;
	tx_add(sw, d, slot, op, vid);
}

static void fwd_hub(struct sw *sw, uint32_t in, uint32_t slot)
{
	uint32_t i;

	for (i = 0; i < sw->nactive; i++) {
		uint32_t no = sw->active[i];

		if (no != in && no != 0)
			tx_add(sw, &sw->ports[no], slot, TX_ASIS, 0);
	}
}

/*
 * Back-pressure, theory of operation: a unicast destination whose output
 * queue passes EP_QHIGH while it is still reading (it sent something in
 * the last BP_STALL_MS) makes the sender of the batch stop reading, if at
 * least half of that batch went to it: the sender then blocks in its own
 * send() instead of losing frames, and resumes when the queue falls to
 * EP_QLOW.  Only a destination of the same uid pauses a sender: a tenant
 * can slow down itself, never another tenant (frames for a slow
 * destination of another user are dropped when its queue is full).  A
 * destination that stops reading stops pausing anybody (its waiters are
 * resumed by bp_check()), and a sender that sends only a little to a slow
 * destination is never paused for it.  Floods never pause anybody.
 */
static void bp_note(struct sw *sw, const struct port *d)
{
	struct endpoint *e;

	if (sw->cfg.no_backpressure)
		return;
	for (e = d->ep; e; e = e->next) {
		/* a tenant may slow down only itself */
		if (e->uid == sw->rx_uid &&
		    e->qlen + e->ntx >= EP_QHIGH &&
		    sw->now_ms - e->last_progress_ms < BP_STALL_MS) {
			if (sw->rx_block != e)
				sw->rx_block_hits = 0;
			sw->rx_block = e;
			sw->rx_block_hits++;
		}
	}
}

static void ep_events(struct sw *sw, struct endpoint *ep)
{
	struct epoll_event ev = {
		.events = (ep->rx_paused ? 0 : EPOLLIN) |
			  (ep->pollout ? EPOLLOUT : 0),
		.data.ptr = &ep->ev_data,
	};

	epoll_ctl(sw->epfd, EPOLL_CTL_MOD, ep->data_fd, &ev);
}

/**
 * bp_pause() - stop reading from @ep until @b has drained
 * @sw:	switch
 * @ep:	sender
 * @b:	congested destination
 */
void bp_pause(struct sw *sw, struct endpoint *ep, struct endpoint *b)
{
	if (ep->rx_paused || ep == b || ep->dead || b->dead)
		return;
	ep->rx_paused = true;
	ep->stats.rx_paused++;
	ep->blocker = b;
	ep->wait_next = b->waiters;
	b->waiters = ep;
	sw->npaused++;
	ep_events(sw, ep);
}

/**
 * bp_resume_waiters() - read again from everybody waiting for @b
 * @sw:	switch
 * @b:	destination that drained, stalled or went away
 */
void bp_resume_waiters(struct sw *sw, struct endpoint *b)
{
	struct endpoint *w = b->waiters, *next;

	b->waiters = NULL;
	for (; w; w = next) {
		next = w->wait_next;
		w->wait_next = NULL;
		w->blocker = NULL;
		w->rx_paused = false;
		sw->npaused--;
		if (!w->dead)
			ep_events(sw, w);
	}
}

/**
 * bp_unlink() - an endpoint goes away: nobody waits for it, it waits for
 * nobody
 * @sw:	switch
 * @ep:	endpoint being closed
 */
void bp_unlink(struct sw *sw, struct endpoint *ep)
{
	struct endpoint **wp;

	if (ep->waiters)
		bp_resume_waiters(sw, ep);
	if (!ep->blocker)
		return;
	for (wp = &ep->blocker->waiters; *wp; wp = &(*wp)->wait_next) {
		if (*wp == ep) {
			*wp = ep->wait_next;
			break;
		}
	}
	ep->blocker = NULL;
	ep->rx_paused = false;
	sw->npaused--;
}

/**
 * bp_check() - resume senders whose destination stopped reading
 * @sw:	switch
 *
 * Called every few milliseconds while anybody is paused.
 */
void bp_check(struct sw *sw)
{
	uint32_t i;

	for (i = 0; i < sw->nactive && sw->npaused; i++) {
		struct endpoint *e;

		for (e = sw->ports[sw->active[i]].ep; e; e = e->next)
			if (e->waiters &&
			    sw->now_ms - e->last_progress_ms >= BP_STALL_MS)
				bp_resume_waiters(sw, e);
	}
}

/**
 * fwd_frame() - decide where one validated frame goes and queue it there
 * @sw:		switch
 * @in:		ingress port
 * @slot:	pool slot holding a frame of at least 60 bytes
 *
 * The caller keeps its own reference to @slot; each destination takes one.
 */
void fwd_frame(struct sw *sw, uint32_t in, uint32_t slot)
{
	struct port *ip = &sw->ports[in];
	const uint8_t *f = pool_data(&sw->pool, slot);
	bool tagged = false;
	enum fdb_result r;
	uint16_t vid;
	uint32_t i;
	int out;

	if (sw->cfg.hub) {
		fwd_hub(sw, in, slot);
		return;
	}
	if (f[12] == 0x81 && f[13] == 0x00) {
		tagged = true;
		vid = ((f[14] & 0x0f) << 8) | f[15];
		if (vid == VLAN_NONE || !port_in_vlan(ip, vid)) {
			ip->stats.rx_drop_vlan++;
			log_ratelimited(LOG_INFO,
					"port %u: frame of VLAN %u dropped: not a member",
					in, vid);
			return;
		}
	} else {
		vid = ip->vlan;
		if (vid == VLAN_NONE) {
			ip->stats.rx_drop_vlan++;
			log_ratelimited(LOG_INFO,
					"port %u: untagged frame dropped: no untagged VLAN",
					in);
			return;
		}
	}

	if (unlikely(ip->stp_state == STP_DISCARDING)) {
		ip->stats.rx_drop_stp++;
		return;
	}
	if (unlikely(sw->caps))
		cap_vlan(sw, vid, slot);
	r = fdb_learn(&sw->fdb, f + 6, vid, in, sw->now);
	if (unlikely(r == FDB_FULL || r == FDB_PORT_FULL))
		ip->stats.fdb_overflow++;
	else if (unlikely(r == FDB_LEARNED && sw->dbg_any))
		mgmt_debug(sw, DBG_HASH_ADD,
			   "%02x:%02x:%02x:%02x:%02x:%02x VLAN %02x:%02x Port %u",
			   f[6], f[7], f[8], f[9], f[10], f[11], vid >> 8,
			   vid & 0xff, in);
	else if (unlikely(r == FDB_MOVED))
		log_ratelimited(LOG_INFO,
				"MAC %02x:%02x:%02x:%02x:%02x:%02x vlan %u moved to port %u",
				f[6], f[7], f[8], f[9], f[10], f[11], vid, in);
	if (unlikely(ip->stp_state != STP_FORWARDING)) {
		/* learning: addresses are learned, nothing is forwarded */
		ip->stats.rx_drop_stp++;
		return;
	}

	if (!mac_is_multicast(f)) {
		out = fdb_lookup(&sw->fdb, f, vid);
		if (out >= 0) {
			struct port *d = &sw->ports[out];

			if ((uint32_t)out != in && d->nep &&
			    d->stp_state == STP_FORWARDING &&
			    port_in_vlan(d, vid)) {
				tx_vlan(sw, d, slot, vid, tagged);
				bp_note(sw, d);
			}
			return;
		}
	}
	for (i = 0; i < sw->nactive; i++) {
		struct port *d = &sw->ports[sw->active[i]];

		if (d != ip && d->stp_state == STP_FORWARDING &&
		    port_in_vlan(d, vid))
			tx_vlan(sw, d, slot, vid, tagged);
	}
}

/**
 * fwd_bpdu_relay() - spanning tree off: a BPDU from trunk port @in goes,
 * untouched, to every other trunk port and nowhere else
 * @sw:		switch
 * @in:		ingress trunk port
 * @slot:	pool slot of the BPDU
 *
 * So that bridges behind the trunks still see each other, and a loop
 * through this switch stays visible to them, as with vde_switch; tenant
 * ports never see a BPDU.
 */
void fwd_bpdu_relay(struct sw *sw, uint32_t in, uint32_t slot)
{
	uint32_t i;

	for (i = 0; i < sw->nactive; i++) {
		uint32_t no = sw->active[i];

		if (no != in && sw_stp_trunk(sw, no))
			tx_add(sw, &sw->ports[no], slot, TX_ASIS, 0);
	}
}

static const uint8_t tx_zeros[8];

/**
 * fwd_iov() - the iovecs that send one queued entry, tag pushed or popped
 * @sw:		switch
 * @t:		entry
 * @iov:	room for 3 iovecs
 * @tag:	room for the 4 bytes of a pushed tag
 *
 * Return: how many iovecs were filled.
 */
int fwd_iov(struct sw *sw, const struct txent *t, struct iovec *iov,
	    uint8_t *tag)
{
	uint8_t *d = pool_data(&sw->pool, t->slot);
	uint32_t len = sw->pool.len[t->slot];

	switch (t->op) {
	case TX_STRIP:
		iov[0] = (struct iovec){ d, 12 };
		iov[1] = (struct iovec){ d + 16, len - 16 };
		if (len - 4 >= ETH_ZLEN_)
			return 2;
		/* still a minimum-size frame once the tag is gone */
		iov[2] = (struct iovec){ (void *)tx_zeros, ETH_ZLEN_ - (len - 4) };
		return 3;
	case TX_PUSH:
		iov[0] = (struct iovec){ d, 12 };
		tag[0] = 0x81;
		tag[1] = 0x00;
		tag[2] = t->vid >> 8;
		tag[3] = t->vid & 0xff;
		iov[1] = (struct iovec){ tag, 4 };
		iov[2] = (struct iovec){ d + 12, len - 12 };
		return 3;
	default:
		iov[0] = (struct iovec){ d, len };
		return 1;
	}
}

/**
 * ep_sendv() - send up to @n entries with one sendmmsg() (a socket) or
 * one writev() each (a tap)
 * @sw:		switch
 * @ep:		destination endpoint
 * @t:		entries
 * @n:		how many (<= RX_BATCH)
 *
 * Return: number sent (>= 0), or negative errno if none was.
 */
static int ep_sendv(struct sw *sw, struct endpoint *ep, struct txent *t,
		    unsigned int n)
{
	struct mmsghdr mm[RX_BATCH];
	struct iovec iov[RX_BATCH][3];
	uint8_t tags[RX_BATCH][4];
	unsigned int i;
	int r;

	if (n > RX_BATCH)
		n = RX_BATCH;
	if (ep->kind == EP_TAP)
		return tap_sendv(sw, ep, t, n);
	for (i = 0; i < n; i++) {
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = iov[i];
		mm[i].msg_hdr.msg_iovlen = fwd_iov(sw, &t[i], iov[i], tags[i]);
	}
	r = sendmmsg(ep->data_fd, mm, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	return r < 0 ? -errno : r;
}

/**
 * fwd_send_port() - send a frame the switch made (a BPDU) on every
 * endpoint of port @no, at once and outside the batch
 * @sw:		switch
 * @no:		port
 * @f:		frame
 * @len:	its length, at least 60 bytes
 *
 * A frame that cannot be sent now (no free slot, a full socket) is
 * dropped and counted: the protocol repeats itself.
 */
void fwd_send_port(struct sw *sw, uint32_t no, const uint8_t *f,
		   uint32_t len)
{
	struct port *p = &sw->ports[no];
	struct endpoint *ep;
	struct txent t = { .op = TX_ASIS };

	if (!p->nep)
		return;
	if (sw->pool.nfree < 4 * RX_BATCH || len > sw->pool.slot_size) {
		p->stats.tx_drop_queue++;
		return;
	}
	t.slot = pool_get(&sw->pool);
	memcpy(pool_data(&sw->pool, t.slot), f, len);
	sw->pool.len[t.slot] = (uint16_t)len;
	if (unlikely(sw->caps))
		cap_port(sw, no, t.slot, TX_ASIS, 0);
	for (ep = p->ep; ep; ep = ep->next) {
		int r;

		if (ep->dead)
			continue;
		r = ep_sendv(sw, ep, &t, 1);
		if (r == 1) {
			p->stats.tx_frames++;
			p->stats.tx_bytes += len;
		} else if (r == 0 || r == -EAGAIN || r == -ENOBUFS) {
			p->stats.tx_drop_queue++;
		} else {
			p->stats.tx_drop_err++;
		}
	}
	pool_put(&sw->pool, t.slot);
}

/**
 * ep_check_gone() - close an endpoint whose client's data socket is gone
 * @sw:		switch
 * @ep:		endpoint a send to failed
 * @err:	the negative errno
 *
 * Once a send finds the peer closed, the kernel disconnects our data
 * socket, and from then on anybody allowed to write DIR/NNN.F could send
 * frames into this port.  So the endpoint ends there, without waiting for
 * its control stream (which a client may keep open).
 *
 * Return: true if the endpoint was closed.
 */
bool ep_check_gone(struct sw *sw, struct endpoint *ep, int err)
{
	if (ep->kind == EP_TAP)
		return tap_check_gone(sw, ep, err);
	if (err != -ECONNREFUSED && err != -ECONNRESET &&
	    err != -ENOTCONN && err != -EPIPE && err != -EDESTADDRREQ)
		return false;
	ep_close(sw, ep, "client's data socket is gone");
	return true;
}

static void ep_pollout(struct sw *sw, struct endpoint *ep, bool on)
{
	if (ep->pollout == on)
		return;
	ep->pollout = on;
	ep_events(sw, ep);
}

static void ep_drop(struct sw *sw, struct endpoint *ep, struct txent *t,
		    unsigned int n, int err)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		pool_put(&sw->pool, t[i].slot);
	if (err == -EAGAIN) {
		ep->stats.tx_drop_queue += n;
		sw->ports[ep->port].stats.tx_drop_queue += n;
	} else {
		ep->stats.tx_drop_err += n;
		sw->ports[ep->port].stats.tx_drop_err += n;
		log_ratelimited(LOG_DEBUG, "port %u endpoint %u: send: %s",
				ep->port, ep->id, err_str(err));
	}
}

/* Append entries to the endpoint's output queue, dropping what won't fit */
static void ep_enqueue(struct sw *sw, struct endpoint *ep, struct txent *t,
		       unsigned int n)
{
	bool low = sw->pool.nfree < sw->pool.n / 4;
	unsigned int i;

	/* keep enough free slots that receiving never stalls */
	if (sw->pool.nfree < 4 * RX_BATCH) {
		ep_drop(sw, ep, t, n, -EAGAIN);
		return;
	}

	if (!ep->q) {
		ep->q = calloc(EP_QLEN, sizeof(*ep->q));
		if (!ep->q) {
			ep_drop(sw, ep, t, n, -EAGAIN);
			return;
		}
	}
	for (i = 0; i < n; i++) {
		if (ep->qlen >= EP_QLEN || (low && ep->qlen >= EP_QFAIR)) {
			ep_drop(sw, ep, t + i, n - i, -EAGAIN);
			break;
		}
		ep->q[(ep->qhead + ep->qlen) % EP_QLEN] = t[i];
		ep->qlen++;
		ep->stats.tx_queued++;
	}
	if (ep->qlen)
		ep_pollout(sw, ep, true);
}

static void ep_flush(struct sw *sw, struct endpoint *ep)
{
	unsigned int n = ep->ntx, i;
	int r;

	ep->ntx = 0;
	ep->nmir = 0;
	if (ep->dead) {
		ep_drop(sw, ep, ep->tx, n, -EPIPE);
		return;
	}
	if (ep->qlen) {
		ep_enqueue(sw, ep, ep->tx, n);
		return;
	}
	r = ep_sendv(sw, ep, ep->tx, n);
	if (r == -EAGAIN || r == -ENOBUFS)
		r = 0;
	if (r < 0) {
		ep_drop(sw, ep, ep->tx, n, r);
		ep_check_gone(sw, ep, r);
		return;
	}
	for (i = 0; i < (unsigned int)r; i++)
		pool_put(&sw->pool, ep->tx[i].slot);
	if (r > 0)
		ep->last_progress_ms = sw->now_ms;
	if ((unsigned int)r < n)
		ep_enqueue(sw, ep, ep->tx + r, n - r);
}

/**
 * fwd_flush() - send everything fwd_frame() queued during this batch
 * @sw:	switch
 */
void fwd_flush(struct sw *sw)
{
	struct endpoint *ep = sw->tx_dirty;

	sw->tx_dirty = NULL;
	while (ep) {
		struct endpoint *next = ep->tx_next;

		ep_flush(sw, ep);
		ep = next;
	}
}

/**
 * ep_drain() - the endpoint became writable: send its queue
 * @sw:	switch
 * @ep:	endpoint with a backlog
 */
void ep_drain(struct sw *sw, struct endpoint *ep)
{
	while (ep->qlen) {
		unsigned int run = MIN(ep->qlen, EP_QLEN - ep->qhead);
		int r, i;

		r = ep_sendv(sw, ep, ep->q + ep->qhead, MIN(run, RX_BATCH));
		if (r == -EAGAIN || r == -ENOBUFS)
			return;
		if (r < 0) {
			while (ep->qlen) {
				run = MIN(ep->qlen, EP_QLEN - ep->qhead);
				ep_drop(sw, ep, ep->q + ep->qhead, run, r);
				ep->qhead = (ep->qhead + run) % EP_QLEN;
				ep->qlen -= run;
			}
			if (ep_check_gone(sw, ep, r))
				return;
			break;
		}
		for (i = 0; i < r; i++)
			pool_put(&sw->pool, ep->q[ep->qhead + i].slot);
		ep->qhead = (ep->qhead + r) % EP_QLEN;
		ep->qlen -= r;
		if (r > 0)
			ep->last_progress_ms = sw->now_ms;
		if (ep->waiters && ep->qlen <= EP_QLOW)
			bp_resume_waiters(sw, ep);
		if ((unsigned int)r < MIN(run, RX_BATCH))
			return;
	}
	if (ep->waiters)
		bp_resume_waiters(sw, ep);
	ep_pollout(sw, ep, false);
}
