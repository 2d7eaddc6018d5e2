/* SPDX-License-Identifier: MIT */
/* libskb: <linux/build_bug.h> - compile-time checks (include/linux/build_bug.h); BUILD_BUG_ON
 * and friends are defined in <linux/bug.h>, which includes this header's users. */
#ifndef _LIBSKB_LINUX_BUILD_BUG_H
#define _LIBSKB_LINUX_BUILD_BUG_H

#include <linux/bug.h>

/* An expression: 0, or a compile error if @e is non-zero (a negative-width bit-field). */
#ifndef __cplusplus
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int : (-!!(e)); })))
#else
#define BUILD_BUG_ON_ZERO(e) (0 * sizeof(char[1 - 2 * !!(e)]))
#endif
#define BUILD_BUG_ON_NOT_POWER_OF_2(n) BUILD_BUG_ON((n) == 0 || (((n) & ((n) - 1)) != 0))
#define BUILD_BUG_ON_INVALID(e) ((void)(sizeof((long)(e))))
/* static_assert(expr[, msg]) (v5.1+): C only, C++ has its own. */
#ifndef __cplusplus
#undef static_assert
#define static_assert(expr, ...) _Static_assert(expr, "" __VA_ARGS__)
#endif

#endif /* _LIBSKB_LINUX_BUILD_BUG_H */
