// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * vdeconn.c - attach to a VDE switch (client side of spec section 2).
 *
 * The return socket is bound in the switch directory if we may write there,
 * else in /tmp, under a name made of our pid and a counter.  Its
 * permissions follow libvdeplug (spec 2.8): 0700 unless ctl belongs to
 * neither root nor us, in which case it is given ctl's group (+070), or
 * opened to everybody (+077) if we cannot, because the switch connects to
 * it as the account it runs as.  The mode is decided before bind() and
 * set by the umask, so no chmod() is ever needed (vde-plug's sandbox has
 * none: a compromised plug could otherwise change the mode of any file
 * its account owns); only the group may need a chown().  The name is
 * unlinked as soon as the data sockets are connected.  A switch that
 * refuses closes the control stream:
 * that is reported as ECONNREFUSED at once.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "v3.h"
#include "vdeconn.h"

/**
 * vdeconn_parse_url() - "vde://DIR[PORT]", "DIR[PORT]" or "DIR"
 * @url:	as given on the command line
 * @dir:	the switch directory
 * @dirlen:	its size
 * @o:		port (and port0 for "[0]") set from the brackets
 *
 * Return: 0, or -EINVAL for a malformed URL or another scheme.
 */
int vdeconn_parse_url(const char *url, char *dir, size_t dirlen,
		      struct vdeconn_opts *o)
{
	const char *p = url, *br;
	unsigned long v;
	char *end;
	size_t n;

	if (strstr(p, "://")) {
		if (strncmp(p, "vde://", 6))
			return -EINVAL;
		p += 6;
	}
	br = strchr(p, '[');
	n = br ? (size_t)(br - p) : strlen(p);
	if (!n || n >= dirlen)
		return -EINVAL;
	memcpy(dir, p, n);
	dir[n] = '\0';
	if (!br)
		return 0;
	if (br[1] == ']' && !br[2])
		return 0;
	errno = 0;
	v = strtoul(br + 1, &end, 10);
	if (errno || end == br + 1 || *end != ']' || end[1] || v > V3_PORT_MAX)
		return -EINVAL;
	o->port = (uint32_t)v;
	o->port0 = v == 0;
	return 0;
}

/* Could we give a file of ours group @g?  (A member, or root) */
static bool may_chgrp(gid_t g)
{
	bool member = false;
	gid_t *groups;
	int i, n;

	if (geteuid() == 0 || g == getegid())
		return true;
	n = getgroups(0, NULL);
	groups = n > 0 ? calloc((size_t)n, sizeof(*groups)) : NULL;
	if (groups)
		n = getgroups(n, groups);
	for (i = 0; groups && i < n && !member; i++)
		member = groups[i] == g;
	free(groups);
	return member;
}

/*
 * ret_mode() - the mode of the return socket, and the group to give it
 * (-1: keep ours), decided before it exists (see the top of this file)
 */
static mode_t ret_mode(const char *ctlpath, const struct vdeconn_opts *o,
		       gid_t *gid)
{
	mode_t mode = o->mode >= 0 ? (mode_t)o->mode : 0700;
	struct stat st;

	*gid = (gid_t)-1;
	if (o->gid != (gid_t)-1) {
		if (may_chgrp(o->gid)) {
			*gid = o->gid;
			mode |= 070;
		}
	} else if (!(mode & 077) && !stat(ctlpath, &st) && st.st_uid != 0 &&
		   st.st_uid != geteuid()) {
		if (may_chgrp(st.st_gid)) {
			*gid = st.st_gid;
			mode |= 070;
		} else {
			mode |= 077;
		}
	}
	if (*gid == getegid())
		*gid = (gid_t)-1;	/* bind() gave it that group already */
	return mode & 0777;
}

static int ret_bind(int s, const char *dir, mode_t mode,
		    struct sockaddr_un *sa)
{
	static unsigned int seq;
	const char *where[] = { dir, "/tmp" };
	unsigned int i, tries;
	mode_t old = umask(~mode & 0777);
	int r = -EINVAL;

	for (i = 0; i < 2; i++) {
		for (tries = 0; tries < 100; tries++) {
			memset(sa, 0, sizeof(*sa));
			sa->sun_family = AF_UNIX;
			if (snprintf(sa->sun_path, sizeof(sa->sun_path),
				     "%s/.vde-plug.%d-%u", where[i],
				     (int)getpid(), seq++) >=
			    (int)sizeof(sa->sun_path))
				break;
			if (!bind(s, (struct sockaddr *)sa, sizeof(*sa))) {
				r = 0;
				goto out;
			}
			r = -errno;
			if (errno != EADDRINUSE)
				break;
		}
	}
out:
	umask(old);
	return r;
}

static int ctl_answer(int ctl, int timeout_ms, struct sockaddr_un *sa)
{
	struct pollfd p = { .fd = ctl, .events = POLLIN };
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(*sa)) {
		n = poll(&p, 1, timeout_ms > 0 ? timeout_ms : 10000);
		if (n <= 0)
			return n == 0 ? -ETIMEDOUT : -errno;
		n = recv(ctl, (char *)sa + got, sizeof(*sa) - got, 0);
		if (n <= 0)
			return -ECONNREFUSED;	/* refused: stream closed */
		got += n;
	}
	if (sa->sun_family != AF_UNIX ||
	    !memchr(sa->sun_path, '\0', sizeof(sa->sun_path)))
		return -EPROTO;
	return 0;
}

/**
 * vdeconn_open() - attach to the switch in @dir
 * @dir:	switch directory
 * @o:		options
 * @c:		connected control and data sockets on success
 *
 * Return: 0, or negative errno (ECONNREFUSED: the switch said no).
 */
int vdeconn_open(const char *dir, const struct vdeconn_opts *o,
		 struct vdeconn *c)
{
	struct sockaddr_un ctl = { .sun_family = AF_UNIX }, ret, data;
	uint8_t req[V3_REQ_MAX];
	mode_t mode;
	size_t len;
	gid_t gid;
	int r;

	c->ctl = c->data = -1;
	if (snprintf(ctl.sun_path, sizeof(ctl.sun_path), "%s/ctl", dir) >=
	    (int)sizeof(ctl.sun_path))
		return -ENAMETOOLONG;
	c->ctl = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c->data = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->ctl < 0 || c->data < 0) {
		r = -errno;
		goto fail;
	}
	if (connect(c->ctl, (struct sockaddr *)&ctl, sizeof(ctl))) {
		r = -errno;
		goto fail;
	}
	mode = ret_mode(ctl.sun_path, o, &gid);
	r = ret_bind(c->data, dir, mode, &ret);
	if (r)
		goto fail;
	/* the group only: the mode came with bind() */
	if (gid != (gid_t)-1 && chown(ret.sun_path, (uid_t)-1, gid))
		log_debug("chgrp %s: %s", ret.sun_path, err_str(errno));
	len = v3_build(req, sizeof(req),
		       o->port0 ? V3_KIND_PORT0 : V3_KIND_CONTROL,
		       o->port0 ? 0 : o->port, ret.sun_path, o->descr);
	if (send(c->ctl, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
		r = -errno;
		goto unlink;
	}
	r = ctl_answer(c->ctl, o->timeout_ms, &data);
	if (r)
		goto unlink;
	if (connect(c->data, (struct sockaddr *)&data, sizeof(data))) {
		r = -errno;
		goto unlink;
	}
	unlink(ret.sun_path);
	return 0;
unlink:
	unlink(ret.sun_path);
fail:
	vdeconn_close(c);
	return r;
}

/**
 * vdeconn_close() - detach (closing the control stream ends the endpoint)
 * @c:	connection
 */
void vdeconn_close(struct vdeconn *c)
{
	if (c->ctl >= 0)
		close(c->ctl);
	if (c->data >= 0)
		close(c->data);
	c->ctl = c->data = -1;
}
