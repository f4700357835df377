// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * names.c - user and group names for the console, read before the sandbox.
 *
 * The sandboxed switch cannot open /etc/passwd, so the account databases
 * are copied once at start-up (bounded) and looked up from memory; an id
 * that is not in the copy is printed as a number, as vde_switch does for
 * unknown users.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt.h"

#define NAMES_MAX	65536
#define NAME_LEN	32

struct name {
	uint32_t id;
	char name[NAME_LEN];
};

static struct name *users, *groups;
static size_t nusers, ngroups;

static void names_add(struct name **tab, size_t *n, uint32_t id,
		      const char *name)
{
	struct name *t;

	if (*n >= NAMES_MAX || strlen(name) >= NAME_LEN)
		return;
	if (*n % 64 == 0) {
		t = realloc(*tab, (*n + 64) * sizeof(**tab));
		if (!t)
			return;
		*tab = t;
	}
	(*tab)[*n].id = id;
	strcpy((*tab)[*n].name, name);
	(*n)++;
}

/**
 * names_load() - copy the user and group databases; call before the sandbox
 */
void names_load(void)
{
	struct passwd *pw;
	struct group *gr;
	FILE *f;

	/* the files themselves: enumerating through NSS would map
	 * libnss_systemd and friends (about 700 KiB resident) for good */
	f = fopen("/etc/passwd", "re");
	while (f && (pw = fgetpwent(f)))
		names_add(&users, &nusers, pw->pw_uid, pw->pw_name);
	if (f)
		fclose(f);
	f = fopen("/etc/group", "re");
	while (f && (gr = fgetgrent(f)))
		names_add(&groups, &ngroups, gr->gr_gid, gr->gr_name);
	if (f)
		fclose(f);
}

static const char *names_find(const struct name *t, size_t n, uint32_t id,
			      char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	snprintf(buf, len, "%u", id);
	return buf;
}

/**
 * names_user() - name of a uid, or the number
 * @uid:	user id
 * @buf:	room for the number
 * @len:	its size
 *
 * Return: the name (static storage or @buf).
 */
const char *names_user(uint32_t uid, char *buf, size_t len)
{
	return names_find(users, nusers, uid, buf, len);
}

/**
 * names_group() - name of a gid, or the number
 * @gid:	group id
 * @buf:	room for the number
 * @len:	its size
 *
 * Return: the name (static storage or @buf).
 */
const char *names_group(uint32_t gid, char *buf, size_t len)
{
	return names_find(groups, ngroups, gid, buf, len);
}

static int names_parse(const struct name *t, size_t n, const char *s,
		       uint32_t *id)
{
	unsigned long v;
	char *end;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(t[i].name, s)) {
			*id = t[i].id;
			return 0;
		}
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v >= UINT32_MAX || *s == '-')
		return -ENOENT;
	*id = (uint32_t)v;
	return 0;
}

/**
 * names_parse_user() - a user name or number
 * @s:		text
 * @uid:	result
 *
 * Return: 0 or -ENOENT.
 */
int names_parse_user(const char *s, uint32_t *uid)
{
	return names_parse(users, nusers, s, uid);
}

/**
 * names_parse_group() - a group name or number
 * @s:		text
 * @gid:	result
 *
 * Return: 0 or -ENOENT.
 */
int names_parse_group(const char *s, uint32_t *gid)
{
	return names_parse(groups, ngroups, s, gid);
}
