// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * setup.c - what only root can do for a switch: its directory, its ctl
 * and management listening sockets, its taps, and the child's view of the
 * file system.
 *
 * Paths from the policy are walked one component at a time from "/" with
 * openat(O_DIRECTORY|O_NOFOLLOW): a symbolic link anywhere is refused,
 * every existing ancestor must belong to root and must not be writable by
 * group or others unless it has the sticky bit (as sshd's StrictModes),
 * and everything after that is done relative to the descriptors, never by
 * resolving the path again.  Sockets are bound through
 * /proc/self/fd/DIRFD/NAME for the same reason.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "addr.h"
#include "log.h"
#include "privd.h"
#include "sockdir.h"
#include "tap.h"

#define ERR(...)	(snprintf(err, errlen, __VA_ARGS__), -1)

/* An ancestor directory we may trust */
static int dir_trusted(int fd, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st))
		return ERR("%s: %s", path, err_str(errno));
	if (st.st_uid != 0)
		return ERR("%s belongs to uid %u, not root", path,
			   (unsigned)st.st_uid);
	if ((st.st_mode & 022) && !(st.st_mode & S_ISVTX))
		return ERR("%s is writable by group or others (mode %04o) and not sticky",
			   path, (unsigned)(st.st_mode & 07777));
	return 0;
}

static int open_dir_at(int at, const char *name, const char *path,
		       char *err, size_t errlen)
{
	struct stat st;
	int fd;

	fd = openat(at, name, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (errno == ELOOP || errno == ENOTDIR) {
		if (!fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISLNK(st.st_mode))
			return ERR("%s is a symbolic link", path);
		return ERR("%s is not a directory", path);
	}
	return ERR("%s: %s", path, err_str(errno));
}

/**
 * walk_parent() - open the directory that holds the last component of @path
 * @path:	absolute, normalised (the policy parser checked)
 * @r:		if not NULL, create missing ancestors (root, 0755) and note
 *		them in @r; if NULL, only check: a missing ancestor ends the
 *		walk successfully (it would be created) and -2 is returned
 *
 * Return: descriptor of the parent, -2 (check mode, parent missing), or
 * -1 with @err set.
 */
static int walk_parent(const char *path, struct swres *r, char *err,
		       size_t errlen)
{
	char buf[POL_PATH_MAX], *comp, *slash;
	struct stat st;
	int fd, next;

	if (path[0] != '/' || strlen(path) >= sizeof(buf))
		return ERR("%s: not an absolute path", path);
	strcpy(buf, path);
	fd = open("/", O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || dir_trusted(fd, "/", err, errlen)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	comp = buf + 1;
	while ((slash = strchr(comp, '/'))) {
		*slash = '\0';
		if (r && mkdirat(fd, comp, 0755) == 0) {
			if (r->ncreated >= DIRS_CREATED_MAX) {
				close(fd);
				return ERR("%s: too many missing directories", buf);
			}
			strcpy(r->created[r->ncreated++], buf);
		} else if (!r && faccessat(fd, comp, F_OK, AT_SYMLINK_NOFOLLOW) &&
			   errno == ENOENT) {
			close(fd);
			return -2;
		}
		next = open_dir_at(fd, comp, buf, err, errlen);
		close(fd);
		if (next < 0 || dir_trusted(next, buf, err, errlen)) {
			if (next >= 0)
				close(next);
			return -1;
		}
		fd = next;
		*slash = '/';
		comp = slash + 1;
	}
	/* the directory that holds it: not even sticky, or the switch
	 * account could rename its own directory and plant another name
	 * where root later looks (clean-up, the child's bind mount) */
	*(comp - 1) = '\0';
	if (fstat(fd, &st) || (st.st_mode & 022)) {
		close(fd);
		return ERR("%s is writable by group or others (mode %04o)",
			   comp - 1 == buf ? "/" : buf,
			   (unsigned)(st.st_mode & 07777));
	}
	return fd;
}

static const char *base_name(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* Anything in @dfd but "." and ".."? */
static bool dir_has_entries(int dfd)
{
	struct dirent *e;
	bool any = false;
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return true;	/* cannot tell: as if not empty */
	}
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return any;
}

/* A directory we may hand to the switch account: its own already, or
 * root's and empty (never a tree of root's named by mistake) */
static int dir_owner_ok(int dfd, const char *path, uid_t swuid, char *err,
			size_t errlen)
{
	struct stat st;

	if (fstat(dfd, &st))
		return ERR("%s: %s", path, err_str(errno));
	if (st.st_uid != 0 && st.st_uid != swuid)
		return ERR("%s belongs to uid %u; refusing to use it", path,
			   (unsigned)st.st_uid);
	if (st.st_uid == 0 && dir_has_entries(dfd))
		return ERR("%s belongs to root and is not empty; refusing to give it to the switch account",
			   path);
	return 0;
}

/* Is a switch alive on the console socket's path? */
static int mgmt_probe(const struct pol_switch *s, bool fix, char *err,
		      size_t errlen)
{
	int pfd = walk_parent(s->mgmt, NULL, err, errlen), r;

	if (pfd < 0)
		return pfd == -2 ? 0 : -1;
	r = sockdir_probe(pfd, base_name(s->mgmt), s->mgmt, fix, err, errlen);
	close(pfd);
	return r;
}

/**
 * res_check() - everything res_setup() would refuse, without creating
 * anything: for `vde-privd -n` and before a (re)load touches the system
 * @ours:	a switch of ours runs there now: its sockets are alive
 */
int res_check(const struct policy *pol, int i, uid_t swuid, bool ours,
	      char *err, size_t errlen)
{
	const struct pol_switch *s = &pol->switches[i];
	int pfd, dfd;

	pfd = walk_parent(s->dir, NULL, err, errlen);
	if (pfd == -1)
		return -1;
	if (pfd >= 0) {
		dfd = openat(pfd, base_name(s->dir),
			     O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd < 0 && errno != ENOENT) {
			close(pfd);
			return ERR("%s: %s", s->dir,
				   errno == ENOTDIR || errno == ELOOP ?
				   "not a directory (or a symbolic link)" :
				   err_str(errno));
		}
		if (dfd >= 0 && (dir_owner_ok(dfd, s->dir, swuid, err, errlen) ||
				 (!ours && sockdir_probe(dfd, "ctl", s->dir,
						      false, err, errlen)))) {
			close(dfd);
			close(pfd);
			return -1;
		}
		if (dfd >= 0)
			close(dfd);
		close(pfd);
	}
	if (s->has_mgmt && !strncmp(s->mgmt, s->dir, strlen(s->dir)) &&
	    s->mgmt[strlen(s->dir)] == '/')
		return ERR("%s: the console socket must not be inside the switch directory",
			   s->mgmt);
	return s->has_mgmt && !ours ? mgmt_probe(s, false, err, errlen) : 0;
}

static int setup_dir(const struct pol_switch *s, uid_t swuid, gid_t swgid,
		     struct swres *r, char *err, size_t errlen)
{
	/* the switch account's group by default: libvdeplug clients give
	 * their return sockets to ctl's group (vde-wire.md 2.8) */
	gid_t grp = s->group == POL_ANY ? swgid : s->group;
	int pfd, dfd;
	bool made;

	pfd = walk_parent(s->dir, r, err, errlen);
	if (pfd < 0)
		return -1;
	made = mkdirat(pfd, base_name(s->dir), 0700) == 0;
	dfd = open_dir_at(pfd, base_name(s->dir), s->dir, err, errlen);
	close(pfd);
	if (dfd < 0)
		return -1;
	r->dir_made = made;
	/* a live switch here: touch nothing.  Then root's until ctl is in
	 * place: the account that will own it must not race us inside */
	if (dir_owner_ok(dfd, s->dir, swuid, err, errlen) ||
	    sockdir_probe(dfd, "ctl", s->dir, true, err, errlen) ||
	    fchown(dfd, 0, grp) || fchmod(dfd, 0700)) {
		if (!*err)
			(void)ERR("%s: %s", s->dir, err_str(errno));
		close(dfd);
		return -1;
	}
	r->ctl_fd = sockdir_listen(dfd, "ctl", s->dir, s->mode, swuid, grp,
				   128, err, errlen);
	if (r->ctl_fd < 0 || fchown(dfd, swuid, grp) ||
	    fchmod(dfd, sockdir_dirmode(s->mode))) {
		if (r->ctl_fd >= 0)
			(void)ERR("%s: %s", s->dir, err_str(errno));
		close(dfd);
		return -1;
	}
	close(dfd);
	return 0;
}

static int setup_mgmt(const struct pol_switch *s, struct swres *r,
		      char *err, size_t errlen)
{
	gid_t grp = s->mgmt_group != POL_ANY ? s->mgmt_group :
		    s->group != POL_ANY ? s->group : 0;
	int pfd;

	pfd = walk_parent(s->mgmt, r, err, errlen);
	if (pfd < 0)
		return -1;
	/* owned by the switch's owner (admin); the group may read */
	r->mgmt_fd = sockdir_listen(pfd, base_name(s->mgmt), s->mgmt,
				    s->mgmt_mode, s->owner, grp, 15, err,
				    errlen);
	close(pfd);
	return r->mgmt_fd < 0 ? -1 : 0;
}

/**
 * res_tap_open() - open (creating if absent) and configure one tap
 */
int res_tap_open(const struct pol_tap *t, int *fd, char *err, size_t errlen)
{
	char ifname[IFNAMSIZ];

	*fd = tap_open_config(t->name, t->mtu, t->has_mac ? t->mac : NULL,
			      !t->down, ifname);
	if (*fd < 0)
		return ERR("tap %s: %s", t->name, err_str(-*fd));
	return 0;
}

/* No descriptor held */
static void res_clear(struct swres *r)
{
	int t;

	r->ctl_fd = r->mgmt_fd = -1;
	for (t = 0; t < POL_TAP_MAX; t++)
		r->tap_fd[t] = -1;
	for (t = 0; t < POL_CABLE_MAX; t++)
		r->udp_fd[t] = -1;
}

/* The UDP socket of cable @c, bound to its listen address */
static int cable_socket(const struct pol_cable *c, int *fd, char *err,
			size_t errlen)
{
	struct sockaddr_storage ss;
	struct addr_err e;
	socklen_t len;

	if (addr_parse(c->listen, strlen(c->listen), &ss, &len, &e))
		return ERR("cable %s: listen %s: %s", c->name, c->listen,
			   e.msg);
	*fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		     0);
	if (*fd >= 0 && !bind(*fd, (struct sockaddr *)&ss, len))
		return 0;
	snprintf(err, errlen, "cable %s: listen %s: %s", c->name, c->listen,
		 err_str(errno));
	if (*fd >= 0)
		close(*fd);	/* unbound: the cable must not get it */
	*fd = -1;
	return -1;
}

/**
 * res_cables() - (re)bind the UDP sockets of @s's cables in @r
 * @s:		switch block
 * @r:		its resources; the cables' old sockets are closed first
 * @err:	reason on failure (later cables then have none)
 *
 * Return: 0 or -1.
 */
int res_cables(const struct pol_switch *s, struct swres *r, char *err,
	       size_t errlen)
{
	int t;

	for (t = 0; t < POL_CABLE_MAX; t++) {
		if (r->udp_fd[t] >= 0)
			close(r->udp_fd[t]);
		r->udp_fd[t] = -1;
	}
	for (t = 0; t < s->ncables; t++)
		if (cable_socket(&s->cables[t], &r->udp_fd[t], err, errlen))
			return -1;
	return 0;
}

/**
 * res_setup() - create switch @i's directory, sockets and taps
 * @pol:	policy
 * @i:		switch index
 * @swuid:	account the switch will run as
 * @swgid:	its group
 * @r:		filled in; on failure everything made so far is undone
 * @err:	reason on failure
 *
 * Return: 0 or -1.
 */
int res_setup(const struct policy *pol, int i, uid_t swuid, gid_t swgid,
	      struct swres *r, char *err, size_t errlen)
{
	const struct pol_switch *s = &pol->switches[i];
	int t;

	memset(r, 0, sizeof(*r));
	res_clear(r);
	*err = '\0';
	if ((s->has_mgmt && mgmt_probe(s, true, err, errlen)) ||
	    setup_dir(s, swuid, swgid, r, err, errlen) ||
	    (s->has_mgmt && setup_mgmt(s, r, err, errlen)))
		goto fail;
	for (t = 0; t < s->ntaps; t++) {
		if (res_tap_open(&s->taps[t], &r->tap_fd[t], err, errlen))
			goto fail;
		strcpy(r->tap_name[t], s->taps[t].name);
	}
	if (res_cables(s, r, err, errlen))
		goto fail;
	return 0;
fail:
	res_release(s, r);
	return -1;
}

/* Remove the sockets directly inside the switch directory (ctl, data
 * sockets a killed child left), by descriptor, never recursing */
static void empty_dir(const char *path)
{
	char name[NAME_MAX + 1];
	struct stat st;
	int dfd;
	DIR *d;
	struct dirent *e;

	dfd = open(path, O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return;
	}
	while ((e = readdir(d))) {
		snprintf(name, sizeof(name), "%s", e->d_name);
		if (!fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISSOCK(st.st_mode))
			unlinkat(dfd, name, 0);
	}
	closedir(d);
}

/**
 * res_release() - close what res_setup() opened and remove what it made
 */
void res_release(const struct pol_switch *s, struct swres *r)
{
	int t, pfd;

	if (r->ctl_fd >= 0) {
		close(r->ctl_fd);
		empty_dir(s->dir);
	}
	if (r->mgmt_fd >= 0) {
		close(r->mgmt_fd);
		pfd = walk_parent(s->mgmt, NULL, (char[128]){ 0 }, 128);
		if (pfd >= 0) {
			unlinkat(pfd, base_name(s->mgmt), 0);
			close(pfd);
		}
	}
	for (t = 0; t < POL_TAP_MAX; t++)
		if (r->tap_fd[t] >= 0)
			close(r->tap_fd[t]);
	for (t = 0; t < POL_CABLE_MAX; t++)
		if (r->udp_fd[t] >= 0)
			close(r->udp_fd[t]);
	if (r->dir_made && rmdir(s->dir) && errno != ENOENT)
		log_warn("cannot remove %s: %s", s->dir, err_str(errno));
	r->dir_made = false;
	while (r->ncreated > 0)
		if (rmdir(r->created[--r->ncreated]) && errno != ENOENT)
			log_warn("cannot remove %s: %s",
				 r->created[r->ncreated], err_str(errno));
	res_clear(r);
}

/* What a switch sees of the host, read-only but for its directory:
 * the program's libraries and /etc (ld.so.cache, passwd and group for
 * names, localtime), where clients put return sockets, /proc (the
 * return-socket check connects through /proc/self/fd), the log socket */
static const char *const view_paths[] = {
	"/usr", "/etc", "/tmp", "/var/tmp", "/proc", "/dev/log",
};

#define VIEW_ROOT	"/tmp"		/* where the new root is built */

/* mkdir -p of @path under the new root; a file for the last component if
 * @file (a bind target for a socket) */
static int view_mkdirs(const char *path, bool file)
{
	char buf[PATH_MAX], *p;
	int fd;

	if (snprintf(buf, sizeof(buf), VIEW_ROOT "%s", path) >=
	    (int)sizeof(buf))
		return -1;
	for (p = buf + sizeof(VIEW_ROOT); (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (!file)
		return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
	fd = open(buf, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Copy "/" entries that are symbolic links (bin -> usr/bin, lib64 ...) */
static void view_links(void)
{
	char target[PATH_MAX], at[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir("/");
	ssize_t n;

	while (d && (e = readdir(d))) {
		n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		snprintf(at, sizeof(at), VIEW_ROOT "/%s", e->d_name);
		(void)!symlink(target, at);
	}
	if (d)
		closedir(d);
}

/**
 * res_child_view() - the file system as a switch child sees it
 * @dir:	the switch directory, the only place it may write
 *
 * Runs in the forked child, in its new mount namespace, before it drops
 * root.  The root becomes an empty tmpfs holding only view_paths and
 * @dir, each a bind of the host's, everything read-only, nosuid and
 * nodev but @dir.  Client return sockets (in the switch directory, /tmp,
 * /var/tmp) stay reachable, since connect() needs no write access; other
 * switches' directories, home directories and the rest of the host are
 * not there at all.
 *
 * Return: 0 or negative errno.
 */
int res_child_view(const char *dir)
{
	struct mount_attr ro = {
		.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
			    MOUNT_ATTR_NODEV,
	};
	struct mount_attr rw = { .attr_clr = MOUNT_ATTR_RDONLY };
	int tree[ARRAY_SIZE(view_paths) + 1];
	const char *path;
	char at[PATH_MAX];
	struct stat st;
	size_t i;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	/* detached copies first: the new root is built over /tmp */
	for (i = 0; i <= ARRAY_SIZE(view_paths); i++) {
		path = i < ARRAY_SIZE(view_paths) ? view_paths[i] : dir;
		tree[i] = open_tree(AT_FDCWD, path, OPEN_TREE_CLONE |
				    OPEN_TREE_CLOEXEC | AT_RECURSIVE);
		if (tree[i] < 0 && (errno != ENOENT || path == dir))
			return -errno;
	}
	if (mount("vde-root", VIEW_ROOT, "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755,size=256k"))
		return -errno;
	view_links();
	for (i = 0; i <= ARRAY_SIZE(view_paths); i++) {
		path = i < ARRAY_SIZE(view_paths) ? view_paths[i] : dir;
		if (tree[i] < 0)
			continue;
		snprintf(at, sizeof(at), VIEW_ROOT "%s", path);
		if (fstat(tree[i], &st) || view_mkdirs(path, !S_ISDIR(st.st_mode)) ||
		    move_mount(tree[i], "", AT_FDCWD, at,
			       MOVE_MOUNT_F_EMPTY_PATH))
			return -errno;
		close(tree[i]);
	}
	if (chdir(VIEW_ROOT) || syscall(SYS_pivot_root, ".", ".") ||
	    umount2(".", MNT_DETACH) || chdir("/") ||
	    mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) ||
	    mount_setattr(AT_FDCWD, dir, 0, &rw, sizeof(rw)))
		return -errno;
	return 0;
}
