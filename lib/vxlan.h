/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * vxlan.h - the VXLAN header (RFC 7348): 8 bytes before an Ethernet frame,
 * flags 0x08 ("VNI present"), 24-bit VNI in bytes 4..6.
 */
#ifndef VDE_VXLAN_H
#define VDE_VXLAN_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum {
	VXLAN_HDR	= 8,
	VXLAN_PORT	= 4789,
	VXLAN_FLAG_VNI	= 0x08,
	VXLAN_VNI_MAX	= 0xffffff,
};

void vxlan_hdr(uint8_t hdr[VXLAN_HDR], uint32_t vni);
int vxlan_decap(const uint8_t *pkt, size_t len, uint32_t vni,
		uint32_t *got_vni) __must_check;

#endif /* VDE_VXLAN_H */
