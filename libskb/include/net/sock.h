/* SPDX-License-Identifier: MIT */
/*
 * libskb: the part of struct sock that skb code touches: the write queue and
 * its accounting, the route capabilities tcp_sendmsg consults, and the
 * destructor hooks.
 *
 * The layout keeps sk_write_queue at offset 0x138 and sk_send_head at 0x268,
 * the offsets in the CentOS 7 3.10.0-327 vmcore of seed 003 (skb_entail's code
 * bytes address sk + 0x138, sk + 0x140, sk + 0x148 and sk + 0x268), so that a
 * corrupted queue head shows the same addresses relative to the socket.
 */
#ifndef _LIBSKB_NET_SOCK_H
#define _LIBSKB_NET_SOCK_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/netdev_features.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	unsigned int skc_hash;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	volatile unsigned char skc_state;
	unsigned char skc_reuse;
	int skc_bound_dev_if;
	void *skc_prot;
	void *skc_net;
	refcount_t skc_refcnt;
};

/* SOCK_* flags in sk_flags used by the TCP subset. */
enum sock_flags {
	SOCK_DEAD,
	SOCK_DONE,
	SOCK_QUEUE_SHRUNK = 7,
};

struct sock {
	struct sock_common __sk_common;
	spinlock_t sk_lock;
	struct sk_buff_head sk_receive_queue;
	int sk_forward_alloc;
	int sk_rcvbuf;
	atomic_t sk_rmem_alloc;
	atomic_t sk_wmem_alloc;
	int sk_sndbuf;
	int sk_wmem_queued;
	gfp_t sk_allocation;
	unsigned int sk_gso_max_size;
	netdev_features_t sk_route_caps;
	int sk_gso_type;
	unsigned short sk_type;
	unsigned short sk_protocol;
	unsigned long sk_flags;
	unsigned char __sk_pad0[0x138 - 0x88];
	struct sk_buff_head sk_write_queue;	/* 0x138 (seed 003) */
	unsigned char __sk_pad1[0x268 - 0x138 - sizeof(struct sk_buff_head)];
	struct sk_buff *sk_send_head;		/* 0x268 (seed 003) */
	void (*sk_destruct)(struct sock *sk);
	void (*sk_write_space)(struct sock *sk);
};

#define sk_family	__sk_common.skc_family
#define sk_state	__sk_common.skc_state
#define sk_refcnt	__sk_common.skc_refcnt

LIBSKB_STATIC_ASSERT(offsetof(struct sock, __sk_pad0) == 0x88, "sock fields before the write queue end at 0x88");
LIBSKB_STATIC_ASSERT(offsetof(struct sock, sk_write_queue) == 0x138,
		     "seed 003: skb_entail addresses sk->sk_write_queue at sk + 0x138 (3.10.0-327)");
LIBSKB_STATIC_ASSERT(offsetof(struct sock, sk_send_head) == 0x268,
		     "seed 003: skb_entail tests sk->sk_send_head at sk + 0x268 (3.10.0-327)");

static inline void sock_set_flag(struct sock *sk, enum sock_flags flag) { sk->sk_flags |= 1UL << flag; }
static inline bool sock_flag(const struct sock *sk, enum sock_flags flag) { return sk->sk_flags & (1UL << flag); }

/* SK_MEM_QUANTUM accounting, without a memory pressure model. */
static inline void sk_mem_charge(struct sock *sk, int size) { sk->sk_forward_alloc -= size; }
static inline void sk_mem_uncharge(struct sock *sk, int size) { sk->sk_forward_alloc += size; }

static inline bool sk_stream_memory_free(const struct sock *sk) { return sk->sk_wmem_queued < sk->sk_sndbuf; }

static inline bool sk_can_gso(const struct sock *sk) { return (sk->sk_route_caps & (NETIF_F_GSO | NETIF_F_TSO | NETIF_F_TSO6)) != 0; }

/* Models sk_wmem_free_skb() (include/net/sock.h): uncharge and free. */
static inline void sk_wmem_free_skb(struct sock *sk, struct sk_buff *skb)
{
	sock_set_flag(sk, SOCK_QUEUE_SHRUNK);
	sk->sk_wmem_queued -= skb->truesize;
	sk_mem_uncharge(sk, skb->truesize);
	kfree_skb(skb);
}

/* Models sock_net() (include/net/sock.h): the model has one namespace, init_net. */
#include <net/net_namespace.h>
static inline struct net *sock_net(const struct sock *sk) { (void)sk; return &init_net; }
/* The kernel's net/sock.h reaches the netlink helpers (nlmsg_*) through its includes. */
#include <net/netlink.h>

#endif /* _LIBSKB_NET_SOCK_H */
