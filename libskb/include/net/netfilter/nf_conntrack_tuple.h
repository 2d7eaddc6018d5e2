/* SPDX-License-Identifier: MIT */
/*
 * libskb: <net/netfilter/nf_conntrack_tuple.h> - the connection tuple
 * (include/net/netfilter/nf_conntrack_tuple.h, v6.12): the manipulable
 * source part, the destination part with the protocol and direction, and
 * the tuple hash every entry holds per direction.
 */
#ifndef _LIBSKB_NET_NETFILTER_NF_CONNTRACK_TUPLE_H
#define _LIBSKB_NET_NETFILTER_NF_CONNTRACK_TUPLE_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_tuple_common.h>
#include <linux/types.h>
#include <string.h>

#define NF_CT_TUPLE_L3SIZE ARRAY_SIZE(((union nf_inet_addr *)NULL)->all)

/* The part of the tuple NAT may change. */
struct nf_conntrack_man {
	union nf_inet_addr u3;
	union nf_conntrack_man_proto u;
	u_int16_t l3num;	/* NFPROTO_IPV4 / NFPROTO_IPV6 */
};

struct nf_conntrack_tuple {
	struct nf_conntrack_man src;
	struct {
		union nf_inet_addr u3;
		union {
			__be16 all;
			struct {
				__be16 port;
			} tcp;
			struct {
				__be16 port;
			} udp;
			struct {
				u_int8_t type, code;
			} icmp;
			struct {
				__be16 port;
			} dccp;
			struct {
				__be16 port;
			} sctp;
			struct {
				__be16 key;
			} gre;
		} u;
		u_int8_t protonum;	/* IPPROTO_* */
		u_int8_t dir;		/* enum ip_conntrack_dir */
	} dst;
};

struct nf_conntrack_tuple_hash {
	struct {
		void *next;
		void *pprev;
	} hnnode;	/* struct hlist_nulls_node in the kernel */
	struct nf_conntrack_tuple tuple;
};

static inline bool __nf_ct_tuple_src_equal(const struct nf_conntrack_tuple *t1, const struct nf_conntrack_tuple *t2)
{
	return memcmp(&t1->src.u3, &t2->src.u3, sizeof(t1->src.u3)) == 0 && t1->src.u.all == t2->src.u.all &&
	       t1->src.l3num == t2->src.l3num;
}

static inline bool __nf_ct_tuple_dst_equal(const struct nf_conntrack_tuple *t1, const struct nf_conntrack_tuple *t2)
{
	return memcmp(&t1->dst.u3, &t2->dst.u3, sizeof(t1->dst.u3)) == 0 && t1->dst.u.all == t2->dst.u.all &&
	       t1->dst.protonum == t2->dst.protonum;
}

static inline bool nf_ct_tuple_equal(const struct nf_conntrack_tuple *t1, const struct nf_conntrack_tuple *t2)
{
	return __nf_ct_tuple_src_equal(t1, t2) && __nf_ct_tuple_dst_equal(t1, t2);
}

#endif /* _LIBSKB_NET_NETFILTER_NF_CONNTRACK_TUPLE_H */
