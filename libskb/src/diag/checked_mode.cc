// libskb: checked mode - the checker run at entry and exit of every libskb
// call, naming the first call (or the code between two calls) that broke an
// skb, plus the per-call history.
#include <exception>

#include "internal.h"
#include "skb/check.h"
#include "skb/history.h"
#include "skb/memory.h"

namespace skb {
namespace {

#ifdef LIBSKB_CHECKED
bool g_checked = true;
#else
bool g_checked = false;
#endif
CheckMode g_strictness = CheckMode::kKernelTolerant;

// Checks skb and every live skb sharing its head (a write through one clone
// changes the shared info all of them see).
std::vector<Violation> CheckWithPeers(const sk_buff* skb, const sk_buff** culprit_skb) {
  *culprit_skb = skb;
  std::vector<Violation> v = Check(skb, g_strictness);
  if (!v.empty() || !IsLiveSkb(skb) || !skb->cloned) return v;
  for (const sk_buff* peer : internal::LiveSkbsSharingHead(skb->head)) {
    if (peer == skb) continue;
    v = Check(peer, g_strictness);
    if (!v.empty()) {
      *culprit_skb = peer;
      return v;
    }
  }
  return v;
}

}  // namespace

bool CheckedMode() { return g_checked; }
void SetCheckedMode(bool on) { g_checked = on && CheckedModeCompiledIn(); }
CheckMode CheckedModeStrictness() { return g_strictness; }
void SetCheckedModeStrictness(CheckMode mode) { g_strictness = mode; }
bool CheckedModeCompiledIn() {
#ifdef LIBSKB_CHECKED
  return true;
#else
  return false;
#endif
}

namespace internal {

OpScope::OpScope(const char* op, const sk_buff* skb, const void* caller, std::string args)
    : op_(op), skb_(skb), caller_(caller), args_(std::move(args)), uncaught_(std::uncaught_exceptions()),
      active_(CheckedModeCompiledIn()) {
  if (!active_ || skb_ == nullptr) return;
  // History is kept whenever the hooks are compiled in; checks only in checked mode.
  if (g_checked) {
    if (!IsLiveSkb(skb_)) {
      std::string last = LastOp(skb_);
      CheckFailure(skb_,
                   {Violation{"S7", "use_after_free",
                              Format("%s called on an skb that is not live (freed or never allocated)%s%s", op_,
                                     last.empty() ? "" : "; its last operation was ", last.c_str())}},
                   Format("%s on a freed skb", op_), caller_);
    }
    const sk_buff* bad = nullptr;
    std::vector<Violation> v = CheckWithPeers(skb_, &bad);
    if (!v.empty()) {
      std::string last = LastOp(bad);
      std::string culprit =
          last.empty()
              ? Format("the skb was already broken when %s was called (no earlier libskb call recorded)", op_)
              : Format("the code between %s and this %s broke the skb", last.c_str(), op_);
      CheckFailure(bad, v, culprit, caller_);
    }
  }
  // Recorded at entry so a BUG inside this call shows it as the last step.
  RecordOp(skb_, args_.empty() ? std::string(op_) : std::string(op_) + "(" + args_ + ")", caller_);
}

OpScope::~OpScope() noexcept(false) {
  if (!active_) return;
  if (skb_ != nullptr && IsLiveSkb(skb_)) UpdateLastOp(skb_);
  if (also_ != nullptr && IsLiveSkb(also_)) {
    RecordOp(also_, std::string("created by ") + op_, caller_);
  }
  if (!g_checked || !exit_check_) return;
  if (std::uncaught_exceptions() > uncaught_) return;  // a BUG is unwinding through this call
  for (const sk_buff* s : {skb_, also_}) {
    if (s == nullptr || !IsLiveSkb(s)) continue;
    const sk_buff* bad = nullptr;
    std::vector<Violation> v = CheckWithPeers(s, &bad);
    if (!v.empty()) {
      // Throwing from a destructor is safe here: no exception is in flight
      // (checked above) and the destructor is declared noexcept(false).
      std::string op = args_.empty() ? std::string(op_) : std::string(op_) + "(" + args_ + ")";
      CheckFailure(bad, v, Format("%s at %s broke the skb", op.c_str(), Symbolize(caller_).c_str()), caller_);
    }
  }
}

}  // namespace internal
}  // namespace skb

namespace skb::internal {

void OpViolation(const sk_buff* skb, const char* id, const char* name, const std::string& reason, const char* op,
                 const void* caller) {
  if (!CheckedMode()) return;
  CheckFailure(skb, {Violation{id, name, reason}}, Format("%s would break an invariant", op), caller);
}

}  // namespace skb::internal
