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
static inline bool atomic_inc_and_test(atomic_t *v) { return ++v->counter == 0; }
static inline bool atomic_sub_and_test(int i, atomic_t *v) { return (v->counter -= i) == 0; }
static inline bool atomic_add_negative(int i, atomic_t *v) { return (v->counter += i) < 0; }
static inline int atomic_fetch_add(int i, atomic_t *v) { int old = v->counter; v->counter += i; return old; }
static inline int atomic_fetch_sub(int i, atomic_t *v) { int old = v->counter; v->counter -= i; return old; }
static inline int atomic_fetch_inc(atomic_t *v) { return v->counter++; }
static inline int atomic_fetch_dec(atomic_t *v) { return v->counter--; }
static inline int atomic_xchg(atomic_t *v, int n) { int old = v->counter; v->counter = n; return old; }
static inline int atomic_cmpxchg(atomic_t *v, int old, int n)
{
	int cur = v->counter;

	if (cur == old)
		v->counter = n;
	return cur;
}
static inline bool atomic_try_cmpxchg(atomic_t *v, int *old, int n)
{
	int cur = atomic_cmpxchg(v, *old, n);
	bool ok = cur == *old;

	*old = cur;
	return ok;
}
static inline int atomic_add_unless(atomic_t *v, int a, int u)
{
	if (v->counter == u)
		return 0;
	v->counter += a;
	return 1;
}
#define atomic_inc_not_zero(v) atomic_add_unless((v), 1, 0)
static inline void atomic_and(int i, atomic_t *v) { v->counter &= i; }
static inline void atomic_or(int i, atomic_t *v) { v->counter |= i; }
static inline void atomic_xor(int i, atomic_t *v) { v->counter ^= i; }
#define atomic_read_acquire(v) atomic_read(v)
#define atomic_set_release(v, i) atomic_set((v), (i))

/* atomic64_t and atomic_long_t (include/linux/atomic/atomic-long.h): 64-bit. */
typedef struct {
	s64 counter;
} atomic64_t;
#define ATOMIC64_INIT(i) { (i) }
static inline s64 atomic64_read(const atomic64_t *v) { return v->counter; }
static inline void atomic64_set(atomic64_t *v, s64 i) { v->counter = i; }
static inline void atomic64_inc(atomic64_t *v) { v->counter++; }
static inline void atomic64_dec(atomic64_t *v) { v->counter--; }
static inline void atomic64_add(s64 i, atomic64_t *v) { v->counter += i; }
static inline void atomic64_sub(s64 i, atomic64_t *v) { v->counter -= i; }
static inline s64 atomic64_add_return(s64 i, atomic64_t *v) { return v->counter += i; }
static inline s64 atomic64_sub_return(s64 i, atomic64_t *v) { return v->counter -= i; }
static inline s64 atomic64_inc_return(atomic64_t *v) { return ++v->counter; }
static inline s64 atomic64_dec_return(atomic64_t *v) { return --v->counter; }
static inline bool atomic64_dec_and_test(atomic64_t *v) { return --v->counter == 0; }
static inline s64 atomic64_xchg(atomic64_t *v, s64 n) { s64 old = v->counter; v->counter = n; return old; }
static inline s64 atomic64_cmpxchg(atomic64_t *v, s64 old, s64 n)
{
	s64 cur = v->counter;

	if (cur == old)
		v->counter = n;
	return cur;
}
typedef atomic64_t atomic_long_t;
#define ATOMIC_LONG_INIT(i) ATOMIC64_INIT(i)
#define atomic_long_read(v) ((long)atomic64_read(v))
#define atomic_long_set(v, i) atomic64_set((v), (i))
#define atomic_long_inc(v) atomic64_inc(v)
#define atomic_long_dec(v) atomic64_dec(v)
#define atomic_long_add(i, v) atomic64_add((i), (v))
#define atomic_long_sub(i, v) atomic64_sub((i), (v))
#define atomic_long_add_return(i, v) ((long)atomic64_add_return((i), (v)))
#define atomic_long_inc_return(v) ((long)atomic64_inc_return(v))
#define atomic_long_dec_return(v) ((long)atomic64_dec_return(v))
#define atomic_long_xchg(v, n) ((long)atomic64_xchg((v), (n)))
#define atomic_long_cmpxchg(v, o, n) ((long)atomic64_cmpxchg((v), (o), (n)))

/* Memory barriers (include/asm-generic/barrier.h): one thread, compiler barriers only. */
#define LIBSKB_BARRIER_() __asm__ __volatile__("" : : : "memory")
#ifndef __cplusplus /* C++20's std::barrier would be captured */
#define barrier() LIBSKB_BARRIER_()
#endif
#define smp_mb() LIBSKB_BARRIER_()
#define smp_rmb() LIBSKB_BARRIER_()
#define smp_wmb() LIBSKB_BARRIER_()
#define mb() LIBSKB_BARRIER_()
#define rmb() LIBSKB_BARRIER_()
#define wmb() LIBSKB_BARRIER_()
#define smp_mb__before_atomic() LIBSKB_BARRIER_()
#define smp_mb__after_atomic() LIBSKB_BARRIER_()
#define smp_store_release(p, v) do { LIBSKB_BARRIER_(); WRITE_ONCE(*(p), (v)); } while (0)
#define smp_load_acquire(p) ({ __typeof__(*(p)) ___v = READ_ONCE(*(p)); LIBSKB_BARRIER_(); ___v; })
/* cmpxchg()/xchg() on a plain variable (arch/x86/include/asm/cmpxchg.h). */
#define cmpxchg(ptr, o, n)							\
	({									\
		__typeof__(*(ptr)) __ret = *(ptr);				\
		if (__ret == (o))						\
			*(ptr) = (n);						\
		__ret;								\
	})
#define xchg(ptr, v) ({ __typeof__(*(ptr)) __ret = *(ptr); *(ptr) = (v); __ret; })

/* refcount_t (v4.13+): same storage as atomic_t, saturating semantics are
 * enforced by libskb's out-of-line users (kfree_skb, skb_get). */
typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }

static inline unsigned int refcount_read(const refcount_t *r) { return (unsigned int)atomic_read(&r->refs); }
static inline void refcount_set(refcount_t *r, int n) { atomic_set(&r->refs, n); }

#endif /* _LIBSKB_LINUX_ATOMIC_H */
