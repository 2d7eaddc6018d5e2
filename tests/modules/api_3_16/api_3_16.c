// SPDX-License-Identifier: MIT
/*
 * api_3_16: a netfilter module written for the 3.13 - 4.0 (Debian 8's 3.16) hook API, the way
 * modules of that era were written, compiled against that personality
 * (tests/modules/api_3_16/profile). It records where its hooks ran, drops UDP to
 * port 9 at PRE_ROUTING, steals UDP to port 7777 at LOCAL_IN and hands it
 * back later through the okfn it was given (api_3_16_reinject), and marks the
 * TOS of what leaves through LOCAL_OUT after making the header writable.
 */
#include <linux/version.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/skbuff.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("libskb test module: the 3.13 - 4.0 (Debian 8's 3.16) hook API");

#if LINUX_VERSION_CODE < KERNEL_VERSION(3, 13, 0) || LINUX_VERSION_CODE >= KERNEL_VERSION(4, 1, 0)
#error "this module is for the 3.13 - 4.0 hook prototype"
#endif

#define HOOK_PRE NF_INET_PRE_ROUTING
#define HOOK_IN NF_INET_LOCAL_IN
#define HOOK_OUT NF_INET_LOCAL_OUT

/* What the test reads. */
unsigned int api_3_16_pre_hooknum, api_3_16_out_hooknum;
const struct net_device *api_3_16_pre_in, *api_3_16_pre_out, *api_3_16_out_in, *api_3_16_out_out;
int api_3_16_pre_calls, api_3_16_out_calls, api_3_16_stolen;
int api_3_16_reinject(void);

static struct sk_buff *held_skb;
static int (*held_okfn)(struct sk_buff *);

static int udp_dport(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct udphdr _uh;
	const struct udphdr *uh;

	if (iph->protocol != IPPROTO_UDP)
		return -1;
	uh = skb_header_pointer(skb, iph->ihl * 4, sizeof(_uh), &_uh);
	return uh ? ntohs(uh->dest) : -1;
}

static unsigned int api_3_16_pre(const struct nf_hook_ops *ops, struct sk_buff *skb,
			 const struct net_device *in, const struct net_device *out,
			 int (*okfn)(struct sk_buff *))
{
	api_3_16_pre_calls++;
	api_3_16_pre_hooknum = ops->hooknum;
	api_3_16_pre_in = in;
	api_3_16_pre_out = out;
	if (udp_dport(skb) == 9)
		return NF_DROP;
	return NF_ACCEPT;
}

static unsigned int api_3_16_in(const struct nf_hook_ops *ops, struct sk_buff *skb,
			 const struct net_device *in, const struct net_device *out,
			 int (*okfn)(struct sk_buff *))
{
	if (udp_dport(skb) != 7777 || held_skb)
		return NF_ACCEPT;
	held_skb = skb;
	held_okfn = okfn;
	api_3_16_stolen++;
	return NF_STOLEN;
}

/* Hands the held skb back to the stack where it was taken. */
int api_3_16_reinject(void)
{
	struct sk_buff *skb = held_skb;

	if (!skb)
		return -ENOENT;
	held_skb = NULL;
	return held_okfn(skb);
}

static unsigned int api_3_16_out(const struct nf_hook_ops *ops, struct sk_buff *skb,
			 const struct net_device *in, const struct net_device *out,
			 int (*okfn)(struct sk_buff *))
{
	struct iphdr *iph;

	api_3_16_out_calls++;
	api_3_16_out_hooknum = ops->hooknum;
	api_3_16_out_in = in;
	api_3_16_out_out = out;
	if (!skb_make_writable(skb, sizeof(struct iphdr)))
		return NF_DROP;
	iph = ip_hdr(skb);
	iph->tos = 0x10;
	ip_send_check(iph);
	return NF_ACCEPT;
}

static struct nf_hook_ops api_3_16_ops[] = {
	{
		.hook = api_3_16_pre,
		.owner = THIS_MODULE,
		.pf = PF_INET,
		.hooknum = HOOK_PRE,
		.priority = NF_IP_PRI_FIRST,
	},
	{
		.hook = api_3_16_in,
		.owner = THIS_MODULE,
		.pf = PF_INET,
		.hooknum = HOOK_IN,
		.priority = NF_IP_PRI_FILTER,
	},
	{
		.hook = api_3_16_out,
		.owner = THIS_MODULE,
		.pf = PF_INET,
		.hooknum = HOOK_OUT,
		.priority = NF_IP_PRI_MANGLE,
	},
};

static int __init api_3_16_init(void)
{
	return nf_register_hooks(api_3_16_ops, ARRAY_SIZE(api_3_16_ops));
}

static void __exit api_3_16_exit(void)
{
	if (held_skb) {
		kfree_skb(held_skb);
		held_skb = NULL;
	}
	nf_unregister_hooks(api_3_16_ops, ARRAY_SIZE(api_3_16_ops));
}

module_init(api_3_16_init);
module_exit(api_3_16_exit);
