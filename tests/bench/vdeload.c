// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * vdeload.c - load generator for VDE switches, built on libvdeplug.
 *
 * Connects to a switch like any VDE client (vde_open()), so it measures
 * vde_switch and vde-switchd the same way.  Modes:
 *
 *   tx      send frames from --src to --dst as fast as possible (or paced)
 *   rx      count frames addressed to --src until idle for --idle ms
 *   both    one process, two connections: send a burst, drain, repeat
 *   ping    round trips to an echo process, p50/p99
 *   echo    reflect frames addressed to --src back to their sender
 *   attach  open --clients connections, optionally hold them (idle,
 *           stalled or sending broadcasts now and then), then close
 *
 * Frames carry ethertype 0x88b5 (local experimental), a magic, a sequence
 * number and a timestamp; receivers count only frames addressed to their
 * own MAC with that magic.  Receivers and echo first announce their MAC
 * with broadcast frames so the switch forwards to them by unicast.
 *
 * Results are printed on stdout as one line of key=value pairs.
 * By default every frame is one vde_send()/vde_recv(), like QEMU (drains
 * use recv(MSG_DONTWAIT) on vde_datafd(): vde_recv() ignores flags); with
 * --mmsg, batches of up to 32 go through sendmmsg()/recvmmsg() on
 * vde_datafd() (fewer system calls; the kernel work per frame stays).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vdeload.h"

static void ld_on_signal(int sig)
{
	(void)sig;
	ld_stop = 1;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	char tail;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -EINVAL;
		mac[i] = b[i];
	}
	return 0;
}

static int run_tx(const struct ld_opts *o)
{
	static uint8_t tmpl[LD_BATCH][LD_FRAME_MAX];
	VDECONN *c = ld_open(o, "vdeload tx");
	uint32_t chunk = o->mmsg ? LD_BATCH : 1, i;
	uint64_t seq = 0, t0, t, next;
	double gap = 0;

	for (i = 0; i < LD_BATCH; i++)
		frame_init(tmpl[i], o->size, o->dst, o->src);
	if (o->rate > 0) {
		/* bursts of up to 1 ms (LD_BATCH frames at most), then
		 * sleep until the next one is due */
		chunk = o->rate / 1000;
		chunk = chunk < 1 ? 1 : chunk > LD_BATCH ? LD_BATCH : chunk;
		gap = 1e9 / o->rate;
	}
	ready(o);
	t0 = now_ns();
	t = t0;
	while (!tx_done(o, seq, t0, t)) {
		uint32_t n = chunk;

		if (!o->duration && o->count - seq < n)
			n = o->count - seq;
		if (send_frames(c, o, tmpl, &seq, n) < n)
			ld_die("send");
		if ((seq & 4095) < n)
			drain(c, o, NULL, NULL);	/* floods to us */
		if (gap > 0) {
			next = t0 + (uint64_t)(seq * gap);
			if (next > now_ns())
				sleep_until(next);
		}
		t = now_ns();
	}
	printf("mode=tx size=%u tx_frames=%llu tx_elapsed_s=%.6f tx_fps=%.0f"
	       " tx_cpu_s=%.3f\n", o->size, (unsigned long long)seq,
	       (t - t0) / 1e9, seq / ((t - t0) / 1e9), cpu_self());
	vde_close(c);
	return 0;
}

/*
 * One blocking vde_recv() per frame, like vde_plug; a short receive
 * timeout lets us notice when our own frames stop (floods from other
 * ports do not count as activity)
 */
static void rx_blocking(VDECONN *c, const struct ld_opts *o, struct ld_rx *rx)
{
	static uint8_t buf[LD_FRAME_MAX];
	uint64_t last = now_ns(), t, seen = 0;
	ssize_t n;

	set_rcvtimeo(c, 20);
	while (!ld_stop) {
		n = vde_recv(c, buf, sizeof(buf), 0);
		t = now_ns();
		if (n >= 0)
			rx_account(rx, buf, n, o->src, t);
		else if (errno != EAGAIN && errno != EINTR)
			break;
		if (rx->frames != seen) {
			seen = rx->frames;
			last = t;
		} else if (t - last >= (seen ? o->idle_ms : o->wait_ms) *
			   1000000ull) {
			break;
		}
	}
}

static int run_rx(const struct ld_opts *o)
{
	VDECONN *c = ld_open(o, "vdeload rx");
	struct ld_rx rx = { 0 };

	announce(c, o->src);
	ready(o);
	if (o->mmsg) {
		set_nonblock(c);
		drain_idle(c, o, &rx, o->src, o->wait_ms);
		if (rx.frames)
			drain_idle(c, o, &rx, o->src, o->idle_ms);
	} else {
		rx_blocking(c, o, &rx);
	}
	printf("mode=rx");
	print_rx("", &rx);
	printf(" rx_cpu_s=%.3f\n", cpu_self());
	vde_close(c);
	return 0;
}

static int run_both(const struct ld_opts *o)
{
	static uint8_t tmpl[LD_BATCH][LD_FRAME_MAX];
	VDECONN *a = ld_open(o, "vdeload both/tx");
	VDECONN *b = ld_open(o, "vdeload both/rx");
	struct ld_rx rx = { 0 };
	uint64_t seq = 0, t0, t, side, want;
	uint32_t i;

	for (i = 0; i < LD_BATCH; i++)
		frame_init(tmpl[i], o->size, o->dst, o->src);
	announce(b, o->dst);
	usleep(20000);
	set_nonblock(b);
	drain(a, o, NULL, NULL);
	drain(b, o, NULL, NULL);
	ready(o);
	t0 = t = now_ns();
	while (!tx_done(o, seq, t0, t)) {
		uint32_t n = o->burst, k;

		if (!o->duration && o->count - seq < n)
			n = o->count - seq;
		for (k = 0; k < n; k += LD_BATCH) {
			uint32_t m = n - k < LD_BATCH ? n - k : LD_BATCH;

			if (send_frames(a, o, tmpl, &seq, m) < m)
				ld_die("send");
		}
		drain(b, o, &rx, o->dst);
		if ((seq & 4095) < n)
			drain(a, o, NULL, NULL);
		t = now_ns();
	}
	drain_idle(b, o, &rx, o->dst, o->idle_ms);
	/* frames to --side are not meant for b */
	side = o->side_every ? (seq + o->side_every - 1) / o->side_every : 0;
	want = seq - side;
	printf("mode=both size=%u burst=%u tx_frames=%llu side_frames=%llu"
	       " tx_elapsed_s=%.6f tx_fps=%.0f loss_pct=%.3f", o->size,
	       o->burst, (unsigned long long)seq, (unsigned long long)side,
	       (t - t0) / 1e9, seq / ((t - t0) / 1e9),
	       want ? 100.0 * (double)(want - rx.frames) / want : 0);
	/* delivered rate over the whole run, from the first send */
	rx.t_first = t0;
	print_rx("", &rx);
	printf(" cpu_s=%.3f\n", cpu_self());
	vde_close(a);
	vde_close(b);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int run_ping(const struct ld_opts *o)
{
	static uint8_t f[LD_FRAME_MAX], buf[LD_FRAME_MAX];
	uint64_t warm = o->count / 10 + 10, i, lost = 0, nrtt = 0, sum = 0;
	uint64_t *rtt = calloc(o->count, sizeof(*rtt));
	VDECONN *c = ld_open(o, "vdeload ping");

	if (!rtt)
		ld_die("calloc");
	announce(c, o->src);
	usleep(20000);
	set_nonblock(c);
	drain(c, o, NULL, NULL);
	fcntl(vde_datafd(c), F_SETFL, 0);
	set_rcvtimeo(c, 1000);
	frame_init(f, o->size, o->dst, o->src);
	ready(o);
	for (i = 0; i < warm + o->count && !ld_stop; i++) {
		uint64_t t0 = now_ns(), seq;
		ssize_t n;

		frame_stamp(f, i, t0);
		if (vde_send(c, f, o->size, 0) < 0)
			ld_die("send");
		for (;;) {
			n = vde_recv(c, buf, sizeof(buf), 0);
			if (n < 0 && errno == EINTR && !ld_stop)
				continue;
			if (n < 0 || (frame_ours(buf, n, o->src, &seq) &&
				      seq == i))
				break;
		}
		if (n < 0) {
			if (ld_stop)	/* interrupted: not a lost frame */
				break;
			lost++;
			continue;
		}
		if (i >= warm)
			rtt[nrtt++] = now_ns() - t0;
	}
	qsort(rtt, nrtt, sizeof(*rtt), cmp_u64);
	for (i = 0; i < nrtt; i++)
		sum += rtt[i];
	printf("mode=ping size=%u pings=%llu lost=%llu", o->size,
	       (unsigned long long)nrtt, (unsigned long long)lost);
	if (nrtt)
		printf(" rtt_min_us=%.1f rtt_avg_us=%.1f rtt_p50_us=%.1f"
		       " rtt_p99_us=%.1f rtt_max_us=%.1f", rtt[0] / 1e3,
		       sum / 1e3 / nrtt, rtt[nrtt / 2] / 1e3,
		       rtt[nrtt * 99 / 100] / 1e3, rtt[nrtt - 1] / 1e3);
	printf("\n");
	free(rtt);
	vde_close(c);
	return 0;
}

static int run_echo(const struct ld_opts *o)
{
	static uint8_t buf[LD_FRAME_MAX];
	VDECONN *c = ld_open(o, "vdeload echo");
	uint64_t echoed = 0, seq, end = 0;
	ssize_t n;

	if (o->hold > 0)
		end = now_ns() + (uint64_t)(o->hold * 1e9);
	announce(c, o->src);
	set_rcvtimeo(c, 200);
	ready(o);
	while (!ld_stop && (!end || now_ns() < end)) {
		n = vde_recv(c, buf, sizeof(buf), 0);
		if (n < 0 || !frame_ours(buf, n, o->src, &seq))
			continue;
		memcpy(buf, buf + 6, 6);
		memcpy(buf + 6, o->src, 6);
		if (vde_send(c, buf, n, 0) < 0 && errno != EINTR)
			ld_die("send");
		echoed++;
	}
	printf("mode=echo echoed=%llu\n", (unsigned long long)echoed);
	vde_close(c);
	return 0;
}

/* Hold @k connections: drain them (unless noread), broadcast now and then */
static void attach_hold(const struct ld_opts *o, VDECONN **c, uint32_t k,
			uint64_t *rxd, uint64_t *bsent)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint64_t end = o->hold > 0 ? now_ns() + (uint64_t)(o->hold * 1e9) : 0;
	uint64_t gap = o->rate > 0 ? (uint64_t)(1e9 / o->rate) : 0;
	uint64_t next = now_ns() + gap;
	struct epoll_event ev[64];
	uint8_t f[LD_FRAME_MAX];
	uint32_t i, who = 0;
	int ep = -1, n, tmo;

	if (!o->noread) {
		ep = epoll_create1(EPOLL_CLOEXEC);
		if (ep < 0)
			ld_die("epoll_create1");
		for (i = 0; i < k; i++) {
			struct epoll_event e = { .events = EPOLLIN,
						 .data.u32 = i };

			set_nonblock(c[i]);
			if (epoll_ctl(ep, EPOLL_CTL_ADD, vde_datafd(c[i]), &e))
				ld_die("epoll_ctl");
		}
	}
	while (!ld_stop) {
		uint64_t t = now_ns();

		if (end && t >= end)
			break;
		if (gap && t >= next) {
			uint8_t src[6] = { 0x02, 0x00, 0x01, 0x00,
					   who >> 8, who & 0xff };

			frame_init(f, o->size, bcast, src);
			f[14] = 0;
			if (send(vde_datafd(c[who]), f, o->size,
				 MSG_DONTWAIT) > 0)
				(*bsent)++;
			who = (who + 1) % k;
			next += gap;
			continue;
		}
		tmo = 100;
		if (gap)
			tmo = (next - t) / 1000000;
		if (end && (end - t) / 1000000 < (uint64_t)tmo)
			tmo = (end - t) / 1000000;
		if (ep < 0) {
			poll(NULL, 0, tmo);
			continue;
		}
		n = epoll_wait(ep, ev, 64, tmo);
		for (i = 0; n > 0 && i < (uint32_t)n; i++)
			*rxd += drain(c[ev[i].data.u32], o, NULL, NULL);
	}
	if (ep >= 0)
		close(ep);
}

static int run_attach(const struct ld_opts *o)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	VDECONN **c = calloc(o->clients, sizeof(*c));
	uint64_t t0, t1, t2, t3, rxd = 0, bsent = 0;
	uint32_t i, k;

	if (!c)
		ld_die("calloc");
	t0 = now_ns();
	for (k = 0; k < o->clients; k++) {
		c[k] = vde_open(o->url, "vdeload attach", NULL);
		if (!c[k]) {
			fprintf(stderr, "vdeload: vde_open #%u: %s\n", k + 1,
				strerror(errno));
			break;
		}
	}
	for (i = 0; o->announce && i < k; i++) {
		uint8_t mac[6] = { 0x02, 0x00, 0x01, 0x00, i >> 8, i & 0xff };

		announce(c[i], mac);
	}
	t1 = now_ns();
	printf("mode=attach clients=%u attached=%u attach_s=%.6f"
	       " attach_us_per_client=%.1f", o->clients, k, (t1 - t0) / 1e9,
	       k ? (t1 - t0) / 1e3 / k : 0);
	fflush(stdout);
	ready(o);
	if (k && (o->hold != 0 || o->ready))
		attach_hold(o, c, k, &rxd, &bsent);
	t2 = now_ns();
	for (i = 0; i < k; i++)
		vde_close(c[i]);
	t3 = now_ns();
	printf(" held_s=%.3f rx_frames=%llu bcast_sent=%llu detach_s=%.6f\n",
	       (t2 - t1) / 1e9, (unsigned long long)rxd,
	       (unsigned long long)bsent, (t3 - t2) / 1e9);
	free(c);
	return k == o->clients ? 0 : 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vdeload tx|rx|both|ping|echo|attach -s URL [OPTIONS]\n"
"  -s, --sock URL       switch, e.g. vde:///tmp/sw or /tmp/sw\n"
"  -n, --count N        frames (tx, both; default 1000000) or pings\n"
"                       (ping; default 10000)\n"
"  -d, --duration SEC   send for SEC seconds instead of N frames\n"
"  -l, --size BYTES     frame size, %d..%d (default 64)\n"
"  -r, --rate PPS       tx: pace at PPS frames/s; attach: broadcasts/s\n"
"                       sent by the held clients in turn\n"
"  -b, --burst N        both: frames per burst between drains (default 8)\n"
"  -t, --idle MS        rx/both: stop after MS without frames (default 300)\n"
"  -w, --wait MS        rx: wait up to MS for the first frame (default 10000)\n"
"  -S, --src MAC        own MAC (sender source; rx/echo/ping address)\n"
"  -D, --dst MAC        destination MAC (tx, both, ping)\n"
"  -k, --clients K      attach: connections to open (default 1000)\n"
"  -H, --hold SEC       attach/echo: run SEC s (default: until SIGTERM;\n"
"                       attach without --ready and --hold closes at once)\n"
"      --no-read        attach: never read (stalled clients)\n"
"      --announce       attach: client i announces MAC 02:00:01:00:ii:ii\n"
"      --side MAC       both/tx: send every --side-every'th frame to MAC\n"
"      --side-every N   (not counted as lost; default off)\n"
"  -R, --ready FILE     create FILE once set up\n"
"  -m, --mmsg           batch with sendmmsg/recvmmsg on vde_datafd()\n",
		LD_HDR, LD_FRAME_MAX);
}

static void parse_opts(struct ld_opts *o, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "sock", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 'l' },
		{ "rate", required_argument, NULL, 'r' },
		{ "burst", required_argument, NULL, 'b' },
		{ "idle", required_argument, NULL, 't' },
		{ "wait", required_argument, NULL, 'w' },
		{ "src", required_argument, NULL, 'S' },
		{ "dst", required_argument, NULL, 'D' },
		{ "clients", required_argument, NULL, 'k' },
		{ "hold", required_argument, NULL, 'H' },
		{ "no-read", no_argument, NULL, 'N' },
		{ "announce", no_argument, NULL, 'A' },
		{ "side", required_argument, NULL, 'X' },
		{ "side-every", required_argument, NULL, 'E' },
		{ "ready", required_argument, NULL, 'R' },
		{ "mmsg", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const modes[] = {
		"tx", "rx", "both", "ping", "echo", "attach",
	};
	bool count_set = false;
	int c;
	size_t i;

	if (argc < 2) {
		usage(stderr);
		exit(2);
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(argv[1], modes[i]))
			break;
	if (i == sizeof(modes) / sizeof(modes[0])) {
		usage(!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ?
		      stdout : stderr);
		exit(strcmp(argv[1], "-h") && strcmp(argv[1], "--help") ? 2 :
		     0);
	}
	o->mode = (enum ld_mode)i;
	optind = 2;
	while ((c = getopt_long(argc, argv, "s:n:d:l:r:b:t:w:S:D:k:H:R:mh",
				lo, NULL)) != -1) {
		switch (c) {
		case 's': o->url = optarg; break;
		case 'n': o->count = strtoull(optarg, NULL, 0);
			  count_set = true; break;
		case 'd': o->duration = strtod(optarg, NULL); break;
		case 'l': o->size = strtoul(optarg, NULL, 0); break;
		case 'r': o->rate = strtod(optarg, NULL); break;
		case 'b': o->burst = strtoul(optarg, NULL, 0); break;
		case 't': o->idle_ms = strtoul(optarg, NULL, 0); break;
		case 'w': o->wait_ms = strtoul(optarg, NULL, 0); break;
		case 'S':
		case 'D':
		case 'X':
			if (parse_mac(optarg, c == 'S' ? o->src :
				      c == 'D' ? o->dst : o->side)) {
				fprintf(stderr, "vdeload: bad MAC %s\n",
					optarg);
				exit(2);
			}
			break;
		case 'k': o->clients = strtoul(optarg, NULL, 0); break;
		case 'H': o->hold = strtod(optarg, NULL); break;
		case 'N': o->noread = true; break;
		case 'A': o->announce = true; break;
		case 'E': o->side_every = strtoul(optarg, NULL, 0); break;
		case 'R': o->ready = optarg; break;
		case 'm': o->mmsg = true; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (!count_set && o->mode == M_PING)
		o->count = 10000;
	if (!o->url || optind != argc || o->size < LD_HDR ||
	    o->size > LD_FRAME_MAX || !o->burst || !o->count ||
	    !o->clients || !o->idle_ms) {
		usage(stderr);
		exit(2);
	}
}

static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

int main(int argc, char **argv)
{
	struct ld_opts o = {
		.count = 1000000, .size = 64, .burst = 8, .idle_ms = 300,
		.wait_ms = 10000, .clients = 1000,
		.src = { 0x02, 0x00, 0x00, 0xbe, 0x00, 0x01 },
		.dst = { 0x02, 0x00, 0x00, 0xbe, 0x00, 0x02 },
	};
	struct sigaction sa = { .sa_handler = ld_on_signal };

	parse_opts(&o, argc, argv);
	raise_nofile();
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	switch (o.mode) {
	case M_TX: return run_tx(&o);
	case M_RX: return run_rx(&o);
	case M_BOTH: return run_both(&o);
	case M_PING: return run_ping(&o);
	case M_ECHO: return run_echo(&o);
	case M_ATTACH: return run_attach(&o);
	}
	return 2;
}
