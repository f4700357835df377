// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * dpipe.c - vde-dpipe: run commands joined by pipes in both directions.
 *
 *   vde-dpipe [OPTIONS] CMD1 ARGS = CMD2 ARGS [= CMD3 ARGS ...]
 *
 * CMD1's stdout feeds CMD2's stdin and CMD2's stdout feeds CMD1's stdin;
 * middle commands reach their right neighbour through ALTERNATE_STDIN and
 * ALTERNATE_STDOUT; "=} ... }=" and "={ ... {=" hold one-direction
 * filters (chain.h).  Commands are exec'd directly, never through a shell.
 *
 * Theory of operation: vde-dpipe stays the parent of every command until
 * all of them have been reaped.  SIGCHLD, SIGINT, SIGTERM and SIGHUP are
 * blocked and read from a signalfd, so nothing runs in signal context.
 * SIGTERM, SIGHUP and SIGINT sent to vde-dpipe are forwarded to every
 * running command, except a SIGINT the terminal sent (^C), which the
 * kernel already delivered to the whole foreground process group, the
 * commands included.  The first command that fails (non-zero exit, or a
 * signal) gives vde-dpipe its exit status, and the rest get SIGTERM: a
 * broken chain is torn down rather than left half-connected.  A command
 * that dies of a signal it was sent (forwarded or from the terminal)
 * causes no extra SIGTERM, since the others got that signal too.
 * Commands that exit with status 0 leave the others to end on end of file.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chain.h"
#include "log.h"
#include "pidfile.h"

#define EXIT_USAGE	2

enum { OPT_VERSION = 256 };

static const struct option dpipe_opts[] = {
	{ "daemon",		no_argument,	   NULL, 'd' },
	{ "pidfile",		required_argument, NULL, 'p' },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, OPT_VERSION },
	/* Debian's dpipe (vdeplug4) options we refuse with a reason */
	{ "pgrpfile",		required_argument, NULL, 'P' },
	{ "nowrapproc",		no_argument,	   NULL, 'n' },
	{ "nowrapnoclean",	no_argument,	   NULL, 'N' },
	{ NULL, 0, NULL, 0 },
};

/**
 * struct dpipe_cfg - command-line options
 * @daemon:	-d: detach, log to syslog
 * @pidfile:	-p: as given
 * @verbose:	-v: debug messages
 */
struct dpipe_cfg {
	bool daemon;
	const char *pidfile;
	bool verbose;
};

static char dpipe_pidpath[PATH_MAX];

static void dpipe_usage(FILE *f)
{
	fprintf(f,
"Usage: vde-dpipe [OPTIONS] CMD1 [ARGS] = CMD2 [ARGS] [= CMD3 [ARGS] ...]\n"
"CMD1's stdout feeds CMD2's stdin and CMD2's stdout feeds CMD1's stdin.\n"
"A middle command talks to its right neighbour on the fds named by\n"
"$ALTERNATE_STDIN and $ALTERNATE_STDOUT.  '... =} CMD }= ...' runs CMD on\n"
"left-to-right traffic only, '... ={ CMD {= ...' on right-to-left only.\n"
"  -d, --daemon        run in the background, log to syslog\n"
"  -p, --pidfile FILE  write vde-dpipe's pid to FILE (removed at exit)\n"
"  -v, --verbose       debug messages (commands started, signals)\n"
"  -h, --help          this text;  --version: the version\n");
}

static void __noreturn dpipe_bad_usage(const char *msg, const char *arg)
{
	if (arg)
		fprintf(stderr, "vde-dpipe: %s '%s'\n", msg, arg);
	else
		fprintf(stderr, "vde-dpipe: %s\n", msg);
	fprintf(stderr, "Try 'vde-dpipe --help'.\n");
	exit(EXIT_USAGE);
}

/* The option getopt_long() just refused, for the message */
static const char *dpipe_optname(char **argv, char *buf)
{
	if (!optopt)
		return argv[optind - 1];	/* a long option */
	buf[0] = '-';
	buf[1] = (char)optopt;
	buf[2] = '\0';
	return buf;
}

/* Options up to the first command word; returns its index */
static int dpipe_parse_opts(int argc, char **argv, struct dpipe_cfg *cfg)
{
	char name[3];
	int o;

	opterr = 0;
	while ((o = getopt_long(argc, argv, "+:dp:vhP:nN", dpipe_opts,
				NULL)) != -1) {
		switch (o) {
		case 'd':
			cfg->daemon = true;
			break;
		case 'p':
			cfg->pidfile = optarg;
			break;
		case 'v':
			cfg->verbose = true;
			break;
		case 'h':
			dpipe_usage(stdout);
			exit(0);
		case OPT_VERSION:
			printf("vde-dpipe %s\n", VDE_VERSION);
			exit(0);
		case 'P':
			dpipe_bad_usage("not supported (no process group of "
					"its own): option", "-P");
		case 'n':
		case 'N':
			dpipe_bad_usage("not supported (vde-dpipe stays the "
					"parent of the commands): option",
					o == 'n' ? "-n" : "-N");
		case ':':
			dpipe_bad_usage("missing argument to option",
					dpipe_optname(argv, name));
		default:
			dpipe_bad_usage("unknown option",
					dpipe_optname(argv, name));
		}
	}
	return optind;
}

static void dpipe_cleanup(void)
{
	if (dpipe_pidpath[0])
		pidfile_remove(dpipe_pidpath);
}

/* Block the signals we handle, keep the old mask for the commands */
static int dpipe_signals(struct chain *c)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, &c->mask))
		die_errno("sigprocmask");
	fd = signalfd(-1, &set, SFD_CLOEXEC);
	if (fd < 0)
		die_errno("signalfd");
	return fd;
}

/* Reap what has ended; @flags WNOHANG, or 0 to wait for all */
static void dpipe_reap(struct chain *c, int flags)
{
	int wstatus;
	pid_t pid;

	while (c->running) {
		pid = waitpid(-1, &wstatus, flags);
		if (pid > 0) {
			chain_reaped(c, pid, wstatus);
			continue;
		}
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			log_err("waitpid: %s", err_str(errno));
		return;
	}
}

static void dpipe_forward(struct chain *c, const struct signalfd_siginfo *si)
{
	int sig = (int)si->ssi_signo;
	bool tty = sig == SIGINT && si->ssi_code == SI_KERNEL;

	log_debug("SIG%s from pid %u%s", sigabbrev_np(sig), si->ssi_pid,
		  tty ? " (terminal: the commands got it too)" : ": forwarded");
	chain_signal(c, sig, !tty);
}

/* Until every command has been reaped */
static void dpipe_loop(struct chain *c, int sfd)
{
	struct signalfd_siginfo si;
	ssize_t n;

	while (c->running) {
		n = read(sfd, &si, sizeof(si));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(si)) {
			log_err("signalfd: %s", n < 0 ? err_str(errno) :
							 "short read");
			dpipe_reap(c, 0);
			return;
		}
		if (si.ssi_signo == SIGCHLD)
			dpipe_reap(c, WNOHANG);
		else
			dpipe_forward(c, &si);
	}
}

int main(int argc, char **argv)
{
	struct dpipe_cfg cfg = { 0 };
	static struct chain c;
	struct chain_err err;
	int first, sfd, ret;

	log_init("vde-dpipe", NULL);
	first = dpipe_parse_opts(argc, argv, &cfg);
	log_set_level(cfg.verbose ? LOG_DEBUG : LOG_INFO);
	if (getuid() != geteuid() || getgid() != getegid())
		die("refusing to run set-user-ID or set-group-ID");
	ret = chain_parse(&c, argc - first, argv + first, &err);
	if (ret == -EINVAL)
		dpipe_bad_usage(err.msg, err.arg);
	if (ret)
		die("%s", err_str(ret));
	if (cfg.pidfile) {
		ret = pidfile_resolve(cfg.pidfile, dpipe_pidpath,
				      sizeof(dpipe_pidpath));
		if (ret)
			die("pidfile %s: %s", cfg.pidfile, err_str(ret));
	}
	if (cfg.daemon) {
		if (log_open_syslog())
			log_warn("no syslog: messages are lost in daemon mode");
		if (daemon(0, 0))
			die_errno("daemon");
	}
	if (cfg.pidfile) {
		ret = pidfile_write(dpipe_pidpath);
		if (ret) {
			dpipe_pidpath[0] = '\0';
			die("cannot create pidfile %s: %s", cfg.pidfile,
			    err_str(ret));
		}
		log_set_die_hook(dpipe_cleanup);
	}
	ret = chain_reserve_fds(&c);
	if (ret)
		die("cannot reserve descriptors: %s", err_str(ret));
	sfd = dpipe_signals(&c);
	c.parent = getpid();
	if (chain_start(&c) < 0)
		chain_terminate(&c);
	dpipe_loop(&c, sfd);
	dpipe_cleanup();
	return c.status < 0 ? 0 : c.status;
}
