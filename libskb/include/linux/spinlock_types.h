/* SPDX-License-Identifier: MIT */
/* libskb: <linux/spinlock_types.h> - spinlock_t and rwlock_t live in <linux/spinlock.h>. */
#ifndef _LIBSKB_LINUX_SPINLOCK_TYPES_H
#define _LIBSKB_LINUX_SPINLOCK_TYPES_H
#include <linux/spinlock.h>
#endif /* _LIBSKB_LINUX_SPINLOCK_TYPES_H */
