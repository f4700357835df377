/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * vdeload.h - options, counters and helpers shared by vdeload's files.
 */
#ifndef VDELOAD_H
#define VDELOAD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <libvdeplug.h>

#define LD_ETHERTYPE	0x88b5
#define LD_MAGIC	0x7664656cu	/* "vdel" */
#define LD_HDR		34		/* eth 14 + magic 4 + seq 8 + ts 8 */
#define LD_FRAME_MAX	9234		/* VDE_ETHBUFSIZE */
#define LD_BATCH	32
#define LD_ANNOUNCE	3

enum ld_mode { M_TX, M_RX, M_BOTH, M_PING, M_ECHO, M_ATTACH };

struct ld_opts {
	enum ld_mode mode;
	char *url;
	uint64_t count;
	double duration;
	uint32_t size;
	double rate;
	uint32_t burst;
	uint32_t idle_ms;
	uint32_t wait_ms;
	uint8_t src[6];
	uint8_t dst[6];
	uint32_t clients;
	double hold;
	bool noread;
	bool announce;
	bool mmsg;
	uint8_t side[6];
	uint32_t side_every;
	const char *ready;
};

struct ld_rx {
	uint64_t frames;
	uint64_t bytes;
	uint64_t other;		/* not ours: floods, announces */
	uint64_t reorder;	/* sequence not increasing */
	uint64_t last_seq;
	uint64_t t_first;
	uint64_t t_last;
};

extern volatile sig_atomic_t ld_stop;	/* SIGTERM/SIGINT seen */

double cpu_self(void);
uint64_t now_ns(void);
void ld_die(const char *what) __attribute__((noreturn));
void frame_init(uint8_t *f, uint32_t size, const uint8_t *dst,
		const uint8_t *src);
void frame_stamp(uint8_t *f, uint64_t seq, uint64_t ts);
bool frame_ours(const uint8_t *f, ssize_t len, const uint8_t *me,
		uint64_t *seq);
void rx_account(struct ld_rx *rx, const uint8_t *f, ssize_t len,
		const uint8_t *me, uint64_t t);
VDECONN *ld_open(const struct ld_opts *o, const char *descr);
void set_nonblock(VDECONN *c);
void set_rcvtimeo(VDECONN *c, uint32_t ms);
void announce(VDECONN *c, const uint8_t *mac);
void ready(const struct ld_opts *o);
uint64_t drain(VDECONN *c, const struct ld_opts *o, struct ld_rx *rx,
	       const uint8_t *me);
uint32_t send_frames(VDECONN *c, const struct ld_opts *o,
		     uint8_t (*tmpl)[LD_FRAME_MAX], uint64_t *seq, uint32_t n);
void sleep_until(uint64_t t);
void drain_idle(VDECONN *c, const struct ld_opts *o, struct ld_rx *rx,
		const uint8_t *me, uint32_t ms);
void print_rx(const char *pfx, const struct ld_rx *rx);
bool tx_done(const struct ld_opts *o, uint64_t sent, uint64_t t0,
	     uint64_t t);

#endif /* VDELOAD_H */
