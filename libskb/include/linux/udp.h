/* SPDX-License-Identifier: MIT */
/* libskb: <linux/udp.h> - the uapi struct udphdr plus the kernel's skb
 * accessors (include/linux/udp.h). */
#ifndef _LIBSKB_LINUX_UDP_H
#define _LIBSKB_LINUX_UDP_H

#include_next <linux/udp.h>

#include <linux/compiler.h>
#include <linux/skbuff.h>
#include <stddef.h>

LIBSKB_STATIC_ASSERT(sizeof(struct udphdr) == 8, "struct udphdr is 8 bytes (RFC 768)");
LIBSKB_STATIC_ASSERT(offsetof(struct udphdr, dest) == 2, "udphdr.dest at byte 2");
LIBSKB_STATIC_ASSERT(offsetof(struct udphdr, len) == 4, "udphdr.len at byte 4");
LIBSKB_STATIC_ASSERT(offsetof(struct udphdr, check) == 6, "udphdr.check at byte 6");

static inline struct udphdr *udp_hdr(const struct sk_buff *skb) { return (struct udphdr *)skb_transport_header(skb); }
static inline struct udphdr *inner_udp_hdr(const struct sk_buff *skb)
{
	return (struct udphdr *)skb_inner_transport_header(skb);
}

#endif /* _LIBSKB_LINUX_UDP_H */
