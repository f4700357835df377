/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * lex.h - the policy.conf tokenizer, internal to policy/.
 *
 * Words, braces and ends of line, with their 1-based line and byte column;
 * the lexical rules are those of man/policy.conf.5 ("LEXICAL RULES").
 */
#ifndef VDE_POLICY_LEX_H
#define VDE_POLICY_LEX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "policy.h"

enum tok_type { TOK_EOF, TOK_EOL, TOK_WORD, TOK_LBRACE, TOK_RBRACE };

/**
 * struct tok - one token
 * @type:	kind of token
 * @quoted:	a WORD with a quoted part: never a keyword
 * @line:	1-based line of its first byte
 * @col:	1-based byte column of its first byte
 * @len:	bytes in @s
 * @s:		a WORD's bytes, NUL-terminated (contains no NUL)
 */
struct tok {
	enum tok_type type;
	bool quoted;
	int line;
	int col;
	size_t len;
	char s[POL_TOKEN_MAX + 1];
};

/**
 * struct lex - tokenizer state over one file's text
 * @text:	the text (not NUL-terminated)
 * @len:	its length
 * @pos:	offset of the next byte to read
 * @bol:	offset of the first byte of the current line
 * @line:	1-based number of the current line
 * @pending_nl:	an end of line was returned; the next line is checked
 *		only when the next token is asked for
 * @file:	name for error messages
 * @err:	where an error is described
 */
struct lex {
	const char *text;
	size_t len;
	size_t pos;
	size_t bol;
	int line;
	bool pending_nl;
	const char *file;
	struct pol_error *err;
};

int lex_init(struct lex *lx, const char *text, size_t len, const char *file,
	     struct pol_error *err) __must_check;
int lex_next(struct lex *lx, struct tok *t) __must_check;
const char *lex_show(const struct tok *t, char *buf, size_t size);
int pol_fail(struct pol_error *err, const char *file, int line, int col,
	     const char *fmt, ...) __printf(5, 6);
int pol_vfail(struct pol_error *err, const char *file, int line, int col,
	      const char *fmt, va_list ap) __printf(5, 0);

#endif /* VDE_POLICY_LEX_H */
