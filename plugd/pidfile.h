/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * pidfile.h - the -p/--pidfile option of the programs in plugd/.
 *
 * A pidfile is created exclusively (O_EXCL, no symlink followed), so an
 * existing file is never overwritten unless the process it names is gone.
 * It is removed at exit only while it still holds our own pid.
 */
#ifndef VDE_PIDFILE_H
#define VDE_PIDFILE_H

#include <stddef.h>

#include "util.h"

int pidfile_resolve(const char *arg, char *path, size_t len) __must_check;
int pidfile_write(const char *path) __must_check;
void pidfile_remove(const char *path);

#endif /* VDE_PIDFILE_H */
