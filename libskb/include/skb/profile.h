// libskb: kernel version profiles.
//
// A profile is a table of facts about one kernel generation (sizes, message
// formats, behaviour switches). Every libskb operation reads the active
// profile at run time, so one binary models every generation and tests iterate
// over All(). Each field cites where it comes from in profile.cc.
#ifndef LIBSKB_SKB_PROFILE_H_
#define LIBSKB_SKB_PROFILE_H_

#include <string_view>
#include <vector>

namespace skb {

// Places where the kernel BUGs or WARNs on skb misuse. The line each one
// prints is per profile (Profile::site_line).
enum class Site : int {
  kSkbOverPanic,          // skb_over_panic -> BUG (net/core/skbuff.c)
  kSkbUnderPanic,         // skb_under_panic -> BUG
  kSkbPull,               // __skb_pull: BUG_ON(len < data_len) (include/linux/skbuff.h)
  kSkbLinearAssert,       // SKB_LINEAR_ASSERT in skb_put (out of line, net/core/skbuff.c)
  kSkbLinearAssertInline, // SKB_LINEAR_ASSERT in __skb_put (include/linux/skbuff.h)
  kSkbChecksum,           // skb_checksum / __skb_checksum: final BUG_ON(len)
  kChecksumHelpStart,     // skb_checksum_help: offset >= headlen (net/core/dev.c)
  kChecksumHelpField,     // skb_checksum_help: offset + 2 > headlen
  kExpandHeadNhead,       // pskb_expand_head: BUG_ON(nhead < 0)
  kExpandHeadShared,      // pskb_expand_head: BUG on skb_shared()
  kPullTailCopy,          // __pskb_pull_tail: BUG if skb_copy_bits fails
  kPullTailList,          // __pskb_pull_tail: BUG_ON(!list)
  kSkbCopy,               // skb_copy: BUG if skb_copy_bits fails
  kHeaderRelease,         // skb_header_release: BUG_ON(skb->nohdr)
  kSkbTrimPaged,          // __skb_trim on a paged skb: WARN + no-op
  kPutPageZero,           // put_page on a free page (mm)
  kRefcountUnderflow,     // refcount_t: underflow; use-after-free (lib/refcount.c)
  kSkbPullRcsum,          // skb_pull_rcsum: BUG_ON(len > skb->len)
  kSkbQueueNext,          // skb_queue_next/prev on the last/first element (BUG_ON)
  kWarnBadOffload,        // skb_warn_bad_offload (net/core/dev.c, 3.10+): GSO skb in skb_checksum_help
  kNfHookEntryHead,       // nf_hook_entry_head: WARN_ON_ONCE on a bad pf/hooknum (net/netfilter/core.c)
  kNfHookNotFound,        // __nf_unregister_net_hook: WARN_ONCE "hook not found, pf %d num %d"
  kNfHookVerdict,         // nf_hook_slow: WARN_ON_ONCE on an unknown verdict (6.x; 5.10 is silent)
  kModuleBug,             // BUG()/BUG_ON() in module code (the line is the module's, see the report)
  kModuleWarn,            // WARN_ON()/WARN() in module code
  kDebugNetPush,          // __skb_push: DEBUG_NET_WARN_ON_ONCE(len > INT_MAX) (5.19+ skbuff.h)
  kDebugNetPull,          // __skb_pull: DEBUG_NET_WARN_ON_ONCE(len > INT_MAX)
  kDebugNetMayPull,       // pskb_may_pull_reason: DEBUG_NET_WARN_ON_ONCE(len > INT_MAX)
  kStreamKillQueues,      // sk_stream_kill_queues: WARN_ON(sk_wmem_queued / sk_forward_alloc)
  kMightSleep,            // __might_sleep: "BUG: sleeping function called from invalid context" (kernel/sched/core.c)
  kLockDebug,             // spinlock/rwlock/mutex/rwsem/RCU misuse (spinlock_debug.c, lockdep)
  kSlabDebug,             // kfree/kmem_cache_free/kmem_cache_destroy misuse (mm/slub.c, mm/slab_common.c)
  kListDebug,             // CONFIG_DEBUG_LIST: list_add/list_del corruption (lib/list_debug.c)
  kCount
};

enum class PullOverrun {
  kBugOnAfterDecrement,   // <= 5.18: len -= n; BUG_ON(len < data_len)
  kDebugNetRestore,       // 5.19+ with CONFIG_DEBUG_NET: restore len, pr_err, skb_dump, BUG
};

struct SiteLine {
  const char* file;
  int line;               // 0 when not verified for this version: printed as "?"
};

struct Profile {
  std::string_view name;          // "6.12", "5.10", "4.19", ..., "rhel7", "3.10", "2.6.32", "rhel6"
  std::string_view description;   // "upstream 6.12", "RHEL7 (3.10 base)", ...
  int version_code;               // KERNEL_VERSION(a,b,c)-style, for comparisons

  // Sizes (x86_64).
  unsigned max_skb_frags;         // MAX_SKB_FRAGS with 4 KiB pages
  unsigned sk_buff_size;          // sizeof(struct sk_buff) of that kernel
  unsigned shinfo_size;           // sizeof(struct skb_shared_info) of that kernel
  unsigned net_skb_pad;           // NET_SKB_PAD

  // Allocation and truesize.
  bool tailroom_includes_slack;   // 3.x+: end = SKB_WITH_OVERHEAD(ksize(data))
  bool truesize_counts_shinfo;    // 3.2+: SKB_TRUESIZE(); 2.6.32: aligned size + sizeof(sk_buff)
  bool rx_frag_explicit_truesize; // 3.2+: skb_add_rx_frag takes a truesize argument
  bool fclone_permanent_clone;    // 3.18+: companion stays SKB_FCLONE_CLONE
  bool users_is_refcount_t;       // 4.13+: WARN on underflow / addition on 0
  bool unset_transport_header;    // 3.10+: transport_header ~0 at alloc
  bool has_head_frag;             // 3.5+
  bool expand_head_fixes_truesize;// 4.12+: pskb_expand_head grows truesize when !skb->sk
  bool expand_head_csum_always;   // 2.6.32: csum_start += nhead even when not PARTIAL
  bool cow_min_net_skb_pad;       // 2.6.32: __skb_cow raises headroom to NET_SKB_PAD
  bool trim_condenses;            // 4.12+: ___pskb_trim calls skb_condense for orphans
  unsigned small_head_size;       // 6.3+: heads up to this size come from skb_small_head_cache (0: none)
  bool debug_net;                 // models a CONFIG_DEBUG_NET=y kernel (DEBUG_NET_WARN_ON_ONCE live)
  bool tcp_linear_payload;        // f07d960df33c (3.3+): new write-queue skbs get linear room for payload
  bool availroom_avail_size;      // a21d45726aca (3.5-3.8): skb_availroom() = avail_size - len (fixed by
                                  // 16fad69cfe4a "tcp: fix skb_availroom()": end - tail - reserved_tailroom)

  // Failure behaviour.
  PullOverrun pull_overrun;
  bool csum_help_offset_bug;      // <= 5.16: two BUG_ONs; later WARN_ON_ONCE + -EINVAL
  bool csum_help_gso_warn;        // 3.10+: skb_warn_bad_offload + -EINVAL (2.6.32: NONE)
  bool csum_help_linearize_shared;// 3.10+: __skb_linearize when skb_has_shared_frag
  bool csum_help_mangled_zero;    // 5.x: a zero fold is stored as CSUM_MANGLED_0
  bool csum_help_ensure_writable; // 5.4+: unclone via skb_ensure_writable
  bool trim_rcsum_keeps_complete; // 5.0+: pskb_trim_rcsum adjusts COMPLETE csum
  bool has_ensure_writable;       // 3.19+
  bool has_make_writable;         // <= 5.2

  // Message formats.
  bool panic_has_skbuff_prefix;   // 3.10+: pr_emerg via skb_panic, "skbuff: " pr_fmt
  bool warn_has_cpu_pid;          // 4.x+: "WARNING: CPU: 0 PID: 1 at file:line func+0x0/0x0"
  const char* bug_oops_line;      // the line after "kernel BUG at ...!" (die header)
  bool shinfo_alloc_aligned;      // 3.x+: the head allocation adds SKB_DATA_ALIGN(sizeof(shinfo))
  SiteLine sites[static_cast<int>(Site::kCount)];

  const SiteLine& site(Site s) const { return sites[static_cast<int>(s)]; }
  bool AtLeast(int major, int minor) const;
};

// The active profile (6.12 unless changed).
const Profile& Active();
// Makes `p` the active profile.
void SetActive(const Profile& p);
// The profile named `name` ("6.12", "5.10", "4.19", "4.4", "4.1", "3.16",
// "rhel7", "3.10", "2.6.32", "rhel6"), or nullptr.
const Profile* ByName(std::string_view name);
// Every profile, newest first.
const std::vector<const Profile*>& All();

// Sets the active profile for a scope and restores the previous one.
class ScopedProfile {
 public:
  explicit ScopedProfile(const Profile& p) : saved_(&Active()) { SetActive(p); }
  ~ScopedProfile() { SetActive(*saved_); }
  ScopedProfile(const ScopedProfile&) = delete;
  ScopedProfile& operator=(const ScopedProfile&) = delete;

 private:
  const Profile* saved_;
};

}  // namespace skb

#endif  // LIBSKB_SKB_PROFILE_H_
