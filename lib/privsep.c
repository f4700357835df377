// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * privsep.c - fixed-size messages and descriptor passing between
 * vde-privd and its children (privsep.h).  Runs in root: it reads a
 * header and a payload of a length the type alone decides, and nothing
 * else.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "privsep.h"

int priv_payload_size(uint16_t type)
{
	switch (type) {
	case PRIV_HELLO:	return sizeof(struct priv_hello);
	case PRIV_FD:		return sizeof(struct priv_fd);
	case PRIV_POLICY:	return sizeof(struct priv_policy);
	case PRIV_GO:
	case PRIV_RELOAD:
	case PRIV_SHUTDOWN:	return 0;
	case PRIV_READY:	return sizeof(struct priv_ready);
	case PRIV_TAP_REOPEN:	return sizeof(struct priv_tap);
	case PRIV_FATAL:	return sizeof(struct priv_fatal);
	default:		return -1;
	}
}

int priv_send(int sock, uint16_t type, uint32_t seq, const void *payload,
	      int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	int len = priv_payload_size(type);
	struct priv_hdr h = { .type = type, .seq = seq };
	struct iovec iov[2];
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t n;

	if (len < 0)
		return -EINVAL;
	h.len = (uint32_t)len;
	iov[0].iov_base = &h;
	iov[0].iov_len = sizeof(h);
	if (len) {
		iov[1].iov_base = (void *)payload;
		iov[1].iov_len = (size_t)len;
		mh.msg_iovlen = 2;
	}
	if (fd >= 0) {
		memset(&cm, 0, sizeof(cm));
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == sizeof(h) + (size_t)len ? 0 : -EPROTO;
}

/* Take the one descriptor out of @mh; -EPROTO if the control block holds
 * anything else (every descriptor found is closed then) */
static int priv_take_fd(struct msghdr *mh, int *fd)
{
	struct cmsghdr *c;
	int bad = 0, n, i, got;

	*fd = -1;
	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
			bad = 1;
			continue;
		}
		n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (i = 0; i < n; i++) {
			memcpy(&got, CMSG_DATA(c) + i * sizeof(int),
			       sizeof(int));
			if (*fd < 0 && !bad) {
				*fd = got;
				continue;
			}
			close(got);
			bad = 1;
		}
	}
	if (bad && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	return bad ? -EPROTO : 0;
}

int priv_recv(int sock, struct priv_hdr *hdr, void *payload, int *fd)
{
	union {
		/* room for a few, to see (and refuse) more than one */
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} cm;
	uint8_t buf[PRIV_MSG_MAX + 1];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cm.buf, .msg_controllen = sizeof(cm.buf),
	};
	ssize_t n;
	int want, r;

	*fd = -1;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	r = priv_take_fd(&mh, fd);
	if (n == 0 && !r && *fd < 0)
		return -EPIPE;
	if (r || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
	    (size_t)n < sizeof(*hdr))
		goto bad;
	memcpy(hdr, buf, sizeof(*hdr));
	want = priv_payload_size(hdr->type);
	if (want < 0 || hdr->len != (uint32_t)want ||
	    (size_t)n != sizeof(*hdr) + (size_t)want ||
	    (*fd >= 0) != (hdr->type == PRIV_FD))
		goto bad;
	memcpy(payload, buf + sizeof(*hdr), (size_t)want);
	return 0;
bad:
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
	return -EPROTO;
}
