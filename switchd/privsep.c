// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * privsep.c - vde-switchd started by vde-privd (`--privsep FD`).
 *
 * The parent has already confined and unprivileged this process; it
 * sends, over the SOCK_SEQPACKET descriptor, HELLO, the listening
 * sockets, taps, the state memfd and the sealed policy memfd, then the
 * policy's hash and GO.  The switch takes its configuration from its own
 * block of that policy (parsed by the same policy/ library as in privd),
 * sandboxes itself, and answers READY.  Afterwards the parent may send a
 * new policy (RELOAD), a replacement tap, or SHUTDOWN; anything else is a
 * protocol error and the switch exits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "mgmt.h"
#include "policy.h"
#include "privsep.h"
#include "switchd.h"

static int ps_recv(struct sw *sw, struct priv_hdr *h, void *p, int *fd)
{
	int r = priv_recv(sw->ps.sock, h, p, fd);

	if (r == -EAGAIN)
		return r;
	if (r)
		log_err("privsep: %s", r == -EPIPE ? "vde-privd has gone" :
			err_str(r));
	return r;
}

static void ps_fatal(struct sw *sw, uint32_t code)
{
	struct priv_fatal f = { code };

	if (priv_send(sw->ps.sock, PRIV_FATAL, 0, &f, -1))
		log_debug("privsep: cannot report fatal error");
	exit(1);
}

/* Read, check and parse the sealed policy memfd */
static int ps_load_policy(struct sw *sw, int fd, uint32_t index,
			  const struct priv_policy *m, struct policy *pol)
{
	struct pol_error e = { .line = 0 };
	uint8_t hash[32];
	char *buf;
	ssize_t n;

	if (m->size > (1u << 20) || !(buf = malloc(m->size + 1)))
		return -1;
	n = pread(fd, buf, m->size + 1, 0);
	crypto_generichash(hash, sizeof(hash), (uint8_t *)buf,
			   n > 0 ? (size_t)n : 0, NULL, 0);
	if (n != (ssize_t)m->size || sodium_memcmp(hash, m->hash, 32)) {
		log_err("privsep: the policy memfd does not match its hash");
		free(buf);
		return -1;
	}
	if (policy_parse(buf, m->size, "policy (from vde-privd)", NULL, pol,
			 &e)) {
		log_err("%s:%d:%d: %s", e.file, e.line, e.col, e.msg);
		free(buf);
		return -1;
	}
	free(buf);
	if (index >= (uint32_t)pol->nswitches) {
		log_err("privsep: switch %u is not in the policy", index);
		policy_free(pol);
		return -1;
	}
	return 0;
}

/* Our own block of the policy becomes the configuration */
static void ps_config(struct sw *sw, const struct pol_switch *s)
{
	sw->cfg.numports = s->ports;
	sw->cfg.hub = s->hub;
	sw->cfg.mode = (int)s->mode;
	sw->cfg.dir = sw->ps.dir;
	snprintf(sw->ps.dir, sizeof(sw->ps.dir), "%s", s->dir);
	snprintf(sw->dir, sizeof(sw->dir), "%s", s->dir);
	snprintf(sw->ctlpath, sizeof(sw->ctlpath), "%s/ctl", s->dir);
	if (s->has_mgmt)
		snprintf(sw->mgmtpath, sizeof(sw->mgmtpath), "%s", s->mgmt);
	sw->ctlmode = (mode_t)s->mode;
	sw->mgmtmode = (mode_t)s->mgmt_mode;
	sw->owner = s->owner;
	/* data sockets get the ctl mode; the setgid directory its group */
	umask(~s->mode & 0777);
}

static int ps_take_fd(struct sw *sw, const struct priv_fd *m, int fd)
{
	switch (m->kind) {
	case PRIV_FD_CTL_LISTEN:
		if (sw->ctl_fd >= 0)
			break;
		sw->ctl_fd = fd;
		return 0;
	case PRIV_FD_MGMT_LISTEN:
		if (sw->mgmt_fd >= 0)
			break;
		sw->mgmt_fd = fd;
		return 0;
	case PRIV_FD_STATE_MEMFD:
		if (sw->ps.state_fd >= 0)
			break;
		sw->ps.state_fd = fd;
		return 0;
	case PRIV_FD_POLICY_MEMFD:
		if (sw->ps.policy_fd >= 0)
			break;
		sw->ps.policy_fd = fd;
		sw->ps.index = m->index;
		return 0;
	case PRIV_FD_TAP:
		if (m->index >= POL_TAP_MAX || sw->ps.tap_fd[m->index] >= 0)
			break;
		sw->ps.tap_fd[m->index] = fd;
		return 0;
	}
	close(fd);
	return -1;
}

/**
 * privsep_setup() - receive everything from vde-privd, before the sandbox
 * @sw:		switch (defaults filled in)
 * @sock:	the socketpair end (descriptor 3)
 *
 * Dies with a FATAL message to the parent on any deviation.
 */
void privsep_setup(struct sw *sw, int sock)
{
	uint8_t p[PRIV_MSG_MAX];
	struct priv_hello hello;
	struct priv_hdr h;
	uint32_t got = 0;
	int fd, r, i;

	sw->ps.active = true;
	sw->ps.sock = sock;
	sw->ps.state_fd = sw->ps.policy_fd = sw->ps.new_fd = -1;
	for (i = 0; i < POL_TAP_MAX; i++)
		sw->ps.tap_fd[i] = -1;
	/* set-up is synchronous: wait for each message */
	for (;;) {
		struct epoll_event ev = { .events = EPOLLIN };
		int ep = epoll_create1(EPOLL_CLOEXEC);

		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, sock, &ev) ||
		    epoll_wait(ep, &ev, 1, 10000) != 1)
			die("privsep: nothing from vde-privd");
		close(ep);
		r = ps_recv(sw, &h, p, &fd);
		if (r == -EAGAIN)
			continue;
		if (r)
			ps_fatal(sw, PRIV_FATAL_PROTOCOL);
		if (h.type == PRIV_HELLO && !got && !sw->ps.hello) {
			memcpy(&hello, p, sizeof(hello));
			if (hello.version != PRIVSEP_VERSION)
				ps_fatal(sw, PRIV_FATAL_PROTOCOL);
			sw->ps.hello = true;
			if (hello.flags & PRIV_HELLO_SYSLOG)
				(void)log_open_syslog();
			if (hello.flags & PRIV_HELLO_VERBOSE)
				log_set_level(LOG_DEBUG);
		} else if (h.type == PRIV_FD && sw->ps.hello &&
			   got < hello.n_fds) {
			got++;
			if (ps_take_fd(sw, (struct priv_fd *)(void *)p, fd))
				ps_fatal(sw, PRIV_FATAL_PROTOCOL);
		} else if (h.type == PRIV_POLICY && got == hello.n_fds &&
			   sw->ps.policy_fd >= 0 && !sw->ps.have_policy) {
			if (ps_load_policy(sw, sw->ps.policy_fd, sw->ps.index,
					   (struct priv_policy *)(void *)p,
					   &sw->ps.pol))
				ps_fatal(sw, PRIV_FATAL_POLICY);
			sw->ps.have_policy = true;
		} else if (h.type == PRIV_GO && sw->ps.have_policy &&
			   sw->ctl_fd >= 0 && sw->ps.state_fd >= 0) {
			break;
		} else {
			if (fd >= 0)
				close(fd);
			ps_fatal(sw, PRIV_FATAL_PROTOCOL);
		}
	}
	ps_config(sw, &sw->ps.pol.switches[sw->ps.index]);
	sw->pol = &sw->ps.pol;
	sw->pol_sw = sw->ps.index;
}

/* Build "vlan/create N" lines for the block's VLANs, run them, then the
 * taps, then the configuration the last incarnation saved */
static void ps_apply(struct sw *sw, const struct pol_switch *s)
{
	char line[32];
	int v, t, r;

	for (v = 1; v <= POL_VLAN_MAX; v++) {
		if (!(s->vlans[v >> 3] & (1u << (v & 7))))
			continue;
		snprintf(line, sizeof(line), "vlan/create %d", v);
		if (mgmt_run_script(sw, line, strlen(line)))
			log_warn("policy: cannot create VLAN %d", v);
	}
	for (t = 0; t < s->ntaps; t++) {
		if (sw->ps.tap_fd[t] < 0) {
			log_err("privsep: no descriptor for tap %s",
				s->taps[t].name);
			ps_fatal(sw, PRIV_FATAL_SETUP);
		}
		r = tap_port_add(sw, sw->ps.tap_fd[t], s->taps[t].name,
				 s->taps[t].port, s->taps[t].vlan);
		if (r < 0) {
			log_err("tap %s: %s", s->taps[t].name, err_str(r));
			ps_fatal(sw, PRIV_FATAL_SETUP);
		}
		sw->ps.tap_port[t] = (uint32_t)r;
		/* policy: an inter-switch tap takes part in the spanning tree */
		if (s->taps[t].stp && sw_stp_set_trunk(sw, (uint32_t)r, true))
			log_err("tap %s: port %d cannot be an stp trunk",
				s->taps[t].name, r);
	}
	r = state_attach(sw, sw->ps.state_fd);
	if (r > 0)
		log_info("restored %d configuration command(s) from the last run",
			 r);
}

/**
 * privsep_ready() - in the sandbox: apply the configuration, say READY
 * @sw:		switch
 * @src:	event source for the socketpair
 */
void privsep_ready(struct sw *sw, struct evsrc *src)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = src };
	struct priv_ready m = { (uint32_t)sw->pid, sw->cfg.numports };

	ps_apply(sw, &sw->ps.pol.switches[sw->ps.index]);
	src->type = EV_PRIV;
	if (epoll_ctl(sw->epfd, EPOLL_CTL_ADD, sw->ps.sock, &ev))
		die_errno("epoll_ctl");
	if (priv_send(sw->ps.sock, PRIV_READY, 0, &m, -1))
		die("privsep: cannot send READY");
}

/**
 * privsep_tap_gone() - the tap on @port vanished: ask vde-privd for a new
 * one (it recreates the interface from its own copy of the policy)
 */
void privsep_tap_gone(struct sw *sw, uint32_t port)
{
	const struct pol_switch *s = &sw->ps.pol.switches[sw->ps.index];
	struct priv_tap m;
	int t;

	for (t = 0; t < s->ntaps; t++) {
		if (sw->ps.tap_port[t] != port)
			continue;
		m.index = (uint32_t)t;
		sw->ps.tap_fd[t] = -1;
		if (priv_send(sw->ps.sock, PRIV_TAP_REOPEN, 0, &m, -1))
			log_warn("privsep: cannot ask for tap %s again",
				 s->taps[t].name);
		return;
	}
}

/* A replacement for tap @t, after we asked with TAP_REOPEN */
static void ps_new_tap(struct sw *sw, uint32_t t, int fd)
{
	const struct pol_switch *s = &sw->ps.pol.switches[sw->ps.index];
	int r;

	if (t >= (uint32_t)s->ntaps) {
		close(fd);
		ps_fatal(sw, PRIV_FATAL_PROTOCOL);
	}
	if (sw->ps.tap_fd[t] >= 0)
		tap_port_remove(sw, sw->ps.tap_port[t]);
	r = tap_port_add(sw, fd, s->taps[t].name, sw->ps.tap_port[t],
			 s->taps[t].vlan);
	if (r < 0)
		log_err("tap %s: %s", s->taps[t].name, err_str(r));
	/* tap_port_add() owns the descriptor, closed on failure */
	sw->ps.tap_fd[t] = r < 0 ? -1 : fd;
}

/**
 * privsep_event() - a message from vde-privd while running
 * @sw:		switch
 */
void privsep_event(struct sw *sw)
{
	uint8_t p[PRIV_MSG_MAX];
	struct priv_hdr h;
	struct priv_fd *m = (struct priv_fd *)(void *)p;
	struct policy np;
	int fd, r;

	r = ps_recv(sw, &h, p, &fd);
	if (r == -EAGAIN)
		return;
	if (r) {
		sw->quit = true;
		return;
	}
	if (h.type == PRIV_SHUTDOWN && !sw->ps.reloading) {
		log_info("vde-privd asks us to stop");
		sw->quit = true;
	} else if (h.type == PRIV_RELOAD && !sw->ps.reloading) {
		sw->ps.reloading = true;
	} else if (h.type == PRIV_FD && sw->ps.reloading &&
		   m->kind == PRIV_FD_POLICY_MEMFD && sw->ps.new_fd < 0) {
		sw->ps.new_fd = fd;
		sw->ps.new_index = m->index;
	} else if (h.type == PRIV_FD && !sw->ps.reloading &&
		   m->kind == PRIV_FD_TAP) {
		ps_new_tap(sw, m->index, fd);
	} else if (h.type == PRIV_POLICY && sw->ps.new_fd >= 0) {
		if (ps_load_policy(sw, sw->ps.new_fd, sw->ps.new_index,
				   (struct priv_policy *)(void *)p, &np))
			ps_fatal(sw, PRIV_FATAL_POLICY);
		close(sw->ps.policy_fd);
		sw->ps.policy_fd = sw->ps.new_fd;
		sw->ps.new_fd = -1;
		sw->ps.index = sw->ps.new_index;
		policy_free(&sw->ps.pol);
		sw->ps.pol = np;
		sw->ps.reloading = false;
		sw->pol_sw = sw->ps.index;
		log_info("policy reloaded: %d rule(s)", np.nrules);
		enf_reload(sw);
		mgmt_policy_reload(sw);
	} else {
		if (fd >= 0)
			close(fd);
		ps_fatal(sw, PRIV_FATAL_PROTOCOL);
	}
}
