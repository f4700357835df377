/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * mgmt.h - the management console (spec section 5): sessions on the -M
 * socket and on standard input, vde_switch's session grammar, commands.
 */
#ifndef VDE_MGMT_H
#define VDE_MGMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "util.h"

struct sw;

enum {
	MGMT_LINE_MAX	= 1024,		/* longer lines: 1007 error */
	MGMT_OUT_MAX	= 16 << 20,	/* pending output per session */
	MGMT_SESS_MAX	= 64,		/* sessions in all */
	MGMT_SESS_UID	= 16,		/* sessions per uid */
	MGMT_SESS_ADMIN	= 8,		/* of MGMT_SESS_MAX, kept for admins */
};

/* Debug categories: bit numbers, tags as vde_switch prints them */
enum mgmt_dbg {
	DBG_HASH_ADD, DBG_HASH_DEL, DBG_FSTP_STATUS, DBG_FSTP_ROOT,
	DBG_FSTP_ADD, DBG_FSTP_DEL, DBG_PORT_ADD, DBG_PORT_DEL,
	DBG_PORT_DESCR, DBG_EP_ADD, DBG_EP_DEL, DBG__COUNT
};

struct msess;

/**
 * struct mctx - what a command handler gets
 * @sw:		the switch
 * @s:		session (output goes there); NULL for rc-file commands
 * @args:	argument text after the command path, blanks skipped
 */
struct mctx {
	struct sw *sw;
	struct msess *s;
	const char *args;
};

enum {
	MC_MENU		= 1,	/* menu header: not a command */
	MC_DATA		= 2,	/* output framed as a data block */
	MC_ADMIN	= 4,	/* changes the switch: admins only */
	MC_CONFIG	= 8,	/* changes the configuration: state_save() */
};

/**
 * struct mgmt_cmd - one console command
 * @path:	"port/print"
 * @syntax:	argument synopsis for help
 * @help:	one line of help
 * @flags:	MC_*
 * @fn:		handler: 0 on success or a positive errno for the result line
 */
struct mgmt_cmd {
	const char *path;
	const char *syntax;
	const char *help;
	unsigned int flags;
	int (*fn)(struct mctx *c);
};

extern const struct mgmt_cmd mgmt_cmds[];
extern const size_t mgmt_ncmds;

/* mgmt.c */
const struct mgmt_cmd *mgmt_lookup(const struct mgmt_cmd *tab, size_t n,
				   const char *line, const char **args);
int mgmt_line_check(const char *line, size_t len);
void mp(struct mctx *c, const char *fmt, ...) __printf(2, 3);
void mgmt_accept(struct sw *sw);
void mgmt_event(struct sw *sw, struct msess *s, uint32_t events);
void mgmt_stdin_open(struct sw *sw);
void mgmt_stdin_script(struct sw *sw, const char *text, size_t len);
struct msess *mgmt_session_open(struct sw *sw, int rfd, int wfd, uid_t uid,
				bool admin, bool prompt);
void mgmt_debug(struct sw *sw, enum mgmt_dbg cat, const char *fmt, ...)
	__printf(3, 4);
void mgmt_reap(struct sw *sw);
void mgmt_policy_reload(struct sw *sw);
void mgmt_close_all(struct sw *sw);
int mgmt_run_script(struct sw *sw, const char *text, size_t len);
int mgmt_run_line(struct sw *sw, const char *line, size_t len,
		  unsigned int need);
void mgmt_flush(struct mctx *c);
bool mgmt_sess_is_stdin(const struct msess *s);
void mgmt_logout(struct msess *s);
void mgmt_debug_recount(struct sw *sw);
uint32_t *mgmt_sess_debug_mask(struct msess *s);
const char *mgmt_dbg_name(unsigned int cat, unsigned int *tag,
			  const char **help);
struct cap;
struct iovec;
int mgmt_sess_capture(struct sw *sw, struct msess *s, struct cap *cap)
	__must_check;
int mgmt_sess_append(struct sw *sw, struct msess *s, const struct iovec *iov,
		     int n, size_t len) __must_check;

/* cmds.c: argument helpers shared with capture.c */
int mgmt_arg_u32(const char **p, uint32_t *v) __must_check;
int mgmt_arg_word(const char **p, char *buf, size_t len) __must_check;
int mgmt_port_check(struct sw *sw, uint32_t no) __must_check;

#ifdef VDE_TEST_HOOKS
/* violate.c: built with -Dtest_hooks=true only */
int cmd_debug_violate(struct mctx *c);
#endif

/* stpsw.c: the stp/ and fstp/ commands */
int cmd_stp_showinfo(struct mctx *c);
int cmd_stp_print(struct mctx *c);
int cmd_fstp_print(struct mctx *c);
int cmd_stp_enable(struct mctx *c);
int cmd_stp_priority(struct mctx *c);
int cmd_stp_hello(struct mctx *c);
int cmd_stp_maxage(struct mctx *c);
int cmd_stp_fwddelay(struct mctx *c);
int cmd_stp_forceversion(struct mctx *c);
int cmd_stp_trunk(struct mctx *c);
int cmd_stp_edge(struct mctx *c);
int cmd_fstp_setedge(struct mctx *c);
int cmd_stp_cost(struct mctx *c);
int cmd_fstp_bonus(struct mctx *c);
int cmd_stp_portpriority(struct mctx *c);
int cmd_stp_bridgemac(struct mctx *c);

/* names.c */
void names_load(void);
const char *names_user(uint32_t uid, char *buf, size_t len);
const char *names_group(uint32_t gid, char *buf, size_t len);
int names_parse_user(const char *s, uint32_t *uid);
int names_parse_group(const char *s, uint32_t *gid);

#endif /* VDE_MGMT_H */
