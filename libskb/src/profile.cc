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

// Lines indexed by Site, in enum order.
struct Lines {
  int over, under, pull, linear, linear_inline, checksum, help_start, help_field, nhead, shared, pull_copy,
      pull_list, copy, header_release, trim_paged, put_page, refcount, split_over, pull_rcsum, queue_next, bad_offload;
};

constexpr Profile MakeProfile(Profile p, Lines l) {
  const SiteLine s[] = {
      {kSkbuffC, l.over},          {kSkbuffC, l.under},      {kSkbuffH, l.pull},
      {kSkbuffC, l.linear},        {kSkbuffH, l.linear_inline},
      {kSkbuffC, l.checksum},      {kDevC, l.help_start},    {kDevC, l.help_field},
      {kSkbuffC, l.nhead},         {kSkbuffC, l.shared},     {kSkbuffC, l.pull_copy},
      {kSkbuffC, l.pull_list},     {kSkbuffC, l.copy},       {kSkbuffH, l.header_release},
      {kSkbuffH, l.trim_paged},    {kMmH, l.put_page},       {kRefcountC, l.refcount},
      {kSkbuffC, l.split_over},    {kSkbuffC, l.pull_rcsum}, {kSkbuffH, l.queue_next},
      {kDevC, l.bad_offload},
  };
  static_assert(sizeof(s) / sizeof(s[0]) == static_cast<int>(Site::kCount), "one line per site");
  for (int i = 0; i < static_cast<int>(Site::kCount); ++i) p.sites[i] = s[i];
  return p;
}

// Upstream 6.12 (default profile). sizeof(sk_buff) 232, shinfo 320 with 17
// frags (pahole of a 6.x x86_64 build). CONFIG_DEBUG_NET=y is modelled so the
// 5.19+ __skb_pull report ("__skb_pull(len=%u)" + skb_dump) is the one shown.
const Profile k612 = MakeProfile(
    Profile{
        .name = "6.12",
        .description = "upstream 6.12 (CONFIG_DEBUG_NET=y)",
        .version_code = Kv(6, 12, 0),
        .max_skb_frags = 17,          // CONFIG_MAX_SKB_FRAGS default (v6.4+)
        .sk_buff_size = 232,
        .shinfo_size = 320,
        .net_skb_pad = 64,            // max(32, L1_CACHE_BYTES)
        .tailroom_includes_slack = true,
        .truesize_counts_shinfo = true,   // 87fb4b7b5330 (v3.2)
        .rx_frag_explicit_truesize = true,  // 50269e19ad99 (v3.2)
        .fclone_permanent_clone = true,   // d0bf4a9e92b9 (v3.18)
        .users_is_refcount_t = true,      // v4.13
        .unset_network_header = false,    // __finalize_skb_around: mac/transport only
        .unset_transport_header = true,
        .has_head_frag = true,            // d3836f21b0af (v3.5)
        .expand_head_fixes_truesize = true,  // 158f323b9868 (v4.12)
        .expand_head_csum_always = false,
        .cow_min_net_skb_pad = false,
        .trim_condenses = true,           // c21b48cc1bbf (v4.12)
        .small_head_size = 640,           // SKB_SMALL_HEAD_CACHE_SIZE, bf9f1baa279f (v6.3)
        .debug_net = true,
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
        .oops_has_nopti = true,
        .sites = {},
    },
    Lines{});

// Upstream 5.10 (close to the [5.11] source read for the brief).
const Profile k510 = MakeProfile(
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
        .unset_network_header = false,
        .unset_transport_header = true,
        .has_head_frag = true,
        .expand_head_fixes_truesize = true,
        .expand_head_csum_always = false,
        .cow_min_net_skb_pad = false,
        .trim_condenses = true,
        .small_head_size = 0,
        .debug_net = false,
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
        .oops_has_nopti = true,
        .sites = {},
    },
    Lines{});

// Upstream 3.10, the base of RHEL7.
const Profile k310 = MakeProfile(
    Profile{
        .name = "3.10",
        .description = "upstream 3.10 (RHEL7 base)",
        .version_code = Kv(3, 10, 0),
        .max_skb_frags = 17,              // 9d4dde521577 (v3.3)
        .sk_buff_size = 232,
        .shinfo_size = 312,
        .net_skb_pad = 64,
        .tailroom_includes_slack = true,
        .truesize_counts_shinfo = true,
        .rx_frag_explicit_truesize = true,
        .fclone_permanent_clone = false,
        .users_is_refcount_t = false,
        .unset_network_header = false,
        .unset_transport_header = true,
        .has_head_frag = true,
        .expand_head_fixes_truesize = false,
        .expand_head_csum_always = false,
        .cow_min_net_skb_pad = false,
        .trim_condenses = false,
        .small_head_size = 0,
        .debug_net = false,
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
        .oops_has_nopti = false,
        .sites = {},
    },
    Lines{});

// Upstream 2.6.32.y, the base of RHEL6. sizeof(sk_buff) = 328 is read off the
// RHEL6 vmcore of seed 001 (truesize 856 = SKB_DATA_ALIGN(size) 384 +
// sizeof(struct sk_buff) + 144 bytes of frags). Its shinfo is not counted in
// truesize and its tailroom is exactly the aligned request.
const Profile k2632 = MakeProfile(
    Profile{
        .name = "2.6.32",
        .description = "upstream 2.6.32 (RHEL6 base)",
        .version_code = Kv(2, 6, 32),
        .max_skb_frags = 18,              // 65536/PAGE_SIZE + 2
        .sk_buff_size = 328,
        .shinfo_size = 496,               // 2.6.32.69 struct with CONFIG_HAS_DMA (dma_head, dma_maps[18])
        .net_skb_pad = 32,
        .tailroom_includes_slack = false,
        .truesize_counts_shinfo = false,
        .rx_frag_explicit_truesize = false,
        .fclone_permanent_clone = false,
        .users_is_refcount_t = false,
        .unset_network_header = false,
        .unset_transport_header = false,
        .has_head_frag = false,
        .expand_head_fixes_truesize = false,
        .expand_head_csum_always = true,
        .cow_min_net_skb_pad = true,
        .trim_condenses = false,
        .small_head_size = 0,
        .debug_net = false,
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
        .oops_has_nopti = false,
        .sites = {},
    },
    Lines{});

std::atomic<const Profile*> g_active{&k612};

}  // namespace

bool Profile::AtLeast(int major, int minor) const { return version_code >= Kv(major, minor, 0); }

const Profile& Active() { return *g_active.load(std::memory_order_relaxed); }

void SetActive(const Profile& p) { g_active.store(&p, std::memory_order_relaxed); }

const std::vector<const Profile*>& All() {
  static const std::vector<const Profile*> all = {&k612, &k510, &k310, &k2632};
  return all;
}

const Profile* ByName(std::string_view name) {
  if (name == "rhel7") return &k310;
  if (name == "rhel6") return &k2632;
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
