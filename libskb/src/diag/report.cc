// libskb: the reporter - kernel-format BUG and WARN output, checker reports,
// and the abort / throw / record policy.
#include "skb/report.h"

#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <set>

#include "internal.h"
#include "skb/dump.h"
#include "skb/history.h"
#include "skb/memory.h"

namespace skb {
namespace {

Policy g_policy = Policy::kThrow;

// Bounded so a long fuzzing run that warns often does not grow without limit.
constexpr size_t kMaxRecorded = 256;
std::vector<Report>& RecordedStore() {
  static auto* v = new std::vector<Report>();
  return *v;
}

std::set<int>& WarnedOnce() {
  static auto* s = new std::set<int>();
  return *s;
}

void Keep(const Report& r) {
  auto& v = RecordedStore();
  if (v.size() == kMaxRecorded) v.erase(v.begin());
  v.push_back(r);
}

std::string SiteLocation(Site site) {
  const SiteLine& sl = Active().site(site);
  if (sl.line > 0) return internal::Format("%s:%d", sl.file, sl.line);
  return internal::Format("%s:?", sl.file);
}

const char* SiteFunction(Site site) {
  switch (site) {
    case Site::kSkbOverPanic: return Active().panic_has_skbuff_prefix ? "skb_panic" : "skb_over_panic";
    case Site::kSkbUnderPanic: return Active().panic_has_skbuff_prefix ? "skb_panic" : "skb_under_panic";
    case Site::kSkbPull: return "__skb_pull";
    case Site::kSkbLinearAssert: return "skb_put";
    case Site::kSkbLinearAssertInline: return "__skb_put";
    case Site::kSkbChecksum: return Active().AtLeast(3, 13) ? "__skb_checksum" : "skb_checksum";
    case Site::kChecksumHelpStart:
    case Site::kChecksumHelpField: return "skb_checksum_help";
    case Site::kExpandHeadNhead:
    case Site::kExpandHeadShared: return "pskb_expand_head";
    case Site::kPullTailCopy:
    case Site::kPullTailList: return "__pskb_pull_tail";
    case Site::kSkbCopy: return "skb_copy";
    case Site::kHeaderRelease: return "skb_header_release";
    case Site::kSkbTrimPaged: return "__skb_trim";
    case Site::kPutPageZero: return "put_page";
    case Site::kRefcountUnderflow: return "refcount_warn_saturate";
    case Site::kSkbPullRcsum: return "skb_pull_rcsum";
    case Site::kSkbQueueNext: return "skb_queue_next";
    case Site::kWarnBadOffload: return "skb_warn_bad_offload";
    case Site::kDebugNetPush: return "__skb_push";
    case Site::kDebugNetPull: return "__skb_pull";
    case Site::kDebugNetMayPull: return "pskb_may_pull_reason";
    case Site::kStreamKillQueues: return "sk_stream_kill_queues";
    case Site::kNfHookEntryHead: return "nf_hook_entry_head";
    case Site::kNfHookNotFound: return "__nf_unregister_net_hook";
    case Site::kNfHookVerdict: return "nf_hook_slow";
    case Site::kModuleBug:
    case Site::kModuleWarn: return "module code";
    case Site::kMightSleep: return "__might_sleep";
    case Site::kLockDebug: return "lock debugging";
    case Site::kSlabDebug: return "slab debugging";
    case Site::kListDebug: return "__list_valid_or_report";
    case Site::kCount: break;
  }
  return "?";
}

std::string Context(const sk_buff* skb, const void* caller) {
  std::string out = internal::Format("libskb: profile %.*s; called from %s\n",
                                     static_cast<int>(Active().name.size()), Active().name.data(),
                                     Symbolize(caller).c_str());
  if (skb != nullptr && IsLiveSkb(skb)) {
    out += CrashDump(skb);
    out += FormatHistory(skb);
  } else if (skb != nullptr) {
    out += internal::Format("libskb: skb %p is not a live sk_buff; its last recorded operations:\n", (const void*)skb);
    out += FormatHistory(skb);
  }
  return out;
}

std::vector<internal::ReportContext::Describe>& Contexts() {
  static auto* v = new std::vector<internal::ReportContext::Describe>();
  return *v;
}

// Prefixes the active contexts' lines, innermost first (so the outermost line
// ends up on top and each context sees what the inner ones added); the
// innermost context with a culprit supplies it when the report names none.
void ApplyContexts(Report* r) {
  auto& contexts = Contexts();
  for (auto it = contexts.rbegin(); it != contexts.rend(); ++it) {
    auto [line, who] = (*it)(*r);
    r->text = line + r->text;
    if (r->culprit.empty() && !who.empty()) r->culprit = who;
  }
}

[[noreturn]] void Deliver(Report r) {
  ApplyContexts(&r);
  Keep(r);
  if (g_policy != Policy::kRecord) {
    std::fputs(r.text.c_str(), stderr);
    std::fflush(stderr);
  }
  if (g_policy == Policy::kAbort) std::abort();
  throw KernelBug(std::move(r));
}

}  // namespace

Policy GetPolicy() { return g_policy; }
void SetPolicy(Policy p) { g_policy = p; }
const std::vector<Report>& Recorded() { return RecordedStore(); }
void ClearRecorded() {
  RecordedStore().clear();
  WarnedOnce().clear();
}

namespace internal {

ReportContext::ReportContext(Describe describe) { Contexts().push_back(std::move(describe)); }
ReportContext::~ReportContext() { Contexts().pop_back(); }

std::string Format(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = std::vsnprintf(nullptr, 0, fmt, ap);
  va_end(ap);
  std::string s(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(s.data(), s.size() + 1, fmt, ap2);
  va_end(ap2);
  return s;
}

std::string Hex(const void* p) { return Format("%016lx", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(p))); }

void Bug(Site site, const sk_buff* skb, const std::string& message, const void* caller) {
  BugAt(site, SiteLocation(site), SiteFunction(site), skb, message, caller);
}

void BugAt(Site site, const std::string& location, const std::string& function, const sk_buff* skb,
           const std::string& message, const void* caller) {
  const Profile& prof = Active();
  Report r;
  r.tier = Tier::kBug;
  r.site = site;
  r.function = function;
  r.kind = "BUG";
  r.skb = skb;
  std::string text = message;
  text += "------------[ cut here ]------------\n";
  text += Format("kernel BUG at %s!\n", location.c_str());
  text += prof.bug_oops_line;
  text += "\n";
  text += Format("RIP: %s\n", r.function.c_str());
  text += Context(skb, caller);
  r.text = std::move(text);
  Deliver(std::move(r));
}

void Warn(Site site, const sk_buff* skb, const std::string& message, const void* caller, bool once, Tier tier) {
  if (once && !WarnedOnce().insert(static_cast<int>(site)).second) return;
  const Profile& prof = Active();
  Report r;
  r.tier = tier;
  r.site = site;
  r.function = SiteFunction(site);
  r.kind = "WARNING";
  r.skb = skb;
  std::string text = "------------[ cut here ]------------\n";
  text += message;
  if (prof.warn_has_cpu_pid) {
    text += Format("WARNING: CPU: 0 PID: %d at %s %s\n", static_cast<int>(getpid()), SiteLocation(site).c_str(),
                   r.function.c_str());
  } else {
    text += Format("WARNING: at %s %s()\n", SiteLocation(site).c_str(), r.function.c_str());
  }
  text += Format("libskb: profile %.*s; called from %s\n", static_cast<int>(prof.name.size()), prof.name.data(),
                 Symbolize(caller).c_str());
  r.text = std::move(text);
  ApplyContexts(&r);
  Keep(r);
  if (g_policy != Policy::kRecord) {
    std::fputs(r.text.c_str(), stderr);
    std::fflush(stderr);
  }
}

void KernelWarn(Site site, const std::string& kind, const std::string& text, const void* caller) {
  const Profile& prof = Active();
  Report r;
  r.tier = Tier::kWarn;
  r.site = site;
  r.function = SiteFunction(site);
  r.kind = kind;
  r.text = text;
  r.text += Format("libskb: profile %.*s; called from %s\n", static_cast<int>(prof.name.size()), prof.name.data(),
                   Symbolize(caller).c_str());
  ApplyContexts(&r);
  Keep(r);
  if (g_policy != Policy::kRecord) {
    std::fputs(r.text.c_str(), stderr);
    std::fflush(stderr);
  }
}

void NullDeref(uintptr_t address, bool write, const char* function, const sk_buff* skb, const std::string& note,
               const void* caller) {
  const Profile& prof = Active();
  Report r;
  r.tier = Tier::kBug;
  r.function = function;
  r.kind = "NULL dereference";
  r.skb = skb;
  std::string text;
  const unsigned err = write ? 0x0002 : 0x0000;
  if (prof.AtLeast(5, 0)) {
    text += Format("BUG: kernel NULL pointer dereference, address: %016lx\n", static_cast<unsigned long>(address));
    text += Format("#PF: supervisor %s access in kernel mode\n", write ? "write" : "read");
    text += Format("#PF: error_code(0x%04x) - not-present page\n", err);
    std::string die = prof.bug_oops_line;  // "...invalid opcode: 0000 [#1] ..." -> "Oops: 0002 [#1] ..."
    size_t at = die.find("[#1]");
    text += Format("%sOops: %04x %s\n", prof.AtLeast(6, 0) ? "Oops: " : "", err,
                   at == std::string::npos ? "[#1]" : die.substr(at).c_str());
  } else {
    if (address == 0) {
      text += "BUG: unable to handle kernel NULL pointer dereference at           (null)\n";
    } else {
      text += Format("BUG: unable to handle kernel NULL pointer dereference at %016lx\n",
                     static_cast<unsigned long>(address));
    }
    text += Format("IP: [<%s>] %s\n", Hex(caller).c_str(), function);
    text += Format("Oops: %04x [#1] SMP \n", err);
  }
  text += Format("RIP: %s\n", function);
  text += note;
  text += Context(skb, caller);
  r.text = std::move(text);
  Deliver(std::move(r));
}

void DebugNetWarnOnce(Site site, const sk_buff* skb, const std::string& message, const void* caller) {
  if (!Active().debug_net) return;  // DEBUG_NET_WARN_ON_ONCE compiles to nothing without CONFIG_DEBUG_NET
  Warn(site, skb, message, caller, /*once=*/true, Tier::kDebugWarn);
}

void CheckFailure(const sk_buff* skb, const std::vector<Violation>& v, const std::string& culprit,
                  const void* caller) {
  Report r;
  r.tier = Tier::kCheck;
  r.kind = v.empty() ? "CHECK" : v.front().id;
  r.skb = skb;
  r.culprit = culprit;
  std::string text = Format("libskb: invariant violated on skb %p: %s\n", (const void*)skb, culprit.c_str());
  for (const Violation& x : v) {
    r.invariant_ids.push_back(x.id);
    text += "  " + x.ToString() + "\n";
  }
  text += Context(skb, caller);
  r.text = std::move(text);
  Deliver(std::move(r));
}

}  // namespace internal
}  // namespace skb
