// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * memfd.c - both ends of the policy hand-off: vde-privd writes the
 * canonical resolved form into a sealed memfd and sends its BLAKE2b-256
 * hash and size; each vde-switchd reads it back, checks both and parses
 * it.  Kept together so that writer and reader cannot drift apart.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sodium.h>

#include "policy.h"

/**
 * policy_memfd_create() - the canonical form of @pol in a sealed memfd
 * @pol:	policy
 * @hash:	BLAKE2b-256 of the contents
 * @size:	their length
 *
 * Return: the memfd (close-on-exec, sealed against any change), or -1.
 */
int policy_memfd_create(const struct policy *pol,
			uint8_t hash[POL_HASH_LEN], uint64_t *size)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int fd = -1;

	if (!f)
		return -1;
	if (policy_write(pol, f) || fclose(f))
		goto out;
	fd = memfd_create("vde-policy", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW |
		  F_SEAL_SHRINK | F_SEAL_SEAL)) {
		if (fd >= 0)
			close(fd);
		fd = -1;
		goto out;
	}
	crypto_generichash(hash, POL_HASH_LEN, (uint8_t *)buf, len, NULL, 0);
	*size = len;
out:
	free(buf);
	return fd;
}

/**
 * policy_memfd_load() - read, check and parse what policy_memfd_create()
 * wrote
 * @fd:		the memfd (read with pread: its offset is not used)
 * @hash:	the hash that came with it
 * @size:	the size that came with it (at most 1 MiB)
 * @pol:	result, on success
 * @e:		why not, on failure
 *
 * Return: 0, or -1 with @e filled in (a size or hash mismatch is line 0).
 */
int policy_memfd_load(int fd, const uint8_t hash[POL_HASH_LEN],
		      uint64_t size, struct policy *pol, struct pol_error *e)
{
	uint8_t h[POL_HASH_LEN];
	char *buf;
	ssize_t n;
	int r = -1;

	snprintf(e->file, sizeof(e->file), "policy (from vde-privd)");
	e->line = e->col = 0;
	if (size > (1u << 20) || !(buf = malloc(size + 1))) {
		snprintf(e->msg, sizeof(e->msg), "policy memfd too large");
		return -1;
	}
	n = pread(fd, buf, size + 1, 0);
	crypto_generichash(h, sizeof(h), (uint8_t *)buf, n > 0 ? (size_t)n : 0,
			   NULL, 0);
	if (n != (ssize_t)size || sodium_memcmp(h, hash, POL_HASH_LEN))
		snprintf(e->msg, sizeof(e->msg),
			 "the policy memfd does not match its hash");
	else
		r = policy_parse(buf, size, e->file, NULL, pol, e);
	free(buf);
	return r;
}
