/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * privsep.h - the vde-privd <-> vde-switchd protocol (DESIGN.md (a)).
 *
 * One SOCK_SEQPACKET socketpair per child.  Every message is a 16-byte
 * header followed by a payload whose size is fixed by its type; a
 * receiver checks the exact length, so no side ever parses variable-length
 * data from the other.  A descriptor travels only with a PRIV_FD message,
 * exactly one per message.  Host byte order: both ends are one machine.
 */
#ifndef VDE_PRIVSEP_H
#define VDE_PRIVSEP_H

#include <stdint.h>

#include "util.h"

enum { PRIVSEP_VERSION = 1 };

enum priv_type {
	/* parent -> child */
	PRIV_HELLO = 1,		/* struct priv_hello */
	PRIV_FD,		/* struct priv_fd + one descriptor */
	PRIV_POLICY,		/* struct priv_policy: the POLICY_MEMFD's hash */
	PRIV_GO,		/* set-up complete: sandbox and run */
	PRIV_RELOAD,		/* a POLICY_MEMFD and a PRIV_POLICY follow */
	PRIV_SHUTDOWN,		/* exit cleanly */
	/* child -> parent */
	PRIV_READY = 32,	/* struct priv_ready */
	PRIV_TAP_REOPEN,	/* struct priv_tap: that tap vanished */
	PRIV_FATAL,		/* struct priv_fatal */
	PRIV_TYPE_MAX
};

enum priv_fd_kind {
	PRIV_FD_CTL_LISTEN = 1,
	PRIV_FD_MGMT_LISTEN,
	PRIV_FD_TAP,		/* index: the tap's position in its switch
				 * block of the policy */
	PRIV_FD_STATE_MEMFD,
	PRIV_FD_POLICY_MEMFD,
	PRIV_FD_KIND_MAX
};

enum priv_fatal_code {
	PRIV_FATAL_PROTOCOL = 1,	/* unexpected message from the parent */
	PRIV_FATAL_POLICY,		/* policy memfd: bad hash or parse */
	PRIV_FATAL_SETUP,		/* a resource could not be used */
};

enum priv_hello_flags {
	PRIV_HELLO_SYSLOG = 1,		/* log to syslog, not stderr */
	PRIV_HELLO_VERBOSE = 2,
};

struct priv_hdr {
	uint16_t type;
	uint16_t flags;
	uint32_t len;			/* payload bytes after the header */
	uint32_t seq;
	uint32_t arg;
};

struct priv_hello {
	uint32_t version;
	uint32_t switch_index;		/* in the policy */
	uint32_t n_fds;			/* PRIV_FD messages before PRIV_GO */
	uint32_t flags;			/* enum priv_hello_flags */
};

struct priv_fd {
	uint32_t kind;			/* enum priv_fd_kind */
	uint32_t index;
};

struct priv_policy {
	uint8_t hash[32];		/* BLAKE2b-256 of the memfd contents */
	uint64_t size;			/* bytes in the memfd */
};

struct priv_ready {
	uint32_t pid;
	uint32_t ports;
};

struct priv_tap {
	uint32_t index;
};

struct priv_fatal {
	uint32_t code;			/* enum priv_fatal_code */
};

/* Largest message: header + biggest payload */
#define PRIV_MSG_MAX	(sizeof(struct priv_hdr) + sizeof(struct priv_policy))

/* Exact payload size of each type; -1: no such type */
int priv_payload_size(uint16_t type);

/**
 * priv_send() - send one message, with @fd attached if @fd >= 0
 *
 * Never blocks: a peer that stops reading gets -EAGAIN, which vde-privd
 * treats as a protocol failure of the child.
 * Return: 0 or negative errno.
 */
int priv_send(int sock, uint16_t type, uint32_t seq, const void *payload,
	      int fd) __must_check;

/**
 * priv_recv() - receive one message and check it
 * @sock:	SOCK_SEQPACKET end
 * @hdr:	header out
 * @payload:	buffer of at least PRIV_MSG_MAX bytes
 * @fd:		descriptor received, or -1; only PRIV_FD may carry one
 *
 * A truncated message or control block, a foreign control message, more
 * than one descriptor, a descriptor on any type but PRIV_FD, an unknown
 * type, or a length that is not the type's exact payload size: -EPROTO,
 * with any received descriptor closed.  End of file: -EPIPE.
 * Return: 0 or negative errno.
 */
int priv_recv(int sock, struct priv_hdr *hdr, void *payload, int *fd)
	__must_check;

#endif /* VDE_PRIVSEP_H */
