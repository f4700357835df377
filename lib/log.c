// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * log.c - see log.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"

#define LOG_LINE_MAX	1024
#define LOG_BURST	10	/* lines per second per call site */

static char log_prefix[64] = "vde";
static int log_level = LOG_INFO;
static int log_syslog_fd = -1;
static void (*log_die_hook)(void);

/**
 * log_init() - set the "prog[tag]: " prefix of every line
 * @prog:	program name
 * @tag:	switch name or NULL
 */
void log_init(const char *prog, const char *tag)
{
	if (tag && *tag)
		snprintf(log_prefix, sizeof(log_prefix), "%s[%s]", prog, tag);
	else
		snprintf(log_prefix, sizeof(log_prefix), "%s", prog);
}

/**
 * log_set_level() - lowest priority that is still logged
 * @level:	LOG_ERR .. LOG_DEBUG
 */
void log_set_level(int level)
{
	log_level = level;
}

/**
 * log_set_die_hook() - run @hook (once) before die() exits
 * @hook:	cleanup, e.g. removing sockets created during set-up
 */
void log_set_die_hook(void (*hook)(void))
{
	log_die_hook = hook;
}

/**
 * log_open_syslog() - send later lines to /dev/log instead of stderr
 *
 * Return: 0 or negative errno.  Must be called before the sandbox.
 */
int log_open_syslog(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	log_syslog_fd = fd;
	return 0;
}

/**
 * err_str() - description of an errno value, safe in the sandbox
 * @err:	errno value (sign ignored)
 *
 * Return: static string.
 */
const char *err_str(int err)
{
	const char *s = strerrordesc_np(err < 0 ? -err : err);

	return s ? s : "Unknown error";
}

static void __printf(2, 0) log_vwrite(int prio, const char *fmt, va_list ap)
{
	char buf[LOG_LINE_MAX];
	int n = 0, m;

	if (log_syslog_fd >= 0)
		n = snprintf(buf, sizeof(buf), "<%d>", LOG_DAEMON | prio);
	m = snprintf(buf + n, sizeof(buf) - n, "%s: ", log_prefix);
	if (m > 0)
		n += m;
	m = vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	if (m > 0)
		n += m;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	if (log_syslog_fd >= 0) {
		if (send(log_syslog_fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return;
		/* syslog gone: fall back to stderr without the <prio> */
	}
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, n) < 0)
		return;
}

/**
 * logmsg() - format and write one log line
 * @prio:	syslog priority
 * @fmt:	printf format
 */
void logmsg(int prio, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	if (prio > log_level)
		return;
	va_start(ap, fmt);
	log_vwrite(prio, fmt, ap);
	va_end(ap);
	errno = saved;
}

/**
 * die() - log and exit with status 1
 * @fmt:	printf format
 *
 * Must only be used during set-up, never on input.
 */
void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_ERR, fmt, ap);
	va_end(ap);
	if (log_die_hook) {
		void (*hook)(void) = log_die_hook;

		log_die_hook = NULL;
		hook();
	}
	_exit(1);
}

static struct log_rl *log_rl_sites;

static void log_rl_report(struct log_rl *rl)
{
	if (rl->tokens > LOG_BURST)
		logmsg(LOG_WARNING, "%u similar messages suppressed",
		       rl->tokens - LOG_BURST);
	rl->tokens = 0;
}

/**
 * log_ratelimit() - token bucket behind log_ratelimited()
 * @rl:		the call site's bucket
 * @now:	current monotonic second
 *
 * Return: true if this line may be written.
 */
bool log_ratelimit(struct log_rl *rl, time_t now)
{
	if (!rl->registered) {
		rl->registered = true;
		rl->next = log_rl_sites;
		log_rl_sites = rl;
	}
	if (now != rl->last) {
		log_rl_report(rl);
		rl->last = now;
	}
	return ++rl->tokens <= LOG_BURST;
}

/**
 * log_ratelimit_flush() - report suppressed lines of past seconds
 *
 * Called from a periodic timer, so that a burst that ends is still
 * accounted for ("N similar messages suppressed").
 */
void log_ratelimit_flush(void)
{
	struct timespec ts;
	struct log_rl *rl;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	for (rl = log_rl_sites; rl; rl = rl->next)
		if (rl->last != ts.tv_sec)
			log_rl_report(rl);
}
