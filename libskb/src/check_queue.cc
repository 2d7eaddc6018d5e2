// libskb: the queue invariants Q1-Q4 (kernel-semantics.md §9.5).
#include <linux/skbuff.h>

#include "internal.h"
#include "skb/check.h"
#include "skb/memory.h"

namespace skb {

std::vector<Violation> CheckQueue(const sk_buff_head* list) {
  using internal::Format;
  std::vector<Violation> v;
  const sk_buff* head = reinterpret_cast<const sk_buff*>(list);
  const void* vnext = static_cast<const void*>(list->next);
  const void* vprev = static_cast<const void*>(list->prev);
  // Q1: a NULL link becomes a NULL dereference at the next insert or peek.
  if (list->next == nullptr || list->prev == nullptr) {
    v.push_back({"Q1", "queue_head_null_link",
                  Format("queue %p: next = %p, prev = %p, qlen = %u", static_cast<const void*>(list), vnext, vprev,
                         list->qlen)});
    return v;
  }
  // Q4: empty <=> next == head <=> prev == head (skb_queue_empty trusts next).
  const bool next_is_head = list->next == head;
  const bool prev_is_head = list->prev == head;
  if (next_is_head != prev_is_head || (list->qlen == 0) != next_is_head) {
    v.push_back({"Q4", "queue_empty_mismatch",
                  Format("queue %p: qlen = %u but next %s the head and prev %s the head",
                         static_cast<const void*>(list), list->qlen, next_is_head ? "is" : "is not",
                         prev_is_head ? "is" : "is not")});
  }
  // Q2/Q3: walk forward, validating each node before following it. The walk
  // is bounded by qlen + 1 so a cycle that skips the head terminates.
  size_t count = 0;
  const sk_buff* prev = head;
  const sk_buff* node = list->next;
  const size_t limit = static_cast<size_t>(list->qlen) + 1;
  while (node != head) {
    if (node == nullptr || !IsLiveSkb(node)) {
      v.push_back({"Q2", "queue_link_broken",
                   Format("queue %p: node %zu after %p is %p, not a live skb", static_cast<const void*>(list), count,
                          static_cast<const void*>(prev), static_cast<const void*>(node))});
      return v;
    }
    if (node->prev != prev) {
      v.push_back({"Q2", "queue_link_broken",
                   Format("queue %p: node %p (position %zu) has prev = %p, expected %p",
                          static_cast<const void*>(list), static_cast<const void*>(node), count,
                          static_cast<void*>(node->prev), static_cast<const void*>(prev))});
      return v;
    }
    ++count;
    if (count > limit) {
      v.push_back({"Q3", "queue_qlen_mismatch",
                   Format("queue %p: more than qlen + 1 = %zu nodes reachable (cycle or qlen too small)",
                          static_cast<const void*>(list), limit)});
      return v;
    }
    prev = node;
    node = node->next;
  }
  if (list->prev != prev) {
    v.push_back({"Q2", "queue_link_broken",
                 Format("queue %p: head prev = %p but the last node is %p", static_cast<const void*>(list), vprev,
                        static_cast<const void*>(prev))});
  }
  if (count != list->qlen) {
    v.push_back({"Q3", "queue_qlen_mismatch",
                 Format("queue %p: qlen = %u but %zu nodes are linked", static_cast<const void*>(list), list->qlen,
                        count)});
  }
  return v;
}

}  // namespace skb
