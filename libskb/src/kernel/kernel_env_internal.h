// libskb internals shared by the kernel-environment files (time.cc,
// timer.cc, workqueue.cc, procfs.cc, chrdev.cc, netlink.cc, netdevice.cc,
// kernel_env.cc). Not installed.
#ifndef LIBSKB_SRC_KERNEL_KERNEL_ENV_INTERNAL_H_
#define LIBSKB_SRC_KERNEL_KERNEL_ENV_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "skb/kernel_env.h"

struct timer_list;

namespace skb::internal {

// ---- registry (kernel_env.cc) ----

// The module to attribute a registration to: the module whose init/exit
// runs, else the one whose timer/work callback runs, else the running
// hook's module; "" if none.
std::string CurrentModuleName();
// Records a registration under `key` (the object registered).
void AddRegistration(const void* key, std::string kind, std::string name, std::string module);
void RemoveRegistration(const void* key, const std::string& kind);
bool HasRegistration(const void* key, const std::string& kind);
// A registration's module ("" if none).
std::string RegistrationModule(const void* key, const std::string& kind);
// Called by libskb_module_do_exit() after a module's exit function returned.
void KernelEnvModuleExit(const std::string& module);
// Runs a deferred callback (timer, tasklet, work) with its module as the
// current one and reports raised in it prefixed by "libskb: in <what>".
void RunCallback(const std::string& what, const std::string& module, const std::function<void()>& fn);
// A WARN-style report from the kernel environment (not an oops).
void EnvWarn(const std::string& message);

// Per-file hooks for ModuleExit / Reset / Registrations.
struct EnvPart {
  // Reports and cleans up what `module` left behind.
  std::function<void(const std::string& module)> on_module_exit;
  // Forgets all state.
  std::function<void()> reset;
  // Adds dynamic registrations (pending timers, work).
  std::function<void(std::vector<KernelRegistration>*)> list;
};
// Registers a part (from a static initialiser of each file).
bool RegisterEnvPart(EnvPart part);

// ---- time (time.cc) ----

uint64_t MonotonicNs();
// Sets model time (never backwards) and jiffies.
void SetMonotonicNs(uint64_t ns);
void ResetClock();

// ---- timers (timer.cc) ----

// Runs the earliest timer due at or before `jiffies_limit` (moving time to
// its tick); false if none is due.
bool RunOneDueTimer(unsigned long jiffies_limit);
// Arms an internal (libskb-convention) timer.
void ArmInternalTimer(timer_list* t, unsigned long expires);

// ---- devices (netdevice.cc) ----

// The modelled devices are initialised (DefaultDevice() is eth0 with its
// address and flags). Referencing it links netdevice.cc in.
void EnsureDevices();

// ---- deferred work (workqueue.cc) ----

int RunPendingDeferred();

}  // namespace skb::internal

#endif  // LIBSKB_SRC_KERNEL_KERNEL_ENV_INTERNAL_H_
