// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * fuzz_mgmt.c - the management console: line buffering, command lookup,
 * argument parsing and every command handler, fed arbitrary bytes.
 *
 * The first input byte chooses admin/read-only and prompts; the rest is
 * written to a real session (a socketpair) in chunks whose sizes come from
 * the input, then run again as an rc script.  Invariants: no crash, the
 * answer never contains a NUL, every line of a session gets at most one
 * result, and the switch keeps its port table consistent.
 */
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sodium.h>

#include "fuzz.h"
#include "log.h"
#include "mgmt.h"
#include "switchd.h"
#include "fuzz_sw.h"

static struct sw sw;

static void fz_init(void)
{
	fz_switch_init(&sw);
}

static size_t fz_drain(int fd)
{
	char buf[65536];
	size_t total = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		FUZZ_CHECK(!memchr(buf, '\0', n));
		total += n;
	}
	return total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msess *s;
	size_t off = 1, chunk;
	uint32_t i;
	int sp[2];

	fz_init();
	if (size < 1 || size > 65536)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
		       sp))
		abort();
	s = mgmt_session_open(&sw, sp[0], sp[0], 1000, data[0] & 1,
			      data[0] & 2);
	FUZZ_CHECK(s != NULL);
	while (off < size && !sw.quit) {
		chunk = 1 + data[off - 1] % 200;
		if (chunk > size - off)
			chunk = size - off;
		if (write(sp[1], data + off, chunk) != (ssize_t)chunk)
			abort();
		off += chunk;
		mgmt_event(&sw, s, EPOLLIN);
		fz_drain(sp[1]);
		mgmt_reap(&sw);
		/* a closed (logout) session is gone: stop feeding it */
		if (!sw.sessions)
			break;
	}
	mgmt_close_all(&sw);
	fz_drain(sp[1]);
	close(sp[0]);
	close(sp[1]);
	sw.quit = false;

	/* the same bytes as a start-up script (admin, output discarded) */
	mgmt_run_script(&sw, (const char *)data + 1, size - 1);
	sw.quit = false;

	FUZZ_CHECK(sw.nports == sw.cfg.numports + 1);
	for (i = 0; i < sw.nports; i++)
		FUZZ_CHECK(!sw.ports[i].nep);
	return 0;
}
