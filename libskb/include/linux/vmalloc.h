/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/vmalloc.h> (mm/vmalloc.c). vmalloc memory is whole pages
 * in the kernel; in the model it comes from the memory model's page-sized
 * allocations (src/kernel/slab.cc), so ASan bounds it, fault injection
 * applies and vfree() of something else is reported. vmalloc() may sleep:
 * called from a hook or under a spinlock it is reported like GFP_KERNEL.
 */
#ifndef _LIBSKB_LINUX_VMALLOC_H
#define _LIBSKB_LINUX_VMALLOC_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *vmalloc_node(unsigned long size, int node);
void *vzalloc_node(unsigned long size, int node);
void *vmalloc_user(unsigned long size);
void *__vmalloc(unsigned long size, gfp_t gfp_mask);
void *vmalloc_array(size_t n, size_t size);
void *vcalloc(size_t n, size_t size);
void vfree(const void *addr);
bool is_vmalloc_addr(const void *x);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_VMALLOC_H */
