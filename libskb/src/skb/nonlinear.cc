// libskb: operations on non-linear skbs - pulls, trims, linearisation,
// copies in and out, frag attachment and split (net/core/skbuff.c;
// kernel-semantics.md §4).
#include <errno.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "internal.h"

namespace skb::internal {

int CopyBits(const sk_buff* skb, int offset, void* to_void, int len) {
  auto* to = static_cast<unsigned char*>(to_void);
  int start = static_cast<int>(skb_headlen(skb));
  int copy;
  if (offset > static_cast<int>(skb->len) - len) return -EFAULT;
  if ((copy = start - offset) > 0) {
    if (copy > len) copy = len;
    std::memcpy(to, skb->data + offset, static_cast<size_t>(copy));
    if ((len -= copy) == 0) return 0;
    offset += copy;
    to += copy;
  }
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) {
    const skb_frag_t* f = &sh->frags[i];
    int end = start + static_cast<int>(skb_frag_size(f));
    if ((copy = end - offset) > 0) {
      if (copy > len) copy = len;
      std::memcpy(to, static_cast<unsigned char*>(skb_frag_address(f)) + (offset - start), static_cast<size_t>(copy));
      if ((len -= copy) == 0) return 0;
      offset += copy;
      to += copy;
    }
    start = end;
  }
  for (const sk_buff* it = sh->frag_list; it != nullptr; it = it->next) {
    int end = start + static_cast<int>(it->len);
    if ((copy = end - offset) > 0) {
      if (copy > len) copy = len;
      if (!skb_is_nonlinear(it)) {
        // What the recursion does for a linear member (0 <= offset - start
        // and offset - start + copy <= it->len here), without the call: a
        // GRO frag_list is mostly linear members.
        std::memcpy(to, it->data + (offset - start), static_cast<size_t>(copy));
      } else if (CopyBits(it, offset - start, to, copy) != 0) {
        return -EFAULT;
      }
      if ((len -= copy) == 0) return 0;
      offset += copy;
      to += copy;
    }
    start = end;
  }
  return len == 0 ? 0 : -EFAULT;
}

void* PullTail(sk_buff* skb, int delta, const void* caller) {
  const Profile& p = Active();
  int eat = static_cast<int>(skb->tail + static_cast<unsigned>(delta)) - static_cast<int>(skb->end);
  if (eat > 0 || skb_cloned(skb)) {
    if (ExpandHead(skb, 0, eat > 0 ? eat + 128 : 0, GFP_ATOMIC, caller) != 0) return nullptr;
  }
  if (CopyBits(skb, static_cast<int>(skb_headlen(skb)), skb_tail_pointer(skb), delta) != 0) {
    // The frags and frag_list cannot supply the bytes data_len promises.
    Bug(Site::kPullTailCopy, skb, "", caller);
  }
  skb_shared_info* sh = skb_shinfo(skb);
  if (sh->frag_list != nullptr) {
    eat = delta;
    bool frags_cover = false;
    for (int i = 0; i < sh->nr_frags; i++) {
      int size = static_cast<int>(skb_frag_size(&sh->frags[i]));
      if (size >= eat) {
        frags_cover = true;
        break;
      }
      eat -= size;
    }
    if (!frags_cover && eat) {
      sk_buff* list = sh->frag_list;
      sk_buff* clone = nullptr;
      sk_buff* insp = nullptr;
      do {
        if (list == nullptr) {
          // <= 3.10: BUG_ON(!list); later kernels dereference NULL here.
          Bug(Site::kPullTailList, skb,
              p.AtLeast(4, 0) ? Format("BUG: kernel NULL pointer dereference, address: %016zx\n",
                                       offsetof(sk_buff, len))
                              : std::string(),
              caller);
        }
        if (static_cast<int>(list->len) <= eat) {
          eat -= static_cast<int>(list->len);
          list = list->next;
          insp = list;
        } else {
          if (skb_is_gso(skb) && !list->head_frag && skb_headlen(list)) sh->gso_type |= SKB_GSO_DODGY;
          if (skb_shared(list)) {
            clone = Clone(list, GFP_ATOMIC, caller);
            if (clone == nullptr) return nullptr;
            insp = list->next;
            list = clone;
          } else {
            insp = list;
          }
          // pskb_pull(list, eat)
          if (static_cast<unsigned>(eat) > list->len ||
              (static_cast<unsigned>(eat) > skb_headlen(list) &&
               PullTail(list, eat - static_cast<int>(skb_headlen(list)), caller) == nullptr)) {
            if (clone != nullptr) FreeSkb(clone, caller);
            return nullptr;
          }
          list->len -= static_cast<unsigned>(eat);
          list->data += eat;
          break;
        }
      } while (eat);
      sk_buff* l;
      while ((l = sh->frag_list) != insp) {
        sh->frag_list = l->next;
        FreeSkb(l, caller);  // consume_skb: a member shared elsewhere keeps its next link
      }
      if (clone != nullptr) {
        clone->next = l;
        sh->frag_list = clone;
      }
    }
  }
  // Eat the pulled bytes from the frags.
  eat = delta;
  int k = 0;
  bool first_partial = false;
  for (int i = 0; i < sh->nr_frags; i++) {
    int size = static_cast<int>(skb_frag_size(&sh->frags[i]));
    if (size <= eat) {
      skb_frag_unref(skb, i);
      eat -= size;
    } else {
      skb_frag_t* frag = &sh->frags[k];
      *frag = sh->frags[i];
      if (eat) {
        skb_frag_off_add(frag, eat);
        skb_frag_size_sub(frag, eat);
        if (!i) {
          first_partial = true;
          break;
        }
        eat = 0;
      }
      k++;
    }
  }
  if (!first_partial) sh->nr_frags = static_cast<__u8>(k);
  skb->tail += static_cast<unsigned>(delta);
  skb->data_len -= static_cast<unsigned>(delta);
  return skb_tail_pointer(skb);
}

bool MayPull(sk_buff* skb, unsigned len, const void* caller) {
  if (len > static_cast<unsigned>(INT_MAX)) DebugNetWarnOnce(Site::kDebugNetMayPull, skb, "", caller);
  if (len <= skb_headlen(skb)) return true;
  if (len > skb->len) return false;
  return PullTail(skb, static_cast<int>(len - skb_headlen(skb)), caller) != nullptr;
}

namespace {

// skb_condense() (net/core/skbuff.c, 4.12+): an orphaned skb whose paged
// part fits in its tailroom is linearised and its truesize recomputed.
void Condense(sk_buff* skb, const void* caller) {
  if (skb->data_len) {
    if (skb->data_len > skb->end - skb->tail || skb_cloned(skb)) return;
    PullTail(skb, static_cast<int>(skb->data_len), caller);
  }
  skb->truesize = static_cast<unsigned>(SKB_TRUESIZE(skb_end_offset(skb)));
}

void DropList(sk_buff** listp, const void* caller) {
  sk_buff* l = *listp;
  *listp = nullptr;
  while (l != nullptr) {
    sk_buff* next = l->next;
    FreeSkb(l, caller);
    l = next;
  }
}

}  // namespace

int PskbTrim(sk_buff* skb, unsigned len, const void* caller);

// ___pskb_trim() (net/core/skbuff.c; §4.6).
static int PskbTrimSlow(sk_buff* skb, unsigned len, const void* caller) {
  int offset = static_cast<int>(skb_headlen(skb));
  const int nfrags = skb_shinfo(skb)->nr_frags;
  int err;
  if (skb_cloned(skb) && (err = ExpandHead(skb, 0, 0, GFP_ATOMIC, caller)) != 0) return err;
  skb_shared_info* sh = skb_shinfo(skb);
  int i = 0;
  bool done = false;
  if (offset >= static_cast<int>(len)) {
    // Drop every frag and the frag_list.
    sh->nr_frags = 0;
    for (; i < nfrags; i++) skb_frag_unref(skb, i);
    if (sh->frag_list != nullptr) DropFraglist(skb);
    done = true;
  }
  for (; !done && i < nfrags; i++) {
    int end = offset + static_cast<int>(skb_frag_size(&sh->frags[i]));
    if (end < static_cast<int>(len)) {
      offset = end;
      continue;
    }
    skb_frag_size_set(&sh->frags[i++], len - static_cast<unsigned>(offset));
    sh->nr_frags = static_cast<__u8>(i);
    for (; i < nfrags; i++) skb_frag_unref(skb, i);
    if (sh->frag_list != nullptr) DropFraglist(skb);
    done = true;
  }
  if (!done) {
    sk_buff** fragp = &sh->frag_list;
    sk_buff* frag;
    for (; (frag = *fragp) != nullptr; fragp = &frag->next) {
      int end = offset + static_cast<int>(frag->len);
      if (skb_shared(frag)) {
        sk_buff* nfrag = Clone(frag, GFP_ATOMIC, caller);
        if (nfrag == nullptr) return -ENOMEM;
        nfrag->next = frag->next;
        FreeSkb(frag, caller);  // consume_skb: the other owner's chain stays intact
        frag = nfrag;
        *fragp = frag;
      }
      if (end < static_cast<int>(len)) {
        offset = end;
        continue;
      }
      if (end > static_cast<int>(len) && (err = PskbTrim(frag, len - static_cast<unsigned>(offset), caller)) != 0)
        return err;
      if (frag->next != nullptr) DropList(&frag->next, caller);
      break;
    }
  }
  if (len > skb_headlen(skb)) {
    skb->data_len -= skb->len - len;
    skb->len = len;
  } else {
    skb->len = len;
    skb->data_len = 0;
    skb_set_tail_pointer(skb, static_cast<int>(len));
  }
  if (Active().trim_condenses && skb->sk == nullptr) Condense(skb, caller);
  return 0;
}

// __pskb_trim(): ___pskb_trim for paged skbs, __skb_trim otherwise.
static int PskbTrimAny(sk_buff* skb, unsigned len, const void* caller) {
  if (skb->data_len) return PskbTrimSlow(skb, len, caller);
  SkbTrim(skb, len, caller);
  return 0;
}

// pskb_trim(): only ever shrinks.
int PskbTrim(sk_buff* skb, unsigned len, const void* caller) {
  return len < skb->len ? PskbTrimAny(skb, len, caller) : 0;
}

}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

// Models ___pskb_trim() (net/core/skbuff.c): trim a paged skb to len.
int ___pskb_trim(struct sk_buff* skb, unsigned int len) {
  Scope scope("___pskb_trim", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  return PskbTrimSlow(skb, len, LIBSKB_CALLER());
}

// Models __pskb_trim() (include/linux/skbuff.h).
int __pskb_trim(struct sk_buff* skb, unsigned int len) {
  Scope scope("__pskb_trim", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  return PskbTrimAny(skb, len, LIBSKB_CALLER());
}

// Models pskb_trim() (include/linux/skbuff.h): only shrinks; 0 or -ENOMEM.
int pskb_trim(struct sk_buff* skb, unsigned int len) {
  Scope scope("pskb_trim", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  return PskbTrim(skb, len, LIBSKB_CALLER());
}

// Models pskb_trim_rcsum(): <= 4.x downgrades COMPLETE to NONE; 5.0+
// (pskb_trim_rcsum_slow) subtracts the trimmed bytes and keeps COMPLETE, and
// refuses (-EINVAL) to cut a PARTIAL checksum field.
int pskb_trim_rcsum(struct sk_buff* skb, unsigned int len) {
  Scope scope("pskb_trim_rcsum", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  if (len >= skb->len) return 0;
  if (skb::Active().trim_rcsum_keeps_complete) {
    if (skb->ip_summed == CHECKSUM_COMPLETE) {
      int delta = static_cast<int>(skb->len - len);
      skb->csum = csum_block_sub(skb->csum, Checksum(skb, static_cast<int>(len), delta, 0, LIBSKB_CALLER()),
                                 static_cast<int>(len));
    } else if (skb->ip_summed == CHECKSUM_PARTIAL) {
      int hdlen = len > skb_headlen(skb) ? static_cast<int>(skb_headlen(skb)) : static_cast<int>(len);
      int offset = skb_checksum_start_offset(skb) + skb->csum_offset;
      if (offset + static_cast<int>(sizeof(__sum16)) > hdlen) return -EINVAL;
    }
  } else if (skb->ip_summed == CHECKSUM_COMPLETE) {
    skb->ip_summed = CHECKSUM_NONE;
  }
  return PskbTrim(skb, len, LIBSKB_CALLER());
}

// Models __pskb_pull_tail() (net/core/skbuff.c; §4.2): move delta bytes of
// the paged part into the linear area; NULL on allocation failure.
void* __pskb_pull_tail(struct sk_buff* skb, int delta) {
  Scope scope("__pskb_pull_tail", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d", delta));
  return PullTail(skb, delta, LIBSKB_CALLER());
}

// Models pskb_may_pull() (include/linux/skbuff.h): make the first len bytes linear.
bool pskb_may_pull(struct sk_buff* skb, unsigned int len) {
  Scope scope("pskb_may_pull", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  return MayPull(skb, len, LIBSKB_CALLER());
}

// Models pskb_pull() (include/linux/skbuff.h): pull len bytes, linearising as needed.
void* pskb_pull(struct sk_buff* skb, unsigned int len) {
  Scope scope("pskb_pull", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  if (len > skb->len) return nullptr;
  if (len > skb_headlen(skb) && PullTail(skb, static_cast<int>(len - skb_headlen(skb)), LIBSKB_CALLER()) == nullptr)
    return nullptr;
  skb->len -= len;
  return skb->data += len;
}

// Models __skb_linearize(): 0 or -ENOMEM.
int __skb_linearize(struct sk_buff* skb) {
  Scope scope("__skb_linearize", skb, LIBSKB_CALLER());
  return PullTail(skb, static_cast<int>(skb->data_len), LIBSKB_CALLER()) ? 0 : -ENOMEM;
}

// Models skb_linearize(): linearise only when non-linear.
int skb_linearize(struct sk_buff* skb) {
  Scope scope("skb_linearize", skb, LIBSKB_CALLER());
  if (!skb_is_nonlinear(skb)) return 0;
  return PullTail(skb, static_cast<int>(skb->data_len), LIBSKB_CALLER()) ? 0 : -ENOMEM;
}

// Models skb_linearize_cow(): linearise when non-linear or cloned.
int skb_linearize_cow(struct sk_buff* skb) {
  Scope scope("skb_linearize_cow", skb, LIBSKB_CALLER());
  if (!skb_is_nonlinear(skb) && !skb_cloned(skb)) return 0;
  return PullTail(skb, static_cast<int>(skb->data_len), LIBSKB_CALLER()) ? 0 : -ENOMEM;
}

// Models skb_copy_bits() (net/core/skbuff.c; §4.5): 0 or -EFAULT.
int skb_copy_bits(const struct sk_buff* skb, int offset, void* to, int len) {
  Scope scope("skb_copy_bits", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, %d", offset, len));
  return CopyBits(skb, offset, to, len);
}

#ifdef LIBSKB_CHECKED
// C3 / F5: a write must not land in bytes another skb shares.
static void StoreBitsPreconditions(struct sk_buff* skb, int offset, int len, const void* caller) {
  if (len <= 0 || offset > static_cast<int>(skb->len) - len) return;
  const int headlen = static_cast<int>(skb_headlen(skb));
  if (offset < headlen && skb->nohdr && skb_cloned(skb)) {
    // C7: skb_clone_writable() may still say yes (hdr_len from an earlier
    // clone), but this skb promised its current clones not to touch the head.
    OpViolation(skb, "C7", "header_write_by_nohdr",
                Format("skb_store_bits(offset=%d, len=%d) writes the linear area of an skb that released its "
                       "header (nohdr = 1, dataref = 0x%x) while its clones use it",
                       offset, len, atomic_read(&skb_shinfo(skb)->dataref)),
                "skb_store_bits", caller);
  }
  if (offset < headlen && skb_cloned(skb) &&
      !skb_clone_writable(skb, static_cast<unsigned>(std::min(offset + len, headlen)))) {
    OpViolation(skb, "C3", "write_to_shared_head",
                Format("skb_store_bits(offset=%d, len=%d) writes the linear area of a cloned skb "
                       "(dataref = 0x%x, hdr_len = %u) without unsharing it first",
                       offset, len, atomic_read(&skb_shinfo(skb)->dataref), skb->hdr_len),
                "skb_store_bits", caller);
  }
  int start = headlen;
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) {
    int end = start + static_cast<int>(skb_frag_size(&sh->frags[i]));
    if (offset < end && offset + len > start) {
      const struct page* pg = skb_frag_page(&sh->frags[i]);
      if (skb_cloned(skb) || page_ref_count(pg) > 1) {
        OpViolation(skb, "F5", "write_to_shared_frag",
                    Format("skb_store_bits(offset=%d, len=%d) writes frags[%d] whose page %p is shared "
                           "(page refcount = %d, skb cloned = %d)",
                           offset, len, i, static_cast<const void*>(pg), page_ref_count(pg), skb_cloned(skb)),
                    "skb_store_bits", caller);
      }
    }
    start = end;
  }
}
#endif

static int StoreBits(struct sk_buff* skb, int offset, const unsigned char* from, int len) {
  int start = static_cast<int>(skb_headlen(skb));
  int copy;
  if (offset > static_cast<int>(skb->len) - len) return -EFAULT;
  if ((copy = start - offset) > 0) {
    if (copy > len) copy = len;
    std::memcpy(skb->data + offset, from, static_cast<size_t>(copy));
    if ((len -= copy) == 0) return 0;
    offset += copy;
    from += copy;
  }
  skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) {
    skb_frag_t* f = &sh->frags[i];
    int end = start + static_cast<int>(skb_frag_size(f));
    if ((copy = end - offset) > 0) {
      if (copy > len) copy = len;
      std::memcpy(static_cast<unsigned char*>(skb_frag_address(f)) + (offset - start), from, static_cast<size_t>(copy));
      if ((len -= copy) == 0) return 0;
      offset += copy;
      from += copy;
    }
    start = end;
  }
  for (sk_buff* it = sh->frag_list; it != nullptr; it = it->next) {
    int end = start + static_cast<int>(it->len);
    if ((copy = end - offset) > 0) {
      if (copy > len) copy = len;
      if (StoreBits(it, offset - start, from, copy) != 0) return -EFAULT;
      if ((len -= copy) == 0) return 0;
      offset += copy;
      from += copy;
    }
    start = end;
  }
  return len == 0 ? 0 : -EFAULT;
}

// Models skb_store_bits() (net/core/skbuff.c): 0 or -EFAULT. Like the kernel it
// does not unshare: writing into a cloned skb changes what its clones see.
int skb_store_bits(struct sk_buff* skb, int offset, const void* from, int len) {
  Scope scope("skb_store_bits", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, %d", offset, len));
#ifdef LIBSKB_CHECKED
  StoreBitsPreconditions(skb, offset, len, LIBSKB_CALLER());
#endif
  return StoreBits(skb, offset, static_cast<const unsigned char*>(from), len);
}

// Models skb_header_pointer() (include/linux/skbuff.h): a pointer into the
// linear area when the bytes are there, else a copy into buffer (NULL if the
// skb is too short).
void* skb_header_pointer(const struct sk_buff* skb, int offset, int len, void* buffer) {
  Scope scope("skb_header_pointer", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, %d", offset, len));
  if (static_cast<int>(skb_headlen(skb)) - offset >= len) return skb->data + offset;
  if (CopyBits(skb, offset, buffer, len) < 0) return nullptr;
  return buffer;
}

// Models skb_split() (net/core/skbuff.c; §4.9): move the bytes after len into
// the empty skb1. A frag straddling len is shared (one more page reference).
void skb_split(struct sk_buff* skb, struct sk_buff* skb1, const u32 len) {
  Scope scope("skb_split", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  scope.Also(skb1);
  int pos = static_cast<int>(skb_headlen(skb));
  skb_shared_info* sh = skb_shinfo(skb);
  skb_shared_info* sh1 = skb_shinfo(skb1);
  sh1->flags |= sh->flags & (SKBFL_SHARED_FRAG | SKBFL_PURE_ZEROCOPY);
  if (static_cast<int>(len) < pos) {
    // skb_split_inside_header()
    void* dst = SkbPut(skb1, static_cast<unsigned>(pos) - len, LIBSKB_CALLER());
    std::memcpy(dst, skb->data + len, static_cast<size_t>(pos) - len);
    for (int i = 0; i < sh->nr_frags; i++) sh1->frags[i] = sh->frags[i];
    sh1->nr_frags = sh->nr_frags;
    sh->nr_frags = 0;
    skb1->data_len = skb->data_len;
    skb1->len += skb1->data_len;
    skb->data_len = 0;
    skb->len = len;
    skb_set_tail_pointer(skb, static_cast<int>(len));
    return;
  }
  // skb_split_no_header()
  int k = 0;
  const int nfrags = sh->nr_frags;
  sh->nr_frags = 0;
  skb1->len = skb1->data_len = skb->len - len;
  skb->len = len;
  skb->data_len = len - static_cast<unsigned>(pos);
  for (int i = 0; i < nfrags; i++) {
    int size = static_cast<int>(skb_frag_size(&sh->frags[i]));
    if (pos + size > static_cast<int>(len)) {
      sh1->frags[k] = sh->frags[i];
      if (pos < static_cast<int>(len)) {
        skb_frag_ref(skb, i);
        skb_frag_off_add(&sh1->frags[0], static_cast<int>(len) - pos);
        skb_frag_size_sub(&sh1->frags[0], static_cast<int>(len) - pos);
        skb_frag_size_set(&sh->frags[i], len - static_cast<unsigned>(pos));
        sh->nr_frags++;
      }
      k++;
    } else {
      sh->nr_frags++;
    }
    pos += size;
  }
  sh1->nr_frags = static_cast<__u8>(k);
}

// Models skb_fill_page_desc() (include/linux/skbuff.h): set frags[i] and
// nr_frags = i + 1. Takes no page reference and checks no bound, as the kernel.
void skb_fill_page_desc(struct sk_buff* skb, int i, struct page* page, int off, int size) {
  Scope scope("skb_fill_page_desc", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, off=%d, size=%d", i, off, size));
  scope.NoExitCheck();  // the caller adds len/data_len/truesize next
#ifdef LIBSKB_CHECKED
  if (skb_cloned(skb))
    OpViolation(skb, "C4", "shinfo_write_on_clone",
                Format("skb_fill_page_desc writes frags[%d] of a cloned skb (dataref = 0x%x): the clones share skb_shinfo",
                       i, atomic_read(&skb_shinfo(skb)->dataref)),
                "skb_fill_page_desc", LIBSKB_CALLER());
#endif
  skb_frag_fill_page_desc(&skb_shinfo(skb)->frags[i], page, off, size);
  if (page != nullptr && page_is_pfmemalloc(page)) skb->pfmemalloc = 1;
  skb_shinfo(skb)->nr_frags = static_cast<__u8>(i + 1);
}

// Models skb_add_rx_frag() (net/core/skbuff.c): fill the frag and account for
// it; 3.2+ adds the caller's truesize, 2.6.32 adds size.
void skb_add_rx_frag(struct sk_buff* skb, int i, struct page* page, int off, int size, unsigned int truesize) {
  Scope scope("skb_add_rx_frag", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, off=%d, size=%d", i, off, size));
#ifdef LIBSKB_CHECKED
  if (skb_cloned(skb))
    OpViolation(skb, "C4", "shinfo_write_on_clone",
                Format("skb_add_rx_frag writes frags[%d] of a cloned skb (dataref = 0x%x): the clones share skb_shinfo",
                       i, atomic_read(&skb_shinfo(skb)->dataref)),
                "skb_add_rx_frag", LIBSKB_CALLER());
#endif
  skb_frag_fill_page_desc(&skb_shinfo(skb)->frags[i], page, off, size);
  if (page != nullptr && page_is_pfmemalloc(page)) skb->pfmemalloc = 1;
  skb_shinfo(skb)->nr_frags = static_cast<__u8>(i + 1);
  skb->len += static_cast<unsigned>(size);
  skb->data_len += static_cast<unsigned>(size);
  skb->truesize += skb::Active().rx_frag_explicit_truesize ? truesize : static_cast<unsigned>(size);
}

// Models skb_coalesce_rx_frag() (net/core/skbuff.c, 3.x+): grow frags[i] in place.
void skb_coalesce_rx_frag(struct sk_buff* skb, int i, int size, unsigned int truesize) {
  Scope scope("skb_coalesce_rx_frag", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d, size=%d", i, size));
#ifdef LIBSKB_CHECKED
  if (skb_cloned(skb))
    OpViolation(skb, "C4", "shinfo_write_on_clone",
                Format("skb_coalesce_rx_frag writes frags[%d] of a cloned skb (dataref = 0x%x): the clones share skb_shinfo",
                       i, atomic_read(&skb_shinfo(skb)->dataref)),
                "skb_coalesce_rx_frag", LIBSKB_CALLER());
#endif
  skb_frag_size_add(&skb_shinfo(skb)->frags[i], size);
  skb->len += static_cast<unsigned>(size);
  skb->data_len += static_cast<unsigned>(size);
  skb->truesize += truesize;
}

// Models skb_has_shared_frag() (include/linux/skbuff.h, 3.10+).
bool skb_has_shared_frag(const struct sk_buff* skb) {
  return skb_is_nonlinear(skb) && (skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG);
}

}  // extern "C"
