// libskb: the end of a run in which module code called a kernel function that
// libskb does not model. cmake/unmodelled_stubs.py generates, per module, a
// stub for each such function the module calls; the stub lands here with its
// return address, i.e. the call site in the module. Never a plausible wrong
// answer: the run stops, naming the function and the call, with exit status 2
// (the status scripts/fuzz gives a module it cannot fuzz).
#include <dlfcn.h>
#include <elf.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

// Provided by the sanitizer runtimes; absent otherwise (see history.cc).
extern "C" void __sanitizer_symbolize_pc(void* pc, const char* fmt, char* out_buf, size_t out_buf_size)
    __attribute__((weak));

namespace {

std::string Basename(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool Known(const std::string& file_line) {
  return !file_line.empty() && file_line.rfind("??", 0) != 0 && file_line.find(":0") != file_line.size() - 2;
}

// "<file>:<line>" of the instruction at pc from the debug info: the
// sanitizer's symbolizer when a sanitizer runtime is linked, else addr2line
// on the object dladdr() names. Empty when neither knows.
std::string FileLine(const void* pc) {
  if (&__sanitizer_symbolize_pc != nullptr) {
    char buf[512] = {0};
    __sanitizer_symbolize_pc(const_cast<void*>(pc), "%s:%l", buf, sizeof buf);
    const std::string s = buf;
    if (Known(s)) return Basename(s);
  }
  Dl_info info;
  if (dladdr(pc, &info) == 0 || info.dli_fname == nullptr) return "";
  uintptr_t addr = reinterpret_cast<uintptr_t>(pc);
  // Position-independent objects (PIE, shared objects) have their debug
  // addresses relative to the load base.
  const auto* ehdr = static_cast<const Elf64_Ehdr*>(info.dli_fbase);
  if (ehdr != nullptr && ehdr->e_type == ET_DYN) addr -= reinterpret_cast<uintptr_t>(info.dli_fbase);
  std::string fname = info.dli_fname;
  if (fname.empty() || fname.find('/') == std::string::npos) fname = "/proc/self/exe";
  const std::string cmd = "addr2line -e '" + fname + "' 0x" + [&] {
    char hex[32];
    std::snprintf(hex, sizeof hex, "%" PRIxPTR, addr);
    return std::string(hex);
  }() + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "";
  char line[512] = {0};
  const bool got = std::fgets(line, sizeof line, p) != nullptr;
  pclose(p);
  if (!got) return "";
  std::string s = line;
  if (const size_t nl = s.find_first_of(" \n"); nl != std::string::npos) s.resize(nl);
  return Known(s) ? Basename(s) : "";
}

// Without debug info: the module function and offset dladdr() finds.
std::string Symbol(const void* pc) {
  Dl_info info;
  if (dladdr(pc, &info) != 0 && info.dli_sname != nullptr && info.dli_saddr != nullptr) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s+0x%tx", info.dli_sname,
                  static_cast<const char*>(pc) - static_cast<const char*>(info.dli_saddr));
    return buf;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", pc);
  return buf;
}

}  // namespace

// Called by the generated stub of <function> (not declared in a header: only
// generated code calls it). return_address is the stub's return address; the
// call instruction ends one byte before it.
extern "C" [[noreturn]] void libskb_unmodelled_call(const char* function, const void* return_address) {
  const void* call = static_cast<const char*>(return_address) - 1;
  std::string where = FileLine(call);
  if (where.empty()) where = Symbol(call);
  std::fflush(stdout);
  std::fprintf(stderr, "module called %s (%s), which libskb does not model\n", function, where.c_str());
  std::fflush(stderr);
  std::_Exit(2);
}
