// libskb: kallsyms (<linux/kallsyms.h>, kernel/kallsyms.c).
#include <dlfcn.h>
#include <linux/kallsyms.h>

#include <cstdio>
#include <string>

#include "kernel/kernel_internal.h"

// Provided by the sanitizer runtimes; absent otherwise.
extern "C" void __sanitizer_symbolize_pc(void* pc, const char* fmt, char* out_buf, size_t out_buf_size)
    __attribute__((weak));

namespace skb::internal {

bool SymbolOf(const void* addr, std::string* name, long* offset) {
  Dl_info info;
  if (dladdr(addr, &info) != 0 && info.dli_sname != nullptr) {
    *name = info.dli_sname;
    *offset = static_cast<const char*>(addr) - static_cast<const char*>(info.dli_saddr);
    return true;
  }
  if (&__sanitizer_symbolize_pc != nullptr) {
    char buf[256];
    // The symboliser looks up pc - 1 (a return address); +1 lands on addr itself.
    __sanitizer_symbolize_pc(const_cast<char*>(static_cast<const char*>(addr)) + 1, "%f", buf, sizeof(buf));
    std::string s(buf);
    if (!s.empty() && s.find("??") == std::string::npos && s.find("<null>") == std::string::npos) {
      size_t paren = s.find('(');
      if (paren != std::string::npos && paren > 0) s.resize(paren);  // C++ names come with parameters
      *name = s;
      *offset = -1;
      return true;
    }
  }
  return false;
}

}  // namespace skb::internal

extern "C" {

// Models kallsyms_lookup_name() for modules on 5.7+ kernels, where it is no
// longer exported: every lookup finds nothing (0). See <linux/kallsyms.h>.
unsigned long kallsyms_lookup_name(const char* name) {
  std::fprintf(stderr, "libskb: kallsyms_lookup_name(\"%s\") returns 0: the symbol table is not exported to "
               "modules (kernels 5.7+)\n", name != nullptr ? name : "(null)");
  return 0;
}

namespace {
int Sprint(char* buffer, unsigned long address, bool with_offset) {
  std::string name;
  long offset = -1;
  if (skb::internal::SymbolOf(reinterpret_cast<const void*>(address), &name, &offset)) {
    if (!with_offset || offset < 0) return std::snprintf(buffer, KSYM_SYMBOL_LEN, "%s", name.c_str());
    return std::snprintf(buffer, KSYM_SYMBOL_LEN, "%s+%#lx", name.c_str(), static_cast<unsigned long>(offset));
  }
  return std::snprintf(buffer, KSYM_SYMBOL_LEN, "0x%lx", address);  // no symbol: the address
}
}  // namespace

// Models sprint_symbol(): "name+0xoff" (the size the kernel adds is not
// known in user space; the offset only when the dynamic symbol table has the
// function, else just the name), or the address.
int sprint_symbol(char* buffer, unsigned long address) { return Sprint(buffer, address, true); }
int sprint_symbol_no_offset(char* buffer, unsigned long address) { return Sprint(buffer, address, false); }
int sprint_backtrace(char* buffer, unsigned long address) { return Sprint(buffer, address - 1, true); }

}  // extern "C"
