// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * pidfile.c - see pidfile.h.
 *
 * The path is made absolute before daemon(3) changes to "/", the file is
 * created with O_EXCL | O_NOFOLLOW, and a leftover file is replaced only
 * when the pid it holds names no running process.  At exit the file is
 * removed only if it still contains our pid, so a second instance that
 * took over a stale file is not robbed of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "pidfile.h"

/* Pid stored in @path, or -1 if it cannot be read */
static long pidfile_read(const char *path)
{
	char buf[32] = "";
	char *end;
	long pid;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || pid <= 0)
		return -1;
	return pid;
}

/**
 * pidfile_resolve() - make a pidfile argument absolute
 * @arg:	the option argument
 * @path:	buffer for the result
 * @len:	its size
 *
 * Return: 0, -ENAMETOOLONG, or a negative errno from getcwd().
 */
int pidfile_resolve(const char *arg, char *path, size_t len)
{
	char cwd[PATH_MAX];
	int n;

	if (arg[0] == '/') {
		n = snprintf(path, len, "%s", arg);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return -errno;
		n = snprintf(path, len, "%s/%s", cwd, arg);
	}
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/**
 * pidfile_write() - create @path holding our pid
 * @path:	absolute path (pidfile_resolve())
 *
 * Return: 0, or a negative errno (-EEXIST: a live process owns it).
 */
int pidfile_write(const char *path)
{
	char buf[32];
	long old;
	int fd, n, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0 && errno == EEXIST) {
		old = pidfile_read(path);
		if (old > 0 && kill((pid_t)old, 0) < 0 && errno == ESRCH) {
			log_warn("removing stale pidfile %s (pid %ld)", path,
				 old);
			unlink(path);
			fd = open(path, O_WRONLY | O_CREAT | O_EXCL |
				  O_NOFOLLOW | O_CLOEXEC, 0644);
		} else {
			errno = EEXIST;
		}
	}
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (fchmod(fd, 0644) < 0)
		log_warn("chmod %s: %s", path, err_str(errno));
	errno = 0;
	if (write(fd, buf, n) != n) {
		ret = errno ? -errno : -EIO;
		unlink(path);
	}
	close(fd);
	return ret;
}

/**
 * pidfile_remove() - remove @path if it still names this process
 * @path:	the path given to pidfile_write()
 */
void pidfile_remove(const char *path)
{
	if (pidfile_read(path) == (long)getpid())
		unlink(path);
}
