// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_policy.c - fuzz target for the policy.conf parser (policy/).
 *
 * The input is a policy file.  It is parsed with a fake resolver (a few
 * users and groups; every other name is unknown) and a fake include
 * callback (a few fixed texts, one of which includes itself; every other
 * path fails; /etc/vde/d1.conf .. d9.conf include each other in a chain
 * one deeper than allowed, /etc/vde/empty/ANY is empty).  Invariants:
 * - a refusal has a non-empty, printable message and a position;
 * - an accepted policy respects every limit of policy.conf(5);
 * - its canonical form (policy_write()) parses without callbacks to an
 *   equal policy, and writing that gives the same bytes again;
 * - a text that parses without callbacks parses the same with them;
 * - policy_decide() answers with one of the policy's rules or NULL, and
 *   never with a rule that contradicts the question's kind.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "policy.h"

static const struct {
	const char *name;
	bool group;
	uint32_t id, gid;
} fz_names[] = {
	{ "root", false, 0, 0 },	{ "_vde", false, 107, 113 },
	{ "alice", false, 1000, 1000 },	{ "bob", false, 1001, 110 },
	{ "kvm", true, 110, 0 },	{ "netadm", true, 120, 0 },
};

static int fz_resolve(void *ctx, bool group, const char *name, uint32_t *id,
		      uint32_t *gid)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(fz_names) / sizeof(fz_names[0]); i++) {
		if (fz_names[i].group != group ||
		    strcmp(fz_names[i].name, name))
			continue;
		*id = fz_names[i].id;
		if (gid)
			*gid = fz_names[i].gid;
		return 0;
	}
	return -1;
}

static const struct {
	const char *path;
	const char *text;
} fz_files[] = {
	{ "/etc/vde/a.conf",
	  "include \"/etc/vde/b.conf\"\npermit user alice\n" },
	{ "/etc/vde/b.conf", "switch inc {\n\tdir /run/vde/inc\n}\n" },
	{ "/etc/vde/loop.conf", "include /etc/vde/loop.conf\n" },
	{ "/etc/vde/rules.conf", "permit group kvm switch any vlan 10\n" },
};

/* /etc/vde/dN.conf includes d(N+1).conf; d9.conf holds a rule */
static char *fz_chain(const char *path)
{
	char buf[64];
	int n;

	if (strlen(path) != 16 || strncmp(path, "/etc/vde/d", 10) ||
	    strcmp(path + 11, ".conf") || path[10] < '1' || path[10] > '9')
		return NULL;
	n = path[10] - '0';
	if (n == 9)
		return strdup("permit uid 9\n");
	snprintf(buf, sizeof(buf), "include /etc/vde/d%d.conf\n", n + 1);
	return strdup(buf);
}

static int fz_include(void *ctx, const char *path, char **text, size_t *len,
		      char *err, size_t errlen)
{
	size_t i;

	(void)ctx;
	if (!strncmp(path, "/etc/vde/empty/", 15)) {
		*text = NULL;
		*len = 0;
		return 0;
	}
	*text = fz_chain(path);
	if (*text) {
		*len = strlen(*text);
		return 0;
	}
	for (i = 0; i < sizeof(fz_files) / sizeof(fz_files[0]); i++) {
		if (strcmp(fz_files[i].path, path))
			continue;
		*text = strdup(fz_files[i].text);
		*len = strlen(fz_files[i].text);
		return *text ? 0 : -1;
	}
	snprintf(err, errlen, "No such file or directory");
	return -1;
}

static const struct pol_ops fz_ops = { fz_resolve, fz_include, NULL };

static void check_error(const struct pol_error *e)
{
	size_t i, n = strnlen(e->msg, sizeof(e->msg));

	FUZZ_CHECK(n > 0 && n < sizeof(e->msg));
	for (i = 0; i < n; i++)
		FUZZ_CHECK(e->msg[i] >= 0x20 && e->msg[i] < 0x7f);
	FUZZ_CHECK(strnlen(e->file, sizeof(e->file)) < sizeof(e->file));
	FUZZ_CHECK(e->line >= 1 && e->col >= 1);
	FUZZ_CHECK(e->col <= POL_LINE_MAX + 1);
}

static void check_switch(const struct pol_switch *sw)
{
	int i, j;

	FUZZ_CHECK(sw->name[0] && strlen(sw->name) < POL_NAME_MAX);
	FUZZ_CHECK(sw->dir[0] == '/' && strlen(sw->dir) < POL_PATH_MAX);
	FUZZ_CHECK(!strstr(sw->dir, "//") && !strstr(sw->dir, "/./") &&
		   !strstr(sw->dir, "/../"));
	FUZZ_CHECK(sw->ports >= 1 && sw->ports <= POL_PORTS_MAX);
	FUZZ_CHECK(sw->mode >= 0600 && sw->mode <= 0777);
	FUZZ_CHECK(!sw->has_mgmt || (sw->mgmt_mode >= 0600 &&
				     sw->mgmt_mode <= 0777));
	FUZZ_CHECK(!(sw->vlans[0] & 1) && !(sw->vlans[511] & 0x80));
	FUZZ_CHECK(sw->ntaps >= 0 && sw->ntaps <= POL_TAP_MAX);
	for (i = 0; i < sw->ntaps; i++) {
		const struct pol_tap *t = &sw->taps[i];

		FUZZ_CHECK(t->name[0] && strlen(t->name) < POL_IFNAME_MAX);
		FUZZ_CHECK(t->port >= 1 && t->port <= sw->ports);
		FUZZ_CHECK(t->vlan <= POL_VLAN_MAX);
		FUZZ_CHECK(!t->mtu || (t->mtu >= 68 && t->mtu <= 65535));
		FUZZ_CHECK(!t->has_mac || !(t->mac[0] & 1));
		for (j = 0; j < i; j++)
			FUZZ_CHECK(t->port != sw->taps[j].port);
	}
}

static void check_policy(const struct policy *p)
{
	int i;

	FUZZ_CHECK(p->nswitches >= 0 && p->nswitches <= POL_SWITCH_MAX);
	FUZZ_CHECK(p->nrules >= 0 && p->nrules <= POL_RULE_MAX);
	FUZZ_CHECK(!p->has_user || p->uid != 0);
	for (i = 0; i < p->nswitches; i++)
		check_switch(&p->switches[i]);
	for (i = 0; i < p->nrules; i++) {
		const struct pol_rule *r = &p->rules[i];

		FUZZ_CHECK(r->sw == POL_ANY || r->sw < (uint32_t)p->nswitches);
		FUZZ_CHECK(r->trunk == (r->trunk_vlans != NULL));
		FUZZ_CHECK(r->vlan == POL_VLAN_NONE ||
			   r->vlan <= POL_VLAN_MAX);
		FUZZ_CHECK(r->port_lo <= r->port_hi);
		FUZZ_CHECK(r->permit || (r->vlan == POL_VLAN_NONE &&
			   !r->trunk && !r->maxports && !r->maclock &&
			   !r->port_lo));
		FUZZ_CHECK(r->mgmt == POL_MGMT_NONE || (r->vlan ==
			   POL_VLAN_NONE && !r->trunk && !r->maxports &&
			   !r->maclock && !r->port_lo));
	}
}

static char *write_str(const struct policy *p)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	FUZZ_CHECK(f);
	FUZZ_CHECK(policy_write(p, f) == 0);
	FUZZ_CHECK(fclose(f) == 0);
	return buf;
}

/* Canonical form: parses back equal, writes again the same bytes */
static void check_canonical(const struct policy *p)
{
	struct pol_error e;
	struct policy again;
	char *w1, *w2;

	w1 = write_str(p);
	if (policy_parse(w1, strlen(w1), "canonical", NULL, &again, &e)) {
		fprintf(stderr, "canonical:%d:%d: %s\n%s", e.line, e.col,
			e.msg, w1);
		abort();
	}
	FUZZ_CHECK(policy_equal(p, &again));
	w2 = write_str(&again);
	FUZZ_CHECK(!strcmp(w1, w2));
	free(w2);
	free(w1);
	policy_free(&again);
}

/* Ask about every identity the rules name, on every VLAN kind */
static void check_decide(const struct policy *p)
{
	static const uint16_t vlans[] = { POL_VLAN_NONE, 1, 10, 4094 };
	uint32_t groups[2];
	int i, k;

	for (i = 0; i < p->nrules && i < 64; i++) {
		struct pol_query q = { .uid = p->rules[i].id, .gid = 1,
				       .groups = groups, .ngroups = 2 };

		groups[0] = p->rules[i].id;
		groups[1] = 110;
		q.sw = p->rules[i].sw == POL_ANY ? 0 : p->rules[i].sw;
		for (k = 0; k < 12; k++) {
			const struct pol_rule *r;

			q.vlan = vlans[k % 4];
			q.mgmt = (enum pol_mgmt)(k / 4);
			r = policy_decide(p, &q);
			if (!r)
				continue;
			FUZZ_CHECK(r >= p->rules && r < p->rules + p->nrules);
			FUZZ_CHECK(r->sw == POL_ANY || r->sw == q.sw);
			if (q.mgmt == POL_MGMT_NONE)
				FUZZ_CHECK(r->mgmt == POL_MGMT_NONE);
			if (policy_permits(r, &q) && q.vlan != POL_VLAN_NONE &&
			    q.mgmt == POL_MGMT_NONE)
				FUZZ_CHECK(policy_vlan_ok(r, q.vlan));
			if (!r->permit)
				FUZZ_CHECK(!policy_permits(r, &q));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct policy p, bare;
	struct pol_error e;
	int ret, ret_bare;

	ret = policy_parse(text, size, "fuzz.conf", &fz_ops, &p, &e);
	if (ret) {
		FUZZ_CHECK(ret == -1);
		FUZZ_CHECK(!p.switches && !p.rules && !p.nrules);
		check_error(&e);
	} else {
		check_policy(&p);
		check_canonical(&p);
		check_decide(&p);
	}
	/* without callbacks: names and includes refused, the rest alike */
	ret_bare = policy_parse(text, size, "fuzz.conf", NULL, &bare, &e);
	if (!ret_bare) {
		FUZZ_CHECK(!ret);
		FUZZ_CHECK(policy_equal(&p, &bare));
		policy_free(&bare);
	} else {
		check_error(&e);
	}
	if (!ret)
		policy_free(&p);
	return 0;
}
