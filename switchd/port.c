// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * port.c - ports, endpoints attached to them, and the receive path.
 *
 * A port is a number with a VLAN configuration and counters; an endpoint
 * is one client connection (control stream plus data socket) or one tap
 * device (tapport.c) attached to a port.  Several endpoints may share a
 * port if they belong to the same uid (vde_switch's mobility feature):
 * frames from any of them enter the port, frames to the port go to all
 * of them.  Endpoints are never freed while an epoll batch may still name
 * them: ep_close() marks them dead and sw_reap() frees them after the
 * batch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture.h"
#include "log.h"
#include "mgmt.h"
#include "switchd.h"

/**
 * port_init() - allocate the port table (ports 0..numports)
 * @sw:	switch with cfg.numports set
 *
 * Return: 0 or -ENOMEM.
 */
int port_init(struct sw *sw)
{
	uint32_t i;

	sw->nports = sw->cfg.numports + 1;
	sw->ports = calloc(sw->nports, sizeof(*sw->ports));
	sw->active = calloc(sw->nports, sizeof(*sw->active));
	if (!sw->ports || !sw->active)
		return -ENOMEM;
	for (i = 0; i < sw->nports; i++)
		sw->ports[i].active_idx = -1;
	sw->vlans[0] |= 1;	/* VLAN 0 always exists */
	return 0;
}

/**
 * port_resize() - change the number of ports (port/setnumports)
 * @sw:		switch
 * @numports:	new number of user ports
 *
 * Return: 0, -EADDRINUSE if a port beyond the new size exists, -ENOMEM.
 */
int port_resize(struct sw *sw, uint32_t numports)
{
	uint32_t n = numports + 1, i, *act;
	struct port *p;

	if (n == sw->nports)
		return 0;
	for (i = n; i < sw->nports; i++)
		if (sw->ports[i].exists)
			return -EADDRINUSE;
	p = realloc(sw->ports, n * sizeof(*p));
	if (!p)
		return -ENOMEM;
	sw->ports = p;
	act = realloc(sw->active, n * sizeof(*act));
	if (act)
		sw->active = act;
	if (!act || fdb_resize_ports(&sw->fdb, n))
		return -ENOMEM;
	for (i = sw->nports; i < n; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].active_idx = -1;
	}
	sw->nports = n;
	sw->cfg.numports = numports;
	return 0;
}

/**
 * port_get() - port @no, created (allocatable, VLAN 0) if it did not exist
 * @sw:	switch
 * @no:	port number < sw->nports
 *
 * Return: the port.
 */
struct port *port_get(struct sw *sw, uint32_t no)
{
	struct port *p = &sw->ports[no];

	if (!p->exists) {
		memset(p, 0, sizeof(*p));
		p->exists = true;
		p->allocatable = true;
		p->vlan = 0;
		p->active_idx = -1;
		p->acl_uid = ACL_NONE;
		p->acl_gid = ACL_NONE;
	}
	return p;
}

/**
 * port_pick() - choose the port for an attach request
 * @sw:		switch
 * @want:	requested port, 0 for any
 * @lo:		the lowest port to choose when @want is 0 (at least 1)
 * @hi:		the highest
 * @uid:	requester
 * @no:		chosen port
 *
 * Return: 0, -ENXIO (out of range), -ENOSPC (no free port) or
 * -EADDRINUSE (port held by another user).
 */
int port_pick(struct sw *sw, uint32_t want, uint32_t lo, uint32_t hi,
	      uid_t uid, uint32_t *no)
{
	uint32_t i;

	if (want == 0) {
		for (i = lo; i <= hi && i < sw->nports; i++) {
			const struct port *p = &sw->ports[i];

			if (!p->exists || (!p->nep && p->allocatable)) {
				*no = i;
				return 0;
			}
		}
		return -ENOSPC;
	}
	if (want >= sw->nports)
		return -ENXIO;
	if ((sw->ports[want].nep && sw->ports[want].curuser != uid) ||
	    (sw->ports[want].tap_reserved && uid != TAP_UID))
		return -EADDRINUSE;
	*no = want;
	return 0;
}

/**
 * uid_get() - per-uid counters of endpoints and pending connections
 * @sw:		switch
 * @uid:	user
 * @create:	add an entry if there is none
 *
 * Return: the entry, or NULL (not found, or out of memory).
 */
struct uidcount *uid_get(struct sw *sw, uid_t uid, bool create)
{
	struct uidcount *u;
	uint32_t i;

	for (i = 0; i < sw->nuids; i++)
		if (sw->uids[i].uid == uid)
			return &sw->uids[i];
	if (!create)
		return NULL;
	for (i = 0; i < sw->nuids; i++) {
		if (!sw->uids[i].endpoints && !sw->uids[i].pending) {
			sw->uids[i].uid = uid;
			return &sw->uids[i];
		}
	}
	u = realloc(sw->uids, (sw->nuids + 1) * sizeof(*u));
	if (!u)
		return NULL;
	sw->uids = u;
	u = &sw->uids[sw->nuids++];
	memset(u, 0, sizeof(*u));
	u->uid = uid;
	return u;
}

static void port_activate(struct sw *sw, uint32_t no)
{
	struct port *p = &sw->ports[no];

	p->active_idx = (int32_t)sw->nactive;
	sw->active[sw->nactive++] = no;
	fdb_flush_port(&sw->fdb, no);
	log_debug("port %u up", no);
	mgmt_debug(sw, DBG_PORT_ADD, "%02u", no);
}

static void port_deactivate(struct sw *sw, uint32_t no)
{
	struct port *p = &sw->ports[no];
	uint32_t last = sw->active[--sw->nactive];

	sw->active[p->active_idx] = last;
	sw->ports[last].active_idx = p->active_idx;
	p->active_idx = -1;
	p->curuser = (uid_t)-1;
	enf_release(sw, p);
	/* only this port's entries: no whole-table flush (spec 6.2) */
	fdb_flush_port(&sw->fdb, no);
	log_debug("port %u down", no);
	mgmt_debug(sw, DBG_PORT_DEL, "%02u", no);
}

/**
 * ep_attach() - put a new endpoint on its port and start receiving
 * @sw:	switch
 * @ep:	endpoint with fds, port and identity filled in
 */
void ep_attach(struct sw *sw, struct endpoint *ep)
{
	struct port *p = port_get(sw, ep->port);
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &ep->ev_data };
	struct uidcount *u = uid_get(sw, ep->uid, true);

	ep->ev_ctl.type = EV_EP_CTL;
	ep->last_progress_ms = sw->now_ms;
	ep->ev_data.type = EV_EP_DATA;
	ep->next = p->ep;
	p->ep = ep;
	if (p->nep++ == 0) {
		p->curuser = ep->uid;
		port_activate(sw, ep->port);
	}
	sw_stp_link(sw, ep->port);
	if (u)
		u->endpoints++;
	sw->nendpoints++;
	sw->stats.ep_attached++;
	if (epoll_ctl(sw->epfd, EPOLL_CTL_ADD, ep->data_fd, &ev))
		ep_close(sw, ep, "cannot watch data socket");
	else
		log_info("port %u: endpoint %u attached (uid %u pid %d) \"%s\"",
			 ep->port, ep->id, (unsigned)ep->uid, (int)ep->pid,
			 ep->descr);
	mgmt_debug(sw, DBG_EP_ADD, "Port %02u FD %2u", ep->port, ep->id);
	mgmt_debug(sw, DBG_PORT_DESCR, "Port %02u FD %2u -> \"%s\"",
		   ep->port, ep->id, ep->descr);
}

/**
 * ep_close() - detach an endpoint; freed later by sw_reap()
 * @sw:		switch
 * @ep:		endpoint
 * @why:	reason for the log
 */
void ep_close(struct sw *sw, struct endpoint *ep, const char *why)
{
	struct port *p = &sw->ports[ep->port];
	struct endpoint **pp;
	struct uidcount *u;

	if (ep->dead)
		return;
	ep->dead = true;
	bp_unlink(sw, ep);
	epoll_ctl(sw->epfd, EPOLL_CTL_DEL, ep->data_fd, NULL);
	close(ep->data_fd);
	if (ep->ctl_fd >= 0) {
		epoll_ctl(sw->epfd, EPOLL_CTL_DEL, ep->ctl_fd, NULL);
		close(ep->ctl_fd);
	}
	if (ep->sockpath[0] && unlink(ep->sockpath))
		log_debug("unlink %s: %s", ep->sockpath, err_str(errno));
	while (ep->qlen) {
		pool_put(&sw->pool, ep->q[ep->qhead].slot);
		ep->qhead = (ep->qhead + 1) % EP_QLEN;
		ep->qlen--;
	}
	for (pp = &p->ep; *pp; pp = &(*pp)->next) {
		if (*pp == ep) {
			*pp = ep->next;
			break;
		}
	}
	if (--p->nep == 0)
		port_deactivate(sw, ep->port);
	sw_stp_link(sw, ep->port);
	u = uid_get(sw, ep->uid, false);
	if (u && u->endpoints)
		u->endpoints--;
	sw->nendpoints--;
	sw->stats.ep_detached++;
	log_info("port %u: endpoint %u detached: %s", ep->port, ep->id, why);
	mgmt_debug(sw, DBG_EP_DEL, "Port %02u FD %2u", ep->port, ep->id);
	ep->dead_next = sw->graveyard;
	sw->graveyard = ep;
}

/**
 * sw_reap() - free endpoints and connections closed during the last batch
 * @sw:	switch
 */
void sw_reap(struct sw *sw)
{
	while (sw->graveyard) {
		struct endpoint *ep = sw->graveyard;

		sw->graveyard = ep->dead_next;
		free(ep->q);
		free(ep);
		sw->freed = true;
	}
	while (sw->conn_graveyard) {
		struct ctlconn *c = sw->conn_graveyard;

		sw->conn_graveyard = c->next;
		free(c);
	}
}

/**
 * ep_ctl_event() - the control stream of an attached endpoint moved
 * @sw:		switch
 * @ep:		endpoint
 * @events:	epoll events
 *
 * Clients never send anything after the request; EOF ends the endpoint,
 * stray bytes are counted and ignored.
 */
void ep_ctl_event(struct sw *sw, struct endpoint *ep, uint32_t events)
{
	uint8_t buf[256];
	ssize_t n = read(ep->ctl_fd, buf, sizeof(buf));

	if (n > 0) {
		sw->stats.ctl_junk += n;
		return;
	}
	if (n < 0 && errno == EAGAIN && !(events & (EPOLLHUP | EPOLLERR)))
		return;
	ep_close(sw, ep, n == 0 ? "control stream closed" :
		 "control stream error");
}

/**
 * port_frame_input() - validate one received frame and forward it
 * @sw:		switch
 * @p:		ingress port
 * @no:		its number
 * @slot:	pool slot holding the frame (caller keeps its reference)
 * @len:	bytes received
 * @flags:	msg_flags of the receive (MSG_TRUNC: larger than max_frame)
 *
 * Truncated, empty and short (< 14 bytes) frames are counted and dropped;
 * frames shorter than 60 bytes are padded with zeros.
 */
void port_frame_input(struct sw *sw, struct port *p, uint32_t no,
			uint32_t slot, uint32_t len, int flags)
{
	uint8_t *d = pool_data(&sw->pool, slot);

	if (unlikely(flags & MSG_TRUNC)) {
		p->stats.rx_drop_trunc++;
		log_ratelimited(LOG_NOTICE,
				"port %u: frame larger than %u bytes dropped",
				no, sw->cfg.max_frame);
		return;
	}
	if (unlikely(len < ETH_HLEN_)) {
		if (len)
			p->stats.rx_drop_short++;
		else
			p->stats.rx_empty++;
		return;
	}
	p->stats.rx_frames++;
	p->stats.rx_bytes += len;
	if (len < ETH_ZLEN_) {
		memset(d + len, 0, ETH_ZLEN_ - len);
		len = ETH_ZLEN_;
	}
	sw->pool.len[slot] = len;
	/* mirrors and captures see every frame the port receives */
	if (unlikely(p->mirror))
		fwd_mirror(sw, p, slot, TX_ASIS, 0);
	if (unlikely(sw->caps))
		cap_port(sw, no, slot, TX_ASIS, 0);
	/* BPDU guard: link-local group addresses never reach fwd_frame() */
	if (unlikely(stp_is_linklocal(d))) {
		if (!sw_stp_linklocal(sw, p, no, d, len))
			fwd_bpdu_relay(sw, no, slot);
		return;
	}
	if (unlikely(p->pol_set) && enf_frame_drop(p, no, d))
		return;
	fwd_frame(sw, no, slot);
}

static void ep_rx_nobuf(struct sw *sw, struct endpoint *ep)
{
	uint8_t scratch[64];

	if (ep->kind == EP_TAP) {
		if (tap_discard(ep))
			sw->ports[ep->port].stats.rx_drop_nobuf++;
		return;
	}
	if (recv(ep->data_fd, scratch, sizeof(scratch), MSG_DONTWAIT) >= 0)
		sw->ports[ep->port].stats.rx_drop_nobuf++;
}

/**
 * ep_rx() - receive one batch of frames from an endpoint and forward them
 * @sw:	switch
 * @ep:	endpoint whose data socket is readable
 */
void ep_rx(struct sw *sw, struct endpoint *ep)
{
	struct mmsghdr mm[RX_BATCH];
	struct iovec iov[RX_BATCH];
	uint32_t slots[RX_BATCH];
	struct port *p = &sw->ports[ep->port];
	unsigned int n = MIN(RX_BATCH, sw->pool.nfree), i;
	int r;

	if (!n) {
		ep_rx_nobuf(sw, ep);
		return;
	}
	for (i = 0; i < n; i++) {
		slots[i] = pool_get(&sw->pool);
		iov[i].iov_base = pool_data(&sw->pool, slots[i]);
		iov[i].iov_len = sw->cfg.max_frame;
		memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	sw->rx_block = NULL;
	sw->rx_block_hits = 0;
	sw->rx_uid = ep->uid;
	if (ep->kind == EP_TAP)
		r = tap_recv(ep, mm, n);
	else
		r = recvmmsg(ep->data_fd, mm, n, MSG_DONTWAIT, NULL);
	if (r < 0 && errno != EAGAIN) {
		int err = -errno;

		log_ratelimited(LOG_DEBUG, "port %u endpoint %u: recv: %s",
				ep->port, ep->id, err_str(err));
		for (i = 0; i < n; i++)
			pool_put(&sw->pool, slots[i]);
		ep_check_gone(sw, ep, err);
		return;
	}
	/* recvmmsg() fills at most n <= RX_BATCH slots, all set above */
	for (i = 0; r > 0 && i < (unsigned int)r; i++)
		/* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage) */
		port_frame_input(sw, p, ep->port, slots[i], mm[i].msg_len,
			    mm[i].msg_hdr.msg_flags);
	for (i = 0; i < n; i++)
		pool_put(&sw->pool, slots[i]);
	fwd_flush(sw);
	/* most of this batch went to a destination that cannot keep up */
	if (sw->rx_block && r > 0 && 2 * sw->rx_block_hits >= (uint32_t)r &&
	    sw->rx_block->qlen >= EP_QHIGH)
		bp_pause(sw, ep, sw->rx_block);
	sw->rx_block = NULL;
}
