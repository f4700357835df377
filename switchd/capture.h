/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * capture.h - packet capture to a management session as a pcap stream,
 * and the console commands of mirroring and capture (capture.c).
 */
#ifndef VDE_CAPTURE_H
#define VDE_CAPTURE_H

#include <stdint.h>

struct sw;
struct mctx;
struct cap;

enum {
	CAP_BUF		= 256 << 10,	/* output buffer of a capture session */
	CAP_LINKTYPE	= 1,		/* LINKTYPE_ETHERNET */
};

/* Marker line before the binary stream: the client's cue */
#define CAP_MARKER	"capture: pcap follows\n"

/* capture.c: data path hooks, called only while sw->caps is not NULL */
void cap_port(struct sw *sw, uint32_t port, uint32_t slot, uint8_t op,
	      uint16_t vid);
void cap_vlan(struct sw *sw, uint16_t vid, uint32_t slot);
void cap_stop(struct sw *sw, struct cap *c);

/* capture.c: console commands */
int cmd_port_mirror(struct mctx *c);
int cmd_capture_start(struct mctx *c);
void mirror_forget(struct sw *sw, uint32_t no);

#endif /* VDE_CAPTURE_H */
