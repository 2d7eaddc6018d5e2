// Fuzz target: skbs of every shape moving through sk_buff_head queues
// (queue_tail/head, dequeue(_tail), unlink, the splices, purge), checked
// after every op with skb::CheckQueue (Q1-Q4), against a shadow list and the
// bytes each skb went on with (fuzz/harness, Family::kQueue).
#include "target.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  skbfuzz::DefaultFuzzerFlags(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skbfuzz::DecodeOptions opt;
  opt.family = skbfuzz::Family::kQueue;
  return skbfuzz::FuzzOne(data, size, opt);
}
