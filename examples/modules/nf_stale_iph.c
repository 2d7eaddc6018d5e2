// SPDX-License-Identifier: MIT
/*
 * nf_stale_iph - marks incoming RTP (UDP port 5004) with DSCP EF on
 * NF_INET_PRE_ROUTING, so that the host's egress shaping and the
 * application's IP_RECVTOS see the class. A bundled example bug for the
 * module fuzzer.
 *
 * THE MISTAKE: iph = ip_hdr(skb) is taken once, at the top, and used after
 * pskb_may_pull() and skb_ensure_writable(). Either call may move the
 * header to a new head (pskb_expand_head): pskb_may_pull() when the UDP
 * header is not in the linear area yet and the head has no tailroom left
 * for it (or is shared with a clone); skb_ensure_writable() whenever the
 * header is shared with a clone. The packet goes on unmarked, and the TOS
 * rewrite and the checksum update land in the old head:
 *
 *  - if the skb owned it, the old head was freed: a use-after-free, which
 *    AddressSanitizer reports at the first access through iph and which a
 *    production kernel turns into silent corruption of whatever reuses the
 *    slab object;
 *  - if a packet tap's clone shares it, the write changes the tap's packet.
 *
 * Triggered by: an IPv4/UDP packet to port 5004 (not a fragment, TOS not
 * already EF) whose header has to move - only the IPv4 header in a head
 * with no tailroom to spare (a header-split NIC's or GRO's small head, the
 * rest in page frags), or a head shared with a clone. Packets whose UDP
 * header is already linear in a private head are marked correctly.
 *
 * The fix: reload the pointer after every call that may reallocate,
 *
 *	iph = ip_hdr(skb);
 *
 * Otherwise careful: the UDP header is pulled before it is read, fragments
 * are left alone, the header is made writable before it is written, and the
 * checksum is updated incrementally over the 16-bit word that holds the TOS.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#define RTP_PORT	5004
#define DSCP_EF_TOS	0xb8	/* DSCP 46 << 2 */
#define ECN_MASK	0x03

static unsigned long marked;

static unsigned int rtp_mark_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct iphdr *iph = ip_hdr(skb);
	const struct udphdr *uh;
	unsigned int thoff;
	__be16 old_word, new_word;

	if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
		return NF_ACCEPT;
	thoff = ip_hdrlen(skb);
	/* The UDP header may still be in a page frag. */
	if (!pskb_may_pull(skb, thoff + sizeof(struct udphdr)))
		return NF_ACCEPT;
	uh = (const struct udphdr *)(skb_network_header(skb) + thoff);
	if (uh->dest != htons(RTP_PORT))
		return NF_ACCEPT;

	if (skb_ensure_writable(skb, thoff))
		return NF_DROP;
	if ((iph->tos & ~ECN_MASK) == DSCP_EF_TOS)
		return NF_ACCEPT;
	/* The TOS shares its 16-bit checksum word with version/ihl. */
	old_word = htons(iph->version << 12 | iph->ihl << 8 | iph->tos);
	iph->tos = DSCP_EF_TOS | (iph->tos & ECN_MASK);
	new_word = htons(iph->version << 12 | iph->ihl << 8 | iph->tos);
	csum_replace2(&iph->check, old_word, new_word);
	marked++;
	return NF_ACCEPT;
}

static const struct nf_hook_ops rtp_mark_ops = {
	.hook		= rtp_mark_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_PRE_ROUTING,
	.priority	= NF_IP_PRI_MANGLE,
};

static int __init nf_stale_iph_init(void)
{
	return nf_register_net_hook(&init_net, &rtp_mark_ops);
}

static void __exit nf_stale_iph_exit(void)
{
	nf_unregister_net_hook(&init_net, &rtp_mark_ops);
	pr_info("%lu packets marked\n", marked);
}

module_init(nf_stale_iph_init);
module_exit(nf_stale_iph_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("DSCP EF for RTP (libskb example bug: stale ip_hdr() after a pull)");
