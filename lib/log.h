/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * log.h - logging without stdio or syslog(3), safe after the sandbox.
 *
 * Every message is formatted into a stack buffer and written with one
 * write(2) to stderr, or to a datagram socket connected to /dev/log in
 * daemon mode.  No allocation, no strerror(): err_str() uses the
 * thread-safe, non-localised strerrordesc_np().
 */
#ifndef VDE_LOG_H
#define VDE_LOG_H

#include <stdbool.h>
#include <syslog.h>
#include <time.h>

#include "util.h"

void log_init(const char *prog, const char *tag);
void log_set_level(int level);
void log_set_die_hook(void (*hook)(void));
int log_open_syslog(void);
void logmsg(int prio, const char *fmt, ...) __printf(2, 3);
void die(const char *fmt, ...) __printf(1, 2) __noreturn;
const char *err_str(int err);
/* One call site of log_ratelimited() */
struct log_rl {
	unsigned int tokens;	/* lines in the current second */
	time_t last;		/* that second */
	bool registered;
	struct log_rl *next;
};

bool log_ratelimit(struct log_rl *rl, time_t now);
void log_ratelimit_flush(void);

#define log_err(...)		logmsg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)		logmsg(LOG_WARNING, __VA_ARGS__)
#define log_info(...)		logmsg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)		logmsg(LOG_DEBUG, __VA_ARGS__)

#define die_errno(msg)		die("%s: %s", (msg), err_str(errno))

/**
 * log_ratelimited() - log at most a burst of lines per second for one site
 * @prio:	syslog priority
 *
 * Anything triggered by a frame or a client request logs through this, so a
 * flood of bad input cannot flood the log.  Each call site has its own
 * bucket (static storage).
 */
#define log_ratelimited(prio, ...)					\
	do {								\
		static struct log_rl rl_;				\
		struct timespec rl_ts_;					\
		clock_gettime(CLOCK_MONOTONIC_COARSE, &rl_ts_);		\
		if (log_ratelimit(&rl_, rl_ts_.tv_sec))			\
			logmsg((prio), __VA_ARGS__);			\
	} while (0)

#endif /* VDE_LOG_H */
