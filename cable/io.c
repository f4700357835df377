// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * io.c - the event loop of vde-cable: one process, one epoll loop.
 *
 * Theory of operation.  Frames from the switch's data socket and packets
 * from the network are read in batches (recvmmsg) into static buffers and
 * fed to the engine (device.c) with the current monotonic time.  What the
 * engine sends or delivers is copied into a batch and written with one
 * sendmmsg per batch at the end of the round (or when a batch is full):
 * nothing is allocated per frame.  A send that the kernel refuses
 * (EAGAIN, ENOBUFS, a full switch socket) is a counted drop, never fatal.
 * Over UDP, runs of packets to one peer go as one segmented send and
 * several datagrams may come in one receive (see "UDP generic
 * segmentation offload" below).
 *
 * Stream mode carries the same packets as UDP, each record prefixed by
 * its length (2 bytes, big endian), over a TCP connection or
 * stdin/stdout.  A record length outside 4..MSG_TRANSPORT_MAX_LEN ends
 * the stream (there is no way to find the next record).  Output waits in
 * a bounded queue; what does not fit is dropped and counted.
 *
 * With --stream --listen, a TCP connection proves nothing: anyone may
 * connect.  So each accepted connection has its own address for the
 * engine (AF_UNSPEC and a number) and stays "pending": it receives only
 * what the engine sends to that address (a response, a cookie reply).
 * The engine moves the peer's endpoint only after an authenticated
 * packet (dev_roam()), so the first connection that carries one becomes
 * the stream, and only then is the previous stream closed.  At most
 * CABLE_PEND_MAX connections wait at once, one per source IP (a new one
 * from the same IP replaces the old; when all are taken the oldest
 * goes), and each is closed after CABLE_PEND_TIMEOUT_MS without
 * authenticating.
 *
 * The switch going away (its control stream closes, or its data socket
 * refuses) ends the program with status 1 and a message: the supervisor
 * (systemd, vde-privd) restarts it, and the sessions are re-made by a new
 * handshake.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cable.h"
#include "log.h"
#include "record.h"

enum {
	CABLE_ROUNDS		= 4,	/* batches read per event */
	CABLE_EVENTS		= 16,
};

/* epoll tags of pending connections follow the console sessions */
#define CABLE_EV_PEND	((uint32_t)CABLE_EV_SESS + CABLE_SESS_MAX)

static volatile sig_atomic_t cable_signal;

/* Receive buffers (one batch), shared by the network and the switch */
static uint8_t rxbuf[CABLE_BATCH][CABLE_GRO_BYTES];
static uint8_t stream_in[CABLE_STREAM_IN];

/**
 * cable_now() - the monotonic clock in milliseconds
 *
 * Return: milliseconds since some point in the past
 */
uint64_t cable_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* IPv4 on an IPv6 socket: ::ffff:a.b.c.d and back */
static void addr_from_mapped(struct dev_addr *a)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4 = { .sin_family = AF_INET };

	if (a->ss.ss_family != AF_INET6)
		return;
	memcpy(&s6, &a->ss, sizeof(s6));
	if (!IN6_IS_ADDR_V4MAPPED(&s6.sin6_addr))
		return;
	s4.sin_port = s6.sin6_port;
	memcpy(&s4.sin_addr, &s6.sin6_addr.s6_addr[12], 4);
	memset(&a->ss, 0, sizeof(a->ss));
	memcpy(&a->ss, &s4, sizeof(s4));
	a->len = sizeof(s4);
}

static void addr_to_mapped(struct dev_addr *a)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in s4;

	if (a->ss.ss_family != AF_INET)
		return;
	memcpy(&s4, &a->ss, sizeof(s4));
	s6.sin6_port = s4.sin_port;
	s6.sin6_addr.s6_addr[10] = 0xff;
	s6.sin6_addr.s6_addr[11] = 0xff;
	memcpy(&s6.sin6_addr.s6_addr[12], &s4.sin_addr, 4);
	memcpy(&a->ss, &s6, sizeof(s6));
	a->len = sizeof(s6);
}

/* Sending */

/*
 * UDP generic segmentation offload.  Consecutive packets of a batch to
 * the same address, all of one size but a shorter last one, leave in one
 * sendmsg with a UDP_SEGMENT of that size: the kernel carries them as one
 * buffer as far as it can (through a veth, to a receiver with UDP_GRO)
 * and cuts it into datagrams only where it must.  The datagrams on the
 * wire are the same as without it.  The kernel refuses a segment that
 * would need IP fragmentation (EMSGSIZE; EINVAL on older kernels) and a
 * device without checksum offload (EIO): that group then goes datagram
 * by datagram, and that size and larger (or GSO altogether) are not
 * tried again for CABLE_GSO_RETRY_MS.
 *
 * UDP_GRO is the other way round: a receive may hold several datagrams
 * of one sender, all of the size the kernel reports in a control message
 * but a shorter last one.  Each is handed to the engine on its own, as if
 * it had come alone.
 */
static bool gso_usable(struct cable *c, size_t seg, uint64_t now)
{
	if (!c->gso)		/* set in UDP mode only */
		return false;
	if ((c->gso_fail || c->gso_off) && now >= c->gso_retry_at) {
		c->gso_fail = 0;
		c->gso_off = false;
	}
	return !c->gso_off && (!c->gso_fail || seg < c->gso_fail);
}

/* How many packets from @i on leave as one segmented send (1: alone) */
static unsigned int gso_group(struct cable *c, const struct cable_batch *b,
			      unsigned int i, uint64_t now)
{
	size_t seg = b->len[i], total = seg;
	unsigned int j;

	if (!gso_usable(c, seg, now))
		return 1;
	for (j = i + 1; j < b->n && j - i < CABLE_GSO_SEGS; j++) {
		if (b->len[j] > seg || total + b->len[j] > CABLE_GSO_BYTES ||
		    !dev_addr_eq(&b->to[j], &b->to[i]))
			break;
		total += b->len[j];
		if (b->len[j] < seg)
			return j - i + 1;	/* a shorter one ends it */
	}
	return j - i;
}

/* The errors of a segmented send the kernel would not make */
static bool gso_refusal(int err)
{
	return err == EINVAL || err == EMSGSIZE || err == EIO;
}

/* A segmented send was refused: remember why (see above) */
static void gso_refused(struct cable *c, size_t seg, int err, uint64_t now)
{
	if (err == EIO)
		c->gso_off = true;
	else if (!c->gso_fail || seg < c->gso_fail)
		c->gso_fail = seg;
	c->gso_retry_at = now + CABLE_GSO_RETRY_MS;
	c->st.udp_gso_refused++;
	log_debug("UDP segmentation of %zu-byte packets refused (%s): "
		  "sent one by one", seg, err_str(err));
}

/**
 * struct tx_msgs - one sendmmsg's worth of messages built from a batch
 * @m:		the messages
 * @iov:	one per packet, in batch order
 * @first:	index of each message's first packet
 * @count:	packets in each message
 * @ctl:	each message's UDP_SEGMENT
 * @n:		messages
 */
struct tx_msgs {
	struct mmsghdr m[CABLE_BATCH];
	struct iovec iov[CABLE_BATCH];
	unsigned int first[CABLE_BATCH];
	unsigned int count[CABLE_BATCH];
	struct {
		_Alignas(struct cmsghdr) char buf[CMSG_SPACE(sizeof(uint16_t))];
	} ctl[CABLE_BATCH];
	unsigned int n;
};

static void tx_msg_add(struct tx_msgs *t, struct cable_batch *b,
		       unsigned int i, unsigned int count, bool udp)
{
	struct msghdr *h = &t->m[t->n].msg_hdr;
	struct cmsghdr *cm;
	uint16_t seg = (uint16_t)b->len[i];

	memset(&t->m[t->n], 0, sizeof(t->m[t->n]));
	h->msg_iov = &t->iov[i];
	h->msg_iovlen = count;
	if (udp && b->to[i].len) {
		h->msg_name = &b->to[i].ss;
		h->msg_namelen = b->to[i].len;
	}
	if (count > 1) {
		h->msg_control = t->ctl[t->n].buf;
		h->msg_controllen = sizeof(t->ctl[t->n].buf);
		cm = CMSG_FIRSTHDR(h);
		cm->cmsg_level = SOL_UDP;
		cm->cmsg_type = UDP_SEGMENT;
		cm->cmsg_len = CMSG_LEN(sizeof(seg));
		memcpy(CMSG_DATA(cm), &seg, sizeof(seg));
	}
	t->first[t->n] = i;
	t->count[t->n] = count;
	t->n++;
}

/* Messages from packet @from on, grouped for GSO unless @single */
static void tx_msgs_build(struct cable *c, struct tx_msgs *t,
			  struct cable_batch *b, unsigned int from,
			  unsigned int to, bool single, uint64_t now)
{
	bool udp = b == &c->tx;
	unsigned int i, k;

	for (i = from; i < to; i++) {
		t->iov[i].iov_base = b->buf[i];
		t->iov[i].iov_len = b->len[i];
	}
	t->n = 0;
	for (i = from; i < to; i += k) {
		k = udp && !single ? gso_group(c, b, i, now) : 1;
		tx_msg_add(t, b, i, k, udp);
	}
}

/* sendmmsg all of @t; Return: packets lost */
static unsigned int tx_msgs_send(struct cable *c, struct cable_batch *b,
				 struct tx_msgs *t, int fd, uint64_t now)
{
	unsigned int done = 0, lost = 0, i;
	struct tx_msgs one;
	int r;

	while (done < t->n) {
		r = sendmmsg(fd, t->m + done, t->n - done, MSG_DONTWAIT);
		if (r > 0) {
			for (i = done; i < done + (unsigned int)r; i++)
				c->st.udp_gso_sends += t->count[i] > 1;
			done += (unsigned int)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		i = t->first[done];
		if (r < 0 && t->count[done] > 1 && gso_refusal(errno)) {
			gso_refused(c, b->len[i], errno, now);
			tx_msgs_build(c, &one, b, i, i + t->count[done], true,
				      now);
			lost += tx_msgs_send(c, b, &one, fd, now);
			done++;
			continue;
		}
		if (r < 0 && fd == c->sw.data && errno != EAGAIN &&
		    errno != ENOBUFS && errno != EWOULDBLOCK) {
			log_err("the switch %s went away (%s): exiting",
				c->swdir, err_str(errno));
			c->stop = 2;
		}
		/* the one that failed is lost; the rest are tried again */
		lost += t->count[done];
		done++;
	}
	return lost;
}

static void batch_flush(struct cable *c, struct cable_batch *b, int fd,
			uint64_t *err)
{
	static struct tx_msgs t;
	uint64_t now = cable_now();

	tx_msgs_build(c, &t, b, 0, b->n, false, now);
	*err += tx_msgs_send(c, b, &t, fd, now);
	b->n = 0;
}

static void flush_all(struct cable *c);

static void stream_arm(struct cable *c, bool out)
{
	struct epoll_event ev = { .events = EPOLLIN };

	if (c->net < 0)
		return;
	if (c->net_out == c->net) {
		ev.events |= out ? EPOLLOUT : 0;
		ev.data.u32 = CABLE_EV_NET;
		epoll_ctl(c->epfd, EPOLL_CTL_MOD, c->net, &ev);
	} else if (out) {
		ev.events = EPOLLOUT;
		ev.data.u32 = CABLE_EV_NET_OUT;
		if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->net_out, &ev) &&
		    errno == EEXIST)
			epoll_ctl(c->epfd, EPOLL_CTL_MOD, c->net_out, &ev);
	} else {
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->net_out, NULL);
	}
}

static void stream_flush(struct cable *c)
{
	ssize_t n;

	while (c->sout_len && c->net_out >= 0) {
		n = write(c->net_out, c->sout, c->sout_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
				stream_arm(c, true);
			return;		/* errors show up as EOF on input */
		}
		memmove(c->sout, c->sout + n, c->sout_len - (size_t)n);
		c->sout_len -= (size_t)n;
	}
	stream_arm(c, false);
}

static void pend_queue(struct cable *c, const struct dev_addr *to,
		       const uint8_t *pkt, size_t len);

static void stream_queue(struct cable *c, const uint8_t *pkt, size_t len)
{
	if (c->net_out < 0 ||
	    c->sout_len + RECORD_HDR + len > CABLE_STREAM_OUT) {
		c->st.stream_drop++;
		return;
	}
	c->sout_len += record_put(c->sout + c->sout_len, pkt, len);
}

static void ops_send(void *ctx, struct dev_peer *p, const struct dev_addr *to,
		     const uint8_t *pkt, size_t len)
{
	struct cable *c = ctx;
	struct cable_batch *b = &c->tx;

	if (c->mode == CABLE_TCP_LISTEN && !dev_addr_eq(to, &c->cur)) {
		pend_queue(c, to, pkt, len);
		return;
	}
	if (c->mode != CABLE_UDP) {
		stream_queue(c, pkt, len);
		return;
	}
	if (!to->len)
		return;
	if (b->n == CABLE_BATCH)
		batch_flush(c, b, c->net, &c->st.udp_send_err);
	memcpy(b->buf[b->n], pkt, len);
	b->len[b->n] = len;
	b->to[b->n] = *to;
	if (c->v6)
		addr_to_mapped(&b->to[b->n]);
	b->n++;
}

static void ops_deliver(void *ctx, struct dev_peer *p, const uint8_t *frame,
			size_t len)
{
	struct cable *c = ctx;
	struct cable_batch *b = &c->toswitch;

	if (b->n == CABLE_BATCH)
		batch_flush(c, b, c->sw.data, &c->st.sw_send_err);
	memcpy(b->buf[b->n], frame, len);
	b->len[b->n] = len;
	b->to[b->n].len = 0;
	b->n++;
}

const struct dev_ops cable_dev_ops = {
	.send = ops_send,
	.deliver = ops_deliver,
};

static void pend_flush(struct cable *c, struct cable_pend *pd);

static void flush_all(struct cable *c)
{
	unsigned int i;

	for (i = 0; i < CABLE_PEND_MAX; i++)
		if (c->pend[i].fd >= 0 && c->pend[i].out_len)
			pend_flush(c, &c->pend[i]);
	if (c->tx.n)
		batch_flush(c, &c->tx, c->net, &c->st.udp_send_err);
	if (c->toswitch.n)
		batch_flush(c, &c->toswitch, c->sw.data, &c->st.sw_send_err);
	if (c->sout_len)
		stream_flush(c);
}

/* Receiving */

/* Room for one UDP_GRO control message */
struct gro_ctl {
	_Alignas(struct cmsghdr) char buf[CMSG_SPACE(sizeof(int))];
};

static int recv_batch(int fd, struct mmsghdr *m, struct iovec *iov,
		      struct sockaddr_storage *from, size_t cap,
		      struct gro_ctl *ctl)
{
	unsigned int i;
	int r;

	for (i = 0; i < CABLE_BATCH; i++) {
		memset(&m[i], 0, sizeof(m[i]));
		iov[i].iov_base = rxbuf[i];
		iov[i].iov_len = cap;
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
		if (from) {
			m[i].msg_hdr.msg_name = &from[i];
			m[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		if (ctl) {
			m[i].msg_hdr.msg_control = ctl[i].buf;
			m[i].msg_hdr.msg_controllen = sizeof(ctl[i].buf);
		}
	}
	do {
		r = recvmmsg(fd, m, CABLE_BATCH, MSG_DONTWAIT, NULL);
	} while (r < 0 && errno == EINTR);
	return r;
}

/* The segment size of a coalesced receive (UDP_GRO), 0 if one datagram */
static size_t gro_size(struct msghdr *h)
{
	struct cmsghdr *cm;
	int seg;

	for (cm = CMSG_FIRSTHDR(h); cm; cm = CMSG_NXTHDR(h, cm)) {
		if (cm->cmsg_level != SOL_UDP || cm->cmsg_type != UDP_GRO ||
		    cm->cmsg_len < CMSG_LEN(sizeof(seg)))
			continue;
		memcpy(&seg, CMSG_DATA(cm), sizeof(seg));
		return seg > 0 ? (size_t)seg : 0;
	}
	return 0;
}

/* One receive: a datagram, or datagrams of @seg bytes (the last shorter)
 * the kernel coalesced */
static void udp_datagrams(struct cable *c, const uint8_t *buf, size_t len,
			  size_t seg, const struct dev_addr *from, uint64_t now)
{
	size_t off, n;

	if (!seg || seg >= len)
		seg = len;
	else
		c->st.udp_gro_receives++;
	for (off = 0; off < len; off += n) {
		n = len - off < seg ? len - off : seg;
		if (n > MSG_TRANSPORT_MAX_LEN)
			c->d->st.drop_malformed++;
		else
			dev_recv(c->d, buf + off, n, from, now);
	}
}

/*
 * The bytes of a receive that hold whole datagrams, and their segment
 * size in @seg (0: one datagram); 0 if none (dropped and counted: an
 * empty datagram too).
 * Without its UDP_GRO message a receive's datagram boundaries are
 * unknown: dropped.  A truncated single datagram is dropped; a truncated
 * coalesced receive (above CABLE_GRO_BYTES: only where gro_max_size was
 * raised, as for BIG TCP) keeps the datagrams that arrived whole, and
 * the rest, of unknown number, counts as one drop.
 */
static size_t udp_whole(struct cable *c, struct msghdr *h, size_t len,
			size_t *seg)
{
	*seg = 0;
	if (c->gro && h->msg_flags & MSG_CTRUNC) {
		c->d->st.drop_malformed++;
		return 0;
	}
	if (c->gro)
		*seg = gro_size(h);
	if (!(h->msg_flags & MSG_TRUNC) && len)
		return len;
	c->d->st.drop_malformed++;
	return *seg ? len / *seg * *seg : 0;
}

static void udp_input(struct cable *c)
{
	static struct sockaddr_storage from[CABLE_BATCH];
	static struct gro_ctl ctl[CABLE_BATCH];
	struct mmsghdr m[CABLE_BATCH];
	struct iovec iov[CABLE_BATCH];
	struct dev_addr a;
	size_t len, seg;
	uint64_t now;
	int r, i, round;

	for (round = 0; round < CABLE_ROUNDS; round++) {
		r = recv_batch(c->net, m, iov, from,
			       c->gro ? CABLE_GRO_BYTES : MSG_TRANSPORT_MAX_LEN + 1,
			       c->gro ? ctl : NULL);
		if (r <= 0)
			return;
		now = cable_now();
		for (i = 0; i < r; i++) {
			len = udp_whole(c, &m[i].msg_hdr, m[i].msg_len, &seg);
			if (!len)
				continue;
			memset(&a, 0, sizeof(a));
			memcpy(&a.ss, &from[i], m[i].msg_hdr.msg_namelen);
			a.len = m[i].msg_hdr.msg_namelen;
			addr_from_mapped(&a);
			udp_datagrams(c, rxbuf[i], len, seg, &a, now);
		}
		flush_all(c);
		if (r < CABLE_BATCH)
			return;
	}
}

static void switch_input(struct cable *c)
{
	struct mmsghdr m[CABLE_BATCH];
	struct iovec iov[CABLE_BATCH];
	int r, i, round;
	uint64_t now;

	for (round = 0; round < CABLE_ROUNDS; round++) {
		r = recv_batch(c->sw.data, m, iov, NULL,
			       MSG_TRANSPORT_FRAME_MAX + 1, NULL);
		if (r <= 0)
			return;
		now = cable_now();
		for (i = 0; i < r; i++) {
			if (m[i].msg_hdr.msg_flags & MSG_TRUNC ||
			    m[i].msg_len > MSG_TRANSPORT_FRAME_MAX) {
				c->d->st.drop_oversize++;
				continue;
			}
			dev_send_frame(c->d, rxbuf[i], m[i].msg_len, now);
		}
		flush_all(c);
		if (r < CABLE_BATCH)
			return;
	}
}

/* The local addresses changed: tell every peer where we are now */
static void netlink_input(struct cable *c)
{
	ssize_t n;
	bool any = false;

	while ((n = recv(c->nl, rxbuf[0], sizeof(rxbuf[0]), MSG_DONTWAIT)) > 0 ||
	       (n < 0 && errno == EINTR))
		any |= n > 0;
	if (n < 0 && errno == ENOBUFS)
		any = true;	/* overran: something changed anyway */
	if (!any)
		return;
	log_debug("local addresses changed: keepalives to every peer");
	dev_poke(c->d, cable_now());
	flush_all(c);
}

static void switch_ctl(struct cable *c)
{
	uint8_t b[64];
	ssize_t n = recv(c->sw.ctl, b, sizeof(b), MSG_DONTWAIT);

	if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)))
		return;
	log_err("the switch %s went away: exiting", c->swdir);
	c->stop = 2;
}

/* Stream mode */

/* The engine's address of stream connection number @n */
static struct dev_addr conn_addr(uint32_t n)
{
	struct dev_addr a = { .len = sizeof(sa_family_t) + sizeof(n) };

	a.ss.ss_family = AF_UNSPEC;
	memcpy((uint8_t *)&a.ss + sizeof(sa_family_t), &n, sizeof(n));
	return a;
}

/**
 * cable_stream_init() - no stream connection yet
 * @c:		program
 *
 * Connection 0 is the one stream of --connect and --stdio; --listen
 * numbers its connections from 1 and has none current until one
 * authenticates.
 */
void cable_stream_init(struct cable *c)
{
	unsigned int i;

	for (i = 0; i < CABLE_PEND_MAX; i++)
		c->pend[i].fd = -1;
	c->conn_seq = 0;
	if (c->mode == CABLE_TCP_LISTEN)
		memset(&c->cur, 0, sizeof(c->cur));
	else
		c->cur = conn_addr(0);
}

static void stream_close(struct cable *c, const char *why)
{
	if (c->mode == CABLE_STDIO) {
		log_info("stream ended (%s): exiting", why);
		c->stop = 1;
		return;
	}
	log_info("stream connection closed (%s)", why);
	epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->net, NULL);
	close(c->net);
	c->net = c->net_out = -1;
	c->sin_len = 0;
	c->sout_len = 0;
	if (c->mode == CABLE_TCP_CONNECT)
		c->retry_at = cable_now() + c->backoff_ms;
}

/* Whole records at the start of stream_in: to the engine */
static int stream_records(struct cable *c)
{
	const uint8_t *rec;
	size_t off = 0, rl;
	ssize_t n;

	while ((n = record_next(stream_in + off, c->sin_len - off, &rec,
				&rl)) > 0) {
		dev_recv(c->d, rec, rl, &c->cur, cable_now());
		off += (size_t)n;
	}
	if (n < 0) {
		c->st.stream_bad++;
		return -EBADMSG;
	}
	memmove(stream_in, stream_in + off, c->sin_len - off);
	c->sin_len -= off;
	return 0;
}

static void stream_input(struct cable *c)
{
	ssize_t n;

	n = read(c->net, stream_in + c->sin_len, sizeof(stream_in) - c->sin_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		stream_close(c, n ? err_str(errno) : "end of file");
		return;
	}
	c->sin_len += (size_t)n;
	if (stream_records(c))
		stream_close(c, "bad record length");
	flush_all(c);
}

/**
 * cable_stream_adopt() - a connected stream becomes the carrier
 * @c:		program
 * @fd:		TCP connection (ignored in stdio mode: set up by main.c)
 */
void cable_stream_adopt(struct cable *c, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = CABLE_EV_NET };

	if (c->mode != CABLE_STDIO) {
		if (c->net >= 0 && c->net != fd) {
			epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->net, NULL);
			close(c->net);
		}
		c->net = c->net_out = fd;
		if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev))
			log_warn("epoll_ctl: %s", err_str(errno));
	}
	c->sin_len = c->sout_len = 0;
	c->st.stream_connects++;
	if (c->peer >= 0)
		dev_set_endpoint(c->d, (size_t)c->peer, &c->cur);
	if (c->initiate && c->peer >= 0)
		dev_initiate(c->d, (size_t)c->peer, cable_now());
	flush_all(c);
}

/**
 * cable_stream_connect() - start a TCP connection to --connect
 * @c:		program
 *
 * Return: 0 (connected or in progress, watched by epoll), or -errno
 */
int cable_stream_connect(struct cable *c)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = CABLE_EV_NET };
	int fd;

	fd = socket(c->remote.ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&c->remote.ss, c->remote.len) &&
	    errno != EINPROGRESS) {
		int e = -errno;

		close(fd);
		return e;
	}
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		int e = -errno;

		close(fd);
		return e;
	}
	c->net = fd;
	c->net_out = -1;	/* not until connected */
	return 0;
}

static void stream_connected(struct cable *c)
{
	int err = 0;
	socklen_t l = sizeof(err);

	if (getsockopt(c->net, SOL_SOCKET, SO_ERROR, &err, &l) || err) {
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->net, NULL);
		close(c->net);
		c->net = -1;
		log_ratelimited(LOG_WARNING, "cannot connect: %s",
				err_str(err ? err : errno));
		c->retry_at = cable_now() + c->backoff_ms;
		c->backoff_ms = MIN(2 * c->backoff_ms,
				    (unsigned int)CABLE_BACKOFF_MAX_MS);
		return;
	}
	c->backoff_ms = CABLE_BACKOFF_MIN_MS;
	log_info("stream connected");
	epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->net, NULL);
	cable_stream_adopt(c, c->net);
}

/* Pending --stream --listen connections (see the theory of operation) */

static void pend_close(struct cable *c, struct cable_pend *pd,
		       const char *why)
{
	log_ratelimited(LOG_INFO, "unauthenticated stream connection closed (%s)",
			why);
	epoll_ctl(c->epfd, EPOLL_CTL_DEL, pd->fd, NULL);
	close(pd->fd);
	pd->fd = -1;
	c->st.stream_unauth_closed++;
}

static void pend_flush(struct cable *c, struct cable_pend *pd)
{
	ssize_t n;

	while (pd->out_len) {
		n = write(pd->fd, pd->out, pd->out_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
				pend_close(c, pd, err_str(errno));
			return;		/* EAGAIN: the next round */
		}
		memmove(pd->out, pd->out + n, pd->out_len - (size_t)n);
		pd->out_len -= (size_t)n;
	}
}

static void pend_queue(struct cable *c, const struct dev_addr *to,
		       const uint8_t *pkt, size_t len)
{
	struct cable_pend *pd = NULL;
	unsigned int i;

	for (i = 0; i < CABLE_PEND_MAX && !pd; i++)
		if (c->pend[i].fd >= 0 && dev_addr_eq(&c->pend[i].addr, to))
			pd = &c->pend[i];
	if (!pd || pd->out_len + RECORD_HDR + len > CABLE_PEND_OUT) {
		c->st.stream_drop++;
		return;
	}
	pd->out_len += record_put(pd->out + pd->out_len, pkt, len);
}

/* The connection authenticated: it becomes the stream, the old one goes */
static void pend_promote(struct cable *c, struct cable_pend *pd, size_t off)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = CABLE_EV_NET };

	if (c->net >= 0)
		stream_close(c, "an authenticated connection replaces it");
	log_info("stream connection authenticated");
	c->net = c->net_out = pd->fd;
	c->cur = pd->addr;
	epoll_ctl(c->epfd, EPOLL_CTL_MOD, pd->fd, &ev);
	c->sin_len = pd->in_len - off;
	memcpy(stream_in, pd->in + off, c->sin_len);
	memcpy(c->sout, pd->out, pd->out_len);
	c->sout_len = pd->out_len;
	pd->fd = -1;
	if (stream_records(c))
		stream_close(c, "bad record length");
}

static bool pend_authenticated(const struct cable *c,
			       const struct cable_pend *pd)
{
	return c->peer >= 0 &&
	       dev_addr_eq(&c->d->peers[c->peer].ep, &pd->addr);
}

static void pend_input(struct cable *c, struct cable_pend *pd)
{
	const uint8_t *rec;
	size_t off = 0, rl;
	ssize_t n;

	n = read(pd->fd, pd->in + pd->in_len, sizeof(pd->in) - pd->in_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		pend_close(c, pd, n ? err_str(errno) : "end of file");
		return;
	}
	pd->in_len += (size_t)n;
	while ((n = record_next(pd->in + off, pd->in_len - off, &rec,
				&rl)) > 0) {
		dev_recv(c->d, rec, rl, &pd->addr, cable_now());
		off += (size_t)n;
		if (pend_authenticated(c, pd)) {
			pend_promote(c, pd, off);
			return;
		}
	}
	if (n < 0) {
		c->st.stream_bad++;
		pend_close(c, pd, "bad record length");
		return;
	}
	memmove(pd->in, pd->in + off, pd->in_len - off);
	pd->in_len -= off;
}

/* Same IP address (not port)? */
static bool same_ip(const struct dev_addr *a, const struct dev_addr *b)
{
	const struct sockaddr_in *a4 = (const void *)&a->ss;
	const struct sockaddr_in *b4 = (const void *)&b->ss;
	const struct sockaddr_in6 *a6 = (const void *)&a->ss;
	const struct sockaddr_in6 *b6 = (const void *)&b->ss;

	if (a->ss.ss_family != b->ss.ss_family)
		return false;
	if (a->ss.ss_family == AF_INET)
		return a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	if (a->ss.ss_family == AF_INET6)
		return !memcmp(&a6->sin6_addr, &b6->sin6_addr, 16);
	return false;
}

/* A slot for a new connection from @src: its IP's old one, or a free
 * one, or the oldest */
static struct cable_pend *pend_slot(struct cable *c,
				    const struct dev_addr *src)
{
	struct cable_pend *pd = NULL, *old = NULL;
	unsigned int i;

	for (i = 0; i < CABLE_PEND_MAX; i++) {
		struct cable_pend *q = &c->pend[i];

		if (q->fd >= 0 && same_ip(&q->src, src)) {
			pend_close(c, q, "a new connection from its address");
			return q;
		}
		if (q->fd < 0 && !pd)
			pd = q;
		if (q->fd >= 0 && (!old || q->opened < old->opened))
			old = q;
	}
	if (!pd) {
		pend_close(c, old, "too many unauthenticated connections");
		pd = old;
	}
	return pd;
}

static void stream_accept(struct cable *c)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct dev_addr src = { .len = sizeof(src.ss) };
	struct cable_pend *pd;
	int fd;

	fd = accept4(c->lfd, (struct sockaddr *)&src.ss, &src.len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	pd = pend_slot(c, &src);
	if (!++c->conn_seq)
		c->conn_seq = 1;	/* 0 is --connect's and --stdio's */
	pd->fd = fd;
	pd->addr = conn_addr(c->conn_seq);
	pd->src = src;
	pd->opened = cable_now();
	pd->in_len = pd->out_len = 0;
	ev.data.u32 = CABLE_EV_PEND + (uint32_t)(pd - c->pend);
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		pd->fd = -1;
		return;
	}
	c->st.stream_connects++;
}

/* Close pending connections that did not authenticate in time */
static void pend_expire(struct cable *c, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < CABLE_PEND_MAX; i++)
		if (c->pend[i].fd >= 0 &&
		    now - c->pend[i].opened >= CABLE_PEND_TIMEOUT_MS)
			pend_close(c, &c->pend[i],
				   "not authenticated in time");
}

static void net_event(struct cable *c, uint32_t events)
{
	if (c->mode == CABLE_TCP_CONNECT && c->net_out < 0) {
		stream_connected(c);
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		stream_input(c);
	if (c->net >= 0 && (events & EPOLLOUT))
		stream_flush(c);
}

static void dispatch(struct cable *c, uint32_t tag, uint32_t events)
{
	switch (tag) {
	case CABLE_EV_UDP:
		udp_input(c);
		break;
	case CABLE_EV_SW_DATA:
		switch_input(c);
		break;
	case CABLE_EV_SW_CTL:
		switch_ctl(c);
		break;
	case CABLE_EV_LISTEN:
		stream_accept(c);
		break;
	case CABLE_EV_NET:
		net_event(c, events);
		break;
	case CABLE_EV_NET_OUT:
		stream_flush(c);
		break;
	case CABLE_EV_MGMT:
		console_accept(c);
		break;
	case CABLE_EV_NETLINK:
		netlink_input(c);
		break;
	default:
		if (tag >= CABLE_EV_SESS && tag < CABLE_EV_SESS + CABLE_SESS_MAX)
			console_input(c, &c->sess[tag - CABLE_EV_SESS]);
		else if (tag >= CABLE_EV_PEND &&
			 tag < CABLE_EV_PEND + CABLE_PEND_MAX)
			pend_input(c, &c->pend[tag - CABLE_EV_PEND]);
		break;
	}
}

static void on_signal(int sig)
{
	cable_signal = sig;
}

static void watch(struct cable *c, int fd, uint32_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = tag };

	if (fd >= 0 && epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev))
		die("epoll_ctl: %s", err_str(errno));
}

/**
 * cable_watch_all() - register the descriptors opened by set-up
 * @c:		program
 */
void cable_watch_all(struct cable *c)
{
	struct sigaction sa = { .sa_handler = on_signal };

	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0)
		die("epoll_create1: %s", err_str(errno));
	watch(c, c->sw.data, CABLE_EV_SW_DATA);
	watch(c, c->sw.ctl, CABLE_EV_SW_CTL);
	watch(c, c->mfd, CABLE_EV_MGMT);
	watch(c, c->nl, CABLE_EV_NETLINK);
	if (c->mode == CABLE_UDP)
		watch(c, c->net, CABLE_EV_UDP);
	if (c->mode == CABLE_TCP_LISTEN)
		watch(c, c->lfd, CABLE_EV_LISTEN);
	if (c->mode == CABLE_STDIO)
		watch(c, c->net, CABLE_EV_NET);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/**
 * cable_loop() - run until a signal, the switch leaves or stdio ends
 * @c:		program, set up and sandboxed
 */
void cable_loop(struct cable *c)
{
	struct epoll_event ev[CABLE_EVENTS];
	uint64_t now = cable_now(), next = now;
	int n, i, timeout;

	while (!c->stop && !cable_signal) {
		now = cable_now();
		if (now >= next) {
			dev_tick(c->d, now);
			next = dev_next_timer(c->d, now);
		}
		if (c->mode == CABLE_TCP_LISTEN)
			pend_expire(c, now);
		console_expire(c, now);
		if (c->mode == CABLE_TCP_CONNECT && c->net < 0 &&
		    now >= c->retry_at && cable_stream_connect(c)) {
			c->retry_at = now + c->backoff_ms;
			c->backoff_ms = MIN(2 * c->backoff_ms,
					    (unsigned int)CABLE_BACKOFF_MAX_MS);
		}
		flush_all(c);
		timeout = next > now ? (int)(next - now) : 0;
		n = epoll_wait(c->epfd, ev, CABLE_EVENTS, timeout);
		if (n < 0 && errno != EINTR)
			die("epoll_wait: %s", err_str(errno));
		for (i = 0; i < n && !c->stop; i++)
			dispatch(c, ev[i].data.u32, ev[i].events);
		flush_all(c);
	}
	if (cable_signal)
		log_info("signal %d: exiting", (int)cable_signal);
}
