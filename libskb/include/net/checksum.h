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
#include <linux/in6.h>
#include <linux/skbuff.h>
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

/* ip_compute_csum() (arch/x86/include/asm/checksum_64.h): the folded sum of len bytes. */
static inline __sum16 ip_compute_csum(const void *buff, int len) { return csum_fold(csum_partial(buff, len, 0)); }

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

/* Models csum_replace_by_diff() (include/net/checksum.h, v6.12). */
static inline void csum_replace_by_diff(__sum16 *sum, __wsum diff)
{
	*sum = csum_fold(csum_add(diff, ~csum_unfold(*sum)));
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

/*
 * Models csum_ipv6_magic() (arch/x86/lib/csum-wrappers_64.c, v6.12; x86_64
 * defines _HAVE_ARCH_IPV6_CSUM, so <net/checksum.h> declares it): the folded
 * sum of the IPv6 pseudo-header (both addresses, the 32-bit length, the next
 * header) and sum. The addresses are added as 64-bit words with carry, as the
 * assembly does, so even the unfolded intermediate matches x86_64.
 */
static inline __sum16 csum_ipv6_magic(const struct in6_addr *saddr, const struct in6_addr *daddr, __u32 len,
				      __u8 proto, __wsum sum)
{
	const unsigned char *addrs[2] = {(const unsigned char *)saddr, (const unsigned char *)daddr};
	unsigned long long acc, w, t;
	unsigned int cf = 0, hi, lo;
	int i, j;

	/* htonl(len) + htons(proto) + sum, as three zero-extended 64-bit terms. */
	acc = (unsigned long long)__builtin_bswap32(len) + (unsigned long long)__builtin_bswap16((__u16)proto) +
	      (unsigned long long)(__force u32)sum;
	/* addq, adcq, adcq, adcq: each carry goes into the next add. */
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 16; j += 8) {
			memcpy(&w, addrs[i] + j, sizeof(w));	/* little-endian load, as the asm */
			t = acc + w;
			acc = t + cf;
			cf = (t < w) | (acc < t);
		}
	}
	acc += cf;		/* adcq $0 (a carry out of it is dropped, as there) */
	hi = (unsigned int)(acc >> 32);
	lo = (unsigned int)acc;
	lo += hi;
	lo += lo < hi;		/* add32_with_carry() */
	return csum_fold((__force __wsum)lo);
}

/*
 * Incremental update of a transport checksum after a header field changed
 * (net/core/utils.c, v6.12). pseudohdr says whether the field is part of the
 * pseudo-header (an address; not a port):
 *
 *  - not CHECKSUM_PARTIAL: the stored checksum is complete, so it is updated
 *    like csum_replace4(); with CHECKSUM_COMPLETE and a pseudo-header field,
 *    skb->csum (which covers the bytes from data on, the changed field
 *    included for IPv4 addresses) is updated too;
 *  - CHECKSUM_PARTIAL: the field holds only the (uncomplemented) pseudo-header
 *    seed the device finishes, so it changes only for a pseudo-header field.
 */

/* Models inet_proto_csum_replace4() (net/core/utils.c, v6.12). */
static inline void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb, __be32 from, __be32 to,
					    bool pseudohdr)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		csum_replace4(sum, from, to);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
			skb->csum = ~csum_add(csum_sub(~(skb->csum), (__force __wsum)from), (__force __wsum)to);
	} else if (pseudohdr) {
		*sum = ~csum_fold(csum_add(csum_sub(csum_unfold(*sum), (__force __wsum)from), (__force __wsum)to));
	}
}

/* Models inet_proto_csum_replace2() (include/net/checksum.h, v6.12): the
 * 16-bit values widened to 32 bits. */
static inline void inet_proto_csum_replace2(__sum16 *sum, struct sk_buff *skb, __be16 from, __be16 to,
					    bool pseudohdr)
{
	inet_proto_csum_replace4(sum, skb, (__force __be32)(u32)from, (__force __be32)(u32)to, pseudohdr);
}

/* Models inet_proto_csum_replace16() (net/core/utils.c, v6.12): an IPv6
 * address changed. skb->csum needs no update: the address and the checksum
 * field change by opposite amounts. */
static inline void inet_proto_csum_replace16(__sum16 *sum, struct sk_buff *skb, const __be32 *from,
					     const __be32 *to, bool pseudohdr)
{
	__be32 diff[8];
	int i;

	for (i = 0; i < 4; i++) {
		diff[i] = ~from[i];
		diff[i + 4] = to[i];
	}
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		*sum = csum_fold(csum_partial(diff, sizeof(diff), ~csum_unfold(*sum)));
	else if (pseudohdr)
		*sum = ~csum_fold(csum_partial(diff, sizeof(diff), csum_unfold(*sum)));
}

/* Models inet_proto_csum_replace_by_diff() (net/core/utils.c, 6.12.117, with
 * the ipv6 argument of ead7f9b8de65). */
static inline void inet_proto_csum_replace_by_diff(__sum16 *sum, struct sk_buff *skb, __wsum diff, bool pseudohdr,
						   bool ipv6)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		csum_replace_by_diff(sum, diff);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr && !ipv6)
			skb->csum = ~csum_sub(diff, skb->csum);
	} else if (pseudohdr) {
		*sum = ~csum_fold(csum_add(diff, csum_unfold(*sum)));
	}
}

#endif /* _LIBSKB_NET_CHECKSUM_H */
