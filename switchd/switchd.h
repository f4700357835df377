/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * switchd.h - state of one vde-switchd: ports, endpoints, pending
 * control connections, and the configuration they are built from.
 */
#ifndef VDE_SWITCHD_H
#define VDE_SWITCHD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "fdb.h"
#include "policy.h"
#include "pool.h"
#include "stp.h"
#include "v3.h"

enum {
	RX_BATCH		= 32,	/* frames per recvmmsg */
	EP_TXMAX		= 2 * RX_BATCH,	/* + mirror copies */
	EP_QLEN			= 512,	/* output queue per endpoint */
	EP_QFAIR		= 32,	/* queue allowed when the pool runs low */
	EP_QHIGH		= 128,	/* back-pressure: pause senders above */
	EP_QLOW			= 32,	/* ... and resume them below */
	BP_STALL_MS		= 50,	/* no progress for this long: stalled */
	VLAN_NONE		= 4095,	/* port/setvlan: no untagged VLAN */
	VLAN_MAX		= 4095,
	ETH_HLEN_		= 14,
	ETH_ZLEN_		= 60,
	ETH_FRAME_DEFAULT	= 9234,	/* libvdeplug VDE_ETHBUFSIZE */
	ETH_FRAME_MIN_MAX	= 1514,
	PORTS_DEFAULT		= 32,
	PORTS_MAX		= 65534,
	SW_TAPS_MAX		= 64,	/* -t options */
};

/* What an endpoint's data descriptor is */
enum ep_kind {
	EP_VDE,			/* AF_UNIX datagram socket (recvmmsg/sendmmsg) */
	EP_TAP,			/* tap device: one frame per read()/write() */
};

/* Owner of a tap endpoint: no client has it, so none can share the port */
#define TAP_UID		((uid_t)-1)

enum ev_type {
	EV_NONE,
	EV_CTL_LISTEN,		/* DIR/ctl */
	EV_CTL_PENDING,		/* control stream before its request */
	EV_EP_CTL,		/* control stream of an endpoint */
	EV_EP_DATA,		/* data socket of an endpoint */
	EV_SIGNAL,
	EV_TIMER,
	EV_STDIN,
	EV_MGMT_LISTEN,		/* -M socket */
	EV_MGMT,		/* a management session */
	EV_PRIV,		/* socketpair to vde-privd */
};

#define ACL_NONE	UINT32_MAX

/* What the epoll data pointer points at: first member of each owner */
struct evsrc {
	uint8_t type;
};

enum tx_op { TX_ASIS, TX_STRIP, TX_PUSH };

/* One frame to send on one endpoint, possibly with a tag pushed/popped */
struct txent {
	uint32_t slot;
	uint16_t vid;		/* for TX_PUSH */
	uint8_t op;
};

_Static_assert(sizeof(struct txent) == 8, "txent: 8 bytes per queued frame");

struct ep_stats {
	uint64_t tx_drop_queue;		/* output queue full */
	uint64_t tx_drop_err;		/* send error other than EAGAIN */
	uint64_t tx_queued;		/* frames that had to wait */
	uint64_t rx_paused;		/* times reading was paused */
};

struct endpoint {
	struct evsrc ev_ctl;
	struct evsrc ev_data;
	int ctl_fd;			/* -1 for a tap */
	int data_fd;
	uint8_t kind;			/* enum ep_kind */
	uint32_t port;
	uint32_t id;			/* = ctl_fd at attach, as vde_switch */
	uid_t uid;
	gid_t gid;
	pid_t pid;
	bool dead;
	bool pollout;
	char descr[V3_DESCR_MAX];
	char sockpath[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct endpoint *next;		/* on the port */
	struct endpoint *tx_next;	/* on sw->tx_dirty */
	struct endpoint *dead_next;	/* on sw->graveyard */
	uint16_t ntx;			/* frames in @tx for this batch */
	uint16_t nmir;			/* of which mirror copies */
	struct txent tx[EP_TXMAX];
	struct txent *q;		/* ring of EP_QLEN, lazily allocated */
	uint32_t qhead;
	uint32_t qlen;
	uint64_t last_progress_ms;	/* last successful send */
	bool rx_paused;			/* back-pressure: not reading */
	struct endpoint *blocker;	/* the endpoint we wait for */
	struct endpoint *waiters;	/* endpoints waiting for us */
	struct endpoint *wait_next;
	struct ep_stats stats;
};

struct port_stats {
	uint64_t rx_frames;
	uint64_t rx_bytes;
	uint64_t tx_frames;
	uint64_t tx_bytes;
	uint64_t rx_drop_short;		/* < 14 bytes */
	uint64_t rx_drop_trunc;		/* larger than the maximum frame */
	uint64_t rx_drop_vlan;		/* VLAN not allowed on this port */
	uint64_t rx_drop_nobuf;		/* frame pool exhausted */
	uint64_t rx_empty;		/* zero-length courtesy EOF */
	uint64_t tx_drop_queue;		/* output queue full */
	uint64_t tx_drop_oversize;	/* too big once a tag is pushed */
	uint64_t fdb_overflow;		/* MAC not learned: table full */
	uint64_t tx_drop_err;		/* send failed (e.g. tap down: EIO) */
	uint64_t rx_drop_tagged;	/* tagged frame from an access port */
	uint64_t rx_drop_maclock;	/* source MAC other than the locked */
	uint64_t tx_mirror;		/* mirror copies queued here */
	uint64_t tx_drop_mirror;	/* mirror copies dropped: queue full */
	uint64_t rx_drop_bpdu;		/* BPDU guard: BPDU from a non-trunk */
	uint64_t rx_drop_linklocal;	/* to 01:80:c2:00:00:01..0f */
	uint64_t rx_drop_stp;		/* port discarding or learning (STP) */
	uint64_t rx_drop_bpdu_bad;	/* malformed BPDU on a trunk port */
};

struct port {
	bool exists;
	bool allocatable;
	uint32_t nep;			/* endpoints attached */
	uid_t curuser;			/* owner while nep > 0 */
	uint16_t vlan;			/* untagged VLAN, VLAN_NONE = none */
	uint32_t acl_uid;		/* port/setuser, ACL_NONE = unset */
	uint32_t acl_gid;		/* port/setgroup, ACL_NONE = unset */
	uint8_t *tagged;		/* VLAN bitmap or NULL */
	int32_t active_idx;		/* index in sw->active or -1 */
	struct endpoint *ep;
	struct port_stats stats;
	bool tap_reserved;		/* a tap's port: no client, ever */
	bool mirror;			/* port/mirror: copies go ... */
	uint32_t mirror_to;		/* ... to this port */
	/* set by the policy while a client holds the port (enforce.c) */
	bool pol_set;
	bool pol_access;		/* forced VLAN: no tagged frames */
	bool pol_trunk;			/* tagged in the rule's VLANs only */
	bool maclock;
	bool mac_locked;
	uint8_t lock_mac[6];
	uint16_t saved_vlan;		/* the port's own settings, back */
	uint8_t *saved_tagged;		/* when the last client leaves */
	uint8_t stp_state;		/* enum stp_state, 0: forwarding */
};

struct ctlconn {
	struct evsrc ev;
	int fd;
	struct ucred cred;
	uint64_t deadline_ms;		/* CLOCK_MONOTONIC */
	size_t len;
	uint8_t buf[V3_REQ_MAX + 1];
	struct ctlconn *next;
	bool dead;
};

struct uidcount {
	uid_t uid;
	uint32_t endpoints;
	uint32_t pending;
};

struct sw_config {
	const char *dir;		/* as given */
	uint32_t numports;
	bool hub;
	int mode;			/* -m, -1 = unset */
	int dirmode;			/* --dirmode, -1 = unset */
	const char *group;
	const char *user;
	bool daemon;
	const char *pidfile;
	bool nostdin;
	uint8_t mac[6];
	uint32_t hashsize;
	uint32_t fdb_max;
	uint32_t fdb_port_max;
	uint32_t max_frame;
	uint32_t max_endpoints;
	uint32_t max_endpoints_uid;
	uint32_t max_pending;
	uint32_t max_pending_uid;
	uint32_t handshake_timeout;
	bool allow_v1;
	bool no_backpressure;
	int verbose;
	const char *mgmt;		/* -M */
	int mgmtmode;			/* --mgmtmode, default 0600 */
	const char *mgmtgroup;
	const char *rcfile;		/* -f */
	const char *policy;		/* --policy FILE */
	const char *tap[SW_TAPS_MAX];	/* -t */
	uint32_t ntap;
	int privsep_fd;			/* --privsep, -1 = standalone */
	bool stp;			/* -F: spanning tree on at start */
	uint32_t stp_prio;		/* --priority ... */
	bool stp_prio_set;		/* ... given */
};

/* Started by vde-privd (--privsep FD): what it handed over */
struct sw_privsep {
	bool active;
	bool hello;
	bool have_policy;
	bool reloading;			/* RELOAD seen, POLICY not yet */
	int sock;
	int state_fd;
	int policy_fd;
	int new_fd;			/* policy memfd during a reload */
	uint32_t index;			/* our switch in the policy */
	uint32_t new_index;
	int tap_fd[POL_TAP_MAX];
	uint32_t tap_port[POL_TAP_MAX];
	char dir[POL_PATH_MAX];
	struct policy pol;
};

struct sw_stats {
	uint64_t ctl_accepted;
	uint64_t ctl_refused;
	uint64_t ctl_timeout;
	uint64_t ctl_overflow;		/* closed at once: too many pending */
	uint64_t ep_attached;
	uint64_t ep_detached;
	uint64_t ctl_junk;		/* bytes after the handshake */
};

struct sw {
	struct sw_config cfg;
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char ctlpath[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char pidpath[4096];
	bool pid_written;
	bool dir_created;
	int epfd;
	int ctl_fd;
	int sig_fd;
	int timer_fd;
	struct evsrc ev_ctl, ev_sig, ev_timer, ev_stdin, ev_mgmt, ev_priv;
	struct sw_privsep ps;
	const struct policy *pol;	/* NULL: no policy (standalone) */
	uint32_t pol_sw;		/* our switch in it (or none) */
	struct policy spol;		/* --policy FILE, standalone */
	int mgmt_fd;
	char mgmtpath[sizeof(((struct sockaddr_un *)0)->sun_path)];
	mode_t mgmtmode;
	mode_t ctlmode;
	gid_t mgmt_gid;			/* admins' group, (gid_t)-1: none */
	struct msess *sessions;
	uint32_t nsess;
	struct msess *mgraveyard;
	struct cap *caps;		/* running captures (capture.c) */
	uint32_t dbg_any;		/* categories some session wants */
	uint8_t vlans[VLAN_MAX / 8 + 1];	/* VLANs that exist */
	uid_t owner;			/* admin: who started the switch */
	pid_t pid;
	uint32_t nports;		/* slots: ports 0..numports */
	struct port *ports;
	uint32_t *active;		/* dense list of ports with nep > 0 */
	uint32_t nactive;
	struct fdb fdb;
	struct pool pool;
	struct ctlconn *pending;
	uint32_t npending;
	uint32_t nendpoints;
	struct uidcount *uids;
	uint32_t nuids;
	struct endpoint *tx_dirty;
	struct endpoint *rx_block;	/* congested unicast target ... */
	uint32_t rx_block_hits;		/* ... of this many frames in a batch */
	uid_t rx_uid;			/* owner of the endpoint being read */
	uint32_t npaused;
	bool freed;
	bool stdin_script;		/* stdin is a file of commands */			/* memory freed since the last trim */
	struct endpoint *graveyard;
	struct ctlconn *conn_graveyard;
	uint32_t now;			/* monotonic seconds */
	uint64_t now_ms;		/* monotonic milliseconds */
	uint32_t next_gc;
	uint32_t gc_interval;
	time_t started;
	bool quit;
	int state_fd;			/* STATE_MEMFD, -1: none (standalone) */
	bool state_on;			/* state_attach() accepted it */
	bool state_loading;		/* applying the record: do not save */
	bool state_have;		/* a valid record is in state_slot */
	uint8_t state_slot;		/* 0 or 1 */
	uint32_t state_size;		/* usable bytes of the memfd */
	uint64_t state_seq;		/* generation of that record */
	struct sw_stats stats;
	struct stp stp;			/* spanning tree (stpsw.c) */
};

struct msess;
struct cap;

/* port.c */
int port_init(struct sw *sw) __must_check;
int port_resize(struct sw *sw, uint32_t numports) __must_check;
struct port *port_get(struct sw *sw, uint32_t no);
int port_pick(struct sw *sw, uint32_t want, uint32_t lo, uint32_t hi,
	      uid_t uid, uint32_t *no);
void ep_attach(struct sw *sw, struct endpoint *ep);
void ep_close(struct sw *sw, struct endpoint *ep, const char *why);
void ep_rx(struct sw *sw, struct endpoint *ep);
void port_frame_input(struct sw *sw, struct port *p, uint32_t no,
		      uint32_t slot, uint32_t len, int flags);
void ep_ctl_event(struct sw *sw, struct endpoint *ep, uint32_t events);
void ep_drain(struct sw *sw, struct endpoint *ep);
void sw_reap(struct sw *sw);
struct uidcount *uid_get(struct sw *sw, uid_t uid, bool create);

/* fwd.c */
void fwd_frame(struct sw *sw, uint32_t in, uint32_t slot);
void bp_pause(struct sw *sw, struct endpoint *ep, struct endpoint *b);
void bp_resume_waiters(struct sw *sw, struct endpoint *b);
void bp_unlink(struct sw *sw, struct endpoint *ep);
void bp_check(struct sw *sw);
void fwd_flush(struct sw *sw);
bool ep_check_gone(struct sw *sw, struct endpoint *ep, int err);
bool port_in_vlan(const struct port *p, uint16_t vid);
int fwd_iov(struct sw *sw, const struct txent *t, struct iovec *iov,
	    uint8_t *tag);
void fwd_mirror(struct sw *sw, const struct port *src, uint32_t slot,
		uint8_t op, uint16_t vid);
void fwd_bpdu_relay(struct sw *sw, uint32_t in, uint32_t slot);
void fwd_send_port(struct sw *sw, uint32_t no, const uint8_t *f,
		   uint32_t len);

/* ctl.c */
int peer_groups(int fd, gid_t *groups, size_t max);
bool peer_in_group(int fd, const struct ucred *cred, gid_t gid);
void ctl_accept(struct sw *sw);
void ctl_pending_event(struct sw *sw, struct ctlconn *c, uint32_t events);
void ctl_expire(struct sw *sw);

/* enforce.c */
int enf_attach(struct sw *sw, int fd, const struct ucred *cred,
	       uint32_t want, uint32_t *no, const struct pol_rule **rule,
	       char *why, size_t whylen);
void enf_apply(struct sw *sw, uint32_t no, const struct pol_rule *r);
void enf_release(struct sw *sw, struct port *p);
bool enf_frame_drop(struct port *p, uint32_t no, const uint8_t *f);
void enf_reload(struct sw *sw);
int enf_mgmt(const struct sw *sw, int fd, const struct ucred *cred,
	     bool *admin);

/* privsep.c */
void privsep_setup(struct sw *sw, int sock);
void privsep_ready(struct sw *sw, struct evsrc *src);
void privsep_event(struct sw *sw);
void privsep_tap_gone(struct sw *sw, uint32_t port);

/* tapport.c */
int tap_port_add(struct sw *sw, int fd, const char *ifname, uint32_t port,
		 uint16_t vlan) __must_check;
void tap_port_remove(struct sw *sw, uint32_t port);
int tap_recv(struct endpoint *ep, struct mmsghdr *mm, unsigned int n);
int tap_sendv(struct sw *sw, struct endpoint *ep, const struct txent *t,
	      unsigned int n);
bool tap_discard(struct endpoint *ep);
bool tap_check_gone(struct sw *sw, struct endpoint *ep, int err);
void tap_open_opts(struct sw *sw);
void tap_attach_opts(struct sw *sw);

/* state.c */
int state_attach(struct sw *sw, int memfd);
void state_save(struct sw *sw);
int state_dump(struct sw *sw, char **text, size_t *len) __must_check;
int state_check(const uint8_t *slot, size_t avail, const char **body,
		uint32_t *len, uint64_t *seq) __must_check;
int state_load(struct sw *sw, const uint8_t *buf, size_t size);

/* stpsw.c */
void sw_stp_init(struct sw *sw);
bool sw_stp_linklocal(struct sw *sw, struct port *p, uint32_t no,
		      const uint8_t *f, uint32_t len);
void sw_stp_link(struct sw *sw, uint32_t no);
int sw_stp_set_trunk(struct sw *sw, uint32_t no, bool on);
void sw_stp_tick(struct sw *sw);
bool sw_stp_trunk(const struct sw *sw, uint32_t no);
bool sw_stp_port_default(const struct sw *sw, uint32_t no);
void sw_stp_port_forget(struct sw *sw, uint32_t no);

/* dir.c */
int dir_setup(struct sw *sw, uid_t uid, gid_t gid) __must_check;
int dir_mgmt_setup(struct sw *sw, uid_t uid, gid_t gid) __must_check;
void dir_cleanup(struct sw *sw);

#endif /* VDE_SWITCHD_H */
