// SPDX-License-Identifier: MIT
/*
 * svc_conntrack - a LOCAL_IN filter that reads the conntrack state of each
 * packet (nf_ct_get) and drops new TCP connections to port 2323, counting
 * what it saw per ctinfo. Packets without an entry (conntrack not loaded)
 * pass. Test module for the conntrack model (svc_conntrack_test.cc).
 */
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/netfilter/nf_conntrack.h>

#define BLOCKED_PORT 2323

/* Read by the test. */
unsigned long svc_conntrack_seen[IP_CT_NUMBER + 1];
unsigned long svc_conntrack_untracked, svc_conntrack_none, svc_conntrack_dropped;

static unsigned int svc_conntrack_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	const struct nf_conntrack_tuple *t;

	if (!ct) {
		if (ctinfo == IP_CT_UNTRACKED)
			svc_conntrack_untracked++;
		else
			svc_conntrack_none++;
		return NF_ACCEPT;
	}
	svc_conntrack_seen[ctinfo]++;
	if (ctinfo != IP_CT_NEW || nf_ct_protonum(ct) != IPPROTO_TCP)
		return NF_ACCEPT;
	t = &ct->tuplehash[CTINFO2DIR(ctinfo)].tuple;
	if (t->dst.u.tcp.port == htons(BLOCKED_PORT) && !nf_ct_is_confirmed(ct)) {
		svc_conntrack_dropped++;
		return NF_DROP;
	}
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_conntrack_ops = {
	.hook = svc_conntrack_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FILTER,
};

static int __init svc_conntrack_init(void)
{
	return nf_register_net_hook(&init_net, &svc_conntrack_ops);
}

static void __exit svc_conntrack_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_conntrack_ops);
}

module_init(svc_conntrack_init);
module_exit(svc_conntrack_exit);
MODULE_LICENSE("GPL");
