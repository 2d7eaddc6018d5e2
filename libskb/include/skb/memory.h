// libskb: the memory model.
//
// Heads, sk_buffs and pages are real heap memory, so AddressSanitizer sees an
// overflow past an allocation and a use after free.
//
// Slab caches (skbuff_head_cache, skbuff_fclone_cache, the kmalloc-N size
// classes that hold heads) run in one of two modes:
//   kAsan    one heap allocation per object, freed at kmem_cache_free: the
//            sanitizer stops at the faulting access (root cause). In a build
//            without AddressSanitizer there is nothing to stop, and freed
//            objects are kept on a per-cache LIFO list and reused (as a
//            kmem_cache's per-CPU free list) instead of going back to malloc;
//   kKernel  SLUB-like: objects carved from slabs, the free-list pointer kept
//            inside the free object at offset 0, LIFO reuse and no quarantine,
//            so a use-after-free write can redirect a later allocation, as it
//            did in the vmcore (the symptom).
//
// Fault injection: FailAllocationAfter(n) makes the allocation n calls from
// now fail (n = 0: the next one), deterministically.
#ifndef LIBSKB_SKB_MEMORY_H_
#define LIBSKB_SKB_MEMORY_H_

#include <cstddef>
#include <cstdint>

struct sk_buff;
struct page;

namespace skb {

enum class SlabMode { kAsan, kKernel };

SlabMode GetSlabMode();
// Switching mode is only allowed while no skb, head or page is live.
void SetSlabMode(SlabMode mode);

// Fault injection by call count. Counts every model allocation: sk_buffs,
// heads, pages.
void FailAllocationAfter(uint64_t n);
// Fails every allocation from the n-th on (until cleared).
void FailAllAllocationsAfter(uint64_t n);
void ClearAllocationFailures();
uint64_t AllocationCount();

struct MemoryStats {
  size_t live_skbs = 0;
  size_t live_heads = 0;
  size_t live_pages = 0;
  size_t live_head_bytes = 0;
};
MemoryStats Stats();

// Forgets every live object without freeing it, so a test that deliberately
// corrupted the model (a slab free list redirected into a socket, as in seed
// 003) can go on and even switch slab modes. In kernel slab mode the memory
// stays owned by the slabs; in asan mode it is leaked.
void AbandonAll();

// Registry lookups the checker and dumps use to avoid dereferencing garbage.
bool IsLiveSkb(const sk_buff* skb);
bool IsLivePage(const page* p);
// If [p, p + len) lies inside a live head allocation, its start and size.
bool FindHead(const void* p, const unsigned char** start, size_t* size);

// The kmalloc size class (ksize) a request of `size` bytes lands in (x86_64 SLUB).
size_t KmallocSize(size_t size);

}  // namespace skb

#endif  // LIBSKB_SKB_MEMORY_H_
