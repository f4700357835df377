/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * util.h - small macros shared by every program.
 */
#ifndef VDE_UTIL_H
#define VDE_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define MAX(a, b)		((a) > (b) ? (a) : (b))
#define __must_check		__attribute__((warn_unused_result))
#define __printf(f, a)		__attribute__((format(printf, f, a)))
#define __noreturn		__attribute__((noreturn))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* ASSERT() - internal invariant, never for input checks */
#define ASSERT(expr)							\
	do {								\
		if (!(expr))						\
			die("assertion failed: %s (%s:%d)", #expr,	\
			    __FILE__, __LINE__);			\
	} while (0)

#endif /* VDE_UTIL_H */
