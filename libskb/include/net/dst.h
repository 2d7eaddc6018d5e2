/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/dst.h> - the route an skb carries (include/net/dst.h, v6.12
 * field names): struct dst_entry, its reference counting, dst_mtu() and
 * dst_output().
 *
 * DOC: the modelled routes
 *
 * The model is a host with one Ethernet interface (eth0, mtu 1500) and a
 * default route through it, plus the loopback device. libskb's path models
 * attach the route the kernel would (src/net/route.cc):
 *
 *	PRE_ROUTING (received)  none yet: ip_rcv_finish routes after the hook
 *	LOCAL_IN                the local input route: dev "lo", rt_is_input
 *	FORWARD, POST_ROUTING   the forwarding route: dev eth0, rt_is_input
 *	  (forwarded)
 *	LOCAL_OUT, POST_ROUTING the output route: dev eth0
 *	  (locally generated)
 *
 * Routes are cached (as the FIB nexthop caches them in the kernel) and never
 * freed; the reference counts are kept so that a module releasing a
 * reference it does not hold is reported ("dst_release underflow").
 */
#ifndef _LIBSKB_NET_DST_H
#define _LIBSKB_NET_DST_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/net_namespace.h>

struct sock;
struct dst_entry;

/* The per-family operations of a route (include/net/dst_ops.h), reduced. */
struct dst_ops {
	unsigned short family;
	unsigned int (*mtu)(const struct dst_entry *dst);
};

/* DST_* flags (include/net/dst.h, v6.12). */
#define DST_NOXFRM	0x0002
#define DST_NOPOLICY	0x0004
#define DST_NOCOUNT	0x0008
#define DST_FAKE_RTABLE	0x0010
#define DST_XFRM_TUNNEL	0x0020
#define DST_XFRM_QUEUE	0x0040
#define DST_METADATA	0x0080

#define DST_OBSOLETE_NONE	0
#define DST_OBSOLETE_DEAD	2
#define DST_OBSOLETE_FORCE_CHK	-1
#define DST_OBSOLETE_KILL	-2

struct dst_entry {
	struct net_device *dev;
	struct dst_ops *ops;
	unsigned long _metrics;
	unsigned long expires;
	int (*input)(struct sk_buff *skb);
	int (*output)(struct net *net, struct sock *sk, struct sk_buff *skb);
	unsigned short flags;
	short obsolete;
	unsigned short header_len;	/* more space at head required */
	unsigned short trailer_len;	/* space to reserve at tail */
	atomic_t __refcnt;		/* rcuref_t in v6.5+: the count is what matters */
	int __use;
	unsigned long lastuse;
	short error;
	short __pad;
	__u32 tclassid;
};

LIBSKB_EXTERN_C_BEGIN
/* Models dst_release() (net/core/dst.c): drop a reference; below zero the
 * kernel warns "dst_release underflow" (net_warn_ratelimited) - so does libskb. */
void dst_release(struct dst_entry *dst);
/* Models dst_metric_raw() (include/net/dst.h): the route's RTAX_* metric.
 * The modelled routes have none set (0), except RTAX_HOPLIMIT on profiles
 * before 2.6.39, which pre-seeded it with the default TTL (64). The WARN
 * v2.6.39+ dst_metric() gives for RTAX_HOPLIMIT/ADVMSS/MTU is not modelled. */
u32 dst_metric_raw(const struct dst_entry *dst, const int metric);
LIBSKB_EXTERN_C_END

static inline u32 dst_metric(const struct dst_entry *dst, const int metric) { return dst_metric_raw(dst, metric); }

static inline void dst_hold(struct dst_entry *dst) { atomic_inc(&dst->__refcnt); }
static inline void dst_use_noref(struct dst_entry *dst, unsigned long time)
{
	dst->__use++;
	dst->lastuse = time;
}
static inline struct dst_entry *dst_clone(struct dst_entry *dst)
{
	if (dst)
		dst_hold(dst);
	return dst;
}

/* Models refdst_drop()/skb_dst_drop() (include/net/dst.h): release the
 * reference unless the skb borrowed the route (SKB_DST_NOREF). */
static inline void refdst_drop(unsigned long refdst)
{
	if (!(refdst & SKB_DST_NOREF))
		dst_release((struct dst_entry *)(refdst & SKB_DST_PTRMASK));
}
static inline void skb_dst_drop(struct sk_buff *skb)
{
	if (skb->_skb_refdst) {
		refdst_drop(skb->_skb_refdst);
		skb->_skb_refdst = 0UL;
	}
}

/* Models skb_dst_copy() (include/net/dst.h): nskb gets oskb's route, with a
 * reference unless it was borrowed. */
static inline void skb_dst_copy(struct sk_buff *nskb, const struct sk_buff *oskb)
{
	nskb->_skb_refdst = oskb->_skb_refdst;
	if (!(nskb->_skb_refdst & SKB_DST_NOREF))
		dst_clone(skb_dst(nskb));
}

/* Models skb_dst_force(): turn a borrowed route into a held one. */
static inline bool skb_dst_force(struct sk_buff *skb)
{
	if (skb_dst_is_noref(skb)) {
		struct dst_entry *dst = skb_dst(skb);

		dst_hold(dst);
		skb->_skb_refdst = (unsigned long)dst;
	}
	return skb->_skb_refdst != 0UL;
}

static inline bool skb_valid_dst(const struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);

	return dst && !(dst->flags & DST_METADATA);
}

/* Models dst_mtu() (include/net/dst.h): the family's mtu operation
 * (ipv4_mtu / ip6_mtu in the model, see src/net/route.cc). */
static inline unsigned int dst_mtu(const struct dst_entry *dst) { return dst->ops->mtu(dst); }

/* Models dst_output() (include/net/dst.h): the route's output function
 * (ip_output / ip6_output: POST_ROUTING, then the device). The (net, sk,
 * skb) form is v4.4+; v4.1-4.3 had dst_output_sk(sk, skb), earlier
 * kernels dst_output(skb). */
#if LIBSKB_API_AT_LEAST(4, 4)
static inline int dst_output(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	return skb_dst(skb)->output(net, sk, skb);
}
#else
static inline int dst_output(struct sk_buff *skb)
{
	return skb_dst(skb)->output(dev_net(skb_dst(skb)->dev), skb->sk, skb);
}
#if LIBSKB_API_AT_LEAST(4, 1)
static inline int dst_output_sk(struct sock *sk, struct sk_buff *skb)
{
	return skb_dst(skb)->output(dev_net(skb_dst(skb)->dev), sk, skb);
}
#endif
#endif

#endif /* _LIBSKB_NET_DST_H */
