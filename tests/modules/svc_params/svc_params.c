// SPDX-License-Identifier: MIT
/*
 * A LOCAL_IN filter configured only through module parameters, the way
 * hobby firewalls are: which UDP ports to drop (an array), whether to drop
 * all ICMP (bool), a TTL floor (int), an inverted "log" switch (invbool), a
 * tag for the log (charp) and a fixed-size name (string). init validates the
 * parameters and refuses to load on a bad combination, as such modules do.
 * svc_params_test.cc sets the parameters from text before module_init and
 * checks that the hook behaves accordingly.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/in.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/udp.h>
#include <net/net_namespace.h>

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("libskb test: a filter driven by module parameters");

static unsigned short drop_ports[8];
static unsigned int n_drop_ports;
module_param_array(drop_ports, ushort, &n_drop_ports, 0444);
MODULE_PARM_DESC(drop_ports, "UDP destination ports to drop");

static bool drop_icmp;
module_param(drop_icmp, bool, 0644);
MODULE_PARM_DESC(drop_icmp, "drop every ICMP packet");

static int min_ttl = 0;
module_param_named(ttl_floor, min_ttl, int, S_IRUGO | S_IWUSR);
MODULE_PARM_DESC(ttl_floor, "drop packets whose TTL is below this");

static bool quiet = true;
module_param_named(log, quiet, invbool, 0644);

static char *tag = "svc";
module_param(tag, charp, 0444);

static char name[8] = "default";
module_param_string(name, name, sizeof(name), 0444);

static unsigned int dropped;

static unsigned int svc_params_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int i;

	if (iph->ttl < min_ttl)
		goto drop;
	if (drop_icmp && iph->protocol == IPPROTO_ICMP)
		goto drop;
	if (iph->protocol == IPPROTO_UDP) {
		struct udphdr _uh;
		const struct udphdr *uh = skb_header_pointer(skb, iph->ihl * 4, sizeof(_uh), &_uh);

		if (!uh)
			return NF_ACCEPT;
		for (i = 0; i < n_drop_ports; i++)
			if (ntohs(uh->dest) == drop_ports[i])
				goto drop;
	}
	return NF_ACCEPT;
drop:
	dropped++;
	if (!quiet) {
		char line[64];

		snprintf(line, sizeof(line), "%s/%s: drop %pI4", tag, name, &iph->saddr);
		pr_info("%s\n", line);
	}
	return NF_DROP;
}

static struct nf_hook_ops svc_params_ops = {
	.hook = svc_params_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FILTER,
};

/* For the test: how many packets the hook dropped. */
unsigned int svc_params_dropped(void);
unsigned int svc_params_dropped(void)
{
	return dropped;
}

static int __init svc_params_init(void)
{
	if (min_ttl < 0 || min_ttl > 255) {
		pr_err("ttl_floor %d out of range\n", min_ttl);
		return -EINVAL;
	}
	if (!tag || !*tag)
		return -EINVAL;
	pr_info("%s: %u port(s), icmp %s, ttl >= %d, name %s\n", tag, n_drop_ports, drop_icmp ? "dropped" : "passed",
		min_ttl, name);
	dropped = 0;
	return nf_register_net_hook(&init_net, &svc_params_ops);
}

static void __exit svc_params_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_params_ops);
}

module_init(svc_params_init);
module_exit(svc_params_exit);
