/* SPDX-License-Identifier: MIT */
/*
 * libskb: the netfilter hook API (include/linux/netfilter.h; the uapi header
 * of the same name supplies NF_DROP..NF_STOP, NF_INET_* and NFPROTO_*).
 *
 * The model follows the v4.4+ API of 5.10 and 6.12: hook functions take
 * (priv, skb, state) and are registered per network namespace with
 * nf_register_net_hook(&init_net, &ops). The pre-4.4 forms (hooknum-first
 * hook functions, nf_register_hook()) are not modelled.
 *
 * DOC: what nf_hook() does with a verdict (net/netfilter/core.c nf_hook_slow)
 *
 *	NF_ACCEPT   go on with the next hook; after the last one nf_hook()
 *	            returns 1 and the caller runs okfn (NF_HOOK does).
 *	NF_DROP     the core frees the skb: nf_hook() returns NF_DROP_GETERR()
 *	            of the verdict, or -EPERM.
 *	NF_STOLEN   the hook took the skb: nf_hook() returns 0 and never touches
 *	            it again.
 *	NF_QUEUE    no queue handler in the model: the skb is freed and 0
 *	            returned, unless NF_VERDICT_FLAG_QUEUE_BYPASS is set, in
 *	            which case the next hook runs.
 *	NF_REPEAT   <= 4.x (2.6.32, 3.10 profiles): the same hook runs again.
 *	            5.10: falls into nf_hook_slow's "non conventional verdict"
 *	            case: 0 is returned and the skb is neither freed nor passed
 *	            on (libskb notes the leak). 6.12: the same after a
 *	            WARN_ON_ONCE.
 *
 * DOC: checked hooks
 *
 * In checked mode (skb/check.h) libskb checks the skb before and after every
 * hook and reports a violation found after a hook with the hook as the
 * culprit ("NF_INET_LOCAL_IN hook sn_core_odd_hook (module sn_core_odd,
 * sn_core_odd.c) broke the skb"). A kernel BUG raised inside a hook, or in the
 * stack code that runs after it, is re-raised with the hook named in front of
 * the report. skb/netfilter.h has the C++ side (registered hooks, modules,
 * the receive and transmit path models).
 */
#ifndef _LIBSKB_LINUX_NETFILTER_H
#define _LIBSKB_LINUX_NETFILTER_H

#include <linux/in.h>

#include_next <linux/netfilter.h>

#include <linux/compiler.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/net_namespace.h>

#define NF_MAX_HOOKS NF_INET_NUMHOOKS

struct sock;

static inline int NF_DROP_GETERR(int verdict) { return -(verdict >> NF_VERDICT_QBITS); }

/* v6.12 layout (5.10 has an unsigned int hook). */
struct nf_hook_state {
	u8 hook;
	u8 pf;
	struct net_device *in;
	struct net_device *out;
	struct sock *sk;
	struct net *net;
	int (*okfn)(struct net *, struct sock *, struct sk_buff *);
};

typedef unsigned int nf_hookfn(void *priv, struct sk_buff *skb, const struct nf_hook_state *state);

enum nf_hook_ops_type {
	NF_HOOK_OP_UNDEFINED,
	NF_HOOK_OP_NF_TABLES,
	NF_HOOK_OP_BPF,
};

struct nf_hook_ops {
	/* User fills in from here down. */
	nf_hookfn *hook;
	struct net_device *dev;
	void *priv;
	u8 pf;
	u8 hook_ops_type;	/* enum nf_hook_ops_type (v5.16+) */
	unsigned int hooknum;
	/* Hooks are ordered in ascending priority. */
	int priority;
};

LIBSKB_EXTERN_C_BEGIN

/*
 * Models nf_register_net_hook() (net/netfilter/core.c, v4.13+ form): adds ops
 * to the hooks of (net, pf, hooknum), before the first hook of equal or
 * higher priority. NFPROTO_INET registers for IPv4 and IPv6. -EINVAL (after a
 * WARN_ON_ONCE) for a hooknum past NF_INET_POST_ROUTING or an unsupported pf.
 */
int nf_register_net_hook(struct net *net, const struct nf_hook_ops *ops);
/* Models nf_unregister_net_hook(): WARN_ONCE "hook not found" if absent. */
void nf_unregister_net_hook(struct net *net, const struct nf_hook_ops *ops);
/* Models nf_register_net_hooks(): all or nothing. */
int nf_register_net_hooks(struct net *net, const struct nf_hook_ops *reg, unsigned int n);
/* Models nf_unregister_net_hooks(). */
void nf_unregister_net_hooks(struct net *net, const struct nf_hook_ops *reg, unsigned int n);

/*
 * Models nf_hook() + nf_hook_slow() (include/linux/netfilter.h,
 * net/netfilter/core.c): run the hooks of (net, pf, hook) on skb in priority
 * order. Returns 1 if every hook accepted (the caller must then run okfn),
 * 0 if the skb was stolen or queued, a negative errno if it was dropped (and
 * freed). Checked as described in "checked hooks" above.
 */
int nf_hook(u8 pf, unsigned int hook, struct net *net, struct sock *sk, struct sk_buff *skb,
	    struct net_device *indev, struct net_device *outdev,
	    int (*okfn)(struct net *, struct sock *, struct sk_buff *));

/*
 * Models skb_make_writable() (net/netfilter/core.c, <= v5.2): make the first
 * writable_len bytes linear and private. Returns non-zero on success and 0 on
 * failure - the opposite of skb_ensure_writable(). It does not exist on the
 * 5.10 and 6.12 profiles (removed in v5.3): calling it there is reported at
 * once, as the kernel would have refused to load the module ("Unknown
 * symbol skb_make_writable").
 */
int skb_make_writable(struct sk_buff *skb, unsigned int writable_len);

LIBSKB_EXTERN_C_END

static inline void nf_hook_state_init(struct nf_hook_state *p, unsigned int hook, u8 pf, struct net_device *indev,
				      struct net_device *outdev, struct sock *sk, struct net *net,
				      int (*okfn)(struct net *, struct sock *, struct sk_buff *))
{
	p->hook = (u8)hook;
	p->pf = pf;
	p->in = indev;
	p->out = outdev;
	p->sk = sk;
	p->net = net;
	p->okfn = okfn;
}

/* NF_HOOK(): run the hooks, then okfn if they all accepted. */
static inline int NF_HOOK(u8 pf, unsigned int hook, struct net *net, struct sock *sk, struct sk_buff *skb,
			  struct net_device *in, struct net_device *out,
			  int (*okfn)(struct net *, struct sock *, struct sk_buff *))
{
	int ret = nf_hook(pf, hook, net, sk, skb, in, out, okfn);

	if (ret == 1)
		ret = okfn(net, sk, skb);
	return ret;
}

/* NF_HOOK_COND(): as NF_HOOK when cond holds, else straight to okfn. */
static inline int NF_HOOK_COND(u8 pf, unsigned int hook, struct net *net, struct sock *sk, struct sk_buff *skb,
			       struct net_device *in, struct net_device *out,
			       int (*okfn)(struct net *, struct sock *, struct sk_buff *), bool cond)
{
	int ret;

	if (!cond || ((ret = nf_hook(pf, hook, net, sk, skb, in, out, okfn)) == 1))
		ret = okfn(net, sk, skb);
	return ret;
}

#endif /* _LIBSKB_LINUX_NETFILTER_H */
