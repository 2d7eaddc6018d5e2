/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/kernel.h>, the grab bag module code expects: printk and
 * BUG/WARN, ARRAY_SIZE, container_of, min/max, the *_MAX limits, rounding
 * helpers. Extends the uapi header of the same name.
 *
 * min() and max() are defined for C only: in C++ they would capture every
 * later std::min/std::max. min_t()/max_t() are available to both.
 */
#ifndef _LIBSKB_LINUX_KERNEL_H
#define _LIBSKB_LINUX_KERNEL_H

#include_next <linux/kernel.h>

#include <limits.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/types.h>
#include <stddef.h>

#define U8_MAX		((u8)~0U)
#define S8_MAX		((s8)(U8_MAX >> 1))
#define S8_MIN		((s8)(-S8_MAX - 1))
#define U16_MAX		((u16)~0U)
#define S16_MAX		((s16)(U16_MAX >> 1))
#define S16_MIN		((s16)(-S16_MAX - 1))
#define U32_MAX		((u32)~0U)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#define S64_MIN		((s64)(-S64_MAX - 1))

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

#ifndef container_of
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))
#endif

#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#define FIELD_SIZEOF(t, f) sizeof_field(t, f)

#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
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
#define swap(a, b) do { __typeof__(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
#endif

#endif /* _LIBSKB_LINUX_KERNEL_H */
