/* SPDX-License-Identifier: MIT */
/*
 * libskb: the netfilter hook API (include/linux/netfilter.h; the uapi header
 * of the same name supplies NF_DROP..NF_STOP, NF_INET_* and NFPROTO_*).
 *
 * DOC: hook API generations
 *
 * The hook prototype, struct nf_hook_ops, struct nf_hook_state and the
 * registration calls follow the API personality the translation unit is
 * compiled against (<linux/libskb_api.h>; default 6.12):
 *
 *  generation        hook prototype                          registration
 *  2.6.32 - 3.12     (unsigned int hooknum, skb, in, out,    nf_register_hook(s)
 *                     int (*okfn)(struct sk_buff *))
 *  3.13 - 4.0        (const struct nf_hook_ops *ops, skb,    nf_register_hook(s)
 *                     in, out, okfn)  [795aa6ef6a1a, v3.13]
 *  RHEL 7.2+ (3.10)  (ops, skb, in, out,                     nf_register_hook(s)
 *                     const struct nf_hook_state *state)
 *  4.1 - 4.3         (ops, skb, const struct nf_hook_state *) nf_register_hook(s);
 *                     [238e54c9cb93, v4.1]                    + nf_register_net_hook(s)
 *                                                              from 4.3 [085db2c04557]
 *  4.4 - 4.12        (void *priv, skb, state)                 both
 *                     [06198b34a3e0, v4.4]
 *  4.13 - 6.12       (void *priv, skb, state)                 nf_register_net_hook(s) only
 *                                                              (nf_register_hook removed
 *                                                              in v4.13)
 *
 * struct nf_hook_ops carries a list member up to 4.12, .owner up to 4.3 (4.4
 * dropped it), .priv from 3.13 (the 3.13-4.3 hooks read it through ops),
 * .dev from 4.4 and hook_ops_type from 5.15. struct nf_hook_state appears in
 * 4.1 (okfn(sk, skb)); 4.4 adds net and okfn(net, sk, skb); 4.10 has dropped
 * thresh and hook_list; 5.15 has u8 hook and pf; RHEL 7.2 has its own (size
 * first, okfn(sk, skb), no net). skb_make_writable() exists up to 5.2.
 * Sources: v4.0, v4.4 and v4.19 include/linux/netfilter.h as stored copies
 * show them (YueweiJin/runninglinuxkernel_4.0, an annotated 4.4 tree,
 * 0x88888888/linux-4.19-comments); the BTF of Ubuntu's 4.4 ... 6.8 kernels
 * as DepSurf lists them (nf_hook_ops, nf_hook_state per release: the 4.10,
 * 4.13 and 5.15 boundaries above are "changed between" two listed releases,
 * the earliest listed one is used); RHEL 7: OpenVZ/vzkernel (RHEL 7.0/7.1
 * base: ops-first with okfn), the RHEL 7.2+ header as module authors copied
 * it (nf_hook_state with "RHEL: this structure can be extended ...") and
 * NICMx/Jool's nf_wrapper.h (RHEL_RELEASE_CODE >= 7.2: ops, skb, in, out,
 * state; 7.0-7.1: ops, skb, in, out, okfn).
 *
 * DOC: how the one runtime runs every generation's hooks
 *
 * The runtime (compiled once, against the default API) never reads a
 * struct nf_hook_ops: the registration functions below are static inline,
 * compiled in the module's own translation unit with its personality, and
 * hand the runtime the ops pointer (registration identity), pf, hooknum,
 * priority, the hook function (for naming) and __libskb_nf_call, a static
 * adapter that turns the runtime's neutral struct libskb_nf_state into the
 * generation's arguments and calls the hook. A pre-4.4 okfn argument
 * (okfn(skb) or state->okfn(sk, skb)) is libskb_nf_okfn()/libskb_nf_okfn_sk():
 * they continue the path the hook is running on (or, for an skb the hook
 * stole, the path it stole it from) with that state's net and sk, as the
 * kernel's okfn did. C++ code (the harness, the tests) gets the default
 * generation and may read HookInfo::ops as a struct nf_hook_ops only for
 * hooks registered with the default personality.
 *
 * DOC: what nf_hook() does with a verdict (net/netfilter/core.c nf_hook_slow)
 *
 *	NF_ACCEPT   go on with the next hook; after the last one nf_hook()
 *	            returns 1 and the caller runs okfn (NF_HOOK does).
 *	NF_DROP     the core frees the skb: nf_hook() returns NF_DROP_GETERR()
 *	            of the verdict, or -EPERM.
 *	NF_STOLEN   the hook took the skb: nf_hook() returns 0 and never touches
 *	            it again.
 *	NF_QUEUE    no queue handler in the model (nf_queue() finds none, as
 *	            on a kernel without nfnetlink_queue bound): the skb is freed
 *	            and 0 returned, unless NF_VERDICT_FLAG_QUEUE_BYPASS is set,
 *	            in which case the next hook runs. nf_reinject() is not
 *	            provided: with no queue handler nothing is ever queued.
 *	NF_REPEAT   <= 4.x profiles: the same hook runs again.
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
#include <linux/kernel.h>
#include <linux/libskb_api.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/net_namespace.h>

#define NF_MAX_HOOKS NF_INET_NUMHOOKS

struct sock;
struct module;
struct nf_hook_ops;

/* The generation the personality selects (see "hook API generations"). */
#define LIBSKB_NF_GEN_HOOKNUM 1	/* <= 3.12: hooknum first, okfn(skb) */
#define LIBSKB_NF_GEN_OPS 2	/* 3.13 - 4.0 (and RHEL 7.0/7.1): ops first, okfn(skb) */
#define LIBSKB_NF_GEN_RHEL7 3	/* RHEL 7.2+: ops, in, out, RHEL's nf_hook_state */
#define LIBSKB_NF_GEN_OPS_STATE 4	/* 4.1 - 4.3: ops, nf_hook_state */
#define LIBSKB_NF_GEN_PRIV 5	/* 4.4+: priv, nf_hook_state */

#if LIBSKB_API_RHEL >= 0x702 && !LIBSKB_API_AT_LEAST(3, 11)
#define LIBSKB_NF_GEN LIBSKB_NF_GEN_RHEL7
#elif LIBSKB_API_RHEL >= 0x700 && !LIBSKB_API_AT_LEAST(3, 11)
#define LIBSKB_NF_GEN LIBSKB_NF_GEN_OPS
#elif LIBSKB_API_AT_LEAST(4, 4)
#define LIBSKB_NF_GEN LIBSKB_NF_GEN_PRIV
#elif LIBSKB_API_AT_LEAST(4, 1)
#define LIBSKB_NF_GEN LIBSKB_NF_GEN_OPS_STATE
#elif LIBSKB_API_AT_LEAST(3, 13)
#define LIBSKB_NF_GEN LIBSKB_NF_GEN_OPS
#else
#define LIBSKB_NF_GEN LIBSKB_NF_GEN_HOOKNUM
#endif

/* nf_register_hook(s) up to 4.12 (removed in v4.13); nf_register_net_hook(s) from 4.3. */
#define LIBSKB_NF_HAS_REGISTER_HOOK (!LIBSKB_API_AT_LEAST(4, 13))
#define LIBSKB_NF_HAS_REGISTER_NET_HOOK LIBSKB_API_AT_LEAST(4, 3)

static inline int NF_DROP_GETERR(int verdict) { return -(verdict >> NF_VERDICT_QBITS); }

/*
 * struct libskb_nf_state - the runtime's generation-neutral hook state.
 * @okfn: the path's continuation (ip_rcv_finish, ...), 4.4+ form.
 */
struct libskb_nf_state {
	unsigned int hook;
	u8 pf;
	struct net_device *in;
	struct net_device *out;
	struct sock *sk;
	struct net *net;
	int (*okfn)(struct net *, struct sock *, struct sk_buff *);
};

/* The per-translation-unit adapter: calls the hook of ops with its generation's arguments. */
typedef unsigned int libskb_nf_call_t(const void *ops, struct sk_buff *skb, const struct libskb_nf_state *st);

#if LIBSKB_API_AT_LEAST(5, 15)
#define LIBSKB_NF_STATE_U8_HOOK 1	/* u8 hook, u8 pf: in 5.15 (BTF), not in 5.13 */
#else
#define LIBSKB_NF_STATE_U8_HOOK 0
#endif
/* thresh and hook_list: in 4.8, gone by 4.10 (BTF of Ubuntu's 4.8 and 4.10 kernels). */
#define LIBSKB_NF_STATE_THRESH (LIBSKB_API_AT_LEAST(4, 1) && !LIBSKB_API_AT_LEAST(4, 10))

#if LIBSKB_NF_GEN == LIBSKB_NF_GEN_PRIV
/* v4.4 - v4.9 (with thresh and hook_list), v4.10 - v5.13, v5.15+ (u8 hook, pf). */
struct nf_hook_state {
#if LIBSKB_NF_STATE_U8_HOOK
	u8 hook;
	u8 pf;
#else
	unsigned int hook;
#if LIBSKB_NF_STATE_THRESH
	int thresh;
#endif
	u8 pf;
#endif
	struct net_device *in;
	struct net_device *out;
	struct sock *sk;
	struct net *net;
#if LIBSKB_NF_STATE_THRESH
	struct list_head *hook_list;
#endif
	int (*okfn)(struct net *, struct sock *, struct sk_buff *);
};
typedef unsigned int nf_hookfn(void *priv, struct sk_buff *skb, const struct nf_hook_state *state);
#elif LIBSKB_NF_GEN == LIBSKB_NF_GEN_OPS_STATE
/* v4.1 - v4.3. */
struct nf_hook_state {
	unsigned int hook;
	int thresh;
	u8 pf;
	struct net_device *in;
	struct net_device *out;
	struct sock *sk;
	int (*okfn)(struct sock *, struct sk_buff *);
};
typedef unsigned int nf_hookfn(const struct nf_hook_ops *ops, struct sk_buff *skb,
			       const struct nf_hook_state *state);
#elif LIBSKB_NF_GEN == LIBSKB_NF_GEN_RHEL7
/* RHEL 7.2+ (3.10.0-327 on): extensible, size first. */
struct nf_hook_state {
	size_t size;
	unsigned int hook;
	int thresh;
	u8 pf;
	struct net_device *in;
	struct net_device *out;
	struct sock *sk;
	int (*okfn)(struct sock *, struct sk_buff *);
};
typedef unsigned int nf_hookfn(const struct nf_hook_ops *ops, struct sk_buff *skb, const struct net_device *in,
			       const struct net_device *out, const struct nf_hook_state *state);
#elif LIBSKB_NF_GEN == LIBSKB_NF_GEN_OPS
typedef unsigned int nf_hookfn(const struct nf_hook_ops *ops, struct sk_buff *skb, const struct net_device *in,
			       const struct net_device *out, int (*okfn)(struct sk_buff *));
#else
typedef unsigned int nf_hookfn(unsigned int hooknum, struct sk_buff *skb, const struct net_device *in,
			       const struct net_device *out, int (*okfn)(struct sk_buff *));
#endif

#if LIBSKB_API_AT_LEAST(5, 15)
enum nf_hook_ops_type {
	NF_HOOK_OP_UNDEFINED,
	NF_HOOK_OP_NF_TABLES,
	NF_HOOK_OP_BPF,	/* v6.4+ */
};
#endif

struct nf_hook_ops {
#if !LIBSKB_API_AT_LEAST(4, 13)
	struct list_head list;
#endif
	/* User fills in from here down. */
	nf_hookfn *hook;
#if LIBSKB_API_AT_LEAST(4, 4)
	struct net_device *dev;
#else
	struct module *owner;
#endif
#if LIBSKB_API_AT_LEAST(3, 13) || LIBSKB_API_RHEL >= 0x700
	void *priv;
#endif
	u8 pf;
#if LIBSKB_API_AT_LEAST(5, 15)
	u8 hook_ops_type;	/* enum nf_hook_ops_type (in 5.15, not in 5.13) */
#endif
	unsigned int hooknum;
	/* Hooks are ordered in ascending priority. */
	int priority;
#if LIBSKB_API_RHEL >= 0x700 && !LIBSKB_API_AT_LEAST(3, 11)
	/* Reserved for use in the future RHEL versions. Set to zero. */
	unsigned long __rht_reserved1;
	unsigned long __rht_reserved2;
	unsigned long __rht_reserved3;
	unsigned long __rht_reserved4;
	unsigned long __rht_reserved5;
#endif
};

LIBSKB_EXTERN_C_BEGIN

/*
 * libskb_nf_register() - the runtime side of every registration call: adds
 * the hook ops (an opaque identity) to (net, pf, hooknum) before the first
 * hook of equal or higher priority; NFPROTO_INET registers for IPv4 and
 * IPv6. -EINVAL (after a WARN_ON_ONCE) for a hooknum past
 * NF_INET_POST_ROUTING or an unsupported pf. @fn names the hook; @call runs it.
 */
int libskb_nf_register(struct net *net, const void *ops, int pf, unsigned int hooknum, int priority,
		       const void *fn, libskb_nf_call_t *call);
/* libskb_nf_unregister() - removes ops from (net, pf, hooknum); WARN_ONCE "hook not found" if absent. */
void libskb_nf_unregister(struct net *net, const void *ops, int pf, unsigned int hooknum);
/*
 * libskb_nf_okfn() - the okfn(skb) a pre-4.1 hook gets: continues the path
 * the hook runs on (or stole @skb from) with that state's net and sk.
 * Called for an skb no running or stealing hook can account for, it is
 * reported (the kernel's okfn pointer would belong to no path).
 */
int libskb_nf_okfn(struct sk_buff *skb);
/* libskb_nf_okfn_sk() - the state->okfn(sk, skb) of 4.1 - 4.3 and RHEL 7.2: as libskb_nf_okfn(). */
int libskb_nf_okfn_sk(struct sock *sk, struct sk_buff *skb);

/*
 * Models nf_hook() + nf_hook_slow() (include/linux/netfilter.h,
 * net/netfilter/core.c, the v4.4+ signature): run the hooks of (net, pf,
 * hook) on skb in priority order. Returns 1 if every hook accepted (the
 * caller must then run okfn), 0 if the skb was stolen or queued, a negative
 * errno if it was dropped (and freed). Checked as described in "checked
 * hooks" above. The pre-4.4 forms (no net, okfn(skb)) are not provided.
 */
int nf_hook(u8 pf, unsigned int hook, struct net *net, struct sock *sk, struct sk_buff *skb,
	    struct net_device *indev, struct net_device *outdev,
	    int (*okfn)(struct net *, struct sock *, struct sk_buff *));

#if !LIBSKB_API_AT_LEAST(5, 3) || defined(__cplusplus)
/*
 * Models skb_make_writable() (net/netfilter/core.c, <= v5.2): make the first
 * writable_len bytes linear and private. Returns non-zero on success and 0 on
 * failure - the opposite of skb_ensure_writable(). Declared for personalities
 * before 5.3 (a module for 5.3+ that calls it fails to compile, as in kbuild)
 * and for C++ code (the harness drives every profile). Called while a 5.3+
 * profile is active it is reported at once, as the kernel would have refused
 * to load the module ("Unknown symbol skb_make_writable").
 */
int skb_make_writable(struct sk_buff *skb, unsigned int writable_len);
#endif

LIBSKB_EXTERN_C_END

/*
 * __libskb_nf_call() - the adapter this translation unit's registrations
 * hand the runtime: builds the generation's hook arguments from @st.
 */
static inline unsigned int __libskb_nf_call(const void *p, struct sk_buff *skb, const struct libskb_nf_state *st)
{
	const struct nf_hook_ops *ops = (const struct nf_hook_ops *)p;
#if LIBSKB_NF_GEN == LIBSKB_NF_GEN_PRIV
	struct nf_hook_state state;

	memset(&state, 0, sizeof(state));
#if LIBSKB_NF_STATE_U8_HOOK
	state.hook = (u8)st->hook;
#else
	state.hook = st->hook;
#endif
	state.pf = st->pf;
#if LIBSKB_NF_STATE_THRESH
	state.thresh = INT_MIN;	/* nf_hook() passes INT_MIN: every hook runs */
#endif
	state.in = st->in;
	state.out = st->out;
	state.sk = st->sk;
	state.net = st->net;
	state.okfn = st->okfn;
	return ops->hook(ops->priv, skb, &state);
#elif LIBSKB_NF_GEN == LIBSKB_NF_GEN_OPS_STATE || LIBSKB_NF_GEN == LIBSKB_NF_GEN_RHEL7
	struct nf_hook_state state;

	memset(&state, 0, sizeof(state));
#if LIBSKB_NF_GEN == LIBSKB_NF_GEN_RHEL7
	state.size = sizeof(state);
#endif
	state.hook = st->hook;
	state.thresh = INT_MIN;
	state.pf = st->pf;
	state.in = st->in;
	state.out = st->out;
	state.sk = st->sk;
	state.okfn = libskb_nf_okfn_sk;
#if LIBSKB_NF_GEN == LIBSKB_NF_GEN_RHEL7
	return ops->hook(ops, skb, st->in, st->out, &state);
#else
	return ops->hook(ops, skb, &state);
#endif
#elif LIBSKB_NF_GEN == LIBSKB_NF_GEN_OPS
	return ops->hook(ops, skb, st->in, st->out, libskb_nf_okfn);
#else
	/* nf_iterate() passed the hook point being run (2.6.32 - 3.12). */
	return ops->hook(st->hook, skb, st->in, st->out, libskb_nf_okfn);
#endif
}

static inline int __libskb_nf_register_ops(struct net *net, const struct nf_hook_ops *reg)
{
	return libskb_nf_register(net, reg, reg->pf, reg->hooknum, reg->priority, (const void *)reg->hook,
				  __libskb_nf_call);
}

static inline void __libskb_nf_unregister_ops(struct net *net, const struct nf_hook_ops *reg)
{
	libskb_nf_unregister(net, reg, reg->pf, reg->hooknum);
}

#if LIBSKB_NF_HAS_REGISTER_NET_HOOK
/*
 * Models nf_register_net_hook() (net/netfilter/core.c, v4.3+; the model has
 * one namespace, init_net).
 */
static inline int nf_register_net_hook(struct net *net, const struct nf_hook_ops *ops)
{
	return __libskb_nf_register_ops(net, ops);
}

/* Models nf_unregister_net_hook(): WARN_ONCE "hook not found" if absent. */
static inline void nf_unregister_net_hook(struct net *net, const struct nf_hook_ops *ops)
{
	__libskb_nf_unregister_ops(net, ops);
}

/* Models nf_unregister_net_hooks(): in order. */
static inline void nf_unregister_net_hooks(struct net *net, const struct nf_hook_ops *reg, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		nf_unregister_net_hook(net, &reg[i]);
}

/* Models nf_register_net_hooks(): all or nothing. */
static inline int nf_register_net_hooks(struct net *net, const struct nf_hook_ops *reg, unsigned int n)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		err = nf_register_net_hook(net, &reg[i]);
		if (err) {
			if (i > 0)
				nf_unregister_net_hooks(net, reg, i);
			return err;
		}
	}
	return 0;
}
#endif

#if LIBSKB_NF_HAS_REGISTER_HOOK
/*
 * Models nf_register_hook() (net/netfilter/core.c, up to v4.12): before 4.3
 * the global hook list, 4.3 - 4.12 every namespace (init_net in the model).
 */
static inline int nf_register_hook(struct nf_hook_ops *reg)
{
	return __libskb_nf_register_ops(&init_net, reg);
}

/* Models nf_unregister_hook(). */
static inline void nf_unregister_hook(struct nf_hook_ops *reg)
{
	__libskb_nf_unregister_ops(&init_net, reg);
}

/* Models nf_unregister_hooks(): in order. */
static inline void nf_unregister_hooks(struct nf_hook_ops *reg, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		nf_unregister_hook(&reg[i]);
}

/* Models nf_register_hooks(): all or nothing. */
static inline int nf_register_hooks(struct nf_hook_ops *reg, unsigned int n)
{
	unsigned int i;
	int err;

	for (i = 0; i < n; i++) {
		err = nf_register_hook(&reg[i]);
		if (err) {
			if (i > 0)
				nf_unregister_hooks(reg, i);
			return err;
		}
	}
	return 0;
}
#endif

#if LIBSKB_API_AT_LEAST(4, 13)
static inline void nf_hook_state_init(struct nf_hook_state *p, unsigned int hook, u8 pf, struct net_device *indev,
				      struct net_device *outdev, struct sock *sk, struct net *net,
				      int (*okfn)(struct net *, struct sock *, struct sk_buff *))
{
	p->hook = hook;
	p->pf = pf;
	p->in = indev;
	p->out = outdev;
	p->sk = sk;
	p->net = net;
	p->okfn = okfn;
}
#endif

#if LIBSKB_API_AT_LEAST(4, 4)
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
#endif

LIBSKB_EXTERN_C_BEGIN
/* Models nf_ct_attach() (declared here in the kernel; net/netfilter/core.c): nskb shares skb's conntrack entry. */
void nf_ct_attach(struct sk_buff *nskb, const struct sk_buff *skb);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_NETFILTER_H */
