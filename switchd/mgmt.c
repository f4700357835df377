// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * mgmt.c - management sessions: vde_switch's console grammar (spec 5.2).
 *
 * Theory of operation: a session is a management socket connection (or
 * the switch's standard input).  Its identity is SO_PEERCRED; it is an
 * admin if it is root, the switch's owner, or a member of the management
 * group (primary or SO_PEERGROUPS); everyone else who can reach the socket
 * may only run read-only commands.  Input is line-buffered (several
 * commands in one write all run; a line split over writes is joined); a
 * line longer than MGMT_LINE_MAX is answered with 1007 and discarded up to
 * its newline, never split into commands; a line with a NUL or a control
 * character is answered with 1022.  Output is queued per session up to
 * MGMT_OUT_MAX and written as the socket accepts it; a session that lets
 * more pile up is closed.  Sessions are capped in total and per uid.
 *
 * A session that ran capture/start (capture.c) stops being a console: it
 * runs no more commands, and its output is a pcap stream bounded by
 * CAP_BUF, to which the data path appends without ever waiting.  It ends
 * when the client goes away or the capture has its count of frames.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "capture.h"
#include "log.h"
#include "mgmt.h"
#include "switchd.h"

struct msess {
	struct evsrc ev;
	int rfd;
	int wfd;
	struct ucred cred;
	bool admin;
	bool dead;
	bool is_stdin;
	bool prompt;		/* print "vde$ " prompts */
	bool closing;		/* logout: flush, then close */
	bool discard;		/* inside an over-long line */
	bool pollout;		/* EPOLLOUT armed */
	bool reading;		/* EPOLLIN armed */
	uint32_t debug;		/* subscribed categories */
	struct cap *cap;	/* capturing: output is a pcap stream */
	size_t inlen;
	char in[MGMT_LINE_MAX + 1];
	char *out;
	size_t outlen;
	size_t outcap;
	struct msess *next;
	struct msess *dead_next;
};

static const struct {
	const char *name;
	unsigned int tag;
	const char *help;
} dbg_cats[DBG__COUNT] = {
	[DBG_HASH_ADD]	  = { "hash/+", 011, "hash: new element" },
	[DBG_HASH_DEL]	  = { "hash/-", 012, "hash: discarded element" },
	[DBG_FSTP_STATUS] = { "fstp/status", 044, "fstp: status change" },
	[DBG_FSTP_ROOT]	  = { "fstp/root", 045, "fstp: rootswitch/port change" },
	[DBG_FSTP_ADD]	  = { "fstp/+", 041, "fstp: port becomes active" },
	[DBG_FSTP_DEL]	  = { "fstp/-", 042, "fstp: port becomes inactive" },
	[DBG_PORT_ADD]	  = { "port/+", 021, "new port" },
	[DBG_PORT_DEL]	  = { "port/-", 022, "closed port" },
	[DBG_PORT_DESCR]  = { "port/descr", 023, "set port description" },
	[DBG_EP_ADD]	  = { "port/ep/+", 031, "new endpoint" },
	[DBG_EP_DEL]	  = { "port/ep/-", 032, "closed endpoint" },
};

/**
 * mgmt_dbg_name() - a debug category
 * @cat:	index
 * @tag:	its octal tag
 * @help:	its description
 *
 * Return: its name, or NULL past the last one.
 */
const char *mgmt_dbg_name(unsigned int cat, unsigned int *tag,
			  const char **help)
{
	if (cat >= DBG__COUNT)
		return NULL;
	*tag = dbg_cats[cat].tag;
	*help = dbg_cats[cat].help;
	return dbg_cats[cat].name;
}

/**
 * mgmt_lookup() - find the command a line names, by prefix (vde_switch)
 * @tab:	command table
 * @n:		its size
 * @line:	input line, leading blanks already skipped
 * @args:	set to the text after the command, blanks skipped
 *
 * As in vde_switch, the first command whose whole path is a prefix of the
 * line runs ("port/showinfoXYZ" runs port/showinfo); menu headers never
 * match.
 *
 * Return: the command, or NULL.
 */
const struct mgmt_cmd *mgmt_lookup(const struct mgmt_cmd *tab, size_t n,
				   const char *line, const char **args)
{
	size_t i, l;

	for (i = 0; i < n; i++) {
		if (tab[i].flags & MC_MENU)
			continue;
		l = strlen(tab[i].path);
		if (strncmp(tab[i].path, line, l))
			continue;
		line += l;
		while (*line == ' ' || *line == '\t')
			line++;
		*args = line;
		return &tab[i];
	}
	return NULL;
}

/**
 * mgmt_line_check() - is this line acceptable text?
 * @line:	bytes without the newline
 * @len:	how many
 *
 * Return: 0, or EINVAL for a NUL or a control character other than tab.
 */
int mgmt_line_check(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = line[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return EINVAL;
	}
	return 0;
}

static void sess_write_raw(struct msess *s, const char *buf, size_t len)
{
	char *n;
	size_t cap;

	if (!s || s->dead)
		return;
	if (s->outlen + len > MGMT_OUT_MAX) {
		log_ratelimited(LOG_WARNING,
				"mgmt session of uid %u does not read its output: closing",
				(unsigned)s->cred.uid);
		s->closing = true;
		s->outlen = 0;
		return;
	}
	if (s->outlen + len > s->outcap) {
		cap = MAX(s->outcap * 2, s->outlen + len + 4096);
		n = realloc(s->out, cap);
		if (!n) {
			s->closing = true;
			return;
		}
		s->out = n;
		s->outcap = cap;
	}
	memcpy(s->out + s->outlen, buf, len);
	s->outlen += len;
}

static void __printf(2, 0) sess_vprintf(struct msess *s, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n > 0)
		sess_write_raw(s, buf, MIN((size_t)n, sizeof(buf) - 1));
}

static void sess_printf(struct msess *s, const char *fmt, ...) __printf(2, 3);
static void sess_printf(struct msess *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sess_vprintf(s, fmt, ap);
	va_end(ap);
}

/**
 * mp() - print to the session a command runs for
 * @c:		command context (output discarded when c->s is NULL)
 * @fmt:	printf format
 */
void mp(struct mctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->s)
		return;
	va_start(ap, fmt);
	sess_vprintf(c->s, fmt, ap);
	va_end(ap);
}

/* Watch for output room while output waits; stop reading commands while
 * more than half the output cap waits, so that a client that does not
 * read cannot make the switch spin on a readable socket */
static void sess_events(struct sw *sw, struct msess *s)
{
	bool in = s->outlen <= MGMT_OUT_MAX / 2, out = s->outlen > 0;
	struct epoll_event ev = {
		.events = (in ? EPOLLIN : 0) | (out ? EPOLLOUT : 0),
		.data.ptr = &s->ev,
	};

	if (s->is_stdin || (s->pollout == out && s->reading == in))
		return;
	s->pollout = out;
	s->reading = in;
	epoll_ctl(sw->epfd, EPOLL_CTL_MOD, s->rfd, &ev);
}

static void sess_close(struct sw *sw, struct msess *s)
{
	struct msess **pp;

	if (s->dead)
		return;
	s->dead = true;
	if (s->cap) {
		cap_stop(sw, s->cap);
		s->cap = NULL;
	}
	epoll_ctl(sw->epfd, EPOLL_CTL_DEL, s->rfd, NULL);
	if (s->is_stdin) {
		log_info("end of standard input: shutting down");
		sw->quit = true;
	} else {
		close(s->rfd);
		sw->nsess--;
	}
	for (pp = &sw->sessions; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	s->dead_next = sw->mgraveyard;
	sw->mgraveyard = s;
}

static void sess_flush(struct sw *sw, struct msess *s)
{
	size_t off = 0;
	ssize_t n;

	while (off < s->outlen) {
		n = write(s->wfd, s->out + off, s->outlen - off);
		if (n <= 0)
			break;
		off += n;
	}
	if (off < s->outlen && errno != EAGAIN) {
		s->outlen = 0;
		sess_close(sw, s);
		return;
	}
	if (off) {
		memmove(s->out, s->out + off, s->outlen - off);
		s->outlen -= off;
	}
	sess_events(sw, s);
	if (s->outlen)
		return;
	if (s->closing && !s->is_stdin)
		sess_close(sw, s);
}

static void sess_prompt(struct msess *s)
{
	if (s->prompt)
		sess_write_raw(s, "\nvde$ ", 6);
}

static void sess_result(struct msess *s, int err)
{
	if (!err)
		sess_printf(s, "1000 Success\n");
	else
		sess_printf(s, "1%03d %s\n", err, err_str(err));
}

/* Run one line as session @s (NULL: start-up script, output discarded);
 * a command without all the MC_* flags in @need is refused (EPERM) */
static int mgmt_exec(struct sw *sw, struct msess *s, char *line, size_t len,
		     unsigned int need)
{
	struct mctx c = { .sw = sw, .s = s };
	const struct mgmt_cmd *cmd;
	int err;

	if (len && line[len - 1] == '\r')
		line[--len] = '\0';
	err = mgmt_line_check(line, len);
	line[len] = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	if (!err && (!*line || *line == '#'))
		return -1;	/* nothing to run: prompt only */
	if (err)
		goto result;
	cmd = mgmt_lookup(mgmt_cmds, mgmt_ncmds, line, &c.args);
	if (!cmd) {
		err = ENOSYS;
		goto result;
	}
	if ((cmd->flags & need) != need) {
		err = EPERM;
		goto result;
	}
	if ((cmd->flags & MC_ADMIN) && s && !s->admin) {
		log_ratelimited(LOG_NOTICE,
				"mgmt: uid %u may not run '%s' (read-only)",
				(unsigned)s->cred.uid, cmd->path);
		err = EPERM;
		goto result;
	}
	if (cmd->flags & MC_DATA)
		mp(&c, "0000 DATA END WITH '.'\n");
	err = cmd->fn(&c);
	if (!err && (cmd->flags & MC_CONFIG))
		state_save(sw);
	if (cmd->flags & MC_DATA)
		mp(&c, ".\n");
	if (cmd->flags & MC_ADMIN)
		log_info("mgmt: uid %u: %s -> %s", s ? (unsigned)s->cred.uid :
			 (unsigned)sw->owner, line, err ? err_str(err) : "done");
	if (s && s->cap)
		return 0;	/* binary from now on: no result line */
	if (s && s->closing) {
		sess_write_raw(s, "9999 END OF SESSION", 19);
		return 0;
	}
result:
	if (s)
		sess_result(s, err);
	return err;
}

static void sess_input(struct sw *sw, struct msess *s, const char *buf,
		       size_t n)
{
	size_t i;

	for (i = 0; i < n && !s->closing && !s->dead && !s->cap; i++) {
		char ch = buf[i];

		if (ch != '\n') {
			if (s->discard)
				continue;
			if (s->inlen >= MGMT_LINE_MAX) {
				s->discard = true;
				s->inlen = 0;
				continue;
			}
			s->in[s->inlen++] = ch;
			continue;
		}
		if (s->discard) {
			s->discard = false;
			sess_result(s, E2BIG);
			sess_prompt(s);
			continue;
		}
		mgmt_exec(sw, s, s->in, s->inlen, 0);
		s->inlen = 0;
		if (!s->closing && !s->cap)
			sess_prompt(s);
	}
}

/**
 * mgmt_event() - a session is readable or writable
 * @sw:		switch
 * @s:		session
 * @events:	epoll events
 */
void mgmt_event(struct sw *sw, struct msess *s, uint32_t events)
{
	char buf[4096];
	ssize_t n;

	if (s->dead)
		return;
	if (events & EPOLLOUT)
		sess_flush(sw, s);
	if (s->dead || !(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	if (s->outlen > MGMT_OUT_MAX / 2)
		return;		/* let the client read first */
	n = read(s->rfd, buf, sizeof(buf));
	if (n == 0 || (n < 0 && errno != EAGAIN)) {
		sess_close(sw, s);
		return;
	}
	if (n > 0)
		sess_input(sw, s, buf, n);
	sess_flush(sw, s);
}

static void sess_banner(struct sw *sw, struct msess *s)
{
	sess_printf(s, "VDE switch V.%s\n%s\n", VDE_VERSION,
		    "(C) vde-hardened developers 2026 - GPLv2");
	sess_prompt(s);
}

static struct msess *sess_new(struct sw *sw, int rfd, int wfd)
{
	struct msess *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ev.type = EV_MGMT;
	s->reading = true;
	s->rfd = rfd;
	s->wfd = wfd;
	s->next = sw->sessions;
	sw->sessions = s;
	return s;
}

/**
 * mgmt_accept() - accept a management connection
 * @sw:	switch
 */
void mgmt_accept(struct sw *sw)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct ucred cred;
	socklen_t sl = sizeof(cred);
	struct msess *s, *o;
	unsigned int same = 0;
	bool admin;
	int fd;

	fd = accept4(sw->mgmt_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &sl)) {
		close(fd);
		return;
	}
	for (o = sw->sessions; o; o = o->next)
		same += !o->is_stdin && o->cred.uid == cred.uid;
	if (sw->pol) {
		if (enf_mgmt(sw, fd, &cred, &admin)) {
			close(fd);
			return;
		}
	} else {
		admin = cred.uid == 0 || cred.uid == sw->owner ||
			peer_in_group(fd, &cred, sw->mgmt_gid);
	}
	/* the last MGMT_SESS_ADMIN places are kept for admins */
	if (sw->nsess >= MGMT_SESS_MAX || same >= MGMT_SESS_UID ||
	    (!admin && sw->nsess >= MGMT_SESS_MAX - MGMT_SESS_ADMIN)) {
		log_ratelimited(LOG_WARNING,
				"mgmt: too many sessions, refusing uid %u",
				(unsigned)cred.uid);
		close(fd);
		return;
	}
	s = sess_new(sw, fd, fd);
	if (!s) {
		close(fd);
		return;
	}
	sw->nsess++;
	s->cred = cred;
	s->prompt = true;
	s->admin = admin;
	ev.data.ptr = &s->ev;
	if (epoll_ctl(sw->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		sess_close(sw, s);
		return;
	}
	log_debug("mgmt: session for uid %u (%s)", (unsigned)cred.uid,
		  s->admin ? "admin" : "read-only");
	sess_banner(sw, s);
	sess_flush(sw, s);
}

/**
 * mgmt_session_open() - a session on an already open descriptor pair
 * @sw:		switch
 * @rfd:	where commands come from (watched with epoll)
 * @wfd:	where answers go
 * @uid:	whose session it is (for logs)
 * @admin:	may it change the switch?
 * @prompt:	print the banner and "vde$ " prompts
 *
 * Used for the standard-input console and by the fuzz target.
 *
 * Return: the session, or NULL if @rfd cannot be watched.
 */
struct msess *mgmt_session_open(struct sw *sw, int rfd, int wfd, uid_t uid,
				bool admin, bool prompt)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct msess *s = sess_new(sw, rfd, wfd);

	if (!s)
		return NULL;
	s->is_stdin = true;
	s->admin = admin;
	s->cred.uid = uid;
	s->prompt = prompt;
	ev.data.ptr = &s->ev;
	if (epoll_ctl(sw->epfd, EPOLL_CTL_ADD, rfd, &ev)) {
		log_info("%s cannot be watched (%s); no console there",
			 rfd == STDIN_FILENO ? "standard input" : "descriptor",
			 err_str(errno));
		sw->sessions = s->next;
		free(s);
		return NULL;
	}
	if (s->prompt)
		sess_banner(sw, s);
	sess_flush(sw, s);
	return s;
}

/**
 * mgmt_stdin_open() - the foreground console on standard input/output
 * @sw:	switch
 *
 * As in vde_switch, end of input ends the switch.  Must be called before
 * the sandbox (it asks whether stdin is a terminal).
 */
void mgmt_stdin_open(struct sw *sw)
{
	mgmt_session_open(sw, STDIN_FILENO, STDOUT_FILENO, sw->owner, true,
			  isatty(STDIN_FILENO));
}

/**
 * mgmt_stdin_script() - standard input was a file: run it, then stop
 * @sw:		switch
 * @text:	the file's contents (read before the sandbox)
 * @len:	length
 *
 * As vde_switch does with `vde_switch < commands`: answers go to standard
 * output, and the end of the file ends the switch.
 */
void mgmt_stdin_script(struct sw *sw, const char *text, size_t len)
{
	struct msess *s = sess_new(sw, -1, STDOUT_FILENO);

	if (!s)
		return;
	s->is_stdin = true;
	s->admin = true;
	s->cred.uid = sw->owner;
	sess_input(sw, s, text, len);
	if (s->inlen && !s->closing)	/* last line without a newline */
		sess_input(sw, s, "\n", 1);
	sess_flush(sw, s);
	if (!s->dead)
		sess_close(sw, s);
}

/**
 * mgmt_debug() - send an asynchronous event line to subscribed sessions
 * @sw:		switch
 * @cat:	category
 * @fmt:	printf format of the message
 */
void mgmt_debug(struct sw *sw, enum mgmt_dbg cat, const char *fmt, ...)
{
	char msg[512];
	struct msess *s;
	va_list ap;

	if (!(sw->dbg_any & (1u << cat)))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (s = sw->sessions; s; s = s->next) {
		if (s->dead || !(s->debug & (1u << cat)))
			continue;
		sess_printf(s, "3%03o %s %s\n", dbg_cats[cat].tag,
			    dbg_cats[cat].name, msg);
		sess_flush(sw, s);
	}
}

/**
 * mgmt_sess_debug_mask() - the subscription mask of a session
 * @s:	session
 *
 * Return: pointer to it (debug/add and debug/del change it).
 */
uint32_t *mgmt_sess_debug_mask(struct msess *s)
{
	return &s->debug;
}

/**
 * mgmt_debug_recount() - recompute which categories anybody wants
 * @sw:	switch
 */
void mgmt_debug_recount(struct sw *sw)
{
	struct msess *s;

	sw->dbg_any = 0;
	for (s = sw->sessions; s; s = s->next)
		if (!s->dead)
			sw->dbg_any |= s->debug;
}

/**
 * mgmt_sess_capture() - turn a session into a capture stream
 * @sw:		switch
 * @s:		session of the command (a -M socket session)
 * @cap:	the capture; cap_stop() runs when the session ends
 *
 * Reserves the CAP_BUF output buffer now, so that appending never
 * allocates on the data path.
 *
 * Return: 0, -EINVAL for the standard-input console, -ENOMEM.
 */
int mgmt_sess_capture(struct sw *sw, struct msess *s, struct cap *cap)
{
	char *n;

	(void)sw;
	if (!s || s->is_stdin || s->cap)
		return -EINVAL;
	if (s->outcap < CAP_BUF) {
		n = realloc(s->out, CAP_BUF);
		if (!n)
			return -ENOMEM;
		s->out = n;
		s->outcap = CAP_BUF;
	}
	s->cap = cap;
	return 0;
}

/**
 * mgmt_sess_append() - append bytes to a capture session's output
 * @sw:		switch
 * @s:		capturing session
 * @iov:	the bytes
 * @n:		number of iovecs
 * @len:	their total length
 *
 * Never waits: the socket is written when it is writable (EPOLLOUT).
 *
 * Return: 0, -ENOBUFS if the bytes do not fit in CAP_BUF now, -EPIPE if
 * the session is ending.
 */
int mgmt_sess_append(struct sw *sw, struct msess *s, const struct iovec *iov,
		     int n, size_t len)
{
	int i;

	if (s->dead || s->closing)
		return -EPIPE;
	if (s->outlen + len > CAP_BUF || s->outlen + len > s->outcap)
		return -ENOBUFS;
	for (i = 0; i < n; i++) {
		memcpy(s->out + s->outlen, iov[i].iov_base, iov[i].iov_len);
		s->outlen += iov[i].iov_len;
	}
	sess_events(sw, s);
	return 0;
}

/**
 * mgmt_logout() - end the session after this command's output
 * @s:	session
 */
void mgmt_logout(struct msess *s)
{
	if (s)
		s->closing = true;
}

/**
 * mgmt_sess_is_stdin() - is this the standard-input console?
 * @s:	session
 *
 * Return: true for the stdin console.
 */
bool mgmt_sess_is_stdin(const struct msess *s)
{
	return s && s->is_stdin;
}

/**
 * mgmt_run_line() - run one command line as an admin, output discarded
 * @sw:		switch
 * @line:	the command, without its newline
 * @len:	its length
 * @need:	MC_* flags the command must have (EPERM otherwise), or 0
 *
 * Return: 0 on success, -1 for an empty or comment line, or the positive
 * errno the command failed with (E2BIG: longer than MGMT_LINE_MAX).
 */
int mgmt_run_line(struct sw *sw, const char *line, size_t len,
		  unsigned int need)
{
	char buf[MGMT_LINE_MAX + 1];

	if (len > MGMT_LINE_MAX)
		return E2BIG;
	memcpy(buf, line, len);
	buf[len] = '\0';
	return mgmt_exec(sw, NULL, buf, len, need);
}

/**
 * mgmt_flush() - write what the command printed so far, now
 * @c:	command context
 *
 * For a command that may not return (debug/violate).
 */
void mgmt_flush(struct mctx *c)
{
	if (c->s && !c->s->dead)
		sess_flush(c->sw, c->s);
}

/**
 * mgmt_run_script() - run start-up commands (rc file), output discarded
 * @sw:		switch
 * @text:	file contents
 * @len:	length
 *
 * Return: number of commands that failed.
 */
int mgmt_run_script(struct sw *sw, const char *text, size_t len)
{
	size_t start = 0, i, l;
	int failed = 0, lineno = 0, err;

	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		lineno++;
		l = i - start;
		err = mgmt_run_line(sw, text + start, l, 0);
		if (err == E2BIG) {
			log_warn("rc file line %d: longer than %d bytes",
				 lineno, MGMT_LINE_MAX);
			failed++;
		} else if (err > 0) {
			log_warn("rc file line %d: %.*s: %s", lineno, (int)l,
				 text + start, err_str(err));
			failed++;
		}
		start = i + 1;
	}
	return failed;
}

/**
 * mgmt_policy_reload() - decide every console session again (new policy)
 * @sw:		switch with a policy
 *
 * A session no longer permitted is closed; one that lost admin rights
 * goes on read-only.  Both are logged.
 */
void mgmt_policy_reload(struct sw *sw)
{
	struct msess *s;
	bool admin;

	for (s = sw->sessions; s; s = s->next) {
		if (s->is_stdin || s->dead)
			continue;
		if (enf_mgmt(sw, s->rfd, &s->cred, &admin)) {
			log_warn("policy reload: closing the console of uid %u",
				 (unsigned)s->cred.uid);
			sess_close(sw, s);
		} else if (s->admin && !admin) {
			log_warn("policy reload: console of uid %u is read-only now",
				 (unsigned)s->cred.uid);
			s->admin = false;
		} else {
			s->admin = admin;
		}
	}
}

/**
 * mgmt_reap() - free sessions closed during the last batch
 * @sw:	switch
 */
void mgmt_reap(struct sw *sw)
{
	bool any = sw->mgraveyard != NULL;

	while (sw->mgraveyard) {
		struct msess *s = sw->mgraveyard;

		sw->mgraveyard = s->dead_next;
		free(s->out);
		free(s);
	}
	if (any)
		mgmt_debug_recount(sw);
}

/**
 * mgmt_close_all() - close every session (shutdown)
 * @sw:	switch
 */
void mgmt_close_all(struct sw *sw)
{
	while (sw->sessions) {
		struct msess *s = sw->sessions;

		sess_flush(sw, s);
		if (s->dead)
			continue;	/* sess_flush closed it */
		if (s->is_stdin) {
			sw->sessions = s->next;
			s->dead = true;
			s->dead_next = sw->mgraveyard;
			sw->mgraveyard = s;
			continue;
		}
		sess_close(sw, s);
	}
	mgmt_reap(sw);
}
