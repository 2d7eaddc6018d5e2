// SPDX-License-Identifier: MIT
/*
 * nf_ttl_clamp - caps the IPv4 TTL and the IPv6 hop limit of incoming
 * packets at ttl_max (default 64), so that hosts behind this one cannot be
 * told apart by their initial TTL. PRE_ROUTING, IPv4 and IPv6.
 *
 * A correct module (libskb's examples/modules: the fuzzer must find
 * nothing in it). What it gets right:
 *
 *  - it writes only after skb_ensure_writable() covered the header: the
 *    bytes are linear, and private even when a packet tap holds a clone;
 *  - it reloads the header pointer after that call, which may have moved
 *    the head;
 *  - IPv4: the header checksum is updated incrementally over the 16-bit
 *    word holding the TTL (the TTL is its high byte), so a CHECKSUM_COMPLETE
 *    sum stays right (the header's contribution does not change);
 *  - IPv6 has no header checksum, but CHECKSUM_COMPLETE covers the header
 *    from skb->data on: the hop-limit word's change is taken out of
 *    skb->csum too (ip6_protocol_deliver_rcu later subtracts the header as
 *    it is then).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

static unsigned int ttl_max = 64;
module_param(ttl_max, uint, 0644);
MODULE_PARM_DESC(ttl_max, "largest TTL / hop limit let in (1-255)");

static unsigned long clamped;

static unsigned int ttl_clamp_v4(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct iphdr *iph = ip_hdr(skb);
	u8 new_ttl = (u8)ttl_max;

	if (iph->ttl <= new_ttl)
		return NF_ACCEPT;
	if (skb_ensure_writable(skb, skb_network_offset(skb) + sizeof(*iph)))
		return NF_DROP;
	iph = ip_hdr(skb);
	csum_replace2(&iph->check, htons(iph->ttl << 8), htons(new_ttl << 8));
	iph->ttl = new_ttl;
	clamped++;
	return NF_ACCEPT;
}

static unsigned int ttl_clamp_v6(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 new_hl = (u8)ttl_max;
	__be16 old_word, new_word;

	if (ip6h->hop_limit <= new_hl)
		return NF_ACCEPT;
	if (skb_ensure_writable(skb, skb_network_offset(skb) + sizeof(*ip6h)))
		return NF_DROP;
	ip6h = ipv6_hdr(skb);
	/* nexthdr and hop_limit form the 16-bit word at offset 6; at
	 * PRE_ROUTING skb->data is the network header, so the word is at an
	 * even offset of the summed range. */
	old_word = htons(ip6h->nexthdr << 8 | ip6h->hop_limit);
	new_word = htons(ip6h->nexthdr << 8 | new_hl);
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_add(csum_sub(skb->csum, (__force __wsum)old_word), (__force __wsum)new_word);
	ip6h->hop_limit = new_hl;
	clamped++;
	return NF_ACCEPT;
}

static const struct nf_hook_ops ttl_clamp_ops[] = {
	{
		.hook		= ttl_clamp_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_MANGLE,
	},
	{
		.hook		= ttl_clamp_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_MANGLE,
	},
};

static int __init nf_ttl_clamp_init(void)
{
	if (ttl_max < 1 || ttl_max > 255)
		return -EINVAL;
	return nf_register_net_hooks(&init_net, ttl_clamp_ops, ARRAY_SIZE(ttl_clamp_ops));
}

static void __exit nf_ttl_clamp_exit(void)
{
	nf_unregister_net_hooks(&init_net, ttl_clamp_ops, ARRAY_SIZE(ttl_clamp_ops));
	pr_info("%lu packets clamped\n", clamped);
}

module_init(nf_ttl_clamp_init);
module_exit(nf_ttl_clamp_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("Example Networks");
MODULE_DESCRIPTION("Cap the TTL / hop limit of incoming packets");
