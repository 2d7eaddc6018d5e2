/* SPDX-License-Identifier: MIT */
/*
 * libskb: struct page and the page allocator calls skb code uses.
 *
 * Every page is real memory of PAGE_SIZE << order bytes with a reference count.
 * put_page() to zero frees it (in ASan mode the memory is returned to the heap,
 * so a later access through a stale frag is a use-after-free ASan reports).
 * A put_page() on a page whose count is already zero is the kernel's
 * "VM_BUG_ON_PAGE(page_ref_count(page) == 0)": libskb reports it as a BUG.
 */
#ifndef _LIBSKB_LINUX_MM_H
#define _LIBSKB_LINUX_MM_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/*
 * The model keeps the compound order and the backing address in the head
 * page itself (the kernel derives them from the tail pages and vmemmap).
 */
struct page {
	unsigned long flags;
	atomic_t _refcount;
	unsigned int order;
	bool pfmemalloc;
	void *vaddr; /* WANT_PAGE_VIRTUAL's "virtual", renamed: a C++ keyword */
};

LIBSKB_EXTERN_C_BEGIN

/* Models alloc_pages() (mm/page_alloc.c, all profiles): refcount 1, order kept. */
struct page *alloc_pages(gfp_t gfp_mask, unsigned int order);
/* Models __free_pages(): drops one reference, frees at zero. */
void __free_pages(struct page *page, unsigned int order);
/* Models get_page() (include/linux/mm.h): refcount + 1; BUG on a freed page. */
void get_page(struct page *page);
/* Models put_page() (include/linux/mm.h): refcount - 1, free at zero. */
void put_page(struct page *page);
/* Models virt_to_head_page(): the page whose memory contains addr, or NULL. */
struct page *virt_to_head_page(const void *addr);

LIBSKB_EXTERN_C_END

static inline struct page *alloc_page(gfp_t gfp_mask) { return alloc_pages(gfp_mask, 0); }
static inline void __free_page(struct page *page) { __free_pages(page, 0); }
static inline void *page_address(const struct page *page) { return page->vaddr; }
static inline int page_ref_count(const struct page *page) { return atomic_read(&page->_refcount); }
static inline int page_count(const struct page *page) { return page_ref_count(page); }
static inline unsigned int compound_order(const struct page *page) { return page->order; }
static inline unsigned long page_size(const struct page *page) { return PAGE_SIZE << page->order; }
static inline bool page_is_pfmemalloc(const struct page *page) { return page->pfmemalloc; }

#endif /* _LIBSKB_LINUX_MM_H */
