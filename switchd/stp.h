/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * stp.h - IEEE 802.1w rapid spanning tree (with 802.1D fallback): BPDU
 * codec and the per-bridge protocol engine.  The engine knows nothing of
 * the switch: it is driven by stp_rx() and a one-second stp_tick(), and
 * acts through the hooks of struct stp_ops, so that unit tests can wire
 * several bridges together in memory with simulated time.
 */
#ifndef VDE_STP_H
#define VDE_STP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum {
	STP_PORTS_MAX		= 4095,	/* port number: 12 bits of the id */
	STP_PRIO_DEFAULT	= 32768,
	STP_PRIO_STEP		= 4096,
	STP_PORT_PRIO_DEFAULT	= 128,
	STP_PORT_PRIO_STEP	= 16,
	STP_COST_DEFAULT	= 20000,	/* 802.1t, 1 Gb/s */
	STP_COST_MAX		= 200000000,
	STP_HELLO_DEFAULT	= 2,
	STP_MAXAGE_DEFAULT	= 20,
	STP_FWDDELAY_DEFAULT	= 15,
	STP_HELLO_MIN		= 1,
	STP_HELLO_MAX		= 10,
	STP_MAXAGE_MIN		= 6,
	STP_MAXAGE_MAX		= 40,
	STP_FWDDELAY_MIN	= 4,
	STP_FWDDELAY_MAX	= 30,
	STP_MIGRATE_TIME	= 3,
	STP_TX_HOLD		= 6,	/* BPDUs per port per second */
	STP_FRAME_LEN		= 60,	/* BPDUs are padded to this */
};

/* BPDU wire layout (802.3 + LLC, 802.1D-2004 clause 9) */
enum {
	BPDU_LLC_OFF		= 14,
	BPDU_OFF		= 17,	/* protocol identifier */
	BPDU_TCN_LEN		= 4,
	BPDU_CONFIG_LEN		= 35,
	BPDU_RST_LEN		= 36,
	BPDU_LLC_SAP		= 0x42,
	BPDU_LLC_UI		= 0x03,
	BPDU_TYPE_CONFIG	= 0x00,
	BPDU_TYPE_RST		= 0x02,
	BPDU_TYPE_TCN		= 0x80,
	BPDU_F_TC		= 0x01,
	BPDU_F_PROPOSAL		= 0x02,
	BPDU_F_ROLE_SHIFT	= 2,
	BPDU_F_ROLE_MASK	= 0x0c,
	BPDU_F_LEARNING		= 0x10,
	BPDU_F_FORWARDING	= 0x20,
	BPDU_F_AGREEMENT	= 0x40,
	BPDU_F_TCA		= 0x80,
	BPDU_ROLE_UNKNOWN	= 0,
	BPDU_ROLE_ALTBACKUP	= 1,
	BPDU_ROLE_ROOT		= 2,
	BPDU_ROLE_DESIGNATED	= 3,
	BPDU_TIME_UNIT		= 256,	/* timers travel in 1/256 s */
};

/* Why stp_bpdu_parse() refused a frame (negated) */
enum bpdu_err {
	BPDU_OK,
	BPDU_ESHORT,		/* shorter than the smallest BPDU */
	BPDU_EDST,		/* not to 01:80:c2:00:00:00 */
	BPDU_ELEN,		/* an ethertype, or a bad 802.3 length */
	BPDU_ELLC,		/* not LLC 42 42 03 */
	BPDU_EPROTO,		/* protocol identifier not 0 */
	BPDU_ETYPE,		/* unknown BPDU type, or RST of version < 2 */
	BPDU_ETRUNC,		/* shorter than its type needs */
	BPDU_EAGE,		/* message age not below max age */
	BPDU_ETIMES,		/* a zero hello, max age or forward delay */
	BPDU_E__COUNT
};

/**
 * struct stp_bpdu - one BPDU as parsed or to be built
 * @type:	BPDU_TYPE_*
 * @version:	protocol version (0 STP, 2 RSTP, 3+ MSTP read as RSTP)
 * @flags:	BPDU_F_*
 * @root:	root bridge id (priority << 48 | MAC)
 * @cost:	root path cost
 * @bridge:	designated (sending) bridge id
 * @port:	designated port id (priority << 8 | 12-bit number)
 * @msg_age:	timers, in whole seconds
 * @max_age:
 * @hello:
 * @fwd_delay:
 */
struct stp_bpdu {
	uint8_t type;
	uint8_t version;
	uint8_t flags;
	uint64_t root;
	uint32_t cost;
	uint64_t bridge;
	uint16_t port;
	uint16_t msg_age;
	uint16_t max_age;
	uint16_t hello;
	uint16_t fwd_delay;
};

int stp_bpdu_parse(const uint8_t *f, size_t len, struct stp_bpdu *b)
	__must_check;
size_t stp_bpdu_build(const struct stp_bpdu *b, const uint8_t *src,
		      uint8_t *f);
const char *stp_bpdu_strerror(int err);
bool stp_is_bpdu_dst(const uint8_t *dst);

/**
 * stp_is_linklocal() - is @dst one of 01:80:c2:00:00:00..0f, the group
 * addresses 802.1D bridges never forward?  (every frame: inline, and the
 * first byte alone decides for almost all of them)
 * @dst:	destination MAC
 *
 * Return: true if so.
 */
static inline bool stp_is_linklocal(const uint8_t *dst)
{
	return dst[0] == 0x01 && dst[1] == 0x80 && dst[2] == 0xc2 &&
	       dst[3] == 0 && dst[4] == 0 && (dst[5] & 0xf0) == 0;
}

enum stp_role {
	STP_ROLE_DISABLED, STP_ROLE_ROOT, STP_ROLE_DESIGNATED,
	STP_ROLE_ALTERNATE, STP_ROLE_BACKUP,
};

/* 0 is forwarding so that a zeroed struct port forwards (STP off) */
enum stp_state {
	STP_FORWARDING, STP_LEARNING, STP_DISCARDING,
};

enum stp_info {
	STP_INFO_DISABLED, STP_INFO_AGED, STP_INFO_MINE, STP_INFO_RECEIVED,
};

/**
 * struct stp_vec - a priority vector (802.1D-2004 17.6), compared in
 * this order, lower is better
 */
struct stp_vec {
	uint64_t root;
	uint32_t cost;
	uint64_t bridge;
	uint16_t port;
};

/**
 * struct stp_times - timer values carried in BPDUs, seconds
 */
struct stp_times {
	uint16_t msg_age;
	uint16_t max_age;
	uint16_t hello;
	uint16_t fwd_delay;
};

/**
 * struct stp_pstats - per-port protocol counters
 */
struct stp_pstats {
	uint64_t rx_bpdu;
	uint64_t tx_bpdu;
	uint64_t rx_tc;		/* TC flags and TCN BPDUs received */
	uint64_t tx_tc;
	uint64_t rx_bad;	/* malformed: dropped */
	uint64_t rx_own;	/* our own BPDU came back: dropped */
	uint64_t rx_old;	/* message age + 1 reaches max age: unused */
	uint64_t tx_hold;	/* not sent: transmit hold count */
	uint64_t transitions;	/* to forwarding */
	uint64_t bpdu_err[BPDU_E__COUNT];
};

/**
 * struct stp_port - one port of the bridge, configured and protocol state
 * @trunk:	takes part in the protocol (inter-switch port)
 * @link:	link up: at least one endpoint
 * @p2p:	point-to-point (exactly one endpoint)
 * @admin_edge:	configured edge port
 * @auto_edge:	becomes edge if no BPDU arrives
 * @oper_edge:	operating as an edge port
 * @prio:	port priority, 0..240
 * @cost:	path cost
 * @role:	enum stp_role
 * @state:	enum stp_state
 * @info:	enum stp_info
 * @send_rstp:	speaking RSTP (false: 802.1D, a legacy bridge is there)
 * @pv:		port priority vector (best on this segment)
 * @pt:		its times
 * @proposing:	designated, waiting for an agreement
 * @proposed:	a proposal arrived
 * @agreed:	the other end agreed: may forward at once
 * @agree:	we send an agreement
 * @new_info:	a BPDU should go out now
 * @tc_ack:	send a TC acknowledgement (802.1D)
 * @rcvd_info_while:	timers, seconds
 * @hello_when:
 * @fd_while:
 * @edge_delay_while:
 * @tc_while:
 * @mdelay_while:
 * @tx_count:	BPDUs sent this second
 * @stats:	counters
 */
struct stp_port {
	bool trunk;
	bool link;
	bool p2p;
	bool admin_edge;
	bool auto_edge;
	bool oper_edge;
	uint8_t prio;
	uint32_t cost;
	uint8_t role;
	uint8_t state;
	uint8_t info;
	bool send_rstp;
	struct stp_vec pv;
	struct stp_times pt;
	bool proposing;
	bool proposed;
	bool agreed;
	bool agree;
	bool new_info;
	bool tc_ack;
	uint16_t rcvd_info_while;
	uint16_t hello_when;
	uint16_t fd_while;
	uint16_t edge_delay_while;
	uint16_t tc_while;
	uint16_t mdelay_while;
	uint8_t tx_count;
	struct stp_pstats stats;
};

struct stp;

/**
 * struct stp_ops - what the engine asks of its switch
 * @tx:		send a BPDU frame of @len bytes on port @no
 * @flush:	forget the MAC addresses learned on port @no
 * @state:	port @no's role or state changed (forwarding decision)
 * @root:	the root bridge or root port changed
 */
struct stp_ops {
	void (*tx)(struct stp *st, uint32_t no, const uint8_t *f, size_t len);
	void (*flush)(struct stp *st, uint32_t no);
	void (*state)(struct stp *st, uint32_t no);
	void (*root)(struct stp *st);
};

/**
 * struct stp - one bridge: a single spanning tree for the whole switch
 * @enabled:	the protocol runs
 * @force_version:	0: 802.1D only, 2: RSTP
 * @prio:	bridge priority (multiple of 4096)
 * @mac:	bridge address
 * @hello:	own timers, seconds
 * @max_age:
 * @fwd_delay:
 * @root:	root priority vector; .bridge is the root port's neighbour
 * @root_times:	times from the root
 * @root_port:	port number, 0 when we are the root
 * @ports:	port state, @nports of them (grown on demand)
 * @nports:
 * @ops:	hooks
 * @ctx:	for the hooks
 * @tc_count:	topology changes detected or received
 * @last_tc:	ticks since the last one
 * @ticks:	seconds since start
 */
struct stp {
	bool enabled;
	uint8_t force_version;
	uint16_t prio;
	uint8_t mac[6];
	uint16_t hello;
	uint16_t max_age;
	uint16_t fwd_delay;
	struct stp_vec root;
	struct stp_times root_times;
	uint32_t root_port;
	struct stp_port *ports;
	uint32_t nports;
	const struct stp_ops *ops;
	void *ctx;
	uint64_t tc_count;
	uint32_t last_tc;
	uint32_t ticks;
};

void stp_init(struct stp *st, const uint8_t *mac, const struct stp_ops *ops,
	      void *ctx);
void stp_free(struct stp *st);
void stp_enable(struct stp *st, bool on);
struct stp_port *stp_port(struct stp *st, uint32_t no) __must_check;
const struct stp_port *stp_port_peek(const struct stp *st, uint32_t no);
void stp_link(struct stp *st, uint32_t no, bool up, bool p2p);
void stp_set_trunk(struct stp *st, uint32_t no, bool on);
void stp_set_edge(struct stp *st, uint32_t no, bool on);
void stp_set_port_cost(struct stp *st, uint32_t no, uint32_t cost);
void stp_set_port_prio(struct stp *st, uint32_t no, uint8_t prio);
void stp_set_bridge(struct stp *st, uint16_t prio, uint16_t hello,
		    uint16_t max_age, uint16_t fwd_delay, uint8_t version);
void stp_rx(struct stp *st, uint32_t no, const uint8_t *f, size_t len);
void stp_tick(struct stp *st);
uint64_t stp_bridge_id(const struct stp *st);
uint16_t stp_port_id(const struct stp *st, uint32_t no);
const char *stp_role_name(unsigned int role);
const char *stp_state_name(unsigned int state);

#endif /* VDE_STP_H */
