/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * peers.h - the authorized peers file of vde-cable, cable-peers(5): one
 * peer per line, a base64 X25519 public key and NAME=VALUE options, in
 * the manner of OpenSSH's authorized_keys.  Every limit is here.
 */
#ifndef VDE_CABLE_PEERS_H
#define VDE_CABLE_PEERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "keys.h"
#include "util.h"

enum {
	PEERS_MAX		= 1024,	/* peers in one file */
	PEERS_LINE_MAX		= 1024,	/* bytes in a line, newline excluded */
	PEERS_NAME_MAX		= 31,	/* name= and switch= */
	PEERS_PATH_MAX		= 255,	/* psk-file=, so < 256 */
	PEERS_KEEPALIVE_MAX	= 3600,	/* seconds */
	PEERS_VID_MAX		= 4094,
	PEERS_VMAP		= 4096 / 8,
};

/**
 * struct peer - one authorized peer
 * @pub:		its static X25519 public key (never all zero)
 * @name:		name= (always given), NUL-terminated
 * @sw:			switch=, or "" if not given (the cable's own switch)
 * @vlans:		bitmap of the tagged VLANs it may use (bit = VID)
 * @nvlans:		number of bits set in @vlans
 * @vlans_any:		vlans=any was given (all of 1..4094 set)
 * @has_endpoint:	endpoint= was given
 * @endpoint:		AF_INET or AF_INET6 address and port
 * @endpoint_len:	sizeof(struct sockaddr_in) or (struct sockaddr_in6)
 * @keepalive:		keepalive= in seconds, 0 if off
 * @psk_file:		psk-file=, an absolute path, or "" if none
 * @line:		line of the file it came from
 */
struct peer {
	uint8_t pub[KEYS_LEN];
	char name[PEERS_NAME_MAX + 1];
	char sw[PEERS_NAME_MAX + 1];
	uint8_t vlans[PEERS_VMAP];
	uint16_t nvlans;
	bool vlans_any;
	bool has_endpoint;
	struct sockaddr_storage endpoint;
	socklen_t endpoint_len;
	uint16_t keepalive;
	char psk_file[PEERS_PATH_MAX + 1];
	int line;
};

/**
 * struct peers - a parsed file
 * @v:		its peers, in file order (NULL if none)
 * @n:		how many
 */
struct peers {
	struct peer *v;
	size_t n;
};

/**
 * struct peers_error - the first mistake of a file
 * @file:	file name as given to peers_parse()
 * @line:	1-based line
 * @col:	1-based byte column
 * @msg:	printable ASCII message
 */
struct peers_error {
	char file[256];
	int line;
	int col;
	char msg[256];
};

int peers_parse(const char *text, size_t len, const char *file,
		struct peers *out, struct peers_error *err) __must_check;
void peers_free(struct peers *ps);
const struct peer *peers_find(const struct peers *ps,
			      const uint8_t pub[KEYS_LEN]);
bool peer_vlan_ok(const struct peer *p, uint16_t vid);
const char *peers_error_str(const struct peers_error *e, char *buf,
			    size_t size);

#endif /* VDE_CABLE_PEERS_H */
