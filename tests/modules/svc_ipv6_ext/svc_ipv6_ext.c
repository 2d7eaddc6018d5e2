// SPDX-License-Identifier: MIT
/*
 * svc_ipv6_ext - an IPv6 PRE_ROUTING port redirector that finds the UDP
 * header behind any extension headers with ipv6_find_hdr() and rewrites
 * destination port 7777 to 8888 with the checksum fixed up incrementally.
 * Non-first fragments (no UDP header) are counted and left alone. Test
 * module for the IPv6 extension header model (svc_ipv6_ext_test.cc).
 */
#include <linux/init.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ipv6.h>

#define FROM_PORT 7777
#define TO_PORT 8888

/* Read by the test. */
unsigned long svc_ipv6_ext_rewritten, svc_ipv6_ext_fragments;
unsigned int svc_ipv6_ext_last_offset;
int svc_ipv6_ext_last_flags;

static unsigned int svc_ipv6_ext_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	unsigned int thoff = 0;
	unsigned short fragoff = 0;
	int flags = 0;
	struct udphdr _uh, *uh;
	const struct udphdr *hp;

	if (ipv6_find_hdr(skb, &thoff, IPPROTO_UDP, &fragoff, &flags) != IPPROTO_UDP)
		return NF_ACCEPT;
	svc_ipv6_ext_last_offset = thoff;
	svc_ipv6_ext_last_flags = flags;
	if (fragoff) {
		svc_ipv6_ext_fragments++;
		return NF_ACCEPT;
	}
	hp = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);
	if (!hp || hp->dest != htons(FROM_PORT))
		return NF_ACCEPT;
	if (skb_ensure_writable(skb, thoff + sizeof(*uh)))
		return NF_DROP;
	uh = (struct udphdr *)(skb->data + thoff);
	inet_proto_csum_replace2(&uh->check, skb, htons(FROM_PORT), htons(TO_PORT), false);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	uh->dest = htons(TO_PORT);
	svc_ipv6_ext_rewritten++;
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_ipv6_ext_ops = {
	.hook = svc_ipv6_ext_hook,
	.pf = NFPROTO_IPV6,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP6_PRI_NAT_DST,
};

static int __init svc_ipv6_ext_init(void)
{
	return nf_register_net_hook(&init_net, &svc_ipv6_ext_ops);
}

static void __exit svc_ipv6_ext_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_ipv6_ext_ops);
}

module_init(svc_ipv6_ext_init);
module_exit(svc_ipv6_ext_exit);
MODULE_LICENSE("GPL");
