/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/netfilter_ipv4.h> - the uapi header (NF_IP_PRI_*) on top of
 * the netfilter hook API.
 *
 * The uapi header keeps the NF_IP_PRE_ROUTING .. NF_IP_NUMHOOKS hook numbers
 * and the NFC_IP_* cache bits "only for userspace compatibility", inside
 * #ifndef __KERNEL__ (include/uapi/linux/netfilter_ipv4.h; kernel code has
 * used NF_INET_* since v2.6.25). The installed copy the model includes has
 * those guards stripped, so they are taken away again here: a module that
 * uses NF_IP_PRE_ROUTING fails to compile as it does in kbuild on every
 * profile (2.6.32 and later), naming the identifier.
 */
#ifndef _LIBSKB_LINUX_NETFILTER_IPV4_H
#define _LIBSKB_LINUX_NETFILTER_IPV4_H

#include <linux/netfilter.h>

#include_next <linux/netfilter_ipv4.h>

#undef NFC_IP_SRC
#undef NFC_IP_DST
#undef NFC_IP_IF_IN
#undef NFC_IP_IF_OUT
#undef NFC_IP_TOS
#undef NFC_IP_PROTO
#undef NFC_IP_OPTIONS
#undef NFC_IP_FRAG
#undef NFC_IP_TCPFLAGS
#undef NFC_IP_SRC_PT
#undef NFC_IP_DST_PT
#undef NFC_IP_PROTO_UNKNOWN
#undef NF_IP_PRE_ROUTING
#undef NF_IP_LOCAL_IN
#undef NF_IP_FORWARD
#undef NF_IP_LOCAL_OUT
#undef NF_IP_POST_ROUTING
#undef NF_IP_NUMHOOKS

LIBSKB_EXTERN_C_BEGIN
/* Models nf_ip_checksum() (net/netfilter/utils.c; net/ipv4/netfilter.c before 4.x). */
__sum16 nf_ip_checksum(struct sk_buff *skb, unsigned int hook, unsigned int dataoff, u8 protocol);
LIBSKB_EXTERN_C_END

/* The kernel declares ip_route_me_harder() here. */
#include <net/route.h>

#endif /* _LIBSKB_LINUX_NETFILTER_IPV4_H */
