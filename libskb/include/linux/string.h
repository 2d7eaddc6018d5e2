/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/string.h> - the C library's string functions (lib/string.c
 * implements the same ones with the same semantics) plus the kernel-only
 * helpers (lib/string.c, lib/string_helpers.c, mm/util.c), implemented in
 * src/kernel/string.cc. The allocating ones (kstrdup, kmemdup, ...) allocate
 * through kmalloc, so the memory model, ASan and fault injection see them.
 */
#ifndef _LIBSKB_LINUX_STRING_H
#define _LIBSKB_LINUX_STRING_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/types.h>
#include <string.h>

LIBSKB_EXTERN_C_BEGIN
/* Models strscpy() (lib/string.c, v4.3+): copy with truncation, always
 * NUL-terminated (when count > 0); the length copied, or -E2BIG. */
ssize_t libskb_strscpy(char *dest, const char *src, size_t count);
/* Models strscpy_pad() (v5.2+): strscpy, then zero the rest of @dest. */
ssize_t strscpy_pad(char *dest, const char *src, size_t count);
/* Models strlcpy() (lib/string.c, removed in 6.8): strlen(src); copies at most size-1. */
size_t libskb_strlcpy(char *dest, const char *src, size_t size);
/* Models strlcat(): the length it tried to create. */
size_t libskb_strlcat(char *dest, const char *src, size_t count);
/* Models strnstr(): @s2 within the first @len bytes of @s1. */
char *strnstr(const char *s1, const char *s2, size_t len);
/* Models strim(): trims trailing whitespace in place, returns past leading whitespace. */
char *strim(char *s);
/* Models skip_spaces(). */
char *skip_spaces(const char *str);
/* Models strreplace() (6.6+ returns char *; earlier the count is not returned). */
char *strreplace(char *str, char old, char new_);
/* Models memchr_inv(): the first byte in [start, start+bytes) that is not @c, or NULL. */
void *memchr_inv(const void *start, int c, size_t bytes);
/* Models sysfs_streq(): equal, ignoring one trailing newline on either. */
bool sysfs_streq(const char *s1, const char *s2);
/* Models match_string()/__sysfs_match_string(): index of @string in @array or -EINVAL. */
int match_string(const char *const *array, size_t n, const char *string);
int __sysfs_match_string(const char *const *array, size_t n, const char *str);
/* Models kstrdup() & co (mm/util.c): kmalloc'd copies; NULL for a NULL source or on failure. */
char *kstrdup(const char *s, gfp_t gfp);
const char *kstrdup_const(const char *s, gfp_t gfp);
void kfree_const(const void *x);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp);
/* Models memdup_user()/strndup_user() (mm/util.c): ERR_PTR(-EFAULT) on a bad pointer. */
void *memdup_user(const void __user *src, size_t len);
void *memdup_user_nul(const void __user *src, size_t len);
char *strndup_user(const char __user *s, long n);
LIBSKB_EXTERN_C_END

#define strscpy(dest, src, ...) libskb_strscpy((dest), (src), LIBSKB_STRSCPY_SIZE_(dest, ##__VA_ARGS__, sizeof(dest)))
#define LIBSKB_STRSCPY_SIZE_(dest, size, ...) (size)
#include <linux/libskb_api.h>
#ifndef __cplusplus
/* strsep(): the C library's (the kernel's lib/string.c has the same
 * semantics); declared for strict C modes, where <string.h> does not. */
extern char *strsep(char **stringp, const char *delim);
extern int strncasecmp(const char *s1, const char *s2, size_t n);
extern int strcasecmp(const char *s1, const char *s2);
#if !LIBSKB_API_AT_LEAST(4, 0) /* strnicmp() was removed in 4.0 */
#define strnicmp strncasecmp
#endif
#define strlcpy libskb_strlcpy
#define strlcat libskb_strlcat
#endif

static inline char *strstrip(char *str) { return strim(str); }
#define sysfs_match_string(_a, _s) __sysfs_match_string(_a, sizeof(_a) / sizeof((_a)[0]), _s)

/* str_has_prefix() (v5.0+): strlen(prefix) if @str starts with it, else 0. */
static inline size_t str_has_prefix(const char *str, const char *prefix)
{
	size_t len = strlen(prefix);

	return strncmp(str, prefix, len) == 0 ? len : 0;
}
static inline bool strstarts(const char *str, const char *prefix) { return strncmp(str, prefix, strlen(prefix)) == 0; }

/* memzero_explicit() (lib/string.c): a memset the compiler may not drop. */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

static inline const char *kbasename(const char *path)
{
	const char *tail = strrchr(path, '/');

	return tail ? tail + 1 : path;
}

#endif /* _LIBSKB_LINUX_STRING_H */
