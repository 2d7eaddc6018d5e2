/* SPDX-License-Identifier: MIT */
/*
 * libskb: struct rw_semaphore (include/linux/rwsem.h). One thread: never
 * blocks. down_read/down_write are sleeping locks: taking one inside a hook
 * or under a spinlock is reported as the kernel's might_sleep() does; a
 * down_write while held, or an up_* without a matching down_*, is reported as
 * a WARN (lockdep's "possible recursive locking detected" /
 * DEBUG_RWSEMS_WARN_ON).
 */
#ifndef _LIBSKB_LINUX_RWSEM_H
#define _LIBSKB_LINUX_RWSEM_H

#include <linux/compiler.h>
#include <linux/types.h>

struct rw_semaphore {
	long count; /* -1 write-held, n > 0: n readers */
};

#define __RWSEM_INITIALIZER(name) { 0 }
#define DECLARE_RWSEM(name) struct rw_semaphore name = __RWSEM_INITIALIZER(name)

LIBSKB_EXTERN_C_BEGIN
void down_read(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
LIBSKB_EXTERN_C_END

static inline void init_rwsem(struct rw_semaphore *sem) { sem->count = 0; }
static inline int rwsem_is_locked(struct rw_semaphore *sem) { return sem->count != 0; }
#define down_read_interruptible(sem) (down_read(sem), 0)
#define down_read_killable(sem) (down_read(sem), 0)
#define down_write_killable(sem) (down_write(sem), 0)

#endif /* _LIBSKB_LINUX_RWSEM_H */
