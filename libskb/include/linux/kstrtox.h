/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/kstrtox.h> - string to integer conversion (lib/kstrtox.c,
 * lib/vsprintf.c's simple_strto*; the header is v5.14+, the functions date
 * from 2.6.39 (kstrto*) and forever (simple_strto*); <linux/kernel.h>
 * includes this header, as it declared them before 5.14).
 *
 * kstrto*(): the whole string must be the number, optionally followed by one
 * newline; a leading '+' is accepted, '-' only by the signed forms; base 0
 * means "0x" -> 16, "0" -> 8, else 10. Returns 0, -EINVAL (not a number) or
 * -ERANGE (overflow), and leaves *res untouched on error.
 * The _from_user forms copy at most 63 bytes of user memory first
 * (-EFAULT on a bad pointer).
 */
#ifndef _LIBSKB_LINUX_KSTRTOX_H
#define _LIBSKB_LINUX_KSTRTOX_H

#include <linux/compiler.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
int __must_check kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int __must_check kstrtoll(const char *s, unsigned int base, long long *res);
int __must_check kstrtoul(const char *s, unsigned int base, unsigned long *res);
int __must_check kstrtol(const char *s, unsigned int base, long *res);
int __must_check kstrtouint(const char *s, unsigned int base, unsigned int *res);
int __must_check kstrtoint(const char *s, unsigned int base, int *res);
int __must_check kstrtou16(const char *s, unsigned int base, u16 *res);
int __must_check kstrtos16(const char *s, unsigned int base, s16 *res);
int __must_check kstrtou8(const char *s, unsigned int base, u8 *res);
int __must_check kstrtos8(const char *s, unsigned int base, s8 *res);
int __must_check kstrtobool(const char *s, bool *res);

int __must_check kstrtoull_from_user(const char __user *s, size_t count, unsigned int base, unsigned long long *res);
int __must_check kstrtoll_from_user(const char __user *s, size_t count, unsigned int base, long long *res);
int __must_check kstrtoul_from_user(const char __user *s, size_t count, unsigned int base, unsigned long *res);
int __must_check kstrtol_from_user(const char __user *s, size_t count, unsigned int base, long *res);
int __must_check kstrtouint_from_user(const char __user *s, size_t count, unsigned int base, unsigned int *res);
int __must_check kstrtoint_from_user(const char __user *s, size_t count, unsigned int base, int *res);
int __must_check kstrtou16_from_user(const char __user *s, size_t count, unsigned int base, u16 *res);
int __must_check kstrtos16_from_user(const char __user *s, size_t count, unsigned int base, s16 *res);
int __must_check kstrtou8_from_user(const char __user *s, size_t count, unsigned int base, u8 *res);
int __must_check kstrtos8_from_user(const char __user *s, size_t count, unsigned int base, s8 *res);
int __must_check kstrtobool_from_user(const char __user *s, size_t count, bool *res);

/* simple_strto*(): parse a prefix, stop at the first non-digit, no overflow check. */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
LIBSKB_EXTERN_C_END

#define kstrtou64(s, base, res) kstrtoull((s), (base), (unsigned long long *)(res))
#define kstrtos64(s, base, res) kstrtoll((s), (base), (long long *)(res))
#define kstrtou32(s, base, res) kstrtouint((s), (base), (unsigned int *)(res))
#define kstrtos32(s, base, res) kstrtoint((s), (base), (int *)(res))
#define kstrtou64_from_user(s, c, base, res) kstrtoull_from_user((s), (c), (base), (unsigned long long *)(res))
#define kstrtou32_from_user(s, c, base, res) kstrtouint_from_user((s), (c), (base), (unsigned int *)(res))
#define kstrtos32_from_user(s, c, base, res) kstrtoint_from_user((s), (c), (base), (int *)(res))
/* strtobool() (before 6.2): kstrtobool. */
#define strtobool(s, res) kstrtobool((s), (res))
/* strict_strto*() (2.6.x - 3.x): the kstrto* semantics. */
#define strict_strtoul(s, base, res) kstrtoul((s), (base), (res))
#define strict_strtol(s, base, res) kstrtol((s), (base), (res))
#define strict_strtoull(s, base, res) kstrtoull((s), (base), (res))
#define strict_strtoll(s, base, res) kstrtoll((s), (base), (res))

#endif /* _LIBSKB_LINUX_KSTRTOX_H */
