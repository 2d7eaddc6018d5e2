// SPDX-License-Identifier: MIT
/*
 * A port-knocking filter in the style of the hobby modules it stands for:
 * per-source state in a hash table of kmalloc'd entries, an LRU list of the
 * same entries to bound memory, all under one spinlock taken with _bh in the
 * hook; TCP to the protected port is accepted only from a source that sent
 * UDP to knock[0], knock[1], knock[2] in order. A wrong knock restarts the
 * sequence; the oldest entry is evicted (and freed through RCU) when the
 * table is full. Everything is freed at exit. svc_lists_test.cc drives it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/in.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/net_namespace.h>

MODULE_LICENSE("Dual MIT/GPL");
MODULE_DESCRIPTION("libskb test: port knocking with a hashtable and an LRU list");

#define KNOCK_BITS 4
#define KNOCK_MAX 4

static unsigned short knock[3] = { 1000, 2000, 3000 };
static unsigned int protected_port = 22;
module_param(protected_port, uint, 0444);
static unsigned int max_entries = KNOCK_MAX;
module_param(max_entries, uint, 0444);
/* The bug some such modules have: a sleeping allocation in the hook. */
static bool sleepy;
module_param(sleepy, bool, 0444);

struct knock_entry {
	__be32 saddr;
	int stage; /* knocks done, 3 = open */
	struct hlist_node hnode;
	struct list_head lru;
	struct rcu_head rcu;
};

static DEFINE_HASHTABLE(knock_table, KNOCK_BITS);
static LIST_HEAD(knock_lru);
static DEFINE_SPINLOCK(knock_lock);
static unsigned int n_entries;
static u32 hash_seed;

static u32 knock_hash(__be32 saddr)
{
	return jhash_1word((__force u32)saddr, hash_seed);
}

static struct knock_entry *knock_find(__be32 saddr)
{
	struct knock_entry *e;

	hash_for_each_possible(knock_table, e, hnode, knock_hash(saddr))
		if (e->saddr == saddr)
			return e;
	return NULL;
}

static void knock_evict_oldest(void)
{
	struct knock_entry *old = list_first_entry_or_null(&knock_lru, struct knock_entry, lru);

	if (!old)
		return;
	hash_del_rcu(&old->hnode);
	list_del(&old->lru);
	n_entries--;
	kfree_rcu(old, rcu);
}

static struct knock_entry *knock_get(__be32 saddr)
{
	struct knock_entry *e = knock_find(saddr);

	if (e) {
		list_move_tail(&e->lru, &knock_lru);
		return e;
	}
	if (n_entries >= max_entries)
		knock_evict_oldest();
	e = kzalloc(sizeof(*e), sleepy ? GFP_KERNEL : GFP_ATOMIC);
	if (!e)
		return NULL;
	e->saddr = saddr;
	hash_add_rcu(knock_table, &e->hnode, knock_hash(saddr));
	list_add_tail(&e->lru, &knock_lru);
	n_entries++;
	return e;
}

static unsigned int svc_lists_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int verdict = NF_ACCEPT;
	struct knock_entry *e;

	if (iph->protocol == IPPROTO_UDP) {
		struct udphdr _uh;
		const struct udphdr *uh = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_uh), &_uh);
		u16 port;

		if (!uh)
			return NF_DROP;
		port = ntohs(uh->dest);
		spin_lock_bh(&knock_lock);
		e = knock_get(iph->saddr);
		if (e && e->stage < 3) {
			if (port == knock[e->stage])
				e->stage++;
			else
				e->stage = port == knock[0] ? 1 : 0;
			if (e->stage == 3)
				pr_info("%pI4 knocked: port %u open\n", &iph->saddr, protected_port);
		}
		spin_unlock_bh(&knock_lock);
	} else if (iph->protocol == IPPROTO_TCP) {
		struct tcphdr _th;
		const struct tcphdr *th = skb_header_pointer(skb, ip_hdrlen(skb), sizeof(_th), &_th);

		if (!th)
			return NF_DROP;
		if (ntohs(th->dest) != protected_port)
			return NF_ACCEPT;
		rcu_read_lock();
		spin_lock_bh(&knock_lock);
		e = knock_find(iph->saddr);
		if (!e || e->stage < 3)
			verdict = NF_DROP;
		spin_unlock_bh(&knock_lock);
		rcu_read_unlock();
	}
	return verdict;
}

static struct nf_hook_ops svc_lists_ops = {
	.hook = svc_lists_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP_PRI_FILTER,
};

/* For the test: entries alive, and whether @saddr (network order) may connect. */
unsigned int svc_lists_entries(void);
unsigned int svc_lists_entries(void)
{
	return n_entries;
}

static int __init svc_lists_init(void)
{
	get_random_bytes(&hash_seed, sizeof(hash_seed));
	hash_init(knock_table);
	return nf_register_net_hook(&init_net, &svc_lists_ops);
}

static void __exit svc_lists_exit(void)
{
	struct knock_entry *e, *tmp;

	nf_unregister_net_hook(&init_net, &svc_lists_ops);
	synchronize_net();
	spin_lock_bh(&knock_lock);
	list_for_each_entry_safe(e, tmp, &knock_lru, lru) {
		hash_del(&e->hnode);
		list_del(&e->lru);
		kfree(e);
	}
	n_entries = 0;
	spin_unlock_bh(&knock_lock);
	WARN_ON(!hash_empty(knock_table));
}

module_init(svc_lists_init);
module_exit(svc_lists_exit);
