// libskb: clones, copies and writability (net/core/skbuff.c;
// kernel-semantics.md §5).
#include <errno.h>
#include <linux/skbuff.h>
#include <net/dst.h>

#include <cstring>

#include "internal.h"
#include "skb/history.h"
#include "skb/memory.h"

namespace skb::internal {

// skb_clone() + __skb_clone() (§5.1). The fclone companion is used when free:
// <= 3.17 "free" means its state is SKB_FCLONE_UNAVAILABLE, 3.18+ that
// fclone_ref is 1.
sk_buff* Clone(sk_buff* skb, gfp_t gfp, const void* caller) {
  (void)gfp;
  (void)caller;
  const Profile& p = Active();
  sk_buff* n = nullptr;
  if (skb->fclone == SKB_FCLONE_ORIG) {
    auto* fclones = reinterpret_cast<SkbFclones*>(skb);
    if (p.fclone_permanent_clone ? refcount_read(&fclones->fclone_ref) == 1
                                 : fclones->skb2.fclone == SKB_FCLONE_UNAVAILABLE) {
      n = &fclones->skb2;
      atomic_inc(&fclones->fclone_ref.refs);
    }
  }
  if (n == nullptr) {
    n = static_cast<sk_buff*>(CacheAlloc(Cache::kSkbuffHead));
    if (n == nullptr) return nullptr;
    n->fclone = SKB_FCLONE_UNAVAILABLE;
  } else {
    n->fclone = SKB_FCLONE_CLONE;
  }
  const unsigned fclone_state = n->fclone;
  // __skb_clone: copy the header block and the data pointers; the clone gets
  // its own users, no socket, no destructor, no list links.
  std::memcpy(static_cast<void*>(n), skb, sizeof(*n));
  n->fclone = fclone_state;
  n->next = n->prev = nullptr;
  n->sk = nullptr;
  n->hdr_len = skb->nohdr ? static_cast<__u16>(skb_headroom(skb)) : skb->hdr_len;
  n->cloned = 1;
  n->nohdr = 0;
  n->peeked = 0;
  n->destructor = nullptr;
  n->extensions = nullptr;
  n->active_extensions = 0;
  refcount_set(&n->users, 1);
  // __copy_skb_header(): skb_dst_copy and __nf_copy take their references.
  if (!(n->_skb_refdst & SKB_DST_NOREF)) dst_clone(skb_dst(n));
  nf_conntrack_get(skb_nfct(n));
  atomic_inc(&skb_shinfo(skb)->dataref);
  skb->cloned = 1;
#ifdef LIBSKB_CHECKED
  ForgetHistory(n);
#endif
  RegisterSkb(n);
  return n;
}

// pskb_expand_head() (§5.4).
int ExpandHead(sk_buff* skb, int nhead, int ntail, gfp_t gfp, const void* caller) {
  (void)gfp;
  const Profile& p = Active();
  if (nhead < 0) Bug(Site::kExpandHeadNhead, skb, "", caller);
  if (skb_shared(skb)) Bug(Site::kExpandHeadShared, skb, "", caller);

  const unsigned osize = skb_end_offset(skb);
  size_t size = SKB_DATA_ALIGN(static_cast<size_t>(nhead) + osize + static_cast<size_t>(ntail));
  size_t ks = 0;
  const size_t shinfo = SKB_DATA_ALIGN(static_cast<size_t>(p.shinfo_size));  // SKB_SHINFO_SIZE of p
  unsigned char* data = KmallocHead(size + (p.shinfo_alloc_aligned ? shinfo : p.shinfo_size), &ks);
  if (data == nullptr) return -ENOMEM;
  if (p.tailroom_includes_slack) size = ks - shinfo;  // SKB_WITH_OVERHEAD(ks)

  // Copy headroom + linear data (not the old tailroom), then the shared info
  // up to the last used frag (2.6.32 copies the whole struct).
  std::memcpy(data + nhead, skb->head, skb->tail);
  skb_shared_info* old_sh = skb_shinfo(skb);
  const size_t sh_bytes = p.AtLeast(3, 0) ? offsetof(skb_shared_info, frags) + sizeof(skb_frag_t) * old_sh->nr_frags
                                          : sizeof(skb_shared_info);
  std::memcpy(data + size, old_sh, sh_bytes);

  if (skb_cloned(skb)) {
    // The old head stays with the other clones: the frags and frag_list
    // members now referenced from the new shinfo need their own references.
    for (int i = 0; i < old_sh->nr_frags; i++) skb_frag_ref(skb, i);
    if (old_sh->frag_list != nullptr) CloneFraglist(skb);
    ReleaseData(skb);
  } else {
    FreeHead(skb);
  }
  const long off = (data + nhead) - skb->head;
  skb->head = data;
  skb->head_frag = 0;
  skb->data += off;
  skb->end = static_cast<sk_buff_data_t>(size);
  skb->tail += static_cast<unsigned>(nhead);
  // skb_headers_offset_update(): header offsets are relative to head.
  skb->transport_header += nhead;
  skb->network_header += nhead;
  if (skb_mac_header_was_set(skb)) skb->mac_header += nhead;
  skb->inner_transport_header += nhead;
  skb->inner_network_header += nhead;
  skb->inner_mac_header += nhead;
  // csum_start shares storage with csum: 3.10+ moves it only when PARTIAL.
  if (p.expand_head_csum_always || skb->ip_summed == CHECKSUM_PARTIAL) skb->csum_start += nhead;
  skb->cloned = 0;
  skb->hdr_len = 0;
  skb->nohdr = 0;
  atomic_set(&skb_shinfo(skb)->dataref, 1);
  // 4.12+ (158f323b9868): an orphan's truesize follows the new head size.
  if (p.expand_head_fixes_truesize && skb->sk == nullptr) skb->truesize += static_cast<unsigned>(size) - osize;
  return 0;
}

int EnsureWritable(sk_buff* skb, unsigned write_len, const void* caller) {
  if (!MayPull(skb, write_len, caller)) return -ENOMEM;
  if (!skb_cloned(skb) || skb_clone_writable(skb, write_len)) return 0;
  return ExpandHead(skb, 0, 0, GFP_ATOMIC, caller);
}

namespace {

// __skb_cow() (include/linux/skbuff.h): headroom and a private head.
int Cow(sk_buff* skb, unsigned headroom, int cloned, const void* caller) {
  const Profile& p = Active();
  if (p.cow_min_net_skb_pad && headroom < p.net_skb_pad) headroom = p.net_skb_pad;
  int delta = 0;
  if (headroom > skb_headroom(skb)) delta = static_cast<int>(headroom - skb_headroom(skb));
  if (delta || cloned) {
    const int pad = static_cast<int>(p.net_skb_pad);
    return ExpandHead(skb, (delta + pad - 1) / pad * pad, 0, GFP_ATOMIC, caller);
  }
  return 0;
}

sk_buff* CopyExpand(const sk_buff* skb, int newheadroom, int newtailroom, gfp_t gfp, const void* caller) {
  const int oldheadroom = static_cast<int>(skb_headroom(skb));
  sk_buff* n = AllocSkb(static_cast<unsigned>(newheadroom + static_cast<int>(skb->len) + newtailroom), gfp,
                        skb->pfmemalloc ? SKB_ALLOC_RX : 0, caller);
  if (n == nullptr) return nullptr;
  n->data += newheadroom;
  n->tail += static_cast<unsigned>(newheadroom);
  SkbPut(n, skb->len, caller);
  int head_copy_len = oldheadroom;
  int head_copy_off = 0;
  if (newheadroom <= head_copy_len) {
    head_copy_len = newheadroom;
  } else {
    head_copy_off = newheadroom - head_copy_len;
  }
  if (CopyBits(skb, -head_copy_len, n->head + head_copy_off, static_cast<int>(skb->len) + head_copy_len) != 0)
    Bug(Site::kSkbCopy, skb, "", caller);
  CopySkbHeader(n, skb);
  const int off = newheadroom - oldheadroom;
  if (n->ip_summed == CHECKSUM_PARTIAL) n->csum_start += off;
  // skb_headers_offset_update(): outer and inner offsets move together.
  n->transport_header += off;
  n->network_header += off;
  if (skb_mac_header_was_set(skb)) n->mac_header += off;
  n->inner_transport_header += off;
  n->inner_network_header += off;
  n->inner_mac_header += off;
  return n;
}

}  // namespace
}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

// Models skb_clone() (net/core/skbuff.c; §5.1): share head and shinfo.
struct sk_buff* skb_clone(struct sk_buff* skb, gfp_t priority) {
  Scope scope("skb_clone", skb, LIBSKB_CALLER());
  sk_buff* n = Clone(skb, priority, LIBSKB_CALLER());
#ifdef LIBSKB_CHECKED
  // C2: the state right after cloning.
  if (n != nullptr && (refcount_read(&n->users) != 1 || n->sk != nullptr || n->destructor != nullptr || n->nohdr ||
                       !n->cloned || !skb->cloned || n->head != skb->head || n->data != skb->data ||
                       n->len != skb->len || n->data_len != skb->data_len ||
                       n->hdr_len != (skb->nohdr ? skb_headroom(skb) : skb->hdr_len)))
    OpViolation(n, "C2", "clone_not_fresh",
                Format("clone: users = %u, sk = %p, destructor set = %d, nohdr = %d, cloned = %d/%d, hdr_len = %u",
                       refcount_read(&n->users), static_cast<void*>(n->sk), n->destructor != nullptr, n->nohdr,
                       n->cloned, skb->cloned, n->hdr_len),
                "skb_clone", LIBSKB_CALLER());
#endif
  scope.Also(n);
  return n;
}

// Models skb_unclone() (include/linux/skbuff.h, 3.9+): a private head if cloned.
int skb_unclone(struct sk_buff* skb, gfp_t pri) {
  Scope scope("skb_unclone", skb, LIBSKB_CALLER());
  if (skb_cloned(skb)) return ExpandHead(skb, 0, 0, pri, LIBSKB_CALLER());
  return 0;
}

// Models skb_header_release() (include/linux/skbuff.h, 2.6.32/3.10): BUG if
// already released, else nohdr = 1 and one payload-only reference.
void skb_header_release(struct sk_buff* skb) {
  Scope scope("skb_header_release", skb, LIBSKB_CALLER());
  if (skb->nohdr) Bug(skb::Site::kHeaderRelease, skb, "", LIBSKB_CALLER());
  skb->nohdr = 1;
  atomic_add(1 << SKB_DATAREF_SHIFT, &skb_shinfo(skb)->dataref);
}

// Models __skb_header_release() (include/linux/skbuff.h, 3.18+): for a fresh,
// uncloned skb: nohdr = 1 and dataref stored as 1 + (1 << 16).
void __skb_header_release(struct sk_buff* skb) {
  Scope scope("__skb_header_release", skb, LIBSKB_CALLER());
  skb->nohdr = 1;
  atomic_set(&skb_shinfo(skb)->dataref, 1 + (1 << SKB_DATAREF_SHIFT));
}

// Models pskb_expand_head() (net/core/skbuff.c; §5.4): a new, private head
// with nhead more headroom and ntail more tailroom; the old head is freed (or
// left to the other clones). BUG on a shared skb or a negative nhead.
int pskb_expand_head(struct sk_buff* skb, int nhead, int ntail, gfp_t gfp_mask) {
  Scope scope("pskb_expand_head", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, %d", nhead, ntail));
  int ret = ExpandHead(skb, nhead, ntail, gfp_mask, LIBSKB_CALLER());
#ifdef LIBSKB_CHECKED
  // C5: the expanded member owns a fresh head.
  if (ret == 0 && (skb->cloned || atomic_read(&skb_shinfo(skb)->dataref) != 1))
    OpViolation(skb, "C5", "expand_head_not_private",
                Format("after pskb_expand_head: cloned = %d, dataref = 0x%x", skb->cloned,
                       atomic_read(&skb_shinfo(skb)->dataref)),
                "pskb_expand_head", LIBSKB_CALLER());
#endif
  return ret;
}

// Models skb_copy() (net/core/skbuff.c; §5.5): a private linear copy with the
// same headroom. BUG if the paged part cannot supply data_len bytes.
struct sk_buff* skb_copy(const struct sk_buff* skb, gfp_t priority) {
  Scope scope("skb_copy", skb, LIBSKB_CALLER());
  const int headerlen = static_cast<int>(skb_headroom(skb));
  const unsigned size = skb_end_offset(skb) + skb->data_len;
  sk_buff* n = AllocSkb(size, priority, skb->pfmemalloc ? SKB_ALLOC_RX : 0, LIBSKB_CALLER());
  if (n == nullptr) return nullptr;
  n->data += headerlen;
  n->tail += static_cast<unsigned>(headerlen);
  SkbPut(n, skb->len, LIBSKB_CALLER());
  if (CopyBits(skb, -headerlen, n->head, headerlen + static_cast<int>(skb->len)) != 0)
    Bug(skb::Site::kSkbCopy, skb, "", LIBSKB_CALLER());
  CopySkbHeader(n, skb);
  scope.Also(n);
  return n;
}

// Models skb_copy_expand() (net/core/skbuff.c): skb_copy with new head/tail room.
struct sk_buff* skb_copy_expand(const struct sk_buff* skb, int newheadroom, int newtailroom, gfp_t priority) {
  Scope scope("skb_copy_expand", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, %d", newheadroom, newtailroom));
  sk_buff* n = CopyExpand(skb, newheadroom, newtailroom, priority, LIBSKB_CALLER());
  scope.Also(n);
  return n;
}

// Models pskb_copy() / __pskb_copy_fclone() (net/core/skbuff.c; §5.5): private
// header and linear area, shared frag pages, referenced frag_list.
struct sk_buff* pskb_copy(struct sk_buff* skb, gfp_t gfp_mask) {
  Scope scope("pskb_copy", skb, LIBSKB_CALLER());
  const unsigned headroom = skb_headroom(skb);
  const unsigned size = skb_headlen(skb) + headroom;
  sk_buff* n = AllocSkb(size, gfp_mask, skb->pfmemalloc ? SKB_ALLOC_RX : 0, LIBSKB_CALLER());
  if (n == nullptr) return nullptr;
  n->data += headroom;
  n->tail += headroom;
  SkbPut(n, skb_headlen(skb), LIBSKB_CALLER());
  std::memcpy(n->data, skb->data, n->len);
  n->truesize += skb->data_len;
  n->data_len = skb->data_len;
  n->len = skb->len;
  skb_shared_info* sh = skb_shinfo(skb);
  skb_shared_info* nsh = skb_shinfo(n);
  if (sh->nr_frags) {
    int i;
    for (i = 0; i < sh->nr_frags; i++) {
      nsh->frags[i] = sh->frags[i];
      skb_frag_ref(skb, i);
    }
    nsh->nr_frags = static_cast<__u8>(i);
  }
  if (sh->frag_list != nullptr) {
    nsh->frag_list = sh->frag_list;
    CloneFraglist(n);
  }
  CopySkbHeader(n, skb);
  scope.Also(n);
  return n;
}

// Models skb_cow() (include/linux/skbuff.h): headroom + a private head if cloned.
int skb_cow(struct sk_buff* skb, unsigned int headroom) {
  Scope scope("skb_cow", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", headroom));
  return Cow(skb, headroom, skb_cloned(skb), LIBSKB_CALLER());
}

// Models skb_cow_head(): as skb_cow but only the header area must be private.
int skb_cow_head(struct sk_buff* skb, unsigned int headroom) {
  Scope scope("skb_cow_head", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", headroom));
  return Cow(skb, headroom, skb_header_cloned(skb), LIBSKB_CALLER());
}

// Models skb_ensure_writable() (net/core/skbuff.c, v3.19+ e21951212f03): the
// first write_len bytes linear and private; 0 or -ENOMEM.
int skb_ensure_writable(struct sk_buff* skb, unsigned int write_len) {
  Scope scope("skb_ensure_writable", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", write_len));
  const skb::Profile& p = skb::Active();
  if (!p.has_ensure_writable) {
    // Not exported before v3.19: such a module would not have loaded.
    CheckFailure(skb,
                 {skb::Violation{"M1", "symbol_not_in_kernel",
                                 Format("skb_ensure_writable does not exist in %.*s (added in v3.19 by "
                                        "e21951212f03): insmod would have failed with \"Unknown symbol "
                                        "skb_ensure_writable\". This kernel has skb_make_writable(skb, len), "
                                        "which returns non-zero on success",
                                        static_cast<int>(p.name.size()), p.name.data())}},
                 Format("%s called skb_ensure_writable, which kernel %.*s does not have",
                        skb::Symbolize(LIBSKB_CALLER()).c_str(), static_cast<int>(p.name.size()), p.name.data()),
                 LIBSKB_CALLER());
  }
  return EnsureWritable(skb, write_len, LIBSKB_CALLER());
}

}  // extern "C"
