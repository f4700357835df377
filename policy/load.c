// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * load.c - policy_load_file(): read a policy file and the files it
 * includes, resolving names with the system's user and group databases.
 * The one part of policy/ that does I/O; built as its own library so the
 * parser (libvdepolicy) stays pure.  Used by vde-privd (files owned by
 * root) and vde-switchd --policy (root's or the switch owner's).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"

#define POLICY_FILE_MAX	(1u << 20)

static int resolve(void *ctx, bool group, const char *name, uint32_t *id,
		   uint32_t *gid)
{
	struct passwd *pw;
	struct group *gr;

	if (group) {
		gr = getgrnam(name);
		if (gr)
			*id = gr->gr_gid;
		return gr ? 0 : -1;
	}
	pw = getpwnam(name);
	if (!pw)
		return -1;
	*id = pw->pw_uid;
	if (gid)
		*gid = pw->pw_gid;
	return 0;
}

/* A regular file, at most 1 MiB, owned by root or *@ctx, not writable by
 * group or others (doas and sshd StrictModes) */
static int read_file(void *ctx, const char *path, char **text, size_t *len,
		     char *err, size_t errlen)
{
	uid_t owner = *(const uid_t *)ctx;
	const char *why = NULL;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_uid != 0 && st.st_uid != owner)
		why = owner ? "owned by neither root nor the switch owner" :
			      "not owned by root";
	else if (st.st_mode & 022)
		why = "writable by group or others";
	else if (st.st_size > POLICY_FILE_MAX)
		why = "larger than 1 MiB";
	else if (!(*text = malloc((size_t)st.st_size + 1)))
		why = "out of memory";
	if (why) {
		snprintf(err, errlen, "%s", why);
		close(fd);
		return -1;
	}
	n = read(fd, *text, (size_t)st.st_size + 1);
	close(fd);
	if (n < 0 || n > st.st_size) {
		free(*text);
		snprintf(err, errlen, "read error, or the file changed");
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

/**
 * policy_load_file() - read, check and parse a policy file
 * @path:	the file
 * @owner:	uid that may own it besides root (0: root only)
 * @pol:	result, as policy_parse()
 * @err:	the error, with the file's name (line 0: about the file)
 *
 * Return: 0 or -1.
 */
int policy_load_file(const char *path, uid_t owner, struct policy *pol,
		     struct pol_error *err)
{
	struct pol_ops ops = { resolve, read_file, &owner };
	size_t len;
	char *text;
	int r;

	memset(err, 0, sizeof(*err));
	if (read_file(&owner, path, &text, &len, err->msg, sizeof(err->msg))) {
		snprintf(err->file, sizeof(err->file), "%s", path);
		return -1;
	}
	r = policy_parse(text, len, path, &ops, pol, err);
	free(text);
	return r;
}

/**
 * policy_error_str() - "FILE:LINE:COL: message" (or "FILE: message")
 */
const char *policy_error_str(const struct pol_error *e, char *buf,
			     size_t len)
{
	if (e->line)
		snprintf(buf, len, "%s:%d:%d: %s", e->file, e->line, e->col,
			 e->msg);
	else
		snprintf(buf, len, "%s: %s", e->file, e->msg);
	return buf;
}
