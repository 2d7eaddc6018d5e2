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
//     (payload / pushed headers / stored bytes: shadow.h) or from `write`, so
//     a shifted, lost or foreign byte is caught;
//   - the queues: skb::CheckQueue (Q1-Q4) and the queue's members, in order,
//     against a shadow list (qlen included);
//   - the sockets: skb::CheckTcpWriteQueue (Q9), Check on every write-queue
//     skb and every transmitted clone in flight, each write-queue skb's bytes
//     against the stream bytes from its seq, and each clone's bytes against
//     what it held when it was transmitted;
//   - the op's own postconditions (pskb_may_pull made n bytes linear, a path
//     delivered what the model predicts, ...).
// The first of these is the finding; execution stops there. At the end every
// live slot, queue and socket is freed (also checked) and libskb's
// live-object counts must be back where they started.
//
// Hooks. nf_hook and the path ops run whatever hooks are registered (modules
// loaded by Run(), or by the caller). After an accepted nf_hook the model of
// THAT slot is re-read from the skb (a module may mangle a packet it owns),
// every other slot keeps its model: a hook that writes into a head it shares
// with a clone is caught as a shadow finding on the clone's slot. A finding
// during a hook op names the hook (Finding::culprit). A stolen (or lost) skb
// belongs to the module: its slot empties without a free and the leak check
// is off for the rest of the program.
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
struct sock;

namespace skbfuzz {

struct Finding {
  size_t op_index = 0;  // the op during/after which it appeared; ops.size() for the final frees
  std::string kind;     // "BUG", "WARNING", a checker id ("S4"), "shadow", "postcondition", "leak", "error"
  std::string site;     // kernel function (BUG/WARNING), checker violation name, or what was checked
  std::string text;     // the full report (message, dump, diff)
  // The hook that caused it, "NF_INET_LOCAL_IN hook foo_hook (module foo,
  // foo.c)": the hook a KernelBug names, else (a checker id, shadow or
  // postcondition finding at an nf_hook or path op) the last hook of that op
  // that changed the skb, else its last hook. Empty when no hook is involved.
  std::string culprit;
  // "BUG in skb_put" / "S4 data_len_ne_frag_sum" / "shadow s1"
  std::string Summary() const;
};

struct RunnerOptions {
  // The registered hooks are known-correct manglers (fuzz_nf_writable): a
  // path they ran on must end as the model predicts for the unmangled
  // packet (delivered / dropped), and UDP payloads must arrive unchanged.
  bool trusted_hooks = false;
};

// Culprit code a variant build puts in place of kernel code, for the
// time-to-bug measurements (fuzz/targets/*_seed00N.cc). Process-wide.
struct Variant {
  const char* name = "";
  // tcp_ack's partial-ack trim, in place of tcp_trim_head (seed 001).
  void (*trim_head)(sock* sk, sk_buff* skb, uint32_t len) = nullptr;
  // What stale_requeue_tail kN calls (seed 003); the op is illegal without it.
  void (*stale_requeue_tail)(sock* sk) = nullptr;
  // Seed 002's module API, for the po_* ops on a udp_socket.
  int (*po_sendmsg)(sock* sk, const void* from, unsigned int length, int more) = nullptr;
  int (*po_push_pending_frames)(sock* sk) = nullptr;
  void (*po_flush_pending_frames)(sock* sk) = nullptr;
  void (*po_set_output)(int (*output)(sk_buff* skb)) = nullptr;
  unsigned po_payload_per_datagram = 0;  // PO_MTU - PO_HDR_LEN
};
void SetVariant(const Variant* v);  // nullptr: none
const Variant* ActiveVariant();

class Runner {
 public:
  // The profile must exist (Validate() the program first). Sets the active
  // profile, policy kRecord and checked mode for the Runner's lifetime.
  explicit Runner(const std::string& profile, const RunnerOptions& options = {});
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Executes one op (the slot operands must be live, the result slot empty)
  // and checks everything. Returns false when there is a finding; no further
  // op may run then.
  bool Step(const Op& op);
  // Frees every live slot, queue and socket (checked) and checks for leaks.
  // Idempotent.
  bool Finish();

  const std::optional<Finding>& finding() const { return finding_; }
  size_t steps() const { return steps_; }
  bool live(int slot) const;
  sk_buff* skb(int slot) const;
  size_t model_len(int slot) const;
  // "len=.. data_len=.. headlen=.. headroom=.. tailroom=.. nr_frags=.. ..."
  std::string Geometry(int slot) const;
  bool queue_live(int q) const;
  // "qlen=3: s(len=100) s(len=40) ..." of a live queue.
  std::string QueueState(int q) const;
  bool sock_live(int k) const;
  // "write_seq=.. snd_una=.. snd_nxt=.. queue=N send_head=#i in_flight=M wmem_queued=.."
  std::string SockState(int k) const;
  // What the last op did beyond the geometry, for the step log: a path's
  // outcome, stage and reason, the hooks that ran with their verdicts and
  // changes; "" when there is nothing to say.
  const std::string& note() const;
  // Why the final leak check is off ("" when it is on).
  const std::string& leak_check_off() const;

  struct Impl;  // internal (runner_impl.h)
  Impl& impl() const { return *impl_; }

 private:
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

// The modules of a program's `module PATH` lines, loaded for a scope. A
// module already linked into the binary (skb::Modules() has its name) is
// just loaded (module_init); otherwise PATH is dlopen()ed (RTLD_NOW |
// RTLD_GLOBAL: its module_init constructor registers it; the binary must
// export libskb's symbols, as skbtool does) and then loaded. The destructor
// unloads them (module_exit) in reverse order; shared objects stay mapped.
class ProgramModules {
 public:
  ProgramModules() = default;
  ~ProgramModules();
  ProgramModules(const ProgramModules&) = delete;
  ProgramModules& operator=(const ProgramModules&) = delete;
  // "" on success, else a one-line error naming the module.
  std::string Load(const std::vector<std::string>& paths);
  const std::vector<std::string>& loaded() const { return loaded_; }

 private:
  std::vector<std::string> loaded_;  // module names, in load order
};

struct RunOptions {
  // Load and unload the program's modules around the run. A driver that
  // loaded them once itself turns this off.
  bool load_modules = true;
  RunnerOptions runner;
};

// Runs a whole program (Validate()d first: an invalid one is an "error"
// finding at the offending op), then Finish().
RunResult Run(const Program& p, const StepObserver& after_each = {}, const RunOptions& options = {});

// What the decoder builds (each fuzz target picks one).
enum class Family : uint8_t {
  kSkbOps,  // fuzz_skb_ops: every skb op; nf_hook / path ops too when hooks are registered
  kQueue,   // fuzz_skb_queue: skbs moving through sk_buff_head queues
  kTcp,     // fuzz_tcp_write_queue: a socket's write-queue life
  kNf,      // fuzz_nf_writable: IPv4/UDP/TCP packets of every shape through hooks and paths
  kCork,    // fuzz_udp_cork_seed002: a corked UDP socket of seed 002's module (needs its Variant)
};

struct DecodeOptions {
  // Profile to use; empty: chosen by the input among skb::All() (kNf: among
  // the profiles with the netfilter path models, 5.10 and 6.12).
  std::string profile;
  size_t max_ops = 64;
  Family family = Family::kSkbOps;
  RunnerOptions runner;
};

// Decodes fuzzer bytes into a legal program, executing it as it goes; the
// run's result (with Finish()) goes to *result. Deterministic: decoding the
// same bytes gives the same program.
Program Decode(const uint8_t* data, size_t size, const DecodeOptions& opt = {}, RunResult* result = nullptr);

// A GoogleTest case reproducing the program with plain kernel API calls.
std::string EmitGTest(const Program& p, const std::string& test_name, const std::optional<Finding>& seen);

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_RUNNER_H_
