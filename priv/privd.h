/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * privd.h - vde-privd: what it holds for each switch of the policy.
 */
#ifndef VDE_PRIVD_H
#define VDE_PRIVD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "policy.h"

enum { DIRS_CREATED_MAX = 8 };

/* Descriptors and paths set up for one switch; they survive child
 * restarts (the state memfd lives in struct child: it survives even a
 * change of the switch block) */
struct swres {
	int ctl_fd;
	int mgmt_fd;
	int tap_fd[POL_TAP_MAX];
	int udp_fd[POL_CABLE_MAX];	/* bound for the switch's cables */
	char tap_name[POL_TAP_MAX][POL_IFNAME_MAX];
	/* missing ancestors privd made, until privd.c adopts them (other
	 * switches may come to share them) */
	char created[DIRS_CREATED_MAX][POL_PATH_MAX];
	int ncreated;
	bool dir_made;			/* the switch directory itself */
};

/* setup.c */
int res_check(const struct policy *pol, int i, uid_t swuid, bool ours,
	      char *err, size_t errlen) __must_check;
int res_setup(const struct policy *pol, int i, uid_t swuid, gid_t swgid,
	      struct swres *r, char *err, size_t errlen) __must_check;
int res_tap_open(const struct pol_tap *t, int *fd, char *err, size_t errlen)
	__must_check;
int res_cables(const struct pol_switch *s, struct swres *r, char *err,
	       size_t errlen) __must_check;
void res_release(const struct pol_switch *s, struct swres *r);
int res_child_view(const char *dir) __must_check;

#endif /* VDE_PRIVD_H */
