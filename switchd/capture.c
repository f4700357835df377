// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * capture.c - port mirroring and packet capture, for admins only.
 *
 * Theory of operation: `port/mirror SRC DST` makes the data path queue a
 * reference to every frame SRC receives or sends on DST's endpoints as
 * well (fwd_mirror() in fwd.c); nothing is copied and a full queue drops
 * the copy, never the original.
 *
 * `capture/start PORT|vlan/VID [COUNT]` turns the management session it
 * runs in into a pcap stream (classic libpcap format, LINKTYPE_ETHERNET,
 * microsecond timestamps from CLOCK_REALTIME): after the marker line
 * CAP_MARKER and the pcap file header, each frame the port receives or
 * sends (or each frame entering the VLAN) is appended to the session's
 * output, at most CAP_BUF bytes of which may wait for the client.  A frame
 * that does not fit is dropped and counted; the data path never waits for
 * a reader, and the switch never opens a file.  The capture ends after
 * COUNT frames or when the client goes away, and the switch logs how many
 * frames were written and dropped.
 *
 * Both commands are MC_ADMIN: the console refuses them to read-only
 * sessions, and under a policy only root, the owner and `mgmt admin`
 * rules make a session an admin (enforce.c).
 *
 * Seccomp: clock_gettime (timestamps, usually the vDSO) and write (the
 * session socket) are already in the switch's allowlist.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#include "capture.h"
#include "log.h"
#include "mgmt.h"
#include "switchd.h"

/* pcap file header and record header, in host byte order (the magic says
 * which order to readers) */
struct pcap_file_hdr {
	uint32_t magic;
	uint16_t major;
	uint16_t minor;
	int32_t thiszone;
	uint32_t sigfigs;
	uint32_t snaplen;
	uint32_t linktype;
};

struct pcap_rec_hdr {
	uint32_t ts_sec;
	uint32_t ts_usec;
	uint32_t incl_len;
	uint32_t orig_len;
};

_Static_assert(sizeof(struct pcap_file_hdr) == 24, "pcap file header");
_Static_assert(sizeof(struct pcap_rec_hdr) == 16, "pcap record header");

/**
 * struct cap - one running capture
 * @s:		the session the stream goes to
 * @next:	on sw->caps
 * @vlan:	@id is a VLAN (else a port)
 * @done:	has its count of frames: matches nothing more
 * @id:		port number or VLAN id
 * @left:	frames still to write, 0: no limit
 * @frames:	frames written
 * @drops:	frames dropped: the buffer was full
 */
struct cap {
	struct msess *s;
	struct cap *next;
	bool vlan;
	bool done;
	uint32_t id;
	uint64_t left;
	uint64_t frames;
	uint64_t drops;
};

/* Append one frame (its iovecs as fwd_iov() builds them) to @c's stream */
static void cap_write(struct sw *sw, struct cap *c, const struct iovec *fiov,
		      int n)
{
	struct pcap_rec_hdr h;
	struct iovec iov[4];
	struct timespec ts;
	size_t len = 0;
	int i;

	for (i = 0; i < n; i++) {
		len += fiov[i].iov_len;
		iov[i + 1] = fiov[i];
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	h.ts_sec = (uint32_t)ts.tv_sec;
	h.ts_usec = (uint32_t)(ts.tv_nsec / 1000);
	h.incl_len = h.orig_len = (uint32_t)len;
	iov[0] = (struct iovec){ &h, sizeof(h) };
	if (mgmt_sess_append(sw, c->s, iov, n + 1, len + sizeof(h))) {
		c->drops++;
		return;
	}
	c->frames++;
	if (c->left && --c->left == 0) {
		c->done = true;
		mgmt_logout(c->s);	/* closes once the stream is written */
	}
}

static void cap_match(struct sw *sw, bool vlan, uint32_t id, uint32_t slot,
		      uint8_t op, uint16_t vid)
{
	const struct txent t = { .slot = slot, .vid = vid, .op = op };
	struct iovec iov[3];
	uint8_t tag[4];
	struct cap *c;
	int n = -1;

	for (c = sw->caps; c; c = c->next) {
		if (c->done || c->vlan != vlan || c->id != id)
			continue;
		if (n < 0)
			n = fwd_iov(sw, &t, iov, tag);
		cap_write(sw, c, iov, n);
	}
}

/**
 * cap_port() - a frame enters or leaves a port: capture it if asked
 * @sw:		switch
 * @port:	port number
 * @slot:	pool slot of the frame
 * @op:		tag operation (TX_ASIS for a received frame)
 * @vid:	VLAN of a pushed tag
 */
void cap_port(struct sw *sw, uint32_t port, uint32_t slot, uint8_t op,
	      uint16_t vid)
{
	cap_match(sw, false, port, slot, op, vid);
}

/**
 * cap_vlan() - a frame was accepted into a VLAN: capture it if asked
 * @sw:		switch
 * @vid:	its VLAN
 * @slot:	pool slot of the frame, as received
 */
void cap_vlan(struct sw *sw, uint16_t vid, uint32_t slot)
{
	cap_match(sw, true, vid, slot, TX_ASIS, 0);
}

/**
 * cap_stop() - the capture's session ends: log and free it
 * @sw:	switch
 * @c:	capture
 */
void cap_stop(struct sw *sw, struct cap *c)
{
	struct cap **pp;

	for (pp = &sw->caps; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	log_info("capture of %s %u ended: %llu frames, %llu dropped (buffer full)",
		 c->vlan ? "vlan" : "port", c->id,
		 (unsigned long long)c->frames, (unsigned long long)c->drops);
	free(c);
}

/* PORT or vlan/VID (vlan:VID accepted too) */
static int cap_target(struct sw *sw, const char **p, bool *vlan,
		      uint32_t *id)
{
	int err;

	*vlan = !strncmp(*p, "vlan/", 5) || !strncmp(*p, "vlan:", 5);
	if (*vlan)
		*p += 5;
	if (mgmt_arg_u32(p, id))
		return EINVAL;
	if (!*vlan) {
		err = mgmt_port_check(sw, *id);
		return err;
	}
	if (*id >= VLAN_MAX)
		return EINVAL;
	if (!(sw->vlans[*id >> 3] & (1u << (*id & 7))))
		return ENXIO;
	return 0;
}

/**
 * cmd_capture_start() - capture/start PORT|vlan/VID [COUNT]
 * @c:	command context
 *
 * Return: 0 (the session is a pcap stream from now on), or a positive
 * errno: EINVAL (syntax, or not a -M socket session), ENXIO (no such port
 * or VLAN), ENOMEM.
 */
int cmd_capture_start(struct mctx *c)
{
	struct pcap_file_hdr fh = {
		.magic = 0xa1b2c3d4, .major = 2, .minor = 4,
		.snaplen = c->sw->cfg.max_frame + 4,
		.linktype = CAP_LINKTYPE,
	};
	const char *p = c->args;
	struct iovec iov = { &fh, sizeof(fh) };
	uint32_t id, count = 0;
	struct cap *cap;
	bool vlan;
	int err;

	if (!c->s || mgmt_sess_is_stdin(c->s))
		return EINVAL;
	err = cap_target(c->sw, &p, &vlan, &id);
	if (err)
		return err;
	if (*p && (mgmt_arg_u32(&p, &count) || *p))
		return EINVAL;
	cap = calloc(1, sizeof(*cap));
	if (!cap)
		return ENOMEM;
	cap->s = c->s;
	cap->vlan = vlan;
	cap->id = id;
	cap->left = count;
	if (mgmt_sess_capture(c->sw, c->s, cap)) {
		free(cap);
		return ENOMEM;
	}
	mp(c, CAP_MARKER);
	if (mgmt_sess_append(c->sw, c->s, &iov, 1, sizeof(fh))) {
		/* cannot happen: the buffer is empty but for the marker */
		mgmt_logout(c->s);
	}
	cap->next = c->sw->caps;
	c->sw->caps = cap;
	log_info("capture of %s %u started%s", vlan ? "vlan" : "port", id,
		 count ? "" : " (no frame limit)");
	return 0;
}

/**
 * mirror_forget() - port @no was removed: no port mirrors onto it any
 * more, so that whoever gets a port of that number later does not receive
 * copies meant for the admin who set the mirror up
 * @sw:	switch
 * @no:	removed port
 */
void mirror_forget(struct sw *sw, uint32_t no)
{
	uint32_t i;

	for (i = 0; i < sw->nports; i++)
		if (sw->ports[i].mirror && sw->ports[i].mirror_to == no)
			sw->ports[i].mirror = false;
}

/**
 * cmd_port_mirror() - port/mirror SRC DST, or port/mirror SRC - (off)
 * @c:	command context
 *
 * Return: 0, or a positive errno: EINVAL (syntax, DST = SRC, a port
 * beyond the table), ENXIO (a port that does not exist).
 */
int cmd_port_mirror(struct mctx *c)
{
	const char *p = c->args;
	uint32_t src, dst;
	char word[16];
	int err;

	if (mgmt_arg_u32(&p, &src) || mgmt_arg_word(&p, word, sizeof(word)) ||
	    *p)
		return EINVAL;
	err = mgmt_port_check(c->sw, src);
	if (err)
		return err;
	if (!strcmp(word, "-")) {
		c->sw->ports[src].mirror = false;
		return 0;
	}
	p = word;
	if (mgmt_arg_u32(&p, &dst) || *p)
		return EINVAL;
	err = mgmt_port_check(c->sw, dst);
	if (err)
		return err;
	if (dst == src)
		return EINVAL;
	c->sw->ports[src].mirror_to = dst;
	c->sw->ports[src].mirror = true;
	return 0;
}
