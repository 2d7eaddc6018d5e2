/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/ip6_checksum.h> - the IPv6 pseudo-header checksums
 * (include/net/ip6_checksum.h, v6.12). csum_ipv6_magic() itself is in
 * <net/checksum.h>, as on x86_64 (_HAVE_ARCH_IPV6_CSUM).
 */
#ifndef _LIBSKB_NET_IP6_CHECKSUM_H
#define _LIBSKB_NET_IP6_CHECKSUM_H

#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

/* The unfolded pseudo-header sum for skb->len bytes of proto (ip6_compute_pseudo()). */
static inline __wsum ip6_compute_pseudo(struct sk_buff *skb, int proto)
{
	return ~csum_unfold(csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr, skb->len, (__u8)proto, 0));
}

static inline __sum16 tcp_v6_check(int len, const struct in6_addr *saddr, const struct in6_addr *daddr, __wsum base)
{
	return csum_ipv6_magic(saddr, daddr, (__u32)len, IPPROTO_TCP, base);
}

static inline __sum16 udp_v6_check(int len, const struct in6_addr *saddr, const struct in6_addr *daddr, __wsum base)
{
	return csum_ipv6_magic(saddr, daddr, (__u32)len, IPPROTO_UDP, base);
}

#endif /* _LIBSKB_NET_IP6_CHECKSUM_H */
