/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * ethtag.h - which ethertypes are VLAN tags: the one list shared by the
 * switch's policy (switchd/enforce.c: no tag of any kind on an access
 * port) and the cable's inner-frame checks (cable/device.c).
 */
#ifndef VDE_ETHTAG_H
#define VDE_ETHTAG_H

#include <stdbool.h>
#include <stdint.h>

enum {
	ETH_TPID_8021Q		= 0x8100,	/* 802.1Q C-tag */
	ETH_TPID_8021AD		= 0x88a8,	/* 802.1ad S-tag */
	ETH_TPID_QINQ1		= 0x9100,	/* pre-802.1ad QinQ */
	ETH_TPID_QINQ2		= 0x9200,
	ETH_TPID_QINQ3		= 0x9300,
};

/**
 * eth_is_tag() - is this ethertype a VLAN tag (TPID)?
 * @type:	ethertype, host order
 *
 * Return: true for 802.1Q, 802.1ad and the old QinQ types
 */
static inline bool eth_is_tag(uint16_t type)
{
	return type == ETH_TPID_8021Q || type == ETH_TPID_8021AD ||
	       type == ETH_TPID_QINQ1 || type == ETH_TPID_QINQ2 ||
	       type == ETH_TPID_QINQ3;
}

#endif /* VDE_ETHTAG_H */
