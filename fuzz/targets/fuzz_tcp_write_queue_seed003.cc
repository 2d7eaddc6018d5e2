// Culprit variant of fuzz_tcp_write_queue for the time-to-bug measurement of
// seed 003 (docs/incidents/003-queue-head-as-skb.md): the op language gains
// stale_requeue_tail kN, which calls the example culprit
// (examples/seed003_stale_requeue: frees the write queue's tail, then queues
// it again), on the 3.10 profile (CentOS 7). It is meant to crash: no corpus
// ctest, a crash reproducer ctest instead.
#include "stale_requeue.h"
#include "target.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  skbfuzz::DefaultFuzzerFlags(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const skbfuzz::Variant variant = [] {
    skbfuzz::Variant v;
    v.name = "seed003";
    v.stale_requeue_tail = stale_requeue_tail;
    return v;
  }();
  skbfuzz::SetVariant(&variant);
  skbfuzz::DecodeOptions opt;
  opt.family = skbfuzz::Family::kTcp;
  opt.profile = "3.10";
  return skbfuzz::FuzzOne(data, size, opt);
}
