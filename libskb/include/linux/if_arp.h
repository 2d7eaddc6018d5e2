/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/if_arp.h>: the uapi ARPHRD_* / ARPOP_* / struct arphdr, plus
 * the kernel's arp_hdr() and arp_hdr_len() (include/linux/if_arp.h).
 * glibc's <sys/socket.h> comes with it (see below).
 */
#ifndef _LIBSKB_LINUX_IF_ARP_H
#define _LIBSKB_LINUX_IF_ARP_H

#include <linux/netdevice.h>
/* The uapi struct arpreq needs struct sockaddr, which its user-space build
 * takes from glibc (the kernel's from <linux/socket.h>). */
#include <sys/socket.h>

#include_next <linux/if_arp.h>

#include <linux/skbuff.h>

static inline struct arphdr *arp_hdr(const struct sk_buff *skb) { return (struct arphdr *)skb_network_header(skb); }

static inline unsigned int arp_hdr_len(const struct net_device *dev)
{
	switch (dev->type) {
	default:
		/* ARP header, plus 2 device addresses, plus 2 IP addresses. */
		return sizeof(struct arphdr) + (dev->addr_len + sizeof(u32)) * 2;
	}
}

static inline bool dev_is_mac_header_xmit(const struct net_device *dev)
{
	switch (dev->type) {
	case ARPHRD_TUNNEL:
	case ARPHRD_TUNNEL6:
	case ARPHRD_SIT:
	case ARPHRD_IPGRE:
	case ARPHRD_IP6GRE:
	case ARPHRD_VOID:
	case ARPHRD_NONE:
	case ARPHRD_RAWIP:
	case ARPHRD_PIMREG:
		return false;
	default:
		return true;
	}
}

#endif /* _LIBSKB_LINUX_IF_ARP_H */
