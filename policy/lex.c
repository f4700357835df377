// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * lex.c - the policy.conf tokenizer.
 *
 * Theory of operation: the text is read one physical line at a time.  When
 * the tokenizer enters a line it checks the whole line first: its length
 * (POL_LINE_MAX, newline excluded) and its bytes (no NUL, no control
 * character but tab).  Everything after that check sees only printable
 * bytes, blanks and the newline, so a word can never carry a byte that
 * would corrupt a log line or a message.  An end of line is returned as a
 * token; the next line is checked only when the token after it is asked
 * for, so that an error in a statement is reported before one on the line
 * that follows it.  Words are built in a fixed buffer; one that would
 * exceed POL_TOKEN_MAX is an error, never truncated.
 */
#include <stdio.h>
#include <string.h>

#include "lex.h"

/**
 * pol_fail() - describe the first error
 * @err:	error to fill in
 * @file:	file name
 * @line:	1-based line, 0 if none
 * @col:	1-based byte column, 0 if none
 * @fmt:	message format
 *
 * Return: -1, so that callers can "return pol_fail(...)".
 */
int pol_fail(struct pol_error *err, const char *file, int line, int col,
	     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pol_vfail(err, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/**
 * pol_vfail() - pol_fail() with a va_list; the message is made printable
 * ASCII (other bytes become '?'), whatever names and callbacks put in it
 * @err:	error to fill in
 * @file:	file name
 * @line:	1-based line, 0 if none
 * @col:	1-based byte column, 0 if none
 * @fmt:	message format
 * @ap:		its arguments
 *
 * Return: -1
 */
int pol_vfail(struct pol_error *err, const char *file, int line, int col,
	      const char *fmt, va_list ap)
{
	char *c;

	snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	for (c = err->msg; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
	return -1;
}

static int lex_col(const struct lex *lx)
{
	return (int)(lx->pos - lx->bol) + 1;
}

static int lex_fail_at(struct lex *lx, size_t pos, const char *msg)
{
	return pol_fail(lx->err, lx->file, lx->line, (int)(pos - lx->bol) + 1,
			"%s", msg);
}

/* Check the line that starts at lx->pos: length and bytes */
static int lex_check_line(struct lex *lx)
{
	const char *p = lx->text + lx->pos, *nl;
	size_t n = lx->len - lx->pos, i;

	nl = memchr(p, '\n', n);
	if (nl)
		n = (size_t)(nl - p);
	for (i = 0; i < n && i < POL_LINE_MAX; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!c)
			return lex_fail_at(lx, lx->pos + i,
					   "NUL byte in the text");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return pol_fail(lx->err, lx->file, lx->line,
					(int)i + 1,
					"control character 0x%02x in the text "
					"(only tab and newline are allowed)",
					c);
	}
	if (n > POL_LINE_MAX)
		return lex_fail_at(lx, lx->pos + POL_LINE_MAX,
				   "line too long (max 1024 bytes)");
	return 0;
}

/* Step over a newline at lx->pos and check the line after it */
static int lex_newline(struct lex *lx)
{
	lx->pos++;
	lx->bol = lx->pos;
	lx->line++;
	return lex_check_line(lx);
}

/**
 * lex_init() - start reading a text
 * @lx:		tokenizer state
 * @text:	the text
 * @len:	its length
 * @file:	name for error messages (kept, not copied)
 * @err:	where an error is described
 *
 * Return: 0, or -1 if the first line is not acceptable.
 */
int lex_init(struct lex *lx, const char *text, size_t len, const char *file,
	     struct pol_error *err)
{
	memset(lx, 0, sizeof(*lx));
	lx->text = text;
	lx->len = len;
	lx->line = 1;
	lx->file = file;
	lx->err = err;
	return lex_check_line(lx);
}

/* Skip blanks, continuations ("\\\n") and a comment */
static int lex_skip(struct lex *lx)
{
	while (lx->pos < lx->len) {
		char c = lx->text[lx->pos];

		/* NOLINTNEXTLINE(bugprone-branch-clone): two cases */
		if (c == ' ' || c == '\t') {
			lx->pos++;
		} else if (c == '\\' && lx->pos + 1 == lx->len) {
			lx->pos++;
		} else if (c == '\\' && lx->text[lx->pos + 1] == '\n') {
			lx->pos++;
			if (lex_newline(lx))
				return -1;
		} else if (c == '#') {
			while (lx->pos < lx->len && lx->text[lx->pos] != '\n')
				lx->pos++;
		} else {
			break;
		}
	}
	return 0;
}

static int lex_put(struct lex *lx, struct tok *t, char c)
{
	if (t->len == POL_TOKEN_MAX)
		return pol_fail(lx->err, lx->file, t->line, t->col,
				"word too long (max %d bytes)", POL_TOKEN_MAX);
	t->s[t->len++] = c;
	t->s[t->len] = '\0';
	return 0;
}

/* A quoted part of a word: lx->pos is on the opening quote */
static int lex_quoted(struct lex *lx, struct tok *t)
{
	size_t open = lx->pos++;
	char c;

	t->quoted = true;
	for (;;) {
		if (lx->pos == lx->len || lx->text[lx->pos] == '\n')
			return lex_fail_at(lx, open,
					   "unterminated quoted string");
		c = lx->text[lx->pos];
		if (c == '"') {
			lx->pos++;
			return 0;
		}
		if (c == '\\') {
			if (lx->pos + 1 == lx->len ||
			    lx->text[lx->pos + 1] == '\n')
				return lex_fail_at(lx, open, "unterminated "
						   "quoted string");
			c = lx->text[lx->pos + 1];
			if (c != '"' && c != '\\')
				return lex_fail_at(lx, lx->pos,
					"invalid escape in a quoted string "
					"(only \\\" and \\\\)");
			lx->pos++;
		}
		if (lex_put(lx, t, c))
			return -1;
		lx->pos++;
	}
}

static bool lex_ends_word(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '#' || c == '{' ||
	       c == '}';
}

static int lex_word(struct lex *lx, struct tok *t)
{
	t->type = TOK_WORD;
	while (lx->pos < lx->len) {
		char c = lx->text[lx->pos];

		if (lex_ends_word(c))
			break;
		if (c == '"') {
			if (lex_quoted(lx, t))
				return -1;
			continue;
		}
		if (c == '\\') {
			if (lx->pos + 1 == lx->len ||
			    lx->text[lx->pos + 1] == '\n')
				break;
			return lex_fail_at(lx, lx->pos,
				"stray backslash (only at the end of a line "
				"or in a quoted string)");
		}
		if (lex_put(lx, t, c))
			return -1;
		lx->pos++;
	}
	return 0;
}

/**
 * lex_next() - read the next token
 * @lx:		tokenizer state
 * @t:		the token read
 *
 * At the end of the text, every further call returns TOK_EOF.
 *
 * Return: 0, or -1 with the error described.
 */
int lex_next(struct lex *lx, struct tok *t)
{
	char c;

	if (lx->pending_nl) {
		lx->pending_nl = false;
		if (lex_newline(lx))
			return -1;
	}
	if (lex_skip(lx))
		return -1;
	t->quoted = false;
	t->len = 0;
	t->s[0] = '\0';
	t->line = lx->line;
	t->col = lex_col(lx);
	if (lx->pos == lx->len) {
		t->type = TOK_EOF;
		return 0;
	}
	c = lx->text[lx->pos];
	if (c == '\n') {
		lx->pending_nl = true;
		t->type = TOK_EOL;
		return 0;
	}
	if (c == '{' || c == '}') {
		lx->pos++;
		t->type = c == '{' ? TOK_LBRACE : TOK_RBRACE;
		return 0;
	}
	return lex_word(lx, t);
}

/**
 * lex_show() - a token for an error message: a word in quotes, at most 64
 * bytes of it, bytes outside printable ASCII as '?'
 * @t:		token
 * @buf:	where to build the text
 * @size:	its size
 *
 * Return: @buf, or a constant string for a token that is not a word.
 */
const char *lex_show(const struct tok *t, char *buf, size_t size)
{
	size_t i, n = t->len > 64 ? 64 : t->len;
	char w[72];

	switch (t->type) {
	case TOK_EOF:
		return "end of file";
	case TOK_EOL:
		return "end of line";
	case TOK_LBRACE:
		return "'{'";
	case TOK_RBRACE:
		return "'}'";
	case TOK_WORD:
		break;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t->s[i];

		w[i] = (char)((c >= 0x20 && c < 0x7f) ? c : '?');
	}
	w[n] = '\0';
	snprintf(buf, size, "'%s%s'", w, t->len > n ? "..." : "");
	return buf;
}
