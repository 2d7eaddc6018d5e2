// SPDX-License-Identifier: MIT
/*
 * nf_put_nonlinear - stamps outgoing UDP datagrams of a latency probe with a
 * 4-byte trailer (a sequence number) after the UDP datagram, in the IP
 * payload's surplus area where the UDP checksum does not reach (the place
 * UDP options use), on NF_INET_POST_ROUTING. A bundled example bug for the
 * module fuzzer.
 *
 * THE MISTAKE: the trailer is appended with skb_put(), which only works on a
 * linear skb. The author made sure of tailroom - but skb_tailroom() is 0 for
 * every non-linear skb, so the pskb_expand_head() that follows adds room to
 * the head while the datagram's tail is in a page frag, and skb_put() hits
 * SKB_LINEAR_ASSERT: a BUG. Linear datagrams (the common case for small UDP
 * sends) work, which is why it passed testing.
 *
 * Triggered by: a non-GSO UDP datagram to port 9300 whose skb is
 * non-linear at POST_ROUTING (a sendpage/MSG_ZEROCOPY/MSG_MORE send, or a
 * forwarded packet that arrived paged).
 *
 * The fix: append where the tail really is,
 *
 *	if (skb_linearize_cow(skb))	(or: pskb_put() on the last fragment)
 *		return NF_DROP;
 *
 * Otherwise careful: the checksum is completed before the packet grows (a
 * device finishing a CHECKSUM_PARTIAL sum would include the trailer), a
 * cloned head is unshared before it is written, the header pointer is
 * reloaded after the head may have moved, tot_len and the header checksum
 * are updated, GSO packets and oversized results are left alone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#define PROBE_PORT	9300
#define TRAILER_LEN	4

static u32 probe_seq;

static unsigned int probe_trailer_hook(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct iphdr *iph = ip_hdr(skb);
	struct udphdr _uh;
	const struct udphdr *uh;
	__be16 old_len, new_len;
	__be32 seq;
	u8 *trailer;

	if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
		return NF_ACCEPT;
	uh = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_uh), &_uh);
	if (!uh || uh->dest != htons(PROBE_PORT))
		return NF_ACCEPT;
	/* One trailer per datagram, not per GSO segment. */
	if (skb_is_gso(skb) || skb->len + TRAILER_LEN > IP_MAX_MTU)
		return NF_ACCEPT;

	/* The device would sum from csum_start to the end: finish it now. */
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		return NF_DROP;
	if (skb_tailroom(skb) < TRAILER_LEN || skb_cloned(skb)) {
		if (pskb_expand_head(skb, 0, TRAILER_LEN, GFP_ATOMIC))
			return NF_DROP;
	}

	trailer = skb_put(skb, TRAILER_LEN);
	seq = htonl(++probe_seq);
	memcpy(trailer, &seq, sizeof(seq));

	iph = ip_hdr(skb);
	old_len = iph->tot_len;
	new_len = htons(ntohs(old_len) + TRAILER_LEN);
	iph->tot_len = new_len;
	csum_replace2(&iph->check, old_len, new_len);
	return NF_ACCEPT;
}

static const struct nf_hook_ops probe_trailer_ops = {
	.hook		= probe_trailer_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_POST_ROUTING,
	.priority	= NF_IP_PRI_LAST,
};

static int __init nf_put_nonlinear_init(void)
{
	return nf_register_net_hook(&init_net, &probe_trailer_ops);
}

static void __exit nf_put_nonlinear_exit(void)
{
	nf_unregister_net_hook(&init_net, &probe_trailer_ops);
	pr_info("%u probes stamped\n", probe_seq);
}

module_init(nf_put_nonlinear_init);
module_exit(nf_put_nonlinear_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("latency probe trailer (libskb example bug: skb_put on a non-linear skb)");
