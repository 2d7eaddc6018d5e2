// SPDX-License-Identifier: MIT
/*
 * sn_core_odd - a reconstruction of the third-party netfilter module of
 * seed 000 (docs/incidents/000-len-data-len-minus-4.md), written the way the
 * vendor code plausibly was and compiled unchanged, as C11, against libskb's
 * kernel headers.
 *
 * What the field report says (facts): Linux 5.10; every vmcore had
 * skb->len exactly 4 below skb->data_len; the packets were IPv4/UDP,
 * 62463 -> 43122; the only NF_INET_LOCAL_IN hook belonged to sn_core_odd;
 * removing the module stopped the panics; the write-up blamed the move from
 * skb_make_writable() to skb_ensure_writable().
 *
 * What this file reconstructs (not known; consistent with every fact):
 *
 *  - Datagrams to the vendor's service port carry a 4-byte shim (struct
 *    sn_shim) in front of the application payload. The hook clears the
 *    shim's TRACE flag, which invalidates the UDP checksum, so it also
 *    zeroes uh->check (legal over IPv4). It therefore writes the UDP header
 *    and the shim.
 *
 *  - To reach the shim it steps over IP + UDP + shim with __skb_pull() and
 *    steps back with __skb_push(): the vendor's parsing helpers work on
 *    skb->data, and the same helpers serve their tunnel path, where data
 *    already points past the shim.
 *
 *  - The <= 5.2 build made hdrs + SN_SHIM_LEN bytes writable with
 *    skb_make_writable(), which pulls them into the linear area. The 5.10
 *    port had to switch to skb_ensure_writable() (inverted return value);
 *    the porter, reading "ensure writable" as "the headers we rewrite",
 *    passed hdrs only. skb_ensure_writable(skb, hdrs) guarantees hdrs linear
 *    bytes and nothing more - exactly what skb_make_writable(skb, hdrs)
 *    would have guaranteed: the helper swap did not change behaviour, the
 *    length did.
 *
 *  - On a NIC/driver that builds receive skbs with only the headers in the
 *    linear area (GRO heads, eth_get_headlen()-sized heads, virtio big
 *    packets), headlen at LOCAL_IN is exactly ip_hdrlen + 8 = hdrs. The
 *    pull of hdrs + 4 then passes the linear area by exactly 4 bytes:
 *    __skb_pull() subtracts first and BUGs on len < data_len, leaving
 *    len == data_len - 4 in the vmcore. On a fully linear skb the same
 *    code is harmless, which is why the panics depended on the machine.
 *
 * The fix is one line: skb_ensure_writable(skb, hdrs + SN_SHIM_LEN).
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
#include <net/ip.h>
#include <net/net_namespace.h>

#define SN_ODD_PORT	43122	/* the service whose flows crashed */
#define SN_SHIM_LEN	4

/* The vendor shim in front of the application payload. */
struct sn_shim {
	__u8 magic;
#define SN_SHIM_MAGIC	0x5a
	__u8 flags;
#define SN_F_TRACE	0x01
	__be16 session;
};

static unsigned long sn_seen;
static unsigned long sn_traced;

static unsigned int sn_core_odd_hook(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct udphdr *uh;
	struct sn_shim *shim;
	unsigned int hdrs;

	if (ip_hdr(skb)->protocol != IPPROTO_UDP)
		return NF_ACCEPT;

	hdrs = ip_hdrlen(skb) + sizeof(struct udphdr);

	/*
	 * <= 5.2 build:
	 *	if (!skb_make_writable(skb, hdrs + SN_SHIM_LEN))
	 *		return NF_DROP;
	 * 5.10 port:
	 */
	if (skb_ensure_writable(skb, hdrs))
		return NF_DROP;

	uh = (struct udphdr *)(skb_network_header(skb) + ip_hdrlen(skb));
	if (uh->dest != htons(SN_ODD_PORT) ||
	    ntohs(uh->len) < sizeof(struct udphdr) + SN_SHIM_LEN)
		return NF_ACCEPT;

	/* Step over IP + UDP + shim; the shim is right before the payload. */
	shim = (struct sn_shim *)((u8 *)__skb_pull(skb, hdrs + SN_SHIM_LEN) - SN_SHIM_LEN);
	sn_seen++;

	if (shim->magic == SN_SHIM_MAGIC && (shim->flags & SN_F_TRACE)) {
		shim->flags &= ~SN_F_TRACE;
		uh->check = 0;	/* the payload changed: no UDP checksum */
		skb->mark = ntohs(shim->session);
		sn_traced++;
	}

	__skb_push(skb, hdrs + SN_SHIM_LEN);
	return NF_ACCEPT;
}

static const struct nf_hook_ops sn_core_odd_ops = {
	.hook		= sn_core_odd_hook,
	.pf		= NFPROTO_IPV4,
	.hooknum	= NF_INET_LOCAL_IN,
	.priority	= NF_IP_PRI_FILTER + 1,
};

static int __init sn_core_odd_init(void)
{
	int err;

	BUILD_BUG_ON(sizeof(struct sn_shim) != SN_SHIM_LEN);
	err = nf_register_net_hook(&init_net, &sn_core_odd_ops);
	if (err) {
		pr_err("cannot register the LOCAL_IN hook: %d\n", err);
		return err;
	}
	pr_info("watching UDP port %u\n", SN_ODD_PORT);
	return 0;
}

static void __exit sn_core_odd_exit(void)
{
	nf_unregister_net_hook(&init_net, &sn_core_odd_ops);
	pr_info("unloaded: %lu datagrams seen, %lu traced\n", sn_seen, sn_traced);
}

module_init(sn_core_odd_init);
module_exit(sn_core_odd_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sn_core_odd (reconstruction for libskb seed 000)");
