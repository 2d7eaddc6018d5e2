// libskb: the conntrack model (<net/netfilter/nf_conntrack.h> "which packets
// carry an entry") for the path models, the fuzz harness and tests.
//
// A test or the harness chooses, per packet, how conntrack would classify
// it (ConntrackChoice); while a ScopedConntrackChoice is alive, the hook
// runner (RunNfHooks) attaches a fresh entry built from the packet's headers
// at the point where nf_conntrack_in would: before the first PRE_ROUTING or
// LOCAL_OUT hook whose priority is NF_IP_PRI_CONNTRACK (-200) or more (after
// all of them if there is none), or before the first hook at any other hook
// point (the packet passed conntrack earlier). A NEW entry is confirmed
// after the LOCAL_IN and POST_ROUTING hooks (nf_conntrack_confirm). The
// entry is reference counted through ct_general.use and freed with the last
// reference: the packets' and, for a confirmed entry, the table's, which
// FlushConntrackTable() drops (the fuzz harness does after every input, as
// if the entries had timed out).
#ifndef LIBSKB_SKB_CONNTRACK_H_
#define LIBSKB_SKB_CONNTRACK_H_

#include <cstdint>

struct sk_buff;
struct nf_conn;

namespace skb {

enum class CtChoice : uint8_t {
  kNone,              // conntrack not loaded (or the raw table's NOTRACK without 4.12+'s IP_CT_UNTRACKED)
  kNew,               // IP_CT_NEW: the first packet of a connection
  kEstablished,       // IP_CT_ESTABLISHED: original direction, replies seen
  kRelated,           // IP_CT_RELATED: expected by a helper's master connection
  kEstablishedReply,  // IP_CT_ESTABLISHED_REPLY: the reply direction
  kRelatedReply,      // IP_CT_RELATED_REPLY
  kUntracked,         // IP_CT_UNTRACKED (v4.12+): no entry, only the ctinfo
  kCount
};

const char* CtChoiceName(CtChoice c);

// Makes `c` the classification of the packet(s) run while it is alive.
class ScopedConntrackChoice {
 public:
  explicit ScopedConntrackChoice(CtChoice c);
  ~ScopedConntrackChoice();
  ScopedConntrackChoice(const ScopedConntrackChoice&) = delete;
  ScopedConntrackChoice& operator=(const ScopedConntrackChoice&) = delete;

 private:
  CtChoice saved_;
  bool saved_done_;
};

// Attaches an entry classified as `c` to skb now (its network header must
// be set), as nf_conntrack_in would: the tuples from the packet's
// addresses, protocol and ports (ICMP: id, type, code; other protocols: 0).
// Returns the entry (nullptr for kNone/kUntracked). Replaces an entry the
// skb had.
nf_conn* AttachConntrack(sk_buff* skb, CtChoice c);

// Live conntrack entries (tests: leaks and lifetimes).
int LiveConntrackEntries();

// Drops the table's reference on every confirmed entry (nf_conntrack_cleanup
// / every entry timing out): entries no packet holds are freed.
void FlushConntrackTable();

}  // namespace skb

#endif  // LIBSKB_SKB_CONNTRACK_H_
