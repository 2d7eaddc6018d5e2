/* SPDX-License-Identifier: MIT */
/*
 * libskb: Internet checksum helpers (include/net/checksum.h, arch csum_partial).
 *
 * A __wsum is a 32-bit ones'-complement partial sum whose exact value is
 * architecture-specific; only its folded 16-bit form is portable. libskb sums
 * 16-bit words in memory order (as x86 does), so folded results match the
 * kernel on little-endian machines, and csum_fold() returns a __sum16 ready to
 * store into a header.
 */
#ifndef _LIBSKB_NET_CHECKSUM_H
#define _LIBSKB_NET_CHECKSUM_H

#include <linux/compiler.h>
#include <linux/types.h>

#define CSUM_MANGLED_0 ((__sum16)0xffff)

LIBSKB_EXTERN_C_BEGIN
/* Models csum_partial() (arch/x86/lib/csum-partial_64.c): sum len bytes into sum. */
__wsum csum_partial(const void *buff, int len, __wsum sum);
/* Models ip_fast_csum(): checksum of an IPv4 header of ihl 32-bit words. */
__sum16 ip_fast_csum(const void *iph, unsigned int ihl);
LIBSKB_EXTERN_C_END

static inline __sum16 csum_fold(__wsum csum)
{
	u32 sum = (__force u32)csum;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__force __sum16)(u16)~sum;
}

static inline __wsum csum_unfold(__sum16 n) { return (__force __wsum)(u32)(u16)n; }

static inline __wsum csum_add(__wsum csum, __wsum addend)
{
	u32 res = (__force u32)csum;
	res += (__force u32)addend;
	return (__force __wsum)(res + (res < (__force u32)addend));
}

static inline __wsum csum_sub(__wsum csum, __wsum addend) { return csum_add(csum, (__force __wsum)~(__force u32)addend); }

static inline __sum16 csum16_add(__sum16 csum, __be16 addend)
{
	u16 res = (__force u16)csum;
	res += (__force u16)addend;
	return (__force __sum16)(u16)(res + (res < (__force u16)addend));
}

static inline __sum16 csum16_sub(__sum16 csum, __be16 addend) { return csum16_add(csum, (__force __be16)(u16)~(__force u16)addend); }

static inline __wsum csum_shift(__wsum sum, int offset)
{
	/* A segment starting at an odd position has its bytes swapped in the
	 * 16-bit lanes: rotate the partial sum by 8 bits (csum_block_add). */
	u32 s = (__force u32)sum;
	if (offset & 1)
		return (__force __wsum)((s << 24) | (s >> 8)) ;
	return sum;
}

static inline __wsum csum_block_add(__wsum csum, __wsum csum2, int offset) { return csum_add(csum, csum_shift(csum2, offset)); }

static inline __wsum csum_block_sub(__wsum csum, __wsum csum2, int offset)
{
	return csum_block_add(csum, (__force __wsum)~(__force u32)csum2, offset);
}

static inline void csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	__wsum tmp = csum_sub(~csum_unfold(*sum), (__force __wsum)from);
	*sum = csum_fold(csum_add(tmp, (__force __wsum)to));
}

static inline void csum_replace2(__sum16 *sum, __be16 old, __be16 new_)
{
	*sum = (__force __sum16)(u16)~csum16_add(csum16_sub((__force __sum16)(u16)~(__force u16)*sum, old), new_);
}

static inline __wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, __u32 len, __u8 proto, __wsum sum)
{
	unsigned long long s = (__force u32)sum;
	s += (__force u32)saddr;
	s += (__force u32)daddr;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	s += (u32)(proto + len) << 8;
#else
	s += proto + len;
#endif
	s = (s & 0xffffffffULL) + (s >> 32);
	s = (s & 0xffffffffULL) + (s >> 32);
	return (__force __wsum)(u32)s;
}

static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, __u32 len, __u8 proto, __wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}

#endif /* _LIBSKB_NET_CHECKSUM_H */
