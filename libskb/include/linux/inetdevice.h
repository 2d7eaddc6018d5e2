/* SPDX-License-Identifier: MIT */
/*
 * libskb: IPv4 addresses of devices (include/linux/inetdevice.h,
 * net/ipv4/devinet.c). Each modelled device (<linux/netdevice.h>) has one
 * address: lo 127.0.0.1/8, eth0 10.0.0.2/24 (broadcast 10.0.0.255), eth1
 * 10.0.1.2/24.
 *
 * API personality: for_ifa()/endfor_ifa() up to 5.2; in_dev_for_each_ifa_rcu()
 * and in_dev_for_each_ifa_rtnl() from 5.3 (commit 2638eb8b50cf).
 */
#ifndef _LIBSKB_LINUX_INETDEVICE_H
#define _LIBSKB_LINUX_INETDEVICE_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/if.h>
#include <linux/libskb_api.h>
#include <linux/netdevice.h>
#include <linux/types.h>

struct in_ifaddr;

struct in_device {
	struct net_device *dev;
	refcount_t refcnt;
	int dead;
	struct in_ifaddr *ifa_list;
	int mc_count;
};

struct in_ifaddr {
	struct in_ifaddr *ifa_next;
	struct in_device *ifa_dev;
	__be32 ifa_local;
	__be32 ifa_address;
	__be32 ifa_mask;
	__u32 ifa_rt_priority;
	__be32 ifa_broadcast;
	unsigned char ifa_scope;
	unsigned char ifa_prefixlen;
	__u32 ifa_flags;
	char ifa_label[IFNAMSIZ];
};

/* Address scopes (include/uapi/linux/rtnetlink.h rt_scope_t). */
#include <linux/rtnetlink.h>	/* RT_SCOPE_* (uapi enum rt_scope_t) */

LIBSKB_EXTERN_C_BEGIN
/* Models in_dev_get(): the device's in_device with a reference, or NULL. */
struct in_device *in_dev_get(const struct net_device *dev);
/* Models in_dev_put(). */
void in_dev_put(struct in_device *idev);
/* Models inet_select_addr() (net/ipv4/devinet.c): a primary address of dev
 * with scope <= scope, preferring one on dst's subnet; 0 if none. */
__be32 inet_select_addr(const struct net_device *dev, __be32 dst, int scope);
/* Models inet_addr_onlink(). */
int inet_addr_onlink(struct in_device *in_dev, __be32 a, __be32 b);
LIBSKB_EXTERN_C_END

static inline struct in_device *__in_dev_get_rcu(const struct net_device *dev) { return dev->ip_ptr; }
static inline struct in_device *__in_dev_get_rtnl(const struct net_device *dev) { return dev->ip_ptr; }
static inline struct in_device *in_dev_get_rcu(const struct net_device *dev) { return dev->ip_ptr; }
static inline void in_dev_hold(struct in_device *idev) { atomic_inc(&idev->refcnt.refs); }
static inline __u32 inet_make_mask(int logmask)
{
	if (logmask)
		return __builtin_bswap32(~((1U << (32 - logmask)) - 1));
	return 0;
}
static inline bool inet_ifa_match(__be32 addr, const struct in_ifaddr *ifa)
{
	return !((addr ^ ifa->ifa_address) & ifa->ifa_mask);
}

#if LIBSKB_API_AT_LEAST(5, 3)
#define in_dev_for_each_ifa_rcu(ifa, in_dev) \
	for (ifa = (in_dev)->ifa_list; ifa; ifa = ifa->ifa_next)
#define in_dev_for_each_ifa_rtnl(ifa, in_dev) in_dev_for_each_ifa_rcu(ifa, in_dev)
#else
#define for_primary_ifa(in_dev) { struct in_ifaddr *ifa; \
	for (ifa = (in_dev)->ifa_list; ifa && !(ifa->ifa_flags & 0x80 /* IFA_F_SECONDARY */); ifa = ifa->ifa_next)
#define for_ifa(in_dev) { struct in_ifaddr *ifa; \
	for (ifa = (in_dev)->ifa_list; ifa; ifa = ifa->ifa_next)
#define endfor_ifa(in_dev) }
#endif

#endif /* _LIBSKB_LINUX_INETDEVICE_H */
