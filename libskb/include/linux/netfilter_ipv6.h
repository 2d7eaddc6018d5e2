/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/netfilter_ipv6.h> - the uapi header (NF_IP6_PRI_*) on top of
 * the netfilter hook API. As in <linux/netfilter_ipv4.h>, the NF_IP6_* hook
 * numbers are userspace-only in the kernel (#ifndef __KERNEL__ in
 * include/uapi/linux/netfilter_ipv6.h): modules use NF_INET_*.
 */
#ifndef _LIBSKB_LINUX_NETFILTER_IPV6_H
#define _LIBSKB_LINUX_NETFILTER_IPV6_H

#include <linux/netfilter.h>

#include_next <linux/netfilter_ipv6.h>

#undef NF_IP6_PRE_ROUTING
#undef NF_IP6_LOCAL_IN
#undef NF_IP6_FORWARD
#undef NF_IP6_LOCAL_OUT
#undef NF_IP6_POST_ROUTING
#undef NF_IP6_NUMHOOKS

/* The kernel declares ip6_route_me_harder() here. */
#include <net/ip6_route.h>

#endif /* _LIBSKB_LINUX_NETFILTER_IPV6_H */
