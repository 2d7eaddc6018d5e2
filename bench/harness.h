// libskb benchmarks: the batched timing loop shared by every bench that
// consumes its input (linearise, pull, copy, clone, ...).
//
// The timed region holds the operation alone. Each benchmark iteration tears
// down the previous batch (kfree_skb, mbuf free, ...) and builds `batch`
// fresh inputs untimed, then times `batch` back-to-back operations with one
// pair of clock reads and reports that with SetIterationTime (the benchmark
// must be registered with UseManualTime()). So:
//   - one iteration is one batch: the JSON's real_time is per batch;
//   - items_per_second is operations per second and ns_per_op the time of one
//     operation; bytes_per_second counts the bytes each operation covers;
//   - what the clock reads add is ~2 reads per batch (BM_harness_floor).
// PauseTiming()/ResumeTiming() are not used: each pair costs two
// clock_gettime(CLOCK_THREAD_CPUTIME_ID) system calls, which leaked ~600 ns
// per batch into the figures on the KVM guest this was written on.
//
// Preemption: a batch during which the thread was switched out (its context
// switch count, read with getrusage outside the timed region, changed) is
// discarded, rebuilt and run again, up to kMaxAttempts times; the counter
// `preempted` is the fraction of batches discarded. On a busy machine this
// keeps the descheduled time out of the figures; it cannot remove the cache
// and frequency effects of sharing a core, which is why the report also shows
// each benchmark's spread.
#ifndef LIBSKB_BENCH_HARNESS_H_
#define LIBSKB_BENCH_HARNESS_H_

#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace bench {

// Sets the per-operation counters of a benchmark that ran `ops` operations,
// each covering `bytes` bytes.
inline void SetOpCounters(benchmark::State& state, int64_t ops, int64_t bytes) {
  state.SetItemsProcessed(ops);
  state.SetBytesProcessed(ops * bytes);
  state.counters["bytes"] = static_cast<double>(bytes);
}

inline constexpr int kMaxAttempts = 20;

// Voluntary plus involuntary context switches of the calling thread so far.
inline long ContextSwitches() {
  rusage ru{};
  getrusage(RUSAGE_THREAD, &ru);
  return ru.ru_nvcsw + ru.ru_nivcsw;
}

// build(i) prepares input i, op(i) is the timed operation on it, teardown(i)
// releases whatever build(i) and op(i) left. All three are called with
// 0 <= i < batch. Returns the number of operations timed.
template <class Build, class Op, class Teardown>
int64_t RunBatched(benchmark::State& state, int batch, Build&& build, Op&& op, Teardown&& teardown) {
  using Clock = std::chrono::steady_clock;
  std::vector<bool> built(static_cast<size_t>(batch), false);
  double ns_sum = 0;
  int64_t batches = 0;
  int64_t discarded = 0;
  for (auto _ : state) {
    double s = 0;
    for (int attempt = 1;; attempt++) {
      for (int i = 0; i < batch; i++) {
        if (built[i]) teardown(i);
        build(i);
        built[i] = true;
      }
      const long cs0 = ContextSwitches();
      const Clock::time_point t0 = Clock::now();
      for (int i = 0; i < batch; i++) op(i);
      const Clock::time_point t1 = Clock::now();
      const long cs1 = ContextSwitches();
      s = std::chrono::duration<double>(t1 - t0).count();
      if (cs1 == cs0 || attempt == kMaxAttempts) break;
      discarded++;
    }
    state.SetIterationTime(s);
    ns_sum += s * 1e9 / batch;
    batches++;
  }
  for (int i = 0; i < batch; i++) {
    if (built[i]) teardown(i);
  }
  state.counters["batch"] = batch;
  state.counters["ns_per_op"] = benchmark::Counter(ns_sum, benchmark::Counter::kAvgIterations);
  state.counters["preempted"] =
      batches + discarded == 0 ? 0.0 : static_cast<double>(discarded) / static_cast<double>(batches + discarded);
  return static_cast<int64_t>(state.iterations()) * batch;
}

// The same loop for operations that do not consume their input: `batch`
// back-to-back calls of op() per timed batch.
template <class Op>
int64_t RunRepeated(benchmark::State& state, int batch, Op&& op) {
  return RunBatched(
      state, batch, [](int) {}, [&](int) { op(); }, [](int) {});
}

}  // namespace bench

#endif  // LIBSKB_BENCH_HARNESS_H_
