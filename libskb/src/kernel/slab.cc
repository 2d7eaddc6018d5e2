// libskb: the slab allocator API a module uses (<linux/slab.h>,
// <linux/vmalloc.h>) over the memory model (src/skb/memory.cc).
//
// Every object is a kmalloc-N allocation of the model: fault injection
// counts it, ksize() reports the bucket, and ASan sees accesses past the
// requested size: the bytes between the request and the bucket are poisoned
// as KASAN poisons a kmalloc redzone (mm/kasan: kasan_kmalloc), and ksize()
// unpoisons them, as the kernel's ksize() does.
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "internal.h"
#include "kernel/kernel_internal.h"
#include "skb/memory.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LIBSKB_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LIBSKB_ASAN 1
#endif
#ifdef LIBSKB_ASAN
#include <sanitizer/asan_interface.h>
#endif

struct kmem_cache {
  std::string name;
  unsigned int size;   // object size as created
  unsigned int align;
  slab_flags_t flags;
  void (*ctor)(void*);
  std::unordered_set<const void*> live;
};

namespace skb::internal {
namespace {

void Poison(const void* p, size_t n) {
#ifdef LIBSKB_ASAN
  if (n > 0) ASAN_POISON_MEMORY_REGION(p, n);
#else
  (void)p;
  (void)n;
#endif
}

void Unpoison(const void* p, size_t n) {
#ifdef LIBSKB_ASAN
  if (n > 0) ASAN_UNPOISON_MEMORY_REGION(p, n);
#else
  (void)p;
  (void)n;
#endif
}

struct SlabState {
  std::unordered_map<const void*, kmem_cache*> cache_of;  // kmem_cache objects
  std::unordered_set<const void*> vmalloced;
  std::vector<kmem_cache*> destroyed_with_objects;  // kept reachable (the kernel leaks them too)
};

SlabState& Slab() {
  static auto* s = new SlabState();
  return *s;
}

// The might_sleep() in the allocator's entry (include/linux/sched/mm.h
// might_alloc(), 5.14+; slab_pre_alloc_hook/might_sleep_if before).
void CheckGfp(gfp_t flags, const void* caller) {
  if ((flags & __GFP_DIRECT_RECLAIM) == 0) return;
  MightSleep(Active().AtLeast(5, 14) ? "include/linux/sched/mm.h:?" : "mm/slub.c:?", caller);
}

// The allocation itself: the kmalloc-N object with its tail poisoned.
void* Alloc(size_t size, gfp_t flags, const void* caller) {
  if (size == 0) return ZERO_SIZE_PTR;  // kmalloc(0) (mm/slab_common.c): a pointer that faults on use
  if (size > KMALLOC_MAX_SIZE) {
    // __alloc_pages: WARN_ON_ONCE_GFP(order > MAX_ORDER, gfp) and NULL.
    if ((flags & __GFP_NOWARN) == 0) {
      KernelWarn(Site::kSlabDebug, "WARNING",
                 Format("WARNING: kmalloc of %zu bytes exceeds KMALLOC_MAX_SIZE (%lu): the page allocator "
                        "warns (order > MAX_ORDER) and returns NULL\n",
                        size, static_cast<unsigned long>(KMALLOC_MAX_SIZE)),
                 caller);
    }
    return nullptr;
  }
  size_t ks = 0;
  unsigned char* p = KmallocHead(size, &ks, /*skb_head=*/false);
  if (p == nullptr) return nullptr;
  const size_t physical = KmallocPhysical(p);
  Unpoison(p, physical);
  if ((flags & __GFP_ZERO) != 0) std::memset(p, 0, size);
  Poison(p + size, physical - size);
  return p;
}

void Free(const void* p) {
  const size_t physical = KmallocPhysical(p);
  Unpoison(p, physical);  // the slab writes its free pointer into the object
  KfreeHead(p);
}

}  // namespace

void* KmallocNoCheck(size_t size, unsigned gfp, const void* caller) { return Alloc(size, gfp, caller); }

}  // namespace skb::internal

using namespace skb::internal;
using skb::Site;

extern "C" {

// Models kmalloc() (include/linux/slab.h, mm/slub.c): the kmalloc-N size class.
void* kmalloc(size_t size, gfp_t flags) {
  CheckGfp(flags, LIBSKB_CALLER());
  return Alloc(size, flags, LIBSKB_CALLER());
}

// Models kzalloc().
void* kzalloc(size_t size, gfp_t flags) {
  CheckGfp(flags, LIBSKB_CALLER());
  return Alloc(size, flags | __GFP_ZERO, LIBSKB_CALLER());
}

// Models kmalloc_node(): one node.
void* kmalloc_node(size_t size, gfp_t flags, int node) {
  (void)node;
  CheckGfp(flags, LIBSKB_CALLER());
  return Alloc(size, flags, LIBSKB_CALLER());
}

// Models kfree() (mm/slub.c): NULL and ZERO_SIZE_PTR are ignored; an object
// of a kmem_cache is freed to its cache (allowed since 6.x, and what SLUB
// always did).
void kfree(const void* objp) {
  if (ZERO_OR_NULL_PTR(objp)) return;
  auto& slab = Slab();
  if (auto it = slab.cache_of.find(objp); it != slab.cache_of.end()) {
    it->second->live.erase(objp);
    slab.cache_of.erase(it);
  } else if (slab.vmalloced.count(objp) != 0) {
    // kfree() of vmalloc memory: the kernel BUGs in virt_to_page/free_large_kmalloc.
    BugAt(Site::kSlabDebug, "mm/slub.c:?", "kfree", nullptr,
          Format("libskb: kfree(%p) of vmalloc() memory; use vfree() or kvfree()\n", objp), LIBSKB_CALLER());
  }
  Free(objp);
}

// Models kfree_sensitive() (5.10+; kzfree() before): zero, then free.
void kfree_sensitive(const void* objp) {
  if (ZERO_OR_NULL_PTR(objp)) return;
  size_t ks = Ksize(objp);
  Unpoison(objp, KmallocPhysical(objp));
  std::memset(const_cast<void*>(objp), 0, ks);
  kfree(objp);
}

// Models ksize() (mm/slab_common.c): the bucket size; the whole bucket
// becomes usable (KASAN unpoisons it).
size_t ksize(const void* objp) {
  if (ZERO_OR_NULL_PTR(objp)) return 0;
  size_t ks = Ksize(objp);
  Unpoison(objp, KmallocPhysical(objp));
  return ks;
}

// Models krealloc() (mm/slab_common.c __do_krealloc): in place while the new
// size fits the bucket, else a new object with the old contents; the old one
// is freed only on success. krealloc(NULL) is kmalloc; size 0 frees and
// returns ZERO_SIZE_PTR.
void* krealloc(const void* p, size_t new_size, gfp_t flags) {
  CheckGfp(flags, LIBSKB_CALLER());
  if (new_size == 0) {
    kfree(p);
    return ZERO_SIZE_PTR;
  }
  if (ZERO_OR_NULL_PTR(p)) return Alloc(new_size, flags, LIBSKB_CALLER());
  const size_t ks = Ksize(p);
  const size_t physical = KmallocPhysical(p);
  if (new_size <= ks) {
    // Shrinking or growing within the bucket: the same object, the redzone moved.
    Unpoison(p, physical);
    Poison(static_cast<const unsigned char*>(p) + new_size, physical - new_size);
    return const_cast<void*>(p);
  }
  void* n = Alloc(new_size, flags & ~__GFP_ZERO, LIBSKB_CALLER());
  if (n == nullptr) return nullptr;
  Unpoison(p, physical);
  std::memcpy(n, p, ks);  // the old object's whole bucket, as the kernel copies ksize bytes
  if ((flags & __GFP_ZERO) != 0) std::memset(static_cast<unsigned char*>(n) + ks, 0, new_size - ks);
  kfree(p);
  return n;
}

// Models kvmalloc() (mm/util.c kvmalloc_node): kmalloc, which in the model
// serves every size up to KMALLOC_MAX_SIZE; larger requests go to vmalloc.
void* kvmalloc(size_t size, gfp_t flags) {
  CheckGfp(flags, LIBSKB_CALLER());
  if (size > KMALLOC_MAX_SIZE) return __vmalloc(size, flags);
  return Alloc(size, flags, LIBSKB_CALLER());
}

// Models kvfree(): vfree or kfree, by what the pointer is.
void kvfree(const void* addr) {
  if (is_vmalloc_addr(addr)) {
    vfree(addr);
  } else {
    kfree(addr);
  }
}

// Models kmem_cache_create() (mm/slab_common.c): NULL and an error line for
// a missing name or a bad size (SLAB_PANIC panics instead).
struct kmem_cache* kmem_cache_create(const char* name, unsigned int size, unsigned int align, slab_flags_t flags,
                                     void (*ctor)(void*)) {
  skb::internal::MightSleep("mm/slab_common.c:?", LIBSKB_CALLER());  // takes slab_mutex
  if (name == nullptr || size < sizeof(void*) / 2 || size > KMALLOC_MAX_SIZE) {
    if ((flags & SLAB_PANIC) != 0) {
      BugAt(Site::kSlabDebug, "mm/slab_common.c:?", "kmem_cache_create", nullptr,
            Format("Kernel panic - not syncing: kmem_cache_create: Failed to create slab '%s'. Error -22\n",
                   name != nullptr ? name : "(null)"),
            LIBSKB_CALLER());
    }
    std::fprintf(stderr, "<4>kmem_cache_create(%s) failed with error -22\n", name != nullptr ? name : "(null)");
    return nullptr;
  }
  if (!AllocationAllowed()) return nullptr;  // the cache's own allocation can fail too
  auto* s = new kmem_cache{name, size, align, flags, ctor, {}};
  return s;
}

// Models kmem_cache_create_usercopy() (4.16+): the usercopy region is not modelled.
struct kmem_cache* kmem_cache_create_usercopy(const char* name, unsigned int size, unsigned int align,
                                              slab_flags_t flags, unsigned int useroffset, unsigned int usersize,
                                              void (*ctor)(void*)) {
  (void)useroffset;
  (void)usersize;
  return kmem_cache_create(name, size, align, flags, ctor);
}

// Models kmem_cache_alloc(): an object of the cache's size; the constructor
// runs on it (the kernel runs it when the slab is set up; every object the
// model hands out is fresh, so it runs here).
void* kmem_cache_alloc(struct kmem_cache* s, gfp_t flags) {
  CheckGfp(flags, LIBSKB_CALLER());
  size_t size = s->size;
  if (s->align > 1) size = (size + s->align - 1) / s->align * s->align;
  void* obj = Alloc(size, flags, LIBSKB_CALLER());
  if (obj == nullptr) return nullptr;
  if (s->ctor != nullptr) s->ctor(obj);
  s->live.insert(obj);
  Slab().cache_of[obj] = s;
  return obj;
}

void* kmem_cache_zalloc(struct kmem_cache* s, gfp_t flags) {
  CheckGfp(flags, LIBSKB_CALLER());
  return kmem_cache_alloc(s, (flags & ~__GFP_DIRECT_RECLAIM) | __GFP_ZERO);
}

void* kmem_cache_alloc_node(struct kmem_cache* s, gfp_t flags, int node) {
  (void)node;
  CheckGfp(flags, LIBSKB_CALLER());
  return kmem_cache_alloc(s, flags & ~__GFP_DIRECT_RECLAIM);
}

// Models kmem_cache_free() (mm/slub.c): an object of another cache is the
// kernel's "cache_from_obj: Wrong slab cache" WARN (and it is freed to the
// right one, as the kernel does).
void kmem_cache_free(struct kmem_cache* s, void* objp) {
  if (objp == nullptr) return;
  auto& slab = Slab();
  auto it = slab.cache_of.find(objp);
  if (it == slab.cache_of.end() || it->second != s) {
    KernelWarn(Site::kSlabDebug, "WARNING",
               Format("WARNING: cache_from_obj: Wrong slab cache. %s but object %p is from %s\n",
                      s != nullptr ? s->name.c_str() : "(null)", objp,
                      it == slab.cache_of.end() ? "kmalloc (or no cache)" : it->second->name.c_str()),
               LIBSKB_CALLER());
  }
  kfree(objp);
}

// Models kmem_cache_destroy() (mm/slab_common.c): objects still allocated
// are SLUB's "Objects remaining on __kmem_cache_shutdown()" error and the
// cache is leaked with them, as the kernel does.
void kmem_cache_destroy(struct kmem_cache* s) {
  if (s == nullptr) return;
  skb::internal::MightSleep("mm/slab_common.c:?", LIBSKB_CALLER());
  if (!s->live.empty()) {
    KernelWarn(Site::kSlabDebug, "BUG",
               Format("=============================================================================\n"
                      "BUG %s: Objects remaining in %s on __kmem_cache_shutdown()\n"
                      "-----------------------------------------------------------------------------\n"
                      "libskb: %zu object%s of the cache still allocated\n"
                      "kmem_cache_destroy %s: Slab cache still has objects\n",
                      s->name.c_str(), s->name.c_str(), s->live.size(), s->live.size() == 1 ? "" : "s",
                      s->name.c_str()),
               LIBSKB_CALLER());
    Slab().destroyed_with_objects.push_back(s);
    return;
  }
  delete s;
}

unsigned int kmem_cache_size(struct kmem_cache* s) { return s->size; }

// Models vmalloc() (mm/vmalloc.c): a sleeping allocation of whole pages in
// the kernel; here a memory-model object with the tail past `size` poisoned.
void* __vmalloc(unsigned long size, gfp_t gfp_mask) {
  skb::internal::MightSleep("mm/vmalloc.c:?", LIBSKB_CALLER());
  if (size == 0) return nullptr;  // __vmalloc_node_range: size 0 fails
  size_t ks = 0;
  unsigned char* p = KmallocHead(size, &ks, /*skb_head=*/false);
  if (p == nullptr) {
    if ((gfp_mask & __GFP_NOWARN) == 0) {
      std::fprintf(stderr, "<4>vmalloc error: size %lu, vm_struct allocation failed\n", size);
    }
    return nullptr;
  }
  const size_t physical = KmallocPhysical(p);
  Unpoison(p, physical);
  if ((gfp_mask & __GFP_ZERO) != 0) std::memset(p, 0, size);
  Poison(p + size, physical - size);
  Slab().vmalloced.insert(p);
  return p;
}

void* vmalloc(unsigned long size) { return __vmalloc(size, GFP_KERNEL); }
void* vzalloc(unsigned long size) { return __vmalloc(size, GFP_KERNEL | __GFP_ZERO); }
void* vmalloc_node(unsigned long size, int node) {
  (void)node;
  return __vmalloc(size, GFP_KERNEL);
}
void* vzalloc_node(unsigned long size, int node) {
  (void)node;
  return __vmalloc(size, GFP_KERNEL | __GFP_ZERO);
}
void* vmalloc_user(unsigned long size) { return __vmalloc(size, GFP_KERNEL | __GFP_ZERO); }

// Models vmalloc_array()/vcalloc() (6.2+): NULL on overflow.
void* vmalloc_array(size_t n, size_t size) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes)) return nullptr;
  return __vmalloc(bytes, GFP_KERNEL);
}
void* vcalloc(size_t n, size_t size) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes)) return nullptr;
  return __vmalloc(bytes, GFP_KERNEL | __GFP_ZERO);
}

// Models vfree(): NULL is ignored; anything vmalloc did not return is the
// kernel's "Trying to vfree() nonexistent vm area" WARN.
void vfree(const void* addr) {
  if (addr == nullptr) return;
  auto& slab = Slab();
  if (slab.vmalloced.erase(addr) == 0) {
    KernelWarn(Site::kSlabDebug, "WARNING",
               Format("WARNING: Trying to vfree() nonexistent vm area (%p)\n", addr), LIBSKB_CALLER());
    return;
  }
  Free(addr);
}

bool is_vmalloc_addr(const void* x) { return x != nullptr && Slab().vmalloced.count(x) != 0; }

}  // extern "C"
