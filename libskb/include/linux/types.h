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
/* bool is a type in the kernel (include/linux/types.h), not <stdbool.h>'s
 * macro: module_param(flag, bool, 0644) pastes the word "bool". */
#ifndef __cplusplus
#ifdef bool
#undef bool
#endif
typedef _Bool bool;
#ifndef true
enum { false = 0, true = 1 };
#endif
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
/*
 * The C library's headers come into module code too (<linux/in.h> extends
 * <netinet/in.h>), so the names both define are taken from the C library
 * and the rest defined with the same types: uint64_t and u_int64_t are
 * unsigned long here (the kernel's are unsigned long long, the same 64
 * bits), loff_t is long. dev_t is the kernel's u32 in C (<linux/kdev_t.h>
 * checks it): glibc skips its own when this header comes first
 * (__dev_t_defined).
 */
#if !defined(__cplusplus) && !defined(__dev_t_defined)
typedef __u32 dev_t;
#define __dev_t_defined
#endif
#include <stdint.h>
#include <sys/types.h>
#if !defined(__USE_MISC)
typedef long loff_t;
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef unsigned char u_int8_t;
typedef unsigned short u_int16_t;
typedef unsigned int u_int32_t;
typedef unsigned long u_int64_t;
#endif
typedef unsigned short umode_t;
typedef unsigned char unchar;
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
