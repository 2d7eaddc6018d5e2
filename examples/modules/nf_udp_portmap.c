// SPDX-License-Identifier: MIT
/*
 * nf_udp_portmap - lets an unprivileged DNS resolver listening on UDP port
 * 5353 serve port 53: incoming datagrams to port 53 are redirected to 5353
 * (PRE_ROUTING), and the resolver's replies from 5353 leave with source port
 * 53 (LOCAL_OUT). IPv4 and IPv6, registered as one array of hooks.
 *
 * A correct module (libskb's examples/modules: the fuzzer must find
 * nothing in it). What it gets right:
 *
 *  - it reads the UDP header with skb_header_pointer() (it may sit in a page
 *    frag) and only makes bytes writable for packets it will change;
 *  - skb_ensure_writable() covers the whole UDP header before the write and
 *    the header pointer is taken after it;
 *  - IPv6: the UDP header is found past any extension headers with
 *    ipv6_skip_exthdr(), and non-first fragments (no UDP header) are left
 *    alone, as are IPv4 non-first fragments;
 *  - the checksum goes through inet_proto_csum_replace2(.., false): a port
 *    is not part of the pseudo-header, so a CHECKSUM_PARTIAL seed stays as
 *    it is and a CHECKSUM_COMPLETE skb->csum needs no change (the port and
 *    the checksum field change by opposite amounts); a UDP checksum of 0
 *    (none, IPv4) stays 0 unless it is offloaded, and a computed 0 is sent
 *    as CSUM_MANGLED_0 - as nf_nat's udp_manip_pkt() does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

#define PUBLIC_PORT	53
#define PRIVATE_PORT	5353

static unsigned long mapped_in, mapped_out;

/* Rewrites the destination (incoming) or source (outgoing) port of the UDP
 * header at thoff bytes from skb->data. */
static unsigned int portmap_udp(struct sk_buff *skb, unsigned int thoff, unsigned int hook)
{
	const bool incoming = hook == NF_INET_PRE_ROUTING;
	const __be16 from = htons(incoming ? PUBLIC_PORT : PRIVATE_PORT);
	const __be16 to = htons(incoming ? PRIVATE_PORT : PUBLIC_PORT);
	const struct udphdr *hp;
	struct udphdr _uh, *uh;

	hp = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);
	if (!hp || (incoming ? hp->dest : hp->source) != from)
		return NF_ACCEPT;
	if (skb_ensure_writable(skb, thoff + sizeof(*uh)))
		return NF_DROP;
	uh = (struct udphdr *)(skb->data + thoff);
	if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL) {
		inet_proto_csum_replace2(&uh->check, skb, from, to, false);
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
	}
	if (incoming) {
		uh->dest = to;
		mapped_in++;
	} else {
		uh->source = to;
		mapped_out++;
	}
	return NF_ACCEPT;
}

static unsigned int portmap_v4(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (iph->protocol != IPPROTO_UDP || (iph->frag_off & htons(IP_OFFSET)))
		return NF_ACCEPT;
	return portmap_udp(skb, skb_network_offset(skb) + ip_hdrlen(skb), state->hook);
}

static unsigned int portmap_v6(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	__be16 frag_off;
	int thoff;

	thoff = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	if (thoff < 0 || nexthdr != IPPROTO_UDP || (frag_off & htons(IP6_OFFSET)))
		return NF_ACCEPT;
	return portmap_udp(skb, thoff, state->hook);
}

static const struct nf_hook_ops portmap_ops[] = {
	{
		.hook		= portmap_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_NAT_DST,
	},
	{
		.hook		= portmap_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_NAT_SRC,
	},
	{
		.hook		= portmap_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_NAT_DST,
	},
	{
		.hook		= portmap_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_NAT_SRC,
	},
};

static int __init nf_udp_portmap_init(void)
{
	return nf_register_net_hooks(&init_net, portmap_ops, ARRAY_SIZE(portmap_ops));
}

static void __exit nf_udp_portmap_exit(void)
{
	nf_unregister_net_hooks(&init_net, portmap_ops, ARRAY_SIZE(portmap_ops));
	pr_info("%lu datagrams in, %lu out\n", mapped_in, mapped_out);
}

module_init(nf_udp_portmap_init);
module_exit(nf_udp_portmap_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("Example Networks");
MODULE_DESCRIPTION("Serve UDP port 53 from an unprivileged resolver on 5353");
