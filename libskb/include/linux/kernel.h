/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/kernel.h>, the grab bag module code expects: printk and
 * BUG/WARN, ARRAY_SIZE, container_of, min/max, the *_MAX limits, rounding
 * helpers. Extends the uapi header of the same name.
 *
 * The kernel's own formatted-output and parsing functions (lib/vsprintf.c)
 * share their names with the C library's: snprintf(), sprintf(),
 * vsnprintf(), vsprintf(), sscanf(), vsscanf(). Module code must get the
 * kernel's behaviour (%pI4, %pM, %*ph, "(null)" for a NULL %s, no %n, no
 * floating point), so in C these names are macros for libskb's
 * implementations (libskb_snprintf, ...); C++ code (libskb itself, tests)
 * keeps the C library's and calls the libskb_ names when it wants the
 * kernel's.
 *
 * min() and max() are defined for C only: in C++ they would capture every
 * later std::min/std::max. min_t()/max_t() are available to both.
 */
#ifndef _LIBSKB_LINUX_KERNEL_H
#define _LIBSKB_LINUX_KERNEL_H

#include_next <linux/kernel.h>

#include <limits.h>
#include <linux/limits.h>
#include <asm/byteorder.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/types.h>
#include <linux/kstrtox.h>
#include <linux/stringify.h>
#include <linux/stddef.h>
#include <stdarg.h>
#include <stddef.h>

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

#ifndef container_of
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#endif

#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#define FIELD_SIZEOF(t, f) sizeof_field(t, f)

#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(ll, d) DIV_ROUND_UP((unsigned long long)(ll), (d))
#define DIV_ROUND_DOWN_ULL(ll, d) ((unsigned long long)(ll) / (d))
#define DIV_ROUND_CLOSEST(x, divisor)						\
	({									\
		__typeof__(x) __x = (x);					\
		__typeof__(divisor) __d = (divisor);				\
		(((__typeof__(x))-1) > 0 || ((__typeof__(divisor))-1) > 0 ||	\
		 (((__x) > 0) == ((__d) > 0))) ?				\
			(((__x) + ((__d) / 2)) / (__d)) :			\
			(((__x) - ((__d) / 2)) / (__d));			\
	})
#define roundup(x, y) ({ __typeof__(y) __y = (y); (((x) + (__y - 1)) / __y) * __y; })
#define rounddown(x, y) ({ __typeof__(x) __x = (x); __x - (__x % (y)); })
#define ALIGN_DOWN(x, a) __ALIGN_KERNEL_MASK((x) - ((a) - 1), (__typeof__(x))(a) - 1)
#define __ALIGN_MASK(x, mask) __ALIGN_KERNEL_MASK((x), (mask))
#define PTR_ALIGN(p, a) ((__typeof__(p))ALIGN((unsigned long)(p), (a)))
#define PTR_ALIGN_DOWN(p, a) ((__typeof__(p))ALIGN_DOWN((unsigned long)(p), (a)))
#define mult_frac(x, n, d) ({ __typeof__(x) q = (x) / (d); __typeof__(x) r = (x) % (d); (q * (n)) + ((r * (n)) / (d)); })
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_16_bits(n) ((u16)((n) >> 16))
#define lower_16_bits(n) ((u16)((n) & 0xffff))
#define REPEAT_BYTE(x) ((~0ul / 0xff) * (x))
#define STACK_MAGIC 0xdeadbeef
#include <linux/libskb_api.h>
#if !LIBSKB_API_AT_LEAST(2, 6, 36) /* NIPQUAD was removed in 2.6.36 (%pI4 replaced it) */
#define NIPQUAD(addr) ((unsigned char *)&(addr))[0], ((unsigned char *)&(addr))[1], \
	((unsigned char *)&(addr))[2], ((unsigned char *)&(addr))[3]
#define NIPQUAD_FMT "%u.%u.%u.%u"
#endif

/* Hex digits (lib/hexdump.c). */
LIBSKB_EXTERN_C_BEGIN
extern const char hex_asc[];
extern const char hex_asc_upper[];
LIBSKB_EXTERN_C_END
#define hex_asc_lo(x) hex_asc[((x) & 0x0f)]
#define hex_asc_hi(x) hex_asc[((x) & 0xf0) >> 4]
#define hex_asc_upper_lo(x) hex_asc_upper[((x) & 0x0f)]
#define hex_asc_upper_hi(x) hex_asc_upper[((x) & 0xf0) >> 4]
static inline char *hex_byte_pack(char *buf, u8 byte)
{
	*buf++ = hex_asc_hi(byte);
	*buf++ = hex_asc_lo(byte);
	return buf;
}
static inline char *hex_byte_pack_upper(char *buf, u8 byte)
{
	*buf++ = hex_asc_upper_hi(byte);
	*buf++ = hex_asc_upper_lo(byte);
	return buf;
}
#define pack_hex_byte(buf, byte) hex_byte_pack((buf), (byte))

LIBSKB_EXTERN_C_BEGIN
/* lib/hexdump.c */
int hex_to_bin(unsigned char ch);
int __must_check hex2bin(u8 *dst, const char *src, size_t count);
char *bin2hex(char *dst, const void *src, size_t count);

/* lib/vsprintf.c, with the kernel's %p extensions (format.cc). */
__printf(3, 4) int libskb_snprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int libskb_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(2, 3) int libskb_sprintf(char *buf, const char *fmt, ...);
__printf(2, 0) int libskb_vsprintf(char *buf, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
/* kasprintf(): the formatted string in a kmalloc(@gfp) buffer; NULL on failure. */
__printf(2, 3) char *kasprintf(gfp_t gfp, const char *fmt, ...);
__printf(2, 0) char *kvasprintf(gfp_t gfp, const char *fmt, va_list args);
__attribute__((__format__(scanf, 2, 3))) int libskb_sscanf(const char *buf, const char *fmt, ...);
__attribute__((__format__(scanf, 2, 0))) int libskb_vsscanf(const char *buf, const char *fmt, va_list args);

/* might_sleep() (kernel/sched/core.c __might_sleep): reports a call made
 * where sleeping is not allowed (a netfilter hook, a held spinlock). */
void libskb_might_sleep(const char *file, int line);
LIBSKB_EXTERN_C_END

#ifndef __cplusplus
#define snprintf libskb_snprintf
#define vsnprintf libskb_vsnprintf
#define sprintf libskb_sprintf
#define vsprintf libskb_vsprintf
#define sscanf libskb_sscanf
#define vsscanf libskb_vsscanf
#endif

#define might_sleep() libskb_might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)
/* cond_resched()/schedule() (kernel/sched/core.c): one thread, nothing to
 * yield to; both are sleeping calls, so they are checked like might_sleep(). */
#define cond_resched() ({ might_sleep(); 0; })
#define cpu_relax() do { } while (0)
#define __ALIGN_KERNEL_MASK(x, mask) (((x) + (mask)) & ~(mask))
#define ALIGN(x, a) __ALIGN_KERNEL_MASK(x, (__typeof__(x))(a) - 1)
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define round_up(x, y) ((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y) ((x) & ~((__typeof__(x))((y) - 1)))

#define min_t(type, x, y) ({ type __min1 = (x); type __min2 = (y); __min1 < __min2 ? __min1 : __min2; })
#define max_t(type, x, y) ({ type __max1 = (x); type __max2 = (y); __max1 > __max2 ? __max1 : __max2; })
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)

#ifndef __cplusplus
#define min(x, y) ({ __typeof__(x) __min1 = (x); __typeof__(y) __min2 = (y); __min1 < __min2 ? __min1 : __min2; })
#define max(x, y) ({ __typeof__(x) __max1 = (x); __typeof__(y) __max2 = (y); __max1 > __max2 ? __max1 : __max2; })
#define min3(x, y, z) min((__typeof__(x))min(x, y), z)
#define max3(x, y, z) max((__typeof__(x))max(x, y), z)
#define clamp(val, lo, hi) min((__typeof__(val))max(val, lo), hi)
#define abs(x) __builtin_choose_expr(sizeof(x) == sizeof(long long), __builtin_llabs(x), \
	__builtin_choose_expr(sizeof(x) == sizeof(long), __builtin_labs(x), __builtin_abs(x)))
#define in_range(val, start, len) ((val) >= (start) && (val) < (start) + (len))
#define swap(a, b) do { __typeof__(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
#endif

#endif /* _LIBSKB_LINUX_KERNEL_H */
