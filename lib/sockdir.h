/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * sockdir.h - listening AF_UNIX sockets in a directory held open, shared
 * by vde-switchd (standalone) and vde-privd.
 */
#ifndef VDE_SOCKDIR_H
#define VDE_SOCKDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

int sockdir_probe(int dfd, const char *name, const char *path, bool fix,
		  char *err, size_t errlen) __must_check;
int sockdir_listen(int dfd, const char *name, const char *path, mode_t mode,
		   uid_t uid, gid_t gid, int backlog, char *err,
		   size_t errlen) __must_check;
mode_t sockdir_dirmode(mode_t ctl);

#endif /* VDE_SOCKDIR_H */
