// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * chain.c - see chain.h.
 *
 * Theory of operation.  The chain is wired left to right while a cursor
 * holds the two pipe ends that face the part already built: @fwd, the
 * read end of left-to-right traffic, and @back, the write end of
 * right-to-left traffic.  Each command takes what its role needs from the
 * cursor and may leave new pipe ends in it:
 *
 *   role     stdin        stdout       ALTERNATE_STDIN/OUT  cursor after
 *   FIRST    new rl.rd    new lr.wr    -                    lr.rd, rl.wr
 *   MIDDLE   fwd          back         new rl.rd / lr.wr    lr.rd, rl.wr
 *   LR       fwd          new lr.wr    -                    lr.rd, back
 *   RL       new rl.rd    back         -                    fwd,   rl.wr
 *   LAST     fwd          back         -                    -
 *
 * Every pipe end therefore belongs to exactly one command, and the parent
 * closes its copy as soon as that command is started, so end of file and
 * EPIPE travel along the chain as with a shell pipeline.  All pipes are
 * created O_CLOEXEC: a command inherits only its stdin and stdout (and its
 * two alternate fds), which dup2() moves to the fixed numbers without the
 * flag.  The alternate numbers are the two lowest free descriptors at
 * start-up (3 and 4 normally, as with Debian's dpipe), kept open on
 * /dev/null so that no pipe can take them.
 *
 * A child sets PR_SET_PDEATHSIG (SIGTERM), so no command outlives a
 * vde-dpipe that was killed outright, restores the signal mask vde-dpipe
 * started with and execs its argv directly (execvp(3), no shell).  If the
 * exec fails, it writes errno to a close-on-exec pipe that the parent
 * reads before starting the next command: a missing command stops the
 * chain before anything to its right is started.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chain.h"
#include "log.h"

/* The fds one command is started with (-1: none) */
struct chain_io {
	int in;
	int out;
	int alt_in;
	int alt_out;
};

/* A separator word: optional closing brace, '=', optional opening one */
struct chain_sep {
	char close;
	char open;
};

static bool chain_sep_parse(const char *w, struct chain_sep *sep)
{
	sep->close = sep->open = 0;
	if (*w == '{' || *w == '}')
		sep->close = *w++;
	if (*w++ != '=')
		return false;
	if (*w == '{' || *w == '}')
		sep->open = *w++;
	return *w == '\0';
}

static void chain_add(struct chain *c, char **argv, enum chain_role role)
{
	c->cmd[c->n].argv = argv;
	c->cmd[c->n].role = role;
	c->n++;
}

static int chain_fail(struct chain_err *err, const char *msg,
		      const char *arg)
{
	err->msg = msg;
	err->arg = arg;
	return -EINVAL;
}

/**
 * chain_parse() - split the command line into commands
 * @c:		chain to fill (zeroed)
 * @argc:	number of words after the options
 * @argv:	the words; separators are replaced by NULL
 * @err:	set when the line is refused
 *
 * Return: 0, -EINVAL (see @err) or -ENOMEM.
 */
int chain_parse(struct chain *c, int argc, char **argv, struct chain_err *err)
{
	enum chain_role next = CHAIN_FIRST;
	struct chain_sep sep = { 0 };
	char group = 0;		/* '}' or '{' while a group is open */
	const char *last = NULL;	/* the last separator */
	int i, start = 0;

	c->status = -1;
	c->alt_in = c->alt_out = -1;
	if (argc < 1)
		return chain_fail(err, "no command given", NULL);
	c->cmd = calloc((size_t)argc, sizeof(*c->cmd));
	if (!c->cmd)
		return -ENOMEM;
	for (i = 0; i <= argc; i++) {
		if (i < argc && !chain_sep_parse(argv[i], &sep))
			continue;
		if (i == start && i == argc)
			return chain_fail(err, "missing command after", last);
		if (i == start)
			return chain_fail(err, "missing command before",
					  argv[i]);
		if (i == argc)
			break;
		if (sep.close && sep.close != group)
			return chain_fail(err, "no open group to close with",
					  argv[i]);
		if (sep.close)
			group = 0;
		if (sep.open && group)
			return chain_fail(err, "groups cannot nest: a group is "
					  "already open at", argv[i]);
		if (sep.open)
			group = sep.open;
		chain_add(c, argv + start, next);
		last = argv[i];
		argv[i] = NULL;
		start = i + 1;
		next = group == '}' ? CHAIN_LR :
		       group == '{' ? CHAIN_RL : CHAIN_MIDDLE;
	}
	if (group == '}')
		return chain_fail(err, "'=}' is not closed by '}='", NULL);
	if (group == '{')
		return chain_fail(err, "'={' is not closed by '{='", NULL);
	if (next == CHAIN_FIRST)
		return chain_fail(err, "needs at least two commands "
				  "separated by '='", NULL);
	chain_add(c, argv + start, CHAIN_LAST);
	return 0;
}

/**
 * chain_reserve_fds() - make sure of fds 0-2, reserve the alternate fds
 * @c:		chain
 *
 * Closed standard fds are opened on /dev/null first, so that no pipe is
 * ever created as fd 0, 1 or 2.  Then the two lowest free descriptors
 * become @c->alt_in and @c->alt_out, held on /dev/null (close-on-exec).
 *
 * Return: 0 or negative errno.
 */
int chain_reserve_fds(struct chain *c)
{
	int fd, nfd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		nfd = open("/dev/null", O_RDWR);
		if (nfd < 0)
			return -errno;
		if (nfd != fd) {
			close(nfd);
			return -EBADF;
		}
	}
	c->alt_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (c->alt_in < 0)
		return -errno;
	c->alt_out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (c->alt_out < 0)
		return -errno;
	return 0;
}

static void chain_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int chain_setenv_fd(const char *name, int fd)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", fd);
	return setenv(name, num, 1);
}

/* In the child: wire @io, exec; on failure report errno on @errfd */
static void __noreturn chain_child(const struct chain *c,
				   const struct chain_cmd *cmd,
				   const struct chain_io *io, int errfd)
{
	ssize_t n;
	int err;

	/* the parent may have died before the prctl(): then give up */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != c->parent)
		_exit(1);
	/* sources are pipes, never 0-2 or the alternate numbers */
	if (dup2(io->in, STDIN_FILENO) < 0 || dup2(io->out, STDOUT_FILENO) < 0)
		goto fail;
	if (cmd->role == CHAIN_MIDDLE) {
		if (dup2(io->alt_in, c->alt_in) < 0 ||
		    dup2(io->alt_out, c->alt_out) < 0 ||
		    chain_setenv_fd(CHAIN_ENV_ALT_IN, c->alt_in) ||
		    chain_setenv_fd(CHAIN_ENV_ALT_OUT, c->alt_out))
			goto fail;
	} else if (unsetenv(CHAIN_ENV_ALT_IN) || unsetenv(CHAIN_ENV_ALT_OUT)) {
		goto fail;
	}
	if (sigprocmask(SIG_SETMASK, &c->mask, NULL))
		goto fail;
	execvp(cmd->argv[0], cmd->argv);
fail:
	err = errno;
	/* read by chain_spawn(); if this fails, the exit status still tells */
	n = write(errfd, &err, sizeof(err));
	(void)n;
	_exit(err == ENOENT ? CHAIN_EXIT_NOTFOUND : CHAIN_EXIT_NOEXEC);
}

/* Start command @i on @io; 0 once it has exec'd, or negative errno */
static int chain_spawn(struct chain *c, unsigned int i,
		       const struct chain_io *io)
{
	struct chain_cmd *cmd = &c->cmd[i];
	int ep[2], err = 0, ret;
	ssize_t n;
	pid_t pid;

	if (pipe2(ep, O_CLOEXEC) < 0) {
		ret = -errno;
		log_err("pipe: %s", err_str(ret));
		c->status = EXIT_FAILURE;
		return ret;
	}
	pid = fork();
	if (pid == 0)
		chain_child(c, cmd, io, ep[1]);
	if (pid < 0) {
		ret = -errno;
		close(ep[0]);
		close(ep[1]);
		log_err("cannot start %s: fork: %s", cmd->argv[0],
			err_str(ret));
		c->status = EXIT_FAILURE;
		return ret;
	}
	close(ep[1]);
	cmd->pid = pid;
	cmd->running = true;
	c->running++;
	do {
		n = read(ep[0], &err, sizeof(err));
	} while (n < 0 && errno == EINTR);
	close(ep[0]);
	if (n != (ssize_t)sizeof(err))
		return 0;	/* closed by a successful exec */
	if (err == ENOENT) {
		log_err("%s: command not found", cmd->argv[0]);
		c->status = CHAIN_EXIT_NOTFOUND;
	} else {
		log_err("cannot run %s: %s", cmd->argv[0], err_str(err));
		c->status = CHAIN_EXIT_NOEXEC;
	}
	/* it is exiting on its own: no SIGTERM for it */
	cmd->sigs |= CHAIN_SIGBIT(SIGTERM);
	return -err;
}

/* New pipe(s) for command @i; fills @io and the cursor's next state */
static int chain_wire(enum chain_role role, struct chain_io *io,
		      int *fwd, int *back)
{
	int lr[2] = { -1, -1 }, rl[2] = { -1, -1 };
	bool need_lr = role == CHAIN_FIRST || role == CHAIN_MIDDLE ||
		       role == CHAIN_LR;
	bool need_rl = role == CHAIN_FIRST || role == CHAIN_MIDDLE ||
		       role == CHAIN_RL;

	if ((need_lr && pipe2(lr, O_CLOEXEC) < 0) ||
	    (need_rl && pipe2(rl, O_CLOEXEC) < 0)) {
		int ret = -errno;

		chain_close(&lr[0]);
		chain_close(&lr[1]);
		return ret;
	}
	io->alt_in = io->alt_out = -1;
	switch (role) {
	case CHAIN_FIRST:
		io->in = rl[0];
		io->out = lr[1];
		break;
	case CHAIN_MIDDLE:
		io->in = *fwd;
		io->out = *back;
		io->alt_in = rl[0];
		io->alt_out = lr[1];
		break;
	case CHAIN_LR:
		io->in = *fwd;
		io->out = lr[1];
		break;
	case CHAIN_RL:
		io->in = rl[0];
		io->out = *back;
		break;
	case CHAIN_LAST:
		io->in = *fwd;
		io->out = *back;
		break;
	}
	if (need_lr)
		*fwd = lr[0];
	else if (role == CHAIN_LAST)
		*fwd = -1;
	if (need_rl)
		*back = rl[1];
	else if (role == CHAIN_LAST)
		*back = -1;
	return 0;
}

/**
 * chain_start() - wire and start every command, left to right
 * @c:		parsed chain; chain_reserve_fds() done, signals blocked
 *
 * On failure the commands already started keep running: the caller
 * terminates them (chain_terminate()) and reaps them; @c->status holds
 * the exit status to use (127 command not found, 126 cannot execute,
 * 1 pipe or fork failure).
 *
 * Return: 0 or negative errno.
 */
int chain_start(struct chain *c)
{
	int fwd = -1, back = -1, ret = 0;
	struct chain_io io = { -1, -1, -1, -1 };
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		ret = chain_wire(c->cmd[i].role, &io, &fwd, &back);
		if (ret < 0) {
			log_err("pipe: %s", err_str(ret));
			c->status = EXIT_FAILURE;
			break;
		}
		ret = chain_spawn(c, i, &io);
		chain_close(&io.in);
		chain_close(&io.out);
		chain_close(&io.alt_in);
		chain_close(&io.alt_out);
		if (ret < 0)
			break;
		log_debug("started %s (pid %d)", c->cmd[i].argv[0],
			  (int)c->cmd[i].pid);
	}
	chain_close(&fwd);
	chain_close(&back);
	return ret;
}

/* The signal a command died of, or 128 + n from a shell: n, else 0 */
static int chain_end_signal(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return WTERMSIG(wstatus);
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) > 128 &&
	    WEXITSTATUS(wstatus) < 128 + CHAIN_SIG_MAX)
		return WEXITSTATUS(wstatus) - 128;
	return 0;
}

/**
 * chain_reaped() - account for a command that ended
 * @c:		chain
 * @pid:	from waitpid()
 * @wstatus:	its wait status
 *
 * A command that exits non-zero or is killed by a signal has failed: its
 * status (exit code, or 128 + signal) becomes vde-dpipe's if no earlier
 * failure was recorded.  Death by SIGPIPE is not a failure: its reader,
 * another command of the chain, went away, and that command's own status
 * tells whether something went wrong.  (Whether the reader is reaped
 * first is a race, so the rule cannot depend on the order.)  A failure
 * breaks the chain, and the other commands get SIGTERM, unless the
 * command died of a signal it had been sent (forwarded, typed at the
 * terminal, or our SIGTERM): the others got that signal as well.
 */
void chain_reaped(struct chain *c, pid_t pid, int wstatus)
{
	struct chain_cmd *cmd = NULL;
	bool failed, expected;
	unsigned int i;
	int code, sig;

	for (i = 0; i < c->n; i++)
		if (c->cmd[i].running && c->cmd[i].pid == pid)
			cmd = &c->cmd[i];
	if (!cmd)
		return;
	cmd->running = false;
	c->running--;
	if (WIFEXITED(wstatus))
		code = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		code = 128 + WTERMSIG(wstatus);
	else
		code = EXIT_FAILURE;
	failed = code != 0 &&
		 !(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGPIPE);
	sig = chain_end_signal(wstatus);
	expected = sig && (cmd->sigs & CHAIN_SIGBIT(sig));
	log_debug("%s (pid %d) ended, status %d", cmd->argv[0], (int)pid,
		  code);
	if (!failed)
		return;
	if (c->status < 0) {
		c->status = code;
		if (!expected && WIFSIGNALED(wstatus))
			log_warn("%s (pid %d) killed by signal %d",
				 cmd->argv[0], (int)pid, WTERMSIG(wstatus));
		else if (!expected)
			log_warn("%s (pid %d) exited with status %d",
				 cmd->argv[0], (int)pid, code);
	}
	if (!expected)
		chain_terminate(c);
}

/**
 * chain_signal() - forward @sig to every command still running
 * @c:		chain
 * @sig:	signal received by vde-dpipe (below CHAIN_SIG_MAX)
 * @send:	false if the kernel already sent it to our whole process
 *		group (^C at the terminal): only note that they got it
 */
void chain_signal(struct chain *c, int sig, bool send)
{
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		if (!c->cmd[i].running)
			continue;
		c->cmd[i].sigs |= CHAIN_SIGBIT(sig);
		if (send && kill(c->cmd[i].pid, sig) < 0)
			log_debug("kill %d: %s", (int)c->cmd[i].pid,
				  err_str(errno));
	}
}

/**
 * chain_terminate() - SIGTERM to the running commands not yet sent one
 * @c:		chain
 *
 * Must only target unreaped pids (they cannot have been reused).
 */
void chain_terminate(struct chain *c)
{
	unsigned int i;

	for (i = 0; i < c->n; i++) {
		if (!c->cmd[i].running ||
		    (c->cmd[i].sigs & CHAIN_SIGBIT(SIGTERM)))
			continue;
		c->cmd[i].sigs |= CHAIN_SIGBIT(SIGTERM);
		kill(c->cmd[i].pid, SIGTERM);
	}
}
