/* SPDX-License-Identifier: GPL-2.0-or-later
 * Copyright (c) 2026 vde-hardened developers
 *
 * util.h - small macros shared by every program.
 */
#ifndef VDE_UTIL_H
#define VDE_UTIL_H

#include <ctype.h>
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

/**
 * mac_parse() - read a MAC address strictly
 * @s:		six groups of one or two hex digits, @sep between them,
 *		nothing before or after ("2:0:0:0:0:a1", "02.00.00.00.00.a1")
 * @sep:	':' or '.'
 * @mac:	result, 6 bytes (untouched on error)
 *
 * sscanf("%x") accepted "+1", " 1", "0x1" and "1000000001" (truncated to
 * 0x01) as a byte.
 *
 * Return: 0, or -1 if @s is anything else.
 */
static inline int __must_check mac_parse(const char *s, char sep,
					 uint8_t *mac)
{
	uint8_t b[6];
	int i, n;

	for (i = 0; i < 6; i++) {
		unsigned int v = 0;

		for (n = 0; n < 2 && isxdigit((unsigned char)*s); n++, s++) {
			int c = tolower((unsigned char)*s);

			v = v * 16 +
			    (unsigned int)(c <= '9' ? c - '0' : c - 'a' + 10);
		}
		if (!n || *s != (i < 5 ? sep : '\0'))
			return -1;
		b[i] = (uint8_t)v;
		s++;
	}
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* ASSERT() - internal invariant, never for input checks */
#define ASSERT(expr)							\
	do {								\
		if (!(expr))						\
			die("assertion failed: %s (%s:%d)", #expr,	\
			    __FILE__, __LINE__);			\
	} while (0)

#endif /* VDE_UTIL_H */
