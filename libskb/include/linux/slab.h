/* SPDX-License-Identifier: MIT */
/*
 * libskb: kmalloc()/kfree() backed by the model's kmalloc-N size classes, so
 * ksize() and build_skb(data, 0) see the kernel's bucket sizes and ASan sees
 * an overflow past the bucket.
 */
#ifndef _LIBSKB_LINUX_SLAB_H
#define _LIBSKB_LINUX_SLAB_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
/* Models kmalloc() (include/linux/slab.h): NULL on (injected) failure. */
void *kmalloc(size_t size, gfp_t flags);
/* Models kzalloc(). */
void *kzalloc(size_t size, gfp_t flags);
/* Models kfree(): NULL is ignored. */
void kfree(const void *objp);
/* Models ksize(): the size class of a kmalloc'd object. */
size_t ksize(const void *objp);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_SLAB_H */
