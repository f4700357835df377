// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_util.c - mac_parse() (lib/util.h), which replaced sscanf("%x")
 * in vde-switchd's --macaddr and the console's MAC arguments: sscanf
 * took "+1", " 1", "0x1" and "1000000001" (truncated to 0x01) as bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

struct mac_case {
	const char *in;
	char sep;
	int ret;
	uint8_t want[6];
};

static const struct mac_case mac_cases[] = {
	{ "02:00:00:00:00:a1", ':', 0, { 2, 0, 0, 0, 0, 0xa1 } },
	{ "2:0:0:0:0:A1", ':', 0, { 2, 0, 0, 0, 0, 0xa1 } },
	{ "ff.ee.dd.cc.bb.aa", '.', 0, { 0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa } },
	{ "02:00:00:00:00", ':', -1, { 0 } },		/* five bytes */
	{ "02:00:00:00:00:a1:", ':', -1, { 0 } },	/* trailing sep */
	{ "02:00:00:00:00:a1 ", ':', -1, { 0 } },	/* trailing blank */
	{ " 02:00:00:00:00:a1", ':', -1, { 0 } },	/* leading blank */
	{ "02:00:00:00:00:1a1", ':', -1, { 0 } },	/* three digits */
	{ "1000000001:0:0:0:0:1", ':', -1, { 0 } },	/* sscanf: 0x01 */
	{ "+2:0:0:0:0:1", ':', -1, { 0 } },		/* sign */
	{ "-0:0:0:0:0:1", ':', -1, { 0 } },
	{ "0x2:0:0:0:0:1", ':', -1, { 0 } },		/* prefix */
	{ "02::00:00:00:a1", ':', -1, { 0 } },		/* empty byte */
	{ "02:00:00:00:00:g1", ':', -1, { 0 } },	/* not hex */
	{ "02.00.00.00.00.a1", ':', -1, { 0 } },	/* other separator */
	{ "02:00.00:00:00:a1", '.', -1, { 0 } },	/* mixed */
	{ "", ':', -1, { 0 } },
};

static void test_mac_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(mac_cases); i++) {
		const struct mac_case *c = &mac_cases[i];
		uint8_t mac[6] = { 9, 9, 9, 9, 9, 9 };
		const uint8_t untouched[6] = { 9, 9, 9, 9, 9, 9 };

		print_message("'%s'\n", c->in);
		assert_int_equal(mac_parse(c->in, c->sep, mac), c->ret);
		assert_memory_equal(mac, c->ret ? untouched : c->want, 6);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mac_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
