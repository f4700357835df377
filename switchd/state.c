// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * state.c - the runtime configuration, kept where a restarted switch
 * finds it (invariant 5: a crash loses no configuration).
 *
 * Theory of operation: under vde-privd the switch is handed a STATE_MEMFD
 * that outlives it (lib/state.h has the layout).  After every management
 * command that changed the configuration (MC_CONFIG) the switch describes
 * its whole configuration as management commands - canonical text, one
 * per line, generated from the current state by state_dump() - and writes
 * it as a checksummed record with pwrite() into the slot that does not
 * hold the current record, body first, header last.  A new incarnation
 * reads both slots, takes the valid one with the higher generation, and
 * runs its lines through the console's own parser (mgmt_run_line()), with
 * only MC_CONFIG commands allowed.  A damaged record is ignored with a
 * warning: the start-up configuration (policy, taps, rc file) stays.
 *
 * Only what management commands can change is kept: numbers of ports, hub
 * mode, MAC table parameters, VLANs, and per port its existence,
 * allocatability, untagged VLAN, tagged VLANs and access lists.  Never
 * frames, endpoints or MAC table entries.  A standalone switch has no
 * memfd (state_fd -1) and saves nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "mgmt.h"
#include "state.h"
#include "switchd.h"

/* A growing text buffer; sets err instead of failing each call */
struct sbuf {
	char *p;
	size_t len;
	size_t cap;
	int err;
};

static void __printf(2, 3) sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	size_t cap;
	char *n;
	int r;

	if (b->err)
		return;
	if (!b->p) {
		b->p = malloc(4096);
		if (!b->p) {
			b->err = -ENOMEM;
			return;
		}
		b->cap = 4096;
	}
	for (;;) {
		va_start(ap, fmt);
		r = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (r < 0) {
			b->err = -EINVAL;
			return;
		}
		if ((size_t)r < b->cap - b->len) {
			b->len += r;
			return;
		}
		if (b->len + r >= STATE_BODY_MAX) {
			b->err = -E2BIG;
			return;
		}
		cap = MIN(b->cap * 2, STATE_BODY_MAX + 1);
		n = realloc(b->p, cap);
		if (!n) {
			b->err = -ENOMEM;
			return;
		}
		b->p = n;
		b->cap = cap;
	}
}

/* A port that exists but differs in nothing from one that does not */
static bool port_is_default(const struct sw *sw, const struct port *p)
{
	uint32_t i;

	if (!sw_stp_port_default(sw, (uint32_t)(p - sw->ports)))
		return false;
	if (!p->allocatable || p->vlan != 0 || p->acl_uid != ACL_NONE ||
	    p->acl_gid != ACL_NONE)
		return false;
	for (i = 0; p->tagged && i <= VLAN_MAX / 8; i++)
		if (p->tagged[i])
			return false;
	return true;
}

static void state_dump_port(struct sbuf *b, const struct port *p,
			    uint32_t no)
{
	/* while a policy client holds it, the port's own settings are the
	 * saved ones: never record a tenant's VLANs as the port's */
	bool pol = p->pol_access || p->pol_trunk;
	const uint8_t *tagged = pol ? p->saved_tagged : p->tagged;
	uint16_t vlan = pol ? p->saved_vlan : p->vlan;
	uint32_t vid;

	/* port/create gives: not allocatable, VLAN 0, no ACL, no tags */
	sb_printf(b, "port/create %u\n", no);
	if (p->allocatable)
		sb_printf(b, "port/allocatable %u 1\n", no);
	/* always: the port may exist already (a tap) with another VLAN */
	sb_printf(b, "port/setvlan %u %u\n", no, vlan);
	if (p->acl_uid != ACL_NONE)
		sb_printf(b, "port/setuser %u %u\n", no, p->acl_uid);
	if (p->acl_gid != ACL_NONE)
		sb_printf(b, "port/setgroup %u %u\n", no, p->acl_gid);
	for (vid = 0; tagged && vid < VLAN_MAX; vid++)
		if (tagged[vid >> 3] & (1u << (vid & 7)))
			sb_printf(b, "vlan/addport %u %u\n", vid, no);
}

/* Spanning tree settings that differ from the defaults, enable last */
static void state_dump_stp(struct sbuf *b, const struct sw *sw)
{
	const struct stp *st = &sw->stp;
	const uint8_t *m = st->mac;
	uint32_t i;

	/* the bridge identifier survives a restart: a new random MAC would
	 * be a new bridge to every neighbour */
	sb_printf(b, "stp/bridgemac %02x:%02x:%02x:%02x:%02x:%02x\n", m[0],
		  m[1], m[2], m[3], m[4], m[5]);
	if (st->prio != STP_PRIO_DEFAULT)
		sb_printf(b, "stp/priority %u\n", st->prio);
	if (st->hello != STP_HELLO_DEFAULT)
		sb_printf(b, "stp/hello %u\n", st->hello);
	if (st->max_age != STP_MAXAGE_DEFAULT)
		sb_printf(b, "stp/maxage %u\n", st->max_age);
	if (st->fwd_delay != STP_FWDDELAY_DEFAULT)
		sb_printf(b, "stp/fwddelay %u\n", st->fwd_delay);
	if (st->force_version != 2)
		sb_printf(b, "stp/forceversion %u\n", st->force_version);
	for (i = 1; i < st->nports && i < sw->nports; i++) {
		const struct stp_port *p = &st->ports[i];

		if (!sw->ports[i].exists)
			continue;
		if (p->cost != STP_COST_DEFAULT)
			sb_printf(b, "stp/cost %u %u\n", i, p->cost);
		if (p->prio != STP_PORT_PRIO_DEFAULT)
			sb_printf(b, "stp/portpriority %u %u\n", i, p->prio);
		if (p->admin_edge)
			sb_printf(b, "stp/edge %u 1\n", i);
		if (p->trunk)
			sb_printf(b, "stp/trunk %u 1\n", i);
	}
	if (st->enabled)
		sb_printf(b, "stp/enable 1\n");
}

/**
 * state_dump() - the configuration as management commands
 * @sw:		switch
 * @text:	set to a malloc'd buffer (not NUL-terminated), to be freed
 * @len:	its length
 *
 * Return: 0, -ENOMEM, or -E2BIG if it would not fit in a state slot.
 */
int state_dump(struct sw *sw, char **text, size_t *len)
{
	struct sbuf b = { 0 };
	uint32_t vid, i;

	sb_printf(&b, "port/setnumports %u\n", sw->cfg.numports);
	sb_printf(&b, "port/sethub %d\n", sw->cfg.hub ? 1 : 0);
	if (sw->cfg.hashsize)
		sb_printf(&b, "hash/setsize %u\n", sw->cfg.hashsize);
	if (sw->gc_interval)
		sb_printf(&b, "hash/setgcint %u\n", sw->gc_interval);
	if (sw->fdb.expire)
		sb_printf(&b, "hash/setexpire %u\n", sw->fdb.expire);
	sb_printf(&b, "hash/setminper %u\n", sw->fdb.minpers);
	for (vid = 1; vid < VLAN_MAX; vid++)
		if (sw->vlans[vid >> 3] & (1u << (vid & 7)))
			sb_printf(&b, "vlan/create %u\n", vid);
	for (i = 0; i < sw->nports; i++)
		if (sw->ports[i].exists &&
		    !port_is_default(sw, &sw->ports[i]))
			state_dump_port(&b, &sw->ports[i], i);
	state_dump_stp(&b, sw);
	if (b.err) {
		free(b.p);
		return b.err;
	}
	*text = b.p;
	*len = b.len;
	return 0;
}

static void state_hash(const struct state_hdr *h, const uint8_t *body,
		       uint8_t out[STATE_HASH_LEN])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, STATE_HASH_LEN);
	crypto_generichash_update(&st, (const uint8_t *)h,
				  offsetof(struct state_hdr, hash));
	crypto_generichash_update(&st, body, h->len);
	crypto_generichash_final(&st, out, STATE_HASH_LEN);
}

/**
 * state_check() - is there a valid record at the start of @slot?
 * @slot:	bytes of one slot
 * @avail:	how many there are
 * @body:	set to the body (inside @slot)
 * @len:	its length
 * @seq:	its generation
 *
 * Return: 0, -ENOENT (never written: too short, or no magic at all) or
 * -EBADMSG (damaged: wrong magic or version, length beyond the slot,
 * checksum mismatch).
 */
int state_check(const uint8_t *slot, size_t avail, const char **body,
		uint32_t *len, uint64_t *seq)
{
	static const char zero[sizeof(STATE_MAGIC) - 1];
	uint8_t hash[STATE_HASH_LEN];
	struct state_hdr h;

	if (avail < sizeof(h))
		return -ENOENT;
	memcpy(&h, slot, sizeof(h));
	if (!memcmp(h.magic, zero, sizeof(h.magic)))
		return -ENOENT;
	if (memcmp(h.magic, STATE_MAGIC, sizeof(h.magic)) ||
	    h.version != STATE_VERSION || h.len > STATE_BODY_MAX ||
	    h.len > avail - sizeof(h))
		return -EBADMSG;
	state_hash(&h, slot + sizeof(h), hash);
	if (memcmp(hash, h.hash, sizeof(hash)))
		return -EBADMSG;
	*body = (const char *)slot + sizeof(h);
	*len = h.len;
	*seq = h.seq;
	return 0;
}

/* Run the record's lines; "already exists" counts as applied */
static int state_apply(struct sw *sw, const char *text, size_t len)
{
	size_t start = 0, i;
	int applied = 0, err;

	sw->state_loading = true;
	for (i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		err = mgmt_run_line(sw, text + start, i - start, MC_CONFIG);
		if (err == 0 || err == EEXIST)
			applied++;
		else if (err > 0)
			log_warn("state: '%.*s' not applied: %s",
				 (int)MIN(i - start, (size_t)80), text + start,
				 err_str(err));
		start = i + 1;
	}
	sw->state_loading = false;
	return applied;
}

/* Slots in a memfd of @size bytes, and where and how big slot @i is */
static unsigned int state_nslots(size_t size)
{
	return size >= 2 * (size_t)STATE_SLOT_SIZE ? 2 : 1;
}

static size_t state_slot_len(size_t size, unsigned int i)
{
	if (state_nslots(size) == 1)
		return MIN(size, (size_t)STATE_SLOT_SIZE);
	return i ? size - STATE_SLOT_SIZE : STATE_SLOT_SIZE;
}

/**
 * state_load() - apply the newest valid record found in a memfd's bytes
 * @sw:		switch
 * @buf:	the memfd's contents
 * @size:	their length (at most 2 * STATE_SLOT_SIZE are looked at)
 *
 * Return: number of commands applied (0: no record), or -EBADMSG if
 * there are only damaged records (nothing is applied then).
 */
int state_load(struct sw *sw, const uint8_t *buf, size_t size)
{
	const char *body[2] = { NULL, NULL };
	uint32_t len[2] = { 0, 0 };
	uint64_t seq[2] = { 0, 0 };
	unsigned int i, bad = 0;
	int best = -1, n;

	size = MIN(size, 2 * (size_t)STATE_SLOT_SIZE);
	for (i = 0; i < state_nslots(size); i++) {
		int r = state_check(buf + (size_t)i * STATE_SLOT_SIZE,
				    state_slot_len(size, i), &body[i],
				    &len[i], &seq[i]);

		if (r == -EBADMSG)
			bad++;
		else if (!r && (best < 0 || seq[i] > seq[best]))
			best = (int)i;
	}
	if (best < 0) {
		if (!bad)
			return 0;
		log_warn("state: the saved configuration is damaged: ignored, the start-up configuration stays");
		return -EBADMSG;
	}
	if (bad)
		log_warn("state: a damaged record (interrupted save?) ignored, using the one before it");
	sw->state_have = true;
	sw->state_slot = (uint8_t)best;
	sw->state_seq = seq[best];
	n = state_apply(sw, body[best], len[best]);
	log_info("state: %d command(s) of saved configuration %llu applied", n,
		 (unsigned long long)seq[best]);
	return n;
}

/**
 * state_attach() - take the STATE_MEMFD; apply the configuration in it
 * @sw:		switch, with its start-up configuration in place
 * @memfd:	the memfd (kept open in sw->state_fd from now on)
 *
 * From now on state_save() writes there.  A memfd smaller than a record
 * header is kept but nothing is saved in it.
 *
 * Return: number of commands applied, 0 if there was no record, or a
 * negative errno: -EBADMSG for a damaged record (logged, ignored), or the
 * error of fstat()/pread().
 */
int state_attach(struct sw *sw, int memfd)
{
	uint8_t *buf = NULL;
	struct stat st;
	size_t size, off = 0;
	ssize_t r;
	int ret;

	sw->state_fd = memfd;
	sw->state_on = false;
	sw->state_have = false;
	if (fstat(memfd, &st)) {
		ret = -errno;
		log_warn("state memfd: %s", err_str(ret));
		return ret;
	}
	size = MIN((size_t)st.st_size, 2 * (size_t)STATE_SLOT_SIZE);
	if (size < sizeof(struct state_hdr)) {
		log_warn("state memfd of %zu bytes: configuration changes will not survive a restart",
			 (size_t)st.st_size);
		return 0;
	}
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	while (off < size) {
		r = pread(memfd, buf + off, size - off, (off_t)off);
		if (r <= 0) {
			ret = r ? -errno : -EIO;
			log_warn("state memfd: read: %s", err_str(ret));
			goto out;
		}
		off += r;
	}
	sw->state_size = (uint32_t)size;
	sw->state_on = true;
	ret = state_load(sw, buf, size);
out:
	free(buf);
	return ret;
}

static int state_pwrite(int fd, const void *p, size_t len, size_t off)
{
	const uint8_t *b = p;
	ssize_t r;

	while (len) {
		r = pwrite(fd, b, len, (off_t)off);
		if (r <= 0)
			return r ? -errno : -EIO;
		b += r;
		len -= r;
		off += r;
	}
	return 0;
}

/**
 * state_save() - write the configuration to the memfd, if there is one
 * @sw:	switch
 *
 * Called after every management command that changed the configuration.
 * Failures are logged; the previous record then stays.
 */
void state_save(struct sw *sw)
{
	unsigned int slot = 0;
	struct state_hdr h;
	size_t len, off;
	char *text;
	int r;

	if (!sw->state_on || sw->state_loading)
		return;
	r = state_dump(sw, &text, &len);
	if (r) {
		log_ratelimited(LOG_WARNING, "state: cannot save: %s",
				err_str(r));
		return;
	}
	if (state_nslots(sw->state_size) == 2 && sw->state_have)
		slot = sw->state_slot ^ 1;
	off = (size_t)slot * STATE_SLOT_SIZE;
	if (len > state_slot_len(sw->state_size, slot) - sizeof(h)) {
		log_ratelimited(LOG_WARNING,
				"state: configuration of %zu bytes does not fit: not saved",
				len);
		goto out;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, STATE_MAGIC, sizeof(h.magic));
	h.version = STATE_VERSION;
	h.len = (uint32_t)len;
	h.seq = sw->state_seq + 1;
	state_hash(&h, (const uint8_t *)text, h.hash);
	r = state_pwrite(sw->state_fd, text, len, off + sizeof(h));
	if (!r)
		r = state_pwrite(sw->state_fd, &h, sizeof(h), off);
	if (r) {
		log_ratelimited(LOG_WARNING, "state: cannot save: %s",
				err_str(r));
		goto out;
	}
	sw->state_have = true;
	sw->state_slot = (uint8_t)slot;
	sw->state_seq = h.seq;
out:
	free(text);
}
