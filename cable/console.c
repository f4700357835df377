// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * console.c - the management console of vde-cable (-M SOCKET): the line
 * protocol of vde-switchd's console (vde-ctl(1), unixterm), with the
 * read-only commands of a cable: help, showinfo, cable/peers,
 * cable/stats, cable/macs, logout.
 *
 * Each answer is a data block ("0000 DATA END WITH '.'", lines, "."),
 * then "1000 Success" (or "1038 Function not implemented" for an unknown
 * command), then the "vde$ " prompt.  Lines longer than CABLE_LINE_MAX
 * and lines with control characters are refused (1022 Invalid argument).
 * Nothing can be changed through it, so anyone who can reach the socket
 * (its mode is 0600, the cable's user) may read.  A session whose output
 * does not fit in the socket buffer is closed; the answers are small.
 *
 * The switch's console code is not shared: it is tied to the switch's
 * structures (sessions, capture, policy); this is the small read-only
 * subset a cable needs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cable.h"
#include "keys.h"
#include "log.h"

enum {
	CON_OUT_MAX	= 16384,	/* one answer */
	CON_TAIL	= 128,		/* kept for ".", the result, the prompt */
};

/**
 * struct con_out - output of one command, written in one go
 * @buf:	the answer
 * @len:	bytes in @buf
 * @limit:	bytes the data may fill: CON_TAIL short of @buf until the
 *		data block ends, so that its end, the result and the prompt
 *		always fit however much data there was
 * @full:	a line did not fit (and was left out)
 */
struct con_out {
	char buf[CON_OUT_MAX];
	size_t len;
	size_t limit;
	bool full;
};

static void co_printf(struct con_out *o, const char *fmt, ...) __printf(2, 3);
static void co_printf(struct con_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->limit - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->limit - o->len)
		o->full = true;
	else
		o->len += (size_t)n;
}

static void addr_str(const struct dev_addr *a, char *s, size_t n)
{
	const struct sockaddr_in *s4 = (const void *)&a->ss;
	const struct sockaddr_in6 *s6 = (const void *)&a->ss;
	char ip[INET6_ADDRSTRLEN];

	if (!a->len)
		snprintf(s, n, "none");
	else if (a->ss.ss_family == AF_INET &&
		 inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip)))
		snprintf(s, n, "%s:%u", ip, ntohs(s4->sin_port));
	else if (a->ss.ss_family == AF_INET6 &&
		 inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip)))
		snprintf(s, n, "[%s]:%u", ip, ntohs(s6->sin6_port));
	else
		snprintf(s, n, "stream");
}

/* A counter shown by the console: its name and where it is */
struct con_field {
	const char *name;
	size_t off;
};

/* offsetof takes a member designator: no parentheses possible */
/* NOLINTNEXTLINE(bugprone-macro-parentheses) */
#define PF(f, m)	{ #m, offsetof(struct dev_peer, f.m) }
static const struct con_field peer_fields[] = {
	PF(st, rx_frames), PF(st, tx_frames), PF(st, rx_bytes),
	PF(st, tx_bytes),
	{ "drop_auth", offsetof(struct dev_peer, tst.rx_drop_auth) },
	{ "drop_replay", offsetof(struct dev_peer, tst.rx_drop_replay) },
	PF(st, drop_vlan), PF(st, drop_oversize), PF(st, drop_runt),
	{ "drop_index", offsetof(struct dev_peer, tst.rx_drop_index) },
	{ "drop_pad", offsetof(struct dev_peer, tst.rx_drop_pad) },
	PF(st, drop_expired), PF(st, drop_nokey), PF(st, drop_vlan_tx),
	PF(st, drop_hs_replay), PF(st, drop_hs_auth), PF(st, handshakes),
	PF(st, handshakes_sent), PF(st, rekeys), PF(st, keepalives_sent),
	{ "rx_keepalives", offsetof(struct dev_peer, tst.rx_keepalive) },
	PF(st, roams),
};

#define DF(m)	{ #m, offsetof(struct dev_stats, m) }
static const struct con_field dev_fields[] = {
	DF(rx_packets), DF(drop_malformed), DF(drop_mac1), DF(drop_mac2),
	DF(drop_unknown_key), DF(drop_hs_failed), DF(drop_ratelimit),
	DF(drop_index), DF(drop_cookie), DF(drop_oversize), DF(drop_runt),
	DF(drop_nopeer), DF(cookies_sent), DF(handshakes_sent),
	DF(handshakes_received), DF(responses_sent), DF(under_load),
	DF(mac_learned), DF(mac_moved), DF(mac_evicted),
	DF(tx_unicast_learned), DF(tx_flooded),
};

#define CF(m)	{ #m, offsetof(struct cable_stats, m) }
static const struct con_field cable_fields[] = {
	CF(udp_send_err), CF(sw_send_err), CF(stream_drop), CF(stream_bad),
	CF(stream_connects), CF(stream_unauth_closed), CF(udp_gso_sends),
	CF(udp_gso_refused), CF(udp_gro_receives),
};

/* "name=value" for each field of @base, then a newline */
static void co_fields(struct con_out *o, const void *base,
		      const struct con_field *f, size_t n)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(&v, (const char *)base + f[i].off, sizeof(v));
		co_printf(o, "%s=%llu%c", f[i].name, (unsigned long long)v,
			  i + 1 < n ? ' ' : '\n');
	}
}

/* cable/peers [NAME]: one line per peer, or NAME's alone */
static void cmd_peers(struct cable *c, struct con_out *o, const char *arg)
{
	uint64_t now = cable_now();
	char ep[INET6_ADDRSTRLEN + 16];
	int one = *arg ? dev_find_peer(c->d, arg) : -1;
	size_t i;

	for (i = 0; i < c->d->npeers; i++) {
		const struct dev_peer *p = &c->d->peers[i];

		if (*arg && (int)i != one)
			continue;
		addr_str(&p->ep, ep, sizeof(ep));
		co_printf(o, "name=%s endpoint=%s up=%d ", p->cfg->name, ep,
			  dev_peer_up(p, now));
		if (p->st.handshakes)
			co_printf(o, "handshake_age=%llu ", (unsigned long long)
				  ((now - p->last_hs) / 1000));
		else
			co_printf(o, "handshake_age=never ");
		co_fields(o, p, peer_fields, ARRAY_SIZE(peer_fields));
	}
}

/* cable/macs [NAME]: the live stations learned, or those behind NAME */
static void cmd_macs(struct cable *c, struct con_out *o, const char *arg)
{
	uint64_t now = cable_now();
	int one = *arg ? dev_find_peer(c->d, arg) : -1;
	size_t i;

	for (i = 0; i < LEARN_SLOTS; i++) {
		const struct learn_entry *e = &c->d->learn.e[i];
		const uint8_t *m = e->mac;

		if (!learn_live(e, now) || e->peer > c->d->npeers ||
		    (*arg && e->peer - 1 != one))
			continue;
		co_printf(o, "mac=%02x:%02x:%02x:%02x:%02x:%02x vlan=%u "
			  "peer=%s age=%llu\n", m[0], m[1], m[2], m[3], m[4],
			  m[5], (unsigned int)e->vid, c->d->peers[e->peer - 1].cfg->name,
			  (unsigned long long)((now - e->seen) / 1000));
	}
}

static void cmd_stats(struct cable *c, struct con_out *o, const char *arg)
{
	co_fields(o, &c->d->st, dev_fields, ARRAY_SIZE(dev_fields));
	co_fields(o, &c->st, cable_fields, ARRAY_SIZE(cable_fields));
}

static void cmd_showinfo(struct cable *c, struct con_out *o,
			 const char *arg)
{
	static const char *const modes[] = {
		[CABLE_UDP] = "udp", [CABLE_TCP_LISTEN] = "tcp-listen",
		[CABLE_TCP_CONNECT] = "tcp-connect", [CABLE_STDIO] = "stdio",
	};
	char pub[KEYS_B64_LEN + 1];

	keys_to_base64(pub, c->d->pub);
	co_printf(o, "vde-cable V.%s\npublic_key=%s\nswitch=%s\nmode=%s\n"
		  "peers=%zu\nmtu=%zu\nuptime=%llu\n", VDE_VERSION, pub,
		  c->swdir, modes[c->mode], c->d->npeers, c->d->mtu,
		  (unsigned long long)((cable_now() - c->started) / 1000));
}

static void cmd_help(struct cable *c, struct con_out *o, const char *arg)
{
	co_printf(o, "COMMAND PATH       SYNTAX          HELP\n"
		  "------------       ------------    ------------\n"
		  "help               [arg]           Help (limited to arg "
		  "when specified)\n"
		  "logout                             logout from this mgmt "
		  "terminal\n"
		  "showinfo                           show cable info\n"
		  "cable              ============    CABLE MENU\n"
		  "cable/peers        [NAME]          one line per peer "
		  "(or NAME's): endpoint, handshake, counters\n"
		  "cable/stats                        global counters\n"
		  "cable/macs         [NAME]          stations learned "
		  "(or behind NAME): MAC, VLAN, peer, age\n");
}

/* @peer_arg: the argument, if any, must name a peer */
static const struct {
	const char *path;
	void (*fn)(struct cable *c, struct con_out *o, const char *arg);
	bool peer_arg;
} con_cmds[] = {
	{ "help", cmd_help, false },
	{ "showinfo", cmd_showinfo, false },
	{ "cable/peers", cmd_peers, true },
	{ "cable/stats", cmd_stats, false },
	{ "cable/macs", cmd_macs, true },
};

static void sess_close(struct cable *c, struct cable_sess *s)
{
	epoll_ctl(c->epfd, EPOLL_CTL_DEL, s->fd, NULL);
	close(s->fd);
	s->fd = -1;
}

static void sess_send(struct cable *c, struct cable_sess *s,
		      const char *buf, size_t len)
{
	ssize_t n = send(s->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

	if (n != (ssize_t)len)
		sess_close(c, s);
}

/* Does the command word of @line (up to a blank) equal @word? */
static bool con_is(const char *line, size_t wlen, const char *word)
{
	return wlen == strlen(word) && !strncmp(line, word, wlen);
}

static void con_run(struct cable *c, struct cable_sess *s, char *line)
{
	static const char bye[] = "9999 END OF SESSION\n";
	static struct con_out o;
	const char *res = "1038 Function not implemented\n";
	size_t i, w;
	bool full;
	char *arg;

	o.len = 0;
	o.limit = sizeof(o.buf) - CON_TAIL;
	o.full = false;
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line || *line == '#')
		goto prompt;
	w = strcspn(line, " \t");	/* a whole word: no prefixes */
	arg = line + w + strspn(line + w, " \t");
	arg[strcspn(arg, " \t")] = '\0';
	if (con_is(line, w, "logout")) {
		sess_send(c, s, bye, sizeof(bye) - 1);
		if (s->fd >= 0)
			sess_close(c, s);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(con_cmds); i++) {
		if (!con_is(line, w, con_cmds[i].path))
			continue;
		if (con_cmds[i].peer_arg && *arg &&
		    dev_find_peer(c->d, arg) < 0) {
			res = "1022 Invalid argument\n";
			break;
		}
		co_printf(&o, "0000 DATA END WITH '.'\n");
		con_cmds[i].fn(c, &o, arg);
		full = o.full;
		o.full = false;
		o.limit = sizeof(o.buf);	/* the tail always fits */
		co_printf(&o, ".\n");
		res = full ? "1012 Cannot allocate memory\n" :
			     "1000 Success\n";
		break;
	}
	o.limit = sizeof(o.buf);
	co_printf(&o, "%s", res);
prompt:
	o.limit = sizeof(o.buf);
	co_printf(&o, "\nvde$ ");
	sess_send(c, s, o.buf, o.len);
}

static void con_line(struct cable *c, struct cable_sess *s, char *line,
		     size_t len)
{
	size_t i;

	if (len && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)line[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			sess_send(c, s, "1022 Invalid argument\n\nvde$ ", 28);
			return;
		}
	}
	con_run(c, s, line);
}

/**
 * console_input() - bytes from a console session
 * @c:		program
 * @s:		session
 */
void console_input(struct cable *c, struct cable_sess *s)
{
	char buf[512], *nl;
	ssize_t n;
	size_t i = 0, k;

	if (s->fd < 0)
		return;
	n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		sess_close(c, s);
		return;
	}
	s->last = cable_now();
	while (i < (size_t)n && s->fd >= 0) {
		nl = memchr(buf + i, '\n', (size_t)n - i);
		k = nl ? (size_t)(nl - (buf + i)) : (size_t)n - i;
		if (s->discard || s->len + k > CABLE_LINE_MAX) {
			s->discard = !nl;
			s->len = 0;
			if (nl)
				sess_send(c, s, "1022 Invalid argument\n\nvde$ ",
					  28);
		} else {
			memcpy(s->in + s->len, buf + i, k);
			s->len += k;
			if (nl) {
				con_line(c, s, s->in, s->len);
				s->len = 0;
			}
		}
		i += k + (nl ? 1 : 0);
	}
}

/**
 * console_accept() - a new console connection
 * @c:		program
 */
void console_accept(struct cable *c)
{
	static const char banner[] = "VDE cable V." VDE_VERSION
		"\n(C) vde-hardened developers 2026 - GPLv2\n\nvde$ ";
	struct epoll_event ev = { .events = EPOLLIN };
	int fd = accept4(c->mfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	size_t i;

	if (fd < 0)
		return;
	for (i = 0; i < CABLE_SESS_MAX && c->sess[i].fd >= 0; i++)
		;
	if (i == CABLE_SESS_MAX) {
		close(fd);
		return;
	}
	ev.data.u32 = CABLE_EV_SESS + (uint32_t)i;
	if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		return;
	}
	c->sess[i].fd = fd;
	c->sess[i].len = 0;
	c->sess[i].discard = false;
	c->sess[i].last = cable_now();
	sess_send(c, &c->sess[i], banner, sizeof(banner) - 1);
}

/**
 * console_expire() - close sessions idle for CABLE_SESS_IDLE_MS
 * @c:		program
 * @now:	time (ms)
 *
 * CABLE_SESS_MAX sessions are all there is: one left open and idle by a
 * client must not keep the console from others for ever.
 */
void console_expire(struct cable *c, uint64_t now)
{
	size_t i;

	for (i = 0; i < CABLE_SESS_MAX; i++)
		if (c->sess[i].fd >= 0 &&
		    now - c->sess[i].last >= CABLE_SESS_IDLE_MS)
			sess_close(c, &c->sess[i]);
}

/*
 * A socket already at @path: refuse it if something answers there (a
 * running cable or switch), remove it if it is stale.  Return: 0 (path
 * free now) or negative errno.
 */
static int console_stale(const char *path, const struct sockaddr_un *sa)
{
	struct stat st;
	int fd, r = 0;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode))
		return -EEXIST;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (!connect(fd, (const struct sockaddr *)sa, sizeof(*sa)))
		r = -EADDRINUSE;	/* alive: not ours to take */
	else if (errno != ECONNREFUSED)
		r = -errno;
	close(fd);
	if (!r && unlink(path) && errno != ENOENT)
		r = -errno;
	return r;
}

/**
 * console_open() - listen on the console socket
 * @c:		program
 * @path:	socket path (a stale socket there is replaced; one that
 *		answers is not)
 *
 * The socket is created with mode 0600 (umask 0177 around bind()), so
 * there is no moment when others may connect and no chmod by path.
 *
 * Return: 0 or negative errno (-EADDRINUSE: another program listens
 * there; -EEXIST: not a socket)
 */
int console_open(struct cable *c, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	mode_t old;
	size_t i;
	int fd, r;

	for (i = 0; i < CABLE_SESS_MAX; i++)
		c->sess[i].fd = -1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	r = console_stale(path, &sa);
	if (r)
		return r;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	old = umask(0177);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r || listen(fd, CABLE_SESS_MAX)) {
		r = -errno;
		close(fd);
		return r;
	}
	c->mfd = fd;
	return 0;
}
