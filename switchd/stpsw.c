// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * stpsw.c - the spanning tree engine (stp.c) in the switch: BPDU guard,
 * the engine's hooks, the one-second tick, and the stp/ and fstp/
 * console commands.
 *
 * Theory of operation: every frame to 01:80:c2:00:00:00..0f is taken off
 * the forwarding path by port_frame_input().  Those addresses are
 * link-local: 802.1D bridges never forward them (as a Linux bridge with
 * group_fwd_mask 0), so 01..0f (pause, LACP, 802.1X, LLDP, ...) are
 * dropped and counted (rx_drop_linklocal).  A BPDU (..00) from a port
 * that is not a trunk is dropped and counted (rx_drop_bpdu): the BPDU
 * guard, on whether the protocol runs or not, so that a tenant can never
 * become root bridge nor make a port block.  From a trunk port a BPDU is
 * validated (malformed: rx_drop_bpdu_bad), then given to the engine when
 * the protocol runs, or relayed to the other trunk ports when it does
 * not (fwd_bpdu_relay()).
 *
 * The engine tells the switch a port's state through the hook
 * stp_state(), which copies it into struct port (stp_state) for the
 * forwarding path: ports that are not trunks, and every port while the
 * protocol is off, forward.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "mgmt.h"
#include "switchd.h"

static struct sw *sw_of(struct stp *st)
{
	return st->ctx;
}

static void hook_tx(struct stp *st, uint32_t no, const uint8_t *f,
		    size_t len)
{
	struct sw *sw = sw_of(st);

	if (no < sw->nports)
		fwd_send_port(sw, no, f, (uint32_t)len);
}

static void hook_flush(struct stp *st, uint32_t no)
{
	struct sw *sw = sw_of(st);

	if (no < sw->nports)
		fdb_flush_port(&sw->fdb, no);
}

static void port_sync(struct sw *sw, uint32_t no)
{
	const struct stp_port *sp = stp_port_peek(&sw->stp, no);

	if (no >= sw->nports)
		return;
	sw->ports[no].stp_state = sw->stp.enabled && sp && sp->trunk ?
					  sp->state : STP_FORWARDING;
}

static void hook_state(struct stp *st, uint32_t no)
{
	struct sw *sw = sw_of(st);
	const struct stp_port *sp = stp_port_peek(st, no);
	uint8_t old;

	if (no >= sw->nports || !sp)
		return;
	old = sw->ports[no].stp_state;
	port_sync(sw, no);
	if (old != sw->ports[no].stp_state)
		log_info("stp: port %u %s %s", no, stp_role_name(sp->role),
			 stp_state_name(sp->state));
	mgmt_debug(sw, DBG_FSTP_STATUS, "Port %04u role %s state %s", no,
		   stp_role_name(sp->role), stp_state_name(sp->state));
}

static void hook_root(struct stp *st)
{
	struct sw *sw = sw_of(st);

	log_info("stp: root %04x.%012llx cost %u port %u",
		 (unsigned)(st->root.root >> 48),
		 (unsigned long long)(st->root.root & 0xffffffffffffULL),
		 st->root.cost, st->root_port);
	mgmt_debug(sw, DBG_FSTP_ROOT, "root %04x.%012llx cost %u port %04u",
		   (unsigned)(st->root.root >> 48),
		   (unsigned long long)(st->root.root & 0xffffffffffffULL),
		   st->root.cost, st->root_port);
}

static const struct stp_ops sw_stp_ops = {
	.tx = hook_tx,
	.flush = hook_flush,
	.state = hook_state,
	.root = hook_root,
};

/**
 * sw_stp_init() - the bridge, with the switch MAC; on if -F was given
 * @sw:	switch (cfg parsed)
 */
void sw_stp_init(struct sw *sw)
{
	stp_init(&sw->stp, sw->cfg.mac, &sw_stp_ops, sw);
	if (sw->cfg.stp_prio_set)
		sw->stp.prio = (uint16_t)sw->cfg.stp_prio;
	sw->stp.root.root = sw->stp.root.bridge = stp_bridge_id(&sw->stp);
	if (sw->cfg.stp && !sw->cfg.hub)
		stp_enable(&sw->stp, true);
	else if (sw->cfg.stp)
		log_warn("spanning tree refused in hub mode");
}

/**
 * sw_stp_trunk() - is port @no an inter-switch (trunk) port?
 * @sw:	switch
 * @no:	port
 *
 * Return: true if so.
 */
bool sw_stp_trunk(const struct sw *sw, uint32_t no)
{
	const struct stp_port *sp = stp_port_peek(&sw->stp, no);

	return sp && sp->trunk;
}

/**
 * sw_stp_port_default() - has port @no no spanning tree setting?
 * @sw:	switch
 * @no:	port
 *
 * Return: true if nothing about it needs saving.
 */
bool sw_stp_port_default(const struct sw *sw, uint32_t no)
{
	const struct stp_port *sp = stp_port_peek(&sw->stp, no);

	return !sp || (!sp->trunk && !sp->admin_edge &&
		       sp->cost == STP_COST_DEFAULT &&
		       sp->prio == STP_PORT_PRIO_DEFAULT);
}

/**
 * sw_stp_port_forget() - port @no was removed: its spanning tree settings
 * go back to the defaults, so that a port made again later is a new port
 * @sw:	switch
 * @no:	port
 */
void sw_stp_port_forget(struct sw *sw, uint32_t no)
{
	if (sw_stp_port_default(sw, no))
		return;
	stp_set_trunk(&sw->stp, no, false);
	stp_set_edge(&sw->stp, no, false);
	stp_set_port_cost(&sw->stp, no, STP_COST_DEFAULT);
	stp_set_port_prio(&sw->stp, no, STP_PORT_PRIO_DEFAULT);
}

/**
 * sw_stp_linklocal() - a frame to 01:80:c2:00:00:0X arrived on port @no
 * @sw:		switch
 * @p:		ingress port
 * @no:		its number
 * @f:		frame
 * @len:	its length
 *
 * Return: true if it was consumed or dropped, false if it is a valid BPDU
 * from a trunk port while the protocol is off (to be relayed).
 */
bool sw_stp_linklocal(struct sw *sw, struct port *p, uint32_t no,
		      const uint8_t *f, uint32_t len)
{
	struct stp_bpdu b;
	int err;

	if (!stp_is_bpdu_dst(f)) {
		p->stats.rx_drop_linklocal++;
		return true;
	}
	if (!sw_stp_trunk(sw, no)) {
		p->stats.rx_drop_bpdu++;
		log_ratelimited(LOG_NOTICE,
				"port %u: BPDU dropped: not a trunk port (BPDU guard)",
				no);
		return true;
	}
	err = stp_bpdu_parse(f, len, &b);
	if (err) {
		struct stp_port *sp = stp_port(&sw->stp, no);

		p->stats.rx_drop_bpdu_bad++;
		if (sp) {
			sp->stats.rx_bad++;
			sp->stats.bpdu_err[-err]++;
		}
		log_ratelimited(LOG_INFO, "port %u: malformed BPDU (%s)", no,
				stp_bpdu_strerror(err));
		return true;
	}
	if (!sw->stp.enabled)
		return false;
	stp_rx(&sw->stp, no, f, len);
	return true;
}

/**
 * sw_stp_link() - port @no gained or lost endpoints
 * @sw:	switch
 * @no:	port
 */
void sw_stp_link(struct sw *sw, uint32_t no)
{
	const struct port *p = &sw->ports[no];
	bool was;

	if (!sw_stp_trunk(sw, no))
		return;
	was = stp_port_peek(&sw->stp, no)->link;
	stp_link(&sw->stp, no, p->nep > 0, p->nep == 1);
	port_sync(sw, no);
	if (was != (p->nep > 0))
		mgmt_debug(sw, p->nep ? DBG_FSTP_ADD : DBG_FSTP_DEL, "Port %04u",
			   no);
}

/**
 * sw_stp_set_trunk() - make port @no an inter-switch port, or not
 * @sw:	switch
 * @no:	port, 1..STP_PORTS_MAX
 * @on:	trunk
 *
 * Return: 0, -EINVAL for a port number outside the range, -ENOMEM.
 */
int sw_stp_set_trunk(struct sw *sw, uint32_t no, bool on)
{
	if (no == 0 || no > STP_PORTS_MAX || no >= sw->nports)
		return -EINVAL;
	if (!stp_port(&sw->stp, no))
		return -ENOMEM;
	stp_set_trunk(&sw->stp, no, on);
	sw_stp_link(sw, no);
	port_sync(sw, no);
	return 0;
}

/**
 * sw_stp_tick() - the one-second timer of the protocol
 * @sw:	switch
 */
void sw_stp_tick(struct sw *sw)
{
	stp_tick(&sw->stp);
}

/* ----------------------------------------------------------- console */

static int arg_end(const char *p)
{
	return *p ? EINVAL : 0;
}

static int arg_1(struct mctx *c, uint32_t *v)
{
	const char *p = c->args;

	if (mgmt_arg_u32(&p, v) || arg_end(p))
		return EINVAL;
	return 0;
}

/* PORT N, the port a trunk-capable one (<= STP_PORTS_MAX) */
static int arg_port_n(struct mctx *c, bool skip_vlan, uint32_t *no,
		      uint32_t *v)
{
	const char *p = c->args;
	uint32_t vlan;
	int err;

	if ((skip_vlan && mgmt_arg_u32(&p, &vlan)) || mgmt_arg_u32(&p, no) ||
	    mgmt_arg_u32(&p, v) || arg_end(p))
		return EINVAL;
	err = mgmt_port_check(c->sw, *no);
	if (err)
		return err;
	if (*no > STP_PORTS_MAX || *no == 0)
		return EINVAL;
	if (!stp_port(&c->sw->stp, *no))
		return ENOMEM;
	return 0;
}

static void print_id(struct mctx *c, const char *what, uint64_t id)
{
	mp(c, "%s %04x.%02x:%02x:%02x:%02x:%02x:%02x", what,
	   (unsigned)(id >> 48), (unsigned)(id >> 40) & 0xff,
	   (unsigned)(id >> 32) & 0xff, (unsigned)(id >> 24) & 0xff,
	   (unsigned)(id >> 16) & 0xff, (unsigned)(id >> 8) & 0xff,
	   (unsigned)id & 0xff);
}

int cmd_stp_showinfo(struct mctx *c)
{
	const struct stp *st = &c->sw->stp;
	const uint8_t *m = st->mac;

	if (arg_end(c->args))
		return EINVAL;
	/* vde_switch's two lines first */
	mp(c, "MAC %02x:%02x:%02x:%02x:%02x:%02x Priority %u (0x%x)\n", m[0],
	   m[1], m[2], m[3], m[4], m[5], st->prio, st->prio);
	mp(c, "FSTP=%s\n", st->enabled ? "true" : "false");
	mp(c, "Protocol=%s Hello=%u MaxAge=%u FwdDelay=%u\n",
	   st->force_version >= 2 ? "rstp" : "stp", st->hello, st->max_age,
	   st->fwd_delay);
	return 0;
}

static void print_stp_port(struct mctx *c, uint32_t no)
{
	const struct stp *st = &c->sw->stp;
	const struct port *pt = &c->sw->ports[no];
	const struct stp_port *sp = stp_port_peek(st, no);
	bool trunk = sp && sp->trunk;

	mp(c, "Port %04u trunk=%u role=%s state=%s", no, trunk,
	   sp && trunk && st->enabled ? stp_role_name(sp->role) : "-",
	   stp_state_name(pt->stp_state));
	if (sp)
		mp(c, " cost=%u prio=%u edge=%u oper_edge=%u p2p=%u proto=%s",
		   sp->cost, sp->prio, sp->admin_edge, sp->oper_edge, sp->p2p,
		   sp->send_rstp ? "rstp" : "stp");
	if (sp)
		mp(c, " bpdu_in=%llu bpdu_out=%llu tc_in=%llu tc_out=%llu bad=%llu own=%llu fwd_transitions=%llu",
		   (unsigned long long)sp->stats.rx_bpdu,
		   (unsigned long long)sp->stats.tx_bpdu,
		   (unsigned long long)sp->stats.rx_tc,
		   (unsigned long long)sp->stats.tx_tc,
		   (unsigned long long)sp->stats.rx_bad,
		   (unsigned long long)sp->stats.rx_own,
		   (unsigned long long)sp->stats.transitions);
	mp(c, " guard_drop=%llu linklocal_drop=%llu stp_drop=%llu\n",
	   (unsigned long long)pt->stats.rx_drop_bpdu,
	   (unsigned long long)pt->stats.rx_drop_linklocal,
	   (unsigned long long)pt->stats.rx_drop_stp);
}

static int stp_print(struct mctx *c)
{
	const struct stp *st = &c->sw->stp;
	uint32_t i;

	print_id(c, "Bridge", stp_bridge_id(st));
	mp(c, " STP=%s\n", st->enabled ? "on" : "off");
	print_id(c, "Root", st->root.root);
	if (st->root_port)
		mp(c, " cost %u root_port %04u age %u\n", st->root.cost,
		   st->root_port, st->root_times.msg_age);
	else
		mp(c, " cost 0 (this bridge is the root)\n");
	mp(c, "Topology changes %llu, last %u s ago\n",
	   (unsigned long long)st->tc_count, st->last_tc);
	for (i = 1; i < c->sw->nports; i++) {
		const struct port *pt = &c->sw->ports[i];

		if (pt->exists && (pt->nep || sw_stp_trunk(c->sw, i) ||
				   pt->stats.rx_drop_bpdu))
			print_stp_port(c, i);
	}
	return 0;
}

int cmd_stp_print(struct mctx *c)
{
	if (arg_end(c->args))
		return EINVAL;
	return stp_print(c);
}

/* fstp/print [VLAN]: one tree for every VLAN */
int cmd_fstp_print(struct mctx *c)
{
	const char *p = c->args;
	uint32_t vlan;

	if (*p && (mgmt_arg_u32(&p, &vlan) || arg_end(p)))
		return EINVAL;
	return stp_print(c);
}

int cmd_stp_enable(struct mctx *c)
{
	uint32_t v;

	if (arg_1(c, &v) || v > 1)
		return EINVAL;
	if (v && c->sw->cfg.hub)
		return EBUSY;	/* as vde_switch: no spanning tree in a hub */
	stp_enable(&c->sw->stp, v);
	for (v = 0; v < c->sw->nports; v++)
		port_sync(c->sw, v);
	return 0;
}

int cmd_stp_priority(struct mctx *c)
{
	const struct stp *st = &c->sw->stp;
	uint32_t v;

	if (arg_1(c, &v) || v % STP_PRIO_STEP || v > 15 * STP_PRIO_STEP)
		return EINVAL;
	stp_set_bridge(&c->sw->stp, (uint16_t)v, st->hello, st->max_age,
		       st->fwd_delay, st->force_version);
	return 0;
}

static int bridge_timer(struct mctx *c, uint32_t lo, uint32_t hi,
			unsigned int which)
{
	const struct stp *st = &c->sw->stp;
	uint16_t t[3] = { st->hello, st->max_age, st->fwd_delay };
	uint32_t v;

	if (arg_1(c, &v) || v < lo || v > hi)
		return EINVAL;
	t[which] = (uint16_t)v;
	stp_set_bridge(&c->sw->stp, st->prio, t[0], t[1], t[2],
		       st->force_version);
	return 0;
}

int cmd_stp_hello(struct mctx *c)
{
	return bridge_timer(c, STP_HELLO_MIN, STP_HELLO_MAX, 0);
}

int cmd_stp_maxage(struct mctx *c)
{
	return bridge_timer(c, STP_MAXAGE_MIN, STP_MAXAGE_MAX, 1);
}

int cmd_stp_fwddelay(struct mctx *c)
{
	return bridge_timer(c, STP_FWDDELAY_MIN, STP_FWDDELAY_MAX, 2);
}

int cmd_stp_forceversion(struct mctx *c)
{
	const struct stp *st = &c->sw->stp;
	uint32_t v;

	if (arg_1(c, &v) || (v != 0 && v != 2))
		return EINVAL;
	stp_set_bridge(&c->sw->stp, st->prio, st->hello, st->max_age,
		       st->fwd_delay, (uint8_t)v);
	return 0;
}

int cmd_stp_trunk(struct mctx *c)
{
	uint32_t no, v;
	int err = arg_port_n(c, false, &no, &v);

	if (err)
		return err;
	if (v > 1)
		return EINVAL;
	/* a port the policy gives a tenant stays a tenant port */
	if (v && c->sw->ports[no].pol_set)
		return EBUSY;
	return -sw_stp_set_trunk(c->sw, no, v);
}

static int set_edge(struct mctx *c, bool vlan)
{
	uint32_t no, v;
	int err = arg_port_n(c, vlan, &no, &v);

	if (err)
		return err;
	if (v > 1)
		return EINVAL;
	stp_set_edge(&c->sw->stp, no, v);
	return 0;
}

int cmd_stp_edge(struct mctx *c)
{
	return set_edge(c, false);
}

int cmd_fstp_setedge(struct mctx *c)
{
	return set_edge(c, true);
}

int cmd_stp_cost(struct mctx *c)
{
	uint32_t no, v;
	int err = arg_port_n(c, false, &no, &v);

	if (err)
		return err;
	if (v < 1 || v > STP_COST_MAX)
		return EINVAL;
	stp_set_port_cost(&c->sw->stp, no, v);
	return 0;
}

/* vde_switch's bonus is subtracted from the default path cost */
int cmd_fstp_bonus(struct mctx *c)
{
	uint32_t no, v;
	int err = arg_port_n(c, true, &no, &v);

	if (err)
		return err;
	stp_set_port_cost(&c->sw->stp, no,
			  v < STP_COST_DEFAULT ? STP_COST_DEFAULT - v : 1);
	return 0;
}

/* The bridge address: the switch MAC, saved so that a restarted switch
 * keeps its bridge identifier */
int cmd_stp_bridgemac(struct mctx *c)
{
	struct stp *st = &c->sw->stp;
	uint8_t b[6];
	int i;

	if (mac_parse(c->args, ':', b))
		return EINVAL;
	if (b[0] & 1)
		return EINVAL;	/* a group address */
	for (i = 0; i < 6; i++)
		c->sw->cfg.mac[i] = st->mac[i] = b[i];
	stp_set_bridge(st, st->prio, st->hello, st->max_age, st->fwd_delay,
		       st->force_version);
	return 0;
}

int cmd_stp_portpriority(struct mctx *c)
{
	uint32_t no, v;
	int err = arg_port_n(c, false, &no, &v);

	if (err)
		return err;
	if (v % STP_PORT_PRIO_STEP || v > 15 * STP_PORT_PRIO_STEP)
		return EINVAL;
	stp_set_port_prio(&c->sw->stp, no, (uint8_t)v);
	return 0;
}
