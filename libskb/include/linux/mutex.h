/* SPDX-License-Identifier: MIT */
/*
 * libskb: struct mutex (include/linux/mutex.h). One thread: a mutex never
 * blocks. What the kernel's CONFIG_DEBUG_MUTEXES and lockdep would say is
 * reported as a WARN: taking a mutex the caller already holds ("possible
 * recursive locking detected": a self-deadlock), unlocking one not held
 * ("DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current)"), and taking one
 * where sleeping is not allowed (inside a netfilter hook or under a spinlock:
 * "BUG: sleeping function called from invalid context").
 * mutex_lock_interruptible()/_killable() always succeed (no signals arrive).
 */
#ifndef _LIBSKB_LINUX_MUTEX_H
#define _LIBSKB_LINUX_MUTEX_H

#include <linux/compiler.h>
#include <linux/types.h>

struct mutex {
	int locked;
	const char *name;
};

#define __MUTEX_INITIALIZER(lockname) { .locked = 0, .name = #lockname }
#define DEFINE_MUTEX(mutexname) struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

LIBSKB_EXTERN_C_BEGIN
void libskb_mutex_lock(struct mutex *lock, const char *func);
void libskb_mutex_unlock(struct mutex *lock);
int libskb_mutex_trylock(struct mutex *lock);
LIBSKB_EXTERN_C_END

static inline void mutex_init(struct mutex *lock)
{
	lock->locked = 0;
	lock->name = "mutex";
}
#define mutex_lock(lock) libskb_mutex_lock((lock), "mutex_lock")
#define mutex_lock_nested(lock, subclass) libskb_mutex_lock((lock), "mutex_lock_nested")
#define mutex_lock_interruptible(lock) (libskb_mutex_lock((lock), "mutex_lock_interruptible"), 0)
#define mutex_lock_killable(lock) (libskb_mutex_lock((lock), "mutex_lock_killable"), 0)
#define mutex_unlock(lock) libskb_mutex_unlock(lock)
#define mutex_trylock(lock) libskb_mutex_trylock(lock)
static inline bool mutex_is_locked(struct mutex *lock) { return lock->locked != 0; }
/* mutex_destroy(): a no-op without CONFIG_DEBUG_MUTEXES. */
static inline void mutex_destroy(struct mutex *lock) { (void)lock; }

#endif /* _LIBSKB_LINUX_MUTEX_H */
