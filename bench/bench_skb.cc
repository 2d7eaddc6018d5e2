// libskb benchmarks: linearisation, pulls, copies, checksums, clones and
// allocation, each beside the limit it is measured against (docs/benchmarks.md).
//
// Benchmark names are `impl:op/shape/variant`:
//   impl     libskb       the libskb call
//            limit        the physical limit on the same bytes (memcpy gather,
//                         plain RFC 1071 checksum, malloc+free)
//            limit_alloc  the memcpy gather plus the one allocation and free a
//                         reallocating linearise cannot avoid
//            limit2       two malloc + free pairs (an sk_buff and its head)
//            libskb_flat  libskb's csum_partial over a flat buffer (separates
//                         the segment walk from the checksum arithmetic)
//            harness      the timing loop with an empty operation
//   op       linearize, pskb_may_pull(n), __pskb_pull_tail(n), copy_bits,
//            checksum, pskb_copy, clone+unclone, alloc+free, queue, floor
//   shape    frags:TxS, fraglist:TxS, headless:TxS (shapes.h), size:N
//   variant  fits (tailroom suffices), expand (needs pskb_expand_head),
//            asan / kernel (slab mode), any (the variant does not matter)
// scripts/bench_report.py pairs libskb with its limit and with DPDK by
// (op, shape, variant); keep the scheme when adding benches.
#include <benchmark/benchmark.h>

#include <linux/skbuff.h>
#include <net/checksum.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"
#include "reporter.h"
#include "shapes.h"
#include "skb/skb.h"

namespace bench {
namespace {

enum class Room { kFits, kExpand };

const char* RoomName(Room r) { return r == Room::kFits ? "fits" : "expand"; }

// Frag pages live for the whole benchmark and the bench holds one reference
// on each, as a driver's page pool or page-fragment cache does: the put_page
// of a linearise or pull is a decrement, not a free (DPDK's peer likewise
// returns segments to a mempool).
class PagePool {
 public:
  explicit PagePool(size_t n) {
    pages_.reserve(n);
    for (size_t i = 0; i < n; i++) {
      page* pg = alloc_page(GFP_KERNEL);
      if (pg == nullptr) {
        std::fprintf(stderr, "bench: alloc_page failed\n");
        std::abort();
      }
      pages_.push_back(pg);
    }
  }
  ~PagePool() {
    for (page* pg : pages_) put_page(pg);
  }
  PagePool(const PagePool&) = delete;
  PagePool& operator=(const PagePool&) = delete;
  page* at(size_t i) const { return pages_[i]; }

  // Writes the segment bytes of `shape` (headless or not) into every slot's
  // pages once, for builds that do not rewrite them.
  void Fill(const Shape& shape, unsigned head_bytes, int slots) {
    for (int s = 0; s < slots; s++) {
      unsigned off = head_bytes;
      for (unsigned i = 0; i < shape.segments; i++) {
        const unsigned size = SegmentSize(shape.total - head_bytes, shape.segments, i);
        std::memcpy(page_address(pages_[static_cast<size_t>(s) * shape.segments + i]), Pattern() + off, size);
        off += size;
      }
    }
  }

 private:
  std::vector<page*> pages_;
};

// Builds one packet of `shape` carrying Pattern()[0, total):
//   head_bytes  bytes in the linear head (kHeadBytes, or 0 for headless)
//   room        kFits: the head has `need` bytes of tailroom after its data;
//               kExpand: the head has no tailroom at all
// Page frags come from `pages` (shape.segments of them, offset 0); frag_list
// members are fresh linear skbs. `write_frags` rewrites the frag pages' bytes
// (so they are as warm as DPDK's freshly written segments); the pulls, which
// read only the first bytes, skip it and rely on PagePool::Fill.
sk_buff* Build(const Shape& shape, unsigned head_bytes, Room room, unsigned need, const PagePool* pool,
               size_t first_page, bool write_frags = true) {
  const unsigned char* pat = Pattern();
  sk_buff* skb;
  if (room == Room::kFits) {
    skb = alloc_skb(kHeadroom + head_bytes + need, GFP_ATOMIC);
    if (skb == nullptr) return nullptr;
    skb_reserve(skb, static_cast<int>(kHeadroom));
  } else {
    skb = alloc_skb(kHeadroom + head_bytes, GFP_ATOMIC);
    if (skb == nullptr) return nullptr;
    // Push the data to the end of the buffer: tailroom 0 once the head is in.
    skb_reserve(skb, skb_tailroom(skb) - static_cast<int>(head_bytes));
  }
  if (head_bytes != 0) skb_put_data(skb, pat, head_bytes);

  const unsigned rest = shape.total - head_bytes;
  unsigned off = head_bytes;
  if (shape.layout == Layout::kFrags) {
    for (unsigned i = 0; i < shape.segments; i++) {
      const unsigned size = SegmentSize(rest, shape.segments, i);
      page* pg = pool->at(first_page + i);
      if (write_frags) std::memcpy(page_address(pg), pat + off, size);
      get_page(pg);  // the skb's own reference; the pool keeps its one
      skb_add_rx_frag(skb, static_cast<int>(i), pg, 0, static_cast<int>(size), PAGE_SIZE);
      off += size;
    }
  } else {
    sk_buff** link = &skb_shinfo(skb)->frag_list;
    for (unsigned i = 0; i < shape.segments; i++) {
      const unsigned size = SegmentSize(rest, shape.segments, i);
      sk_buff* m = alloc_skb(size, GFP_ATOMIC);
      if (m == nullptr) {
        kfree_skb(skb);
        return nullptr;
      }
      skb_put_data(m, pat + off, size);
      *link = m;
      link = &m->next;
      skb->len += size;
      skb->data_len += size;
      skb->truesize += m->truesize;
      off += size;
    }
  }
  return skb;
}

// One memcpy per segment: the non-linear bytes (frags, then the frag_list
// members' linear data) to dst. Reads the struct, calls nothing in libskb.
unsigned char* GatherNonlinear(const sk_buff* skb, unsigned char* dst) {
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) {
    const skb_frag_t* f = &sh->frags[i];
    std::memcpy(dst, skb_frag_address(f), skb_frag_size(f));
    dst += skb_frag_size(f);
  }
  for (const sk_buff* m = sh->frag_list; m != nullptr; m = m->next) {
    std::memcpy(dst, m->data, skb_headlen(m));
    dst += skb_headlen(m);
  }
  return dst;
}

unsigned char* GatherAll(const sk_buff* skb, unsigned char* dst) {
  std::memcpy(dst, skb->data, skb_headlen(skb));
  return GatherNonlinear(skb, dst + skb_headlen(skb));
}

// The first n non-linear bytes to dst (the limit of a pull of n bytes).
void GatherFirst(const sk_buff* skb, unsigned char* dst, unsigned n) {
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags && n != 0; i++) {
    const skb_frag_t* f = &sh->frags[i];
    const unsigned c = std::min(n, skb_frag_size(f));
    std::memcpy(dst, skb_frag_address(f), c);
    dst += c;
    n -= c;
  }
}

bool SamePacket(const unsigned char* p, unsigned len) { return std::memcmp(p, Pattern(), len) == 0; }

// Counters of a bench over `shape` that ran `ops` operations of `bytes` each.
void SetShapeCounters(benchmark::State& st, const Shape& s, int64_t ops, unsigned bytes) {
  SetOpCounters(st, ops, bytes);
  st.counters["segments"] = s.segments;
}

// Everything one batched bench over a built shape needs.
struct Slots {
  // batch 0: BatchSize(total). write_frags false: the pages are filled once.
  Slots(const Shape& s, unsigned head_bytes, Room room, unsigned need, int batch_size = 0, bool write_frags = true)
      : shape(s),
        head_bytes(head_bytes),
        room(room),
        need(need),
        batch(batch_size != 0 ? batch_size : BatchSize(s.total)),
        write_frags(write_frags),
        pool(s.layout == Layout::kFrags ? static_cast<size_t>(batch) * s.segments : 0),
        skbs(static_cast<size_t>(batch), nullptr) {
    if (!write_frags && s.layout == Layout::kFrags) pool.Fill(s, head_bytes, batch);
  }

  sk_buff* BuildOne(int i) const {
    return Build(shape, head_bytes, room, need, &pool, static_cast<size_t>(i) * shape.segments, write_frags);
  }
  void Rebuild(int i) {
    skbs[i] = BuildOne(i);
    if (skbs[i] == nullptr) {
      std::fprintf(stderr, "bench: building %s failed\n", ShapeName(shape).c_str());
      std::abort();
    }
  }
  void Free(int i) {
    kfree_skb(skbs[i]);
    skbs[i] = nullptr;
  }

  Shape shape;
  unsigned head_bytes;
  Room room;
  unsigned need;
  int batch;
  bool write_frags;
  PagePool pool;
  std::vector<sk_buff*> skbs;
};

// Batch of the benches whose operation does not consume a whole packet
// (pulls, pskb_copy, clone, and the read-only and allocation benches, which
// repeat on the same input): large, so the clock reads per batch vanish.
constexpr int kSmallOpBatch = 64;

// ---------------------------------------------------------------------------
// skb_linearize
// ---------------------------------------------------------------------------

void BM_Linearize(benchmark::State& st, Shape shape, Room room) {
  Slots s(shape, kHeadBytes, room, shape.total - kHeadBytes);
  {  // Correctness once, outside the timing.
    s.Rebuild(0);
    sk_buff* skb = s.skbs[0];
    const bool expand_expected = room == Room::kExpand;
    const bool had_room = static_cast<unsigned>(skb->end - skb->tail) >= skb->data_len;
    if (had_room == expand_expected) {
      st.SkipWithError("shape built with the wrong tailroom for its variant");
      s.Free(0);
      return;
    }
    if (skb_linearize(skb) != 0 || skb->data_len != 0 || skb->len != shape.total ||
        !SamePacket(skb->data, shape.total)) {
      st.SkipWithError("skb_linearize produced the wrong bytes");
      s.Free(0);
      return;
    }
    s.Free(0);
  }
  const int64_t ops = RunBatched(
      st, s.batch, [&](int i) { s.Rebuild(i); },
      [&](int i) {
        if (skb_linearize(s.skbs[i]) != 0) st.SkipWithError("skb_linearize failed");
      },
      [&](int i) { s.Free(i); });
  SetShapeCounters(st, shape, ops, shape.total);
}

// The limit: one memcpy per segment into the same destination the linearise
// writes (the tail of the same skb when it fits; a flat buffer of the packet's
// size otherwise), from the same freshly built packets.
void BM_LinearizeLimit(benchmark::State& st, Shape shape, Room room) {
  Slots s(shape, kHeadBytes, room, shape.total - kHeadBytes);
  std::vector<std::vector<unsigned char>> flat(static_cast<size_t>(s.batch),
                                               std::vector<unsigned char>(shape.total));
  const int64_t ops = RunBatched(
      st, s.batch, [&](int i) { s.Rebuild(i); },
      [&](int i) {
        sk_buff* skb = s.skbs[i];
        if (room == Room::kFits) {
          GatherNonlinear(skb, skb_tail_pointer(skb));
        } else {
          GatherAll(skb, flat[i].data());
        }
        benchmark::ClobberMemory();
      },
      [&](int i) { s.Free(i); });
  SetShapeCounters(st, shape, ops, shape.total);
}

// For the reallocating variant: the gather plus one malloc of the new buffer
// and one free of the old, which any reallocating linearise must do.
void BM_LinearizeLimitAlloc(benchmark::State& st, Shape shape) {
  Slots s(shape, kHeadBytes, Room::kExpand, 0);
  const size_t new_size = SKB_DATA_ALIGN(kHeadroom + shape.total) + SKB_SHINFO_SIZE;
  std::vector<void*> old(static_cast<size_t>(s.batch), nullptr);
  const int64_t ops = RunBatched(
      st, s.batch,
      [&](int i) {
        s.Rebuild(i);
        old[i] = std::malloc(new_size);
      },
      [&](int i) {
        auto* n = static_cast<unsigned char*>(std::malloc(new_size));
        GatherAll(s.skbs[i], n + kHeadroom);
        std::free(old[i]);
        old[i] = n;
        benchmark::ClobberMemory();
      },
      [&](int i) {
        s.Free(i);
        std::free(old[i]);
        old[i] = nullptr;
      });
  SetShapeCounters(st, shape, ops, shape.total);
}

// ---------------------------------------------------------------------------
// pskb_may_pull / __pskb_pull_tail on a headless skb (receive fast path)
// ---------------------------------------------------------------------------

enum class PullOp { kMayPull, kPullTail, kLimit };

void BM_Pull(benchmark::State& st, Shape shape, Room room, unsigned n, PullOp op) {
  Slots s(shape, 0, room, n, kSmallOpBatch, /*write_frags=*/false);
  {
    s.Rebuild(0);
    sk_buff* skb = s.skbs[0];
    const bool ok = op == PullOp::kLimit || (op == PullOp::kMayPull ? pskb_may_pull(skb, n)
                                                                      : __pskb_pull_tail(skb, static_cast<int>(n)) != nullptr);
    if (!ok || (op != PullOp::kLimit && (skb_headlen(skb) < n || !SamePacket(skb->data, n) ||
                                         skb->len != shape.total))) {
      st.SkipWithError("pull produced the wrong bytes");
      s.Free(0);
      return;
    }
    s.Free(0);
  }
  std::vector<unsigned char> scratch(256);
  const int64_t ops = RunBatched(
      st, s.batch, [&](int i) { s.Rebuild(i); },
      [&](int i) {
        sk_buff* skb = s.skbs[i];
        switch (op) {
          case PullOp::kMayPull:
            if (!pskb_may_pull(skb, n)) st.SkipWithError("pskb_may_pull failed");
            break;
          case PullOp::kPullTail:
            if (__pskb_pull_tail(skb, static_cast<int>(n)) == nullptr) st.SkipWithError("__pskb_pull_tail failed");
            break;
          case PullOp::kLimit:
            GatherFirst(skb, room == Room::kFits ? skb_tail_pointer(skb) : scratch.data(), n);
            benchmark::ClobberMemory();
            break;
        }
      },
      [&](int i) { s.Free(i); });
  SetShapeCounters(st, shape, ops, n);
}

// ---------------------------------------------------------------------------
// skb_copy_bits and skb_checksum of the whole packet (read-only: one packet)
// ---------------------------------------------------------------------------

struct OnePacket {
  explicit OnePacket(const Shape& shape)
      : pool(shape.layout == Layout::kFrags ? shape.segments : 0),
        skb(Build(shape, kHeadBytes, Room::kFits, 0, &pool, 0)),
        flat(shape.total) {
    GatherAll(skb, flat.data());
  }
  ~OnePacket() { kfree_skb(skb); }
  OnePacket(const OnePacket&) = delete;
  OnePacket& operator=(const OnePacket&) = delete;

  PagePool pool;
  sk_buff* skb;
  std::vector<unsigned char> flat;  // the same bytes, contiguous
};

void BM_CopyBits(benchmark::State& st, Shape shape) {
  OnePacket p(shape);
  std::vector<unsigned char> out(shape.total);
  if (skb_copy_bits(p.skb, 0, out.data(), static_cast<int>(shape.total)) != 0 || !SamePacket(out.data(), shape.total)) {
    st.SkipWithError("skb_copy_bits produced the wrong bytes");
    return;
  }
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [&] {
    if (skb_copy_bits(p.skb, 0, out.data(), static_cast<int>(shape.total)) != 0) st.SkipWithError("copy failed");
    benchmark::ClobberMemory();
  });
  SetShapeCounters(st, shape, ops, shape.total);
}

void BM_CopyBitsLimit(benchmark::State& st, Shape shape) {
  OnePacket p(shape);
  std::vector<unsigned char> out(shape.total);
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [&] {
    GatherAll(p.skb, out.data());
    benchmark::ClobberMemory();
  });
  SetShapeCounters(st, shape, ops, shape.total);
}

void BM_Checksum(benchmark::State& st, Shape shape) {
  OnePacket p(shape);
  const __sum16 got = csum_fold(skb_checksum(p.skb, 0, static_cast<int>(shape.total), 0));
  if (got != Rfc1071(p.flat.data(), shape.total)) {
    st.SkipWithError("skb_checksum disagrees with RFC 1071");
    return;
  }
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [&] {
    __wsum c = skb_checksum(p.skb, 0, static_cast<int>(shape.total), 0);
    benchmark::DoNotOptimize(c);
  });
  SetShapeCounters(st, shape, ops, shape.total);
}

void BM_ChecksumLimit(benchmark::State& st, Shape shape) {
  OnePacket p(shape);
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [&] {
    benchmark::DoNotOptimize(p.flat.data());
    uint16_t c = Rfc1071(p.flat.data(), shape.total);
    benchmark::DoNotOptimize(c);
  });
  SetShapeCounters(st, shape, ops, shape.total);
}

void BM_ChecksumFlat(benchmark::State& st, Shape shape) {
  OnePacket p(shape);
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [&] {
    benchmark::DoNotOptimize(p.flat.data());
    __wsum c = csum_partial(p.flat.data(), static_cast<int>(shape.total), 0);
    benchmark::DoNotOptimize(c);
  });
  SetShapeCounters(st, shape, ops, shape.total);
}

// ---------------------------------------------------------------------------
// pskb_copy, skb_clone + skb_unclone (the results are freed between batches)
// ---------------------------------------------------------------------------

void BM_PskbCopy(benchmark::State& st, Shape shape) {
  OnePacket p(shape);
  {
    sk_buff* c = pskb_copy(p.skb, GFP_ATOMIC);
    std::vector<unsigned char> out(shape.total);
    const bool ok = c != nullptr && c->len == shape.total &&
                    skb_copy_bits(c, 0, out.data(), static_cast<int>(shape.total)) == 0 &&
                    SamePacket(out.data(), shape.total);
    kfree_skb(c);
    if (!ok) {
      st.SkipWithError("pskb_copy produced the wrong bytes");
      return;
    }
  }
  const int batch = kSmallOpBatch;
  std::vector<sk_buff*> out(static_cast<size_t>(batch), nullptr);
  const int64_t ops = RunBatched(
      st, batch, [](int) {},
      [&](int i) {
        out[i] = pskb_copy(p.skb, GFP_ATOMIC);
        if (out[i] == nullptr) st.SkipWithError("pskb_copy failed");
      },
      [&](int i) {
        kfree_skb(out[i]);
        out[i] = nullptr;
      });
  SetShapeCounters(st, shape, ops, shape.total);
}

void BM_CloneUnclone(benchmark::State& st, Shape shape) {
  OnePacket p(shape);
  {
    sk_buff* c = skb_clone(p.skb, GFP_ATOMIC);
    const bool ok = c != nullptr && skb_cloned(c) && skb_unclone(c, GFP_ATOMIC) == 0 && !skb_cloned(c) &&
                    !skb_cloned(p.skb) && c->head != p.skb->head;
    kfree_skb(c);
    if (!ok) {
      st.SkipWithError("skb_clone + skb_unclone left the wrong sharing state");
      return;
    }
  }
  const int batch = kSmallOpBatch;
  std::vector<sk_buff*> out(static_cast<size_t>(batch), nullptr);
  const int64_t ops = RunBatched(
      st, batch, [](int) {},
      [&](int i) {
        sk_buff* c = skb_clone(p.skb, GFP_ATOMIC);
        if (c == nullptr || skb_unclone(c, GFP_ATOMIC) != 0) st.SkipWithError("clone/unclone failed");
        out[i] = c;
      },
      [&](int i) {
        kfree_skb(out[i]);
        out[i] = nullptr;
      });
  SetShapeCounters(st, shape, ops, shape.total);
}

// ---------------------------------------------------------------------------
// alloc_skb + kfree_skb against malloc + free of the same size
// ---------------------------------------------------------------------------

void BM_AllocFree(benchmark::State& st, unsigned size, skb::SlabMode mode) {
  const skb::SlabMode saved = skb::GetSlabMode();
  skb::SetSlabMode(mode);
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [size] {
    sk_buff* s = alloc_skb(size, GFP_ATOMIC);
    benchmark::DoNotOptimize(s);
    kfree_skb(s);
  });
  skb::SetSlabMode(saved);
  SetOpCounters(st, ops, size);
}

void BM_MallocFree(benchmark::State& st, unsigned size) {
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [size] {
    void* p = std::malloc(size);
    benchmark::DoNotOptimize(p);
    std::free(p);
  });
  SetOpCounters(st, ops, size);
}

// The allocator floor of an sk_buff: the two objects any skb is (the struct
// and a head holding `size` bytes plus the shared info, the kmalloc request
// __alloc_skb makes), each a malloc + free, nothing initialised. Context for
// the alloc+free ratio, which the target takes against one malloc + free.
void BM_MallocFree2(benchmark::State& st, unsigned size) {
  const size_t head = SKB_DATA_ALIGN(static_cast<size_t>(size)) + SKB_SHINFO_SIZE;
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [head] {
    void* s = std::malloc(sizeof(sk_buff));
    void* h = std::malloc(head);
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(h);
    std::free(h);
    std::free(s);
  });
  SetOpCounters(st, ops, size);
}

// ---------------------------------------------------------------------------
// Queue tail-enqueue + dequeue: built only once libskb has the queue ops
// (bench/CMakeLists.txt detects __skb_queue_tail and __skb_dequeue).
// ---------------------------------------------------------------------------

#if LIBSKB_BENCH_HAVE_QUEUE
void BM_Queue(benchmark::State& st) {
  constexpr int kDepth = 64;
  sk_buff_head q;
  __skb_queue_head_init(&q);
  std::vector<sk_buff*> skbs;
  for (int i = 0; i < kDepth; i++) {
    sk_buff* s = alloc_skb(256, GFP_ATOMIC);
    skbs.push_back(s);
    __skb_queue_tail(&q, s);
  }
  const int64_t ops = RunRepeated(st, kSmallOpBatch, [&] {
    sk_buff* s = __skb_dequeue(&q);
    __skb_queue_tail(&q, s);
    benchmark::DoNotOptimize(s);
  });
  while (sk_buff* s = __skb_dequeue(&q)) kfree_skb(s);
  SetOpCounters(st, ops, 0);
}
#endif

// The timing loop alone: what a batch's pause leaks into every figure.
void BM_HarnessFloor(benchmark::State& st, int batch) {
  const int64_t ops = RunBatched(
      st, batch, [](int) {}, [](int i) { benchmark::DoNotOptimize(i); }, [](int) {});
  SetOpCounters(st, ops, 0);
}

// ---------------------------------------------------------------------------

// --benchmark_min_time as given on the command line (Google Benchmark's
// default, 0.5 s, when absent); see AddBatched.
double g_min_time = 0.5;

// A RunBatched bench: manual time, one iteration is one batch. `cheap_op`
// marks benches whose operation is tiny next to rebuilding its input (the
// pulls: ~25 ns of pull per ~1 us of alloc_skb + frags + kfree_skb): they run
// for a tenth of --benchmark_min_time of timed operations, which still is
// 10^5 operations at the default, so the whole suite stays within minutes.
template <class F>
void AddBatched(const std::string& name, F f, bool cheap_op = false) {
  auto* b = benchmark::RegisterBenchmark(name.c_str(), std::move(f))->Unit(benchmark::kNanosecond)->UseManualTime();
  if (cheap_op) b->MinTime(g_min_time / 10);
}

void RegisterAll() {
  for (const Shape& shape : Shapes()) {
    const std::string sn = ShapeName(shape);
    for (Room room : {Room::kFits, Room::kExpand}) {
      const std::string suffix = "/" + sn + "/" + RoomName(room);
      AddBatched("libskb:linearize" + suffix, [=](benchmark::State& st) { BM_Linearize(st, shape, room); });
      AddBatched("limit:linearize" + suffix, [=](benchmark::State& st) { BM_LinearizeLimit(st, shape, room); });
      if (room == Room::kExpand)
        AddBatched("limit_alloc:linearize" + suffix, [=](benchmark::State& st) { BM_LinearizeLimitAlloc(st, shape); });
    }
  }
  // Pulls: headless packets with page frags (the receive fast path).
  for (const Shape& shape : Shapes()) {
    if (shape.layout != Layout::kFrags) continue;
    const std::string sn = "headless:" + std::to_string(shape.total) + "x" + std::to_string(shape.segments);
    for (unsigned n : {14u, 40u, 128u}) {
      const std::string ns = "(" + std::to_string(n) + ")/" + sn + "/";
      for (Room room : {Room::kFits, Room::kExpand}) {
        AddBatched("libskb:pskb_may_pull" + ns + RoomName(room),
                   [=](benchmark::State& st) { BM_Pull(st, shape, room, n, PullOp::kMayPull); }, true);
      }
      // With headlen 0, pskb_may_pull(n) is __pskb_pull_tail(n) plus two
      // compares: the direct call once, tailroom fitting.
      AddBatched("libskb:__pskb_pull_tail" + ns + "fits",
                 [=](benchmark::State& st) { BM_Pull(st, shape, Room::kFits, n, PullOp::kPullTail); }, true);
      // The limit: n bytes gathered from the frags into the tailroom.
      AddBatched("limit:pskb_may_pull" + ns + "any",
                 [=](benchmark::State& st) { BM_Pull(st, shape, Room::kFits, n, PullOp::kLimit); }, true);
    }
  }
  for (const Shape& shape : Shapes()) {
    const std::string suffix = "/" + ShapeName(shape) + "/any";
    AddBatched("libskb:copy_bits" + suffix, [=](benchmark::State& st) { BM_CopyBits(st, shape); });
    AddBatched("limit:copy_bits" + suffix, [=](benchmark::State& st) { BM_CopyBitsLimit(st, shape); });
    AddBatched("libskb:checksum" + suffix, [=](benchmark::State& st) { BM_Checksum(st, shape); });
    AddBatched("limit:checksum" + suffix, [=](benchmark::State& st) { BM_ChecksumLimit(st, shape); });
    AddBatched("libskb_flat:checksum" + suffix, [=](benchmark::State& st) { BM_ChecksumFlat(st, shape); });
    AddBatched("libskb:pskb_copy" + suffix, [=](benchmark::State& st) { BM_PskbCopy(st, shape); });
    AddBatched("libskb:clone+unclone" + suffix, [=](benchmark::State& st) { BM_CloneUnclone(st, shape); });
  }
  for (unsigned size : {0u, 256u, 1500u, 9000u}) {
    const std::string sn = "/size:" + std::to_string(size);
    AddBatched("libskb:alloc+free" + sn + "/asan",
        [=](benchmark::State& st) { BM_AllocFree(st, size, skb::SlabMode::kAsan); });
    AddBatched("libskb:alloc+free" + sn + "/kernel",
        [=](benchmark::State& st) { BM_AllocFree(st, size, skb::SlabMode::kKernel); });
    AddBatched("limit:alloc+free" + sn + "/any", [=](benchmark::State& st) { BM_MallocFree(st, size); });
    AddBatched("limit2:alloc+free" + sn + "/any", [=](benchmark::State& st) { BM_MallocFree2(st, size); });
  }
#if LIBSKB_BENCH_HAVE_QUEUE
  AddBatched("libskb:queue/depth:64/any", [](benchmark::State& st) { BM_Queue(st); });
#endif
  for (int batch : {4, 64})
    AddBatched("harness:floor/batch:" + std::to_string(batch) + "/any",
        [=](benchmark::State& st) { BM_HarnessFloor(st, batch); });
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    constexpr const char kFlag[] = "--benchmark_min_time=";
    if (std::strncmp(argv[i], kFlag, sizeof(kFlag) - 1) == 0) bench::g_min_time = std::atof(argv[i] + sizeof(kFlag) - 1);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (skb::CheckedModeCompiledIn()) {
    std::fprintf(stderr,
                 "bench_skb: WARNING: libskb was built with LIBSKB_CHECKED; these figures include the "
                 "checker and history. Use the release preset.\n");
  }
  benchmark::AddCustomContext("libskb_checked", skb::CheckedModeCompiledIn() ? "on" : "off");
  benchmark::AddCustomContext("libskb_profile", std::string(skb::Active().name));
  benchmark::AddCustomContext("libskb_queue_bench", LIBSKB_BENCH_HAVE_QUEUE ? "built" : "not built: no queue ops");
  bench::RegisterAll();
  bench::ErrorTrackingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  for (const std::string& e : reporter.errors()) std::fprintf(stderr, "bench_skb: FAILED %s\n", e.c_str());
  return reporter.errors().empty() ? 0 : 1;
}
