// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * ldio.c - vdeload's test frames and its send/receive helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "vdeload.h"

volatile sig_atomic_t ld_stop;

/**
 * cpu_self() - CPU time used by this process so far
 *
 * Return: user + system time in seconds (to spot a saturated generator).
 */
double cpu_self(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/**
 * now_ns() - CLOCK_MONOTONIC
 *
 * Return: nanoseconds.
 */
uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/**
 * ld_die() - print @what and strerror(errno), exit 1
 * @what:	failed operation
 */
void ld_die(const char *what)
{
	fprintf(stderr, "vdeload: %s: %s\n", what, strerror(errno));
	exit(1);
}

/**
 * frame_init() - build a test frame: addresses, ethertype, magic
 * @f:		buffer of at least @size bytes
 * @size:	frame size
 * @dst:	destination MAC
 * @src:	source MAC
 */
void frame_init(uint8_t *f, uint32_t size, const uint8_t *dst,
		const uint8_t *src)
{
	uint32_t magic = LD_MAGIC;

	memset(f, 0, size);
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = LD_ETHERTYPE >> 8;
	f[13] = LD_ETHERTYPE & 0xff;
	memcpy(f + 14, &magic, 4);
}

/**
 * frame_stamp() - write sequence number and timestamp into a test frame
 * @f:		frame from frame_init()
 * @seq:	sequence number
 * @ts:		send time, ns
 */
void frame_stamp(uint8_t *f, uint64_t seq, uint64_t ts)
{
	memcpy(f + 18, &seq, 8);
	memcpy(f + 26, &ts, 8);
}

/**
 * frame_ours() - is @f a test frame addressed to @me?
 * @f:		frame
 * @len:	its length
 * @me:		our MAC
 * @seq:	set to its sequence number
 *
 * Return: true if it is.
 */
bool frame_ours(const uint8_t *f, ssize_t len, const uint8_t *me,
		uint64_t *seq)
{
	uint32_t magic;

	if (len < LD_HDR || memcmp(f, me, 6) || f[12] != (LD_ETHERTYPE >> 8) ||
	    f[13] != (LD_ETHERTYPE & 0xff))
		return false;
	memcpy(&magic, f + 14, 4);
	if (magic != LD_MAGIC)
		return false;
	memcpy(seq, f + 18, 8);
	return true;
}

/**
 * rx_account() - count one received frame
 * @rx:		counters
 * @f:		frame
 * @len:	its length
 * @me:		our MAC: other frames count as "other"
 * @t:		receive time, ns
 */
void rx_account(struct ld_rx *rx, const uint8_t *f, ssize_t len,
		const uint8_t *me, uint64_t t)
{
	uint64_t seq;

	if (!frame_ours(f, len, me, &seq)) {
		rx->other++;
		return;
	}
	if (!rx->frames)
		rx->t_first = t;
	else if (seq <= rx->last_seq)
		rx->reorder++;
	rx->last_seq = seq;
	rx->frames++;
	rx->bytes += len;
	rx->t_last = t;
}

/**
 * ld_open() - vde_open() the switch of @o, or die
 * @o:		options (url)
 * @descr:	port description
 *
 * Return: the connection.
 */
VDECONN *ld_open(const struct ld_opts *o, const char *descr)
{
	VDECONN *c = vde_open(o->url, (char *)descr, NULL);

	if (!c)
		ld_die("vde_open");
	return c;
}

/**
 * set_nonblock() - make the data socket of @c non-blocking
 * @c:	connection
 */
void set_nonblock(VDECONN *c)
{
	int fd = vde_datafd(c);

	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK))
		ld_die("fcntl");
}

/**
 * set_rcvtimeo() - receive timeout on the data socket of @c
 * @c:	connection
 * @ms:	timeout, ms
 */
void set_rcvtimeo(VDECONN *c, uint32_t ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (setsockopt(vde_datafd(c), SOL_SOCKET, SO_RCVTIMEO, &tv,
		       sizeof(tv)))
		ld_die("SO_RCVTIMEO");
}

/**
 * announce() - broadcast a few frames from @mac so switches learn it
 * @c:		connection
 * @mac:	source MAC
 */
void announce(VDECONN *c, const uint8_t *mac)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t f[64];
	int i;

	frame_init(f, sizeof(f), bcast, mac);
	f[14] = 0;	/* no magic: receivers count it as "other" */
	for (i = 0; i < LD_ANNOUNCE; i++)
		if (vde_send(c, f, sizeof(f), 0) < 0)
			ld_die("announce");
}

/**
 * ready() - create the --ready file, if any
 * @o:	options
 */
void ready(const struct ld_opts *o)
{
	FILE *f;

	if (!o->ready)
		return;
	f = fopen(o->ready, "w");
	if (!f)
		ld_die(o->ready);
	fclose(f);
}

/**
 * drain() - read whatever is queued for @c without blocking
 * @c:		connection
 * @o:		options (mmsg)
 * @rx:		counters, or NULL to discard
 * @me:		our MAC (with @rx)
 *
 * vde_recv() ignores its flags, so this uses recv(MSG_DONTWAIT) (or
 * recvmmsg() with --mmsg) on vde_datafd().
 *
 * Return: frames read.
 */
uint64_t drain(VDECONN *c, const struct ld_opts *o, struct ld_rx *rx,
	       const uint8_t *me)
{
	static uint8_t buf[LD_BATCH][LD_FRAME_MAX];
	struct mmsghdr mm[LD_BATCH];
	struct iovec iov[LD_BATCH];
	uint64_t got = 0, t;
	ssize_t n;
	int i, r;

	if (!o->mmsg) {
		while ((n = recv(vde_datafd(c), buf[0], LD_FRAME_MAX,
				 MSG_DONTWAIT)) >= 0) {
			if (rx)
				rx_account(rx, buf[0], n, me, now_ns());
			got++;
		}
		return got;
	}
	for (;;) {
		for (i = 0; i < LD_BATCH; i++) {
			iov[i] = (struct iovec){ buf[i], LD_FRAME_MAX };
			memset(&mm[i], 0, sizeof(mm[i]));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		r = recvmmsg(vde_datafd(c), mm, LD_BATCH, MSG_DONTWAIT, NULL);
		if (r <= 0)
			return got;
		t = now_ns();
		for (i = 0; rx && i < r; i++)
			rx_account(rx, buf[i], mm[i].msg_len, me, t);
		got += r;
	}
}

/**
 * send_frames() - send @n frames with consecutive sequence numbers
 * @c:		connection (blocking)
 * @o:		options (size, mmsg)
 * @tmpl:	LD_BATCH frame buffers initialised by frame_init()
 * @seq:	first sequence number; advanced by @n
 * @n:		frames to send, <= LD_BATCH
 *
 * Return: frames sent; stops early only on an error.
 */
uint32_t send_frames(VDECONN *c, const struct ld_opts *o,
		     uint8_t (*tmpl)[LD_FRAME_MAX], uint64_t *seq,
		     uint32_t n)
{
	struct mmsghdr mm[LD_BATCH];
	struct iovec iov[LD_BATCH];
	uint64_t t = now_ns();
	uint32_t i, done = 0;
	int r;

	for (i = 0; i < n; i++) {
		frame_stamp(tmpl[i], *seq + i, t);
		if (o->side_every)
			memcpy(tmpl[i], (*seq + i) % o->side_every ?
			       o->dst : o->side, 6);
	}
	if (!o->mmsg) {
		for (i = 0; i < n; i++)
			if (vde_send(c, tmpl[i], o->size, 0) < 0)
				break;
		*seq += i;
		return i;
	}
	for (i = 0; i < n; i++) {
		iov[i] = (struct iovec){ tmpl[i], o->size };
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	while (done < n) {
		r = sendmmsg(vde_datafd(c), mm + done, n - done, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		done += r;
	}
	*seq += done;
	return done;
}

/**
 * sleep_until() - sleep until CLOCK_MONOTONIC reaches @t
 * @t:	time, ns
 */
void sleep_until(uint64_t t)
{
	struct timespec ts = { t / 1000000000ull, t % 1000000000ull };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR && !ld_stop)
		;
}

/**
 * drain_idle() - drain @c until @ms pass without one of our frames
 * @c:		connection (non-blocking)
 * @o:		options
 * @rx:		counters
 * @me:		our MAC
 * @ms:		idle time, ms
 *
 * Floods and broadcasts from other ports do not count as activity.
 */
void drain_idle(VDECONN *c, const struct ld_opts *o,
		struct ld_rx *rx, const uint8_t *me, uint32_t ms)
{
	struct pollfd p = { .fd = vde_datafd(c), .events = POLLIN };
	uint64_t end = now_ns() + ms * 1000000ull, t, seen = rx->frames;

	while (!ld_stop && (t = now_ns()) < end) {
		if (poll(&p, 1, (end - t) / 1000000 + 1) <= 0)
			break;
		drain(c, o, rx, me);
		if (rx->frames != seen) {
			seen = rx->frames;
			end = now_ns() + ms * 1000000ull;
		}
	}
}

/**
 * print_rx() - print receive counters as key=value pairs
 * @pfx:	key prefix
 * @rx:		counters
 */
void print_rx(const char *pfx, const struct ld_rx *rx)
{
	double el = rx->frames > 1 ?
		    (rx->t_last - rx->t_first) / 1e9 : 0;

	printf(" %srx_frames=%llu %srx_bytes=%llu %srx_other=%llu"
	       " %srx_reorder=%llu %srx_elapsed_s=%.6f %srx_fps=%.0f"
	       " %srx_mbps=%.1f",
	       pfx, (unsigned long long)rx->frames,
	       pfx, (unsigned long long)rx->bytes,
	       pfx, (unsigned long long)rx->other,
	       pfx, (unsigned long long)rx->reorder, pfx, el,
	       pfx, el > 0 ? (rx->frames - 1) / el : 0,
	       pfx, el > 0 ? rx->bytes * 8 / el / 1e6 : 0);
}

/**
 * tx_done() - should a sender stop?
 * @o:		options (duration or count)
 * @sent:	frames sent so far
 * @t0:		start, ns
 * @t:		now, ns
 *
 * Return: true at the end of the run or on SIGTERM/SIGINT.
 */
bool tx_done(const struct ld_opts *o, uint64_t sent, uint64_t t0,
	     uint64_t t)
{
	if (ld_stop)
		return true;
	if (o->duration > 0)
		return t - t0 >= (uint64_t)(o->duration * 1e9);
	return sent >= o->count;
}
