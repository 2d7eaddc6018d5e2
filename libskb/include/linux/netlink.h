/* SPDX-License-Identifier: MIT */
/*
 * libskb: kernel netlink sockets (include/linux/netlink.h,
 * net/netlink/af_netlink.c). Extends the uapi header of the same name.
 *
 * DOC: netlink in the model
 *
 * netlink_kernel_create() works and is recorded (skb::Registrations(),
 * kind "netlink", name "NETLINK_<unit>"): the module gets a struct sock
 * whose input callback a test can drive with skb::NetlinkDeliver()
 * (<skb/kernel_env.h>), which hands it an skb holding a message from user
 * space, as netlink_unicast_kernel() does. No user-space socket exists in
 * the model, so what the module sends is recorded (skb::NetlinkSent()) and
 * answered as the kernel answers a send to a port nobody holds:
 * netlink_unicast() frees the skb and returns -ECONNREFUSED,
 * netlink_broadcast() frees it and returns -ESRCH.
 *
 * API personality: netlink_kernel_create(net, unit, cfg) from v3.7,
 * netlink_kernel_create(net, unit, THIS_MODULE, cfg) in 3.6, and
 * netlink_kernel_create(net, unit, groups, input, cb_mutex, THIS_MODULE)
 * before. NETLINK_CB(skb).portid from 3.7, .pid before.
 */
#ifndef _LIBSKB_LINUX_NETLINK_H
#define _LIBSKB_LINUX_NETLINK_H

#include_next <linux/netlink.h>

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/libskb_api.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct net;
struct sock;
struct module;
struct mutex;

struct netlink_skb_parms {
	struct {
		__u32 pid;
		__u32 uid;
		__u32 gid;
	} creds;
#if LIBSKB_API_AT_LEAST(3, 7)
	__u32 portid;
#else
	__u32 pid;
#endif
	__u32 dst_group;
	__u32 flags;
	struct sock *sk;
	bool nsid_is_set;
	int nsid;
};

#define NETLINK_CB(skb) (*(struct netlink_skb_parms *)&((skb)->cb))
#define NETLINK_CREDS(skb) (&NETLINK_CB((skb)).creds)

struct netlink_kernel_cfg {
	unsigned int groups;
	unsigned int flags;
	void (*input)(struct sk_buff *skb);
	struct mutex *cb_mutex;
	int (*bind)(struct net *net, int group);
	void (*unbind)(struct net *net, int group);
	void (*release)(struct sock *sk, unsigned long *groups);
};

static inline struct nlmsghdr *nlmsg_hdr(const struct sk_buff *skb) { return (struct nlmsghdr *)skb->data; }

LIBSKB_EXTERN_C_BEGIN
/* Models __netlink_kernel_create() (net/netlink/af_netlink.c): a kernel
 * socket for unit; NULL if the unit is out of range or taken. */
struct sock *libskb_netlink_kernel_create(struct net *net, int unit, const struct netlink_kernel_cfg *cfg);
/* Models netlink_kernel_release(). NULL is ignored. */
void netlink_kernel_release(struct sock *sk);
/* Models netlink_unicast(): consumes skb; -ECONNREFUSED (no user socket). */
int netlink_unicast(struct sock *ssk, struct sk_buff *skb, __u32 portid, int nonblock);
/* Models netlink_broadcast(): consumes skb; -ESRCH (no listener). */
int netlink_broadcast(struct sock *ssk, struct sk_buff *skb, __u32 portid, __u32 group, gfp_t allocation);
/* Models netlink_has_listeners(): 0. */
int netlink_has_listeners(struct sock *sk, unsigned int group);
/* Models netlink_ack() (v4.12+ form with extack; the model records it). */
void netlink_ack(struct sk_buff *in_skb, struct nlmsghdr *nlh, int err, const void *extack);
LIBSKB_EXTERN_C_END

#if LIBSKB_API_AT_LEAST(3, 7)
static inline struct sock *netlink_kernel_create(struct net *net, int unit, struct netlink_kernel_cfg *cfg)
{
	return libskb_netlink_kernel_create(net, unit, cfg);
}
#elif LIBSKB_API_AT_LEAST(3, 6)
static inline struct sock *netlink_kernel_create(struct net *net, int unit, struct module *module,
						 struct netlink_kernel_cfg *cfg)
{
	(void)module;
	return libskb_netlink_kernel_create(net, unit, cfg);
}
#else
static inline struct sock *netlink_kernel_create(struct net *net, int unit, unsigned int groups,
						 void (*input)(struct sk_buff *skb), struct mutex *cb_mutex,
						 struct module *module)
{
	struct netlink_kernel_cfg cfg = { groups, 0, input, cb_mutex, NULL, NULL, NULL };

	(void)module;
	return libskb_netlink_kernel_create(net, unit, &cfg);
}
#endif

#endif /* _LIBSKB_LINUX_NETLINK_H */
