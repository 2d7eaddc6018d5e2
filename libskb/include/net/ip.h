/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/ip.h> - IPv4 helpers module code uses (include/net/ip.h,
 * net/ipv4/ip_output.c): the control block IPCB(), header length, fragment
 * test, header checksum.
 */
#ifndef _LIBSKB_NET_IP_H
#define _LIBSKB_NET_IP_H

#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/net_namespace.h>
#include <net/route.h>
#include <linux/inet.h>		/* in_aton/in4_pton: modules of every era reach them from here */

/* IP flags (frag_off, host order before htons). */
#define IP_CE		0x8000	/* congestion */
#define IP_DF		0x4000	/* don't fragment */
#define IP_MF		0x2000	/* more fragments */
#define IP_OFFSET	0x1FFF	/* fragment offset part */

struct ip_options {
	__be32 faddr;
	__be32 nexthop;
	unsigned char optlen;
	unsigned char srr;
	unsigned char rr;
	unsigned char ts;
	unsigned char is_strictroute:1, srr_is_hit:1, is_changed:1, rr_needaddr:1, ts_needtime:1, ts_needaddr:1;
	unsigned char router_alert;
	unsigned char cipso;
	unsigned char __pad2;
};

/* The IPv4 part of skb->cb (v5.10 layout: iif, opt, flags, frag_max_size). */
struct inet_skb_parm {
	int iif;
	struct ip_options opt;
	u16 flags;
	u16 frag_max_size;
};

#define IPSKB_FORWARDED		(1 << 0)
#define IPSKB_XFRM_TUNNEL_SIZE	(1 << 1)
#define IPSKB_XFRM_TRANSFORMED	(1 << 2)
#define IPSKB_FRAG_COMPLETE	(1 << 3)
#define IPSKB_REROUTED		(1 << 4)
#define IPSKB_DOREDIRECT	(1 << 5)
#define IPSKB_FRAG_PMTU		(1 << 6)
#define IPSKB_L3SLAVE		(1 << 7)

#define IPCB(skb) ((struct inet_skb_parm *)((skb)->cb))

LIBSKB_STATIC_ASSERT(sizeof(struct inet_skb_parm) <= sizeof(((struct sk_buff *)0)->cb),
		     "IPCB must fit in skb->cb");

static inline unsigned int ip_hdrlen(const struct sk_buff *skb) { return ip_hdr(skb)->ihl * 4; }

static inline bool ip_is_fragment(const struct iphdr *iph)
{
	return (iph->frag_off & htons(IP_MF | IP_OFFSET)) != 0;
}

/* Models ip_decrease_ttl() (include/net/ip.h, v6.12): ttl - 1 with the
 * header checksum adjusted by hand (+0x0100 in network order, end-around
 * carry); returns the new ttl. */
static inline int ip_decrease_ttl(struct iphdr *iph)
{
	u32 sum = (__force u32)iph->check + (__force u32)htons(0x0100);

	iph->check = (__force __sum16)(sum + (sum >= 0xffff));
	return --iph->ttl;
}

/* Models ip_send_check() (net/ipv4/ip_output.c): recompute the header checksum. */
static inline void ip_send_check(struct iphdr *iph)
{
	iph->check = 0;
	iph->check = ip_fast_csum((unsigned char *)iph, iph->ihl);
}

#endif /* _LIBSKB_NET_IP_H */
