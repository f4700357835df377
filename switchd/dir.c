// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * dir.c - the switch directory and its ctl socket (spec section 1).
 *
 * Theory of operation: the directory is created (or reused only if it is a
 * real directory owned by us or by the account we will drop to), opened
 * once with O_NOFOLLOW, and every later change goes through that
 * descriptor (fchown, fchmod, fchownat, fchmodat), never by resolving the
 * path again.  Its mode never lets a client write into it: clients reach
 * ctl and the data sockets, and put their own return sockets elsewhere,
 * so nobody can unlink ctl or plant a socket for others.  An explicit
 * --dirmode that grants group or other write gets the sticky bit added.
 * ctl and the data sockets are owned by the account the switch runs as,
 * so that libvdeplug clients open their return sockets to it (spec 2.8).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "sandbox.h"
#include "sockdir.h"
#include "switchd.h"

static void dir_modes(const struct sw_config *c, mode_t *ctl, mode_t *dir)
{
	if (c->mode < 0 && c->dirmode < 0) {
		*ctl = 0600;
		*dir = 02700;
	} else if (c->dirmode < 0) {
		*ctl = c->mode;
		*dir = sockdir_dirmode(c->mode);
	} else if (c->mode < 0) {
		*ctl = c->dirmode & 0666;
		*dir = c->dirmode;
	} else {
		*ctl = c->mode;
		*dir = c->dirmode;
	}
	/* setgid: data sockets inherit the directory's group (-g) */
	*dir |= 0700 | S_ISGID;
	if (*dir & 022) {
		log_warn("--dirmode %04o lets others write the directory; adding the sticky bit",
			 (unsigned)*dir);
		*dir |= S_ISVTX;
	}
}

static int dir_open(struct sw *sw, uid_t uid)
{
	char real[PATH_MAX];
	struct stat st;
	int dfd;

	if (mkdir(sw->cfg.dir, 0700) == 0)
		sw->dir_created = true;
	else if (errno != EEXIST) {
		log_err("cannot create %s: %s", sw->cfg.dir, err_str(errno));
		return -errno;
	}
	dfd = open(sw->cfg.dir, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		int err = errno;

		if (!lstat(sw->cfg.dir, &st) && S_ISLNK(st.st_mode))
			log_err("%s is a symbolic link; refusing to follow it",
				sw->cfg.dir);
		else
			log_err("%s: %s", sw->cfg.dir, err_str(err));
		return -ENOTDIR;
	}
	if (fstat(dfd, &st) ||
	    (st.st_uid != geteuid() && st.st_uid != uid)) {
		log_err("%s belongs to uid %u; refusing to use it",
			sw->cfg.dir, (unsigned)st.st_uid);
		close(dfd);
		return -EPERM;
	}
	if (!realpath(sw->cfg.dir, real)) {
		close(dfd);
		return -errno;
	}
	/* room for "/ctl" and "/65534.2147483647" inside sun_path */
	if (strlen(real) + 18 >= sizeof(sw->dir)) {
		log_err("%s: path too long for a socket address", real);
		close(dfd);
		return -ENAMETOOLONG;
	}
	memcpy(sw->dir, real, strlen(real) + 1);
	return dfd;
}

/**
 * dir_setup() - create the switch directory and listen on DIR/ctl
 * @sw:		switch; cfg filled in
 * @uid:	account the switch will run as ((uid_t)-1: the current one)
 * @gid:	group for the directory and sockets ((gid_t)-1: leave)
 *
 * Leaves the process umask such that data sockets get the ctl mode.
 *
 * Return: 0 or negative errno (already logged).
 */
int dir_setup(struct sw *sw, uid_t uid, gid_t gid)
{
	mode_t ctlmode, dirmode;
	char err[256];
	int dfd, s, r;

	dir_modes(&sw->cfg, &ctlmode, &dirmode);
	dfd = dir_open(sw, uid);
	if (dfd < 0) {
		r = dfd;
		goto undo;
	}
	if (snprintf(sw->ctlpath, sizeof(sw->ctlpath), "%s/ctl", sw->dir) >=
	    (int)sizeof(sw->ctlpath)) {
		r = -ENAMETOOLONG;
		goto out;
	}
	/* a live switch here: touch nothing */
	if (sockdir_probe(dfd, "ctl", sw->ctlpath, true, err, sizeof(err))) {
		log_err("%s", err);
		r = -EEXIST;
		goto out;
	}
	/* as root, keep the directory root's until ctl is in place: its
	 * future owner (often a shared account) must not race us inside */
	if (geteuid() == 0 && fchown(dfd, 0, (gid_t)-1)) {
		r = -errno;
		log_err("chown %s: %s", sw->dir, err_str(r));
		goto out;
	}
	if (fchmod(dfd, dirmode)) {
		r = -errno;
		log_err("chmod %s: %s", sw->dir, err_str(r));
		goto out;
	}
	s = sockdir_listen(dfd, "ctl", sw->ctlpath, ctlmode, uid, gid, 128,
			   err, sizeof(err));
	/* data sockets get the ctl mode too */
	umask(~ctlmode & 0777);
	if (s < 0) {
		log_err("%s", err);
		r = -EIO;
		goto out;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(dfd, uid, gid)) {
		r = -errno;
		log_err("cannot set owner of %s: %s", sw->dir, err_str(r));
		close(s);
		unlinkat(dfd, "ctl", 0);
		goto out;
	}
	sw->ctl_fd = s;
	sw->ctlmode = ctlmode;
	r = 0;
	log_info("listening on %s (ctl mode %04o, dir mode %04o)",
		 sw->ctlpath, (unsigned)ctlmode, (unsigned)dirmode);
out:
	close(dfd);
undo:
	/* a failed start leaves nothing behind it created */
	if (r && sw->dir_created && rmdir(sw->cfg.dir))
		log_warn("cannot remove %s: %s", sw->cfg.dir, err_str(errno));
	return r;
}

/**
 * dir_mgmt_setup() - listen on the management socket (-M PATH)
 * @sw:		switch; cfg.mgmt set
 * @uid:	owner to give it ((uid_t)-1: leave)
 * @gid:	group to give it ((gid_t)-1: leave)
 *
 * Return: 0 or negative errno (already logged).
 */
int dir_mgmt_setup(struct sw *sw, uid_t uid, gid_t gid)
{
	char err[256];
	int s;

	sw->mgmtmode = sw->cfg.mgmtmode;
	s = sockdir_listen(AT_FDCWD, sw->cfg.mgmt, sw->cfg.mgmt, sw->mgmtmode,
			   uid, gid, 15, err, sizeof(err));
	if (s < 0) {
		log_err("%s", err);
		return -EIO;
	}
	sw->mgmt_fd = s;
	strcpy(sw->mgmtpath, sw->cfg.mgmt);
	log_info("management console on %s (mode %04o)", sw->mgmtpath,
		 (unsigned)sw->mgmtmode);
	return 0;
}

/**
 * dir_cleanup() - remove what the switch created, at exit
 * @sw:	switch
 *
 * Runs in the sandbox: failures (e.g. no right to remove the directory
 * from a root-owned parent) are logged, not fatal.
 */
void dir_cleanup(struct sw *sw)
{
	/* only what this process created: never another switch's files;
	 * under vde-privd, ctl, the console and the directory are privd's */
	if (sw->ps.active)
		return;
	if (sw->ctl_fd >= 0 && unlink(sw->ctlpath))
		log_debug("unlink %s: %s", sw->ctlpath, err_str(errno));
	/* outside the directory the sandbox usually forbids it: these are
	 * replaced as stale at the next start */
	if (sw->mgmt_fd >= 0 && unlink(sw->mgmtpath))
		log_info("console socket %s left behind: %s", sw->mgmtpath,
			 err_str(errno));
	if (sw->pid_written && unlink(sw->pidpath))
		log_info("pidfile %s left behind: %s", sw->pidpath,
			 err_str(errno));
	if (sw->ctl_fd >= 0 && rmdir(sw->dir))
		log_debug("rmdir %s: %s", sw->dir, err_str(errno));
}
