// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * rule.c - the rules of policy.conf:
 *
 *   permit|deny IDENTITY [switch NAME|any] [vlan V | vlan { V... } trunk]
 *		[maxports N] [maclock] [port A[-B]] [mgmt read|admin]
 *
 * A rule is built on the stack and appended only once it is complete, so
 * an error leaves nothing half made.  Options come in any order, each at
 * most once.  An option that would be silently ignored is an error
 * instead: a deny rule takes only "switch" and "mgmt", and a management
 * rule only "switch", because the matching rule (policy_decide()) would
 * never look at the others.
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

enum {
	OPT_SWITCH, OPT_VLAN, OPT_MAXPORTS, OPT_MACLOCK, OPT_PORT, OPT_MGMT,
	OPT_LINE, OPT_FILE,
};

static const char *const rule_opts[] = {
	[OPT_SWITCH] = "switch",	[OPT_VLAN] = "vlan",
	[OPT_MAXPORTS] = "maxports",	[OPT_MACLOCK] = "maclock",
	[OPT_PORT] = "port",		[OPT_MGMT] = "mgmt",
	/* where the rule was written: the resolved form keeps it */
	[OPT_LINE] = "line",		[OPT_FILE] = "file",
};

/* Options of attaching only: meaningless on deny and management rules */
#define ATTACH_OPTS							\
	(1u << OPT_VLAN | 1u << OPT_MAXPORTS | 1u << OPT_MACLOCK |	\
	 1u << OPT_PORT)

/**
 * struct rl - a rule being parsed
 * @r:		the rule
 * @tv:		its trunk VLANs
 * @seen:	bit per option given
 * @port_at:	the port option's value
 */
struct rl {
	struct pol_rule r;
	uint8_t tv[POL_VMAP];
	unsigned int seen;
	struct pos port_at;
};

/* user NAME | group NAME | uid N | gid N | any */
static int rule_identity(struct parser *p, struct pol_rule *r)
{
	uint32_t gid;

	if (pp_kw(&p->tok, "any")) {
		r->kind = POL_ID_ANY;
		return pp_next(p);
	}
	if (pp_kw(&p->tok, "user") || pp_kw(&p->tok, "group")) {
		bool group = pp_kw(&p->tok, "group");

		r->kind = group ? POL_ID_GID : POL_ID_UID;
		return pp_next(p) || pp_account(p, group, &r->id, &gid);
	}
	if (pp_kw(&p->tok, "uid") || pp_kw(&p->tok, "gid")) {
		bool group = pp_kw(&p->tok, "gid");

		r->kind = group ? POL_ID_GID : POL_ID_UID;
		return pp_next(p) || pp_num(p, group ? "gid" : "uid", 0,
					    POL_ANY - 1, &r->id);
	}
	return pp_err(p, &p->tok, "expected an identity (user, group, uid, "
		      "gid or any), not %s", pp_show(p));
}

/* switch NAME|any */
static int opt_switch(struct parser *p, struct rl *x)
{
	int i;

	if (pp_kw(&p->tok, "any")) {
		x->r.sw = POL_ANY;
		return pp_next(p);
	}
	if (p->tok.type != TOK_WORD)
		return pp_err(p, &p->tok, "expected a switch name or 'any', "
			      "not %s", pp_show(p));
	i = policy_find_switch(p->st->pol, p->tok.s);
	if (i < 0)
		return pp_err(p, &p->tok, "unknown switch %s (declare it "
			      "before rules that name it)", pp_show(p));
	x->r.sw = (uint32_t)i;
	return pp_next(p);
}

/* { V ... } trunk; the '{' is current */
static int opt_trunk(struct parser *p, struct rl *x)
{
	struct pos open = pp_pos(p), at;
	uint32_t v, n = 0;

	if (pp_next(p))
		return -1;
	while (p->tok.type == TOK_WORD) {
		at = pp_pos(p);
		if (pp_num(p, "vlan", 1, POL_VLAN_MAX, &v))
			return -1;
		if (vbit(x->tv, v))
			return pp_err_at(p, at, "vlan %u listed twice", v);
		vset(x->tv, v);
		n++;
	}
	if (p->tok.type == TOK_EOL || p->tok.type == TOK_EOF)
		return pp_err_at(p, open, "unterminated VLAN list: '{' has no "
				 "'}' (continue lines with '\\')");
	if (p->tok.type != TOK_RBRACE)
		return pp_err(p, &p->tok, "unexpected %s in a VLAN list",
			      pp_show(p));
	if (!n)
		return pp_err(p, &p->tok, "empty VLAN list");
	if (pp_next(p))
		return -1;
	if (!pp_kw(&p->tok, "trunk"))
		return pp_err(p, &p->tok, "expected 'trunk' after the VLAN "
			      "list, not %s", pp_show(p));
	x->r.trunk = true;
	return pp_next(p);
}

/* vlan V | vlan { V ... } trunk */
static int opt_vlan(struct parser *p, struct rl *x)
{
	uint32_t v;

	if (p->tok.type == TOK_LBRACE)
		return opt_trunk(p, x);
	/* 0: the switch's default VLAN (vde_switch's untagged VLAN 0) */
	if (pp_num(p, "vlan", 0, POL_VLAN_MAX, &v))
		return -1;
	x->r.vlan = (uint16_t)v;
	return 0;
}

/* Digits of s[0..n), at most 5: the value, or -1 */
static long dec5(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (!n || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* port A | port A-B */
static int opt_port(struct parser *p, struct rl *x)
{
	const struct tok *t = &p->tok;
	const char *dash = strchr(t->s, '-');
	long lo, hi;

	x->port_at = pp_pos(p);
	if (t->type != TOK_WORD)
		goto bad;
	lo = dec5(t->s, dash ? (size_t)(dash - t->s) : t->len);
	hi = dash ? dec5(dash + 1, t->len - (size_t)(dash + 1 - t->s)) : lo;
	if (lo < 1 || hi < lo || hi > POL_PORTS_MAX)
		goto bad;
	x->r.port_lo = (uint32_t)lo;
	x->r.port_hi = (uint32_t)hi;
	return pp_next(p);
bad:
	return pp_err(p, t, "port must be N or A-B with 1 <= A <= B <= %d, "
		      "not %s", POL_PORTS_MAX, pp_show(p));
}

/* mgmt read|admin */
static int opt_mgmt(struct parser *p, struct rl *x)
{
	if (pp_kw(&p->tok, "read"))
		x->r.mgmt = POL_MGMT_READ;
	else if (pp_kw(&p->tok, "admin"))
		x->r.mgmt = POL_MGMT_ADMIN;
	else
		return pp_err(p, &p->tok, "mgmt must be read or admin, not %s",
			      pp_show(p));
	return pp_next(p);
}

/* line N: the line the rule was written on */
static int opt_line(struct parser *p, struct rl *x)
{
	uint32_t v;

	if (pp_num(p, "line", 1, 10000000, &v))
		return -1;
	x->r.line = (int)v;
	return 0;
}

/* file NAME: the included file the rule came from (its base name) */
static int opt_file(struct parser *p, struct rl *x)
{
	if (p->tok.type != TOK_WORD || !p->tok.len ||
	    p->tok.len >= sizeof(x->r.file) || strchr(p->tok.s, '/'))
		return pp_err(p, &p->tok, "file must be a file name of 1 to "
			      "%zu bytes without '/', not %s",
			      sizeof(x->r.file) - 1, pp_show(p));
	memcpy(x->r.file, p->tok.s, p->tok.len + 1);
	return pp_next(p);
}

/* Which option is current, and may it be given here */
static int opt_find(struct parser *p, const struct rl *x, unsigned int *opt)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rule_opts); i++)
		if (pp_kw(&p->tok, rule_opts[i]))
			break;
	if (i == ARRAY_SIZE(rule_opts))
		return pp_err(p, &p->tok, "unknown option %s (expected switch, "
			      "vlan, maxports, maclock, port, mgmt, line or "
			      "file)", pp_show(p));
	if (x->seen & 1u << i)
		return pp_err(p, &p->tok, "option %s given twice", pp_show(p));
	if (!x->r.permit && ATTACH_OPTS & 1u << i)
		return pp_err(p, &p->tok, "option %s has no meaning on a deny "
			      "rule", pp_show(p));
	if (x->seen & 1u << OPT_MGMT && ATTACH_OPTS & 1u << i)
		return pp_err(p, &p->tok, "option %s has no meaning on a mgmt "
			      "rule", pp_show(p));
	if (i == OPT_MGMT && x->seen & ATTACH_OPTS)
		return pp_err(p, &p->tok, "option 'mgmt' cannot be combined "
			      "with vlan, maxports, maclock or port");
	*opt = i;
	return 0;
}

static int rule_opt(struct parser *p, struct rl *x)
{
	unsigned int i = 0;

	if (opt_find(p, x, &i))
		return -1;
	x->seen |= 1u << i;
	if (pp_next(p))
		return -1;
	switch (i) {
	case OPT_SWITCH:
		return opt_switch(p, x);
	case OPT_VLAN:
		return opt_vlan(p, x);
	case OPT_MAXPORTS:
		return pp_num(p, "maxports", 1, POL_PORTS_MAX, &x->r.maxports);
	case OPT_MACLOCK:
		x->r.maclock = true;
		return 0;
	case OPT_PORT:
		return opt_port(p, x);
	case OPT_LINE:
		return opt_line(p, x);
	case OPT_FILE:
		return opt_file(p, x);
	default:
		return opt_mgmt(p, x);
	}
}

/* Append a complete rule */
static int rule_add(struct parser *p, struct rl *x)
{
	struct pstate *st = p->st;
	struct policy *pol = st->pol;

	if (pol->nrules == st->rule_cap) {
		int cap = st->rule_cap ? 2 * st->rule_cap : 16;
		struct pol_rule *r;

		r = realloc(pol->rules, (size_t)cap * sizeof(*r));
		if (!r)
			return pp_err(p, &p->tok, "out of memory");
		pol->rules = r;
		st->rule_cap = cap;
	}
	if (x->r.trunk) {
		x->r.trunk_vlans = malloc(POL_VMAP);
		if (!x->r.trunk_vlans)
			return pp_err(p, &p->tok, "out of memory");
		memcpy(x->r.trunk_vlans, x->tv, POL_VMAP);
	}
	pol->rules[pol->nrules++] = x->r;
	return 0;
}

/**
 * pp_rule() - parse a rule; "permit" or "deny" is current
 * @p:		parser
 *
 * Return: 0 with the end of its line current, or -1.
 */
int pp_rule(struct parser *p)
{
	const struct policy *pol = p->st->pol;
	const struct pol_switch *sw;
	struct rl x;

	if (pol->nrules == POL_RULE_MAX)
		return pp_err(p, &p->tok, "too many rules (max %d)",
			      POL_RULE_MAX);
	memset(&x, 0, sizeof(x));
	x.r.permit = pp_kw(&p->tok, "permit");
	x.r.sw = POL_ANY;
	x.r.vlan = POL_VLAN_NONE;
	x.r.line = p->tok.line;
	memcpy(x.r.file, p->rfile, sizeof(x.r.file));
	if (pp_next(p) || rule_identity(p, &x.r))
		return -1;
	while (p->tok.type == TOK_WORD)
		if (rule_opt(p, &x))
			return -1;
	if (pp_end(p))
		return -1;
	sw = x.r.sw == POL_ANY ? NULL : &pol->switches[x.r.sw];
	if (sw && x.r.port_hi > sw->ports)
		return pp_err_at(p, x.port_at, "port %u is beyond the %u ports "
				 "of switch '%s'", x.r.port_hi, sw->ports,
				 sw->name);
	return rule_add(p, &x);
}
