/* SPDX-License-Identifier: MIT */
/* libskb: spinlock_t as a plain flag. The model runs one thread; the lock word
 * exists so struct layouts match and the locked queue variants can assert it. */
#ifndef _LIBSKB_LINUX_SPINLOCK_H
#define _LIBSKB_LINUX_SPINLOCK_H

typedef struct {
	unsigned int locked;
} spinlock_t;

static inline void spin_lock_init(spinlock_t *lock) { lock->locked = 0; }

#endif /* _LIBSKB_LINUX_SPINLOCK_H */
