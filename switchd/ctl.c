// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * ctl.c - the VDE control handshake, server side (spec section 2).
 *
 * Theory of operation:
 *  - Identity is SO_PEERCRED of the accepted stream, read at accept time;
 *    nothing in the request says who the client is.
 *  - A connection that has not sent a whole request within the handshake
 *    timeout is closed; pending connections are capped in total and per
 *    uid, and a connection over the cap is closed at once.
 *  - The client names a return socket.  We open that path with
 *    O_PATH|O_NOFOLLOW, fstat() the descriptor and require a socket owned
 *    by the client's uid (any owner if the client is root), then connect
 *    our data socket through /proc/self/fd/N, i.e. to exactly the inode we
 *    checked.  There is no second lookup of the name, so swapping the file
 *    after the check gains nothing, and naming a socket of another user or
 *    of a system service (vde_switch's confused deputy, spec 2.6) is
 *    refused.  Abstract addresses carry no owner and are refused.
 *  - Every refusal is logged with uid, pid, port and reason, counted, and
 *    answered by closing the stream, so the client fails at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "switchd.h"

static int ctl_spare_fd = -1;	/* closed to accept-and-drop on EMFILE */

static void ctl_unlink(struct sw *sw, struct ctlconn *c)
{
	struct ctlconn **pp;
	struct uidcount *u = uid_get(sw, c->cred.uid, false);

	for (pp = &sw->pending; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	sw->npending--;
	if (u && u->pending)
		u->pending--;
	c->dead = true;
	c->next = sw->conn_graveyard;
	sw->conn_graveyard = c;
}

static void ctl_drop(struct sw *sw, struct ctlconn *c)
{
	epoll_ctl(sw->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	ctl_unlink(sw, c);
}

static void ctl_refuse(struct sw *sw, struct ctlconn *c, long port,
		       const char *fmt, ...) __printf(4, 5);

/* Close the stream (the client fails at once) and say why */
static void ctl_refuse(struct sw *sw, struct ctlconn *c, long port,
		       const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	sw->stats.ctl_refused++;
	if (port >= 0)
		log_ratelimited(LOG_NOTICE,
				"refused uid %u pid %d port %ld: %s",
				(unsigned)c->cred.uid, (int)c->cred.pid, port,
				why);
	else
		log_ratelimited(LOG_NOTICE, "refused uid %u pid %d: %s",
				(unsigned)c->cred.uid, (int)c->cred.pid, why);
	ctl_drop(sw, c);
}

static void ctl_emfile(struct sw *sw)
{
	int fd;

	if (ctl_spare_fd >= 0) {
		close(ctl_spare_fd);
		fd = accept4(sw->ctl_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			close(fd);
	}
	ctl_spare_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	sw->stats.ctl_overflow++;
	log_ratelimited(LOG_WARNING,
			"out of descriptors: control connection closed");
}

/**
 * ctl_accept() - accept pending control connections
 * @sw:	switch
 */
void ctl_accept(struct sw *sw)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
	socklen_t sl;
	int i, fd;

	if (ctl_spare_fd < 0)
		ctl_spare_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	for (i = 0; i < 64; i++) {
		struct ucred cred;
		struct uidcount *u;
		struct ctlconn *c;

		fd = accept4(sw->ctl_fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EMFILE || errno == ENFILE)
				ctl_emfile(sw);
			return;
		}
		sl = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &sl)) {
			close(fd);
			continue;
		}
		u = uid_get(sw, cred.uid, true);
		if (!u || sw->npending >= sw->cfg.max_pending ||
		    u->pending >= sw->cfg.max_pending_uid) {
			sw->stats.ctl_overflow++;
			log_ratelimited(LOG_WARNING,
					"refused uid %u pid %d: too many pending control connections",
					(unsigned)cred.uid, (int)cred.pid);
			close(fd);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->ev.type = EV_CTL_PENDING;
		c->fd = fd;
		c->cred = cred;
		/* never early: expired by the 1 s tick at most 1 s late */
		c->deadline_ms = sw->now_ms +
				  1000ull * sw->cfg.handshake_timeout;
		ev.data.ptr = &c->ev;
		if (epoll_ctl(sw->epfd, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);
			free(c);
			continue;
		}
		c->next = sw->pending;
		sw->pending = c;
		sw->npending++;
		u->pending++;
		sw->stats.ctl_accepted++;
	}
}

/**
 * ctl_open_return() - connect a data socket to the client's return socket
 * @req:	validated request (filesystem address)
 * @uid:	client's uid from SO_PEERCRED
 * @why:	reason on failure
 * @whylen:	its size
 *
 * Return: connected SOCK_DGRAM descriptor, or -1.
 */
static int ctl_open_return(const struct v3_req *req, uid_t uid, char *why,
			   size_t whylen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int pfd, s = -1;
	struct stat st;

	pfd = openat(AT_FDCWD, req->addr.sun_path,
		     O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0) {
		snprintf(why, whylen, "return socket %s: %s",
			 req->addr.sun_path, err_str(errno));
		return -1;
	}
	if (fstat(pfd, &st)) {
		snprintf(why, whylen, "return socket: fstat: %s",
			 err_str(errno));
		goto out;
	}
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(why, whylen, "return address %s is not a socket",
			 req->addr.sun_path);
		goto out;
	}
	if (uid != 0 && st.st_uid != uid) {
		snprintf(why, whylen,
			 "return socket %s belongs to uid %u, not to the client",
			 req->addr.sun_path, (unsigned)st.st_uid);
		goto out;
	}
	s = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0) {
		snprintf(why, whylen, "data socket: %s", err_str(errno));
		goto out;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", pfd);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
		snprintf(why, whylen, "cannot reach return socket %s: %s",
			 req->addr.sun_path, err_str(errno));
		close(s);
		s = -1;
	}
out:
	close(pfd);
	return s;
}

static bool ctl_is_admin(const struct sw *sw, uid_t uid)
{
	return uid == 0 || uid == sw->owner;
}

static int ctl_bind_data(struct sw *sw, int s, uint32_t no,
			 struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/%03u.%d",
		     sw->dir, no, s) >= (int)sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	unlink(sa->sun_path);	/* stale, from a crashed switch */
	if (bind(s, (struct sockaddr *)sa, sizeof(*sa)))
		return -errno;
	return 0;
}

/**
 * peer_groups() - the supplementary groups of the peer of @fd, as the
 * kernel saw them when it connected (SO_PEERGROUPS)
 * @fd:		connected AF_UNIX socket, or -1
 * @groups:	output
 * @max:	its size in entries
 *
 * Return: how many (0 if the kernel cannot say: group rules fail closed).
 */
int peer_groups(int fd, gid_t *groups, size_t max)
{
	socklen_t len = (socklen_t)(max * sizeof(*groups));

	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len))
		return 0;
	return (int)(len / sizeof(*groups));
}

/**
 * peer_in_group() - is the peer of @fd in group @gid (primary or
 * supplementary, as the kernel reports it)?
 */
bool peer_in_group(int fd, const struct ucred *cred, gid_t gid)
{
	gid_t groups[256];
	int i, n;

	if (gid == (gid_t)-1)
		return false;
	if (cred->gid == gid)
		return true;
	n = peer_groups(fd, groups, ARRAY_SIZE(groups));
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/* vde_switch's port ACL (port/setuser, port/setgroup), with the group
 * membership from the kernel (SO_PEERGROUPS) instead of /etc/group */
static bool ctl_acl_admits(const struct port *p, int fd,
			   const struct ucred *cred)
{
	if (!p->exists || (p->acl_uid == ACL_NONE && p->acl_gid == ACL_NONE))
		return true;
	if (cred->uid == 0 || (p->acl_uid != ACL_NONE && cred->uid == p->acl_uid))
		return true;
	return p->acl_gid != ACL_NONE && peer_in_group(fd, cred, p->acl_gid);
}

/* Admission checks; returns the port or -1 after refusing */
static long ctl_admit(struct sw *sw, struct ctlconn *c,
		      const struct v3_req *req, const struct pol_rule **rule)
{
	struct uidcount *u = uid_get(sw, c->cred.uid, true);
	char why[256];
	uint32_t no;
	int r;

	if (req->kind == V3_KIND_PORT0) {
		if (!ctl_is_admin(sw, c->cred.uid)) {
			ctl_refuse(sw, c, 0,
				   "port 0 is reserved to the switch owner");
			return -1;
		}
		port_get(sw, 0);
		no = 0;
	} else if (sw->pol) {
		if (enf_attach(sw, c->fd, &c->cred, req->port, &no, rule, why,
			       sizeof(why))) {
			ctl_refuse(sw, c, req->port, "%s", why);
			return -1;
		}
	} else {
		r = port_pick(sw, req->port, 1, sw->nports - 1, c->cred.uid,
			      &no);
		if (r) {
			ctl_refuse(sw, c, req->port, "%s",
				   r == -ENXIO ? "no such port" :
				   r == -ENOSPC ? "no free port" :
				   "port in use by another user");
			return -1;
		}
	}
	if (!ctl_acl_admits(&sw->ports[no], c->fd, &c->cred)) {
		ctl_refuse(sw, c, no, "port access control (port/setuser, port/setgroup) denies this user");
		return -1;
	}
	if (sw->nendpoints >= sw->cfg.max_endpoints) {
		ctl_refuse(sw, c, no, "switch full (%u endpoints)",
			   sw->cfg.max_endpoints);
		return -1;
	}
	if (!u || u->endpoints >= sw->cfg.max_endpoints_uid) {
		ctl_refuse(sw, c, no, "too many endpoints for this user (%u)",
			   sw->cfg.max_endpoints_uid);
		return -1;
	}
	return no;
}

static void ctl_request(struct sw *sw, struct ctlconn *c)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
	struct sockaddr_un sa;
	struct endpoint *ep;
	const struct pol_rule *rule = NULL;
	struct v3_req req;
	char why[256];
	long no;
	int r, s;

	r = v3_parse(c->buf, c->len, sw->cfg.allow_v1, &req);
	if (r) {
		ctl_refuse(sw, c, -1, "%s", v3_strerror(r));
		return;
	}
	if (req.abstract) {
		ctl_refuse(sw, c, req.port,
			   "abstract return addresses are not accepted");
		return;
	}
	no = ctl_admit(sw, c, &req, &rule);
	if (no < 0)
		return;
	s = ctl_open_return(&req, c->cred.uid, why, sizeof(why));
	if (s < 0) {
		ctl_refuse(sw, c, no, "%s", why);
		return;
	}
	r = ctl_bind_data(sw, s, no, &sa);
	ep = r ? NULL : calloc(1, sizeof(*ep));
	if (!ep) {
		ctl_refuse(sw, c, no, "cannot create data socket: %s",
			   err_str(r ? r : -ENOMEM));
		if (!r)
			unlink(sa.sun_path);
		close(s);
		return;
	}
	if (send(c->fd, &sa, sizeof(sa), MSG_NOSIGNAL | MSG_DONTWAIT) !=
	    (ssize_t)sizeof(sa)) {
		log_info("uid %u pid %d went away during the handshake",
			 (unsigned)c->cred.uid, (int)c->cred.pid);
		unlink(sa.sun_path);
		close(s);
		free(ep);
		ctl_drop(sw, c);
		return;
	}
	ep->ctl_fd = c->fd;
	ep->data_fd = s;
	ep->port = no;
	ep->id = c->fd;
	ep->uid = c->cred.uid;
	ep->gid = c->cred.gid;
	ep->pid = c->cred.pid;
	memcpy(ep->descr, req.descr, sizeof(ep->descr));
	memcpy(ep->sockpath, sa.sun_path, sizeof(ep->sockpath));
	ev.data.ptr = &ep->ev_ctl;
	ctl_unlink(sw, c);
	if (epoll_ctl(sw->epfd, EPOLL_CTL_MOD, ep->ctl_fd, &ev)) {
		unlink(sa.sun_path);
		close(s);
		close(ep->ctl_fd);
		free(ep);
		return;
	}
	ep_attach(sw, ep);
	if (rule && !ep->dead)
		enf_apply(sw, (uint32_t)no, rule);
}

/* Reject early what can never become a valid request */
static bool ctl_early_refuse(struct sw *sw, struct ctlconn *c)
{
	uint32_t w;

	if (c->len >= 4) {
		memcpy(&w, c->buf, 4);
		if (w != V3_MAGIC) {
			ctl_refuse(sw, c, -1, "%s", v3_strerror(V3_E_MAGIC));
			return true;
		}
	}
	if (c->len >= 8) {
		memcpy(&w, c->buf + 4, 4);
		if (w != V3_VERSION && !(sw->cfg.allow_v1 && w <= 1)) {
			ctl_refuse(sw, c, -1, "%s (%u)",
				   v3_strerror(V3_E_VERSION), w);
			return true;
		}
	}
	if (c->len > V3_REQ_MAX) {
		ctl_refuse(sw, c, -1, "%s", v3_strerror(V3_E_LONG));
		return true;
	}
	return false;
}

/**
 * ctl_pending_event() - bytes (or EOF) on a connection awaiting its request
 * @sw:		switch
 * @c:		connection
 * @events:	epoll events
 */
void ctl_pending_event(struct sw *sw, struct ctlconn *c, uint32_t events)
{
	ssize_t n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
	size_t need = V3_HDR_LEN;

	if (n == 0 || (n < 0 && errno != EAGAIN)) {
		log_debug("uid %u pid %d closed before sending a request",
			  (unsigned)c->cred.uid, (int)c->cred.pid);
		ctl_drop(sw, c);
		return;
	}
	if (n < 0)
		return;
	c->len += n;
	if (ctl_early_refuse(sw, c))
		return;
	if (sw->cfg.allow_v1 && c->len >= 8 && c->buf[4] <= 1 &&
	    !c->buf[5] && !c->buf[6] && !c->buf[7])
		need = V1_HDR_LEN;
	if (c->len < need) {
		if (events & EPOLLRDHUP)
			ctl_refuse(sw, c, -1, "%s", v3_strerror(V3_E_SHORT));
		return;
	}
	ctl_request(sw, c);
}

/**
 * ctl_expire() - close connections that sent no request in time
 * @sw:	switch
 */
void ctl_expire(struct sw *sw)
{
	struct ctlconn *c = sw->pending, *next;

	for (; c; c = next) {
		next = c->next;
		if (sw->now_ms >= c->deadline_ms) {
			sw->stats.ctl_timeout++;
			ctl_refuse(sw, c, -1,
				   "no complete request within %u s",
				   sw->cfg.handshake_timeout);
		}
	}
}
