/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/netfilter/nf_conntrack_common.h> - the uapi header
 * (enum ip_conntrack_info IP_CT_*, the IPS_* status bits) plus the kernel's
 * struct nf_conntrack (include/linux/netfilter/nf_conntrack_common.h, v6.12).
 */
#ifndef _LIBSKB_LINUX_NETFILTER_NF_CONNTRACK_COMMON_H
#define _LIBSKB_LINUX_NETFILTER_NF_CONNTRACK_COMMON_H

#include <linux/atomic.h>
#include <linux/types.h>

#include_next <linux/netfilter/nf_conntrack_common.h>

/* The kernel-only member of enum ip_conntrack_info (v4.12+): a packet the raw
 * table marked NOTRACK carries no entry, only this ctinfo. */
#ifndef IP_CT_UNTRACKED
#define IP_CT_UNTRACKED 7
#endif

/* The reference-counted head of every conntrack object (struct nf_conn's
 * ct_general); skb->_nfct points at one. */
struct nf_conntrack {
	refcount_t use;
};

#endif /* _LIBSKB_LINUX_NETFILTER_NF_CONNTRACK_COMMON_H */
