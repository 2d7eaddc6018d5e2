// SPDX-License-Identifier: MIT
/*
 * svc_route - a LOCAL_OUT redirector that reads the route's MTU and moves
 * UDP datagrams for 10.0.0.2 to 10.0.0.3: the destination address changes
 * (IPv4 header checksum and UDP pseudo-header checksum fixed up), then the
 * packet is routed again with ip_route_me_harder(). Test module for the
 * route model (svc_route_test.cc).
 */
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/route.h>

/* Read by the test. */
unsigned int svc_route_last_mtu;
unsigned long svc_route_rerouted;
int svc_route_last_err;

static unsigned int svc_route_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	const __be32 from = htonl(0x0a000002), to = htonl(0x0a000003);
	struct iphdr *iph;
	struct udphdr *uh;
	unsigned int thoff;

	if (skb_dst(skb))
		svc_route_last_mtu = dst_mtu(skb_dst(skb));
	iph = ip_hdr(skb);
	if (iph->daddr != from || iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
		return NF_ACCEPT;
	thoff = ip_hdrlen(skb);
	if (skb_ensure_writable(skb, thoff + sizeof(*uh)))
		return NF_DROP;
	iph = ip_hdr(skb);
	uh = (struct udphdr *)(skb_network_header(skb) + thoff);
	if (uh->check || skb->ip_summed == CHECKSUM_PARTIAL) {
		inet_proto_csum_replace4(&uh->check, skb, from, to, true);
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
	}
	csum_replace4(&iph->check, from, to);
	iph->daddr = to;
	svc_route_last_err = ip_route_me_harder(state->net, state->sk, skb, RTN_UNSPEC);
	if (svc_route_last_err)
		return NF_DROP_ERR(svc_route_last_err);
	svc_route_rerouted++;
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_route_ops = {
	.hook = svc_route_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_OUT,
	.priority = NF_IP_PRI_NAT_DST,
};

static int __init svc_route_init(void)
{
	return nf_register_net_hook(&init_net, &svc_route_ops);
}

static void __exit svc_route_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_route_ops);
}

module_init(svc_route_init);
module_exit(svc_route_exit);
MODULE_LICENSE("GPL");
