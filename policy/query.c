// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * query.c - `vde-privd -C FILE QUERY`: what would the policy decide?
 * Part of the vdepolicyfile library (it reads the file and the user
 * database), not of the daemon.
 *
 *   vde-privd -C /etc/vde/policy.conf user alice switch lan vlan 20
 *   permit (rule at line 14)
 *
 * The user's groups are the ones the kernel would report for a process
 * of that user started by login (getgrouplist), which is what
 * SO_PEERGROUPS shows for a client started the usual way.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static int query_usage(void)
{
	fprintf(stderr,
		"usage: vde-privd -C FILE user NAME|uid N switch NAME [vlan V] [mgmt read|admin]\n");
	return 2;
}

static int num(const char *s, unsigned long max, uint32_t *v)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (!*s || *end || n > max || *s == '-')
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* Fill in @q's identity from "user NAME" or "uid N" */
static int query_who(const char *kw, const char *arg, struct pol_query *q,
		     gid_t *groups, int *ngroups)
{
	struct passwd *pw = NULL;

	if (!strcmp(kw, "user"))
		pw = getpwnam(arg);
	else if (!strcmp(kw, "uid") && !num(arg, UINT32_MAX - 1, &q->uid))
		pw = getpwuid(q->uid);
	else
		return query_usage();
	if (!pw && !strcmp(kw, "user")) {
		fprintf(stderr, "vde-privd: unknown user '%s'\n", arg);
		return 1;
	}
	if (!pw) {
		/* a uid without an account: no groups at all */
		q->gid = UINT32_MAX;
		*ngroups = 0;
		return 0;
	}
	q->uid = pw->pw_uid;
	q->gid = pw->pw_gid;
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, ngroups) < 0) {
		fprintf(stderr, "vde-privd: %s is in too many groups\n", arg);
		return 1;
	}
	return 0;
}

/**
 * policy_query_main() - the -C tool: parse @argv, print the decision
 * @file:	policy file (owned by root, as for the daemon)
 * @argc:	words after the file name
 * @argv:	"user NAME|uid N switch NAME [vlan V | mgmt read|admin]"
 *
 * Return: exit status: 0 permit, 3 deny, 1 error, 2 usage.
 */
int policy_query_main(const char *file, int argc, char **argv)
{
	struct pol_query q = { .vlan = POL_VLAN_NONE, .mgmt = POL_MGMT_NONE };
	const struct pol_rule *r;
	struct policy pol;
	struct pol_error e;
	char buf[600];
	gid_t groups[1024];
	int ngroups = ARRAY_SIZE(groups), i, ret, sw;

	if (argc < 4 || strcmp(argv[2], "switch") || (argc != 4 &&
						       argc != 6))
		return query_usage();
	ret = query_who(argv[0], argv[1], &q, groups, &ngroups);
	if (ret)
		return ret;
	q.groups = groups;
	q.ngroups = ngroups;
	if (argc == 6 && !strcmp(argv[4], "vlan")) {
		uint32_t v;

		if (num(argv[5], POL_VLAN_MAX, &v))
			return query_usage();
		q.vlan = (uint16_t)v;
	} else if (argc == 6 && !strcmp(argv[4], "mgmt")) {
		if (!strcmp(argv[5], "read"))
			q.mgmt = POL_MGMT_READ;
		else if (!strcmp(argv[5], "admin"))
			q.mgmt = POL_MGMT_ADMIN;
		else
			return query_usage();
	} else if (argc == 6) {
		return query_usage();
	}
	if (policy_load_file(file, 0, &pol, &e)) {
		fprintf(stderr, "vde-privd: %s\n",
			policy_error_str(&e, buf, sizeof(buf)));
		return 1;
	}
	sw = policy_find_switch(&pol, argv[3]);
	if (sw < 0) {
		fprintf(stderr, "vde-privd: %s declares no switch '%s'\n",
			file, argv[3]);
		policy_free(&pol);
		return 1;
	}
	q.sw = (uint32_t)sw;
	r = policy_decide(&pol, &q);
	if (!r)
		printf("deny (default)\n");
	else
		printf("%s (rule at %s%sline %d)\n",
		       policy_permits(r, &q) ? "permit" : "deny",
		       r->file[0] ? r->file : "", r->file[0] ? " " : "",
		       r->line);
	i = r && policy_permits(r, &q);
	policy_free(&pol);
	return i ? 0 : 3;
}
