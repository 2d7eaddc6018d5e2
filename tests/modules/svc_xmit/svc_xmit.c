// SPDX-License-Identifier: MIT
/*
 * svc_xmit: a PRE_ROUTING hook that mirrors every IPv4 packet out of eth1:
 * it clones the skb, pushes an Ethernet header in front of the clone and
 * hands it to dev_queue_xmit(), then accepts the original - the mirror/tap
 * modules people write. dev_queue_xmit() owns the clone from then on.
 */
#include <linux/if_ether.h>
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
int svc_xmit_sent;
int svc_xmit_failed;

static struct net_device *mirror;

static unsigned int svc_xmit_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *st)
{
	struct sk_buff *nskb;
	struct ethhdr *eth;

	nskb = skb_copy_expand(skb, ETH_HLEN, 0, GFP_ATOMIC);
	if (!nskb) {
		svc_xmit_failed++;
		return NF_ACCEPT;
	}
	eth = (struct ethhdr *)skb_push(nskb, ETH_HLEN);
	memset(eth->h_dest, 0xff, ETH_ALEN);
	memcpy(eth->h_source, mirror->dev_addr, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	nskb->dev = mirror;
	if (dev_queue_xmit(nskb) == NET_XMIT_SUCCESS)
		svc_xmit_sent++;
	else
		svc_xmit_failed++;
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_xmit_ops = {
	.hook = svc_xmit_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP_PRI_FIRST,
};

static int __init svc_xmit_init(void)
{
	mirror = dev_get_by_name(&init_net, "eth1");
	if (!mirror)
		return -ENODEV;
	return nf_register_net_hook(&init_net, &svc_xmit_ops);
}

static void __exit svc_xmit_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_xmit_ops);
	dev_put(mirror);
}

module_init(svc_xmit_init);
module_exit(svc_xmit_exit);
