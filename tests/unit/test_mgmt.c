// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_mgmt.c - console command lookup and line checks (switchd/mgmt.c),
 * table-driven: vde_switch's prefix rule, menus, argument extraction.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt.h"

static void test_lookup(void **state)
{
	static const struct {
		const char *line;
		const char *path;	/* NULL: no command */
		const char *args;
	} rows[] = {
		{ "help", "help", "" },
		{ "help port", "help", "port" },
		{ "port/print 5", "port/print", "5" },
		{ "port/print\t  7", "port/print", "7" },
		{ "port/showinfoXYZ", "port/showinfo", "XYZ" },	/* prefix rule */
		{ "port/allprint", "port/allprint", "" },
		{ "port", NULL, NULL },			/* menus never match */
		{ "hash", NULL, NULL },
		{ "ds", NULL, NULL },
		{ "ds/showinfo", "ds/showinfo", "" },
		{ "foo", NULL, NULL },
		{ "", NULL, NULL },
		{ "load /etc/hostname", NULL, NULL },	/* not reproduced */
		{ "plugin/add /x.so", NULL, NULL },
		{ "plugin/list", NULL, NULL },
		{ "hash/find 02:00:00:00:00:01 10", "hash/find",
		  "02:00:00:00:00:01 10" },
		{ "vlan/create 10", "vlan/create", "10" },
		{ "counters", "counters", "" },
		{ "shutdownnow", "shutdown", "now" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *args = NULL;
		const struct mgmt_cmd *c = mgmt_lookup(mgmt_cmds, mgmt_ncmds,
						       rows[i].line, &args);

		print_message("  '%s'\n", rows[i].line);
		if (!rows[i].path) {
			assert_null(c);
			continue;
		}
		assert_non_null(c);
		assert_string_equal(c->path, rows[i].path);
		assert_string_equal(args, rows[i].args);
	}
}

static void test_flags(void **state)
{
	static const char *const admin[] = {
		"shutdown", "port/create", "port/remove", "port/setvlan",
		"port/setuser", "port/setgroup", "port/epclose",
		"port/setnumports", "port/sethub", "hash/setsize",
		"vlan/create", "vlan/addport", "port/resetcounter",
	};
	static const char *const readonly[] = {
		"help", "showinfo", "port/print", "port/allprint",
		"hash/print", "hash/find", "vlan/print", "debug/list",
		"logout", "port/counters", "counters", "stp/print",
		"stp/showinfo", "fstp/print", "fstp/showinfo",
	};
	const struct mgmt_cmd *c;
	const char *args;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(admin) / sizeof(admin[0]); i++) {
		c = mgmt_lookup(mgmt_cmds, mgmt_ncmds, admin[i], &args);
		assert_non_null(c);
		assert_true(c->flags & MC_ADMIN);
	}
	for (i = 0; i < sizeof(readonly) / sizeof(readonly[0]); i++) {
		c = mgmt_lookup(mgmt_cmds, mgmt_ncmds, readonly[i], &args);
		assert_non_null(c);
		assert_false(c->flags & MC_ADMIN);
	}
	for (i = 0; i < mgmt_ncmds; i++)
		assert_true((mgmt_cmds[i].flags & MC_MENU) || mgmt_cmds[i].fn);
}

/* Exactly the commands that change what state_dump() describes are
 * MC_CONFIG (each one saves the state record); all of them are admin */
static void test_config_flag(void **state)
{
	static const char *const config[] = {
		"port/setnumports", "port/sethub", "port/setvlan",
		"port/createauto", "port/create", "port/remove",
		"port/allocatable", "port/setuser", "port/setgroup",
		"vlan/create", "vlan/remove", "vlan/addport", "vlan/delport",
		"hash/setsize", "hash/setgcint", "hash/setexpire",
		"hash/setminper",
		"stp/enable", "stp/priority", "stp/portpriority", "stp/cost",
		"stp/edge", "stp/trunk", "stp/hello", "stp/maxage",
		"stp/fwddelay", "stp/forceversion", "stp/bridgemac",
		"fstp/setfstp",
		"fstp/setedge", "fstp/bonus",
	};
	size_t i, j, n = 0;

	(void)state;
	for (i = 0; i < mgmt_ncmds; i++) {
		const struct mgmt_cmd *c = &mgmt_cmds[i];
		bool want = false;

		for (j = 0; j < sizeof(config) / sizeof(config[0]); j++)
			want |= !strcmp(c->path, config[j]);
		print_message("  %s\n", c->path);
		assert_int_equal(!!(c->flags & MC_CONFIG), want);
		if (want)
			assert_true(c->flags & MC_ADMIN);
		n += want;
	}
	assert_int_equal(n, sizeof(config) / sizeof(config[0]));
}

static void test_line_check(void **state)
{
	static const struct {
		const char *line;
		size_t len;
		int err;
	} rows[] = {
		{ "port/print", 10, 0 },
		{ "port/print\t5", 12, 0 },
		{ "a\0b", 3, 22 },
		{ "a\x01", 2, 22 },
		{ "\x1b[2J", 4, 22 },
		{ "x\x7f", 2, 22 },
		{ "caf\xc3\xa9", 5, 0 },
		{ "", 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(mgmt_line_check(rows[i].line, rows[i].len),
				 rows[i].err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_config_flag),
		cmocka_unit_test(test_line_check),
	};

	return cmocka_run_group_tests_name("mgmt", tests, NULL, NULL);
}
