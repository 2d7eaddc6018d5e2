/* SPDX-License-Identifier: MIT */
/*
 * libskb: RCU (include/linux/rcupdate.h) for a single-threaded model.
 *
 * Readers never race with updaters, so rcu_read_lock()/unlock() and the
 * _bh/_sched forms only count nesting (an unlock without a lock is reported
 * as a WARN, as lockdep's "rcu_read_unlock() without rcu_read_lock()" would);
 * rcu_dereference() is a plain load and rcu_assign_pointer() a plain store.
 * Grace periods: synchronize_rcu() (a sleeping call: reported if made from a
 * hook or under a spinlock) runs every pending call_rcu()/kfree_rcu()
 * callback, since after it returns no reader can still see them.
 * call_rcu() and kfree_rcu() queue the callback; it runs at the next
 * quiescent point: synchronize_rcu()/rcu_barrier(), or when the harness calls
 * skb::RunRcuCallbacks() (<skb/kernel_core.h>) between packets. So a module
 * that frees an object with kfree_rcu() while a hook still uses it is caught
 * by ASan only if the harness lets a quiescent point pass in between, as the
 * kernel would.
 */
#ifndef _LIBSKB_LINUX_RCUPDATE_H
#define _LIBSKB_LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
void libskb_rcu_read_lock(void);
void libskb_rcu_read_unlock(const char *func);
/* Models call_rcu() (kernel/rcu/tree.c): @func(@head) runs after a grace period. */
void call_rcu(struct rcu_head *head, rcu_callback_t func);
/* Models synchronize_rcu(): waits for a grace period, here runs pending callbacks. */
void synchronize_rcu(void);
/* Models rcu_barrier(): waits for every pending call_rcu() callback. */
void rcu_barrier(void);
/* kfree_rcu()'s back end: kfree(ptr) after a grace period. */
void libskb_kfree_rcu(const void *ptr);
int libskb_rcu_read_lock_held(void);
LIBSKB_EXTERN_C_END

#define rcu_read_lock() libskb_rcu_read_lock()
#define rcu_read_unlock() libskb_rcu_read_unlock("rcu_read_unlock")
#define rcu_read_lock_bh() libskb_rcu_read_lock()
#define rcu_read_unlock_bh() libskb_rcu_read_unlock("rcu_read_unlock_bh")
#define rcu_read_lock_sched() libskb_rcu_read_lock()
#define rcu_read_unlock_sched() libskb_rcu_read_unlock("rcu_read_unlock_sched")
#define rcu_read_lock_held() libskb_rcu_read_lock_held()
#define rcu_read_lock_bh_held() libskb_rcu_read_lock_held()
#define synchronize_rcu_bh() synchronize_rcu()
#define synchronize_sched() synchronize_rcu()
#define synchronize_net() synchronize_rcu()
#define synchronize_rcu_expedited() synchronize_rcu()
#define call_rcu_bh(head, func) call_rcu((head), (func))
#define call_rcu_sched(head, func) call_rcu((head), (func))
#define rcu_barrier_bh() rcu_barrier()
#define rcu_barrier_sched() rcu_barrier()
/* Documented no-op: nothing to report in a single-threaded model. */
#define rcu_lockdep_assert(c, s) do { } while (0)
#define RCU_LOCKDEP_WARN(c, s) do { } while (0)

#define __rcu
#define RCU_INIT_POINTER(p, v) do { (p) = (v); } while (0)
#define RCU_INITIALIZER(v) (v)
#define rcu_assign_pointer(p, v) do { WRITE_ONCE((p), (v)); } while (0)
#define rcu_dereference(p) READ_ONCE(p)
#define rcu_dereference_bh(p) READ_ONCE(p)
#define rcu_dereference_sched(p) READ_ONCE(p)
#define rcu_dereference_raw(p) READ_ONCE(p)
#define rcu_dereference_check(p, c) READ_ONCE(p)
#define rcu_dereference_bh_check(p, c) READ_ONCE(p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_pointer_handoff(p) (p)
#define rcu_replace_pointer(rcu_ptr, ptr, c)				\
	({								\
		__typeof__(ptr) __tmp = (rcu_ptr);			\
		rcu_assign_pointer((rcu_ptr), (ptr));			\
		__tmp;							\
	})

/* kfree_rcu(ptr, rhf): free the object holding rcu_head @rhf after a grace
 * period; kfree_rcu(ptr) (5.x single-argument form) the same. */
#define LIBSKB_KFREE_RCU2_(ptr, rhf) libskb_kfree_rcu(ptr)
#define LIBSKB_KFREE_RCU1_(ptr) libskb_kfree_rcu(ptr)
#define LIBSKB_KFREE_RCU_PICK_(_1, _2, name, ...) name
#define kfree_rcu(...) LIBSKB_KFREE_RCU_PICK_(__VA_ARGS__, LIBSKB_KFREE_RCU2_, LIBSKB_KFREE_RCU1_, )(__VA_ARGS__)
#define kfree_rcu_mightsleep(ptr) libskb_kfree_rcu(ptr)
#define kvfree_rcu(...) LIBSKB_KFREE_RCU_PICK_(__VA_ARGS__, LIBSKB_KFREE_RCU2_, LIBSKB_KFREE_RCU1_, )(__VA_ARGS__)

#endif /* _LIBSKB_LINUX_RCUPDATE_H */
