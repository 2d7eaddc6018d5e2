/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/poison.h> - the values the kernel writes into freed or
 * unlinked objects (include/linux/poison.h, x86_64 with
 * CONFIG_ILLEGAL_POINTER_VALUE = 0xdead000000000000), so that a use of an
 * unlinked list entry faults on a non-canonical address.
 */
#ifndef _LIBSKB_LINUX_POISON_H
#define _LIBSKB_LINUX_POISON_H

#define POISON_POINTER_DELTA 0xdead000000000000UL
#define LIST_POISON1 ((void *)(0x100 + POISON_POINTER_DELTA))
#define LIST_POISON2 ((void *)(0x122 + POISON_POINTER_DELTA))
#define POISON_INUSE	0x5a
#define POISON_FREE	0x6b
#define POISON_END	0xa5

#endif /* _LIBSKB_LINUX_POISON_H */
