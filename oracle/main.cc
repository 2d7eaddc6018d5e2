// SPDX-License-Identifier: MIT
// skb_oracle_user: runs the oracle programs (skb_oracle.c) against libskb and
// prints the same lines the kernel suite prints (see docs/oracle.md).
//
//   skb_oracle_user [--programs N] [--first I] [--seed S]
//                   [--trace-first I --trace-count K] [--profile 6.12]
//                   [--repro]   (also run the fixed reproducers, R lines)
//
// Exit status: 0 when every program ran to the end with no libskb WARN/BUG.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "skb/profile.h"
#include "skb/report.h"

extern "C" {
#include "skb_oracle.h"
}

namespace {

void Emit(void*, const char* line) { std::printf("%s\n", line); }

void Usage() {
  std::fprintf(stderr,
               "usage: skb_oracle_user [--programs N] [--first I] [--seed S]\n"
               "                       [--trace-first I] [--trace-count K] [--profile NAME] [--repro]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  unsigned long long programs = 1000, first = 0, seed = 0x5eed0b5e55ull;
  unsigned long long trace_first = 0, trace_count = 0;
  std::string profile = "6.12";
  bool repro = false;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto val = [&]() -> unsigned long long {
      if (i + 1 >= argc) Usage();
      return std::strtoull(argv[++i], nullptr, 0);
    };
    if (a == "--programs") programs = val();
    else if (a == "--first") first = val();
    else if (a == "--seed") seed = val();
    else if (a == "--trace-first") trace_first = val();
    else if (a == "--trace-count") trace_count = val();
    else if (a == "--repro") repro = true;
    else if (a == "--profile") {
      if (i + 1 >= argc) Usage();
      profile = argv[++i];
    } else Usage();
  }
  const skb::Profile* p = skb::ByName(profile);
  if (!p) {
    std::fprintf(stderr, "skb_oracle_user: unknown profile %s\n", profile.c_str());
    return 2;
  }
  skb::SetActive(*p);
  skb::SetPolicy(skb::Policy::kAbort);  // a BUG is a divergence: the kernel runs on

  // Traced runs are for reading: line-buffered, so a BUG's abort keeps them.
  if (trace_count) std::setvbuf(stdout, nullptr, _IOLBF, 0);

  static skb_oracle_ctx ctx;
  ctx.emit = Emit;
  ctx.arg = nullptr;
  size_t warns = 0;
  if (repro) skb_oracle_repros(&ctx);
  for (unsigned long long i = first; i < first + programs; i++) {
    ctx.trace = i >= trace_first && i < trace_first + trace_count;
    if (skb_oracle_run(&ctx, seed, static_cast<unsigned>(i)) != 0) {
      std::printf("E %llu alloc\n", i);
      return 1;
    }
    if (!skb::Recorded().empty()) {
      for (const auto& r : skb::Recorded()) {
        std::printf("W %llu %s %s\n", i, r.kind.c_str(), r.function.c_str());
        warns++;
      }
      skb::ClearRecorded();
    }
  }
  std::printf("DONE %llu\n", programs);
  std::fflush(stdout);
  return warns ? 1 : 0;
}
