// SPDX-License-Identifier: GPL-2.0-or-later
/* Copyright (c) 2026 vde-hardened developers
 *
 * policy.c - the policy.conf parser: entry point, global statements,
 * includes, and the helpers the statements share.
 *
 * Theory of operation: a recursive-descent parser over the tokens of
 * lex.c, exactly the grammar of man/policy.conf.5.  The parser holds one
 * current token; a statement's function is called with the statement's
 * first word current and returns with the end of line (or of file) that
 * ends it current.  Every check is made at the token it is about, so that
 * an error names the line and column of the offending token; the first
 * error stops parsing, and policy_parse() then frees whatever it built,
 * so that a caller holds either a whole policy or nothing.  Names are
 * resolved, and included files read, only through the caller's callbacks:
 * this file does no I/O.  Switch blocks are in block.c, rules in rule.c.
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static __printf(4, 0) int pp_verr(struct parser *p, int line, int col,
				   const char *fmt, va_list ap)
{
	return pol_vfail(p->st->err, p->lx.file, line, col, fmt, ap);
}

/**
 * pp_err() - describe an error at a token
 * @p:		parser
 * @t:		the offending token
 * @fmt:	message format
 *
 * Return: -1
 */
int pp_err(struct parser *p, const struct tok *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_verr(p, t->line, t->col, fmt, ap);
	va_end(ap);
	return -1;
}

/**
 * pp_err_at() - describe an error at a position
 * @p:		parser
 * @pos:	line and column of the offending token
 * @fmt:	message format
 *
 * Return: -1
 */
int pp_err_at(struct parser *p, struct pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_verr(p, pos.line, pos.col, fmt, ap);
	va_end(ap);
	return -1;
}

/**
 * pp_pos() - position of the current token
 * @p:		parser
 *
 * Return: its line and column.
 */
struct pos pp_pos(const struct parser *p)
{
	return (struct pos){ p->tok.line, p->tok.col };
}

/**
 * pp_next() - make the next token current
 * @p:		parser
 *
 * Return: 0 or -1 on a lexical error.
 */
int pp_next(struct parser *p)
{
	return lex_next(&p->lx, &p->tok);
}

/**
 * pp_kw() - whether a token is the keyword @k (an unquoted word)
 * @t:		token
 * @k:		keyword
 *
 * Return: true if it is.
 */
bool pp_kw(const struct tok *t, const char *k)
{
	return t->type == TOK_WORD && !t->quoted && !strcmp(t->s, k);
}

/**
 * pp_show() - the current token for a message
 * @p:		parser
 *
 * Return: a string that lives until the next call.
 */
const char *pp_show(struct parser *p)
{
	return lex_show(&p->tok, p->showbuf, sizeof(p->showbuf));
}

/**
 * pp_end() - the current token must end the statement
 * @p:		parser
 *
 * Return: 0 or -1 (trailing garbage).
 */
int pp_end(struct parser *p)
{
	if (p->tok.type == TOK_EOL || p->tok.type == TOK_EOF)
		return 0;
	return pp_err(p, &p->tok, "unexpected %s at the end of the statement",
		      pp_show(p));
}

/* Decimal digits only, at most 10 of them: the value, or -1 */
static int64_t dec(const struct tok *t)
{
	int64_t v = 0;
	size_t i;

	if (t->type != TOK_WORD || !t->len || t->len > 10)
		return -1;
	for (i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return -1;
		v = v * 10 + (t->s[i] - '0');
	}
	return v;
}

/**
 * pp_num() - the current token as a decimal number in @lo..@hi; advance
 * @p:		parser
 * @what:	name of the value for the message
 * @lo:		smallest value
 * @hi:		largest value
 * @v:		the value
 *
 * Return: 0 or -1.
 */
int pp_num(struct parser *p, const char *what, uint32_t lo, uint32_t hi,
	   uint32_t *v)
{
	int64_t n = dec(&p->tok);

	if (n < lo || n > hi)
		return pp_err(p, &p->tok, "%s must be a number in %u..%u, "
			      "not %s", what, lo, hi, pp_show(p));
	*v = (uint32_t)n;
	return pp_next(p);
}

/**
 * pp_mode() - the current token as an octal mode 0600..0777; advance
 * @p:		parser
 * @what:	name of the value for the message
 * @v:		the mode
 *
 * Return: 0 or -1.
 */
int pp_mode(struct parser *p, const char *what, uint32_t *v)
{
	const struct tok *t = &p->tok;
	uint32_t m = 0;
	size_t i;

	if (t->type != TOK_WORD || !t->len || t->len > 4)
		goto bad;
	for (i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '7')
			goto bad;
		m = m * 8 + (uint32_t)(t->s[i] - '0');
	}
	if (m < 0600 || m > 0777)
		goto bad;
	*v = m;
	return pp_next(p);
bad:
	return pp_err(p, t, "%s must be octal 0600..0777, not %s", what,
		      pp_show(p));
}

/**
 * pp_account() - "NAME" or "uid N" (user) / "gid N" (group); advance
 * @p:		parser
 * @group:	a group, not a user
 * @id:		uid or gid
 * @gid:	a user's primary group (may be NULL)
 *
 * Return: 0 or -1.
 */
int pp_account(struct parser *p, bool group, uint32_t *id, uint32_t *gid)
{
	const struct pol_ops *ops = p->st->ops;
	const char *what = group ? "group" : "user", *num = group ? "gid" :
								      "uid";
	uint32_t g = POL_ANY;

	if (pp_kw(&p->tok, num)) {
		if (pp_next(p))
			return -1;
		return pp_num(p, num, 0, POL_ANY - 1, id);
	}
	if (p->tok.type != TOK_WORD || !p->tok.len)
		return pp_err(p, &p->tok, "expected a %s name or '%s N', "
			      "not %s", what, num, pp_show(p));
	if (!ops || !ops->resolve)
		return pp_err(p, &p->tok,
			      "names are not allowed here (resolved form)");
	if (ops->resolve(ops->ctx, group, p->tok.s, id, &g) ||
	    *id == POL_ANY || (!group && g == POL_ANY))
		return pp_err(p, &p->tok, "unknown %s %s", what, pp_show(p));
	if (gid)
		*gid = g;
	return pp_next(p);
}

/**
 * pp_path() - the current token is an absolute, normalised path shorter
 * than @max bytes
 * @p:		parser
 * @what:	name of the path for the message
 * @max:	size limit, terminating NUL included
 *
 * Return: 0 or -1.
 */
int pp_path(struct parser *p, const char *what, size_t max)
{
	const struct tok *t = &p->tok;
	const char *c;

	if (t->type != TOK_WORD || t->s[0] != '/')
		return pp_err(p, t, "%s must be an absolute path, not %s", what,
			      pp_show(p));
	if (t->len >= max)
		return pp_err(p, t, "%s is too long (max %zu bytes)", what,
			      max - 1);
	for (c = t->s; *c; c++) {
		size_t n;

		if (*c != '/')
			continue;
		n = strcspn(c + 1, "/");
		if (!n || (n == 1 && c[1] == '.') ||
		    (n == 2 && c[1] == '.' && c[2] == '.'))
			return pp_err(p, t, "%s %s is not normalised (no "
				      "empty, '.' or '..' component, no "
				      "trailing '/')", what, pp_show(p));
	}
	return 0;
}

/* user NAME | user uid N gid N */
static int parse_user(struct parser *p)
{
	struct policy *pol = p->st->pol;
	struct pos at;

	if (pol->has_user)
		return pp_err(p, &p->tok, "user given twice (first at line %d)",
			      p->st->user_line);
	p->st->user_line = p->tok.line;
	if (pp_next(p))
		return -1;
	at = pp_pos(p);
	if (pp_kw(&p->tok, "uid")) {
		if (pp_next(p) || pp_num(p, "uid", 0, POL_ANY - 1, &pol->uid))
			return -1;
		if (!pp_kw(&p->tok, "gid"))
			return pp_err(p, &p->tok, "expected 'gid N' after "
				      "'user uid N', not %s", pp_show(p));
		if (pp_next(p) || pp_num(p, "gid", 0, POL_ANY - 1, &pol->gid))
			return -1;
	} else if (pp_account(p, false, &pol->uid, &pol->gid)) {
		return -1;
	}
	if (!pol->uid)
		return pp_err_at(p, at, "the switch account must not be root");
	pol->has_user = true;
	return pp_end(p);
}

static bool inc_seen(struct parser *p, const char *path, bool *active)
{
	int i;

	for (i = 0; i < p->st->ninc; i++) {
		if (!strcmp(p->st->inc[i].path, path)) {
			*active = p->st->inc[i].active;
			return true;
		}
	}
	*active = !strcmp(p->st->top, path);
	return *active;
}

/* Check an include statement; the path token is current */
static int include_check(struct parser *p)
{
	bool active;

	if (pp_path(p, "include path", POL_TOKEN_MAX + 1))
		return -1;
	if (!p->st->ops || !p->st->ops->include)
		return pp_err(p, &p->tok,
			      "include is not allowed here (resolved form)");
	if (p->depth >= POL_INCLUDE_DEPTH)
		return pp_err(p, &p->tok, "includes nested too deeply (max %d)",
			      POL_INCLUDE_DEPTH);
	if (inc_seen(p, p->tok.s, &active))
		return pp_err(p, &p->tok, active ?
			      "include loop: %s is already being read" :
			      "%s is included twice", pp_show(p));
	if (p->st->ninc == POL_INCLUDE_MAX)
		return pp_err(p, &p->tok, "too many included files (max %d)",
			      POL_INCLUDE_MAX);
	return 0;
}

/* include PATH */
static int parse_include(struct parser *p)
{
	const struct pol_ops *ops = p->st->ops;
	struct inc *inc;
	struct tok at;
	char ebuf[128] = "";
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (pp_next(p) || include_check(p))
		return -1;
	at = p->tok;
	if (pp_next(p) || pp_end(p))
		return -1;
	inc = &p->st->inc[p->st->ninc++];
	memcpy(inc->path, at.s, at.len + 1);
	if (ops->include(ops->ctx, inc->path, &text, &len, ebuf,
			 sizeof(ebuf)) || (!text && len)) {
		free(text);
		ebuf[sizeof(ebuf) - 1] = '\0';
		return pp_err(p, &at, "cannot include %s: %s",
			      lex_show(&at, p->showbuf, sizeof(p->showbuf)),
			      ebuf[0] ? ebuf : "error");
	}
	inc->active = true;
	ret = pp_text(p->st, text ? text : "", len, inc->path,
		      p->depth + 1);
	inc->active = false;
	free(text);
	return ret;
}

static int parse_top(struct parser *p)
{
	if (pp_kw(&p->tok, "switch"))
		return pp_switch(p);
	if (pp_kw(&p->tok, "permit") || pp_kw(&p->tok, "deny"))
		return pp_rule(p);
	if (pp_kw(&p->tok, "user"))
		return parse_user(p);
	if (pp_kw(&p->tok, "include"))
		return parse_include(p);
	if (p->tok.type == TOK_WORD)
		return pp_err(p, &p->tok, "unknown keyword %s", pp_show(p));
	return pp_err(p, &p->tok, "unexpected %s", pp_show(p));
}

/**
 * pp_text() - parse one file's statements into the policy
 * @st:		state shared with the including files
 * @text:	the text
 * @len:	its length
 * @file:	name for errors (kept until the end of this call)
 * @depth:	0 for the top file, +1 for each include
 *
 * Return: 0 or -1.
 */
int pp_text(struct pstate *st, const char *text, size_t len,
	    const char *file, int depth)
{
	struct parser p = { .st = st, .depth = depth };
	const char *base = strrchr(file, '/');

	if (depth)
		snprintf(p.rfile, sizeof(p.rfile), "%s", base ? base + 1 :
								  file);
	if (lex_init(&p.lx, text, len, file, st->err))
		return -1;
	for (;;) {
		if (pp_next(&p))
			return -1;
		if (p.tok.type == TOK_EOF)
			return 0;
		if (p.tok.type == TOK_EOL)
			continue;
		if (parse_top(&p))
			return -1;
		if (p.tok.type == TOK_EOF)
			return 0;
	}
}

/**
 * policy_parse() - parse policy.conf text
 * @text:	the file's bytes (need not be NUL-terminated)
 * @len:	their number
 * @file:	name for error messages
 * @ops:	resolvers (may be NULL)
 * @pol:	result; zeroed first; free with policy_free() on success
 * @err:	where the first error is described
 *
 * Return: 0, or -1 with @err filled in and nothing left allocated.
 */
int policy_parse(const char *text, size_t len, const char *file,
		 const struct pol_ops *ops, struct policy *pol,
		 struct pol_error *err)
{
	struct pstate *st;
	int ret;

	memset(pol, 0, sizeof(*pol));
	memset(err, 0, sizeof(*err));
	if (!file)
		file = "(policy)";
	st = calloc(1, sizeof(*st));
	if (!st)
		return pol_fail(err, file, 0, 0, "out of memory");
	st->pol = pol;
	st->ops = ops;
	st->err = err;
	st->top = file;
	ret = pp_text(st, text ? text : "", text ? len : 0, file, 0);
	free(st);
	if (ret)
		policy_free(pol);
	return ret;
}

/**
 * policy_free() - free what policy_parse() allocated, and zero @pol
 * @pol:	policy (may be NULL)
 */
void policy_free(struct policy *pol)
{
	int i;

	if (!pol)
		return;
	for (i = 0; i < pol->nrules; i++)
		free(pol->rules[i].trunk_vlans);
	free(pol->rules);
	free(pol->switches);
	memset(pol, 0, sizeof(*pol));
}
