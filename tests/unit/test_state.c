// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_state.c - the runtime configuration record (switchd/state.c):
 * configuration made through the console on one switch, saved into a
 * memfd, is found again by a second switch started on the same memfd
 * (vde-privd hands every incarnation the same one); damaged, truncated,
 * empty and foreign records are refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "mgmt.h"
#include "state.h"
#include "sw_harness.h"

enum { OUT = 1 << 16 };

/* Commands that change every kind of configuration kept */
static const char *const changes[] = {
	"vlan/create 10",
	"vlan/create 20",
	"vlan/create 30",
	"vlan/remove 30",
	"port/create 6",
	"port/setvlan 6 10",
	"vlan/addport 20 6",
	"vlan/addport 10 2",
	"port/setuser 6 1000",
	"port/setgroup 6 100",
	"port/setvlan 1 20",
	"port/create 7",
	"port/allocatable 7 1",
	"port/setvlan 7 4095",
	"port/sethub 0",
	"hash/setexpire 200",
	"hash/setminper 7",
	"hash/setgcint 9",
	"port/setnumports 12",
	"port/create 11",
};

/* What the two switches are compared on */
static const char *const views[] = {
	"port/allprint", "vlan/allprint", "port/showinfo", "hash/showinfo",
};

static int memfd_new(size_t size)
{
	int fd = memfd_create("vde-state-test", MFD_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)size), 0);
	return fd;
}

static struct harness *sw_new(void)
{
	void *h = NULL;

	assert_int_equal(harness_setup(&h), 0);
	return h;
}

static void sw_del(struct harness *h)
{
	void *p = h;

	harness_teardown(&p);
}

/* The console's answer to @cmd, without the lines that differ between two
 * switches whatever their configuration (endpoint IDs are descriptors) */
static void view(struct sw *sw, const char *cmd, char *out)
{
	char raw[OUT], *line, *save = NULL;

	harness_mgmt(sw, cmd, raw, sizeof(raw));
	out[0] = '\0';
	for (line = strtok_r(raw, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "endpoint ID"))
			continue;
		strcat(out, line);
		strcat(out, "\n");
	}
}

static void run(struct sw *sw, const char *cmd)
{
	char out[OUT];

	harness_mgmt(sw, cmd, out, sizeof(out));
	if (!strstr(out, "1000 Success"))
		print_message("%s: %s\n", cmd, out);
	assert_non_null(strstr(out, "1000 Success"));
}

static void expect_same(struct sw *a, struct sw *b)
{
	static char va[OUT], vb[OUT];
	size_t i;

	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		view(a, views[i], va);
		view(b, views[i], vb);
		assert_string_equal(va, vb);
	}
}

static void expect_default(struct sw *b)
{
	struct harness *fresh = sw_new();

	expect_same(&fresh->sw, b);
	sw_del(fresh);
}

/* Configure switch A through the console, with the memfd attached */
static struct harness *configured(int fd)
{
	struct harness *a = sw_new();
	size_t i;

	assert_int_equal(state_attach(&a->sw, fd), 0);
	for (i = 0; i < sizeof(changes) / sizeof(changes[0]); i++)
		run(&a->sw, changes[i]);
	return a;
}

static void test_roundtrip(void **state)
{
	int fd = memfd_new(STATE_MEMFD_SIZE);
	struct harness *a = configured(fd), *b = sw_new();
	char out[OUT];
	uint64_t seq = a->sw.state_seq;

	(void)state;
	/* one record per change; read-only commands write nothing */
	assert_int_equal(seq, sizeof(changes) / sizeof(changes[0]));
	harness_mgmt(&a->sw, "port/allprint", out, sizeof(out));
	harness_mgmt(&a->sw, "port/setvlan 6 99", out, sizeof(out));
	assert_non_null(strstr(out, "1006"));	/* failed: no VLAN 99 */
	assert_int_equal(a->sw.state_seq, seq);

	assert_true(state_attach(&b->sw, fd) > 0);
	assert_int_equal(b->sw.state_seq, seq);
	expect_same(&a->sw, &b->sw);
	assert_int_equal(b->sw.cfg.numports, 12);
	assert_int_equal(b->sw.ports[6].acl_uid, 1000);

	/* the second switch goes on saving where the first stopped */
	run(&b->sw, "vlan/create 40");
	assert_int_equal(b->sw.state_seq, seq + 1);
	sw_del(a);
	a = sw_new();
	assert_true(state_attach(&a->sw, fd) > 0);
	expect_same(&a->sw, &b->sw);
	sw_del(a);
	sw_del(b);
	close(fd);
}

/* Returns the offset of the newest record's header */
static size_t newest(struct sw *sw)
{
	return (size_t)sw->state_slot * STATE_SLOT_SIZE;
}

static void test_corrupt_byte(void **state)
{
	int fd = memfd_new(STATE_MEMFD_SIZE);
	struct harness *a = sw_new(), *b;
	struct state_hdr h;
	size_t i, off;
	uint8_t byte;

	(void)state;
	assert_int_equal(state_attach(&a->sw, fd), 0);
	run(&a->sw, "vlan/create 10");
	run(&a->sw, "port/create 6");
	run(&a->sw, "port/setvlan 6 10");
	/* one record in each slot now; spoil every region of the newest,
	 * in turn: the older record (without port/setvlan) must be used */
	off = newest(&a->sw);
	assert_int_equal(pread(fd, &h, sizeof(h), (off_t)off), sizeof(h));
	for (i = 0; i < sizeof(h) + h.len; i += 7) {
		assert_int_equal(pread(fd, &byte, 1, (off_t)(off + i)), 1);
		byte ^= 0x20;
		assert_int_equal(pwrite(fd, &byte, 1, (off_t)(off + i)), 1);
		b = sw_new();
		assert_true(state_attach(&b->sw, fd) > 0);
		assert_true(b->sw.ports[6].exists);
		assert_int_equal(b->sw.ports[6].vlan, 0);
		sw_del(b);
		byte ^= 0x20;
		assert_int_equal(pwrite(fd, &byte, 1, (off_t)(off + i)), 1);
	}
	/* with both slots damaged nothing is applied */
	byte = 0xff;
	assert_int_equal(pwrite(fd, &byte, 1, sizeof(h) + 2), 1);
	assert_int_equal(pwrite(fd, &byte, 1, STATE_SLOT_SIZE + sizeof(h) + 2),
			 1);
	b = sw_new();
	assert_int_equal(state_attach(&b->sw, fd), -EBADMSG);
	expect_default(&b->sw);
	sw_del(b);
	sw_del(a);
	close(fd);
}

static void test_truncated(void **state)
{
	int fd = memfd_new(STATE_MEMFD_SIZE);
	struct harness *a = sw_new(), *b;
	struct state_hdr h;

	(void)state;
	assert_int_equal(state_attach(&a->sw, fd), 0);
	run(&a->sw, "vlan/create 10");
	assert_int_equal(a->sw.state_slot, 0);
	assert_int_equal(pread(fd, &h, sizeof(h), 0), sizeof(h));
	/* one slot left, ending before the body does */
	assert_int_equal(ftruncate(fd, (off_t)(sizeof(h) + h.len - 1)), 0);
	b = sw_new();
	assert_int_equal(state_attach(&b->sw, fd), -EBADMSG);
	expect_default(&b->sw);
	sw_del(b);
	/* header cut short: as if never written */
	assert_int_equal(ftruncate(fd, (off_t)(sizeof(h) - 1)), 0);
	b = sw_new();
	assert_int_equal(state_attach(&b->sw, fd), 0);
	sw_del(b);
	sw_del(a);
	close(fd);
}

static void test_empty(void **state)
{
	static const size_t sizes[] = { 0, 10, STATE_MEMFD_SIZE, 4096 };
	struct harness *b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int fd = memfd_new(sizes[i]);

		b = sw_new();
		assert_int_equal(state_attach(&b->sw, fd), 0);
		expect_default(&b->sw);
		/* a small memfd keeps one record; a tiny one none */
		run(&b->sw, "vlan/create 10");
		assert_int_equal(b->sw.state_have,
				 sizes[i] >= sizeof(struct state_hdr) + 20);
		sw_del(b);
		close(fd);
	}
}

/* A record the switch did not write: valid checksum, but commands that
 * change no configuration (or do not exist) are not run */
static void test_only_config_commands(void **state)
{
	static const char body[] =
		"vlan/create 10\nshutdown\nport/epclose 1 5\nload /etc/passwd\n"
		"port/create 6\nport/setvlan 6 10\n";
	int fd = memfd_new(STATE_MEMFD_SIZE);
	struct harness *b = sw_new();
	crypto_generichash_state st;
	struct state_hdr h;

	(void)state;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, STATE_MAGIC, 8);
	h.version = STATE_VERSION;
	h.len = sizeof(body) - 1;
	h.seq = 1;
	crypto_generichash_init(&st, NULL, 0, STATE_HASH_LEN);
	crypto_generichash_update(&st, (const uint8_t *)&h,
				  offsetof(struct state_hdr, hash));
	crypto_generichash_update(&st, (const uint8_t *)body, h.len);
	crypto_generichash_final(&st, h.hash, STATE_HASH_LEN);
	assert_int_equal(pwrite(fd, &h, sizeof(h), 0), sizeof(h));
	assert_int_equal(pwrite(fd, body, h.len, sizeof(h)), h.len);
	assert_int_equal(state_attach(&b->sw, fd), 3);
	assert_false(b->sw.quit);
	assert_non_null(b->ep[1]);
	assert_false(b->ep[1]->dead);
	assert_int_equal(b->sw.ports[6].vlan, 10);
	/* another version is not read */
	h.version = 2;
	assert_int_equal(pwrite(fd, &h, sizeof(h), 0), sizeof(h));
	sw_del(b);
	b = sw_new();
	assert_int_equal(state_attach(&b->sw, fd), -EBADMSG);
	sw_del(b);
	close(fd);
}

/* A tap port the start-up configuration made already exists when the
 * record is applied: its saved VLAN wins */
static void test_existing_port(void **state)
{
	int fd = memfd_new(STATE_MEMFD_SIZE);
	struct harness *a = configured(fd), *b = sw_new();

	(void)state;
	port_get(&b->sw, 6)->allocatable = false;
	b->sw.ports[6].vlan = 0;
	b->sw.vlans[1] |= 1u << 2;	/* VLAN 10 */
	assert_true(state_attach(&b->sw, fd) > 0);
	expect_same(&a->sw, &b->sw);
	sw_del(a);
	sw_del(b);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_corrupt_byte),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_only_config_commands),
		cmocka_unit_test(test_existing_port),
	};

	return cmocka_run_group_tests_name("state", tests,
					   harness_group_setup, NULL);
}
