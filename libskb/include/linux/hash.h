/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/hash.h> - multiplicative hashing (include/linux/hash.h,
 * v4.7+ constants: GOLDEN_RATIO_32 = 0x61C88647, GOLDEN_RATIO_64 =
 * 0x61C8864680B583EB). hash_64() on 64-bit multiplies by GOLDEN_RATIO_64
 * and keeps the top @bits bits; hash_32() multiplies by GOLDEN_RATIO_32.
 * Kernels before 4.7 used other constants (GOLDEN_RATIO_PRIME_32
 * 0x9e370001); a module's behaviour does not depend on which bucket an entry
 * lands in, only the spread differs.
 */
#ifndef _LIBSKB_LINUX_HASH_H
#define _LIBSKB_LINUX_HASH_H

#include <linux/types.h>

#define GOLDEN_RATIO_32 0x61C88647U
#define GOLDEN_RATIO_64 0x61C8864680B583EBULL
#define GOLDEN_RATIO_PRIME GOLDEN_RATIO_64

static inline u32 __hash_32(u32 val)
{
	return val * GOLDEN_RATIO_32;
}

static inline u32 hash_32(u32 val, unsigned int bits)
{
	return __hash_32(val) >> (32 - bits);
}

static inline u32 hash_64(u64 val, unsigned int bits)
{
	return (u32)((val * GOLDEN_RATIO_64) >> (64 - bits));
}

#define hash_long(val, bits) hash_64((val), (bits))

static inline u32 hash_ptr(const void *ptr, unsigned int bits)
{
	return hash_long((unsigned long)ptr, bits);
}

static inline u32 hash32_ptr(const void *ptr)
{
	unsigned long val = (unsigned long)ptr;

	return (u32)(val ^ (val >> 32));
}

#endif /* _LIBSKB_LINUX_HASH_H */
