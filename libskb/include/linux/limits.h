/* SPDX-License-Identifier: MIT */
/* libskb: <linux/limits.h> - the C limits plus the kernel's fixed-width ones
 * (include/linux/limits.h, include/vdso/limits.h). Extends the uapi header. */
#ifndef _LIBSKB_LINUX_LIMITS_H
#define _LIBSKB_LINUX_LIMITS_H

#include_next <linux/limits.h>

/* Macro-only (glibc's <limits.h> includes <linux/limits.h>): the types in
 * the expansions come from <linux/types.h> where they are used. */
#include <limits.h>

#ifndef U8_MAX
#define U8_MAX		((u8)~0U)
#define S8_MAX		((s8)(U8_MAX >> 1))
#define S8_MIN		((s8)(-S8_MAX - 1))
#define U16_MAX		((u16)~0U)
#define S16_MAX		((s16)(U16_MAX >> 1))
#define S16_MIN		((s16)(-S16_MAX - 1))
#define U32_MAX		((u32)~0U)
#define U32_MIN		((u32)0)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#define S64_MIN		((s64)(-S64_MAX - 1))
#endif
#ifndef SIZE_MAX
#define SIZE_MAX	(~(size_t)0)
#endif
#ifndef SSIZE_MAX
#define SSIZE_MAX	((ssize_t)(SIZE_MAX >> 1))
#endif
#define PHYS_ADDR_MAX	(~(phys_addr_t)0)
#ifndef LLONG_MAX
#define LLONG_MAX	((long long)(~0ULL >> 1))
#endif
#ifndef ULLONG_MAX
#define ULLONG_MAX	(~0ULL)
#endif

#endif /* _LIBSKB_LINUX_LIMITS_H */
