/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/ipv6.h> - the uapi struct ipv6hdr (and the extension header
 * structs) plus the kernel's skb accessors and the IPv6 control block
 * (include/linux/ipv6.h, v6.12).
 *
 * <linux/in6.h> comes first so that glibc's struct in6_addr is the one the
 * uapi header's libc-compat logic sees (see <linux/in.h>).
 */
#ifndef _LIBSKB_LINUX_IPV6_H
#define _LIBSKB_LINUX_IPV6_H

#include <linux/in6.h>

#include_next <linux/ipv6.h>

#include <linux/compiler.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>		/* the kernel's linux/ipv6.h includes it (struct tcp6_sock) */
#include <linux/types.h>
#include <stddef.h>

/* The wire layout every IPv6 hook relies on (RFC 8200 section 3). */
LIBSKB_STATIC_ASSERT(sizeof(struct ipv6hdr) == 40, "struct ipv6hdr is the 40-byte fixed header");
LIBSKB_STATIC_ASSERT(offsetof(struct ipv6hdr, payload_len) == 4, "ipv6hdr.payload_len at byte 4");
LIBSKB_STATIC_ASSERT(offsetof(struct ipv6hdr, nexthdr) == 6, "ipv6hdr.nexthdr at byte 6");
LIBSKB_STATIC_ASSERT(offsetof(struct ipv6hdr, hop_limit) == 7, "ipv6hdr.hop_limit at byte 7");
LIBSKB_STATIC_ASSERT(offsetof(struct ipv6hdr, saddr) == 8, "ipv6hdr.saddr at byte 8");
LIBSKB_STATIC_ASSERT(offsetof(struct ipv6hdr, daddr) == 24, "ipv6hdr.daddr at byte 24");
LIBSKB_STATIC_ASSERT(sizeof(struct ipv6_opt_hdr) == 2, "ipv6_opt_hdr: nexthdr, hdrlen");

/* Extension header lengths in bytes (include/linux/ipv6.h). */
#define ipv6_optlen(p)  (((p)->hdrlen + 1) << 3)
#define ipv6_authlen(p) (((p)->hdrlen + 2) << 2)

static inline struct ipv6hdr *ipv6_hdr(const struct sk_buff *skb) { return (struct ipv6hdr *)skb_network_header(skb); }
static inline struct ipv6hdr *inner_ipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_inner_network_header(skb);
}
static inline struct ipv6hdr *ipipv6_hdr(const struct sk_buff *skb) { return (struct ipv6hdr *)skb_transport_header(skb); }

/* v5.4+: the payload length the header claims past the network header's extension headers. */
static inline unsigned int ipv6_transport_len(const struct sk_buff *skb)
{
	return ntohs(ipv6_hdr(skb)->payload_len) + sizeof(struct ipv6hdr) - skb_network_header_len(skb);
}

/* Models ipv6_payload_len() (include/linux/ipv6.h, 6.12.117): payload_len, or
 * for a BIG TCP GSO packet (payload_len 0) the length the skb holds. */
static inline unsigned int ipv6_payload_len(const struct sk_buff *skb, const struct ipv6hdr *ip6)
{
	u32 len = ntohs(ip6->payload_len);
	bool gso_tcp = skb_is_gso(skb) && (skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6));

	return (len || !gso_tcp) ? len : skb->len - (unsigned int)skb_network_offset(skb) - sizeof(struct ipv6hdr);
}

static inline unsigned int skb_ipv6_payload_len(const struct sk_buff *skb)
{
	return ipv6_payload_len(skb, ipv6_hdr(skb));
}

#define IPV6_MAXPLEN 65535

/* Models ipv6_set_payload_len() (6.12.117): 0 (a jumbogram) above IPV6_MAXPLEN. */
static inline void ipv6_set_payload_len(struct ipv6hdr *ip6, unsigned int len)
{
	ip6->payload_len = len <= IPV6_MAXPLEN ? htons((u16)len) : 0;
}

/*
 * The IPv6 part of skb->cb (v6.12 layout, CONFIG_IPV6_MIP6 set as in the
 * distribution configs): offsets of the extension headers parsed on input,
 * relative to the network header.
 */
struct inet6_skb_parm {
	int iif;
	__be16 ra;
	__u16 dst0;
	__u16 srcrt;
	__u16 dst1;
	__u16 lastopt;
	__u16 nhoff;
	__u16 flags;
	__u16 dsthao;
	__u16 frag_max_size;
	__u16 srhoff;
};

#define IP6SKB_XFRM_TRANSFORMED	1
#define IP6SKB_FORWARDED	2
#define IP6SKB_REROUTED		4
#define IP6SKB_ROUTERALERT	8
#define IP6SKB_FRAGMENTED	16
#define IP6SKB_HOPBYHOP		32
#define IP6SKB_L3SLAVE		64
#define IP6SKB_JUMBOGRAM	128
#define IP6SKB_SEG6		256
#define IP6SKB_FAKEJUMBO	512
#define IP6SKB_MULTIPATH	1024

#define IP6CB(skb) ((struct inet6_skb_parm *)((skb)->cb))

LIBSKB_STATIC_ASSERT(sizeof(struct inet6_skb_parm) <= sizeof(((struct sk_buff *)0)->cb),
		     "IP6CB must fit in skb->cb");

/* No L3 master devices in the model: the input interface is IP6CB's. */
static inline int inet6_iif(const struct sk_buff *skb) { return IP6CB(skb)->iif; }
static inline bool inet6_is_jumbogram(const struct sk_buff *skb) { return !!(IP6CB(skb)->flags & IP6SKB_JUMBOGRAM); }

#endif /* _LIBSKB_LINUX_IPV6_H */
