// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * enforce.c - the policy (policy.conf(5)) applied to every attach, every
 * port a client holds and every console session.
 *
 * The identity is the kernel's: SO_PEERCRED (cached at accept) and
 * SO_PEERGROUPS of the control or console connection, never a field of
 * the request.  The deciding rule (last match, default deny) gives:
 * - vlan V: the port becomes an access port on V for as long as a client
 *   holds it; tagged frames from it (802.1Q, 802.1ad, 0x9100 QinQ) are
 *   dropped and counted (rx_drop_tagged), so its tenant cannot leave V;
 * - vlan { ... } trunk: a tagged port carrying only those VLANs;
 *   untagged frames and other tags are dropped (rx_drop_vlan);
 * - maclock: the first source MAC the port sends is the only one it may
 *   send (rx_drop_maclock);
 * - port A-B, maxports N: which ports, and how many, the uid may hold.
 * When the last client leaves, the port gets back the VLAN settings it
 * had.  On reload every endpoint is decided again, and closed if its rule
 * no longer permits it as it is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ethtag.h"
#include "log.h"
#include "switchd.h"

/* "default deny" or "rule at [FILE ]line N" */
static const char *enf_where(const struct pol_rule *r, char *buf,
			     size_t len)
{
	if (!r)
		snprintf(buf, len, "default deny");
	else
		snprintf(buf, len, "rule at %s%sline %d", r->file,
			 r->file[0] ? " " : "", r->line);
	return buf;
}

/* The rule deciding for the peer of @fd; *@ok: does it grant @mgmt? */
static const struct pol_rule *enf_decide(const struct sw *sw, int fd,
					 const struct ucred *cred,
					 enum pol_mgmt mgmt, bool *ok)
{
	gid_t groups[256];
	struct pol_query q = {
		.uid = cred->uid, .gid = cred->gid, .groups = groups,
		.sw = sw->pol_sw, .vlan = POL_VLAN_NONE, .mgmt = mgmt,
	};
	const struct pol_rule *r;

	q.ngroups = peer_groups(fd, groups, ARRAY_SIZE(groups));
	r = policy_decide(sw->pol, &q);
	*ok = r && policy_permits(r, &q);
	return r;
}

/* Ports @uid holds now */
static uint32_t enf_ports_of(const struct sw *sw, uid_t uid)
{
	uint32_t i, n = 0;

	for (i = 0; i < sw->nactive; i++)
		n += sw->ports[sw->active[i]].curuser == uid;
	return n;
}

/* The VLAN settings of @r, as a port holds them */
static bool enf_same_vlans(const struct port *p, const struct pol_rule *r)
{
	if (r->trunk)
		return p->pol_trunk && p->tagged &&
		       !memcmp(p->tagged, r->trunk_vlans, POL_VLAN_BITMAP);
	if (r->vlan != POL_VLAN_NONE)
		return p->pol_access && p->vlan == r->vlan;
	return !p->pol_access && !p->pol_trunk;
}

/**
 * enf_attach() - the policy's part of admitting an attach request
 * @sw:		switch with a policy
 * @fd:		control connection
 * @cred:	its SO_PEERCRED
 * @want:	requested port (0: any)
 * @no:		the port to use, on success
 * @rule:	the deciding rule, on success
 * @why:	reason of a refusal
 * @whylen:	its size
 *
 * Return: 0, or -1 with @why set (the caller refuses).
 */
int enf_attach(struct sw *sw, int fd, const struct ucred *cred,
	       uint32_t want, uint32_t *no, const struct pol_rule **rule,
	       char *why, size_t whylen)
{
	uint32_t lo = 1, hi = sw->nports - 1;
	const struct pol_rule *r;
	char where[96];
	bool ok;
	int e;

	r = enf_decide(sw, fd, cred, POL_MGMT_NONE, &ok);
	enf_where(r, where, sizeof(where));
	if (!ok) {
		snprintf(why, whylen, "denied by the policy (%s)", where);
		return -1;
	}
	if (sw->cfg.hub && (r->trunk || r->vlan != POL_VLAN_NONE)) {
		snprintf(why, whylen, "a hub cannot keep the VLAN of the %s",
			 where);
		return -1;
	}
	if (r->port_lo) {
		lo = r->port_lo;
		hi = MIN(r->port_hi, sw->nports - 1);
	}
	if (want && (want < lo || want > hi)) {
		snprintf(why, whylen, "port %u is outside %u-%u (%s)", want,
			 lo, hi, where);
		return -1;
	}
	e = port_pick(sw, want, lo, hi, cred->uid, no);
	if (e) {
		snprintf(why, whylen, "%s (%s)", e == -ENXIO ? "no such port" :
			 e == -ENOSPC ? "no free port" :
			 "port in use by another user", where);
		return -1;
	}
	if (sw->ports[*no].nep && (!enf_same_vlans(&sw->ports[*no], r) ||
				   sw->ports[*no].maclock != r->maclock)) {
		snprintf(why, whylen,
			 "port %u is held with other VLAN settings (%s)", *no,
			 where);
		return -1;
	}
	if (r->maxports && !sw->ports[*no].nep &&
	    enf_ports_of(sw, cred->uid) >= r->maxports) {
		snprintf(why, whylen, "uid %u holds %u port(s), its maximum (%s)",
			 (unsigned)cred->uid, r->maxports, where);
		return -1;
	}
	*rule = r;
	return 0;
}

static void enf_create_vlan(struct sw *sw, uint16_t vid)
{
	sw->vlans[vid >> 3] |= 1u << (vid & 7);
}

/**
 * enf_apply() - give port @no the settings of @r (first client only)
 * @sw:		switch
 * @no:		port just attached to
 * @r:		the rule that admitted it
 */
void enf_apply(struct sw *sw, uint32_t no, const struct pol_rule *r)
{
	struct port *p = &sw->ports[no];
	uint8_t *bm = NULL;
	uint32_t v;

	if (p->pol_set || (!r->trunk && r->vlan == POL_VLAN_NONE &&
			   !r->maclock))
		return;
	if (r->trunk && !(bm = malloc(POL_VLAN_BITMAP))) {
		log_err("port %u: out of memory: closing it", no);
		while (p->ep)
			ep_close(sw, p->ep, "out of memory");
		return;
	}
	p->pol_set = true;
	p->saved_vlan = p->vlan;
	p->saved_tagged = p->tagged;
	p->tagged = NULL;
	if (r->trunk) {
		memcpy(bm, r->trunk_vlans, POL_VLAN_BITMAP);
		for (v = 1; v <= POL_VLAN_MAX; v++)
			if (bm[v >> 3] & (1u << (v & 7)))
				enf_create_vlan(sw, (uint16_t)v);
		p->tagged = bm;
		p->vlan = VLAN_NONE;
		p->pol_trunk = true;
	} else if (r->vlan != POL_VLAN_NONE) {
		enf_create_vlan(sw, r->vlan);
		p->vlan = r->vlan;
		p->pol_access = true;
	} else {
		p->tagged = p->saved_tagged;
		p->saved_tagged = NULL;
	}
	p->maclock = r->maclock;
	p->mac_locked = false;
	log_info("port %u: policy: %s%s (rule at %s%sline %d)", no,
		 p->pol_trunk ? "trunk" : p->pol_access ? "access" : "as configured",
		 p->maclock ? ", MAC lock" : "", r->file, r->file[0] ? " " : "",
		 r->line);
}

/**
 * enf_release() - the last client left port @p: back to its own settings
 */
void enf_release(struct sw *sw, struct port *p)
{
	if (!p->pol_set)
		return;
	if (p->pol_access || p->pol_trunk) {
		if (p->pol_trunk)
			free(p->tagged);
		p->tagged = p->saved_tagged;
		p->vlan = p->saved_vlan;
	}
	p->saved_tagged = NULL;
	p->pol_set = p->pol_access = p->pol_trunk = false;
	p->maclock = p->mac_locked = false;
}

/**
 * enf_frame_drop() - does the policy drop this frame from port @p?
 * @p:		ingress port (p->pol_set)
 * @no:		its number
 * @f:		the frame, at least 14 bytes
 *
 * Return: true if dropped (and counted).
 */
bool enf_frame_drop(struct port *p, uint32_t no, const uint8_t *f)
{
	uint16_t type = (uint16_t)(f[12] << 8 | f[13]);

	/* 802.1Q, 802.1ad and the old QinQ types: no tag of any kind */
	if (p->pol_access && eth_is_tag(type)) {
		p->stats.rx_drop_tagged++;
		log_ratelimited(LOG_NOTICE,
				"port %u: tagged frame (type %04x) dropped: access port of VLAN %u",
				no, type, p->vlan);
		return true;
	}
	if (!p->maclock)
		return false;
	if (!p->mac_locked) {
		if (f[6] & 1)
			goto drop;	/* a group address cannot be the lock */
		memcpy(p->lock_mac, f + 6, 6);
		p->mac_locked = true;
		return false;
	}
	if (!memcmp(p->lock_mac, f + 6, 6))
		return false;
drop:
	p->stats.rx_drop_maclock++;
	log_ratelimited(LOG_NOTICE,
			"port %u: source %02x:%02x:%02x:%02x:%02x:%02x dropped: MAC lock",
			no, f[6], f[7], f[8], f[9], f[10], f[11]);
	return true;
}

/* A lower maxports: a uid over it loses its highest-numbered ports */
static void enf_reload_maxports(struct sw *sw)
{
	const struct pol_rule *r;
	struct ucred cred;
	struct endpoint *ep;
	char where[96];
	uint32_t i;
	bool ok;

	for (i = sw->nports; i-- > 1;) {
		struct port *p = &sw->ports[i];

		ep = p->ep;
		if (!p->nep || !ep || ep->kind != EP_VDE)
			continue;
		cred.uid = ep->uid;
		cred.gid = ep->gid;
		cred.pid = ep->pid;
		r = enf_decide(sw, ep->ctl_fd, &cred, POL_MGMT_NONE, &ok);
		if (!ok || !r->maxports ||
		    enf_ports_of(sw, p->curuser) <= r->maxports)
			continue;
		log_warn("policy reload: closing uid %u port %u: more than %u ports (%s)",
			 (unsigned)ep->uid, i, r->maxports,
			 enf_where(r, where, sizeof(where)));
		while (p->ep)
			ep_close(sw, p->ep, "over the policy's maxports");
	}
}

/**
 * enf_reload() - a new policy: decide every attached client again
 * @sw:		switch (sw->pol already the new policy)
 *
 * A client no longer permitted, or whose rule now gives its port other
 * VLAN settings, is closed with a log line naming uid, port and rule.
 */
void enf_reload(struct sw *sw)
{
	const struct pol_rule *r;
	struct endpoint *ep, *next;
	struct ucred cred;
	char where[96];
	uint32_t i;
	bool ok;

	for (i = 0; i < sw->nports; i++) {
		struct port *p = &sw->ports[i];

		for (ep = p->ep; ep; ep = next) {
			next = ep->next;
			if (ep->kind != EP_VDE || ep->dead || i == 0)
				continue;
			cred.uid = ep->uid;
			cred.gid = ep->gid;
			cred.pid = ep->pid;
			r = enf_decide(sw, ep->ctl_fd, &cred, POL_MGMT_NONE,
				       &ok);
			enf_where(r, where, sizeof(where));
			if (ok && enf_same_vlans(p, r) &&
			    p->maclock == r->maclock &&
			    (!r->port_lo || (i >= r->port_lo && i <= r->port_hi)))
				continue;
			log_warn("policy reload: closing uid %u port %u: %s (%s)",
				 (unsigned)ep->uid, i,
				 ok ? "its rule changed" : "no longer permitted",
				 where);
			ep_close(sw, ep, "no longer permitted by the policy");
		}
	}
	enf_reload_maxports(sw);
}

/**
 * enf_mgmt() - may this console peer connect, and change the switch?
 * @sw:		switch with a policy
 * @fd:		console connection
 * @cred:	its SO_PEERCRED
 * @admin:	out: may it change the switch
 *
 * Root and the switch's owner are admins; anyone else as the policy says.
 *
 * Return: 0 (admitted) or -1 (refused, logged).
 */
int enf_mgmt(const struct sw *sw, int fd, const struct ucred *cred,
	     bool *admin)
{
	const struct pol_rule *r;
	char where[96];
	bool ok;

	*admin = cred->uid == 0 || cred->uid == sw->owner;
	if (*admin)
		return 0;
	enf_decide(sw, fd, cred, POL_MGMT_ADMIN, admin);
	if (*admin)
		return 0;
	r = enf_decide(sw, fd, cred, POL_MGMT_READ, &ok);
	if (ok)
		return 0;
	log_ratelimited(LOG_NOTICE, "mgmt: refused uid %u pid %d (%s)",
			(unsigned)cred->uid, (int)cred->pid,
			enf_where(r, where, sizeof(where)));
	return -1;
}
