/* SPDX-License-Identifier: MIT */
/* libskb: <linux/string.h>: the C library's string functions (the kernel's
 * lib/string.c implements the same ones) plus the kernel-only helpers module
 * code commonly uses. */
#ifndef _LIBSKB_LINUX_STRING_H
#define _LIBSKB_LINUX_STRING_H

#include <linux/types.h>
#include <string.h>

/* Models strscpy() (lib/string.c, v4.3+): copy with truncation, always
 * NUL-terminated; the length copied, or -E2BIG (-7) if src did not fit. */
static inline long libskb_strscpy(char *dest, const char *src, size_t count)
{
	size_t n = 0;

	if (count == 0)
		return -7;
	while (n < count && src[n] != '\0')
		n++;
	if (n == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = '\0';
		return -7;
	}
	memcpy(dest, src, n + 1);
	return (long)n;
}
#define strscpy(dest, src, count) libskb_strscpy((dest), (src), (count))

/* memzero_explicit() (lib/string.c): a memset the compiler may not drop. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

#endif /* _LIBSKB_LINUX_STRING_H */
