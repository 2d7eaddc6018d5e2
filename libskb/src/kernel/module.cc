// libskb: the module side of the kernel API - loading and unloading module
// code (module_init/module_exit, <linux/init.h>) and BUG()/WARN() raised by
// module code (<linux/bug.h>). printk is in printk.cc.
#include <dlfcn.h>
#include <errno.h>
#include <linux/bug.h>
#include <linux/init.h>
#include <linux/printk.h>

#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "kernel/kernel_internal.h"
#include "net/netfilter_internal.h"
#include "skb/netfilter.h"
#include "skb/report.h"

// Provided by the sanitizer runtimes; absent otherwise (see history.cc).
extern "C" void __sanitizer_symbolize_pc(void* pc, const char* fmt, char* out_buf, size_t out_buf_size)
    __attribute__((weak));

namespace skb {
namespace internal {
namespace {

struct ModuleEntry {
  ModuleInfo info;
  int hooks_left = 0;  // hooks the last exit left registered
};

std::vector<ModuleEntry>& Registry() {
  static auto* r = new std::vector<ModuleEntry>();
  return *r;
}

std::vector<ModuleContext>& ContextStack() {
  static auto* s = new std::vector<ModuleContext>();
  return *s;
}

}  // namespace

// A module without KBUILD_MODNAME is named after its file, as kbuild would.
std::string ModuleName(const char* name, const char* file) {
  if (name != nullptr && *name != '\0') return name;
  std::string base = BaseName(file != nullptr ? file : "module");
  size_t dot = base.rfind('.');
  if (dot != std::string::npos) base.resize(dot);
  for (char& c : base) {
    if (c == '-') c = '_';
  }
  return base;
}

namespace {

ModuleEntry* Find(const std::string& name) {
  for (ModuleEntry& e : Registry()) {
    if (e.info.name == name) return &e;
  }
  return nullptr;
}

ModuleEntry& FindOrAdd(const std::string& name, const char* file) {
  if (ModuleEntry* e = Find(name)) return *e;
  ModuleEntry e;
  e.info.name = name;
  e.info.file = file != nullptr ? file : "";
  Registry().push_back(std::move(e));
  return Registry().back();
}

class ScopedContext {
 public:
  ScopedContext(std::string name, const char* file) {
    ContextStack().push_back(ModuleContext{std::move(name), BaseName(file != nullptr ? file : "")});
  }
  ~ScopedContext() { ContextStack().pop_back(); }
  ScopedContext(const ScopedContext&) = delete;
  ScopedContext& operator=(const ScopedContext&) = delete;
};

}  // namespace

const ModuleContext* CurrentModule() {
  const auto& s = ContextStack();
  return s.empty() ? nullptr : &s.back();
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string FunctionName(const void* fn) {
  if (fn == nullptr) return "(null)";
  if (&__sanitizer_symbolize_pc != nullptr) {
    char buf[256];
    // The symboliser looks up pc - 1 (a return address); +1 lands on fn itself.
    __sanitizer_symbolize_pc(const_cast<char*>(static_cast<const char*>(fn)) + 1, "%f", buf, sizeof(buf));
    std::string s(buf);
    if (!s.empty() && s.find("??") == std::string::npos && s.find("<null>") == std::string::npos) {
      // C++ functions come demangled, with their parameters and namespaces.
      const std::string anon = "(anonymous namespace)::";
      for (size_t at; (at = s.find(anon)) != std::string::npos;) s.erase(at, anon.size());
      size_t paren = s.find('(');
      if (paren != std::string::npos && paren > 0) s.resize(paren);
      return s;
    }
  }
  Dl_info info;
  if (dladdr(fn, &info) != 0 && info.dli_sname != nullptr && info.dli_saddr == fn) return info.dli_sname;
  return Format("hook@%p", fn);
}

}  // namespace internal

std::vector<ModuleInfo> Modules() {
  std::vector<ModuleInfo> v;
  for (const auto& e : internal::Registry()) v.push_back(e.info);
  return v;
}

int LoadModule(std::string_view name) {
  internal::ModuleEntry* e = internal::Find(std::string(name));
  if (e == nullptr || e->info.init == nullptr) return -ENOENT;
  return e->info.init();
}

int UnloadModule(std::string_view name) {
  internal::ModuleEntry* e = internal::Find(std::string(name));
  if (e == nullptr) return 0;
  if (e->info.exit != nullptr) {
    e->info.exit();
    return e->hooks_left;
  }
  // A module without an exit function cannot be unloaded in the kernel; the
  // model still takes its hooks away so one test does not leak into the next.
  e->info.loaded = false;
  return internal::RemoveHooksOfModule(e->info.name);
}

ScopedModule::ScopedModule(std::string_view name) : name_(name) {
  init_result_ = LoadModule(name);
}

ScopedModule::ScopedModule(int (*init)(), void (*exit)()) : exit_(exit) { init_result_ = init(); }

ScopedModule::~ScopedModule() {
  if (init_result_ != 0) return;
  if (exit_ != nullptr) {
    exit_();
  } else if (!name_.empty()) {
    UnloadModule(name_);
  }
}

}  // namespace skb

using namespace skb::internal;

extern "C" {

// Runs a module's init function (kernel/module.c do_init_module, reduced to
// the call): hooks registered meanwhile are attributed to the module.
int libskb_module_do_init(const char* name, const char* file, initcall_t fn) {
  std::string n = ModuleName(name, file);
  ModuleEntry& e = FindOrAdd(n, file);
  int ret;
  {
    ScopedContext ctx(n, file);
    ret = fn();
  }
  e.info.loaded = (ret == 0);
  return ret;
}

// Runs a module's exit function (kernel/module.c delete_module), then takes
// away any hook the module left registered: in the kernel the next packet
// would call into the unloaded module's code.
void libskb_module_do_exit(const char* name, const char* file, exitcall_t fn) {
  std::string n = ModuleName(name, file);
  ModuleEntry& e = FindOrAdd(n, file);
  {
    ScopedContext ctx(n, file);
    fn();
  }
  e.info.loaded = false;
  KernelEnvModuleExit(n);  // timers, work, proc entries, devices ... left behind
  int left = RemoveHooksOfModule(n);
  e.hooks_left = left;
  if (left > 0) {
    std::fprintf(stderr,
                 "libskb: module %s left %d netfilter hook%s registered after its exit function; the kernel "
                 "would call into unloaded code on the next packet (libskb removed %s)\n",
                 n.c_str(), left, left == 1 ? "" : "s", left == 1 ? "it" : "them");
  }
}

// Records a module's entry points by name (called from constructors that
// module_init/module_exit emit).
void libskb_module_register(const char* name, const char* file, initcall_t init, exitcall_t exit) {
  ModuleEntry& e = FindOrAdd(ModuleName(name, file), file);
  if (init != nullptr) e.info.init = init;
  if (exit != nullptr) e.info.exit = exit;
}

// BUG() in module code (include/asm-generic/bug.h): the banner names the
// module's own file:line, as the kernel's does.
void libskb_module_bug(const char* file, int line, const char* func) {
  BugAt(skb::Site::kModuleBug, Format("%s:%d", file, line), func, nullptr,
        Format("libskb: BUG() in module code at %s:%d %s()\n", file, line, func), LIBSKB_CALLER());
}

// WARN()/WARN_ON() in module code: the message (WARN's format), a line naming
// the module's file:line and function, the profile's WARNING line; execution
// goes on.
void libskb_module_warn(const char* file, int line, const char* func, const char* fmt, ...) {
  std::string message;
  if (fmt != nullptr) {
    va_list ap;
    va_start(ap, fmt);
    message = KernelVformat(fmt, ap);  // the kernel's format: %pI4 & co.
    va_end(ap);
    if (!message.empty() && message.back() != '\n') message += '\n';
  }
  message += Format("libskb: WARN in module code at %s:%d %s()\n", file, line, func);
  Warn(skb::Site::kModuleWarn, nullptr, message, LIBSKB_CALLER(), false);
}

}  // extern "C"
