// SPDX-License-Identifier: MIT
/*
 * api_4_1: a netfilter module written for the 4.1 - 4.3 hook API, the way
 * modules of that era were written, compiled against that personality
 * (tests/modules/api_4_1/profile). It records where its hooks ran, drops UDP to
 * port 9 at PRE_ROUTING, steals UDP to port 7777 at LOCAL_IN and hands it
 * back later through the okfn it was given (api_4_1_reinject), and marks the
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
MODULE_DESCRIPTION("libskb test module: the 4.1 - 4.3 hook API");

#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 1, 0) || LINUX_VERSION_CODE >= KERNEL_VERSION(4, 4, 0)
#error "this module is for the 4.1 - 4.3 hook prototype"
#endif

#define HOOK_PRE NF_INET_PRE_ROUTING
#define HOOK_IN NF_INET_LOCAL_IN
#define HOOK_OUT NF_INET_LOCAL_OUT

/* What the test reads. */
unsigned int api_4_1_pre_hooknum, api_4_1_out_hooknum;
const struct net_device *api_4_1_pre_in, *api_4_1_pre_out, *api_4_1_out_in, *api_4_1_out_out;
int api_4_1_pre_calls, api_4_1_out_calls, api_4_1_stolen;
int api_4_1_reinject(void);

static struct sk_buff *held_skb;
static struct sock *held_sk;
static int (*held_okfn)(struct sock *, struct sk_buff *);

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

static unsigned int api_4_1_pre(const struct nf_hook_ops *ops, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	api_4_1_pre_calls++;
	api_4_1_pre_hooknum = state->hook;
	api_4_1_pre_in = state->in;
	api_4_1_pre_out = state->out;
	if (udp_dport(skb) == 9)
		return NF_DROP;
	return NF_ACCEPT;
}

static unsigned int api_4_1_in(const struct nf_hook_ops *ops, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	if (udp_dport(skb) != 7777 || held_skb)
		return NF_ACCEPT;
	held_skb = skb;
	held_sk = state->sk;
	held_okfn = state->okfn;
	api_4_1_stolen++;
	return NF_STOLEN;
}

/* Hands the held skb back to the stack where it was taken. */
int api_4_1_reinject(void)
{
	struct sk_buff *skb = held_skb;

	if (!skb)
		return -ENOENT;
	held_skb = NULL;
	return held_okfn(held_sk, skb);
}

static unsigned int api_4_1_out(const struct nf_hook_ops *ops, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	struct iphdr *iph;

	api_4_1_out_calls++;
	api_4_1_out_hooknum = state->hook;
	api_4_1_out_in = state->in;
	api_4_1_out_out = state->out;
	if (!skb_make_writable(skb, sizeof(struct iphdr)))
		return NF_DROP;
	iph = ip_hdr(skb);
	iph->tos = 0x10;
	ip_send_check(iph);
	return NF_ACCEPT;
}

static struct nf_hook_ops api_4_1_ops[] = {
	{
		.hook = api_4_1_pre,
		.owner = THIS_MODULE,
		.pf = PF_INET,
		.hooknum = HOOK_PRE,
		.priority = NF_IP_PRI_FIRST,
	},
	{
		.hook = api_4_1_in,
		.owner = THIS_MODULE,
		.pf = PF_INET,
		.hooknum = HOOK_IN,
		.priority = NF_IP_PRI_FILTER,
	},
	{
		.hook = api_4_1_out,
		.owner = THIS_MODULE,
		.pf = PF_INET,
		.hooknum = HOOK_OUT,
		.priority = NF_IP_PRI_MANGLE,
	},
};

static int __init api_4_1_init(void)
{
	return nf_register_hooks(api_4_1_ops, ARRAY_SIZE(api_4_1_ops));
}

static void __exit api_4_1_exit(void)
{
	if (held_skb) {
		kfree_skb(held_skb);
		held_skb = NULL;
	}
	nf_unregister_hooks(api_4_1_ops, ARRAY_SIZE(api_4_1_ops));
}

module_init(api_4_1_init);
module_exit(api_4_1_exit);
