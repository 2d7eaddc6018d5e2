/* SPDX-License-Identifier: MIT */
/*
 * libskb: the slab allocator API (include/linux/slab.h, mm/slab_common.c,
 * mm/util.c) over the memory model (src/skb/memory.cc):
 *
 *  - kmalloc() and everything built on it use the kmalloc-N size classes, so
 *    ksize() reports the kernel's bucket and ASan sees an overflow past the
 *    requested size (asan slab mode) or past the bucket (kernel slab mode);
 *  - kmem_cache_create() makes a cache of objects of its size; objects come
 *    from the same two-mode slab machinery;
 *  - every allocation counts for fault injection (skb::FailAllocationAfter):
 *    a module's error path for a failed allocation can be exercised;
 *  - a sleeping allocation (a gfp mask with __GFP_DIRECT_RECLAIM, such as
 *    GFP_KERNEL) made where sleeping is not allowed - inside a netfilter hook
 *    (hooks run under rcu_read_lock(), in softirq context on receive) or with
 *    a spinlock held - is reported as the kernel's might_sleep() does:
 *    "BUG: sleeping function called from invalid context", a WARN-tier report;
 *    the allocation still succeeds.
 * kfree() of a pointer kmalloc did not return is reported and aborts, as
 * the kernel's BUG in kfree would.
 */
#ifndef _LIBSKB_LINUX_SLAB_H
#define _LIBSKB_LINUX_SLAB_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/types.h>

/* kmem_cache_create() flags (include/linux/slab.h): accepted, not modelled. */
#define SLAB_HWCACHE_ALIGN	0x00002000U
#define SLAB_CACHE_DMA		0x00004000U
#define SLAB_PANIC		0x00040000U
#define SLAB_TYPESAFE_BY_RCU	0x00080000U
#define SLAB_DESTROY_BY_RCU	SLAB_TYPESAFE_BY_RCU
#define SLAB_MEM_SPREAD		0x00100000U
#define SLAB_RECLAIM_ACCOUNT	0x00020000U
#define SLAB_ACCOUNT		0x04000000U
#define SLAB_POISON		0x00000800U
#define SLAB_RED_ZONE		0x00000400U
#define SLAB_NO_MERGE		0x01000000U

#define KMALLOC_SHIFT_HIGH	13
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE	(1UL << 22) /* MAX_ORDER pages (x86_64, SLUB) */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

LIBSKB_EXTERN_C_BEGIN
/* Models kmalloc() (include/linux/slab.h): NULL on (injected) failure. */
void *kmalloc(size_t size, gfp_t flags);
/* Models kzalloc(). */
void *kzalloc(size_t size, gfp_t flags);
/* Models kfree(): NULL (and ZERO_SIZE_PTR) is ignored. */
void kfree(const void *objp);
/* Models kfree_sensitive()/kzfree(): zero the object, then free it. */
void kfree_sensitive(const void *objp);
/* Models ksize(): the size class of a kmalloc'd object. */
size_t ksize(const void *objp);
/* Models krealloc() (mm/slab_common.c): grows in place within the size
 * class, else allocates, copies and frees; NULL on failure (old kept). */
void *krealloc(const void *p, size_t new_size, gfp_t flags);
/* Models kmalloc_node()/kzalloc_node(): one NUMA node in the model. */
void *kmalloc_node(size_t size, gfp_t flags, int node);
/* Models kvmalloc() (mm/util.c): kmalloc, falling back to vmalloc in the kernel;
 * the model's kmalloc serves every size. kvfree() frees either. */
void *kvmalloc(size_t size, gfp_t flags);
void kvfree(const void *addr);

/* Models kmem_cache_create() (mm/slab_common.c). The 3.x-4.x form with
 * ctor; 2.6.22 and earlier had a destructor argument too (not modelled). */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size, unsigned int align,
					      slab_flags_t flags, unsigned int useroffset,
					      unsigned int usersize, void (*ctor)(void *));
/* Models kmem_cache_alloc(): one object (the ctor runs on first use of a slot, as in the kernel). */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags);
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node);
/* Models kmem_cache_free(): an object of another cache is reported. */
void kmem_cache_free(struct kmem_cache *s, void *objp);
/* Models kmem_cache_destroy(): objects still allocated are reported, as
 * SLUB's "Objects remaining in <name> on __kmem_cache_shutdown()". */
void kmem_cache_destroy(struct kmem_cache *s);
unsigned int kmem_cache_size(struct kmem_cache *s);
LIBSKB_EXTERN_C_END

/* Models kmalloc_array() (v3.4+): NULL if n * size overflows. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

/* Models kcalloc(). */
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

/* Models krealloc_array() (v5.13+). */
static inline void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(new_n, new_size, &bytes))
		return NULL;
	return krealloc(p, bytes, flags);
}

static inline void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}

static inline void *kmalloc_array_node(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc_node(bytes, flags, node);
}

static inline void *kcalloc_node(size_t n, size_t size, gfp_t flags, int node)
{
	return kmalloc_array_node(n, size, flags | __GFP_ZERO, node);
}

static inline void *kvzalloc(size_t size, gfp_t flags) { return kvmalloc(size, flags | __GFP_ZERO); }
static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kvmalloc(bytes, flags);
}
static inline void *kvcalloc(size_t n, size_t size, gfp_t flags) { return kvmalloc_array(n, size, flags | __GFP_ZERO); }
#define kzfree(p) kfree_sensitive(p)
#define kvfree_sensitive(p, len) kfree_sensitive(p)

/* KMEM_CACHE(): a cache named and sized after struct @s. */
#define KMEM_CACHE(__struct, __flags) \
	kmem_cache_create(#__struct, sizeof(struct __struct), __alignof__(struct __struct), (__flags), NULL)

#endif /* _LIBSKB_LINUX_SLAB_H */
