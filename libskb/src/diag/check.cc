// libskb: the invariant checker (kernel-semantics.md §9.1-9.4; the table of
// ids, names, modes and kernel counterparts is docs/checker.md).
//
// Check() reads one struct sk_buff, its skb_shared_info, its frag pages and
// its frag_list members, and returns every broken invariant with a stable id
// ("S4"), a stable snake_case name ("data_len_ne_frag_sum") and a one-line
// reason naming the fields and their values.
//
// Rules the code below keeps:
//  - Nothing is dereferenced before libskb's registry vouches for it: the skb
//    and every frag_list member (IsLiveSkb), the head allocation that must
//    hold the shared info (FindHead / the page behind a head_frag head), and
//    every frag page (IsLivePage) before its refcount or memory is read.
//    The shared info is copied out of the validated range with memcpy, so a
//    misaligned or garbage shinfo is only ever read as bytes.
//  - Checks run in a fixed order, cheapest first: sk_buff fields, then the
//    head lookup and the shinfo header fields, then the frag walk, the
//    frag_list walk, the live-skb scan for dataref, and last the checksum
//    over every byte. A walk whose precondition failed is skipped (frags when
//    nr_frags > MAX_SKB_FRAGS, members after one that is not live, bytes
//    when any of S1-S4/H1/H2/H4/F1/F3/F4 failed).
//  - Every violation found is returned, not just the first.
//  - Check() never calls a checked libskb entry point (skb_checksum would run
//    the checker again); it uses csum_partial/csum_block_add directly.
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "internal.h"
#include "skb/check.h"
#include "skb/memory.h"
#include "skb/profile.h"


namespace skb {
namespace {

using internal::Format;

constexpr __u16 kUnsetHeader = static_cast<__u16>(~0U);
// Deeper frag_list nesting than this is reported instead of followed.
constexpr int kMaxFragListDepth = 8;

// Pointers are compared and offset as integers: the values may be garbage,
// and pointer arithmetic outside an object is undefined behaviour.
uintptr_t Addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

std::string Ptr(const void* p) { return Format("0x%lx", static_cast<unsigned long>(Addr(p))); }
std::string Ptr(uintptr_t p) { return Format("0x%lx", static_cast<unsigned long>(p)); }

unsigned Low16(int dataref) { return static_cast<unsigned>(dataref) & SKB_DATAREF_MASK; }
unsigned High16(int dataref) { return static_cast<unsigned>(dataref) >> SKB_DATAREF_SHIFT; }


// The allocation a head lives in: a kmalloc'd head (FindHead) or, for
// head_frag heads, the (compound) page behind it.
struct HeadAlloc {
  bool found = false;
  bool is_page = false;
  uintptr_t start = 0;
  size_t physical = 0;  // bytes that may be read
  size_t kernel = 0;    // what the kernel allocated (ksize / page_size)
  const page* pg = nullptr;
};

HeadAlloc LocateHead(const unsigned char* head) {
  HeadAlloc a;
  if (head == nullptr) return a;
  const unsigned char* start = nullptr;
  size_t size = 0;
  if (FindHead(head, &start, &size)) {
    a.found = true;
    a.start = Addr(start);
    a.physical = size;
    size_t ks = internal::Ksize(start);
    a.kernel = ks != 0 && ks <= size ? ks : size;
    return a;
  }
  const page* pg = virt_to_head_page(head);
  if (pg != nullptr && IsLivePage(pg)) {
    a.found = true;
    a.is_page = true;
    a.start = Addr(page_address(pg));
    a.physical = page_size(pg);
    a.kernel = a.physical;
    a.pg = pg;
  }
  return a;
}

// The shared info of skb, copied out of its head if [head + end,
// head + end + sizeof(struct skb_shared_info)) lies inside a live head
// allocation. skb must be live.
bool SnapshotShinfo(const sk_buff* skb, skb_shared_info* out, uintptr_t* where = nullptr) {
  HeadAlloc a = LocateHead(skb->head);
  if (!a.found) return false;
  const uintptr_t sh = Addr(skb->head) + skb->end;
  if (sh < a.start || sh + sizeof(skb_shared_info) > a.start + a.physical) return false;
  std::memcpy(static_cast<void*>(out), reinterpret_cast<const void*>(sh), sizeof(skb_shared_info));
  if (where != nullptr) *where = sh;
  return true;
}

struct PageRef {
  const page* pg;
  unsigned descriptors;
};

void CountPage(std::vector<PageRef>* refs, const page* pg) {
  for (PageRef& r : *refs) {
    if (r.pg == pg) {
      r.descriptors++;
      return;
    }
  }
  refs->push_back(PageRef{pg, 1});
}

// State shared by the whole walk of one Check() call.
struct Walk {
  CheckMode mode;
  bool strict() const { return mode == CheckMode::kStrict; }
  // Frag descriptors per live page across every shinfo reached (F1).
  std::vector<PageRef> page_refs;
  std::vector<uintptr_t> shinfos_counted;
  // Every skb reached so far (the checked skb and its frag_list members).
  std::vector<const sk_buff*> visited;

  bool Visited(const sk_buff* s) const {
    for (const sk_buff* v : visited) {
      if (v == s) return true;
    }
    return false;
  }
};

void Add(std::vector<Violation>* out, const char* id, const char* name, std::string reason) {
  out->push_back(Violation{id, name, std::move(reason)});
}

// csum_partial of [data, data + len) over the linear area, the frags and the
// frag_list, as __skb_checksum() sums it. Only called on an skb for which
// CheckOne() found every byte in validated memory (which covers its members).
__wsum SumBytes(const sk_buff* skb) {
  const unsigned headlen = skb->len - skb->data_len;
  __wsum csum = csum_partial(skb->data, static_cast<int>(headlen), 0);
  unsigned pos = headlen;
  skb_shared_info sh;
  if (!SnapshotShinfo(skb, &sh)) return csum;
  for (unsigned i = 0; i < sh.nr_frags; i++) {
    const skb_frag_t& f = sh.frags[i];
    const auto* addr = static_cast<const unsigned char*>(page_address(skb_frag_page(&f))) + skb_frag_off(&f);
    __wsum c2 = csum_partial(addr, static_cast<int>(skb_frag_size(&f)), 0);
    csum = csum_block_add(csum, c2, static_cast<int>(pos));
    pos += skb_frag_size(&f);
  }
  for (const sk_buff* m = sh.frag_list; m != nullptr; m = m->next) {
    csum = csum_block_add(csum, SumBytes(m), static_cast<int>(pos));
    pos += m->len;
  }
  return csum;
}

const char* FcloneName(unsigned f) {
  switch (f) {
    case SKB_FCLONE_UNAVAILABLE: return "SKB_FCLONE_UNAVAILABLE";
    case SKB_FCLONE_ORIG: return "SKB_FCLONE_ORIG";
    case SKB_FCLONE_CLONE: return "SKB_FCLONE_CLONE";
    default: return "invalid";
  }
}

// S19: the fast-clone state machine (sk_buff_fclones, kfree_skbmem).
void CheckFclone(const sk_buff* skb, std::vector<Violation>* out) {
  const Profile& p = Active();
  using internal::SkbFclones;
  switch (skb->fclone) {
    case SKB_FCLONE_UNAVAILABLE:
      return;
    case SKB_FCLONE_ORIG: {
      const auto* fc = reinterpret_cast<const SkbFclones*>(skb);
      if (!internal::IsFclonePair(fc)) {
        Add(out, "S19", "fclone_state_inconsistent",
            "fclone = SKB_FCLONE_ORIG but the skb is not the first half of an skbuff_fclone_cache object");
        return;
      }
      const int ref = atomic_read(&fc->fclone_ref.refs);
      const sk_buff* companion = &fc->skb2;
      const bool in_use = IsLiveSkb(companion);
      const unsigned state = companion->fclone;
      if (ref != 1 && ref != 2) {
        Add(out, "S19", "fclone_state_inconsistent",
            Format("fclone_ref = %d, must be 1 or 2 (orig + companion %s, %s)", ref, Ptr(companion).c_str(),
                   in_use ? "in use" : "free"));
        return;
      }
      if (p.fclone_permanent_clone) {
        if (state != SKB_FCLONE_CLONE) {
          Add(out, "S19", "fclone_state_inconsistent",
              Format("companion %s has fclone = %u (%s), but 3.18+ keeps it SKB_FCLONE_CLONE", Ptr(companion).c_str(),
                     state, FcloneName(state)));
        }
        if (in_use != (ref == 2)) {
          Add(out, "S19", "fclone_state_inconsistent",
              Format("companion %s is %s but fclone_ref = %d (in use <=> fclone_ref == 2)", Ptr(companion).c_str(),
                     in_use ? "in use" : "free", ref));
        }
      } else if ((state == SKB_FCLONE_CLONE) != in_use || in_use != (ref == 2)) {
        Add(out, "S19", "fclone_state_inconsistent",
            Format("companion %s has fclone = %u (%s), is %s, and fclone_ref = %d "
                   "(<= 3.17: SKB_FCLONE_CLONE <=> in use <=> fclone_ref == 2)",
                   Ptr(companion).c_str(), state, FcloneName(state), in_use ? "in use" : "free", ref));
      }
      return;
    }
    case SKB_FCLONE_CLONE: {
      const uintptr_t base = Addr(skb) - offsetof(SkbFclones, skb2);
      const auto* fc = reinterpret_cast<const SkbFclones*>(base);
      if (!internal::IsFclonePair(fc)) {
        Add(out, "S19", "fclone_state_inconsistent",
            "fclone = SKB_FCLONE_CLONE but the skb is not the second half of an skbuff_fclone_cache object");
        return;
      }
      const int ref = atomic_read(&fc->fclone_ref.refs);
      const sk_buff* orig = &fc->skb1;
      const bool orig_live = IsLiveSkb(orig);
      const int expected = 1 + (orig_live ? 1 : 0);
      if (ref != expected) {
        Add(out, "S19", "fclone_state_inconsistent",
            Format("fclone_ref = %d but the pair has %d live member(s) (this companion, orig %s %s)", ref, expected,
                   Ptr(orig).c_str(), orig_live ? "live" : "freed"));
      }
      if (orig_live && orig->fclone != SKB_FCLONE_ORIG) {
        Add(out, "S19", "fclone_state_inconsistent",
            Format("companion of %s, whose fclone = %u (%s) instead of SKB_FCLONE_ORIG", Ptr(orig).c_str(),
                   static_cast<unsigned>(orig->fclone), FcloneName(orig->fclone)));
      }
      return;
    }
    default:
      Add(out, "S19", "fclone_state_inconsistent",
          Format("fclone = %u is not a valid state", static_cast<unsigned>(skb->fclone)));
  }
}

// Checks one live skb (the checked one or a frag_list member). Returns true
// when every byte of [data, data + len) is in validated memory.
bool CheckOne(const sk_buff* skb, Walk* w, int depth, std::vector<Violation>* out) {
  const Profile& p = Active();
  const bool strict = w->strict();
  w->visited.push_back(skb);

  // ---- sk_buff fields alone (S1, S2, S3, S13, S9, S10, S15) ----
  const uintptr_t head = Addr(skb->head);
  const long long data_off = static_cast<long long>(Addr(skb->data) - head);
  const long long tail = skb->tail;
  const long long end = skb->end;
  bool s1 = data_off >= 0 && data_off <= tail && tail <= end;
  if (!s1) {
    const char* what = data_off < 0       ? "data is before head"
                       : data_off > tail ? "data is past tail"
                                         : "tail is past end";
    Add(out, "S1", "geometry_out_of_order",
        Format("%s: data - head = %lld, tail = %lld, end = %lld (need 0 <= data - head <= tail <= end)", what,
               data_off, tail, end));
  }
  const bool s2 = skb->len >= skb->data_len;
  if (!s2) {
    Add(out, "S2", "len_lt_data_len",
        Format("len = %u < data_len = %u (headlen = len - data_len would be %lld)", skb->len, skb->data_len,
               static_cast<long long>(skb->len) - skb->data_len));
  }
  // S3 needs a headlen: skipped when S2 already failed.
  bool s3 = true;
  if (s2) {
    const long long headlen = static_cast<long long>(skb->len) - skb->data_len;
    if (tail - data_off != headlen) {
      s3 = false;
      Add(out, "S3", "headlen_ne_tail_minus_data",
          Format("tail - (data - head) = %lld but len - data_len = %lld (len = %u, data_len = %u, tail = %lld, "
                 "data - head = %lld)",
                 tail - data_off, headlen, skb->len, skb->data_len, tail, data_off));
    }
  }
  const bool linear_ok = s1 && s2 && s3;

  // S13: set header offsets inside [0, end] (tolerant); their order (strict).
  struct HeaderField {
    const char* name;
    __u16 value;
  };
  const HeaderField headers[] = {
      {"mac_header", skb->mac_header}, {"network_header", skb->network_header}, {"transport_header", skb->transport_header}};
  for (const HeaderField& h : headers) {
    if (h.value == kUnsetHeader || h.value <= end) continue;
    // The kernel itself produces offsets past end and carries them harmlessly
    // until someone uses them: pskb_copy()/skb_copy_expand() copy a header
    // that lay past the source's tail into a smaller head, and
    // skb_headers_offset_update() wraps a never-set header below head when
    // the headroom shrinks. Only strict mode reports them; the paths that do
    // use a header (ip_local_deliver_finish's pull) check it where they use it.
    if (!strict) continue;
    const bool wrapped = static_cast<__s16>(h.value) < 0;
    Add(out, "S13", "header_offset_past_end",
        Format("%s = %u is past end = %lld%s", h.name, h.value, end,
               wrapped ? " (reads as a negative offset: an unset header shifted below head?)" : ""));
  }
  if (strict) {
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        if (headers[i].value == kUnsetHeader || headers[j].value == kUnsetHeader) continue;
        if (headers[i].value > headers[j].value) {
          Add(out, "S13", "header_offsets_out_of_order",
              Format("%s = %u > %s = %u (need mac <= network <= transport)", headers[i].name, headers[i].value,
                     headers[j].name, headers[j].value));
        }
      }
    }
  }

  if (strict) {
    // S9: truesize covers the buffer (3.2+ counts the shinfo) and the payload.
    if (p.truesize_counts_shinfo) {
      const unsigned long min = SKB_TRUESIZE(static_cast<unsigned long>(skb->end));
      if (skb->truesize < min) {
        Add(out, "S9", "truesize_too_small",
            Format("truesize = %u < SKB_TRUESIZE(end = %u) = %lu", skb->truesize, skb->end, min));
      }
    }
    if (skb->sk != nullptr && skb->truesize < skb->len) {
      Add(out, "S9", "truesize_too_small",
          Format("truesize = %u < len = %u on a socket-owned skb (sk = %s)", skb->truesize, skb->len,
                 Ptr(skb->sk).c_str()));
    }
    // S15: a socket-less skb has no destructor.
    if (skb->sk == nullptr && skb->destructor != nullptr) {
      Add(out, "S15", "destructor_without_sk",
          Format("sk = NULL but destructor = %s", Ptr(reinterpret_cast<uintptr_t>(skb->destructor)).c_str()));
    }
    // S10: CHECKSUM_PARTIAL geometry (csum_start <= 0xffff holds: it is a u16).
    if (skb->ip_summed == CHECKSUM_PARTIAL && linear_ok) {
      const long long start = static_cast<long long>(skb->csum_start) - data_off;
      const long long headlen = static_cast<long long>(skb->len) - skb->data_len;
      if (start < 0 || start >= headlen || start + skb->csum_offset + 2 > headlen) {
        Add(out, "S10", "partial_csum_outside_linear",
            Format("CHECKSUM_PARTIAL with csum_start = %u, csum_offset = %u, headroom = %lld, headlen = %lld: "
                   "need headroom <= csum_start, csum_start - headroom < headlen, "
                   "csum_start - headroom + csum_offset + 2 <= headlen",
                   skb->csum_start, skb->csum_offset, data_off, headlen));
      }
    }
  }

  // S19 reads the fast-clone object around the skb, not the head.
  CheckFclone(skb, out);

  // ---- the head allocation and the shared info (H1, S18) ----
  const HeadAlloc alloc = LocateHead(skb->head);
  if (!alloc.found) {
    Add(out, "H1", "shinfo_outside_head",
        Format("head = %s is not inside any live head allocation or page; the shared info at head + end = %s "
               "cannot be read",
               Ptr(head).c_str(), Ptr(head + skb->end).c_str()));
    return false;
  }
  if (alloc.is_page && !skb->head_frag) {
    Add(out, "S18", "head_free_path_mismatch",
        Format("head_frag = 0 but head = %s is page memory (page %s); kfree(head) would free memory kmalloc "
               "never returned",
               Ptr(head).c_str(), Ptr(alloc.pg).c_str()));
  } else if (!alloc.is_page && skb->head_frag) {
    Add(out, "S18", "head_free_path_mismatch",
        Format("head_frag = 1 but head = %s is a kmalloc'd head; skb_free_frag() would put_page() a page that "
               "does not exist",
               Ptr(head).c_str()));
  } else if (!alloc.is_page && head != alloc.start) {
    Add(out, "S18", "head_free_path_mismatch",
        Format("head = %s is %lu bytes into the kmalloc'd object at %s; kfree(head) frees an address kmalloc "
               "never returned",
               Ptr(head).c_str(), static_cast<unsigned long>(head - alloc.start), Ptr(alloc.start).c_str()));
  }
  if (strict && alloc.is_page && page_is_pfmemalloc(alloc.pg) && !skb->pfmemalloc) {
    Add(out, "S18", "pfmemalloc_not_propagated",
        Format("head page %s is pfmemalloc but skb->pfmemalloc = 0", Ptr(alloc.pg).c_str()));
  }

  const uintptr_t sh_addr = head + skb->end;
  const size_t kernel_size = p.shinfo_size;
  const bool physical_ok =
      sh_addr >= alloc.start && sh_addr + sizeof(skb_shared_info) <= alloc.start + alloc.physical;
  const bool kernel_ok = sh_addr >= alloc.start && sh_addr + kernel_size <= alloc.start + alloc.kernel;
  if (!physical_ok || !kernel_ok) {
    Add(out, "H1", "shinfo_outside_head",
        Format("shared info at head + end = %s + %u needs %zu bytes (%zu in this build) but the %s at %s holds "
               "%zu bytes (%zu readable)",
               Ptr(head).c_str(), skb->end, kernel_size, sizeof(skb_shared_info),
               alloc.is_page ? "head page" : "head allocation", Ptr(alloc.start).c_str(), alloc.kernel,
               alloc.physical));
  }
  if (!physical_ok) return false;

  skb_shared_info sh;
  std::memcpy(static_cast<void*>(&sh), reinterpret_cast<const void*>(sh_addr), sizeof(sh));

  // ---- shinfo header fields (H2, S5, S16, S17, H3 range, H5, S12) ----
  const unsigned max_frags = p.max_skb_frags;
  const bool frags_walkable = sh.nr_frags <= max_frags && sh.nr_frags <= LIBSKB_FRAGS_CAPACITY;
  if (!frags_walkable) {
    Add(out, "H2", "nr_frags_gt_max",
        Format("nr_frags = %u > MAX_SKB_FRAGS = %u (profile %.*s); frags not walked", sh.nr_frags, max_frags,
               static_cast<int>(p.name.size()), p.name.data()));
  }

  if (skb->data_len == 0 && (sh.nr_frags != 0 || sh.frag_list != nullptr)) {
    // Zero-size frags alone are tolerated by the kernel (they are F2, strict).
    bool nonzero = !frags_walkable || sh.frag_list != nullptr;
    for (unsigned i = 0; frags_walkable && i < sh.nr_frags; i++) nonzero |= skb_frag_size(&sh.frags[i]) != 0;
    if (nonzero || strict) {
      Add(out, "S5", "frags_without_data_len",
          Format("data_len = 0 but nr_frags = %u and frag_list = %s", sh.nr_frags, Ptr(sh.frag_list).c_str()));
    }
  }

  const int dataref = atomic_read(&sh.dataref);
  const unsigned low = Low16(dataref);
  const unsigned high = High16(dataref);
  if (!skb->cloned && low != 1) {
    Add(out, "S16", "uncloned_dataref_ne_1",
        Format("cloned = 0 but low16(dataref) = %u (dataref = %d = %#x); skb_release_data would free a head "
               "others use",
               low, dataref, static_cast<unsigned>(dataref)));
  }
  if (skb->nohdr && high < 1) {
    Add(out, "S17", "nohdr_without_payload_ref",
        Format("nohdr = 1 but high16(dataref) = 0 (dataref = %d = %#x)", dataref, static_cast<unsigned>(dataref)));
  }
  const bool dataref_in_range = low >= 1 && high <= low;
  if (!dataref_in_range) {
    Add(out, "H3", "dataref_out_of_range",
        Format("dataref = %d = %#x: low16 = %u, high16 = %u (need low16 >= 1 and high16 <= low16)", dataref,
               static_cast<unsigned>(dataref), low, high));
  }

  if ((sh.flags & SKBFL_ZEROCOPY_ENABLE) && sh.destructor_arg == nullptr) {
    Add(out, "H5", "zerocopy_without_ubuf",
        Format("shinfo flags = %#x has SKBFL_ZEROCOPY_ENABLE but destructor_arg = NULL", sh.flags));
  }
  if (strict && sh.gso_size != 0 && sh.gso_type == 0) {
    Add(out, "S12", "gso_size_without_gso_type",
        Format("gso_size = %u but gso_type = 0 (gso_segs = %u)", sh.gso_size, sh.gso_segs));
  }

  // ---- frags (F1 live, F4, F3, F2) ----
  bool bytes_ok = linear_ok && physical_ok && kernel_ok;
  unsigned long long frag_sum = 0;
  bool frag_sum_known = frags_walkable;
  bool count_pages = false;
  if (frags_walkable) {
    count_pages = true;
    for (uintptr_t seen : w->shinfos_counted) count_pages &= seen != sh_addr;
    if (count_pages) w->shinfos_counted.push_back(sh_addr);
    for (unsigned i = 0; i < sh.nr_frags; i++) {
      const skb_frag_t& f = sh.frags[i];
      const page* pg = skb_frag_page(&f);
      const unsigned off = skb_frag_off(&f);
      const unsigned size = skb_frag_size(&f);
      frag_sum += size;
      const bool live = IsLivePage(pg);
      if (!live) {
        bytes_ok = false;
        Add(out, "F1", "frag_page_not_live",
            pg == nullptr ? Format("frags[%u] has page = NULL (offset %u, size %u)", i, off, size)
                          : Format("frags[%u] page %s is not a live page (freed or never allocated; offset %u, size %u)",
                                   i, Ptr(pg).c_str(), off, size));
      } else if (count_pages) {
        CountPage(&w->page_refs, pg);
      }
      if (static_cast<int>(off) < 0 || static_cast<int>(size) < 0) {
        bytes_ok = false;
        Add(out, "F4", "frag_field_negative",
            Format("frags[%u]: offset = %d, size = %d as int (u32 %u, %u): a negative value stored in the field", i,
                   static_cast<int>(off), static_cast<int>(size), off, size));
      }
      if (live && static_cast<unsigned long long>(off) + size > page_size(pg)) {
        bytes_ok = false;
        Add(out, "F3", "frag_past_page_end",
            Format("frags[%u]: offset %u + size %u = %llu > page_size = %lu (page %s, order %u)", i, off, size,
                   static_cast<unsigned long long>(off) + size, page_size(pg), Ptr(pg).c_str(), compound_order(pg)));
      }
      if (strict && size == 0) {
        Add(out, "F2", "frag_size_zero", Format("frags[%u] (page %s, offset %u) has size 0", i, Ptr(pg).c_str(), off));
      }
      if (strict && live && page_is_pfmemalloc(pg) && !skb->pfmemalloc) {
        Add(out, "S18", "pfmemalloc_not_propagated",
            Format("frags[%u] page %s is pfmemalloc but skb->pfmemalloc = 0", i, Ptr(pg).c_str()));
      }
    }
  } else {
    bytes_ok = false;
  }

  // ---- frag_list (H4), each member checked recursively ----
  unsigned long long list_sum = 0;
  bool list_sum_known = true;
  int index = 0;
  for (const sk_buff* m = sh.frag_list; m != nullptr; m = m->next, index++) {
    if (!IsLiveSkb(m)) {
      Add(out, "H4", "frag_list_member_not_live",
          Format("frag_list member %s (#%d) is not a live skb", Ptr(m).c_str(), index));
      list_sum_known = false;
      break;
    }
    if (w->Visited(m)) {
      Add(out, "H4", "frag_list_cycle",
          Format("frag_list member %s (#%d) was already reached: the chain loops or is shared", Ptr(m).c_str(), index));
      list_sum_known = false;
      break;
    }
    if (depth >= kMaxFragListDepth) {
      Add(out, "H4", "frag_list_cycle",
          Format("frag_list member %s (#%d) is nested %d levels deep; not followed", Ptr(m).c_str(), index, depth + 1));
      list_sum_known = false;
      break;
    }
    list_sum += m->len;
    const int users = atomic_read(&m->users.refs);
    if (users < 1) {
      Add(out, "H4", "frag_list_member_unreferenced",
          Format("frag_list member %s (#%d) has users = %d", Ptr(m).c_str(), index, users));
    }
    std::vector<Violation> sub;
    const bool member_bytes = CheckOne(m, w, depth + 1, &sub);
    if (!member_bytes) bytes_ok = false;
    for (const Violation& v : sub) {
      Add(out, "H4", "frag_list_member_invalid",
          Format("frag_list member %s (#%d): %s", Ptr(m).c_str(), index, v.ToString().c_str()));
    }
  }
  if (!list_sum_known) bytes_ok = false;

  // ---- S4: data_len is exactly what the frags and the frag_list hold ----
  if (frag_sum_known && list_sum_known) {
    if (skb->data_len != frag_sum + list_sum) {
      bytes_ok = false;
      Add(out, "S4", "data_len_ne_frag_sum",
          Format("data_len = %u but frags sum to %llu (nr_frags = %u) and frag_list to %llu", skb->data_len, frag_sum,
                 sh.nr_frags, list_sum));
    }
  } else {
    bytes_ok = false;
  }

  // ---- H3: dataref counts the live sk_buffs sharing this head ----
  unsigned sharers = 0;
  unsigned nohdr_sharers = 0;
  for (const sk_buff* s : internal::LiveSkbsSharingHead(skb->head)) {
    if (s->end != skb->end) continue;  // a different shinfo (C1 reports a pair that disagrees)
    sharers++;
    if (s->nohdr) nohdr_sharers++;
  }
  if (dataref_in_range && low != sharers) {
    Add(out, "H3", "dataref_ne_sharers",
        Format("low16(dataref) = %u (dataref = %#x) but %u live skb(s) reference head %s", low,
               static_cast<unsigned>(dataref), sharers, Ptr(head).c_str()));
  }
  if (dataref_in_range && high != nohdr_sharers) {
    Add(out, "H3", "dataref_nohdr_ne_sharers",
        Format("high16(dataref) = %u (dataref = %#x) but %u live skb(s) with nohdr = 1 reference head %s", high,
               static_cast<unsigned>(dataref), nohdr_sharers, Ptr(head).c_str()));
  }

  // ---- S11: a CHECKSUM_COMPLETE csum matches the bytes (last: reads all) ----
  if (strict && skb->ip_summed == CHECKSUM_COMPLETE && bytes_ok) {
    const __sum16 want = csum_fold(SumBytes(skb));
    const __sum16 have = csum_fold(skb->csum);
    // 0x0000 and 0xffff are the two ones'-complement zeros.
    const bool same = want == have || (want == 0 && have == 0xffff) || (want == 0xffff && have == 0);
    if (!same) {
      Add(out, "S11", "complete_csum_mismatch",
          Format("CHECKSUM_COMPLETE csum = %#x folds to %#06x but [data, data + len = %u) folds to %#06x",
                 static_cast<unsigned>(skb->csum), static_cast<unsigned>(have), skb->len,
                 static_cast<unsigned>(want)));
    }
  }
  return bytes_ok;
}

// F1: every live frag page holds at least one reference per descriptor.
void CheckPageRefs(const std::vector<PageRef>& refs, const char* id, const char* name, const char* where,
                   std::vector<Violation>* out) {
  for (const PageRef& r : refs) {
    const int count = page_ref_count(r.pg);
    if (count < 0 || static_cast<unsigned>(count) < r.descriptors) {
      Add(out, id, name,
          Format("page %s has refcount %d but %u frag descriptor(s) in %s reference it", Ptr(r.pg).c_str(), count,
                 r.descriptors, where));
    }
  }
}

void Prefix(std::vector<Violation>* v, const std::string& prefix) {
  for (Violation& x : *v) x.reason = prefix + x.reason;
}

}  // namespace

std::vector<Violation> Check(const sk_buff* skb, CheckMode mode) {
  std::vector<Violation> out;
  if (!IsLiveSkb(skb)) {
    Add(&out, "S7", "use_after_free",
        skb == nullptr ? std::string("skb is NULL")
                       : Format("skb %s is not a live sk_buff (freed or never allocated); nothing else was read",
                                Ptr(skb).c_str()));
    return out;
  }
  Walk w{mode, {}, {}, {}};
  CheckOne(skb, &w, 0, &out);
  CheckPageRefs(w.page_refs, "F1", "frag_page_refcount_low", "this skb's shared info and its frag_list", &out);
  return out;
}

std::vector<Violation> CheckClonePair(const sk_buff* a, const sk_buff* b, CheckMode mode) {
  std::vector<Violation> out = Check(a, mode);
  Prefix(&out, "skb a: ");
  std::vector<Violation> vb = Check(b, mode);
  Prefix(&vb, "skb b: ");
  out.insert(out.end(), vb.begin(), vb.end());
  if (!IsLiveSkb(a) || !IsLiveSkb(b)) return out;
  if (a == b) {
    Add(&out, "C1", "clone_pair_mismatch", Format("a and b are the same skb %s", Ptr(a).c_str()));
    return out;
  }

  skb_shared_info sha;
  skb_shared_info shb;
  uintptr_t where_a = 0;
  uintptr_t where_b = 0;
  const bool ra = SnapshotShinfo(a, &sha, &where_a);
  const bool rb = SnapshotShinfo(b, &shb, &where_b);

  if (a->head == b->head) {
    // C1: one head, one shared info, both marked cloned and both counted.
    if (!a->cloned || !b->cloned) {
      Add(&out, "C1", "clone_pair_mismatch",
          Format("a and b share head %s but cloned = %u / %u (both must be 1)", Ptr(a->head).c_str(),
                 static_cast<unsigned>(a->cloned), static_cast<unsigned>(b->cloned)));
    }
    if (a->end != b->end) {
      Add(&out, "C1", "clone_pair_mismatch",
          Format("a and b share head %s but end = %u / %u: two different shared infos", Ptr(a->head).c_str(), a->end,
                 b->end));
    } else if (ra) {
      const int dataref = atomic_read(&sha.dataref);
      if (Low16(dataref) < 2) {
        Add(&out, "C1", "clone_pair_mismatch",
            Format("a and b share head %s but low16(dataref) = %u (dataref = %#x) does not count both",
                   Ptr(a->head).c_str(), Low16(dataref), static_cast<unsigned>(dataref)));
      }
    }
    return out;
  }

  // C5: the pair no longer shares a head (pskb_expand_head on one member).
  if (ra && rb && where_a == where_b) {
    Add(&out, "C5", "unshared_pair_refs_low",
        Format("heads differ (%s / %s) but both shared infos are at %s", Ptr(a->head).c_str(), Ptr(b->head).c_str(),
               Ptr(where_a).c_str()));
    return out;
  }
  if (!ra || !rb) return out;
  // Every frag page gained one reference and every frag_list member one user
  // when the head was copied: count the descriptors of both shinfos together.
  std::vector<PageRef> refs;
  std::vector<std::pair<const sk_buff*, unsigned>> members;
  for (const skb_shared_info* sh : {&sha, &shb}) {
    if (sh->nr_frags > Active().max_skb_frags || sh->nr_frags > LIBSKB_FRAGS_CAPACITY) return out;
    for (unsigned i = 0; i < sh->nr_frags; i++) {
      const page* pg = skb_frag_page(&sh->frags[i]);
      if (IsLivePage(pg)) CountPage(&refs, pg);
    }
    int n = 0;
    for (const sk_buff* m = sh->frag_list; m != nullptr && n < 4096; m = m->next, n++) {
      if (!IsLiveSkb(m)) break;
      bool found = false;
      for (auto& e : members) {
        if (e.first == m) {
          e.second++;
          found = true;
        }
      }
      if (!found) members.emplace_back(m, 1);
    }
  }
  CheckPageRefs(refs, "C5", "unshared_pair_refs_low", "the two shared infos of a and b together", &out);
  for (const auto& [m, parents] : members) {
    const int users = atomic_read(&m->users.refs);
    if (users < 0 || static_cast<unsigned>(users) < parents) {
      Add(&out, "C5", "unshared_pair_refs_low",
          Format("frag_list member %s has users = %d but is on the frag_list of %u of a and b", Ptr(m).c_str(), users,
                 parents));
    }
  }
  return out;
}

}  // namespace skb
