// SPDX-License-Identifier: MIT
/*
 * nf_csum_past_len - verifies the UDP checksum of SIP datagrams (port 5060)
 * on NF_INET_PRE_ROUTING and drops corrupted ones before they reach the
 * connection-tracking helper and the proxy. A bundled example bug for the
 * module fuzzer.
 *
 * THE MISTAKE: the checksum is summed over the length the UDP header
 * claims, skb_checksum(skb, thoff, ntohs(uh->len), 0), and uh->len is only
 * checked against the UDP header size, never against the bytes the packet
 * has. PRE_ROUTING runs before udp_rcv validates uh->len (ip_rcv_core only
 * trims the skb to the IPv4 tot_len), so a datagram whose UDP length
 * exceeds its IP payload reaches the hook, and __skb_checksum() runs out of
 * data with bytes still owed: BUG_ON(len) at the end of __skb_checksum
 * (net/core/skbuff.c, 6.12). One malformed packet from the network panics
 * the machine.
 *
 * Triggered by: an IPv4/UDP packet to port 5060, not a fragment, checksum
 * not 0, not CHECKSUM_UNNECESSARY, with uh->len > tot_len - ihl * 4. Every
 * skb shape reaches it.
 *
 * The fix: refuse what the packet cannot hold, as __udp4_lib_rcv does,
 *
 *	if (ulen < sizeof(*uh) || ulen > skb->len - thoff)
 *		return NF_DROP;
 *
 * Otherwise careful: the UDP header is pulled before it is read and the
 * pointers are reloaded after the pull, fragments are left to reassembly, a
 * zero (absent) checksum and a checksum the NIC verified are accepted, the
 * sum includes the pseudo-header, and the skb is only read.
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

#define SIP_PORT	5060

static unsigned long sip_bad_csum;

static unsigned int sip_csum_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	const struct udphdr *uh;
	unsigned int thoff, ulen;
	__wsum csum;

	if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
		return NF_ACCEPT;
	thoff = ip_hdrlen(skb);
	if (!pskb_may_pull(skb, thoff + sizeof(*uh)))
		return NF_DROP;
	iph = ip_hdr(skb);
	uh = (const struct udphdr *)(skb_network_header(skb) + thoff);
	if (uh->dest != htons(SIP_PORT))
		return NF_ACCEPT;
	if (!uh->check || skb->ip_summed == CHECKSUM_UNNECESSARY)
		return NF_ACCEPT;

	ulen = ntohs(uh->len);
	if (ulen < sizeof(*uh))
		return NF_DROP;
	csum = skb_checksum(skb, thoff, ulen, 0);
	if (csum_tcpudp_magic(iph->saddr, iph->daddr, ulen, IPPROTO_UDP, csum)) {
		sip_bad_csum++;
		return NF_DROP;
	}
	return NF_ACCEPT;
}

static const struct nf_hook_ops sip_csum_ops = {
	.hook		= sip_csum_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_PRE_ROUTING,
	.priority	= NF_IP_PRI_CONNTRACK - 1,
};

static int __init nf_csum_past_len_init(void)
{
	return nf_register_net_hook(&init_net, &sip_csum_ops);
}

static void __exit nf_csum_past_len_exit(void)
{
	nf_unregister_net_hook(&init_net, &sip_csum_ops);
	pr_info("%lu datagrams with a bad checksum dropped\n", sip_bad_csum);
}

module_init(nf_csum_past_len_init);
module_exit(nf_csum_past_len_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("SIP UDP checksum filter (libskb example bug: checksum over the header's length)");
