// libskb fuzz harness: running programs (ARCHITECTURE.md "Programs").
//
// Runner executes a Program op by op on the active libskb with the policy set
// to kRecord (a BUG comes back as skb::KernelBug), checked mode on, and after
// every op:
//   - any BUG/checked-mode report thrown by the op, or any WARN it recorded;
//   - skb::Check(kKernelTolerant) on every live slot, CheckClonePair on slots
//     sharing a head;
//   - the shadow model: every live slot's logical bytes (read with
//     skb_copy_bits) equal the model's, whose bytes come from cyclic patterns
//     (payload / pushed headers / stored bytes: shadow.h), so a shifted, lost
//     or foreign byte is caught;
//   - the op's own postconditions (pskb_may_pull made n bytes linear, ...).
// The first of these is the finding; execution stops there. At the end every
// live slot is freed (also checked) and libskb's live-object counts must be
// back where they started.
//
// Decode() turns fuzzer bytes into a program that is LEGAL in the kernel's
// sense (the same rules as tests/property_test.cc): it executes each op as it
// decodes it, reading the real skbs' state to choose legal arguments, so a
// finding on a decoded program is a libskb bug (or, for a module harness, the
// module's), never a misuse by the harness.
#ifndef LIBSKB_FUZZ_HARNESS_RUNNER_H_
#define LIBSKB_FUZZ_HARNESS_RUNNER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "program.h"

struct sk_buff;

namespace skbfuzz {

struct Finding {
  size_t op_index = 0;  // the op during/after which it appeared; ops.size() for the final frees
  std::string kind;     // "BUG", "WARNING", a checker id ("S4"), "shadow", "postcondition", "leak", "error"
  std::string site;     // kernel function (BUG/WARNING), checker violation name, or what was checked
  std::string text;     // the full report (message, dump, diff)
  // "BUG in skb_put" / "S4 data_len_ne_frag_sum" / "shadow s1"
  std::string Summary() const;
};

class Runner {
 public:
  // The profile must exist (Validate() the program first). Sets the active
  // profile, policy kRecord and checked mode for the Runner's lifetime.
  explicit Runner(const std::string& profile);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Executes one op (the slot operands must be live, the result slot empty)
  // and checks everything. Returns false when there is a finding; no further
  // op may run then.
  bool Step(const Op& op);
  // Frees every live slot (checked) and checks for leaks. Idempotent.
  bool Finish();

  const std::optional<Finding>& finding() const { return finding_; }
  size_t steps() const { return steps_; }
  bool live(int slot) const;
  sk_buff* skb(int slot) const;
  size_t model_len(int slot) const;
  // "len=.. data_len=.. headlen=.. headroom=.. tailroom=.. nr_frags=.. ..."
  std::string Geometry(int slot) const;

  struct Impl;  // internal (runner.cc)

 private:
  friend class Decoder;
  std::unique_ptr<Impl> impl_;
  std::optional<Finding> finding_;
  size_t steps_ = 0;
};

struct RunResult {
  std::optional<Finding> finding;
  size_t ops_run = 0;  // ops executed, including the one with the finding
};

// Called after each op with its index, the op and the runner (for Geometry).
using StepObserver = std::function<void(size_t, const Op&, const Runner&)>;

// Runs a whole program (Validate()d first: an invalid one is an "error"
// finding at the offending op), then Finish().
RunResult Run(const Program& p, const StepObserver& after_each = {});

struct DecodeOptions {
  // Profile to use; empty: chosen by the input among skb::All().
  std::string profile;
  size_t max_ops = 64;
};

// Decodes fuzzer bytes into a legal program, executing it as it goes; the
// run's result (with Finish()) goes to *result. Deterministic: decoding the
// same bytes gives the same program.
Program Decode(const uint8_t* data, size_t size, const DecodeOptions& opt = {}, RunResult* result = nullptr);

// A GoogleTest case reproducing the program with plain kernel API calls.
std::string EmitGTest(const Program& p, const std::string& test_name, const std::optional<Finding>& seen);

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_RUNNER_H_
