// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * privd.c - vde-privd: the only code of vde-hardened that runs as root.
 *
 * It reads policy.conf, sets up each switch's directory, sockets and taps
 * (setup.c), starts one vde-switchd per switch under the unprivileged
 * account in fresh mount, IPC, UTS and network namespaces, hands it its
 * descriptors over a SOCK_SEQPACKET socketpair (privsep.h), then only
 * reaps, restarts with backoff, reloads on SIGHUP and cleans up on
 * SIGTERM.  It never reads a frame, a client request, a management line
 * or the state a switch keeps in its memfd: from a child it accepts only
 * fixed-size messages legal in the child's state (kid_msg()).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "privd.h"
#include "privsep.h"
#include "sandbox.h"

#define EXIT_USAGE		2
#define STATE_SIZE		(1u << 20)	/* switchd/state.h agrees */
#define BACKOFF_MIN_MS		1000
#define BACKOFF_MAX_MS		60000
#define STABLE_MS		600000		/* up this long: backoff reset */
#define SETUP_TIMEOUT_MS	10000		/* HELLO to READY */
#define STOP_TIMEOUT_MS		5000		/* SHUTDOWN to SIGKILL */
#define REOPEN_BURST		3		/* TAP_REOPEN token bucket */

enum cstate { C_IDLE, C_SETUP, C_RUNNING, C_STOPPING };

static const char *const cstate_name[] = {
	"idle", "setup", "running", "stopping",
};

/* A vde-cable of the switch: started once the switch is ready, restarted
 * with backoff; it holds no state, so it is stopped with SIGKILL */
struct cab {
	char name[POL_NAME_MAX];	/* of the running one */
	pid_t pid;
	uint64_t started_ms;
	uint64_t restart_ms;
	uint32_t backoff_ms;
};

struct child {
	char name[POL_NAME_MAX];
	int index;			/* in the policy in force */
	struct pol_switch conf;		/* its block, to see changes */
	struct swres res;
	int state_fd;			/* STATE_MEMFD, never read here */
	enum cstate state;
	pid_t pid;
	int sock;			/* our end of the socketpair */
	uint32_t seq;
	uint64_t deadline_ms;		/* SETUP or STOPPING: then SIGKILL */
	uint64_t started_ms;
	uint64_t restart_ms;		/* C_IDLE: start again at */
	uint32_t backoff_ms;
	uint32_t tokens;		/* TAP_REOPEN */
	uint64_t tokens_ms;
	bool removed;			/* gone from the policy: no restart */
	bool eof;			/* its socket said end of file */
	bool stale;			/* a reload came during its set-up */
	bool setup;			/* res holds live resources */
	bool cab_change;		/* new cables once the old are gone */
	struct cab cab[POL_CABLE_MAX];
};

static struct {
	/* ancestors of switch directories that privd made: removed last */
	char made[POL_SWITCH_MAX][POL_PATH_MAX];
	int nmade;
	const char *conf;
	const char *switchd;
	int switchd_fd;			/* O_PATH of it, checked once */
	const char *cable;
	int cable_fd;			/* the same for vde-cable, or -1 */
	bool foreground;
	bool syslog;
	bool verbose;
	uint32_t backoff_min;		/* --restart-delay */
	struct policy pol;
	uid_t uid;			/* the switches' account */
	gid_t gid;
	int policy_fd;			/* sealed canonical policy */
	struct priv_policy policy_msg;
	struct child *kids[2 * POL_SWITCH_MAX];	/* old ones may be stopping */
	int nkids;
	int epfd, sigfd;
	bool quit;
	bool adding;			/* a reload added switches */
} pd = { .policy_fd = -1, .epfd = -1, .sigfd = -1, .switchd_fd = -1,
	 .cable_fd = -1 };

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Take over the ancestors a set-up made: they stay until privd exits */
static void adopt_parents(struct swres *r)
{
	int i, j;

	for (i = 0; i < r->ncreated && pd.nmade < POL_SWITCH_MAX; i++) {
		for (j = 0; j < pd.nmade; j++)
			if (!strcmp(pd.made[j], r->created[i]))
				break;
		if (j == pd.nmade)
			strcpy(pd.made[pd.nmade++], r->created[i]);
	}
	r->ncreated = 0;
}

static void remove_parents(void)
{
	while (pd.nmade > 0)
		if (rmdir(pd.made[--pd.nmade]) && errno != ENOENT &&
		    errno != ENOTEMPTY)
			log_warn("cannot remove %s: %s", pd.made[pd.nmade],
				 err_str(errno));
}

/* --- loading policy.conf ------------------------------------------------ */

/* Parse @path into @pol and resolve the account; nothing touched */
static int load_policy(const char *path, struct policy *pol, uid_t *uid,
		       gid_t *gid)
{
	struct pol_error e;
	struct passwd *pw;
	char buf[600];

	if (policy_load_file(path, 0, pol, &e)) {
		log_err("%s", policy_error_str(&e, buf, sizeof(buf)));
		return -1;
	}
	pw = pol->has_user ? getpwuid(pol->uid) : getpwnam("_vde");
	*uid = pol->has_user ? pol->uid : pw ? pw->pw_uid : 0;
	*gid = pol->has_user ? pol->gid : pw ? pw->pw_gid : 0;
	if (*uid == 0) {
		log_err("%s: no 'user' statement and no account _vde", path);
		policy_free(pol);
		return -1;
	}
	return 0;
}

/* --- one child ------------------------------------------------------------ */

/* @what: "switch NAME" or "switch NAME cable NAME" */
static void log_exit(const char *what, pid_t pid, int status)
{
	if (WIFEXITED(status))
		log_info("%s (pid %d) exited with status %d", what, (int)pid,
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
		log_err("%s (pid %d) killed by SIGSYS: seccomp violation", what,
			(int)pid);
	else if (WIFSIGNALED(status))
		log_warn("%s (pid %d) killed by signal %d (%s)", what, (int)pid,
			 WTERMSIG(status),
			 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
}

/* After a crash: the next start, with backoff reset after a stable run */
static void backoff(uint64_t started_ms, uint32_t *backoff_ms,
		    uint64_t *restart_ms)
{
	uint64_t now = now_ms();

	if (now - started_ms >= STABLE_MS || !*backoff_ms)
		*backoff_ms = pd.backoff_min;
	*restart_ms = now + *backoff_ms;
	*backoff_ms = MIN(*backoff_ms * 2, BACKOFF_MAX_MS);
}

/* In the forked child, still root: @fd3 and the program @prog become 3
 * and 4; confine, drop, exec */
static void __noreturn kid_exec(const struct child *k, int fd3, int prog,
				char *const argv[], pid_t parent)
{
	const struct pol_switch *s = &k->conf;
	gid_t grp = s->group != POL_ANY ? s->group : pd.gid;
	char *const envp[] = { NULL };
	sigset_t all;
	int null, s3, x4;

	log_set_die_hook(NULL);
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	setsid();
	/* out of the way first: either may be 3 or 4 now */
	s3 = fcntl(fd3, F_DUPFD_CLOEXEC, 10);
	x4 = fcntl(prog, F_DUPFD_CLOEXEC, 10);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (s3 < 0 || x4 < 0 || null < 0 || dup2(null, 0) < 0 ||
	    dup2(null, 1) < 0 || (pd.syslog && dup2(null, 2) < 0) ||
	    dup2(s3, 3) < 0 || dup3(x4, 4, O_CLOEXEC) < 0 ||
	    close_range(5, ~0U, 0))
		die_errno("child descriptors");
	if (unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET))
		die_errno("unshare");
	if (res_child_view(s->dir))
		die("mount namespace for %s: %s", s->dir, err_str(errno));
	/* cosmetic; fails under systemd's ProtectHostname=yes */
	(void)!sethostname(argv[0], strlen(argv[0]));
	sandbox_drop_ids(pd.uid, pd.gid, &grp, 1);
	/* dies with vde-privd; set after the identity change, which clears
	 * it, and checked against a parent that has already gone */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		die_errno("prctl");
	if (getppid() != parent)
		_exit(1);
	/* the program checked at start, by descriptor: never re-resolved */
	execveat(4, "", argv, envp, AT_EMPTY_PATH);
	die("cannot run %s: %s", argv[0], err_str(errno));
}

static int kid_send(struct child *k, uint16_t type, const void *p, int fd)
{
	int r = priv_send(k->sock, type, ++k->seq, p, fd);

	if (r)
		log_warn("switch %s: cannot send to the child: %s", k->name,
			 err_str(r));
	return r;
}

static int kid_send_fd(struct child *k, uint32_t kind, uint32_t index,
		       int fd)
{
	struct priv_fd m = { kind, index };

	return kid_send(k, PRIV_FD, &m, fd);
}

/* Everything the child needs, then GO; the child answers READY */
static int kid_handover(struct child *k)
{
	struct priv_hello h = {
		.version = PRIVSEP_VERSION,
		.switch_index = (uint32_t)k->index,
		.flags = (pd.syslog ? PRIV_HELLO_SYSLOG : 0) |
			 (pd.verbose ? PRIV_HELLO_VERBOSE : 0),
	};
	int t, r;

	h.n_fds = 3 + (k->res.mgmt_fd >= 0) + (uint32_t)k->conf.ntaps;
	r = kid_send(k, PRIV_HELLO, &h, -1) ||
	    kid_send_fd(k, PRIV_FD_CTL_LISTEN, 0, k->res.ctl_fd) ||
	    kid_send_fd(k, PRIV_FD_STATE_MEMFD, 0, k->state_fd) ||
	    kid_send_fd(k, PRIV_FD_POLICY_MEMFD, (uint32_t)k->index,
			pd.policy_fd) ||
	    (k->res.mgmt_fd >= 0 &&
	     kid_send_fd(k, PRIV_FD_MGMT_LISTEN, 0, k->res.mgmt_fd));
	for (t = 0; !r && t < k->conf.ntaps; t++)
		r = kid_send_fd(k, PRIV_FD_TAP, (uint32_t)t, k->res.tap_fd[t]);
	return r || kid_send(k, PRIV_POLICY, &pd.policy_msg, -1) ||
	       kid_send(k, PRIV_GO, NULL, -1);
}

static void kid_start(struct child *k)
{
	static char *const argv[] = { "vde-switchd", "--privsep", "3", NULL };
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = k };
	pid_t parent = getpid();
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		log_err("socketpair: %s", err_str(errno));
		goto retry;
	}
	k->pid = fork();
	if (k->pid < 0) {
		log_err("fork: %s", err_str(errno));
		close(sv[0]);
		close(sv[1]);
		goto retry;
	}
	if (k->pid == 0)
		kid_exec(k, sv[1], pd.switchd_fd, argv, parent);
	close(sv[1]);
	k->sock = sv[0];
	k->seq = 0;
	k->eof = k->stale = false;
	k->state = C_SETUP;
	k->started_ms = now_ms();
	k->deadline_ms = k->started_ms + SETUP_TIMEOUT_MS;
	k->tokens = REOPEN_BURST;
	k->tokens_ms = k->started_ms;
	if (epoll_ctl(pd.epfd, EPOLL_CTL_ADD, k->sock, &ev))
		log_err("epoll_ctl: %s", err_str(errno));
	log_info("switch %s: started pid %d", k->name, (int)k->pid);
	if (kid_handover(k))
		kill(k->pid, SIGKILL);
	return;
retry:
	k->state = C_IDLE;
	k->restart_ms = now_ms() + BACKOFF_MAX_MS;
}

/* Cable @i of a running switch: its UDP socket as 3, the switch's
 * directory as its own, the same confinement and account */
static void cab_start(struct child *k, int i)
{
	const struct pol_cable *c = &k->conf.cables[i];
	struct cab *cb = &k->cab[i];
	char port[12], mgmt[POL_PATH_MAX + POL_NAME_MAX + 8];
	char *argv[] = { "vde-cable", "-f", "--udp-fd", "3", "-s", k->conf.dir,
			 "--key", (char *)c->key, "--peers", (char *)c->peers,
			 "-p", port, "-M", mgmt, "--log",
			 pd.syslog ? "syslog" : "stderr",
			 pd.verbose ? "-v" : NULL, NULL };
	pid_t parent = getpid();

	snprintf(port, sizeof(port), "%u", c->port);	/* 0: any */
	/* its console, in the one directory it may write */
	snprintf(mgmt, sizeof(mgmt), "%s/cable-%s", k->conf.dir, c->name);
	strcpy(cb->name, c->name);
	cb->started_ms = now_ms();
	cb->pid = fork();
	if (cb->pid == 0)
		kid_exec(k, k->res.udp_fd[i], pd.cable_fd, argv, parent);
	if (cb->pid < 0) {
		log_err("fork: %s", err_str(errno));
		cb->pid = 0;
		cb->restart_ms = cb->started_ms + BACKOFF_MAX_MS;
		return;
	}
	log_info("switch %s: cable %s started pid %d", k->name, c->name,
		 (int)cb->pid);
}

static bool cab_alive(const struct child *k)
{
	int i;

	for (i = 0; i < POL_CABLE_MAX; i++)
		if (k->cab[i].pid > 0)
			return true;
	return false;
}

static void cab_kill(const struct child *k)
{
	int i;

	for (i = 0; i < POL_CABLE_MAX; i++)
		if (k->cab[i].pid > 0)
			kill(k->cab[i].pid, SIGKILL);
}

/* Something wrong with a running child: kill it; the reaper restarts it */
static void kid_kill(struct child *k, const char *why)
{
	if (k->pid <= 0)
		return;
	log_err("switch %s (pid %d, %s): %s; restarting it", k->name,
		(int)k->pid, cstate_name[k->state], why);
	kill(k->pid, SIGKILL);
	/* whatever else it sent is ignored until the reaper sees it die */
	k->state = C_STOPPING;
	k->deadline_ms = now_ms() + STOP_TIMEOUT_MS;
}

/* Tell a kept child about the new policy: RELOAD, its memfd, its hash */
static void kid_reload(struct child *k)
{
	if (k->state == C_SETUP)
		k->stale = true;	/* sent when it is READY */
	if (k->pid <= 0 || k->state != C_RUNNING)
		return;		/* else it gets the new one when it starts */
	if (kid_send(k, PRIV_RELOAD, NULL, -1) ||
	    kid_send_fd(k, PRIV_FD_POLICY_MEMFD, (uint32_t)k->index,
			pd.policy_fd) ||
	    kid_send(k, PRIV_POLICY, &pd.policy_msg, -1))
		kid_kill(k, "cannot send the new policy");
}

static bool reopen_allowed(struct child *k)
{
	uint64_t now = now_ms();
	uint64_t add = (now - k->tokens_ms) / 1000;

	if (add) {
		k->tokens = (uint32_t)MIN(REOPEN_BURST, k->tokens + add);
		k->tokens_ms = now;
	}
	if (!k->tokens)
		return false;
	k->tokens--;
	return true;
}

static void kid_tap_reopen(struct child *k, uint32_t idx)
{
	char err[256];
	int fd;

	if (idx >= (uint32_t)k->conf.ntaps) {
		kid_kill(k, "TAP_REOPEN for a tap it does not have");
		return;
	}
	if (!reopen_allowed(k)) {
		kid_kill(k, "TAP_REOPEN faster than 1 per second");
		return;
	}
	if (res_tap_open(&k->conf.taps[idx], &fd, err, sizeof(err))) {
		log_err("switch %s: %s", k->name, err);
		return;
	}
	close(k->res.tap_fd[idx]);
	k->res.tap_fd[idx] = fd;
	log_info("switch %s: reopened tap %s", k->name, k->conf.taps[idx].name);
	if (kid_send_fd(k, PRIV_FD_TAP, idx, fd))
		kid_kill(k, "cannot send the tap");
}

/*
 * The only input root takes from a child.  Legal: SETUP -> READY | FATAL,
 * RUNNING -> TAP_REOPEN | FATAL, STOPPING -> nothing (but its exit).
 */
static void kid_msg(struct child *k)
{
	uint8_t p[PRIV_MSG_MAX];
	struct priv_hdr h;
	char why[96];
	int fd, r;

	/* an event fetched in the batch in which the child was reaped */
	if (k->sock < 0 || k->pid <= 0)
		return;
	r = priv_recv(k->sock, &h, p, &fd);
	if (r == -EAGAIN)
		return;
	if (r == -EPIPE || r == -ECONNRESET) {
		/* exiting (the reaper decides), or an empty message: if it
		 * is still there in a second, deadlines() kills it */
		epoll_ctl(pd.epfd, EPOLL_CTL_DEL, k->sock, NULL);
		if (k->state != C_STOPPING) {
			k->eof = true;
			k->deadline_ms = now_ms() + 1000;
		}
		return;
	}
	if (r) {
		kid_kill(k, "malformed message");
		return;
	}
	/* no message from a child may carry a descriptor to keep */
	if (fd >= 0)
		close(fd);
	if (k->state == C_SETUP && h.type == PRIV_READY) {
		k->state = C_RUNNING;
		log_info("switch %s (pid %d): ready", k->name, (int)k->pid);
		if (k->stale)
			kid_reload(k);
	} else if (k->state == C_RUNNING && h.type == PRIV_TAP_REOPEN) {
		kid_tap_reopen(k, ((struct priv_tap *)(void *)p)->index);
	} else if ((k->state == C_SETUP || k->state == C_RUNNING) &&
		   h.type == PRIV_FATAL) {
		snprintf(why, sizeof(why), "reported fatal error %u",
			 ((struct priv_fatal *)(void *)p)->code);
		kid_kill(k, why);
	} else if (k->state != C_STOPPING) {
		snprintf(why, sizeof(why), "unexpected message type %u",
			 h.type);
		kid_kill(k, why);
	}
}

static void kid_teardown(struct child *k)
{
	if (k->setup)
		res_release(&k->conf, &k->res);
	k->setup = false;
}

/* After waitpid: restart with backoff, or finish a stop */
static void kid_reaped(struct child *k, int status)
{
	char what[64];

	snprintf(what, sizeof(what), "switch %s", k->name);
	log_exit(what, k->pid, status);
	if (k->sock >= 0)
		close(k->sock);
	k->sock = -1;
	k->pid = 0;
	if (k->removed || pd.quit) {
		k->state = C_IDLE;
		kid_teardown(k);
		return;
	}
	backoff(k->started_ms, &k->backoff_ms, &k->restart_ms);
	log_info("switch %s: restarting in %u ms", k->name,
		 (unsigned)(k->restart_ms - now_ms()));
	k->state = C_IDLE;
}

static void kid_stop(struct child *k)
{
	cab_kill(k);
	if (k->pid <= 0) {
		kid_teardown(k);
		return;
	}
	k->state = C_STOPPING;
	k->deadline_ms = now_ms() + STOP_TIMEOUT_MS;
	if (kid_send(k, PRIV_SHUTDOWN, NULL, -1))
		kill(k->pid, SIGKILL);
}

/* Set switch @n of the policy up for @k (new, or changed and stopped) */
static int kid_setup(struct child *k, int n)
{
	char err[512];

	k->conf = pd.pol.switches[n];
	k->index = n;
	if (res_setup(&pd.pol, n, pd.uid, pd.gid, &k->res, err,
		      sizeof(err))) {
		log_err("switch %s: %s; not started", k->name, err);
		return -1;
	}
	adopt_parents(&k->res);
	memset(k->cab, 0, sizeof(k->cab));	/* backoff(): from the minimum */
	k->setup = true;
	k->removed = false;
	k->restart_ms = now_ms();
	return 0;
}

/* A new switch: its state memfd (for all its life), its resources */
static struct child *kid_new(int n)
{
	struct child *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->sock = -1;
	k->backoff_ms = pd.backoff_min;
	strcpy(k->name, pd.pol.switches[n].name);
	k->state_fd = memfd_create("vde-state", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (k->state_fd < 0 || ftruncate(k->state_fd, STATE_SIZE) ||
	    fcntl(k->state_fd, F_ADD_SEALS,
		  F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL))
		log_err("switch %s: state memfd: %s", k->name, err_str(errno));
	else if (!kid_setup(k, n))
		return k;
	if (k->state_fd >= 0)
		close(k->state_fd);
	free(k);
	return NULL;
}

static void kid_free(struct child *k)
{
	kid_teardown(k);
	close(k->state_fd);
	free(k);
}

/* --- the whole set ------------------------------------------------------ */

static struct child *kid_find(const char *name)
{
	int i;

	for (i = 0; i < pd.nkids; i++)
		if (!strcmp(pd.kids[i]->name, name))
			return pd.kids[i];
	return NULL;
}

static int check_all(const struct policy *pol, uid_t uid)
{
	char err[512];
	int i, bad = 0;

	for (i = 0; i < pol->nswitches; i++) {
		const struct pol_switch *s = &pol->switches[i];
		struct child *k = kid_find(s->name);
		bool ours = false;
		int j;

		/* a running switch keeps its directory: nothing to check */
		if (k && policy_switch_equal(&k->conf, s, false))
			continue;
		for (j = 0; j < pd.nkids; j++)
			ours |= !strcmp(pd.kids[j]->conf.dir, s->dir) ||
				(s->has_mgmt && pd.kids[j]->conf.has_mgmt &&
				 !strcmp(pd.kids[j]->conf.mgmt, s->mgmt));
		if (res_check(pol, i, uid, ours, err, sizeof(err))) {
			log_err("%s:%d: switch %s: %s", pd.conf,
				pol->switches[i].line, pol->switches[i].name,
				err);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/* Cables need the vde-cable program */
static int check_cables(const struct policy *pol)
{
	int i;

	for (i = 0; pd.cable_fd < 0 && i < pol->nswitches; i++)
		if (pol->switches[i].ncables)
			return -1;
	return 0;
}

/* SIGHUP: parse fully, then swap; a bad file changes nothing */
static void reload(void)
{
	struct policy np = { 0 };
	struct priv_policy msg;
	uid_t uid;
	gid_t gid;
	int i, fd;

	log_info("SIGHUP: reloading %s", pd.conf);
	if (load_policy(pd.conf, &np, &uid, &gid))
		goto bad;
	if (uid != pd.uid || check_all(&np, uid) || check_cables(&np)) {
		if (uid != pd.uid)
			log_err("%s: the switch account cannot change on reload; restart vde-privd",
				pd.conf);
		else if (check_cables(&np))
			log_err("%s declares cables, but there is no %s",
				pd.conf, pd.cable);
		policy_free(&np);
		goto bad;
	}
	fd = policy_memfd_create(&np, msg.hash, &msg.size);
	if (fd < 0) {
		log_err("cannot write the policy memfd: %s", err_str(errno));
		policy_free(&np);
		goto bad;
	}
	close(pd.policy_fd);
	pd.policy_fd = fd;
	pd.policy_msg = msg;
	policy_free(&pd.pol);
	pd.pol = np;
	/* removed or changed: stop (a changed one comes back below) */
	for (i = 0; i < pd.nkids; i++) {
		struct child *k = pd.kids[i];
		int n = policy_find_switch(&pd.pol, k->name);

		if (n < 0 ||
		    !policy_switch_equal(&k->conf, &pd.pol.switches[n], false)) {
			log_info("switch %s: %s", k->name,
				 n < 0 ? "removed" : "changed; restarting it");
			k->removed = true;
			kid_stop(k);
			continue;
		}
		/* other cables only: they restart, the switch stays */
		if (!policy_cables_equal(&k->conf, &pd.pol.switches[n])) {
			log_info("switch %s: cables changed; restarting them",
				 k->name);
			cab_kill(k);
			k->cab_change = true;
		}
		k->conf = pd.pol.switches[n];
		k->index = n;
		kid_reload(k);
	}
	pd.adding = true;
	return;
bad:
	log_err("reload failed: the old policy stays in force");
}

/* Switches of the policy without a child yet (at start, after a reload) */
static int add_new(void)
{
	struct child *k;
	int i, bad = 0;

	for (i = 0; i < pd.pol.nswitches; i++) {
		if (kid_find(pd.pol.switches[i].name))
			continue;
		k = kid_new(i);
		if (!k) {
			bad = 1;
			continue;
		}
		pd.kids[pd.nkids++] = k;	/* start_due() starts it */
	}
	return bad ? -1 : 0;
}

static bool others_stopping(const struct child *k)
{
	int i;

	for (i = 0; i < pd.nkids; i++)
		if (pd.kids[i] != k && pd.kids[i]->removed &&
		    pd.kids[i]->pid > 0)
			return true;
	return false;
}

/* The old cables are gone: sockets for the new ones */
static void cab_renew(struct child *k)
{
	char err[512];

	k->cab_change = false;
	memset(k->cab, 0, sizeof(k->cab));
	if (res_cables(&k->conf, &k->res, err, sizeof(err)))
		log_err("switch %s: %s; cable not started", k->name, err);
}

/* Restart crashed children whose time has come; finish changes */
static void start_due(void)
{
	uint64_t now = now_ms();
	int i, n;

	for (i = 0; i < pd.nkids; i++) {
		struct child *k = pd.kids[i];

		if (k->removed && k->state == C_IDLE && !cab_alive(k)) {
			n = policy_find_switch(&pd.pol, k->name);
			/* changed: wait for removed ones whose directory or
			 * tap it may take over */
			if (n >= 0 && !pd.quit && others_stopping(k))
				continue;
			if (n < 0 || pd.quit || kid_setup(k, n)) {
				kid_free(k);
				pd.kids[i--] = pd.kids[--pd.nkids];
				continue;
			}
		}
		if (k->state == C_IDLE && !pd.quit && now >= k->restart_ms)
			kid_start(k);
		if (k->cab_change && !cab_alive(k))
			cab_renew(k);
		for (n = 0; k->state == C_RUNNING && !k->removed &&
			    !k->cab_change && n < k->conf.ncables; n++)
			if (!k->cab[n].pid && k->res.udp_fd[n] >= 0 &&
			    now >= k->cab[n].restart_ms)
				cab_start(k, n);
	}
	/* a new switch may take over the directory or tap of a removed one */
	for (i = 0; i < pd.nkids; i++)
		if (pd.kids[i]->removed)
			return;
	if (pd.adding && !pd.quit) {
		pd.adding = false;
		(void)add_new();
	}
}

/* A cable exited: restart it with backoff while its switch runs */
static void cab_reaped(struct child *k, int i, int status)
{
	struct cab *cb = &k->cab[i];
	char what[96];

	snprintf(what, sizeof(what), "switch %s cable %s", k->name, cb->name);
	log_exit(what, cb->pid, status);
	cb->pid = 0;
	backoff(cb->started_ms, &cb->backoff_ms, &cb->restart_ms);
}

static void reap(void)
{
	int status, i, j;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < pd.nkids; i++) {
			if (pd.kids[i]->pid == pid)
				kid_reaped(pd.kids[i], status);
			for (j = 0; j < POL_CABLE_MAX; j++)
				if (pd.kids[i]->cab[j].pid == pid)
					cab_reaped(pd.kids[i], j, status);
		}
}

static void deadlines(void)
{
	uint64_t now = now_ms();
	int i;

	for (i = 0; i < pd.nkids; i++) {
		struct child *k = pd.kids[i];

		if (k->pid > 0 && (k->state != C_RUNNING || k->eof) &&
		    now >= k->deadline_ms) {
			if (k->eof && k->state != C_STOPPING)
				kid_kill(k, "empty message or closed socket");
			else if (k->state == C_SETUP)
				kid_kill(k, "not ready in time");
			else
				kill(k->pid, SIGKILL);
			k->deadline_ms = now + STOP_TIMEOUT_MS;
		}
	}
}

static int next_timeout(void)
{
	uint64_t now = now_ms(), next = UINT64_MAX;
	int i, j;

	for (i = 0; i < pd.nkids; i++) {
		struct child *k = pd.kids[i];

		for (j = 0; k->state == C_RUNNING && !k->cab_change &&
			    j < k->conf.ncables; j++)
			if (!k->cab[j].pid && k->res.udp_fd[j] >= 0)
				next = MIN(next, k->cab[j].restart_ms);
		if (k->state == C_IDLE && !k->removed)
			next = MIN(next, k->restart_ms);
		else if (k->pid > 0 && (k->state != C_RUNNING || k->eof))
			next = MIN(next, k->deadline_ms);
		else if (k->removed)
			next = now;
	}
	if (next == UINT64_MAX)
		return -1;
	return next <= now ? 0 : (int)MIN(next - now, 60000);
}

static void on_signal(void)
{
	struct signalfd_siginfo si;
	int i;

	while (read(pd.sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			reap();
			break;
		case SIGHUP:
			if (!pd.quit)
				reload();
			break;
		default:
			if (pd.quit)
				break;
			log_info("signal %u: stopping every switch",
				 si.ssi_signo);
			pd.quit = true;
			for (i = 0; i < pd.nkids; i++)
				kid_stop(pd.kids[i]);
		}
	}
}

static void event_loop(void)
{
	struct epoll_event ev[16];
	int i, n, alive;

	for (;;) {
		start_due();
		for (i = alive = 0; i < pd.nkids; i++)
			alive += pd.kids[i]->pid > 0 || cab_alive(pd.kids[i]);
		if (pd.quit && !alive)
			break;
		n = epoll_wait(pd.epfd, ev, ARRAY_SIZE(ev), next_timeout());
		if (n < 0 && errno != EINTR)
			die_errno("epoll_wait");
		for (i = 0; i < n; i++) {
			if (ev[i].data.ptr == NULL)
				on_signal();
			else
				kid_msg(ev[i].data.ptr);
		}
		deadlines();
	}
	for (i = 0; i < pd.nkids; i++)
		kid_free(pd.kids[i]);
	remove_parents();
}

/* --- start-up ----------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"Usage: vde-privd [-f] [-v] [-c FILE] [--switchd PATH] [--cable PATH]\n"
"       vde-privd -n [-c FILE]\n"
"       vde-privd -C FILE user NAME|uid N switch NAME [vlan V] [mgmt read|admin]\n"
"  -c, --config FILE   policy (default " VDE_POLICY_PATH ")\n"
"  -n, --check         check the policy, print its canonical form, exit\n"
"  -C FILE QUERY       say what the policy decides for QUERY, exit\n"
"  -f, --foreground    stay in the foreground, log to standard error\n"
"      --switchd PATH  vde-switchd to run (default " VDE_SWITCHD_PATH ")\n"
"      --cable PATH    vde-cable to run (default " VDE_CABLE_PATH ")\n"
"      --restart-delay MS  first restart delay after a crash (default 1000);\n"
"                      it doubles on each crash up to 60 s\n"
"  -v, --verbose       log debug messages (children too)\n"
"  -h, --help          this text; --version: the version\n");
}

/* A program root starts for switches (--switchd) or cables (--cable):
 * root's, not writable by anyone else, so nobody can swap what runs with
 * our descriptors; held open, so that every restart runs this file,
 * whatever the path names later (execveat).  -1 if it is missing. */
static int hold_program(const char *path, const char *opt)
{
	struct stat st;
	/* main() set the path; the analyzer loses it at log_init() */
	/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0 || errno != ENOENT)
			die("%s: %s (see %s)", path, err_str(errno), opt);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022) ||
	    !(st.st_mode & 0100))
		die("%s must be an executable owned by root and not writable by group or others",
		    path);
	return fd;
}

static void setup_events(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		die_errno("sigprocmask");
	signal(SIGPIPE, SIG_IGN);
	pd.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	pd.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (pd.sigfd < 0 || pd.epfd < 0 ||
	    epoll_ctl(pd.epfd, EPOLL_CTL_ADD, pd.sigfd, &ev))
		die_errno("signalfd/epoll");
}

static void cleanup_on_die(void)
{
	int i;

	for (i = 0; i < pd.nkids; i++) {
		if (pd.kids[i]->pid > 0)
			kill(pd.kids[i]->pid, SIGKILL);
		cab_kill(pd.kids[i]);
		kid_teardown(pd.kids[i]);
	}
	remove_parents();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'n' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "switchd", required_argument, NULL, 'S' },
		{ "cable", required_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "restart-delay", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool check = false;
	char *end;
	int o;

	pd.conf = VDE_POLICY_PATH;
	pd.switchd = VDE_SWITCHD_PATH;
	pd.cable = VDE_CABLE_PATH;
	pd.backoff_min = BACKOFF_MIN_MS;
	log_init("vde-privd", NULL);
	if (sodium_init() < 0)
		die("cannot initialise libsodium");
	while ((o = getopt_long(argc, argv, "+c:nC:fvh", opts, NULL)) != -1) {
		switch (o) {
		case 'c': pd.conf = optarg; break;
		case 'n': check = true; break;
		case 'C': return policy_query_main(optarg, argc - optind,
					     argv + optind);
		case 'f': pd.foreground = true; break;
		case 'S': pd.switchd = optarg; break;
		case 'K': pd.cable = optarg; break;
		case 'v': pd.verbose = true; break;
		case 'R':
			pd.backoff_min = (uint32_t)strtoul(optarg, &end, 10);
			if (*end || !*optarg || pd.backoff_min < 10 ||
			    pd.backoff_min > BACKOFF_MAX_MS) {
				fprintf(stderr, "vde-privd: --restart-delay: 10..%d ms\n",
					BACKOFF_MAX_MS);
				return EXIT_USAGE;
			}
			break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("vde-privd %s\n", VDE_VERSION); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vde-privd: unexpected argument '%s'\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	log_set_level(pd.verbose ? LOG_DEBUG : LOG_INFO);
	if (load_policy(pd.conf, &pd.pol, &pd.uid, &pd.gid) ||
	    check_all(&pd.pol, pd.uid))
		return 1;
	if (check) {
		if (policy_write(&pd.pol, stdout) || fflush(stdout))
			return 1;
		return 0;
	}
	if (geteuid() != 0)
		die("must be started as root");
	pd.switchd_fd = hold_program(pd.switchd, "--switchd");
	if (pd.switchd_fd < 0)
		die("%s: %s (see --switchd)", pd.switchd, err_str(ENOENT));
	pd.cable_fd = hold_program(pd.cable, "--cable");
	if (check_cables(&pd.pol))
		die("%s declares cables, but there is no %s (see --cable)",
		    pd.conf, pd.cable);
	pd.policy_fd = policy_memfd_create(&pd.pol, pd.policy_msg.hash,
					   &pd.policy_msg.size);
	if (pd.policy_fd < 0)
		die("cannot create the policy memfd: %s", err_str(errno));
	/* directories, sockets, taps: errors still reach the terminal */
	log_set_die_hook(cleanup_on_die);
	if (add_new())
		die("cannot set up every switch of %s", pd.conf);
	if (!pd.foreground) {
		if (log_open_syslog())
			log_warn("no syslog: logs are lost in the background");
		else
			pd.syslog = true;
		if (daemon(0, 0))
			die_errno("daemon");
	}
	setup_events();
	log_info("policy %s: %d switch(es), %d rule(s); switches run as uid %u",
		 pd.conf, pd.pol.nswitches, pd.pol.nrules, (unsigned)pd.uid);
	event_loop();
	log_info("stopped");
	return 0;
}
