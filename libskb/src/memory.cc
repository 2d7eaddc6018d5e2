// libskb: the memory model - slab caches in asan or kernel mode, kmalloc'd
// heads, pages, fault injection, and the registry of live objects that lets
// the checker and the dumps look at corrupted skbs without dereferencing
// garbage.
#include "skb/memory.h"

#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>

#include <absl/container/btree_map.h>
#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>

#include "internal.h"

namespace skb {
namespace {

// A kmem_cache. In kernel mode it is SLUB-like: objects are carved from
// slabs and a free object holds the free-list pointer at offset 0 (as SLUB
// without CONFIG_SLAB_FREELIST_HARDENED, the 3.10 behaviour), reused LIFO.
class SlabCache {
 public:
  explicit SlabCache(size_t object_size) : size_(std::max<size_t>((object_size + 7) & ~size_t{7}, 8)) {}

  void* Alloc(SlabMode mode) {
    if (mode == SlabMode::kAsan) return std::malloc(size_);
    if (freelist_ == nullptr) NewSlab();
    void* obj = freelist_;
    std::memcpy(&freelist_, obj, sizeof(void*));  // the free pointer lives in the object
    return obj;
  }

  // Drops the free list (the slabs stay allocated): used after a test
  // corrupted it on purpose.
  void ResetFreeList() { freelist_ = nullptr; }

  void Free(SlabMode mode, void* obj) {
    if (mode == SlabMode::kAsan) {
      std::free(obj);
      return;
    }
    std::memcpy(obj, &freelist_, sizeof(void*));
    freelist_ = obj;
  }

  size_t object_size() const { return size_; }

 private:
  void NewSlab() {
    constexpr size_t kSlabBytes = 32 * 1024;
    size_t n = std::max<size_t>(kSlabBytes / size_, 4);
    auto* slab = static_cast<unsigned char*>(std::aligned_alloc(64, ((n * size_ + 63) / 64) * 64));
    slabs_.emplace_back(slab);
    // Build the free list so that the lowest address is handed out first.
    for (size_t i = n; i-- > 0;) {
      void* obj = slab + i * size_;
      std::memcpy(obj, &freelist_, sizeof(void*));
      freelist_ = obj;
    }
  }

  struct FreeDeleter {
    void operator()(unsigned char* p) const { std::free(p); }
  };

  size_t size_;
  void* freelist_ = nullptr;
  std::vector<std::unique_ptr<unsigned char, FreeDeleter>> slabs_;
};

struct HeadInfo {
  size_t physical;  // bytes really allocated
  size_t ksize;     // the kmalloc size class the kernel would report
};

struct PageInfo {
  std::unique_ptr<page> meta;
};

struct State {
  SlabMode mode = SlabMode::kAsan;
  SlabCache skbuff_head{sizeof(sk_buff)};
  SlabCache skbuff_fclone{sizeof(internal::SkbFclones)};
  SlabCache tcp_sock{sizeof(struct tcp_sock)};  // the "TCP" cache
  std::map<size_t, SlabCache> kmalloc;  // by physical object size

  uint64_t allocations = 0;
  uint64_t fail_at = UINT64_MAX;        // fail exactly this allocation number
  uint64_t fail_from = UINT64_MAX;      // fail every allocation from this number

  absl::flat_hash_set<const sk_buff*> live_skbs;
  absl::flat_hash_set<const void*> fclone_pairs;  // live skbuff_fclone_cache objects
  absl::btree_map<uintptr_t, HeadInfo> heads;  // by start address, for range lookups
  size_t head_bytes = 0;
  absl::flat_hash_set<const page*> live_pages;
  absl::btree_map<uintptr_t, page*> page_ranges;  // page memory start -> page
};

State& S() {
  static State* s = new State();  // never destroyed: skbs may be freed from static destructors
  return *s;
}

SlabCache& KmallocCache(size_t physical) {
  auto& caches = S().kmalloc;
  auto it = caches.find(physical);
  if (it == caches.end()) it = caches.emplace(physical, SlabCache(physical)).first;
  return it->second;
}

// Bytes the C struct skb_shared_info needs beyond the profile's aligned
// shinfo size (frags[] is sized for the largest profile).
size_t ShinfoSlack() {
  size_t aligned = SKB_DATA_ALIGN(skb::Active().shinfo_size);
  return sizeof(skb_shared_info) > aligned ? sizeof(skb_shared_info) - aligned : 0;
}

}  // namespace

SlabMode GetSlabMode() { return S().mode; }

void SetSlabMode(SlabMode mode) {
  State& s = S();
  if (s.mode == mode) return;
  if (!s.live_skbs.empty() || !s.heads.empty()) {
    std::fprintf(stderr, "libskb: SetSlabMode with %zu live skbs and %zu live heads; free them first\n",
                 s.live_skbs.size(), s.heads.size());
    std::abort();
  }
  s.mode = mode;
}

void AbandonAll() {
  State& s = S();
  s.live_skbs.clear();
  s.fclone_pairs.clear();
  s.heads.clear();
  s.head_bytes = 0;
  s.live_pages.clear();
  s.page_ranges.clear();
  s.skbuff_head.ResetFreeList();
  s.skbuff_fclone.ResetFreeList();
  s.tcp_sock.ResetFreeList();
  for (auto& [size, cache] : s.kmalloc) cache.ResetFreeList();
}

void FailAllocationAfter(uint64_t n) { S().fail_at = S().allocations + n; }
void FailAllAllocationsAfter(uint64_t n) { S().fail_from = S().allocations + n; }
void ClearAllocationFailures() {
  S().fail_at = UINT64_MAX;
  S().fail_from = UINT64_MAX;
}
uint64_t AllocationCount() { return S().allocations; }

MemoryStats Stats() {
  MemoryStats m;
  m.live_skbs = S().live_skbs.size();
  m.live_heads = S().heads.size();
  m.live_pages = S().live_pages.size();
  m.live_head_bytes = S().head_bytes;
  return m;
}

bool IsLiveSkb(const sk_buff* skb) { return skb != nullptr && S().live_skbs.contains(skb); }
bool IsLivePage(const page* p) { return p != nullptr && S().live_pages.contains(p); }

bool FindHead(const void* p, const unsigned char** start, size_t* size) {
  auto& heads = S().heads;
  auto addr = reinterpret_cast<uintptr_t>(p);
  auto it = heads.upper_bound(addr);
  if (it == heads.begin()) return false;
  --it;
  if (addr >= it->first + it->second.physical) return false;
  if (start) *start = reinterpret_cast<const unsigned char*>(it->first);
  if (size) *size = it->second.physical;
  return true;
}

// kmalloc_size_roundup() of x86_64 SLUB: the kmalloc-N caches, then whole
// pages from the page allocator above KMALLOC_MAX_CACHE_SIZE (8 KiB).
size_t KmallocSize(size_t size) {
  static constexpr size_t kClasses[] = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};
  for (size_t c : kClasses) {
    if (size <= c) return c;
  }
  size_t bytes = PAGE_SIZE;
  while (bytes < size) bytes <<= 1;
  return bytes;
}

namespace internal {

bool AllocationAllowed() {
  State& s = S();
  uint64_t n = s.allocations++;
  return !(n == s.fail_at || n >= s.fail_from);
}

void* CacheAlloc(Cache cache) {
  if (!AllocationAllowed()) return nullptr;
  State& s = S();
  if (cache == Cache::kSkbuffHead) return s.skbuff_head.Alloc(s.mode);
  if (cache == Cache::kTcpSock) return s.tcp_sock.Alloc(s.mode);
  void* pair = s.skbuff_fclone.Alloc(s.mode);
  s.fclone_pairs.insert(pair);
  return pair;
}

bool IsFclonePair(const void* pair) { return S().fclone_pairs.contains(pair); }

void CacheFree(Cache cache, void* obj) {
  State& s = S();
  if (cache == Cache::kSkbuffFclone) s.fclone_pairs.erase(obj);
  if (cache == Cache::kTcpSock) {
    s.tcp_sock.Free(s.mode, obj);
    return;
  }
  (cache == Cache::kSkbuffHead ? s.skbuff_head : s.skbuff_fclone).Free(s.mode, obj);
}

unsigned char* KmallocHead(size_t size, size_t* ksize, bool skb_head) {
  if (!AllocationAllowed()) return nullptr;
  const Profile& prof = Active();
  size_t ks = KmallocSize(size);
  // 6.3+: heads that fit come from skb_small_head_cache (bf9f1baa279f).
  if (skb_head && prof.small_head_size != 0 && size <= prof.small_head_size) ks = prof.small_head_size;
  size_t physical = ks + ShinfoSlack();
  State& s = S();
  auto* mem = static_cast<unsigned char*>(s.mode == SlabMode::kAsan ? std::malloc(physical)
                                                                     : KmallocCache(physical).Alloc(s.mode));
#ifdef LIBSKB_CHECKED
  // SLUB's in-use poison (POISON_INUSE): fresh heads hold no stale bytes.
  std::memset(mem, 0x5a, physical);
#endif
  s.heads.emplace(reinterpret_cast<uintptr_t>(mem), HeadInfo{physical, ks});
  s.head_bytes += physical;
  *ksize = ks;
  return mem;
}

void KfreeHead(const void* head) {
  State& s = S();
  auto it = s.heads.find(reinterpret_cast<uintptr_t>(head));
  if (it == s.heads.end()) {
    // A page-fragment head without head_frag: build_skb(data, frag_size)
    // under a profile that predates head_frag. Free it by what it is.
    if (virt_to_head_page(head) != nullptr) {
      FreeFrag(head);
      return;
    }
    std::fprintf(stderr, "libskb: kfree of %p, which is not a live head\n", head);
    std::abort();
  }
  size_t physical = it->second.physical;
  s.head_bytes -= physical;
  s.heads.erase(it);
  if (s.mode == SlabMode::kAsan) {
    std::free(const_cast<void*>(head));
  } else {
    KmallocCache(physical).Free(s.mode, const_cast<void*>(head));
  }
}

size_t Ksize(const void* p) {
  auto it = S().heads.find(reinterpret_cast<uintptr_t>(p));
  return it == S().heads.end() ? 0 : it->second.ksize;
}

void* AllocFrag(size_t size) {
  unsigned order = 0;
  while ((PAGE_SIZE << order) < size + ShinfoSlack()) ++order;
  page* pg = alloc_pages(GFP_ATOMIC, order);
  return pg ? page_address(pg) : nullptr;
}

void FreeFrag(const void* addr) { put_page(virt_to_head_page(addr)); }

void RegisterSkb(const sk_buff* skb) { S().live_skbs.insert(skb); }
void UnregisterSkb(const sk_buff* skb) { S().live_skbs.erase(skb); }

std::vector<const sk_buff*> LiveSkbsSharingHead(const unsigned char* head) {
  std::vector<const sk_buff*> out;
  for (const sk_buff* s : S().live_skbs) {
    if (s->head == head) out.push_back(s);
  }
  return out;
}

}  // namespace internal
}  // namespace skb

using skb::S;

extern "C" {

// Models alloc_pages() (mm/page_alloc.c): real memory, refcount 1.
struct page* alloc_pages(gfp_t gfp_mask, unsigned int order) {
  (void)gfp_mask;
  if (!skb::internal::AllocationAllowed()) return nullptr;
  size_t bytes = PAGE_SIZE << order;
  void* mem = std::aligned_alloc(PAGE_SIZE, bytes);
  if (mem == nullptr) return nullptr;
  auto* pg = new page{};
  atomic_set(&pg->_refcount, 1);
  pg->order = order;
  pg->vaddr = mem;
  S().live_pages.insert(pg);
  S().page_ranges.emplace(reinterpret_cast<uintptr_t>(mem), pg);
  return pg;
}

static void FreePage(struct page* pg) {
  S().page_ranges.erase(reinterpret_cast<uintptr_t>(pg->vaddr));
  S().live_pages.erase(pg);
  std::free(pg->vaddr);
  delete pg;
}

// Models put_page() (include/linux/mm.h): drop a reference, free at zero.
// A put on a free page is the kernel's VM_BUG_ON_PAGE(page_ref_count == 0).
void put_page(struct page* pg) {
#ifdef LIBSKB_CHECKED
  // The kernel checks this only with CONFIG_DEBUG_VM; release builds (the
  // benchmarks) skip the registry lookup, as a production kernel does.
  if (!skb::IsLivePage(pg)) {
    skb::internal::Bug(skb::Site::kPutPageZero, nullptr,
                       skb::internal::Format("page:%p refcount:0 (put_page on a freed page)\n"
                                             "page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n",
                                             static_cast<void*>(pg)),
                       LIBSKB_CALLER());
  }
#endif
  if (--pg->_refcount.counter == 0) FreePage(pg);
}

void __free_pages(struct page* pg, unsigned int order) {
  (void)order;
  put_page(pg);
}

// Models get_page(): a reference on a freed page is a use-after-free.
void get_page(struct page* pg) {
#ifdef LIBSKB_CHECKED
  if (!skb::IsLivePage(pg)) {
    skb::internal::Bug(skb::Site::kPutPageZero, nullptr,
                       skb::internal::Format("page:%p refcount:0 (get_page on a freed page)\n"
                                             "page dumped because: VM_BUG_ON_PAGE(page_ref_zero_or_close_to_overflow(page))\n",
                                             static_cast<void*>(pg)),
                       LIBSKB_CALLER());
  }
#endif
  pg->_refcount.counter++;
}

// Models virt_to_head_page(): the page whose memory contains addr.
struct page* virt_to_head_page(const void* addr) {
  auto& ranges = S().page_ranges;
  auto a = reinterpret_cast<uintptr_t>(addr);
  auto it = ranges.upper_bound(a);
  if (it == ranges.begin()) return nullptr;
  --it;
  if (a >= it->first + page_size(it->second)) return nullptr;
  return it->second;
}

}  // extern "C"
