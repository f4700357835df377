// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * violate.c - the console command debug/violate, compiled only into a
 * build with -Dtest_hooks=true (never a production build).
 *
 * Theory of operation: the switch plays an attacker who has taken it
 * over and runs arbitrary code inside it.  Each ACTION is one step such
 * an attacker would try, made with the raw system call (syscall(2)), so
 * that libc can substitute no other call, and reports exactly one result
 * line:
 *
 *	ACTION: allowed (what it did)
 *	ACTION: refused: ERRNAME (errno N)
 *
 * The actions come in three kinds, which describe what lib/sandbox.c's
 * sb_switchd allowlist does with them, not what the kernel then decides:
 *  - "soft": the filter answers with an errno (EACCES, ENOSYS), the
 *    switch carries on;
 *  - "can": the filter lets the call through; only the kernel's own
 *    checks (permissions, the mount namespace vde-privd builds) limit it;
 *  - "fatal": no rule matches, the filter's default action kills the
 *    switch with SIGSYS.  The line announcing the call is flushed to the
 *    console first; should the switch survive, a result line and a
 *    "survived" line follow.
 *
 * Without an ACTION the command does what it always did (openat, then
 * ptrace), which tests/integration/seccomp-violate.sh and
 * privd-seccomp.sh rely on.  "list" prints the actions and their kinds.
 * tests/integration/compromised-switch.sh runs every action.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/keyctl.h>
#include <linux/netlink.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "mgmt.h"
#include "switchd.h"

enum {
	VIO_NAME_MAX	= 32,		/* longest action name, with NUL */
	VIO_PATH_MAX	= 512,		/* PATH argument, with NUL */
	VIO_DETAIL_MAX	= VIO_PATH_MAX + 256,	/* an "allowed" line */
	VIO_FILE_MODE	= 0600,		/* open-create: a private file */
	VIO_CHMOD_MODE	= 0777,		/* chmod: what an attacker would set */
};

enum vio_kind { VIO_SOFT, VIO_CAN, VIO_FATAL };

static const char *const vio_kind_name[] = {
	[VIO_SOFT] = "soft", [VIO_CAN] = "can", [VIO_FATAL] = "fatal",
};

/**
 * struct vio_ctx - one action being run
 * @sw:		the switch
 * @path:	the PATH it works on (argument or default), "" if none
 * @detail:	what an allowed call did, for the result line
 */
struct vio_ctx {
	struct sw *sw;
	char path[VIO_PATH_MAX];
	char detail[VIO_DETAIL_MAX];
};

/**
 * struct vio_action - one step of an attacker
 * @name:	ACTION as typed on the console
 * @kind:	what the filter does with it (VIO_*)
 * @def:	PATH when none is given: NULL (no PATH used), "" (PATH
 *		required), absolute, or relative to the switch directory
 * @call:	the system call made, for "list" and the fatal announcement
 * @fn:		makes the call; returns its result or a negative errno
 */
struct vio_action {
	const char *name;
	enum vio_kind kind;
	const char *def;
	const char *call;
	long (*fn)(struct vio_ctx *v);
};

/* The result of a raw syscall(): the value, or the negative errno */
static long vio_ret(long r)
{
	return r < 0 ? -errno : r;
}

/* Close @fd without letting close() touch the errno we report */
static void vio_close(long fd)
{
	int saved = errno;

	if (fd >= 0)
		syscall(SYS_close, fd);
	errno = saved;
}

static const char *vio_type(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG:
		return "file";
	case S_IFDIR:
		return "directory";
	case S_IFSOCK:
		return "socket";
	case S_IFLNK:
		return "symlink";
	default:
		return "other";
	}
}

static const char *vio_errname(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "E?";
}

static void vio_stat_detail(struct vio_ctx *v, const struct stat *st)
{
	snprintf(v->detail, sizeof(v->detail),
		 "%s uid %u gid %u mode %04o size %lld", vio_type(st->st_mode),
		 (unsigned)st->st_uid, (unsigned)st->st_gid,
		 (unsigned)(st->st_mode & 07777), (long long)st->st_size);
}

/* --------------------------------------------- soft: an errno, no death */

static long vio_open_read(struct vio_ctx *v)
{
	long r = vio_ret(syscall(SYS_openat, AT_FDCWD, v->path,
				 O_RDONLY | O_CLOEXEC));

	snprintf(v->detail, sizeof(v->detail), "opened %s for reading",
		 v->path);
	vio_close(r);
	return r;
}

static long vio_open_create(struct vio_ctx *v)
{
	long r = vio_ret(syscall(SYS_openat, AT_FDCWD, v->path,
				 O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
				 VIO_FILE_MODE));

	snprintf(v->detail, sizeof(v->detail), "created %s", v->path);
	vio_close(r);
	return r;
}

static long vio_stat(struct vio_ctx *v)
{
	struct stat st;
	long r = vio_ret(syscall(SYS_newfstatat, AT_FDCWD, v->path, &st, 0));

	if (!r)
		vio_stat_detail(v, &st);
	return r;
}

static long vio_statx(struct vio_ctx *v)
{
	struct statx stx;
	long r = vio_ret(syscall(SYS_statx, AT_FDCWD, v->path, 0,
				 STATX_BASIC_STATS, &stx));

	snprintf(v->detail, sizeof(v->detail), "statx of %s", v->path);
	return r;
}

static long vio_access(struct vio_ctx *v)
{
	long r = vio_ret(syscall(SYS_faccessat, AT_FDCWD, v->path, R_OK));

	snprintf(v->detail, sizeof(v->detail), "%s is readable", v->path);
	return r;
}

/* ------------------------------------ can: only the kernel limits these */

static long vio_opath(struct vio_ctx *v)
{
	struct stat st;
	char byte;
	long fd, n;
	int len;

	fd = vio_ret(syscall(SYS_openat, AT_FDCWD, v->path,
			     O_PATH | O_NOFOLLOW | O_CLOEXEC));
	if (fd < 0)
		return fd;
	if (syscall(SYS_fstat, fd, &st)) {
		len = snprintf(v->detail, sizeof(v->detail), "fstat: %s",
			       vio_errname(errno));
	} else {
		vio_stat_detail(v, &st);
		len = (int)strlen(v->detail);
	}
	n = vio_ret(syscall(SYS_read, fd, &byte, 1));
	if (len > 0 && (size_t)len < sizeof(v->detail)) {
		if (n < 0)
			snprintf(v->detail + len, sizeof(v->detail) - len,
				 "; read through it: %s", vio_errname((int)-n));
		else
			snprintf(v->detail + len, sizeof(v->detail) - len,
				 "; read through it: %ld byte(s)", n);
	}
	vio_close(fd);
	return 0;
}

static long vio_stat_empty(struct vio_ctx *v)
{
	struct stat st;
	long r = vio_ret(syscall(SYS_newfstatat, AT_FDCWD, v->path, &st,
				 AT_EMPTY_PATH));

	if (!r)
		vio_stat_detail(v, &st);
	return r;
}

/* A datagram socket and @path as its address; the socket or -errno */
static long vio_unix_sock(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	memcpy(sa->sun_path, path, strlen(path));
	return vio_ret(syscall(SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC,
			       0));
}

static long vio_bind_unix(struct vio_ctx *v)
{
	struct sockaddr_un sa;
	long fd = vio_unix_sock(v->path, &sa), r;

	if (fd < 0)
		return fd;
	r = vio_ret(syscall(SYS_bind, fd, &sa, sizeof(sa)));
	if (!r) {
		r = vio_ret(syscall(SYS_unlinkat, AT_FDCWD, v->path, 0));
		snprintf(v->detail, sizeof(v->detail),
			 "bound %s, then unlinked it%s", v->path,
			 r ? ": unlink failed" : "");
		r = 0;
	}
	vio_close(fd);
	return r;
}

static long vio_connect_unix(struct vio_ctx *v)
{
	static const char msg[] = "vde-violate";
	struct sockaddr_un sa;
	long fd = vio_unix_sock(v->path, &sa), r, n;

	if (fd < 0)
		return fd;
	r = vio_ret(syscall(SYS_connect, fd, &sa, sizeof(sa)));
	if (!r) {
		n = vio_ret(syscall(SYS_sendto, fd, msg, sizeof(msg) - 1,
				    MSG_DONTWAIT, NULL, 0));
		if (n < 0)
			snprintf(v->detail, sizeof(v->detail),
				 "connected to %s; send: %s", v->path,
				 vio_errname((int)-n));
		else
			snprintf(v->detail, sizeof(v->detail),
				 "connected to %s, sent %ld bytes", v->path, n);
	}
	vio_close(fd);
	return r;
}

static long vio_unlink(struct vio_ctx *v)
{
	snprintf(v->detail, sizeof(v->detail), "removed %s", v->path);
	return vio_ret(syscall(SYS_unlinkat, AT_FDCWD, v->path, 0));
}

/* ------------------------------------------- fatal: in no allowlist */

static long vio_socket(int domain, int type, int proto)
{
	long fd = vio_ret(syscall(SYS_socket, domain, type | SOCK_CLOEXEC,
				  proto));

	vio_close(fd);
	return fd;
}

static long vio_socket_inet(struct vio_ctx *v)
{
	(void)v;
	return vio_socket(AF_INET, SOCK_DGRAM, 0);
}

static long vio_socket_inet6(struct vio_ctx *v)
{
	(void)v;
	return vio_socket(AF_INET6, SOCK_DGRAM, 0);
}

static long vio_socket_packet(struct vio_ctx *v)
{
	(void)v;
	return vio_socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
}

static long vio_socket_netlink(struct vio_ctx *v)
{
	(void)v;
	return vio_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
}

static long vio_socket_unix_stream(struct vio_ctx *v)
{
	(void)v;
	return vio_socket(AF_UNIX, SOCK_STREAM, 0);
}

/* /bin/sh would create @path: the test checks that it does not exist */
static long vio_execve(struct vio_ctx *v)
{
	char *const argv[] = { "sh", "-c", ": >\"$1\"", "sh", v->path, NULL };
	char *const envp[] = { NULL };

	return vio_ret(syscall(SYS_execve, "/bin/sh", argv, envp));
}

static long vio_fork(struct vio_ctx *v)
{
	long r = vio_ret(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0));

	(void)v;
	if (r == 0)
		syscall(SYS_exit_group, 0);	/* the child, should it exist */
	return r;
}

static long vio_ptrace(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0));
}

static long vio_kill(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_kill, 1, 0));	/* signal 0: a probe */
}

static long vio_setuid(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_setuid, 0));
}

static long vio_mmap_exec(struct vio_ctx *v)
{
	long page = sysconf(_SC_PAGESIZE);
	long r = syscall(SYS_mmap, NULL, page, PROT_READ | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)v;
	if ((void *)r == MAP_FAILED)
		return -errno;
	munmap((void *)r, page);
	return 0;
}

static long vio_mprotect_exec(struct vio_ctx *v)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long r;

	(void)v;
	if (p == MAP_FAILED)
		return -errno;
	r = vio_ret(syscall(SYS_mprotect, p, page, PROT_READ | PROT_EXEC));
	munmap(p, page);
	return r;
}

static long vio_ioctl(struct vio_ctx *v)
{
	int n = 0;

	(void)v;
	return vio_ret(syscall(SYS_ioctl, STDIN_FILENO, FIONREAD, &n));
}

static long vio_chmod(struct vio_ctx *v)
{
	return vio_ret(syscall(SYS_fchmodat, AT_FDCWD, v->path,
			       VIO_CHMOD_MODE));
}

static long vio_unshare(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_unshare, CLONE_NEWUSER));
}

static long vio_mount(struct vio_ctx *v)
{
	return vio_ret(syscall(SYS_mount, "vde-violate", v->path, "tmpfs", 0,
			       NULL));
}

static long vio_chroot(struct vio_ctx *v)
{
	return vio_ret(syscall(SYS_chroot, v->path));
}

static long vio_setns(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_setns, STDIN_FILENO, 0));
}

static long vio_bpf(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_bpf, BPF_MAP_CREATE, NULL, 0));
}

static long vio_add_key(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_add_key, "user", "vde-violate", "x", 1,
			       KEY_SPEC_PROCESS_KEYRING));
}

static long vio_perf_event_open(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0));
}

static long vio_io_uring_setup(struct vio_ctx *v)
{
	(void)v;
	return vio_ret(syscall(SYS_io_uring_setup, 1, NULL));
}

#define S	VIO_SOFT
#define C	VIO_CAN
#define F	VIO_FATAL

static const struct vio_action vio_actions[] = {
	{ "open-read", S, "/etc/passwd", "openat(O_RDONLY)", vio_open_read },
	{ "open-create", S, "violate-created",
	  "openat(O_WRONLY|O_CREAT|O_EXCL)", vio_open_create },
	{ "stat", S, "/etc/passwd", "newfstatat(flags 0)", vio_stat },
	{ "statx", S, "/etc/passwd", "statx", vio_statx },
	{ "access", S, "/etc/passwd", "faccessat(R_OK)", vio_access },
	{ "opath", C, "", "openat(O_PATH|O_NOFOLLOW|O_CLOEXEC), fstat, read",
	  vio_opath },
	{ "stat-empty-path", C, "", "newfstatat(AT_EMPTY_PATH) of a path",
	  vio_stat_empty },
	{ "bind-unix", C, "violate.sock",
	  "socket(AF_UNIX, SOCK_DGRAM), bind, unlink", vio_bind_unix },
	{ "connect-unix", C, "", "socket(AF_UNIX, SOCK_DGRAM), connect, send",
	  vio_connect_unix },
	{ "unlink", C, "", "unlinkat", vio_unlink },
	{ "socket-inet", F, NULL, "socket(AF_INET, SOCK_DGRAM)",
	  vio_socket_inet },
	{ "socket-inet6", F, NULL, "socket(AF_INET6, SOCK_DGRAM)",
	  vio_socket_inet6 },
	{ "socket-packet", F, NULL, "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)",
	  vio_socket_packet },
	{ "socket-netlink", F, NULL, "socket(AF_NETLINK, NETLINK_ROUTE)",
	  vio_socket_netlink },
	{ "socket-unix-stream", F, NULL, "socket(AF_UNIX, SOCK_STREAM)",
	  vio_socket_unix_stream },
	{ "execve", F, "violate-execve", "execve(/bin/sh -c ': >PATH')",
	  vio_execve },
	{ "fork", F, NULL, "clone(SIGCHLD)", vio_fork },
	{ "ptrace", F, NULL, "ptrace(PTRACE_TRACEME)", vio_ptrace },
	{ "kill", F, NULL, "kill(1, 0)", vio_kill },
	{ "setuid", F, NULL, "setuid(0)", vio_setuid },
	{ "mmap-exec", F, NULL, "mmap(PROT_READ|PROT_EXEC, anonymous)",
	  vio_mmap_exec },
	{ "mprotect-exec", F, NULL, "mprotect(PROT_READ|PROT_EXEC)",
	  vio_mprotect_exec },
	{ "ioctl", F, NULL, "ioctl(0, FIONREAD)", vio_ioctl },
	{ "chmod", F, "ctl", "fchmodat(0777)", vio_chmod },
	{ "unshare", F, NULL, "unshare(CLONE_NEWUSER)", vio_unshare },
	{ "mount", F, ".", "mount(tmpfs)", vio_mount },
	{ "chroot", F, ".", "chroot", vio_chroot },
	{ "setns", F, NULL, "setns(0, 0)", vio_setns },
	{ "bpf", F, NULL, "bpf(BPF_MAP_CREATE)", vio_bpf },
	{ "add-key", F, NULL, "add_key(user, process keyring)", vio_add_key },
	{ "perf-event-open", F, NULL, "perf_event_open", vio_perf_event_open },
	{ "io-uring-setup", F, NULL, "io_uring_setup", vio_io_uring_setup },
};

#undef S
#undef C
#undef F

/* No ACTION: openat then ptrace, as before the actions existed */
static int vio_legacy(struct mctx *c)
{
	int fd, err;
	long r;

	fd = openat(AT_FDCWD, "/etc/passwd", O_RDONLY);
	err = fd < 0 ? errno : 0;
	if (fd >= 0) {
		mp(c, "openat /etc/passwd: opened (no seccomp filter?)\n");
		close(fd);
	} else {
		mp(c, "openat /etc/passwd: %s%s (errno %d)\n",
		   err == EACCES ? "EACCES " : "", err_str(err), err);
	}
	mp(c, "ptrace PTRACE_TRACEME: the switch should now die of SIGSYS\n");
	mgmt_flush(c);
	r = syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
	mp(c, "ptrace returned %ld (errno %d): the filter did not kill us\n",
	   r, r < 0 ? errno : 0);
	return EPERM;
}

static void vio_list(struct mctx *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vio_actions); i++)
		mp(c, "%s %s %s%s\n", vio_actions[i].name,
		   vio_kind_name[vio_actions[i].kind], vio_actions[i].call,
		   vio_actions[i].def && !*vio_actions[i].def ?
			   " (PATH required)" : "");
}

/* PATH from the argument or the default; EINVAL if required and absent */
static int vio_path(struct vio_ctx *v, const struct vio_action *a,
		    const char *arg)
{
	int n;

	if (!a->def)
		return *arg ? EINVAL : 0;
	if (*arg)
		n = snprintf(v->path, sizeof(v->path), "%s", arg);
	else if (!*a->def)
		return EINVAL;
	else if (*a->def == '/')
		n = snprintf(v->path, sizeof(v->path), "%s", a->def);
	else
		n = snprintf(v->path, sizeof(v->path), "%s/%s", v->sw->dir,
			     a->def);
	return n < 0 || (size_t)n >= sizeof(v->path) ? EINVAL : 0;
}

static void vio_run(struct mctx *c, const struct vio_action *a,
		    struct vio_ctx *v)
{
	long r;

	if (a->kind == VIO_FATAL) {
		mp(c, "%s: calling %s: expected: killed by SIGSYS\n", a->name,
		   a->call);
		mgmt_flush(c);
	}
	snprintf(v->detail, sizeof(v->detail), "%s", a->call);
	r = a->fn(v);
	if (r < 0)
		mp(c, "%s: refused: %s (errno %ld)\n", a->name,
		   vio_errname((int)-r), -r);
	else
		mp(c, "%s: allowed (%s)\n", a->name, v->detail);
	if (a->kind == VIO_FATAL)
		mp(c, "%s: survived: the filter did not kill the switch\n",
		   a->name);
}

/**
 * cmd_debug_violate() - debug/violate [list | ACTION [PATH]]
 * @c:	command context (an admin session: the command is MC_ADMIN)
 *
 * See the theory of operation above.
 *
 * Return: 0 once the action ran (its line tells the outcome), EINVAL for
 * an unknown action or a missing or superfluous PATH, EPERM when the
 * legacy form survives ptrace().
 */
int cmd_debug_violate(struct mctx *c)
{
	char name[VIO_NAME_MAX];
	const char *p = c->args;
	struct vio_ctx v = { .sw = c->sw };
	size_t i;

	if (!*p)
		return vio_legacy(c);
	if (mgmt_arg_word(&p, name, sizeof(name)))
		return EINVAL;
	if (!strcmp(name, "list")) {
		if (*p)
			return EINVAL;
		vio_list(c);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(vio_actions); i++) {
		if (strcmp(name, vio_actions[i].name))
			continue;
		if (vio_path(&v, &vio_actions[i], p))
			return EINVAL;
		vio_run(c, &vio_actions[i], &v);
		return 0;
	}
	return EINVAL;
}
