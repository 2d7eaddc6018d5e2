// Fuzz target: a TCP socket's write-queue life - tcp_sendmsg / sendpage,
// transmits with their clones in flight, ACKs that free or trim, MTU probes,
// close - checked after every op with skb::CheckTcpWriteQueue (Q9), the
// checker on every queued skb and clone, and a shadow of the byte stream
// (fuzz/harness, Family::kTcp).
#include "target.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  skbfuzz::DefaultFuzzerFlags(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  skbfuzz::DecodeOptions opt;
  opt.family = skbfuzz::Family::kTcp;
  return skbfuzz::FuzzOne(data, size, opt);
}
