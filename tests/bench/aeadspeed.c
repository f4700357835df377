// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * aeadspeed.c - single-core speed of the cable's AEAD, the ceiling of any
 * encrypted cable on this machine (tests/bench/cable prints it).
 *
 * Seals messages of --size bytes with crypto_aead_chacha20poly1305_ietf
 * (the cable's transport cipher: 12-byte nonce, a 16-byte header as
 * associated data, as cable/transport.c does) for --duration seconds in
 * one thread, then opens the same number of sealed messages, and prints
 * one line of key=value pairs:
 *
 *   size=1500 seal_msgs=... seal_per_s=... seal_mbit_s=...
 *   open_per_s=... open_mbit_s=...
 *
 * Mbit/s counts plaintext bytes.  No network, no privileges.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

enum {
	AS_HDR		= 16,		/* associated data, like a type-4 header */
	AS_SIZE_MAX	= 9234,		/* VDE_ETHBUFSIZE */
	AS_CHECK_EVERY	= 256,		/* messages between clock reads */
	AS_RING		= 64,		/* distinct sealed messages to open */
};

#define AS_NS_PER_S	1000000000.0

static uint8_t as_hdr[AS_HDR];	/* the same associated data for all */

/**
 * struct as_opts - command line
 * @size:	plaintext bytes per message
 * @duration:	seconds to seal for
 */
struct as_opts {
	size_t size;
	double duration;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / AS_NS_PER_S;
}

static void nonce_set(uint8_t *nonce, uint64_t ctr)
{
	int i;

	memset(nonce, 0, crypto_aead_chacha20poly1305_ietf_NPUBBYTES);
	for (i = 0; i < 8; i++)
		nonce[4 + i] = (uint8_t)(ctr >> (8 * i));
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: aeadspeed [-l BYTES] [-d SECONDS]\n"
"  -l, --size BYTES     plaintext per message, 0..%d (default 1500)\n"
"  -d, --duration SEC   seconds of sealing (default 2)\n"
"Seals then opens with crypto_aead_chacha20poly1305_ietf on one core.\n",
		AS_SIZE_MAX);
}

static int parse_opts(struct as_opts *o, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "size", required_argument, NULL, 'l' },
		{ "duration", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	o->size = 1500;
	o->duration = 2;
	while ((c = getopt_long(argc, argv, "l:d:h", lo, NULL)) != -1) {
		switch (c) {
		case 'l':
			errno = 0;
			o->size = strtoul(optarg, &end, 10);
			if (errno || *end || o->size > AS_SIZE_MAX)
				return -EINVAL;
			break;
		case 'd':
			o->duration = strtod(optarg, &end);
			if (*end || !(o->duration > 0 && o->duration <= 600))
				return -EINVAL;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	return optind == argc ? 0 : -EINVAL;
}

/* seal for o->duration seconds; returns messages sealed, time in *secs */
static uint64_t seal_loop(const struct as_opts *o, const uint8_t *key,
			  uint8_t (*ring)[AS_SIZE_MAX + 16], double *secs)
{
	uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
	static uint8_t pt[AS_SIZE_MAX];
	unsigned long long clen;
	double t0 = now_s(), t = t0;
	uint64_t n = 0;

	randombytes_buf(pt, sizeof(pt));
	randombytes_buf(as_hdr, sizeof(as_hdr));
	while (t - t0 < o->duration) {
		nonce_set(nonce, n);
		crypto_aead_chacha20poly1305_ietf_encrypt(ring[n % AS_RING],
			&clen, pt, o->size, as_hdr, sizeof(as_hdr), NULL, nonce,
			key);
		n++;
		if (n % AS_CHECK_EVERY == 0)
			t = now_s();
	}
	*secs = now_s() - t0;
	return n;
}

/* open @count messages from the ring (each verified and decrypted);
 * returns how many failed, time in *secs */
static uint64_t open_loop(const struct as_opts *o, const uint8_t *key,
			  uint8_t (*ring)[AS_SIZE_MAX + 16], uint64_t count,
			  uint64_t sealed, double *secs)
{
	uint8_t nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
	static uint8_t pt[AS_SIZE_MAX];
	unsigned long long plen;
	uint64_t i, ctr, bad = 0;
	double t0;

	t0 = now_s();
	for (i = 0; i < count; i++) {
		/* the ring holds the last AS_RING sealed messages */
		ctr = sealed - AS_RING + i % AS_RING;
		nonce_set(nonce, ctr);
		if (crypto_aead_chacha20poly1305_ietf_decrypt(pt, &plen, NULL,
				ring[ctr % AS_RING], o->size + 16, as_hdr,
				sizeof(as_hdr), nonce, key))
			bad++;
	}
	*secs = now_s() - t0;
	return bad;
}

int main(int argc, char **argv)
{
	static uint8_t ring[AS_RING][AS_SIZE_MAX + 16];
	uint8_t key[crypto_aead_chacha20poly1305_ietf_KEYBYTES];
	double ts, to, mbit;
	struct as_opts o;
	uint64_t n, bad;

	if (parse_opts(&o, argc, argv)) {
		usage(stderr);
		return 2;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "aeadspeed: sodium_init failed\n");
		return 1;
	}
	crypto_aead_chacha20poly1305_ietf_keygen(key);
	n = seal_loop(&o, key, ring, &ts);
	if (n < AS_RING) {
		fprintf(stderr, "aeadspeed: only %llu messages sealed\n",
			(unsigned long long)n);
		return 1;
	}
	bad = open_loop(&o, key, ring, n, n, &to);
	mbit = 8.0 * o.size / 1e6;
	printf("size=%zu seal_msgs=%llu seal_s=%.3f seal_per_s=%.0f "
	       "seal_mbit_s=%.0f open_per_s=%.0f open_mbit_s=%.0f "
	       "open_rejected=%llu\n", o.size, (unsigned long long)n, ts,
	       n / ts, n / ts * mbit, n / to, n / to * mbit,
	       (unsigned long long)bad);
	sodium_memzero(key, sizeof(key));
	return 0;
}
