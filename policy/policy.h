/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * policy.h - the policy.conf language (man/policy.conf.5): switch blocks
 * that vde-privd sets up, and doas-style rules that vde-switchd applies
 * to every attach request.
 *
 * A pure library: text in, struct policy out.  It performs no I/O of its
 * own; the caller supplies callbacks to resolve user and group names and
 * to read included files (vde-privd checks their owner and mode).  The
 * same parser reads the canonical resolved form that vde-privd hands to
 * each vde-switchd (names already replaced by numbers, no includes).
 */
#ifndef VDE_POLICY_H
#define VDE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "util.h"

enum {
	POL_LINE_MAX	= 1024,	/* bytes per line, newline excluded */
	POL_TOKEN_MAX	= 255,	/* bytes per token (quotes excluded) */
	POL_NAME_MAX	= 32,	/* switch name: [A-Za-z0-9_.-], 1..31 */
	POL_PATH_MAX	= 90,	/* dir, mgmt: absolute, < 90 bytes, so that
				 * "/ctl" and "/65534.2147483647" fit in
				 * sun_path (as vde-switchd requires) */
	POL_IFNAME_MAX	= 16,	/* IFNAMSIZ */
	POL_SWITCH_MAX	= 256,
	POL_TAP_MAX	= 16,	/* per switch */
	POL_RULE_MAX	= 4096,
	POL_INCLUDE_DEPTH = 8,
	POL_INCLUDE_MAX	= 64,	/* files included in all */
	POL_VLAN_NONE	= 4095,	/* no VLAN */
	POL_VLAN_MAX	= 4094,	/* VLAN ids 1..4094; 0 is the switch's
				 * default VLAN (vde_switch's) */
	POL_PORTS_MAX	= 65534,
};

/* Bytes of a VLAN bitmap (pol_switch.vlans, pol_rule.trunk_vlans) */
#define POL_VLAN_BITMAP	512

/* "switch any" in a rule; no group given (a macro: ISO C enumerators
 * are ints) */
#define POL_ANY		UINT32_MAX

/* tap NAME [port N] [vlan V] [mtu N] [mac XX:..] [down] [stp] */
struct pol_tap {
	char name[POL_IFNAME_MAX];
	uint32_t port;		/* 1..ports; when not given, the parser
				 * assigns the lowest port no tap names */
	uint16_t vlan;		/* untagged VLAN of its port, default 0:
				 * the switch's default VLAN */
	uint32_t mtu;		/* 0: leave as the kernel has it */
	bool has_mac;
	uint8_t mac[6];
	bool down;		/* leave the interface down */
	bool stp;		/* inter-switch port: in the spanning tree */
	int line;
};

/* switch NAME { ... } */
struct pol_switch {
	char name[POL_NAME_MAX];
	char dir[POL_PATH_MAX];		/* absolute, no "..", no "//" */
	uint32_t owner;			/* uid; default 0 (root) */
	uint32_t group;			/* gid; POL_ANY: none given */
	uint32_t mode;			/* ctl socket mode, 0600..0777;
					 * default 0660 if group given,
					 * else 0600 */
	uint32_t ports;			/* default 32, 1..POL_PORTS_MAX */
	bool hub;
	bool has_mgmt;			/* mgmt PATH [group G] [mode M] */
	char mgmt[POL_PATH_MAX];
	uint32_t mgmt_group;		/* the switch's group when not given
					 * (filled in); POL_ANY: none */
	uint32_t mgmt_mode;		/* default 0600 */
	uint8_t vlans[512];		/* "vlans 1 10 20": bitmap to create,
					 * bit v is vlans[v / 8] >> (v % 8) */
	struct pol_tap taps[POL_TAP_MAX];
	int ntaps;
	int line;
};

enum pol_id_kind { POL_ID_ANY, POL_ID_UID, POL_ID_GID };

enum pol_mgmt { POL_MGMT_NONE, POL_MGMT_READ, POL_MGMT_ADMIN };

/* permit|deny IDENTITY [switch NAME|any] [options] */
struct pol_rule {
	bool permit;
	enum pol_id_kind kind;		/* user/uid -> UID, group/gid -> GID */
	uint32_t id;
	uint32_t sw;			/* index into switches, or POL_ANY */
	uint16_t vlan;			/* access VLAN, POL_VLAN_NONE: none */
	bool trunk;			/* vlan { ... } trunk */
	uint8_t *trunk_vlans;		/* bitmap of 512 bytes if trunk,
					 * laid out as pol_switch.vlans */
	uint32_t maxports;		/* 0: no limit */
	bool maclock;
	uint32_t port_lo, port_hi;	/* 0, 0: any port */
	enum pol_mgmt mgmt;		/* mgmt read|admin; such a rule
					 * has no other option but sw */
	int line;
	char file[64];			/* "" for the top file, else basename
					 * of the included file */
};

struct policy {
	uint32_t uid, gid;		/* "user NAME": switch account, never
					 * uid 0 */
	bool has_user;
	struct pol_switch *switches;
	int nswitches;
	struct pol_rule *rules;
	int nrules;
};

/* Error position: the file name given to policy_parse() or the include */
struct pol_error {
	char file[256];
	int line;			/* 1-based; 0 if not about a line */
	int col;			/* 1-based byte column */
	char msg[256];
};

/* Resolve a name: user (uid and primary gid) or group; 0 or -1 */
typedef int (*pol_resolve_fn)(void *ctx, bool group, const char *name,
			      uint32_t *id, uint32_t *gid);
/* Read an included file; 0 and *text (malloc'd) or -1 with @err set */
typedef int (*pol_include_fn)(void *ctx, const char *path, char **text,
			      size_t *len, char *err, size_t errlen);

struct pol_ops {
	pol_resolve_fn resolve;		/* NULL: names are an error (the
					 * canonical form has only numbers) */
	pol_include_fn include;		/* NULL: include is an error */
	void *ctx;
};

/**
 * policy_parse() - parse policy.conf text
 * @text:	the file's bytes (need not be NUL-terminated)
 * @len:	their number
 * @file:	name for error messages
 * @ops:	resolvers (may be NULL)
 * @pol:	result; zeroed first; free with policy_free() on success
 * @err:	where the first error is described
 *
 * Return: 0, or -1 with @err filled in and nothing left allocated.
 */
int policy_parse(const char *text, size_t len, const char *file,
		 const struct pol_ops *ops, struct policy *pol,
		 struct pol_error *err) __must_check;
void policy_free(struct policy *pol);

/**
 * policy_write() - canonical resolved form: numbers instead of names, one
 * statement per line, no comments, no includes; parses back to the same
 * policy (policy_parse(policy_write(p)) == p, lines aside)
 * @pol:	policy
 * @f:		stream (open_memstream for the memfd)
 *
 * Return: 0 or -1 on a write error.
 */
int policy_write(const struct policy *pol, FILE *f) __must_check;

/**
 * policy_find_switch() - index of a switch by name
 * @pol:	policy
 * @name:	switch name
 *
 * Return: index into @pol->switches, or -1 if there is none of that name.
 */
int policy_find_switch(const struct policy *pol, const char *name);

/**
 * policy_equal() - same policy, line numbers and file names aside
 * @a:		policy
 * @b:		policy
 *
 * Return: true if every switch and rule is the same, in the same order.
 */
bool policy_equal(const struct policy *a, const struct policy *b);

/**
 * policy_switch_equal() - same switch set-up, line number aside (for
 * SIGHUP: an unchanged switch keeps running as it is)
 * @a:		switch
 * @b:		switch
 *
 * Return: true if every field but the line is the same.
 */
bool policy_switch_equal(const struct pol_switch *a,
			 const struct pol_switch *b);

/* Who asks: the kernel's view of the peer (SO_PEERCRED, SO_PEERGROUPS) */
struct pol_query {
	uint32_t uid;
	uint32_t gid;
	const uint32_t *groups;
	int ngroups;
	uint32_t sw;			/* switch index */
	uint16_t vlan;			/* POL_VLAN_NONE: any (-C without vlan) */
	enum pol_mgmt mgmt;		/* POL_MGMT_NONE: an attach */
};

/**
 * policy_decide() - last matching rule wins; default deny
 * @pol:	policy
 * @q:		question
 *
 * Return: the deciding rule, or NULL for "deny (default)".
 */
const struct pol_rule *policy_decide(const struct policy *pol,
				     const struct pol_query *q);

/**
 * policy_permits() - whether the deciding rule grants what was asked
 * @r:		policy_decide()'s answer (may be NULL)
 * @q:		the same question
 *
 * A management query can be decided by a permit rule of a lower level
 * (the last match wins): that is a refusal.
 *
 * Return: true iff @r is a permit rule and, for a management query, its
 * level is at least @q->mgmt.
 */
bool policy_permits(const struct pol_rule *r, const struct pol_query *q);

/**
 * policy_vlan_ok() - whether a port admitted by @r may carry VLAN @vid
 * @r:		a permit rule
 * @vid:	VLAN id
 *
 * Return: true for the access VLAN or a trunk VLAN of @r, for any VLAN
 * 1..4094 if @r has no vlan option, false otherwise.
 */
bool policy_vlan_ok(const struct pol_rule *r, uint16_t vid);

/* load.c (library vdepolicyfile: the only I/O of policy/) */
int policy_load_file(const char *path, uid_t owner, struct policy *pol,
		     struct pol_error *err) __must_check;
const char *policy_error_str(const struct pol_error *e, char *buf,
			     size_t len);
int policy_query_main(const char *file, int argc, char **argv);

#endif /* VDE_POLICY_H */
