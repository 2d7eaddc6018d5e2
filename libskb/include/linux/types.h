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

#endif /* _LIBSKB_LINUX_TYPES_H */
