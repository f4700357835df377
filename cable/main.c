// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * main.c - vde-cable: an encrypted, mutually authenticated cable between
 * two switches (vde-cable(8), docs/cable-protocol.md).
 *
 *   vde-cable genkey | pubkey
 *   vde-cable -s SWITCHDIR --key FILE --peers FILE [--listen ADDR:PORT]
 *             [--connect HOST:PORT] [--peer NAME] [--stream] [--stdio]
 *             [-M SOCKET] [-p PORT] [--mtu N] [--user NAME] [-f] [-v]
 *
 * Theory of operation: everything that needs a file or a privilege is
 * done first, in this order: the private key (keys_load_private(): 0600,
 * ours), the peers file and its psk-files, the name of --connect, the
 * network socket (UDP, TCP listening, or stdin/stdout), the switch
 * attachment (lib/vdeconn.c), the console socket.  Then root becomes
 * --user (or the owner of the switch, or nobody), and sandbox_enter()
 * drops every capability, sets no_new_privs and loads SANDBOX_CABLE, the
 * smallest allowlist of the project, before a single packet is read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cable.h"
#include "keys.h"
#include "log.h"
#include "sandbox.h"

#define EXIT_USAGE	2
enum {
	PEERS_FILE_MAX	= PEERS_MAX * (PEERS_LINE_MAX + 1),
	OPT_LISTEN	= 256,
	OPT_CONNECT,
	OPT_PEER,
	OPT_STREAM,
	OPT_STDIO,
	OPT_MTU,
	OPT_KEY,
	OPT_PEERS,
	OPT_USER,
	OPT_REKEY,
	OPT_UDP_FD,
	OPT_LOG,
	OPT_NO_OFFLOAD,
};

/**
 * struct cable_opts - the command line
 */
struct cable_opts {
	const char *swdir;
	const char *key;
	const char *peers;
	const char *listen;
	const char *connect;
	const char *peer;
	const char *mgmt;
	const char *user;
	bool stream;
	bool stdio;
	bool foreground;
	bool syslog;
	bool log_set;
	bool no_offload;
	int udp_fd;
	int verbose;
	unsigned long port;
	unsigned long mtu;
	unsigned long rekey;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vde-cable genkey\n"
"       vde-cable pubkey < PRIVATE-KEY\n"
"       vde-cable -s SWITCHDIR --key FILE --peers FILE [OPTIONS]\n"
"  -s, --switch DIR      switch to attach to\n"
"      --key FILE        our private key (mode 0600, ours)\n"
"      --peers FILE      authorized peers, cable-peers(5)\n"
"      --listen ADDR:PORT  UDP (or with --stream TCP) address to listen on\n"
"      --connect HOST:PORT initiate to this peer address\n"
"      --peer NAME       the peer --connect or the stream is for\n"
"      --stream          TCP instead of UDP (with --listen or --connect)\n"
"      --stdio           stream on stdin/stdout (for vde-dpipe, ssh)\n"
"  -M, --mgmt SOCKET     management console (vde-ctl -s SOCKET)\n"
"  -p, --port N          ask the switch for port N\n"
"      --mtu N           largest frame carried, 14 header bytes included\n"
"                        (default and maximum 9234)\n"
"      --rekey-after S   renew keys every S seconds (1-120, default 120)\n"
"      --user NAME       when started as root, run as NAME\n"
"      --udp-fd N        use this bound UDP socket (from vde-privd)\n"
"      --no-offload      no UDP segmentation (GSO) or coalescing (GRO)\n"
"  -f, --foreground      log to stderr instead of syslog\n"
"      --log syslog|stderr  where log lines go\n"
"  -v, --verbose         more log lines\n"
"  -h, --help            this text\n");
}

static unsigned long num_arg(const char *s, unsigned long lo,
			     unsigned long hi, const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "vde-cable: %s: '%s' is not a number in %lu..%lu\n",
			what, s, lo, hi);
		exit(EXIT_USAGE);
	}
	return v;
}

static void parse_opts(int argc, char **argv, struct cable_opts *o)
{
	static const struct option lo[] = {
		{ "switch", required_argument, NULL, 's' },
		{ "sock", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "peers", required_argument, NULL, OPT_PEERS },
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "connect", required_argument, NULL, OPT_CONNECT },
		{ "peer", required_argument, NULL, OPT_PEER },
		{ "stream", no_argument, NULL, OPT_STREAM },
		{ "stdio", no_argument, NULL, OPT_STDIO },
		{ "mgmt", required_argument, NULL, 'M' },
		{ "port", required_argument, NULL, 'p' },
		{ "mtu", required_argument, NULL, OPT_MTU },
		{ "rekey-after", required_argument, NULL, OPT_REKEY },
		{ "user", required_argument, NULL, OPT_USER },
		{ "udp-fd", required_argument, NULL, OPT_UDP_FD },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "no-offload", no_argument, NULL, OPT_NO_OFFLOAD },
		{ "foreground", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "s:M:p:fvh", lo, NULL)) != -1) {
		switch (ch) {
		case 's': o->swdir = optarg; break;
		case OPT_KEY: o->key = optarg; break;
		case OPT_PEERS: o->peers = optarg; break;
		case OPT_LISTEN: o->listen = optarg; break;
		case OPT_CONNECT: o->connect = optarg; break;
		case OPT_PEER: o->peer = optarg; break;
		case OPT_STREAM: o->stream = true; break;
		case OPT_STDIO: o->stdio = true; o->stream = true; break;
		case 'M': o->mgmt = optarg; break;
		case 'p': o->port = num_arg(optarg, 0, 65535, "--port"); break;
		case OPT_UDP_FD:
			o->udp_fd = (int)num_arg(optarg, 3, 1023, "--udp-fd");
			break;
		case OPT_LOG:
			if (strcmp(optarg, "syslog") && strcmp(optarg, "stderr")) {
				fprintf(stderr, "vde-cable: --log syslog or --log stderr\n");
				exit(EXIT_USAGE);
			}
			o->syslog = !strcmp(optarg, "syslog");
			o->log_set = true;
			break;
		case OPT_MTU:
			o->mtu = num_arg(optarg, CABLE_MTU_MIN,
					 MSG_TRANSPORT_FRAME_MAX, "--mtu");
			break;
		case OPT_REKEY:
			o->rekey = num_arg(optarg, 1, DEV_REKEY_AFTER_MS / 1000,
					   "--rekey-after");
			break;
		case OPT_USER: o->user = optarg; break;
		case OPT_NO_OFFLOAD: o->no_offload = true; break;
		case 'f': o->foreground = true; break;
		case 'v': o->verbose++; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(EXIT_USAGE);
		}
	}
	if (optind != argc || !o->swdir || !o->key || !o->peers) {
		fprintf(stderr, "vde-cable: -s SWITCHDIR, --key FILE and --peers FILE are required%s\n",
			optind != argc ? " (and there are stray arguments)" : "");
		exit(EXIT_USAGE);
	}
	if (o->udp_fd && (o->stream || o->listen)) {
		fprintf(stderr, "vde-cable: --udp-fd is a bound UDP socket: no --stream, no --listen\n");
		exit(EXIT_USAGE);
	}
	if (o->stdio && (o->listen || o->connect)) {
		fprintf(stderr, "vde-cable: --stdio takes neither --listen nor --connect\n");
		exit(EXIT_USAGE);
	}
	if (o->stream && !o->stdio && !!o->listen == !!o->connect) {
		fprintf(stderr, "vde-cable: --stream needs --listen or --connect (one of them), or --stdio\n");
		exit(EXIT_USAGE);
	}
}

/* genkey and pubkey */

static int cmd_genkey(void)
{
	uint8_t k[KEYS_LEN];
	char s[KEYS_B64_LEN + 1];
	struct stat st;

	if (!fstat(STDOUT_FILENO, &st) && S_ISREG(st.st_mode) &&
	    (st.st_mode & 077))
		fprintf(stderr, "Warning: writing a private key to a file readable by others: use umask 077\n");
	keys_genkey(k);
	keys_to_base64(s, k);
	sodium_memzero(k, sizeof(k));
	printf("%s\n", s);
	sodium_memzero(s, sizeof(s));
	return fflush(stdout) ? 1 : 0;
}

static int cmd_pubkey(void)
{
	char in[KEYS_B64_LEN + 2] = { 0 }, s[KEYS_B64_LEN + 1];
	uint8_t k[KEYS_LEN], pub[KEYS_LEN];
	size_t n = fread(in, 1, sizeof(in), stdin);
	int r;

	while (n && (in[n - 1] == '\n' || in[n - 1] == '\r'))
		n--;
	r = keys_from_base64(k, in, n);
	sodium_memzero(in, sizeof(in));
	if (r || keys_pubkey(pub, k)) {
		sodium_memzero(k, sizeof(k));
		fprintf(stderr, "vde-cable: pubkey: standard input is not a base64 X25519 private key\n");
		return 1;
	}
	sodium_memzero(k, sizeof(k));
	keys_to_base64(s, pub);
	printf("%s\n", s);
	return fflush(stdout) ? 1 : 0;
}

/* Keys and the peers file */

static void load_peers(struct cable *c, const char *path)
{
	static char text[PEERS_FILE_MAX + 1];
	struct peers_error err;
	char msg[600];
	ssize_t n;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("%s: %s", path, err_str(errno));
	while ((n = read(fd, text + len, sizeof(text) - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0)
		die("%s: %s", path, err_str(errno));
	if (len == sizeof(text))
		die("%s: larger than %d bytes", path, PEERS_FILE_MAX);
	if (peers_parse(text, len, path, &c->ps, &err))
		die("%s", peers_error_str(&err, msg, sizeof(msg)));
	if (!c->ps.n)
		die("%s: no peers", path);
}

static void load_psks(struct cable *c)
{
	uint8_t psk[KEYS_LEN];
	char why[KEYS_WHY_LEN];
	size_t i;

	for (i = 0; i < c->ps.n; i++) {
		const struct peer *p = &c->ps.v[i];

		if (!p->psk_file[0])
			continue;
		if (keys_load_private(p->psk_file, psk, why, sizeof(why)))
			die("%s (psk-file of peer %s, line %d): %s",
			    p->psk_file, p->name, p->line, why);
		if (dev_set_psk(c->d, i, psk))
			die("internal error: peer %zu", i);
		sodium_memzero(psk, sizeof(psk));
	}
}

static void setup_engine(struct cable *c, const struct cable_opts *o)
{
	uint8_t priv[KEYS_LEN];
	char why[KEYS_WHY_LEN];
	int r;

	if (keys_load_private(o->key, priv, why, sizeof(why)))
		die("%s: %s", o->key, why);
	load_peers(c, o->peers);
	c->d = calloc(1, sizeof(*c->d));
	if (!c->d)
		die("out of memory");
	r = dev_init(c->d, priv, &c->ps, &cable_dev_ops, c);
	sodium_memzero(priv, sizeof(priv));
	if (r)
		die("%s: cannot use this key: %s", o->key, err_str(-r));
	load_psks(c);
	if (o->mtu)
		c->d->mtu = o->mtu;
	if (o->rekey)
		c->d->rekey_after_ms = (uint64_t)o->rekey * 1000;
	c->peer = -1;
	if (o->peer) {
		c->peer = dev_find_peer(c->d, o->peer);
		if (c->peer < 0)
			die("%s: no peer named '%s'", o->peers, o->peer);
	} else if (c->ps.n == 1) {
		c->peer = 0;
	} else if (o->connect || o->stream) {
		die("%s has %zu peers: say which one with --peer NAME",
		    o->peers, c->ps.n);
	}
}

/* Addresses */

/* "ADDR:PORT", "[V6]:PORT", "HOST:PORT"; @numeric: no name lookup */
static int resolve(const char *spec, bool numeric, int socktype,
		   struct dev_addr *a)
{
	struct addrinfo hints = { .ai_socktype = socktype }, *res;
	char host[256];
	const char *colon = strrchr(spec, ':'), *h = host;
	size_t n;
	int r;

	if (!colon || !colon[1])
		return -EINVAL;
	n = (size_t)(colon - spec);
	if (n >= sizeof(host))
		return -ENAMETOOLONG;
	memcpy(host, spec, n);
	host[n] = '\0';
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host[n - 1] = '\0';
		h = host + 1;
	}
	/* --listen is numeric, and an empty address is the wildcard */
	hints.ai_flags = numeric ? AI_NUMERICHOST | AI_NUMERICSERV |
				   AI_PASSIVE : AI_NUMERICSERV;
	r = getaddrinfo(*h ? h : NULL, colon + 1, &hints, &res);
	if (r)
		return -EADDRNOTAVAIL;
	memset(a, 0, sizeof(*a));
	memcpy(&a->ss, res->ai_addr, res->ai_addrlen);
	a->len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static void sock_buffers(int fd)
{
	int v = CABLE_SOCKBUF;

	/* root may exceed net.core.[rw]mem_max; others get what they may */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
}

/* Outer packets may be fragmented: no DF, no path MTU discovery */
static void allow_fragments(int fd, int family)
{
	int dont = IP_PMTUDISC_DONT, off = 0;

	if (family == AF_INET) {
		setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &dont, sizeof(dont));
		return;
	}
	dont = IPV6_PMTUDISC_DONT;
	setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &dont, sizeof(dont));
	setsockopt(fd, IPPROTO_IPV6, IPV6_DONTFRAG, &off, sizeof(off));
	setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &dont, sizeof(dont));
}

/* Batches of datagrams through the kernel as one (io.c): GSO is used
 * only where the kernel knows UDP_SEGMENT (an older one would ignore the
 * control message and send a run of packets as one datagram); GRO is
 * set either way, so that a socket from --udp-fd never keeps it on from
 * an earlier holder while we read datagram by datagram.  Before the
 * sandbox: setsockopt is not allowed after it. */
static void udp_offload(struct cable *c, bool want)
{
	int on = want, v = 0;
	socklen_t l = sizeof(v);

	c->gso = want && !getsockopt(c->net, SOL_UDP, UDP_SEGMENT, &v, &l);
	if (!setsockopt(c->net, SOL_UDP, UDP_GRO, &on, sizeof(on))) {
		c->gro = want;
		return;
	}
	c->gro = false;
	if (want)
		log_info("no UDP_GRO on this kernel (%s): datagrams are "
			 "received one by one", err_str(errno));
}

static int open_socket(const struct dev_addr *bind_to, int family, int type)
{
	int fd, on = 1, off = 0;

	fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	if (type == SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind_to && bind(fd, (const struct sockaddr *)&bind_to->ss,
			    bind_to->len)) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

/* --udp-fd: a UDP socket bound by someone else; Return: its family */
static int adopt_udp_fd(struct cable *c, int fd)
{
	int type = 0, family = 0;
	socklen_t l = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &l) ||
	    type != SOCK_DGRAM)
		die("--udp-fd %d: not a datagram socket", fd);
	l = sizeof(family);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &l) ||
	    (family != AF_INET && family != AF_INET6))
		die("--udp-fd %d: not an IPv4 or IPv6 socket", fd);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	c->net = fd;
	return family;
}

/*
 * A netlink socket told of changes of our addresses: when one moves, a
 * keepalive to every peer moves the sessions at once (dev_poke()).
 * Optional: -1 if it cannot be had (no harm but slower roaming).
 */
static int netlink_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_IPV4_IFADDR |
					       RTMGRP_IPV6_IFADDR };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			NETLINK_ROUTE);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

static void setup_net(struct cable *c, const struct cable_opts *o)
{
	struct dev_addr la = { .len = 0 };
	int type = o->stream ? SOCK_STREAM : SOCK_DGRAM, family = AF_INET6;

	c->net = c->net_out = c->lfd = c->nl = -1;
	if (o->connect && resolve(o->connect, false, type, &c->remote))
		die("--connect %s: not HOST:PORT, or HOST unknown", o->connect);
	if (o->listen && resolve(o->listen, true, type, &la))
		die("--listen %s: not ADDR:PORT or [ADDR]:PORT", o->listen);
	if (o->stdio) {
		c->mode = CABLE_STDIO;
		c->net = STDIN_FILENO;
		c->net_out = STDOUT_FILENO;
		fcntl(c->net, F_SETFL, fcntl(c->net, F_GETFL) | O_NONBLOCK);
		fcntl(c->net_out, F_SETFL, fcntl(c->net_out, F_GETFL) | O_NONBLOCK);
		c->initiate = true;
		return;
	}
	if (o->stream && o->connect) {
		c->mode = CABLE_TCP_CONNECT;
		c->initiate = true;
		c->backoff_ms = CABLE_BACKOFF_MIN_MS;
		return;		/* connected from the loop */
	}
	if (la.len)
		family = la.ss.ss_family;
	else if (c->remote.len)
		family = c->remote.ss.ss_family;
	c->mode = o->stream ? CABLE_TCP_LISTEN : CABLE_UDP;
	if (o->udp_fd)
		family = adopt_udp_fd(c, o->udp_fd);
	else
		c->net = open_socket(la.len ? &la : NULL, family, type);
	c->v6 = family == AF_INET6;
	if (c->net < 0)
		die("cannot %s %s: %s", la.len ? "listen on" : "open a socket for",
		    la.len ? o->listen : "UDP", err_str(-c->net));
	if (!o->stream)
		c->nl = netlink_open();
	sock_buffers(c->net);
	if (o->stream) {
		if (listen(c->net, CABLE_LISTEN_BACKLOG))
			die("cannot listen on %s: %s", o->listen, err_str(errno));
		c->lfd = c->net;
		c->net = -1;
		return;
	}
	allow_fragments(c->net, family);
	udp_offload(c, !o->no_offload);
	if (o->connect) {
		struct dev_addr r = c->remote;

		c->initiate = true;
		dev_set_endpoint(c->d, (size_t)c->peer, &r);
	}
}

static void setup_switch(struct cable *c, const struct cable_opts *o)
{
	struct vdeconn_opts vo = { .mode = -1, .gid = (gid_t)-1,
				   .timeout_ms = 5000 };
	char descr[96];
	int r;

	snprintf(descr, sizeof(descr), "vde-cable: pid=%d", (int)getpid());
	vo.descr = descr;
	vo.port = (uint32_t)o->port;
	c->swdir = o->swdir;
	r = vdeconn_open(o->swdir, &vo, &c->sw);
	if (r)
		die("cannot attach to switch %s: %s", o->swdir, err_str(-r));
	sock_buffers(c->sw.data);
	fcntl(c->sw.data, F_SETFL, fcntl(c->sw.data, F_GETFL) | O_NONBLOCK);
}

/* Root: become --user, or the switch's owner, or nobody */
static void drop_root(const struct cable_opts *o)
{
	char path[PATH_MAX];
	uid_t uid = 65534;
	gid_t gid = 65534;
	struct stat st;

	if (geteuid() != 0) {
		if (o->user)
			log_warn("--user %s ignored: not started as root",
				 o->user);
		return;
	}
	snprintf(path, sizeof(path), "%s/ctl", o->swdir);
	if (o->user) {
		if (sandbox_lookup_user(o->user, &uid, &gid))
			die("--user %s: no such user", o->user);
	} else {
		/* lstat: a symbolic link planted there names nobody */
		if (!lstat(path, &st) && S_ISSOCK(st.st_mode) && st.st_uid) {
			uid = st.st_uid;
			gid = st.st_gid;
		}
		log_warn("started as root without --user: running as uid %u "
			 "(%s); give a dedicated account with --user",
			 (unsigned)uid, uid == 65534 ? "nobody" :
			 "the owner of the switch's socket");
	}
	sandbox_drop_ids(uid, gid, &gid, 1);
	log_info("running as uid %u gid %u", (unsigned)uid, (unsigned)gid);
}

/* Where the cable listens or sends, for the log (before the sandbox) */
static void net_where(const struct cable *c, const struct cable_opts *o,
		      char *buf, size_t n)
{
	struct sockaddr_storage ss = { 0 };
	const struct sockaddr_in *s4 = (const void *)&ss;
	const struct sockaddr_in6 *s6 = (const void *)&ss;
	socklen_t l = sizeof(ss);
	char ip[INET6_ADDRSTRLEN];
	const char *tag = o->udp_fd ? " (--udp-fd)" : "";

	snprintf(buf, n, "%s", o->stdio ? "stdio" : o->listen ? o->listen :
		 o->connect && !o->udp_fd ? o->connect : "ephemeral port");
	if (o->stdio || o->listen || (o->connect && !o->udp_fd) ||
	    c->net < 0 || getsockname(c->net, (struct sockaddr *)&ss, &l))
		return;
	if (ss.ss_family == AF_INET &&
	    inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip)))
		snprintf(buf, n, "%s:%u%s", ip, ntohs(s4->sin_port), tag);
	else if (ss.ss_family == AF_INET6 &&
		 inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip)))
		snprintf(buf, n, "[%s]:%u%s", ip, ntohs(s6->sin6_port), tag);
}

static void run(const struct cable_opts *o)
{
	static struct cable c;
	struct sandbox_cfg sb = { .profile = SANDBOX_CABLE, .nofile = 32 };
	char where[INET6_ADDRSTRLEN + 300];
	const char *sl = getenv("VDE_SECCOMP_LOG");
	size_t i;
	int r;

	c.mfd = c.nl = -1;
	c.sout = malloc(CABLE_STREAM_OUT);
	if (!c.sout)
		die("out of memory");
	setup_engine(&c, o);
	setup_net(&c, o);
	cable_stream_init(&c);
	setup_switch(&c, o);
	if (o->mgmt) {
		r = console_open(&c, o->mgmt);
		if (r)
			die("cannot open the console %s: %s", o->mgmt,
			    err_str(-r));
	} else {
		for (i = 0; i < CABLE_SESS_MAX; i++)
			c.sess[i].fd = -1;
	}
	cable_watch_all(&c);
	net_where(&c, o, where, sizeof(where));
	drop_root(o);
	sb.seccomp_log = sl && !strcmp(sl, "1");
	if (c.mfd >= 0 || c.lfd >= 0)
		sb.cable |= SANDBOX_CABLE_ACCEPT;
	if (c.mode == CABLE_TCP_CONNECT)
		sb.cable |= SANDBOX_CABLE_DIAL;
	sandbox_enter(&sb);
	c.started = cable_now();
	log_info("attached to %s, %zu peer(s), %s", o->swdir, c.ps.n, where);
	if (c.mode == CABLE_STDIO)
		cable_stream_adopt(&c, STDIN_FILENO);
	for (i = 0; c.mode == CABLE_UDP && i < c.d->npeers; i++)
		dev_initiate(c.d, i, c.started);
	cable_loop(&c);
	dev_destroy(c.d);
	exit(c.stop ? c.stop - 1 : 0);
}

/* --stdio: is fd 2 the same file as fd 1, the stream itself? */
static bool stderr_is_stdout(void)
{
	struct stat out, err;

	return !fstat(STDOUT_FILENO, &out) && !fstat(STDERR_FILENO, &err) &&
	       out.st_dev == err.st_dev && out.st_ino == err.st_ino;
}

int main(int argc, char **argv)
{
	struct cable_opts o = { 0 };

	if (sodium_init() < 0) {
		fprintf(stderr, "vde-cable: libsodium cannot start\n");
		return 1;
	}
	if (argc == 2 && !strcmp(argv[1], "genkey"))
		return cmd_genkey();
	if (argc == 2 && !strcmp(argv[1], "pubkey"))
		return cmd_pubkey();
	parse_opts(argc, argv, &o);
	log_init("vde-cable", NULL);
	log_set_level(o.verbose ? LOG_DEBUG : LOG_INFO);
	if (o.stdio && stderr_is_stdout()) {
		/* a log line on fd 2 would be written into the stream:
		 * syslog, or nothing (fd 2 becomes /dev/null) */
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (fd >= 0 && dup3(fd, STDERR_FILENO, 0) < 0)
			log_set_level(LOG_EMERG - 1);
		if (fd > STDERR_FILENO)
			close(fd);
		if (log_open_syslog())	/* falls back to fd 2: silence */
			log_set_level(LOG_EMERG - 1);
	} else if ((o.log_set ? o.syslog : !o.foreground) && log_open_syslog())
		fprintf(stderr, "vde-cable: no syslog, logging to stderr\n");
	run(&o);
	return 0;
}
