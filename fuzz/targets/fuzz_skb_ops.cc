// Fuzz target: every skb op libskb models, as a legal op program decoded from
// the input (fuzz/harness). A finding is a libskb bug: the report and the
// program in text form go to stderr, then abort() so libFuzzer saves the
// input; `skbtool replay crash-...` replays it step by step.
//
// LIBSKB_FUZZ_PROFILE=NAME pins the profile (default: chosen by the input).
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "program.h"
#include "runner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* pinned = std::getenv("LIBSKB_FUZZ_PROFILE");
  skbfuzz::DecodeOptions opt;
  if (pinned != nullptr) opt.profile = pinned;
  skbfuzz::RunResult res;
  const skbfuzz::Program p = skbfuzz::Decode(data, size, opt, &res);
  if (res.finding) {
    const skbfuzz::Finding& f = *res.finding;
    std::fprintf(stderr, "==libskb== FINDING %s at op #%zu (profile %s)\n%s\n==libskb== program:\n%s",
                 f.Summary().c_str(), f.op_index, p.profile.c_str(), f.text.c_str(), skbfuzz::Print(p).c_str());
    std::abort();
  }
  return 0;
}
