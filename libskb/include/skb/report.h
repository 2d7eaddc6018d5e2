// libskb: failure tiers and the reporter.
//
// The kernel distinguishes four outcomes of misuse and libskb keeps them apart:
//   kBug        BUG()/BUG_ON(): the kernel oopses. libskb prints the site's
//               message in the active profile's format, the crash-style dump
//               and the skb's history, then applies the policy below.
//   kWarn       WARN_ON()/WARN_ON_ONCE(): logged, execution continues.
//   kDebugWarn  DEBUG_NET_WARN_ON_ONCE(): only on CONFIG_DEBUG_NET kernels;
//               logged, execution continues.
//   (error returns are ordinary return values and never reach the reporter)
// plus one tier of libskb's own:
//   kCheck      the checker found a broken invariant in checked mode.
//
// Policy for kBug and kCheck: abort the process (fuzzers), throw skb::KernelBug
// back to the caller (unit tests), or record and throw (tests that inspect
// every report). Warnings are always recorded and never stop execution.
#ifndef LIBSKB_SKB_REPORT_H_
#define LIBSKB_SKB_REPORT_H_

#include <exception>
#include <string>
#include <vector>

#include "skb/profile.h"

struct sk_buff;

namespace skb {

enum class Tier { kBug, kWarn, kDebugWarn, kCheck };

enum class Policy {
  kAbort,   // print the report to stderr and abort()
  kThrow,   // print the report to stderr and throw KernelBug
  kRecord,  // keep the report (Recorded()) without printing; BUG/CHECK still throw
};

struct Report {
  Tier tier = Tier::kBug;
  Site site = Site::kCount;       // kCount for checker reports
  std::string function;           // kernel function the site is in, e.g. "skb_checksum"
  std::string kind;               // "BUG", "WARNING", or the checker id ("S4")
  std::string text;               // the full report as printed (message, banner, dump, history)
  std::vector<std::string> invariant_ids;  // for kCheck: every violated id
  std::string culprit;            // for kCheck: the call (or the code between calls) that broke it
  const sk_buff* skb = nullptr;   // the skb reported on (may be freed by now)
};

class KernelBug : public std::exception {
 public:
  explicit KernelBug(Report r) : report_(std::move(r)) {}
  const char* what() const noexcept override { return report_.text.c_str(); }
  const Report& report() const { return report_; }

 private:
  Report report_;
};

Policy GetPolicy();
void SetPolicy(Policy p);

// Every report since the last ClearRecorded() (all tiers, all policies).
const std::vector<Report>& Recorded();
void ClearRecorded();

class ScopedPolicy {
 public:
  explicit ScopedPolicy(Policy p) : saved_(GetPolicy()) { SetPolicy(p); }
  ~ScopedPolicy() { SetPolicy(saved_); }
  ScopedPolicy(const ScopedPolicy&) = delete;
  ScopedPolicy& operator=(const ScopedPolicy&) = delete;

 private:
  Policy saved_;
};

}  // namespace skb

#endif  // LIBSKB_SKB_REPORT_H_
