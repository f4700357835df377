// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * tapport.c - tap devices as switch ports.
 *
 * Theory of operation: a tap port is a port whose only endpoint is a tap
 * descriptor (IFF_TAP|IFF_NO_PI, non-blocking) instead of a VDE data
 * socket.  Everything above the system call is shared with VDE endpoints:
 * ep_rx() receives into pool slots and forwards, fwd_flush() and
 * ep_drain() send with the same output queue, back-pressure and 802.1Q
 * tag push/pop (fwd_iov()).  Only the calls differ, because a tap is not a
 * socket: one readv() per frame instead of recvmmsg(), one writev() per
 * frame instead of sendmmsg().
 *
 * The descriptor was opened with privilege before the sandbox (by
 * vde-privd, or by vde-switchd -t while still root); no ioctl is made
 * here.  A tap that is down refuses writes with EIO: each such frame is a
 * counted drop (tx_drop_err) and a rate-limited log line, nothing more.
 * A tap whose interface was deleted reports EPOLLERR and EBADFD for good:
 * its endpoint is closed (the port stays, with its configuration), so that
 * the descriptor cannot keep the event loop busy.
 *
 * A tap endpoint belongs to TAP_UID, which no client can have: a client
 * can neither join a tap's port nor be paused by a slow tap, and the
 * port is made not allocatable, so that "any port" requests never land
 * on it while the tap is away.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/uio.h>
#include <unistd.h>

#include "log.h"
#include "switchd.h"
#include "tap.h"

/* Descriptors opened by -t before the sandbox, attached after it */
static struct {
	int fd;
	char ifname[IFNAMSIZ];
} tap_opened[SW_TAPS_MAX];

/**
 * tap_recv() - read up to @n frames from a tap, as recvmmsg() would
 * @ep:	tap endpoint
 * @mm:	messages, each with one iovec of room for a frame
 * @n:	how many
 *
 * A frame longer than the iovec is flagged MSG_TRUNC (one spare byte tells
 * it apart from a frame of exactly that length).
 *
 * Return: frames read, or -1 with errno set if none could be (EAGAIN: no
 * frame waiting).
 */
int tap_recv(struct endpoint *ep, struct mmsghdr *mm, unsigned int n)
{
	static uint8_t spare[64];
	struct iovec iov[2];
	unsigned int i;
	ssize_t r;

	for (i = 0; i < n; i++) {
		iov[0] = mm[i].msg_hdr.msg_iov[0];
		iov[1] = (struct iovec){ spare, sizeof(spare) };
		r = readv(ep->data_fd, iov, 2);
		if (r < 0)
			return i ? (int)i : -1;
		mm[i].msg_hdr.msg_flags = 0;
		if ((size_t)r > iov[0].iov_len) {
			mm[i].msg_hdr.msg_flags = MSG_TRUNC;
			r = (ssize_t)iov[0].iov_len;
		}
		mm[i].msg_len = (unsigned int)r;
	}
	return (int)n;
}

/**
 * tap_discard() - drop one waiting frame (the frame pool is empty)
 * @ep:	tap endpoint
 *
 * Return: true if a frame was dropped.
 */
bool tap_discard(struct endpoint *ep)
{
	uint8_t scratch[64];

	return read(ep->data_fd, scratch, sizeof(scratch)) >= 0;
}

/**
 * tap_sendv() - write up to @n entries to a tap, one writev() each
 * @sw:	switch
 * @ep:	tap endpoint
 * @t:	entries
 * @n:	how many (<= RX_BATCH)
 *
 * A frame the tap refuses for any reason but a full queue (EIO: the
 * interface is down; EBADFD: it was deleted; EINVAL) is dropped here and
 * counted, and counts as done for the caller.
 *
 * Return: entries done (>= 0), or -EAGAIN if the first would block.
 */
int tap_sendv(struct sw *sw, struct endpoint *ep, const struct txent *t,
	      unsigned int n)
{
	struct iovec iov[3];
	uint8_t tag[4];
	unsigned int i;

	for (i = 0; i < n; i++) {
		int cnt = fwd_iov(sw, &t[i], iov, tag);

		if (writev(ep->data_fd, iov, cnt) >= 0)
			continue;
		if (errno == EAGAIN || errno == ENOBUFS)
			return i ? (int)i : -EAGAIN;
		ep->stats.tx_drop_err++;
		sw->ports[ep->port].stats.tx_drop_err++;
		log_ratelimited(LOG_NOTICE,
				"port %u: tap %s: frame dropped: %s", ep->port,
				ep->descr, err_str(errno));
	}
	return (int)n;
}

/**
 * tap_check_gone() - close a tap endpoint whose interface was deleted
 * @sw:		switch
 * @ep:		tap endpoint a read failed on
 * @err:	the negative errno
 *
 * Return: true if the endpoint was closed.
 */
bool tap_check_gone(struct sw *sw, struct endpoint *ep, int err)
{
	uint32_t port = ep->port;

	if (err != -EBADFD)
		return false;
	log_warn("port %u: tap %s is gone (%s): detached", ep->port,
		 ep->descr, err_str(err));
	ep_close(sw, ep, "tap interface is gone");
	if (sw->ps.active)
		privsep_tap_gone(sw, port);
	return true;
}

/**
 * tap_port_add() - attach a tap descriptor to a port
 * @sw:		switch
 * @fd:		tap descriptor, non-blocking, IFF_TAP|IFF_NO_PI; owned
 *		by the switch from now on, also on failure
 * @ifname:	interface name, for port/print and logs
 * @port:	port number, 0 for the first free one
 * @vlan:	the port's untagged VLAN (created if it does not exist), or
 *		VLAN_NONE
 *
 * The port is created if needed and made not allocatable; an existing
 * port keeps its tagged VLANs and access lists.  Must be called with the
 * event loop's epoll set ready; the descriptor must be non-blocking
 * (fcntl() is not in the sandbox, so this is not checked).
 *
 * Return: the port number, or -EINVAL (bad argument), -ENXIO (no such
 * port), -ENOSPC (no free port), -EADDRINUSE (port has endpoints),
 * -EMFILE (too many endpoints), -ENOMEM or -EIO (cannot watch @fd).
 */
int tap_port_add(struct sw *sw, int fd, const char *ifname, uint32_t port,
		 uint16_t vlan)
{
	struct endpoint *ep = NULL;
	struct port *p;
	uint32_t no;
	int r;

	r = -EINVAL;
	if (fd < 0 || !ifname || !*ifname || strlen(ifname) >= IFNAMSIZ ||
	    (vlan != VLAN_NONE && vlan > 4093))
		goto fail;
	r = port ? (port < sw->nports ? 0 : -ENXIO) :
		   port_pick(sw, 0, 1, sw->nports - 1, TAP_UID, &no);
	if (r)
		goto fail;
	if (port)
		no = port;
	r = -EADDRINUSE;
	if (sw->ports[no].nep)
		goto fail;
	r = -ENOMEM;
	ep = calloc(1, sizeof(*ep));
	if (!ep)
		goto fail;
	ep->kind = EP_TAP;
	ep->ctl_fd = -1;
	ep->data_fd = fd;
	ep->id = (uint32_t)fd;	/* as vde_switch: the descriptor */
	ep->port = no;
	ep->uid = TAP_UID;
	ep->gid = (gid_t)-1;
	memcpy(ep->descr, ifname, strlen(ifname) + 1);

	p = port_get(sw, no);
	p->allocatable = false;
	p->tap_reserved = true;
	if (vlan != VLAN_NONE)
		sw->vlans[vlan >> 3] |= 1u << (vlan & 7);
	p->vlan = vlan;
	ep_attach(sw, ep);
	if (ep->dead)
		return -EIO;	/* ep_attach() logged and closed @fd */
	log_info("port %u: tap %s attached, untagged VLAN %u", no, ifname,
		 vlan);
	return (int)no;
fail:
	log_err("tap %s: cannot attach to port %u: %s", ifname ? ifname : "?",
		port, err_str(r));
	close(fd);
	free(ep);
	return r;
}

/**
 * tap_port_remove() - detach the tap of a port; the port stays
 * @sw:		switch
 * @port:	port number
 */
void tap_port_remove(struct sw *sw, uint32_t port)
{
	struct endpoint *ep, *next;

	if (port >= sw->nports)
		return;
	for (ep = sw->ports[port].ep; ep; ep = next) {
		next = ep->next;
		if (ep->kind == EP_TAP)
			ep_close(sw, ep, "tap removed");
	}
}

/**
 * tap_open_opts() - open the taps named with -t (before the sandbox)
 * @sw:	switch
 *
 * Creates a tap that does not exist, and brings it up if we are root.
 * Dies if one cannot be opened.
 */
void tap_open_opts(struct sw *sw)
{
	bool root = geteuid() == 0;
	uint32_t i;
	int fd;

	for (i = 0; i < sw->cfg.ntap; i++) {
		const char *name = sw->cfg.tap[i];

		fd = tap_open_config(name, 0, NULL, root,
				     tap_opened[i].ifname);
		if (fd < 0)
			die("cannot open tap %s: %s%s", name, err_str(fd),
			    fd == -EPERM ? " (needs root, or a persistent tap owned by you: ip tuntap add NAME mode tap user USER)" : "");
		tap_opened[i].fd = fd;
	}
}

/**
 * tap_attach_opts() - attach the taps opened by tap_open_opts()
 * @sw:	switch
 *
 * Each tap gets the first free port, untagged VLAN 0, as in vde_switch.
 * Dies if one cannot be attached (set-up only).
 */
void tap_attach_opts(struct sw *sw)
{
	uint32_t i;

	for (i = 0; i < sw->cfg.ntap; i++)
		if (tap_port_add(sw, tap_opened[i].fd, tap_opened[i].ifname,
				 0, 0) < 0)
			die("cannot attach tap %s", tap_opened[i].ifname);
}
