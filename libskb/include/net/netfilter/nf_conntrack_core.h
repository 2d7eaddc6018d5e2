/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/netfilter/nf_conntrack_core.h> - the conntrack core
 * (include/net/netfilter/nf_conntrack_core.h). The model has no conntrack
 * table (see <net/netfilter/nf_conntrack.h>): these are declared so modules
 * build; a call ends the run naming the function.
 */
#ifndef _LIBSKB_NET_NETFILTER_NF_CONNTRACK_CORE_H
#define _LIBSKB_NET_NETFILTER_NF_CONNTRACK_CORE_H

#include <linux/netfilter.h>
#include <net/netfilter/nf_conntrack.h>

LIBSKB_EXTERN_C_BEGIN
int __nf_conntrack_confirm(struct sk_buff *skb);
LIBSKB_EXTERN_C_END

/* Models nf_conntrack_confirm(): nothing to do for a confirmed entry or none. */
static inline int nf_conntrack_confirm(struct sk_buff *skb)
{
	struct nf_conn *ct = (struct nf_conn *)skb_nfct(skb);

	if (ct && !nf_ct_is_confirmed(ct))
		return __nf_conntrack_confirm(skb);
	return NF_ACCEPT;
}

#endif /* _LIBSKB_NET_NETFILTER_NF_CONNTRACK_CORE_H */
