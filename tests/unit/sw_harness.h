/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * sw_harness.h - a small vde-switchd in memory for the data path tests.
 *
 * Ports 0..7; six endpoints attached with ep_attach() on real AF_UNIX
 * datagram socketpairs (the switch holds one end, the test the other);
 * port 5 exists without an endpoint:
 *
 *   endpoint: e0  e1  e2  e3  e4  e5
 *   port:      0   1   2   3   4   4
 *
 * Frames enter through port_frame_input() exactly as ep_rx() hands them
 * over; what leaves is read back at the far ends.
 */
#ifndef VDE_TEST_SW_HARNESS_H
#define VDE_TEST_SW_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "switchd.h"

enum {
	NEP = 6,		/* endpoints */
	NPORTS = 8,		/* ports 0..7 */
	POOL_SLOTS = 1024,
	NONE = -1,		/* endpoint gets nothing */
	UNTAGGED = -1,		/* frame carries no 802.1Q tag */
	BUF = ETH_FRAME_DEFAULT + 64,
};

/* Addresses by index into macs[] */
enum { BC, MC, A, B, C, D };

extern const uint32_t ep_port[NEP];
extern const uint8_t macs[][6];

struct harness {
	struct sw sw;
	struct endpoint *ep[NEP];	/* NULL once a test closed it */
	int peer[NEP];			/* far end of each data socket */
};

int harness_group_setup(void **state);
int harness_setup(void **state);
int harness_teardown(void **state);
void harness_set_tagged(struct sw *sw, uint32_t port, uint16_t vid);
void harness_clear_stats(struct harness *h);
void harness_input(struct harness *h, uint32_t port, const uint8_t *f,
		   size_t len, int flags);

size_t frame_build(uint8_t *f, size_t len, int dst, int src, int tci,
		   uint8_t seed);
size_t frame_expect(uint8_t *out, const uint8_t *in, size_t len, int op,
		    uint16_t vid);

ssize_t peer_recv(struct harness *h, int i, uint8_t *buf);
void peer_drain_all(struct harness *h);
void peer_expect_nothing(struct harness *h, int i);
void peer_expect_frame(struct harness *h, int i, const uint8_t *want,
		       size_t len);

size_t harness_mgmt(struct sw *sw, const char *cmd, char *out, size_t len);

#endif /* VDE_TEST_SW_HARNESS_H */
