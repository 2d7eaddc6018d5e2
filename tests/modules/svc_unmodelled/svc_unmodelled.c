// SPDX-License-Identifier: MIT
/*
 * svc_unmodelled: a module that calls a kernel function libskb does not model
 * (svc_lookup.h). It must build and link; the call ends the run with
 *   module called svc_unmodelled_lookup (svc_unmodelled.c:<line>), which libskb does not model
 * and exit status 2. The call is in the hook, where real modules make it.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/net_namespace.h>

#include "svc_lookup.h"

/* The line of the call below, for the test's expected message. */
const int svc_unmodelled_call_line = __LINE__ + 5;

static unsigned int svc_hook(void *priv, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	int id = svc_unmodelled_lookup(skb, 0);

	return id < 0 ? NF_DROP : NF_ACCEPT;
}

static struct nf_hook_ops svc_ops = {
	.hook = svc_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP_PRI_FIRST,
};

static int __init svc_init(void)
{
	return nf_register_net_hook(&init_net, &svc_ops);
}

static void __exit svc_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_ops);
}

module_init(svc_init);
module_exit(svc_exit);
MODULE_LICENSE("GPL");
