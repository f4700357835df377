/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * handshake.h - inside the engine: the handshake driver (handshake.c)
 * and the index table and keypair slots it shares with device.c.  Not
 * for the program: it uses device.h.
 */
#ifndef VDE_CABLE_HANDSHAKE_H
#define VDE_CABLE_HANDSHAKE_H

#include "device.h"

const struct dev_idx *dev_idx_find(const struct dev *d, uint32_t index);
uint32_t dev_idx_new(struct dev *d, size_t peer, unsigned int slot);
void dev_idx_set_slot(struct dev *d, uint32_t index, unsigned int slot);
void dev_idx_del(struct dev *d, uint32_t index);
void dev_kp_install(struct dev *d, struct dev_peer *p,
		    struct transport_keypair *kp, bool initiator,
		    uint64_t now);
void dev_keepalive(struct dev *d, struct dev_peer *p, uint64_t now);
void dev_roam(struct dev_peer *p, const struct dev_addr *from);
void dev_sent_any(struct dev_peer *p, uint64_t now);
void dev_received_any(struct dev_peer *p, uint64_t now);

void hs_recv_initiation(struct dev *d, const uint8_t *pkt, size_t len,
			const struct dev_addr *from, uint64_t now);
void hs_recv_response(struct dev *d, const uint8_t *pkt, size_t len,
		      const struct dev_addr *from, uint64_t now);
void hs_recv_cookie(struct dev *d, const uint8_t *pkt, size_t len,
		    uint64_t now);
void hs_timer(struct dev *d, struct dev_peer *p, uint64_t now);

#endif /* VDE_CABLE_HANDSHAKE_H */
