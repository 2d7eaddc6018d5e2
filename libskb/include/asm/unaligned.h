/* SPDX-License-Identifier: MIT */
/*
 * libskb: <asm/unaligned.h> (<linux/unaligned.h> since 6.12) - loads and
 * stores at any alignment (include/linux/unaligned.h), written with memcpy so
 * that UBSan's alignment check has nothing to say, as x86 has nothing to say.
 */
#ifndef _LIBSKB_ASM_UNALIGNED_H
#define _LIBSKB_ASM_UNALIGNED_H

#include <linux/types.h>
#include <string.h>

#define LIBSKB_UNALIGNED_(bits, name, conv)						\
	static inline u##bits get_unaligned_##name(const void *p)			\
	{										\
		u##bits v;								\
		memcpy(&v, p, sizeof(v));						\
		return conv(v);								\
	}										\
	static inline void put_unaligned_##name(u##bits val, void *p)			\
	{										\
		u##bits v = conv(val);							\
		memcpy(p, &v, sizeof(v));						\
	}
#define LIBSKB_NOCONV_(v) (v)
LIBSKB_UNALIGNED_(16, le16, LIBSKB_NOCONV_)
LIBSKB_UNALIGNED_(32, le32, LIBSKB_NOCONV_)
LIBSKB_UNALIGNED_(64, le64, LIBSKB_NOCONV_)
LIBSKB_UNALIGNED_(16, be16, __builtin_bswap16)
LIBSKB_UNALIGNED_(32, be32, __builtin_bswap32)
LIBSKB_UNALIGNED_(64, be64, __builtin_bswap64)
#undef LIBSKB_UNALIGNED_

/* get_unaligned(ptr)/put_unaligned(val, ptr): any scalar type. */
#define get_unaligned(ptr) ({ __typeof__(*(ptr)) __v; memcpy(&__v, (ptr), sizeof(__v)); __v; })
#define put_unaligned(val, ptr) do { __typeof__(*(ptr)) __v = (val); memcpy((ptr), &__v, sizeof(__v)); } while (0)

#endif /* _LIBSKB_ASM_UNALIGNED_H */
