// skbtool: replay an op program step by step (ARCHITECTURE.md "Programs").
//
//   skbtool replay [--profile NAME] [--text|--raw] FILE
//   skbtool replay --emit-gtest [--name TestName] FILE
//
// FILE is a text program (profile + one op per line) or a raw fuzzer input
// (decoded as fuzz_skb_ops decodes it). Without --text/--raw: a file that
// parses as a program is one; a file of printable text that does not parse
// is an error (exit 2, with the line); anything else is a raw input.
//
// Prints each op and the geometry of every live skb after it, and at the
// first finding the full report. Exit: 0 clean, 1 finding, 2 bad file or
// arguments (one line on stderr naming the file).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "program.h"
#include "runner.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: skbtool replay [--profile NAME] [--text|--raw] [--emit-gtest [--name NAME]] FILE\n");
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
  std::string file, profile, name;
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
    } else if ((a == "--profile" || a == "--name") && i + 1 < argc) {
      (a == "--profile" ? profile : name) = argv[++i];
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
    skbfuzz::DecodeOptions opt;
    if (!profile.empty()) opt.profile = profile;
    prog = skbfuzz::Decode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), opt);
    std::printf("# %s: raw fuzzer input, %zu bytes, decoded to %zu ops\n", file.c_str(), bytes.size(), prog.ops.size());
  } else if (!profile.empty()) {
    prog.profile = profile;
  }
  skbfuzz::ParseError verr;
  if (!skbfuzz::Validate(prog, &verr)) {
    std::fprintf(stderr, "skbtool replay: %s: %s\n", file.c_str(), verr.ToString().c_str());
    return 2;
  }

  if (emit) {
    const skbfuzz::RunResult res = skbfuzz::Run(prog);
    std::fputs(skbfuzz::EmitGTest(prog, name.empty() ? TestName(file) : name, res.finding).c_str(), stdout);
    return 0;
  }

  std::printf("profile %s\n", prog.profile.c_str());
  const skbfuzz::RunResult res = skbfuzz::Run(prog, [](size_t i, const skbfuzz::Op& op, const skbfuzz::Runner& r) {
    std::printf("#%-3zu %s\n", i, skbfuzz::PrintOp(op).c_str());
    if (r.finding() && r.finding()->op_index == i) return;
    for (int s = 0; s < skbfuzz::kMaxSlots; s++) {
      if (r.live(s)) std::printf("       s%d: %s\n", s, r.Geometry(s).c_str());
    }
  });
  if (res.finding) {
    const skbfuzz::Finding& f = *res.finding;
    std::printf("\nFINDING at op #%zu%s: %s\n\n%s", f.op_index,
                f.op_index < prog.ops.size() ? (" (" + skbfuzz::PrintOp(prog.ops[f.op_index]) + ")").c_str()
                                             : " (the final frees)",
                f.Summary().c_str(), f.text.c_str());
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
