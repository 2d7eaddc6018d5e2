/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/bitops.h> - BIT(), GENMASK(), rotations, find-first-set and
 * the bit operations on unsigned long arrays (include/linux/bitops.h,
 * include/asm-generic/bitops/). One thread: the atomic forms (set_bit) and
 * the non-atomic ones (__set_bit) behave the same.
 */
#ifndef _LIBSKB_LINUX_BITOPS_H
#define _LIBSKB_LINUX_BITOPS_H

#include <linux/compiler.h>
#include <linux/types.h>

#ifndef BITS_PER_LONG
#define BITS_PER_LONG 64
#endif
#define BITS_PER_BYTE 8
#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BITS_PER_TYPE(type) (sizeof(type) * BITS_PER_BYTE)
#ifndef BITS_TO_LONGS
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#endif
#define BITS_TO_U32(nr) (((nr) + 31) / 32)
#define BITS_TO_BYTES(nr) (((nr) + 7) / 8)
#define GENMASK(h, l) (((~0UL) - (1UL << (l)) + 1) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) (((~0ULL) - (1ULL << (l)) + 1) & (~0ULL >> (63 - (h))))

static inline u64 rol64(u64 word, unsigned int shift) { return (word << (shift & 63)) | (word >> ((-shift) & 63)); }
static inline u64 ror64(u64 word, unsigned int shift) { return (word >> (shift & 63)) | (word << ((-shift) & 63)); }
static inline u32 rol32(u32 word, unsigned int shift) { return (word << (shift & 31)) | (word >> ((-shift) & 31)); }
static inline u32 ror32(u32 word, unsigned int shift) { return (word >> (shift & 31)) | (word << ((-shift) & 31)); }
static inline u16 rol16(u16 word, unsigned int shift) { return (u16)((word << (shift & 15)) | (word >> ((-shift) & 15))); }
static inline u16 ror16(u16 word, unsigned int shift) { return (u16)((word >> (shift & 15)) | (word << ((-shift) & 15))); }
static inline u8 rol8(u8 word, unsigned int shift) { return (u8)((word << (shift & 7)) | (word >> ((-shift) & 7))); }
static inline u8 ror8(u8 word, unsigned int shift) { return (u8)((word >> (shift & 7)) | (word << ((-shift) & 7))); }

/*
 * ffs/fls (1-based, 0 for no bit), __ffs/__fls (0-based, undefined for 0).
 * ffs() is the C library's (<strings.h>, which <string.h> brings in), whose
 * semantics are the kernel's; declared here for strict C modes.
 */
#ifdef __cplusplus
#include <strings.h>
#else
extern int ffs(int x);
#endif
static inline int fls(unsigned int x) { return x ? 32 - __builtin_clz(x) : 0; }
static inline int fls64(u64 x) { return x ? 64 - __builtin_clzll(x) : 0; }
static inline unsigned long __ffs(unsigned long word) { return (unsigned long)__builtin_ctzl(word); }
static inline unsigned long __fls(unsigned long word) { return (unsigned long)(63 - __builtin_clzl(word)); }
static inline unsigned long ffz(unsigned long word) { return __ffs(~word); }
static inline unsigned int hweight32(unsigned int w) { return (unsigned int)__builtin_popcount(w); }
static inline unsigned int hweight16(unsigned int w) { return (unsigned int)__builtin_popcount(w & 0xffff); }
static inline unsigned int hweight8(unsigned int w) { return (unsigned int)__builtin_popcount(w & 0xff); }
static inline unsigned long hweight64(u64 w) { return (unsigned long)__builtin_popcountll(w); }
static inline unsigned long hweight_long(unsigned long w) { return (unsigned long)__builtin_popcountl(w); }

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] = addr[BIT_WORD(nr)] | BIT_MASK(nr);
}
static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] = addr[BIT_WORD(nr)] & ~BIT_MASK(nr);
}
static inline void change_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] = addr[BIT_WORD(nr)] ^ BIT_MASK(nr);
}
static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1UL;
}
static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	set_bit(nr, addr);
	return old;
}
static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	clear_bit(nr, addr);
	return old;
}
static inline bool test_and_change_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	change_bit(nr, addr);
	return old;
}
#define __set_bit(nr, addr) set_bit((nr), (addr))
#define __clear_bit(nr, addr) clear_bit((nr), (addr))
#define __change_bit(nr, addr) change_bit((nr), (addr))
#define __test_and_set_bit(nr, addr) test_and_set_bit((nr), (addr))
#define __test_and_clear_bit(nr, addr) test_and_clear_bit((nr), (addr))
#define set_bit_lock(nr, addr) set_bit((nr), (addr))
#define clear_bit_unlock(nr, addr) clear_bit((nr), (addr))
#define test_and_set_bit_lock(nr, addr) test_and_set_bit((nr), (addr))

/* find_first_bit & co (lib/find_bit.c): @size when no bit is found. */
static inline unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	for (; offset < size; offset++)
		if (test_bit((long)offset, addr))
			return offset;
	return size;
}
static inline unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	for (; offset < size; offset++)
		if (!test_bit((long)offset, addr))
			return offset;
	return size;
}
static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}
static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}
static inline unsigned long find_last_bit(const unsigned long *addr, unsigned long size)
{
	unsigned long i;

	for (i = size; i-- > 0;)
		if (test_bit((long)i, addr))
			return i;
	return size;
}

#define for_each_set_bit(bit, addr, size)					\
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size);		\
	     (bit) = find_next_bit((addr), (size), (bit) + 1))
#define for_each_clear_bit(bit, addr, size)					\
	for ((bit) = find_first_zero_bit((addr), (size)); (bit) < (size);	\
	     (bit) = find_next_zero_bit((addr), (size), (bit) + 1))

#endif /* _LIBSKB_LINUX_BITOPS_H */
