// libskb fuzz harness: the body every fuzz target's LLVMFuzzerTestOneInput
// shares (fuzz/targets/*.cc are a few lines over it).
#ifndef LIBSKB_FUZZ_HARNESS_TARGET_H_
#define LIBSKB_FUZZ_HARNESS_TARGET_H_

#include <cstddef>
#include <cstdint>

#include "runner.h"

namespace skbfuzz {

// Decodes the input into a legal program of opt.family and runs it. On a
// finding: the report, the hook that caused it and the program in text form
// go to stderr, then abort() so libFuzzer keeps the input (`skbtool replay
// --target NAME crash-...` replays it step by step), or exit(1) after
// SetExitOnFinding(true) (the corpus replay main: a ctest fails, a crash
// reproducer test expects 1). LIBSKB_FUZZ_PROFILE=NAME pins the profile
// unless opt.profile does.
int FuzzOne(const uint8_t* data, size_t size, DecodeOptions opt);
void SetExitOnFinding(bool on);

// For LLVMFuzzerInitialize (libFuzzer calls it before it parses its flags,
// which it may edit): adds -detect_leaks=0 unless the command line sets
// detect_leaks. The harness checks leaks itself, exactly, per program
// (libskb's live skb/head/page counts); libFuzzer's own check fires on
// every input whose mallocs outnumber its frees - all of ours, since libskb
// keeps the history of freed skbs for its use-after-free reports - and its
// LeakSanitizer scans then took three quarters of the time.
void DefaultFuzzerFlags(int* argc, char*** argv);

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_TARGET_H_
