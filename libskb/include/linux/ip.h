/* SPDX-License-Identifier: MIT */
/* libskb: <linux/ip.h> - the uapi struct iphdr plus the kernel's skb
 * accessors (include/linux/ip.h). */
#ifndef _LIBSKB_LINUX_IP_H
#define _LIBSKB_LINUX_IP_H

#include <linux/in.h>

#include_next <linux/ip.h>

#include <linux/compiler.h>
#include <linux/skbuff.h>
#include <stddef.h>

/* The wire layout (RFC 791) that module code reads in place. */
LIBSKB_STATIC_ASSERT(sizeof(struct iphdr) == 20, "struct iphdr is the 20-byte header without options");
LIBSKB_STATIC_ASSERT(offsetof(struct iphdr, tot_len) == 2, "iphdr.tot_len at byte 2");
LIBSKB_STATIC_ASSERT(offsetof(struct iphdr, frag_off) == 6, "iphdr.frag_off at byte 6");
LIBSKB_STATIC_ASSERT(offsetof(struct iphdr, ttl) == 8, "iphdr.ttl at byte 8");
LIBSKB_STATIC_ASSERT(offsetof(struct iphdr, protocol) == 9, "iphdr.protocol at byte 9");
LIBSKB_STATIC_ASSERT(offsetof(struct iphdr, check) == 10, "iphdr.check at byte 10");
LIBSKB_STATIC_ASSERT(offsetof(struct iphdr, saddr) == 12, "iphdr.saddr at byte 12");
LIBSKB_STATIC_ASSERT(offsetof(struct iphdr, daddr) == 16, "iphdr.daddr at byte 16");

/* The largest IPv4 datagram (include/linux/ip.h). */
#define IP_MAX_MTU 0xFFFFU

static inline struct iphdr *ip_hdr(const struct sk_buff *skb) { return (struct iphdr *)skb_network_header(skb); }
static inline struct iphdr *inner_ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_inner_network_header(skb);
}
static inline struct iphdr *ipip_hdr(const struct sk_buff *skb) { return (struct iphdr *)skb_transport_header(skb); }

/* v5.4+: the IP payload length the header claims, minus the header. */
static inline unsigned int ip_transport_len(const struct sk_buff *skb)
{
	return ntohs(ip_hdr(skb)->tot_len) - skb_network_header_len(skb);
}

#endif /* _LIBSKB_LINUX_IP_H */
