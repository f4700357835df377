// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * write.c - the canonical resolved form of a policy (policy.conf(5),
 * "CANONICAL FORM").
 *
 * What vde-privd prints for "-n" and hands to each vde-switchd: numbers
 * instead of names, no includes or comments, every switch block before
 * the rules (rules name switches by index, so the order of rules among
 * themselves is all that matters), every default of a block written out,
 * one statement per line, tabs inside blocks.  Long VLAN lists are
 * continued with a backslash so that no line exceeds POL_LINE_MAX.  The
 * output parses back to an equal policy (policy_equal()), and writing
 * that again gives the same bytes; tests/unit/test_policy.c and
 * tests/fuzz/fuzz_policy.c check both.
 */
#include <string.h>

#include "parse.h"

enum { VLANS_PER_LINE = 16 };

/* A word, in double quotes if it holds a byte that would end or change it */
static void put_word(FILE *f, const char *s)
{
	if (*s && !strpbrk(s, " \t#\"{}\\")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* " V V V", a continued line after every VLANS_PER_LINE VLANs */
static void put_vlans(FILE *f, const uint8_t *map, const char *indent)
{
	unsigned int v, n = 0;

	for (v = 1; v <= POL_VLAN_MAX; v++) {
		if (!vbit(map, v))
			continue;
		if (n && !(n % VLANS_PER_LINE))
			fprintf(f, " \\\n%s%u", indent, v);
		else
			fprintf(f, " %u", v);
		n++;
	}
}

static bool map_empty(const uint8_t *map)
{
	unsigned int i;

	for (i = 0; i < POL_VMAP; i++)
		if (map[i])
			return false;
	return true;
}

static void put_tap(FILE *f, const struct pol_tap *t)
{
	fputs("\ttap ", f);
	put_word(f, t->name);
	fprintf(f, " port %u vlan %u", t->port, t->vlan);
	if (t->mtu)
		fprintf(f, " mtu %u", t->mtu);
	if (t->has_mac)
		fprintf(f, " mac %02x:%02x:%02x:%02x:%02x:%02x", t->mac[0],
			t->mac[1], t->mac[2], t->mac[3], t->mac[4], t->mac[5]);
	if (t->down)
		fputs(" down", f);
	if (t->stp)
		fputs(" stp", f);
	fputc('\n', f);
}

static void put_switch(FILE *f, const struct pol_switch *sw)
{
	int i;

	fprintf(f, "switch %s {\n\tdir ", sw->name);
	put_word(f, sw->dir);
	fprintf(f, "\n\towner uid %u\n", sw->owner);
	if (sw->group != POL_ANY)
		fprintf(f, "\tgroup gid %u\n", sw->group);
	fprintf(f, "\tmode %04o\n\tports %u\n", sw->mode, sw->ports);
	if (sw->hub)
		fputs("\thub\n", f);
	if (!map_empty(sw->vlans)) {
		fputs("\tvlans", f);
		put_vlans(f, sw->vlans, "\t\t");
		fputc('\n', f);
	}
	if (sw->has_mgmt) {
		fputs("\tmgmt ", f);
		put_word(f, sw->mgmt);
		if (sw->mgmt_group != POL_ANY)
			fprintf(f, " group gid %u", sw->mgmt_group);
		fprintf(f, " mode %04o\n", sw->mgmt_mode);
	}
	for (i = 0; i < sw->ntaps; i++)
		put_tap(f, &sw->taps[i]);
	fputs("}\n", f);
}

static void put_rule(FILE *f, const struct policy *pol,
		     const struct pol_rule *r)
{
	static const char *const kind[] = { "any", "uid", "gid" };
	static const char *const level[] = { "", "read", "admin" };

	fputs(r->permit ? "permit " : "deny ", f);
	if (r->kind == POL_ID_ANY)
		fputs("any", f);
	else
		fprintf(f, "%s %u", kind[r->kind], r->id);
	fprintf(f, " switch %s", r->sw == POL_ANY ? "any" :
				 pol->switches[r->sw].name);
	if (r->trunk) {
		fputs(" vlan {", f);
		put_vlans(f, r->trunk_vlans, "\t");
		fputs(" } trunk", f);
	} else if (r->vlan != POL_VLAN_NONE) {
		fprintf(f, " vlan %u", r->vlan);
	}
	if (r->maxports)
		fprintf(f, " maxports %u", r->maxports);
	if (r->maclock)
		fputs(" maclock", f);
	if (r->port_lo)
		fprintf(f, " port %u-%u", r->port_lo, r->port_hi);
	if (r->mgmt != POL_MGMT_NONE)
		fprintf(f, " mgmt %s", level[r->mgmt]);
	/* where it was written, for the switch's log lines */
	if (r->line > 0)
		fprintf(f, " line %d", r->line);
	if (r->file[0]) {
		fputs(" file ", f);
		put_word(f, r->file);
	}
	fputc('\n', f);
}

/**
 * policy_write() - canonical resolved form: numbers instead of names, one
 * statement per line, no comments, no includes; parses back to the same
 * policy (policy_parse(policy_write(p)) == p, lines aside)
 * @pol:	policy, as policy_parse() made it
 * @f:		stream (open_memstream for the memfd)
 *
 * Return: 0, or -1 on a write error or a rule naming no switch of @pol.
 */
int policy_write(const struct policy *pol, FILE *f)
{
	int i;

	for (i = 0; i < pol->nrules; i++) {
		const struct pol_rule *r = &pol->rules[i];

		if ((r->sw != POL_ANY && r->sw >= (uint32_t)pol->nswitches) ||
		    r->kind > POL_ID_GID || r->mgmt > POL_MGMT_ADMIN ||
		    (r->trunk && !r->trunk_vlans))
			return -1;
	}
	if (pol->has_user)
		fprintf(f, "user uid %u gid %u\n", pol->uid, pol->gid);
	for (i = 0; i < pol->nswitches; i++)
		put_switch(f, &pol->switches[i]);
	for (i = 0; i < pol->nrules; i++)
		put_rule(f, pol, &pol->rules[i]);
	return ferror(f) ? -1 : 0;
}
