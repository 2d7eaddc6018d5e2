// libskb fuzz harness: sk_buff_head queue ops and their shadow lists.
//
// Each queue slot holds a real struct sk_buff_head (libskb links its skbs
// to its address) and a model: the skbs it must hold, in order, each with
// the bytes its slot's model held when it went on. After every op the
// runner checks the queue (skb::CheckQueue, Q1-Q4), its length and members
// against the model, and each member with skb::Check; an skb that comes off
// a queue is checked against the bytes it went on with.
#include <linux/skbuff.h>

#include <algorithm>

#include "runner_impl.h"

namespace skbfuzz {
namespace {

std::string QSlot(int q) { return "q" + std::to_string(q); }

std::string Violations(const std::vector<skb::Violation>& v) {
  std::string out;
  for (const auto& x : v) out += "  " + x.ToString() + "\n";
  return out;
}

// Moves a dequeued skb into slot d with the bytes it went on with.
void Land(Runner::Impl& r, int d, sk_buff* got, QueuedSkb item, const char* what) {
  if (got != item.skb)
    Post(Fmt("%s returned %p, the model's skb is %p", what, static_cast<void*>(got), static_cast<void*>(item.skb)));
  if (got->next != nullptr || got->prev != nullptr) Post(Fmt("%s left the skb's next/prev set", what));
  r.skbs[d] = got;
  r.shadow[d] = std::move(item.bytes);
  r.family[d] = item.family;
}

// Models the splice family (include/linux/skbuff.h): list's skbs go to the
// front (tail = false) or back of head's; `init` re-initialises list, else
// list is stale (its links still name skbs that now belong to head).
void Splice(Runner::Impl& r, const Op& op, bool tail, bool init) {
  sk_buff_head* list = &r.queues[op.a];
  sk_buff_head* head = &r.queues[op.b];
  if (tail) {
    init ? skb_queue_splice_tail_init(list, head) : skb_queue_splice_tail(list, head);
  } else {
    init ? skb_queue_splice_init(list, head) : skb_queue_splice(list, head);
  }
  auto& from = r.queue_model[op.a];
  auto& to = r.queue_model[op.b];
  if (tail) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  } else {
    to.insert(to.begin(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }
  from.clear();
  if (!init) r.queue_live[op.a] = false;  // stale: nothing may use it again
}

}  // namespace

void ExecQueueOp(Runner::Impl& r, const Op& op) {
  switch (op.kind) {
    case OpKind::kQueueInit:
      skb_queue_head_init(&r.queues[op.dst]);
      r.queue_live[op.dst] = true;
      r.queue_model[op.dst].clear();
      return;
    case OpKind::kQueueTail:
    case OpKind::kQueueHead: {
      sk_buff* s = r.skbs[op.b];
      QueuedSkb item{s, std::move(r.shadow[op.b]), r.family[op.b]};
      r.skbs[op.b] = nullptr;
      r.shadow[op.b].clear();
      auto& model = r.queue_model[op.a];
      if (op.kind == OpKind::kQueueTail) {
        model.push_back(std::move(item));
        skb_queue_tail(&r.queues[op.a], s);
      } else {
        model.insert(model.begin(), std::move(item));
        skb_queue_head(&r.queues[op.a], s);
      }
      return;
    }
    case OpKind::kDequeue:
    case OpKind::kDequeueTail: {
      auto& model = r.queue_model[op.a];
      const bool tail = op.kind == OpKind::kDequeueTail;
      sk_buff* got = tail ? skb_dequeue_tail(&r.queues[op.a]) : skb_dequeue(&r.queues[op.a]);
      if (model.empty()) {
        if (got != nullptr) Post(Fmt("%s of an empty queue returned %p", OpName(op.kind), static_cast<void*>(got)));
        r.note = QSlot(op.a) + " was empty: " + SkbSlot(op.dst) + " stays empty\n";
        return;
      }
      QueuedSkb item = std::move(tail ? model.back() : model.front());
      if (tail) {
        model.pop_back();
      } else {
        model.erase(model.begin());
      }
      if (got == nullptr) Post(Fmt("%s returned NULL with %zu skbs queued", OpName(op.kind), model.size() + 1));
      Land(r, op.dst, got, std::move(item), OpName(op.kind));
      return;
    }
    case OpKind::kUnlink: {
      auto& model = r.queue_model[op.a];
      if (op.args[0] >= model.size())
        HarnessError(Fmt("unlink %s %u: the queue holds %zu skbs", QSlot(op.a).c_str(), op.args[0], model.size()));
      QueuedSkb item = std::move(model[op.args[0]]);
      model.erase(model.begin() + op.args[0]);
      sk_buff* s = item.skb;
      skb_unlink(s, &r.queues[op.a]);
      Land(r, op.dst, s, std::move(item), "skb_unlink");
      return;
    }
    case OpKind::kQueueSplice: Splice(r, op, false, false); return;
    case OpKind::kQueueSpliceInit: Splice(r, op, false, true); return;
    case OpKind::kQueueSpliceTail: Splice(r, op, true, false); return;
    case OpKind::kQueueSpliceTailInit: Splice(r, op, true, true); return;
    case OpKind::kQueuePurge:
      // The model empties first: a BUG in a free must not leave it naming freed skbs.
      r.queue_model[op.a].clear();
      skb_queue_purge(&r.queues[op.a]);
      if (!skb_queue_empty(&r.queues[op.a]) || skb_queue_len(&r.queues[op.a]) != 0)
        Post("skb_queue_purge left the queue non-empty");
      return;
    default: break;
  }
  HarnessError(std::string("not a queue op: ") + OpName(op.kind));
}

std::optional<Failure> CheckQueues(Runner::Impl& r, const std::vector<uint32_t>& families, bool all_members) {
  for (int q = 0; q < kMaxQueues; q++) {
    if (!r.queue_live[q]) continue;
    const sk_buff_head* head = &r.queues[q];
    const auto v = skb::CheckQueue(head);
    if (!v.empty()) return Failure{v[0].id, v[0].name, QSlot(q) + ": skb::CheckQueue:\n" + Violations(v)};
    const auto& model = r.queue_model[q];
    if (skb_queue_len(head) != model.size())
      return Failure{"shadow", QSlot(q),
                     Fmt("%s: qlen = %u, the model holds %zu skbs\n", QSlot(q).c_str(), skb_queue_len(head), model.size())};
    size_t i = 0;
    for (const sk_buff* it = head->next; it != reinterpret_cast<const sk_buff*>(head); it = it->next, i++) {
      if (i >= model.size() || it != model[i].skb)
        return Failure{"shadow", QSlot(q),
                       Fmt("%s: member #%zu is %p, the model says %p\n", QSlot(q).c_str(), i,
                           static_cast<const void*>(it),
                           i < model.size() ? static_cast<const void*>(model[i].skb) : nullptr)};
      if (!all_members && std::find(families.begin(), families.end(), model[i].family) == families.end()) continue;
      // Sharers the fingerprint counts: the slots' skbs on the same head.
      unsigned sharers = 0;
      for (const sk_buff* s : r.skbs) sharers += s != nullptr && s->head == it->head;
      Checked& c = r.queue_model[q][i].checked;
      if (c.Same(it, sharers)) continue;
      const auto sv = skb::Check(it, skb::CheckMode::kKernelTolerant);
      if (!sv.empty())
        return Failure{sv[0].id, sv[0].name,
                       Fmt("%s member #%zu: skb::Check:\n", QSlot(q).c_str(), i) + Violations(sv) + skb::CrashDump(it)};
      c = Checked{it, it->head, it->end, Fingerprint(it, sharers)};
    }
  }
  return std::nullopt;
}

void FinishQueues(Runner::Impl& r) {
  for (int q = 0; q < kMaxQueues; q++) {
    if (!r.queue_live[q]) continue;
    r.queue_live[q] = false;
    r.queue_model[q].clear();
    skb_queue_purge(&r.queues[q]);
  }
}

void AbandonQueues(Runner::Impl& r) {
  skb::ScopedCheckedMode off(false);
  for (int q = 0; q < kMaxQueues; q++) {
    if (!r.queue_live[q]) continue;
    r.queue_live[q] = false;
    for (const QueuedSkb& item : r.queue_model[q]) {
      try {
        if (skb::IsLiveSkb(item.skb)) {
          item.skb->next = item.skb->prev = nullptr;
          kfree_skb(item.skb);
        }
      } catch (...) {
      }
    }
    r.queue_model[q].clear();
  }
}

std::string Runner::QueueState(int q) const {
  if (!queue_live(q)) return "(empty)";
  const auto& model = impl_->queue_model[q];
  std::string out = Fmt("qlen=%u:", skb_queue_len(&impl_->queues[q]));
  for (const QueuedSkb& item : model) out += Fmt(" (len=%u)", skb::IsLiveSkb(item.skb) ? item.skb->len : 0u);
  return out;
}

}  // namespace skbfuzz
