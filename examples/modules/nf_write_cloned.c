// SPDX-License-Identifier: MIT
/*
 * nf_write_cloned - a minimal stateless DNAT on NF_INET_PRE_ROUTING: traffic
 * to the service address 198.51.100.10 is redirected to the backend
 * 10.0.0.20, with the IPv4 header checksum and the TCP/UDP checksum updated
 * incrementally. A bundled example bug for the module fuzzer.
 *
 * THE MISTAKE: the headers are rewritten in place after pskb_may_pull(),
 * which makes them linear but not private. When the packet is cloned - a
 * packet socket (tcpdump, a DHCP client, an IDS tap) took a clone in
 * __netif_receive_skb_core before ip_rcv - both skbs share one head, and the
 * rewrite changes the tap's packet too: the capture shows the backend
 * address with the rewritten checksums, as if the packet had arrived that
 * way. With CHECKSUM_COMPLETE the tap's skb->csum no longer matches its
 * bytes either. Nothing crashes; the corruption is silent.
 *
 * Triggered by: a packet to 198.51.100.10 whose head is shared with a clone
 * (skb_cloned / skb_header_cloned) at PRE_ROUTING.
 *
 * The fix: ask for writable bytes, not linear ones,
 *
 *	if (skb_ensure_writable(skb, thoff + csum_off + sizeof(__sum16)))
 *		return NF_DROP;
 *
 * Otherwise careful: the L4 header is pulled before it is read and pointers
 * are reloaded after the pull, non-first fragments (no L4 header) get only
 * the IPv4 header rewrite, a UDP checksum of 0 (none) stays 0 unless the
 * checksum is offloaded, and the pseudo-header change goes through
 * inet_proto_csum_replace4() so CHECKSUM_PARTIAL and CHECKSUM_COMPLETE
 * packets stay consistent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#define SERVICE_ADDR	0xc633640a	/* 198.51.100.10 */
#define BACKEND_ADDR	0x0a000014	/* 10.0.0.20 */

static unsigned long redirected;

static unsigned int dnat_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	struct iphdr *iph = ip_hdr(skb);
	const __be32 to = htonl(BACKEND_ADDR);
	unsigned int thoff, csum_off;
	__sum16 *check;
	__be32 from;

	if (iph->daddr != htonl(SERVICE_ADDR))
		return NF_ACCEPT;
	from = iph->daddr;
	thoff = ip_hdrlen(skb);

	if (!(iph->frag_off & htons(IP_OFFSET))) {
		switch (iph->protocol) {
		case IPPROTO_TCP:
			csum_off = offsetof(struct tcphdr, check);
			break;
		case IPPROTO_UDP:
			csum_off = offsetof(struct udphdr, check);
			break;
		default:
			csum_off = 0;
			break;
		}
		if (csum_off) {
			if (!pskb_may_pull(skb, thoff + csum_off + sizeof(__sum16)))
				return NF_DROP;
			iph = ip_hdr(skb);
			check = (__sum16 *)(skb_network_header(skb) + thoff + csum_off);
			if (iph->protocol == IPPROTO_TCP || *check || skb->ip_summed == CHECKSUM_PARTIAL) {
				inet_proto_csum_replace4(check, skb, from, to, true);
				if (iph->protocol == IPPROTO_UDP && !*check)
					*check = CSUM_MANGLED_0;
			}
		}
	}
	csum_replace4(&iph->check, from, to);
	iph->daddr = to;
	redirected++;
	return NF_ACCEPT;
}

static const struct nf_hook_ops dnat_ops = {
	.hook		= dnat_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_PRE_ROUTING,
	.priority	= NF_IP_PRI_NAT_DST,
};

static int __init nf_write_cloned_init(void)
{
	return nf_register_net_hook(&init_net, &dnat_ops);
}

static void __exit nf_write_cloned_exit(void)
{
	nf_unregister_net_hook(&init_net, &dnat_ops);
	pr_info("%lu packets redirected\n", redirected);
}

module_init(nf_write_cloned_init);
module_exit(nf_write_cloned_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("stateless DNAT (libskb example bug: headers rewritten in a cloned skb)");
