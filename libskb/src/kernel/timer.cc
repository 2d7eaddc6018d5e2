// libskb: kernel timers (<linux/timer.h>, kernel/time/timer.c) and the
// clock driver skb::AdvanceTime() / skb::RunPendingWork().
#include <errno.h>
#include <linux/jiffies.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "net/netfilter_internal.h"
#include "skb/kernel_env.h"

namespace skb {
namespace internal {
namespace {

struct Armed {
  uint64_t seq = 0;
  unsigned long due = 0;  // the tick it runs at (>= expires; after the current tick)
  std::string module;
  std::string function;
};

// The pending timers. entry.pprev points at this sentinel while armed.
void* g_pending_sentinel = nullptr;
uint64_t g_seq = 0;

std::map<timer_list*, Armed>& Pending() {
  static auto* m = new std::map<timer_list*, Armed>();
  return *m;
}

// Timers whose callback runs now, and timers shut down (v6.2+).
std::vector<timer_list*>& Running() {
  static auto* v = new std::vector<timer_list*>();
  return *v;
}
std::map<timer_list*, bool>& Shutdown() {
  static auto* m = new std::map<timer_list*, bool>();
  return *m;
}

std::string CallbackName(const timer_list* t) {
  if (t->function == reinterpret_cast<decltype(t->function)>(libskb_delayed_work_timer_fn)) {
    return "delayed work timer";
  }
  return FunctionName(reinterpret_cast<const void*>(t->function));
}

bool Detach(timer_list* t) {
  auto it = Pending().find(t);
  if (it == Pending().end()) return false;
  Pending().erase(it);
  t->entry.pprev = nullptr;
  t->entry.next = nullptr;
  return true;
}

// __mod_timer(): (re)arm. A timer due now or in the past runs at the next
// tick, as the wheel files it after the tick being processed.
int Arm(timer_list* t, unsigned long expires, unsigned convention, bool pending_only) {
  const bool was_pending = Pending().count(t) != 0;
  if (pending_only && !was_pending) return 0;
  if (Shutdown().count(t) != 0) return was_pending ? 1 : 0;  // timer_shutdown: silently ignored
  if ((t->__libskb_state & LIBSKB_TIMER_INITIALISED) == 0 && t->function == nullptr) {
    EnvWarn("libskb: mod_timer() on a timer that was never initialised and has no function "
            "(ODEBUG: activate not available (active state 0) object type: timer_list)");
  }
  t->__libskb_state = (t->__libskb_state & ~LIBSKB_TIMER_ULONG_CALLBACK) | LIBSKB_TIMER_INITIALISED | convention;
  t->expires = expires;
  Armed a;
  auto it = Pending().find(t);
  if (it != Pending().end()) a = it->second;
  a.seq = ++g_seq;
  a.due = time_after(expires, jiffies) ? expires : jiffies + 1;
  const std::string m = CurrentModuleName();
  if (!m.empty() || a.module.empty()) a.module = m;
  a.function = CallbackName(t);
  Pending()[t] = a;
  t->entry.pprev = &g_pending_sentinel;
  return was_pending ? 1 : 0;
}

void Fire(timer_list* t, const Armed& a) {
  Detach(t);
  Running().push_back(t);
  struct Pop {
    ~Pop() { Running().pop_back(); }
  } pop;
  const bool ulong_call = (t->__libskb_state & LIBSKB_TIMER_ULONG_CALLBACK) != 0;
  auto fn = t->function;
  const unsigned long data = t->__libskb_data;
  if (fn == nullptr) {
    EnvWarn("libskb: timer " + Hex(t) + " fired with a NULL function; the kernel would jump to address 0");
    return;
  }
  RunCallback("timer " + a.function, a.module, [&] {
    if (ulong_call) {
      reinterpret_cast<void (*)(unsigned long)>(fn)(data);
    } else {
      fn(t);
    }
  });
}

}  // namespace

bool RunOneDueTimer(unsigned long jiffies_limit) {
  timer_list* best = nullptr;
  Armed best_a;
  for (const auto& [t, a] : Pending()) {
    if (time_after(a.due, jiffies_limit)) continue;
    if (best == nullptr || time_before(a.due, best_a.due) || (a.due == best_a.due && a.seq < best_a.seq)) {
      best = t;
      best_a = a;
    }
  }
  if (best == nullptr) return false;
  if (time_after(best_a.due, jiffies)) {
    const unsigned long ahead = best_a.due - jiffies;
    const uint64_t now_tick = MonotonicNs() / TICK_NSEC;
    SetMonotonicNs((now_tick + ahead) * TICK_NSEC);
  }
  Fire(best, best_a);
  return true;
}

void ArmInternalTimer(timer_list* t, unsigned long expires) { Arm(t, expires, 0, false); }

namespace {

const bool kRegistered = RegisterEnvPart(EnvPart{
    [](const std::string& module) {
      std::vector<timer_list*> left;
      for (const auto& [t, a] : Pending()) {
        if (a.module == module) left.push_back(t);
      }
      for (timer_list* t : left) {
        const Armed a = Pending()[t];
        EnvWarn(Format("libskb: module %s left timer %s (%s) pending after its exit function, expiring at jiffies "
                       "%lu; the kernel would call into the unloaded module when it fires (libskb cancelled it)",
                       module.c_str(), a.function.c_str(), Hex(t).c_str(), t->expires));
        Detach(t);
      }
    },
    [] {
      for (auto& [t, a] : Pending()) {
        (void)a;
        t->entry.pprev = nullptr;
      }
      Pending().clear();
      Shutdown().clear();
      g_seq = 0;
    },
    [](std::vector<KernelRegistration>* out) {
      for (const auto& [t, a] : Pending()) {
        out->push_back(KernelRegistration{"timer", a.function, a.module});
      }
    },
});

}  // namespace
}  // namespace internal

int AdvanceTime(uint64_t ns) {
  using namespace internal;
  const uint64_t target = MonotonicNs() + ns;
  const unsigned long target_jiffies =
      static_cast<unsigned long>(static_cast<u64>(INITIAL_JIFFIES) + target / TICK_NSEC);
  int ran = 0;
  while (RunOneDueTimer(target_jiffies)) {
    ++ran;
    ran += RunPendingDeferred();
  }
  SetMonotonicNs(target);
  ran += RunPendingDeferred();
  return ran;
}

int RunPendingWork() { return internal::RunPendingDeferred(); }

}  // namespace skb

using namespace skb::internal;

extern "C" {

// Models mod_timer() (kernel/time/timer.c).
int libskb_mod_timer(struct timer_list* timer, unsigned long expires, unsigned int convention) {
  return Arm(timer, expires, convention, false);
}

// Models mod_timer_pending().
int libskb_mod_timer_pending(struct timer_list* timer, unsigned long expires, unsigned int convention) {
  return Arm(timer, expires, convention, true);
}

// Models add_timer(): BUG_ON(timer_pending(timer)) up to 6.x's
// "if (WARN_ON_ONCE(timer_pending(timer))) return;".
void libskb_add_timer(struct timer_list* timer, unsigned int convention) {
  if (Pending().count(timer) != 0) {
    EnvWarn("libskb: add_timer() on a pending timer " + CallbackName(timer) +
            " (WARN_ON_ONCE(timer_pending(timer)) in 6.x; BUG_ON before 4.x)");
    return;
  }
  Arm(timer, timer->expires, convention, false);
}

// Models del_timer() / timer_delete().
int del_timer(struct timer_list* timer) { return Detach(timer) ? 1 : 0; }

// Models del_timer_sync(): from the timer's own callback the kernel would
// wait for itself forever (lockdep warns); the model reports it.
int del_timer_sync(struct timer_list* timer) {
  for (timer_list* r : Running()) {
    if (r == timer) {
      EnvWarn("libskb: del_timer_sync() called from the callback of the same timer " + CallbackName(timer) +
              ": the kernel would wait for itself forever");
    }
  }
  return Detach(timer) ? 1 : 0;
}

// Models try_to_del_timer_sync(): -1 while the callback is running.
int try_to_del_timer_sync(struct timer_list* timer) {
  for (timer_list* r : Running()) {
    if (r == timer) return -1;
  }
  return Detach(timer) ? 1 : 0;
}

// Models timer_shutdown() / timer_shutdown_sync() (v6.2+): later arming is ignored.
int libskb_timer_shutdown(struct timer_list* timer, int sync) {
  const int ret = sync ? del_timer_sync(timer) : del_timer(timer);
  Shutdown()[timer] = true;
  timer->function = nullptr;
  return ret;
}

}  // extern "C"
