// SPDX-License-Identifier: MIT
/*
 * nf_push_no_headroom - IP-in-IP encapsulation of locally generated traffic
 * to a remote site, on NF_INET_LOCAL_OUT. A bundled example bug for the
 * module fuzzer.
 *
 * THE MISTAKE: the outer header is pushed with skb_push() without making
 * room for it first. The author relied on the headroom the stack reserves
 * for locally generated packets (MAX_TCP_HEADER for TCP, LL_MAX_HEADER-sized
 * reserves for UDP), which holds for socket traffic but not for every
 * sender: an IP_HDRINCL raw socket reserves only LL_RESERVED_SPACE(dev)
 * (16 bytes on Ethernet, raw_send_hdrinc), and a packet rebuilt or
 * re-injected by another module can have less. With fewer than 20 bytes of
 * headroom, skb_push() ends in skb_under_panic() - a BUG.
 *
 * Triggered by: an IPv4 packet to 10.0.0.0/8, not GSO, with skb_headroom()
 * < 20 when it reaches LOCAL_OUT. Packets with room are encapsulated
 * correctly (tot_len, header checksum, csum_start of a CHECKSUM_PARTIAL
 * packet untouched since it is an offset from head).
 *
 * The fix is one call before the push, which also unshares a cloned head:
 *
 *	if (skb_cow_head(skb, sizeof(struct iphdr)))
 *		return NF_DROP;
 *
 * Otherwise careful: the head is made private (skb_unclone) before the push
 * writes into it, GSO packets and oversized results are left alone, the
 * inner header is only read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#define TUNNEL_NET	0x0a000000	/* 10.0.0.0/8: the remote site */
#define TUNNEL_MASK	0xff000000
#define TUNNEL_REMOTE	0xc0000201	/* 192.0.2.1: the far tunnel endpoint */
#define TUNNEL_TTL	64

static unsigned long encapsulated;

static unsigned int ipip_out_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct iphdr *inner = ip_hdr(skb);
	struct iphdr *outer;

	if ((inner->daddr & htonl(TUNNEL_MASK)) != htonl(TUNNEL_NET))
		return NF_ACCEPT;
	/* A GSO packet would need SKB_GSO_IPXIP4 segmentation: not ours. */
	if (skb_is_gso(skb))
		return NF_ACCEPT;
	if (skb->len + sizeof(*outer) > IP_MAX_MTU)
		return NF_DROP;
	/* The push writes into the head: a TCP segment's clone shares it
	 * with the write queue. */
	if (skb_unclone(skb, GFP_ATOMIC))
		return NF_DROP;
	inner = ip_hdr(skb);

	outer = skb_push(skb, sizeof(*outer));
	skb_reset_network_header(skb);
	outer->version = 4;
	outer->ihl = sizeof(*outer) / 4;
	outer->tos = inner->tos;
	outer->tot_len = htons(skb->len);
	outer->id = inner->id;
	outer->frag_off = inner->frag_off & htons(IP_DF);
	outer->ttl = TUNNEL_TTL;
	outer->protocol = IPPROTO_IPIP;
	outer->saddr = inner->saddr;
	outer->daddr = htonl(TUNNEL_REMOTE);
	ip_send_check(outer);
	skb_set_transport_header(skb, sizeof(*outer));
	encapsulated++;
	return NF_ACCEPT;
}

static const struct nf_hook_ops ipip_out_ops = {
	.hook		= ipip_out_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_LOCAL_OUT,
	.priority	= NF_IP_PRI_LAST,
};

static int __init nf_push_no_headroom_init(void)
{
	return nf_register_net_hook(&init_net, &ipip_out_ops);
}

static void __exit nf_push_no_headroom_exit(void)
{
	nf_unregister_net_hook(&init_net, &ipip_out_ops);
	pr_info("%lu packets encapsulated\n", encapsulated);
}

module_init(nf_push_no_headroom_init);
module_exit(nf_push_no_headroom_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("IP-in-IP to a remote site (libskb example bug: skb_push without headroom)");
