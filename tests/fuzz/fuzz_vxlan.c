// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_vxlan.c - the VXLAN header check (lib/vxlan.c) on arbitrary UDP
 * payloads: it accepts exactly a whole header with the VNI flag and our
 * VNI in front of at least 14 bytes, and header built by vxlan_hdr() is
 * always accepted.
 */
#include <string.h>

#include "fuzz.h"
#include "vxlan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t pkt[VXLAN_HDR + 64];
	uint32_t vni = 42, got;
	int r = vxlan_decap(data, size, vni, &got);

	if (r >= 0) {
		FUZZ_CHECK(r == VXLAN_HDR);
		FUZZ_CHECK(size >= VXLAN_HDR + 14);
		FUZZ_CHECK(data[0] & VXLAN_FLAG_VNI);
		FUZZ_CHECK(got == vni);
	} else if (size >= VXLAN_HDR + 14) {
		FUZZ_CHECK(!(data[0] & VXLAN_FLAG_VNI) || got != vni);
	}
	/* round trip with a VNI taken from the input */
	if (size >= 3) {
		vni = (uint32_t)data[0] << 16 | data[1] << 8 | data[2];
		vxlan_hdr(pkt, vni);
		memset(pkt + VXLAN_HDR, 0xab, 64);
		FUZZ_CHECK(vxlan_decap(pkt, sizeof(pkt), vni, &got) ==
			   VXLAN_HDR);
		FUZZ_CHECK(got == vni);
	}
	return 0;
}
