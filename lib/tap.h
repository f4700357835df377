/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * tap.h - open a Linux tap device (IFF_TAP|IFF_NO_PI): one frame per
 * read() or write().  Shared by vde-plug, vde-switchd -t and vde-privd.
 */
#ifndef VDE_TAP_H
#define VDE_TAP_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "util.h"

int tap_open_config(const char *name, uint32_t mtu, const uint8_t *mac,
		    bool up, char ifname[IFNAMSIZ]) __must_check;
int tap_open(const char *name, char ifname[IFNAMSIZ]) __must_check;
int tap_set_up(const char *ifname) __must_check;

#endif /* VDE_TAP_H */
