/* SPDX-License-Identifier: MIT */
/*
 * libskb: counting semaphores (include/linux/semaphore.h,
 * kernel/locking/semaphore.c; kernel/semaphore.c before v3.16).
 *
 * DOC: single-threaded semantics
 *
 * A module runs in one thread in libskb: nothing else can up() a semaphore
 * while a down() waits. So down() on a free semaphore takes it, as in the
 * kernel, and a down(), down_interruptible() or down_killable() on a taken
 * one - which in the kernel sleeps until another task calls up() - would
 * sleep forever here: libskb reports it as a BUG naming the caller (the
 * kernel's hung-task detector would report "INFO: task ... blocked for more
 * than 120 seconds") and the run stops; it never returns as if it had been
 * woken. down_trylock() fails (1) and down_timeout() returns -ETIME at once
 * (the harness owns the clock, so the timeout is not waited out). up() may be
 * called without a down(), as in the kernel.
 *
 * API personality: DECLARE_MUTEX(), init_MUTEX() and init_MUTEX_LOCKED() up
 * to v2.6.36 (removed in v2.6.37); DEFINE_SEMAPHORE(name) from v2.6.36 and
 * DEFINE_SEMAPHORE(name, count) from v6.4.
 */
#ifndef _LIBSKB_LINUX_SEMAPHORE_H
#define _LIBSKB_LINUX_SEMAPHORE_H

#include <linux/compiler.h>
#include <linux/libskb_api.h>

/* The kernel's struct also has a raw spinlock and a wait list, which the
 * single-threaded model never needs. */
struct semaphore {
	unsigned int count;
};

#define __SEMAPHORE_INITIALIZER(name, n) { .count = (n) }

#if LIBSKB_API_AT_LEAST(6, 4)
#define DEFINE_SEMAPHORE(_name, _n) struct semaphore _name = __SEMAPHORE_INITIALIZER(_name, _n)
#elif LIBSKB_API_AT_LEAST(2, 6, 36)
#define DEFINE_SEMAPHORE(name) struct semaphore name = __SEMAPHORE_INITIALIZER(name, 1)
#endif

#if !LIBSKB_API_AT_LEAST(2, 6, 37)
#define DECLARE_MUTEX(name) struct semaphore name = __SEMAPHORE_INITIALIZER(name, 1)
#endif

/* Models sema_init(). */
static inline void sema_init(struct semaphore *sem, int val) { sem->count = (unsigned int)val; }

#if !LIBSKB_API_AT_LEAST(2, 6, 37)
static inline void init_MUTEX(struct semaphore *sem) { sema_init(sem, 1); }
static inline void init_MUTEX_LOCKED(struct semaphore *sem) { sema_init(sem, 0); }
#endif

LIBSKB_EXTERN_C_BEGIN
/* Models down(): takes the semaphore; a taken one is reported (see DOC). */
void down(struct semaphore *sem);
/* Models down_interruptible(): 0 when taken; a taken one is reported. */
int __must_check down_interruptible(struct semaphore *sem);
/* Models down_killable(): 0 when taken; a taken one is reported. */
int __must_check down_killable(struct semaphore *sem);
/* Models down_trylock(): 0 when taken, 1 if it was not free. */
int __must_check down_trylock(struct semaphore *sem);
/* Models down_timeout(): 0 when taken, -ETIME if it was not free. */
int __must_check down_timeout(struct semaphore *sem, long jiffies);
/* Models up(): releases one count. */
void up(struct semaphore *sem);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_SEMAPHORE_H */
