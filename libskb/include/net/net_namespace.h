/* SPDX-License-Identifier: MIT */
/*
 * libskb: network namespaces (include/net/net_namespace.h, include/net/netns/
 * generic.h), reduced to what hook modules touch: struct net, init_net, the
 * pernet_operations a module registers (run at once for init_net, the only
 * namespace of the model) and net_generic() storage.
 */
#ifndef _LIBSKB_NET_NET_NAMESPACE_H
#define _LIBSKB_NET_NET_NAMESPACE_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/netdevice.h>
#include <linux/types.h>

struct net {
	refcount_t passive;
	refcount_t count;
	unsigned int ifindex;
	const char *libskb_name;	/* "init_net" */
};

struct pernet_operations {
	int (*init)(struct net *net);
	void (*pre_exit)(struct net *net);
	void (*exit)(struct net *net);
	unsigned int *id;
	size_t size;
};

LIBSKB_EXTERN_C_BEGIN
/* The initial (and in the model the only) network namespace. */
extern struct net init_net;
/* Models register_pernet_subsys()/register_pernet_device() (net/core/net_namespace.c):
 * allocate ops->size bytes of net_generic storage under *ops->id, then run ops->init
 * for every namespace (init_net). */
int register_pernet_subsys(struct pernet_operations *ops);
void unregister_pernet_subsys(struct pernet_operations *ops);
int register_pernet_device(struct pernet_operations *ops);
void unregister_pernet_device(struct pernet_operations *ops);
/* Models net_generic() (include/net/netns/generic.h): the per-net storage of id. */
void *net_generic(const struct net *net, unsigned int id);
LIBSKB_EXTERN_C_END

static inline struct net *dev_net(const struct net_device *dev)
{
	(void)dev;
	return &init_net;
}
static inline int net_eq(const struct net *net1, const struct net *net2) { return net1 == net2; }
static inline struct net *get_net(struct net *net) { return net; }
static inline void put_net(struct net *net) { (void)net; }

#endif /* _LIBSKB_NET_NET_NAMESPACE_H */
