/* SPDX-License-Identifier: MIT */
/* libskb: <linux/rwlock.h> - rwlock_t lives with spinlock_t in <linux/spinlock.h>, as the kernel's
 * spinlock.h includes rwlock.h. */
#ifndef _LIBSKB_LINUX_RWLOCK_H
#define _LIBSKB_LINUX_RWLOCK_H
#include <linux/spinlock.h>
#endif /* _LIBSKB_LINUX_RWLOCK_H */
