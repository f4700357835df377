// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_console.c - fuzz target for vde-cable's management console
 * (cable/console.c): the input is what a client writes to the console
 * socket, delivered over a real socketpair in pieces (a byte 0xfe in the
 * input marks a cut between two writes), to a session on a cable whose
 * engine has two peers, each with a station learned behind it.
 *
 * Invariants: nothing crashes; every answer the console writes ends with
 * the prompt, or with "9999 END OF SESSION" after which the session is
 * closed; every line holding a complete command gets one result line
 * (1000, 1022 or 1038); nothing is written before a newline arrives.
 */
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sodium.h>

#include "cable.h"
#include "fuzz.h"

enum {
	CUT = 0xfe,
};

static struct cable c;
static struct dev d;
static struct peers ps;
static struct peer pv[2];
static char out[1 << 20];
static bool ready;

static void setup(void)
{
	uint8_t priv[32];

	FUZZ_CHECK(sodium_init() >= 0);
	memset(priv, 0x11, sizeof(priv));
	memset(pv[0].pub, 0x22, sizeof(pv[0].pub));
	memset(pv[1].pub, 0x33, sizeof(pv[1].pub));
	strcpy(pv[0].name, "siteb");
	strcpy(pv[1].name, "sitec");
	ps.v = pv;
	ps.n = 2;
	FUZZ_CHECK(dev_init(&d, priv, &ps, &cable_dev_ops, &c) == 0);
	/* a station behind each peer for cable/macs (shown for 300 s) */
	learn_update(&d.learn, (const uint8_t[6]){ 2, 0, 0, 0, 0, 0xb },
		     0, 0, cable_now());
	learn_update(&d.learn, (const uint8_t[6]){ 2, 0, 0, 0, 0, 0xc },
		     10, 1, cable_now());
	c.d = &d;
	c.swdir = "/run/vde/fuzz";
	c.epfd = epoll_create1(EPOLL_CLOEXEC);
	FUZZ_CHECK(c.epfd >= 0);
	ready = true;
}

/* What the console wrote since last time (the socket is non-blocking) */
static size_t drain(int fd)
{
	size_t n = 0;
	ssize_t r;

	while (n < sizeof(out) - 1 &&
	       (r = recv(fd, out + n, sizeof(out) - 1 - n, MSG_DONTWAIT)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	return n;
}

static bool pending(int fd)
{
	char b;

	return recv(fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 1;
}

static size_t count_results(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i + 5 <= n; i++)
		if ((i == 0 || s[i - 1] == '\n') && s[i] == '1' &&
		    s[i + 4] == ' ' && (!strncmp(s + i, "1000", 4) ||
					!strncmp(s + i, "1022", 4) ||
					!strncmp(s + i, "1038", 4) ||
					!strncmp(s + i, "1012", 4)))
			k++;
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int sv[2];
	size_t i = 0, j, n, newlines;

	if (!ready)
		setup();
	FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0);
	c.sess[0].fd = sv[0];
	c.sess[0].len = 0;
	c.sess[0].discard = false;
	while (i < size && c.sess[0].fd >= 0) {
		for (j = i; j < size && data[j] != CUT; j++)
			;
		newlines = 0;
		for (n = i; n < j; n++)
			newlines += data[n] == '\n';
		if (j > i)
			FUZZ_CHECK(write(sv[1], data + i, j - i) ==
				   (ssize_t)(j - i));
		/* as the event loop does (level-triggered): until all that
		 * was written has been read */
		do
			console_input(&c, &c.sess[0]);
		while (c.sess[0].fd >= 0 && pending(sv[0]));
		n = drain(sv[1]);
		if (!newlines)
			FUZZ_CHECK(n == 0);
		if (n && c.sess[0].fd >= 0) {
			FUZZ_CHECK(n >= 5 && !memcmp(out + n - 5, "vde$ ", 5));
			FUZZ_CHECK(count_results(out, n) <= newlines);
		}
		if (c.sess[0].fd < 0 && n)
			FUZZ_CHECK(strstr(out, "9999 END OF SESSION") ||
				   count_results(out, n) <= newlines);
		i = j + 1;
	}
	if (c.sess[0].fd >= 0)
		close(c.sess[0].fd);
	c.sess[0].fd = -1;
	close(sv[1]);
	return 0;
}
