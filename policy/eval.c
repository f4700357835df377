// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * eval.c - deciding a request against a parsed policy.
 *
 * Theory of operation (policy.conf(5), "MATCHING"): rules are tried in
 * order and the last one that matches decides; no match is a refusal.  A
 * rule matches when its switch is "any" or the asked one, its identity is
 * the peer's uid, its primary gid or one of its supplementary gids (or
 * "any"), and the kind of request fits:
 *
 * - attach (q->mgmt == POL_MGMT_NONE): rules with a mgmt option never
 *   match; a permit rule with a vlan option matches a request for a given
 *   VLAN only if it grants that VLAN; deny rules match whatever the VLAN.
 * - management (READ or ADMIN): permit rules match only if they have a
 *   mgmt option, whatever its level; deny rules match if they have none,
 *   or if their level is at most the one asked ("deny ... mgmt admin"
 *   leaves read access alone).  The deciding rule grants the request only
 *   if policy_permits() says so: a permit of a lower level refuses.
 *
 * Everything here is read-only over the policy and allocation-free, so
 * vde-switchd can call it for every attach request.
 */
#include <string.h>

#include "parse.h"

static bool id_matches(const struct pol_rule *r, const struct pol_query *q)
{
	int i;

	switch (r->kind) {
	case POL_ID_ANY:
		return true;
	case POL_ID_UID:
		return r->id == q->uid;
	case POL_ID_GID:
		if (r->id == q->gid)
			return true;
		for (i = 0; q->groups && i < q->ngroups; i++)
			if (q->groups[i] == r->id)
				return true;
		return false;
	}
	return false;
}

static bool rule_matches(const struct pol_rule *r, const struct pol_query *q)
{
	if (r->sw != POL_ANY && r->sw != q->sw)
		return false;
	if (!id_matches(r, q))
		return false;
	if (q->mgmt == POL_MGMT_NONE) {
		if (r->mgmt != POL_MGMT_NONE)
			return false;
		if (!r->permit || q->vlan == POL_VLAN_NONE)
			return true;
		return policy_vlan_ok(r, q->vlan);
	}
	if (r->permit)
		return r->mgmt != POL_MGMT_NONE;
	return r->mgmt <= q->mgmt;
}

/**
 * policy_decide() - last matching rule wins; default deny
 * @pol:	policy
 * @q:		question
 *
 * Return: the deciding rule, or NULL for "deny (default)".
 */
const struct pol_rule *policy_decide(const struct policy *pol,
				     const struct pol_query *q)
{
	const struct pol_rule *last = NULL;
	int i;

	if (!pol || !q)
		return NULL;
	for (i = 0; i < pol->nrules; i++)
		if (rule_matches(&pol->rules[i], q))
			last = &pol->rules[i];
	return last;
}

/**
 * policy_permits() - whether the deciding rule grants what was asked
 * @r:		policy_decide()'s answer (may be NULL)
 * @q:		the same question
 *
 * Return: true iff @r is a permit rule and, for a management query, its
 * level is at least @q->mgmt.
 */
bool policy_permits(const struct pol_rule *r, const struct pol_query *q)
{
	if (!r || !q || !r->permit)
		return false;
	if (q->mgmt == POL_MGMT_NONE)
		return r->mgmt == POL_MGMT_NONE;
	return r->mgmt >= q->mgmt;
}

/**
 * policy_vlan_ok() - whether a port admitted by @r may carry VLAN @vid
 * @r:		a permit rule
 * @vid:	VLAN id
 *
 * Return: true for the access VLAN or a trunk VLAN of @r, for any VLAN
 * 0..4094 if @r has no vlan option, false otherwise.
 */
bool policy_vlan_ok(const struct pol_rule *r, uint16_t vid)
{
	if (!r || vid > POL_VLAN_MAX)
		return false;
	if (r->trunk)
		return r->trunk_vlans && vbit(r->trunk_vlans, vid);
	if (r->vlan != POL_VLAN_NONE)
		return r->vlan == vid;
	return true;
}

/**
 * policy_find_switch() - index of a switch by name
 * @pol:	policy
 * @name:	switch name
 *
 * Return: index into @pol->switches, or -1 if there is none of that name.
 */
int policy_find_switch(const struct policy *pol, const char *name)
{
	int i;

	for (i = 0; pol && name && i < pol->nswitches; i++)
		if (!strcmp(pol->switches[i].name, name))
			return i;
	return -1;
}

static bool tap_equal(const struct pol_tap *a, const struct pol_tap *b)
{
	return !strcmp(a->name, b->name) && a->port == b->port &&
	       a->vlan == b->vlan && a->mtu == b->mtu &&
	       a->has_mac == b->has_mac && !memcmp(a->mac, b->mac, 6) &&
	       a->down == b->down && a->stp == b->stp;
}

/**
 * policy_switch_equal() - same switch set-up, line number aside (for
 * SIGHUP: an unchanged switch keeps running as it is)
 * @a:		switch
 * @b:		switch
 *
 * Return: true if every field but the line is the same.
 */
bool policy_switch_equal(const struct pol_switch *a,
			 const struct pol_switch *b)
{
	int i;

	if (strcmp(a->name, b->name) || strcmp(a->dir, b->dir) ||
	    a->owner != b->owner || a->group != b->group ||
	    a->mode != b->mode || a->ports != b->ports || a->hub != b->hub ||
	    a->has_mgmt != b->has_mgmt || strcmp(a->mgmt, b->mgmt) ||
	    a->mgmt_group != b->mgmt_group || a->mgmt_mode != b->mgmt_mode ||
	    memcmp(a->vlans, b->vlans, sizeof(a->vlans)) ||
	    a->ntaps != b->ntaps)
		return false;
	for (i = 0; i < a->ntaps; i++)
		if (!tap_equal(&a->taps[i], &b->taps[i]))
			return false;
	return true;
}

static bool rule_equal(const struct pol_rule *a, const struct pol_rule *b)
{
	if (a->permit != b->permit || a->kind != b->kind || a->id != b->id ||
	    a->sw != b->sw || a->vlan != b->vlan || a->trunk != b->trunk ||
	    a->maxports != b->maxports || a->maclock != b->maclock ||
	    a->port_lo != b->port_lo || a->port_hi != b->port_hi ||
	    a->mgmt != b->mgmt)
		return false;
	if (!a->trunk)
		return true;
	if (!a->trunk_vlans || !b->trunk_vlans)
		return a->trunk_vlans == b->trunk_vlans;
	return !memcmp(a->trunk_vlans, b->trunk_vlans, POL_VMAP);
}

/**
 * policy_equal() - same policy, line numbers and file names aside
 * @a:		policy
 * @b:		policy
 *
 * Return: true if every switch and rule is the same, in the same order.
 */
bool policy_equal(const struct policy *a, const struct policy *b)
{
	int i;

	if (a->has_user != b->has_user || a->uid != b->uid ||
	    a->gid != b->gid || a->nswitches != b->nswitches ||
	    a->nrules != b->nrules)
		return false;
	for (i = 0; i < a->nswitches; i++)
		if (!policy_switch_equal(&a->switches[i], &b->switches[i]))
			return false;
	for (i = 0; i < a->nrules; i++)
		if (!rule_equal(&a->rules[i], &b->rules[i]))
			return false;
	return true;
}
