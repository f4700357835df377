// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_console.c - unit tests of vde-cable's console (cable/console.c):
 * commands match whole words only ("showinfoX" is unknown), logout ends
 * with a newline, "cable/peers NAME" shows one peer (an unknown NAME is
 * refused), "cable/macs [NAME]" lists the live stations learned (or
 * NAME's), an idle session is closed after 5 minutes, the socket is
 * created 0600 without a chmod window, a stale socket is replaced and a
 * live one is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "cable.h"

static struct cable c;
static struct dev d;
static struct peers ps;
static struct peer pv[2];
static char out[65536];

static int setup(void **state)
{
	uint8_t priv[32];

	memset(priv, 0x11, sizeof(priv));
	memset(pv[0].pub, 0x22, sizeof(pv[0].pub));
	memset(pv[1].pub, 0x33, sizeof(pv[1].pub));
	strcpy(pv[0].name, "siteb");
	strcpy(pv[1].name, "sitec");
	ps.v = pv;
	ps.n = 2;
	assert_int_equal(dev_init(&d, priv, &ps, &cable_dev_ops, &c), 0);
	c.d = &d;
	c.swdir = "/run/vde/test";
	c.mfd = -1;
	c.epfd = epoll_create1(EPOLL_CLOEXEC);
	assert_true(c.epfd >= 0);
	return 0;
}

static int teardown(void **state)
{
	close(c.epfd);
	dev_destroy(&d);
	return 0;
}

/* Send @in to a fresh session; Return: what the console answered */
static const char *session(const char *in, bool *closed)
{
	int sv[2];
	size_t n = 0;
	ssize_t r;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
				    sv), 0);
	c.sess[0].fd = sv[0];
	c.sess[0].len = 0;
	c.sess[0].discard = false;
	assert_int_equal(write(sv[1], in, strlen(in)), (ssize_t)strlen(in));
	console_input(&c, &c.sess[0]);
	while ((r = recv(sv[1], out + n, sizeof(out) - 1 - n,
			 MSG_DONTWAIT)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	*closed = c.sess[0].fd < 0;
	if (!*closed)
		close(c.sess[0].fd);
	c.sess[0].fd = -1;
	close(sv[1]);
	return out;
}

static const struct {
	const char *in;
	const char *result;	/* expected in the answer */
	bool closed;
} rows[] = {
	{ "showinfo\n", "1000 Success\n", false },
	{ "showinfo extra\n", "1000 Success\n", false },
	{ "showinfoX\n", "1038 Function not implemented\n", false },
	{ "cable/peersX\n", "1038 Function not implemented\n", false },
	{ "cable/peer\n", "1038 Function not implemented\n", false },
	{ "help me\n", "1000 Success\n", false },
	{ "helpme\n", "1038 Function not implemented\n", false },
	{ "logoutnow\n", "1038 Function not implemented\n", false },
	{ "cable/peers siteb\n", "name=siteb endpoint=none", false },
	{ "cable/peers sitex\n", "1022 Invalid argument\n", false },
	{ "cable/peers\n", "name=siteb endpoint=none", false },
	{ "logout\n", "9999 END OF SESSION\n", true },
	{ "  logout now\n", "9999 END OF SESSION\n", true },
};

static void test_whole_words(void **state)
{
	bool closed;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *o = session(rows[i].in, &closed);

		assert_non_null(strstr(o, rows[i].result));
		assert_int_equal(closed, rows[i].closed);
		if (closed) /* the last line ends with a newline */
			assert_string_equal(o + strlen(o) - 1, "\n");
	}
}

static void test_socket_mode(void **state)
{
	char dir[] = "/tmp/test_console.XXXXXX", path[128];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t old = umask(0);	/* the worst the caller may have */
	int fd, mfd;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mgmt", dir);
	strcpy(sa.sun_path, path);
	assert_int_equal(console_open(&c, path), 0);
	umask(old);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	/* a live console there: refused, and left alone */
	mfd = c.mfd;
	assert_int_equal(console_open(&c, path), -EADDRINUSE);
	assert_int_equal(c.mfd, mfd);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	/* a stale one (nobody listens): replaced */
	close(mfd);
	c.mfd = -1;
	assert_int_equal(console_open(&c, path), 0);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	close(c.mfd);
	c.mfd = -1;
	/* not a socket: refused */
	unlink(path);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	assert_int_equal(console_open(&c, path), -EEXIST);
	unlink(path);
	rmdir(dir);
}

/* cable/macs: live stations only, all or one peer's */
static void test_macs(void **state)
{
	static const uint8_t mb[6] = { 2, 0, 0, 0, 0, 0x0b };
	static const uint8_t mc[6] = { 2, 0, 0, 0, 0, 0x0c };
	static const uint8_t old[6] = { 2, 0, 0, 0, 0, 0xdd };
	uint64_t now = cable_now();
	const char *o;
	bool closed;

	assert_true(now > LEARN_AGE_MS);
	assert_int_equal(learn_update(&d.learn, mb, 0, 0, now), LEARN_NEW);
	assert_int_equal(learn_update(&d.learn, mc, 10, 1, now), LEARN_NEW);
	assert_int_equal(learn_update(&d.learn, old, 0, 0,
				      now - LEARN_AGE_MS), LEARN_NEW);
	o = session("cable/macs\n", &closed);
	assert_non_null(strstr(o, "mac=02:00:00:00:00:0b vlan=0 peer=siteb "
				  "age="));
	assert_non_null(strstr(o, "mac=02:00:00:00:00:0c vlan=10 peer=sitec "
				  "age="));
	assert_null(strstr(o, "00:dd"));
	assert_non_null(strstr(o, "1000 Success\n"));
	o = session("cable/macs sitec\n", &closed);
	assert_non_null(strstr(o, "peer=sitec"));
	assert_null(strstr(o, "peer=siteb"));
	o = session("cable/macs nobody\n", &closed);
	assert_non_null(strstr(o, "1022 Invalid argument\n"));
	o = session("help\n", &closed);
	assert_non_null(strstr(o, "cable/macs"));
	learn_forget_peer(&d.learn, 0);
	learn_forget_peer(&d.learn, 1);
}

/* More stations than one answer holds: the data is cut, but the block
 * still ends, then 1012 and the prompt (a peer may fill the table) */
static void test_macs_full(void **state)
{
	uint64_t now = cable_now();
	uint8_t m[6] = { 2, 0, 0, 0, 0, 0 };
	const char *o, *end;
	bool closed;
	unsigned int i;

	for (i = 0; i < 1000; i++) {
		m[4] = (uint8_t)(i >> 8);
		m[5] = (uint8_t)i;
		learn_update(&d.learn, m, 0, 0, now);
	}
	o = session("cable/macs\n", &closed);
	assert_false(closed);
	assert_true(strlen(o) <= 16384);
	end = "mac=";
	assert_non_null(strstr(o, end));
	end = ".\n1012 Cannot allocate memory\n\nvde$ ";
	assert_true(strlen(o) > strlen(end));
	assert_string_equal(o + strlen(o) - strlen(end), end);
	/* and the next command is answered in full */
	o = session("cable/stats\n", &closed);
	assert_non_null(strstr(o, "1000 Success\n"));
	learn_forget_peer(&d.learn, 0);
}

/* A session idle for 5 minutes is closed: sessions are few */
static void test_idle(void **state)
{
	int sv[2];
	char b;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
				    sv), 0);
	c.sess[0].fd = sv[0];
	c.sess[0].last = 1000;
	console_expire(&c, 1000 + CABLE_SESS_IDLE_MS - 1);
	assert_int_equal(c.sess[0].fd, sv[0]);
	console_expire(&c, 1000 + CABLE_SESS_IDLE_MS);
	assert_int_equal(c.sess[0].fd, -1);
	assert_int_equal(recv(sv[1], &b, 1, 0), 0);	/* closed */
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_words),
		cmocka_unit_test(test_socket_mode),
		cmocka_unit_test(test_macs),
		cmocka_unit_test(test_macs_full),
		cmocka_unit_test(test_idle),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
