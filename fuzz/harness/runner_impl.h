// libskb fuzz harness internals shared by the runner's files (runner.cc: skb
// ops and the per-op checks; runner_nf.cc: packet bytes, headers, checksum
// state, hooks and paths; runner_queue.cc; runner_tcp.cc) and the decoders.
// Not part of the harness API.
#ifndef LIBSKB_FUZZ_HARNESS_RUNNER_IMPL_H_
#define LIBSKB_FUZZ_HARNESS_RUNNER_IMPL_H_

#include <linux/skbuff.h>

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "runner.h"
#include "shadow.h"
#include "skb/netfilter.h"
#include "skb/skb.h"

namespace skbfuzz {

std::string Fmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Arguments the harness refuses to pass (they would make it allocate huge
// buffers, not exercise the kernel's checks).
constexpr uint32_t kMaxHarnessArg = 1u << 20;

// A finding raised by the harness itself (not a KernelBug).
struct Failure {
  std::string kind, site, text;
};
[[noreturn]] void Fail(std::string kind, std::string site, std::string text);
[[noreturn]] void Post(const std::string& what);
[[noreturn]] void HarnessError(const std::string& what);

std::string SkbSlot(int s);  // "s3"

// A fingerprint of everything skb::Check reads of an skb: its fields, its
// shared info and frag descriptors, its frag pages' refcounts, and how many
// known skbs share its head (`sharers`). skb::Check is the runner's main
// per-op cost (it walks libskb's registries) and most ops leave most skbs
// alone: an skb whose fingerprint has not changed since it passed is not
// checked again. Its bytes are, always: a write into a shared head or page
// changes no fingerprint. Reads the shared info: only for an skb whose head
// and end are those it passed the checker with.
uint64_t Fingerprint(const sk_buff* skb, unsigned sharers);

// An skb that passed skb::Check, as it was then.
struct Checked {
  const sk_buff* skb = nullptr;
  const unsigned char* head = nullptr;
  unsigned end = 0;
  uint64_t fingerprint = 0;
  // Whether skb is unchanged since (same object, head, end, fingerprint).
  bool Same(const sk_buff* s, unsigned sharers) const {
    return skb == s && head == s->head && end == s->end && fingerprint == Fingerprint(s, sharers);
  }
};

// An skb on a queue, with the bytes its slot's model held when it went on.
struct QueuedSkb {
  sk_buff* skb = nullptr;
  std::vector<uint8_t> bytes;
  uint32_t family = 0;  // its slot's family (Runner::Impl::family)
  Checked checked;  // as it last passed skb::Check
};

// A transmitted clone the device has not completed yet, with the bytes it
// held when tcp_transmit_skb handed it over.
struct InFlight {
  sk_buff* skb = nullptr;
  std::vector<uint8_t> bytes;
  uint32_t seq = 0, end_seq = 0;
};

// A socket slot: the libskb socket and the model of its byte stream (TCP),
// or of its pending datagrams' payloads (a corked UDP socket of seed 002's
// module).
struct SockSlot {
  sock* sk = nullptr;
  bool cork = false;
  uint32_t isn = 0;             // write_seq when the socket was made: stream[0]'s seq
  std::vector<uint8_t> stream;  // every byte written, from isn on
  std::deque<InFlight> in_flight;
  std::vector<std::vector<uint8_t>> datagrams;  // cork: the pending datagrams' payloads
  // The skbs skb::Check passed after an op, with a fingerprint of what the
  // checker read (runner_tcp.cc): unchanged ones are not checked again.
  std::vector<Checked> checked;
};

struct Runner::Impl {
  Impl(const skb::Profile& p, const RunnerOptions& o);
  RunnerOptions options;
  skb::ScopedProfile profile;
  skb::ScopedPolicy policy;
  skb::ScopedCheckedMode checked;
  skb::MemoryStats before;
  std::array<sk_buff*, kMaxSlots> skbs{};
  std::array<std::vector<uint8_t>, kMaxSlots> shadow;
  // Which skbs may share memory (a head, frag pages, frag_list members):
  // slots derived from one another (clone, copies, split, frag_list_add, a
  // queue round trip) have the same family; a fresh allocation starts one.
  // An op can only change the skbs of its operands' families, so the checks
  // after it skip the others (all slots after a hook op: module code may
  // touch any skb it kept a pointer to).
  std::array<uint32_t, kMaxSlots> family{};
  uint32_t next_family = 1;
  std::vector<uint8_t> scratch;  // the byte buffer of the per-op checks
  std::array<Checked, kMaxSlots> slot_checked{};  // each slot's skb as it last passed skb::Check
  PatternStream payload{Source::kPayload}, header{Source::kHeader}, store{Source::kStore};
  // Queues: the head (its address is what libskb links to) and the model.
  std::array<sk_buff_head, kMaxQueues> queues{};
  std::array<bool, kMaxQueues> queue_live{};
  std::array<std::vector<QueuedSkb>, kMaxQueues> queue_model;
  std::array<SockSlot, kMaxSocks> socks;
  // skbs a path op took whose fate is unknown until it returns (a KernelBug
  // leaves them with the caller): freed quietly after a finding.
  std::vector<sk_buff*> in_path;
  size_t recorded_seen = 0;
  bool finished = false;
  // Per op: the hooks that ran (for the culprit) and the step-log note.
  bool hook_op = false;
  std::vector<skb::HookRun> hook_runs;
  std::string note;
  std::string leak_off;  // why the final leak check is off
  // Per slot: the conntrack classification a `ct` op chose for its next
  // hook or path op (skb::CtChoice; kNone by default).
  std::array<uint8_t, kMaxSlots> ct{};
};

// The op executors (each throws Failure or skb::KernelBug).
void ExecSkbOp(Runner::Impl& r, const Op& op);
void ExecNfOp(Runner::Impl& r, const Op& op);
void ExecQueueOp(Runner::Impl& r, const Op& op);
void ExecTcpOp(Runner::Impl& r, const Op& op);

// Which executor runs an op.
bool IsNfOp(OpKind k);     // write .. netif_receive_skb
bool IsHookOp(OpKind k);   // nf_hook and the path ops
bool IsQueueOp(OpKind k);
bool IsTcpOp(OpKind k);

// The checks after an op; a Failure describes the first problem.
// CheckQueues checks every queue's links and length, and the members of a
// family in `families` (all members if all_members).
std::optional<Failure> CheckQueues(Runner::Impl& r, const std::vector<uint32_t>& families, bool all_members);
std::optional<Failure> CheckSocks(Runner::Impl& r);
// The final frees of queues and sockets (may throw skb::KernelBug).
void FinishQueues(Runner::Impl& r);
void FinishSocks(Runner::Impl& r);
// Quiet frees after a finding.
void AbandonQueues(Runner::Impl& r);
void AbandonSocks(Runner::Impl& r);

// All of s's logical bytes (skb_copy_bits, checked mode off); HarnessError
// when s->len is beyond the harness's limit, a postcondition failure when
// the copy fails.
std::vector<uint8_t> ReadAll(const sk_buff* s);

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_RUNNER_IMPL_H_
