// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_tapport.c - tap ports (switchd/tapport.c) on the switch of
 * sw_harness.h.  A tap reads and writes one frame per call, and so does
 * an AF_UNIX datagram socket: the "tap" here is one end of a datagram
 * socketpair, which lets the test see exactly what the switch writes with
 * writev() and feed what it reads with readv(), through the shared
 * receive, forwarding, tagging and output-queue code.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "mgmt.h"
#include "sw_harness.h"

enum { TAP_PORT = 6 };

struct tap {
	struct endpoint *ep;
	int peer;		/* the "kernel side" of the tap */
};

static struct tap tap_add(struct harness *h, uint32_t port, uint16_t vlan)
{
	struct tap t;
	int sv[2], r;

	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK |
				    SOCK_CLOEXEC, 0, sv), 0);
	r = tap_port_add(&h->sw, sv[0], "vdetap0", port, vlan);
	assert_true(r > 0);
	t.ep = h->sw.ports[r].ep;
	assert_non_null(t.ep);
	assert_int_equal(t.ep->kind, EP_TAP);
	t.peer = sv[1];
	return t;
}

static void tap_del(struct harness *h, struct tap *t)
{
	tap_port_remove(&h->sw, t->ep->port);
	close(t->peer);
}

static ssize_t tap_read(struct tap *t, uint8_t *buf)
{
	ssize_t n = recv(t->peer, buf, BUF, MSG_DONTWAIT | MSG_TRUNC);

	return n < 0 ? -1 : n;
}

static void test_add_print(void **state)
{
	struct harness *h = *state;
	char out[4096];
	struct tap t;
	int sv[2];

	/* port 0: the first free one is 5 (exists, allocatable, unused) */
	t = tap_add(h, 0, 0);
	assert_int_equal(t.ep->port, 5);
	assert_false(h->sw.ports[5].allocatable);
	assert_int_equal(h->sw.ports[5].nep, 1);
	harness_mgmt(&h->sw, "port/print 5", out, sizeof(out));
	assert_non_null(strstr(out, "Port 0005 untagged_vlan=0000 ACTIVE - NOT Unnamed Allocatable\n"));
	assert_non_null(strstr(out, " Current User: NONE Access Control"));
	assert_non_null(strstr(out, " module tuntap      : vdetap0\n"));

	/* busy port, no such port, bad VLAN: refused, descriptor closed */
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(tap_port_add(&h->sw, sv[0], "x", 5, 0),
			 -EADDRINUSE);
	assert_int_equal(fcntl(sv[0], F_GETFD), -1);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(tap_port_add(&h->sw, sv[0], "x", NPORTS, 0), -ENXIO);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(tap_port_add(&h->sw, sv[0], "x", 7, 4094), -EINVAL);
	assert_int_equal(fcntl(sv[0], F_GETFD), -1);

	/* the port stays, inactive and not allocatable, when the tap goes */
	tap_del(h, &t);
	sw_reap(&h->sw);
	assert_true(h->sw.ports[5].exists);
	assert_int_equal(h->sw.ports[5].nep, 0);
	harness_mgmt(&h->sw, "port/allprint 5", out, sizeof(out));
	assert_non_null(strstr(out, "Port 0005 untagged_vlan=0000 INACTIVE - NOT Unnamed Allocatable\n"));
	assert_null(strstr(out, "tuntap"));
}

static void test_rx_forwarded(void **state)
{
	struct harness *h = *state;
	struct tap t = tap_add(h, TAP_PORT, 0);
	uint8_t f[BUF], want[BUF];
	size_t len = frame_build(f, 100, BC, A, UNTAGGED, 1);
	int i;

	assert_int_equal(send(t.peer, f, len, 0), (ssize_t)len);
	assert_int_equal(send(t.peer, f, 20, 0), 20);	/* padded to 60 */
	ep_rx(&h->sw, t.ep);
	for (i = 0; i < NEP; i++) {
		peer_expect_frame(h, i, f, len);
		frame_expect(want, f, 20, TX_ASIS, 0);
		peer_expect_frame(h, i, want, 60);
	}
	assert_int_equal(h->sw.ports[TAP_PORT].stats.rx_frames, 2);
	/* nothing more waiting: EAGAIN ends the batch quietly */
	ep_rx(&h->sw, t.ep);
	assert_false(t.ep->dead);
	tap_del(h, &t);
}

static void test_rx_truncated(void **state)
{
	struct harness *h = *state;
	struct tap t = tap_add(h, TAP_PORT, 0);
	uint8_t f[BUF];
	size_t len = frame_build(f, h->sw.cfg.max_frame + 1, BC, A,
				 UNTAGGED, 2);

	assert_int_equal(send(t.peer, f, len, 0), (ssize_t)len);
	assert_int_equal(send(t.peer, f, 10, 0), 10);
	ep_rx(&h->sw, t.ep);
	assert_int_equal(h->sw.ports[TAP_PORT].stats.rx_drop_trunc, 1);
	assert_int_equal(h->sw.ports[TAP_PORT].stats.rx_drop_short, 1);
	assert_int_equal(h->sw.ports[TAP_PORT].stats.rx_frames, 0);
	peer_expect_nothing(h, 1);
	tap_del(h, &t);
}

/* The tap is a tagged member of VLAN 10, port 1 an access port of it */
static void test_vlan_push_strip(void **state)
{
	struct harness *h = *state;
	struct tap t = tap_add(h, TAP_PORT, VLAN_NONE);
	uint8_t f[BUF], want[BUF], got[BUF];
	size_t len, wlen;

	h->sw.vlans[10 >> 3] |= 1u << (10 & 7);
	h->sw.ports[1].vlan = 10;
	harness_set_tagged(&h->sw, TAP_PORT, 10);

	/* access port to the tap: tag pushed with writev() */
	len = frame_build(f, 64, BC, A, UNTAGGED, 3);
	harness_input(h, 1, f, len, 0);
	fwd_flush(&h->sw);
	wlen = frame_expect(want, f, len, TX_PUSH, 10);
	assert_int_equal(tap_read(&t, got), (ssize_t)wlen);
	assert_memory_equal(got, want, wlen);
	peer_expect_nothing(h, 0);

	/* tagged from the tap to the access port: stripped */
	len = frame_build(f, 68, BC, B, 10, 4);
	assert_int_equal(send(t.peer, f, len, 0), (ssize_t)len);
	ep_rx(&h->sw, t.ep);
	wlen = frame_expect(want, f, len, TX_STRIP, 0);
	peer_expect_frame(h, 1, want, wlen);
	peer_expect_nothing(h, 0);

	/* untagged from the tap: no untagged VLAN, dropped */
	len = frame_build(f, 64, BC, B, UNTAGGED, 5);
	assert_int_equal(send(t.peer, f, len, 0), (ssize_t)len);
	ep_rx(&h->sw, t.ep);
	assert_int_equal(h->sw.ports[TAP_PORT].stats.rx_drop_vlan, 1);
	peer_expect_nothing(h, 1);
	tap_del(h, &t);
}

/* A tap that cannot take more (EAGAIN) gets an output queue, drained on
 * EPOLLOUT, as a socket does */
static void test_tx_queue(void **state)
{
	struct harness *h = *state;
	struct tap t = tap_add(h, TAP_PORT, 0);
	uint8_t f[BUF], got[BUF];
	int i, n = 0, sndbuf = 1;

	/* the smallest send buffer the kernel allows: a few frames */
	assert_int_equal(setsockopt(t.ep->data_fd, SOL_SOCKET, SO_SNDBUF,
				    &sndbuf, sizeof(sndbuf)), 0);
	for (i = 0; i < 40; i++) {
		size_t len = frame_build(f, 100, BC, A, UNTAGGED, (uint8_t)i);

		harness_input(h, 1, f, len, 0);
		fwd_flush(&h->sw);
	}
	assert_true(t.ep->qlen > 0);
	assert_true(t.ep->pollout);
	while (n < 40) {
		while (tap_read(&t, got) > 0) {
			assert_int_equal(got[14], (uint8_t)(n + 14));
			n++;
		}
		if (!t.ep->qlen)
			break;
		ep_drain(&h->sw, t.ep);
	}
	assert_int_equal(n, 40);
	assert_int_equal(t.ep->qlen, 0);
	assert_false(t.ep->pollout);
	assert_int_equal(h->sw.ports[TAP_PORT].stats.tx_drop_err, 0);
	peer_drain_all(h);
	tap_del(h, &t);
}

/* A write error other than EAGAIN (on a tap: EIO when it is down) is a
 * counted drop; the tap stays attached */
static void test_tx_error_counted(void **state)
{
	struct harness *h = *state;
	struct tap t = tap_add(h, TAP_PORT, 0);
	uint8_t f[BUF];
	size_t len = frame_build(f, 100, BC, A, UNTAGGED, 6);

	close(t.peer);
	t.peer = -1;
	harness_input(h, 1, f, len, 0);
	harness_input(h, 1, f, len, 0);
	fwd_flush(&h->sw);
	assert_int_equal(h->sw.ports[TAP_PORT].stats.tx_drop_err, 2);
	assert_int_equal(t.ep->stats.tx_drop_err, 2);
	assert_false(t.ep->dead);
	assert_int_equal(t.ep->qlen, 0);
	peer_drain_all(h);
	tap_port_remove(&h->sw, TAP_PORT);
}

#define SW_TEST(f) \
	cmocka_unit_test_setup_teardown(f, harness_setup, harness_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SW_TEST(test_add_print),
		SW_TEST(test_rx_forwarded),
		SW_TEST(test_rx_truncated),
		SW_TEST(test_vlan_push_strip),
		SW_TEST(test_tx_queue),
		SW_TEST(test_tx_error_counted),
	};

	return cmocka_run_group_tests_name("tapport", tests,
					   harness_group_setup, NULL);
}
