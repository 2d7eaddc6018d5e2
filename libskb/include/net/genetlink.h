/* SPDX-License-Identifier: MIT */
/*
 * libskb: generic netlink families (include/net/genetlink.h,
 * net/netlink/genetlink.c).
 *
 * genl_register_family() validates the name, refuses a duplicate (-EEXIST),
 * assigns the family id the kernel would on a system with only the reserved
 * families (GENL_START_ALLOC, 19, upwards) and the multicast group offsets,
 * and records the family (skb::Registrations(), kind "genl"). Messages a
 * family sends go the netlink way (<linux/netlink.h>): recorded, then refused
 * as no user-space socket listens.
 *
 * API personality: from v4.10 the ops and groups are fields of the family
 * and genl_register_family() is the only call; 3.13-4.9 register them with
 * genl_register_family_with_ops(_groups)() (macros filling the same fields);
 * before 3.13 genl_register_family_with_ops(family, ops, n) and
 * genl_register_ops(). family->id is GENL_ID_GENERATE (0) before 4.10.
 * The layout is one struct under every personality (6.12's field names).
 */
#ifndef _LIBSKB_NET_GENETLINK_H
#define _LIBSKB_NET_GENETLINK_H

#include <linux/compiler.h>
#include <linux/genetlink.h>
#include <linux/libskb_api.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/netlink.h>

struct net;
struct nla_policy;
struct netlink_callback;
struct genl_info;

#define GENL_ID_GENERATE 0

struct genl_multicast_group {
	char name[GENL_NAMSIZ];
	u8 flags;
	u8 cap_sys_admin:1;
};

struct genl_ops {
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*start)(struct netlink_callback *cb);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	int (*done)(struct netlink_callback *cb);
	const struct nla_policy *policy;
	unsigned int maxattr;
	u8 cmd;
	u8 internal_flags;
	u8 flags;
	u8 validate;
};

struct genl_small_ops {
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	u8 cmd;
	u8 internal_flags;
	u8 flags;
	u8 validate;
};

struct genl_family {
	unsigned int hdrsize;
	char name[GENL_NAMSIZ];
	unsigned int version;
	unsigned int maxattr;
	u8 netnsok:1;
	u8 parallel_ops:1;
	const struct nla_policy *policy;
	int (*pre_doit)(const struct genl_ops *ops, struct sk_buff *skb, struct genl_info *info);
	void (*post_doit)(const struct genl_ops *ops, struct sk_buff *skb, struct genl_info *info);
	const struct genl_ops *ops;
	const struct genl_small_ops *small_ops;
	const struct genl_multicast_group *mcgrps;
	struct module *module;
	u8 n_ops;
	u8 n_small_ops;
	u8 n_mcgrps;
	u8 resv_start_op;
	int id;			/* first in the struct before 4.10; set by registration */
	unsigned int mcgrp_offset;
};

struct genl_info {
	u32 snd_seq;
	u32 snd_portid;
	const struct genl_family *family;
	const struct nlmsghdr *nlhdr;
	struct genlmsghdr *genlhdr;
	struct nlattr **attrs;
	struct net *_net;
	void *user_ptr[2];
	void *extack;
};

static inline struct net *genl_info_net(const struct genl_info *info) { return info->_net; }

LIBSKB_EXTERN_C_BEGIN
/* Models genl_register_family() (v4.10+ form; earlier forms below). */
int genl_register_family(struct genl_family *family);
/* Models genl_unregister_family(): -ENOENT if not registered. */
int genl_unregister_family(const struct genl_family *family);
/* Models genlmsg_put(): the nlmsghdr and genlmsghdr, returns the user header. */
void *genlmsg_put(struct sk_buff *skb, u32 portid, u32 seq, const struct genl_family *family, int flags, u8 cmd);
/* Models genlmsg_multicast_allns()/genlmsg_multicast(): consumes skb; -ESRCH. */
int libskb_genlmsg_multicast(const struct genl_family *family, struct sk_buff *skb, u32 portid, unsigned int group);
/* Models genlmsg_unicast(): consumes skb; -ECONNREFUSED. */
int genlmsg_unicast(struct net *net, struct sk_buff *skb, u32 portid);
LIBSKB_EXTERN_C_END

#if !LIBSKB_API_AT_LEAST(4, 10)
#if LIBSKB_API_AT_LEAST(3, 13)
static inline int _genl_register_family_with_ops_grps(struct genl_family *family, const struct genl_ops *ops,
						      size_t n_ops, const struct genl_multicast_group *mcgrps,
						      size_t n_mcgrps)
{
	family->ops = ops;
	family->n_ops = (u8)n_ops;
	family->mcgrps = mcgrps;
	family->n_mcgrps = (u8)n_mcgrps;
	return genl_register_family(family);
}
#define genl_register_family_with_ops(family, ops) \
	_genl_register_family_with_ops_grps((family), (ops), sizeof(ops) / sizeof((ops)[0]), NULL, 0)
#define genl_register_family_with_ops_groups(family, ops, grps) \
	_genl_register_family_with_ops_grps((family), (ops), sizeof(ops) / sizeof((ops)[0]), (grps), \
					    sizeof(grps) / sizeof((grps)[0]))
#else
static inline int genl_register_family_with_ops(struct genl_family *family, struct genl_ops *ops, size_t n_ops)
{
	family->ops = ops;
	family->n_ops = (u8)n_ops;
	return genl_register_family(family);
}
/* Models genl_register_ops() (< 3.13): appends one op (the model keeps the last table). */
static inline int genl_register_ops(struct genl_family *family, struct genl_ops *ops)
{
	if (family->n_ops == 0) {
		family->ops = ops;
		family->n_ops = 1;
		return 0;
	}
	return -EINVAL;
}
#endif
#endif

static inline struct sk_buff *genlmsg_new(size_t payload, gfp_t flags)
{
	return nlmsg_new(payload + GENL_HDRLEN, flags);
}
static inline void genlmsg_end(struct sk_buff *skb, void *hdr)
{
	nlmsg_end(skb, (struct nlmsghdr *)((char *)hdr - GENL_HDRLEN - NLMSG_HDRLEN));
}
static inline void genlmsg_cancel(struct sk_buff *skb, void *hdr)
{
	if (hdr)
		nlmsg_cancel(skb, (struct nlmsghdr *)((char *)hdr - GENL_HDRLEN - NLMSG_HDRLEN));
}
static inline void *genlmsg_data(const struct genlmsghdr *gnlh) { return ((unsigned char *)gnlh + GENL_HDRLEN); }
static inline int genlmsg_len(const struct genlmsghdr *gnlh)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((unsigned char *)gnlh - NLMSG_HDRLEN);
	return (int)(nlh->nlmsg_len - GENL_HDRLEN - NLMSG_HDRLEN);
}
static inline int genlmsg_msg_size(int payload) { return GENL_HDRLEN + payload; }
static inline int genlmsg_total_size(int payload) { return NLMSG_ALIGN(genlmsg_msg_size(payload)); }
static inline void *genlmsg_put_reply(struct sk_buff *skb, struct genl_info *info, const struct genl_family *family,
				      int flags, u8 cmd)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq, family, flags, cmd);
}
static inline int genlmsg_reply(struct sk_buff *skb, struct genl_info *info)
{
	return genlmsg_unicast(genl_info_net(info), skb, info->snd_portid);
}
static inline int genlmsg_multicast(const struct genl_family *family, struct sk_buff *skb, u32 portid,
				    unsigned int group, gfp_t flags)
{
	(void)flags;
	return libskb_genlmsg_multicast(family, skb, portid, group);
}
static inline int genlmsg_multicast_allns(const struct genl_family *family, struct sk_buff *skb, u32 portid,
					  unsigned int group, gfp_t flags)
{
	return genlmsg_multicast(family, skb, portid, group, flags);
}

#endif /* _LIBSKB_NET_GENETLINK_H */
