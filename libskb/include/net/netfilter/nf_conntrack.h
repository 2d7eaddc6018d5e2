/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/netfilter/nf_conntrack.h> - the connection tracking entry a
 * hook reads (include/net/netfilter/nf_conntrack.h, v6.12 field names):
 * struct nf_conn, nf_ct_get(), the status and tuple accessors.
 *
 * DOC: which packets carry an entry
 *
 * Conntrack attaches the entry in its PRE_ROUTING and LOCAL_OUT hooks at
 * priority NF_IP_PRI_CONNTRACK (-200) and confirms a new one at LOCAL_IN and
 * POST_ROUTING (NF_IP_PRI_CONNTRACK_CONFIRM, INT_MAX). libskb models the
 * same points (src/net/conntrack.cc): a hook at PRE_ROUTING or LOCAL_OUT with
 * a priority of -200 or less sees no entry; later hooks see the entry the
 * harness chose for the packet, or none (conntrack not loaded, the common
 * case), as nf_ct_get() returns it: the entry plus its enum
 * ip_conntrack_info (NEW, ESTABLISHED, RELATED, and the _REPLY forms). The
 * tuples match the packet's addresses and ports; there is no NAT, so the
 * reply tuple is the inverted original one.
 *
 * Functions of the conntrack core that the model does not provide (lookups,
 * expectations, extensions, nf_ct_kill) are declared so modules build; a
 * call ends the run naming the function.
 */
#ifndef _LIBSKB_NET_NETFILTER_NF_CONNTRACK_H
#define _LIBSKB_NET_NETFILTER_NF_CONNTRACK_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack_tuple.h>

struct nf_ct_ext;
struct nf_conntrack_zone;

/* Per-protocol state (union nf_conntrack_proto), reduced to its size class:
 * the TCP tracker's state is the largest member. */
union nf_conntrack_proto {
	unsigned char __state[64];
};

/* CONFIG_NF_CONNTRACK_MARK and _SECMARK are set in the distribution configs. */
#define CONFIG_NF_CONNTRACK_MARK 1

struct nf_conn {
	struct nf_conntrack ct_general;
	spinlock_t lock;
	u32 timeout;	/* jiffies32 when the entry expires (a timer_list before v4.10) */
	struct nf_conntrack_tuple_hash tuplehash[IP_CT_DIR_MAX];
	unsigned long status;	/* IPS_* bits */
	struct net *ct_net;	/* possible_net_t in the kernel */
	struct nf_conn *master;	/* the entry this one is RELATED to, or NULL */
	u_int32_t mark;
	u_int32_t secmark;
	struct nf_ct_ext *ext;
	union nf_conntrack_proto proto;
};

static inline struct nf_conn *nf_ct_tuplehash_to_ctrack(const struct nf_conntrack_tuple_hash *hash)
{
	/* offsetof of a run-time index is a GNU C extension g++ refuses: add the element offset. */
	return (struct nf_conn *)((char *)hash - offsetof(struct nf_conn, tuplehash) -
				  hash->tuple.dst.dir * sizeof(struct nf_conntrack_tuple_hash));
}

static inline u_int16_t nf_ct_l3num(const struct nf_conn *ct)
{
	return ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple.src.l3num;
}

static inline u_int8_t nf_ct_protonum(const struct nf_conn *ct)
{
	return ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple.dst.protonum;
}

#define nf_ct_tuple(ct, dir) (&(ct)->tuplehash[dir].tuple)

/* Models nf_ct_get() (include/net/netfilter/nf_conntrack.h, v4.11+ _nfct
 * form): the entry (NULL if none) and, in *ctinfo, how the packet relates
 * to it. */
static inline struct nf_conn *nf_ct_get(const struct sk_buff *skb, enum ip_conntrack_info *ctinfo)
{
	unsigned long nfct = skb_get_nfct(skb);

	*ctinfo = (enum ip_conntrack_info)(nfct & NFCT_INFOMASK);
	return (struct nf_conn *)(nfct & NFCT_PTRMASK);
}

/* Models nf_ct_set(): attach ct with info to skb (the caller holds the reference it hands over). */
static inline void nf_ct_set(struct sk_buff *skb, struct nf_conn *ct, enum ip_conntrack_info info)
{
	skb_set_nfct(skb, (unsigned long)ct | info);
}

static inline void nf_ct_put(struct nf_conn *ct)
{
	if (ct)
		nf_conntrack_put(&ct->ct_general);
}

static inline struct net *nf_ct_net(const struct nf_conn *ct) { return ct->ct_net; }

static inline bool nf_ct_is_confirmed(const struct nf_conn *ct) { return (ct->status & IPS_CONFIRMED) != 0; }
static inline bool nf_ct_is_dying(const struct nf_conn *ct) { return (ct->status & IPS_DYING) != 0; }
static inline bool nf_ct_is_template(const struct nf_conn *ct) { return (ct->status & IPS_TEMPLATE) != 0; }
LIBSKB_EXTERN_C_BEGIN
/* Models nf_ct_attach() (declared in <linux/netfilter.h> in the kernel): nskb,
 * built in answer to skb, joins skb's entry as RELATED in the other direction. */
void nf_ct_attach(struct sk_buff *nskb, const struct sk_buff *skb);
/* Not modelled (no conntrack table in libskb): declared so modules build. */
bool nf_ct_delete(struct nf_conn *ct, u32 portid, int report);
struct nf_conntrack_tuple_hash *nf_conntrack_find_get(struct net *net, const struct nf_conntrack_zone *zone,
						      const struct nf_conntrack_tuple *tuple);
LIBSKB_EXTERN_C_END

static inline bool nf_ct_kill(struct nf_conn *ct) { return nf_ct_delete(ct, 0, 0); }

#endif /* _LIBSKB_NET_NETFILTER_NF_CONNTRACK_H */
