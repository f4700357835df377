// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * block.c - switch blocks of policy.conf: "switch NAME { ... }".
 *
 * A block is parsed straight into the next free entry of pol->switches,
 * which counts only once the block is complete and checked.  Each
 * statement is checked against the switches before it as soon as it is
 * read (a name, directory, management socket or tap used twice); what
 * depends on the whole block (a dir is required, tap ports within
 * "ports", ports for taps that name none, the defaults of mode and of the
 * management socket's group) is settled at its closing brace, with errors
 * reported at the token they are about.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "addr.h"
#include "parse.h"

/**
 * struct blk - a block being parsed
 * @sw:		the switch being filled in
 * @seen:	bit per statement of blk_kws[] already given
 * @has_mode:	a mode was given
 * @at:		the "switch" keyword
 * @lbrace:	its '{'
 * @tap_at:	each tap's name
 * @port_at:	each tap's port option, line 0 if none
 * @cable_at:	each cable's name
 */
struct blk {
	struct pol_switch *sw;
	unsigned int seen;
	bool has_mode;
	struct pos at;
	struct pos lbrace;
	struct pos tap_at[POL_TAP_MAX];
	struct pos port_at[POL_TAP_MAX];
	struct pos cable_at[POL_CABLE_MAX];
};

/* a is b, or a path inside b */
static bool path_under(const char *a, const char *b)
{
	size_t n = strlen(b);

	return n && !strncmp(a, b, n) && (a[n] == '\0' || a[n] == '/');
}

/* Whether management socket @m collides with switch directory @dir */
static bool mgmt_clash(const char *m, const char *dir, bool own)
{
	size_t n = strlen(dir);

	if (!n)
		return false;
	if (!strncmp(m, dir, n) && !strcmp(m + n, "/ctl"))
		return true;
	return own ? !strcmp(m, dir) : path_under(m, dir);
}

static int dir_check(struct parser *p, const struct pol_switch *sw)
{
	const struct policy *pol = p->st->pol;
	const char *d = p->tok.s;
	int i;

	for (i = 0; i < pol->nswitches; i++) {
		const struct pol_switch *o = &pol->switches[i];

		if (!strcmp(d, o->dir))
			return pp_err(p, &p->tok, "dir %s is already the dir "
				      "of switch '%s'", pp_show(p), o->name);
		if (path_under(d, o->dir) || path_under(o->dir, d))
			return pp_err(p, &p->tok, "dir %s and the dir of "
				      "switch '%s' are nested", pp_show(p),
				      o->name);
		if (o->has_mgmt && mgmt_clash(o->mgmt, d, false))
			return pp_err(p, &p->tok, "dir %s clashes with the "
				      "mgmt socket of switch '%s'", pp_show(p),
				      o->name);
	}
	if (sw->has_mgmt && mgmt_clash(sw->mgmt, d, true))
		return pp_err(p, &p->tok, "dir %s clashes with the mgmt "
			      "socket of this switch", pp_show(p));
	return 0;
}

/* dir PATH */
static int blk_dir(struct parser *p, struct blk *b)
{
	if (pp_next(p) || pp_path(p, "dir", POL_PATH_MAX) ||
	    dir_check(p, b->sw))
		return -1;
	memcpy(b->sw->dir, p->tok.s, p->tok.len + 1);
	return pp_next(p) || pp_end(p);
}

/* owner USER | owner uid N */
static int blk_owner(struct parser *p, struct blk *b)
{
	return pp_next(p) || pp_account(p, false, &b->sw->owner, NULL) ||
	       pp_end(p);
}

/* group GROUP | group gid N */
static int blk_group(struct parser *p, struct blk *b)
{
	return pp_next(p) || pp_account(p, true, &b->sw->group, NULL) ||
	       pp_end(p);
}

/* mode OCTAL */
static int blk_mode(struct parser *p, struct blk *b)
{
	b->has_mode = true;
	return pp_next(p) || pp_mode(p, "mode", &b->sw->mode) || pp_end(p);
}

/* ports N */
static int blk_ports(struct parser *p, struct blk *b)
{
	return pp_next(p) ||
	       pp_num(p, "ports", 1, POL_PORTS_MAX, &b->sw->ports) ||
	       pp_end(p);
}

/* hub */
static int blk_hub(struct parser *p, struct blk *b)
{
	b->sw->hub = true;
	return pp_next(p) || pp_end(p);
}

/* vlans V... */
static int blk_vlans(struct parser *p, struct blk *b)
{
	uint32_t v;

	if (pp_next(p))
		return -1;
	if (p->tok.type != TOK_WORD)
		return pp_err(p, &p->tok, "vlans needs at least one VLAN, "
			      "not %s", pp_show(p));
	while (p->tok.type == TOK_WORD) {
		struct pos at = pp_pos(p);

		if (pp_num(p, "vlan", 1, POL_VLAN_MAX, &v))
			return -1;
		if (vbit(b->sw->vlans, v))
			return pp_err_at(p, at, "vlan %u listed twice", v);
		vset(b->sw->vlans, v);
	}
	return pp_end(p);
}

static int mgmt_check(struct parser *p, const struct pol_switch *sw)
{
	const struct policy *pol = p->st->pol;
	const char *m = p->tok.s;
	int i;

	for (i = 0; i < pol->nswitches; i++) {
		const struct pol_switch *o = &pol->switches[i];

		if (o->has_mgmt && !strcmp(m, o->mgmt))
			return pp_err(p, &p->tok, "mgmt socket %s is already "
				      "used by switch '%s'", pp_show(p),
				      o->name);
		if (mgmt_clash(m, o->dir, false))
			return pp_err(p, &p->tok, "mgmt socket %s clashes with "
				      "the dir of switch '%s'", pp_show(p),
				      o->name);
	}
	if (mgmt_clash(m, sw->dir, true))
		return pp_err(p, &p->tok, "mgmt socket %s clashes with the "
			      "dir of this switch", pp_show(p));
	return 0;
}

/* One option of mgmt: group G | group gid N | mode M */
static int mgmt_opt(struct parser *p, struct pol_switch *sw,
		    unsigned int *seen)
{
	unsigned int bit = pp_kw(&p->tok, "group") ? 1 :
			   pp_kw(&p->tok, "mode") ? 2 : 0;

	if (!bit)
		return pp_err(p, &p->tok, "unknown option %s for mgmt "
			      "(expected group or mode)", pp_show(p));
	if (*seen & bit)
		return pp_err(p, &p->tok, "option %s given twice",
			      pp_show(p));
	*seen |= bit;
	if (pp_next(p))
		return -1;
	if (bit == 1)
		return pp_account(p, true, &sw->mgmt_group, NULL);
	return pp_mode(p, "mgmt mode", &sw->mgmt_mode);
}

/* mgmt PATH [group G | group gid N] [mode OCTAL] */
static int blk_mgmt(struct parser *p, struct blk *b)
{
	struct pol_switch *sw = b->sw;
	unsigned int seen = 0;

	if (pp_next(p) || pp_path(p, "mgmt path", POL_PATH_MAX) ||
	    mgmt_check(p, sw))
		return -1;
	memcpy(sw->mgmt, p->tok.s, p->tok.len + 1);
	sw->has_mgmt = true;
	sw->mgmt_group = POL_ANY;
	sw->mgmt_mode = 0600;
	if (pp_next(p))
		return -1;
	while (p->tok.type == TOK_WORD)
		if (mgmt_opt(p, sw, &seen))
			return -1;
	return pp_end(p);
}

/* IFNAMSIZ, no '/', ':', '%' or blank, not "." or ".." (dev_valid_name) */
static int ifname_check(struct parser *p)
{
	const struct policy *pol = p->st->pol;
	const struct tok *t = &p->tok;
	int i, j;

	if (t->type != TOK_WORD || !t->len || t->len >= POL_IFNAME_MAX ||
	    strpbrk(t->s, "/:% \t") || !strcmp(t->s, ".") ||
	    !strcmp(t->s, ".."))
		return pp_err(p, t, "interface name must be 1 to 15 bytes "
			      "without blanks, '/', ':' or '%%', not %s",
			      pp_show(p));
	/* switches[nswitches] is the block being parsed */
	for (i = 0; i <= pol->nswitches; i++) {
		const struct pol_switch *o = &pol->switches[i];

		for (j = 0; j < o->ntaps; j++)
			if (!strcmp(t->s, o->taps[j].name))
				return pp_err(p, t, "tap %s is already in "
					      "switch '%s'", pp_show(p),
					      o->name);
	}
	return 0;
}

static int get_mac(struct parser *p, uint8_t mac[6])
{
	const char *s = p->tok.s;
	unsigned int i;

	if (p->tok.type != TOK_WORD || p->tok.len != 17)
		goto bad;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != ':' : !strchr("0123456789abcdefABCDEF",
						       s[i]))
			goto bad;
	}
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)strtoul(s + 3 * i, NULL, 16);
	if (mac[0] & 1)
		return pp_err(p, &p->tok, "mac must be a unicast address, "
			      "not %s", pp_show(p));
	if (!memcmp(mac, "\0\0\0\0\0\0", 6))
		return pp_err(p, &p->tok, "mac must not be all zeros");
	return pp_next(p);
bad:
	return pp_err(p, &p->tok, "mac must be xx:xx:xx:xx:xx:xx, not %s",
		      pp_show(p));
}

static int tap_port(struct parser *p, struct blk *b, struct pol_tap *tap)
{
	int j;

	b->port_at[b->sw->ntaps] = pp_pos(p);
	if (pp_num(p, "port", 1, POL_PORTS_MAX, &tap->port))
		return -1;
	for (j = 0; j < b->sw->ntaps; j++)
		if (b->sw->taps[j].port == tap->port)
			return pp_err_at(p, b->port_at[b->sw->ntaps],
					 "port %u is already the port of tap "
					 "'%s'", tap->port,
					 b->sw->taps[j].name);
	return 0;
}

/* The current token as one of @n options of statement @what, each at
 * most once (bit in *@seen): its index, or -1 after an error */
static int opt_kw(struct parser *p, const char *const *opts, unsigned int n,
		  const char *what, const char *expected, unsigned int *seen)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (pp_kw(&p->tok, opts[i]))
			break;
	if (i == n)
		return pp_err(p, &p->tok, "unknown option %s for %s "
			      "(expected %s)", pp_show(p), what, expected);
	if (*seen & 1u << i)
		return pp_err(p, &p->tok, "option %s given twice",
			      pp_show(p));
	*seen |= 1u << i;
	return (int)i;
}

static const char *const tap_opts[] = { "port", "vlan", "mtu", "mac",
					"down", "stp" };

/* One option of tap */
static int tap_opt(struct parser *p, struct blk *b, struct pol_tap *tap,
		   unsigned int *seen)
{
	int i = opt_kw(p, tap_opts, ARRAY_SIZE(tap_opts), "tap",
		       "port, vlan, mtu, mac, down or stp", seen);
	uint32_t v;

	if (i < 0 || pp_next(p))
		return -1;
	switch (i) {
	case 0:
		return tap_port(p, b, tap);
	case 1:
		/* 0: the switch's default VLAN, as every port starts */
		if (pp_num(p, "vlan", 0, POL_VLAN_MAX, &v))
			return -1;
		tap->vlan = (uint16_t)v;
		return 0;
	case 2:
		return pp_num(p, "mtu", 68, 65535, &tap->mtu);
	case 3:
		tap->has_mac = true;
		return get_mac(p, tap->mac);
	case 4:
		tap->down = true;
		return 0;
	default:
		/* an inter-switch port: takes part in the spanning tree */
		tap->stp = true;
		return 0;
	}
}

/* tap IFNAME [port N] [vlan V] [mtu N] [mac XX:..] [down] [stp] */
static int blk_tap(struct parser *p, struct blk *b)
{
	struct pol_switch *sw = b->sw;
	struct pol_tap *tap = &sw->taps[sw->ntaps];
	unsigned int seen = 0;

	if (sw->ntaps == POL_TAP_MAX)
		return pp_err(p, &p->tok, "too many taps in switch '%s' "
			      "(max %d)", sw->name, POL_TAP_MAX);
	if (pp_next(p) || ifname_check(p))
		return -1;
	b->tap_at[sw->ntaps] = pp_pos(p);
	b->port_at[sw->ntaps].line = 0;
	memcpy(tap->name, p->tok.s, p->tok.len + 1);
	tap->vlan = 0;
	tap->line = p->tok.line;
	if (pp_next(p))
		return -1;
	while (p->tok.type == TOK_WORD)
		if (tap_opt(p, b, tap, &seen))
			return -1;
	if (pp_end(p))
		return -1;
	sw->ntaps++;
	return 0;
}

/* 1..31 of [A-Za-z0-9_.-], starting with a letter or digit */
static int name_chars(struct parser *p, const char *what)
{
	const struct tok *t = &p->tok;

	if (t->type != TOK_WORD || !t->len || t->len >= POL_NAME_MAX ||
	    strspn(t->s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		   "0123456789_.-") != t->len || t->s[0] == '_' ||
	    t->s[0] == '.' || t->s[0] == '-')
		return pp_err(p, t, "%s name must be 1 to 31 of A-Z a-z "
			      "0-9 _ . -, starting with a letter or digit, "
			      "not %s", what, pp_show(p));
	return 0;
}

/* cable NAME: unique in its switch */
static int cable_name(struct parser *p, const struct pol_switch *sw)
{
	int i;

	if (name_chars(p, "cable"))
		return -1;
	for (i = 0; i < sw->ncables; i++)
		if (!strcmp(p->tok.s, sw->cables[i].name))
			return pp_err(p, &p->tok, "cable %s is already in "
				      "switch '%s' (line %d)", pp_show(p),
				      sw->name, sw->cables[i].line);
	return 0;
}

/* listen ADDR:PORT, stored in canonical form, used once in the policy */
static int cable_listen(struct parser *p, struct pol_cable *c)
{
	const struct policy *pol = p->st->pol;
	struct sockaddr_storage ss;
	struct addr_err e;
	socklen_t len;
	int i, j;

	if (p->tok.type != TOK_WORD)
		return pp_err(p, &p->tok, "listen %s: expected ADDRESS:PORT",
			      pp_show(p));
	if (addr_parse(p->tok.s, p->tok.len, &ss, &len, &e))
		return pp_err(p, &p->tok, "listen %s: %s", pp_show(p), e.msg);
	addr_format(&ss, c->listen, sizeof(c->listen));
	/* switches[nswitches] is the block being parsed */
	for (i = 0; i <= pol->nswitches; i++)
		for (j = 0; j < pol->switches[i].ncables; j++)
			if (!strcmp(c->listen,
				    pol->switches[i].cables[j].listen))
				return pp_err(p, &p->tok, "listen %s is "
					      "already the address of cable "
					      "'%s'", c->listen,
					      pol->switches[i].cables[j].name);
	return 0;
}

static const char *const cable_opts[] = { "listen", "key", "peers",
					  "port" };

/* One option of cable */
static int cable_opt(struct parser *p, struct pol_cable *c,
		     unsigned int *seen)
{
	int i = opt_kw(p, cable_opts, ARRAY_SIZE(cable_opts), "cable",
		       "listen, key, peers or port", seen);

	if (i < 0 || pp_next(p))
		return -1;
	switch (i) {
	case 0:
		return cable_listen(p, c) || pp_next(p);
	case 1:
	case 2:
		if (pp_path(p, cable_opts[i], POL_FILE_MAX))
			return -1;
		memcpy(i == 1 ? c->key : c->peers, p->tok.s, p->tok.len + 1);
		return pp_next(p);
	default:
		return pp_num(p, "port", 1, POL_PORTS_MAX, &c->port);
	}
}

/* cable NAME listen ADDR:PORT key FILE peers FILE [port N] */
static int blk_cable(struct parser *p, struct blk *b)
{
	struct pol_switch *sw = b->sw;
	struct pol_cable *c = &sw->cables[sw->ncables];
	unsigned int seen = 0;
	struct pos at;

	if (sw->ncables == POL_CABLE_MAX)
		return pp_err(p, &p->tok, "too many cables in switch '%s' "
			      "(max %d)", sw->name, POL_CABLE_MAX);
	if (pp_next(p) || cable_name(p, sw))
		return -1;
	at = pp_pos(p);
	memcpy(c->name, p->tok.s, p->tok.len + 1);
	c->line = p->tok.line;
	if (pp_next(p))
		return -1;
	while (p->tok.type == TOK_WORD)
		if (cable_opt(p, c, &seen))
			return -1;
	if ((seen & 7) != 7)
		return pp_err_at(p, at, "cable '%s' needs listen, key and "
				 "peers", c->name);
	if (pp_end(p))
		return -1;
	b->cable_at[sw->ncables++] = at;
	return 0;
}

static const struct blk_kw {
	const char *name;
	int (*fn)(struct parser *p, struct blk *b);
	bool many;
} blk_kws[] = {
	{ "dir", blk_dir, false },	{ "owner", blk_owner, false },
	{ "group", blk_group, false },	{ "mode", blk_mode, false },
	{ "ports", blk_ports, false },	{ "hub", blk_hub, false },
	{ "vlans", blk_vlans, false },	{ "mgmt", blk_mgmt, false },
	{ "tap", blk_tap, true },	{ "cable", blk_cable, true },
};

static const char *const top_kws[] = { "switch", "permit", "deny", "user",
				       "include" };

/* One statement of a block; its keyword is current */
static int blk_stmt(struct parser *p, struct blk *b)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(blk_kws); i++) {
		if (!pp_kw(&p->tok, blk_kws[i].name))
			continue;
		if (b->seen & 1u << i && !blk_kws[i].many)
			return pp_err(p, &p->tok, "%s given twice in switch "
				      "'%s'", pp_show(p), b->sw->name);
		b->seen |= 1u << i;
		return blk_kws[i].fn(p, b);
	}
	for (i = 0; i < ARRAY_SIZE(top_kws); i++)
		if (pp_kw(&p->tok, top_kws[i]))
			return pp_err(p, &p->tok, "%s inside a switch block "
				      "(missing '}'?)", pp_show(p));
	if (p->tok.type == TOK_WORD)
		return pp_err(p, &p->tok, "unknown keyword %s", pp_show(p));
	return pp_err(p, &p->tok, "unexpected %s", pp_show(p));
}

static bool port_used(const struct pol_switch *sw, uint32_t port)
{
	int i;

	for (i = 0; i < sw->ntaps; i++)
		if (sw->taps[i].port == port)
			return true;
	for (i = 0; i < sw->ncables; i++)
		if (sw->cables[i].port == port)
			return true;
	return false;
}

/* A cable's console path fits; its port: within "ports", no tap's (two
 * cables may share one: vde-2's hand-off, spec 6.6) */
static int cable_ports_check(struct parser *p, struct blk *b)
{
	const struct pol_switch *sw = b->sw;
	int i, j;

	for (i = 0; i < sw->ncables; i++) {
		const struct pol_cable *c = &sw->cables[i];

		/* DIR/cable-NAME, its console, must fit in sun_path */
		if (strlen(sw->dir) + strlen("/cable-") + strlen(c->name) >=
		    sizeof(((struct sockaddr_un *)0)->sun_path))
			return pp_err_at(p, b->cable_at[i], "cable name '%s' "
					 "too long for the dir of switch '%s' "
					 "(its console is DIR/cable-NAME, at "
					 "most 107 bytes)", c->name, sw->name);
		if (c->port > sw->ports)
			return pp_err_at(p, b->cable_at[i], "port %u of cable "
					 "'%s' is beyond the %u ports of "
					 "switch '%s'", c->port, c->name,
					 sw->ports, sw->name);
		for (j = 0; c->port && j < sw->ntaps; j++)
			if (sw->taps[j].port == c->port)
				return pp_err_at(p, b->cable_at[i], "port %u "
						 "of cable '%s' is the port of "
						 "tap '%s'", c->port, c->name,
						 sw->taps[j].name);
	}
	return 0;
}

/* Tap ports: within "ports"; the lowest free one for a tap naming none */
static int blk_ports_check(struct parser *p, struct blk *b)
{
	struct pol_switch *sw = b->sw;
	uint32_t port;
	int i;

	for (i = 0; i < sw->ntaps; i++)
		if (sw->taps[i].port > sw->ports)
			return pp_err_at(p, b->port_at[i],
					 "port %u of tap '%s' is beyond the "
					 "%u ports of switch '%s'",
					 sw->taps[i].port, sw->taps[i].name,
					 sw->ports, sw->name);
	for (i = 0; i < sw->ntaps; i++) {
		if (sw->taps[i].port)
			continue;
		for (port = 1; port <= sw->ports && port_used(sw, port);)
			port++;
		if (port > sw->ports)
			return pp_err_at(p, b->tap_at[i], "no free port for "
					 "tap '%s' (switch '%s' has %u ports)",
					 sw->taps[i].name, sw->name, sw->ports);
		sw->taps[i].port = port;
	}
	return 0;
}

/* At the closing brace: what depends on the whole block */
static int blk_finish(struct parser *p, struct blk *b)
{
	struct pol_switch *sw = b->sw;

	/* blk_open() set b->sw, or failed: pp_err() always returns -1 */
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
	if (!sw->dir[0])
		return pp_err_at(p, b->at, "switch '%s' has no dir", sw->name);
	if (cable_ports_check(p, b) || blk_ports_check(p, b))
		return -1;
	if (!b->has_mode)
		sw->mode = sw->group == POL_ANY ? 0600 : 0660;
	if (sw->has_mgmt && sw->mgmt_group == POL_ANY)
		sw->mgmt_group = sw->group;
	return 0;
}

static int name_check(struct parser *p)
{
	const struct policy *pol = p->st->pol;
	const struct tok *t = &p->tok;
	int i;

	if (name_chars(p, "switch"))
		return -1;
	if (!strcmp(t->s, "any"))
		return pp_err(p, t, "switch name 'any' is reserved");
	for (i = 0; i < pol->nswitches; i++)
		if (!strcmp(t->s, pol->switches[i].name))
			return pp_err(p, t, "switch %s is already declared "
				      "(line %d)", pp_show(p),
				      pol->switches[i].line);
	return 0;
}

/* A zeroed entry after the last switch, or NULL */
static struct pol_switch *sw_slot(struct pstate *st)
{
	struct policy *pol = st->pol;

	if (pol->nswitches == st->sw_cap) {
		int cap = st->sw_cap ? 2 * st->sw_cap : 4;
		struct pol_switch *s;

		s = realloc(pol->switches, (size_t)cap * sizeof(*s));
		if (!s)
			return NULL;
		pol->switches = s;
		st->sw_cap = cap;
	}
	memset(&pol->switches[pol->nswitches], 0, sizeof(*pol->switches));
	return &pol->switches[pol->nswitches];
}

/* switch NAME {, up to the end of that line */
static int blk_open(struct parser *p, struct blk *b)
{
	struct pstate *st = p->st;

	b->at = pp_pos(p);
	if (st->pol->nswitches == POL_SWITCH_MAX)
		return pp_err(p, &p->tok, "too many switches (max %d)",
			      POL_SWITCH_MAX);
	b->sw = sw_slot(st);
	if (!b->sw)
		return pp_err(p, &p->tok, "out of memory");
	b->sw->line = p->tok.line;
	if (pp_next(p) || name_check(p))
		return -1;
	memcpy(b->sw->name, p->tok.s, p->tok.len + 1);
	b->sw->owner = 0;
	b->sw->group = POL_ANY;
	b->sw->ports = 32;
	if (pp_next(p))
		return -1;
	if (p->tok.type != TOK_LBRACE)
		return pp_err(p, &p->tok, "expected '{' after the switch name, "
			      "not %s", pp_show(p));
	b->lbrace = pp_pos(p);
	if (pp_next(p))
		return -1;
	if (p->tok.type != TOK_EOL)
		return pp_err(p, &p->tok, "unexpected %s after '{' (each "
			      "statement of a block on its own line)",
			      pp_show(p));
	return 0;
}

/**
 * pp_switch() - parse a switch block; "switch" is current
 * @p:		parser
 *
 * Return: 0 with the end of line after '}' current, or -1.
 */
int pp_switch(struct parser *p)
{
	struct blk b = { 0 };

	if (blk_open(p, &b))
		return -1;
	for (;;) {
		if (pp_next(p))
			return -1;
		if (p->tok.type == TOK_EOL)
			continue;
		if (p->tok.type == TOK_RBRACE)
			break;
		if (p->tok.type == TOK_EOF)
			return pp_err_at(p, b.lbrace, "unterminated block: '{' "
					 "of switch '%s' has no '}'",
					 b.sw->name);
		if (blk_stmt(p, &b))
			return -1;
	}
	if (pp_next(p) || pp_end(p) || blk_finish(p, &b))
		return -1;
	p->st->pol->nswitches++;
	return 0;
}
