/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * parse.h - the parser's state and helpers, internal to policy/:
 * policy.c (global statements, includes), block.c (switch blocks) and
 * rule.c (permit and deny).
 */
#ifndef VDE_POLICY_PARSE_H
#define VDE_POLICY_PARSE_H

#include <stdarg.h>
#include <stdio.h>

#include "lex.h"
#include "policy.h"

/* An included file: its path, and whether it is being read right now */
struct inc {
	char path[POL_TOKEN_MAX + 1];
	bool active;
};

/**
 * struct pstate - what the top file and its includes share
 * @pol:	the policy being built
 * @ops:	the caller's callbacks
 * @err:	the caller's error
 * @top:	the top file's name
 * @user_line:	line of the "user" statement
 * @sw_cap:	allocated entries of pol->switches
 * @rule_cap:	allocated entries of pol->rules
 * @ninc:	entries of @inc
 * @inc:	every file included so far
 */
struct pstate {
	struct policy *pol;
	const struct pol_ops *ops;
	struct pol_error *err;
	const char *top;
	int user_line;
	int sw_cap;
	int rule_cap;
	int ninc;
	struct inc inc[POL_INCLUDE_MAX];
};

/**
 * struct parser - one file being parsed
 * @st:		shared state
 * @lx:		tokenizer over the file
 * @tok:	the current token
 * @depth:	0 for the top file, +1 per include
 * @rfile:	pol_rule.file for the rules of this file
 * @showbuf:	room for pp_show()
 */
struct parser {
	struct pstate *st;
	struct lex lx;
	struct tok tok;
	int depth;
	char rfile[64];
	char showbuf[80];
};

/* Where a token was, for an error found later */
struct pos {
	int line;
	int col;
};

int pp_err(struct parser *p, const struct tok *t, const char *fmt, ...)
	__printf(3, 4);
int pp_err_at(struct parser *p, struct pos pos, const char *fmt, ...)
	__printf(3, 4);
struct pos pp_pos(const struct parser *p);
int pp_next(struct parser *p) __must_check;
bool pp_kw(const struct tok *t, const char *k);
const char *pp_show(struct parser *p);
int pp_end(struct parser *p) __must_check;
int pp_num(struct parser *p, const char *what, uint32_t lo, uint32_t hi,
	    uint32_t *v) __must_check;
int pp_mode(struct parser *p, const char *what, uint32_t *v) __must_check;
int pp_account(struct parser *p, bool group, uint32_t *id,
		uint32_t *gid) __must_check;
int pp_path(struct parser *p, const char *what, size_t max) __must_check;
int pp_text(struct pstate *st, const char *text, size_t len,
	       const char *file, int depth) __must_check;
int pp_switch(struct parser *p) __must_check;
int pp_rule(struct parser *p) __must_check;

/* VLAN bitmaps (pol_switch.vlans, pol_rule.trunk_vlans) */
static inline bool vbit(const uint8_t *map, uint32_t v)
{
	return map[v / 8] >> (v % 8) & 1;
}

static inline void vset(uint8_t *map, uint32_t v)
{
	map[v / 8] |= (uint8_t)(1u << (v % 8));
}

enum { POL_VMAP = 512 };	/* bytes of a VLAN bitmap */

#endif /* VDE_POLICY_PARSE_H */
