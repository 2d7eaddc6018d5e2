/* SPDX-License-Identifier: MIT */
/*
 * libskb: struct sk_buff, struct skb_shared_info, skb_frag_t, struct sk_buff_head
 * and the skb API, with kernel names, argument orders and return conventions.
 *
 * DOC: Basic sk_buff geometry
 *
 *	head ........ data ........ tail ........ end | struct skb_shared_info
 *	 |<-headroom->|<-- headlen -->|<-tailroom->|    (at head + end)
 *
 *	skb->len       bytes from data onward: headlen + frags + frag_list
 *	skb->data_len  the non-linear part of len (frags + frag_list)
 *	skb_headlen()  len - data_len, the bytes in [data, tail)
 *
 * tail and end are 32-bit offsets from head (64-bit kernels define
 * NET_SKBUFF_DATA_USES_OFFSET), and the mac/network/transport header fields are
 * u16 offsets from head (v3.11+). The shared info lives inside the same
 * allocation as the linear area, so writing past end corrupts it as in the kernel.
 *
 * DOC: dataref and headerless skbs
 *
 * skb_shinfo(skb)->dataref counts the sk_buffs sharing this head in its low 16
 * bits, and how many of those promised not to touch the header area (nohdr) in
 * its high 16 bits (SKB_DATAREF_SHIFT).
 *
 * DOC: the underscore ladder
 *
 * __skb_put/__skb_push/__skb_pull/__skb_trim skip the checks their plain
 * counterparts make (skb_over_panic, skb_under_panic, len > skb->len). In libskb
 * both rungs are out of line so the checker and the per-skb history see every
 * call; each one says which kernel function and version it models.
 *
 * DOC: the active profile
 *
 * One binary models several kernel generations (6.12 by default, 5.10, 3.10,
 * 2.6.32). MAX_SKB_FRAGS, NET_SKB_PAD and the truesize rules come from the
 * active profile at run time; frags[] is sized for the largest profile.
 */
#ifndef _LIBSKB_LINUX_SKBUFF_H
#define _LIBSKB_LINUX_SKBUFF_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/libskb_api.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <string.h>

struct sock;
struct skb_ext;

/* ip_summed values (include/linux/skbuff.h, all profiles). */
#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3

/* fclone states (3.18+ keeps the companion permanently SKB_FCLONE_CLONE). */
enum {
	SKB_FCLONE_UNAVAILABLE,
	SKB_FCLONE_ORIG,
	SKB_FCLONE_CLONE,
};

/* __alloc_skb flags. */
#define SKB_ALLOC_FCLONE	0x01
#define SKB_ALLOC_RX		0x02
#define SKB_ALLOC_NAPI		0x04

/* skb_shinfo(skb)->flags (v5.x SKBFL_*; tx_flags SKBTX_* bits in 3.x-5.0). */
#define SKBFL_ZEROCOPY_ENABLE	0x01
#define SKBFL_SHARED_FRAG	0x02
#define SKBFL_PURE_ZEROCOPY	0x04

/* gso_type bits used by the model. */
#define SKB_GSO_TCPV4		0x0001
#define SKB_GSO_DODGY		0x0002
#define SKB_GSO_TCP_ECN		0x0004
#define SKB_GSO_TCPV6		0x0010
#define SKB_GSO_UDP_L4		0x40000
#define SKB_GSO_FRAGLIST	0x80000

#define SKB_DATAREF_SHIFT 16
#define SKB_DATAREF_MASK ((1 << SKB_DATAREF_SHIFT) - 1)

/* Cache line size of x86_64 kernels; SKB_DATA_ALIGN rounds to it. */
#define SMP_CACHE_BYTES 64
#define SKB_DATA_ALIGN(X) (((X) + (SMP_CACHE_BYTES - 1)) & ~(SMP_CACHE_BYTES - 1))

/* Capacity of frags[]: the largest MAX_SKB_FRAGS of any profile (2.6.32: 18). */
#define LIBSKB_FRAGS_CAPACITY 18

typedef unsigned int sk_buff_data_t;

/*
 * skb_frag_t as of v6.9+ ("net: add netmem to skb_frag_t"): a netmem_ref (here
 * always a struct page pointer), a length and an offset into the (possibly
 * compound) page. Use the skb_frag_*() accessors, as kernel code does.
 */
typedef struct skb_frag {
	netmem_ref netmem;
	unsigned int len;
	unsigned int offset;
} skb_frag_t;
#if !LIBSKB_API_AT_LEAST(5, 4)
/* Before 5.4 (which made skb_frag_t a struct bio_vec) its tag was skb_frag_struct. */
#define skb_frag_struct skb_frag
#endif

struct skb_shared_hwtstamps {
	ktime_t hwtstamp;
};

/*
 * struct skb_shared_info, v6.12 field order. frags[] must stay last: the kernel
 * copies only up to frags[nr_frags] (pskb_expand_head) and zeroes only up to
 * dataref at allocation.
 */
struct skb_shared_info {
	__u8 flags;
	__u8 meta_len;
	__u8 nr_frags;
	__u8 tx_flags;
	unsigned short gso_size;
	unsigned short gso_segs;
	struct sk_buff *frag_list;
	struct skb_shared_hwtstamps hwtstamps;
	unsigned int gso_type;
	u32 tskey;
	atomic_t dataref;
	unsigned int xdp_frags_size;
	void *destructor_arg;
	skb_frag_t frags[LIBSKB_FRAGS_CAPACITY];
};

/*
 * struct sk_buff, following the v6.12 member order where it matters:
 *  - next/prev first, so a struct sk_buff_head can be cast to struct sk_buff;
 *  - everything before tail is zeroed by __alloc_skb with one memset;
 *  - tail, end, head, data, truesize, users are set explicitly.
 * Members the model never uses are kept only where module code may name them.
 */
struct sk_buff {
	struct sk_buff *next;
	struct sk_buff *prev;
	union {
		struct net_device *dev;
		unsigned long dev_scratch;
	};
	struct sock *sk;
	ktime_t tstamp;
	char cb[48] __aligned(8);
	unsigned long _skb_refdst;
	void (*destructor)(struct sk_buff *skb);
	unsigned long _nfct;
	unsigned int len;
	unsigned int data_len;
	__u16 mac_len;
	__u16 hdr_len;
	__u16 queue_mapping;

	__u8 cloned:1,
	     nohdr:1,
	     fclone:2,
	     peeked:1,
	     head_frag:1,
	     pfmemalloc:1,
	     pp_recycle:1;
	__u8 active_extensions;

	__u8 pkt_type:3,
	     ignore_df:1,
	     dst_pending_confirm:1,
	     ip_summed:2,
	     ooo_okay:1;
	__u8 l4_hash:1,
	     sw_hash:1,
	     wifi_acked_valid:1,
	     wifi_acked:1,
	     no_fcs:1,
	     encapsulation:1,
	     encap_hdr_csum:1,
	     csum_valid:1;
	__u8 csum_level:2,
	     csum_not_inet:1,
	     ipvs_property:1,
	     inner_protocol_type:1,
	     remcsum_offload:1,
	     unreadable:1,
	     decrypted:1;
	__u8 __pad_flags;
	__u16 tc_index;
	__u16 alloc_cpu;

	union {
		__wsum csum;
		struct {
			__u16 csum_start;
			__u16 csum_offset;
		};
	};
	__u32 priority;
	int skb_iif;
	__u32 hash;
	__be16 vlan_proto;
	__u16 vlan_tci;
	unsigned int napi_id;
	__u32 secmark;
	union {
		__u32 mark;
		__u32 reserved_tailroom;
	};
	__be16 inner_protocol;
	__u16 inner_transport_header;
	__u16 inner_network_header;
	__u16 inner_mac_header;
	__be16 protocol;
	__u16 transport_header;
	__u16 network_header;
	__u16 mac_header;

	/* These elements must be at the end, see __alloc_skb() for details. */
	sk_buff_data_t tail;
	sk_buff_data_t end;
	unsigned char *head;
	unsigned char *data;
	unsigned int truesize;
	refcount_t users;
	struct skb_ext *extensions;
};

/* The queue head: next/prev first so (struct sk_buff *)list is a sentinel. */
struct sk_buff_head {
	struct sk_buff *next;
	struct sk_buff *prev;
	__u32 qlen;
	spinlock_t lock;
};

/* Layout rules the kernel (and module code) rely on. */
LIBSKB_STATIC_ASSERT(offsetof(struct sk_buff, next) == 0,
		     "next must be first: a sk_buff_head is cast to sk_buff");
LIBSKB_STATIC_ASSERT(offsetof(struct sk_buff, prev) == sizeof(void *),
		     "prev must be second: a sk_buff_head is cast to sk_buff");
LIBSKB_STATIC_ASSERT(offsetof(struct sk_buff_head, next) == offsetof(struct sk_buff, next) &&
		     offsetof(struct sk_buff_head, prev) == offsetof(struct sk_buff, prev),
		     "sk_buff_head next/prev must alias sk_buff next/prev");
LIBSKB_STATIC_ASSERT(offsetof(struct sk_buff, cb) % 8 == 0,
		     "cb[] is 8-byte aligned: TCP_SKB_CB and IPCB store u64 there");
LIBSKB_STATIC_ASSERT(sizeof(((struct sk_buff *)0)->cb) == 48, "cb is 48 bytes in every profile");
LIBSKB_STATIC_ASSERT(offsetof(struct sk_buff, tail) > offsetof(struct sk_buff, mac_header) &&
		     offsetof(struct sk_buff, tail) > offsetof(struct sk_buff, len) &&
		     offsetof(struct sk_buff, tail) > offsetof(struct sk_buff, destructor),
		     "__alloc_skb zeroes every member before tail with one memset");
LIBSKB_STATIC_ASSERT(offsetof(struct sk_buff, end) > offsetof(struct sk_buff, tail) &&
		     offsetof(struct sk_buff, head) > offsetof(struct sk_buff, tail) &&
		     offsetof(struct sk_buff, data) > offsetof(struct sk_buff, tail) &&
		     offsetof(struct sk_buff, users) > offsetof(struct sk_buff, tail),
		     "head/data/end/users are set explicitly, after the memset");
LIBSKB_STATIC_ASSERT(sizeof(sk_buff_data_t) == 4, "tail/end are u32 offsets from head");
LIBSKB_STATIC_ASSERT(offsetof(struct skb_shared_info, frags) + sizeof(skb_frag_t) * LIBSKB_FRAGS_CAPACITY ==
		     sizeof(struct skb_shared_info),
		     "frags[] must be the last member of skb_shared_info");
LIBSKB_STATIC_ASSERT(offsetof(struct skb_shared_info, dataref) < offsetof(struct skb_shared_info, frags),
		     "the allocation-time memset stops at dataref, before frags[]");
LIBSKB_STATIC_ASSERT(sizeof(struct skb_shared_info) % 8 == 0,
		     "skb_shared_info is placed at head + end; keep it pointer-aligned");

LIBSKB_EXTERN_C_BEGIN

/* Active-profile values that the kernel has as compile-time constants. */
unsigned int skb_profile_max_skb_frags(void);
unsigned int skb_profile_net_skb_pad(void);
unsigned int skb_profile_shinfo_size(void);
unsigned int skb_profile_sk_buff_size(void);

LIBSKB_EXTERN_C_END

#define MAX_SKB_FRAGS (skb_profile_max_skb_frags())
#define NET_SKB_PAD (skb_profile_net_skb_pad())
#define NET_IP_ALIGN 0
#define SKB_SHINFO_SIZE (SKB_DATA_ALIGN(skb_profile_shinfo_size()))
#define SKB_WITH_OVERHEAD(X) ((X) - SKB_SHINFO_SIZE)
#define SKB_MAX_ORDER(X, ORDER) SKB_WITH_OVERHEAD((PAGE_SIZE << (ORDER)) - (X))
#define SKB_MAX_HEAD(X) (SKB_MAX_ORDER((X), 0))
#define SKB_MAX_ALLOC (SKB_MAX_ORDER(0, 2))
#define SKB_TRUESIZE(X) ((X) + SKB_DATA_ALIGN(skb_profile_sk_buff_size()) + SKB_SHINFO_SIZE)

/* ---- geometry accessors (inline in the kernel, pure) ---- */

static inline unsigned char *skb_end_pointer(const struct sk_buff *skb) { return skb->head + skb->end; }
static inline unsigned int skb_end_offset(const struct sk_buff *skb) { return skb->end; }
static inline struct skb_shared_info *skb_shinfo_of(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)(void *)skb_end_pointer(skb);
}
#define skb_shinfo(SKB) (skb_shinfo_of(SKB))

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb) { return skb->head + skb->tail; }
static inline void skb_reset_tail_pointer(struct sk_buff *skb) { skb->tail = (sk_buff_data_t)(skb->data - skb->head); }
static inline void skb_set_tail_pointer(struct sk_buff *skb, const int offset)
{
	skb_reset_tail_pointer(skb);
	skb->tail += offset;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb) { return skb->data_len; }
static inline unsigned int skb_headlen(const struct sk_buff *skb) { return skb->len - skb->data_len; }
static inline unsigned int skb_headroom(const struct sk_buff *skb) { return (unsigned int)(skb->data - skb->head); }
static inline int skb_tailroom(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) ? 0 : (int)(skb->end - skb->tail);
}
static inline int skb_availroom(const struct sk_buff *skb)
{
	if (skb_is_nonlinear(skb))
		return 0;
	return (int)(skb->end - skb->tail - skb->reserved_tailroom);
}
static inline bool skb_has_frag_list(const struct sk_buff *skb) { return skb_shinfo(skb)->frag_list != NULL; }
static inline bool skb_is_gso(const struct sk_buff *skb) { return skb_shinfo(skb)->gso_size; }
#define skb_walk_frags(skb, iter) for (iter = skb_shinfo(skb)->frag_list; iter; iter = iter->next)

/* ---- frags ---- */

static inline struct page *skb_frag_page(const skb_frag_t *frag) { return (struct page *)frag->netmem; }
static inline netmem_ref skb_frag_netmem(const skb_frag_t *frag) { return frag->netmem; }
static inline unsigned int skb_frag_size(const skb_frag_t *frag) { return frag->len; }
static inline void skb_frag_size_set(skb_frag_t *frag, unsigned int size) { frag->len = size; }
static inline void skb_frag_size_add(skb_frag_t *frag, int delta) { frag->len += delta; }
static inline void skb_frag_size_sub(skb_frag_t *frag, int delta) { frag->len -= delta; }
static inline unsigned int skb_frag_off(const skb_frag_t *frag) { return frag->offset; }
static inline void skb_frag_off_set(skb_frag_t *frag, unsigned int offset) { frag->offset = offset; }
static inline void skb_frag_off_add(skb_frag_t *frag, int delta) { frag->offset += delta; }
static inline void skb_frag_off_copy(skb_frag_t *to, const skb_frag_t *from) { to->offset = from->offset; }
static inline void skb_frag_page_copy(skb_frag_t *to, const skb_frag_t *from) { to->netmem = from->netmem; }
static inline void __skb_frag_set_page(skb_frag_t *frag, struct page *page) { frag->netmem = (netmem_ref)page; }
static inline void skb_frag_fill_page_desc(skb_frag_t *frag, struct page *page, int off, int size)
{
	frag->netmem = (netmem_ref)page;
	frag->offset = (unsigned int)off;
	frag->len = (unsigned int)size;
}
static inline void *skb_frag_address(const skb_frag_t *frag)
{
	return (unsigned char *)page_address(skb_frag_page(frag)) + skb_frag_off(frag);
}
static inline void __skb_frag_ref(skb_frag_t *frag) { get_page(skb_frag_page(frag)); }
static inline void skb_frag_ref(struct sk_buff *skb, int f) { __skb_frag_ref(&skb_shinfo(skb)->frags[f]); }
static inline void __skb_frag_unref(skb_frag_t *frag, bool recycle)
{
	(void)recycle;
	put_page(skb_frag_page(frag));
}
static inline void skb_frag_unref(struct sk_buff *skb, int f) { __skb_frag_unref(&skb_shinfo(skb)->frags[f], false); }

static inline unsigned int skb_pagelen(const struct sk_buff *skb)
{
	unsigned int i, len = 0;
	for (i = skb_shinfo(skb)->nr_frags; i > 0; i--)
		len += skb_frag_size(&skb_shinfo(skb)->frags[i - 1]);
	return len + skb_headlen(skb);
}

/* ---- sharing predicates (include/linux/skbuff.h, all profiles) ---- */

static inline int skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned && (atomic_read(&skb_shinfo(skb)->dataref) & SKB_DATAREF_MASK) != 1;
}
static inline int skb_header_cloned(const struct sk_buff *skb)
{
	int dataref;
	if (!skb->cloned)
		return 0;
	dataref = atomic_read(&skb_shinfo(skb)->dataref);
	dataref = (dataref & SKB_DATAREF_MASK) - (dataref >> SKB_DATAREF_SHIFT);
	return dataref != 1;
}
static inline int skb_shared(const struct sk_buff *skb) { return refcount_read(&skb->users) != 1; }
static inline bool skb_clone_writable(const struct sk_buff *skb, unsigned int len)
{
	return !skb_header_cloned(skb) && skb_headroom(skb) + len <= skb->hdr_len;
}

/* ---- header offsets (u16 offsets from head since v3.11) ---- */

static inline unsigned char *skb_mac_header(const struct sk_buff *skb) { return skb->head + skb->mac_header; }
static inline unsigned char *skb_network_header(const struct sk_buff *skb) { return skb->head + skb->network_header; }
static inline unsigned char *skb_transport_header(const struct sk_buff *skb) { return skb->head + skb->transport_header; }
static inline bool skb_mac_header_was_set(const struct sk_buff *skb) { return skb->mac_header != (__u16)~0U; }
static inline bool skb_transport_header_was_set(const struct sk_buff *skb) { return skb->transport_header != (__u16)~0U; }
static inline void skb_reset_mac_header(struct sk_buff *skb) { skb->mac_header = (__u16)(skb->data - skb->head); }
static inline void skb_unset_mac_header(struct sk_buff *skb) { skb->mac_header = (__u16)~0U; }
static inline void skb_set_mac_header(struct sk_buff *skb, const int offset)
{
	skb_reset_mac_header(skb);
	skb->mac_header += offset;
}
static inline void skb_reset_network_header(struct sk_buff *skb) { skb->network_header = (__u16)(skb->data - skb->head); }
static inline void skb_set_network_header(struct sk_buff *skb, const int offset)
{
	skb_reset_network_header(skb);
	skb->network_header += offset;
}
static inline void skb_reset_transport_header(struct sk_buff *skb) { skb->transport_header = (__u16)(skb->data - skb->head); }
static inline void skb_set_transport_header(struct sk_buff *skb, const int offset)
{
	skb_reset_transport_header(skb);
	skb->transport_header += offset;
}
static inline int skb_mac_offset(const struct sk_buff *skb) { return (int)(skb_mac_header(skb) - skb->data); }
static inline int skb_network_offset(const struct sk_buff *skb) { return (int)(skb_network_header(skb) - skb->data); }
static inline int skb_transport_offset(const struct sk_buff *skb) { return (int)(skb_transport_header(skb) - skb->data); }
static inline unsigned int skb_network_header_len(const struct sk_buff *skb)
{
	return (unsigned int)(skb->transport_header - skb->network_header);
}
static inline unsigned int skb_mac_header_len(const struct sk_buff *skb)
{
	return (unsigned int)(skb->network_header - skb->mac_header);
}
static inline void skb_reset_mac_len(struct sk_buff *skb) { skb->mac_len = (__u16)(skb->network_header - skb->mac_header); }
static inline unsigned char *skb_inner_network_header(const struct sk_buff *skb) { return skb->head + skb->inner_network_header; }
static inline unsigned char *skb_inner_transport_header(const struct sk_buff *skb) { return skb->head + skb->inner_transport_header; }
static inline void skb_reset_inner_headers(struct sk_buff *skb)
{
	skb->inner_mac_header = skb->mac_header;
	skb->inner_network_header = skb->network_header;
	skb->inner_transport_header = skb->transport_header;
}
static inline int skb_checksum_start_offset(const struct sk_buff *skb) { return skb->csum_start - (int)skb_headroom(skb); }
static inline unsigned char *skb_checksum_start(const struct sk_buff *skb) { return skb->head + skb->csum_start; }


LIBSKB_EXTERN_C_BEGIN

/* ---- allocation and free (net/core/skbuff.c) ---- */
struct sk_buff *__alloc_skb(unsigned int size, gfp_t priority, int flags, int node);
struct sk_buff *alloc_skb(unsigned int size, gfp_t priority);
struct sk_buff *alloc_skb_fclone(unsigned int size, gfp_t priority);
struct sk_buff *build_skb(void *data, unsigned int frag_size);
struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int length, gfp_t gfp_mask);
struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int length);
void *netdev_alloc_frag(unsigned int fragsz);
void skb_free_frag(void *addr);
void kfree_skb(struct sk_buff *skb);
void consume_skb(struct sk_buff *skb);
void __kfree_skb(struct sk_buff *skb);
struct sk_buff *skb_get(struct sk_buff *skb);

/* ---- linear area (include/linux/skbuff.h, net/core/skbuff.c) ---- */
void skb_reserve(struct sk_buff *skb, int len);
void *__skb_put(struct sk_buff *skb, unsigned int len);
void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len);
void *skb_put_zero(struct sk_buff *skb, unsigned int len);
void *__skb_push(struct sk_buff *skb, unsigned int len);
void *skb_push(struct sk_buff *skb, unsigned int len);
void *__skb_pull(struct sk_buff *skb, unsigned int len);
void *skb_pull(struct sk_buff *skb, unsigned int len);
void *skb_pull_rcsum(struct sk_buff *skb, unsigned int len);
void __skb_trim(struct sk_buff *skb, unsigned int len);
void skb_trim(struct sk_buff *skb, unsigned int len);

/* ---- non-linear data (net/core/skbuff.c) ---- */
int ___pskb_trim(struct sk_buff *skb, unsigned int len);
int __pskb_trim(struct sk_buff *skb, unsigned int len);
int pskb_trim(struct sk_buff *skb, unsigned int len);
int pskb_trim_rcsum(struct sk_buff *skb, unsigned int len);
void *__pskb_pull_tail(struct sk_buff *skb, int delta);
bool pskb_may_pull(struct sk_buff *skb, unsigned int len);
void *pskb_pull(struct sk_buff *skb, unsigned int len);
int __skb_linearize(struct sk_buff *skb);
int skb_linearize(struct sk_buff *skb);
int skb_linearize_cow(struct sk_buff *skb);
int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);
int skb_store_bits(struct sk_buff *skb, int offset, const void *from, int len);
void *skb_header_pointer(const struct sk_buff *skb, int offset, int len, void *buffer);
void skb_split(struct sk_buff *skb, struct sk_buff *skb1, const u32 len);
void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, int off, int size);
void skb_add_rx_frag(struct sk_buff *skb, int i, struct page *page, int off, int size, unsigned int truesize);
void skb_coalesce_rx_frag(struct sk_buff *skb, int i, int size, unsigned int truesize);
bool skb_has_shared_frag(const struct sk_buff *skb);

/* ---- clones and writability ---- */
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t priority);
int skb_unclone(struct sk_buff *skb, gfp_t pri);
void skb_header_release(struct sk_buff *skb);
void __skb_header_release(struct sk_buff *skb);
int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp_mask);
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t priority);
struct sk_buff *pskb_copy(struct sk_buff *skb, gfp_t gfp_mask);
struct sk_buff *skb_copy_expand(const struct sk_buff *skb, int newheadroom, int newtailroom, gfp_t priority);
int skb_cow(struct sk_buff *skb, unsigned int headroom);
int skb_cow_head(struct sk_buff *skb, unsigned int headroom);
int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len);

/* ---- checksums (net/core/skbuff.c, net/core/dev.c) ---- */
__wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum csum);
int skb_checksum_help(struct sk_buff *skb);
void skb_postpull_rcsum(struct sk_buff *skb, const void *start, unsigned int len);
/* Models __skb_checksum_complete() (net/core/skbuff.c, v6.12): the folded
 * sum of the packet plus skb->csum; an unshared skb keeps the full sum as
 * CHECKSUM_COMPLETE with csum_valid set when it verifies. */
__sum16 __skb_checksum_complete(struct sk_buff *skb);

/* ---- queues (include/linux/skbuff.h inlines; net/core/skbuff.c locked variants) ----
 * No operation validates the list, as in the kernel: a corrupted head (a NULL
 * prev) faults exactly where the kernel faults, reported with the profile's
 * NULL-dereference banner; checked mode reports the broken queue first. */
void skb_queue_head_init(struct sk_buff_head *list);
void __skb_queue_head_init(struct sk_buff_head *list);
void __skb_insert(struct sk_buff *newsk, struct sk_buff *prev, struct sk_buff *next, struct sk_buff_head *list);
void __skb_queue_after(struct sk_buff_head *list, struct sk_buff *prev, struct sk_buff *newsk);
void __skb_queue_before(struct sk_buff_head *list, struct sk_buff *next, struct sk_buff *newsk);
void __skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk);
void __skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk);
void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *list);
struct sk_buff *__skb_dequeue(struct sk_buff_head *list);
struct sk_buff *__skb_dequeue_tail(struct sk_buff_head *list);
void skb_queue_head(struct sk_buff_head *list, struct sk_buff *newsk);
void skb_queue_tail(struct sk_buff_head *list, struct sk_buff *newsk);
void skb_unlink(struct sk_buff *skb, struct sk_buff_head *list);
void skb_append(struct sk_buff *old, struct sk_buff *newsk, struct sk_buff_head *list);
struct sk_buff *skb_dequeue(struct sk_buff_head *list);
struct sk_buff *skb_dequeue_tail(struct sk_buff_head *list);
struct sk_buff *skb_queue_next(const struct sk_buff_head *list, const struct sk_buff *skb);
struct sk_buff *skb_queue_prev(const struct sk_buff_head *list, const struct sk_buff *skb);
void __skb_queue_purge(struct sk_buff_head *list);
void skb_queue_purge(struct sk_buff_head *list);
void skb_queue_splice(const struct sk_buff_head *list, struct sk_buff_head *head);
void skb_queue_splice_init(struct sk_buff_head *list, struct sk_buff_head *head);
void skb_queue_splice_tail(const struct sk_buff_head *list, struct sk_buff_head *head);
void skb_queue_splice_tail_init(struct sk_buff_head *list, struct sk_buff_head *head);

/* ---- debugging (net/core/skbuff.c, 5.4+) ---- */
void skb_dump(const char *level, const struct sk_buff *skb, bool full_pkt);

LIBSKB_EXTERN_C_END

/* Queue predicates and peeks: pure reads, inline as in the kernel. */
static inline int skb_queue_empty(const struct sk_buff_head *list) { return list->next == (const struct sk_buff *)list; }
static inline bool skb_queue_empty_lockless(const struct sk_buff_head *list)
{
	return READ_ONCE(list->next) == (const struct sk_buff *)list;
}
static inline __u32 skb_queue_len(const struct sk_buff_head *list) { return list->qlen; }
static inline bool skb_queue_is_last(const struct sk_buff_head *list, const struct sk_buff *skb)
{
	return skb->next == (const struct sk_buff *)list;
}
static inline bool skb_queue_is_first(const struct sk_buff_head *list, const struct sk_buff *skb)
{
	return skb->prev == (const struct sk_buff *)list;
}
static inline struct sk_buff *skb_peek(const struct sk_buff_head *list)
{
	struct sk_buff *skb = list->next;
	if (skb == (const struct sk_buff *)list)
		skb = NULL;
	return skb;
}
static inline struct sk_buff *skb_peek_tail(const struct sk_buff_head *list)
{
	struct sk_buff *skb = READ_ONCE(list->prev);
	if (skb == (const struct sk_buff *)list)
		skb = NULL;
	return skb;
}
static inline struct sk_buff *skb_peek_next(struct sk_buff *skb, const struct sk_buff_head *list)
{
	struct sk_buff *next = skb->next;
	if (next == (const struct sk_buff *)list)
		next = NULL;
	return next;
}

#define skb_queue_walk(queue, skb) \
	for (skb = (queue)->next; skb != (struct sk_buff *)(queue); skb = skb->next)
#define skb_queue_walk_safe(queue, skb, tmp) \
	for (skb = (queue)->next, tmp = skb->next; skb != (struct sk_buff *)(queue); skb = tmp, tmp = skb->next)
#define skb_queue_walk_from(queue, skb) \
	for (; skb != (struct sk_buff *)(queue); skb = skb->next)
#define skb_queue_walk_from_safe(queue, skb, tmp) \
	for (tmp = skb->next; skb != (struct sk_buff *)(queue); skb = tmp, tmp = skb->next)
#define skb_queue_reverse_walk(queue, skb) \
	for (skb = (queue)->prev; skb != (struct sk_buff *)(queue); skb = skb->prev)
#define skb_queue_reverse_walk_safe(queue, skb, tmp) \
	for (skb = (queue)->prev, tmp = skb->prev; skb != (struct sk_buff *)(queue); skb = tmp, tmp = skb->prev)

/* ---- the route (include/linux/skbuff.h, v2.6.35+ _skb_refdst) ----
 * skb->_skb_refdst holds a struct dst_entry pointer whose low bit says the
 * skb holds no reference on it (SKB_DST_NOREF: a route borrowed under RCU,
 * as ip_route_input_noref() and ip_queue_xmit() attach cached routes).
 * skb_dst_drop() and the rest of the route API are in <net/dst.h>. */
struct dst_entry;

#define SKB_DST_NOREF	1UL
#define SKB_DST_PTRMASK	~(SKB_DST_NOREF)

static inline struct dst_entry *skb_dst(const struct sk_buff *skb)
{
	return (struct dst_entry *)(skb->_skb_refdst & SKB_DST_PTRMASK);
}

/* Models skb_dst_set(): attach dst; the skb owns one reference on it. */
static inline void skb_dst_set(struct sk_buff *skb, struct dst_entry *dst)
{
	skb->_skb_refdst = (unsigned long)dst;
}

/* Models skb_dst_set_noref(): attach dst without taking a reference (the
 * kernel WARNs outside an RCU read side; every hook runs inside one). */
static inline void skb_dst_set_noref(struct sk_buff *skb, struct dst_entry *dst)
{
	skb->_skb_refdst = (unsigned long)dst | SKB_DST_NOREF;
}

static inline bool skb_dst_is_noref(const struct sk_buff *skb)
{
	return (skb->_skb_refdst & SKB_DST_NOREF) && skb_dst(skb);
}

/* ---- the conntrack entry (include/linux/skbuff.h, v4.11+ _nfct) ----
 * skb->_nfct is a struct nf_conn pointer with the enum ip_conntrack_info in
 * its low three bits; nf_ct_get() (<net/netfilter/nf_conntrack.h>) splits it. */
#define NFCT_INFOMASK	7UL
#define NFCT_PTRMASK	~(NFCT_INFOMASK)

struct nf_conntrack;

static inline unsigned long skb_get_nfct(const struct sk_buff *skb) { return skb->_nfct; }
static inline struct nf_conntrack *skb_nfct(const struct sk_buff *skb)
{
	return (struct nf_conntrack *)(skb->_nfct & NFCT_PTRMASK);
}
static inline void skb_set_nfct(struct sk_buff *skb, unsigned long nfct) { skb->_nfct = nfct; }

LIBSKB_EXTERN_C_BEGIN
/* Models nf_conntrack_put()/nf_conntrack_get() (include/linux/netfilter/
 * nf_conntrack_common.h): drop / take a reference on a conntrack entry;
 * the last put frees it (nf_conntrack_destroy). NULL is ignored. */
void nf_conntrack_put(struct nf_conntrack *nfct);
void nf_conntrack_get(struct nf_conntrack *nfct);
LIBSKB_EXTERN_C_END

/* Models nf_reset_ct() (v5.4+; the same function was nf_reset() before,
 * named per the API personality): forget the skb's entry. */
#if LIBSKB_API_AT_LEAST(5, 4)
static inline void nf_reset_ct(struct sk_buff *skb)
#else
static inline void nf_reset(struct sk_buff *skb)
#endif
{
	nf_conntrack_put(skb_nfct(skb));
	skb->_nfct = 0;
}

static inline bool skb_csum_unnecessary(const struct sk_buff *skb)
{
	return skb->ip_summed == CHECKSUM_UNNECESSARY || skb->csum_valid ||
	       (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_start_offset(skb) >= 0);
}

/* Models skb_checksum_complete(): 0 when the checksum is known good or verifies. */
static inline __sum16 skb_checksum_complete(struct sk_buff *skb)
{
	return skb_csum_unnecessary(skb) ? 0 : __skb_checksum_complete(skb);
}

static inline int skb_header_unclone(struct sk_buff *skb, gfp_t pri)
{
	if (skb_header_cloned(skb))
		return pskb_expand_head(skb, 0, 0, pri);
	return 0;
}

/* As in the kernel, <linux/skbuff.h> brings the byte order helpers
 * (through <linux/in6.h>: glibc's htons/ntohs) and the checksum helpers. */
#include <linux/in6.h>
#include <net/checksum.h>
#include <linux/if_packet.h>	/* PACKET_HOST.. for skb->pkt_type (uapi; the kernel's skbuff.h includes it) */

#endif /* _LIBSKB_LINUX_SKBUFF_H */
