/* SPDX-License-Identifier: MIT */
/*
 * libskb: scatter-gather lists (include/linux/scatterlist.h,
 * lib/scatterlist.c) as module code builds them for the crypto API:
 * sg_init_one(), sg_init_table(), sg_set_buf(), sg_set_page(), sg_virt(),
 * sg_next(), sg_mark_end(), for_each_sg(), sg_copy_{to,from}_buffer().
 *
 * An entry points at a struct page (page_link, with the kernel's chain and
 * end bits in the low two bits) plus an offset, or - for a buffer given with
 * sg_set_buf()/sg_init_one() - at the buffer itself: the model has no
 * virt_to_page() for arbitrary kernel memory, so such an entry keeps the
 * address (__libskb_buf) and sg_virt() returns it, exactly as the kernel's
 * page_address(page) + offset would. sg_page() of such an entry would need
 * virt_to_page(); it ends the run naming itself (libskb_sg_page_unmodelled)
 * instead of returning a page the module could misuse.
 */
#ifndef _LIBSKB_LINUX_SCATTERLIST_H
#define _LIBSKB_LINUX_SCATTERLIST_H

#include <linux/compiler.h>
#include <linux/mm.h>
#include <linux/types.h>
#include <stddef.h>

typedef u64 dma_addr_t;

struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
	void *__libskb_buf; /* the buffer of an sg_set_buf() entry, else NULL */
};

#define SG_CHAIN	0x01UL
#define SG_END		0x02UL
#define SG_PAGE_LINK_MASK (SG_CHAIN | SG_END)

#define sg_is_chain(sg)		((sg)->page_link & SG_CHAIN)
#define sg_is_last(sg)		((sg)->page_link & SG_END)
#define sg_chain_ptr(sg)	((struct scatterlist *)((sg)->page_link & ~SG_PAGE_LINK_MASK))
#define sg_dma_address(sg)	((sg)->dma_address)
#define sg_dma_len(sg)		((sg)->dma_length)

LIBSKB_EXTERN_C_BEGIN
/* sg_page() of an sg_set_buf() entry: virt_to_page() is not modelled; ends the run. */
struct page *libskb_sg_page_unmodelled(const struct scatterlist *sg);
/* Models sg_next() (lib/scatterlist.c): the next entry, following chains; NULL after the last. */
struct scatterlist *sg_next(struct scatterlist *sg);
/* Models sg_nents(): entries up to the end marker. */
int sg_nents(struct scatterlist *sg);
/* Models sg_copy_from_buffer(): copies @buflen bytes of @buf into the list; bytes copied. */
size_t sg_copy_from_buffer(struct scatterlist *sgl, unsigned int nents, const void *buf, size_t buflen);
/* Models sg_copy_to_buffer(): copies the list's data into @buf; bytes copied. */
size_t sg_copy_to_buffer(struct scatterlist *sgl, unsigned int nents, void *buf, size_t buflen);
LIBSKB_EXTERN_C_END

static inline struct page *sg_page(struct scatterlist *sg)
{
	if (sg->__libskb_buf)
		return libskb_sg_page_unmodelled(sg);
	return (struct page *)(sg->page_link & ~SG_PAGE_LINK_MASK);
}

static inline void sg_assign_page(struct scatterlist *sg, struct page *page)
{
	unsigned long page_link = sg->page_link & SG_PAGE_LINK_MASK;

	sg->page_link = page_link | (unsigned long)page;
	sg->__libskb_buf = NULL;
}

static inline void sg_set_page(struct scatterlist *sg, struct page *page, unsigned int len, unsigned int offset)
{
	sg_assign_page(sg, page);
	sg->offset = offset;
	sg->length = len;
}

/* sg_set_buf(): the buffer itself is kept (see the header comment). */
static inline void sg_set_buf(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	sg->page_link &= SG_PAGE_LINK_MASK;
	sg->__libskb_buf = (void *)buf;
	sg->offset = 0;
	sg->length = buflen;
}

static inline void *sg_virt(struct scatterlist *sg)
{
	if (sg->__libskb_buf)
		return sg->__libskb_buf;
	return (char *)page_address(sg_page(sg)) + sg->offset;
}

static inline void sg_mark_end(struct scatterlist *sg)
{
	sg->page_link |= SG_END;
	sg->page_link &= ~SG_CHAIN;
}

static inline void sg_unmark_end(struct scatterlist *sg) { sg->page_link &= ~SG_END; }

static inline void sg_chain(struct scatterlist *prv, unsigned int prv_nents, struct scatterlist *sgl)
{
	prv[prv_nents - 1].offset = 0;
	prv[prv_nents - 1].length = 0;
	prv[prv_nents - 1].__libskb_buf = NULL;
	prv[prv_nents - 1].page_link = ((unsigned long)sgl | SG_CHAIN) & ~SG_END;
}

/* Models sg_init_table() (lib/scatterlist.c): zeroed entries, the last one marked. */
static inline void sg_init_table(struct scatterlist *sgl, unsigned int nents)
{
	unsigned int i;

	for (i = 0; i < nents; i++) {
		struct scatterlist zero = { 0 };
		sgl[i] = zero;
	}
	sg_mark_end(&sgl[nents - 1]);
}

/* Models sg_init_one(): a one-entry table over @buf. */
static inline void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int buflen)
{
	sg_init_table(sg, 1);
	sg_set_buf(sg, buf, buflen);
}

#define for_each_sg(sglist, sg, nr, __i) \
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))

#endif /* _LIBSKB_LINUX_SCATTERLIST_H */
