// SPDX-License-Identifier: MIT
/*
 * api_6_12: a netfilter module written for the 5.3 - 6.12 (net hooks, skb_ensure_writable) hook API, the way
 * modules of that era were written, compiled against that personality
 * (tests/modules/api_6_12/profile). It records where its hooks ran, drops UDP to
 * port 9 at PRE_ROUTING, steals UDP to port 7777 at LOCAL_IN and hands it
 * back later through the okfn it was given (api_6_12_reinject), and marks the
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
#include <net/net_namespace.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("libskb test module: the 5.3 - 6.12 (net hooks, skb_ensure_writable) hook API");

#define HOOK_PRE NF_INET_PRE_ROUTING
#define HOOK_IN NF_INET_LOCAL_IN
#define HOOK_OUT NF_INET_LOCAL_OUT

/* What the test reads. */
unsigned int api_6_12_pre_hooknum, api_6_12_out_hooknum;
const struct net_device *api_6_12_pre_in, *api_6_12_pre_out, *api_6_12_out_in, *api_6_12_out_out;
int api_6_12_pre_calls, api_6_12_out_calls, api_6_12_stolen;
int api_6_12_reinject(void);

static struct sk_buff *held_skb;
static struct net *held_net;
static struct sock *held_sk;
static int (*held_okfn)(struct net *, struct sock *, struct sk_buff *);

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

static unsigned int api_6_12_pre(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	api_6_12_pre_calls++;
	api_6_12_pre_hooknum = state->hook;
	api_6_12_pre_in = state->in;
	api_6_12_pre_out = state->out;
	if (udp_dport(skb) == 9)
		return NF_DROP;
	return NF_ACCEPT;
}

static unsigned int api_6_12_in(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	if (udp_dport(skb) != 7777 || held_skb)
		return NF_ACCEPT;
	held_skb = skb;
	held_net = state->net;
	held_sk = state->sk;
	held_okfn = state->okfn;
	api_6_12_stolen++;
	return NF_STOLEN;
}

/* Hands the held skb back to the stack where it was taken. */
int api_6_12_reinject(void)
{
	struct sk_buff *skb = held_skb;

	if (!skb)
		return -ENOENT;
	held_skb = NULL;
	return held_okfn(held_net, held_sk, skb);
}

static unsigned int api_6_12_out(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct iphdr *iph;

	api_6_12_out_calls++;
	api_6_12_out_hooknum = state->hook;
	api_6_12_out_in = state->in;
	api_6_12_out_out = state->out;
	if (skb_ensure_writable(skb, sizeof(struct iphdr)))
		return NF_DROP;
	iph = ip_hdr(skb);
	iph->tos = 0x10;
	ip_send_check(iph);
	return NF_ACCEPT;
}

static struct nf_hook_ops api_6_12_ops[] = {
	{
		.hook = api_6_12_pre,
		.pf = PF_INET,
		.hooknum = HOOK_PRE,
		.priority = NF_IP_PRI_FIRST,
	},
	{
		.hook = api_6_12_in,
		.pf = PF_INET,
		.hooknum = HOOK_IN,
		.priority = NF_IP_PRI_FILTER,
	},
	{
		.hook = api_6_12_out,
		.pf = PF_INET,
		.hooknum = HOOK_OUT,
		.priority = NF_IP_PRI_MANGLE,
	},
};

static int __init api_6_12_init(void)
{
	return nf_register_net_hooks(&init_net, api_6_12_ops, ARRAY_SIZE(api_6_12_ops));
}

static void __exit api_6_12_exit(void)
{
	if (held_skb) {
		kfree_skb(held_skb);
		held_skb = NULL;
	}
	nf_unregister_net_hooks(&init_net, api_6_12_ops, ARRAY_SIZE(api_6_12_ops));
}

module_init(api_6_12_init);
module_exit(api_6_12_exit);
