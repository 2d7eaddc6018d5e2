/* SPDX-License-Identifier: MIT */
/* libskb: <linux/ip.h> - the uapi struct iphdr plus the kernel's skb
 * accessors (include/linux/ip.h). */
#ifndef _LIBSKB_LINUX_IP_H
#define _LIBSKB_LINUX_IP_H

#include <linux/in.h>

#include_next <linux/ip.h>

#include <linux/skbuff.h>

static inline struct iphdr *ip_hdr(const struct sk_buff *skb) { return (struct iphdr *)skb_network_header(skb); }
static inline struct iphdr *inner_ip_hdr(const struct sk_buff *skb)
{
	return (struct iphdr *)skb_inner_network_header(skb);
}
static inline struct iphdr *ipip_hdr(const struct sk_buff *skb) { return (struct iphdr *)skb_transport_header(skb); }

/* v5.4+: the IP payload length the header claims, minus the header. */
static inline unsigned int ip_transport_len(const struct sk_buff *skb)
{
	return ntohs(ip_hdr(skb)->tot_len) - skb_network_header_len(skb);
}

#endif /* _LIBSKB_LINUX_IP_H */
