/* SPDX-License-Identifier: MIT */
/* libskb: <net/udp.h> - UDP checksum helpers (include/net/udp.h). */
#ifndef _LIBSKB_NET_UDP_H
#define _LIBSKB_NET_UDP_H

#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <stddef.h>
#include <string.h>

/* udp_v4_check(): the folded UDP checksum of len bytes summing to base. */
static inline __sum16 udp_v4_check(int len, __be32 saddr, __be32 daddr, __wsum base)
{
	return csum_tcpudp_magic(saddr, daddr, (__u32)len, IPPROTO_UDP, base);
}

/* Models lco_csum() (include/linux/skbuff.h): the checksum of the headers
 * from the transport header to csum_start, seeded with the complement of the
 * inner checksum field (local checksum offload). */
static inline __wsum lco_csum(struct sk_buff *skb)
{
	unsigned char *csum_start = skb_checksum_start(skb);
	unsigned char *l4_hdr = skb_transport_header(skb);
	__sum16 inner;
	__wsum partial;

	memcpy(&inner, csum_start + skb->csum_offset, sizeof(inner));
	partial = ~csum_unfold(inner);
	return csum_partial(l4_hdr, (int)(csum_start - l4_hdr), partial);
}

/* Models udp_set_csum() (net/ipv4/udp.c, v4.x+): no checksum; a GSO
 * packet's pseudo-header seed; the outer checksum of a CHECKSUM_PARTIAL
 * (encapsulating) packet through lco_csum(); else hand the packet to
 * checksum offload (CHECKSUM_PARTIAL with the pseudo-header seed). */
static inline void udp_set_csum(bool nocheck, struct sk_buff *skb, __be32 saddr, __be32 daddr, int len)
{
	struct udphdr *uh = udp_hdr(skb);

	if (nocheck) {
		uh->check = 0;
	} else if (skb_is_gso(skb)) {
		uh->check = ~udp_v4_check(len, saddr, daddr, 0);
	} else if (skb->ip_summed == CHECKSUM_PARTIAL) {
		uh->check = 0;
		uh->check = udp_v4_check(len, saddr, daddr, lco_csum(skb));
		if (uh->check == 0)
			uh->check = CSUM_MANGLED_0;
	} else {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = (__u16)(skb_transport_header(skb) - skb->head);
		skb->csum_offset = offsetof(struct udphdr, check);
		uh->check = ~udp_v4_check(len, saddr, daddr, 0);
	}
}

#endif /* _LIBSKB_NET_UDP_H */
