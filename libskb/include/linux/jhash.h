/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/jhash.h> - Bob Jenkins' lookup3 hash as the kernel uses it
 * (include/linux/jhash.h, v2.6.37+: JHASH_INITVAL 0xdeadbeef, the lookup3
 * mix and final rounds). Written from lookup3's public-domain description;
 * jhash() of a byte string equals lookup3's hashlittle() on little-endian
 * machines. Kernels before 2.6.37 used the older lookup2 jhash (a different
 * hash function): values differ there, which only changes which bucket an
 * entry lands in.
 */
#ifndef _LIBSKB_LINUX_JHASH_H
#define _LIBSKB_LINUX_JHASH_H

#include <linux/bitops.h>
#include <linux/types.h>

#define JHASH_INITVAL 0xdeadbeef

#define jhash_size(n) ((u32)1 << (n))
#define jhash_mask(n) (jhash_size(n) - 1)

/* lookup3's mix(): reversible mixing of three 32-bit words. */
#define __jhash_mix(a, b, c)						\
	do {								\
		a -= c; a ^= rol32(c, 4);  c += b;			\
		b -= a; b ^= rol32(a, 6);  a += c;			\
		c -= b; c ^= rol32(b, 8);  b += a;			\
		a -= c; a ^= rol32(c, 16); c += b;			\
		b -= a; b ^= rol32(a, 19); a += c;			\
		c -= b; c ^= rol32(b, 4);  b += a;			\
	} while (0)

/* lookup3's final(): final mixing of three words into c. */
#define __jhash_final(a, b, c)						\
	do {								\
		c ^= b; c -= rol32(b, 14);				\
		a ^= c; a -= rol32(c, 11);				\
		b ^= a; b -= rol32(a, 25);				\
		c ^= b; c -= rol32(b, 16);				\
		a ^= c; a -= rol32(c, 4);				\
		b ^= a; b -= rol32(a, 14);				\
		c ^= b; c -= rol32(b, 24);				\
	} while (0)

static inline u32 libskb_jhash_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* jhash - hash @length bytes at @key with seed @initval. */
static inline u32 jhash(const void *key, u32 length, u32 initval)
{
	const u8 *k = (const u8 *)key;
	u32 a, b, c;

	a = b = c = JHASH_INITVAL + length + initval;
	while (length > 12) {
		a += libskb_jhash_le32(k);
		b += libskb_jhash_le32(k + 4);
		c += libskb_jhash_le32(k + 8);
		__jhash_mix(a, b, c);
		length -= 12;
		k += 12;
	}
	if (length == 0)
		return c; /* nothing left to add: no final mixing, as lookup3 */
	/* The last 1..12 bytes, little-endian into a, b, c. */
	{
		u32 w[3] = { 0, 0, 0 };
		u32 i;

		for (i = 0; i < length; i++)
			w[i / 4] |= (u32)k[i] << (8 * (i % 4));
		a += w[0];
		b += w[1];
		c += w[2];
	}
	__jhash_final(a, b, c);
	return c;
}

/* jhash2 - hash @length 32-bit words at @k with seed @initval. */
static inline u32 jhash2(const u32 *k, u32 length, u32 initval)
{
	u32 a, b, c;

	a = b = c = JHASH_INITVAL + (length << 2) + initval;
	while (length > 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		__jhash_mix(a, b, c);
		length -= 3;
		k += 3;
	}
	switch (length) {
	case 3:
		c += k[2];
		/* fallthrough */
	case 2:
		b += k[1];
		/* fallthrough */
	case 1:
		a += k[0];
		__jhash_final(a, b, c);
		break;
	default:
		break;
	}
	return c;
}

static inline u32 __jhash_nwords(u32 a, u32 b, u32 c, u32 initval)
{
	a += initval;
	b += initval;
	c += initval;
	__jhash_final(a, b, c);
	return c;
}

static inline u32 jhash_3words(u32 a, u32 b, u32 c, u32 initval)
{
	return __jhash_nwords(a, b, c, initval + JHASH_INITVAL + (3 << 2));
}

static inline u32 jhash_2words(u32 a, u32 b, u32 initval)
{
	return __jhash_nwords(a, b, 0, initval + JHASH_INITVAL + (2 << 2));
}

static inline u32 jhash_1word(u32 a, u32 initval)
{
	return __jhash_nwords(a, 0, 0, initval + JHASH_INITVAL + (1 << 2));
}

#endif /* _LIBSKB_LINUX_JHASH_H */
