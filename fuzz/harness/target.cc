// libskb fuzz harness: the shared fuzz-target body (target.h).
#include "target.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

#include "finding_kind.h"
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

// With LIBSKB_FUZZ_OUT set (scripts/fuzz), a finding also leaves the program
// (which `skbtool replay` runs), the raw input and a key=value finding file
// that scripts/fuzz turns into its FOUND line - the module fuzzer's format
// (fuzz/module/module_fuzzer.cc).
static void WriteFinding(const Finding& f, const Program& p, const uint8_t* data, size_t size) {
  const char* dir = std::getenv("LIBSKB_FUZZ_OUT");
  if (dir == nullptr || *dir == '\0') return;
  const std::string text = Print(p);
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(h));
  const std::string base = std::string(dir) + "/program-" + hash;
  if (FILE* out = std::fopen((base + ".txt").c_str(), "w")) {
    std::fprintf(out, "# libskb op-program reproducer: %s at op #%zu\n%s", f.Summary().c_str(), f.op_index, text.c_str());
    std::fclose(out);
  }
  if (FILE* out = std::fopen((base + ".input").c_str(), "wb")) {
    std::fwrite(data, 1, size, out);
    std::fclose(out);
  }
  const std::string where = !f.culprit.empty() ? f.culprit
                            : f.op_index < p.ops.size() ? "op #" + std::to_string(f.op_index) + " `" +
                                                              PrintOp(p.ops[f.op_index]).substr(0, PrintOp(p.ops[f.op_index]).find('\n')) + "`"
                                                        : "the final frees";
  if (FILE* out = std::fopen((std::string(dir) + "/finding-" + std::to_string(getpid())).c_str(), "w")) {
    std::fprintf(out, "kind=%s\nhook=%s\nprofile=%s\nexecs=0\nseconds=0\nreproducer=%s.txt\ninput=%s.input\n",
                 ShortKind(f).c_str(), where.c_str(), p.profile.c_str(), base.c_str(), base.c_str());
    std::fclose(out);
  }
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
    WriteFinding(f, p, data, size);
    if (g_exit_on_finding) std::_Exit(1);
    std::abort();
  }
  return 0;
}

}  // namespace skbfuzz
