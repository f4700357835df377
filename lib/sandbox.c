// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * sandbox.c - identity drop, capabilities, rlimits and seccomp allowlists.
 *
 * Theory of operation: a program opens everything that needs privilege
 * (listening sockets, taps, the pidfile), then calls sandbox_enter() once,
 * before it reads a single byte of client input.  sandbox_enter() performs,
 * in this order, and dies if any step fails:
 *
 *  1. if root: setgroups() to the given list, then libcap-ng
 *     capng_change_id() to the unprivileged uid/gid, clearing the bounding
 *     and ambient sets; otherwise clear the capability sets we hold;
 *  2. verify that no capability is left and uid 0 cannot be regained;
 *  3. PR_SET_NO_NEW_PRIVS and PR_SET_DUMPABLE 0;
 *  4. RLIMIT_NPROC 0 (no fork), RLIMIT_CORE 0, RLIMIT_NOFILE bounded;
 *  5. with file system rules: a Landlock ruleset that refuses every
 *     change to the file system (create, remove, write, rename, link)
 *     outside the few directories named, whatever the permissions would
 *     allow; a kernel without Landlock gets a warning, and the rest;
 *  6. a libseccomp filter whose default action kills the process.
 *
 * Sanitizer builds (b_sanitize=address,undefined: CI only, never
 * shipped) differ in two ways, both confined to sandbox_enter(): the
 * LeakSanitizer check runs once before the identity drop, since its
 * exit-time check stops the world with clone() and ptrace(), which no
 * allowlist has; and the filter loaded gets sb_sanitizer() on top, so a
 * sanitizer report is printed and ends the process instead of dying of
 * SIGSYS half-way.  sandbox_export_pfc() never includes that supplement:
 * the golden file describes the production filter in every build.
 *
 * The allowlists are tables below, one comment per entry naming its caller.
 * Probes of the file system (open, openat, stat) fail softly with EACCES
 * instead of killing, as OpenSSH does, so that libc probing degrades
 * gracefully; the single openat allowed is O_PATH|O_NOFOLLOW|O_CLOEXEC,
 * which yields a descriptor that can be fstat()ed and connected through
 * /proc/self/fd but never read or written.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/landlock.h>
#include <linux/net.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cap-ng.h>

#include "log.h"
#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif
#ifdef SANDBOX_ASAN
#include <sanitizer/lsan_interface.h>

/* Sanitizer builds: undefined behaviour is fatal even where the
 * environment is not passed on (vde-privd runs switches with an empty
 * one); UBSAN_OPTIONS still overrides this */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}
#endif

/**
 * sandbox_lookup_user() - resolve a user name or number
 * @name:	"nobody" or "65534"
 * @uid:	result
 * @gid:	the account's primary group
 *
 * Return: 0 or -ENOENT.
 */
int sandbox_lookup_user(const char *name, uid_t *uid, gid_t *gid)
{
	struct passwd *pw = getpwnam(name);
	char *end;
	unsigned long v;

	if (!pw) {
		errno = 0;
		v = strtoul(name, &end, 10);
		if (!*name || *end || errno || v >= (uid_t)-1)
			return -ENOENT;
		pw = getpwuid((uid_t)v);
		if (!pw) {
			*uid = (uid_t)v;
			*gid = (gid_t)v;
			return 0;
		}
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

/**
 * sandbox_lookup_group() - resolve a group name or number
 * @name:	"kvm" or "108"
 * @gid:	result
 *
 * Return: 0 or -ENOENT.
 */
int sandbox_lookup_group(const char *name, gid_t *gid)
{
	struct group *gr = getgrnam(name);
	char *end;
	unsigned long v;

	if (gr) {
		*gid = gr->gr_gid;
		return 0;
	}
	errno = 0;
	v = strtoul(name, &end, 10);
	if (!*name || *end || errno || v >= (gid_t)-1)
		return -ENOENT;
	*gid = (gid_t)v;
	return 0;
}

/**
 * sandbox_raise_nofile() - raise the soft descriptor limit towards @want
 * @want:	descriptors needed
 *
 * Return: the soft limit now in force.
 */
rlim_t sandbox_raise_nofile(rlim_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return 1024;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = MIN(want, rl.rlim_max);
		if (setrlimit(RLIMIT_NOFILE, &rl))
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	return rl.rlim_cur;
}

/**
 * sandbox_drop_ids() - root becomes @uid/@gid with only @groups, for good
 * @uid:	unprivileged user (not 0)
 * @gid:	its group
 * @groups:	supplementary groups to keep
 * @ngroups:	how many
 *
 * Clears every capability set; dies on any failure.
 */
void sandbox_drop_ids(uid_t uid, gid_t gid, const gid_t *groups, int ngroups)
{
	int ret;

	if (uid == 0)
		die("refusing to run as uid 0 after set-up");
	capng_clear(CAPNG_SELECT_BOTH);
	if (setgroups(ngroups, groups))
		die_errno("setgroups");
	ret = capng_change_id((int)uid, (int)gid,
			      CAPNG_CLEAR_BOUNDING | CAPNG_CLEAR_AMBIENT);
	if (ret)
		die("capng_change_id(%u, %u) failed: %d", (unsigned)uid,
		    (unsigned)gid, ret);
	if (setuid(0) == 0 || seteuid(0) == 0)
		die("uid 0 could be regained after dropping it");
}

static void sandbox_ids(const struct sandbox_cfg *cfg)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (cfg->drop_ids) {
		sandbox_drop_ids(cfg->uid, cfg->gid, cfg->groups,
				 cfg->ngroups);
	} else if (capng_apply(geteuid() == 0 ? CAPNG_SELECT_BOTH :
				       CAPNG_SELECT_CAPS)) {
		/* root keeping its uid (vde-plug) also loses the bounding set */
		die("cannot drop capabilities");
	}
	capng_get_caps_process();
	if (capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE)
		die("capabilities remain after dropping them");
}

static void sandbox_limits(const struct sandbox_cfg *cfg)
{
	struct rlimit zero = { 0, 0 };
	struct rlimit nofile = { cfg->nofile, cfg->nofile };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die_errno("PR_SET_NO_NEW_PRIVS");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		die_errno("PR_SET_DUMPABLE");
	if (setrlimit(RLIMIT_NPROC, &zero) || setrlimit(RLIMIT_CORE, &zero))
		die_errno("setrlimit");
	if (cfg->nofile && setrlimit(RLIMIT_NOFILE, &nofile))
		die_errno("setrlimit(RLIMIT_NOFILE)");
}

/* Landlock ABI 3 (Linux 6.2): newer than Debian 12's headers */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)
#endif

/* Landlock: the rights that change the file system, by ABI version */
static uint64_t ll_handled(long abi)
{
	uint64_t r = LANDLOCK_ACCESS_FS_WRITE_FILE |
		     LANDLOCK_ACCESS_FS_REMOVE_DIR |
		     LANDLOCK_ACCESS_FS_REMOVE_FILE |
		     LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
		     LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
		     LANDLOCK_ACCESS_FS_MAKE_FIFO |
		     LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;

	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	return r;
}

static uint64_t ll_access(unsigned int a)
{
	return (a & SANDBOX_FS_MAKE_SOCK ? LANDLOCK_ACCESS_FS_MAKE_SOCK : 0) |
	       (a & SANDBOX_FS_REMOVE_FILE ?
		LANDLOCK_ACCESS_FS_REMOVE_FILE : 0) |
	       (a & SANDBOX_FS_REMOVE_DIR ? LANDLOCK_ACCESS_FS_REMOVE_DIR : 0);
}

/*
 * sandbox_landlock() - step 5: only the directories of @cfg->fs may change.
 * Runs after PR_SET_NO_NEW_PRIVS, as the final identity (the directories
 * are opened O_PATH with its rights), before the seccomp filter, which has
 * no Landlock calls.
 */
static void sandbox_landlock(const struct sandbox_cfg *cfg)
{
	struct landlock_ruleset_attr ra = { 0 };
	unsigned int i;
	long abi;
	int rs;

	if (!cfg->nfs)
		return;
	abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
		      LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1) {
		log_warn("no Landlock in this kernel (%s): file system changes are limited by permissions and seccomp only",
			 err_str(errno));
		return;
	}
	ra.handled_access_fs = ll_handled(abi);
	rs = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof(ra), 0);
	if (rs < 0)
		die_errno("landlock_create_ruleset");
	for (i = 0; i < cfg->nfs && i < SANDBOX_FS_RULES_MAX; i++) {
		struct landlock_path_beneath_attr pb = {
			.allowed_access = ll_access(cfg->fs[i].access),
		};

		pb.parent_fd = open(cfg->fs[i].path,
				    O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (pb.parent_fd < 0 && errno == ENOENT) {
			/* nothing there to change: the right is not given */
			log_warn("Landlock: no directory %s", cfg->fs[i].path);
			continue;
		}
		if (pb.parent_fd < 0)
			die("Landlock: cannot open %s: %s", cfg->fs[i].path,
			    err_str(errno));
		if (syscall(SYS_landlock_add_rule, rs,
			    LANDLOCK_RULE_PATH_BENEATH, &pb, 0))
			die("Landlock: rule for %s: %s", cfg->fs[i].path,
			    err_str(errno));
		close(pb.parent_fd);
	}
	if (syscall(SYS_landlock_restrict_self, rs, 0))
		die_errno("landlock_restrict_self");
	close(rs);
}

/* One allowlist entry: syscall, action, up to two argument comparisons */
struct sb_rule {
	int nr;
	uint32_t action;
	unsigned int narg;
	struct scmp_arg_cmp arg[2];
};

#define ALLOW(sc)		{ SCMP_SYS(sc), SCMP_ACT_ALLOW, 0, { { 0 } } }
#define ALLOW1(sc, a)		{ SCMP_SYS(sc), SCMP_ACT_ALLOW, 1, { a } }
#define ALLOW2(sc, a, b)	{ SCMP_SYS(sc), SCMP_ACT_ALLOW, 2, { a, b } }
#define DENY(sc, e)		{ SCMP_SYS(sc), SCMP_ACT_ERRNO(e), 0, { { 0 } } }
#define DENY1(sc, e, a)		{ SCMP_SYS(sc), SCMP_ACT_ERRNO(e), 1, { a } }

static int sb_add(scmp_filter_ctx ctx, const struct sb_rule *rules, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct sb_rule *r = &rules[i];

		if (r->nr == __NR_SCMP_ERROR)
			continue;	/* syscall unknown on this arch */
		if (seccomp_rule_add_array(ctx, r->action, r->nr, r->narg,
					   r->arg))
			return -1;
	}
	return 0;
}

#define OPATH_FLAGS	(O_PATH | O_NOFOLLOW | O_CLOEXEC)
#define NOEXEC		SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)

/* libseccomp's SCMP_A*() macros leave datum_b to zero-initialisation */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* vde-switchd's allowlist: built at run time (libseccomp's argument
 * macros are not constant expressions) */
static int sb_switchd(scmp_filter_ctx ctx)
{
	const struct sb_rule rules[] = {
	ALLOW(read),		/* signalfd, timerfd, stdin, taps */
	ALLOW(write),		/* log lines, taps, console */
	ALLOW(readv),		/* taps */
	ALLOW(writev),		/* taps (tag push/pop without copying) */
	ALLOW(pread64),		/* state memfd: load (switchd/state.c) */
	ALLOW(pwrite64),	/* state memfd: save after config changes */
	ALLOW(close),		/* endpoint teardown */
	/* no shutdown(): it would break the listening sockets vde-privd
	 * hands to every incarnation (close() is all the switch needs) */
	ALLOW(epoll_wait),	/* main loop */
	ALLOW(epoll_pwait),	/* main loop (libc may use pwait) */
	ALLOW(epoll_ctl),	/* add/remove descriptors */
	/* accept4 on ctl: only NONBLOCK/CLOEXEC flags */
	ALLOW1(accept4, SCMP_A3(SCMP_CMP_MASKED_EQ,
				~(uint64_t)(SOCK_NONBLOCK | SOCK_CLOEXEC), 0)),
	/* SO_PEERCRED/SO_PEERGROUPS: identity of a client */
	ALLOW2(getsockopt, SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
	       SCMP_A2(SCMP_CMP_EQ, SO_PEERCRED)),
	ALLOW2(getsockopt, SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
	       SCMP_A2(SCMP_CMP_EQ, SO_PEERGROUPS)),
	ALLOW2(getsockopt, SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
	       SCMP_A2(SCMP_CMP_EQ, SO_ERROR)),
	/* data sockets: larger buffers */
	ALLOW2(setsockopt, SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
	       SCMP_A2(SCMP_CMP_EQ, SO_SNDBUF)),
	ALLOW2(setsockopt, SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
	       SCMP_A2(SCMP_CMP_EQ, SO_RCVBUF)),
	/* per-endpoint data socket: AF_UNIX datagram only */
	ALLOW2(socket, SCMP_A0(SCMP_CMP_EQ, AF_UNIX),
	       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_DGRAM)),
	ALLOW(bind),		/* data socket DIR/NNN.F */
	ALLOW(connect),		/* data socket to the client's return socket */
	ALLOW(unlink),		/* remove DIR/NNN.F, ctl, pidfile */
	ALLOW(unlinkat),	/* same, newer libc */
	ALLOW(rmdir),		/* remove DIR at exit */
	ALLOW(recvmsg),		/* data plane */
	ALLOW(sendmsg),		/* data plane, control replies */
	ALLOW(recvmmsg),	/* data plane, batched */
	ALLOW(sendmmsg),	/* data plane, batched */
	ALLOW(recvfrom),	/* control requests */
	ALLOW(sendto),		/* control replies, syslog */
	ALLOW(timerfd_settime),	/* ageing, handshake timeouts */
	ALLOW(timerfd_gettime),
	ALLOW(clock_gettime),	/* vDSO fallback */
	/* libsodium, hash seeds */
	ALLOW1(getrandom, SCMP_A2(SCMP_CMP_MASKED_EQ,
				  ~(uint64_t)GRND_NONBLOCK, 0)),
	ALLOW(brk),		/* malloc at endpoint attach */
	ALLOW1(mmap, NOEXEC),	/* malloc, never executable */
	ALLOW1(mprotect, NOEXEC),
	ALLOW(munmap),
	ALLOW(mremap),
	ALLOW(madvise),
	ALLOW(rt_sigreturn),
	ALLOW(exit),
	ALLOW(exit_group),
	/* return-socket check: O_PATH descriptor only, see ctl.c */
	ALLOW1(openat, SCMP_A2(SCMP_CMP_EQ, OPATH_FLAGS)),
	DENY1(openat, EACCES, SCMP_A2(SCMP_CMP_NE, OPATH_FLAGS)),
	DENY(open, EACCES),	/* libc probes fail softly */
	ALLOW(fstat),		/* st_uid of the O_PATH descriptor */
	ALLOW1(newfstatat, SCMP_A3(SCMP_CMP_EQ, AT_EMPTY_PATH)),
	DENY1(newfstatat, EACCES, SCMP_A3(SCMP_CMP_NE, AT_EMPTY_PATH)),
	DENY(statx, ENOSYS),
	DENY(stat, EACCES),
	DENY(lstat, EACCES),
	DENY(access, EACCES),
	DENY(faccessat, EACCES),
	};

	return sb_add(ctx, rules, ARRAY_SIZE(rules));
}

/* vde-plug's allowlist: relaying, plus what re-attaching to a restarted
 * switch needs (lib/vdeconn.c: a return socket bound, chmod/chown-ed,
 * connected, unlinked) */
static int sb_plug(scmp_filter_ctx ctx)
{
	const struct sb_rule rules[] = {
	ALLOW(read),		/* stream input */
	ALLOW(write),		/* stream output, log lines */
	ALLOW(close),		/* detaching */
	ALLOW(poll),		/* main loop */
	ALLOW(ppoll),		/* main loop (libc may use ppoll) */
	/* vdeconn_open(): AF_UNIX stream (ctl) and datagram (data) */
	ALLOW2(socket, SCMP_A0(SCMP_CMP_EQ, AF_UNIX),
	       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_DGRAM)),
	ALLOW2(socket, SCMP_A0(SCMP_CMP_EQ, AF_UNIX),
	       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_STREAM)),
	ALLOW(bind),		/* return socket */
	ALLOW(connect),		/* ctl, data */
	ALLOW(unlink),		/* return socket name */
	ALLOW(unlinkat),
	/* no chmod: the return socket's mode comes from the umask at bind
	 * (lib/vdeconn.c); its group (spec 2.8) may need a chown that
	 * changes the group only */
	ALLOW(umask),
	ALLOW1(chown, SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, 0xffffffffu)),
	ALLOW1(fchownat, SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffu, 0xffffffffu)),
	ALLOW(newfstatat),	/* owner of ctl (spec 2.8) */
	ALLOW(fstat),
	ALLOW(getpid),		/* return socket name */
	ALLOW(geteuid),		/* spec 2.8 */
	ALLOW(getegid),		/* may we give the return socket a group */
	ALLOW(getgroups),
	ALLOW(sendto),		/* frames, request */
	ALLOW(sendmsg),
	ALLOW(recvfrom),	/* frames, answer */
	ALLOW(recvmsg),
	ALLOW(clock_gettime),	/* backoff */
	ALLOW(wait4),		/* = CMD: its exit status */
	ALLOW(brk),
	ALLOW1(mmap, NOEXEC),
	ALLOW1(mprotect, NOEXEC),
	ALLOW(munmap),
	ALLOW(mremap),
	ALLOW(madvise),
	ALLOW(rt_sigreturn),
	ALLOW(exit),
	ALLOW(exit_group),
	DENY(openat, EACCES),	/* libc probes fail softly */
	DENY(open, EACCES),
	};

	return sb_add(ctx, rules, ARRAY_SIZE(rules));
}

#ifdef SANDBOX_ASAN
/* Sanitizer builds only: what the ASan/UBSan runtime needs to print a
 * report and abort (abort_on_error=1) inside either profile.  Launching
 * the external symbolizer fails softly, so reports carry raw addresses:
 * reproduce with VDE_SECCOMP_LOG=1 to get symbols. */
static int sb_sanitizer(scmp_filter_ctx ctx)
{
	const struct sb_rule rules[] = {
	ALLOW(getpid),		/* "==PID==" report header */
	ALLOW(gettid),		/* thread registry lookup */
	ALLOW(sched_yield),	/* runtime spin locks */
	ALLOW(futex),		/* runtime mutexes (stack trace, symbolizer) */
	ALLOW(rt_sigprocmask),	/* abort() */
	ALLOW(rt_sigaction),
	ALLOW(tgkill),
	ALLOW(sigaltstack),	/* alternate signal stack freed at exit */
	DENY(ioctl, ENOTTY),	/* isatty(2): colours off */
	DENY(readlink, EACCES),	/* module list probes */
	DENY(readlinkat, EACCES),
	DENY(pipe, EPERM),	/* llvm-symbolizer launch */
	DENY(pipe2, EPERM),
	DENY(clone, EPERM),
	DENY(clone3, ENOSYS),
	DENY(fork, EPERM),
	DENY(vfork, EPERM),
	DENY(execve, EPERM),
	};

	return sb_add(ctx, rules, ARRAY_SIZE(rules));
}
#endif

/* vde-cable's allowlist: the smallest.  Everything is opened before the
 * sandbox; afterwards the cable only moves datagrams (UDP mode: golden
 * file seccomp-cable.pfc).  What a console (always under vde-privd) and
 * stream mode add is in sb_cable_extra() (seccomp-cable-console.pfc,
 * seccomp-cable-stream.pfc).  No file system access at all, no bind, no
 * unlink. */
static int sb_cable(scmp_filter_ctx ctx)
{
	const struct sb_rule rules[] = {
	ALLOW(read),		/* stream input (TCP, stdin) */
	ALLOW(write),		/* stream output, log lines */
	ALLOW(close),		/* console sessions, stream connections */
	ALLOW(epoll_wait),	/* main loop (io.c) */
	ALLOW(epoll_pwait),	/* main loop (libc may use pwait) */
	ALLOW(epoll_ctl),	/* sessions, stream output */
	ALLOW(recvmmsg),	/* UDP and switch data, batched */
	ALLOW(sendmmsg),	/* UDP and switch data, batched */
	ALLOW(recvfrom),	/* switch control stream, console */
	ALLOW(sendto),		/* console answers, syslog */
	ALLOW(clock_gettime),	/* timers (vDSO fallback) */
	/* libsodium: random indices, ephemeral keys, cookie secrets */
	ALLOW1(getrandom, SCMP_A2(SCMP_CMP_MASKED_EQ,
				  ~(uint64_t)GRND_NONBLOCK, 0)),
	ALLOW(brk),		/* libc, should it allocate */
	ALLOW1(mmap, NOEXEC),
	ALLOW(munmap),
	ALLOW(rt_sigreturn),	/* SIGTERM, SIGINT handler */
	ALLOW(exit),
	ALLOW(exit_group),
	DENY(openat, EACCES),	/* libc probes fail softly */
	DENY(open, EACCES),
	};

	return sb_add(ctx, rules, ARRAY_SIZE(rules));
}

/* What the cable's other modes add to sb_cable() (struct sandbox_cfg
 * @cable): accept4 with a console (-M) or --stream --listen socket; a
 * TCP socket, connect and SO_ERROR for --stream --connect's redial. */
static int sb_cable_extra(scmp_filter_ctx ctx, unsigned int flags)
{
	const struct sb_rule accept_rules[] = {
	/* console and --stream --listen: only NONBLOCK/CLOEXEC flags */
	ALLOW1(accept4, SCMP_A3(SCMP_CMP_MASKED_EQ,
				~(uint64_t)(SOCK_NONBLOCK | SOCK_CLOEXEC), 0)),
	};
	const struct sb_rule dial_rules[] = {
	/* --stream --connect redials: TCP sockets only */
	ALLOW2(socket, SCMP_A0(SCMP_CMP_EQ, AF_INET),
	       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_STREAM)),
	ALLOW2(socket, SCMP_A0(SCMP_CMP_EQ, AF_INET6),
	       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_STREAM)),
	ALLOW(connect),		/* --stream --connect */
	/* result of a non-blocking connect */
	ALLOW2(getsockopt, SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
	       SCMP_A2(SCMP_CMP_EQ, SO_ERROR)),
	};
	int r = 0;

	if (flags & SANDBOX_CABLE_ACCEPT)
		r = sb_add(ctx, accept_rules, ARRAY_SIZE(accept_rules));
	if (!r && (flags & SANDBOX_CABLE_DIAL))
		r = sb_add(ctx, dial_rules, ARRAY_SIZE(dial_rules));
	return r;
}

static int (*const sb_profiles[SANDBOX__COUNT])(scmp_filter_ctx) = {
	[SANDBOX_SWITCHD] = sb_switchd,
	[SANDBOX_PLUG] = sb_plug,
	[SANDBOX_CABLE] = sb_cable,
};

static scmp_filter_ctx sandbox_filter(enum sandbox_profile profile,
				      unsigned int cable, bool log)
{
	scmp_filter_ctx ctx;

	ctx = seccomp_init(log ? SCMP_ACT_LOG : SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return NULL;
	if (sb_profiles[profile](ctx) ||
	    (profile == SANDBOX_CABLE && sb_cable_extra(ctx, cable))) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

/**
 * sandbox_export_pfc() - write the filter in libseccomp's text form
 * @profile:	which allowlist
 * @cable:	SANDBOX_CABLE only: enum sandbox_cable_flags (the mode)
 * @fd:		where to
 *
 * Used for the golden files that CI diffs (tests/golden/seccomp-*.pfc:
 * the switch; the cable in UDP mode, with a console, and in stream
 * mode).
 *
 * Return: 0 or negative errno.
 */
int sandbox_export_pfc(enum sandbox_profile profile, unsigned int cable,
		       int fd)
{
	scmp_filter_ctx ctx = sandbox_filter(profile, cable, false);
	int ret;

	if (!ctx)
		return -EINVAL;
	ret = seccomp_export_pfc(ctx, fd);
	seccomp_release(ctx);
	return ret;
}

/**
 * sandbox_enter() - drop everything; see the theory of operation above
 * @cfg:	what to drop to
 *
 * Dies on any failure: running half-sandboxed is never an option.
 */
void sandbox_enter(const struct sandbox_cfg *cfg)
{
	scmp_filter_ctx ctx;

#ifdef SANDBOX_ASAN
	/* leaks of the set-up phase; disarms the check at exit */
	__lsan_do_leak_check();
#endif
	sandbox_ids(cfg);
	sandbox_limits(cfg);
	sandbox_landlock(cfg);
	ctx = sandbox_filter(cfg->profile, cfg->cable, cfg->seccomp_log);
	if (!ctx)
		die("cannot build the seccomp filter");
#ifdef SANDBOX_ASAN
	if (sb_sanitizer(ctx))
		die("cannot build the sanitizer supplement of the filter");
#endif
	if (seccomp_load(ctx))
		die("cannot load the seccomp filter");
	seccomp_release(ctx);
}
