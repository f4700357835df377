// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * sw_harness.c - see sw_harness.h.
 *
 * Set-up and teardown are cmocka fixtures: teardown closes every
 * endpoint and then checks that the frame pool is whole, no port is left
 * active and the MAC table is empty, so every test using them also proves
 * that it leaked no frame reference.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "mgmt.h"
#include "sw_harness.h"

const uint32_t ep_port[NEP] = { 0, 1, 2, 3, 4, 4 };

const uint8_t macs[][6] = {
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },	/* BC */
	{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb },	/* MC */
	{ 0x52, 0x54, 0x00, 0x12, 0x34, 0x01 },	/* A */
	{ 0x52, 0x54, 0x00, 0x12, 0x34, 0x02 },	/* B */
	{ 0x52, 0x54, 0x00, 0x12, 0x34, 0x03 },	/* C */
	{ 0x52, 0x54, 0x00, 0x12, 0x34, 0x04 },	/* D */
};

/**
 * harness_group_setup() - once per program: quiet logs, libsodium
 * @state:	unused
 *
 * Return: 0, or -1 if libsodium cannot start.
 */
int harness_group_setup(void **state)
{
	(void)state;
	log_init("test", NULL);
	log_set_level(LOG_CRIT);
	return sodium_init() < 0 ? -1 : 0;
}

static struct endpoint *attach(struct harness *h, uint32_t port, int *peer)
{
	struct endpoint *ep = calloc(1, sizeof(*ep));
	int sv[2];

	assert_non_null(ep);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK |
				    SOCK_CLOEXEC, 0, sv), 0);
	ep->data_fd = sv[0];
	ep->ctl_fd = -1;
	ep->id = (uint32_t)sv[0];
	ep->port = port;
	ep->uid = 1000;
	ep->gid = 1000;
	ep->pid = 4242;
	strcpy(ep->descr, "test");
	ep_attach(&h->sw, ep);
	assert_false(ep->dead);
	*peer = sv[1];
	return ep;
}

/**
 * harness_setup() - build the switch of sw_harness.h
 * @state:	receives the struct harness
 *
 * Return: 0, or -1 on failure (cmocka then skips the test).
 */
int harness_setup(void **state)
{
	struct harness *h = calloc(1, sizeof(*h));
	struct sw *sw;
	int i;

	if (!h)
		return -1;
	sw = &h->sw;
	sw->cfg.numports = NPORTS - 1;
	sw->cfg.max_frame = ETH_FRAME_DEFAULT;
	sw->cfg.mode = -1;
	sw->ctl_fd = -1;
	sw->now = 1000;
	sw->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sw->epfd < 0 || port_init(sw) ||
	    fdb_init(&sw->fdb, 64, 1024, 256, sw->nports) ||
	    pool_init(&sw->pool, POOL_SLOTS, sw->cfg.max_frame)) {
		free(h);
		return -1;
	}
	for (i = 0; i < NEP; i++)
		h->ep[i] = attach(h, ep_port[i], &h->peer[i]);
	port_get(sw, 5);
	*state = h;
	return 0;
}

/**
 * harness_teardown() - close everything; check nothing leaked
 * @state:	the struct harness
 *
 * Return: 0 (failures are cmocka assertions).
 */
int harness_teardown(void **state)
{
	struct harness *h = *state;
	struct sw *sw = &h->sw;
	uint32_t i;

	for (i = 0; i < NEP; i++) {
		if (h->ep[i])
			ep_close(sw, h->ep[i], "test over");
		close(h->peer[i]);
	}
	fwd_flush(sw);
	sw_reap(sw);
	/* every reference came back; nothing is left active */
	assert_int_equal(sw->pool.nfree, sw->pool.n);
	assert_int_equal(sw->nactive, 0);
	assert_int_equal(sw->fdb.used, 0);
	for (i = 0; i < sw->nports; i++)
		free(sw->ports[i].tagged);
	free(sw->ports);
	free(sw->active);
	free(sw->uids);
	fdb_free(&sw->fdb);
	stp_free(&sw->stp);	/* the stp commands may have made ports */
	pool_free(&sw->pool);
	close(sw->epfd);
	free(h);
	return 0;
}

/**
 * harness_set_tagged() - make @port a tagged member of @vid
 * @sw:		switch
 * @port:	port number
 * @vid:	VLAN id
 */
void harness_set_tagged(struct sw *sw, uint32_t port, uint16_t vid)
{
	struct port *p = port_get(sw, port);

	if (!p->tagged) {
		p->tagged = calloc(VLAN_MAX / 8 + 1, 1);
		assert_non_null(p->tagged);
	}
	p->tagged[vid >> 3] |= 1u << (vid & 7);
}

/**
 * harness_clear_stats() - zero the counters of every port
 * @h:	harness
 */
void harness_clear_stats(struct harness *h)
{
	uint32_t i;

	for (i = 0; i < h->sw.nports; i++)
		memset(&h->sw.ports[i].stats, 0, sizeof(h->sw.ports[i].stats));
}

/**
 * harness_input() - hand a frame to the switch as ep_rx() would
 * @h:		harness
 * @port:	ingress port
 * @f:		frame bytes
 * @len:	how many
 * @flags:	receive flags (MSG_TRUNC)
 *
 * The pool slot is first filled with junk, as if an older frame had been
 * there, so that missing padding shows.  Nothing is sent before the test
 * calls fwd_flush().
 */
void harness_input(struct harness *h, uint32_t port, const uint8_t *f,
		   size_t len, int flags)
{
	struct sw *sw = &h->sw;
	uint32_t slot;

	assert_true(sw->pool.nfree > 0);
	slot = pool_get(&sw->pool);
	memset(pool_data(&sw->pool, slot), 0xa5, sw->pool.slot_size);
	memcpy(pool_data(&sw->pool, slot), f, len);
	port_frame_input(sw, &sw->ports[port], port, slot, (uint32_t)len,
			 flags);
	pool_put(&sw->pool, slot);
}

/**
 * frame_build() - an Ethernet frame for the tests
 * @f:		output, @len bytes
 * @len:	frame length
 * @dst:	index into macs[]
 * @src:	index into macs[]
 * @tci:	802.1Q TCI, or UNTAGGED
 * @seed:	first payload byte; the payload counts up from there
 *
 * Return: @len.
 */
size_t frame_build(uint8_t *f, size_t len, int dst, int src, int tci,
		   uint8_t seed)
{
	size_t i, off = 12;

	memset(f, 0, len);
	memcpy(f, macs[dst], 6);
	memcpy(f + 6, macs[src], 6);
	if (tci >= 0 && len >= 16) {
		f[12] = 0x81;
		f[13] = 0x00;
		f[14] = (uint8_t)(tci >> 8);
		f[15] = (uint8_t)tci;
		off = 16;
	}
	if (len >= off + 2) {
		f[off] = 0x08;
		f[off + 1] = 0x00;
	}
	for (i = off + 2; i < len; i++)
		f[i] = (uint8_t)(seed + i);
	return len;
}

/**
 * frame_expect() - what a receiver must see for a frame sent in
 * @out:	output, at least BUF bytes
 * @in:		the frame as it entered the switch
 * @len:	its length
 * @op:		enum tx_op applied on the way out
 * @vid:	VLAN of the tag a TX_PUSH inserts
 *
 * The frame padded with zeros to 60 bytes, then the tag pushed (81 00 and
 * the VID, PCP 0) or stripped, and padded to 60 bytes again if stripping
 * made it shorter (spec section 3 and 6.4).
 *
 * Return: expected length.
 */
size_t frame_expect(uint8_t *out, const uint8_t *in, size_t len, int op,
		    uint16_t vid)
{
	uint8_t pad[BUF];

	memcpy(pad, in, len);
	if (len < 60) {
		memset(pad + len, 0, 60 - len);
		len = 60;
	}
	switch (op) {
	case TX_PUSH:
		memcpy(out, pad, 12);
		out[12] = 0x81;
		out[13] = 0x00;
		out[14] = (uint8_t)(vid >> 8);
		out[15] = (uint8_t)vid;
		memcpy(out + 16, pad + 12, len - 12);
		return len + 4;
	case TX_STRIP:
		memcpy(out, pad, 12);
		memcpy(out + 12, pad + 16, len - 16);
		if (len - 4 < 60) {
			memset(out + len - 4, 0, 60 - (len - 4));
			return 60;
		}
		return len - 4;
	default:
		memcpy(out, pad, len);
		return len;
	}
}

/**
 * peer_recv() - receive one datagram at endpoint @i's far end
 * @h:		harness
 * @i:		endpoint index
 * @buf:	BUF bytes
 *
 * Return: its full length, or -1 if none is waiting.
 */
ssize_t peer_recv(struct harness *h, int i, uint8_t *buf)
{
	ssize_t n = recv(h->peer[i], buf, BUF, MSG_DONTWAIT | MSG_TRUNC);

	if (n < 0) {
		assert_int_equal(errno, EAGAIN);
		return -1;
	}
	return n;
}

/**
 * peer_drain_all() - throw away whatever every far end has waiting
 * @h:	harness
 */
void peer_drain_all(struct harness *h)
{
	uint8_t buf[BUF];
	int i;

	for (i = 0; i < NEP; i++)
		while (peer_recv(h, i, buf) >= 0)
			;
}

/**
 * peer_expect_nothing() - endpoint @i received nothing (more)
 * @h:	harness
 * @i:	endpoint index
 */
void peer_expect_nothing(struct harness *h, int i)
{
	uint8_t buf[BUF];
	ssize_t n = peer_recv(h, i, buf);

	if (n >= 0)
		print_message("endpoint e%d got an unexpected %zd-byte frame\n",
			      i, n);
	assert_int_equal(n, -1);
}

/**
 * peer_expect_frame() - the next datagram at endpoint @i is exactly @want
 * @h:		harness
 * @i:		endpoint index
 * @want:	expected bytes
 * @len:	expected length
 */
void peer_expect_frame(struct harness *h, int i, const uint8_t *want,
		       size_t len)
{
	uint8_t buf[BUF];
	ssize_t n = peer_recv(h, i, buf);

	if (n < 0)
		print_message("endpoint e%d got nothing\n", i);
	assert_int_equal(n, len);
	assert_memory_equal(buf, want, len);
}

/**
 * harness_mgmt() - run one console command in an admin session
 * @sw:		switch
 * @cmd:	command line, without newline
 * @out:	everything the session printed, NUL-terminated
 * @len:	size of @out
 *
 * Return: bytes in @out.
 */
size_t harness_mgmt(struct sw *sw, const char *cmd, char *out, size_t len)
{
	struct msess *s;
	size_t got = 0;
	ssize_t n;
	int sp[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK |
				    SOCK_CLOEXEC, 0, sp), 0);
	s = mgmt_session_open(sw, sp[0], sp[0], 0, true, false);
	assert_non_null(s);
	assert_int_equal(write(sp[1], cmd, strlen(cmd)), (ssize_t)strlen(cmd));
	assert_int_equal(write(sp[1], "\n", 1), 1);
	mgmt_event(sw, s, EPOLLIN);
	mgmt_close_all(sw);
	while (got + 1 < len &&
	       (n = read(sp[1], out + got, len - 1 - got)) > 0)
		got += n;
	out[got] = '\0';
	close(sp[0]);
	close(sp[1]);
	return got;
}
