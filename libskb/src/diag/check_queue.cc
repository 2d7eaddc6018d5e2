// libskb: the queue invariants Q1-Q4 (kernel-semantics.md §9.5).
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp.h>

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

std::vector<Violation> CheckTcpWriteQueue(const sock* sk) {
  using internal::Format;
  std::vector<Violation> v = CheckQueue(&sk->sk_write_queue);
  if (!v.empty()) return v;
  const sk_buff* head = reinterpret_cast<const sk_buff*>(&sk->sk_write_queue);
  bool send_head_found = sk->sk_send_head == nullptr;
  long long truesize = 0;
  const sk_buff* prev = nullptr;
  for (const sk_buff* skb = sk->sk_write_queue.next; skb != head; skb = skb->next) {
    const tcp_skb_cb* tcb = TCP_SKB_CB(skb);
    const unsigned extra = (tcb->tcp_flags & (TCPHDR_SYN | TCPHDR_FIN)) ? 1 : 0;
    if (tcb->end_seq - tcb->seq != skb->len + extra) {
      v.push_back({"Q9", "tcp_seq_len_mismatch",
                   Format("skb %p: end_seq - seq = %u but len = %u%s (the sequence space and the bytes disagree)",
                          static_cast<const void*>(skb), tcb->end_seq - tcb->seq, skb->len,
                          extra ? " + 1 (SYN/FIN)" : "")});
    }
    if (prev != nullptr && TCP_SKB_CB(prev)->end_seq != tcb->seq) {
      v.push_back({"Q9", "tcp_seq_not_contiguous",
                   Format("skb %p: seq = %u but the previous skb ends at %u", static_cast<const void*>(skb), tcb->seq,
                          TCP_SKB_CB(prev)->end_seq)});
    }
    if (skb == sk->sk_send_head) send_head_found = true;
    truesize += skb->truesize;
    prev = skb;
  }
  if (!send_head_found) {
    v.push_back({"Q9", "tcp_send_head_not_queued",
                 Format("sk_send_head = %p is not on sk_write_queue", static_cast<const void*>(sk->sk_send_head))});
  }
  if (truesize != sk->sk_wmem_queued) {
    v.push_back({"Q9", "tcp_wmem_queued_mismatch",
                 Format("sk_wmem_queued = %d but the queued skbs' truesize sums to %lld", sk->sk_wmem_queued,
                        truesize)});
  }
  return v;
}

}  // namespace skb
