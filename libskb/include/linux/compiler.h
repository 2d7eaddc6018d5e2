/* SPDX-License-Identifier: MIT */
/* libskb: the compiler annotations kernel code uses, as no-ops or builtins. */
#ifndef _LIBSKB_LINUX_COMPILER_H
#define _LIBSKB_LINUX_COMPILER_H

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((__aligned__(x)))
#endif
#ifndef __must_check
#define __must_check __attribute__((__warn_unused_result__))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((__unused__))
#endif
#ifndef __force
#define __force
#endif
#ifndef __user
#define __user
#endif
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))

#ifdef __cplusplus
#define LIBSKB_EXTERN_C_BEGIN extern "C" {
#define LIBSKB_EXTERN_C_END }
#else
#define LIBSKB_EXTERN_C_BEGIN
#define LIBSKB_EXTERN_C_END
#endif

/* A compile-time assertion that reads the same in C11 and C++. */
#ifdef __cplusplus
#define LIBSKB_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define LIBSKB_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

#endif /* _LIBSKB_LINUX_COMPILER_H */
