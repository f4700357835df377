/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * vdeconn.h - the client side of the VDE control handshake: attach to a
 * switch as libvdeplug does, without libvdeplug.
 */
#ifndef VDE_VDECONN_H
#define VDE_VDECONN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "util.h"

/**
 * struct vdeconn_opts - how to attach
 * @port:	requested port, 0 = any
 * @port0:	ask for the special port 0
 * @descr:	description the switch shows
 * @mode:	mode of the return socket, -1 = 0700 plus what ctl needs
 * @gid:	group of the return socket, (gid_t)-1 = as libvdeplug decides
 * @timeout_ms:	how long to wait for the switch's answer
 */
struct vdeconn_opts {
	uint32_t port;
	bool port0;
	const char *descr;
	int mode;
	gid_t gid;
	int timeout_ms;
};

struct vdeconn {
	int ctl;
	int data;
};

int vdeconn_parse_url(const char *url, char *dir, size_t dirlen,
		      struct vdeconn_opts *o) __must_check;
int vdeconn_open(const char *dir, const struct vdeconn_opts *o,
		 struct vdeconn *c) __must_check;
void vdeconn_close(struct vdeconn *c);

#endif /* VDE_VDECONN_H */
