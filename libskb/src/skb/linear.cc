// libskb: operations on the linear area (include/linux/skbuff.h inlines and
// net/core/skbuff.c; kernel-semantics.md §3).
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <climits>
#include <cstring>

#include "internal.h"
#include "skb/dump.h"

namespace skb::internal {
namespace {

// skb_over_panic/skb_under_panic message: 2.6.32 prints with KERN_EMERG and
// the function's own name; 3.10+ goes through skb_panic() with pr_fmt
// "skbuff: " (and %px for the pointers from 4.15, which prints the same hex).
std::string PanicLine(const char* msg, const sk_buff* skb, unsigned sz, const void* caller) {
  return Format("%s%s: text:%s len:%d put:%d head:%s data:%s tail:%#lx end:%#lx dev:%s\n",
                Active().panic_has_skbuff_prefix ? "skbuff: " : "", msg, Hex(caller).c_str(),
                static_cast<int>(skb->len), static_cast<int>(sz), Hex(skb->head).c_str(), Hex(skb->data).c_str(),
                static_cast<unsigned long>(skb->tail), static_cast<unsigned long>(skb->end),
                skb->dev ? skb->dev->name : "<NULL>");
}

void LinearAssert(const sk_buff* skb, Site site, const void* caller) {
  // SKB_LINEAR_ASSERT(skb): BUG_ON(skb_is_nonlinear(skb)).
  if (skb_is_nonlinear(skb)) Bug(site, skb, "", caller);
}

}  // namespace

void* SkbPut(sk_buff* skb, unsigned len, const void* caller) {
  unsigned char* tmp = skb_tail_pointer(skb);
  LinearAssert(skb, Site::kSkbLinearAssert, caller);
  skb->tail += len;
  skb->len += len;
  if (skb->tail > skb->end) Bug(Site::kSkbOverPanic, skb, PanicLine("skb_over_panic", skb, len, caller), caller);
  return tmp;
}

void* SkbPullUnchecked(sk_buff* skb, unsigned len, const void* caller) {
  const Profile& p = Active();
  if (len > static_cast<unsigned>(INT_MAX)) DebugNetWarnOnce(Site::kDebugNetPull, skb, "", caller);
  skb->len -= len;
  if (skb->len < skb->data_len) {
    if (p.pull_overrun == PullOverrun::kDebugNetRestore) {
      // 5.19+ with CONFIG_DEBUG_NET: restore len, log, dump, then BUG().
      skb->len += len;
      std::string msg = Format("__skb_pull(len=%u)\n", len);
      msg += SkbDump("\001" "3", skb, false);
      Bug(Site::kSkbPull, skb, msg, caller);
    }
    // <= 5.18: BUG_ON with len already decremented (what the vmcore shows).
    Bug(Site::kSkbPull, skb, "", caller);
  }
  return skb->data += len;
}

// __skb_trim() body (include/linux/skbuff.h, since 2.6.18): WARN and do
// nothing on a paged skb; otherwise set len and tail.
void SkbTrim(sk_buff* skb, unsigned len, const void* caller) {
  if (skb->data_len) {
    Warn(Site::kSkbTrimPaged, skb, "", caller, false);
    return;
  }
  skb->len = len;
  skb_set_tail_pointer(skb, static_cast<int>(len));
}

}  // namespace skb::internal

using namespace skb::internal;

extern "C" {

// Models skb_reserve() (include/linux/skbuff.h): data and tail move together.
// No check, as in the kernel: reserving past end surfaces at the next skb_put.
void skb_reserve(struct sk_buff* skb, int len) {
  Scope scope("skb_reserve", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%d", len));
  skb->data += len;
  skb->tail += len;
}

// Models __skb_put() (include/linux/skbuff.h): SKB_LINEAR_ASSERT, no bound check.
void* __skb_put(struct sk_buff* skb, unsigned int len) {
  Scope scope("__skb_put", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  unsigned char* tmp = skb_tail_pointer(skb);
  LinearAssert(skb, skb::Site::kSkbLinearAssertInline, LIBSKB_CALLER());
  skb->tail += len;
  skb->len += len;
  return tmp;
}

// Models skb_put() (net/core/skbuff.c): skb_over_panic when tail passes end.
void* skb_put(struct sk_buff* skb, unsigned int len) {
  Scope scope("skb_put", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  return SkbPut(skb, len, LIBSKB_CALLER());
}

// Models skb_put_data() (include/linux/skbuff.h, 4.13+): skb_put + memcpy.
void* skb_put_data(struct sk_buff* skb, const void* data, unsigned int len) {
  Scope scope("skb_put_data", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  void* tmp = SkbPut(skb, len, LIBSKB_CALLER());
  std::memcpy(tmp, data, len);
  return tmp;
}

// Models skb_put_zero() (include/linux/skbuff.h, 4.13+).
void* skb_put_zero(struct sk_buff* skb, unsigned int len) {
  Scope scope("skb_put_zero", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  void* tmp = SkbPut(skb, len, LIBSKB_CALLER());
  std::memset(tmp, 0, len);
  return tmp;
}

// Models __skb_push() (include/linux/skbuff.h): no headroom check.
void* __skb_push(struct sk_buff* skb, unsigned int len) {
  Scope scope("__skb_push", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  if (len > static_cast<unsigned>(INT_MAX)) DebugNetWarnOnce(skb::Site::kDebugNetPush, skb, "", LIBSKB_CALLER());
#ifdef LIBSKB_CHECKED
  if (skb->nohdr && skb_cloned(skb))
    OpViolation(skb, "C7", "header_write_by_nohdr",
                Format("__skb_push(%u) on an skb that released its header (nohdr = 1) while its clones use it", len),
                "__skb_push", LIBSKB_CALLER());
#endif
  skb->data -= len;
  skb->len += len;
  return skb->data;
}

// Models skb_push() (net/core/skbuff.c): skb_under_panic when data passes head.
void* skb_push(struct sk_buff* skb, unsigned int len) {
  Scope scope("skb_push", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
#ifdef LIBSKB_CHECKED
  if (skb->nohdr && skb_cloned(skb))
    OpViolation(skb, "C7", "header_write_by_nohdr",
                Format("skb_push(%u) on an skb that released its header (nohdr = 1) while its clones use it", len),
                "skb_push", LIBSKB_CALLER());
#endif
  const bool under = len > skb_headroom(skb);
  skb->data -= len;
  skb->len += len;
  if (under) Bug(skb::Site::kSkbUnderPanic, skb, PanicLine("skb_under_panic", skb, len, LIBSKB_CALLER()), LIBSKB_CALLER());
  return skb->data;
}

// Models __skb_pull() (include/linux/skbuff.h): BUG when the pull passes the
// linear area; the <= 5.18 and 5.19+ (CONFIG_DEBUG_NET) forms per profile.
void* __skb_pull(struct sk_buff* skb, unsigned int len) {
  Scope scope("__skb_pull", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  return SkbPullUnchecked(skb, len, LIBSKB_CALLER());
}

// Models skb_pull() (net/core/skbuff.c): NULL if len > skb->len, else __skb_pull.
void* skb_pull(struct sk_buff* skb, unsigned int len) {
  Scope scope("skb_pull", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  if (len > skb->len) return nullptr;
  return SkbPullUnchecked(skb, len, LIBSKB_CALLER());
}

// Models skb_postpull_rcsum() (4.x+ form): keep a COMPLETE csum in step with
// the pulled bytes; a PARTIAL skb pulled past csum_start becomes NONE.
void skb_postpull_rcsum(struct sk_buff* skb, const void* start, unsigned int len) {
  if (skb->ip_summed == CHECKSUM_COMPLETE) {
    skb->csum = csum_block_sub(skb->csum, csum_partial(start, static_cast<int>(len), 0), 0);
  } else if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_start_offset(skb) < 0) {
    skb->ip_summed = CHECKSUM_NONE;
  }
}

// Models skb_pull_rcsum() (net/core/skbuff.c): BUG_ON(len > skb->len), then
// __skb_pull (whose BUG covers pulls past the linear area) and csum upkeep.
void* skb_pull_rcsum(struct sk_buff* skb, unsigned int len) {
  Scope scope("skb_pull_rcsum", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  unsigned char* data = skb->data;
  if (len > skb->len) Bug(skb::Site::kSkbPullRcsum, skb, "", LIBSKB_CALLER());
  SkbPullUnchecked(skb, len, LIBSKB_CALLER());
  skb_postpull_rcsum(skb, data, len);
  return skb->data;
}

// Models __skb_trim() (include/linux/skbuff.h, since 2.6.18): WARN and do
// nothing on a paged skb; otherwise set len and tail.
void __skb_trim(struct sk_buff* skb, unsigned int len) {
  Scope scope("__skb_trim", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  SkbTrim(skb, len, LIBSKB_CALLER());
}

// Models skb_trim() (net/core/skbuff.c): only ever shrinks.
void skb_trim(struct sk_buff* skb, unsigned int len) {
  Scope scope("skb_trim", skb, LIBSKB_CALLER(), LIBSKB_ARGS("%u", len));
  if (skb->len > len) SkbTrim(skb, len, LIBSKB_CALLER());
}

}  // extern "C"
