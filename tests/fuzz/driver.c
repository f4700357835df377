// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * driver.c - main() for fuzz targets in builds without libFuzzer.
 *
 *   fuzz-NAME CORPUS_DIR|FILE [ITERATIONS [SEED]]
 *
 * Runs the target over every file of the seed corpus (and, for small
 * files, over every prefix of each), then over ITERATIONS (default 20000)
 * pseudo-random mutations of them: bit flips, interesting bytes and
 * words, insertions, deletions, truncations, block copies and splices of
 * two seeds.  Each input sits right before an inaccessible page, so an
 * over-read by a single byte crashes even without ASan.  The generator is
 * seeded with a constant, so a run is reproducible; a crash or an abort()
 * in the target leaves the input that caused it in ./fuzz_NAME-crash.bin,
 * which the same program (or the libFuzzer build) replays when given that
 * file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

enum {
	DRV_INPUT_MAX	= 1 << 16,
	DRV_SEEDS_MAX	= 1024,
	DRV_PREFIX_MAX	= 512,	/* replay every prefix of seeds this small */
};

struct seed {
	uint8_t *data;
	size_t len;
};

static struct seed seeds[DRV_SEEDS_MAX];
static size_t nseeds;
static uint8_t cur[DRV_INPUT_MAX];	/* the input being run */
static volatile size_t cur_len;
static uint64_t rng = 0x6a09e667f3bcc908ull;

static uint64_t rnd64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t rnd(size_t n)
{
	return n ? (size_t)(rnd64() % n) : 0;
}

static char crash_path[4096];		/* absolute, set up in main() */
static char crash_msg[8400];

/* On a crash, leave the input behind (async-signal-safe calls only) */
static void on_fatal(int sig)
{
	int fd = open(crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		if (write(fd, cur, cur_len) == (ssize_t)cur_len &&
		    write(STDERR_FILENO, crash_msg, strlen(crash_msg)) < 0) {
			/* nothing more to do */
		}
		close(fd);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void crash_setup(const char *argv0)
{
	const char *base = strrchr(argv0, '/');
	char cwd[2048];

	base = base ? base + 1 : argv0;
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, ".");
	snprintf(crash_path, sizeof(crash_path), "%s/%s-crash.bin", cwd,
		 base);
	snprintf(crash_msg, sizeof(crash_msg),
		 "fuzz driver: the input that crashed is in %s\n"
		 "reproduce with: %s %s\n", crash_path, argv0, crash_path);
}

/*
 * The target sees its input at the very end of a readable mapping that is
 * followed by an inaccessible page, so reading even one byte past the
 * length it was given faults, with or without a sanitizer.
 */
static uint8_t *guard_end;

static void guard_init(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = (DRV_INPUT_MAX + page - 1) / page * page;
	uint8_t *m = mmap(NULL, size + page, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED || mprotect(m + size, page, PROT_NONE)) {
		perror("mmap");
		exit(2);
	}
	guard_end = m + size;
}

static void run(const uint8_t *data, size_t len)
{
	uint8_t *in = guard_end - len;

	if (data != cur)
		memcpy(cur, data, len);
	cur_len = len;
	memcpy(in, data, len);
	LLVMFuzzerTestOneInput(in, len);
}

static int load_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct seed *s;
	size_t n;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (nseeds == DRV_SEEDS_MAX) {
		fclose(f);
		return 0;
	}
	s = &seeds[nseeds];
	s->data = malloc(DRV_INPUT_MAX);
	if (!s->data) {
		fclose(f);
		return -1;
	}
	n = fread(s->data, 1, DRV_INPUT_MAX, f);
	fclose(f);
	s->len = n;
	nseeds++;
	return 0;
}

static int load(const char *path)
{
	struct stat st;
	struct dirent *de;
	char buf[4096];
	DIR *d;
	int ret = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(buf, sizeof(buf), "%s/%s", path, de->d_name);
		if (stat(buf, &st) || !S_ISREG(st.st_mode))
			continue;
		if (load_file(buf))
			ret = -1;
	}
	closedir(d);
	return ret;
}

static const uint8_t interesting8[] = {
	0x00, 0x01, 0x02, 0x03, 0x0a, 0x1f, 0x20, 0x2f, 0x7e, 0x7f, 0x80,
	0x81, 0xfe, 0xff,
};

static const uint32_t interesting32[] = {
	0, 1, 2, 3, 4, 0x100, 0x500, 0xff, 0x7fffff00, 0x80000000,
	0xffffffff, 0xfeedface, 0xcefaedfe, 0x0a000081, 0x00000081,
	0x0fff0081,
};

/* Apply one random mutation to cur[0..*len) */
static void mutate_once(size_t *len)
{
	size_t n = *len, off, k;
	const struct seed *o;

	switch (rnd(10)) {
	case 0:				/* flip a bit */
		if (n)
			cur[rnd(n)] ^= (uint8_t)(1u << rnd(8));
		break;
	case 1:				/* random byte */
		if (n)
			cur[rnd(n)] = (uint8_t)rnd64();
		break;
	case 2:				/* interesting byte */
		if (n)
			cur[rnd(n)] = interesting8[rnd(sizeof(interesting8))];
		break;
	case 3:				/* interesting 32-bit word */
		if (n >= 4) {
			uint32_t w = interesting32[rnd(
				sizeof(interesting32) / sizeof(uint32_t))];

			memcpy(cur + rnd(n - 3), &w, 4);
		}
		break;
	case 4:				/* insert random bytes */
		k = 1 + rnd(16);
		if (n + k <= DRV_INPUT_MAX) {
			size_t j;

			off = rnd(n + 1);
			for (j = n; j > off; j--)
				cur[j - 1 + k] = cur[j - 1];
			for (; k; k--, n++)
				cur[off + k - 1] = (uint8_t)rnd64();
		}
		break;
	case 5:				/* delete a range */
		if (n) {
			off = rnd(n);
			k = 1 + rnd(MIN(n - off, (size_t)32));
			memmove(cur + off, cur + off + k, n - off - k);
			n -= k;
		}
		break;
	case 6:				/* truncate */
		n = rnd(n + 1);
		break;
	case 7:				/* copy a block inside */
		if (n > 1) {
			size_t from = rnd(n), to = rnd(n);

			k = 1 + rnd(MIN(n - MAX(from, to), (size_t)64));
			memmove(cur + to, cur + from, k);
		}
		break;
	case 8:				/* splice another seed in */
		o = &seeds[rnd(nseeds)];
		if (o->len) {
			off = rnd(o->len);
			k = MIN(o->len - off, (size_t)DRV_INPUT_MAX - n);
			k = rnd(k + 1);
			memcpy(cur + n, o->data + off, k);
			n += k;
		}
		break;
	default:			/* overwrite a run with one value */
		if (n) {
			off = rnd(n);
			k = 1 + rnd(MIN(n - off, (size_t)16));
			memset(cur + off, (int)interesting8[rnd(
				sizeof(interesting8))], k);
		}
		break;
	}
	*len = n;
}

int main(int argc, char **argv)
{
	unsigned long iterations = 20000, i, runs = 0;
	size_t s, len, m;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR|FILE [ITERATIONS "
			"[SEED]]\n", argv[0]);
		return 2;
	}
	if (argc > 2)
		iterations = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		rng ^= strtoull(argv[3], NULL, 0) * 0x9e3779b97f4a7c15ull;
	crash_setup(argv[0]);
	signal(SIGSEGV, on_fatal);
	signal(SIGABRT, on_fatal);
	signal(SIGBUS, on_fatal);
	signal(SIGFPE, on_fatal);
	signal(SIGILL, on_fatal);
	signal(SIGPIPE, SIG_IGN);
	guard_init();

	if (load(argv[1]) || !nseeds) {
		fprintf(stderr, "%s: no seed inputs\n", argv[1]);
		return 2;
	}
	for (s = 0; s < nseeds; s++) {
		run(seeds[s].data, seeds[s].len);
		runs++;
		if (seeds[s].len > DRV_PREFIX_MAX)
			continue;
		for (len = 0; len < seeds[s].len; len++, runs++)
			run(seeds[s].data, len);
	}
	for (i = 0; i < iterations; i++, runs++) {
		const struct seed *sd = &seeds[rnd(nseeds)];

		len = sd->len;
		memcpy(cur, sd->data, len);
		for (m = 1 + rnd(4); m; m--)
			mutate_once(&len);
		run(cur, len);
	}
	printf("%s: %zu seeds, %lu inputs, no invariant broken\n", argv[0],
	       nseeds, runs);
	return 0;
}
