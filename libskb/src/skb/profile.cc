// libskb: the kernel profiles as data (kernel-semantics.md §10).
//
// Each value cites the kernel version or commit it comes from. Sizes are
// x86_64 with 4 KiB pages and 64-byte cache lines. Line numbers are those of
// the named release's source; 0 means not verified for that release, and the
// report prints "?" rather than a guess.
#include "skb/profile.h"

#include <linux/skbuff.h>

#include <atomic>
#include <string>

namespace skb {
namespace {

constexpr int Kv(int a, int b, int c) { return (a << 16) | (b << 8) | c; }

constexpr const char* kSkbuffC = "net/core/skbuff.c";
constexpr const char* kSkbuffH = "include/linux/skbuff.h";
constexpr const char* kDevC = "net/core/dev.c";
constexpr const char* kMmH = "include/linux/mm.h";
constexpr const char* kRefcountC = "lib/refcount.c";
constexpr const char* kStreamC = "net/core/stream.c";
constexpr const char* kNfCoreC = "net/netfilter/core.c";
// BUG()/WARN() in module code: the report names the module's own file:line.
constexpr const char* kModule = "(module)";
// The kernel environment's debug checks (src/kernel/): lines not pinned.
constexpr const char* kSchedCoreC = "kernel/sched/core.c";
constexpr const char* kLockingC = "kernel/locking/spinlock_debug.c";
constexpr const char* kSlubC = "mm/slub.c";
constexpr const char* kListDebugC = "lib/list_debug.c";

// Lines indexed by Site, in enum order.
struct Lines {
  int over, under, pull, linear, linear_inline, checksum, help_start, help_field, nhead, shared, pull_copy,
      pull_list, copy, header_release, trim_paged, put_page, refcount, pull_rcsum, queue_next, bad_offload,
      nf_entry_head, nf_not_found, nf_verdict, dbg_push, dbg_pull, dbg_may_pull, stream_kill;
};

constexpr Profile MakeProfile(Profile p, Lines l) {
  const SiteLine s[] = {
      {kSkbuffC, l.over},          {kSkbuffC, l.under},      {kSkbuffH, l.pull},
      {kSkbuffC, l.linear},        {kSkbuffH, l.linear_inline},
      {kSkbuffC, l.checksum},      {kDevC, l.help_start},    {kDevC, l.help_field},
      {kSkbuffC, l.nhead},         {kSkbuffC, l.shared},     {kSkbuffC, l.pull_copy},
      {kSkbuffC, l.pull_list},     {kSkbuffC, l.copy},       {kSkbuffH, l.header_release},
      {kSkbuffH, l.trim_paged},    {kMmH, l.put_page},       {kRefcountC, l.refcount},
      {kSkbuffC, l.pull_rcsum},    {kSkbuffH, l.queue_next},
      {kDevC, l.bad_offload},      {kNfCoreC, l.nf_entry_head}, {kNfCoreC, l.nf_not_found},
      {kNfCoreC, l.nf_verdict},    {kModule, 0},             {kModule, 0},
      {kSkbuffH, l.dbg_push},      {kSkbuffH, l.dbg_pull},   {kSkbuffH, l.dbg_may_pull},
      {kStreamC, l.stream_kill},
      {kSchedCoreC, 0},            {kLockingC, 0},           {kSlubC, 0},
      {kListDebugC, 0},
  };
  static_assert(sizeof(s) / sizeof(s[0]) == static_cast<int>(Site::kCount), "one line per site");
  for (int i = 0; i < static_cast<int>(Site::kCount); ++i) p.sites[i] = s[i];
  return p;
}

// Upstream 6.12, pinned to 6.12.117 (Debian bookworm-security's
// linux-source-6.12, the tree scripts/oracle runs the kernel side of the
// differential tests on): line numbers are 6.12.117's. sizeof(sk_buff) 224
// and shinfo 320 were compiled from 6.12.8 with x86_64_defconfig (the structs
// did not change within 6.12.y). CONFIG_DEBUG_NET=y is modelled so the
// 5.19+ __skb_pull report ("__skb_pull(len=%u)" + skb_dump) is the one shown.
constexpr Profile k612 = MakeProfile(
    Profile{
        .name = "6.12",
        .description = "upstream 6.12.117 (CONFIG_DEBUG_NET=y)",
        .version_code = Kv(6, 12, 0),
        .max_skb_frags = 17,          // CONFIG_MAX_SKB_FRAGS default (v6.4+)
        .sk_buff_size = 224,
        .shinfo_size = 320,
        .net_skb_pad = 64,            // max(32, L1_CACHE_BYTES)
        .tailroom_includes_slack = true,
        .truesize_counts_shinfo = true,   // 87fb4b7b5330 (v3.2)
        .rx_frag_explicit_truesize = true,  // 50269e19ad99 (v3.2)
        .fclone_permanent_clone = true,   // d0bf4a9e92b9 (v3.18)
        .users_is_refcount_t = true,      // v4.13
        .unset_transport_header = true,
        .has_head_frag = true,            // d3836f21b0af (v3.5)
        .expand_head_fixes_truesize = true,  // 158f323b9868 (v4.12)
        .expand_head_csum_always = false,
        .cow_min_net_skb_pad = false,
        .trim_condenses = true,           // c21b48cc1bbf (v4.12)
        // SKB_SMALL_HEAD_CACHE_SIZE (bf9f1baa279f, v6.3): 6.12.117 sizes it for
        // max(MAX_TCP_HEADER, GRO_MAX_HEAD_PAD = 384) + 320 = 704 (6.12.8: 640),
        // measured by the kernel oracle (docs/oracle.md).
        .small_head_size = 704,
        .debug_net = true,
        .tcp_linear_payload = true,
        .availroom_avail_size = false,
        .pull_overrun = PullOverrun::kDebugNetRestore,  // "net: add debug info to __skb_pull()" (v5.19)
        .csum_help_offset_bug = false,    // d7ea0d9df2a6 (v5.17): WARN_ON_ONCE + -EINVAL
        .csum_help_gso_warn = true,
        .csum_help_linearize_shared = true,
        .csum_help_mangled_zero = true,
        .csum_help_ensure_writable = true,  // 8211fbfaf2fe (v5.4)
        .trim_rcsum_keeps_complete = true,  // 88078d98d1bb (v5.0)
        .has_ensure_writable = true,      // e21951212f03 (v3.19)
        .has_make_writable = false,       // removed in v5.3
        .panic_has_skbuff_prefix = true,
        .warn_has_cpu_pid = true,
        .bug_oops_line = "Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI",  // 6.12 __die_header
        .shinfo_alloc_aligned = true,
        .sites = {},
    },
    Lines{.over = 209, .under = 209, .pull = 2783, .linear = 2612, .linear_inline = 2709, .checksum = 3577,
          .help_start = 3408, .help_field = 3417, .nhead = 2265, .shared = 2267, .pull_copy = 2870, .pull_list = 0,
          .copy = 2167, .header_release = 0, .trim_paged = 3265, .put_page = 0, .refcount = 0,
          .pull_rcsum = 0, .queue_next = 0, .bad_offload = 0, .nf_entry_head = 308, .nf_not_found = 517,
          .nf_verdict = 645, .dbg_push = 2764, .dbg_pull = 2774, .dbg_may_pull = 2800});

// Upstream 5.10: sizes compiled from 5.10.13 (x86_64_defconfig); line numbers
// are 5.10.13's.
constexpr Profile k510 = MakeProfile(
    Profile{
        .name = "5.10",
        .description = "upstream 5.10",
        .version_code = Kv(5, 10, 0),
        .max_skb_frags = 17,
        .sk_buff_size = 224,
        .shinfo_size = 320,
        .net_skb_pad = 64,
        .tailroom_includes_slack = true,
        .truesize_counts_shinfo = true,
        .rx_frag_explicit_truesize = true,
        .fclone_permanent_clone = true,
        .users_is_refcount_t = true,
        .unset_transport_header = true,
        .has_head_frag = true,
        .expand_head_fixes_truesize = true,
        .expand_head_csum_always = false,
        .cow_min_net_skb_pad = false,
        .trim_condenses = true,
        .small_head_size = 0,
        .debug_net = false,
        .tcp_linear_payload = true,
        .availroom_avail_size = false,
        .pull_overrun = PullOverrun::kBugOnAfterDecrement,
        .csum_help_offset_bug = true,
        .csum_help_gso_warn = true,
        .csum_help_linearize_shared = true,
        .csum_help_mangled_zero = true,
        .csum_help_ensure_writable = true,
        .trim_rcsum_keeps_complete = true,
        .has_ensure_writable = true,
        .has_make_writable = false,
        .panic_has_skbuff_prefix = true,
        .warn_has_cpu_pid = true,
        .bug_oops_line = "invalid opcode: 0000 [#1] SMP NOPTI",
        .shinfo_alloc_aligned = true,
        .sites = {},
    },
    Lines{.over = 109, .under = 109, .pull = 2297, .linear = 1865, .linear_inline = 2233, .checksum = 2715, .help_start = 3224, .help_field = 3228, .nhead = 1623, .shared = 1625, .pull_copy = 2073, .pull_list = 0, .copy = 1527, .header_release = 0, .trim_paged = 2686, .put_page = 0, .refcount = 0, .pull_rcsum = 0, .queue_next = 0, .bad_offload = 0,
          // net/netfilter/core.c 5.10.13 (nf_hook_slow has no WARN in 5.10)
          .nf_entry_head = 296, .nf_not_found = 480, .nf_verdict = 0});

// Upstream 3.10, the base of RHEL7. Sizes computed from the struct
// definitions (240 for sk_buff; 248 with nfct_reasm: both align to 256).
// Only the skb_panic line (126) is verified for vanilla 3.10.
constexpr Profile k310 = MakeProfile(
    Profile{
        .name = "3.10",
        .description = "upstream 3.10 (RHEL7 base)",
        .version_code = Kv(3, 10, 0),
        .max_skb_frags = 17,              // 9d4dde521577 (v3.3)
        .sk_buff_size = 240,
        .shinfo_size = 320,
        .net_skb_pad = 64,
        .tailroom_includes_slack = true,
        .truesize_counts_shinfo = true,
        .rx_frag_explicit_truesize = true,
        .fclone_permanent_clone = false,
        .users_is_refcount_t = false,
        .unset_transport_header = true,
        .has_head_frag = true,
        .expand_head_fixes_truesize = false,
        .expand_head_csum_always = false,
        .cow_min_net_skb_pad = false,
        .trim_condenses = false,
        .small_head_size = 0,
        .debug_net = false,
        .tcp_linear_payload = true,
        .availroom_avail_size = false,
        .pull_overrun = PullOverrun::kBugOnAfterDecrement,
        .csum_help_offset_bug = true,
        .csum_help_gso_warn = true,
        .csum_help_linearize_shared = true,
        .csum_help_mangled_zero = false,
        .csum_help_ensure_writable = false,
        .trim_rcsum_keeps_complete = false,
        .has_ensure_writable = false,     // arrives in v3.19
        .has_make_writable = true,
        .panic_has_skbuff_prefix = true,
        .warn_has_cpu_pid = false,        // RHEL7 logs "WARNING: at file:line func()"
        .bug_oops_line = "invalid opcode: 0000 [#1] SMP ",
        .shinfo_alloc_aligned = true,
        .sites = {},
    },
    Lines{.over = 126, .under = 126, .pull = 0, .linear = 0, .linear_inline = 0, .checksum = 0, .help_start = 0, .help_field = 0, .nhead = 0, .shared = 0, .pull_copy = 0, .pull_list = 0, .copy = 0, .header_release = 0, .trim_paged = 0, .put_page = 0, .refcount = 0, .pull_rcsum = 0, .queue_next = 0, .bad_offload = 0});

// Upstream 2.6.32.69, the base of RHEL6. sizeof(sk_buff) 232 and shinfo 496
// computed from its struct definitions (the RHEL6 2.6.32-504 vmcore of seed
// 001 implies 328 for RHEL's larger sk_buff: truesize 856 = 384 + 328 + 144).
// The shinfo is not counted in truesize and the tailroom is exactly the
// aligned request. net/core/skbuff.c lines are 2.6.32.69's.
constexpr Profile k2632 = MakeProfile(
    Profile{
        .name = "2.6.32",
        .description = "upstream 2.6.32 (RHEL6 base)",
        .version_code = Kv(2, 6, 32),
        .max_skb_frags = 18,              // 65536/PAGE_SIZE + 2
        .sk_buff_size = 232,
        .shinfo_size = 496,               // 2.6.32.69 struct with CONFIG_HAS_DMA (dma_head, dma_maps[18])
        .net_skb_pad = 32,
        .tailroom_includes_slack = false,
        .truesize_counts_shinfo = false,
        .rx_frag_explicit_truesize = false,
        .fclone_permanent_clone = false,
        .users_is_refcount_t = false,
        .unset_transport_header = false,
        .has_head_frag = false,
        .expand_head_fixes_truesize = false,
        .expand_head_csum_always = true,
        .cow_min_net_skb_pad = true,
        .trim_condenses = false,
        .small_head_size = 0,
        .debug_net = false,
        .tcp_linear_payload = false,
        .availroom_avail_size = false,
        .pull_overrun = PullOverrun::kBugOnAfterDecrement,
        .csum_help_offset_bug = true,
        .csum_help_gso_warn = false,
        .csum_help_linearize_shared = false,
        .csum_help_mangled_zero = false,
        .csum_help_ensure_writable = false,
        .trim_rcsum_keeps_complete = false,
        .has_ensure_writable = false,
        .has_make_writable = true,
        .panic_has_skbuff_prefix = false,
        .warn_has_cpu_pid = false,
        .bug_oops_line = "invalid opcode: 0000 [#1] SMP ",
        .shinfo_alloc_aligned = false,      // kmalloc(size + sizeof(struct skb_shared_info))
        .sites = {},
    },
    Lines{.over = 127, .under = 147, .pull = 0, .linear = 1011, .linear_inline = 0, .checksum = 1739, .help_start = 0, .help_field = 0, .nhead = 809, .shared = 812, .pull_copy = 1197, .pull_list = 1226, .copy = 715, .header_release = 0, .trim_paged = 0, .put_page = 0, .refcount = 0, .pull_rcsum = 0, .queue_next = 0, .bad_offload = 0});

// RHEL6 (2.6.32-504), as seed 001 shows it: upstream 2.6.32 plus two TCP
// backports the report implies - f07d960df33c (linear payload in write-queue
// skbs; the report blames it) and a21d45726aca (avail_size, whose
// skb_availroom() goes wrong when len shrinks: the report's second signature,
// skb_over_panic from tcp_sendmsg). Both backports are our reconstruction, not
// read from RHEL source. sizeof(struct sk_buff) = 328 and the skb_checksum BUG
// line 1886 are read off the seed-001 vmcore; other lines are unknown ("?").
// constexpr so it is constant-initialized: other translation units read the
// profiles during their own static initialization (test instantiation).
constexpr Profile DeriveRhel6(Profile p) {
  p.name = "rhel6";
  p.description = "RHEL6 2.6.32-504: 2.6.32 plus the f07d960df33c and a21d45726aca backports (reconstruction)";
  p.sk_buff_size = 328;               // seed 001: truesize 856 = 384 + sizeof(struct sk_buff) + 144
  p.tcp_linear_payload = true;        // f07d960df33c backport: seed 001 blames it
  p.availroom_avail_size = true;      // a21d45726aca backport (assumed: the skb_over_panic from tcp_sendmsg)
  for (SiteLine& site : p.sites) site.line = 0;  // RHEL's line numbers are not upstream's
  p.sites[static_cast<int>(Site::kSkbChecksum)].line = 1886;  // the seed-001 vmcore
  return p;
}

constexpr Profile kRhel6 = DeriveRhel6(k2632);

// ---- profiles added for the hook API generations (<linux/netfilter.h>) ----
//
// Each is the nearest verified table with the switches of its release set
// from the commits the fields cite (all version-keyed). sizeof(struct
// sk_buff) = 232 was computed for 4.4 and 4.18 from their field lists with a
// distribution config (XFRM, BRIDGE_NETFILTER, SECMARK, NET_SCHED: the
// DepSurf BTF listings of Ubuntu's 4.4.0-21 and 4.18.0-10); 3.16 and 4.1 are
// taken as equal, not computed. Every value from 193 to 256 gives the same
// SKB_DATA_ALIGN() = 256 in SKB_TRUESIZE, the only place the model uses it.
// skb_shared_info is 320 from 3.3 (17 frags) to 6.12. Line numbers were not
// verified for these releases: 0, printed as "?".
constexpr Profile Unverified(Profile p) {
  for (SiteLine& site : p.sites) site.line = 0;
  return p;
}

// Upstream 4.19 (LTS): nf_register_net_hook only (v4.13+), skb_make_writable
// still exported (removed in v5.3), refcount_t users (v4.13).
constexpr Profile Derive419(Profile p) {
  p.name = "4.19";
  p.description = "upstream 4.19 (net hooks only; skb_make_writable)";
  p.version_code = Kv(4, 19, 0);
  p.sk_buff_size = 232;
  p.csum_help_mangled_zero = false;     // a zero fold is stored as is before 5.x
  p.csum_help_ensure_writable = false;  // 8211fbfaf2fe (v5.4)
  p.trim_rcsum_keeps_complete = false;  // 88078d98d1bb (v5.0)
  p.has_make_writable = true;           // removed in v5.3
  p.bug_oops_line = "invalid opcode: 0000 [#1] SMP NOPTI";  // 4.15+ __die prints the PTI state
  return Unverified(p);
}
constexpr Profile k419 = Derive419(k510);

// Upstream 4.4 (LTS): hooks take (priv, skb, state) (06198b34a3e0, v4.4);
// nf_register_hook and nf_register_net_hook (v4.3) both exist; atomic_t users.
constexpr Profile Derive44(Profile p) {
  p.name = "4.4";
  p.description = "upstream 4.4 (priv/state hooks; nf_register_hook and nf_register_net_hook)";
  p.version_code = Kv(4, 4, 0);
  p.users_is_refcount_t = false;        // v4.13
  p.expand_head_fixes_truesize = false; // 158f323b9868 (v4.12)
  p.trim_condenses = false;             // c21b48cc1bbf (v4.12)
  p.bug_oops_line = "invalid opcode: 0000 [#1] SMP ";  // before the 4.15 PTI suffix
  return Unverified(p);
}
constexpr Profile k44 = Derive44(k419);

// Upstream 4.1 (LTS): hooks take (ops, skb, state) with state->okfn(sk, skb)
// (238e54c9cb93, v4.1); nf_register_hook only (nf_register_net_hook is 4.3).
constexpr Profile Derive41(Profile p) {
  p.name = "4.1";
  p.description = "upstream 4.1 (ops/state hooks; nf_register_hook)";
  p.version_code = Kv(4, 1, 0);
  return Unverified(p);
}
constexpr Profile k41 = Derive41(k44);

// Upstream 3.16 (Debian 8's kernel): hooks take (ops, skb, in, out, okfn)
// (795aa6ef6a1a, v3.13); nf_register_hook. Built on the 3.10 table: no
// skb_ensure_writable (v3.19), fclone companions not yet permanent (v3.18).
constexpr Profile Derive316(Profile p) {
  p.name = "3.16";
  p.description = "upstream 3.16 (ops-first hooks with okfn; nf_register_hook)";
  p.version_code = Kv(3, 16, 0);
  p.sk_buff_size = 232;
  p.warn_has_cpu_pid = true;            // "WARNING: CPU: %d PID: %d at" (v3.11)
  return Unverified(p);
}
constexpr Profile k316 = Derive316(k310);

// RHEL 7.2 (3.10.0-327, seed 003's kernel): the 3.10 run-time table with the
// netfilter API Red Hat backported: hooks take (ops, skb, in, out, state),
// RHEL's extensible nf_hook_state, nf_register_hook only. Evidence: the RHEL
// 7.2+ <linux/netfilter.h> as module authors copied it (nf_hook_state with
// "RHEL: this structure can be extended by adding new fields below this
// point"), NICMx/Jool's nf_wrapper.h (RHEL_RELEASE_CODE >= 7.2: that
// prototype; 7.0/7.1: ops, skb, in, out, okfn) and OpenVZ/vzkernel's RHEL 7
// base (nf_register_hook(s) only, __rht_reserved fields in nf_hook_ops).
// RHEL's line numbers are not upstream's: "?".
constexpr Profile DeriveRhel7(Profile p) {
  p.name = "rhel7";
  p.description = "RHEL7 3.10.0-327 (RHEL 7.2): 3.10 run-time table, RHEL 7.2 netfilter API";
  return Unverified(p);
}
constexpr Profile kRhel7 = DeriveRhel7(k310);

std::atomic<const Profile*> g_active{&k612};

}  // namespace

bool Profile::AtLeast(int major, int minor) const { return version_code >= Kv(major, minor, 0); }

const Profile& Active() { return *g_active.load(std::memory_order_relaxed); }

void SetActive(const Profile& p) { g_active.store(&p, std::memory_order_relaxed); }

const std::vector<const Profile*>& All() {
  static const std::vector<const Profile*> all = {&k612, &k510, &k419, &k44, &k41, &k316, &kRhel7, &k310, &k2632, &kRhel6};
  return all;
}

const Profile* ByName(std::string_view name) {
  for (const Profile* p : All()) {
    if (p->name == name) return p;
  }
  return nullptr;
}

}  // namespace skb

extern "C" {
unsigned int skb_profile_max_skb_frags(void) { return skb::Active().max_skb_frags; }
unsigned int skb_profile_net_skb_pad(void) { return skb::Active().net_skb_pad; }
unsigned int skb_profile_shinfo_size(void) { return skb::Active().shinfo_size; }
unsigned int skb_profile_sk_buff_size(void) { return skb::Active().sk_buff_size; }
}
