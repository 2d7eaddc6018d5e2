/* SPDX-License-Identifier: MIT */
/*
 * libskb: spinlock_t and its API (include/linux/spinlock.h,
 * include/linux/spinlock_api_smp.h), with rwlock_t from <linux/rwlock.h>.
 *
 * The model runs one thread, so a lock protects nothing and never spins. What
 * it keeps is the state the kernel's lock debugging checks
 * (CONFIG_DEBUG_SPINLOCK, kernel/locking/spinlock_debug.c): taking a lock
 * already held is a deadlock on one CPU and reported as the kernel reports it
 * ("BUG: spinlock recursion on CPU#0"), as is releasing a lock not held
 * ("BUG: spinlock already unlocked on CPU#0"); both are WARN tier (execution
 * goes on). Holding any spinlock makes the context atomic, so a sleeping
 * allocation or mutex_lock() under it is reported (might_sleep()).
 * The _bh/_irq/_irqsave variants behave as the plain ones; @flags is set to 0.
 * The lock word is one unsigned int, as the kernel's arch_spinlock_t without
 * debugging, so struct layouts that embed one keep the kernel's size.
 */
#ifndef _LIBSKB_LINUX_SPINLOCK_H
#define _LIBSKB_LINUX_SPINLOCK_H

#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/types.h>

typedef struct spinlock {
	unsigned int locked;
} spinlock_t;

typedef struct {
	unsigned int locked; /* 1 while write-held, else the number of readers << 1 */
} rwlock_t;

typedef spinlock_t raw_spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) { 0 }
#define SPIN_LOCK_UNLOCKED { 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define DEFINE_RAW_SPINLOCK(x) raw_spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
#define __RW_LOCK_UNLOCKED(lockname) { 0 }
#define RW_LOCK_UNLOCKED { 0 }
#define DEFINE_RWLOCK(x) rwlock_t x = __RW_LOCK_UNLOCKED(x)

LIBSKB_EXTERN_C_BEGIN
/* The debug checks of kernel/locking/spinlock_debug.c, out of line (locks.cc). */
void libskb_spin_lock(spinlock_t *lock, const char *func);
int libskb_spin_trylock(spinlock_t *lock);
void libskb_spin_unlock(spinlock_t *lock, const char *func);
void libskb_read_lock(rwlock_t *lock, const char *func);
void libskb_read_unlock(rwlock_t *lock, const char *func);
void libskb_write_lock(rwlock_t *lock, const char *func);
void libskb_write_unlock(rwlock_t *lock, const char *func);
LIBSKB_EXTERN_C_END

static inline void spin_lock_init(spinlock_t *lock) { lock->locked = 0; }
#define raw_spin_lock_init(lock) spin_lock_init(lock)

#define spin_lock(lock)			libskb_spin_lock((lock), "spin_lock")
#define spin_lock_bh(lock)		libskb_spin_lock((lock), "spin_lock_bh")
#define spin_lock_irq(lock)		libskb_spin_lock((lock), "spin_lock_irq")
#define spin_lock_irqsave(lock, flags)	do { (flags) = 0; libskb_spin_lock((lock), "spin_lock_irqsave"); } while (0)
#define spin_lock_nested(lock, subclass) libskb_spin_lock((lock), "spin_lock_nested")
#define spin_unlock(lock)		libskb_spin_unlock((lock), "spin_unlock")
#define spin_unlock_bh(lock)		libskb_spin_unlock((lock), "spin_unlock_bh")
#define spin_unlock_irq(lock)		libskb_spin_unlock((lock), "spin_unlock_irq")
#define spin_unlock_irqrestore(lock, flags) do { (void)(flags); libskb_spin_unlock((lock), "spin_unlock_irqrestore"); } while (0)
#define spin_trylock(lock)		libskb_spin_trylock(lock)
#define spin_trylock_bh(lock)		libskb_spin_trylock(lock)
#define spin_trylock_irqsave(lock, flags) ({ (flags) = 0; libskb_spin_trylock(lock); })
#define spin_is_locked(lock)		((lock)->locked != 0)
#define assert_spin_locked(lock)	((void)0)
#define lockdep_assert_held(lock)	((void)0)

#define raw_spin_lock(lock)		spin_lock(lock)
#define raw_spin_unlock(lock)		spin_unlock(lock)
#define raw_spin_lock_bh(lock)		spin_lock_bh(lock)
#define raw_spin_unlock_bh(lock)	spin_unlock_bh(lock)
#define raw_spin_lock_irqsave(lock, flags) spin_lock_irqsave(lock, flags)
#define raw_spin_unlock_irqrestore(lock, flags) spin_unlock_irqrestore(lock, flags)

/* rwlock_t (include/linux/rwlock.h): readers nest, a writer excludes all. */
static inline void rwlock_init(rwlock_t *lock) { lock->locked = 0; }
#define read_lock(lock)			libskb_read_lock((lock), "read_lock")
#define read_lock_bh(lock)		libskb_read_lock((lock), "read_lock_bh")
#define read_lock_irq(lock)		libskb_read_lock((lock), "read_lock_irq")
#define read_lock_irqsave(lock, flags)	do { (flags) = 0; libskb_read_lock((lock), "read_lock_irqsave"); } while (0)
#define read_unlock(lock)		libskb_read_unlock((lock), "read_unlock")
#define read_unlock_bh(lock)		libskb_read_unlock((lock), "read_unlock_bh")
#define read_unlock_irq(lock)		libskb_read_unlock((lock), "read_unlock_irq")
#define read_unlock_irqrestore(lock, flags) do { (void)(flags); libskb_read_unlock((lock), "read_unlock_irqrestore"); } while (0)
#define write_lock(lock)		libskb_write_lock((lock), "write_lock")
#define write_lock_bh(lock)		libskb_write_lock((lock), "write_lock_bh")
#define write_lock_irq(lock)		libskb_write_lock((lock), "write_lock_irq")
#define write_lock_irqsave(lock, flags)	do { (flags) = 0; libskb_write_lock((lock), "write_lock_irqsave"); } while (0)
#define write_unlock(lock)		libskb_write_unlock((lock), "write_unlock")
#define write_unlock_bh(lock)		libskb_write_unlock((lock), "write_unlock_bh")
#define write_unlock_irq(lock)		libskb_write_unlock((lock), "write_unlock_irq")
#define write_unlock_irqrestore(lock, flags) do { (void)(flags); libskb_write_unlock((lock), "write_unlock_irqrestore"); } while (0)

/*
 * Interrupt and bottom-half masking (include/linux/irqflags.h,
 * include/linux/bottom_half.h): no interrupts arrive in the model, so these
 * are documented no-ops; @flags is set to 0.
 */
#define local_irq_save(flags)		do { (flags) = 0; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)
#define local_irq_disable()		do { } while (0)
#define local_irq_enable()		do { } while (0)
#define local_bh_disable()		do { } while (0)
#define local_bh_enable()		do { } while (0)

#endif /* _LIBSKB_LINUX_SPINLOCK_H */
