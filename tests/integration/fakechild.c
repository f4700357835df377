// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fakechild.c - plays a compromised vde-switchd for privd-malicious.sh.
 *
 * vde-privd runs it (--switchd) exactly as it runs vde-switchd: same
 * argv, empty environment, descriptor 3 the socketpair.  It takes the
 * whole set-up as a real child does, then breaks the protocol in the way
 * its incarnation number selects.  The number is kept in the state memfd,
 * the one thing that survives from one incarnation to the next.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "privsep.h"

static int sock = 3;

static void raw(uint16_t type, uint32_t len, const void *p, size_t plen,
		const int *fds, int nfds)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct priv_hdr h = { .type = type, .len = len };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)p, plen } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = plen ? 2 : 1 };
	struct cmsghdr *c;

	if (nfds) {
		memset(&cm, 0, sizeof(cm));
		mh.msg_control = cm.buf;
		mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	if (sendmsg(sock, &mh, MSG_NOSIGNAL) < 0)
		fprintf(stderr, "fakechild: sendmsg: %s\n", strerror(errno));
}

static void ready(void)
{
	struct priv_ready r = { (uint32_t)getpid(), 1 };

	raw(PRIV_READY, sizeof(r), &r, sizeof(r), NULL, 0);
}

/* Receive the set-up; return the state memfd */
static int take_setup(void)
{
	uint8_t p[PRIV_MSG_MAX];
	struct priv_hdr h;
	int fd, r, state = -1;

	for (;;) {
		r = priv_recv(sock, &h, p, &fd);
		if (r == -EAGAIN) {
			usleep(10000);
			continue;
		}
		if (r)
			exit(1);
		if (h.type == PRIV_FD &&
		    ((struct priv_fd *)(void *)p)->kind == PRIV_FD_STATE_MEMFD)
			state = fd;
		if (h.type == PRIV_GO)
			return state;
	}
}

int main(void)
{
	uint32_t n = 0, bad[2] = { 0 };
	struct priv_tap t = { 99 };
	struct priv_fatal f = { 7 };
	char junk[PRIV_MSG_MAX + 100];
	int state, fds[2] = { 0, 1 };

	state = take_setup();
	if (state < 0 || pread(state, &n, sizeof(n), 0) < 0)
		return 1;
	n++;
	if (pwrite(state, &n, sizeof(n), 0) != sizeof(n))
		return 1;
	fprintf(stderr, "fakechild: incarnation %u\n", n);
	memset(junk, 'A', sizeof(junk));
	switch (n) {
	case 1:		/* shorter than a header */
		if (send(sock, junk, 3, 0) < 0)
			return 1;
		break;
	case 2:		/* longer than any message */
		if (send(sock, junk, sizeof(junk), 0) < 0)
			return 1;
		break;
	case 3:		/* no such type */
		raw(99, 0, NULL, 0, NULL, 0);
		break;
	case 4:		/* READY with the wrong length */
		raw(PRIV_READY, 4, bad, 4, NULL, 0);
		break;
	case 5:		/* a parent-to-child type, with a descriptor */
		raw(PRIV_FD, sizeof(bad), bad, sizeof(bad), fds, 1);
		break;
	case 6:		/* two descriptors on READY */
		ready();
		raw(PRIV_READY, 8, bad, 8, fds, 2);
		break;
	case 7:		/* READY twice: out of order */
		ready();
		ready();
		break;
	case 8:		/* TAP_REOPEN before READY */
		raw(PRIV_TAP_REOPEN, sizeof(t), &t, sizeof(t), NULL, 0);
		break;
	case 9:		/* a tap it does not have */
		ready();
		raw(PRIV_TAP_REOPEN, sizeof(t), &t, sizeof(t), NULL, 0);
		break;
	case 10:	/* gives up */
		ready();
		raw(PRIV_FATAL, sizeof(f), &f, sizeof(f), NULL, 0);
		break;
	case 11:	/* an empty message: looks like end of file */
		ready();
		if (send(sock, junk, 0, 0) < 0)
			return 1;
		break;
	default:	/* behaves, until told to stop */
		ready();
		for (;;) {
			uint8_t p[PRIV_MSG_MAX];
			struct priv_hdr h;
			int fd, r = priv_recv(sock, &h, p, &fd);

			if (r == -EAGAIN) {
				usleep(20000);
				continue;
			}
			if (r || h.type == PRIV_SHUTDOWN)
				return 0;
		}
	}
	pause();	/* until vde-privd kills us */
	return 0;
}
