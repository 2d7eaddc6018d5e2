// libskb: kallsyms (<linux/kallsyms.h>, kernel/kallsyms.c).
#include <dlfcn.h>
#include <linux/kallsyms.h>

#include <cstdio>

extern "C" {

// Models kallsyms_lookup_name() for modules on 5.7+ kernels, where it is no
// longer exported: every lookup finds nothing (0). See <linux/kallsyms.h>.
unsigned long kallsyms_lookup_name(const char* name) {
  std::fprintf(stderr, "libskb: kallsyms_lookup_name(\"%s\") returns 0: the symbol table is not exported to "
               "modules (kernels 5.7+)\n", name != nullptr ? name : "(null)");
  return 0;
}

namespace {
int Sprint(char* buffer, unsigned long address, bool offset) {
  Dl_info info;
  const void* p = reinterpret_cast<const void*>(address);
  if (dladdr(p, &info) != 0 && info.dli_sname != nullptr) {
    if (!offset) return std::snprintf(buffer, KSYM_SYMBOL_LEN, "%s", info.dli_sname);
    return std::snprintf(buffer, KSYM_SYMBOL_LEN, "%s+%#lx", info.dli_sname,
                         address - reinterpret_cast<unsigned long>(info.dli_saddr));
  }
  return std::snprintf(buffer, KSYM_SYMBOL_LEN, "0x%lx", address);  // no symbol: the address
}
}  // namespace

// Models sprint_symbol(): "name+0xoff" (the size the kernel adds is not
// known to the program's dynamic symbol table), or the address.
int sprint_symbol(char* buffer, unsigned long address) { return Sprint(buffer, address, true); }
int sprint_symbol_no_offset(char* buffer, unsigned long address) { return Sprint(buffer, address, false); }
int sprint_backtrace(char* buffer, unsigned long address) { return Sprint(buffer, address - 1, true); }

}  // extern "C"
