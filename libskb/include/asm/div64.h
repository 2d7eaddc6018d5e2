/* SPDX-License-Identifier: MIT */
/* libskb: <asm/div64.h> - do_div(n, base): divides the u64 @n in place, returns the remainder
 * (include/asm-generic/div64.h, 64-bit form). */
#ifndef _LIBSKB_ASM_DIV64_H
#define _LIBSKB_ASM_DIV64_H

#include <linux/types.h>

#define do_div(n, base)							\
	({								\
		u32 __base = (base);					\
		u32 __rem = (u32)((u64)(n) % __base);			\
		(n) = (u64)(n) / __base;				\
		__rem;							\
	})

#endif /* _LIBSKB_ASM_DIV64_H */
