/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * sandbox.h - drop identity, capabilities and syscalls before reading input.
 */
#ifndef VDE_SANDBOX_H
#define VDE_SANDBOX_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "util.h"

enum sandbox_profile {
	SANDBOX_SWITCHD,	/* vde-switchd: ctl/data sockets, taps */
	SANDBOX_PLUG,		/* vde-plug: stream relay, re-attaching */
	SANDBOX_CABLE,		/* vde-cable: datagrams, epoll, TCP redial */
	SANDBOX__COUNT
};

/* SANDBOX_CABLE: what the mode adds to the UDP allowlist */
enum sandbox_cable_flags {
	SANDBOX_CABLE_ACCEPT	= 1 << 0,	/* -M or --stream --listen */
	SANDBOX_CABLE_DIAL	= 1 << 1,	/* --stream --connect */
};

/* What a process may still change under a directory (Landlock) */
enum sandbox_fs_access {
	SANDBOX_FS_MAKE_SOCK	= 1 << 0,	/* bind an AF_UNIX socket */
	SANDBOX_FS_REMOVE_FILE	= 1 << 1,	/* unlink */
	SANDBOX_FS_REMOVE_DIR	= 1 << 2,	/* rmdir */
};

/**
 * struct sandbox_fs_rule - one directory a sandboxed process may change
 * @path:	the directory (and everything beneath it)
 * @access:	enum sandbox_fs_access
 */
struct sandbox_fs_rule {
	const char *path;
	unsigned int access;
};

/* at most this many rules */
#define SANDBOX_FS_RULES_MAX	4

/**
 * struct sandbox_cfg - what sandbox_enter() does
 * @profile:	which seccomp allowlist
 * @drop_ids:	change to @uid/@gid (process must be root)
 * @uid:	unprivileged user
 * @gid:	its primary group
 * @groups:	supplementary groups to keep (e.g. the switch's group)
 * @ngroups:	how many
 * @nofile:	RLIMIT_NOFILE to set, 0 to leave it
 * @seccomp_log: log instead of kill on a violation (developer mode)
 * @cable:	SANDBOX_CABLE only: enum sandbox_cable_flags
 * @fs:		with @nfs > 0: every change to the file system (create,
 *		remove, write, rename, link) is refused by Landlock except
 *		what these rules allow; 0: no Landlock ruleset
 * @nfs:	how many rules (at most SANDBOX_FS_RULES_MAX)
 */
struct sandbox_cfg {
	enum sandbox_profile profile;
	bool drop_ids;
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	int ngroups;
	rlim_t nofile;
	bool seccomp_log;
	unsigned int cable;
	struct sandbox_fs_rule fs[SANDBOX_FS_RULES_MAX];
	unsigned int nfs;
};

int sandbox_lookup_user(const char *name, uid_t *uid, gid_t *gid) __must_check;
int sandbox_lookup_group(const char *name, gid_t *gid) __must_check;
rlim_t sandbox_raise_nofile(rlim_t want);
void sandbox_enter(const struct sandbox_cfg *cfg);
void sandbox_drop_ids(uid_t uid, gid_t gid, const gid_t *groups,
		      int ngroups);
int sandbox_export_pfc(enum sandbox_profile profile, unsigned int cable,
		       int fd) __must_check;

#endif /* VDE_SANDBOX_H */
