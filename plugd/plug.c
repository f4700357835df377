// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * plug.c - vde-plug: a switch port on standard input/output (VDE stream
 * framing), joined to another switch, or to a command's stdin/stdout.
 *
 *   vde-plug [OPTIONS] SWITCH                 stream on stdin/stdout
 *   vde-plug [OPTIONS] SWITCH SWITCH2         two switches joined directly
 *   vde-plug [OPTIONS] SWITCH = CMD ARGS...   stream on CMD's stdin/stdout
 *   vde-plug [OPTIONS] SWITCH --tap NAME      a tap device
 *   vde-plug [OPTIONS] SWITCH --vxlan ADDR[:PORT] --vni N
 *                                             a VXLAN segment (RFC 7348)
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
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "log.h"
#include "sandbox.h"
#include "stream.h"
#include "tap.h"
#include "vdeconn.h"
#include "vxlan.h"

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
	uint64_t lost_ms;	/* when it went away */
};

struct plug {
	struct side sw[2];
	int nsw;
	int in_fd, out_fd;	/* stream mode: -1 if two switches */
	int raw_fd;		/* tap or VXLAN socket, else -1 */
	bool vxlan;
	uint32_t vni;
	struct sockaddr_in vx_peer;	/* unicast peer or multicast group */
	bool vx_mcast;
	uint64_t vx_drops;		/* bad or foreign VXLAN packets */
	const char *tap;		/* --tap NAME */
	const char *vx_addr;		/* --vxlan ADDR[:PORT] */
	const char *vx_group;		/* --mcast-group / --group MCAST */
	uint16_t vx_lport;		/* --vxlan-port */
	bool vni_set;
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

static void plug_exit(struct plug *p, int status);

static void side_lost(struct plug *p, struct side *s)
{
	vdeconn_close(&s->c);
	if (!p->reconnect) {
		log_err("%s went away: exiting (--no-reconnect)", s->dir);
		plug_exit(p, 1);
	}
	log_warn("%s went away: attaching again", s->dir);
	s->lost_ms = now_ms();
	s->next_try_ms = s->lost_ms + s->backoff_ms;
}

static void side_retry(struct side *s)
{
	int r;

	if (s->c.ctl >= 0 || now_ms() < s->next_try_ms)
		return;
	r = side_attach(s, true);
	if (r) {
		log_ratelimited(LOG_WARNING, "cannot attach to %s yet: %s",
				s->dir, err_str(r));
		s->backoff_ms = MIN(s->backoff_ms * 2, BACKOFF_MAX_MS);
		s->next_try_ms = now_ms() + s->backoff_ms;
		return;
	}
	log_warn("attached to %s again after %llu ms, %llu frames dropped while detached",
		 s->dir, (unsigned long long)(now_ms() - s->lost_ms),
		 (unsigned long long)s->drops);
	s->drops = 0;
}

static void side_send(struct side *s, const uint8_t *f, size_t len)
{
	if (s->c.data < 0 ||
	    send(s->c.data, f, len, MSG_NOSIGNAL) != (ssize_t)len)
		s->drops++;
}

/* Leave, with the command's exit status if there is a command: its end
 * of the stream may be seen before it has exited */
static void plug_exit(struct plug *p, int status)
{
	int st, i;

	if (p->child > 0) {
		if (p->in_fd >= 0)
			close(p->in_fd);	/* EOF for the command */
		for (i = 0; i < 200; i++) {
			if (waitpid(p->child, &st, WNOHANG) == p->child)
				exit(WIFEXITED(st) ? WEXITSTATUS(st) :
				     128 + WTERMSIG(st));
			poll(NULL, 0, 10);
		}
		log_warn("command still running after 2 s: leaving it");
	}
	exit(status);
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
			plug_exit(p, 0);
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

/* A frame from the switch to the tap, or into a VXLAN packet */
static void raw_send(struct plug *p, const uint8_t *f, size_t len)
{
	uint8_t hdr[VXLAN_HDR];
	struct iovec iov[2] = { { hdr, sizeof(hdr) }, { (void *)f, len } };
	struct msghdr mh = {
		.msg_name = &p->vx_peer, .msg_namelen = sizeof(p->vx_peer),
		.msg_iov = iov, .msg_iovlen = 2,
	};

	vxlan_hdr(hdr, p->vni);
	if (!p->vxlan) {
		if (write(p->raw_fd, f, len) != (ssize_t)len)
			p->sw[0].drops++;
		return;
	}
	if (sendmsg(p->raw_fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		p->sw[0].drops++;
}

/* Frames from the tap, or VXLAN packets for our VNI, to the switch */
static void from_raw(struct plug *p)
{
	struct sockaddr_in from = { 0 };
	socklen_t fl;
	uint32_t vni = 0;	/* logged even when vxlan_decap() fails */
	ssize_t n;
	int k;

	for (k = 0; k < 64; k++) {
		if (!p->vxlan) {
			n = read(p->raw_fd, p->frame, sizeof(p->frame));
			if (n < 0)
				return;
			if (n >= STREAM_MIN && n <= STREAM_MAX)
				side_send(&p->sw[0], p->frame, n);
			continue;
		}
		fl = sizeof(from);
		n = recvfrom(p->raw_fd, p->frame, sizeof(p->frame),
			     MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		/* unauthenticated by design: check what can be checked */
		if (n > (ssize_t)sizeof(p->frame) ||
		    vxlan_decap(p->frame, n, p->vni, &vni) < 0 ||
		    (!p->vx_mcast &&
		     from.sin_addr.s_addr != p->vx_peer.sin_addr.s_addr)) {
			p->vx_drops++;
			log_ratelimited(LOG_INFO,
					"VXLAN packet dropped (%zd bytes, vni %u)",
					n, vni);
			continue;
		}
		side_send(&p->sw[0], p->frame + VXLAN_HDR, n - VXLAN_HDR);
	}
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
		else if (p->raw_fd >= 0)
			raw_send(p, p->frame, n);
		else
			out_frame(p, p->frame, n);
	}
	if (p->nsw == 1 && p->raw_fd < 0)
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
		plug_exit(p, 0);
	}
	if (stream_dec_feed(&p->dec, buf, n, on_stream_frame, p)) {
		log_err("stream error: a record longer than %u bytes (use --resync to skip such data)",
			p->dec.max);
		plug_exit(p, 1);
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
		if (p->raw_fd >= 0)
			fds[nfd++] = (struct pollfd){ p->raw_fd, POLLIN, 0 };
		if (poll(fds, nfd, timeout) < 0 && errno != EINTR)
			die_errno("poll");
		if (p->child > 0 && waitpid(p->child, &st, WNOHANG) == p->child) {
			log_info("command ended");
			exit(WIFEXITED(st) ? WEXITSTATUS(st) :
			     128 + WTERMSIG(st));
		}
		for (i = 0; i < p->nsw; i++) {
			if (fds[2 * i + 1].revents & POLLIN)
				from_switch(p, i);
			if (fds[2 * i].revents)
				side_lost(p, &p->sw[i]);
		}
		if (p->in_fd >= 0 && fds[2 * p->nsw].revents)
			from_stream(p);
		if (p->raw_fd >= 0 && fds[nfd - 1].revents)
			from_raw(p);
	}
}

/* stat() of the ctl socket of switch @s: 0 or -1 */
static int ctl_stat(const struct side *s, struct stat *st)
{
	char path[sizeof(s->dir) + 8];

	snprintf(path, sizeof(path), "%s/ctl", s->dir);
	return stat(path, st);
}

/*
 * Started as root (to open a tap, say), the plug does not stay root when
 * the switch runs under another account: once its tap or socket is open it
 * becomes the account that owns the switch's ctl (so it can always attach
 * again, even to a private switch directory), or VDE_PLUG_USER, with the
 * switch's group as its only supplementary group.  This happens before the
 * first attach, so the switch always sees the same identity.  A switch
 * whose ctl belongs to root (Debian's vde_switch started as root), or two
 * switches under different accounts, are attached as root; leave_root()
 * then drops to nobody.
 */
static void drop_root(struct plug *p, const char *user)
{
	struct stat st, st2;
	uid_t uid = 65534;
	gid_t gid = 65534;

	if (!user && p->nsw == 2) {
		/* two switches: only if both run under the same account */
		if (ctl_stat(&p->sw[0], &st) || ctl_stat(&p->sw[1], &st2) ||
		    st.st_uid != st2.st_uid)
			return;
	}
	if (user) {
		if (sandbox_lookup_user(user, &uid, &gid))
			die("unknown user '%s' (VDE_PLUG_USER)", user);
	} else if (!ctl_stat(&p->sw[0], &st) && st.st_uid != 0) {
		uid = st.st_uid;
		gid = st.st_gid;
	} else {
		return;		/* a root switch: attach as root, leave_root() */
	}
	if (!ctl_stat(&p->sw[0], &st) && st.st_gid != gid)
		gid = st.st_gid;	/* reach sockets of the switch group */
	sandbox_drop_ids(uid, gid, &gid, 1);
	log_info("running as uid %u gid %u", (unsigned)uid, (unsigned)gid);
}

/*
 * Still uid 0 after the first attach: become nobody (nogroup, and the
 * switch's group if that is not root's) before the sandbox.  Without any
 * capability uid 0 still owns root's files (chmod, unlink) and passes the
 * SO_PEERCRED checks of daemons that trust uid 0 on AF_UNIX sockets: a
 * compromised plug must have neither.  Attaching again after a restart
 * of the switch needs nobody to be able to reach its ctl; if it cannot,
 * the plug keeps trying and says why.
 */
static void leave_root(struct plug *p)
{
	gid_t gid = 65534;
	struct stat st;

	if (geteuid() != 0 && getuid() != 0)
		return;
	if (p->nsw == 1 && !ctl_stat(&p->sw[0], &st) && st.st_gid != 0)
		gid = st.st_gid;
	sandbox_drop_ids(65534, 65534, &gid, 1);
	log_info("running as uid 65534 (nobody) gid %u: %s", (unsigned)gid,
		 p->nsw == 1 ? "the switch's ctl belongs to root" :
			       "the two switches run under different accounts");
}

#ifdef VDE_TEST_HOOKS
/*
 * Test builds only (-Dtest_hooks=true): VDE_TEST_VIOLATE="ACTION PATH"
 * plays an attacker who took over the plug, once, right after the
 * sandbox is entered, and says on stderr what the kernel answered:
 * "violate: ACTION PATH: allowed" or "violate: ACTION PATH: refused:
 * ERR".  ACTION is chmod (0777), chown (to uid 0), chgrp (group 0),
 * unlink or bind (an AF_UNIX datagram socket, unlinked again).  A call
 * the filter forbids kills the plug with SIGSYS right there.
 * tests/integration/compromised-plug.sh runs it.
 */
static void test_violate(void)
{
	const char *v = getenv("VDE_TEST_VIOLATE");
	char act[16], path[256];
	int r = -1, s;

	if (!v || sscanf(v, "%15s %255s", act, path) != 2)
		return;
	fprintf(stderr, "violate: %s %s: calling\n", act, path);
	if (!strcmp(act, "chmod")) {
		r = chmod(path, 0777);
	} else if (!strcmp(act, "chown")) {
		r = chown(path, 0, (gid_t)-1);
	} else if (!strcmp(act, "chgrp")) {
		r = chown(path, (uid_t)-1, 0);
	} else if (!strcmp(act, "unlink")) {
		r = unlink(path);
	} else if (!strcmp(act, "bind")) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		if (strlen(path) >= sizeof(sa.sun_path))
			return;
		memcpy(sa.sun_path, path, strlen(path) + 1);
		s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		r = bind(s, (struct sockaddr *)&sa, sizeof(sa));
		if (!r)
			unlink(path);
		close(s);
	}
	if (r)
		fprintf(stderr, "violate: %s %s: refused: %s\n", act, path,
			err_str(errno));
	else
		fprintf(stderr, "violate: %s %s: allowed\n", act, path);
}
#else
static void test_violate(void)
{
}
#endif

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
"       vde-plug [OPTIONS] SWITCH --tap NAME\n"
"       vde-plug [OPTIONS] SWITCH --vxlan ADDR[:PORT] --vni N\n"
"SWITCH is a directory, DIR[PORT] or vde://DIR[PORT] ([0]: port 0).\n"
"  -p, --port N        port to ask for (default: any)\n"
"  -g, --group GROUP   group of the return socket\n"
"  -m, --mode MODE     octal mode of the return socket\n"
"  -D, --descr TEXT    description shown by the switch\n"
"      --no-reconnect  exit when a switch goes away (as vde_plug)\n"
"      --resync        on an oversized stream record, skip the rest of the\n"
"                      read (libvdeplug) instead of ending the stream\n"
"      --tap NAME      join a tap device (root, or a persistent tap of yours)\n"
"      --vxlan ADDR[:PORT]  join a VXLAN segment: unicast peer or multicast\n"
"                      group (UDP 4789); unauthenticated: see vde-plug(1)\n"
"      --vni N         VXLAN network identifier (required with --vxlan)\n"
"      --mcast-group G, --group G  a multicast group for VXLAN\n"
"      --vxlan-port P  local UDP port (default 4789)\n"
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

static bool mcast_addr(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1 &&
	       (ntohl(a.s_addr) >> 28) == 0xe;
}

/* ADDR[:PORT] into @sa; 0 or -EINVAL */
static int parse_inet(const char *s, uint16_t defport, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strchr(s, ':');
	unsigned long port = defport;
	char *end;

	if (strlen(s) >= sizeof(host))
		return -EINVAL;
	strcpy(host, s);
	if (colon) {
		host[colon - s] = '\0';
		errno = 0;
		port = strtoul(colon + 1, &end, 10);
		if (errno || *end || !colon[1] || !port || port > 65535)
			return -EINVAL;
	}
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -EINVAL;
}

/* The VXLAN socket: bound to --vxlan-port (4789), joined to the group */
static int vxlan_open(struct plug *p)
{
	struct sockaddr_in local = { .sin_family = AF_INET };
	int one = 1, s;

	if (p->vx_group) {
		if (parse_inet(p->vx_group, VXLAN_PORT, &p->vx_peer) ||
		    !mcast_addr(p->vx_group)) {
			log_err("invalid multicast group '%s'", p->vx_group);
			return -EINVAL;
		}
		p->vx_mcast = true;
	} else if (parse_inet(p->vx_addr, VXLAN_PORT, &p->vx_peer)) {
		log_err("invalid VXLAN peer '%s' (IPv4[:PORT])", p->vx_addr);
		return -EINVAL;
	}
	if (mcast_addr(inet_ntoa(p->vx_peer.sin_addr)))
		p->vx_mcast = true;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	local.sin_port = htons(p->vx_lport ? p->vx_lport : VXLAN_PORT);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&local, sizeof(local))) {
		log_err("cannot bind UDP port %u: %s", ntohs(local.sin_port),
			err_str(errno));
		close(s);
		return -EADDRINUSE;
	}
	if (p->vx_mcast) {
		struct ip_mreq mr = { .imr_multiaddr = p->vx_peer.sin_addr };

		if (setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
			       sizeof(mr))) {
			log_err("cannot join %s: %s",
				inet_ntoa(p->vx_peer.sin_addr), err_str(errno));
			close(s);
			return -EINVAL;
		}
	}
	p->vxlan = true;
	return s;
}

static int parse_opts(int argc, char **argv, struct vdeconn_opts *o,
		      struct plug *p, bool *resync, int *verbose)
{
	enum { OPT_NORECONNECT = 256, OPT_RESYNC, OPT_VERSION, OPT_TAP,
	       OPT_VXLAN, OPT_VNI, OPT_VXPORT, OPT_MCAST };
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
		{ "tap", required_argument, NULL, OPT_TAP },
		{ "vxlan", required_argument, NULL, OPT_VXLAN },
		{ "vni", required_argument, NULL, OPT_VNI },
		{ "vxlan-port", required_argument, NULL, OPT_VXPORT },
		{ "mcast-group", required_argument, NULL, OPT_MCAST },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	char *end;
	int c;

	/* options may follow the switch (vde-plug SWITCH --tap NAME); argc
	 * stops at "=", so a command's own options are left alone */
	while ((c = getopt_long(argc, argv, "p:g:m:D:vqh", opts, NULL)) != -1) {
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
			if (mcast_addr(optarg)) {
				/* --group 239.1.1.1: the VXLAN group (issue's
				 * spelling); names are socket groups */
				p->vx_group = optarg;
				break;
			}
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
			o->mode = (int)v;
			break;
		case 'D': o->descr = optarg; break;
		case OPT_NORECONNECT: p->reconnect = false; break;
		case OPT_RESYNC: *resync = true; break;
		case 'v': *verbose = 1; break;
		case 'q': *verbose = -1; break;
		case 'h': usage(stdout); exit(0);
		case OPT_VERSION: printf("vde-plug %s\n", VDE_VERSION); exit(0);
		case OPT_TAP: p->tap = optarg; break;
		case OPT_VXLAN: p->vx_addr = optarg; break;
		case OPT_MCAST: p->vx_group = optarg; break;
		case OPT_VNI:
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || v > 0xffffff) {
				fprintf(stderr, "vde-plug: invalid VNI '%s' (0..16777215)\n",
					optarg);
				exit(EXIT_USAGE);
			}
			p->vni = v;
			p->vni_set = true;
			break;
		case OPT_VXPORT:
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || !v || v > 65535) {
				fprintf(stderr, "vde-plug: invalid port '%s'\n",
					optarg);
				exit(EXIT_USAGE);
			}
			p->vx_lport = v;
			break;
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
	const char *seclog;
	struct vdeconn_opts base = { .mode = -1, .gid = (gid_t)-1,
				     .timeout_ms = 5000 };
	static struct plug p;
	char descr[128];
	bool resync = false;
	int verbose = 0, i, eq;
	char **cmd = NULL;
	const char *user = getenv("VDE_PLUG_USER");

	p.reconnect = true;
	p.in_fd = p.out_fd = p.raw_fd = -1;
	for (eq = 1; eq < argc && strcmp(argv[eq], "="); eq++)
		;
	i = parse_opts(eq, argv, &base, &p, &resync, &verbose);
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
	if (eq < argc) {
		if (i + 1 != eq || eq + 1 >= argc) {
			fprintf(stderr, "vde-plug: usage: SWITCH = CMD [ARGS...]\n");
			return EXIT_USAGE;
		}
		cmd = argv + eq + 1;	/* started once attached */
	} else if (p.tap || p.vx_addr || p.vx_group) {
		if (i + 1 < argc || (p.tap && (p.vx_addr || p.vx_group))) {
			fprintf(stderr, "vde-plug: --tap and --vxlan take a single switch and nothing else\n");
			return EXIT_USAGE;
		}
		if (!p.tap && !p.vni_set) {
			fprintf(stderr, "vde-plug: --vxlan needs --vni N\n");
			return EXIT_USAGE;
		}
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
	if (p.tap) {
		char ifname[IFNAMSIZ];
		int r;

		p.raw_fd = tap_open(p.tap, ifname);
		if (p.raw_fd < 0)
			die("cannot open tap %s: %s%s", p.tap, err_str(p.raw_fd),
			    p.raw_fd == -EPERM ?
			    " (needs root, or a persistent tap owned by you: ip tuntap add NAME mode tap user USER)" : "");
		r = tap_set_up(ifname);
		if (r && r != -EPERM)
			log_warn("cannot bring %s up: %s", ifname, err_str(r));
	} else if (p.vx_addr || p.vx_group) {
		p.raw_fd = vxlan_open(&p);
		if (p.raw_fd < 0)
			return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	stream_dec_init(&p.dec, resync ? STREAM_RESYNC : STREAM_CLOSE, 0);
	/* a command (ssh) runs as the caller, with the caller's keys: it
	 * is started after the first attach (a refused plug logs in nowhere)
	 * and before root is left */
	if (geteuid() == 0 && !cmd)
		drop_root(&p, user);
	for (i = 0; i < p.nsw; i++)
		if (side_attach(&p.sw[i], false))
			return 1;
	if (cmd) {
		p.child = run_command(cmd, &p.in_fd);
		p.out_fd = p.in_fd;
		if (geteuid() == 0)
			drop_root(&p, user);
	}
	leave_root(&p);
	/* Landlock: return sockets are made and unlinked in the switch
	 * directory, or in /tmp where we may not write there
	 * (lib/vdeconn.c); nothing else changes */
	for (i = 0; i < p.nsw; i++) {
		bool here = !access(p.sw[i].dir, W_OK);

		sb.fs[sb.nfs].path = here ? p.sw[i].dir : "/tmp";
		sb.fs[sb.nfs++].access = SANDBOX_FS_MAKE_SOCK |
					 SANDBOX_FS_REMOVE_FILE;
	}
	sb.nofile = 64;
	seclog = getenv("VDE_SECCOMP_LOG");
	sb.seccomp_log = seclog && !strcmp(seclog, "1");
	sandbox_enter(&sb);
	test_violate();
	event_loop(&p);
	return 0;
}
