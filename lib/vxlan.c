// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * vxlan.c - build and check VXLAN headers.  The packet comes from the
 * network, unauthenticated: the check accepts only a whole header with
 * the VNI flag, our VNI, and a frame of at least 14 bytes behind it.
 */
#include <errno.h>

#include "vxlan.h"

/**
 * vxlan_hdr() - the header for @vni
 * @hdr:	output
 * @vni:	0..VXLAN_VNI_MAX
 */
void vxlan_hdr(uint8_t hdr[VXLAN_HDR], uint32_t vni)
{
	hdr[0] = VXLAN_FLAG_VNI;
	hdr[1] = hdr[2] = hdr[3] = 0;
	hdr[4] = (uint8_t)(vni >> 16);
	hdr[5] = (uint8_t)(vni >> 8);
	hdr[6] = (uint8_t)vni;
	hdr[7] = 0;
}

/**
 * vxlan_decap() - is @pkt a VXLAN packet for @vni?
 * @pkt:	UDP payload
 * @len:	its length
 * @vni:	the VNI we carry
 * @got_vni:	the packet's VNI (for the log), if it has a header
 *
 * Return: offset of the frame (VXLAN_HDR), -EMSGSIZE (too short for a
 * header and a frame), -EPROTO (VNI flag missing) or -ENOENT (another VNI).
 */
int vxlan_decap(const uint8_t *pkt, size_t len, uint32_t vni,
		uint32_t *got_vni)
{
	*got_vni = 0;
	if (len < VXLAN_HDR + 14)
		return -EMSGSIZE;
	*got_vni = (uint32_t)pkt[4] << 16 | (uint32_t)pkt[5] << 8 | pkt[6];
	if (!(pkt[0] & VXLAN_FLAG_VNI))
		return -EPROTO;
	if (*got_vni != vni)
		return -ENOENT;
	return VXLAN_HDR;
}
