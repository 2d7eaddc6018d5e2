/* SPDX-License-Identifier: MIT */
/*
 * libskb: the get_unaligned()/put_unaligned() family, included by
 * <asm/unaligned.h> (up to v6.11) and <linux/unaligned.h> (v6.12+), the two
 * spellings the kernel had: loads and stores of 16/32/64-bit values at any
 * alignment, in CPU, big- or little-endian order.
 *
 * Each access goes through a packed struct, as the kernel's
 * __get_unaligned_t()/__put_unaligned_t() do, so the compiler emits a load or
 * store the hardware accepts at any address and UBSan sees no misaligned
 * access.
 */
#ifndef _LIBSKB_LINUX_LIBSKB_UNALIGNED_H
#define _LIBSKB_LINUX_LIBSKB_UNALIGNED_H

#include <asm/byteorder.h>
#include <linux/types.h>

/* The pointer converts to its own type (in scope in its initializer), which
 * C and C++ both accept. */
#define __get_unaligned_t(type, ptr)                                              \
	({                                                                        \
		const struct { type x; } __attribute__((__packed__)) *__gu_p =    \
			(__typeof__(__gu_p))(ptr);                                \
		__gu_p->x;                                                        \
	})
#define __put_unaligned_t(type, val, ptr)                                         \
	do {                                                                      \
		struct { type x; } __attribute__((__packed__)) *__pu_p =          \
			(__typeof__(__pu_p))(ptr);                                \
		__pu_p->x = (val);                                                \
	} while (0)

/* get_unaligned(ptr)/put_unaligned(val, ptr): the pointee's own type. */
#define get_unaligned(ptr) __get_unaligned_t(__typeof__(*(ptr)), (ptr))
#define put_unaligned(val, ptr) __put_unaligned_t(__typeof__(*(ptr)), (val), (ptr))

static inline u16 get_unaligned_le16(const void *p) { return le16_to_cpu(__get_unaligned_t(__le16, p)); }
static inline u32 get_unaligned_le32(const void *p) { return le32_to_cpu(__get_unaligned_t(__le32, p)); }
static inline u64 get_unaligned_le64(const void *p) { return le64_to_cpu(__get_unaligned_t(__le64, p)); }
static inline u16 get_unaligned_be16(const void *p) { return be16_to_cpu(__get_unaligned_t(__be16, p)); }
static inline u32 get_unaligned_be32(const void *p) { return be32_to_cpu(__get_unaligned_t(__be32, p)); }
static inline u64 get_unaligned_be64(const void *p) { return be64_to_cpu(__get_unaligned_t(__be64, p)); }

static inline void put_unaligned_le16(u16 val, void *p) { __put_unaligned_t(__le16, cpu_to_le16(val), p); }
static inline void put_unaligned_le32(u32 val, void *p) { __put_unaligned_t(__le32, cpu_to_le32(val), p); }
static inline void put_unaligned_le64(u64 val, void *p) { __put_unaligned_t(__le64, cpu_to_le64(val), p); }
static inline void put_unaligned_be16(u16 val, void *p) { __put_unaligned_t(__be16, cpu_to_be16(val), p); }
static inline void put_unaligned_be32(u32 val, void *p) { __put_unaligned_t(__be32, cpu_to_be32(val), p); }
static inline void put_unaligned_be64(u64 val, void *p) { __put_unaligned_t(__be64, cpu_to_be64(val), p); }

/* The 24- and 48-bit fields of newer kernels (declared under every personality). */
static inline u32 get_unaligned_be24(const void *p)
{
	const u8 *b = (const u8 *)p;
	return (u32)b[0] << 16 | (u32)b[1] << 8 | b[2];
}
static inline u32 get_unaligned_le24(const void *p)
{
	const u8 *b = (const u8 *)p;
	return b[0] | (u32)b[1] << 8 | (u32)b[2] << 16;
}
static inline void put_unaligned_be24(const u32 val, void *p)
{
	u8 *b = (u8 *)p;
	b[0] = (u8)(val >> 16);
	b[1] = (u8)(val >> 8);
	b[2] = (u8)val;
}
static inline void put_unaligned_le24(const u32 val, void *p)
{
	u8 *b = (u8 *)p;
	b[0] = (u8)val;
	b[1] = (u8)(val >> 8);
	b[2] = (u8)(val >> 16);
}
static inline u64 get_unaligned_be48(const void *p)
{
	const u8 *b = (const u8 *)p;
	return (u64)b[0] << 40 | (u64)b[1] << 32 | (u64)b[2] << 24 | (u64)b[3] << 16 | (u64)b[4] << 8 | b[5];
}
static inline void put_unaligned_be48(const u64 val, void *p)
{
	u8 *b = (u8 *)p;
	b[0] = (u8)(val >> 40);
	b[1] = (u8)(val >> 32);
	b[2] = (u8)(val >> 24);
	b[3] = (u8)(val >> 16);
	b[4] = (u8)(val >> 8);
	b[5] = (u8)val;
}

#endif /* _LIBSKB_LINUX_LIBSKB_UNALIGNED_H */
