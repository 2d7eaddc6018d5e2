// Fuzz target: every skb op libskb models, as a legal op program decoded from
// the input (fuzz/harness, Family::kSkbOps). A finding is a libskb bug.
#include "target.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  skbfuzz::DefaultFuzzerFlags(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return skbfuzz::FuzzOne(data, size, skbfuzz::DecodeOptions{});
}
