// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * main.c - vde-switchd: options, set-up, sandbox, event loop.
 *
 * Order of events: parse options; open everything that may need privilege
 * (directory, ctl socket, pidfile, syslog); create epoll, signalfd and
 * timerfd; then sandbox_enter() drops to the unprivileged account, clears
 * capabilities and loads the seccomp allowlist.  Only then does the event
 * loop read the first byte from a client.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "mgmt.h"
#include "sandbox.h"
#include "switchd.h"

#define EXIT_USAGE	2

enum {
	OPT_DIRMODE = 256, OPT_NOSTDIN, OPT_MACADDR, OPT_HASHSIZE,
	OPT_FDB_MAX, OPT_FDB_PORT_MAX, OPT_MAX_FRAME, OPT_MAX_EP,
	OPT_MAX_EP_UID, OPT_MAX_PENDING, OPT_MAX_PENDING_UID, OPT_TIMEOUT,
	OPT_V1, OPT_VERSION, OPT_POOL, OPT_MGMTMODE, OPT_MGMTGROUP,
	OPT_NO_BP, OPT_PRIVSEP, OPT_POLICY, OPT_PRIORITY,
};

static const struct option sw_opts[] = {
	{ "sock",		required_argument, NULL, 's' },
	{ "vdesock",		required_argument, NULL, 's' },
	{ "unix",		required_argument, NULL, 's' },
	{ "numports",		required_argument, NULL, 'n' },
	{ "hub",		no_argument,	   NULL, 'x' },
	{ "stp",		no_argument,	   NULL, 'F' },
	{ "fstp",		no_argument,	   NULL, 'F' },
	{ "priority",		required_argument, NULL, OPT_PRIORITY },
	{ "mod",		required_argument, NULL, 'm' },
	{ "mode",		required_argument, NULL, 'm' },
	{ "dirmode",		required_argument, NULL, OPT_DIRMODE },
	{ "group",		required_argument, NULL, 'g' },
	{ "user",		required_argument, NULL, 'u' },
	{ "daemon",		no_argument,	   NULL, 'd' },
	{ "pidfile",		required_argument, NULL, 'p' },
	{ "nostdin",		no_argument,	   NULL, OPT_NOSTDIN },
	{ "macaddr",		required_argument, NULL, OPT_MACADDR },
	{ "hashsize",		required_argument, NULL, OPT_HASHSIZE },
	{ "fdb-max",		required_argument, NULL, OPT_FDB_MAX },
	{ "fdb-port-max",	required_argument, NULL, OPT_FDB_PORT_MAX },
	{ "max-frame",		required_argument, NULL, OPT_MAX_FRAME },
	{ "max-endpoints",	required_argument, NULL, OPT_MAX_EP },
	{ "max-endpoints-per-uid", required_argument, NULL, OPT_MAX_EP_UID },
	{ "max-pending",	required_argument, NULL, OPT_MAX_PENDING },
	{ "max-pending-per-uid", required_argument, NULL, OPT_MAX_PENDING_UID },
	{ "handshake-timeout",	required_argument, NULL, OPT_TIMEOUT },
	{ "pool",		required_argument, NULL, OPT_POOL },
	{ "v1",			no_argument,	   NULL, OPT_V1 },
	{ "no-backpressure",	no_argument,	   NULL, OPT_NO_BP },
	{ "mgmt",		required_argument, NULL, 'M' },
	{ "mgmtmode",		required_argument, NULL, OPT_MGMTMODE },
	{ "mgmtgroup",		required_argument, NULL, OPT_MGMTGROUP },
	{ "rcfile",		required_argument, NULL, 'f' },
	{ "tap",		required_argument, NULL, 't' },
	{ "privsep",		required_argument, NULL, OPT_PRIVSEP },
	{ "policy",		required_argument, NULL, OPT_POLICY },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static uint32_t pool_slots = 8192;

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vde-switchd [OPTIONS]\n"
"  -s, --sock DIR           switch directory (default /run/vde.ctl as root,\n"
"                           /tmp/vde.ctl otherwise)\n"
"  -n, --numports N         number of ports, 1..%d (default %d)\n"
"  -x, --hub                hub mode: every frame to every port\n"
"  -F, --stp                run the spanning tree (IEEE 802.1w) on trunk\n"
"                           ports (stp/trunk); BPDUs from others are dropped\n"
"      --priority N         bridge priority, a multiple of 4096 (32768)\n"
"  -m, --mod MODE           octal mode of ctl and data sockets (default 0600)\n"
"      --dirmode MODE       octal mode of the directory\n"
"  -g, --group GROUP        group of the directory and sockets\n"
"  -u, --user USER          account to run as when started as root\n"
"                           (default nobody)\n"
"  -d, --daemon             run in the background, log to syslog\n"
"  -p, --pidfile FILE       write the pid to FILE (must not exist)\n"
"      --nostdin            do not watch standard input\n"
"      --macaddr MAC        switch MAC address\n"
"      --hashsize N         MAC table buckets (default 4096)\n"
"      --fdb-max N          MAC table entries in all (default 16384)\n"
"      --fdb-port-max N     MAC table entries per port (default 1024)\n"
"      --max-frame N        largest frame in bytes, %d..%d (default %d)\n"
"      --max-endpoints N    endpoints in all (default 4096)\n"
"      --max-endpoints-per-uid N  endpoints per user (default 1024)\n"
"      --max-pending N      control connections awaiting a request (256)\n"
"      --max-pending-per-uid N    the same, per user (default 32)\n"
"      --handshake-timeout S      seconds to send a request (default 5)\n"
"      --pool N             frame buffers (default 8192)\n"
"      --v1                 also accept legacy version 1 requests\n"
"      --no-backpressure    drop instead of pausing a sender whose unicast\n"
"                           destination cannot keep up\n"
"  -M, --mgmt PATH          management console socket\n"
"      --mgmtmode MODE      its octal mode (default 0600)\n"
"      --mgmtgroup GROUP    its group; members may change the switch\n"
"  -f, --rcfile FILE        console commands to run at start-up\n"
"      --policy FILE        decide every attach and console session by the\n"
"                           rules of FILE (policy.conf(5); default deny)\n"
"  -t, --tap IFNAME         attach tap IFNAME to a port, created if absent\n"
"                           (root, or the owner of a persistent tap)\n"
"  -v, --verbose            log debug messages; -q, --quiet: errors only\n"
"  -h, --help               this text;  --version: the version\n",
		PORTS_MAX, PORTS_DEFAULT, ETH_FRAME_MIN_MAX, ETH_FRAME_DEFAULT,
		ETH_FRAME_DEFAULT);
}

static void __noreturn bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "vde-switchd: %s '%s'\nTry 'vde-switchd --help'.\n",
		what, arg);
	exit(EXIT_USAGE);
}

static uint32_t parse_num(const char *arg, const char *what,
			  unsigned long lo, unsigned long hi, int base)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, base);
	if (!*arg || *end || errno || v < lo || v > hi || *arg == '-') {
		if (base == 8)
			fprintf(stderr, "vde-switchd: invalid %s '%s' (octal, 0%lo..0%lo)\n",
				what, arg, lo, hi);
		else
			fprintf(stderr, "vde-switchd: invalid %s '%s' (%lu..%lu)\n",
				what, arg, lo, hi);
		exit(EXIT_USAGE);
	}
	return (uint32_t)v;
}

static void parse_mac(const char *arg, uint8_t *mac)
{
	if (mac_parse(arg, ':', mac))
		bad_usage("invalid MAC address", arg);
	if (mac[0] & 1)
		bad_usage("group (multicast) MAC address", arg);
}

static void parse_opts(struct sw_config *c, int argc, char **argv)
{
	int o;

	while ((o = getopt_long_only(argc, argv, "s:n:xFm:g:u:dp:vqhM:f:t:",
				     sw_opts, NULL)) != -1) {
		switch (o) {
		case 's': c->dir = optarg; break;
		case 'n':
			c->numports = parse_num(optarg, "number of ports", 1,
						PORTS_MAX, 10);
			break;
		case 'x': c->hub = true; break;
		case 'F': c->stp = true; break;
		case OPT_PRIORITY:
			c->stp_prio = parse_num(optarg, "priority", 0, 61440,
						10);
			if (c->stp_prio % STP_PRIO_STEP)
				bad_usage("priority not a multiple of 4096",
					  optarg);
			c->stp_prio_set = true;
			break;
		case 'm':
			c->mode = (int)parse_num(optarg, "mode", 0, 0777, 8);
			break;
		case OPT_DIRMODE:
			c->dirmode = (int)parse_num(optarg, "dirmode", 0, 07777,
						    8);
			break;
		case 'g': c->group = optarg; break;
		case 'u': c->user = optarg; break;
		case 'd': c->daemon = true; break;
		case 'p': c->pidfile = optarg; break;
		case OPT_NOSTDIN: c->nostdin = true; break;
		case OPT_MACADDR: parse_mac(optarg, c->mac); break;
		case OPT_HASHSIZE:
			c->hashsize = parse_num(optarg, "hash size", 1,
						1u << 24, 10);
			break;
		case OPT_FDB_MAX:
			c->fdb_max = parse_num(optarg, "fdb-max", 1,
					       1u << 24, 10);
			break;
		case OPT_FDB_PORT_MAX:
			c->fdb_port_max = parse_num(optarg, "fdb-port-max", 1,
						    1u << 24, 10);
			break;
		case OPT_MAX_FRAME:
			c->max_frame = parse_num(optarg, "max-frame",
						 ETH_FRAME_MIN_MAX,
						 ETH_FRAME_DEFAULT, 10);
			break;
		case OPT_MAX_EP:
			c->max_endpoints = parse_num(optarg, "max-endpoints",
						     1, 1u << 20, 10);
			break;
		case OPT_MAX_EP_UID:
			c->max_endpoints_uid = parse_num(optarg,
				"max-endpoints-per-uid", 1, 1u << 20, 10);
			break;
		case OPT_MAX_PENDING:
			c->max_pending = parse_num(optarg, "max-pending", 1,
						   65536, 10);
			break;
		case OPT_MAX_PENDING_UID:
			c->max_pending_uid = parse_num(optarg,
				"max-pending-per-uid", 1, 65536, 10);
			break;
		case OPT_TIMEOUT:
			c->handshake_timeout = parse_num(optarg,
				"handshake-timeout", 1, 3600, 10);
			break;
		case OPT_POOL:
			pool_slots = parse_num(optarg, "pool", 256, 1u << 20,
					       10);
			break;
		case OPT_V1: c->allow_v1 = true; break;
		case OPT_NO_BP: c->no_backpressure = true; break;
		case OPT_PRIVSEP:
			/* vde-privd's child: nothing else on the command line */
			if (argc != 3)
				bad_usage("--privsep takes no other option",
					  optarg);
			c->privsep_fd = (int)parse_num(optarg, "descriptor",
						       3, 1023, 10);
			c->nostdin = true;
			break;
		case 'M': c->mgmt = optarg; break;
		case OPT_MGMTMODE:
			c->mgmtmode = (int)parse_num(optarg, "mgmtmode", 0,
						     0777, 8);
			break;
		case OPT_MGMTGROUP: c->mgmtgroup = optarg; break;
		case 'f': c->rcfile = optarg; break;
		case OPT_POLICY: c->policy = optarg; break;
		case 't':
			if (!*optarg || strlen(optarg) >= IFNAMSIZ)
				bad_usage("invalid tap name", optarg);
			if (c->ntap >= SW_TAPS_MAX)
				bad_usage("too many taps", optarg);
			c->tap[c->ntap++] = optarg;
			break;
		case 'v': c->verbose = 1; break;
		case 'q': c->verbose = -1; break;
		case 'h': usage(stdout); exit(0);
		case OPT_VERSION:
			printf("vde-switchd %s\n", VDE_VERSION);
			exit(0);
		default:
			fprintf(stderr, "Try 'vde-switchd --help'.\n");
			exit(EXIT_USAGE);
		}
	}
	if (optind < argc)
		bad_usage("unexpected argument", argv[optind]);
}

static void config_defaults(struct sw_config *c)
{
	memset(c, 0, sizeof(*c));
	c->numports = PORTS_DEFAULT;
	c->mode = -1;
	c->dirmode = -1;
	c->hashsize = 4096;
	c->fdb_max = 16384;
	c->fdb_port_max = 1024;
	c->max_frame = ETH_FRAME_DEFAULT;
	c->max_endpoints = 4096;
	c->max_endpoints_uid = 1024;
	c->max_pending = 256;
	c->max_pending_uid = 32;
	c->handshake_timeout = 5;
	c->mgmtmode = 0600;
	c->privsep_fd = -1;
	c->mac[0] = 0x00;
	c->mac[1] = 0xff;
	randombytes_buf(c->mac + 2, 4);
}

/* Update sw->now (seconds, for ageing) and sw->now_ms (timeouts) */
static void clock_update(struct sw *sw)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	sw->now = (uint32_t)ts.tv_sec;
	sw->now_ms = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void ev_add(struct sw *sw, int fd, struct evsrc *src, uint8_t type)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = src };

	src->type = type;
	if (epoll_ctl(sw->epfd, EPOLL_CTL_ADD, fd, &ev))
		die("epoll_ctl: %s", err_str(errno));
}

static void setup_events(struct sw *sw)
{
	struct itimerspec its = { { 1, 0 }, { 1, 0 } };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		die_errno("sigprocmask");
	signal(SIGPIPE, SIG_IGN);
	sw->epfd = epoll_create1(EPOLL_CLOEXEC);
	sw->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	sw->timer_fd = timerfd_create(CLOCK_MONOTONIC,
				      TFD_NONBLOCK | TFD_CLOEXEC);
	if (sw->epfd < 0 || sw->sig_fd < 0 || sw->timer_fd < 0)
		die_errno("epoll/signalfd/timerfd");
	if (timerfd_settime(sw->timer_fd, 0, &its, NULL))
		die_errno("timerfd_settime");
	ev_add(sw, sw->ctl_fd, &sw->ev_ctl, EV_CTL_LISTEN);
	ev_add(sw, sw->sig_fd, &sw->ev_sig, EV_SIGNAL);
	ev_add(sw, sw->timer_fd, &sw->ev_timer, EV_TIMER);
	if (sw->mgmt_fd >= 0)
		ev_add(sw, sw->mgmt_fd, &sw->ev_mgmt, EV_MGMT_LISTEN);
	if (!sw->cfg.nostdin && !sw->cfg.daemon && !sw->stdin_script)
		mgmt_stdin_open(sw);
}

/* A pidfile naming a process that no longer exists (crash, or a root
 * switch that could not remove it from a root-owned directory) */
static bool pidfile_stale(const char *path)
{
	char buf[32] = "", *end;
	long pid;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return false;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	errno = 0;
	pid = strtol(buf, &end, 10);
	/* not a pid_t (e.g. "4294967297", which cast to 1): not ours */
	if (errno || end == buf || pid <= 0 || pid > INT_MAX)
		return false;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

static void write_pidfile(struct sw *sw)
{
	char buf[32];
	int fd, n;

	fd = open(sw->pidpath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		  O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST && pidfile_stale(sw->pidpath)) {
		log_warn("removing stale pidfile %s", sw->pidpath);
		unlink(sw->pidpath);
		fd = open(sw->pidpath, O_WRONLY | O_CREAT | O_EXCL |
			  O_NOFOLLOW | O_CLOEXEC, 0644);
	}
	if (fd < 0)
		die("cannot create pidfile %s: %s", sw->pidpath,
		    err_str(errno));
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	sw->pid_written = true;
	if (fchmod(fd, 0644))
		log_warn("chmod pidfile: %s", err_str(errno));
	errno = 0;
	if (write(fd, buf, n) != n)	/* a full disk: ENOSPC */
		die("cannot write pidfile %s: %s", sw->pidpath,
		    errno ? err_str(errno) : "short write");
	/* not given to the unprivileged account: it could then rewrite the
	 * pid an init script kills; a pidfile left behind is replaced */
	close(fd);
}

static void on_timer(struct sw *sw)
{
	uint64_t ticks;

	if (read(sw->timer_fd, &ticks, sizeof(ticks)) < 0)
		return;
	clock_update(sw);
	ctl_expire(sw);
	log_ratelimit_flush();
	pool_trim(&sw->pool, RX_BATCH);
	if (sw->freed) {
		/* give freed endpoint memory back (brk/madvise only) */
		malloc_trim(0);
		sw->freed = false;
	}
	if ((int32_t)(sw->now - sw->next_gc) >= 0) {
		fdb_age(&sw->fdb, sw->now);
		sw->next_gc = sw->now + sw->gc_interval;
	}
	sw_stp_tick(sw);
}

static void on_signal(struct sw *sw)
{
	struct signalfd_siginfo si;

	if (read(sw->sig_fd, &si, sizeof(si)) != sizeof(si))
		return;
	log_info("signal %u: shutting down", si.ssi_signo);
	sw->quit = true;
}

static void dispatch(struct sw *sw, struct evsrc *src, uint32_t events)
{
	struct endpoint *ep;
	struct ctlconn *c;

	switch (src->type) {
	case EV_CTL_LISTEN:
		ctl_accept(sw);
		break;
	case EV_CTL_PENDING:
		c = container_of(src, struct ctlconn, ev);
		if (!c->dead)
			ctl_pending_event(sw, c, events);
		break;
	case EV_EP_CTL:
		ep = container_of(src, struct endpoint, ev_ctl);
		if (!ep->dead)
			ep_ctl_event(sw, ep, events);
		break;
	case EV_EP_DATA:
		ep = container_of(src, struct endpoint, ev_data);
		if (!ep->dead && (events & EPOLLOUT))
			ep_drain(sw, ep);
		if (!ep->dead && (events & (EPOLLIN | EPOLLERR)))
			ep_rx(sw, ep);
		break;
	case EV_SIGNAL:
		on_signal(sw);
		break;
	case EV_TIMER:
		on_timer(sw);
		break;
	case EV_MGMT_LISTEN:
		mgmt_accept(sw);
		break;
	case EV_MGMT:
		/* struct msess starts with its struct evsrc */
		mgmt_event(sw, (struct msess *)src, events);
		break;
	case EV_PRIV:
		privsep_event(sw);
		break;
	}
}

static void event_loop(struct sw *sw)
{
	struct epoll_event ev[64];
	int i, n;

	while (!sw->quit) {
		/* while a sender is paused, look for stalled receivers */
		n = epoll_wait(sw->epfd, ev, ARRAY_SIZE(ev),
			       sw->npaused ? BP_STALL_MS / 5 : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die_errno("epoll_wait");
		}
		clock_update(sw);
		if (sw->npaused)
			bp_check(sw);
		for (i = 0; i < n; i++)
			dispatch(sw, ev[i].data.ptr, ev[i].events);
		sw_reap(sw);
		mgmt_reap(sw);
	}
}

static void shutdown_all(struct sw *sw)
{
	uint32_t i;

	for (i = 0; i < sw->nports; i++)
		while (sw->ports[i].ep)
			ep_close(sw, sw->ports[i].ep, "switch shutting down");
	while (sw->pending) {
		struct ctlconn *c = sw->pending;

		sw->pending = c->next;
		close(c->fd);
		free(c);
	}
	sw_reap(sw);
	mgmt_close_all(sw);
	dir_cleanup(sw);
}

static struct sw *die_sw;

/* die() during set-up: do not leave ctl or the management socket behind */
static void die_cleanup(void)
{
	if (die_sw)
		dir_cleanup(die_sw);
}

/* Read a whole command file (at most 1 MiB) from @fd, named @path */
static char *read_commands(int fd, const char *path, size_t *len)
{
	char *buf = NULL, *n;
	size_t cap = 0;
	ssize_t r;

	*len = 0;
	for (;;) {
		if (*len + 4096 > cap) {
			if (cap >= (1u << 20))
				die("rc file %s is larger than 1 MiB", path);
			cap = cap ? cap * 2 : 8192;
			n = realloc(buf, cap);
			if (!n)
				die("out of memory");
			buf = n;
		}
		r = read(fd, buf + *len, cap - *len);
		if (r < 0)
			die("cannot read rc file %s: %s", path, err_str(errno));
		if (r == 0)
			break;
		*len += r;
	}
	return buf;
}

static char *read_rcfile(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	char *buf;

	if (fd < 0)
		die("cannot open rc file %s: %s", path, err_str(errno));
	buf = read_commands(fd, path, len);
	close(fd);
	return buf;
}

/* vde_switch < commands: a regular file on stdin is a script */
static char *read_stdin_script(const struct sw *sw, size_t *len)
{
	struct stat st;

	if (sw->cfg.nostdin || sw->cfg.daemon || fstat(STDIN_FILENO, &st) ||
	    !S_ISREG(st.st_mode))
		return NULL;
	return read_commands(STDIN_FILENO, "standard input", len);
}

/* --policy FILE: owned by root or by whoever starts the switch */
static void load_policy(struct sw *sw)
{
	struct pol_error e;
	char buf[600];

	if (sw->ps.active)
		die("--policy cannot be used under vde-privd");
	if (policy_load_file(sw->cfg.policy, getuid(), &sw->spol, &e))
		die("%s", policy_error_str(&e, buf, sizeof(buf)));
	sw->pol = &sw->spol;
}

/* Rules naming a switch apply if its block has our directory; rules for
 * "switch any" always */
static void policy_pick_switch(struct sw *sw)
{
	int i;

	sw->pol_sw = (uint32_t)sw->spol.nswitches;	/* none */
	for (i = 0; i < sw->spol.nswitches; i++)
		if (!strcmp(sw->spol.switches[i].dir, sw->dir))
			sw->pol_sw = (uint32_t)i;
	log_info("policy %s: %d rule(s), %s", sw->cfg.policy,
		 sw->spol.nrules, sw->pol_sw < (uint32_t)sw->spol.nswitches ?
		 sw->spol.switches[sw->pol_sw].name :
		 "no block for this directory: only 'switch any' rules apply");
}

static void resolve_identity(struct sw *sw, uid_t *uid, gid_t *gid,
			     gid_t *grp, bool *drop)
{
	const char *user = sw->cfg.user ? sw->cfg.user : "nobody";

	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	*grp = (gid_t)-1;
	*drop = geteuid() == 0;
	if (sw->cfg.group && sandbox_lookup_group(sw->cfg.group, grp))
		die("unknown group '%s'", sw->cfg.group);
	if (!*drop) {
		if (sw->cfg.user)
			log_warn("--user is ignored: not started as root");
		return;
	}
	if (sandbox_lookup_user(user, uid, gid))
		die("unknown user '%s' (see --user)", user);
	if (*uid == 0)
		die("--user must not be root");
}

/*
 * What the switch may still change in the file system once sandboxed
 * (Landlock, on top of seccomp and the permissions): sockets in its
 * directory, and the directory itself at exit.  A rule covers everything
 * beneath its directory, so there is none for the parent of a pidfile or
 * console socket elsewhere: that would let a switch sharing its account
 * (nobody) remove other switches' sockets below it.  Those two stay at
 * exit and are replaced as stale at the next start.
 */
static void fs_rules(const struct sw *sw, struct sandbox_cfg *sb)
{
	static char parent[sizeof(sw->dir)];
	char *slash;

	sb->fs[0].path = sw->dir;
	sb->fs[0].access = SANDBOX_FS_MAKE_SOCK | SANDBOX_FS_REMOVE_FILE;
	sb->nfs = 1;
	if (sw->ps.active)	/* vde-privd removes the directory */
		return;
	memcpy(parent, sw->dir, sizeof(parent));
	slash = strrchr(parent, '/');	/* sw->dir is absolute (dir.c) */
	if (!slash)
		return;
	slash[slash == parent] = '\0';	/* "/x" -> "/" */
	sb->fs[1].path = parent;
	sb->fs[1].access = SANDBOX_FS_REMOVE_DIR;
	sb->nfs = 2;
}

int main(int argc, char **argv)
{
	struct sandbox_cfg sb = { .profile = SANDBOX_SWITCHD };
	const char *seclog;
	static struct sw sw;
	uid_t uid;
	gid_t gid, grp;
	bool drop;
	rlim_t nofile;
	uid_t run_uid;
	char *rc = NULL, *stdin_cmds;
	size_t rclen = 0, stdin_len = 0;

	if (sodium_init() < 0) {
		fprintf(stderr, "vde-switchd: cannot initialise libsodium\n");
		return 1;
	}
	config_defaults(&sw.cfg);
	parse_opts(&sw.cfg, argc, argv);
	if (!sw.cfg.dir)
		sw.cfg.dir = geteuid() == 0 ? "/run/vde.ctl" : "/tmp/vde.ctl";
	log_init("vde-switchd", NULL);
	log_set_level(sw.cfg.verbose > 0 ? LOG_DEBUG :
		      sw.cfg.verbose < 0 ? LOG_ERR : LOG_INFO);
	sw.owner = getuid();
	sw.pid = getpid();
	sw.ctl_fd = -1;
	sw.mgmt_fd = -1;
	sw.mgmt_gid = (gid_t)-1;
	sw.state_fd = -1;

	if (sw.cfg.privsep_fd >= 0) {
		/* vde-privd made us unprivileged and opened everything */
		privsep_setup(&sw, sw.cfg.privsep_fd);
		log_init("vde-switchd", sw.ps.pol.switches[sw.ps.index].name);
		uid = (uid_t)-1;
		gid = grp = (gid_t)-1;
		drop = false;
	} else {
		resolve_identity(&sw, &uid, &gid, &grp, &drop);
	}
	die_sw = &sw;
	log_set_die_hook(die_cleanup);
	if (port_init(&sw) ||
	    fdb_init(&sw.fdb, sw.cfg.hashsize, sw.cfg.fdb_max,
		     sw.cfg.fdb_port_max, sw.nports) ||
	    pool_init(&sw.pool, pool_slots, sw.cfg.max_frame))
		die("out of memory");
	sw.gc_interval = 2;
	sw_stp_init(&sw);
	if (sw.cfg.policy)
		load_policy(&sw);
	if (!sw.ps.active && dir_setup(&sw, uid, grp != (gid_t)-1 ? grp : gid))
		return 1;
	if (sw.cfg.policy)
		policy_pick_switch(&sw);
	if (sw.cfg.mgmtgroup &&
	    sandbox_lookup_group(sw.cfg.mgmtgroup, &sw.mgmt_gid))
		die("unknown group '%s'", sw.cfg.mgmtgroup);
	if (sw.cfg.mgmt && !sw.ps.active &&
	    dir_mgmt_setup(&sw, uid, sw.mgmt_gid != (gid_t)-1 ? sw.mgmt_gid :
				      drop ? (grp != (gid_t)-1 ? grp : gid) :
					     (gid_t)-1)) {
		dir_cleanup(&sw);
		return 1;
	}
	if (sw.cfg.rcfile)
		rc = read_rcfile(sw.cfg.rcfile, &rclen);
	stdin_cmds = read_stdin_script(&sw, &stdin_len);
	sw.stdin_script = stdin_cmds != NULL;
	names_load();
	tap_open_opts(&sw);
	if (sw.cfg.pidfile && sw.cfg.pidfile[0] != '/') {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)))
			die_errno("getcwd");
		if (snprintf(sw.pidpath, sizeof(sw.pidpath), "%s/%s", cwd,
			     sw.cfg.pidfile) >= (int)sizeof(sw.pidpath))
			die("pidfile path too long");
	} else if (sw.cfg.pidfile) {
		if (snprintf(sw.pidpath, sizeof(sw.pidpath), "%s",
			     sw.cfg.pidfile) >= (int)sizeof(sw.pidpath))
			die("pidfile path too long");
	}
	if (sw.cfg.daemon) {
		if (log_open_syslog())
			log_warn("no syslog: logs are lost in daemon mode");
		if (daemon(0, 0))
			die_errno("daemon");
	}
	sw.pid = getpid();
	if (sw.pidpath[0])
		write_pidfile(&sw);

	/* exactly what the limits need: a larger inherited limit is lowered */
	nofile = 2 * (rlim_t)sw.cfg.max_endpoints + sw.cfg.max_pending + 64;
	nofile = MIN(sandbox_raise_nofile(nofile), nofile);
	if (nofile < 2 * (rlim_t)sw.cfg.max_endpoints + 64) {
		sw.cfg.max_endpoints = (nofile - 64) / 2;
		log_warn("descriptor limit %lu: at most %u endpoints",
			 (unsigned long)nofile, sw.cfg.max_endpoints);
	}
	setup_events(&sw);
	clock_update(&sw);
	sw.next_gc = sw.now + sw.gc_interval;
	sw.started = time(NULL);
	tzset();

	sb.drop_ids = drop;
	sb.uid = uid;
	sb.gid = gid;
	sb.groups = grp != (gid_t)-1 ? &grp : &gid;
	sb.ngroups = 1;
	sb.nofile = nofile;
	seclog = getenv("VDE_SECCOMP_LOG");
	sb.seccomp_log = seclog && !strcmp(seclog, "1");
	run_uid = getuid();
	fs_rules(&sw, &sb);
	sandbox_enter(&sb);
	tap_attach_opts(&sw);
	if (sw.ps.active)
		privsep_ready(&sw, &sw.ev_priv);
	if (rc) {
		int bad = mgmt_run_script(&sw, rc, rclen);

		if (bad)
			log_warn("rc file %s: %d command(s) failed",
				 sw.cfg.rcfile, bad);
		free(rc);
	}
	log_info("ready: %u ports, pid %d, uid %u", sw.cfg.numports,
		 (int)sw.pid, (unsigned)(drop ? uid : run_uid));
	if (stdin_cmds) {
		mgmt_stdin_script(&sw, stdin_cmds, stdin_len);
		free(stdin_cmds);
	}

	event_loop(&sw);
	shutdown_all(&sw);
	return 0;
}
