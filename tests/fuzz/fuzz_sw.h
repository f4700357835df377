/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_sw.h - the small switch in memory that the management and state
 * fuzz targets drive (16 ports, no sockets but an epoll set).
 */
#ifndef VDE_FUZZ_SW_H
#define VDE_FUZZ_SW_H

#include <stdbool.h>
#include <stdlib.h>
#include <sys/epoll.h>

#include <sodium.h>

#include "log.h"
#include "switchd.h"

static inline void fz_switch_init(struct sw *sw)
{
	static bool done;

	if (done)
		return;
	done = true;
	log_set_level(LOG_EMERG);
	if (sodium_init() < 0)
		abort();
	sw->cfg.numports = 16;
	sw->cfg.max_frame = 1518;
	sw->cfg.hashsize = 64;
	sw->gc_interval = 2;
	sw->mgmt_fd = -1;
	sw->ctl_fd = -1;
	sw->state_fd = -1;
	sw->mgmt_gid = (gid_t)-1;
	sw->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sw->epfd < 0 || port_init(sw) ||
	    fdb_init(&sw->fdb, 64, 256, 64, sw->nports) ||
	    pool_init(&sw->pool, 256, 1518))
		abort();
}

#endif /* VDE_FUZZ_SW_H */
