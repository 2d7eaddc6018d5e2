/* SPDX-License-Identifier: MIT */
/* libskb: <linux/netfilter_ipv6.h> - the uapi header (NF_IP6_PRI_*, the
 * NF_IP6_* hook numbers) on top of the netfilter hook API. */
#ifndef _LIBSKB_LINUX_NETFILTER_IPV6_H
#define _LIBSKB_LINUX_NETFILTER_IPV6_H

#include <linux/netfilter.h>

#include_next <linux/netfilter_ipv6.h>

#endif /* _LIBSKB_LINUX_NETFILTER_IPV6_H */
