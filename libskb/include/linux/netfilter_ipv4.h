/* SPDX-License-Identifier: MIT */
/* libskb: <linux/netfilter_ipv4.h> - the uapi header (NF_IP_PRI_*, the
 * NF_IP_* hook numbers) on top of the netfilter hook API. */
#ifndef _LIBSKB_LINUX_NETFILTER_IPV4_H
#define _LIBSKB_LINUX_NETFILTER_IPV4_H

#include <linux/netfilter.h>

#include_next <linux/netfilter_ipv4.h>

#endif /* _LIBSKB_LINUX_NETFILTER_IPV4_H */
