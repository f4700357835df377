// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * stp.c - IEEE 802.1w rapid spanning tree with 802.1D fallback: the BPDU
 * codec and the protocol engine of one bridge.
 *
 * Theory of operation.  One spanning tree for the whole switch (the CST
 * of 802.1Q), carried by untagged BPDUs on trunk ports only: every other
 * port is a tenant port, outside the protocol, always forwarding, and the
 * switch drops the BPDUs it receives (BPDU guard, fwd.c), so that no
 * tenant can take part in the election.
 *
 * The engine follows the state machines of 802.1D-2004 clause 17, folded
 * into three steps run after every event (a BPDU, a tick, a change of
 * configuration or link):
 *
 *  - port information (stp_rx): a designated message better than the
 *    port's priority vector, or a new one from the same designated port,
 *    is recorded (info RECEIVED) for 3 x its hello time; a proposal, an
 *    agreement and the TC/TCA flags are noted;
 *  - role selection (select_roles): the root priority vector is the best
 *    of our own and of each received vector plus the port's path cost,
 *    ignoring vectors sent by this bridge; the port giving it is the root
 *    port, ports whose designated vector is better than what they hear
 *    become designated, the others alternate (or backup, when the better
 *    vector is our own from another port);
 *  - role transitions (transitions): alternate, backup and disabled
 *    ports discard at once.  A root port forwards at once in RSTP, and a
 *    designated port as soon as it is edge or its point-to-point
 *    neighbour agreed to its proposal; a proposal received on the root
 *    port first puts every designated, non-edge, not yet agreed port into
 *    discarding (sync), then answers with an agreement.  Otherwise (a
 *    shared port, or a legacy 802.1D neighbour) a port goes discarding ->
 *    learning -> forwarding in two forward delays.
 *
 * A non-edge port that starts forwarding as root or designated is a
 * topology change: every other such port flushes its MAC addresses and
 * sends TC for hello + 1 seconds (RSTP) or the root port sends TCN BPDUs
 * until acknowledged (802.1D).  A received TC is propagated the same way.
 * A port that hears an 802.1D BPDU speaks 802.1D (config and TCN BPDUs)
 * after the 3 s migration delay, and back when it hears RST BPDUs again.
 *
 * Everything is bounded: at most STP_TX_HOLD BPDUs per port and second,
 * and the engine does no allocation once its ports exist.
 */
#include <stdlib.h>
#include <string.h>

#include "stp.h"

static const uint8_t bpdu_dst[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };

#define MAC_MASK	0x0000ffffffffffffULL
#define PORTNO_MASK	0x0fff

/* ------------------------------------------------------------- codec */

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) << 32 | rd32(p + 4);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, v >> 16);
	wr16(p + 2, v & 0xffff);
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, v >> 32);
	wr32(p + 4, v & 0xffffffff);
}

/**
 * stp_is_bpdu_dst() - is @dst the bridge group address 01:80:c2:00:00:00?
 * @dst:	destination MAC
 *
 * Return: true if so.
 */
bool stp_is_bpdu_dst(const uint8_t *dst)
{
	return !memcmp(dst, bpdu_dst, 6);
}

/**
 * stp_bpdu_parse() - validate and decode one received BPDU frame
 * @f:		frame from its destination MAC on (untagged)
 * @len:	its length, padding included
 * @b:		the BPDU, filled in on success
 *
 * 802.1D-2004 9.3.4: an 802.3 frame (length field, not an ethertype) with
 * LLC 42 42 03, protocol identifier 0, and a config (35 bytes), TCN (4)
 * or RST (36 bytes, version >= 2; MSTP BPDUs read as RST) BPDU within the
 * length the 802.3 header gives.  Timers become whole seconds; a message
 * age not below max age, or a zero timer, is refused.
 *
 * Return: 0, or a negative enum bpdu_err.
 */
int stp_bpdu_parse(const uint8_t *f, size_t len, struct stp_bpdu *b)
{
	const uint8_t *p = f + BPDU_OFF;
	size_t l8023, blen;

	if (len < BPDU_OFF + BPDU_TCN_LEN)
		return -BPDU_ESHORT;
	if (!stp_is_bpdu_dst(f))
		return -BPDU_EDST;
	l8023 = rd16(f + 12);
	if (l8023 > 1500 || l8023 < 3 + BPDU_TCN_LEN ||
	    l8023 > len - BPDU_LLC_OFF)
		return -BPDU_ELEN;
	if (f[14] != BPDU_LLC_SAP || f[15] != BPDU_LLC_SAP ||
	    f[16] != BPDU_LLC_UI)
		return -BPDU_ELLC;
	blen = l8023 - 3;
	if (rd16(p) != 0)
		return -BPDU_EPROTO;
	memset(b, 0, sizeof(*b));
	b->version = p[2];
	b->type = p[3];
	switch (b->type) {
	case BPDU_TYPE_TCN:
		return 0;
	case BPDU_TYPE_CONFIG:
		if (blen < BPDU_CONFIG_LEN)
			return -BPDU_ETRUNC;
		break;
	case BPDU_TYPE_RST:
		if (b->version < 2)
			return -BPDU_ETYPE;
		if (blen < BPDU_RST_LEN)
			return -BPDU_ETRUNC;
		break;
	default:
		return -BPDU_ETYPE;
	}
	b->flags = p[4];
	if (b->type == BPDU_TYPE_CONFIG)
		b->flags &= BPDU_F_TC | BPDU_F_TCA;
	b->root = rd64(p + 5);
	b->cost = rd32(p + 13);
	b->bridge = rd64(p + 17);
	b->port = rd16(p + 25);
	b->msg_age = rd16(p + 27) / BPDU_TIME_UNIT;
	b->max_age = rd16(p + 29) / BPDU_TIME_UNIT;
	b->hello = rd16(p + 31) / BPDU_TIME_UNIT;
	b->fwd_delay = rd16(p + 33) / BPDU_TIME_UNIT;
	if (!b->max_age || !b->hello || !b->fwd_delay)
		return -BPDU_ETIMES;
	if (b->msg_age >= b->max_age)
		return -BPDU_EAGE;
	return 0;
}

/**
 * stp_bpdu_build() - encode a BPDU as a frame of STP_FRAME_LEN bytes
 * @b:		the BPDU (type decides the layout)
 * @src:	source MAC
 * @f:		room for STP_FRAME_LEN bytes
 *
 * Return: the frame length, STP_FRAME_LEN.
 */
size_t stp_bpdu_build(const struct stp_bpdu *b, const uint8_t *src,
		      uint8_t *f)
{
	uint8_t *p = f + BPDU_OFF;
	size_t blen = BPDU_TCN_LEN;

	memset(f, 0, STP_FRAME_LEN);
	memcpy(f, bpdu_dst, 6);
	memcpy(f + 6, src, 6);
	f[14] = BPDU_LLC_SAP;
	f[15] = BPDU_LLC_SAP;
	f[16] = BPDU_LLC_UI;
	p[2] = b->type == BPDU_TYPE_RST ? b->version : 0;
	p[3] = b->type;
	if (b->type != BPDU_TYPE_TCN) {
		blen = b->type == BPDU_TYPE_RST ? BPDU_RST_LEN :
						  BPDU_CONFIG_LEN;
		p[4] = b->flags;
		wr64(p + 5, b->root);
		wr32(p + 13, b->cost);
		wr64(p + 17, b->bridge);
		wr16(p + 25, b->port);
		wr16(p + 27, b->msg_age * BPDU_TIME_UNIT);
		wr16(p + 29, b->max_age * BPDU_TIME_UNIT);
		wr16(p + 31, b->hello * BPDU_TIME_UNIT);
		wr16(p + 33, b->fwd_delay * BPDU_TIME_UNIT);
		/* p[35]: version 1 length, 0 */
	}
	wr16(f + 12, (uint16_t)(3 + blen));
	return STP_FRAME_LEN;
}

/**
 * stp_bpdu_strerror() - name of a stp_bpdu_parse() error
 * @err:	negative enum bpdu_err
 *
 * Return: a static string.
 */
const char *stp_bpdu_strerror(int err)
{
	static const char *const s[BPDU_E__COUNT] = {
		[BPDU_OK] = "ok", [BPDU_ESHORT] = "short",
		[BPDU_EDST] = "dst", [BPDU_ELEN] = "length",
		[BPDU_ELLC] = "llc", [BPDU_EPROTO] = "protocol",
		[BPDU_ETYPE] = "type", [BPDU_ETRUNC] = "truncated",
		[BPDU_EAGE] = "age", [BPDU_ETIMES] = "times",
	};

	if (err > 0 || -err >= BPDU_E__COUNT)
		return "?";
	return s[-err];
}

/* ------------------------------------------------------------ engine */

/**
 * stp_bridge_id() - our bridge identifier: priority, then MAC
 * @st:	bridge
 *
 * Return: the 64-bit id.
 */
uint64_t stp_bridge_id(const struct stp *st)
{
	uint64_t id = (uint64_t)st->prio << 48;
	int i;

	for (i = 0; i < 6; i++)
		id |= (uint64_t)st->mac[i] << (8 * (5 - i));
	return id;
}

/**
 * stp_port_id() - port identifier: priority byte, 12-bit number
 * @st:	bridge
 * @no:	port number
 *
 * Return: the 16-bit id.
 */
uint16_t stp_port_id(const struct stp *st, uint32_t no)
{
	uint8_t prio = STP_PORT_PRIO_DEFAULT;

	if (no < st->nports)
		prio = st->ports[no].prio;
	return (uint16_t)(prio << 8 | (no & PORTNO_MASK));
}

/**
 * stp_role_name() - "root", "designated", ... for stp/print and logs
 * @role:	enum stp_role
 *
 * Return: a static string.
 */
const char *stp_role_name(unsigned int role)
{
	static const char *const n[] = {
		"disabled", "root", "designated", "alternate", "backup",
	};

	return role < ARRAY_SIZE(n) ? n[role] : "?";
}

/**
 * stp_state_name() - "forwarding", "learning" or "discarding"
 * @state:	enum stp_state
 *
 * Return: a static string.
 */
const char *stp_state_name(unsigned int state)
{
	static const char *const n[] = {
		"forwarding", "learning", "discarding",
	};

	return state < ARRAY_SIZE(n) ? n[state] : "?";
}

static int vec_cmp(const struct stp_vec *a, const struct stp_vec *b)
{
	if (a->root != b->root)
		return a->root < b->root ? -1 : 1;
	if (a->cost != b->cost)
		return a->cost < b->cost ? -1 : 1;
	if (a->bridge != b->bridge)
		return a->bridge < b->bridge ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return 0;
}

static bool takes_part(const struct stp *st, const struct stp_port *p)
{
	return st->enabled && p->trunk && p->link;
}

/**
 * stp_init() - a bridge with default settings, protocol off
 * @st:		bridge
 * @mac:	bridge address
 * @ops:	hooks
 * @ctx:	for the hooks
 */
void stp_init(struct stp *st, const uint8_t *mac, const struct stp_ops *ops,
	      void *ctx)
{
	memset(st, 0, sizeof(*st));
	memcpy(st->mac, mac, 6);
	st->ops = ops;
	st->ctx = ctx;
	st->prio = STP_PRIO_DEFAULT;
	st->hello = STP_HELLO_DEFAULT;
	st->max_age = STP_MAXAGE_DEFAULT;
	st->fwd_delay = STP_FWDDELAY_DEFAULT;
	st->force_version = 2;
	st->root.root = st->root.bridge = stp_bridge_id(st);
	st->root_times = (struct stp_times){ 0, st->max_age, st->hello,
					     st->fwd_delay };
}

/**
 * stp_free() - release the port table
 * @st:	bridge
 */
void stp_free(struct stp *st)
{
	free(st->ports);
	st->ports = NULL;
	st->nports = 0;
}

/**
 * stp_port() - port @no, created with default settings if needed
 * @st:	bridge
 * @no:	port number, at most STP_PORTS_MAX
 *
 * Return: the port, or NULL if @no is too large or memory is short.
 */
struct stp_port *stp_port(struct stp *st, uint32_t no)
{
	struct stp_port *n;
	uint32_t i;

	if (no > STP_PORTS_MAX)
		return NULL;
	if (no < st->nports)
		return &st->ports[no];
	n = realloc(st->ports, (no + 1) * sizeof(*n));
	if (!n)
		return NULL;
	for (i = st->nports; i <= no; i++) {
		memset(&n[i], 0, sizeof(n[i]));
		n[i].prio = STP_PORT_PRIO_DEFAULT;
		n[i].cost = STP_COST_DEFAULT;
		n[i].auto_edge = true;
		n[i].state = STP_DISCARDING;
	}
	st->ports = n;
	st->nports = no + 1;
	return &n[no];
}

/**
 * stp_port_peek() - port @no if the engine has it
 * @st:	bridge
 * @no:	port number
 *
 * Return: the port or NULL.
 */
const struct stp_port *stp_port_peek(const struct stp *st, uint32_t no)
{
	return no < st->nports ? &st->ports[no] : NULL;
}

static void notify(struct stp *st, uint32_t no)
{
	if (st->ops && st->ops->state)
		st->ops->state(st, no);
}

static void flush(struct stp *st, uint32_t no)
{
	if (st->ops && st->ops->flush)
		st->ops->flush(st, no);
}

static void set_state(struct stp *st, uint32_t no, uint8_t state)
{
	struct stp_port *p = &st->ports[no];

	if (p->state == state)
		return;
	p->state = state;
	if (state == STP_FORWARDING)
		p->stats.transitions++;
	notify(st, no);
}

/* newTcWhile(): TC flags (RSTP) or TCN BPDUs (802.1D) for a while */
static void new_tc_while(struct stp *st, struct stp_port *p)
{
	if (p->tc_while)
		return;
	if (p->send_rstp) {
		p->tc_while = st->hello + 1;
		p->new_info = true;
	} else {
		p->tc_while = st->root_times.max_age +
			      st->root_times.fwd_delay;
		/* a root port sends its first TCN now */
		p->new_info = p->role == STP_ROLE_ROOT;
	}
}

/* Flush and notify every other root or designated non-edge port */
static void tc_propagate(struct stp *st, uint32_t from)
{
	uint32_t i;

	st->tc_count++;
	st->last_tc = 0;
	for (i = 0; i < st->nports; i++) {
		struct stp_port *q = &st->ports[i];

		if (i == from || !takes_part(st, q) || q->oper_edge ||
		    (q->role != STP_ROLE_ROOT &&
		     q->role != STP_ROLE_DESIGNATED))
			continue;
		new_tc_while(st, q);
		flush(st, i);
	}
}

/* A non-edge port began forwarding as root or designated */
static void tc_detected(struct stp *st, uint32_t no)
{
	struct stp_port *p = &st->ports[no];

	if (p->oper_edge)
		return;
	new_tc_while(st, p);
	tc_propagate(st, no);
}

static void to_discarding(struct stp *st, uint32_t no)
{
	struct stp_port *p = &st->ports[no];

	if (p->state != STP_DISCARDING && !p->oper_edge)
		flush(st, no);
	set_state(st, no, STP_DISCARDING);
	p->fd_while = st->root_times.fwd_delay;
}

static void set_role(struct stp *st, uint32_t no, uint8_t role)
{
	struct stp_port *p = &st->ports[no];

	if (p->role == role)
		return;
	p->role = role;
	p->agree = false;
	p->proposing = false;
	p->agreed = false;
	p->fd_while = st->root_times.fwd_delay;
	switch (role) {
	case STP_ROLE_ROOT:
		break;
	case STP_ROLE_DESIGNATED:
		/* a former root port must not forward until agreed */
		if (!p->oper_edge && p->state != STP_DISCARDING)
			to_discarding(st, no);
		p->edge_delay_while = STP_MIGRATE_TIME;
		p->new_info = true;
		break;
	default:
		/* TC state machine INACTIVE: no TC pending here */
		p->tc_while = 0;
		to_discarding(st, no);
		break;
	}
	notify(st, no);
}

static struct stp_vec designated_vec(const struct stp *st, uint32_t no)
{
	return (struct stp_vec){ st->root.root, st->root.cost,
				 stp_bridge_id(st), stp_port_id(st, no) };
}

/* The port becomes designated with our vector (info MINE) */
static void set_mine(struct stp *st, uint32_t no)
{
	struct stp_port *p = &st->ports[no];
	struct stp_vec dv = designated_vec(st, no);
	int r = vec_cmp(&dv, &p->pv);

	if (p->info == STP_INFO_MINE && r == 0)
		return;
	/* an agreement holds only for the same or a better root path */
	if (p->info != STP_INFO_MINE || r > 0)
		p->agreed = false;
	p->pv = dv;
	p->pt = st->root_times;
	p->info = STP_INFO_MINE;
	p->new_info = true;
}

static void select_roles(struct stp *st)
{
	uint64_t me = stp_bridge_id(st);
	struct stp_vec best = { me, 0, me, 0 }, old = st->root;
	struct stp_times bt = { 0, st->max_age, st->hello, st->fwd_delay };
	uint32_t rp = 0, oldrp = st->root_port, i;

	for (i = 0; i < st->nports; i++) {
		const struct stp_port *p = &st->ports[i];
		struct stp_vec c;
		int r;

		if (!takes_part(st, p) || p->info != STP_INFO_RECEIVED ||
		    (p->pv.bridge & MAC_MASK) == (me & MAC_MASK))
			continue;
		c = p->pv;
		c.cost = c.cost > UINT32_MAX - p->cost ? UINT32_MAX :
							 c.cost + p->cost;
		r = vec_cmp(&c, &best);
		if (r < 0 || (r == 0 && rp &&
			      stp_port_id(st, i) < stp_port_id(st, rp))) {
			best = c;
			rp = i;
			bt = p->pt;
			bt.msg_age++;
			bt.hello = st->hello;
		}
	}
	st->root = best;
	st->root_port = rp;
	st->root_times = bt;
	for (i = 0; i < st->nports; i++) {
		struct stp_port *p = &st->ports[i];
		struct stp_vec dv;

		if (!takes_part(st, p)) {
			set_role(st, i, STP_ROLE_DISABLED);
			continue;
		}
		if (i == rp) {
			set_role(st, i, STP_ROLE_ROOT);
			continue;
		}
		dv = designated_vec(st, i);
		if (p->info != STP_INFO_RECEIVED ||
		    vec_cmp(&dv, &p->pv) < 0) {
			set_mine(st, i);
			set_role(st, i, STP_ROLE_DESIGNATED);
		} else if ((p->pv.bridge & MAC_MASK) == (me & MAC_MASK)) {
			set_role(st, i, STP_ROLE_BACKUP);
		} else {
			set_role(st, i, STP_ROLE_ALTERNATE);
		}
	}
	if ((vec_cmp(&old, &best) || oldrp != rp) && st->ops && st->ops->root)
		st->ops->root(st);
}

/* Put every other designated, non-edge port that is not agreed into
 * discarding: nothing downstream can loop while we agree upstream */
static void sync_others(struct stp *st, uint32_t root)
{
	uint32_t i;

	for (i = 0; i < st->nports; i++) {
		struct stp_port *q = &st->ports[i];

		if (i == root || !takes_part(st, q) || q->oper_edge ||
		    q->role != STP_ROLE_DESIGNATED || q->agreed)
			continue;
		if (q->state != STP_DISCARDING)
			to_discarding(st, i);
		q->new_info = true;
	}
}

/* Two forward delays, discarding -> learning -> forwarding */
static void fd_step(struct stp *st, uint32_t no)
{
	struct stp_port *p = &st->ports[no];

	if (p->fd_while)
		return;
	if (p->state == STP_DISCARDING) {
		set_state(st, no, STP_LEARNING);
		p->fd_while = st->root_times.fwd_delay;
	} else if (p->state == STP_LEARNING) {
		set_state(st, no, STP_FORWARDING);
		tc_detected(st, no);
	}
}

static void go_forwarding(struct stp *st, uint32_t no)
{
	if (st->ports[no].state == STP_FORWARDING)
		return;
	set_state(st, no, STP_FORWARDING);
	tc_detected(st, no);
}

static void transitions(struct stp *st)
{
	uint32_t i;

	for (i = 0; i < st->nports; i++) {
		struct stp_port *p = &st->ports[i];

		if (!takes_part(st, p))
			continue;
		switch (p->role) {
		case STP_ROLE_ROOT:
			if (p->proposed) {
				sync_others(st, i);
				p->agree = true;
				p->new_info = true;
			}
			if (p->send_rstp)
				go_forwarding(st, i);
			else
				fd_step(st, i);
			break;
		case STP_ROLE_DESIGNATED:
			if (p->oper_edge || (p->agreed && p->send_rstp)) {
				p->proposing = false;
				go_forwarding(st, i);
				break;
			}
			if (p->state != STP_FORWARDING && p->send_rstp &&
			    p->p2p && !p->proposing) {
				p->proposing = true;
				p->new_info = true;
			}
			fd_step(st, i);
			break;
		case STP_ROLE_ALTERNATE:
		case STP_ROLE_BACKUP:
			if (p->proposed) {
				p->agree = true;
				p->new_info = true;
			}
			break;
		default:
			break;
		}
		p->proposed = false;
	}
}

static void tx_port(struct stp *st, uint32_t no)
{
	struct stp_port *p = &st->ports[no];
	struct stp_vec v = designated_vec(st, no);
	struct stp_bpdu b = { 0 };
	uint8_t f[STP_FRAME_LEN];
	size_t len;

	if (p->tx_count >= STP_TX_HOLD) {
		p->stats.tx_hold++;
		return;
	}
	p->new_info = false;
	if (!p->send_rstp) {
		if (p->role == STP_ROLE_ROOT && p->tc_while) {
			b.type = BPDU_TYPE_TCN;
		} else if (p->role == STP_ROLE_DESIGNATED) {
			b.type = BPDU_TYPE_CONFIG;
			if (p->tc_while)
				b.flags |= BPDU_F_TC;
			if (p->tc_ack)
				b.flags |= BPDU_F_TCA;
			p->tc_ack = false;
		} else {
			return;
		}
	} else {
		uint8_t role = BPDU_ROLE_DESIGNATED;

		b.type = BPDU_TYPE_RST;
		b.version = 2;
		if (p->role == STP_ROLE_ROOT)
			role = BPDU_ROLE_ROOT;
		else if (p->role == STP_ROLE_ALTERNATE ||
			 p->role == STP_ROLE_BACKUP)
			role = BPDU_ROLE_ALTBACKUP;
		else if (p->role != STP_ROLE_DESIGNATED)
			return;
		b.flags = role << BPDU_F_ROLE_SHIFT;
		if (p->proposing && p->role == STP_ROLE_DESIGNATED)
			b.flags |= BPDU_F_PROPOSAL;
		if (p->agree && p->role != STP_ROLE_DESIGNATED)
			b.flags |= BPDU_F_AGREEMENT;
		if (p->state == STP_LEARNING)
			b.flags |= BPDU_F_LEARNING;
		if (p->state == STP_FORWARDING)
			b.flags |= BPDU_F_LEARNING | BPDU_F_FORWARDING;
		if (p->tc_while)
			b.flags |= BPDU_F_TC;
	}
	b.root = v.root;
	b.cost = v.cost;
	b.bridge = v.bridge;
	b.port = v.port;
	b.msg_age = st->root_times.msg_age;
	b.max_age = st->root_times.max_age;
	b.hello = st->hello;
	b.fwd_delay = st->root_times.fwd_delay;
	len = stp_bpdu_build(&b, st->mac, f);
	p->tx_count++;
	p->stats.tx_bpdu++;
	if (b.flags & BPDU_F_TC || b.type == BPDU_TYPE_TCN)
		p->stats.tx_tc++;
	if (st->ops && st->ops->tx)
		st->ops->tx(st, no, f, len);
}

static void tx_pending(struct stp *st)
{
	uint32_t i;

	for (i = 0; i < st->nports; i++) {
		struct stp_port *p = &st->ports[i];

		if (p->new_info && takes_part(st, p))
			tx_port(st, i);
	}
}

/* The three steps after any event; roles settle in a few rounds */
static void update(struct stp *st)
{
	int i;

	if (!st->enabled)
		return;
	for (i = 0; i < 2; i++) {
		select_roles(st);
		transitions(st);
	}
	tx_pending(st);
}

/* A port starts (or stops) taking part: protocol state from scratch */
static void port_restart(struct stp *st, uint32_t no)
{
	struct stp_port *p = &st->ports[no];

	p->info = takes_part(st, p) ? STP_INFO_AGED : STP_INFO_DISABLED;
	p->send_rstp = st->force_version >= 2;
	p->mdelay_while = STP_MIGRATE_TIME;
	p->edge_delay_while = STP_MIGRATE_TIME;
	p->oper_edge = p->admin_edge;
	p->proposing = p->proposed = p->agreed = p->agree = false;
	p->tc_while = 0;
	p->tc_ack = false;
	p->hello_when = 0;
	p->rcvd_info_while = 0;
	p->pv = (struct stp_vec){ 0 };
	p->pv.root = p->pv.bridge = UINT64_MAX;
	if (p->role != STP_ROLE_DISABLED || p->state != STP_DISCARDING)
		flush(st, no);
	p->role = STP_ROLE_DISABLED;
	p->state = STP_DISCARDING;
	p->fd_while = st->root_times.fwd_delay;
	notify(st, no);
}

/**
 * stp_enable() - start or stop the protocol
 * @st:	bridge
 * @on:	true to run it
 *
 * Stopped, every port forwards (the switch does) and BPDUs are no longer
 * consumed.
 */
void stp_enable(struct stp *st, bool on)
{
	uint32_t i;

	if (st->enabled == on)
		return;
	st->enabled = on;
	for (i = 0; i < st->nports; i++)
		port_restart(st, i);
	update(st);
	if (st->ops && st->ops->root)
		st->ops->root(st);
}

/**
 * stp_link() - port @no got its first endpoint or lost its last one
 * @st:		bridge
 * @no:		port
 * @up:		has endpoints
 * @p2p:	exactly one: a point-to-point link
 */
void stp_link(struct stp *st, uint32_t no, bool up, bool p2p)
{
	struct stp_port *p = stp_port(st, no);

	if (!p)
		return;
	p->p2p = p2p;
	if (p->link == up)
		return;
	p->link = up;
	port_restart(st, no);
	update(st);
}

/**
 * stp_set_trunk() - port @no takes part in the protocol, or not
 * @st:	bridge
 * @no:	port (the caller checked stp_port() succeeds)
 * @on:	inter-switch port
 */
void stp_set_trunk(struct stp *st, uint32_t no, bool on)
{
	struct stp_port *p = stp_port(st, no);

	if (!p || p->trunk == on)
		return;
	p->trunk = on;
	port_restart(st, no);
	update(st);
}

/**
 * stp_set_edge() - administratively an edge port (no bridge behind it)
 * @st:	bridge
 * @no:	port
 * @on:	edge
 */
void stp_set_edge(struct stp *st, uint32_t no, bool on)
{
	struct stp_port *p = stp_port(st, no);

	if (!p)
		return;
	p->admin_edge = on;
	p->oper_edge = on;
	if (!on && p->role == STP_ROLE_DESIGNATED && takes_part(st, p) &&
	    !p->agreed)
		to_discarding(st, no);
	update(st);
}

/**
 * stp_set_port_cost() - path cost of port @no
 * @st:		bridge
 * @no:		port
 * @cost:	1..STP_COST_MAX
 */
void stp_set_port_cost(struct stp *st, uint32_t no, uint32_t cost)
{
	struct stp_port *p = stp_port(st, no);

	if (!p)
		return;
	p->cost = cost;
	update(st);
}

/**
 * stp_set_port_prio() - priority of port @no
 * @st:		bridge
 * @no:		port
 * @prio:	0..240, a multiple of 16
 */
void stp_set_port_prio(struct stp *st, uint32_t no, uint8_t prio)
{
	struct stp_port *p = stp_port(st, no);

	if (!p)
		return;
	p->prio = prio;
	update(st);
}

/**
 * stp_set_bridge() - bridge priority, timers and protocol version
 * @st:		bridge
 * @prio:	multiple of 4096
 * @hello:	seconds, checked by the caller against 802.1D's ranges
 * @max_age:
 * @fwd_delay:
 * @version:	0 (802.1D only) or 2 (RSTP)
 */
void stp_set_bridge(struct stp *st, uint16_t prio, uint16_t hello,
		    uint16_t max_age, uint16_t fwd_delay, uint8_t version)
{
	bool restart = st->force_version != version;
	uint32_t i;

	st->prio = prio;
	st->hello = hello;
	st->max_age = max_age;
	st->fwd_delay = fwd_delay;
	st->force_version = version;
	if (!st->root_port)
		st->root_times = (struct stp_times){ 0, max_age, hello,
						     fwd_delay };
	for (i = 0; restart && i < st->nports; i++)
		port_restart(st, i);
	update(st);
}

static void rx_migrate(struct stp *st, struct stp_port *p,
		       const struct stp_bpdu *b)
{
	bool rstp = b->type == BPDU_TYPE_RST;

	if (p->mdelay_while)
		return;
	if (!rstp && p->send_rstp) {
		p->send_rstp = false;
		p->proposing = false;
		p->mdelay_while = STP_MIGRATE_TIME;
	} else if (rstp && !p->send_rstp && st->force_version >= 2) {
		p->send_rstp = true;
		p->mdelay_while = STP_MIGRATE_TIME;
		p->new_info = true;
	}
}

/* A message from a designated port (or an 802.1D config BPDU) */
static void rx_designated(struct stp *st, uint32_t no,
			  const struct stp_bpdu *b)
{
	struct stp_port *p = &st->ports[no];
	struct stp_vec m = { b->root, b->cost, b->bridge, b->port };
	struct stp_times t = { b->msg_age, b->max_age, b->hello,
			       b->fwd_delay };
	int r;
	bool same = p->info == STP_INFO_RECEIVED && m.bridge == p->pv.bridge &&
		    (m.port & PORTNO_MASK) == (p->pv.port & PORTNO_MASK);

	/* one more hop would reach max age: too old to use (17.21.23) */
	if (b->msg_age + 1 >= b->max_age) {
		p->stats.rx_old++;
		return;
	}
	r = vec_cmp(&m, &p->pv);
	if (r < 0 || (same && (r || memcmp(&t, &p->pt, sizeof(t))))) {
		/* superior, or news from the same designated port */
		if (r > 0)
			p->agree = false;
		p->agreed = false;
		p->proposing = false;
		p->pv = m;
		p->pt = t;
		p->info = STP_INFO_RECEIVED;
	} else if (!(r == 0 && p->info == STP_INFO_RECEIVED)) {
		/* inferior: our designated port answers with better news */
		if (p->role == STP_ROLE_DESIGNATED)
			p->new_info = true;
		return;
	}
	p->rcvd_info_while = 3 * MAX(b->hello, (uint16_t)STP_HELLO_MIN);
	if (b->type == BPDU_TYPE_RST && (b->flags & BPDU_F_PROPOSAL))
		p->proposed = true;
}

/**
 * stp_rx() - a BPDU arrived on trunk port @no
 * @st:		bridge
 * @no:		port
 * @f:		frame
 * @len:	its length
 *
 * Malformed BPDUs, our own coming back, and BPDUs while the port does not
 * take part are counted and dropped.
 */
void stp_rx(struct stp *st, uint32_t no, const uint8_t *f, size_t len)
{
	struct stp_port *p = no < st->nports ? &st->ports[no] : NULL;
	struct stp_bpdu b;
	bool tc;
	int err;

	if (!p || !takes_part(st, p))
		return;
	err = stp_bpdu_parse(f, len, &b);
	if (err) {
		p->stats.rx_bad++;
		p->stats.bpdu_err[-err]++;
		return;
	}
	if (b.type != BPDU_TYPE_TCN && b.bridge == stp_bridge_id(st) &&
	    (b.port & PORTNO_MASK) == (stp_port_id(st, no) & PORTNO_MASK)) {
		p->stats.rx_own++;
		return;
	}
	p->stats.rx_bpdu++;
	rx_migrate(st, p, &b);
	p->oper_edge = false;
	p->edge_delay_while = STP_MIGRATE_TIME;
	tc = b.flags & BPDU_F_TC;
	if (b.type == BPDU_TYPE_TCN) {
		/* 17.29.3 NOTIFIED_TCN: this port, too, says TC (802.1D
		 * bridges below use short ageing) and acknowledges */
		if (p->role == STP_ROLE_DESIGNATED) {
			new_tc_while(st, p);
			p->tc_ack = true;
			p->new_info = true;
		}
		tc = true;
	} else if (b.type == BPDU_TYPE_CONFIG ||
		   ((b.flags & BPDU_F_ROLE_MASK) >> BPDU_F_ROLE_SHIFT) ==
			   BPDU_ROLE_DESIGNATED) {
		rx_designated(st, no, &b);
		if ((b.flags & BPDU_F_TCA) && p->role == STP_ROLE_ROOT)
			p->tc_while = 0;
	} else if ((b.flags & BPDU_F_ROLE_MASK) &&
		   p->role == STP_ROLE_DESIGNATED) {
		struct stp_vec m = { b.root, b.cost, b.bridge, b.port };

		/* root or alternate: agreement for our proposal? */
		if ((b.flags & BPDU_F_AGREEMENT) && p->p2p &&
		    vec_cmp(&m, &p->pv) >= 0 && m.root == p->pv.root) {
			p->agreed = true;
			p->proposing = false;
		}
	}
	update(st);
	if (tc && (p->role == STP_ROLE_ROOT ||
		   p->role == STP_ROLE_DESIGNATED)) {
		p->stats.rx_tc++;
		tc_propagate(st, no);
		tx_pending(st);
	}
}

static void tick_port(struct stp *st, uint32_t no)
{
	struct stp_port *p = &st->ports[no];

	p->tx_count = 0;
	if (!takes_part(st, p))
		return;
	if (p->info == STP_INFO_RECEIVED && p->rcvd_info_while &&
	    --p->rcvd_info_while == 0) {
		p->info = STP_INFO_AGED;	/* update() reselects */
	}
	if (p->fd_while)
		p->fd_while--;
	if (p->edge_delay_while)
		p->edge_delay_while--;
	if (p->mdelay_while)
		p->mdelay_while--;
	if (p->tc_while)
		p->tc_while--;
	if (!p->oper_edge && p->auto_edge && !p->edge_delay_while &&
	    p->role == STP_ROLE_DESIGNATED && p->send_rstp && p->proposing)
		p->oper_edge = true;
	if (p->hello_when)
		p->hello_when--;
	if (!p->hello_when) {
		p->hello_when = st->hello;
		if (p->role == STP_ROLE_DESIGNATED ||
		    (p->role == STP_ROLE_ROOT && p->tc_while))
			p->new_info = true;
	}
}

/**
 * stp_tick() - one second passed
 * @st:	bridge
 */
void stp_tick(struct stp *st)
{
	uint32_t i;

	st->ticks++;
	st->last_tc++;
	if (!st->enabled)
		return;
	for (i = 0; i < st->nports; i++)
		tick_port(st, i);
	update(st);
}
