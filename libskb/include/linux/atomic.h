/* SPDX-License-Identifier: MIT */
/*
 * libskb: atomic_t and refcount_t with the kernel's layout ({ int counter }).
 * The model is single-threaded, so plain loads and stores suffice; the struct
 * wrappers keep module code that writes atomic_read(&skb->users) compiling.
 */
#ifndef _LIBSKB_LINUX_ATOMIC_H
#define _LIBSKB_LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>

typedef struct {
	int counter;
} atomic_t;

#define ATOMIC_INIT(i) { (i) }

static inline int atomic_read(const atomic_t *v) { return v->counter; }
static inline void atomic_set(atomic_t *v, int i) { v->counter = i; }
static inline void atomic_inc(atomic_t *v) { v->counter++; }
static inline void atomic_dec(atomic_t *v) { v->counter--; }
static inline void atomic_add(int i, atomic_t *v) { v->counter += i; }
static inline void atomic_sub(int i, atomic_t *v) { v->counter -= i; }
static inline int atomic_add_return(int i, atomic_t *v) { return v->counter += i; }
static inline int atomic_sub_return(int i, atomic_t *v) { return v->counter -= i; }
static inline int atomic_inc_return(atomic_t *v) { return ++v->counter; }
static inline int atomic_dec_return(atomic_t *v) { return --v->counter; }
static inline bool atomic_dec_and_test(atomic_t *v) { return --v->counter == 0; }

/* refcount_t (v4.13+): same storage as atomic_t, saturating semantics are
 * enforced by libskb's out-of-line users (kfree_skb, skb_get). */
typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }

static inline unsigned int refcount_read(const refcount_t *r) { return (unsigned int)atomic_read(&r->refs); }
static inline void refcount_set(refcount_t *r, int n) { atomic_set(&r->refs, n); }

#endif /* _LIBSKB_LINUX_ATOMIC_H */
