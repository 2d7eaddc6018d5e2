// libskb fuzz harness: the shared fuzz-target body (target.h).
#include "target.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "program.h"
#include "skb/profile.h"

namespace skbfuzz {
namespace {
bool g_exit_on_finding = false;
}  // namespace

void SetExitOnFinding(bool on) { g_exit_on_finding = on; }

void DefaultFuzzerFlags(int* argc, char*** argv) {
  for (int i = 1; i < *argc; i++) {
    if (std::strncmp((*argv)[i], "-detect_leaks=", 14) == 0) return;
  }
  static std::vector<char*> args;
  args.assign(*argv, *argv + *argc);
  args.push_back(const_cast<char*>("-detect_leaks=0"));
  args.push_back(nullptr);
  *argc += 1;
  *argv = args.data();
}

int FuzzOne(const uint8_t* data, size_t size, DecodeOptions opt) {
  static const char* pinned = std::getenv("LIBSKB_FUZZ_PROFILE");
  if (opt.profile.empty() && pinned != nullptr) {
    if (skb::ByName(pinned) == nullptr) {
      std::fprintf(stderr, "LIBSKB_FUZZ_PROFILE=%s: unknown profile\n", pinned);
      std::exit(2);
    }
    opt.profile = pinned;
  }
  RunResult res;
  const Program p = Decode(data, size, opt, &res);
  if (res.finding) {
    const Finding& f = *res.finding;
    std::fprintf(stderr, "==libskb== FINDING %s at op #%zu (profile %s)%s%s\n%s\n==libskb== program:\n%s",
                 f.Summary().c_str(), f.op_index, p.profile.c_str(), f.culprit.empty() ? "" : ", caused by ",
                 f.culprit.c_str(), f.text.c_str(), Print(p).c_str());
    std::fflush(stderr);
    if (g_exit_on_finding) std::_Exit(1);
    std::abort();
  }
  return 0;
}

}  // namespace skbfuzz
