// libskb: the memory model - slab caches in asan or kernel mode, kmalloc'd
// heads, pages, fault injection, and the registry of live objects that lets
// the checker and the dumps look at corrupted skbs without dereferencing
// garbage.
#include "skb/memory.h"

#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>

#include <absl/container/btree_map.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "internal.h"

namespace skb {
namespace {

// The registry's table: pointer-keyed open addressing with linear probing,
// a multiply-shift hash and backward-shift deletion (no tombstones), at most
// half full. Every alloc_skb/kfree_skb inserts and erases here, so its cost
// is on every benchmark: one multiply and, at this load, one or two probes,
// against ~100 instructions per operation for absl::flat_hash_set and a node
// allocation whenever an absl::btree_map empties (callgrind,
// docs/benchmarks.md). Key 0 marks an empty slot; null is never stored.
template <class V>
class PtrTable {
 public:
  PtrTable() { Reset(kMinCapacity); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { Reset(kMinCapacity); }

  [[gnu::always_inline]] V* find(uintptr_t key) {
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == 0) return nullptr;
    }
  }
  const V* find(uintptr_t key) const { return const_cast<PtrTable*>(this)->find(key); }
  bool contains(uintptr_t key) const { return find(key) != nullptr; }

  // Inserts key -> value unless key is present (then the old value stays,
  // as std::map::emplace). Returns whether it inserted.
  [[gnu::always_inline]] bool insert(uintptr_t key, V value) {
    if (__builtin_expect(2 * (size_ + 1) > mask_ + 1, 0)) Grow();
    size_t i = Home(key);
    for (; slots_[i].key != 0; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return false;
    }
    slots_[i].key = key;
    slots_[i].value = std::move(value);
    size_++;
    return true;
  }

  // Removes key if present; returns whether it was.
  [[gnu::always_inline]] bool erase(uintptr_t key) { return take(key, nullptr); }

  // Removes key if present, moving its value to *out (when out is not null):
  // one probe sequence for a lookup and an erase.
  [[gnu::always_inline]] bool take(uintptr_t key, V* out) {
    size_t i = Home(key);
    for (; slots_[i].key != key; i = (i + 1) & mask_) {
      if (slots_[i].key == 0) return false;
    }
    if (out != nullptr) *out = std::move(slots_[i].value);
    // Backward-shift deletion: move later entries of the probe run into the
    // hole unless their home lies cyclically in (hole, slot].
    for (size_t j = (i + 1) & mask_; slots_[j].key != 0; j = (j + 1) & mask_) {
      const size_t h = Home(slots_[j].key);
      const bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
      if (!stays) {
        slots_[i] = std::move(slots_[j]);
        i = j;
      }
    }
    slots_[i].key = 0;
    slots_[i].value = V();
    size_--;
    return true;
  }

  // f(key, value&) for every entry, in no particular order.
  template <class F>
  void ForEach(F&& f) {
    for (Slot& s : slots_) {
      if (s.key != 0) f(s.key, s.value);
    }
  }

 private:
  static constexpr size_t kMinCapacity = 64;
  struct Slot {
    uintptr_t key = 0;
    V value{};
  };

  size_t Home(uintptr_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_); }

  void Reset(size_t capacity) {
    slots_ = std::vector<Slot>(capacity);
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
    size_ = 0;
  }

  [[gnu::noinline]] void Grow() {
    std::vector<Slot> old = std::move(slots_);
    Reset(old.size() * 2);
    for (Slot& s : old) {
      if (s.key != 0) insert(s.key, std::move(s.value));
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  unsigned shift_ = 0;
  size_t size_ = 0;
};

struct Unit {};

// Whether AddressSanitizer instruments this build: then asan mode hands
// every free straight back to the heap, so the sanitizer's quarantine sees it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitizedHeap = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(hwaddress_sanitizer)
constexpr bool kSanitizedHeap = true;
#else
constexpr bool kSanitizedHeap = false;
#endif
#else
constexpr bool kSanitizedHeap = false;
#endif

// A kmem_cache. In kernel mode it is SLUB-like: objects are carved from
// slabs and a free object holds the free-list pointer at offset 0 (as SLUB
// without CONFIG_SLAB_FREELIST_HARDENED, the 3.10 behaviour), reused LIFO.
// In asan mode every object is its own heap allocation of exactly the
// requested size. Without a sanitizer, freed asan-mode objects are kept on a
// per-cache LIFO stack (the free pointer outside the object, which stays
// untouched) and reused, as a kmem_cache's per-CPU free list would: glibc's
// tcache holds only 7 chunks per size, and past that its free() took most of
// a frag_list linearise (callgrind: _int_free ~38% of the instructions of
// fraglist:2048x32, docs/benchmarks.md).
class SlabCache {
 public:
  explicit SlabCache(size_t object_size)
      : request_(std::max<size_t>(object_size, 1)),
        size_(std::max<size_t>((object_size + 7) & ~size_t{7}, 8)),
        recycle_limit_(std::max<size_t>(64, (size_t{4} << 20) / request_)) {}

  [[gnu::always_inline]] void* Alloc(SlabMode mode) {
    if (mode == SlabMode::kAsan) {
      if (!kSanitizedHeap && !recycled_.empty()) {
        void* obj = recycled_.back();
        recycled_.pop_back();
        return obj;
      }
      return std::malloc(request_);
    }
    if (__builtin_expect(freelist_ == nullptr, 0)) NewSlab();
    void* obj = freelist_;
    std::memcpy(&freelist_, obj, sizeof(void*));  // the free pointer lives in the object
    return obj;
  }

  // Drops the free list (the slabs stay allocated): used after a test
  // corrupted it on purpose.
  void ResetFreeList() { freelist_ = nullptr; }

  [[gnu::always_inline]] void Free(SlabMode mode, void* obj) {
    if (mode == SlabMode::kAsan) {
      // Bounded, so a burst of frees does not pin memory for good.
      if (!kSanitizedHeap && recycled_.size() < recycle_limit_) {
        recycled_.push_back(obj);
        return;
      }
      std::free(obj);
      return;
    }
    std::memcpy(obj, &freelist_, sizeof(void*));
    freelist_ = obj;
  }

  size_t object_size() const { return size_; }

 private:
  [[gnu::noinline]] void NewSlab() {
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

  size_t request_;  // asan mode: the exact size, so ASan bounds the object itself
  size_t size_;     // kernel mode: the slab stride
  size_t recycle_limit_;  // at most 4 MiB (and at least 64 objects) kept for reuse
  void* freelist_ = nullptr;
  std::vector<void*> recycled_;  // asan mode without a sanitizer: freed objects, LIFO
  std::vector<std::unique_ptr<unsigned char, FreeDeleter>> slabs_;
};

struct HeadInfo {
  size_t physical;  // bytes really allocated
  size_t ksize;     // the kmalloc size class the kernel would report
  SlabCache* cache;  // the kmalloc cache it came from, so kfree needs no second lookup
};

inline uintptr_t Key(const void* p) { return reinterpret_cast<uintptr_t>(p); }

struct State {
  SlabMode mode = SlabMode::kAsan;
  SlabCache skbuff_head{sizeof(sk_buff)};
  SlabCache skbuff_fclone{sizeof(internal::SkbFclones)};
  SlabCache tcp_sock{sizeof(struct tcp_sock)};  // the "TCP" cache
  PtrTable<std::unique_ptr<SlabCache>> kmalloc;  // by physical object size
  size_t last_physical = 0;          // the kmalloc cache used last: heads of one size
  SlabCache* last_cache = nullptr;   // in a row skip the table lookup

  uint64_t allocations = 0;
  uint64_t fail_at = UINT64_MAX;        // fail exactly this allocation number
  uint64_t fail_from = UINT64_MAX;      // fail every allocation from this number

  PtrTable<Unit> live_skbs;
  PtrTable<Unit> fclone_pairs;  // live skbuff_fclone_cache objects
  PtrTable<HeadInfo> heads;     // by start address: kfree, ksize
  // The same heads ordered by address, for FindHead's range lookups. Kept
  // from the first FindHead on, and from the start in checked builds, whose
  // checker asks at every call: code that never asks (the benchmarks) skips
  // an ordered insert and erase on every head.
  absl::btree_map<uintptr_t, size_t> head_ranges;  // start -> physical size
#ifdef LIBSKB_CHECKED
  bool head_ranges_on = true;
#else
  bool head_ranges_on = false;
#endif
  size_t head_bytes = 0;
  PtrTable<Unit> live_pages;
  absl::btree_map<uintptr_t, page*> page_ranges;  // page memory start -> page
};

// Constant-initialised, so it is null before any dynamic initialiser runs and
// skbs can be allocated from static constructors; never destroyed, since skbs
// may be freed from static destructors. A plain pointer test instead of a
// function-local static's guard: S() is on every allocation and free.
State* g_state = nullptr;

[[gnu::noinline]] State& NewState() {
  g_state = new State();
  return *g_state;
}

[[gnu::always_inline]] inline State& S() { return __builtin_expect(g_state != nullptr, 1) ? *g_state : NewState(); }

[[gnu::noinline]] SlabCache& NewKmallocCache(State& s, size_t physical) {
  auto cache = std::make_unique<SlabCache>(physical);
  SlabCache& ref = *cache;
  s.kmalloc.insert(physical, std::move(cache));
  return ref;
}

inline SlabCache& KmallocCache(State& s, size_t physical) {
  if (physical == s.last_physical) return *s.last_cache;
  std::unique_ptr<SlabCache>* c = s.kmalloc.find(physical);
  SlabCache& cache = c != nullptr ? **c : NewKmallocCache(s, physical);
  s.last_physical = physical;
  s.last_cache = &cache;
  return cache;
}

// One more model allocation attempt: false if fault injection fails it.
inline bool Allowed(State& s) {
  uint64_t n = s.allocations++;
  return !(n == s.fail_at || n >= s.fail_from);
}

// Bytes the C struct skb_shared_info needs beyond the profile's aligned
// shinfo size (frags[] is sized for the largest profile).
size_t ShinfoSlack(const Profile& p) {
  size_t aligned = SKB_DATA_ALIGN(p.shinfo_size);
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
  s.head_ranges.clear();
  s.head_bytes = 0;
  s.live_pages.clear();
  s.page_ranges.clear();
  s.skbuff_head.ResetFreeList();
  s.skbuff_fclone.ResetFreeList();
  s.tcp_sock.ResetFreeList();
  s.kmalloc.ForEach([](uintptr_t, std::unique_ptr<SlabCache>& cache) { cache->ResetFreeList(); });
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

bool IsLiveSkb(const sk_buff* skb) { return skb != nullptr && S().live_skbs.contains(Key(skb)); }
bool IsLivePage(const page* p) { return p != nullptr && S().live_pages.contains(Key(p)); }

bool FindHead(const void* p, const unsigned char** start, size_t* size) {
  State& s = S();
  if (!s.head_ranges_on) {
    s.heads.ForEach([&](uintptr_t begin, const HeadInfo& info) { s.head_ranges.emplace(begin, info.physical); });
    s.head_ranges_on = true;
  }
  const uintptr_t addr = Key(p);
  auto it = s.head_ranges.upper_bound(addr);
  if (it == s.head_ranges.begin()) return false;
  --it;
  if (addr >= it->first + it->second) return false;
  if (start) *start = reinterpret_cast<const unsigned char*>(it->first);
  if (size) *size = it->second;
  return true;
}

// kmalloc_size_roundup() of x86_64 SLUB: the kmalloc-N caches (8, 16, 32,
// 64, 96, 128, 192, 256, ..., 8192), then whole pages from the page
// allocator above KMALLOC_MAX_CACHE_SIZE (8 KiB). Closed form rather than a
// walk over the classes: it runs on every head allocation.
size_t KmallocSize(size_t size) {
  if (size <= 8) return 8;
  if (size > 64 && size <= 96) return 96;
  if (size > 128 && size <= 192) return 192;
  if (size > (SIZE_MAX >> 1)) return SIZE_MAX;  // no power of two holds it; the allocation fails
  return std::bit_ceil(size);  // above 8 KiB: PAGE_SIZE << order, the same power of two
}

namespace internal {

bool AllocationAllowed() { return Allowed(S()); }

void* CacheAlloc(Cache cache) {
  State& s = S();
  if (!Allowed(s)) return nullptr;
  if (cache == Cache::kSkbuffHead) return s.skbuff_head.Alloc(s.mode);
  if (cache == Cache::kTcpSock) return s.tcp_sock.Alloc(s.mode);
  void* pair = s.skbuff_fclone.Alloc(s.mode);
  if (pair != nullptr) s.fclone_pairs.insert(Key(pair), Unit{});
  return pair;
}

bool IsFclonePair(const void* pair) { return S().fclone_pairs.contains(Key(pair)); }

void CacheFree(Cache cache, void* obj) {
  State& s = S();
  if (cache == Cache::kSkbuffFclone) s.fclone_pairs.erase(Key(obj));
  if (cache == Cache::kTcpSock) {
    s.tcp_sock.Free(s.mode, obj);
    return;
  }
  (cache == Cache::kSkbuffHead ? s.skbuff_head : s.skbuff_fclone).Free(s.mode, obj);
}

unsigned char* KmallocHead(size_t size, size_t* ksize, bool skb_head) {
  State& s = S();
  if (!Allowed(s)) return nullptr;
  const Profile& prof = Active();
  size_t ks = KmallocSize(size);
  if (ks == SIZE_MAX) return nullptr;  // beyond any allocation: kmalloc returns NULL
  // 6.3+: heads that fit come from skb_small_head_cache (bf9f1baa279f).
  if (skb_head && prof.small_head_size != 0 && size <= prof.small_head_size) ks = prof.small_head_size;
  size_t physical = ks + ShinfoSlack(prof);
  SlabCache& cache = KmallocCache(s, physical);
  auto* mem = static_cast<unsigned char*>(cache.Alloc(s.mode));
  if (mem == nullptr) return nullptr;
#ifdef LIBSKB_CHECKED
  // SLUB's in-use poison (POISON_INUSE): fresh heads hold no stale bytes.
  std::memset(mem, 0x5a, physical);
#endif
  if (s.heads.insert(Key(mem), HeadInfo{physical, ks, &cache}) && s.head_ranges_on) {
    s.head_ranges.emplace(Key(mem), physical);
  }
  s.head_bytes += physical;
  *ksize = ks;
  return mem;
}

void KfreeHead(const void* head) {
  State& s = S();
  HeadInfo info{};
  if (!s.heads.take(Key(head), &info)) {
    // A page-fragment head without head_frag: build_skb(data, frag_size)
    // under a profile that predates head_frag. Free it by what it is.
    if (virt_to_head_page(head) != nullptr) {
      FreeFrag(head);
      return;
    }
    std::fprintf(stderr, "libskb: kfree of %p, which is not a live head\n", head);
    std::abort();
  }
  const size_t physical = info.physical;
  s.head_bytes -= physical;
  if (s.head_ranges_on) s.head_ranges.erase(Key(head));
  info.cache->Free(s.mode, const_cast<void*>(head));
}

size_t Ksize(const void* p) {
  const HeadInfo* info = S().heads.find(Key(p));
  return info == nullptr ? 0 : info->ksize;
}

size_t KmallocPhysical(const void* p) {
  const HeadInfo* info = S().heads.find(Key(p));
  return info == nullptr ? 0 : info->physical;
}

void* AllocFrag(size_t size) {
  unsigned order = 0;
  const size_t slack = ShinfoSlack(Active());
  while ((PAGE_SIZE << order) < size + slack) ++order;
  page* pg = alloc_pages(GFP_ATOMIC, order);
  return pg ? page_address(pg) : nullptr;
}

void FreeFrag(const void* addr) { put_page(virt_to_head_page(addr)); }

void RegisterSkb(const sk_buff* skb) { S().live_skbs.insert(Key(skb), Unit{}); }
void UnregisterSkb(const sk_buff* skb) { S().live_skbs.erase(Key(skb)); }

std::vector<const sk_buff*> LiveSkbsSharingHead(const unsigned char* head) {
  std::vector<const sk_buff*> out;
  S().live_skbs.ForEach([&](uintptr_t key, Unit&) {
    const auto* s = reinterpret_cast<const sk_buff*>(key);
    if (s->head == head) out.push_back(s);
  });
  return out;
}

}  // namespace internal
}  // namespace skb

using skb::S;
using skb::Key;
using skb::Unit;

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
  S().live_pages.insert(Key(pg), Unit{});
  S().page_ranges.emplace(reinterpret_cast<uintptr_t>(mem), pg);
  return pg;
}

// Out of line: put_page inlines the decrement, and the registry erase inlined
// here would make every put_page save registers for the rare free.
[[gnu::noinline]] static void FreePage(struct page* pg) {
  S().page_ranges.erase(reinterpret_cast<uintptr_t>(pg->vaddr));
  S().live_pages.erase(Key(pg));
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
