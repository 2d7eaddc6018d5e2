// libskb: struct sk_buff_head queues (include/linux/skbuff.h inlines and the
// locked variants in net/core/skbuff.c; kernel-semantics.md §7).
//
// Like the kernel, no primitive validates the list. Where the kernel would
// dereference NULL (a corrupted head whose prev is NULL, an unlink of an
// unlinked skb) the model reports the fault with the profile's banner at the
// same store. In checked mode the queue is checked first (Q1-Q4) and the
// operation's preconditions (Q5, Q6) are enforced, so the report names the
// broken queue before the dereference.
#include <linux/skbuff.h>

#include <cstddef>

#include "internal.h"
#include "skb/check.h"
#include "skb/memory.h"

namespace skb::internal {
namespace {

const sk_buff* AsSkb(const sk_buff_head* list) { return reinterpret_cast<const sk_buff*>(list); }

void CheckQueueAtEntry(const sk_buff_head* list, const char* op, const void* caller) {
  if (!CheckedMode()) return;
  std::vector<Violation> v = CheckQueue(list);
  if (!v.empty()) {
    CheckFailure(nullptr, v,
                 Format("queue %p is broken on entry to %s (the code before this call corrupted it)",
                        static_cast<const void*>(list), op),
                 caller);
  }
}

void CheckNotLinked(const sk_buff* newsk, const sk_buff_head* list, const char* op, const void* caller) {
  if (!CheckedMode()) return;
  if (newsk != AsSkb(list) && !IsLiveSkb(newsk)) {
    std::string last = LastOp(newsk);
    OpViolation(newsk, "S7", "use_after_free",
                Format("%s inserts skb %p, which is not live (freed)%s%s: the queue links are written into freed "
                       "memory",
                       op, static_cast<const void*>(newsk), last.empty() ? "" : "; its last operation was ",
                       last.c_str()),
                op, caller);
  }
  if (newsk == AsSkb(list)) {
    OpViolation(newsk, "Q6", "head_used_as_element",
                Format("%s inserts the queue head %p into its own queue", op, static_cast<const void*>(list)), op,
                caller);
  }
  if (newsk->next != nullptr || newsk->prev != nullptr) {
    OpViolation(newsk, "Q5", "skb_already_linked",
                Format("%s inserts skb %p whose next = %p, prev = %p: it is still on a list", op,
                       static_cast<const void*>(newsk), static_cast<void*>(newsk->next),
                       static_cast<void*>(newsk->prev)),
                op, caller);
  }
}

// __skb_insert (include/linux/skbuff.h). Store order: <= 4.x writes
// prev->next before next->prev (the register state of the seed-003 3.10
// vmcore: the head kept prev = NULL); 5.x+ (WRITE_ONCE through sk_buff_list)
// writes next->prev first.
void Insert(sk_buff* newsk, sk_buff* prev, sk_buff* next, sk_buff_head* list, const char* function,
            const void* caller) {
  newsk->next = next;
  newsk->prev = prev;
  auto store_next_prev = [&] {
    if (next == nullptr)
      NullDeref(offsetof(sk_buff, prev), true, function, newsk,
                Format("libskb: %s stored newsk into next->prev with next == NULL (list %p)\n", function,
                       static_cast<void*>(list)),
                caller);
    next->prev = newsk;
  };
  auto store_prev_next = [&] {
    if (prev == nullptr)
      NullDeref(offsetof(sk_buff, next), true, function, newsk,
                Format("libskb: %s stored newsk into prev->next with prev == NULL (list %p: next = %p, prev = %p, "
                       "qlen = %u)\n",
                       function, static_cast<void*>(list), static_cast<void*>(list->next),
                       static_cast<void*>(list->prev), list->qlen),
                caller);
    prev->next = newsk;
  };
  if (Active().AtLeast(5, 0)) {
    store_next_prev();
    store_prev_next();
  } else {
    store_prev_next();
    store_next_prev();
  }
  list->qlen++;
}

// __skb_unlink (include/linux/skbuff.h): qlen--, clear the links, join the
// neighbours. Unlinking an unlinked skb dereferences NULL.
void Unlink(sk_buff* skb, sk_buff_head* list, const char* function, const void* caller) {
  list->qlen--;
  sk_buff* next = skb->next;
  sk_buff* prev = skb->prev;
  skb->next = skb->prev = nullptr;
  if (next == nullptr)
    NullDeref(offsetof(sk_buff, prev), true, function, skb,
              Format("libskb: %s on skb %p whose next is NULL (not on a list)\n", function, static_cast<void*>(skb)),
              caller);
  next->prev = prev;
  if (prev == nullptr)
    NullDeref(offsetof(sk_buff, next), true, function, skb,
              Format("libskb: %s on skb %p whose prev is NULL (not on a list)\n", function, static_cast<void*>(skb)),
              caller);
  prev->next = next;
}

void CheckUnlinkable(const sk_buff* skb, const sk_buff_head* list, const char* op, const void* caller) {
  if (!CheckedMode()) return;
  if (skb == AsSkb(list)) {
    OpViolation(skb, "Q6", "unlink_of_head",
                Format("%s unlinks the queue head %p itself: its next/prev become NULL", op,
                       static_cast<const void*>(list)),
                op, caller);
  }
  bool member = false;
  size_t n = 0;
  for (const sk_buff* it = list->next; it != nullptr && it != AsSkb(list) && n <= list->qlen; it = it->next, ++n) {
    if (it == skb) {
      member = true;
      break;
    }
    if (!IsLiveSkb(it)) break;
  }
  if (!member) {
    OpViolation(skb, "Q6", "unlink_of_non_member",
                Format("%s unlinks skb %p which is not on queue %p (next = %p, prev = %p)", op,
                       static_cast<const void*>(skb), static_cast<const void*>(list), static_cast<void*>(skb->next),
                       static_cast<void*>(skb->prev)),
                op, caller);
  }
}

sk_buff* Peek(const sk_buff_head* list) {
  sk_buff* skb = list->next;
  return skb == AsSkb(list) ? nullptr : skb;
}

sk_buff* PeekTail(const sk_buff_head* list) {
  sk_buff* skb = list->prev;
  return skb == AsSkb(list) ? nullptr : skb;
}

// skb_peek(_tail) + __skb_unlink; NULL when the queue is empty.
sk_buff* Dequeue(sk_buff_head* list, bool tail, const char* function, const void* caller) {
  CheckQueueAtEntry(list, function, caller);
  sk_buff* skb = tail ? PeekTail(list) : Peek(list);
  if (skb != nullptr) Unlink(skb, list, function, caller);
  return skb;
}

void Splice(const sk_buff_head* list, sk_buff* prev, sk_buff* next) {
  sk_buff* first = list->next;
  sk_buff* last = list->prev;
  first->prev = prev;
  prev->next = first;
  last->next = next;
  next->prev = last;
}

// The locked variants take list->lock (spin_lock_irqsave) around the __ form.
struct Locked {
  explicit Locked(sk_buff_head* l) : list(l) { list->lock.locked++; }
  ~Locked() { list->lock.locked--; }
  sk_buff_head* list;
};

}  // namespace

void QueueTail(sk_buff_head* list, sk_buff* newsk, const char* function, const void* caller) {
  CheckQueueAtEntry(list, function, caller);
  CheckNotLinked(newsk, list, function, caller);
  Insert(newsk, list->prev, reinterpret_cast<sk_buff*>(list), list, function, caller);
}

void QueueUnlink(sk_buff* skb, sk_buff_head* list, const char* function, const void* caller) {
  CheckQueueAtEntry(list, function, caller);
  CheckUnlinkable(skb, list, function, caller);
  Unlink(skb, list, function, caller);
}

}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

// Models __skb_queue_head_init(): an empty circular list.
void __skb_queue_head_init(struct sk_buff_head* list) {
  list->prev = list->next = reinterpret_cast<sk_buff*>(list);
  list->qlen = 0;
}

// Models skb_queue_head_init(): init the lock, then the list.
void skb_queue_head_init(struct sk_buff_head* list) {
  spin_lock_init(&list->lock);
  __skb_queue_head_init(list);
}

// Models __skb_insert() (include/linux/skbuff.h): no checks, as in the kernel.
void __skb_insert(struct sk_buff* newsk, struct sk_buff* prev, struct sk_buff* next, struct sk_buff_head* list) {
  CheckQueueAtEntry(list, "__skb_insert", LIBSKB_CALLER());
  Insert(newsk, prev, next, list, "__skb_insert", LIBSKB_CALLER());
}

// Models __skb_queue_after(): insert newsk after prev.
void __skb_queue_after(struct sk_buff_head* list, struct sk_buff* prev, struct sk_buff* newsk) {
  CheckQueueAtEntry(list, "__skb_queue_after", LIBSKB_CALLER());
  CheckNotLinked(newsk, list, "__skb_queue_after", LIBSKB_CALLER());
  Insert(newsk, prev, prev->next, list, "__skb_queue_after", LIBSKB_CALLER());
}

// Models __skb_queue_before(): insert newsk before next.
void __skb_queue_before(struct sk_buff_head* list, struct sk_buff* next, struct sk_buff* newsk) {
  CheckQueueAtEntry(list, "__skb_queue_before", LIBSKB_CALLER());
  CheckNotLinked(newsk, list, "__skb_queue_before", LIBSKB_CALLER());
  Insert(newsk, next->prev, next, list, "__skb_queue_before", LIBSKB_CALLER());
}

// Models __skb_queue_head(): insert after the head.
void __skb_queue_head(struct sk_buff_head* list, struct sk_buff* newsk) {
  CheckQueueAtEntry(list, "__skb_queue_head", LIBSKB_CALLER());
  CheckNotLinked(newsk, list, "__skb_queue_head", LIBSKB_CALLER());
  sk_buff* head = reinterpret_cast<sk_buff*>(list);
  Insert(newsk, head, list->next, list, "__skb_queue_head", LIBSKB_CALLER());
}

// Models __skb_queue_tail(): insert between list->prev and the head. With a
// corrupted head (prev == NULL) this is the seed-003 NULL dereference.
void __skb_queue_tail(struct sk_buff_head* list, struct sk_buff* newsk) {
  QueueTail(list, newsk, "__skb_queue_tail", LIBSKB_CALLER());
}

// Models __skb_unlink(): no membership check, as in the kernel.
void __skb_unlink(struct sk_buff* skb, struct sk_buff_head* list) {
  QueueUnlink(skb, list, "__skb_unlink", LIBSKB_CALLER());
}

// Models __skb_dequeue(): peek + unlink, NULL when empty.
struct sk_buff* __skb_dequeue(struct sk_buff_head* list) {
  return Dequeue(list, false, "__skb_dequeue", LIBSKB_CALLER());
}

// Models __skb_dequeue_tail().
struct sk_buff* __skb_dequeue_tail(struct sk_buff_head* list) {
  return Dequeue(list, true, "__skb_dequeue_tail", LIBSKB_CALLER());
}

// Models skb_queue_head() (net/core/skbuff.c): the locked form.
void skb_queue_head(struct sk_buff_head* list, struct sk_buff* newsk) {
  Locked lock(list);
  CheckQueueAtEntry(list, "skb_queue_head", LIBSKB_CALLER());
  CheckNotLinked(newsk, list, "skb_queue_head", LIBSKB_CALLER());
  Insert(newsk, reinterpret_cast<sk_buff*>(list), list->next, list, "skb_queue_head", LIBSKB_CALLER());
}

// Models skb_queue_tail() (net/core/skbuff.c).
void skb_queue_tail(struct sk_buff_head* list, struct sk_buff* newsk) {
  Locked lock(list);
  QueueTail(list, newsk, "skb_queue_tail", LIBSKB_CALLER());
}

// Models skb_unlink() (net/core/skbuff.c).
void skb_unlink(struct sk_buff* skb, struct sk_buff_head* list) {
  Locked lock(list);
  QueueUnlink(skb, list, "skb_unlink", LIBSKB_CALLER());
}

// Models skb_append() (net/core/skbuff.c): insert newsk after old.
void skb_append(struct sk_buff* old, struct sk_buff* newsk, struct sk_buff_head* list) {
  Locked lock(list);
  CheckQueueAtEntry(list, "skb_append", LIBSKB_CALLER());
  CheckNotLinked(newsk, list, "skb_append", LIBSKB_CALLER());
  Insert(newsk, old, old->next, list, "skb_append", LIBSKB_CALLER());
}

// Models skb_dequeue() (net/core/skbuff.c).
struct sk_buff* skb_dequeue(struct sk_buff_head* list) {
  Locked lock(list);
  return Dequeue(list, false, "skb_dequeue", LIBSKB_CALLER());
}

// Models skb_dequeue_tail() (net/core/skbuff.c).
struct sk_buff* skb_dequeue_tail(struct sk_buff_head* list) {
  Locked lock(list);
  return Dequeue(list, true, "skb_dequeue_tail", LIBSKB_CALLER());
}

// Models skb_queue_next(): BUG_ON(skb_queue_is_last(list, skb)).
struct sk_buff* skb_queue_next(const struct sk_buff_head* list, const struct sk_buff* skb) {
  if (skb_queue_is_last(list, skb)) Bug(skb::Site::kSkbQueueNext, skb, "", LIBSKB_CALLER());
  return skb->next;
}

// Models skb_queue_prev(): BUG_ON(skb_queue_is_first(list, skb)).
struct sk_buff* skb_queue_prev(const struct sk_buff_head* list, const struct sk_buff* skb) {
  if (skb_queue_is_first(list, skb)) Bug(skb::Site::kSkbQueueNext, skb, "", LIBSKB_CALLER());
  return skb->prev;
}

// Models __skb_queue_purge(): dequeue and kfree_skb until empty.
void __skb_queue_purge(struct sk_buff_head* list) {
  CheckQueueAtEntry(list, "__skb_queue_purge", LIBSKB_CALLER());
  sk_buff* skb;
  while ((skb = Peek(list)) != nullptr) {
    Unlink(skb, list, "__skb_queue_purge", LIBSKB_CALLER());
    kfree_skb(skb);
  }
}

// Models skb_queue_purge(): the locked dequeue + kfree_skb.
void skb_queue_purge(struct sk_buff_head* list) {
  CheckQueueAtEntry(list, "skb_queue_purge", LIBSKB_CALLER());
  sk_buff* skb;
  while ((skb = skb_dequeue(list)) != nullptr) kfree_skb(skb);
}

// Models skb_queue_splice(): join list at the front of head (list not reset).
void skb_queue_splice(const struct sk_buff_head* list, struct sk_buff_head* head) {
  if (!skb_queue_empty(list)) {
    Splice(list, reinterpret_cast<sk_buff*>(head), head->next);
    head->qlen += list->qlen;
  }
}

// Models skb_queue_splice_init(): as skb_queue_splice, then reinit list.
void skb_queue_splice_init(struct sk_buff_head* list, struct sk_buff_head* head) {
  if (!skb_queue_empty(list)) {
    Splice(list, reinterpret_cast<sk_buff*>(head), head->next);
    head->qlen += list->qlen;
    __skb_queue_head_init(list);
  }
}

// Models skb_queue_splice_tail(): join list at the back of head.
void skb_queue_splice_tail(const struct sk_buff_head* list, struct sk_buff_head* head) {
  if (!skb_queue_empty(list)) {
    Splice(list, head->prev, reinterpret_cast<sk_buff*>(head));
    head->qlen += list->qlen;
  }
}

// Models skb_queue_splice_tail_init().
void skb_queue_splice_tail_init(struct sk_buff_head* list, struct sk_buff_head* head) {
  if (!skb_queue_empty(list)) {
    Splice(list, head->prev, reinterpret_cast<sk_buff*>(head));
    head->qlen += list->qlen;
    __skb_queue_head_init(list);
  }
}

}  // extern "C"
