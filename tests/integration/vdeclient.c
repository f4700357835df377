// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * vdeclient.c - a scriptable VDE client for the integration tests.
 *
 * Opens a switch port through Debian's libvdeplug (the same library QEMU
 * and vde_plug use), optionally sends frames given in hex or generated
 * from a (destination, source, length) triple, and prints every frame it
 * receives, one line each: its length, and with -x its bytes in hex.
 * Frames are received with recv(MSG_TRUNC) on the library's data socket so
 * that the printed length is the real datagram length, even for a frame
 * larger than our buffer.
 *
 * Synchronisation with the test script is by files: -R names a file
 * created once the port is open, -w a file whose appearance triggers the
 * sending.  The client ends at the -t deadline, after -n frames, on
 * SIGTERM/SIGINT, or when the switch closes the control connection
 * (exit status 3).
 *
 * With -F the client only tries to open the port and reports how that
 * went: "FAILED <ms> ms" (status 0), "OPENED <ms> ms" (status 1), or
 * "HUNG" when vde_open() did not return within -t seconds (status 2).
 *
 * -G DST,SRC,LEN prints the frame -g would send, in hex, and exits: the
 * tests use it to compute what a receiver must see.
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libvdeplug.h>

enum {
	FRAME_MAX	= 65536,	/* receive buffer: larger than any frame */
	SEND_MAX	= 10000,	/* frames given with -s/-g */
	GO_MAX		= 64,		/* -w files */
	EXIT_USAGE	= 64,
	EXIT_CTL_EOF	= 3,
	EXIT_SEND	= 4,
};

struct frame {
	uint8_t *data;
	size_t len;
	int gate;			/* index in opts.go, -1: none */
};

struct opts {
	const char *url;
	char *descr;
	mode_t mode;
	bool have_mode;			/* -m given: pass vde_open_args */
	const char *ready;
	const char *go[GO_MAX];		/* -w files, in order */
	int ngo;
	double lifetime;
	long want;
	unsigned int interval_ms;
	bool hex;
	bool expect_fail;
	struct frame tx[SEND_MAX];
	unsigned int ntx;
};

static volatile sig_atomic_t vc_stop;

static void vc_on_signal(int sig)
{
	(void)sig;
	vc_stop = 1;
}

static void vc_on_alarm(int sig)
{
	static const char msg[] = "HUNG\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(2);
}

static double vc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void __attribute__((noreturn)) vc_usage(void)
{
	fprintf(stderr,
"usage: vdeclient [options] URL\n"
"  -D TEXT           description (default \"vdeclient\")\n"
"  -m MODE           pass vde_open_args with this octal mode of the return\n"
"                    socket (without -m: no args, libvdeplug's default 0700)\n"
"  -s HEX            send this frame (repeatable)\n"
"  -g DST,SRC,LEN[,COUNT]  send COUNT (1) generated frames of LEN bytes\n"
"  -i MS             milliseconds between frames sent\n"
"  -R FILE           create FILE once the port is open\n"
"  -w FILE           send the frames given after -w only once FILE exists\n"
"                    (repeatable: each -w gates the frames that follow it)\n"
"  -t SECS           lifetime after opening (default 5; -F: open timeout)\n"
"  -n COUNT          exit after COUNT frames received (and all sent)\n"
"  -x                print received frames in hex after their length\n"
"  -F                expect failure: report whether and how fast vde_open fails\n"
"  vdeclient -G DST,SRC,LEN   print the frame -g would send, in hex\n");
	exit(EXIT_USAGE);
}

static int vc_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse @n bytes of hex from @s into @out; returns false on bad input */
static bool vc_unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		int h = vc_hexval(s[2 * i]), l = vc_hexval(s[2 * i + 1]);

		if (h < 0 || l < 0)
			return false;
		out[i] = (uint8_t)(h << 4 | l);
	}
	return true;
}

/**
 * vc_generate() - build the frame "-g DST,SRC,LEN" denotes, number @k
 * @dst:	destination MAC
 * @src:	source MAC
 * @len:	frame length (>= 1)
 * @k:		index of the frame among the COUNT of one -g
 *
 * Layout: DST, SRC, ethertype 0x0800, then byte i = (i + 13 * k) & 0xff.
 * Frames shorter than 14 bytes are a prefix of that.
 *
 * Return: malloc'ed frame.
 */
static uint8_t *vc_generate(const uint8_t *dst, const uint8_t *src,
			    size_t len, unsigned int k)
{
	uint8_t hdr[14];
	uint8_t *f = malloc(len);
	size_t i;

	if (!f) {
		perror("vdeclient: malloc");
		exit(1);
	}
	memcpy(hdr, dst, 6);
	memcpy(hdr + 6, src, 6);
	hdr[12] = 0x08;
	hdr[13] = 0x00;
	for (i = 0; i < len; i++)
		f[i] = i < 14 ? hdr[i] : (uint8_t)(i + 13 * k);
	return f;
}

/* "DST,SRC,LEN[,COUNT]" -> frames appended to @o (or printed if !o) */
static void vc_parse_gen(struct opts *o, const char *arg)
{
	char dsts[13], srcs[13];
	uint8_t dst[6], src[6];
	unsigned long len, count = 1, k, i;
	char tail;
	int n;

	n = sscanf(arg, "%12[0-9a-fA-F],%12[0-9a-fA-F],%lu,%lu%c", dsts, srcs,
		   &len, &count, &tail);
	if (n < 3 || n > 4 || !vc_unhex(dsts, dst, 6) ||
	    !vc_unhex(srcs, src, 6) || len < 1 || len > FRAME_MAX ||
	    count < 1 || count > SEND_MAX) {
		fprintf(stderr, "vdeclient: bad frame spec '%s'\n", arg);
		exit(EXIT_USAGE);
	}
	for (k = 0; k < count; k++) {
		uint8_t *f = vc_generate(dst, src, len, (unsigned int)k);

		if (!o) {
			for (i = 0; i < len; i++)
				printf("%02x", f[i]);
			printf("\n");
			free(f);
			continue;
		}
		if (o->ntx >= SEND_MAX) {
			fprintf(stderr, "vdeclient: too many frames\n");
			exit(EXIT_USAGE);
		}
		o->tx[o->ntx].data = f;
		o->tx[o->ntx].gate = o->ngo - 1;
		o->tx[o->ntx++].len = len;
	}
}

static void vc_parse_hex(struct opts *o, const char *arg)
{
	size_t n = strlen(arg) / 2;
	uint8_t *f;

	if (n < 1 || n > FRAME_MAX || o->ntx >= SEND_MAX) {
		fprintf(stderr, "vdeclient: bad frame '%s'\n", arg);
		exit(EXIT_USAGE);
	}
	f = malloc(n);
	if (!f || !vc_unhex(arg, f, n)) {
		fprintf(stderr, "vdeclient: bad hex frame '%s'\n", arg);
		exit(EXIT_USAGE);
	}
	o->tx[o->ntx].data = f;
	o->tx[o->ntx].gate = o->ngo - 1;
	o->tx[o->ntx++].len = n;
}

static void vc_parse(struct opts *o, int argc, char **argv)
{
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->descr = "vdeclient";
	o->lifetime = 5;
	while ((c = getopt(argc, argv, "D:m:s:g:i:R:w:t:n:xFG:h")) != -1) {
		switch (c) {
		case 'D': o->descr = optarg; break;
		case 'm':
			o->mode = (mode_t)strtoul(optarg, NULL, 8);
			o->have_mode = true;
			break;
		case 's': vc_parse_hex(o, optarg); break;
		case 'g': vc_parse_gen(o, optarg); break;
		case 'i': o->interval_ms = (unsigned int)atoi(optarg); break;
		case 'R': o->ready = optarg; break;
		case 'w':
			if (o->ngo >= GO_MAX)
				vc_usage();
			o->go[o->ngo++] = optarg;
			break;
		case 't':
			o->lifetime = strtod(optarg, &end);
			if (*end || o->lifetime <= 0)
				vc_usage();
			break;
		case 'n': o->want = atol(optarg); break;
		case 'x': o->hex = true; break;
		case 'F': o->expect_fail = true; break;
		case 'G': vc_parse_gen(NULL, optarg); exit(0);
		default: vc_usage();
		}
	}
	if (optind != argc - 1)
		vc_usage();
	o->url = argv[optind];
}

static void vc_print_frame(const uint8_t *buf, ssize_t len, bool hex)
{
	ssize_t i, shown = len < FRAME_MAX ? len : FRAME_MAX;

	printf("%zd", len);
	if (hex) {
		printf(" ");
		for (i = 0; i < shown; i++)
			printf("%02x", buf[i]);
	}
	printf("\n");
	fflush(stdout);
}

static void vc_touch(const char *path)
{
	char buf[32];
	int fd, n;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "vdeclient: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, n) != n)
		fprintf(stderr, "vdeclient: write %s failed\n", path);
	close(fd);
}

/* -F: report whether vde_open fails, and how fast */
static int vc_expect_fail(struct opts *o, struct vde_open_args *args)
{
	double t0 = vc_now(), ms;
	VDECONN *conn;

	signal(SIGALRM, vc_on_alarm);
	alarm((unsigned int)(o->lifetime + 0.999));
	conn = vde_open((char *)o->url, o->descr, args);
	alarm(0);
	ms = (vc_now() - t0) * 1000;
	if (!conn) {
		printf("FAILED %.0f ms\n", ms);
		return 0;
	}
	printf("OPENED %.0f ms\n", ms);
	vde_close(conn);
	return 1;
}

/* Send the frames whose gate file exists, in order; advance *next */
static bool vc_send_ready(VDECONN *conn, const struct opts *o,
			  unsigned int *next, unsigned int *nsent)
{
	bool ok = true;

	while (*next < o->ntx && !vc_stop) {
		const struct frame *f = &o->tx[*next];

		if (f->gate >= 0 && access(o->go[f->gate], F_OK) != 0)
			break;
		if (vde_send(conn, f->data, f->len, 0) != (ssize_t)f->len) {
			fprintf(stderr, "vdeclient: send of %zu bytes: %s\n",
				f->len, strerror(errno));
			ok = false;
		} else {
			++*nsent;
		}
		++*next;
		if (o->interval_ms)
			usleep(o->interval_ms * 1000u);
	}
	return ok;
}

static int vc_run(struct opts *o, VDECONN *conn)
{
	static uint8_t buf[FRAME_MAX];
	struct pollfd pfd[2] = {
		{ .fd = vde_datafd(conn), .events = POLLIN },
		{ .fd = vde_ctlfd(conn), .events = POLLIN },
	};
	double deadline = vc_now() + o->lifetime;
	unsigned int nsent = 0, next = 0;
	bool sent, send_ok = true;
	long nrecv = 0;
	int rc = 0, npfd = pfd[1].fd >= 0 ? 2 : 1;

	while (!vc_stop) {
		double left = deadline - vc_now();
		int timeout;

		if (next < o->ntx && !vc_send_ready(conn, o, &next, &nsent))
			send_ok = false;
		sent = next >= o->ntx;
		if (sent && o->want > 0 && nrecv >= o->want)
			break;
		if (left <= 0)
			break;
		timeout = (int)(left * 1000) + 1;
		if (!sent && timeout > 10)
			timeout = 10;
		if (poll(pfd, npfd, timeout) < 0) {
			if (errno == EINTR)
				continue;
			perror("vdeclient: poll");
			return 1;
		}
		if (pfd[0].revents & POLLIN) {
			ssize_t n = recv(pfd[0].fd, buf, sizeof(buf),
					 MSG_TRUNC | MSG_DONTWAIT);

			if (n > 0) {
				vc_print_frame(buf, n, o->hex);
				nrecv++;
			}
		}
		if (npfd > 1 && pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			fprintf(stderr,
				"vdeclient: control connection closed by the switch\n");
			rc = EXIT_CTL_EOF;
			break;
		}
	}
	fprintf(stderr, "vdeclient: sent %u received %ld\n", nsent, nrecv);
	if (!rc && !send_ok)
		rc = EXIT_SEND;
	return rc;
}

int main(int argc, char **argv)
{
	struct vde_open_args args = { 0 };
	struct sigaction sa;
	static struct opts o;		/* large: 10000 frames */
	VDECONN *conn;
	int rc;

	vc_parse(&o, argc, argv);
	args.mode = o.mode;
	if (o.expect_fail)
		return vc_expect_fail(&o, o.have_mode ? &args : NULL);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = vc_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	conn = vde_open((char *)o.url, o.descr, o.have_mode ? &args : NULL);
	if (!conn) {
		fprintf(stderr, "vdeclient: vde_open %s: %s\n", o.url,
			strerror(errno));
		return 2;
	}
	if (o.ready)
		vc_touch(o.ready);
	rc = vc_run(&o, conn);
	vde_close(conn);
	return rc;
}
