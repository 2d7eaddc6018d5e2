// libskb: the invariant checker (kernel-semantics.md §9.1-9.4).
//
// Check() runs the S (sk_buff), H (shared info), F (frag) and C (clone pair)
// invariants, cheapest first, and returns every violation with a stable id,
// a name and a one-line reason naming the fields and their values. It never
// dereferences a pointer it has not first found in libskb's registry of live
// objects, so it is safe on corrupted skbs.
//
// Modes: kKernelTolerant flags only states the kernel itself would trip on
// (BUG, WARN, memory corruption or wrong bytes); kStrict also flags states the
// kernel tolerates but that are almost always bugs (zero-size frags,
// truesize below len, a PARTIAL checksum outside the linear area, ...).
//
// Checked mode (on by default when libskb is built with LIBSKB_CHECKED) runs
// Check() at entry and exit of every libskb call on the skbs it touches and
// on the other skbs sharing their head, and reports the first call, or the
// code between two calls, that broke an skb.
#ifndef LIBSKB_SKB_CHECK_H_
#define LIBSKB_SKB_CHECK_H_

#include <string>
#include <vector>

struct sk_buff;
struct sk_buff_head;
struct sock;

namespace skb {

enum class CheckMode { kKernelTolerant, kStrict };

struct Violation {
  std::string id;      // "S4"
  std::string name;    // "data_len_ne_frag_sum"
  std::string reason;  // "data_len = 144 but frags sum to 0 and frag_list to 0"
  std::string ToString() const { return id + " " + name + ": " + reason; }
};

std::vector<Violation> Check(const sk_buff* skb, CheckMode mode = CheckMode::kKernelTolerant);

// Checks the pair (a, b) for the clone invariants C1 and C5 in addition to
// each member's own invariants.
std::vector<Violation> CheckClonePair(const sk_buff* a, const sk_buff* b,
                                      CheckMode mode = CheckMode::kKernelTolerant);

// Queue invariants Q1-Q4 (kernel-semantics.md §9.5) on a struct sk_buff_head:
// both links set, every node's neighbours point back, qlen equals the number
// of nodes, empty <=> next == prev == head. Nodes are validated against the
// registry of live skbs before they are followed; the walk is bounded.
// Q5-Q8 are preconditions of the queue operations (see docs/checker.md).
std::vector<Violation> CheckQueue(const sk_buff_head* list);

// Q9, the TCP write queue of `sk` (kernel-semantics.md §9.5): the queue itself
// (Q1-Q4), then for each skb end_seq - seq == len (+1 for SYN/FIN) and seq
// contiguous with the previous end_seq, sk_send_head NULL or a member, and
// sk_wmem_queued equal to the sum of the queued skbs' truesize.
std::vector<Violation> CheckTcpWriteQueue(const sock* sk);

// Whether libskb calls check their skbs (needs a LIBSKB_CHECKED build).
bool CheckedMode();
void SetCheckedMode(bool on);
CheckMode CheckedModeStrictness();
void SetCheckedModeStrictness(CheckMode mode);
// Whether this build contains the checked-mode hooks at all.
bool CheckedModeCompiledIn();

class ScopedCheckedMode {
 public:
  explicit ScopedCheckedMode(bool on) : saved_(CheckedMode()) { SetCheckedMode(on); }
  ~ScopedCheckedMode() { SetCheckedMode(saved_); }
  ScopedCheckedMode(const ScopedCheckedMode&) = delete;
  ScopedCheckedMode& operator=(const ScopedCheckedMode&) = delete;

 private:
  bool saved_;
};

}  // namespace skb

#endif  // LIBSKB_SKB_CHECK_H_
