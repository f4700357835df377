/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * cable.h - the vde-cable program around the engine (device.h): its
 * descriptors, batches and console, shared by main.c (set-up), io.c (the
 * event loop) and console.c (the management console).
 */
#ifndef VDE_CABLE_CABLE_H
#define VDE_CABLE_CABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "device.h"
#include "vdeconn.h"

enum cable_mode {
	CABLE_UDP,		/* datagrams on a UDP socket */
	CABLE_TCP_LISTEN,	/* --stream --listen */
	CABLE_TCP_CONNECT,	/* --stream --connect */
	CABLE_STDIO,		/* --stream --stdio */
};

/* epoll tags */
enum cable_ev {
	CABLE_EV_UDP = 1,
	CABLE_EV_SW_DATA,
	CABLE_EV_SW_CTL,
	CABLE_EV_LISTEN,
	CABLE_EV_NET,
	CABLE_EV_NET_OUT,
	CABLE_EV_MGMT,
	CABLE_EV_NETLINK,
	CABLE_EV_SESS,	/* + session number */
};

enum {
	CABLE_BATCH		= 32,		/* recvmmsg/sendmmsg */
	CABLE_SOCKBUF		= 16 << 20,	/* SO_RCVBUF/SO_SNDBUF wanted */
	CABLE_STREAM_OUT	= 1 << 20,	/* queued stream output */
	CABLE_BACKOFF_MIN_MS	= 100,
	CABLE_BACKOFF_MAX_MS	= 5000,
	CABLE_SESS_MAX		= 8,		/* console sessions */
	CABLE_LINE_MAX		= 256,		/* console line */
	CABLE_SESS_IDLE_MS	= 5 * 60 * 1000,	/* idle session closed */
	CABLE_MTU_MIN		= 68,
	CABLE_STREAM_IN		= 64 * 1024,	/* stream input buffer */
	CABLE_PEND_MAX		= 4,		/* unauthenticated TCP */
	CABLE_PEND_TIMEOUT_MS	= 10 * 1000,	/* ... closed after */
	CABLE_PEND_OUT		= 4096,		/* handshake answers */
	CABLE_LISTEN_BACKLOG	= 8,
	CABLE_GSO_SEGS		= CABLE_BATCH,	/* datagrams per GSO send */
	CABLE_GSO_BYTES		= 60 * 1024,	/* payload of one GSO send */
	CABLE_GRO_BYTES		= 64 * 1024,	/* one coalesced receive */
	CABLE_GSO_RETRY_MS	= 60 * 1000,	/* a refused GSO retried */
};

/**
 * struct cable_pend - a --stream --listen connection not yet
 * authenticated: it gets only what the engine addresses to it
 * (responses, cookie replies) and becomes the stream only when a packet
 * from it authenticates (the engine moves the peer's endpoint to it)
 * @fd:		its socket, -1 if free
 * @addr:	its address for the engine: AF_UNSPEC and a number
 * @src:	the client's address (one pending connection per IP)
 * @opened:	when it was accepted (ms)
 * @in_len:	bytes in @in
 * @out_len:	bytes in @out
 * @in:		partial records
 * @out:	records for it
 */
struct cable_pend {
	int fd;
	struct dev_addr addr;
	struct dev_addr src;
	uint64_t opened;
	size_t in_len;
	size_t out_len;
	uint8_t in[CABLE_STREAM_IN];
	uint8_t out[CABLE_PEND_OUT];
};

/**
 * struct cable_batch - packets queued for one sendmmsg()
 * @n:		how many
 * @len:	their lengths
 * @to:		their destinations (UDP only)
 * @buf:	their bytes
 */
struct cable_batch {
	unsigned int n;
	size_t len[CABLE_BATCH];
	struct dev_addr to[CABLE_BATCH];
	uint8_t buf[CABLE_BATCH][MSG_TRANSPORT_MAX_LEN];
};

/**
 * struct cable_sess - one console connection
 * @fd:		its socket, -1 if free
 * @len:	bytes in @in
 * @discard:	inside an over-long line
 * @last:	when it last sent something (ms)
 * @in:		partial line
 */
struct cable_sess {
	int fd;
	size_t len;
	bool discard;
	uint64_t last;
	char in[CABLE_LINE_MAX + 1];
};

/**
 * struct cable_stats - the program's own counters (cable/stats)
 */
struct cable_stats {
	uint64_t udp_send_err;		/* EAGAIN, ENOBUFS ... on UDP */
	uint64_t sw_send_err;		/* switch socket full */
	uint64_t stream_drop;		/* stream output queue full */
	uint64_t stream_bad;		/* bad record length: stream closed */
	uint64_t stream_connects;
	uint64_t stream_unauth_closed;	/* never authenticated: closed */
	uint64_t udp_gso_sends;		/* sends of several datagrams */
	uint64_t udp_gso_refused;	/* ... refused: sent one by one */
	uint64_t udp_gro_receives;	/* receives of several datagrams */
};

/**
 * struct cable - the running program
 * @mode:	carrier
 * @d:		protocol engine
 * @ps:		the peers file
 * @sw:		switch attachment
 * @swdir:	switch directory (for messages)
 * @net:	UDP socket, or the stream connection, -1 if none
 * @net_out:	stream output (stdout in stdio mode, else @net)
 * @lfd:	TCP listening socket, -1 if none
 * @mfd:	console listening socket, -1 if none
 * @nl:		netlink socket watching our addresses (UDP mode), -1 if none
 * @epfd:	epoll
 * @peer:	the peer of --connect / --peer / a stream (-1: all)
 * @remote:	--connect address
 * @v6:		the UDP socket is AF_INET6
 * @gso:	send with UDP_SEGMENT (io.c, "UDP generic segmentation")
 * @gso_off:	the kernel refused it for want of checksum offload
 * @gso_fail:	smallest segment size refused (0: none)
 * @gso_retry_at: when @gso_off and @gso_fail are forgotten
 * @gro:	UDP_GRO is on: a receive may hold several datagrams
 * @initiate:	start handshakes at once
 * @backoff_ms:	stream reconnection delay
 * @retry_at:	next reconnection
 * @cur:	the engine's address of the stream connection @net
 * @conn_seq:	numbers the --stream --listen connections
 * @pend:	--stream --listen connections not yet authenticated
 * @sin_len:	bytes of stream input waiting (io.c's buffer)
 * @sout:	stream output queue
 * @sout_len:	bytes in @sout
 * @tx:		UDP packets (or switch frames) queued
 * @toswitch:	frames queued for the switch
 * @sess:	console sessions
 * @started:	start time (ms)
 * @st:		counters
 * @stop:	leave the loop with this status + 1 (0 = keep running)
 */
struct cable {
	enum cable_mode mode;
	struct dev *d;
	struct peers ps;
	struct vdeconn sw;
	const char *swdir;
	int net;
	int net_out;
	int lfd;
	int mfd;
	int nl;
	int epfd;
	int peer;
	struct dev_addr remote;
	bool v6;
	bool gso;
	bool gso_off;
	size_t gso_fail;
	uint64_t gso_retry_at;
	bool gro;
	bool initiate;
	unsigned int backoff_ms;
	uint64_t retry_at;
	struct dev_addr cur;
	uint32_t conn_seq;
	struct cable_pend pend[CABLE_PEND_MAX];
	size_t sin_len;
	uint8_t *sout;
	size_t sout_len;
	struct cable_batch tx;
	struct cable_batch toswitch;
	struct cable_sess sess[CABLE_SESS_MAX];
	uint64_t started;
	struct cable_stats st;
	int stop;
};

extern const struct dev_ops cable_dev_ops;

uint64_t cable_now(void);
void cable_watch_all(struct cable *c);
void cable_loop(struct cable *c);
int cable_stream_connect(struct cable *c) __must_check;
void cable_stream_adopt(struct cable *c, int fd);
void cable_stream_init(struct cable *c);

int console_open(struct cable *c, const char *path) __must_check;
void console_accept(struct cable *c);
void console_input(struct cable *c, struct cable_sess *s);
void console_expire(struct cable *c, uint64_t now);

#endif /* VDE_CABLE_CABLE_H */
