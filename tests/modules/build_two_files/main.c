// SPDX-License-Identifier: MIT
/*
 * build_two_files: a module built from two files (the build helper's sample
 * of tests/modules/<name>/: every .c file of the directory is part of module
 * <name>). Counts UDP packets at LOCAL_IN.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/net_namespace.h>

#include "build_two_files.h"

static unsigned int two_files_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	if (two_files_is_udp(skb))
		two_files_udp_seen++;
	return NF_ACCEPT;
}

static struct nf_hook_ops two_files_ops = {
	.hook = two_files_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FIRST,
};

static int __init two_files_init(void)
{
	return nf_register_net_hook(&init_net, &two_files_ops);
}

static void __exit two_files_exit(void)
{
	nf_unregister_net_hook(&init_net, &two_files_ops);
}

module_init(two_files_init);
module_exit(two_files_exit);
MODULE_LICENSE("GPL");
