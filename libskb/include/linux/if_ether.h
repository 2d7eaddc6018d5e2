/* SPDX-License-Identifier: MIT */
/* libskb: <linux/if_ether.h> - the uapi header (struct ethhdr, ETH_P_*,
 * ETH_HLEN) plus the kernel's skb accessors. */
#ifndef _LIBSKB_LINUX_IF_ETHER_H
#define _LIBSKB_LINUX_IF_ETHER_H

#include_next <linux/if_ether.h>

#include <linux/skbuff.h>

static inline struct ethhdr *eth_hdr(const struct sk_buff *skb) { return (struct ethhdr *)skb_mac_header(skb); }

/* The header at data, before eth_type_trans() has reset the mac header. */
static inline struct ethhdr *skb_eth_hdr(const struct sk_buff *skb) { return (struct ethhdr *)skb->data; }

#endif /* _LIBSKB_LINUX_IF_ETHER_H */
