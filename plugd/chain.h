/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * chain.h - the command chain of vde-dpipe: parsing, wiring, spawning,
 * reaping.
 *
 * A chain is "CMD ARGS SEP CMD ARGS [SEP CMD ARGS ...]" where SEP is one
 * of the exact words below.  "Left-to-right" traffic leaves the first
 * command on its stdout and reaches the last on its stdin; right-to-left
 * traffic goes the other way.
 *
 *   =       both directions pass through the next command: if it is not
 *           the last, it talks to its left neighbour on stdin/stdout and
 *           to its right neighbour on ALTERNATE_STDIN/ALTERNATE_STDOUT
 *   =} }=   the commands between carry left-to-right traffic only
 *           (stdin from the left, stdout to the right)
 *   ={ {=   the commands between carry right-to-left traffic only
 *           (stdin from the right, stdout to the left)
 *   }=} }={ {=} {={   close one group and open the next
 *
 * Inside a group, "=" separates further filters of the same direction.
 */
#ifndef VDE_CHAIN_H
#define VDE_CHAIN_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

#define CHAIN_ENV_ALT_IN	"ALTERNATE_STDIN"
#define CHAIN_ENV_ALT_OUT	"ALTERNATE_STDOUT"

/* Exit status of a command that could not be started (as sh(1)) */
#define CHAIN_EXIT_NOTFOUND	127
#define CHAIN_EXIT_NOEXEC	126

/* Signals we send or forward (SIGHUP, SIGINT, SIGTERM) fit in a bitmask */
#define CHAIN_SIG_MAX		32
#define CHAIN_SIGBIT(sig)	(1u << (sig))

enum chain_role {
	CHAIN_FIRST,	/* stdin/stdout: its right neighbour */
	CHAIN_MIDDLE,	/* stdin/stdout: left; ALTERNATE_*: right */
	CHAIN_LR,	/* stdin: from the left; stdout: to the right */
	CHAIN_RL,	/* stdin: from the right; stdout: to the left */
	CHAIN_LAST,	/* stdin/stdout: its left neighbour */
};

/**
 * struct chain_cmd - one command of the chain
 * @argv:	NULL-terminated, points into the program's argv
 * @role:	how it is wired
 * @pid:	process id once started, 0 before
 * @running:	started and not yet reaped
 * @sigs:	signals it was sent while running (CHAIN_SIGBIT): by us,
 *		or by the terminal to the whole process group
 */
struct chain_cmd {
	char **argv;
	enum chain_role role;
	pid_t pid;
	bool running;
	unsigned int sigs;
};

/**
 * struct chain - the whole chain and its state
 * @cmd:	commands, left to right
 * @n:		how many (at least 2 after chain_parse())
 * @running:	commands started and not yet reaped
 * @status:	exit status of vde-dpipe: first failure, -1 while none
 * @alt_in:	fd number a middle command gets as ALTERNATE_STDIN
 * @alt_out:	the same for ALTERNATE_STDOUT
 * @mask:	signal mask the commands start with (ours before blocking)
 * @parent:	our pid, checked by children after PR_SET_PDEATHSIG
 */
struct chain {
	struct chain_cmd *cmd;
	unsigned int n;
	unsigned int running;
	int status;
	int alt_in;
	int alt_out;
	sigset_t mask;
	pid_t parent;
};

/**
 * struct chain_err - why chain_parse() refused the command line
 * @msg:	what is wrong
 * @arg:	the word concerned, or NULL
 */
struct chain_err {
	const char *msg;
	const char *arg;
};

int chain_parse(struct chain *c, int argc, char **argv,
		struct chain_err *err) __must_check;
int chain_reserve_fds(struct chain *c) __must_check;
int chain_start(struct chain *c) __must_check;
void chain_reaped(struct chain *c, pid_t pid, int wstatus);
void chain_signal(struct chain *c, int sig, bool send);
void chain_terminate(struct chain *c);

#endif /* VDE_CHAIN_H */
