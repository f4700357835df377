// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * sockdir.c - create a listening socket in a directory the caller opened
 * (O_DIRECTORY|O_NOFOLLOW), without resolving its path again: the socket
 * is bound through /proc/self/fd/DIRFD/NAME, gets its mode from the umask
 * (chmod could follow a link planted in its place) and its owner from
 * fchownat(AT_SYMLINK_NOFOLLOW).  Used by vde-switchd for its own ctl and
 * console and by vde-privd for every switch's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "sockdir.h"

#define ERR(...)	(snprintf(err, errlen, __VA_ARGS__), -1)

/* The address of @name in @dfd (AT_FDCWD: @name is the whole path) */
static int sockdir_addr(int dfd, const char *name, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (dfd == AT_FDCWD)
		return snprintf(sa->sun_path, sizeof(sa->sun_path), "%s",
				name) >= (int)sizeof(sa->sun_path) ? -1 : 0;
	return snprintf(sa->sun_path, sizeof(sa->sun_path),
			"/proc/self/fd/%d/%s", dfd, name) >=
	       (int)sizeof(sa->sun_path) ? -1 : 0;
}

/**
 * sockdir_probe() - is a switch listening on @name in @dfd?
 * @dfd:	directory, or AT_FDCWD with a whole path in @name
 * @name:	socket name
 * @path:	its full path, for messages
 * @fix:	remove a stale socket (nobody listening); else leave it
 * @err:	reason on failure
 * @errlen:	its size
 *
 * Return: 0 (nothing there, or a stale socket), -1 (alive, not a socket,
 * or an error).
 */
int sockdir_probe(int dfd, const char *name, const char *path, bool fix,
		  char *err, size_t errlen)
{
	struct sockaddr_un sa;
	struct stat st;
	int s, rc;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : ERR("%s: %s", path, err_str(errno));
	if (!S_ISSOCK(st.st_mode))
		return ERR("%s exists and is not a socket", path);
	if (sockdir_addr(dfd, name, &sa))
		return ERR("%s: path too long for a socket address", path);
	/* non-blocking: a listener with a full backlog cannot stall us */
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return ERR("socket: %s", err_str(errno));
	rc = connect(s, (struct sockaddr *)&sa, sizeof(sa)) ? errno : 0;
	close(s);
	if (rc == 0 || rc == EAGAIN)	/* EAGAIN: alive, backlog full */
		return ERR("another switch is running on %s", path);
	if (rc != ECONNREFUSED)
		return ERR("cannot probe %s: %s", path, err_str(rc));
	if (!fix)
		return 0;
	log_info("removing stale %s", path);
	if (unlinkat(dfd, name, 0))
		return ERR("cannot remove stale %s: %s", path, err_str(errno));
	return 0;
}

/**
 * sockdir_listen() - listen on @name in @dfd with @mode, owned @uid:@gid
 * @dfd:	directory, or AT_FDCWD with a whole path in @name
 * @name:	socket name
 * @path:	its full path, for messages
 * @mode:	permissions
 * @uid:	owner, (uid_t)-1 to leave
 * @gid:	group, (gid_t)-1 to leave
 * @backlog:	listen() backlog
 * @err:	reason on failure
 * @errlen:	its size
 *
 * A live socket is refused and a stale one replaced first.
 *
 * Return: the non-blocking listening socket, or -1.
 */
int sockdir_listen(int dfd, const char *name, const char *path, mode_t mode,
		   uid_t uid, gid_t gid, int backlog, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	mode_t old;
	int s;

	if (sockdir_probe(dfd, name, path, true, err, errlen))
		return -1;
	if (sockdir_addr(dfd, name, &sa))
		return ERR("%s: path too long for a socket address", path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return ERR("socket: %s", err_str(errno));
	old = umask(~mode & 0777);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, backlog)) {
		umask(old);
		close(s);
		return ERR("cannot listen on %s: %s", path, err_str(errno));
	}
	umask(old);
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    fchownat(dfd, name, uid, gid, AT_SYMLINK_NOFOLLOW)) {
		(void)ERR("cannot set owner of %s: %s", path, err_str(errno));
		unlinkat(dfd, name, 0);
		close(s);
		return -1;
	}
	return s;
}

/**
 * sockdir_dirmode() - mode of a switch directory whose ctl has mode @ctl
 *
 * Clients may enter it to reach ctl and the data sockets, never write in
 * it; setgid so data sockets inherit its group.
 */
mode_t sockdir_dirmode(mode_t ctl)
{
	return 02700 | (ctl & 070 ? 050 : 0) | (ctl & 07 ? 05 : 0);
}
