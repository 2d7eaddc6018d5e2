// libskb: CONFIG_DEBUG_LIST (lib/list_debug.c) and refcount_t's saturation
// warnings (lib/refcount.c), the out-of-line halves of <linux/list.h> and
// <linux/refcount.h>.
#include <linux/list.h>
#include <linux/poison.h>
#include <linux/refcount.h>

#include "internal.h"

using skb::internal::Format;

namespace {

// CHECK_DATA_CORRUPTION(): WARN (a BUG with CONFIG_BUG_ON_DATA_CORRUPTION,
// which distributions do not set) and refuse the operation.
bool Corrupt(const std::string& message, const void* caller) {
  skb::internal::Warn(skb::Site::kListDebug, nullptr, message, caller, /*once=*/false);
  return false;
}

}  // namespace

extern "C" {

// Models __list_add_valid() (lib/list_debug.c, 6.x messages).
bool libskb_list_add_valid(struct list_head* new_, struct list_head* prev, struct list_head* next) {
  const void* caller = LIBSKB_CALLER();
  if (next == nullptr || prev == nullptr) {
    return Corrupt(Format("list_add corruption. %s is NULL.\n", next == nullptr ? "next" : "prev"), caller);
  }
  if (next->prev != prev) {
    return Corrupt(Format("list_add corruption. next->prev should be prev (%p), but was %p. (next=%p).\n",
                          static_cast<void*>(prev), static_cast<void*>(next->prev), static_cast<void*>(next)),
                   caller);
  }
  if (prev->next != next) {
    return Corrupt(Format("list_add corruption. prev->next should be next (%p), but was %p. (prev=%p).\n",
                          static_cast<void*>(next), static_cast<void*>(prev->next), static_cast<void*>(prev)),
                   caller);
  }
  if (new_ == prev || new_ == next) {
    return Corrupt(Format("list_add double add: new=%p, prev=%p, next=%p.\n", static_cast<void*>(new_),
                          static_cast<void*>(prev), static_cast<void*>(next)),
                   caller);
  }
  return true;
}

// Models __list_del_entry_valid() (lib/list_debug.c): poisoned pointers
// (a second list_del) and inconsistent neighbours are reported before the
// kernel would follow them.
bool libskb_list_del_entry_valid(struct list_head* entry) {
  const void* caller = LIBSKB_CALLER();
  struct list_head* prev = entry->prev;
  struct list_head* next = entry->next;
  if (next == LIST_POISON1) {
    return Corrupt(Format("list_del corruption, %p->next is LIST_POISON1 (%p)\n", static_cast<void*>(entry),
                          LIST_POISON1),
                   caller);
  }
  if (prev == LIST_POISON2) {
    return Corrupt(Format("list_del corruption, %p->prev is LIST_POISON2 (%p)\n", static_cast<void*>(entry),
                          LIST_POISON2),
                   caller);
  }
  if (next == nullptr || prev == nullptr) {
    return Corrupt(Format("list_del corruption, %p->%s is NULL\n", static_cast<void*>(entry),
                          next == nullptr ? "next" : "prev"),
                   caller);
  }
  if (prev->next != entry) {
    return Corrupt(Format("list_del corruption. prev->next should be %p, but was %p. (prev=%p)\n",
                          static_cast<void*>(entry), static_cast<void*>(prev->next), static_cast<void*>(prev)),
                   caller);
  }
  if (next->prev != entry) {
    return Corrupt(Format("list_del corruption. next->prev should be %p, but was %p. (next=%p)\n",
                          static_cast<void*>(entry), static_cast<void*>(next->prev), static_cast<void*>(next)),
                   caller);
  }
  return true;
}

// Models refcount_warn_saturate() (lib/refcount.c, 5.6+): the WARN for the
// kind of misuse, and the counter left saturated.
void refcount_warn_saturate(refcount_t* r, enum refcount_saturation_type t) {
  r->refs.counter = REFCOUNT_SATURATED;
  const char* msg = "refcount_t: saturated; leaking memory.\n";
  switch (t) {
    case REFCOUNT_ADD_NOT_ZERO_OVF: msg = "refcount_t: saturated; leaking memory.\n"; break;
    case REFCOUNT_ADD_OVF: msg = "refcount_t: saturated; leaking memory.\n"; break;
    case REFCOUNT_ADD_UAF: msg = "refcount_t: addition on 0; use-after-free.\n"; break;
    case REFCOUNT_SUB_UAF: msg = "refcount_t: underflow; use-after-free.\n"; break;
    case REFCOUNT_DEC_LEAK: msg = "refcount_t: decrement hit 0; leaking memory.\n"; break;
  }
  skb::internal::Warn(skb::Site::kRefcountUnderflow, nullptr, msg, LIBSKB_CALLER(), /*once=*/false);
}

}  // extern "C"
