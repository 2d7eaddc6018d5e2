// Culprit variant of fuzz_tcp_write_queue for the time-to-bug measurement of
// seed 001 (docs/incidents/001-skb-checksum-bug.md): tcp_ack's partial-ack
// path calls the example culprit trim_acked_head (examples/seed001_trim_head:
// trims the head of a write-queue skb without unsharing it from the clone in
// flight) in place of tcp_trim_head, on the 2.6.32 profile. It is meant to
// crash: no corpus ctest, a crash reproducer ctest instead.
#include "target.h"
#include "trim_acked_head.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  skbfuzz::DefaultFuzzerFlags(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const skbfuzz::Variant variant = [] {
    skbfuzz::Variant v;
    v.name = "seed001";
    v.trim_head = trim_acked_head;
    return v;
  }();
  skbfuzz::SetVariant(&variant);
  skbfuzz::DecodeOptions opt;
  opt.family = skbfuzz::Family::kTcp;
  opt.profile = "2.6.32";
  return skbfuzz::FuzzOne(data, size, opt);
}
