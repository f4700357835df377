// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_privsep.c - priv_recv() (lib/privsep.c), the only parser of child
 * input in vde-privd, on arbitrary messages over a real SOCK_SEQPACKET
 * socketpair, with 0, 1 or 2 descriptors attached (the first byte picks).
 * It accepts exactly a known type with its exact payload size, a
 * descriptor only on PRIV_FD and then exactly one; every descriptor it
 * does not return is closed (the process's descriptor count is checked).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fuzz.h"
#include "privsep.h"

static int sv[2] = { -1, -1 };

static int nfds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		abort();
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void send_raw(const uint8_t *data, size_t size, int nfd)
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct iovec iov = { (void *)data, size };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fds[2] = { 0, 1 };	/* stdin, stdout: the kernel dups them */
	struct cmsghdr *c;

	if (nfd) {
		memset(&cm, 0, sizeof(cm));
		mh.msg_control = cm.buf;
		mh.msg_controllen = CMSG_SPACE(nfd * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfd * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfd * sizeof(int));
	}
	if (sendmsg(sv[0], &mh, MSG_DONTWAIT) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t payload[PRIV_MSG_MAX];
	struct priv_hdr h;
	int nfd, fd, r, before, want;

	if (sv[0] < 0 &&
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		abort();
	if (!size || size > 4096)
		return 0;
	nfd = data[0] % 3;
	data++;
	size--;
	before = nfds();
	send_raw(data, size, nfd);
	r = priv_recv(sv[1], &h, payload, &fd);
	if (!r) {
		want = priv_payload_size(h.type);
		FUZZ_CHECK(want >= 0 && size == sizeof(h) + (size_t)want);
		FUZZ_CHECK(h.len == (uint32_t)want);
		FUZZ_CHECK((fd >= 0) == (h.type == PRIV_FD));
		FUZZ_CHECK(nfd == (h.type == PRIV_FD));
		FUZZ_CHECK(!memcmp(payload, data + sizeof(h), (size_t)want));
	} else {
		FUZZ_CHECK(fd == -1);
		FUZZ_CHECK(r == -EPROTO || (size == 0 && r == -EPIPE &&
					    nfd == 0));
	}
	if (fd >= 0)
		close(fd);
	FUZZ_CHECK(nfds() == before);
	return 0;
}
