// skbtool: replay an op program step by step (ARCHITECTURE.md "Programs").
//
//   skbtool replay [--profile NAME] [--text|--raw] [--target NAME] [--module PATH]... FILE
//   skbtool replay --emit-gtest [--name TestName] FILE
//
// FILE is a text program (profile, `module` lines, one op per line) or a
// raw fuzzer input, decoded as the fuzz target --target names decodes it
// (default fuzz_skb_ops; fuzz_skb_queue, fuzz_tcp_write_queue,
// fuzz_nf_writable). Without --text/--raw: a file that parses as a program
// is one; a file of printable text that does not parse is an error (exit 2,
// with the line); anything else is a raw input.
//
// --module PATH adds a module to load (after the program's own `module`
// lines; one of the same name replaces the program's). A module not linked
// into skbtool is dlopen()ed: build it as a shared object against libskb's
// headers with undefined kernel-API symbols (skbtool exports libskb's).
//
// Prints each op, what it did (a path's outcome, the hooks that ran with
// their verdicts and changes) and the state of every live skb, queue and
// socket after it, and at the first finding the full report and the hook
// that caused it. Exit: 0 clean, 1 finding, 2 bad file or arguments (one
// line on stderr naming the file or argument).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "program.h"
#include "runner.h"
#include "skb/profile.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: skbtool replay [--profile NAME] [--text|--raw] [--target NAME] [--module PATH]...\n"
               "                      [--emit-gtest [--name NAME]] FILE\n");
  return 2;
}

bool LooksLikeText(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c >= 0x7f) return false;
  }
  return true;
}

std::string TestName(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  std::string out;
  bool up = true;
  for (char c : base) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      up = false;
    } else {
      up = true;
    }
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "Repro" + out;
  return out;
}

int Replay(int argc, char** argv) {
  std::string file, profile, name, target = "fuzz_skb_ops";
  std::vector<std::string> modules;
  enum { kAuto, kText, kRaw } mode = kAuto;
  bool emit = false;
  for (int i = 0; i < argc; i++) {
    const std::string a = argv[i];
    if (a == "--emit-gtest") {
      emit = true;
    } else if (a == "--text") {
      mode = kText;
    } else if (a == "--raw") {
      mode = kRaw;
    } else if ((a == "--profile" || a == "--name" || a == "--target") && i + 1 < argc) {
      (a == "--profile" ? profile : a == "--name" ? name : target) = argv[++i];
    } else if (a == "--module" && i + 1 < argc) {
      modules.push_back(argv[++i]);
    } else if (a == "--profile" || a == "--name" || a == "--target" || a == "--module") {
      std::fprintf(stderr, "skbtool replay: %s needs an argument\n", a.c_str());
      return 2;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "skbtool replay: unknown option '%s'\n", a.c_str());
      return 2;
    } else if (file.empty()) {
      file = a;
    } else {
      return Usage();
    }
  }
  if (file.empty()) return Usage();
  skbfuzz::DecodeOptions opt;
  if (target == "fuzz_skb_ops") {
    opt.family = skbfuzz::Family::kSkbOps;
  } else if (target == "fuzz_skb_queue") {
    opt.family = skbfuzz::Family::kQueue;
  } else if (target == "fuzz_tcp_write_queue") {
    opt.family = skbfuzz::Family::kTcp;
  } else if (target == "fuzz_nf_writable") {
    // The target's own hooks are not linked into skbtool: its raw inputs
    // decode here without them (fuzz_nf_writable_replay runs them with).
    opt.family = skbfuzz::Family::kNf;
  } else {
    std::fprintf(stderr, "skbtool replay: --target %s: unknown (fuzz_skb_ops, fuzz_skb_queue, fuzz_tcp_write_queue, fuzz_nf_writable)\n", target.c_str());
    return 2;
  }
  if (!profile.empty() && skb::ByName(profile) == nullptr) {
    std::fprintf(stderr, "skbtool replay: --profile %s: unknown profile\n", profile.c_str());
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "skbtool replay: %s: cannot open: %s\n", file.c_str(), std::strerror(errno));
    return 2;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  skbfuzz::Program prog;
  bool raw = mode == kRaw;
  if (mode != kRaw) {
    skbfuzz::ParseError err;
    auto parsed = skbfuzz::Parse(bytes, &err);
    if (parsed) {
      prog = *parsed;
    } else if (mode == kText || LooksLikeText(bytes)) {
      std::fprintf(stderr, "skbtool replay: %s:%d: %s\n", file.c_str(), err.line, err.message.c_str());
      return 2;
    } else {
      raw = true;
    }
  }
  if (raw) {
    if (!profile.empty()) opt.profile = profile;
    prog = skbfuzz::Decode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), opt);
    std::printf("# %s: raw fuzzer input, %zu bytes, decoded to %zu ops\n", file.c_str(), bytes.size(), prog.ops.size());
  } else if (!profile.empty()) {
    prog.profile = profile;
  }
  for (const std::string& m : modules) {
    const std::string n = skbfuzz::ModuleNameOf(m);
    std::erase_if(prog.modules, [&](const std::string& x) { return skbfuzz::ModuleNameOf(x) == n; });
    prog.modules.push_back(m);
  }
  skbfuzz::ParseError verr;
  if (!skbfuzz::Validate(prog, &verr)) {
    std::fprintf(stderr, "skbtool replay: %s: %s\n", file.c_str(), verr.ToString().c_str());
    return 2;
  }

  skbfuzz::RunOptions ropt;
  ropt.runner = opt.runner;
  // The modules load here, so one that cannot load is a bad argument (exit 2),
  // not a finding.
  skbfuzz::ProgramModules loaded;
  {
    skb::ScopedProfile p(*skb::ByName(prog.profile));
    if (const std::string why = loaded.Load(prog.modules); !why.empty()) {
      std::fprintf(stderr, "skbtool replay: %s: %s\n", file.c_str(), why.c_str());
      return 2;
    }
  }
  ropt.load_modules = false;
  if (emit) {
    const skbfuzz::RunResult res = skbfuzz::Run(prog, {}, ropt);
    std::fputs(skbfuzz::EmitGTest(prog, name.empty() ? TestName(file) : name, res.finding).c_str(), stdout);
    return 0;
  }

  std::printf("profile %s\n", prog.profile.c_str());
  for (const std::string& m : prog.modules) std::printf("module %s\n", m.c_str());
  std::string leak_off;
  const skbfuzz::RunResult res = skbfuzz::Run(prog, [&leak_off](size_t i, const skbfuzz::Op& op, const skbfuzz::Runner& r) {
    if (const std::string note = skbfuzz::Annotate(op); !note.empty()) std::printf("     # %s\n", note.c_str());
    std::printf("#%-3zu %s\n", i, skbfuzz::PrintOp(op).c_str());
    std::string n = r.note();
    for (size_t at = 0; at < n.size();) {
      const size_t nl = n.find('\n', at);
      std::printf("       %s\n", n.substr(at, nl == std::string::npos ? std::string::npos : nl - at).c_str());
      if (nl == std::string::npos) break;
      at = nl + 1;
    }
    if (r.leak_check_off() != leak_off) {
      leak_off = r.leak_check_off();
      std::printf("       (leak check off from here: %s)\n", leak_off.c_str());
    }
    if (r.finding() && r.finding()->op_index == i) return;
    for (int s = 0; s < skbfuzz::kMaxSlots; s++) {
      if (r.live(s)) std::printf("       s%d: %s\n", s, r.Geometry(s).c_str());
    }
    for (int q = 0; q < skbfuzz::kMaxQueues; q++) {
      if (r.queue_live(q)) std::printf("       q%d: %s\n", q, r.QueueState(q).c_str());
    }
    for (int k = 0; k < skbfuzz::kMaxSocks; k++) {
      if (r.sock_live(k)) std::printf("       k%d: %s\n", k, r.SockState(k).c_str());
    }
  }, ropt);
  if (res.finding) {
    const skbfuzz::Finding& f = *res.finding;
    std::printf("\nFINDING at op #%zu%s: %s\n", f.op_index,
                f.op_index < prog.ops.size() ? (" (" + skbfuzz::PrintOp(prog.ops[f.op_index]) + ")").c_str()
                                             : " (the final frees)",
                f.Summary().c_str());
    if (!f.culprit.empty()) std::printf("caused by: %s\n", f.culprit.c_str());
    std::printf("\n%s", f.text.c_str());
    if (!f.text.empty() && f.text.back() != '\n') std::printf("\n");
    if (raw) std::printf("\nthe program:\n%s", skbfuzz::Print(prog).c_str());
    return 1;
  }
  std::printf("clean: %zu ops, no findings\n", prog.ops.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "replay") == 0) return Replay(argc - 2, argv + 2);
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    Usage();
    return 0;
  }
  if (argc >= 2) std::fprintf(stderr, "skbtool: unknown command '%s'\n", argv[1]);
  return Usage();
}
