// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * floodgen.c - a hostile VDE client for the load and fault tests, built
 * on Debian's libvdeplug so that it attaches as any client would.
 *
 *   floodgen mac URL COUNT DSTMAC   COUNT frames of 60 bytes to DSTMAC,
 *                                   each from a new random unicast source
 *                                   MAC (a MAC table flood)
 *   floodgen junk URL COUNT         COUNT datagrams of 0..1600 random
 *                                   bytes (runts, bad lengths, garbage
 *                                   headers), as fast as they go
 *
 * Sends blocking, so the switch paces it; prints one line
 * "mode=M sent=N failed=F seconds=S rate=R" and exits 0 if every send
 * succeeded (junk: if the switch kept the connection).  With FLOODGEN_HOLD
 * set to N it then stays attached N seconds (or until killed), so that
 * the switch's table can be read while the flooding port is still there.  The generator is
 * xorshift64 with a fixed seed: runs are reproducible.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libvdeplug.h>

enum {
	FG_FRAME = 60,		/* minimum Ethernet frame without FCS */
	FG_JUNK_MAX = 1600,	/* a little over a standard frame */
	FG_MAC = 6,
	FG_ETHERTYPE = 0x88b5,	/* IEEE local experimental */
};

static uint64_t fg_state = 0x9e3779b97f4a7c15ull;

static uint64_t fg_rand(void)
{
	fg_state ^= fg_state << 13;
	fg_state ^= fg_state >> 7;
	fg_state ^= fg_state << 17;
	return fg_state;
}

static int fg_mac(const char *s, uint8_t *mac)
{
	unsigned int b[FG_MAC];
	char tail;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &tail) != FG_MAC)
		return -1;
	for (i = 0; i < FG_MAC; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = (uint8_t)b[i];
	}
	return 0;
}

static double fg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint8_t f[FG_JUNK_MAX], dst[FG_MAC];
	unsigned long long n, i, sent = 0, failed = 0;
	const char *hold = getenv("FLOODGEN_HOLD");
	bool junk;
	double t0, dt;
	VDECONN *c;

	if (argc < 4 || (strcmp(argv[1], "mac") && strcmp(argv[1], "junk")) ||
	    (!strcmp(argv[1], "mac") && (argc != 5 || fg_mac(argv[4], dst)))) {
		fprintf(stderr, "usage: floodgen mac URL COUNT DSTMAC\n"
				"       floodgen junk URL COUNT\n");
		return 2;
	}
	junk = !strcmp(argv[1], "junk");
	n = strtoull(argv[3], NULL, 10);
	c = vde_open(argv[2], "floodgen", NULL);
	if (!c) {
		fprintf(stderr, "floodgen: vde_open %s: %s\n", argv[2],
			strerror(errno));
		return 1;
	}
	memset(f, 0, sizeof(f));
	t0 = fg_now();
	for (i = 0; i < n; i++) {
		uint64_t r = fg_rand();
		size_t len = FG_FRAME;

		if (junk) {
			size_t k;

			len = (size_t)(r % (FG_JUNK_MAX + 1));
			for (k = 0; k < len; k += 8) {
				r = fg_rand();
				memcpy(f + k, &r, len - k < 8 ? len - k : 8);
			}
		} else {
			memcpy(f, dst, FG_MAC);
			memcpy(f + FG_MAC, &r, FG_MAC);
			f[FG_MAC] = (uint8_t)((f[FG_MAC] & 0xfc) | 0x02);
			f[12] = FG_ETHERTYPE >> 8;
			f[13] = FG_ETHERTYPE & 0xff;
		}
		if (vde_send(c, f, len, 0) == (ssize_t)len) {
			sent++;
		} else if (len) {
			failed++;
			if (!junk || errno != EMSGSIZE)
				break;
		}
	}
	dt = fg_now() - t0;
	printf("mode=%s sent=%llu failed=%llu seconds=%.3f rate=%.0f\n",
	       argv[1], sent, failed, dt, dt > 0 ? (double)sent / dt : 0.0);
	fflush(stdout);
	if (hold)
		sleep((unsigned int)strtoul(hold, NULL, 10));
	vde_close(c);
	return failed ? 1 : 0;
}
