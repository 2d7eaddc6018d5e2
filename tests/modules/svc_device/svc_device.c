// SPDX-License-Identifier: MIT
/*
 * svc_device: looks up eth0 by name at load time (holding a reference until
 * exit, as dev_get_by_name() requires), records its MAC, MTU and index, and
 * in its PRE_ROUTING hook counts packets that arrive on it, comparing
 * state->in with the device it looked up and the destination MAC with
 * dev_addr - what MAC-filtering and per-interface modules do.
 */
#include <linux/if_ether.h>
#include <linux/inetdevice.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/net_namespace.h>

MODULE_LICENSE("Dual MIT/GPL");

/* Read by the test. */
unsigned char svc_device_mac[6];
unsigned int svc_device_mtu;
int svc_device_ifindex;
unsigned int svc_device_flags;
__be32 svc_device_addr;
int svc_device_hits;
int svc_device_mac_hits;
int svc_device_count;

static struct net_device *watched;

static unsigned int svc_device_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *st)
{
	if (st->in == watched) {
		svc_device_hits++;
		if (skb_mac_header_was_set(skb) &&
		    memcmp(eth_hdr(skb)->h_dest, watched->dev_addr, watched->addr_len) == 0)
			svc_device_mac_hits++;
	}
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_device_ops = {
	.hook = svc_device_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP_PRI_FIRST,
};

static int __init svc_device_init(void)
{
	struct net_device *dev;
	struct in_device *in_dev;
	struct in_ifaddr *ifa;

	watched = dev_get_by_name(&init_net, "eth0");
	if (!watched)
		return -ENODEV;
	memcpy(svc_device_mac, watched->dev_addr, ETH_ALEN);
	svc_device_mtu = watched->mtu;
	svc_device_ifindex = watched->ifindex;
	svc_device_flags = watched->flags;

	in_dev = in_dev_get(watched);
	if (in_dev) {
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			svc_device_addr = ifa->ifa_local;
			break;
		}
		in_dev_put(in_dev);
	}

	for_each_netdev(&init_net, dev)
		svc_device_count++;

	return nf_register_net_hook(&init_net, &svc_device_ops);
}

static void __exit svc_device_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_device_ops);
	dev_put(watched);
}

module_init(svc_device_init);
module_exit(svc_device_exit);
