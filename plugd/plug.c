// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * plug.c - vde-plug: a switch port on standard input/output (VDE stream
 * framing), joined to another switch, or to a command's stdin/stdout.
 *
 *   vde-plug [OPTIONS] SWITCH                 stream on stdin/stdout
 *   vde-plug [OPTIONS] SWITCH SWITCH2         two switches joined directly
 *   vde-plug [OPTIONS] SWITCH = CMD ARGS...   stream on CMD's stdin/stdout
 *
 * Theory of operation: every attachment goes through lib/vdeconn (the same
 * handshake as libvdeplug); frames from a stream are decoded by lib/stream,
 * which keeps a length prefix split across reads (Debian's vde_plug drops
 * it) and, by default, ends the stream on an oversized length instead of
 * guessing where the next record starts.  When a switch goes away (its
 * control stream closes) the plug attaches again with backoff, 0.1 s
 * doubling to 5 s, and frames that arrive meanwhile are dropped and
 * counted; --no-reconnect exits instead, as vde_plug does.  After the first
 * attachment the plug drops every capability, sets no_new_privs and loads
 * a seccomp allowlist that still permits re-attaching.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "sandbox.h"
#include "stream.h"
#include "vdeconn.h"

#define EXIT_USAGE	2
#define OUTBUF		(256 * 1024)
#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	5000

/* One switch attachment, re-made when the switch goes away */
struct side {
	char dir[108];
	struct vdeconn_opts opts;
	struct vdeconn c;
	unsigned int backoff_ms;
	uint64_t next_try_ms;
	uint64_t drops;		/* frames lost while detached */
};

struct plug {
	struct side sw[2];
	int nsw;
	int in_fd, out_fd;	/* stream mode: -1 if two switches */
	pid_t child;
	bool reconnect;
	struct stream_dec dec;
	uint8_t out[OUTBUF];
	size_t outlen;
	uint8_t frame[STREAM_MAX + 1];
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int side_attach(struct side *s, bool quiet)
{
	int r = vdeconn_open(s->dir, &s->opts, &s->c);

	if (r) {
		if (!quiet)
			log_err("cannot attach to %s: %s", s->dir,
				r == -ECONNREFUSED ?
				"refused by the switch (see its log)" :
				err_str(r));
		return r;
	}
	s->backoff_ms = BACKOFF_MIN_MS;
	log_info("attached to %s", s->dir);
	return 0;
}

static void side_lost(struct plug *p, struct side *s)
{
	vdeconn_close(&s->c);
	if (!p->reconnect) {
		log_info("%s went away: exiting", s->dir);
		exit(1);
	}
	log_warn("%s went away: attaching again", s->dir);
	s->next_try_ms = now_ms() + s->backoff_ms;
}

static void side_retry(struct side *s)
{
	if (s->c.ctl >= 0 || now_ms() < s->next_try_ms)
		return;
	if (side_attach(s, true)) {
		s->backoff_ms = MIN(s->backoff_ms * 2, BACKOFF_MAX_MS);
		s->next_try_ms = now_ms() + s->backoff_ms;
	} else if (s->drops) {
		log_info("%llu frames dropped while detached",
			 (unsigned long long)s->drops);
		s->drops = 0;
	}
}

static void side_send(struct side *s, const uint8_t *f, size_t len)
{
	if (s->c.data < 0 ||
	    send(s->c.data, f, len, MSG_NOSIGNAL) != (ssize_t)len)
		s->drops++;
}

static void out_flush(struct plug *p)
{
	size_t off = 0;
	ssize_t n;

	while (off < p->outlen) {
		n = write(p->out_fd, p->out + off, p->outlen - off);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			log_info("output closed: exiting");
			exit(0);
		}
		off += n;
	}
	p->outlen = 0;
}

static void out_frame(struct plug *p, const uint8_t *f, size_t len)
{
	if (p->outlen + STREAM_HDR + len > sizeof(p->out))
		out_flush(p);
	stream_hdr(p->out + p->outlen, len);
	memcpy(p->out + p->outlen + STREAM_HDR, f, len);
	p->outlen += STREAM_HDR + len;
}

static void on_stream_frame(const uint8_t *f, size_t len, void *ctx)
{
	struct plug *p = ctx;

	side_send(&p->sw[0], f, len);
}

/* Frames from switch @i: to the stream or to the other switch */
static void from_switch(struct plug *p, int i)
{
	int k;

	for (k = 0; k < 64; k++) {
		ssize_t n = recv(p->sw[i].c.data, p->frame, sizeof(p->frame),
				 MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0)
			break;
		if (n < STREAM_MIN || n > STREAM_MAX)
			continue;	/* never forward a cut frame */
		if (p->nsw == 2)
			side_send(&p->sw[1 - i], p->frame, n);
		else
			out_frame(p, p->frame, n);
	}
	if (p->nsw == 1)
		out_flush(p);
}

static void from_stream(struct plug *p)
{
	uint8_t buf[65536];
	ssize_t n = read(p->in_fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		log_info("end of input: exiting");
		exit(0);
	}
	if (stream_dec_feed(&p->dec, buf, n, on_stream_frame, p)) {
		log_err("stream error: a record longer than %u bytes (use --resync to skip such data)",
			p->dec.max);
		exit(1);
	}
}

static void event_loop(struct plug *p)
{
	struct pollfd fds[5];
	int i, nfd, timeout, st;

	for (;;) {
		nfd = 0;
		timeout = -1;
		for (i = 0; i < p->nsw; i++) {
			side_retry(&p->sw[i]);
			if (p->sw[i].c.ctl < 0) {
				timeout = BACKOFF_MIN_MS;
				fds[nfd++] = (struct pollfd){ .fd = -1 };
				fds[nfd++] = (struct pollfd){ .fd = -1 };
				continue;
			}
			fds[nfd++] = (struct pollfd){ p->sw[i].c.ctl, POLLIN, 0 };
			fds[nfd++] = (struct pollfd){ p->sw[i].c.data, POLLIN, 0 };
		}
		if (p->in_fd >= 0)
			fds[nfd++] = (struct pollfd){ p->in_fd, POLLIN, 0 };
		if (poll(fds, nfd, timeout) < 0 && errno != EINTR)
			die_errno("poll");
		if (p->child > 0 && waitpid(p->child, &st, WNOHANG) == p->child) {
			log_info("command ended");
			exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
		}
		for (i = 0; i < p->nsw; i++) {
			if (fds[2 * i + 1].revents & POLLIN)
				from_switch(p, i);
			if (fds[2 * i].revents)
				side_lost(p, &p->sw[i]);
		}
		if (p->in_fd >= 0 && fds[nfd - 1].revents)
			from_stream(p);
	}
}

/* Run argv with a socketpair as its stdin and stdout */
static pid_t run_command(char **argv, int *fd)
{
	int sp[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp))
		die_errno("socketpair");
	pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0) {
		if (dup2(sp[1], 0) < 0 || dup2(sp[1], 1) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "vde-plug: cannot run %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	close(sp[1]);
	*fd = sp[0];
	return pid;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vde-plug [OPTIONS] SWITCH                 stream on stdin/stdout\n"
"       vde-plug [OPTIONS] SWITCH SWITCH2         join two switches\n"
"       vde-plug [OPTIONS] SWITCH = CMD [ARGS...] stream on CMD's stdio\n"
"SWITCH is a directory, DIR[PORT] or vde://DIR[PORT] ([0]: port 0).\n"
"  -p, --port N        port to ask for (default: any)\n"
"  -g, --group GROUP   group of the return socket\n"
"  -m, --mode MODE     octal mode of the return socket\n"
"  -D, --descr TEXT    description shown by the switch\n"
"      --no-reconnect  exit when a switch goes away (as vde_plug)\n"
"      --resync        on an oversized stream record, skip the rest of the\n"
"                      read (libvdeplug) instead of ending the stream\n"
"  -v, --verbose       more messages;  -q, --quiet: errors only\n"
"  -h, --help          this text;  --version: the version\n");
}

static void parse_switch(struct side *s, const char *url,
			 const struct vdeconn_opts *base)
{
	s->opts = *base;
	s->c.ctl = s->c.data = -1;
	if (vdeconn_parse_url(url, s->dir, sizeof(s->dir), &s->opts)) {
		fprintf(stderr, "vde-plug: invalid switch '%s'\n", url);
		exit(EXIT_USAGE);
	}
}

static int parse_opts(int argc, char **argv, struct vdeconn_opts *o,
		      struct plug *p, bool *resync, int *verbose)
{
	enum { OPT_NORECONNECT = 256, OPT_RESYNC, OPT_VERSION };
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "group", required_argument, NULL, 'g' },
		{ "mode", required_argument, NULL, 'm' },
		{ "descr", required_argument, NULL, 'D' },
		{ "no-reconnect", no_argument, NULL, OPT_NORECONNECT },
		{ "resync", no_argument, NULL, OPT_RESYNC },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "+p:g:m:D:vqh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || v > 0x7fffff) {
				fprintf(stderr, "vde-plug: invalid port '%s'\n",
					optarg);
				exit(EXIT_USAGE);
			}
			o->port = v;
			o->port0 = v == 0;
			break;
		case 'g':
			if (sandbox_lookup_group(optarg, &o->gid)) {
				fprintf(stderr, "vde-plug: unknown group '%s'\n",
					optarg);
				exit(EXIT_USAGE);
			}
			break;
		case 'm':
			errno = 0;
			v = strtoul(optarg, &end, 8);
			if (errno || *end || !*optarg || v > 0777) {
				fprintf(stderr, "vde-plug: invalid mode '%s'\n",
					optarg);
				exit(EXIT_USAGE);
			}
			o->mode = v;
			break;
		case 'D': o->descr = optarg; break;
		case OPT_NORECONNECT: p->reconnect = false; break;
		case OPT_RESYNC: *resync = true; break;
		case 'v': *verbose = 1; break;
		case 'q': *verbose = -1; break;
		case 'h': usage(stdout); exit(0);
		case OPT_VERSION: printf("vde-plug %s\n", VDE_VERSION); exit(0);
		default: usage(stderr); exit(EXIT_USAGE);
		}
	}
	if (optind >= argc) {
		usage(stderr);
		exit(EXIT_USAGE);
	}
	return optind;
}

int main(int argc, char **argv)
{
	struct sandbox_cfg sb = { .profile = SANDBOX_PLUG };
	struct vdeconn_opts base = { .mode = -1, .gid = (gid_t)-1,
				     .timeout_ms = 5000 };
	static struct plug p;
	char descr[128];
	bool resync = false;
	int verbose = 0, i;

	p.reconnect = true;
	p.in_fd = p.out_fd = -1;
	i = parse_opts(argc, argv, &base, &p, &resync, &verbose);
	log_init("vde-plug", NULL);
	log_set_level(verbose > 0 ? LOG_DEBUG : verbose < 0 ? LOG_ERR :
		      LOG_WARNING);
	if (argv[0][0] == '-') {
		fprintf(stderr, "vde-plug: refusing to run as a login shell\n");
		return EXIT_USAGE;
	}
	if (!base.descr) {
		snprintf(descr, sizeof(descr), "vde-plug: uid=%u pid=%d",
			 (unsigned)getuid(), (int)getpid());
		base.descr = descr;
	}
	parse_switch(&p.sw[0], argv[i], &base);
	p.nsw = 1;
	if (i + 1 < argc && !strcmp(argv[i + 1], "=")) {
		if (i + 2 >= argc) {
			fprintf(stderr, "vde-plug: '=' needs a command\n");
			return EXIT_USAGE;
		}
		p.child = run_command(argv + i + 2, &p.in_fd);
		p.out_fd = p.in_fd;
	} else if (i + 1 < argc) {
		if (i + 2 < argc) {
			fprintf(stderr, "vde-plug: too many arguments\n");
			return EXIT_USAGE;
		}
		parse_switch(&p.sw[1], argv[i + 1], &base);
		p.nsw = 2;
	} else {
		p.in_fd = STDIN_FILENO;
		p.out_fd = STDOUT_FILENO;
	}
	signal(SIGPIPE, SIG_IGN);
	stream_dec_init(&p.dec, resync ? STREAM_RESYNC : STREAM_CLOSE, 0);
	for (i = 0; i < p.nsw; i++)
		if (side_attach(&p.sw[i], false))
			return 1;
	sb.nofile = 64;
	sb.seccomp_log = getenv("VDE_SECCOMP_LOG") &&
			 !strcmp(getenv("VDE_SECCOMP_LOG"), "1");
	sandbox_enter(&sb);
	event_loop(&p);
	return 0;
}
