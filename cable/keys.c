// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * keys.c - key text encoding, key generation and the private key file.
 *
 * Keys are 32 bytes in base64 (sodium_base64_VARIANT_ORIGINAL: with '='
 * padding, 44 characters), the format of wg genkey / wg pubkey, decoded
 * by libsodium's constant-time codec, which also refuses non-canonical
 * trailing bits.  A private key is 32 random bytes clamped as X25519
 * (RFC 7748) specifies, as wg genkey writes it.
 *
 * A private key file is opened without following symlinks and checked
 * on the open descriptor (no race between check and read): a regular
 * file, owned by the effective user, with no permission for group or
 * others and none of setuid, setgid or sticky (0600 or 0400).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "keys.h"

/**
 * keys_to_base64() - a key as wg writes it
 * @out:	44 characters and a NUL
 * @key:	32 bytes
 */
void keys_to_base64(char out[KEYS_B64_LEN + 1], const uint8_t key[KEYS_LEN])
{
	sodium_bin2base64(out, KEYS_B64_LEN + 1, key, KEYS_LEN,
			  sodium_base64_VARIANT_ORIGINAL);
}

/**
 * keys_from_base64() - parse a key
 * @key:	written only on success
 * @s:		text (untrusted), need not be NUL-terminated
 * @len:	its length, must be exactly KEYS_B64_LEN
 *
 * Return: 0, or -EINVAL if @s is not exactly one canonical base64 key
 */
int keys_from_base64(uint8_t key[KEYS_LEN], const char *s, size_t len)
{
	char txt[KEYS_B64_LEN + 1];
	uint8_t k[KEYS_LEN];
	const char *end = NULL;
	size_t bin_len = 0;
	int rc = -EINVAL;

	if (len != KEYS_B64_LEN || s[KEYS_B64_LEN - 1] != '=')
		goto out;
	if (sodium_base642bin(k, sizeof(k), s, len, NULL, &bin_len, &end,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    bin_len != KEYS_LEN || end != s + len)
		goto out;
	/* libsodium 1.0.18 decodes some bytes >= 0x80 as if they were in
	 * the alphabet (found by fuzz_keys): accept only text that is
	 * exactly the encoding of what it decoded to */
	keys_to_base64(txt, k);
	if (sodium_memcmp(txt, s, KEYS_B64_LEN))
		goto out;
	memcpy(key, k, KEYS_LEN);
	rc = 0;
out:
	sodium_memzero(k, sizeof(k));
	sodium_memzero(txt, sizeof(txt));
	return rc;
}

/**
 * keys_genkey() - a new X25519 private key, clamped
 * @priv:	32 random bytes with bits 0-2 and 255 cleared, bit 254 set
 */
void keys_genkey(uint8_t priv[KEYS_LEN])
{
	randombytes_buf(priv, KEYS_LEN);
	priv[0] &= 248;
	priv[31] &= 127;
	priv[31] |= 64;
}

/**
 * keys_pubkey() - the public key of a private key
 * @pub:	X25519(@priv, 9)
 * @priv:	private key (clamped or not: X25519 clamps)
 *
 * Return: 0, or -EINVAL if the result would be all zero
 */
int keys_pubkey(uint8_t pub[KEYS_LEN], const uint8_t priv[KEYS_LEN])
{
	return crypto_scalarmult_base(pub, priv) ? -EINVAL : 0;
}

/* 0 if the file behind @fd may hold a private key, else -errno and @why */
static int check_file(int fd, char *why, size_t why_len)
{
	struct stat st;

	if (fstat(fd, &st)) {
		snprintf(why, why_len, "cannot stat: %s", strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "not a regular file");
		return -EINVAL;
	}
	if (st.st_uid != geteuid()) {
		snprintf(why, why_len,
			 "owned by uid %u, not by the running user (uid %u)",
			 (unsigned)st.st_uid, (unsigned)geteuid());
		return -EPERM;
	}
	if (st.st_mode & 07177) {
		snprintf(why, why_len,
			 "mode %04o: group or others have access (or a "
			 "special bit is set); must be 0600 (chmod 600)",
			 (unsigned)(st.st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

/**
 * keys_load_private() - read a private key file written by genkey
 * @path:	file holding the 44-character key and an optional newline
 * @key:	written only on success
 * @why:	on failure, what exactly is wrong (without the path)
 * @why_len:	its size, KEYS_WHY_LEN is enough
 *
 * Set-up only (uses strerror()).
 * Return: 0, or a negative errno with @why filled: the file cannot be
 * opened (a symlink is refused), is not a regular file, is not owned by
 * the running user, grants access beyond 0600, or holds no valid key
 */
int keys_load_private(const char *path, uint8_t key[KEYS_LEN], char *why,
		      size_t why_len)
{
	char buf[KEYS_B64_LEN + 3];
	ssize_t n = -1;
	size_t len;
	int fd, rc;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rc = -errno;
		snprintf(why, why_len, "cannot open: %s", strerror(errno));
		goto out;
	}
	rc = check_file(fd, why, why_len);
	if (rc)
		goto out;
	n = read(fd, buf, sizeof(buf));
	if (n < 0) {
		rc = -errno;
		snprintf(why, why_len, "cannot read: %s", strerror(errno));
		goto out;
	}
	len = (size_t)n;
	if (len == KEYS_B64_LEN + 1 && buf[KEYS_B64_LEN] == '\n')
		len--;
	rc = keys_from_base64(key, buf, len);
	if (rc)
		snprintf(why, why_len, "not a base64 X25519 key (44 "
			 "characters, optionally a newline)");
out:
	sodium_memzero(buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	return rc;
}
