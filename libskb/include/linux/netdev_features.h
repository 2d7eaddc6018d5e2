/* SPDX-License-Identifier: MIT */
/*
 * libskb: the net_device feature bits the transmit path reads
 * (include/linux/netdev_features.h; bit numbers of v5.10, the low ones are
 * unchanged since v3.x). struct net_device's features field holds them.
 */
#ifndef _LIBSKB_LINUX_NETDEV_FEATURES_H
#define _LIBSKB_LINUX_NETDEV_FEATURES_H

#include <linux/types.h>

typedef u64 netdev_features_t;

#define NETIF_F_SG		(1ULL << 0)	/* scatter/gather: frags handed to the device as they are */
#define NETIF_F_IP_CSUM		(1ULL << 1)	/* checksums TCP/UDP over IPv4 */
#define NETIF_F_HW_CSUM		(1ULL << 3)	/* checksums every protocol (csum_start/csum_offset) */
#define NETIF_F_IPV6_CSUM	(1ULL << 4)	/* checksums TCP/UDP over IPv6 */
#define NETIF_F_HIGHDMA		(1ULL << 5)
#define NETIF_F_FRAGLIST	(1ULL << 6)	/* takes skbs with a frag_list */
#define NETIF_F_GSO		(1ULL << 11)
#define NETIF_F_LLTX		(1ULL << 12)
#define NETIF_F_GRO		(1ULL << 14)
#define NETIF_F_LRO		(1ULL << 15)
#define NETIF_F_TSO		(1ULL << 16)
#define NETIF_F_TSO6		(1ULL << 20)
#define NETIF_F_GSO_UDP_L4	(1ULL << 33)
#define NETIF_F_SCTP_CRC	(1ULL << 36)
#define NETIF_F_RXCSUM		(1ULL << 40)

#define NETIF_F_CSUM_MASK	(NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM | NETIF_F_HW_CSUM)

/* include/linux/skbuff.h: does the device need this skb linearised first? */
#define skb_needs_linearize(skb, features)						\
	(skb_is_nonlinear(skb) &&							\
	 ((skb_has_frag_list(skb) && !((features) & NETIF_F_FRAGLIST)) ||		\
	  (skb_shinfo(skb)->nr_frags && !((features) & NETIF_F_SG))))

#endif /* _LIBSKB_LINUX_NETDEV_FEATURES_H */
