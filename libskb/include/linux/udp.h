/* SPDX-License-Identifier: MIT */
/* libskb: <linux/udp.h> - the uapi struct udphdr plus the kernel's skb
 * accessors (include/linux/udp.h). */
#ifndef _LIBSKB_LINUX_UDP_H
#define _LIBSKB_LINUX_UDP_H

#include_next <linux/udp.h>

#include <linux/skbuff.h>

static inline struct udphdr *udp_hdr(const struct sk_buff *skb) { return (struct udphdr *)skb_transport_header(skb); }
static inline struct udphdr *inner_udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_inner_transport_header(skb);
}

#endif /* _LIBSKB_LINUX_UDP_H */
