/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/ip6_route.h> - IPv6 routes (include/net/ip6_fib.h struct
 * rt6_info, reduced; include/net/ip6_route.h) and ip6_route_me_harder()
 * (net/ipv6/netfilter.c) in the prototype of the API personality. The
 * routes are described in <net/dst.h>.
 */
#ifndef _LIBSKB_NET_IP6_ROUTE_H
#define _LIBSKB_NET_IP6_ROUTE_H

#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/libskb_api.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/net_namespace.h>

struct sock;

/* struct rt6_info, the fields a hook reads (v6.12 names). */
struct rt6_info {
	struct dst_entry dst;
	struct in6_addr rt6i_gateway;
	__u32 rt6i_flags;
};

static inline struct rt6_info *libskb_rt6(const struct dst_entry *dst) { return (struct rt6_info *)dst; }

LIBSKB_EXTERN_C_BEGIN
/*
 * Models ip6_route_me_harder() (net/ipv6/netfilter.c, v6.12): the output
 * route for the packet's daddr replaces skb's route, then the headroom
 * grows to the new device's hard_header_len (pskb_expand_head; -ENOMEM).
 * The prototype follows the personality: (net, sk, skb) v5.10+, (net, skb)
 * v4.4-5.9, (skb) before.
 */
int libskb_ip6_route_me_harder(struct net *net, struct sock *sk, struct sk_buff *skb);
#if LIBSKB_API_AT_LEAST(5, 10)
int ip6_route_me_harder(struct net *net, struct sock *sk, struct sk_buff *skb);
#endif
LIBSKB_EXTERN_C_END

#if !LIBSKB_API_AT_LEAST(5, 10) && LIBSKB_API_AT_LEAST(4, 4)
static inline int ip6_route_me_harder(struct net *net, struct sk_buff *skb)
{
	return libskb_ip6_route_me_harder(net, skb->sk, skb);
}
#elif !LIBSKB_API_AT_LEAST(4, 4)
static inline int ip6_route_me_harder(struct sk_buff *skb)
{
	return libskb_ip6_route_me_harder(skb_dst(skb) ? dev_net(skb_dst(skb)->dev) : NULL, skb->sk, skb);
}
#endif

#endif /* _LIBSKB_NET_IP6_ROUTE_H */
