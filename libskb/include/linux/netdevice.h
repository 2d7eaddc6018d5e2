/* SPDX-License-Identifier: MIT */
/* libskb: the part of struct net_device that skb code reads (its name, for
 * skb_over_panic's "dev:%s"). */
#ifndef _LIBSKB_LINUX_NETDEVICE_H
#define _LIBSKB_LINUX_NETDEVICE_H

#include <linux/netdev_features.h>
#include <linux/types.h>

#define IFNAMSIZ 16

struct net_device {
	char name[IFNAMSIZ];
	int ifindex;
	unsigned int mtu;
	netdev_features_t features;
};

#endif /* _LIBSKB_LINUX_NETDEVICE_H */
