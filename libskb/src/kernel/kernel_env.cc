// libskb: the registry of what modules registered in the kernel environment,
// the module-exit leak checks, and the context deferred callbacks run in
// (<skb/kernel_env.h>).
#include <linux/bug.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "net/netfilter_internal.h"
#include "skb/kernel_env.h"
#include "skb/report.h"

namespace skb {
namespace internal {
namespace {

struct Entry {
  const void* key;
  KernelRegistration reg;
};

std::vector<Entry>& Entries() {
  static auto* e = new std::vector<Entry>();
  return *e;
}

std::vector<EnvPart>& Parts() {
  static auto* p = new std::vector<EnvPart>();
  return *p;
}

// The modules of the deferred callbacks running now (innermost last).
std::vector<std::string>& CallbackModules() {
  static auto* s = new std::vector<std::string>();
  return *s;
}

}  // namespace

std::string CurrentModuleName() {
  if (const ModuleContext* m = CurrentModule()) return m->name;
  if (!CallbackModules().empty()) return CallbackModules().back();
  if (const HookInfo* h = RunningHook()) return h->module;
  return "";
}

void AddRegistration(const void* key, std::string kind, std::string name, std::string module) {
  Entries().push_back(Entry{key, KernelRegistration{std::move(kind), std::move(name), std::move(module)}});
}

void RemoveRegistration(const void* key, const std::string& kind) {
  auto& v = Entries();
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it->key == key && it->reg.kind == kind) {
      v.erase(it);
      return;
    }
  }
}

bool HasRegistration(const void* key, const std::string& kind) {
  for (const Entry& e : Entries()) {
    if (e.key == key && e.reg.kind == kind) return true;
  }
  return false;
}

std::string RegistrationModule(const void* key, const std::string& kind) {
  for (const Entry& e : Entries()) {
    if (e.key == key && e.reg.kind == kind) return e.reg.module;
  }
  return "";
}

bool RegisterEnvPart(EnvPart part) {
  Parts().push_back(std::move(part));
  return true;
}

void EnvWarn(const std::string& message) {
  std::string m = message;
  if (m.empty() || m.back() != '\n') m += '\n';
  Warn(Site::kModuleWarn, nullptr, m, LIBSKB_CALLER(), false);
}

void RunCallback(const std::string& what, const std::string& module, const std::function<void()>& fn) {
  const std::string who = what + (module.empty() ? std::string() : " (module " + module + ")");
  ReportContext ctx([who](const Report& r) -> std::pair<std::string, std::string> {
    if (r.text.rfind("libskb: in ", 0) == 0) return {};
    return {"libskb: in " + who + "\n", who};
  });
  CallbackModules().push_back(module);
  struct Pop {
    ~Pop() { CallbackModules().pop_back(); }
  } pop;
  fn();
}

void KernelEnvModuleExit(const std::string& module) {
  for (const EnvPart& p : Parts()) {
    if (p.on_module_exit) p.on_module_exit(module);
  }
  // Static registrations the parts did not clean up themselves.
  auto& v = Entries();
  for (auto it = v.begin(); it != v.end();) {
    if (it->reg.module == module) {
      EnvWarn("libskb: module " + module + " left " + it->reg.kind + " " + it->reg.name +
              " registered after its exit function; the kernel would call into the unloaded module through it "
              "(libskb removed it)");
      it = v.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace internal

std::vector<KernelRegistration> Registrations() {
  std::vector<KernelRegistration> out;
  for (const internal::Entry& e : internal::Entries()) out.push_back(e.reg);
  for (const internal::EnvPart& p : internal::Parts()) {
    if (p.list) p.list(&out);
  }
  return out;
}

void ResetKernelEnv() {
  internal::EnsureDevices();
  for (const internal::EnvPart& p : internal::Parts()) {
    if (p.reset) p.reset();
  }
  internal::Entries().clear();
  internal::ResetClock();
}

}  // namespace skb
