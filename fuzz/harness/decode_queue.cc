// libskb fuzz harness: the queue family (fuzz_skb_queue). skbs of every
// shape (the skb decoder's ops: clones, frags, frag_list) move through up to
// four sk_buff_head queues: queued at either end, dequeued from either end,
// unlinked from the middle, spliced between queues, purged. Legal by
// construction: an skb is on at most one queue (the slot it came from is
// empty while it is queued), a stale queue (after a non-init splice) is
// never touched again.
#include "decode_impl.h"

namespace skbfuzz {
namespace {

// The skb ops that shape skbs between queue ops (a subset of fuzz_skb_ops:
// the ones that change how an skb is shared or laid out).
constexpr OpKind kShapeKinds[] = {
    OpKind::kPut,      OpKind::kPull,        OpKind::kPskbTrim, OpKind::kAddRxFrag, OpKind::kFragListAdd,
    OpKind::kClone,    OpKind::kPskbCopy,    OpKind::kCopy,     OpKind::kSplit,     OpKind::kExpandHead,
    OpKind::kUnclone,  OpKind::kLinearize,   OpKind::kStoreBits, OpKind::kFree,
};

class QueueDecoder : public SkbDecoder {
 public:
  using SkbDecoder::SkbDecoder;

  void Loop(size_t max_ops) {
    while (p_.ops.size() < max_ops && fdp_.remaining_bytes() > 0 && !r_.finding()) {
      std::vector<int> live, queues, free_queues;
      for (int i = 0; i < kMaxSlots; i++) {
        if (r_.live(i)) live.push_back(i);
      }
      for (int q = 0; q < kMaxQueues; q++) (r_.queue_live(q) ? queues : free_queues).push_back(q);
      if (queues.empty()) {
        Emit(Op{OpKind::kQueueInit, static_cast<int8_t>(free_queues[0]), -1, -1, {}});
        continue;
      }
      if (live.empty() && Total() == 0) {
        Alloc();
        continue;
      }
      const auto q = static_cast<int8_t>(queues[fdp_.ConsumeIntegralInRange<size_t>(0, queues.size() - 1)]);
      const size_t qlen = Len(q);
      switch (fdp_.ConsumeIntegralInRange<int>(0, 11)) {
        case 0:
        case 1:
        case 2: {  // queue an skb (make one if none is at hand)
          if (live.empty()) {
            Alloc();
            break;
          }
          const auto s = static_cast<int8_t>(live[fdp_.ConsumeIntegralInRange<size_t>(0, live.size() - 1)]);
          Emit(Op{fdp_.ConsumeBool() ? OpKind::kQueueTail : OpKind::kQueueHead, -1, q, s, {}});
          break;
        }
        case 3:
        case 4: {  // dequeue from either end (also of an empty queue: NULL)
          const int d = FreeSlot();
          if (d < 0) break;
          Emit(Op{fdp_.ConsumeBool() ? OpKind::kDequeue : OpKind::kDequeueTail, static_cast<int8_t>(d), q, -1, {}});
          break;
        }
        case 5: {  // unlink from the middle
          const int d = FreeSlot();
          if (d < 0 || qlen == 0) break;
          Emit(Op{OpKind::kUnlink, static_cast<int8_t>(d), q, -1,
                  {fdp_.ConsumeIntegralInRange<unsigned>(0, static_cast<unsigned>(qlen - 1)), 0, 0}});
          break;
        }
        case 6: {  // splice into another queue (making one if needed)
          if (queues.size() < 2) {
            if (!free_queues.empty()) Emit(Op{OpKind::kQueueInit, static_cast<int8_t>(free_queues[0]), -1, -1, {}});
            break;
          }
          std::vector<int> others;
          for (int x : queues) {
            if (x != q) others.push_back(x);
          }
          const auto to = static_cast<int8_t>(others[fdp_.ConsumeIntegralInRange<size_t>(0, others.size() - 1)]);
          static constexpr OpKind kSplices[] = {OpKind::kQueueSplice, OpKind::kQueueSpliceInit,
                                                OpKind::kQueueSpliceTail, OpKind::kQueueSpliceTailInit};
          Emit(Op{kSplices[fdp_.ConsumeIntegralInRange<int>(0, 3)], -1, q, to, {}});
          break;
        }
        case 7: {  // a new (or re-made) queue, or a purge
          if (!free_queues.empty() && fdp_.ConsumeBool()) {
            Emit(Op{OpKind::kQueueInit, static_cast<int8_t>(free_queues[0]), -1, -1, {}});
          } else if (fdp_.ConsumeIntegralInRange<int>(0, 3) == 0) {
            Emit(Op{OpKind::kQueuePurge, -1, q, -1, {}});
          }
          break;
        }
        default: {  // reshape an skb in a slot
          if (live.empty() || (live.size() < 2 && fdp_.ConsumeIntegralInRange<int>(0, 3) == 0)) {
            Alloc();
            break;
          }
          const OpKind kind = kShapeKinds[fdp_.ConsumeIntegralInRange<size_t>(0, std::size(kShapeKinds) - 1)];
          TryOp(kind, live[fdp_.ConsumeIntegralInRange<size_t>(0, live.size() - 1)], live);
          break;
        }
      }
    }
  }

 private:
  size_t Len(int q) const { return r_.impl().queue_model[static_cast<size_t>(q)].size(); }
  size_t Total() const {
    size_t n = 0;
    for (int q = 0; q < kMaxQueues; q++) n += r_.queue_live(q) ? Len(q) : 0;
    return n;
  }
};

}  // namespace

void DecodeQueue(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops) {
  QueueDecoder(fdp, r, p).Loop(max_ops);
}

}  // namespace skbfuzz
