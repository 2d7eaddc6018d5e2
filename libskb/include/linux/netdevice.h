/* SPDX-License-Identifier: MIT */
/*
 * libskb: network devices (include/linux/netdevice.h, net/core/dev.c),
 * reduced to the fields and calls netfilter modules use.
 *
 * DOC: the modelled devices
 *
 * The model has a fixed set of devices in init_net, registered at start-up
 * and never unregistered:
 *
 *	lo    ifindex 1  mtu 65536  IFF_UP|IFF_LOOPBACK|IFF_RUNNING  ARPHRD_LOOPBACK  00:00:00:00:00:00  127.0.0.1/8
 *	eth0  ifindex 2  mtu 1500   IFF_UP|IFF_BROADCAST|IFF_MULTICAST|IFF_RUNNING|IFF_LOWER_UP
 *	                            ARPHRD_ETHER  02:00:00:00:00:01  10.0.0.2/24
 *	eth1  ifindex 3  mtu 1500   as eth0 with 02:00:00:00:00:03, 10.0.1.2/24
 *
 * eth0 is skb::DefaultDevice() (<skb/netfilter.h>), the device the path
 * models and the hook harness give skbs and hook states. No offloads
 * (features 0) unless a test sets them.
 *
 * dev_get_by_name()/dev_get_by_index() take a reference (dev_hold());
 * dev_put() drops it. A module that exits holding references is reported
 * (the kernel would wait forever in netdev_wait_allrefs: "unregister_netdevice:
 * waiting for eth0 to become free. Usage count = 1"). dev_queue_xmit()
 * consumes the skb and runs the transmit path model (skb::DevQueueXmit()).
 *
 * API personality: dev_addr is `const unsigned char *` from v5.17 (writes
 * go through dev_addr_set()/eth_hw_addr_set()), `unsigned char *` before.
 * The struct's first four members are name, ifindex, mtu, features (so an
 * aggregate initialiser {"eth1", 3, 1500, 0} in tests keeps working); the
 * order of the rest is not the kernel's, as no module depends on it.
 *
 * Like the kernel's, this header brings <linux/timer.h>, <linux/delay.h> and
 * <linux/workqueue.h> (and with them jiffies and HZ) to every file that
 * includes <linux/skbuff.h>; modules rely on it.
 */
#ifndef _LIBSKB_LINUX_NETDEVICE_H
#define _LIBSKB_LINUX_NETDEVICE_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/if.h>
#include <linux/libskb_api.h>
#include <linux/module.h>		/* THIS_MODULE: the kernel's skbuff.h reaches it via textsearch.h */
#include <linux/netdev_features.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#define MAX_ADDR_LEN	32	/* Largest hardware address length (uapi linux/netdevice.h) */
#define NETDEV_ALIGN	32

struct sk_buff;
struct net;
struct in_device;
struct inet6_dev;

/* Transmit return codes (include/linux/netdevice.h). */
#define NET_XMIT_SUCCESS	0x00
#define NET_XMIT_DROP		0x01
#define NET_XMIT_CN		0x02
#define NET_XMIT_MASK		0x0f
#define net_xmit_errno(e)	((e) != NET_XMIT_CN ? -ENOBUFS : 0)

enum netdev_tx {
	__NETDEV_TX_MIN	= -2147483647 - 1,
	NETDEV_TX_OK	= 0x00,
	NETDEV_TX_BUSY	= 0x10,
};
typedef enum netdev_tx netdev_tx_t;

struct net_device_stats {
	unsigned long rx_packets;
	unsigned long tx_packets;
	unsigned long rx_bytes;
	unsigned long tx_bytes;
	unsigned long rx_errors;
	unsigned long tx_errors;
	unsigned long rx_dropped;
	unsigned long tx_dropped;
	unsigned long multicast;
	unsigned long collisions;
	unsigned long rx_length_errors;
	unsigned long rx_over_errors;
	unsigned long rx_crc_errors;
	unsigned long rx_frame_errors;
	unsigned long rx_fifo_errors;
	unsigned long rx_missed_errors;
	unsigned long tx_aborted_errors;
	unsigned long tx_carrier_errors;
	unsigned long tx_fifo_errors;
	unsigned long tx_heartbeat_errors;
	unsigned long tx_window_errors;
	unsigned long rx_compressed;
	unsigned long tx_compressed;
};

struct net_device {
	char name[IFNAMSIZ];
	int ifindex;
	unsigned int mtu;
	netdev_features_t features;
	/* From here on, kernel names in libskb's order. */
	netdev_features_t hw_features;
	netdev_features_t vlan_features;
	unsigned int flags;
	unsigned int priv_flags;
	unsigned short type;		/* ARPHRD_* */
	unsigned short hard_header_len;
	unsigned short needed_headroom;
	unsigned short needed_tailroom;
	unsigned int min_mtu;
	unsigned int max_mtu;
	unsigned char addr_len;
	unsigned char operstate;
	unsigned int tx_queue_len;
	int group;
#if LIBSKB_API_AT_LEAST(5, 17)
	const unsigned char *dev_addr;
#else
	unsigned char *dev_addr;
#endif
	unsigned char perm_addr[MAX_ADDR_LEN];
	unsigned char broadcast[MAX_ADDR_LEN];
	struct net_device_stats stats;
	struct in_device *ip_ptr;
	struct inet6_dev *ip6_ptr;
	refcount_t dev_refcnt;
	unsigned char __libskb_addr[MAX_ADDR_LEN];	/* dev_addr points here */
};

LIBSKB_EXTERN_C_BEGIN
/* Models dev_get_by_name() (net/core/dev.c): the device with a reference, or NULL. */
struct net_device *dev_get_by_name(struct net *net, const char *name);
/* Models __dev_get_by_name() / dev_get_by_name_rcu(): no reference taken. */
struct net_device *__dev_get_by_name(struct net *net, const char *name);
struct net_device *dev_get_by_name_rcu(struct net *net, const char *name);
/* Models dev_get_by_index(): with a reference. */
struct net_device *dev_get_by_index(struct net *net, int ifindex);
/* Models __dev_get_by_index() / dev_get_by_index_rcu(). */
struct net_device *__dev_get_by_index(struct net *net, int ifindex);
struct net_device *dev_get_by_index_rcu(struct net *net, int ifindex);
/* Models dev_hold(): one more reference; NULL is ignored (v5.15+ behaviour). */
void dev_hold(struct net_device *dev);
/* Models dev_put(): one reference less; a put below zero is the kernel's
 * refcount underflow WARN. */
void dev_put(struct net_device *dev);
/* Models dev_queue_xmit(): consumes skb, runs the transmit path model on
 * skb->dev (eth0 if none); NET_XMIT_SUCCESS or NET_XMIT_DROP. */
int dev_queue_xmit(struct sk_buff *skb);
/* Models netdev_name(). */
const char *netdev_name(const struct net_device *dev);
/* The modelled devices in ifindex order, for for_each_netdev(). */
struct net_device *libskb_first_netdev(struct net *net);
struct net_device *libskb_next_netdev(struct net_device *dev);
/* Models dev_addr_set() (v5.15+). */
void dev_addr_set(struct net_device *dev, const u8 *addr);
LIBSKB_EXTERN_C_END

#define for_each_netdev(net, d) for ((d) = libskb_first_netdev(net); (d); (d) = libskb_next_netdev(d))
#define for_each_netdev_rcu(net, d) for_each_netdev(net, d)
#define for_each_netdev_safe(net, d, n) \
	for ((d) = libskb_first_netdev(net), (n) = (d) ? libskb_next_netdev(d) : NULL; (d); \
	     (d) = (n), (n) = (d) ? libskb_next_netdev(d) : NULL)

/* Per-device private area: the kernel puts it after the aligned struct. */
static inline void *netdev_priv(const struct net_device *dev)
{
	return (char *)dev + ((sizeof(struct net_device) + NETDEV_ALIGN - 1) & ~(size_t)(NETDEV_ALIGN - 1));
}

static inline bool netif_running(const struct net_device *dev) { return (dev->flags & IFF_UP) != 0; }
static inline bool netif_carrier_ok(const struct net_device *dev) { return (dev->flags & IFF_LOWER_UP) != 0; }
static inline bool netif_oper_up(const struct net_device *dev) { return dev->operstate == IF_OPER_UP; }
static inline unsigned int dev_get_flags(const struct net_device *dev) { return dev->flags; }
static inline void netdev_hold(struct net_device *dev, void *tracker, gfp_t gfp)
{
	(void)tracker;
	(void)gfp;
	dev_hold(dev);
}
static inline void netdev_put(struct net_device *dev, void *tracker)
{
	(void)tracker;
	dev_put(dev);
}
#define LL_RESERVED_SPACE(dev) \
	((((dev)->hard_header_len + (dev)->needed_headroom) & ~(16 - 1)) + 16)
#define LL_RESERVED_SPACE_EXTRA(dev, extra) \
	((((dev)->hard_header_len + (dev)->needed_headroom + (extra)) & ~(16 - 1)) + 16)

/* LL_MAX_HEADER of a distribution kernel (CONFIG_HYPERV_NET=m: 128; include/linux/netdevice.h). */
#ifndef LL_MAX_HEADER
#define LL_MAX_HEADER 128
#endif

/*
 * ETH_P_*, ETH_ALEN, ETH_HLEN: the kernel's netdevice.h reaches <linux/if_ether.h>.
 * The uapi part only (include_next skips libskb's wrapper, whose eth_hdr()
 * needs the struct sk_buff that skbuff.h is still defining when it gets here).
 */
#include_next <linux/if_ether.h>

#endif /* _LIBSKB_LINUX_NETDEVICE_H */
