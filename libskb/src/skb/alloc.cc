// libskb: allocation and free of sk_buffs and their heads
// (net/core/skbuff.c: __alloc_skb, build_skb, kfree_skb, skb_release_data,
// kfree_skbmem; kernel-semantics.md §2).
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/dst.h>

#include <cstring>

#include "internal.h"
#include "skb/memory.h"

namespace skb::internal {
namespace {

// REFCOUNT_SATURATED (include/linux/refcount.h, 4.13+): INT_MIN / 2.
constexpr int kRefcountSaturated = static_cast<int>(0xc0000000u);

void InitShinfo(sk_buff* skb) {
  skb_shared_info* shinfo = skb_shinfo(skb);
  // 3.x+: memset up to dataref; 2.6.32 sets the same fields one by one.
  std::memset(shinfo, 0, offsetof(skb_shared_info, dataref));
  atomic_set(&shinfo->dataref, 1);
}

void InitHeaderOffsets(sk_buff* skb, const Profile& p) {
  skb->mac_header = static_cast<__u16>(~0U);
  if (p.unset_transport_header) skb->transport_header = static_cast<__u16>(~0U);
  // network_header stays 0 (the memset): 5.10/6.12 __finalize_skb_around
  // sets only mac and transport to ~0.
}

void Adopt(sk_buff* skb) {
#ifdef LIBSKB_CHECKED
  ForgetHistory(skb);  // the address may be reused from a freed skb
#endif
  RegisterSkb(skb);
}

// kfree_skbmem() (net/core/skbuff.c): return the sk_buff (or the fclone pair).
void FreeSkbMem(sk_buff* skb) {
  UnregisterSkb(skb);
  switch (skb->fclone) {
    case SKB_FCLONE_UNAVAILABLE:
      CacheFree(Cache::kSkbuffHead, skb);
      return;
    case SKB_FCLONE_ORIG: {
      auto* fclones = reinterpret_cast<SkbFclones*>(skb);
      // 3.18+: a refcount of 1 means the companion is not in use.
      if (atomic_dec_and_test(&fclones->fclone_ref.refs)) CacheFree(Cache::kSkbuffFclone, fclones);
      return;
    }
    case SKB_FCLONE_CLONE: {
      auto* fclones = reinterpret_cast<SkbFclones*>(reinterpret_cast<char*>(skb) - offsetof(SkbFclones, skb2));
      // <= 3.17: the companion goes back to UNAVAILABLE so the next clone can take it.
      if (!Active().fclone_permanent_clone) skb->fclone = SKB_FCLONE_UNAVAILABLE;
      if (atomic_dec_and_test(&fclones->fclone_ref.refs)) CacheFree(Cache::kSkbuffFclone, fclones);
      return;
    }
    default:
      CacheFree(Cache::kSkbuffHead, skb);
  }
}

}  // namespace

sk_buff* AllocSkb(unsigned size, gfp_t gfp, int flags, const void* caller) {
  (void)gfp;
  (void)caller;
  const Profile& p = Active();
  const bool fclone = (flags & SKB_ALLOC_FCLONE) != 0;
  void* obj = CacheAlloc(fclone ? Cache::kSkbuffFclone : Cache::kSkbuffHead);
  if (obj == nullptr) return nullptr;
  sk_buff* skb = fclone ? &static_cast<SkbFclones*>(obj)->skb1 : static_cast<sk_buff*>(obj);

  const size_t aligned = SKB_DATA_ALIGN(static_cast<size_t>(size));
  // SKB_SHINFO_SIZE, SKB_WITH_OVERHEAD and SKB_TRUESIZE of the profile `p`
  // spelled out: the macros each call back into the profile.
  const size_t shinfo = SKB_DATA_ALIGN(static_cast<size_t>(p.shinfo_size));
  size_t ks = 0;
  unsigned char* data = KmallocHead(aligned + (p.shinfo_alloc_aligned ? shinfo : p.shinfo_size), &ks);
  if (data == nullptr) {
    CacheFree(fclone ? Cache::kSkbuffFclone : Cache::kSkbuffHead, obj);
    return nullptr;
  }
  // 3.x+: the tailroom absorbs the kmalloc bucket's slack; 2.6.32 does not.
  const unsigned usable = p.tailroom_includes_slack ? static_cast<unsigned>(ks - shinfo)
                                                    : static_cast<unsigned>(aligned);

  std::memset(skb, 0, offsetof(sk_buff, tail));
  skb->truesize = p.truesize_counts_shinfo
                      ? static_cast<unsigned>(usable + SKB_DATA_ALIGN(static_cast<size_t>(p.sk_buff_size)) + shinfo)
                      : static_cast<unsigned>(aligned + p.sk_buff_size);
  refcount_set(&skb->users, 1);
  skb->head = data;
  skb->data = data;
  skb_reset_tail_pointer(skb);
  skb->end = skb->tail + usable;
  InitHeaderOffsets(skb, p);
  InitShinfo(skb);

  if (fclone) {
    auto* fclones = static_cast<SkbFclones*>(obj);
    skb->fclone = SKB_FCLONE_ORIG;
    refcount_set(&fclones->fclone_ref, 1);
    fclones->skb2.fclone = p.fclone_permanent_clone ? SKB_FCLONE_CLONE : SKB_FCLONE_UNAVAILABLE;
  }
  Adopt(skb);
#ifdef LIBSKB_CHECKED
  RecordOp(skb, Format("%s(%u)", fclone ? "alloc_skb_fclone" : "alloc_skb", size), caller);
#endif
  return skb;
}

void FreeHead(sk_buff* skb) {
  // skb_free_head(): page-fragment heads go back to their page (KfreeHead
  // also recognises a page head whose head_frag the profile lacks).
  if (skb->head_frag) {
    FreeFrag(skb->head);
  } else {
    KfreeHead(skb->head);
  }
}

void DropFraglist(sk_buff* skb) {
  sk_buff* list = skb_shinfo(skb)->frag_list;
  skb_shinfo(skb)->frag_list = nullptr;
  while (list != nullptr) {
    sk_buff* next = list->next;
    FreeSkb(list, LIBSKB_CALLER());
    list = next;
  }
}

void CloneFraglist(sk_buff* skb) {
  sk_buff* list;
  skb_walk_frags(skb, list) { refcount_set(&list->users, static_cast<int>(refcount_read(&list->users)) + 1); }
}

// skb_release_data() (net/core/skbuff.c, all profiles).
void ReleaseData(sk_buff* skb) {
  skb_shared_info* shinfo = skb_shinfo(skb);
  if (skb->cloned) {
    const int bias = skb->nohdr ? (1 << SKB_DATAREF_SHIFT) + 1 : 1;
    if (atomic_sub_return(bias, &shinfo->dataref) != 0) return;
  }
  for (int i = 0; i < shinfo->nr_frags; i++) __skb_frag_unref(&shinfo->frags[i], false);
  if (shinfo->frag_list != nullptr) DropFraglist(skb);
  FreeHead(skb);
}

// kfree_skb() / skb_unref() + __kfree_skb().
void FreeSkb(sk_buff* skb, const void* caller) {
  if (skb == nullptr) return;
  const unsigned users = refcount_read(&skb->users);
  if (users != 1) {
    if (users == 0 && Active().users_is_refcount_t) {
      // refcount_warn_saturate(REFCOUNT_SUB_UAF): WARN and saturate.
      Warn(Site::kRefcountUnderflow, skb, "refcount_t: underflow; use-after-free.\n", caller, false);
      refcount_set(&skb->users, kRefcountSaturated);
      return;
    }
    if (!atomic_dec_and_test(&skb->users.refs)) return;
  }
  // skb_release_head_state(): the route and the conntrack reference go,
  // the destructor runs, then the data is released.
  skb_dst_drop(skb);
  if (skb->destructor != nullptr) skb->destructor(skb);
  nf_conntrack_put(skb_nfct(skb));
  skb->_nfct = 0;
  if (skb->head != nullptr) ReleaseData(skb);
#ifdef LIBSKB_CHECKED
  RecordOp(skb, "(freed)", caller);
#endif
  FreeSkbMem(skb);
}

// __copy_skb_header() + the gso fields of skb_copy_header() (v4.x+ names;
// copy_skb_header() in 2.6.32/3.10 does the same for the fields modelled).
void CopySkbHeader(sk_buff* n, const sk_buff* old) {
  n->tstamp = old->tstamp;
  n->dev = old->dev;
  std::memcpy(n->cb, old->cb, sizeof(old->cb));
  skb_dst_copy(n, old);  // a held route gets one more reference
  // __nf_copy(): the conntrack entry is shared with one more reference.
  n->_nfct = old->_nfct;
  nf_conntrack_get(skb_nfct(n));
  n->csum = old->csum;  // shares storage with csum_start/csum_offset
  n->ip_summed = old->ip_summed;
  n->csum_level = old->csum_level;
  n->csum_valid = old->csum_valid;
  n->priority = old->priority;
  n->skb_iif = old->skb_iif;
  n->hash = old->hash;
  n->vlan_proto = old->vlan_proto;
  n->vlan_tci = old->vlan_tci;
  n->mark = old->mark;
  n->protocol = old->protocol;
  n->pkt_type = old->pkt_type;
  n->queue_mapping = old->queue_mapping;
  n->encapsulation = old->encapsulation;
  n->inner_protocol = old->inner_protocol;
  n->inner_transport_header = old->inner_transport_header;
  n->inner_network_header = old->inner_network_header;
  n->inner_mac_header = old->inner_mac_header;
  n->transport_header = old->transport_header;
  n->network_header = old->network_header;
  n->mac_header = old->mac_header;
  n->mac_len = old->mac_len;
  skb_shinfo(n)->gso_size = skb_shinfo(old)->gso_size;
  skb_shinfo(n)->gso_segs = skb_shinfo(old)->gso_segs;
  skb_shinfo(n)->gso_type = skb_shinfo(old)->gso_type;
}

}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

// Models __alloc_skb() (net/core/skbuff.c; §2.1), including SKB_ALLOC_FCLONE.
struct sk_buff* __alloc_skb(unsigned int size, gfp_t priority, int flags, int node) {
  (void)node;
  return AllocSkb(size, priority, flags, LIBSKB_CALLER());
}

// Models alloc_skb() (include/linux/skbuff.h): __alloc_skb with no flags.
struct sk_buff* alloc_skb(unsigned int size, gfp_t priority) { return AllocSkb(size, priority, 0, LIBSKB_CALLER()); }

// Models alloc_skb_fclone(): the fast-clone pair used by TCP.
struct sk_buff* alloc_skb_fclone(unsigned int size, gfp_t priority) {
  return AllocSkb(size, priority, SKB_ALLOC_FCLONE, LIBSKB_CALLER());
}

// Models build_skb() (net/core/skbuff.c, 3.5+ with frag_size): wrap a filled
// buffer whose last SKB_DATA_ALIGN(sizeof(shinfo)) bytes hold the shared info.
struct sk_buff* build_skb(void* data, unsigned int frag_size) {
  const skb::Profile& p = skb::Active();
  unsigned size = frag_size != 0 ? frag_size : static_cast<unsigned>(ksize(data));
  if (size < SKB_SHINFO_SIZE) return nullptr;
  void* obj = CacheAlloc(Cache::kSkbuffHead);
  if (obj == nullptr) return nullptr;
  auto* skb = static_cast<sk_buff*>(obj);
  size -= SKB_SHINFO_SIZE;
  std::memset(skb, 0, offsetof(sk_buff, tail));
  skb->truesize = static_cast<unsigned>(SKB_TRUESIZE(size));
  refcount_set(&skb->users, 1);
  skb->head = static_cast<unsigned char*>(data);
  skb->data = skb->head;
  skb_reset_tail_pointer(skb);
  skb->end = skb->tail + size;
  InitHeaderOffsets(skb, p);
  InitShinfo(skb);
  if (frag_size != 0 && p.has_head_frag) {
    skb->head_frag = 1;
    struct page* pg = virt_to_head_page(data);
    if (pg != nullptr && page_is_pfmemalloc(pg)) skb->pfmemalloc = 1;
  }
  Adopt(skb);
  return skb;
}

// Models netdev_alloc_frag() / page_frag_alloc(): each carve holds one page reference.
void* netdev_alloc_frag(unsigned int fragsz) { return AllocFrag(fragsz); }

// Models skb_free_frag(): put_page(virt_to_head_page(addr)).
void skb_free_frag(void* addr) { FreeFrag(addr); }

// Models __netdev_alloc_skb() (3.10 / 6.12): NET_SKB_PAD of headroom; heads
// that fit in a page come from the page-fragment cache (head_frag = 1).
struct sk_buff* __netdev_alloc_skb(struct net_device* dev, unsigned int length, gfp_t gfp_mask) {
  const skb::Profile& p = skb::Active();
  unsigned len = length + NET_SKB_PAD;
  sk_buff* skb;
  const unsigned fragsz = SKB_DATA_ALIGN(len) + SKB_SHINFO_SIZE;
  const bool small = p.small_head_size != 0 && len <= SKB_WITH_OVERHEAD(p.small_head_size);
  if (p.has_head_frag && !small && fragsz <= PAGE_SIZE && !(gfp_mask & __GFP_DIRECT_RECLAIM)) {
    void* data = AllocFrag(fragsz);
    if (data == nullptr) return nullptr;
    skb = build_skb(data, fragsz);
    if (skb == nullptr) {
      FreeFrag(data);
      return nullptr;
    }
  } else {
    skb = AllocSkb(len, gfp_mask, SKB_ALLOC_RX, LIBSKB_CALLER());
    if (skb == nullptr) return nullptr;
  }
  skb->data += NET_SKB_PAD;
  skb->tail += NET_SKB_PAD;
  skb->dev = dev;
  return skb;
}

struct sk_buff* netdev_alloc_skb(struct net_device* dev, unsigned int length) {
  return __netdev_alloc_skb(dev, length, GFP_ATOMIC);
}

// Models kfree_skb() (net/core/skbuff.c; §2.3): drop a user, free at zero.
void kfree_skb(struct sk_buff* skb) {
  if (skb == nullptr) return;
  Scope scope("kfree_skb", skb, LIBSKB_CALLER());
  FreeSkb(skb, LIBSKB_CALLER());
  scope.Freed();
}

// Models consume_skb(): kfree_skb without the drop tracepoint.
void consume_skb(struct sk_buff* skb) {
  if (skb == nullptr) return;
  Scope scope("consume_skb", skb, LIBSKB_CALLER());
  FreeSkb(skb, LIBSKB_CALLER());
  scope.Freed();
}

// Models __kfree_skb(): free regardless of users.
void __kfree_skb(struct sk_buff* skb) {
  Scope scope("__kfree_skb", skb, LIBSKB_CALLER());
  refcount_set(&skb->users, 1);
  FreeSkb(skb, LIBSKB_CALLER());
  scope.Freed();
}

// Models skb_get(): one more user (refcount_inc; 4.13+ WARNs on addition on 0).
struct sk_buff* skb_get(struct sk_buff* skb) {
  Scope scope("skb_get", skb, LIBSKB_CALLER());
  if (refcount_read(&skb->users) == 0 && skb::Active().users_is_refcount_t) {
    Warn(skb::Site::kRefcountUnderflow, skb, "refcount_t: addition on 0; use-after-free.\n", LIBSKB_CALLER(), false);
    refcount_set(&skb->users, kRefcountSaturated);  // refcount_warn_saturate(REFCOUNT_ADD_UAF)
    return skb;
  }
  atomic_inc(&skb->users.refs);
  return skb;
}

// kmalloc() and the rest of the slab API: src/kernel/slab.cc.

}  // extern "C"
