/* SPDX-License-Identifier: MIT */
/* libskb: <linux/log2.h> - integer logarithms and power-of-two rounding (include/linux/log2.h). */
#ifndef _LIBSKB_LINUX_LOG2_H
#define _LIBSKB_LINUX_LOG2_H

#include <linux/bitops.h>
#include <linux/types.h>

static inline int __ilog2_u32(u32 n) { return fls(n) - 1; }
static inline int __ilog2_u64(u64 n) { return fls64(n) - 1; }
static inline bool is_power_of_2(unsigned long n) { return n != 0 && ((n & (n - 1)) == 0); }
static inline unsigned long __roundup_pow_of_two(unsigned long n) { return 1UL << fls64(n - 1); }
static inline unsigned long __rounddown_pow_of_two(unsigned long n) { return 1UL << (fls64(n) - 1); }

/* ilog2(): a constant expression for constants (array sizes in DEFINE_HASHTABLE). */
#define LIBSKB_ILOG2_8_(n) ((n) >= 128 ? 7 : (n) >= 64 ? 6 : (n) >= 32 ? 5 : (n) >= 16 ? 4 : (n) >= 8 ? 3 : (n) >= 4 ? 2 : (n) >= 2 ? 1 : 0)
#define LIBSKB_ILOG2_32_(n)							\
	((n) >= (1ULL << 24) ? 24 + LIBSKB_ILOG2_8_((n) >> 24) :		\
	 (n) >= (1ULL << 16) ? 16 + LIBSKB_ILOG2_8_((n) >> 16) :		\
	 (n) >= (1ULL << 8) ? 8 + LIBSKB_ILOG2_8_((n) >> 8) : LIBSKB_ILOG2_8_(n))
#define ilog2(n)								\
	(__builtin_constant_p(n) ?						\
		((unsigned long long)(n) >= (1ULL << 32) ?			\
			32 + LIBSKB_ILOG2_32_((unsigned long long)(n) >> 32) :	\
			LIBSKB_ILOG2_32_((unsigned long long)(n))) :		\
	 (sizeof(n) <= 4) ? __ilog2_u32((u32)(n)) : __ilog2_u64((u64)(n)))
#define roundup_pow_of_two(n) (__roundup_pow_of_two(n))
#define rounddown_pow_of_two(n) (__rounddown_pow_of_two(n))
#define order_base_2(n) ((n) > 1 ? ilog2((n) - 1) + 1 : 0)

#endif /* _LIBSKB_LINUX_LOG2_H */
