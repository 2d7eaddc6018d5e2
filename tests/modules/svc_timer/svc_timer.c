// SPDX-License-Identifier: MIT
/*
 * svc_timer: a LOCAL_IN hook that tracks the last packet of each source
 * address in a small table and a periodic timer (timer_setup, v4.15+ API)
 * that expires entries idle for more than SVC_TIMER_IDLE seconds - the shape
 * of the port-knocking and rate-limiting modules people write. The test
 * advances model time and watches entries expire.
 */
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <net/net_namespace.h>

MODULE_LICENSE("Dual MIT/GPL");

#define SVC_TIMER_SLOTS 8
#define SVC_TIMER_IDLE 5

struct svc_flow {
	__be32 saddr;
	unsigned long last_seen;
	bool used;
};

struct svc_state {
	struct svc_flow flows[SVC_TIMER_SLOTS];
	struct timer_list gc;
};

static struct svc_state state;

/* Read by the test. */
int svc_timer_active;
int svc_timer_expired;
int svc_timer_gc_runs;

static void svc_timer_gc(struct timer_list *t)
{
	struct svc_state *s = from_timer(s, t, gc);
	int i;

	svc_timer_gc_runs++;
	for (i = 0; i < SVC_TIMER_SLOTS; i++) {
		struct svc_flow *f = &s->flows[i];

		if (f->used && time_after(jiffies, f->last_seen + SVC_TIMER_IDLE * HZ)) {
			f->used = false;
			svc_timer_active--;
			svc_timer_expired++;
		}
	}
	mod_timer(&s->gc, jiffies + HZ);
}

static unsigned int svc_timer_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *hs)
{
	const struct iphdr *iph = ip_hdr(skb);
	int i, free_slot = -1;

	for (i = 0; i < SVC_TIMER_SLOTS; i++) {
		if (state.flows[i].used && state.flows[i].saddr == iph->saddr) {
			state.flows[i].last_seen = jiffies;
			return NF_ACCEPT;
		}
		if (!state.flows[i].used && free_slot < 0)
			free_slot = i;
	}
	if (free_slot >= 0) {
		state.flows[free_slot].used = true;
		state.flows[free_slot].saddr = iph->saddr;
		state.flows[free_slot].last_seen = jiffies;
		svc_timer_active++;
	}
	return NF_ACCEPT;
}

static struct nf_hook_ops svc_timer_ops = {
	.hook = svc_timer_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FILTER,
};

static int __init svc_timer_init(void)
{
	timer_setup(&state.gc, svc_timer_gc, 0);
	mod_timer(&state.gc, jiffies + HZ);
	return nf_register_net_hook(&init_net, &svc_timer_ops);
}

static void __exit svc_timer_exit(void)
{
	nf_unregister_net_hook(&init_net, &svc_timer_ops);
	del_timer_sync(&state.gc);
}

module_init(svc_timer_init);
module_exit(svc_timer_exit);
