// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * test_policy.c - unit tests of the policy.conf language (policy/).
 *
 * Tables, each row a sentence of man/policy.conf.5:
 * - errors: a snippet and the file:line:col and message it must give;
 * - valid files: a snippet and the canonical form it must give (which
 *   shows every parsed field), plus checks of single fields;
 * - decisions: a policy, a question, and the expected answer (permit,
 *   deny by a rule, default deny) with the line of the deciding rule;
 * - round trips: every valid snippet, written, parses back equal and
 *   writes again byte for byte.
 * Names resolve through a fake resolver and includes come from a table
 * of in-memory files.  Generated texts cover the limits (line, word,
 * switches, taps, rules, includes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"

/* Accounts of the fake host */
static const struct account {
	const char *name;
	bool group;
	uint32_t id, gid;
} accounts[] = {
	{ "root", false, 0, 0 },	{ "_vde", false, 107, 113 },
	{ "alice", false, 1000, 1000 },	{ "bob", false, 1001, 1001 },
	{ "carol", false, 1002, 1002 },	{ "mallory", false, 1003, 1003 },
	{ "dave", false, 1004, 110 },	{ "uid", false, 1005, 1005 },
	{ "kvm", true, 110, 0 },	{ "netadm", true, 120, 0 },
	{ "guests", true, 130, 0 },	{ "wheel", true, 10, 0 },
};

static int fake_resolve(void *ctx, bool group, const char *name,
			uint32_t *id, uint32_t *gid)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < ARRAY_SIZE(accounts); i++) {
		if (accounts[i].group != group ||
		    strcmp(accounts[i].name, name))
			continue;
		*id = accounts[i].id;
		if (gid)
			*gid = accounts[i].gid;
		return 0;
	}
	return -1;
}

/* Included files */
static const struct file {
	const char *path;
	const char *text;
} files[] = {
	{ "/inc/rules.conf", "# tenants\npermit user alice switch any\n" },
	{ "/inc/bad.conf", "# tenants\npermit user alcie\n" },
	{ "/inc/sw.conf", "switch inc {\n\tdir /run/vde/inc\n}\n" },
	{ "/inc/loop1.conf", "include \"/inc/loop2.conf\"\n" },
	{ "/inc/loop2.conf", "\n\ninclude \"/inc/loop1.conf\"\n" },
	{ "/inc/d1.conf", "include \"/inc/d2.conf\"\n" },
	{ "/inc/d2.conf", "include \"/inc/d3.conf\"\n" },
	{ "/inc/d3.conf", "include \"/inc/d4.conf\"\n" },
	{ "/inc/d4.conf", "include \"/inc/d5.conf\"\n" },
	{ "/inc/d5.conf", "include \"/inc/d6.conf\"\n" },
	{ "/inc/d6.conf", "include \"/inc/d7.conf\"\n" },
	{ "/inc/d7.conf", "include \"/inc/d8.conf\"\n" },
	{ "/inc/d8.conf", "include \"/inc/d9.conf\"\n" },
	{ "/inc/d9.conf", "permit uid 9\n" },
	{ "/inc/unterminated.conf", "switch x {\n\tdir /x\n" },
	{ "/inc/names.conf", "permit group kvm\n" },
};

static int fake_include(void *ctx, const char *path, char **text,
			size_t *len, char *err, size_t errlen)
{
	size_t i;

	(void)ctx;
	if (!strncmp(path, "/inc/empty/", 11)) {
		*text = NULL;
		*len = 0;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (strcmp(files[i].path, path))
			continue;
		*text = strdup(files[i].text);
		*len = strlen(files[i].text);
		return *text ? 0 : -1;
	}
	snprintf(err, errlen, "No such file or directory");
	return -1;
}

static const struct pol_ops ops = { fake_resolve, fake_include, NULL };

#define A10	"aaaaaaaaaa"
#define SW_LAN	"switch lan {\n\tdir /run/vde/lan\n}\n"
#define SW_LAN4	"switch lan {\n\tdir /run/vde/lan\n\tports 4\n}\n"
#define SW_A	"switch a {\n\tdir /a\n"

/**
 * struct err_case - a snippet that must be refused
 * @text:	the snippet
 * @len:	its length, 0 for strlen()
 * @noops:	parse without callbacks (the resolved form)
 * @line:	expected line
 * @col:	expected column
 * @msg:	a substring of the expected message
 * @file:	expected file name, NULL for "test.conf"
 */
struct err_case {
	const char *text;
	size_t len;
	bool noops;
	int line;
	int col;
	const char *msg;
	const char *file;
};

static const struct err_case err_cases[] = {
	/* lexical */
	{ "foo bar\n", 0, false, 1, 1, "unknown keyword 'foo'", NULL },
	{ "\n  # c\n\tprmit any\n", 0, false, 3, 2, "unknown keyword 'prmit'",
	  NULL },
	{ "\"permit\" any\n", 0, false, 1, 1, "unknown keyword 'permit'",
	  NULL },
	{ "permit user \"alice\n", 0, false, 1, 13,
	  "unterminated quoted string", NULL },
	{ "permit user \"al\\ice\"\n", 0, false, 1, 16, "invalid escape",
	  NULL },
	{ "permit user \"al\\\nice\"\n", 0, false, 1, 13,
	  "unterminated quoted string", NULL },
	{ "permit any \\ switch any\n", 0, false, 1, 12, "stray backslash",
	  NULL },
	{ "permit any\r\n", 0, false, 1, 11, "control character 0x0d", NULL },
	{ "permit any\n\x1b[2J\n", 0, false, 2, 1, "control character 0x1b",
	  NULL },
	{ "permit\0any\n", 11, false, 1, 7, "NUL byte in the text", NULL },
	{ "permit any\n# \0\n", 15, false, 2, 3, "NUL byte", NULL },
	{ "}\n", 0, false, 1, 1, "unexpected '}'", NULL },
	{ "{\n", 0, false, 1, 1, "unexpected '{'", NULL },
	/* global statements */
	{ "user bob2\n", 0, false, 1, 6, "unknown user 'bob2'", NULL },
	{ "user _vde\nuser _vde\n", 0, false, 2, 1,
	  "user given twice (first at line 1)", NULL },
	{ "user root\n", 0, false, 1, 6, "must not be root", NULL },
	{ "user uid 0 gid 0\n", 0, false, 1, 6, "must not be root", NULL },
	{ "user uid 107\n", 0, false, 1, 13, "expected 'gid N'", NULL },
	{ "user uid 4294967295 gid 1\n", 0, false, 1, 10,
	  "uid must be a number in 0..4294967294, not '4294967295'", NULL },
	{ "user uid -1 gid 1\n", 0, false, 1, 10, "uid must be a number",
	  NULL },
	{ "user _vde x\n", 0, false, 1, 11, "unexpected 'x' at the end",
	  NULL },
	{ "user\n", 0, false, 1, 5, "expected a user name or 'uid N', not "
	  "end of line", NULL },
	{ "user _vde\n", 0, true, 1, 6,
	  "names are not allowed here (resolved form)", NULL },
	/* switch blocks: syntax */
	{ "switch lan\n", 0, false, 1, 11, "expected '{'", NULL },
	{ "switch lan { dir /x }\n", 0, false, 1, 14,
	  "unexpected 'dir' after '{'", NULL },
	{ "switch lan {\n\tdir /x\n", 0, false, 1, 12,
	  "unterminated block: '{' of switch 'lan' has no '}'", NULL },
	{ "switch lan {\n\tdir /x\n} x\n", 0, false, 3, 3,
	  "unexpected 'x' at the end", NULL },
	{ "switch lan {\n\tdir /x }\n", 0, false, 2, 9,
	  "unexpected '}' at the end", NULL },
	{ "switch lan {\n\tdir /x\n\tpermit any\n}\n", 0, false, 3, 2,
	  "'permit' inside a switch block (missing '}'?)", NULL },
	{ "switch lan {\n\tdir /x\n\tstp off\n}\n", 0, false, 3, 2,
	  "unknown keyword 'stp'", NULL },
	{ "switch lan {\n}\n", 0, false, 1, 1, "switch 'lan' has no dir",
	  NULL },
	{ "switch lan {\n\tdir /x\n\tdir /y\n}\n", 0, false, 3, 2,
	  "'dir' given twice in switch 'lan'", NULL },
	{ "switch lan {\n\tdir /x\n\thub\n\thub\n}\n", 0, false, 4, 2,
	  "'hub' given twice", NULL },
	{ "switch lan {\n\tdir /x\n\thub on\n}\n", 0, false, 3, 6,
	  "unexpected 'on' at the end of the statement", NULL },
	/* switch names */
	{ SW_LAN SW_LAN, 0, false, 4, 8,
	  "switch 'lan' is already declared (line 1)", NULL },
	{ "switch -x {\n", 0, false, 1, 8, "switch name must be", NULL },
	{ "switch a/b {\n", 0, false, 1, 8, "switch name must be", NULL },
	{ "switch " A10 A10 A10 "aa {\n", 0, false, 1, 8,
	  "switch name must be 1 to 31", NULL },
	{ "switch any {\n", 0, false, 1, 8, "'any' is reserved", NULL },
	{ "switch {\n", 0, false, 1, 8, "switch name must be", NULL },
	/* paths */
	{ SW_A "\tdir\n}\n", 0, false, 3, 2, "'dir' given twice", NULL },
	{ "switch a {\n\tdir run/vde\n}\n", 0, false, 2, 6,
	  "dir must be an absolute path, not 'run/vde'", NULL },
	{ "switch a {\n\tdir /a/\n}\n", 0, false, 2, 6, "is not normalised",
	  NULL },
	{ "switch a {\n\tdir /\n}\n", 0, false, 2, 6, "is not normalised",
	  NULL },
	{ "switch a {\n\tdir /a//b\n}\n", 0, false, 2, 6, "is not normalised",
	  NULL },
	{ "switch a {\n\tdir /a/../b\n}\n", 0, false, 2, 6,
	  "is not normalised", NULL },
	{ "switch a {\n\tdir /a/./b\n}\n", 0, false, 2, 6, "is not normalised",
	  NULL },
	{ "switch a {\n\tdir /" A10 A10 A10 A10 A10 A10 A10 A10 "aaaaaaaaa\n"
	  "}\n", 0, false, 2, 6, "dir is too long (max 89 bytes)", NULL },
	{ SW_LAN "switch b {\n\tdir /run/vde/lan\n}\n", 0, false, 5, 6,
	  "already the dir of switch 'lan'", NULL },
	{ SW_LAN "switch b {\n\tdir /run/vde\n}\n", 0, false, 5, 6,
	  "and the dir of switch 'lan' are nested", NULL },
	{ SW_LAN "switch b {\n\tdir /run/vde/lan/b\n}\n", 0, false, 5, 6,
	  "are nested", NULL },
	{ SW_A "\tmgmt /m\n}\nswitch b {\n\tdir /b\n\tmgmt /m\n}\n", 0, false,
	  7, 7, "mgmt socket '/m' is already used by switch 'a'", NULL },
	{ SW_A "\tmgmt /a/ctl\n}\n", 0, false, 3, 7,
	  "clashes with the dir of this switch", NULL },
	{ "switch a {\n\tmgmt /a\n\tdir /a\n}\n", 0, false, 3, 6,
	  "clashes with the mgmt socket of this switch", NULL },
	{ SW_A "}\nswitch b {\n\tdir /b\n\tmgmt /a/x\n}\n", 0, false, 6, 7,
	  "clashes with the dir of switch 'a'", NULL },
	{ SW_A "\tmgmt /b/ctl\n}\nswitch b {\n\tdir /b\n}\n", 0, false, 6, 6,
	  "clashes with the mgmt socket of switch 'a'", NULL },
	{ SW_A "\tmgmt /m group kvm group kvm\n}\n", 0, false, 3, 20,
	  "option 'group' given twice", NULL },
	{ SW_A "\tmgmt /m owner root\n}\n", 0, false, 3, 10,
	  "unknown option 'owner' for mgmt", NULL },
	{ SW_A "\tmgmt /m mode 0444\n}\n", 0, false, 3, 15,
	  "mgmt mode must be octal 0600..0777, not '0444'", NULL },
	/* switch values */
	{ SW_A "\towner alcie\n}\n", 0, false, 3, 8, "unknown user 'alcie'",
	  NULL },
	{ SW_A "\tgroup kvn\n}\n", 0, false, 3, 8, "unknown group 'kvn'",
	  NULL },
	{ SW_A "\tgroup gid kvm\n}\n", 0, false, 3, 12,
	  "gid must be a number in 0..4294967294, not 'kvm'", NULL },
	{ SW_A "\tgroup kvm\n}\n", 0, true, 3, 8,
	  "names are not allowed here", NULL },
	{ SW_A "\tmode 660x\n}\n", 0, false, 3, 7,
	  "mode must be octal 0600..0777", NULL },
	{ SW_A "\tmode 0400\n}\n", 0, false, 3, 7,
	  "mode must be octal 0600..0777", NULL },
	{ SW_A "\tmode 1777\n}\n", 0, false, 3, 7,
	  "mode must be octal 0600..0777", NULL },
	{ SW_A "\tmode 0800\n}\n", 0, false, 3, 7, "mode must be octal", NULL },
	{ SW_A "\tports 0\n}\n", 0, false, 3, 8,
	  "ports must be a number in 1..65534, not '0'", NULL },
	{ SW_A "\tports 65535\n}\n", 0, false, 3, 8, "1..65534", NULL },
	{ SW_A "\tports 99999999999\n}\n", 0, false, 3, 8, "1..65534", NULL },
	{ SW_A "\tvlans\n}\n", 0, false, 3, 7,
	  "vlans needs at least one VLAN, not end of line", NULL },
	{ SW_A "\tvlans 1 0\n}\n", 0, false, 3, 10,
	  "vlan must be a number in 1..4094, not '0'", NULL },
	{ SW_A "\tvlans 4095\n}\n", 0, false, 3, 8, "1..4094", NULL },
	{ SW_A "\tvlans 1 10 \\\n\t\t20 10\n}\n", 0, false, 4, 6,
	  "vlan 10 listed twice", NULL },
	/* taps */
	{ SW_A "\ttap\n}\n", 0, false, 3, 5,
	  "interface name must be 1 to 15 bytes", NULL },
	{ SW_A "\ttap abcdefghijklmnop\n}\n", 0, false, 3, 6,
	  "interface name must be 1 to 15 bytes", NULL },
	{ SW_A "\ttap a/b\n}\n", 0, false, 3, 6, "interface name", NULL },
	{ SW_A "\ttap ..\n}\n", 0, false, 3, 6, "interface name", NULL },
	{ SW_A "\ttap \"t 0\"\n}\n", 0, false, 3, 6, "interface name", NULL },
	{ SW_A "\ttap eth0:1\n}\n", 0, false, 3, 6, "interface name", NULL },
	{ SW_A "\ttap tap%d\n}\n", 0, false, 3, 6, "interface name", NULL },
	{ SW_A "\ttap t0\n}\nswitch b {\n\tdir /b\n\ttap t0\n}\n", 0, false, 7,
	  6, "tap 't0' is already in switch 'a'", NULL },
	{ SW_A "\ttap t0\n\ttap t0\n}\n", 0, false, 4, 6,
	  "tap 't0' is already in switch 'a'", NULL },
	{ SW_A "\ttap t0 port 3\n\ttap t1 port 3\n}\n", 0, false, 4, 14,
	  "port 3 is already the port of tap 't0'", NULL },
	{ SW_A "\ttap t0 port 5\n\tports 4\n}\n", 0, false, 3, 14,
	  "port 5 of tap 't0' is beyond the 4 ports of switch 'a'", NULL },
	{ SW_A "\tports 1\n\ttap t0\n\ttap t1\n}\n", 0, false, 5, 6,
	  "no free port for tap 't1' (switch 'a' has 1 ports)", NULL },
	{ SW_A "\ttap t0 mtu 67\n}\n", 0, false, 3, 13,
	  "mtu must be a number in 68..65535, not '67'", NULL },
	{ SW_A "\ttap t0 vlan 4095\n}\n", 0, false, 3, 14, "vlan must be",
	  NULL },
	{ SW_A "\ttap t0 mac 01:00:5e:00:00:01\n}\n", 0, false, 3, 13,
	  "mac must be a unicast address", NULL },
	{ SW_A "\ttap t0 mac 00:00:00:00:00:00\n}\n", 0, false, 3, 13,
	  "mac must not be all zeros", NULL },
	{ SW_A "\ttap t0 mac 52:54:00:12:34\n}\n", 0, false, 3, 13,
	  "mac must be xx:xx:xx:xx:xx:xx", NULL },
	{ SW_A "\ttap t0 mac 52:54:00:12:34:5g\n}\n", 0, false, 3, 13,
	  "mac must be xx:xx", NULL },
	{ SW_A "\ttap t0 down down\n}\n", 0, false, 3, 14,
	  "option 'down' given twice", NULL },
	{ SW_A "\ttap t0 up\n}\n", 0, false, 3, 9,
	  "unknown option 'up' for tap", NULL },
	{ SW_A "\ttap t0 stp stp\n}\n", 0, false, 3, 13,
	  "option 'stp' given twice", NULL },
	/* rules */
	{ "permit\n", 0, false, 1, 7, "expected an identity", NULL },
	{ "permit switch lan\n", 0, false, 1, 8, "expected an identity",
	  NULL },
	{ "permit user alcie\n", 0, false, 1, 13, "unknown user 'alcie'",
	  NULL },
	{ "deny group kvn\n", 0, false, 1, 12, "unknown group 'kvn'", NULL },
	{ "permit user alice\n", 0, true, 1, 13,
	  "names are not allowed here (resolved form)", NULL },
	{ "permit uid 4294967295\n", 0, false, 1, 12,
	  "uid must be a number in 0..4294967294", NULL },
	{ "permit any switch lan\n", 0, false, 1, 19,
	  "unknown switch 'lan' (declare it before rules that name it)",
	  NULL },
	{ "permit any switch lan\n" SW_LAN, 0, false, 1, 19,
	  "unknown switch 'lan'", NULL },
	{ "permit any switch\n", 0, false, 1, 18,
	  "expected a switch name or 'any', not end of line", NULL },
	{ "permit any frobnicate\n", 0, false, 1, 12,
	  "unknown option 'frobnicate'", NULL },
	{ "permit any maclock maclock\n", 0, false, 1, 20,
	  "option 'maclock' given twice", NULL },
	{ "deny any vlan 10\n", 0, false, 1, 10,
	  "option 'vlan' has no meaning on a deny rule", NULL },
	{ "deny user mallory maxports 4\n", 0, false, 1, 19,
	  "option 'maxports' has no meaning on a deny rule", NULL },
	{ "deny any maclock\n", 0, false, 1, 10,
	  "option 'maclock' has no meaning on a deny rule", NULL },
	{ "deny any port 1-4\n", 0, false, 1, 10,
	  "option 'port' has no meaning on a deny rule", NULL },
	{ "permit any mgmt admin vlan 10\n", 0, false, 1, 23,
	  "option 'vlan' has no meaning on a mgmt rule", NULL },
	{ "permit any maclock mgmt read\n", 0, false, 1, 20,
	  "option 'mgmt' cannot be combined", NULL },
	{ "permit any mgmt write\n", 0, false, 1, 17,
	  "mgmt must be read or admin, not 'write'", NULL },
	{ "permit any vlan 4096\n", 0, false, 1, 17,
	  "vlan must be a number in 0..4094, not '4096'", NULL },
	{ "permit any vlan 4095\n", 0, false, 1, 17, "0..4094", NULL },
	{ "permit any vlan\n", 0, false, 1, 16, "not end of line", NULL },
	{ "permit any vlan { 10 20\n", 0, false, 1, 17,
	  "unterminated VLAN list", NULL },
	{ "permit any vlan { } trunk\n", 0, false, 1, 19, "empty VLAN list",
	  NULL },
	{ "permit any vlan { 10 20 }\n", 0, false, 1, 26,
	  "expected 'trunk' after the VLAN list, not end of line", NULL },
	{ "permit any vlan { 10 20 10 } trunk\n", 0, false, 1, 25,
	  "vlan 10 listed twice", NULL },
	{ "permit any vlan { 10 { } trunk\n", 0, false, 1, 22,
	  "unexpected '{' in a VLAN list", NULL },
	{ "permit any port 0\n", 0, false, 1, 17,
	  "port must be N or A-B with 1 <= A <= B <= 65534, not '0'", NULL },
	{ "permit any port 5-3\n", 0, false, 1, 17, "port must be N or A-B",
	  NULL },
	{ "permit any port 1-65535\n", 0, false, 1, 17, "port must be", NULL },
	{ "permit any port 3-\n", 0, false, 1, 17, "port must be", NULL },
	{ "permit any port -3\n", 0, false, 1, 17, "port must be", NULL },
	{ "permit any port 1-2-3\n", 0, false, 1, 17, "port must be", NULL },
	{ SW_LAN4 "permit any port 2-5 switch lan\n", 0, false, 5, 17,
	  "port 5 is beyond the 4 ports of switch 'lan'", NULL },
	{ "permit any maxports 0\n", 0, false, 1, 21,
	  "maxports must be a number in 1..65534, not '0'", NULL },
	{ "permit any vlan 10 vlan 20\n", 0, false, 1, 20,
	  "option 'vlan' given twice", NULL },
	/* includes */
	{ "include \"/inc/rules.conf\"\n", 0, true, 1, 9,
	  "include is not allowed here (resolved form)", NULL },
	{ "include inc/rules.conf\n", 0, false, 1, 9,
	  "include path must be an absolute path", NULL },
	{ "include /inc/../rules.conf\n", 0, false, 1, 9, "not normalised",
	  NULL },
	{ "include /inc/rules.conf x\n", 0, false, 1, 25,
	  "unexpected 'x' at the end", NULL },
	{ "include /inc/nonexistent.conf\n", 0, false, 1, 9,
	  "cannot include '/inc/nonexistent.conf': No such file", NULL },
	{ "include /inc/bad.conf\n", 0, false, 2, 13, "unknown user 'alcie'",
	  "/inc/bad.conf" },
	{ "include /inc/unterminated.conf\n", 0, false, 1, 10,
	  "unterminated block", "/inc/unterminated.conf" },
	{ "include /inc/loop1.conf\n", 0, false, 3, 9,
	  "include loop: '/inc/loop1.conf' is already being read",
	  "/inc/loop2.conf" },
	{ "include /inc/rules.conf\ninclude /inc/rules.conf\n", 0, false, 2,
	  9, "'/inc/rules.conf' is included twice", NULL },
	{ "include /inc/d1.conf\n", 0, false, 1, 9,
	  "includes nested too deeply (max 8)", "/inc/d8.conf" },
	{ "switch x {\n\tinclude /inc/rules.conf\n}\n", 0, false, 2, 2,
	  "'include' inside a switch block", NULL },
};

static void check_err(const char *name, const char *text, size_t len,
		      const struct pol_ops *o, const char *file, int line,
		      int col, const char *msg)
{
	struct pol_error e;
	struct policy pol;
	int ret;

	memset(&pol, 0x5a, sizeof(pol));
	ret = policy_parse(text, len, "test.conf", o, &pol, &e);
	if (ret != -1)
		fail_msg("%s: accepted:\n%s", name, text);
	if (pol.switches || pol.rules || pol.nswitches || pol.nrules)
		fail_msg("%s: policy not empty after an error", name);
	if (strcmp(e.file, file ? file : "test.conf") || e.line != line ||
	    e.col != col || !strstr(e.msg, msg))
		fail_msg("%s: got %s:%d:%d: %s\n  want %s:%d:%d: ...%s...",
			 name, e.file, e.line, e.col, e.msg,
			 file ? file : "test.conf", line, col, msg);
}

static void test_errors(void **state)
{
	char name[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(err_cases); i++) {
		const struct err_case *c = &err_cases[i];

		snprintf(name, sizeof(name), "error row %zu", i);
		check_err(name, c->text, c->len ? c->len : strlen(c->text),
			  c->noops ? NULL : &ops, c->file, c->line, c->col,
			  c->msg);
	}
}

/* head, then @n copies of @fmt with each '@' replaced by the copy's number */
static char *repeat(const char *head, const char *fmt, int n,
		    const char *tail)
{
	size_t size = strlen(head) + (size_t)n * (strlen(fmt) * 8 + 1) +
		      strlen(tail) + 1;
	char *s = malloc(size), *o;
	const char *f;
	int i;

	assert_non_null(s);
	o = stpcpy(s, head);
	for (i = 0; i < n; i++) {
		for (f = fmt; *f; f++) {
			if (*f == '@')
				o += sprintf(o, "%d", i);
			else
				*o++ = *f;
		}
	}
	strcpy(o, tail);
	return s;
}

static void test_limits(void **state)
{
	char *s;

	(void)state;
	/* line: 1024 bytes are fine (test_limits_ok), 1025 are not */
	s = repeat("permit any", " ", 1015, "\n");
	check_err("line 1025", s, strlen(s), &ops, NULL, 1, 1025,
		  "line too long (max 1024 bytes)");
	free(s);
	s = repeat("# ", "x", 2000, "\n");
	check_err("comment", s, strlen(s), &ops, NULL, 1, 1025,
		  "line too long");
	free(s);
	/* word: 255 bytes are fine (quoted, escapes excluded), 256 not */
	s = repeat("permit user \"", "\\\\", 256, "\"\n");
	check_err("word 256", s, strlen(s), &ops, NULL, 1, 13,
		  "word too long (max 255 bytes)");
	free(s);
	s = repeat("permit user ", "a", 256, "\n");
	check_err("word 256", s, strlen(s), &ops, NULL, 1, 13,
		  "word too long (max 255 bytes)");
	free(s);
	s = repeat("", "switch s@ {\n\tdir /s@\n}\n", 257, "");
	check_err("switches", s, strlen(s), &ops, NULL, 769, 1,
		  "too many switches (max 256)");
	free(s);
	s = repeat(SW_A, "\ttap t@ vlan 1@\n", 17, "}\n");
	check_err("taps", s, strlen(s), &ops, NULL, 19, 2,
		  "too many taps in switch 'a' (max 16)");
	free(s);
	s = repeat("", "permit uid @ maxports 1@\n", 4097, "");
	check_err("rules", s, strlen(s), &ops, NULL, 4097, 1,
		  "too many rules (max 4096)");
	free(s);
	s = repeat("", "include /inc/empty/@-@\n", 65, "");
	check_err("includes", s, strlen(s), &ops, NULL, 65, 9,
		  "too many included files (max 64)");
	free(s);
}

/* The limits themselves are accepted */
static void test_limits_ok(void **state)
{
	static const char *const texts[] = {
		"switch s@ {\n\tdir /s@\n}\n",
		"permit uid @ maxports 1@\n",
		"include /inc/empty/@-@\n",
	};
	static const int n[] = { 256, 4096, 64 };
	struct pol_error e;
	struct policy pol;
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		s = repeat("", texts[i], n[i], "");
		if (policy_parse(s, strlen(s), "t", &ops, &pol, &e))
			fail_msg("limit %zu: %d:%d: %s", i, e.line, e.col,
				 e.msg);
		policy_free(&pol);
		free(s);
	}
	s = repeat(SW_A, "\ttap t@ vlan 1@\n", 16, "}\n");
	assert_int_equal(policy_parse(s, strlen(s), "t", &ops, &pol, &e), 0);
	assert_int_equal(pol.switches[0].ntaps, 16);
	assert_int_equal(pol.switches[0].taps[15].port, 16);
	policy_free(&pol);
	free(s);
	s = repeat("permit any", " ", 1014, "\n");
	assert_int_equal(policy_parse(s, strlen(s), "t", &ops, &pol, &e), 0);
	policy_free(&pol);
	free(s);
	/* a word of 255 bytes: only the user is unknown, shown cut short */
	s = repeat("permit user \"", "\\\\", 255, "\"\n");
	assert_int_equal(policy_parse(s, strlen(s), "t", &ops, &pol, &e), -1);
	assert_int_equal(e.col, 13);
	assert_non_null(strstr(e.msg, "unknown user '\\\\"));
	assert_non_null(strstr(e.msg, "\\...'"));
	free(s);
}

static char *write_str(const struct policy *pol)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	assert_int_equal(policy_write(pol, f), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* The canonical form without the " line N [file F]" every rule ends with
 * (test_origin checks those) */
static void strip_origin(char *w)
{
	char *at, *eol;

	while ((at = strstr(w, " line ")) && (eol = strchr(at, '\n'))) {
		memmove(at, eol, strlen(eol) + 1);
		w = at + 1;
	}
}

/*
 * parse(write(p)) == p (lines and files aside), and writing that again
 * gives the same bytes; the canonical form needs no callbacks
 */
static void check_roundtrip(const char *name, const struct policy *pol)
{
	struct pol_error e;
	struct policy again;
	char *w1, *w2;

	w1 = write_str(pol);
	if (policy_parse(w1, strlen(w1), "canonical", NULL, &again, &e))
		fail_msg("%s: canonical form refused: %d:%d: %s\n%s", name,
			 e.line, e.col, e.msg, w1);
	if (!policy_equal(pol, &again))
		fail_msg("%s: canonical form parses to another policy\n%s",
			 name, w1);
	w2 = write_str(&again);
	if (strcmp(w1, w2))
		fail_msg("%s: second write differs\n%s---\n%s", name, w1, w2);
	policy_free(&again);
	free(w1);
	free(w2);
}

/**
 * struct ok_case - a valid snippet and its canonical form
 * @text:	the snippet
 * @canon:	what policy_write() makes of it
 */
struct ok_case {
	const char *text;
	const char *canon;
};

static const struct ok_case ok_cases[] = {
	{ "", "" },
	{ "# nothing but a comment", "" },
	{ "\n\n  \t\n# x\n", "" },
	{ "user _vde", "user uid 107 gid 113\n" },
	{ "user uid 200 gid 300 # numeric\n", "user uid 200 gid 300\n" },
	{ "user \"uid\"\n", "user uid 1005 gid 1005\n" },
	{ SW_LAN,
	  "switch lan {\n\tdir /run/vde/lan\n\towner uid 0\n\tmode 0600\n"
	  "\tports 32\n}\n" },
	{ "switch lan{\n\tdir /run/vde/lan\n\tgroup kvm\n}",
	  "switch lan {\n\tdir /run/vde/lan\n\towner uid 0\n\tgroup gid 110\n"
	  "\tmode 0660\n\tports 32\n}\n" },
	{ "switch Lab-2.x_y {\n\towner alice\n\tdir \"/run/vde/my lab\"\n"
	  "\tmode 700\n\tgroup gid 5\n\tports 65534\n\thub\n}\n",
	  "switch Lab-2.x_y {\n\tdir \"/run/vde/my lab\"\n\towner uid 1000\n"
	  "\tgroup gid 5\n\tmode 0700\n\tports 65534\n\thub\n}\n" },
	{ "switch a {\n\tdir /a\n\tvlans 20 1 4094 \\\n\t\t10\n}\n",
	  "switch a {\n\tdir /a\n\towner uid 0\n\tmode 0600\n\tports 32\n"
	  "\tvlans 1 10 20 4094\n}\n" },
	{ "switch a {\n\tdir /a\n\tgroup kvm\n\tmgmt /a.mgmt\n}\n",
	  "switch a {\n\tdir /a\n\towner uid 0\n\tgroup gid 110\n"
	  "\tmode 0660\n\tports 32\n\tmgmt /a.mgmt group gid 110 mode 0600\n"
	  "}\n" },
	{ "switch a {\n\tmgmt /a/mgmt mode 0660 group netadm\n\tdir /a\n}\n",
	  "switch a {\n\tdir /a\n\towner uid 0\n\tmode 0600\n\tports 32\n"
	  "\tmgmt /a/mgmt group gid 120 mode 0660\n}\n" },
	{ "switch a {\n\tdir /a\n\tmgmt /m\n}\n",
	  "switch a {\n\tdir /a\n\towner uid 0\n\tmode 0600\n\tports 32\n"
	  "\tmgmt /m mode 0600\n}\n" },
	{ "switch a {\n\tdir /a\n\tports 4\n\ttap t0\n\ttap t1 port 1\n"
	  "\ttap \"t#2\" down mac 52:54:00:AB:cd:0e mtu 9000 vlan 7\n}\n",
	  "switch a {\n\tdir /a\n\towner uid 0\n\tmode 0600\n\tports 4\n"
	  "\ttap t0 port 2 vlan 0\n\ttap t1 port 1 vlan 0\n"
	  "\ttap \"t#2\" port 3 vlan 7 mtu 9000 mac 52:54:00:ab:cd:0e down\n"
	  "}\n" },
	{ "switch a {\n\tdir /a\n\ttap up0 stp port 2\n\ttap up1 down stp\n}\n",
	  "switch a {\n\tdir /a\n\towner uid 0\n\tmode 0600\n\tports 32\n"
	  "\ttap up0 port 2 vlan 0 stp\n\ttap up1 port 1 vlan 0 down stp\n"
	  "}\n" },
	{ "switch a {\n\tdir /a\n\ttap down down\n\ttap port port 9\n}\n",
	  "switch a {\n\tdir /a\n\towner uid 0\n\tmode 0600\n\tports 32\n"
	  "\ttap down port 1 vlan 0 down\n\ttap port port 9 vlan 0\n}\n" },
	{ "permit any", "permit any switch any\n" },
	{ "deny any switch any", "deny any switch any\n" },
	{ "permit user alice", "permit uid 1000 switch any\n" },
	{ "permit group kvm", "permit gid 110 switch any\n" },
	{ "permit uid 0\npermit gid 4294967294\n",
	  "permit uid 0 switch any\npermit gid 4294967294 switch any\n" },
	{ "permit user \"uid\"", "permit uid 1005 switch any\n" },
	{ "permit user uid 7\npermit group gid 8\n",
	  "permit uid 7 switch any\npermit gid 8 switch any\n" },
	{ SW_LAN "permit user alice switch lan vlan 20 maxports 4 maclock",
	  "switch lan {\n\tdir /run/vde/lan\n\towner uid 0\n\tmode 0600\n"
	  "\tports 32\n}\n"
	  "permit uid 1000 switch lan vlan 20 maxports 4 maclock\n" },
	{ SW_LAN "permit any port 7 maclock mgmt\\\n read", NULL },
	{ SW_LAN "permit any port 7 maclock switch lan",
	  "switch lan {\n\tdir /run/vde/lan\n\towner uid 0\n\tmode 0600\n"
	  "\tports 32\n}\n"
	  "permit any switch lan maclock port 7-7\n" },
	{ "permit any vlan{20 10}trunk port 2-30",
	  "permit any switch any vlan { 10 20 } trunk port 2-30\n" },
	{ "permit any \\\n\tvlan { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 "
	  "17 18 } trunk",
	  "permit any switch any vlan { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 "
	  "16 \\\n\t17 18 } trunk\n" },
	{ "deny user mallory mgmt admin switch any",
	  "deny uid 1003 switch any mgmt admin\n" },
	{ "permit group netadm mgmt read",
	  "permit gid 120 switch any mgmt read\n" },
	{ "include /inc/rules.conf\ninclude \"/inc/sw.conf\"\n"
	  "permit any switch inc\n",
	  "switch inc {\n\tdir /run/vde/inc\n\towner uid 0\n\tmode 0600\n"
	  "\tports 32\n}\npermit uid 1000 switch any\n"
	  "permit any switch inc\n" },
	{ "include /inc/d2.conf\n", "permit uid 9 switch any\n" },
	{ "include /inc/empty/1\n", "" },
	{ "permit any # \"comment\" { \\\n", "permit any switch any\n" },
	{ "permit \"any\"x\n", NULL },
};

static void test_valid(void **state)
{
	struct pol_error e;
	struct policy pol;
	char name[32];
	size_t i;
	char *w;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok_cases); i++) {
		const struct ok_case *c = &ok_cases[i];
		int ret;

		snprintf(name, sizeof(name), "valid row %zu", i);
		ret = policy_parse(c->text, strlen(c->text), "t", &ops, &pol,
				   &e);
		if (!c->canon) {	/* rows that must fail, next to kin */
			if (!ret)
				fail_msg("%s: accepted", name);
			continue;
		}
		if (ret)
			fail_msg("%s: %d:%d: %s", name, e.line, e.col, e.msg);
		w = write_str(&pol);
		strip_origin(w);
		if (strcmp(w, c->canon))
			fail_msg("%s: canonical form\n%s---want\n%s", name, w,
				 c->canon);
		free(w);
		check_roundtrip(name, &pol);
		policy_free(&pol);
	}
}

/* Single fields, as vde-privd reads them */
static void test_fields(void **state)
{
	static const char text[] =
		"user _vde\n"
		"switch lan {\n"
		"\tdir /run/vde/lan\n"
		"\towner bob\n"
		"\tgroup kvm\n"
		"\tports 8\n"
		"\tvlans 1 10\n"
		"\tmgmt /run/vde/lan.mgmt\n"
		"\ttap vde0 mtu 1500 mac 52:54:00:00:00:01\n"
		"}\n"
		"include /inc/rules.conf\n"
		"permit group kvm switch lan vlan { 10 20 } trunk\n";
	const struct pol_switch *sw;
	const struct pol_rule *r;
	struct pol_error e;
	struct policy pol;

	(void)state;
	assert_int_equal(policy_parse(text, sizeof(text) - 1, "p.conf", &ops,
				      &pol, &e), 0);
	assert_true(pol.has_user);
	assert_int_equal(pol.uid, 107);
	assert_int_equal(pol.gid, 113);
	assert_int_equal(pol.nswitches, 1);
	sw = &pol.switches[0];
	assert_string_equal(sw->name, "lan");
	assert_int_equal(sw->line, 2);
	assert_int_equal(sw->owner, 1001);
	assert_int_equal(sw->group, 110);
	assert_int_equal(sw->mode, 0660);
	assert_int_equal(sw->ports, 8);
	assert_false(sw->hub);
	assert_int_equal(sw->vlans[0], 0x02);
	assert_int_equal(sw->vlans[1], 0x04);
	assert_true(sw->has_mgmt);
	assert_int_equal(sw->mgmt_group, 110);
	assert_int_equal(sw->mgmt_mode, 0600);
	assert_int_equal(sw->ntaps, 1);
	assert_string_equal(sw->taps[0].name, "vde0");
	assert_int_equal(sw->taps[0].port, 1);
	assert_int_equal(sw->taps[0].vlan, 0);
	assert_int_equal(sw->taps[0].mtu, 1500);
	assert_true(sw->taps[0].has_mac);
	assert_int_equal(sw->taps[0].mac[5], 1);
	assert_int_equal(sw->taps[0].line, 9);
	assert_int_equal(policy_find_switch(&pol, "lan"), 0);
	assert_int_equal(policy_find_switch(&pol, "wan"), -1);
	assert_int_equal(pol.nrules, 2);
	r = &pol.rules[0];
	assert_string_equal(r->file, "rules.conf");
	assert_int_equal(r->line, 2);
	assert_int_equal(r->kind, POL_ID_UID);
	assert_int_equal(r->id, 1000);
	assert_int_equal(r->sw, POL_ANY);
	assert_int_equal(r->vlan, POL_VLAN_NONE);
	assert_null(r->trunk_vlans);
	r = &pol.rules[1];
	assert_string_equal(r->file, "");
	assert_int_equal(r->line, 12);
	assert_int_equal(r->kind, POL_ID_GID);
	assert_int_equal(r->sw, 0);
	assert_true(r->trunk);
	assert_true(policy_vlan_ok(r, 10));
	assert_true(policy_vlan_ok(r, 20));
	assert_false(policy_vlan_ok(r, 11));
	assert_false(policy_vlan_ok(r, 0));
	assert_false(policy_vlan_ok(r, 4095));
	assert_true(policy_vlan_ok(&pol.rules[0], 4094));
	check_roundtrip("fields", &pol);
	policy_free(&pol);
	assert_null(pol.rules);
	policy_free(&pol);
	policy_free(NULL);
}

/* Policies of the decision table; uids and gids as in accounts[] */
static const char *const policies[] = {
	/* 0: the shape of ARCHITECTURE.md */
	"switch lan {\n"					/* 1 */
	"\tdir /run/vde/lan\n"
	"\tports 64\n"
	"}\n"
	"switch lab {\n"					/* 5 */
	"\tdir /run/vde/lab\n"
	"}\n"
	"permit group kvm switch lan vlan 10\n"			/* 8 */
	"permit user alice switch lan vlan { 10 20 } trunk maxports 4\n"
	"permit user bob switch lan vlan 20 maclock\n"		/* 10 */
	"deny user mallory\n"					/* 11 */
	"permit any switch lab\n"				/* 12 */
	"deny group guests switch lab\n"			/* 13 */
	"permit group netadm switch lan mgmt read\n"		/* 14 */
	"permit user bob switch lan mgmt admin\n"		/* 15 */
	"permit user carol mgmt admin\n"			/* 16 */
	"deny user carol switch lab mgmt admin\n"		/* 17 */
	"permit user dave switch lab mgmt read\n"		/* 18 */
	"permit user dave switch lab mgmt admin\n"		/* 19 */
	"permit user dave switch lab mgmt read\n",		/* 20 */
	/* 1: last match wins; any */
	"permit group kvm\n"					/* 1 */
	"deny user dave\n"					/* 2 */
	"permit uid 1004 vlan 30\n"				/* 3 */
	"deny any mgmt read\n",					/* 4 */
	/* 2: empty */
	"",
};

enum want { W_DEFAULT, W_PERMIT, W_DENY };

/**
 * struct decide_case - a question and its answer
 * @policy:	index into policies[]
 * @uid:	peer's uid
 * @gid:	peer's primary gid
 * @groups:	supplementary groups, 0-terminated
 * @sw:		switch name, NULL for index 0
 * @vlan:	VLAN asked for, 0 for POL_VLAN_NONE
 * @mgmt:	management level asked for
 * @want:	expected answer
 * @line:	line of the deciding rule (0 for the default)
 */
struct decide_case {
	int policy;
	uint32_t uid, gid;
	uint32_t groups[4];
	const char *sw;
	uint16_t vlan;
	enum pol_mgmt mgmt;
	enum want want;
	int line;
};

#define ALICE	1000, 1000
#define BOB	1001, 1001
#define CAROL	1002, 1002
#define MALLORY	1003, 1003
#define DAVE	1004, 110
#define RD	POL_MGMT_READ
#define AD	POL_MGMT_ADMIN

static const struct decide_case decide_cases[] = {
	/* group by primary gid; supplementary groups; default deny */
	{ 0, DAVE, { 0 }, "lan", 0, 0, W_PERMIT, 8 },
	{ 0, 2000, 2000, { 5, 110 }, "lan", 0, 0, W_PERMIT, 8 },
	{ 0, 2000, 2000, { 5, 6 }, "lan", 0, 0, W_DEFAULT, 0 },
	{ 0, 2000, 2000, { 0 }, "lan", 10, 0, W_DEFAULT, 0 },
	/* access VLAN: matches its VLAN or no VLAN, not another */
	{ 0, DAVE, { 0 }, "lan", 10, 0, W_PERMIT, 8 },
	{ 0, DAVE, { 0 }, "lan", 20, 0, W_DEFAULT, 0 },
	/* trunk: a later rule that grants the VLAN wins */
	{ 0, ALICE, { 0 }, "lan", 0, 0, W_PERMIT, 9 },
	{ 0, ALICE, { 0 }, "lan", 20, 0, W_PERMIT, 9 },
	{ 0, ALICE, { 110 }, "lan", 10, 0, W_PERMIT, 9 },
	{ 0, ALICE, { 110 }, "lan", 30, 0, W_DEFAULT, 0 },
	{ 0, ALICE, { 110 }, "lan", 4094, 0, W_DEFAULT, 0 },
	{ 0, BOB, { 0 }, "lan", 20, 0, W_PERMIT, 10 },
	{ 0, BOB, { 110 }, "lan", 10, 0, W_PERMIT, 8 },
	/* a deny without switch matches every switch, any VLAN, mgmt too */
	{ 0, MALLORY, { 110 }, "lan", 0, 0, W_DENY, 11 },
	{ 0, MALLORY, { 110 }, "lan", 10, 0, W_DENY, 11 },
	{ 0, MALLORY, { 0 }, "lab", 0, 0, W_PERMIT, 12 },
	{ 0, MALLORY, { 120 }, "lan", 0, RD, W_PERMIT, 14 },
	/* switch any (permit any switch lab), deny by group on lab */
	{ 0, 3000, 3000, { 0 }, "lab", 0, 0, W_PERMIT, 12 },
	{ 0, 3000, 3000, { 0 }, "lab", 99, 0, W_PERMIT, 12 },
	{ 0, 3000, 3000, { 7, 130 }, "lab", 0, 0, W_DENY, 13 },
	{ 0, 3000, 130, { 0 }, "lab", 0, 0, W_DENY, 13 },
	/* mgmt: only mgmt rules and plain denies; a lower level refuses */
	{ 0, 3000, 3000, { 120 }, "lan", 0, RD, W_PERMIT, 14 },
	{ 0, 3000, 3000, { 120 }, "lan", 0, AD, W_DENY, 14 },
	{ 0, 3000, 3000, { 120 }, "lan", 0, 0, W_DEFAULT, 0 },
	{ 0, 3000, 3000, { 120 }, "lab", 0, RD, W_DEFAULT, 0 },
	{ 0, BOB, { 0 }, "lan", 0, AD, W_PERMIT, 15 },
	{ 0, BOB, { 0 }, "lan", 0, RD, W_PERMIT, 15 },
	{ 0, BOB, { 120 }, "lan", 0, RD, W_PERMIT, 15 },
	{ 0, DAVE, { 0 }, "lan", 0, RD, W_DEFAULT, 0 },
	{ 0, 3000, 130, { 0 }, "lab", 0, RD, W_DENY, 13 },
	/* deny ... mgmt admin: refuses admin, leaves read alone */
	{ 0, CAROL, { 0 }, "lan", 0, AD, W_PERMIT, 16 },
	{ 0, CAROL, { 0 }, "lab", 0, AD, W_DENY, 17 },
	{ 0, CAROL, { 0 }, "lab", 0, RD, W_PERMIT, 16 },
	{ 0, CAROL, { 0 }, "lab", 0, 0, W_PERMIT, 12 },
	/* last mgmt rule wins even if it is a lower level */
	{ 0, DAVE, { 0 }, "lab", 0, AD, W_DENY, 20 },
	{ 0, DAVE, { 0 }, "lab", 0, RD, W_PERMIT, 20 },
	/* a switch no rule names: only the any rules */
	{ 1, DAVE, { 0 }, NULL, 0, 0, W_PERMIT, 3 },
	{ 1, DAVE, { 0 }, NULL, 30, 0, W_PERMIT, 3 },
	{ 1, DAVE, { 0 }, NULL, 31, 0, W_DENY, 2 },
	{ 1, 5000, 5000, { 1, 2, 3, 110 }, NULL, 31, 0, W_PERMIT, 1 },
	{ 1, 5000, 5000, { 1, 2, 3 }, NULL, 0, 0, W_DEFAULT, 0 },
	{ 1, 5000, 110, { 0 }, NULL, 0, RD, W_DENY, 4 },
	{ 1, DAVE, { 0 }, NULL, 0, AD, W_DENY, 4 },
	{ 2, 0, 0, { 0 }, NULL, 0, 0, W_DEFAULT, 0 },
	{ 2, 0, 0, { 0 }, NULL, 0, AD, W_DEFAULT, 0 },
};

static void test_decide(void **state)
{
	struct policy pol[ARRAY_SIZE(policies)];
	struct pol_error e;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(policies); i++) {
		if (policy_parse(policies[i], strlen(policies[i]), "d", &ops,
				 &pol[i], &e))
			fail_msg("policy %zu: %d:%d: %s", i, e.line, e.col,
				 e.msg);
		check_roundtrip("decision policy", &pol[i]);
	}
	for (i = 0; i < ARRAY_SIZE(decide_cases); i++) {
		const struct decide_case *c = &decide_cases[i];
		const struct pol_rule *r;
		struct pol_query q = {
			.uid = c->uid, .gid = c->gid, .groups = c->groups,
			.vlan = c->vlan ? c->vlan : POL_VLAN_NONE,
			.mgmt = c->mgmt,
		};
		enum want got;
		int n;

		for (n = 0; n < 4 && c->groups[n]; n++)
			;
		q.ngroups = n;
		n = c->sw ? policy_find_switch(&pol[c->policy], c->sw) : 0;
		assert_true(n >= 0);
		q.sw = (uint32_t)n;
		r = policy_decide(&pol[c->policy], &q);
		got = !r ? W_DEFAULT : policy_permits(r, &q) ? W_PERMIT :
							      W_DENY;
		if (got != c->want || (r ? r->line : 0) != c->line)
			fail_msg("decision row %zu: got %d at line %d, want %d "
				 "at line %d", i, got, r ? r->line : 0,
				 c->want, c->line);
	}
	for (i = 0; i < ARRAY_SIZE(policies); i++)
		policy_free(&pol[i]);
}

static void test_permits(void **state)
{
	struct pol_rule r = { .permit = true, .vlan = POL_VLAN_NONE };
	struct pol_query q = { .mgmt = POL_MGMT_NONE };

	(void)state;
	assert_false(policy_permits(NULL, &q));
	assert_true(policy_permits(&r, &q));
	q.mgmt = POL_MGMT_READ;
	assert_false(policy_permits(&r, &q));
	r.mgmt = POL_MGMT_READ;
	assert_true(policy_permits(&r, &q));
	q.mgmt = POL_MGMT_ADMIN;
	assert_false(policy_permits(&r, &q));
	r.mgmt = POL_MGMT_ADMIN;
	assert_true(policy_permits(&r, &q));
	r.permit = false;
	assert_false(policy_permits(&r, &q));
	assert_null(policy_decide(NULL, &q));
}

/* Includes: where the rules of an included file land, and its name */
static void test_include_files(void **state)
{
	static const char text[] = "permit any\ninclude /inc/d6.conf\n"
				   "include /inc/names.conf\npermit uid 1\n";
	struct pol_error e;
	struct policy pol;

	(void)state;
	assert_int_equal(policy_parse(text, sizeof(text) - 1, "/etc/p.conf",
				      &ops, &pol, &e), 0);
	assert_int_equal(pol.nrules, 4);
	assert_string_equal(pol.rules[0].file, "");
	assert_string_equal(pol.rules[1].file, "d9.conf");
	assert_int_equal(pol.rules[1].id, 9);
	assert_string_equal(pol.rules[2].file, "names.conf");
	assert_int_equal(pol.rules[2].id, 110);
	assert_int_equal(pol.rules[3].line, 4);
	policy_free(&pol);
	/* the top file cannot include itself */
	assert_int_equal(policy_parse("include /etc/p.conf\n", 20,
				      "/etc/p.conf", &ops, &pol, &e), -1);
	assert_string_equal(e.msg, "include loop: '/etc/p.conf' is already "
			    "being read");
}

/* Rules keep the line and file they were written in through the resolved
 * form vde-privd hands to switches, so a switch's log names the right one */
static void test_origin(void **state)
{
	static const char text[] = "# a comment\n\npermit any\n"
				   "include /inc/names.conf\n\n"
				   "deny uid 7 # why\n";
	struct pol_error e;
	struct policy pol, again;
	char *w;

	(void)state;
	assert_int_equal(policy_parse(text, sizeof(text) - 1, "/etc/p.conf",
				      &ops, &pol, &e), 0);
	w = write_str(&pol);
	assert_non_null(strstr(w, "permit any switch any line 3\n"));
	assert_non_null(strstr(w, " line 1 file names.conf\n"));
	assert_non_null(strstr(w, "deny uid 7 switch any line 6\n"));
	assert_int_equal(policy_parse(w, strlen(w), "resolved", NULL, &again,
				      &e), 0);
	assert_int_equal(again.nrules, pol.nrules);
	assert_int_equal(again.rules[0].line, 3);
	assert_int_equal(again.rules[1].line, 1);
	assert_string_equal(again.rules[1].file, "names.conf");
	assert_int_equal(again.rules[2].line, 6);
	assert_string_equal(again.rules[2].file, "");
	free(w);
	policy_free(&again);
	policy_free(&pol);
	assert_int_equal(policy_parse("permit any file a/b\n", 20, "t", NULL,
				      &pol, &e), -1);
	assert_int_equal(policy_parse("permit any line 0\n", 18, "t", NULL,
				      &pol, &e), -1);
}

/* NULL and empty inputs */
static void test_edges(void **state)
{
	struct pol_error e;
	struct policy pol;

	(void)state;
	assert_int_equal(policy_parse(NULL, 0, NULL, NULL, &pol, &e), 0);
	assert_int_equal(pol.nrules, 0);
	policy_free(&pol);
	assert_int_equal(policy_parse("x", 1, NULL, NULL, &pol, &e), -1);
	assert_string_equal(e.file, "(policy)");
	/* the length is honoured: the text after it is not read */
	assert_int_equal(policy_parse("permit any\nfoo", 11, "t", NULL, &pol,
				      &e), 0);
	assert_int_equal(pol.nrules, 1);
	policy_free(&pol);
	/* a backslash at the very end */
	assert_int_equal(policy_parse("permit any \\", 12, "t", NULL, &pol,
				      &e), 0);
	policy_free(&pol);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_limits_ok),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_permits),
		cmocka_unit_test(test_include_files),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
