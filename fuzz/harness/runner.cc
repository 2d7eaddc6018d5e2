// libskb fuzz harness: the runner, the per-op checks and the skb op
// executor (see runner.h). The other op families: runner_nf.cc,
// runner_queue.cc, runner_tcp.cc.
#include "runner.h"

#include <dlfcn.h>
#include <errno.h>
#include <linux/mm.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <algorithm>
#include <cstdarg>
#include <cstring>

#include "runner_impl.h"
#include "shadow.h"
#include "skb/conntrack.h"
#include "skb/netfilter.h"
#include "skb/skb.h"

namespace skbfuzz {

std::string Fmt(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[512];
  std::vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  return buf;
}

std::string Finding::Summary() const {
  if (kind == "BUG" || kind == "WARNING") return kind + " in " + site;
  return site.empty() ? kind : kind + " " + site;
}

void Fail(std::string kind, std::string site, std::string text) {
  throw Failure{std::move(kind), std::move(site), std::move(text)};
}
void Post(const std::string& what) { Fail("postcondition", what, what + "\n"); }
void HarnessError(const std::string& what) { Fail("error", what, what + "\n"); }

std::string SkbSlot(int s) { return "s" + std::to_string(s); }

std::vector<uint8_t> ReadAll(const sk_buff* s) {
  if (s->len > kMaxHarnessArg) HarnessError(Fmt("len %u too large for the harness", s->len));
  std::vector<uint8_t> all(s->len);
  int ret;
  {
    skb::ScopedCheckedMode quiet(false);
    ret = all.empty() ? 0 : skb_copy_bits(s, 0, all.data(), static_cast<int>(all.size()));
  }
  if (ret != 0) Post(Fmt("skb_copy_bits(0, len = %u) = %d: the skb does not hold the bytes its len claims", s->len, ret));
  return all;
}

namespace {

const Variant* g_variant = nullptr;

bool AtLeast(int major, int minor) { return skb::Active().AtLeast(major, minor); }

std::string Violations(const std::vector<skb::Violation>& v) {
  std::string out;
  for (const auto& x : v) out += "  " + x.ToString() + "\n";
  return out;
}

// The hook a report's culprit text names ("NF_INET_LOCAL_IN hook x (module
// m, m.c) broke the skb" -> "NF_INET_LOCAL_IN hook x (module m, m.c)"); ""
// when it blames what ran before the hooks.
std::string HookOfCulprit(const std::string& culprit) {
  if (culprit.empty() || culprit.rfind("the skb was already broken before", 0) == 0) return {};
  std::string best;
  for (const skb::HookInfo& h : skb::AllHooks()) {
    const std::string d = h.Describe();
    if (d.size() > best.size() && culprit.find(d) != std::string::npos) best = d;
  }
  return best.empty() ? culprit : best;
}

// The hook to blame for a finding after a hook op: the last one that changed
// the skb, else the last one that ran.
std::string BlameHook(const std::vector<skb::HookRun>& runs) {
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (!it->changes.empty()) return it->hook.Describe();
  }
  return runs.empty() ? std::string() : runs.back().hook.Describe();
}

}  // namespace

uint64_t Fingerprint(const sk_buff* skb, unsigned sharers) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](uint64_t v) {
    h ^= v;
    h *= 1099511628211ULL;
  };
  mix(reinterpret_cast<uintptr_t>(skb));
  mix(reinterpret_cast<uintptr_t>(skb->head));
  mix(reinterpret_cast<uintptr_t>(skb->data));
  mix(skb->tail);
  mix(skb->end);
  mix(skb->len);
  mix(skb->data_len);
  mix(skb->truesize);
  mix(static_cast<uint64_t>(refcount_read(&skb->users)));
  mix(static_cast<uint64_t>(skb->cloned) | static_cast<uint64_t>(skb->nohdr) << 1 | static_cast<uint64_t>(skb->fclone) << 2 |
      static_cast<uint64_t>(skb->ip_summed) << 4 | static_cast<uint64_t>(skb->head_frag) << 6);
  mix(skb->csum);
  mix(skb->network_header | static_cast<uint64_t>(skb->transport_header) << 16 |
      static_cast<uint64_t>(skb->mac_header) << 32);
  mix(reinterpret_cast<uintptr_t>(skb->sk));
  mix(sharers);
  const skb_shared_info* sh = skb_shinfo(skb);
  mix(static_cast<uint64_t>(atomic_read(&sh->dataref)));
  mix(sh->nr_frags);
  mix(reinterpret_cast<uintptr_t>(sh->frag_list));
  mix(sh->gso_size | static_cast<uint64_t>(sh->gso_segs) << 16 | static_cast<uint64_t>(sh->gso_type) << 32);
  for (int i = 0; i < sh->nr_frags && i < LIBSKB_FRAGS_CAPACITY; i++) {
    const skb_frag_t* f = &sh->frags[i];
    const page* pg = skb_frag_page(f);
    mix(reinterpret_cast<uintptr_t>(pg));
    mix(skb_frag_off(f) | static_cast<uint64_t>(skb_frag_size(f)) << 32);
    mix(skb::IsLivePage(pg) ? static_cast<uint64_t>(page_ref_count(pg)) : ~0ULL);
  }
  return h;
}

void SetVariant(const Variant* v) { g_variant = v; }
const Variant* ActiveVariant() { return g_variant; }

Runner::Impl::Impl(const skb::Profile& p, const RunnerOptions& o)
    : options(o), profile(p), policy(skb::Policy::kRecord), checked(true), before(skb::Stats()) {
  skb::ClearRecorded();
}

Runner::Runner(const std::string& profile, const RunnerOptions& options) {
  const skb::Profile* p = skb::ByName(profile);
  if (p == nullptr) p = &skb::Active();
  impl_ = std::make_unique<Impl>(*p, options);
}

Runner::~Runner() {
  if (!impl_->finished) {
    if (!finding_) {
      Finish();
    } else {
      // After a finding: free what can be freed, quietly.
      skb::ScopedCheckedMode off(false);
      auto quiet_free = [](sk_buff* s) {
        try {
          if (skb::IsLiveSkb(s)) kfree_skb(s);
        } catch (...) {
        }
      };
      for (auto& s : impl_->skbs) {
        if (s != nullptr) quiet_free(s);
        s = nullptr;
      }
      for (sk_buff* s : impl_->in_path) quiet_free(s);
      impl_->in_path.clear();
      AbandonQueues(*impl_);
      AbandonSocks(*impl_);
    }
  }
  // The conntrack entries of this program time out (skb/conntrack.h).
  try {
    skb::FlushConntrackTable();
  } catch (...) {
  }
  skb::ClearRecorded();
}

bool Runner::live(int slot) const { return slot >= 0 && slot < kMaxSlots && impl_->skbs[slot] != nullptr; }
sk_buff* Runner::skb(int slot) const { return live(slot) ? impl_->skbs[slot] : nullptr; }
size_t Runner::model_len(int slot) const { return live(slot) ? impl_->shadow[slot].size() : 0; }
bool Runner::queue_live(int q) const { return q >= 0 && q < kMaxQueues && impl_->queue_live[q]; }
bool Runner::sock_live(int k) const { return k >= 0 && k < kMaxSocks && impl_->socks[k].sk != nullptr; }
const std::string& Runner::note() const { return impl_->note; }
const std::string& Runner::leak_check_off() const { return impl_->leak_off; }

std::string Runner::Geometry(int slot) const {
  const sk_buff* s = skb(slot);
  if (s == nullptr) return "(empty)";
  if (!skb::IsLiveSkb(s)) return "(not a live skb)";
  int frag_list = 0;
  for (const sk_buff* m = skb_shinfo(s)->frag_list; m != nullptr && frag_list < 64; m = m->next) frag_list++;
  return Fmt("len=%u data_len=%u headlen=%u headroom=%u tailroom=%d nr_frags=%u frag_list=%d cloned=%d dataref=%#x "
             "users=%u",
             s->len, s->data_len, skb_headlen(s), skb_headroom(s), skb_tailroom(s), skb_shinfo(s)->nr_frags,
             frag_list, skb_cloned(s) ? 1 : 0, static_cast<unsigned>(atomic_read(&skb_shinfo(s)->dataref)),
             refcount_read(&s->users));
}

namespace {

// The executor: one op on the runner's state. Throws Failure or
// skb::KernelBug.
class Exec {
 public:
  explicit Exec(Runner::Impl& r) : r_(r) {}

  void Run(const Op& op) {
    const OpSpec& spec = SpecOf(op.kind);
    sk_buff* s = spec.slots >= 1 ? r_.skbs[op.a] : nullptr;
    std::vector<uint8_t>* sh = spec.slots >= 1 ? &r_.shadow[op.a] : nullptr;
    const uint32_t x = op.args[0], y = op.args[1], z = op.args[2];
    switch (op.kind) {
      case OpKind::kAllocSkb:
      case OpKind::kAllocSkbFclone:
      case OpKind::kNetdevAllocSkb: {
        if (x > kMaxHarnessArg) HarnessError(Fmt("allocation size %u too large for the harness", x));
        sk_buff* n = op.kind == OpKind::kAllocSkb         ? alloc_skb(x, GFP_ATOMIC)
                     : op.kind == OpKind::kAllocSkbFclone ? alloc_skb_fclone(x, GFP_ATOMIC)
                                                          : netdev_alloc_skb(nullptr, x);
        if (n == nullptr) HarnessError(Fmt("%s(%u) returned NULL", OpName(op.kind), x));
        Define(op.dst, n, {});
        return;
      }
      case OpKind::kReserve: {
        skb_reserve(s, static_cast<int>(x));
        // A reserve on a non-empty skb moves the window over tailroom bytes
        // nobody wrote: the model takes them as they are.
        if (!sh->empty()) {
          sh->erase(sh->begin(), sh->begin() + std::min<size_t>(x, sh->size()));
          ReadTail(s, sh);
        }
        return;
      }
      case OpKind::kPut: {
        auto* p = static_cast<uint8_t*>(skb_put(s, x));
        std::vector<uint8_t> b = r_.payload.Take(x);
        if (x) std::memcpy(p, b.data(), x);
        sh->insert(sh->end(), b.begin(), b.end());
        return;
      }
      case OpKind::kPush: {
        auto* p = static_cast<uint8_t*>(skb_push(s, x));
        std::vector<uint8_t> b = r_.header.Take(x);
        if (x) std::memcpy(p, b.data(), x);
        sh->insert(sh->begin(), b.begin(), b.end());
        return;
      }
      case OpKind::kPull: {
        void* p = skb_pull(s, x);
        if (x > sh->size()) {
          if (p != nullptr) Post(Fmt("skb_pull(%u) past len %zu did not return NULL", x, sh->size()));
          return;
        }
        sh->erase(sh->begin(), sh->begin() + x);
        if (p != s->data) Post("skb_pull did not return the new data");
        return;
      }
      case OpKind::kTrim: {
        const bool paged = s->data_len != 0;
        skb_trim(s, x);
        if (x < sh->size() && !paged) sh->resize(x);  // paged: WARN and no-op
        return;
      }
      case OpKind::kPskbTrim:
      case OpKind::kPskbTrimRcsum: {
        // pskb_trim_rcsum_slow (5.x+) refuses to cut a CHECKSUM_PARTIAL
        // field out of the linear part it keeps: -EINVAL, nothing trimmed.
        int want = 0;
        if (op.kind == OpKind::kPskbTrimRcsum && x < s->len && s->ip_summed == CHECKSUM_PARTIAL &&
            skb::Active().trim_rcsum_keeps_complete) {
          const int hdlen = static_cast<int>(std::min(x, skb_headlen(s)));
          if (skb_checksum_start_offset(s) + s->csum_offset + 2 > hdlen) want = -EINVAL;
        }
        const int ret = op.kind == OpKind::kPskbTrim ? pskb_trim(s, x) : pskb_trim_rcsum(s, x);
        if (ret != want) Post(Fmt("%s(%u) returned %d, want %d", OpName(op.kind), x, ret, want));
        if (ret != 0) return;
        if (x < sh->size()) sh->resize(x);
        return;
      }
      case OpKind::kMayPull: {
        const bool ok = pskb_may_pull(s, x);
        if (ok != (x <= sh->size())) Post(Fmt("pskb_may_pull(%u) with len %zu returned %d", x, sh->size(), ok));
        if (ok && skb_headlen(s) < x) Post(Fmt("headlen %u < %u after pskb_may_pull", skb_headlen(s), x));
        return;
      }
      case OpKind::kPullTail: {
        if (__pskb_pull_tail(s, static_cast<int>(x)) == nullptr) Post(Fmt("__pskb_pull_tail(%u) returned NULL", x));
        return;
      }
      case OpKind::kPskbPull: {
        void* p = pskb_pull(s, x);
        if (x > sh->size()) {
          if (p != nullptr) Post(Fmt("pskb_pull(%u) past len did not return NULL", x));
          return;
        }
        if (p == nullptr) Post(Fmt("pskb_pull(%u) returned NULL", x));
        sh->erase(sh->begin(), sh->begin() + x);
        if (p != s->data) Post("pskb_pull did not return the new data");
        return;
      }
      case OpKind::kLinearize:
      case OpKind::kLinearizeCow: {
        const int ret = op.kind == OpKind::kLinearize ? skb_linearize(s) : skb_linearize_cow(s);
        if (ret != 0) Post(Fmt("%s returned %d", OpName(op.kind), ret));
        if (s->data_len != 0) Post("data_len != 0 after linearize");
        if (op.kind == OpKind::kLinearizeCow && skb_cloned(s)) Post("cloned after skb_linearize_cow");
        return;
      }
      case OpKind::kCopyBits:
      case OpKind::kHeaderPointer: {
        if (y > kMaxHarnessArg) HarnessError(Fmt("length %u too large for the harness", y));
        const bool in = static_cast<uint64_t>(x) + y <= sh->size();
        std::vector<uint8_t> buf(y + 1, 0xcc);
        const uint8_t* got = buf.data();
        if (op.kind == OpKind::kCopyBits) {
          const int ret = skb_copy_bits(s, static_cast<int>(x), buf.data(), static_cast<int>(y));
          if (!in) {
            if (ret != -EFAULT) Post(Fmt("skb_copy_bits(%u, %u) past len returned %d", x, y, ret));
            return;
          }
          if (ret != 0) Post(Fmt("skb_copy_bits(%u, %u) returned %d", x, y, ret));
        } else {
          const void* p = skb_header_pointer(s, static_cast<int>(x), static_cast<int>(y), buf.data());
          if (!in) {
            if (p != nullptr) Post("skb_header_pointer past the end did not return NULL");
            return;
          }
          if (p == nullptr) Post("skb_header_pointer returned NULL in range");
          const bool linear = static_cast<uint64_t>(x) + y <= skb_headlen(s);
          if (linear && p != s->data + x) Post("skb_header_pointer copied bytes that are linear");
          got = static_cast<const uint8_t*>(p);
        }
        const std::string d = CompareBytes(got, sh->data() + x, y);
        if (!d.empty()) Fail("shadow", SkbSlot(op.a), Fmt("%s(%u, %u) bytes differ from the model: ", OpName(op.kind), x, y) + d);
        return;
      }
      case OpKind::kStoreBits: {
        if (y > kMaxHarnessArg) HarnessError(Fmt("length %u too large for the harness", y));
        std::vector<uint8_t> b = r_.store.Take(y);
        const int ret = skb_store_bits(s, static_cast<int>(x), b.data(), static_cast<int>(y));
        if (static_cast<uint64_t>(x) + y > sh->size()) {
          if (ret != -EFAULT) Post(Fmt("skb_store_bits(%u, %u) past len returned %d", x, y, ret));
          return;
        }
        if (ret != 0) Post(Fmt("skb_store_bits(%u, %u) returned %d", x, y, ret));
        std::copy(b.begin(), b.end(), sh->begin() + x);
        return;
      }
      case OpKind::kAddRxFrag: {
        if (z > 3) HarnessError(Fmt("page order %u too large for the harness (0..3)", z));
        if (y > kMaxHarnessArg) HarnessError(Fmt("frag size %u too large for the harness", y));
        struct page* pg = alloc_pages(GFP_ATOMIC, z);
        if (pg == nullptr) HarnessError("alloc_pages failed");
        const size_t psize = page_size(pg);
        std::memset(page_address(pg), 0xe7, psize);  // any byte read outside a frag shows as 0xe7
        std::vector<uint8_t> b = r_.payload.Take(y);
        if (x < psize) std::memcpy(static_cast<uint8_t*>(page_address(pg)) + x, b.data(), std::min<size_t>(y, psize - x));
        skb_add_rx_frag(s, skb_shinfo(s)->nr_frags, pg, static_cast<int>(x), static_cast<int>(y), y);
        sh->insert(sh->end(), b.begin(), b.end());
        return;
      }
      case OpKind::kFragListAdd: {
        sk_buff* m = r_.skbs[op.b];
        sk_buff** link = &skb_shinfo(s)->frag_list;
        while (*link != nullptr) link = &(*link)->next;
        *link = m;
        m->next = nullptr;
        s->len += m->len;
        s->data_len += m->len;
        s->truesize += m->truesize;
        sh->insert(sh->end(), r_.shadow[op.b].begin(), r_.shadow[op.b].end());
        r_.skbs[op.b] = nullptr;
        r_.shadow[op.b].clear();
        return;
      }
      case OpKind::kClone:
      case OpKind::kCopy:
      case OpKind::kPskbCopy:
      case OpKind::kCopyExpand: {
        if (x > kMaxHarnessArg || y > kMaxHarnessArg) HarnessError("headroom/tailroom too large for the harness");
        sk_buff* c = op.kind == OpKind::kClone      ? skb_clone(s, GFP_ATOMIC)
                     : op.kind == OpKind::kCopy     ? skb_copy(s, GFP_ATOMIC)
                     : op.kind == OpKind::kPskbCopy ? pskb_copy(s, GFP_ATOMIC)
                                                    : skb_copy_expand(s, static_cast<int>(x), static_cast<int>(y), GFP_ATOMIC);
        if (c == nullptr) Post(std::string(OpName(op.kind)) + " returned NULL");
        Define(op.dst, c, *sh);
        if (op.kind == OpKind::kCopyExpand && skb_headroom(c) != x)
          Post(Fmt("skb_copy_expand(%u, %u): headroom %u", x, y, skb_headroom(c)));
        return;
      }
      case OpKind::kSplit: {
        const unsigned hl = skb_headlen(s);
        const unsigned need = x < hl ? hl - x : 0;
        sk_buff* n = alloc_skb(32 + need, GFP_ATOMIC);
        if (n == nullptr) HarnessError("alloc_skb for skb_split failed");
        skb_reserve(n, 32);
        Define(op.dst, n, {});
        skb_split(s, n, x);
        if (x < sh->size()) {
          r_.shadow[op.dst].assign(sh->begin() + x, sh->end());
          sh->resize(x);
        }
        return;
      }
      case OpKind::kExpandHead: {
        if (y > kMaxHarnessArg || (x > kMaxHarnessArg && x < 0x80000000u))
          HarnessError("nhead/ntail too large for the harness");
        const unsigned hr = skb_headroom(s);
        const int ret = pskb_expand_head(s, static_cast<int>(x), static_cast<int>(y), GFP_ATOMIC);
        if (ret != 0) Post(Fmt("pskb_expand_head(%u, %u) returned %d", x, y, ret));
        if (skb_headroom(s) < hr + x) Post(Fmt("headroom %u < %u after pskb_expand_head", skb_headroom(s), hr + x));
        if (skb_cloned(s)) Post("cloned after pskb_expand_head");
        return;
      }
      case OpKind::kCow:
      case OpKind::kCowHead: {
        if (x > kMaxHarnessArg) HarnessError("headroom too large for the harness");
        const int ret = op.kind == OpKind::kCow ? skb_cow(s, x) : skb_cow_head(s, x);
        if (ret != 0) Post(Fmt("%s(%u) returned %d", OpName(op.kind), x, ret));
        if (skb_headroom(s) < x) Post(Fmt("headroom %u < %u after %s", skb_headroom(s), x, OpName(op.kind)));
        if (op.kind == OpKind::kCow ? skb_cloned(s) : skb_header_cloned(s)) Post("still cloned after skb_cow");
        return;
      }
      case OpKind::kUnclone: {
        const int ret = AtLeast(3, 9) ? skb_unclone(s, GFP_ATOMIC)
                                      : (skb_cloned(s) ? pskb_expand_head(s, 0, 0, GFP_ATOMIC) : 0);
        if (ret != 0) Post(Fmt("skb_unclone returned %d", ret));
        if (skb_cloned(s)) Post("still cloned after skb_unclone");
        return;
      }
      case OpKind::kEnsureWritable: {
        const bool in = x <= sh->size();
        if (skb::Active().has_ensure_writable) {
          const int ret = skb_ensure_writable(s, x);
          if (!in) {
            if (ret != -ENOMEM) Post(Fmt("skb_ensure_writable(%u) past len returned %d", x, ret));
            return;
          }
          if (ret != 0) Post(Fmt("skb_ensure_writable(%u) returned %d", x, ret));
        } else {
          const int ret = skb_make_writable(s, x);
          if ((ret != 0) != in) Post(Fmt("skb_make_writable(%u) with len %zu returned %d", x, sh->size(), ret));
          if (!in) return;
        }
        if (skb_headlen(s) < x) Post(Fmt("headlen %u < %u after ensure_writable", skb_headlen(s), x));
        if (skb_cloned(s) && !skb_clone_writable(s, x)) Post("the first bytes are still shared after ensure_writable");
        return;
      }
      case OpKind::kChecksum: {
        if (static_cast<uint64_t>(x) + y > sh->size()) {
          // The kernel BUGs (BUG_ON(len) at the end of __skb_checksum): let it.
          (void)skb_checksum(s, static_cast<int>(x), static_cast<int>(y), 0);
          Post(Fmt("skb_checksum(%u, %u) past len %zu returned", x, y, sh->size()));
        }
        const __sum16 got = csum_fold(skb_checksum(s, static_cast<int>(x), static_cast<int>(y), 0));
        const uint16_t want = RefCsumFold(sh->data() + x, y);
        if (!CsumEquivalent(got, want))
          Fail("shadow", SkbSlot(op.a),
               Fmt("skb_checksum(%u, %u) folds to 0x%04x, the model's bytes to 0x%04x\n", x, y, got, want));
        return;
      }
      case OpKind::kChecksumHelp: {
        const unsigned csum_start = skb_headroom(s) + x;
        if (csum_start > 0xffff || y > 0xffff) HarnessError("csum_start/csum_offset do not fit in 16 bits");
        s->ip_summed = CHECKSUM_PARTIAL;
        s->csum_start = static_cast<__u16>(csum_start);
        s->csum_offset = static_cast<__u16>(y);
        const uint64_t field = static_cast<uint64_t>(x) + y;
        const uint16_t want = x <= sh->size() ? RefCsumFold(sh->data() + x, sh->size() - x) : 0;
        const int ret = skb_checksum_help(s);
        if (ret != 0) Post(Fmt("skb_checksum_help returned %d", ret));
        if (s->ip_summed != CHECKSUM_NONE) Post(Fmt("ip_summed %u after skb_checksum_help", s->ip_summed));
        if (field + 2 > sh->size()) Post("skb_checksum_help succeeded with the field past len");
        uint8_t got[2];
        if (skb_copy_bits(s, static_cast<int>(field), got, 2) != 0) Post("cannot read the checksum field");
        uint16_t stored;
        std::memcpy(&stored, got, 2);
        if (!CsumEquivalent(stored, want))
          Fail("shadow", SkbSlot(op.a),
               Fmt("skb_checksum_help stored 0x%04x, the model's bytes fold to 0x%04x\n", stored, want));
        (*sh)[field] = got[0];
        (*sh)[field + 1] = got[1];
        return;
      }
      case OpKind::kFree: {
        r_.skbs[op.a] = nullptr;
        sh->clear();
        kfree_skb(s);
        return;
      }
      default: break;
    }
    HarnessError(std::string("not an skb op: ") + OpName(op.kind));
  }

 private:
  void Define(int slot, sk_buff* s, std::vector<uint8_t> bytes) {
    r_.skbs[slot] = s;
    r_.shadow[slot] = std::move(bytes);
  }

  // Appends to the model the bytes of s past what it models (unknown bytes
  // the kernel exposes, e.g. after skb_reserve on a non-empty skb).
  static void ReadTail(sk_buff* s, std::vector<uint8_t>* sh) {
    if (s->len <= sh->size() || s->len > kMaxHarnessArg) return;
    std::vector<uint8_t> all(s->len);
    skb::ScopedCheckedMode quiet(false);
    if (skb_copy_bits(s, 0, all.data(), static_cast<int>(s->len)) == 0)
      sh->insert(sh->end(), all.begin() + static_cast<long>(sh->size()), all.end());
  }

  Runner::Impl& r_;
};

}  // namespace

void ExecSkbOp(Runner::Impl& r, const Op& op) { Exec(r).Run(op); }

bool IsHookOp(OpKind k) { return k >= OpKind::kNfHook && k <= OpKind::kNetifReceiveSkb; }
bool IsNfOp(OpKind k) { return k >= OpKind::kWrite && k <= OpKind::kNetifReceiveSkb; }
bool IsQueueOp(OpKind k) { return k >= OpKind::kQueueInit && k <= OpKind::kQueuePurge; }
bool IsTcpOp(OpKind k) { return k >= OpKind::kTcpSocket && k <= OpKind::kPoFlush; }

namespace {

// Whether slot `i` of type t is live in the runner.
bool SlotLive(const Runner& run, SlotType t, int i) {
  switch (t) {
    case SlotType::kSkb: return run.live(i);
    case SlotType::kQueue: return run.queue_live(i);
    case SlotType::kSock: return run.sock_live(i);
    case SlotType::kNone: break;
  }
  return false;
}

}  // namespace

bool Runner::Step(const Op& op) {
  if (finding_) return false;
  const size_t index = steps_++;
  Impl& r = *impl_;
  r.note.clear();
  r.hook_runs.clear();
  r.hook_op = op.kind < OpKind::kCount && IsHookOp(op.kind);
  auto set = [&](std::string kind, std::string site, std::string text, std::string culprit = {}) {
    if (culprit.empty() && r.hook_op) culprit = BlameHook(r.hook_runs);
    finding_ = Finding{index, std::move(kind), std::move(site), std::move(text), std::move(culprit)};
    return false;
  };
  // Slot use (the parser and Validate guarantee it statically; "maybe live"
  // slots and direct callers are checked here).
  {
    if (op.kind >= OpKind::kCount) return set("error", "bad op", "bad op kind\n");
    const OpSpec& spec = SpecOf(op.kind);
    const bool ok = (spec.slots < 1 || SlotLive(*this, spec.a_type, op.a)) &&
                    (spec.slots < 2 || (SlotLive(*this, spec.b_type, op.b) &&
                                        (spec.a_type != spec.b_type || op.a != op.b))) &&
                    (!spec.defines ||
                     (op.dst >= 0 && !SlotLive(*this, spec.dst_type, op.dst) &&
                      op.dst < (spec.dst_type == SlotType::kSkb     ? kMaxSlots
                                : spec.dst_type == SlotType::kQueue ? kMaxQueues
                                                                    : kMaxSocks)));
    if (!ok) return set("error", "slot use", "op #" + std::to_string(index) + " '" + PrintOp(op) + "': bad slot use (a slot operand is not live, or the result slot is)\n");
  }
  const OpSpec& opspec = SpecOf(op.kind);
  const uint32_t fam_a = opspec.slots >= 1 && opspec.a_type == SlotType::kSkb ? r.family[op.a] : 0;
  const uint32_t fam_b = opspec.slots >= 2 && opspec.b_type == SlotType::kSkb ? r.family[op.b] : 0;
  try {
    if (IsNfOp(op.kind)) {
      ExecNfOp(r, op);
    } else if (IsQueueOp(op.kind)) {
      ExecQueueOp(r, op);
    } else if (IsTcpOp(op.kind)) {
      ExecTcpOp(r, op);
    } else {
      ExecSkbOp(r, op);
    }
    r.in_path.clear();
  } catch (const skb::KernelBug& b) {
    const skb::Report& rep = b.report();
    r.recorded_seen = skb::Recorded().size();
    std::string culprit = r.hook_op ? HookOfCulprit(rep.culprit) : std::string();
    if (rep.tier == skb::Tier::kCheck)
      return set(rep.kind, rep.invariant_ids.empty() ? rep.function : rep.culprit, rep.text, std::move(culprit));
    return set(rep.kind, rep.function, rep.text, std::move(culprit));
  } catch (const Failure& f) {
    const sk_buff* s = SpecOf(op.kind).a_type == SlotType::kSkb && op.a >= 0 ? r.skbs[op.a] : nullptr;
    std::string text = f.text;
    if (s != nullptr && skb::IsLiveSkb(s)) text += skb::CrashDump(s);
    return set(f.kind, f.site, text);
  }
  // WARNs (recorded, execution went on).
  const auto& rec = skb::Recorded();
  if (rec.size() > r.recorded_seen) {
    const skb::Report& w = rec[r.recorded_seen];
    r.recorded_seen = rec.size();
    return set(w.kind, w.function, w.text, r.hook_op ? HookOfCulprit(w.culprit) : std::string());
  }
  // Families: the result slot's, and merges (frag_list_add links b's
  // family's memory to a's).
  const OpSpec& spec = SpecOf(op.kind);
  if (spec.defines && spec.dst_type == SlotType::kSkb && r.skbs[op.dst] != nullptr) {
    const bool derived = op.kind == OpKind::kClone || op.kind == OpKind::kCopy || op.kind == OpKind::kPskbCopy ||
                         op.kind == OpKind::kCopyExpand || op.kind == OpKind::kSplit;
    if (derived) {
      r.family[op.dst] = fam_a;
    } else if (!IsQueueOp(op.kind)) {  // (a queue round trip keeps the skb's family: runner_queue.cc)
      r.family[op.dst] = r.next_family++;
    }
  }
  if (op.kind == OpKind::kFragListAdd) {
    for (uint32_t& f : r.family) {
      if (f == fam_b) f = fam_a;
    }
    for (auto& q : r.queue_model) {
      for (QueuedSkb& item : q) {
        if (item.family == fam_b) item.family = fam_a;
      }
    }
  }
  std::vector<uint32_t> families;
  for (uint32_t f : {fam_a, fam_b, spec.defines && spec.dst_type == SlotType::kSkb && op.dst >= 0 ? r.family[op.dst] : 0u}) {
    if (f != 0) families.push_back(f);
  }
  const bool all = r.hook_op;
  auto affected = [&](int i) {
    return all || std::find(families.begin(), families.end(), r.family[i]) != families.end();
  };
  // The checker on every live slot the op can have changed (and whose
  // fingerprint says it did): slots sharing a head as pairs
  // (CheckClonePair checks each member too), the others alone.
  std::array<bool, kMaxSlots> changed{}, checked{};
  std::array<unsigned, kMaxSlots> sharers{};
  for (int i = 0; i < kMaxSlots; i++) {
    const sk_buff* a = r.skbs[i];
    if (a == nullptr || !affected(i)) continue;
    if (!skb::IsLiveSkb(a)) return set("error", SkbSlot(i), SkbSlot(i) + " is not a live skb\n");
    for (int j = 0; j < kMaxSlots; j++) sharers[i] += r.skbs[j] != nullptr && r.skbs[j]->head == a->head;
    changed[i] = !r.slot_checked[i].Same(a, sharers[i]);
  }
  for (int i = 0; i < kMaxSlots; i++) {
    const sk_buff* a = r.skbs[i];
    if (a == nullptr || !affected(i)) continue;
    for (int j = i + 1; j < kMaxSlots; j++) {
      const sk_buff* b = r.skbs[j];
      if (b == nullptr || a->head != b->head || !(changed[i] || changed[j])) continue;
      const auto v = skb::CheckClonePair(a, b, skb::CheckMode::kKernelTolerant);
      if (!v.empty())
        return set(v[0].id, v[0].name,
                   SkbSlot(i) + "/" + SkbSlot(j) + ": skb::CheckClonePair:\n" + Violations(v) + skb::CrashDump(a));
      checked[i] = checked[j] = true;
    }
    if (changed[i] && !checked[i]) {
      const auto v = skb::Check(a, skb::CheckMode::kKernelTolerant);
      if (!v.empty())
        return set(v[0].id, v[0].name, SkbSlot(i) + ": skb::Check:\n" + Violations(v) + skb::CrashDump(a));
    }
  }
  for (int i = 0; i < kMaxSlots; i++) {
    if (changed[i]) r.slot_checked[i] = Checked{r.skbs[i], r.skbs[i]->head, r.skbs[i]->end, Fingerprint(r.skbs[i], sharers[i])};
  }
  // The shadow model: each slot's logical bytes.
  std::vector<uint8_t>& buf = r.scratch;
  for (int i = 0; i < kMaxSlots; i++) {
    const sk_buff* s = r.skbs[i];
    if (s == nullptr || !affected(i)) continue;
    const std::vector<uint8_t>& want = r.shadow[i];
    if (s->len != want.size())
      return set("shadow", SkbSlot(i),
                 Fmt("%s: len = %u, the model says %zu\n", SkbSlot(i).c_str(), s->len, want.size()) +
                     skb::CrashDump(s));
    buf.resize(want.size() + 1);
    int ret;
    {
      skb::ScopedCheckedMode quiet(false);
      ret = want.empty() ? 0 : skb_copy_bits(s, 0, buf.data(), static_cast<int>(want.size()));
    }
    if (ret != 0) return set("shadow", SkbSlot(i), Fmt("%s: skb_copy_bits(0, len) = %d\n", SkbSlot(i).c_str(), ret));
    const std::string d = CompareBytes(buf.data(), want.data(), want.size());
    if (!d.empty())
      return set("shadow", SkbSlot(i), SkbSlot(i) + ": logical bytes differ from the model: " + d + skb::CrashDump(s));
  }
  if (auto f = CheckQueues(r, families, all || IsQueueOp(op.kind))) return set(f->kind, f->site, f->text);
  // Sockets hold no slot's skb: only socket ops (and hooks) can change them.
  if (all || IsTcpOp(op.kind)) {
    if (auto f = CheckSocks(r)) return set(f->kind, f->site, f->text);
  }
  return true;
}

bool Runner::Finish() {
  Impl& r = *impl_;
  if (r.finished) return !finding_;
  r.finished = true;
  if (finding_) return false;
  const size_t index = steps_;
  r.hook_op = false;
  for (int i = 0; i < kMaxSlots; i++) {
    if (r.skbs[i] == nullptr) continue;
    sk_buff* s = r.skbs[i];
    r.skbs[i] = nullptr;
    try {
      kfree_skb(s);
    } catch (const skb::KernelBug& b) {
      finding_ = Finding{index, b.report().kind, b.report().function,
                         "at the final kfree_skb(" + SkbSlot(i) + "):\n" + b.report().text, ""};
      return false;
    }
  }
  try {
    FinishQueues(r);
    FinishSocks(r);
  } catch (const skb::KernelBug& b) {
    finding_ = Finding{index, b.report().kind, b.report().function,
                       "at the final frees of the queues and sockets:\n" + b.report().text, ""};
    return false;
  } catch (const Failure& f) {
    finding_ = Finding{index, f.kind, f.site, "at the final frees of the queues and sockets:\n" + f.text, ""};
    return false;
  }
  const auto& rec = skb::Recorded();
  if (rec.size() > r.recorded_seen) {
    const skb::Report& w = rec[r.recorded_seen];
    finding_ = Finding{index, w.kind, w.function, "at the final frees:\n" + w.text, ""};
    return false;
  }
  if (!r.leak_off.empty()) return true;
  const skb::MemoryStats after = skb::Stats();
  // kmalloc'd objects are heads to the memory model. A loaded module keeps
  // its own kmalloc'd state (flow tables, rules) across packets, as it does in
  // the kernel, so with hooks registered only skbs and pages are compared.
  const bool heads_are_ours = skb::AllHooks().empty();
  if (after.live_skbs != r.before.live_skbs || (heads_are_ours && after.live_heads != r.before.live_heads) ||
      after.live_pages != r.before.live_pages) {
    finding_ = Finding{index, "leak", "live objects",
                       Fmt("after freeing every slot: %zu skbs, %zu heads, %zu pages live; %zu, %zu, %zu before\n",
                           after.live_skbs, after.live_heads, after.live_pages, r.before.live_skbs,
                           r.before.live_heads, r.before.live_pages),
                       ""};
    return false;
  }
  return true;
}

// ---- modules -----------------------------------------------------------------

std::string ProgramModules::Load(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    const std::string name = ModuleNameOf(path);
    auto linked = [](const std::string& n) {
      for (const skb::ModuleInfo& m : skb::Modules()) {
        if (m.name == n && m.init != nullptr) return true;
      }
      return false;
    };
    std::string load = name;
    if (!linked(name)) {
      const size_t known = skb::Modules().size();
      if (dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL) == nullptr) {
        const char* why = dlerror();
        return "module " + path + ": dlopen failed: " + (why != nullptr ? why : "unknown error");
      }
      // KBUILD_MODNAME may differ from the file name: take the module the
      // object registered.
      if (!linked(name)) {
        const std::vector<skb::ModuleInfo> now = skb::Modules();
        load.clear();
        for (size_t i = known; i < now.size(); i++) {
          if (now[i].init != nullptr) load = now[i].name;
        }
        if (load.empty()) return "module " + path + ": the object has no module_init";
      }
    }
    const int ret = skb::LoadModule(load);
    if (ret != 0) return "module " + path + ": module_init of " + load + " returned " + std::to_string(ret);
    loaded_.push_back(load);
  }
  return {};
}

ProgramModules::~ProgramModules() {
  for (auto it = loaded_.rbegin(); it != loaded_.rend(); ++it) skb::UnloadModule(*it);
}

RunResult Run(const Program& p, const StepObserver& after_each, const RunOptions& options) {
  RunResult res;
  ParseError err;
  if (!Validate(p, &err)) {
    res.finding = Finding{err.line > 0 ? static_cast<size_t>(err.line - 1) : 0, "error", "invalid program",
                          err.ToString() + "\n", ""};
    return res;
  }
  ProgramModules modules;
  if (options.load_modules) {
    // Loaded under the program's profile: module_init may call libskb.
    skb::ScopedProfile profile(*skb::ByName(p.profile));
    if (std::string why = modules.Load(p.modules); !why.empty()) {
      res.finding = Finding{0, "error", "module", why + "\n", ""};
      return res;
    }
  }
  Runner r(p.profile, options.runner);
  for (size_t i = 0; i < p.ops.size(); i++) {
    const bool ok = r.Step(p.ops[i]);
    res.ops_run = i + 1;
    if (after_each) after_each(i, p.ops[i], r);
    if (!ok) break;
  }
  r.Finish();
  res.finding = r.finding();
  return res;
}

}  // namespace skbfuzz
