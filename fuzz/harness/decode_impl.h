// libskb fuzz harness internals: the decoders' shared machinery (the skb-op
// decoder every family builds on). See runner.h, Decode().
//
// The decoder executes each op as it produces it (on a Runner) and reads the
// real skbs' state to keep every op legal, with the rules of
// tests/property_test.cc: the kernel would not BUG, and no byte another skb
// can see is written in place. FuzzedDataProvider takes integers from the end
// of the input, so the op choices and their arguments are stable under the
// usual mutations.
#ifndef LIBSKB_FUZZ_HARNESS_DECODE_IMPL_H_
#define LIBSKB_FUZZ_HARNESS_DECODE_IMPL_H_

#include <fuzzer/FuzzedDataProvider.h>
#include <linux/mm.h>
#include <linux/skbuff.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "runner.h"
#include "runner_impl.h"
#include "skb/skb.h"

namespace skbfuzz {


inline namespace decode_limits {
constexpr unsigned kMaxLen = 12000;      // growth ops stop above this length
constexpr unsigned kMaxHeadroom = 2048;  // headroom-growing ops stop above this
constexpr unsigned kMaxHead = 64 * 1024;  // head-reallocating ops stop above this (end offset)

// Ops that never reallocate the operand's head.
inline bool NeverReallocates(OpKind k) {
  switch (k) {
    case OpKind::kFree:
    case OpKind::kCopyBits:
    case OpKind::kHeaderPointer:
    case OpKind::kChecksum:
    case OpKind::kClone:
    case OpKind::kPull:
    case OpKind::kTrim:
    case OpKind::kSetNetworkHeader:
    case OpKind::kSetTransportHeader:
    case OpKind::kSetMacHeader:
    case OpKind::kCsumNone:
    case OpKind::kCsumUnnecessary:
    case OpKind::kCsumComplete:
    case OpKind::kGso:
      return true;
    default:
      return false;
  }
}

// The ops fuzz_skb_ops draws from: every skb op and the packet-metadata ops
// (the hook and path ops need packets: Family::kNf).
inline constexpr unsigned kGsoTypes[] = {SKB_GSO_TCPV4, SKB_GSO_UDP_L4, SKB_GSO_DODGY | SKB_GSO_TCPV4, SKB_GSO_TCPV6,
                                   SKB_GSO_TCPV4 | SKB_GSO_TCP_ECN};

inline constexpr OpKind kSkbKinds[] = {
    OpKind::kAllocSkb,      OpKind::kAllocSkbFclone,     OpKind::kNetdevAllocSkb,     OpKind::kReserve,
    OpKind::kPut,           OpKind::kPush,               OpKind::kPull,               OpKind::kTrim,
    OpKind::kPskbTrim,      OpKind::kPskbTrimRcsum,      OpKind::kMayPull,            OpKind::kPullTail,
    OpKind::kPskbPull,      OpKind::kLinearize,          OpKind::kLinearizeCow,       OpKind::kCopyBits,
    OpKind::kStoreBits,     OpKind::kHeaderPointer,      OpKind::kAddRxFrag,          OpKind::kFragListAdd,
    OpKind::kClone,         OpKind::kCopy,               OpKind::kPskbCopy,           OpKind::kCopyExpand,
    OpKind::kSplit,         OpKind::kExpandHead,         OpKind::kCow,                OpKind::kCowHead,
    OpKind::kUnclone,       OpKind::kEnsureWritable,     OpKind::kChecksum,           OpKind::kChecksumHelp,
    OpKind::kFree,          OpKind::kWrite,              OpKind::kSetNetworkHeader,   OpKind::kSetTransportHeader,
    OpKind::kSetMacHeader,  OpKind::kCsumNone,           OpKind::kCsumUnnecessary,    OpKind::kCsumComplete,
    OpKind::kCsumPartial,   OpKind::kGso,
};
}  // namespace decode_limits

class SkbDecoder {
 public:
  SkbDecoder(FuzzedDataProvider& fdp, Runner& r, Program& p) : fdp_(fdp), r_(r), p_(p) {}
  virtual ~SkbDecoder() = default;

  // Emits and runs ops until the input or the op budget is exhausted or a
  // finding stops the run.
  void Loop(size_t max_ops) {
    while (p_.ops.size() < max_ops && fdp_.remaining_bytes() > 0 && !r_.finding()) {
      std::vector<int> live;
      for (int i = 0; i < kMaxSlots; i++) {
        if (r_.live(i)) live.push_back(i);
      }
      if (live.empty() || (live.size() < 3 && fdp_.ConsumeIntegralInRange<int>(0, 15) == 0)) {
        Alloc();
        continue;
      }
      const OpKind kind = kSkbKinds[fdp_.ConsumeIntegralInRange<size_t>(0, std::size(kSkbKinds) - 1)];
      const int a = live[fdp_.ConsumeIntegralInRange<size_t>(0, live.size() - 1)];
      TryOp(kind, a, live);
    }
  }

 protected:
  bool Emit(Op op) {
    p_.ops.push_back(op);
    return r_.Step(op);
  }

  int FreeSlot() const {
    for (int i = 0; i < kMaxSlots; i++) {
      if (!r_.live(i)) return i;
    }
    return -1;
  }

  // Offsets where an skb's byte ranges change hands: 0, headlen, frag ends,
  // frag_list member ends.
  static std::vector<unsigned> Boundaries(const sk_buff* s) {
    std::vector<unsigned> b = {0, skb_headlen(s)};
    unsigned pos = skb_headlen(s);
    const skb_shared_info* sh = skb_shinfo(s);
    for (int i = 0; i < sh->nr_frags; i++) b.push_back(pos += skb_frag_size(&sh->frags[i]));
    for (const sk_buff* m = sh->frag_list; m != nullptr; m = m->next) b.push_back(pos += m->len);
    return b;
  }

  // A value in [lo, hi]: often next to a boundary, often at an end, else any.
  unsigned Pick(const sk_buff* s, unsigned lo, unsigned hi) {
    if (hi <= lo) return lo;
    switch (fdp_.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: {
        if (s == nullptr) break;
        const auto b = Boundaries(s);
        const long v = static_cast<long>(b[fdp_.ConsumeIntegralInRange<size_t>(0, b.size() - 1)]) +
                       fdp_.ConsumeIntegralInRange<int>(-1, 1);
        if (v >= static_cast<long>(lo) && v <= static_cast<long>(hi)) return static_cast<unsigned>(v);
        break;
      }
      case 1: return lo + fdp_.ConsumeIntegralInRange<unsigned>(0, std::min(hi - lo, 8u));
      case 2: return hi - fdp_.ConsumeIntegralInRange<unsigned>(0, std::min(hi - lo, 8u));
      default: break;
    }
    return fdp_.ConsumeIntegralInRange<unsigned>(lo, hi);
  }

  // Whether [off, off + n) of s may be written in place without changing
  // bytes another skb can see (property_test.cc RangeWritable).
  static bool RangeWritable(const sk_buff* s, unsigned off, unsigned n, bool top = true) {
    if (n == 0) return true;
    const unsigned end = off + n, hl = skb_headlen(s);
    if (off < hl) {
      const bool clone_ok = top && !s->nohdr && skb_clone_writable(s, std::min(end, hl));
      if (skb_cloned(s) && !clone_ok) return false;
    }
    unsigned start = hl;
    const skb_shared_info* sh = skb_shinfo(s);
    for (int i = 0; i < sh->nr_frags; i++) {
      const unsigned fend = start + skb_frag_size(&sh->frags[i]);
      if (off < fend && end > start) {
        if (skb_cloned(s) || page_ref_count(skb_frag_page(&sh->frags[i])) != 1) return false;
      }
      start = fend;
    }
    for (const sk_buff* m = sh->frag_list; m != nullptr; m = m->next) {
      const unsigned mend = start + m->len;
      if (off < mend && end > start) {
        if (skb_cloned(s) || refcount_read(&m->users) != 1) return false;
        const unsigned moff = off > start ? off - start : 0;
        const unsigned mn = std::min(end, mend) - (start + moff);
        if (!RangeWritable(m, moff, mn, false)) return false;
      }
      start = mend;
    }
    return true;
  }

  // Makes [off, off + n) of slot a writable in place if it is not, as module
  // code must (skb_linearize_cow or skb_ensure_writable); false if it could not.
  bool MakeWritable(int8_t sa, unsigned off, unsigned n) {
    const sk_buff* s = r_.skb(sa);
    if (RangeWritable(s, off, n)) return true;
    const bool lin = fdp_.ConsumeBool();
    if (lin && !Emit(Op{OpKind::kLinearizeCow, -1, sa, -1, {0, 0, 0}})) return false;
    if (!lin && !Emit(Op{OpKind::kEnsureWritable, -1, sa, -1, {off + n, 0, 0}})) return false;
    return RangeWritable(r_.skb(sa), off, n);
  }

  void Alloc() {
    const int d = FreeSlot();
    if (d < 0) return;
    Op op;
    const int which = fdp_.ConsumeIntegralInRange<int>(0, 5);
    op.kind = which == 4 ? OpKind::kAllocSkbFclone : which == 5 ? OpKind::kNetdevAllocSkb : OpKind::kAllocSkb;
    op.dst = static_cast<int8_t>(d);
    op.args[0] = fdp_.ConsumeBool() ? fdp_.ConsumeIntegralInRange<unsigned>(0, 256)
                                    : fdp_.ConsumeIntegralInRange<unsigned>(0, 2048);
    if (!Emit(op)) return;
    const sk_buff* s = r_.skb(d);
    // Usually: some headroom and some payload, as a driver would.
    const unsigned room = static_cast<unsigned>(skb_tailroom(s));
    const unsigned res = fdp_.ConsumeIntegralInRange<unsigned>(0, std::min(room, 128u));
    if (res > 0 && !Emit(Op{OpKind::kReserve, -1, static_cast<int8_t>(d), -1, {res, 0, 0}})) return;
    const unsigned put = fdp_.ConsumeIntegralInRange<unsigned>(0, room - res);
    if (put > 0) Emit(Op{OpKind::kPut, -1, static_cast<int8_t>(d), -1, {put, 0, 0}});
  }

  void TryOp(OpKind kind, int a, const std::vector<int>& live) {
    sk_buff* s = r_.skb(a);
    const unsigned len = s->len, hl = skb_headlen(s), hr = skb_headroom(s);
    const bool cloned = skb_cloned(s), fl = skb_has_frag_list(s);
    const auto sa = static_cast<int8_t>(a);
    Op op{kind, -1, sa, -1, {0, 0, 0}};
    // pskb_expand_head sizes the new head to the whole kmalloc size class
    // (ksize), so repeated reallocations double the head: past kMaxHead
    // only ops that cannot reallocate it run.
    if (skb_end_offset(s) > kMaxHead && !NeverReallocates(kind)) return;
    switch (kind) {
      case OpKind::kAllocSkb:
      case OpKind::kAllocSkbFclone:
      case OpKind::kNetdevAllocSkb:
        Alloc();
        return;
      case OpKind::kReserve: {
        if (len != 0 || cloned) return;
        op.args[0] = Pick(s, 0, std::min<unsigned>(static_cast<unsigned>(skb_tailroom(s)), 256));
        break;
      }
      case OpKind::kPut: {
        if (s->data_len != 0 || cloned || len > kMaxLen) return;
        const unsigned room = static_cast<unsigned>(skb_tailroom(s));
        if (room == 0) {
          if (hr > kMaxHeadroom) return;  // make room: expand the tail
          if (!Emit(Op{OpKind::kExpandHead, -1, sa, -1, {0, Pick(nullptr, 1, 512), 0}})) return;
          op.args[0] = Pick(nullptr, 1, static_cast<unsigned>(skb_tailroom(s)));
        } else {
          op.args[0] = Pick(nullptr, 0, room);
        }
        break;
      }
      case OpKind::kPush: {
        if (hr > kMaxHeadroom) return;
        const unsigned n = fdp_.ConsumeIntegralInRange<int>(0, 7) == 0 ? fdp_.ConsumeIntegralInRange<unsigned>(65, 200)
                                                                       : fdp_.ConsumeIntegralInRange<unsigned>(1, 64);
        if (skb_headroom(s) < n || skb_header_cloned(s) || cloned) {
          const bool head = fdp_.ConsumeBool();
          if (!Emit(Op{head ? OpKind::kCowHead : OpKind::kCow, -1, sa, -1, {n, 0, 0}})) return;
          if (skb_cloned(s) && !Emit(Op{OpKind::kUnclone, -1, sa, -1, {0, 0, 0}})) return;
          if (skb_cloned(s) || skb_headroom(s) < n) return;
        }
        op.args[0] = n;
        break;
      }
      case OpKind::kPull: {
        op.args[0] = fdp_.ConsumeIntegralInRange<int>(0, 11) == 0 ? len + fdp_.ConsumeIntegralInRange<unsigned>(1, 8)
                                                                  : Pick(s, 0, hl);
        break;
      }
      case OpKind::kTrim: {
        if (s->data_len != 0) return;
        op.args[0] = Pick(s, 0, len);
        break;
      }
      case OpKind::kPskbTrim:
      case OpKind::kPskbTrimRcsum: {
        if (len == 0) return;
        op.args[0] = Pick(s, 0, len);
        break;
      }
      case OpKind::kMayPull: op.args[0] = Pick(s, 0, len + 8); break;
      case OpKind::kPullTail: op.args[0] = Pick(s, hl, len) - hl; break;
      case OpKind::kPskbPull: {
        op.args[0] = fdp_.ConsumeIntegralInRange<int>(0, 11) == 0 ? len + fdp_.ConsumeIntegralInRange<unsigned>(1, 8)
                                                                  : Pick(s, 0, len);
        break;
      }
      case OpKind::kLinearize:
      case OpKind::kLinearizeCow: break;
      case OpKind::kCopyBits:
      case OpKind::kHeaderPointer:
      case OpKind::kChecksum: {
        const unsigned off = Pick(s, 0, len);
        const bool oob = kind != OpKind::kChecksum && fdp_.ConsumeIntegralInRange<int>(0, 15) == 0;
        const unsigned cap = kind == OpKind::kHeaderPointer ? std::min(len - off, 128u) : len - off;
        op.args[0] = off;
        op.args[1] = oob ? len - off + fdp_.ConsumeIntegralInRange<unsigned>(1, 16) : Pick(s, 0, cap);
        break;
      }
      case OpKind::kStoreBits: {
        if (len == 0) return;
        const unsigned off = Pick(s, 0, len - 1);
        const unsigned n = std::max(1u, Pick(s, 1, std::min(len - off, 256u)));
        if (!MakeWritable(sa, off, n)) return;
        op.args = {off, n, 0};
        break;
      }
      case OpKind::kAddRxFrag: {
        if (cloned || fl || len > kMaxLen || skb_shinfo(s)->nr_frags >= MAX_SKB_FRAGS) return;
        const unsigned order = fdp_.ConsumeIntegralInRange<int>(0, 5) == 0 ? fdp_.ConsumeIntegralInRange<unsigned>(1, 2) : 0;
        const unsigned psize = static_cast<unsigned>(PAGE_SIZE) << order;
        const unsigned size = fdp_.ConsumeIntegralInRange<int>(0, 7) == 0 ? fdp_.ConsumeIntegralInRange<unsigned>(1, 8)
                                                                          : fdp_.ConsumeIntegralInRange<unsigned>(9, 1400);
        op.args = {fdp_.ConsumeIntegralInRange<unsigned>(0, psize - size), size, order};
        break;
      }
      case OpKind::kFragListAdd: {
        if (cloned || live.size() < 2 || len > kMaxLen) return;
        const int b = live[fdp_.ConsumeIntegralInRange<size_t>(0, live.size() - 1)];
        const sk_buff* m = r_.skb(b);
        if (b == a || skb_cloned(m) || skb_has_frag_list(m) || m->len == 0 || refcount_read(&m->users) != 1 ||
            m->head == s->head)
          return;
        // Appending links the last member: the list must be s's alone (a
        // pskb_copy/skb_clone shares the members with another skb).
        for (const sk_buff* x = skb_shinfo(s)->frag_list; x != nullptr; x = x->next) {
          if (refcount_read(&x->users) != 1) return;
        }
        op.b = static_cast<int8_t>(b);
        break;
      }
      case OpKind::kClone:
      case OpKind::kCopy:
      case OpKind::kPskbCopy:
      case OpKind::kCopyExpand: {
        const int d = FreeSlot();
        if (d < 0) return;
        op.dst = static_cast<int8_t>(d);
        if (kind == OpKind::kCopyExpand) {
          op.args[0] = fdp_.ConsumeIntegralInRange<unsigned>(0, 256);
          op.args[1] = fdp_.ConsumeIntegralInRange<unsigned>(0, 256);
        }
        break;
      }
      case OpKind::kSplit: {
        const int d = FreeSlot();
        if (d < 0 || len < 2 || cloned || fl) return;
        op.dst = static_cast<int8_t>(d);
        op.args[0] = Pick(s, 1, len - 1);
        break;
      }
      case OpKind::kExpandHead: {
        op.args[0] = hr > kMaxHeadroom || fdp_.ConsumeIntegralInRange<int>(0, 2) == 0 ? 0
                     : fdp_.ConsumeBool()                                              ? NET_SKB_PAD
                                                                                       : fdp_.ConsumeIntegralInRange<unsigned>(1, 128);
        op.args[1] = fdp_.ConsumeBool() ? 0 : fdp_.ConsumeIntegralInRange<unsigned>(1, 256);
        break;
      }
      case OpKind::kCow:
      case OpKind::kCowHead: {
        if (hr > kMaxHeadroom) return;
        op.args[0] = fdp_.ConsumeBool() ? fdp_.ConsumeIntegralInRange<unsigned>(0, 256) : Pick(nullptr, 0, hr + 64);
        break;
      }
      case OpKind::kUnclone: break;
      case OpKind::kEnsureWritable: op.args[0] = Pick(s, 0, len + 4); break;
      case OpKind::kChecksumHelp: {
        if (hl < 2 || skb_shinfo(s)->gso_size != 0) return;
        const unsigned start = Pick(s, 0, hl - 2);
        const unsigned field = start + fdp_.ConsumeIntegralInRange<unsigned>(0, std::min(hl - 2 - start, 40u));
        if (hr + start > 0xffff) return;
        op.args = {start, field - start, 0};
        break;
      }
      case OpKind::kFree: break;
      case OpKind::kWrite: {
        if (len == 0) return;
        const unsigned off = Pick(s, 0, len - 1);
        const unsigned n = std::max(1u, Pick(s, 1, std::min(len - off, 64u)));
        if (!MakeWritable(sa, off, n)) return;
        op.args[0] = off;
        op.bytes = fdp_.ConsumeBytes<uint8_t>(n);
        op.bytes.resize(n, 0);  // the input may run out: zeros
        break;
      }
      case OpKind::kSetNetworkHeader:
      case OpKind::kSetTransportHeader:
      case OpKind::kSetMacHeader: {
        const unsigned off = Pick(s, 0, len + 16);
        if ((s->data - s->head) + off > 0xffff) return;
        op.args[0] = off;
        break;
      }
      case OpKind::kCsumNone:
      case OpKind::kCsumUnnecessary:
      case OpKind::kCsumComplete: break;
      case OpKind::kCsumPartial: {
        // A geometry skb_checksum_help accepts: start and field in the head.
        if (hl < 2) return;
        const unsigned start = Pick(s, 0, hl - 2);
        const unsigned field = start + fdp_.ConsumeIntegralInRange<unsigned>(0, std::min(hl - 2 - start, 40u));
        if (hr + start > 0xffff) return;
        op.args = {start, field - start, 0};
        break;
      }
      case OpKind::kGso: {
        // The shared info is the clones' too: only an unshared skb's may change.
        if (cloned) return;
        op.args[0] = fdp_.ConsumeBool() ? 0 : fdp_.ConsumeIntegralInRange<unsigned>(1, 9000);
        op.args[1] = op.args[0] == 0 ? 0 : fdp_.ConsumeIntegralInRange<unsigned>(1, 64);
        op.args[2] = op.args[0] == 0 ? 0 : kGsoTypes[fdp_.ConsumeIntegralInRange<size_t>(0, std::size(kGsoTypes) - 1)];
        break;
      }
      default: return;
    }
    Emit(op);
  }

  FuzzedDataProvider& fdp_;
  Runner& r_;
  Program& p_;
};

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_DECODE_IMPL_H_
