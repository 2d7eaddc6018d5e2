// libskb: internals shared by the kernel-environment layer (src/kernel/).
// Not installed.
#ifndef LIBSKB_SRC_KERNEL_KERNEL_INTERNAL_H_
#define LIBSKB_SRC_KERNEL_KERNEL_INTERNAL_H_

#include <cstdarg>
#include <cstddef>
#include <string>

namespace skb::internal {

// The module name module_init uses: KBUILD_MODNAME, else the file's base
// name without extension, '-' as '_' (module.cc).
std::string ModuleName(const char* name, const char* file);

// might_sleep(): reports a sleeping call made in atomic context (a running
// netfilter hook, a held spinlock, an RCU read-side section, preempt_disable)
// as the kernel's "BUG: sleeping function called from invalid context at
// <location>". `location` is "file:line" of the might_sleep() the kernel
// has there. Reported once per caller. (locks.cc)
void MightSleep(const std::string& location, const void* caller);

// The kernel's vsnprintf (format.cc): returns the length the full output
// would have; writes at most size - 1 characters and a NUL when size > 0.
int KernelVsnprintf(char* buf, size_t size, const char* fmt, va_list args);
// The same into a std::string.
std::string KernelVformat(const char* fmt, va_list args);

// The function containing `addr`: its name and, when the dynamic symbol
// table knows it, the offset into it (-1 when only the symboliser knew the
// name). False if neither knows. (kallsyms.cc)
bool SymbolOf(const void* addr, std::string* name, long* offset);

// kmalloc without the might_sleep check, for libskb's own allocations on
// behalf of module code (kstrdup's callers' flags are checked by kstrdup).
void* KmallocNoCheck(size_t size, unsigned gfp, const void* caller);

}  // namespace skb::internal

#endif  // LIBSKB_SRC_KERNEL_KERNEL_INTERNAL_H_
