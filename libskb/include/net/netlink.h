/* SPDX-License-Identifier: MIT */
/*
 * libskb: netlink message and attribute helpers (include/net/netlink.h,
 * lib/nlattr.c), built on the skb model: nlmsg_new() is alloc_skb(),
 * nlmsg_put() and nla_put() are skb_put() into it, so a module that writes
 * past what it reserved fails the way it would in the kernel. What is sent
 * follows <linux/netlink.h> (recorded, then refused: no user socket).
 * Attribute parsing with policies (nla_parse*) is not modelled.
 */
#ifndef _LIBSKB_NET_NETLINK_H
#define _LIBSKB_NET_NETLINK_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/libskb_api.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/types.h>

/* Attribute types of a validation policy (include/net/netlink.h, 6.12 order). */
enum {
	NLA_UNSPEC,
	NLA_U8,
	NLA_U16,
	NLA_U32,
	NLA_U64,
	NLA_STRING,
	NLA_FLAG,
	NLA_MSECS,
	NLA_NESTED,
	NLA_NESTED_ARRAY,
	NLA_NUL_STRING,
	NLA_BINARY,
	NLA_S8,
	NLA_S16,
	NLA_S32,
	NLA_S64,
	NLA_BITFIELD32,
	NLA_REJECT,
	NLA_BE16,
	NLA_BE32,
	NLA_SINT,
	NLA_UINT,
	__NLA_TYPE_MAX,
};
#define NLA_TYPE_MAX (__NLA_TYPE_MAX - 1)

/* A validation policy entry. Policies are declared and kept by families;
 * the model does not validate with them (nla_parse is not modelled). */
struct nla_policy {
	u8 type;
	u8 validation_type;
	u16 len;
	union {
		u16 strict_start_type;
		const void *validation_data;
		struct {
			s16 min, max;
		};
	};
};

#define NLMSG_DEFAULT_SIZE (4096 - NLMSG_HDRLEN)	/* SKB_WITH_OVERHEAD(PAGE_SIZE) - NLMSG_HDRLEN, approximately */
#define NLMSG_GOODSIZE 3776
#define NL_AUTO_PORT 0
#define NL_AUTO_SEQ 0

static inline int nlmsg_msg_size(int payload) { return NLMSG_HDRLEN + payload; }
static inline int nlmsg_total_size(int payload) { return NLMSG_ALIGN(nlmsg_msg_size(payload)); }
static inline int nlmsg_padlen(int payload) { return nlmsg_total_size(payload) - nlmsg_msg_size(payload); }
static inline void *nlmsg_data(const struct nlmsghdr *nlh) { return (unsigned char *)nlh + NLMSG_HDRLEN; }
static inline int nlmsg_len(const struct nlmsghdr *nlh) { return (int)nlh->nlmsg_len - NLMSG_HDRLEN; }
static inline struct nlattr *nlmsg_attrdata(const struct nlmsghdr *nlh, int hdrlen)
{
	unsigned char *data = (unsigned char *)nlmsg_data(nlh);
	return (struct nlattr *)(data + NLMSG_ALIGN(hdrlen));
}
static inline int nlmsg_attrlen(const struct nlmsghdr *nlh, int hdrlen) { return nlmsg_len(nlh) - NLMSG_ALIGN(hdrlen); }
static inline int nlmsg_ok(const struct nlmsghdr *nlh, int remaining)
{
	return (remaining >= (int)sizeof(struct nlmsghdr) && nlh->nlmsg_len >= sizeof(struct nlmsghdr) &&
		nlh->nlmsg_len <= (__u32)remaining);
}
static inline struct nlmsghdr *nlmsg_next(const struct nlmsghdr *nlh, int *remaining)
{
	int totlen = NLMSG_ALIGN(nlh->nlmsg_len);

	*remaining -= totlen;
	return (struct nlmsghdr *)((unsigned char *)nlh + totlen);
}

/* Models nlmsg_new(): alloc_skb(nlmsg_total_size(payload)). */
static inline struct sk_buff *nlmsg_new(size_t payload, gfp_t flags)
{
	return alloc_skb((unsigned int)nlmsg_total_size((int)payload), flags);
}
static inline void nlmsg_free(struct sk_buff *skb) { kfree_skb(skb); }

/* Models __nlmsg_put() (net/netlink/af_netlink.c). */
static inline struct nlmsghdr *__nlmsg_put(struct sk_buff *skb, __u32 portid, __u32 seq, int type, int len, int flags)
{
	struct nlmsghdr *nlh;
	int size = nlmsg_msg_size(len);

	nlh = (struct nlmsghdr *)skb_put(skb, (unsigned int)NLMSG_ALIGN(size));
	nlh->nlmsg_type = (__u16)type;
	nlh->nlmsg_len = (__u32)size;
	nlh->nlmsg_flags = (__u16)flags;
	nlh->nlmsg_pid = portid;
	nlh->nlmsg_seq = seq;
	if (NLMSG_ALIGN(size) - size != 0)
		memset((char *)nlmsg_data(nlh) + len, 0, (size_t)(NLMSG_ALIGN(size) - size));
	return nlh;
}
/* Models nlmsg_put(): NULL if the tailroom is short. */
static inline struct nlmsghdr *nlmsg_put(struct sk_buff *skb, __u32 portid, __u32 seq, int type, int payload, int flags)
{
	if (unlikely(skb_tailroom(skb) < nlmsg_total_size(payload)))
		return NULL;
	return __nlmsg_put(skb, portid, seq, type, payload, flags);
}
static inline void nlmsg_end(struct sk_buff *skb, struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = (__u32)(skb_tail_pointer(skb) - (unsigned char *)nlh);
}
static inline void nlmsg_trim(struct sk_buff *skb, const void *mark)
{
	if (mark)
		skb_trim(skb, (unsigned int)((const unsigned char *)mark - skb->data));
}
static inline void nlmsg_cancel(struct sk_buff *skb, struct nlmsghdr *nlh) { nlmsg_trim(skb, nlh); }

/* Models nlmsg_unicast(): netlink_unicast(); 0 or the error. */
static inline int nlmsg_unicast(struct sock *sk, struct sk_buff *skb, __u32 portid)
{
	int err = netlink_unicast(sk, skb, portid, 0x40 /* MSG_DONTWAIT */);

	return err > 0 ? 0 : err;
}
static inline int nlmsg_multicast(struct sock *sk, struct sk_buff *skb, __u32 portid, unsigned int group, gfp_t flags)
{
	NETLINK_CB(skb).dst_group = group;
	return netlink_broadcast(sk, skb, portid, group, flags);
}

/* Attributes (include/net/netlink.h). */
static inline int nla_attr_size(int payload) { return NLA_HDRLEN + payload; }
static inline int nla_total_size(int payload) { return NLA_ALIGN(nla_attr_size(payload)); }
static inline int nla_padlen(int payload) { return nla_total_size(payload) - nla_attr_size(payload); }
static inline int nla_type(const struct nlattr *nla) { return nla->nla_type & NLA_TYPE_MASK; }
static inline void *nla_data(const struct nlattr *nla) { return (char *)nla + NLA_HDRLEN; }
static inline __u16 nla_len(const struct nlattr *nla) { return (__u16)(nla->nla_len - NLA_HDRLEN); }
static inline int nla_ok(const struct nlattr *nla, int remaining)
{
	return remaining >= (int)sizeof(*nla) && nla->nla_len >= sizeof(*nla) && nla->nla_len <= remaining;
}
static inline struct nlattr *nla_next(const struct nlattr *nla, int *remaining)
{
	unsigned int totlen = NLA_ALIGN(nla->nla_len);

	*remaining -= (int)totlen;
	return (struct nlattr *)((char *)nla + totlen);
}
#define nla_for_each_attr(pos, head, len, rem) \
	for (pos = head, rem = len; nla_ok(pos, rem); pos = nla_next(pos, &(rem)))
#define nla_for_each_nested(pos, nla, rem) \
	nla_for_each_attr(pos, (struct nlattr *)nla_data(nla), nla_len(nla), rem)

/* Models __nla_reserve(): skb_put of the attribute, padding zeroed. */
static inline struct nlattr *__nla_reserve(struct sk_buff *skb, int attrtype, int attrlen)
{
	struct nlattr *nla = (struct nlattr *)skb_put(skb, (unsigned int)nla_total_size(attrlen));

	nla->nla_type = (__u16)attrtype;
	nla->nla_len = (__u16)nla_attr_size(attrlen);
	memset((unsigned char *)nla + nla->nla_len, 0, (size_t)nla_padlen(attrlen));
	return nla;
}
/* Models nla_put() (lib/nlattr.c): -EMSGSIZE if the tailroom is short. */
static inline int nla_put(struct sk_buff *skb, int attrtype, int attrlen, const void *data)
{
	if (unlikely(skb_tailroom(skb) < nla_total_size(attrlen)))
		return -EMSGSIZE;
	memcpy(nla_data(__nla_reserve(skb, attrtype, attrlen)), data, (size_t)attrlen);
	return 0;
}
static inline int nla_put_u8(struct sk_buff *skb, int attrtype, __u8 value) { return nla_put(skb, attrtype, sizeof(__u8), &value); }
static inline int nla_put_u16(struct sk_buff *skb, int attrtype, __u16 value) { return nla_put(skb, attrtype, sizeof(__u16), &value); }
static inline int nla_put_be16(struct sk_buff *skb, int attrtype, __be16 value) { return nla_put(skb, attrtype, sizeof(__be16), &value); }
static inline int nla_put_u32(struct sk_buff *skb, int attrtype, __u32 value) { return nla_put(skb, attrtype, sizeof(__u32), &value); }
static inline int nla_put_be32(struct sk_buff *skb, int attrtype, __be32 value) { return nla_put(skb, attrtype, sizeof(__be32), &value); }
static inline int nla_put_s32(struct sk_buff *skb, int attrtype, __s32 value) { return nla_put(skb, attrtype, sizeof(__s32), &value); }
static inline int nla_put_in_addr(struct sk_buff *skb, int attrtype, __be32 addr) { return nla_put_be32(skb, attrtype, addr); }
static inline int nla_put_flag(struct sk_buff *skb, int attrtype) { return nla_put(skb, attrtype, 0, NULL); }
static inline int nla_put_string(struct sk_buff *skb, int attrtype, const char *str)
{
	return nla_put(skb, attrtype, (int)strlen(str) + 1, str);
}
#if LIBSKB_API_AT_LEAST(4, 7)
static inline int nla_put_u64_64bit(struct sk_buff *skb, int attrtype, __u64 value, int padattr)
{
	(void)padattr; /* x86_64 needs no alignment pad */
	return nla_put(skb, attrtype, sizeof(__u64), &value);
}
#else
static inline int nla_put_u64(struct sk_buff *skb, int attrtype, __u64 value) { return nla_put(skb, attrtype, sizeof(__u64), &value); }
#endif
static inline __u8 nla_get_u8(const struct nlattr *nla) { return *(__u8 *)nla_data(nla); }
static inline __u16 nla_get_u16(const struct nlattr *nla) { return *(__u16 *)nla_data(nla); }
static inline __u32 nla_get_u32(const struct nlattr *nla) { return *(__u32 *)nla_data(nla); }
static inline __be32 nla_get_be32(const struct nlattr *nla) { return *(__be32 *)nla_data(nla); }
static inline __s32 nla_get_s32(const struct nlattr *nla) { return *(__s32 *)nla_data(nla); }
static inline __be32 nla_get_in_addr(const struct nlattr *nla) { return *(__be32 *)nla_data(nla); }
static inline __u64 nla_get_u64(const struct nlattr *nla)
{
	__u64 tmp;

	memcpy(&tmp, nla_data(nla), sizeof(tmp));
	return tmp;
}
static inline int nla_get_flag(const struct nlattr *nla) { return !!nla; }
static inline struct nlattr *nla_nest_start_noflag(struct sk_buff *skb, int attrtype)
{
	struct nlattr *start = (struct nlattr *)skb_tail_pointer(skb);

	if (nla_put(skb, attrtype, 0, NULL) < 0)
		return NULL;
	return start;
}
static inline struct nlattr *nla_nest_start(struct sk_buff *skb, int attrtype)
{
	return nla_nest_start_noflag(skb, LIBSKB_API_AT_LEAST(5, 2) ? (attrtype | NLA_F_NESTED) : attrtype);
}
static inline int nla_nest_end(struct sk_buff *skb, struct nlattr *start)
{
	start->nla_len = (__u16)(skb_tail_pointer(skb) - (unsigned char *)start);
	return skb->len;
}
static inline void nla_nest_cancel(struct sk_buff *skb, struct nlattr *start) { nlmsg_trim(skb, start); }
/* Models nla_find(). */
static inline struct nlattr *nla_find(const struct nlattr *head, int len, int attrtype)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_attr(nla, head, len, rem)
		if (nla_type(nla) == attrtype)
			return (struct nlattr *)nla;
	return NULL;
}
static inline struct nlattr *nlmsg_find_attr(const struct nlmsghdr *nlh, int hdrlen, int attrtype)
{
	return nla_find(nlmsg_attrdata(nlh, hdrlen), nlmsg_attrlen(nlh, hdrlen), attrtype);
}

#endif /* _LIBSKB_NET_NETLINK_H */
