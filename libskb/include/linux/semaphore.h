/* SPDX-License-Identifier: MIT */
/*
 * libskb: counting semaphores (include/linux/semaphore.h,
 * kernel/locking/semaphore.c). One thread: down() on a semaphore whose
 * count is 0 would sleep forever, so it is reported (as lockdep would see
 * the self-deadlock) and returns; down_trylock() returns 1 then, as the
 * kernel's. down() is a sleeping call: made from a hook or under a spinlock
 * it is reported like might_sleep(). down_interruptible()/down_killable()
 * return 0 (no signals arrive); down_timeout() returns -ETIME when the count
 * is 0, as it would after the timeout.
 */
#ifndef _LIBSKB_LINUX_SEMAPHORE_H
#define _LIBSKB_LINUX_SEMAPHORE_H

#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

struct semaphore {
	int count;
};

#define __SEMAPHORE_INITIALIZER(name, n) { .count = (n) }
/* DEFINE_SEMAPHORE(name) has count 1; 6.4+ takes the count: DEFINE_SEMAPHORE(name, n). */
#define LIBSKB_DEFSEM1_(name) struct semaphore name = __SEMAPHORE_INITIALIZER(name, 1)
#define LIBSKB_DEFSEM2_(name, n) struct semaphore name = __SEMAPHORE_INITIALIZER(name, n)
#define LIBSKB_DEFSEM_PICK_(_1, _2, macro, ...) macro
#define DEFINE_SEMAPHORE(...) LIBSKB_DEFSEM_PICK_(__VA_ARGS__, LIBSKB_DEFSEM2_, LIBSKB_DEFSEM1_, )(__VA_ARGS__)

static inline void sema_init(struct semaphore *sem, int val) { sem->count = val; }

LIBSKB_EXTERN_C_BEGIN
void down(struct semaphore *sem);
int down_interruptible(struct semaphore *sem);
int down_killable(struct semaphore *sem);
int down_trylock(struct semaphore *sem);
int down_timeout(struct semaphore *sem, long jiffies);
void up(struct semaphore *sem);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_SEMAPHORE_H */
