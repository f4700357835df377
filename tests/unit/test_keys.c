// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_keys.c - unit tests of key text and key files (cable/keys.c).
 *
 * - RFC 7748 section 6.1 (Alice's keys) through genkey's format: the
 *   base64 text as Python's base64 module writes it, pubkey of the
 *   private key.
 * - A table of refused key texts: wrong length, no padding, characters
 *   outside the alphabet, URL-safe characters, whitespace, non-canonical
 *   trailing bits.  The output is left untouched.
 * - genkey clamps; pubkey refuses nothing a genkey key can be.
 * - Key files: 0600 and 0400 accepted (newline optional); group or world
 *   access, special bits, another owner, a symlink, a directory, a
 *   missing file and bad contents refused, each with its reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "keys.h"

#define ALICE_PRIV	"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo="
#define ALICE_PUB	"hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo="

/* 44 bytes: "d", twelve 0xff, then base64 text (one literal: clang's
 * -Wstring-concatenation dislikes a split one in an array) */
#define HIGH_BYTES_ROW \
	"d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffsFyUbJmRd9MLJkqsXf7pRf7pR25LCo="

static void test_rfc7748(void **state)
{
	uint8_t priv[32], pub[32], want[32];
	char txt[KEYS_B64_LEN + 1];
	size_t n;

	(void)state;
	assert_int_equal(keys_from_base64(priv, ALICE_PRIV, 44), 0);
	assert_int_equal(sodium_hex2bin(want, 32, "77076d0a7318a57d3c16c172"
					"51b26645df4c2f87ebc0992ab177fba51db92c2a",
					64, NULL, &n, NULL), 0);
	assert_memory_equal(priv, want, 32);
	assert_int_equal(keys_pubkey(pub, priv), 0);
	keys_to_base64(txt, pub);
	assert_string_equal(txt, ALICE_PUB);
	keys_to_base64(txt, priv);
	assert_string_equal(txt, ALICE_PRIV);
}

static void test_base64_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo",	/* 43 */
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo==",	/* 45 */
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCoA",	/* no = */
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCp=",	/* bits */
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LC==",	/* 31 B */
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L-o=",	/* url */
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L_o=",
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L o=",
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L\no=",
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L\0o=",
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L!o=",
		"============================================",
		/* found by fuzz_keys: libsodium 1.0.18 decodes these */
		HIGH_BYTES_ROW,
		"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25L\x80o=",
	};
	uint8_t key[32], before[32];
	size_t i;

	(void)state;
	memset(key, 0x33, sizeof(key));
	memcpy(before, key, 32);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		/* the NUL row is 44 bytes with a NUL inside */
		size_t len = i == 10 ? 44 : strlen(bad[i]);

		if (keys_from_base64(key, bad[i], len) != -EINVAL)
			fail_msg("row %zu accepted", i);
		assert_memory_equal(key, before, 32);
	}
	/* not NUL-terminated: only the 44 bytes given count */
	assert_int_equal(keys_from_base64(key, ALICE_PRIV "junk", 44), 0);
}

static void test_genkey(void **state)
{
	uint8_t priv[32], pub[32], pub2[32], back[32];
	char txt[KEYS_B64_LEN + 1];
	int i;

	(void)state;
	for (i = 0; i < 64; i++) {
		keys_genkey(priv);
		assert_int_equal(priv[0] & 7, 0);
		assert_int_equal(priv[31] & 0xc0, 0x40);
		assert_int_equal(keys_pubkey(pub, priv), 0);
		assert_int_equal(crypto_scalarmult_base(pub2, priv), 0);
		assert_memory_equal(pub, pub2, 32);
		keys_to_base64(txt, priv);
		assert_int_equal(strlen(txt), 44);
		assert_int_equal(keys_from_base64(back, txt, 44), 0);
		assert_memory_equal(back, priv, 32);
	}
}

static char dir[] = "/tmp/test_keys.XXXXXX";

static void put(const char *name, const char *text, mode_t mode)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

struct file_case {
	const char *name;
	const char *text;
	mode_t mode;
	int rc;
	const char *why;	/* substring of the reason */
};

static const struct file_case files[] = {
	{ "ok-600", ALICE_PRIV "\n", 0600, 0, NULL },
	{ "ok-400", ALICE_PRIV, 0400, 0, NULL },
	{ "m644", ALICE_PRIV "\n", 0644, -EPERM, "mode 0644" },
	{ "m640", ALICE_PRIV "\n", 0640, -EPERM, "mode 0640" },
	{ "m604", ALICE_PRIV "\n", 0604, -EPERM, "mode 0604" },
	{ "m700", ALICE_PRIV "\n", 0700, -EPERM, "mode 0700" },
	{ "m4600", ALICE_PRIV "\n", 04600, -EPERM, "mode 4600" },
	{ "two-nl", ALICE_PRIV "\n\n", 0600, -EINVAL, "not a base64" },
	{ "crlf", ALICE_PRIV "\r\n", 0600, -EINVAL, "not a base64" },
	{ "short", "abc\n", 0600, -EINVAL, "not a base64" },
	{ "empty", "", 0600, -EINVAL, "not a base64" },
	{ "pub+x", ALICE_PUB "x", 0600, -EINVAL, "not a base64" },
};

static void test_load_private(void **state)
{
	char path[128], why[KEYS_WHY_LEN], link[128];
	uint8_t key[32], alice[32];
	size_t i;
	int rc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(keys_from_base64(alice, ALICE_PRIV, 44), 0);
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		const struct file_case *c = &files[i];

		put(c->name, c->text, c->mode);
		snprintf(path, sizeof(path), "%s/%s", dir, c->name);
		memset(key, 0, sizeof(key));
		why[0] = 0;
		rc = keys_load_private(path, key, why, sizeof(why));
		if (rc != c->rc)
			fail_msg("%s: rc %d (%s), want %d", c->name, rc, why,
				 c->rc);
		if (rc) {
			assert_non_null(strstr(why, c->why));
			assert_true(sodium_is_zero(key, 32));
		} else {
			assert_memory_equal(key, alice, 32);
		}
	}
	/* a symlink to a good file, a directory, nothing */
	snprintf(path, sizeof(path), "%s/ok-600", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(keys_load_private(link, key, why, sizeof(why)),
			 -ELOOP);
	assert_non_null(strstr(why, "cannot open"));
	assert_int_equal(keys_load_private(dir, key, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "not a regular file");
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(keys_load_private(path, key, why, sizeof(why)),
			 -ENOENT);
	/* another owner: only root can make such a file here */
	if (geteuid() == 0) {
		snprintf(path, sizeof(path), "%s/ok-600", dir);
		assert_int_equal(chown(path, 65534, 65534), 0);
		assert_int_equal(keys_load_private(path, key, why,
						   sizeof(why)), -EPERM);
		assert_non_null(strstr(why, "owned by uid 65534"));
	}
}

static int cleanup(void **state)
{
	char cmd[160];

	(void)state;
	if (strchr(dir, 'X'))
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc7748),
		cmocka_unit_test(test_base64_refused),
		cmocka_unit_test(test_genkey),
		cmocka_unit_test_teardown(test_load_private, cleanup),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
