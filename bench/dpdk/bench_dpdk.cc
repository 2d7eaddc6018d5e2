// libskb benchmarks, the peer: the same shapes through DPDK's
// rte_pktmbuf_linearize (Debian's libdpdk-dev).
//
// Every shape of shapes.h is one mbuf chain: a head mbuf holding kHeadBytes
// (the headers) followed by `segments` segment mbufs, so frags:1500x8 and
// fraglist:1500x8 are the same chain here (named mbufs:1500x8). DPDK only
// linearises into the head mbuf's existing tailroom, so it is compared with
// libskb's `fits` variant. The head mbuf has 64 bytes of headroom (libskb's
// kHeadroom) except for the 65535-byte shape: an mbuf buffer is at most 65535
// bytes (buf_len is a uint16_t), so that head starts at data_off 0.
//
// EAL: --no-huge --no-pci --no-shconf -m 256 on the CPU this process is pinned
// to (-l). If rte_eal_init fails, every bench reports the failure (the JSON
// then says why) and nothing is measured.
//
// Names: dpdk:linearize/mbufs:TxS/fits, and dpdk_limit:linearize/... for the
// memcpy gather into the same head mbuf, built with this binary's flags
// (a cross-check that the two binaries measure alike).
#include <benchmark/benchmark.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_version.h>
#include <sched.h>

#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "../harness.h"
#include "../reporter.h"
#include "../shapes.h"

namespace bench {
namespace {

rte_mempool* g_head_pool = nullptr;  // one 65535-byte buffer per packet head
rte_mempool* g_seg_pool = nullptr;   // page-sized segments
std::string g_eal_error;             // non-empty when the EAL did not start

constexpr uint16_t kSegDataRoom = 4096 + RTE_PKTMBUF_HEADROOM;

// Builds the chain for (total, segments) carrying Pattern()[0, total).
rte_mbuf* Build(const Shape& shape) {
  const unsigned char* pat = Pattern();
  rte_mbuf* m = rte_pktmbuf_alloc(g_head_pool);
  if (m == nullptr) return nullptr;
  m->data_off = kHeadroom + shape.total <= m->buf_len ? kHeadroom : 0;
  auto* h = rte_pktmbuf_mtod(m, unsigned char*);
  std::memcpy(h, pat, kHeadBytes);
  m->data_len = kHeadBytes;
  m->pkt_len = kHeadBytes;
  const unsigned rest = shape.total - kHeadBytes;
  unsigned off = kHeadBytes;
  rte_mbuf* last = m;
  for (unsigned i = 0; i < shape.segments; i++) {
    const unsigned size = SegmentSize(rest, shape.segments, i);
    rte_mbuf* s = rte_pktmbuf_alloc(g_seg_pool);
    if (s == nullptr) {
      rte_pktmbuf_free(m);
      return nullptr;
    }
    char* p = rte_pktmbuf_append(s, static_cast<uint16_t>(size));
    if (p == nullptr) {
      rte_pktmbuf_free(s);
      rte_pktmbuf_free(m);
      return nullptr;
    }
    std::memcpy(p, pat + off, size);
    last->next = s;
    last = s;
    m->nb_segs++;
    m->pkt_len += size;
    off += size;
  }
  return m;
}

struct Chains {
  explicit Chains(const Shape& s) : shape(s), batch(BatchSize(s.total)), m(static_cast<size_t>(batch), nullptr) {}
  void Rebuild(int i) {
    m[i] = Build(shape);
    if (m[i] == nullptr) {
      std::fprintf(stderr, "bench_dpdk: building mbufs:%ux%u failed (mempool empty?)\n", shape.total,
                   shape.segments);
      std::abort();
    }
  }
  void Free(int i) {
    rte_pktmbuf_free(m[i]);
    m[i] = nullptr;
  }
  Shape shape;
  int batch;
  std::vector<rte_mbuf*> m;
};

void SetCounters(benchmark::State& st, const Shape& s, int64_t ops) {
  SetOpCounters(st, ops, s.total);
  st.counters["segments"] = s.segments;
}

void BM_Linearize(benchmark::State& st, Shape shape) {
  if (!g_eal_error.empty()) {
    st.SkipWithError(("DPDK EAL init failed: " + g_eal_error).c_str());
    return;
  }
  Chains c(shape);
  {
    c.Rebuild(0);
    rte_mbuf* m = c.m[0];
    const bool ok = rte_pktmbuf_linearize(m) == 0 && m->nb_segs == 1 && m->data_len == shape.total &&
                    m->pkt_len == shape.total &&
                    std::memcmp(rte_pktmbuf_mtod(m, const unsigned char*), Pattern(), shape.total) == 0;
    c.Free(0);
    if (!ok) {
      st.SkipWithError("rte_pktmbuf_linearize produced the wrong bytes");
      return;
    }
  }
  const int64_t ops = RunBatched(
      st, c.batch, [&](int i) { c.Rebuild(i); },
      [&](int i) {
        if (rte_pktmbuf_linearize(c.m[i]) != 0) st.SkipWithError("rte_pktmbuf_linearize failed");
      },
      [&](int i) { c.Free(i); });
  SetCounters(st, shape, ops);
}

void BM_LinearizeLimit(benchmark::State& st, Shape shape) {
  if (!g_eal_error.empty()) {
    st.SkipWithError(("DPDK EAL init failed: " + g_eal_error).c_str());
    return;
  }
  Chains c(shape);
  const int64_t ops = RunBatched(
      st, c.batch, [&](int i) { c.Rebuild(i); },
      [&](int i) {
        rte_mbuf* m = c.m[i];
        unsigned char* dst = rte_pktmbuf_mtod_offset(m, unsigned char*, m->data_len);
        for (rte_mbuf* s = m->next; s != nullptr; s = s->next) {
          std::memcpy(dst, rte_pktmbuf_mtod(s, const unsigned char*), s->data_len);
          dst += s->data_len;
        }
        benchmark::ClobberMemory();
      },
      [&](int i) { c.Free(i); });
  SetCounters(st, shape, ops);
}

std::string StartEal(const char* argv0) {
  // The first CPU of our affinity mask (scripts/bench pins with taskset).
  cpu_set_t set;
  CPU_ZERO(&set);
  int cpu = 0;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int i = 0; i < CPU_SETSIZE; i++) {
      if (CPU_ISSET(i, &set)) {
        cpu = i;
        break;
      }
    }
  }
  std::vector<std::string> args = {argv0,  "--no-huge",      "--no-pci", "--no-shconf",
                                   "-m",   "256",            "-l",       std::to_string(cpu),
                                   "--no-telemetry", "--log-level=lib.eal:warning"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string joined;
  for (size_t i = 1; i < args.size(); i++) joined += (i > 1 ? " " : "") + args[i];
  benchmark::AddCustomContext("dpdk_eal_args", joined);
  if (rte_eal_init(static_cast<int>(args.size()), argv.data()) < 0) {
    return std::string("rte_eal_init(") + joined + "): " + rte_strerror(rte_errno);
  }
  // Heads: 64 per batch at most, plus the mempool caches.
  g_head_pool = rte_pktmbuf_pool_create("bench_heads", 511, 128, 0, UINT16_MAX, SOCKET_ID_ANY);
  if (g_head_pool == nullptr) return std::string("rte_pktmbuf_pool_create(heads): ") + rte_strerror(rte_errno);
  // Segments: up to 64 packets x 64 segments.
  g_seg_pool = rte_pktmbuf_pool_create("bench_segs", 8191, 256, 0, kSegDataRoom, SOCKET_ID_ANY);
  if (g_seg_pool == nullptr) return std::string("rte_pktmbuf_pool_create(segs): ") + rte_strerror(rte_errno);
  // Without hugepages the pools are fresh anonymous memory: touch every data
  // buffer once so no benchmark pays the first-touch page faults.
  for (rte_mempool* mp : {g_head_pool, g_seg_pool}) {
    rte_mempool_obj_iter(
        mp,
        [](rte_mempool*, void*, void* obj, unsigned) {
          auto* m = static_cast<rte_mbuf*>(obj);
          std::memset(m->buf_addr, 0, m->buf_len);
        },
        nullptr);
  }
  return "";
}

void RegisterAll() {
  std::set<std::pair<unsigned, unsigned>> seen;
  for (const Shape& shape : Shapes()) {
    if (!seen.insert({shape.total, shape.segments}).second) continue;
    const std::string suffix =
        "/mbufs:" + std::to_string(shape.total) + "x" + std::to_string(shape.segments) + "/fits";
    benchmark::RegisterBenchmark(("dpdk:linearize" + suffix).c_str(),
                                 [=](benchmark::State& st) { BM_Linearize(st, shape); })
        ->Unit(benchmark::kNanosecond)
        ->UseManualTime();
    benchmark::RegisterBenchmark(("dpdk_limit:linearize" + suffix).c_str(),
                                 [=](benchmark::State& st) { BM_LinearizeLimit(st, shape); })
        ->Unit(benchmark::kNanosecond)
        ->UseManualTime();
  }
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("dpdk_version", rte_version());
  bench::g_eal_error = bench::StartEal(argv[0]);
  if (!bench::g_eal_error.empty()) {
    std::fprintf(stderr, "bench_dpdk: %s\nbench_dpdk: skipping the DPDK benches (each reports this error)\n",
                 bench::g_eal_error.c_str());
    benchmark::AddCustomContext("dpdk_eal", "failed: " + bench::g_eal_error);
  } else {
    benchmark::AddCustomContext("dpdk_eal", "ok");
  }
  bench::RegisterAll();
  bench::ErrorTrackingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  if (bench::g_eal_error.empty()) rte_eal_cleanup();
  // An EAL that cannot start here is a reported skip (exit 0); a benchmark
  // that ran and failed its correctness check is an error.
  if (!bench::g_eal_error.empty()) return 0;
  for (const std::string& e : reporter.errors()) std::fprintf(stderr, "bench_dpdk: FAILED %s\n", e.c_str());
  return reporter.errors().empty() ? 0 : 1;
}
