/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/route.h> - IPv4 routes (include/net/route.h, v6.12 names):
 * struct rtable, skb_rtable(), the route predicates, and
 * ip_route_me_harder() (net/ipv4/netfilter.c) in the prototype of the API
 * personality. The routes themselves are described in <net/dst.h>.
 */
#ifndef _LIBSKB_NET_ROUTE_H
#define _LIBSKB_NET_ROUTE_H

#include <linux/in.h>
#include <linux/ip.h>
#include <linux/libskb_api.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/dst.h>
#include <net/net_namespace.h>

/* rt_flags (uapi RTCF_* in <linux/in_route.h>). */
#include <linux/in_route.h>

struct sock;

/* struct rtable, v6.12 field names (rt_gw_family/rt_gw4 since v5.2, rt_gateway before). */
struct rtable {
	struct dst_entry dst;
	int rt_genid;
	unsigned int rt_flags;
	__u16 rt_type;
	__u8 rt_is_input;
	__u8 rt_uses_gateway;
	int rt_iif;
	__u8 rt_gw_family;
	union {
		__be32 rt_gw4;
		struct in6_addr rt_gw6;
	};
	__u32 rt_mtu_locked:1, rt_pmtu:31;
};

static inline struct rtable *skb_rtable(const struct sk_buff *skb) { return (struct rtable *)skb_dst(skb); }
static inline bool rt_is_input_route(const struct rtable *rt) { return rt->rt_is_input != 0; }
static inline bool rt_is_output_route(const struct rtable *rt) { return rt->rt_is_input == 0; }

/* Models ip_rt_put() (include/net/route.h): release a route reference. */
static inline void ip_rt_put(struct rtable *rt) { dst_release(&rt->dst); }

/* The default IPv4 route's MTU (the "mtu" of a device with no other metric). */
static inline __be32 rt_nexthop(const struct rtable *rt, __be32 daddr)
{
	return rt->rt_gw_family == AF_INET ? rt->rt_gw4 : daddr;
}

LIBSKB_EXTERN_C_BEGIN
/*
 * Models ip_route_me_harder() (net/ipv4/netfilter.c, v6.12): route the
 * (possibly re-addressed) packet again: the output route for its daddr
 * replaces skb's route (skb_dst_drop + skb_dst_set), then the headroom grows
 * to the new device's hard_header_len if needed (pskb_expand_head;
 * -ENOMEM). The old route's device is read first, as the kernel does, so a
 * call on an skb with no route (PRE_ROUTING) faults like the kernel. The
 * prototype follows the personality: (net, sk, skb, addr_type) v5.10+,
 * (net, skb, addr_type) v4.4-5.9, (skb, addr_type) before.
 */
int libskb_ip_route_me_harder(struct net *net, struct sock *sk, struct sk_buff *skb, unsigned int addr_type);
#if LIBSKB_API_AT_LEAST(5, 10)
int ip_route_me_harder(struct net *net, struct sock *sk, struct sk_buff *skb, unsigned int addr_type);
#endif

/* Not modelled (libskb has no FIB): declared so modules build; a call ends
 * the run naming the function. */
unsigned int inet_addr_type(struct net *net, __be32 addr);
LIBSKB_EXTERN_C_END

/* The older prototypes: the kernel used skb->sk (and before v4.4 the
 * namespace of the route's device, read first, as here). */
#if !LIBSKB_API_AT_LEAST(5, 10) && LIBSKB_API_AT_LEAST(4, 4)
static inline int ip_route_me_harder(struct net *net, struct sk_buff *skb, unsigned int addr_type)
{
	return libskb_ip_route_me_harder(net, skb->sk, skb, addr_type);
}
#elif !LIBSKB_API_AT_LEAST(4, 4)
static inline int ip_route_me_harder(struct sk_buff *skb, unsigned int addr_type)
{
	/* Without a route libskb reports the kernel's NULL dereference. */
	return libskb_ip_route_me_harder(skb_dst(skb) ? dev_net(skb_dst(skb)->dev) : NULL, skb->sk, skb, addr_type);
}
#endif

#endif /* _LIBSKB_NET_ROUTE_H */
