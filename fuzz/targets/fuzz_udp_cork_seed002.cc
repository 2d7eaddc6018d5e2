// Culprit variant for the time-to-bug measurement of seed 002
// (docs/incidents/002-shared-info-overwritten.md): a corked UDP socket of the
// example module examples/seed002_payload_overrun (po_sendmsg with and
// without MSG_MORE, po_push_pending_frames, po_flush_pending_frames; it
// copies the rest of the send instead of what fits, over the shared info),
// on the 2.6.32 profile (RHEL6). Pushed datagrams are checked against the
// model. It is meant to crash: no corpus ctest, a crash reproducer ctest
// instead.
#include "target.h"

extern "C" {
#include "payload_overrun.h"
}

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  skbfuzz::DefaultFuzzerFlags(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const skbfuzz::Variant variant = [] {
    skbfuzz::Variant v;
    v.name = "seed002";
    v.po_sendmsg = po_sendmsg;
    v.po_push_pending_frames = po_push_pending_frames;
    v.po_flush_pending_frames = po_flush_pending_frames;
    v.po_set_output = po_set_output;
    v.po_payload_per_datagram = PO_MTU - PO_HDR_LEN;
    return v;
  }();
  skbfuzz::SetVariant(&variant);
  skbfuzz::DecodeOptions opt;
  opt.family = skbfuzz::Family::kCork;
  opt.profile = "2.6.32";
  return skbfuzz::FuzzOne(data, size, opt);
}
