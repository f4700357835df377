// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_fwd.c - fuzz target for the receive path and forwarding decision
 * (switchd/port.c port_frame_input(), switchd/fwd.c).
 *
 * A small switch lives for the whole run: ports 0..3 with one endpoint
 * each and a second endpoint on port 3, on real AF_UNIX datagram
 * socketpairs (port 2's with a small send buffer, so that its output
 * queue fills in batch mode).  An input is
 *
 *   byte 0	bit 0: hub mode; bit 1: batch mode (flush every RX_BATCH
 *		frames instead of after each one)
 *   bytes 1-2	VLAN set-up, one nibble per port 0..3: bits 0-1 the
 *		untagged VLAN (0, 10, 0xabc, none), bit 2 tagged in 10,
 *		bit 3 tagged in 0xabc (a VID above 255: both tag bytes)
 *   byte 3	MAC table min-persistence (low 3 bits)
 *   then records: ctl, length (2 bytes, big endian), frame bytes.
 *		ctl bits 0-1: ingress port; bit 2: MSG_TRUNC; bit 3: advance
 *		the clock by ctl >> 4 seconds; ctl >= 0xf8: age the table.
 *
 * Invariants checked (abort() if broken):
 *  - never a crash, and the pool is whole after every input once the
 *    output queues are drained: every reference taken is given back;
 *  - per-frame mode: a dropped frame (truncated, short, VLAN refused)
 *    reaches nobody; an accepted one reaches exactly the ports the rules
 *    of spec 6.2-6.4 name (flood set, the learned port, or nobody when the
 *    destination lives on the ingress port), never its ingress port, with
 *    exactly the bytes the tag operation gives, the same on both endpoints
 *    of port 3; the ingress counters move by one; a frame to
 *    01:80:c2:00:00:0X reaches nobody (BPDU guard: no port is a trunk)
 *    and moves rx_drop_bpdu or rx_drop_linklocal by one;
 *  - batch mode: every datagram sent is between 60 and max_frame + 4 bytes.
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "log.h"
#include "switchd.h"

enum {
	NEP = 5,
	NPORTS = 4,			/* ports 0..3 carry endpoints */
	POOL_SLOTS = 1024,
	MAX_FRAME = ETH_FRAME_DEFAULT,
	BUF = MAX_FRAME + 64,
};

static const uint32_t ep_port[NEP] = { 0, 1, 2, 3, 3 };
#define VID_A	10
#define VID_B	0xabc

static const uint16_t untagged_choice[4] = { 0, VID_A, VID_B, VLAN_NONE };

static struct sw sw;
static struct endpoint *eps[NEP];
static int peer[NEP];
static uint8_t tagged[NPORTS][512];
static uint8_t rxbuf[NEP][BUF];
static ssize_t rxlen[NEP];

static void fz_attach(int i)
{
	struct endpoint *ep = calloc(1, sizeof(*ep));
	int sv[2];

	FUZZ_CHECK(ep);
	FUZZ_CHECK(!socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK |
			       SOCK_CLOEXEC, 0, sv));
	ep->data_fd = sv[0];
	ep->ctl_fd = -1;
	ep->id = (uint32_t)i;
	ep->port = ep_port[i];
	ep->uid = 1000;
	/* e2 has a small send buffer: batches to it back up and queue */
	if (i == 2)
		FUZZ_CHECK(!setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF,
				       &(int){ 2 * BUF }, sizeof(int)));
	ep_attach(&sw, ep);
	FUZZ_CHECK(!ep->dead);
	eps[i] = ep;
	peer[i] = sv[1];
}

static void fz_init(void)
{
	static bool ready;
	int i;

	if (ready)
		return;
	ready = true;
	FUZZ_CHECK(sodium_init() >= 0);
	log_init("fuzz_fwd", NULL);
	log_set_level(LOG_CRIT);
	sw.cfg.numports = 7;
	sw.cfg.max_frame = MAX_FRAME;
	sw.ctl_fd = -1;
	sw.epfd = epoll_create1(EPOLL_CLOEXEC);
	FUZZ_CHECK(sw.epfd >= 0);
	FUZZ_CHECK(!port_init(&sw));
	/* small caps: the overflow paths get exercised too */
	FUZZ_CHECK(!fdb_init(&sw.fdb, 16, 48, 16, sw.nports));
	FUZZ_CHECK(!pool_init(&sw.pool, POOL_SLOTS, MAX_FRAME));
	for (i = 0; i < NEP; i++)
		fz_attach(i);
}

static bool member(uint32_t no, uint16_t vid)
{
	const struct port *p = &sw.ports[no];

	return p->vlan == vid ||
	       (p->tagged && (p->tagged[vid >> 3] & (1u << (vid & 7))));
}

static void fz_configure(const uint8_t *cfg)
{
	uint32_t i;

	for (i = 0; i < NPORTS; i++) {
		struct port *p = &sw.ports[i];
		unsigned int nib = (cfg[i / 2] >> (4 * (i & 1))) & 0xf;

		p->vlan = untagged_choice[nib & 3];
		memset(tagged[i], 0, sizeof(tagged[i]));
		p->tagged = nib >> 2 ? tagged[i] : NULL;
		if (nib & 4)
			tagged[i][VID_A >> 3] |= 1u << (VID_A & 7);
		if (nib & 8)
			tagged[i][VID_B >> 3] |= 1u << (VID_B & 7);
		memset(&p->stats, 0, sizeof(p->stats));
	}
}

/* Collect what each far end received; at most one datagram each */
static void fz_collect(void)
{
	uint8_t extra[16];
	int i;

	for (i = 0; i < NEP; i++) {
		rxlen[i] = recv(peer[i], rxbuf[i], BUF,
				MSG_DONTWAIT | MSG_TRUNC);
		FUZZ_CHECK(rxlen[i] >= 0 || errno == EAGAIN);
		FUZZ_CHECK(recv(peer[i], extra, sizeof(extra),
				MSG_DONTWAIT) < 0);
	}
}

static void fz_drain_sizes(void)
{
	uint8_t buf[BUF];
	ssize_t n;
	int i;

	for (i = 0; i < NEP; i++) {
		while ((n = recv(peer[i], buf, sizeof(buf),
				 MSG_DONTWAIT | MSG_TRUNC)) >= 0) {
			FUZZ_CHECK(n >= ETH_ZLEN_);
			FUZZ_CHECK(n <= MAX_FRAME + 4);
		}
	}
}

/* The bytes endpoint @e must have received for padded frame @f */
static void fz_expect_bytes(int e, const uint8_t *f, size_t len, int op,
			    uint16_t vid)
{
	const uint8_t *got = rxbuf[e];
	uint8_t tag[4] = { 0x81, 0x00, (uint8_t)(vid >> 8), (uint8_t)vid };
	size_t i;

	switch (op) {
	case TX_PUSH:
		FUZZ_CHECK(rxlen[e] == (ssize_t)len + 4);
		FUZZ_CHECK(!memcmp(got, f, 12));
		FUZZ_CHECK(!memcmp(got + 12, tag, 4));
		FUZZ_CHECK(!memcmp(got + 16, f + 12, len - 12));
		break;
	case TX_STRIP:		/* and padded to 60 again if need be */
		FUZZ_CHECK(rxlen[e] == (ssize_t)MAX(len - 4, (size_t)60));
		FUZZ_CHECK(!memcmp(got, f, 12));
		FUZZ_CHECK(!memcmp(got + 12, f + 16, len - 16));
		for (i = len - 4; i < 60; i++)
			FUZZ_CHECK(got[i] == 0);
		break;
	default:
		FUZZ_CHECK(rxlen[e] == (ssize_t)len);
		FUZZ_CHECK(!memcmp(got, f, len));
	}
}

/* Per-frame oracle: who got @f (@len bytes, as sent), and what */
static void fz_check_frame(uint32_t in, const uint8_t *raw, size_t len,
			   int flags, const struct port_stats *before)
{
	const struct port_stats *st = &sw.ports[in].stats;
	uint8_t f[BUF];
	bool tagged_in, want[NPORTS] = { false };
	uint16_t vid;
	size_t plen = MAX(len, (size_t)ETH_ZLEN_);
	uint32_t d;
	int e, out;

	fz_collect();
	if ((flags & MSG_TRUNC) || len < ETH_HLEN_) {
		for (e = 0; e < NEP; e++)
			FUZZ_CHECK(rxlen[e] < 0);
		FUZZ_CHECK(st->rx_frames == before->rx_frames);
		FUZZ_CHECK(st->rx_drop_trunc + st->rx_drop_short +
			   st->rx_empty == before->rx_drop_trunc +
			   before->rx_drop_short + before->rx_empty + 1);
		return;
	}
	FUZZ_CHECK(st->rx_frames == before->rx_frames + 1);
	FUZZ_CHECK(st->rx_bytes == before->rx_bytes + len);
	memcpy(f, raw, len);
	memset(f + len, 0, plen - len);

	/* BPDU guard: no port is a trunk, so no link-local frame passes */
	if (stp_is_linklocal(f)) {
		for (e = 0; e < NEP; e++)
			FUZZ_CHECK(rxlen[e] < 0);
		FUZZ_CHECK(st->rx_drop_bpdu + st->rx_drop_linklocal ==
			   before->rx_drop_bpdu + before->rx_drop_linklocal +
			   1);
		return;
	}

	if (sw.cfg.hub) {
		for (e = 0; e < NEP; e++) {
			if (ep_port[e] == in || ep_port[e] == 0) {
				FUZZ_CHECK(rxlen[e] < 0);
				continue;
			}
			fz_expect_bytes(e, f, plen, TX_ASIS, 0);
		}
		return;
	}

	tagged_in = f[12] == 0x81 && f[13] == 0x00;
	vid = tagged_in ? (uint16_t)((f[14] & 0x0f) << 8 | f[15]) :
			  sw.ports[in].vlan;
	if (vid == VLAN_NONE || (tagged_in && !member(in, vid))) {
		for (e = 0; e < NEP; e++)
			FUZZ_CHECK(rxlen[e] < 0);
		FUZZ_CHECK(st->rx_drop_vlan == before->rx_drop_vlan + 1);
		return;
	}
	FUZZ_CHECK(st->rx_drop_vlan == before->rx_drop_vlan);

	/* who should get it: learned port, nobody, or the flood set */
	out = (f[0] & 1) ? -1 : fdb_lookup(&sw.fdb, f, vid);
	for (d = 0; d < NPORTS; d++) {
		if (d == in || !member(d, vid))
			continue;
		want[d] = out < 0 || (uint32_t)out == d;
	}
	for (e = 0; e < NEP; e++) {
		uint32_t p = ep_port[e];
		int op;

		if (!want[p]) {
			FUZZ_CHECK(rxlen[e] < 0);
			continue;
		}
		if (sw.ports[p].vlan == vid)
			op = tagged_in ? TX_STRIP : TX_ASIS;
		else
			op = tagged_in ? TX_ASIS : TX_PUSH;
		if (op == TX_PUSH && plen + 4 > MAX_FRAME) {
			/* would exceed what clients read: dropped, counted */
			FUZZ_CHECK(rxlen[e] < 0);
			continue;
		}
		fz_expect_bytes(e, f, plen, op, vid);
	}
}

/* Send everything still queued; the pool must then be whole */
static void fz_settle(void)
{
	bool busy = true;
	int i, round;

	fwd_flush(&sw);
	for (round = 0; busy && round < 100000; round++) {
		busy = false;
		fz_drain_sizes();
		for (i = 0; i < NEP; i++) {
			if (!eps[i]->qlen)
				continue;
			ep_drain(&sw, eps[i]);
			busy = true;
		}
	}
	fz_drain_sizes();
	for (i = 0; i < NEP; i++) {
		FUZZ_CHECK(eps[i]->ntx == 0);
		FUZZ_CHECK(eps[i]->qlen == 0);
	}
	FUZZ_CHECK(sw.tx_dirty == NULL);
	FUZZ_CHECK(sw.pool.nfree == sw.pool.n);
}

static void fz_input(uint32_t in, const uint8_t *f, size_t len, int flags)
{
	uint32_t slot = pool_get(&sw.pool);
	uint8_t *d = pool_data(&sw.pool, slot);

	/* the slot holds an older frame, as it would in ep_rx() */
	memset(d, 0xa5, ETH_ZLEN_);
	memcpy(d, f, len);
	port_frame_input(&sw, &sw.ports[in], in, slot, (uint32_t)len, flags);
	pool_put(&sw.pool, slot);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 4, len;
	unsigned int nbatch = 0;
	uint32_t d;
	bool batch;

	fz_init();
	if (size < 4)
		return 0;
	sw.cfg.hub = data[0] & 1;
	batch = data[0] & 2;
	fz_configure(data + 1);
	sw.fdb.minpers = data[3] & 7;
	sw.now = 1000;
	for (d = 0; d < sw.nports; d++)
		fdb_flush_port(&sw.fdb, d);

	while (off + 3 <= size) {
		uint8_t ctl = data[off];
		uint32_t in = ctl & 3;
		int flags = ctl & 4 ? MSG_TRUNC : 0;
		struct port_stats before = sw.ports[in].stats;

		len = (size_t)(data[off + 1] << 8 | data[off + 2]);
		off += 3;
		len = MIN(len % (MAX_FRAME + 1), size - off);
		if (ctl & 8)
			sw.now += ctl >> 4;
		if (ctl >= 0xf8)
			fdb_age(&sw.fdb, sw.now);
		if (!sw.pool.nfree) {	/* as ep_rx(): nothing to receive in */
			off += len;
			continue;
		}
		fz_input(in, data + off, len, flags);
		if (!batch) {
			fwd_flush(&sw);
			fz_check_frame(in, data + off, len, flags, &before);
		} else if (++nbatch == RX_BATCH) {
			fwd_flush(&sw);
			fz_drain_sizes();
			nbatch = 0;
		}
		off += len;
	}
	fz_settle();
	return 0;
}
