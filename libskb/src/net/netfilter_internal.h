// libskb internals shared by the netfilter, module and path files
// (netfilter.cc, module.cc, rx_path.cc, tx_path.cc). Not installed.
#ifndef LIBSKB_SRC_NETFILTER_INTERNAL_H_
#define LIBSKB_SRC_NETFILTER_INTERNAL_H_

#include <linux/netfilter.h>

#include <optional>
#include <string>
#include <vector>

#include "skb/netfilter.h"
#include "skb/report.h"

namespace skb::internal {

// ---- modules (module.cc) ----

// The module whose init or exit function is running (innermost), or null.
struct ModuleContext {
  std::string name;
  std::string file;  // base name
};
const ModuleContext* CurrentModule();

// "sn_core_odd.c" from "/path/to/sn_core_odd.c".
std::string BaseName(const std::string& path);

// The name of the function at `fn` ("sn_core_odd_hook"), or "hook@0x..." when
// the program has no symbols for it.
std::string FunctionName(const void* fn);

// ---- conntrack and routes (conntrack.cc, route.cc, tx_path.cc) ----

// RunNfHooks calls ConntrackAt before each hook (with its priority) and
// after the last one (INT_MAX, also when no hook is registered): the chosen
// conntrack entry is attached where nf_conntrack_in runs (skb/conntrack.h).
void ConntrackAt(uint8_t pf, unsigned hooknum, int next_priority, sk_buff* skb);
// After every hook of LOCAL_IN / POST_ROUTING accepted: nf_conntrack_confirm.
void ConntrackConfirm(unsigned hooknum, sk_buff* skb);
// The output function of the modelled output routes (dst_output):
// ip_output / ip6_output and what follows them (tx_path.cc).
int DstOutput(net* n, sock* sk, sk_buff* skb, bool v6);

// ---- hooks (netfilter.cc) ----

// Removes every hook registered by `module`; returns how many there were.
int RemoveHooksOfModule(const std::string& module);

// How a path stops when NF_HOOK did not accept: the outcome and the reason
// to record. nullopt when every hook accepted (the path goes on to okfn).
struct HookStop {
  PathOutcome outcome;
  std::string reason;
};
std::optional<HookStop> StopAfterHooks(const NfHookResult& h);

// The hook to name when stack code that runs after `runs` hits a BUG: the last
// one that changed the skb, else the last one that ran; null if none ran.
const HookRun* HookToBlame(const std::vector<HookRun>& runs);

// Runs f; a report raised in it that does not name a hook yet gets a first
// line naming the hook HookToBlame(*runs) picks ("libskb: after ...").
template <typename F>
auto AfterHooks(const std::vector<HookRun>* runs, F&& f) -> decltype(f()) {
  ReportContext after([runs](const Report& r) -> std::pair<std::string, std::string> {
    const HookRun* h = HookToBlame(*runs);
    if (h == nullptr) return {};
    if (r.text.rfind("libskb: in ", 0) == 0) return {};
    // A checker report that already blames the hook needs no second line.
    if (r.culprit.find(h->hook.Describe()) != std::string::npos) return {};
    std::string what = h->hook.Describe();
    if (!h->changes.empty()) what += " [it changed: " + h->changes + "]";
    return {"libskb: after " + what + "\n", h->hook.Describe()};
  });
  return f();
}

}  // namespace skb::internal

#endif  // LIBSKB_SRC_NETFILTER_INTERNAL_H_
