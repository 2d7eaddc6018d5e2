/* SPDX-License-Identifier: MIT */
/*
 * libskb: kernel-internal scalar types on top of the system's uapi <linux/types.h>.
 *
 * The uapi header (linux-libc-dev) already provides __u8..__u64, __be16/32,
 * __sum16 and __wsum; module code also expects the short kernel spellings
 * (u8, u32, ...), bool, gfp_t and ktime_t, which only exist inside the kernel.
 */
#ifndef _LIBSKB_LINUX_TYPES_H
#define _LIBSKB_LINUX_TYPES_H

#include_next <linux/types.h>

#include <stddef.h>
#ifndef __cplusplus
#include <stdbool.h>
#endif

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;

typedef unsigned int gfp_t;
typedef s64 ktime_t;
typedef unsigned long netmem_ref;

/*
 * include/linux/types.h: the C99-style and BSD-style names the kernel defines
 * itself (it has no libc). Each is the type glibc gives the same name on
 * x86_64, so a C++ translation unit that also sees glibc's declarations
 * compiles; that makes loff_t long (the kernel's is long long, the same
 * 64 bits) and dev_t the kernel's u32 only in C.
 */
#ifndef __cplusplus
typedef __u8 uint8_t;
typedef __u16 uint16_t;
typedef __u32 uint32_t;
typedef __u64 uint64_t;
typedef __s8 int8_t;
typedef __s16 int16_t;
typedef __s32 int32_t;
typedef __s64 int64_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef __u32 dev_t;
typedef __u8 u_int8_t;
typedef __u16 u_int16_t;
typedef __u32 u_int32_t;
typedef __u64 u_int64_t;
#else
#include <cstdint>
#include <sys/types.h>
#endif
typedef __kernel_ssize_t ssize_t;
typedef long loff_t;
typedef int pid_t;
typedef unsigned short umode_t;
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned char unchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef u64 resource_size_t;
typedef unsigned long irq_hw_number_t;
typedef unsigned int fmode_t;
typedef unsigned int slab_flags_t;

#ifndef DECLARE_BITMAP
#define BITS_PER_LONG 64
#define BITS_PER_LONG_LONG 64
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
#endif

/* include/linux/types.h: the list heads (defined here, as in the kernel, so
 * structs can embed them without <linux/list.h>). */
struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

/* include/linux/types.h: struct callback_head / rcu_head (call_rcu()). */
struct callback_head {
	struct callback_head *next;
	void (*func)(struct callback_head *head);
} __attribute__((aligned(sizeof(void *))));
#define rcu_head callback_head
typedef void (*rcu_callback_t)(struct callback_head *head);

#endif /* _LIBSKB_LINUX_TYPES_H */
