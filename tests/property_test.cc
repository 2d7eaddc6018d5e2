// Property tests: random sequences of legal skb operations, with fixed seeds,
// each checked against a shadow model after every operation.
//
// Axes (one parameterised instance per combination, so ctest runs them in
// parallel): {private, cloned, header-cloned} x {linear, paged, headless,
// frag_list} x every profile in skb::All().
//
// Every sequence builds its starting skb(s), then draws operations at random
// among those that are LEGAL in the current state (the kernel would not BUG,
// and no byte another skb can see is written). After every operation, for
// every live modelled skb:
//   - its logical bytes, read with skb_copy_bits, equal the shadow's bytes;
//   - len, data_len, headroom and users equal the shadow's;
//   - skb::Check(kKernelTolerant) reports nothing, nor CheckClonePair() for
//     skbs sharing a head, nor the reporter (no WARN on a legal sequence).
// libskb's checked mode also checks every call; a KernelBug it throws fails
// the sequence. At the end everything is freed and skb::Stats() must be back
// to where the sequence started.
//
// On failure the report names the instance, the seed, the operation index,
// and prints the operation log. Replay one sequence with
//   LIBSKB_PROPERTY_SEED=<seed> ./property_test --gtest_filter='*/<instance>'
// and print every sequence's log with LIBSKB_PROPERTY_VERBOSE=1.
#include <errno.h>
#include <gtest/gtest.h>
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "shadow_model.h"
#include "skb/skb.h"

namespace {

using skb_test::CompareBytes;
using skb_test::CsumEquivalent;
using skb_test::PatternStream;
using skb_test::RefCsumFold;
using skb_test::ShadowSkb;
using skb_test::Source;

// ---------------------------------------------------------------------------
// Suite size. Every sequence executes exactly kOpsPerSequence operations
// (illegal draws are redrawn and not counted), so each shard executes
// kSequencesPerShard * kOpsPerSequence and the suite that many per shard.

constexpr int kSequencesPerShard = 60;
constexpr int kOpsPerSequence = 75;
constexpr long kMinSuiteOps = 200000;
constexpr size_t kMaxPool = 5;          // modelled skbs alive at once
constexpr unsigned kMaxLen = 12000;     // growth ops stop above this length
constexpr unsigned kMaxHeadroom = 2048; // headroom-growing ops stop above this

// ---------------------------------------------------------------------------
// Operations held back because of libskb bugs (reported to the lead with a
// minimal reproducer). Each is a legal kernel sequence that libskb reports or
// mishandles. Set the constant to true once libskb is fixed; while the bug
// is present, the seeds named with it fail.

// libskb bug (checker): S13 header_offset_past_end fires in kKernelTolerant
// mode on header offsets the kernel itself produces on legal sequences and
// never uses. pskb_copy() keeps the offsets of an skb whose header lies past
// its tail (set at data, then pushed and trimmed below it) in a head only
// headroom + headlen long, and skb_copy_expand() carries such an offset into
// a head sized for len + tailroom; the kernel has no check on either
// (kernel-semantics.md S13: "none"). (Offsets that wrap below head, from
// skb_copy_expand shrinking the headroom, were the first form of this bug;
// check.cc now tolerates those.) While false, pskb_copy and skb_copy_expand
// are not drawn when a copy's offsets would land past the end of its head.
// Failing seeds when true: Cloned_Linear_6_12 0xf719ead24da85c98 (op #37,
// pskb_copy after skb_push + __pskb_trim below the header), Cloned_Paged_5_10
// 0x4bb141236dbb6472 (op #60, pskb_copy); 23 sequences fail in the suite.
constexpr bool kCopiesWithHeaderPastEnd = true;

// ---------------------------------------------------------------------------
// Deterministic randomness (splitmix64; no std distributions, whose output
// differs between standard libraries).

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); 0 when n == 0.
  unsigned Below(unsigned n) { return n == 0 ? 0 : static_cast<unsigned>(Next() % n); }
  // Uniform in [lo, hi]; lo when hi <= lo.
  unsigned Range(unsigned lo, unsigned hi) { return hi <= lo ? lo : lo + Below(hi - lo + 1); }
  bool OneIn(unsigned n) { return Below(n) == 0; }

 private:
  uint64_t state_;
};

uint64_t SeedFor(int instance, int sequence) {
  Rng r(0x5eed'0000'0000ULL + static_cast<uint64_t>(instance) * 1000003ULL + static_cast<uint64_t>(sequence));
  return r.Next();
}

std::string Fmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Fmt(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char buf[512];
  std::vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  return buf;
}

// ---------------------------------------------------------------------------
// Parameters.

enum class Sharing { kPrivate, kCloned, kHeaderCloned };
enum class Shape { kLinear, kPaged, kHeadless, kFragList };

const char* SharingName(Sharing s) {
  switch (s) {
    case Sharing::kPrivate: return "Private";
    case Sharing::kCloned: return "Cloned";
    case Sharing::kHeaderCloned: return "HeaderCloned";
  }
  return "?";
}

const char* ShapeName(Shape s) {
  switch (s) {
    case Shape::kLinear: return "Linear";
    case Shape::kPaged: return "Paged";
    case Shape::kHeadless: return "Headless";
    case Shape::kFragList: return "FragList";
  }
  return "?";
}

struct Params {
  Sharing sharing;
  Shape shape;
  const skb::Profile* profile;
  int index;  // instance number, part of every seed
};

std::string InstanceName(const Params& p) {
  std::string prof(p.profile->name);
  std::replace(prof.begin(), prof.end(), '.', '_');
  return std::string(SharingName(p.sharing)) + "_" + ShapeName(p.shape) + "_" + prof;
}

void PrintTo(const Params& p, std::ostream* os) { *os << InstanceName(p); }

std::vector<Params> AllParams() {
  std::vector<Params> out;
  int index = 0;
  for (const skb::Profile* prof : skb::All()) {
    for (Sharing sh : {Sharing::kPrivate, Sharing::kCloned, Sharing::kHeaderCloned}) {
      for (Shape shape : {Shape::kLinear, Shape::kPaged, Shape::kHeadless, Shape::kFragList}) {
        out.push_back(Params{sh, shape, prof, index++});
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Kernel API by profile: use what the modelled kernel had.

bool AtLeast(int major, int minor) { return skb::Active().AtLeast(major, minor); }

// __skb_header_release (3.18+) on a fresh skb; skb_header_release before.
const char* HeaderRelease(sk_buff* s) {
  if (AtLeast(3, 18)) {
    __skb_header_release(s);
    return "__skb_header_release";
  }
  skb_header_release(s);
  return "skb_header_release";
}

// skb_unclone (3.9+); 2.6.32 open-codes the same test.
int Unclone(sk_buff* s) {
  if (AtLeast(3, 9)) return skb_unclone(s, GFP_ATOMIC);
  return skb_cloned(s) ? pskb_expand_head(s, 0, 0, GFP_ATOMIC) : 0;
}

// skb_make_writable() (net/netfilter/core.c, <= 5.2), as the 2.6.32/3.10
// kernels have it: non-zero on success.
int MakeWritable(sk_buff* s, unsigned writable_len) {
  if (writable_len > s->len) return 0;
  if (!skb_cloned(s)) {
    if (writable_len <= skb_headlen(s)) return 1;
  } else if (skb_clone_writable(s, writable_len)) {
    return 1;
  }
  writable_len = writable_len <= skb_headlen(s) ? 0 : writable_len - skb_headlen(s);
  return __pskb_pull_tail(s, static_cast<int>(writable_len)) != nullptr;
}

// A pointer for n bytes of b that is never NULL, even for n == 0 (memcpy
// and friends must not be handed NULL).
const uint8_t* Bytes(const std::vector<uint8_t>& b) {
  static const uint8_t kNone = 0;
  return b.empty() ? &kNone : b.data();
}

std::string Violations(const std::vector<skb::Violation>& v) {
  std::string out;
  for (const auto& x : v) out += "    " + x.ToString() + "\n";
  return out;
}

// ---------------------------------------------------------------------------
// One random sequence.

struct SequenceFailure {
  std::string what;
};

struct Entry {
  int id;
  sk_buff* skb;
  ShadowSkb shadow;
  int extra_users = 0;  // skb_get references held by the test
  std::string name() const { return "s" + std::to_string(id); }
};

enum class Op : int {
  // Read-only: legal on a shared skb too.
  kCopyBits,
  kHeaderPointer,
  kChecksum,
  kClone,
  kHdrReleaseClone,
  kSkbCopy,
  kPskbCopy,
  kCopyExpand,
  kSkbGet,
  kDropRef,
  kFree,
  // Modifying: need users == 1.
  kPush,
  kPull,
  kMayPull,
  kPskbPull,
  kPullTail,
  kLinearize,
  kPskbTrim,
  kTrimRcsum,
  kSkbTrim,
  kPut,
  kStoreBits,
  kExpandHead,
  kCow,
  kUnclone,
  kEnsureWritable,
  kSplit,
  kAddRxFrag,
  kPullRcsum,
  kChecksumHelp,
  kCount
};

const char* OpName(Op op) {
  static const char* const kNames[] = {
      "copy_bits", "header_pointer", "checksum", "clone", "hdr_release_clone", "skb_copy", "pskb_copy",
      "copy_expand", "skb_get", "drop_ref", "free", "push", "pull", "may_pull", "pskb_pull", "pull_tail",
      "linearize", "pskb_trim", "trim_rcsum", "skb_trim", "put", "store_bits", "expand_head", "cow",
      "unclone", "ensure_writable", "split", "add_rx_frag", "pull_rcsum", "checksum_help"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(Op::kCount), "one name per op");
  return kNames[static_cast<int>(op)];
}

struct OpWeight {
  Op op;
  int weight;
};

// Growth (push, put, add_rx_frag) balances shrinking (pull, trim) so lengths
// wander instead of collapsing to zero.
constexpr OpWeight kWeights[] = {
    {Op::kCopyBits, 5},   {Op::kHeaderPointer, 4}, {Op::kChecksum, 4},   {Op::kClone, 9},
    {Op::kHdrReleaseClone, 4}, {Op::kSkbCopy, 2},  {Op::kPskbCopy, 3},   {Op::kCopyExpand, 2},
    {Op::kSkbGet, 2},     {Op::kDropRef, 3},       {Op::kFree, 3},       {Op::kPush, 8},
    {Op::kPull, 6},       {Op::kMayPull, 8},       {Op::kPskbPull, 5},   {Op::kPullTail, 5},
    {Op::kLinearize, 3},  {Op::kPskbTrim, 4},      {Op::kTrimRcsum, 3},  {Op::kSkbTrim, 3},
    {Op::kPut, 7},        {Op::kStoreBits, 7},     {Op::kExpandHead, 4}, {Op::kCow, 4},
    {Op::kUnclone, 3},    {Op::kEnsureWritable, 5}, {Op::kSplit, 4},     {Op::kAddRxFrag, 7},
    {Op::kPullRcsum, 3},  {Op::kChecksumHelp, 3},
};
static_assert(sizeof(kWeights) / sizeof(kWeights[0]) == static_cast<size_t>(Op::kCount), "one weight per op");

class Sequence {
 public:
  Sequence(const Params& params, uint64_t seed)
      : params_(params),
        rng_(seed),
        payload_(Source::kPayload, static_cast<uint32_t>(seed % 251)),
        header_(Source::kHeader, static_cast<uint32_t>(seed % 251)),
        store_(Source::kStore, static_cast<uint32_t>(seed % 251)) {}

  ~Sequence() = default;
  Sequence(const Sequence&) = delete;
  Sequence& operator=(const Sequence&) = delete;

  // Builds the starting state and runs `ops` operations. Throws
  // SequenceFailure or skb::KernelBug.
  void Run(int ops) {
    Begin("build");
    Build();
    VerifyAll();
    int attempts = 0;
    while (executed_ < ops) {
      if (++attempts > ops * 200) Fail("the generator found no legal operation to run");
      const Op op = TryOne();
      if (op != Op::kCount) {
        by_op_[static_cast<int>(op)]++;
        executed_++;
        VerifyAll();
      }
    }
    Begin("free all");
    FreeAll();
  }

  // After a failure: free what can be freed, ignoring further reports.
  void Abandon() {
    skb::ScopedCheckedMode off(false);
    for (auto& e : pool_) {
      try {
        for (; e->extra_users > 0; e->extra_users--) kfree_skb(e->skb);
        kfree_skb(e->skb);
      } catch (...) {
      }
    }
    pool_.clear();
  }

  int executed() const { return executed_; }
  // How many times each operation ran.
  const std::vector<long>& by_op() const { return by_op_; }

  std::string LogText() const {
    std::string out;
    for (const std::string& l : log_) out += "  " + l + "\n";
    return out;
  }

 private:
  // ---- logging and failure ----

  void Begin(const std::string& what) {
    log_.push_back(Fmt("#%03d ", executed_) + what);
  }
  void Note(const std::string& what) { log_.back() += what; }

  [[noreturn]] void Fail(const std::string& what) { throw SequenceFailure{what}; }

  // ---- construction ----

  // An skb with `headroom` reserved and `head_bytes` of payload in its linear
  // area, from alloc_skb, alloc_skb_fclone or netdev_alloc_skb.
  sk_buff* NewSkb(unsigned headroom, unsigned head_bytes, unsigned tailroom, ShadowSkb* sh) {
    const unsigned size = headroom + head_bytes + tailroom;
    sk_buff* s = nullptr;
    unsigned base = 0;
    switch (rng_.Below(6)) {
      case 4:
        s = alloc_skb_fclone(size, GFP_ATOMIC);
        Note(Fmt(" alloc_skb_fclone(%u)", size));
        break;
      case 5:
        s = netdev_alloc_skb(nullptr, size);
        base = NET_SKB_PAD;
        Note(Fmt(" netdev_alloc_skb(%u)", size));
        break;
      default:
        s = alloc_skb(size, GFP_ATOMIC);
        Note(Fmt(" alloc_skb(%u)", size));
        break;
    }
    if (s == nullptr) Fail("allocation failed");
    skb_reserve(s, static_cast<int>(headroom));
    sh->headroom = base + headroom;
    sh->data_len = 0;
    if (head_bytes) {
      std::vector<uint8_t> b = payload_.Take(head_bytes);
      if (AtLeast(4, 13)) {
        skb_put_data(s, Bytes(b), head_bytes);
      } else {
        std::memcpy(skb_put(s, head_bytes), Bytes(b), head_bytes);
      }
      sh->Append(b);
    }
    Note(Fmt(" hr=%u head=%u;", sh->headroom, head_bytes));
    return s;
  }

  unsigned FragSize() { return rng_.OneIn(8) ? rng_.Range(1, 8) : rng_.Range(9, 1400); }

  // Appends one page frag with fresh payload bytes (skb_add_rx_frag). The
  // skb must be private with no frag_list. Sometimes the frag goes on the
  // same page as the skb's last frag, after it, with its own reference: only
  // when that page is referenced by that one descriptor alone, so the bytes
  // after it belong to nobody.
  void AttachFrag(sk_buff* s, ShadowSkb* sh) {
    skb_shared_info* shinfo = skb_shinfo(s);
    const int i = shinfo->nr_frags;
    struct page* pg = nullptr;
    unsigned off = 0;
    unsigned size = FragSize();
    unsigned truesize;
    if (i > 0 && rng_.OneIn(4)) {
      const skb_frag_t* last = &shinfo->frags[i - 1];
      struct page* lp = skb_frag_page(last);
      const unsigned used = skb_frag_off(last) + skb_frag_size(last);
      if (page_ref_count(lp) == 1 && used + 1 < page_size(lp)) {
        pg = lp;
        off = used + rng_.Below(std::min<unsigned>(16, static_cast<unsigned>(page_size(lp)) - used - 1));
        size = std::min<unsigned>(size, static_cast<unsigned>(page_size(lp)) - off);
        get_page(pg);
        truesize = size;
        Note(Fmt(" frag[%d]=shared page off=%u size=%u", i, off, size));
      }
    }
    if (pg == nullptr) {
      const unsigned order = rng_.OneIn(6) ? rng_.Range(1, 2) : 0;
      pg = alloc_pages(GFP_ATOMIC, order);
      if (pg == nullptr) Fail("alloc_pages failed");
      const unsigned psize = static_cast<unsigned>(page_size(pg));
      std::memset(page_address(pg), 0xe7, psize);  // any byte read outside a frag shows as 0xe7
      off = rng_.Below(psize - size + 1);
      truesize = rng_.OneIn(2) ? size : psize;
      Note(Fmt(" frag[%d]=order%u off=%u size=%u", i, order, off, size));
    }
    std::vector<uint8_t> b = payload_.Take(size);
    std::memcpy(static_cast<uint8_t*>(page_address(pg)) + off, b.data(), size);
    skb_add_rx_frag(s, i, pg, static_cast<int>(off), static_cast<int>(size), truesize);
    sh->Append(b);
    sh->data_len += size;
  }

  enum class Base { kLinear, kPaged, kHeadless };

  // `small`: a frag_list parent or member - fewer bytes, never empty.
  sk_buff* BuildBase(Base kind, ShadowSkb* sh, bool small) {
    switch (kind) {
      case Base::kLinear: {
        const unsigned head = !small && rng_.OneIn(16) ? 0 : rng_.Range(1, small ? 400 : 1500);
        return NewSkb(rng_.OneIn(8) ? 0 : rng_.Range(1, 128), head, rng_.Range(0, 256), sh);
      }
      case Base::kPaged: {
        sk_buff* s = NewSkb(rng_.Range(0, 128), rng_.Range(1, 256), rng_.Range(0, 64), sh);
        const unsigned max_frags = MAX_SKB_FRAGS;
        const unsigned n = small ? rng_.Range(1, 3) : rng_.OneIn(10) ? max_frags : rng_.Range(1, 6);
        for (unsigned i = 0; i < n; i++) AttachFrag(s, sh);
        return s;
      }
      case Base::kHeadless: {
        // The TCP write-queue shape: headers reserved, payload in frags.
        sk_buff* s = NewSkb(rng_.Range(32, 256), 0, 0, sh);
        const unsigned n = small ? rng_.Range(1, 3) : rng_.Range(1, 6);
        for (unsigned i = 0; i < n; i++) AttachFrag(s, sh);
        return s;
      }
    }
    return nullptr;
  }

  // A parent with some head/frags and 1-3 members on its frag_list, linked
  // and accounted as IP defragmentation and GRO do.
  sk_buff* BuildFragList(ShadowSkb* sh) {
    const Base parent_kind = static_cast<Base>(rng_.Below(3));
    sk_buff* parent = BuildBase(parent_kind, sh, true);
    const unsigned members = rng_.Range(1, 3);
    sk_buff** link = &skb_shinfo(parent)->frag_list;
    for (unsigned m = 0; m < members; m++) {
      ShadowSkb msh;
      Note(Fmt(" member%u:", m));
      sk_buff* member = BuildBase(rng_.OneIn(2) ? Base::kLinear : Base::kPaged, &msh, true);
      *link = member;
      link = &member->next;
      parent->len += member->len;
      parent->data_len += member->len;
      parent->truesize += member->truesize;
      sh->Append(msh.bytes);
      sh->data_len += member->len;
    }
    Note(Fmt(" frag_list of %u", members));
    return parent;
  }

  void Build() {
    auto e = std::make_unique<Entry>();
    e->id = next_id_++;
    Note(" " + e->name() + ":");
    switch (params_.shape) {
      case Shape::kLinear: e->skb = BuildBase(Base::kLinear, &e->shadow, false); break;
      case Shape::kPaged: e->skb = BuildBase(Base::kPaged, &e->shadow, false); break;
      case Shape::kHeadless: e->skb = BuildBase(Base::kHeadless, &e->shadow, false); break;
      case Shape::kFragList: e->skb = BuildFragList(&e->shadow); break;
    }
    if (rng_.OneIn(2)) {
      // As a receive path would: headers set at data.
      skb_reset_mac_header(e->skb);
      skb_reset_network_header(e->skb);
      skb_reset_transport_header(e->skb);
      Note(" headers reset at data;");
    }
    sk_buff* orig = e->skb;
    const ShadowSkb shadow = e->shadow;
    pool_.push_back(std::move(e));
    switch (params_.sharing) {
      case Sharing::kPrivate: break;
      case Sharing::kHeaderCloned: Note(std::string(" ") + HeaderRelease(orig) + ";"); [[fallthrough]];
      case Sharing::kCloned: {
        sk_buff* c = skb_clone(orig, GFP_ATOMIC);
        if (c == nullptr) Fail("skb_clone failed");
        AddEntry(c, shadow);
        Note(" skb_clone -> " + pool_.back()->name());
        break;
      }
    }
  }

  Entry* AddEntry(sk_buff* s, const ShadowSkb& sh) {
    auto e = std::make_unique<Entry>();
    e->id = next_id_++;
    e->skb = s;
    e->shadow = sh;
    pool_.push_back(std::move(e));
    return pool_.back().get();
  }

  void RemoveEntry(Entry* e) {
    pool_.erase(std::find_if(pool_.begin(), pool_.end(), [e](const auto& p) { return p.get() == e; }));
  }

  // ---- verification ----

  void VerifyEntry(const Entry& e) {
    const sk_buff* s = e.skb;
    const std::string who = e.name();
    if (!skb::IsLiveSkb(s)) Fail(who + " is not a live skb");
    if (s->len != e.shadow.len())
      Fail(Fmt("%s: len = %u, model says %u", who.c_str(), s->len, e.shadow.len()));
    if (s->data_len != e.shadow.data_len)
      Fail(Fmt("%s: data_len = %u, model says %u", who.c_str(), s->data_len, e.shadow.data_len));
    if (skb_headroom(s) != e.shadow.headroom)
      Fail(Fmt("%s: headroom = %u, model says %u", who.c_str(), skb_headroom(s), e.shadow.headroom));
    if (refcount_read(&s->users) != static_cast<unsigned>(1 + e.extra_users))
      Fail(Fmt("%s: users = %u, model says %d", who.c_str(), refcount_read(&s->users), 1 + e.extra_users));
    std::vector<uint8_t>& buf = verify_buf_;  // reused: one allocation per sequence, not per check
    buf.assign(e.shadow.len() + 1, 0xcc);
    int ret;
    {
      // This read is the model's, not an operation under test: skip checked
      // mode's entry/exit checks of it, the skb::Check() below does the same.
      skb::ScopedCheckedMode quiet(false);
      ret = skb_copy_bits(s, 0, buf.data(), static_cast<int>(e.shadow.len()));
    }
    if (ret != 0) Fail(Fmt("%s: skb_copy_bits(0, %u) = %d", who.c_str(), e.shadow.len(), ret));
    const std::string diff = CompareBytes(buf.data(), e.shadow.bytes.data(), e.shadow.len());
    if (!diff.empty()) Fail(who + ": logical bytes differ from the model: " + diff);
    const auto v = skb::Check(s, skb::CheckMode::kKernelTolerant);
    if (!v.empty()) Fail(who + ": skb::Check reports on a legal sequence:\n" + Violations(v));
  }

  void VerifyAll() {
    for (const auto& e : pool_) VerifyEntry(*e);
    for (size_t i = 0; i < pool_.size(); i++) {
      for (size_t j = i + 1; j < pool_.size(); j++) {
        if (pool_[i]->skb->head != pool_[j]->skb->head) continue;
        const auto v = skb::CheckClonePair(pool_[i]->skb, pool_[j]->skb, skb::CheckMode::kKernelTolerant);
        if (!v.empty())
          Fail(pool_[i]->name() + "/" + pool_[j]->name() + ": skb::CheckClonePair reports:\n" + Violations(v));
      }
    }
    if (!skb::Recorded().empty()) {
      std::string text;
      for (const auto& r : skb::Recorded()) text += r.kind + " in " + r.function + ":\n" + r.text;
      Fail("libskb reported on a legal sequence:\n" + text);
    }
  }

  // ---- choosing arguments ----

  // Offsets where the byte ranges of an skb change hands: 0, headlen, every
  // frag end and every frag_list member end.
  static std::vector<unsigned> Boundaries(const sk_buff* s) {
    std::vector<unsigned> b = {0, skb_headlen(s)};
    unsigned pos = skb_headlen(s);
    const skb_shared_info* sh = skb_shinfo(s);
    for (int i = 0; i < sh->nr_frags; i++) b.push_back(pos += skb_frag_size(&sh->frags[i]));
    for (const sk_buff* m = sh->frag_list; m != nullptr; m = m->next) b.push_back(pos += m->len);
    return b;
  }

  // A value in [lo, hi]: often next to a boundary, often small, else uniform.
  unsigned Pick(const sk_buff* s, unsigned lo, unsigned hi) {
    if (hi <= lo) return lo;
    switch (rng_.Below(4)) {
      case 0: {
        const auto b = Boundaries(s);
        const long v = static_cast<long>(b[rng_.Below(static_cast<unsigned>(b.size()))]) +
                       static_cast<long>(rng_.Range(0, 2)) - 1;
        if (v >= static_cast<long>(lo) && v <= static_cast<long>(hi)) return static_cast<unsigned>(v);
        break;
      }
      case 1: return lo + rng_.Below(std::min(hi - lo + 1, 9u));
      case 2: return hi - rng_.Below(std::min(hi - lo + 1, 9u));
      default: break;
    }
    return rng_.Range(lo, hi);
  }

  // ---- write legality ----

  // Whether [off, off + n) of s may be written in place without changing
  // bytes another skb can see: linear bytes of an unshared head (or within
  // a clone's writable header, skb_clone_writable, unless s is itself a
  // payload-only nohdr skb: C7, it never writes while its head is shared),
  // frags of an uncloned skb whose page has exactly one reference, and
  // frag_list members owned by this skb alone, recursively.
  static bool RangeWritable(const sk_buff* s, unsigned off, unsigned n, bool top = true) {
    if (n == 0) return true;
    const unsigned end = off + n;
    const unsigned hl = skb_headlen(s);
    if (off < hl) {
      const bool clone_ok = top && !s->nohdr && skb_clone_writable(s, std::min(end, hl));
      if (skb_cloned(s) && !clone_ok) return false;
    }
    unsigned start = hl;
    const skb_shared_info* sh = skb_shinfo(s);
    for (int i = 0; i < sh->nr_frags; i++) {
      const unsigned fend = start + skb_frag_size(&sh->frags[i]);
      if (off < fend && end > start) {
        if (skb_cloned(s) || page_ref_count(skb_frag_page(&sh->frags[i])) != 1) return false;
      }
      start = fend;
    }
    for (const sk_buff* m = sh->frag_list; m != nullptr; m = m->next) {
      const unsigned mend = start + m->len;
      if (off < mend && end > start) {
        if (skb_cloned(s) || refcount_read(&m->users) != 1) return false;
        const unsigned moff = off > start ? off - start : 0;
        const unsigned mn = std::min(end, mend) - (start + moff);
        if (!RangeWritable(m, moff, mn, false)) return false;
      }
      start = mend;
    }
    return true;
  }

  // Whether the header offsets of a copy of s, shifted by `shift` as
  // skb_headers_offset_update() does (mac only when set), stay within a head
  // of at least `end` bytes, not counting offsets that wrapped below head
  // (negative as s16). See kCopiesWithHeaderPastEnd.
  static bool HeadersFit(const sk_buff* s, int shift, unsigned end) {
    const __u16 unset = static_cast<__u16>(~0U);
    const __u16 mac = s->mac_header == unset ? unset : static_cast<__u16>(s->mac_header + shift);
    const __u16 network = static_cast<__u16>(s->network_header + shift);
    const __u16 transport = static_cast<__u16>(s->transport_header + shift);
    for (__u16 v : {mac, network, transport}) {
      if (v != unset && static_cast<__s16>(v) >= 0 && v > end) return false;
    }
    return true;
  }


  // ---- the operations ----

  // Draws one operation and runs it if it is legal now: the operation run,
  // or Op::kCount when the draw was illegal and nothing ran.
  Op TryOne() {
    const Op op = Draw();
    return RunOp(op) ? op : Op::kCount;
  }

  Op Draw() {
    int total = 0;
    for (const auto& w : kWeights) total += w.weight;
    int r = static_cast<int>(rng_.Below(static_cast<unsigned>(total)));
    Op op = Op::kCopyBits;
    for (const auto& w : kWeights) {
      if (r < w.weight) {
        op = w.op;
        break;
      }
      r -= w.weight;
    }
    return op;
  }

  // An skb to operate on: uniformly, or (one time in three) among those in
  // the states that unsharing ops end soonest - cloned, payload-only, or
  // carrying a frag_list - so those states see more operations.
  Entry* PickEntry() {
    if (rng_.OneIn(3)) {
      std::vector<Entry*> special;
      for (const auto& e : pool_) {
        if (skb_cloned(e->skb) || e->skb->nohdr || skb_has_frag_list(e->skb)) special.push_back(e.get());
      }
      if (!special.empty()) return special[rng_.Below(static_cast<unsigned>(special.size()))];
    }
    return pool_[rng_.Below(static_cast<unsigned>(pool_.size()))].get();
  }

  bool RunOp(Op op) {
    Entry* e = PickEntry();
    const bool modifies = op >= Op::kPush;
    if (modifies && e->extra_users > 0) return false;  // never modify a shared skb
    const bool on_frag_list = skb_has_frag_list(e->skb), on_cloned = skb_cloned(e->skb);
    const bool ran = RunOpOn(op, e);
    on_frag_list_ += ran && on_frag_list;
    on_cloned_ += ran && on_cloned;
    return ran;
  }

  bool RunOpOn(Op op, Entry* e) {
    switch (op) {
      case Op::kCopyBits: return OpCopyBits(e);
      case Op::kHeaderPointer: return OpHeaderPointer(e);
      case Op::kChecksum: return OpChecksum(e);
      case Op::kClone: return OpClone(e);
      case Op::kHdrReleaseClone: return OpHdrReleaseClone(e);
      case Op::kSkbCopy: return OpSkbCopy(e);
      case Op::kPskbCopy: return OpPskbCopy(e);
      case Op::kCopyExpand: return OpCopyExpand(e);
      case Op::kSkbGet: return OpSkbGet(e);
      case Op::kDropRef: return OpDropRef(e);
      case Op::kFree: return OpFree(e);
      case Op::kPush: return OpPush(e);
      case Op::kPull: return OpPull(e);
      case Op::kMayPull: return OpMayPull(e);
      case Op::kPskbPull: return OpPskbPull(e);
      case Op::kPullTail: return OpPullTail(e);
      case Op::kLinearize: return OpLinearize(e);
      case Op::kPskbTrim: return OpPskbTrim(e);
      case Op::kTrimRcsum: return OpTrimRcsum(e);
      case Op::kSkbTrim: return OpSkbTrim(e);
      case Op::kPut: return OpPut(e);
      case Op::kStoreBits: return OpStoreBits(e);
      case Op::kExpandHead: return OpExpandHead(e);
      case Op::kCow: return OpCow(e);
      case Op::kUnclone: return OpUnclone(e);
      case Op::kEnsureWritable: return OpEnsureWritable(e);
      case Op::kSplit: return OpSplit(e);
      case Op::kAddRxFrag: return OpAddRxFrag(e);
      case Op::kPullRcsum: return OpPullRcsum(e);
      case Op::kChecksumHelp: return OpChecksumHelp(e);
      case Op::kCount: break;
    }
    return false;
  }

  // skb_copy_bits of a random range; sometimes out of range (-EFAULT).
  bool OpCopyBits(Entry* e) {
    const unsigned len = e->shadow.len();
    const unsigned off = Pick(e->skb, 0, len);
    const bool oob = rng_.OneIn(16);
    const unsigned n = oob ? len - off + rng_.Range(1, 16) : Pick(e->skb, 0, len - off);
    Begin(Fmt("%s skb_copy_bits(%u, %u)", e->name().c_str(), off, n));
    std::vector<uint8_t> buf(n + 1, 0xcc);
    const int ret = skb_copy_bits(e->skb, static_cast<int>(off), buf.data(), static_cast<int>(n));
    Note(Fmt(" = %d", ret));
    if (oob) {
      if (ret != -EFAULT) Fail(Fmt("skb_copy_bits past the end returned %d, want -EFAULT", ret));
      return true;
    }
    if (ret != 0) Fail(Fmt("skb_copy_bits returned %d", ret));
    const std::string d = CompareBytes(buf.data(), e->shadow.bytes.data() + off, n, off);
    if (!d.empty()) Fail("skb_copy_bits bytes differ from the model: " + d);
    return true;
  }

  // skb_header_pointer: a pointer into the linear area when the bytes are
  // there, else a copy; NULL past the end.
  bool OpHeaderPointer(Entry* e) {
    const unsigned len = e->shadow.len();
    const unsigned off = Pick(e->skb, 0, len);
    const bool oob = rng_.OneIn(16);
    const unsigned n = oob ? len - off + rng_.Range(1, 16) : Pick(e->skb, 0, std::min(len - off, 128u));
    Begin(Fmt("%s skb_header_pointer(%u, %u)", e->name().c_str(), off, n));
    std::vector<uint8_t> buf(n + 1, 0xcc);
    const bool linear = static_cast<int>(skb_headlen(e->skb)) - static_cast<int>(off) >= static_cast<int>(n);
    const void* p = skb_header_pointer(e->skb, static_cast<int>(off), static_cast<int>(n), buf.data());
    if (oob) {
      Note(p == nullptr ? " = NULL" : " = non-NULL");
      if (p != nullptr) Fail("skb_header_pointer past the end did not return NULL");
      return true;
    }
    Note(p == buf.data() ? " = buffer" : " = data + off");
    if (p == nullptr) Fail("skb_header_pointer returned NULL in range");
    if (linear && p != e->skb->data + off) Fail("skb_header_pointer copied bytes that are linear");
    if (!linear && p != buf.data()) Fail("skb_header_pointer returned a pointer for non-linear bytes");
    const std::string d = CompareBytes(static_cast<const uint8_t*>(p), e->shadow.bytes.data() + off, n, off);
    if (!d.empty()) Fail("skb_header_pointer bytes differ from the model: " + d);
    return true;
  }

  // skb_checksum over a random range vs csum_partial over the model's bytes.
  bool OpChecksum(Entry* e) {
    const unsigned len = e->shadow.len();
    const unsigned off = Pick(e->skb, 0, len);
    const unsigned n = Pick(e->skb, 0, len - off);
    const __wsum seed = rng_.OneIn(4) ? static_cast<__wsum>(rng_.Next()) : 0;
    Begin(Fmt("%s skb_checksum(%u, %u, 0x%x)", e->name().c_str(), off, n, static_cast<unsigned>(seed)));
    const __sum16 got = csum_fold(skb_checksum(e->skb, static_cast<int>(off), static_cast<int>(n), seed));
    const uint8_t* want_bytes = e->shadow.bytes.data() + off;
    const __sum16 want = csum_fold(csum_partial(want_bytes, static_cast<int>(n), seed));
    const uint16_t ref = RefCsumFold(want_bytes, n, static_cast<uint32_t>(seed));
    Note(Fmt(" folded 0x%04x", got));
    if (!CsumEquivalent(got, want) || !CsumEquivalent(got, ref))
      Fail(Fmt("skb_checksum folds to 0x%04x; csum_partial over the model folds to 0x%04x, the reference to 0x%04x",
               got, want, ref));
    return true;
  }

  bool OpClone(Entry* e) {
    if (pool_.size() >= kMaxPool) return false;
    Begin(Fmt("%s skb_clone", e->name().c_str()));
    sk_buff* c = skb_clone(e->skb, GFP_ATOMIC);
    if (c == nullptr) Fail("skb_clone returned NULL");
    Entry* n = AddEntry(c, e->shadow);
    Note(" -> " + n->name());
    return true;
  }

  // The TCP transmit pattern: release the header, then clone for transmit.
  bool OpHdrReleaseClone(Entry* e) {
    if (pool_.size() >= kMaxPool || e->skb->nohdr || skb_cloned(e->skb) || e->extra_users) return false;
    Begin(e->name() + " ");
    Note(HeaderRelease(e->skb));
    sk_buff* c = skb_clone(e->skb, GFP_ATOMIC);
    if (c == nullptr) Fail("skb_clone returned NULL");
    Entry* n = AddEntry(c, e->shadow);
    Note(" + skb_clone -> " + n->name());
    return true;
  }

  // Keeps the copy when there is room in the pool, else checks and frees it.
  void AdoptCopy(sk_buff* c, const ShadowSkb& sh) {
    Entry* n = AddEntry(c, sh);
    if (pool_.size() <= kMaxPool) {
      Note(" -> " + n->name());
      return;
    }
    VerifyEntry(*n);
    Note(" (checked and freed)");
    RemoveEntry(n);
    kfree_skb(c);
  }

  bool OpSkbCopy(Entry* e) {
    Begin(Fmt("%s skb_copy", e->name().c_str()));
    sk_buff* c = skb_copy(e->skb, GFP_ATOMIC);
    if (c == nullptr) Fail("skb_copy returned NULL");
    ShadowSkb sh = e->shadow;
    sh.data_len = 0;
    AdoptCopy(c, sh);
    return true;
  }

  bool OpPskbCopy(Entry* e) {
    if (!kCopiesWithHeaderPastEnd && !HeadersFit(e->skb, 0, e->shadow.headroom + e->shadow.headlen())) {
      header_held_++;
      return false;
    }
    Begin(Fmt("%s pskb_copy", e->name().c_str()));
    sk_buff* c = pskb_copy(e->skb, GFP_ATOMIC);
    if (c == nullptr) Fail("pskb_copy returned NULL");
    AdoptCopy(c, e->shadow);
    return true;
  }

  bool OpCopyExpand(Entry* e) {
    const unsigned nh = rng_.Range(0, 256), nt = rng_.Range(0, 256);
    if (!kCopiesWithHeaderPastEnd &&
        !HeadersFit(e->skb, static_cast<int>(nh) - static_cast<int>(e->shadow.headroom), nh + e->shadow.len() + nt)) {
      header_held_++;
      return false;
    }
    Begin(Fmt("%s skb_copy_expand(%u, %u)", e->name().c_str(), nh, nt));
    sk_buff* c = skb_copy_expand(e->skb, static_cast<int>(nh), static_cast<int>(nt), GFP_ATOMIC);
    if (c == nullptr) Fail("skb_copy_expand returned NULL");
    ShadowSkb sh = e->shadow;
    sh.data_len = 0;
    sh.headroom = nh;
    AdoptCopy(c, sh);
    return true;
  }

  bool OpSkbGet(Entry* e) {
    if (e->extra_users >= 2) return false;
    Begin(Fmt("%s skb_get", e->name().c_str()));
    if (skb_get(e->skb) != e->skb) Fail("skb_get did not return its argument");
    e->extra_users++;
    return true;
  }

  bool OpDropRef(Entry* e) {
    if (e->extra_users == 0) return false;
    const bool consume = rng_.OneIn(2);
    Begin(Fmt("%s %s (drop an skb_get reference)", e->name().c_str(), consume ? "consume_skb" : "kfree_skb"));
    consume ? consume_skb(e->skb) : kfree_skb(e->skb);
    e->extra_users--;
    return true;
  }

  bool OpFree(Entry* e) {
    if (pool_.size() <= 1) return false;
    const bool consume = rng_.OneIn(2);
    Begin(Fmt("%s %s", e->name().c_str(), consume ? "consume_skb" : "kfree_skb"));
    for (; e->extra_users > 0; e->extra_users--) kfree_skb(e->skb);
    sk_buff* s = e->skb;
    RemoveEntry(e);
    consume ? consume_skb(s) : kfree_skb(s);
    return true;
  }

  // The headroom __skb_cow(skb, headroom, cloned) leaves.
  static unsigned CowHeadroom(const sk_buff* s, unsigned headroom, bool cloned) {
    const unsigned pad = NET_SKB_PAD;
    if (!AtLeast(3, 0) && headroom < pad) headroom = pad;  // 2.6.32 asks for NET_SKB_PAD at least
    const unsigned hr = skb_headroom(s);
    const unsigned delta = headroom > hr ? headroom - hr : 0;
    if (delta == 0 && !cloned) return hr;
    return hr + (delta + pad - 1) / pad * pad;
  }

  // skb_push + writing the pushed header. A payload-only (nohdr) skb whose
  // head is still shared never pushes (C7). The write needs a header area no
  // one else sees: skb_cow_head / skb_cow first, or skb_unclone when the
  // head is shared beyond what skb_clone_writable allows.
  bool OpPush(Entry* e) {
    sk_buff* s = e->skb;
    if (s->nohdr && skb_cloned(s)) return false;
    if (e->shadow.headroom > kMaxHeadroom) return false;
    const unsigned n = rng_.OneIn(8) ? rng_.Range(65, 200) : rng_.Range(1, 64);
    Begin(Fmt("%s push(%u):", e->name().c_str(), n));
    const unsigned how = rng_.Below(3);
    const bool need_room = skb_headroom(s) < n;
    if (how == 1 || (how == 0 && (need_room || skb_header_cloned(s)))) {
      const unsigned want = CowHeadroom(s, n, skb_header_cloned(s));
      Note(Fmt(" skb_cow_head(%u)", n));
      if (skb_cow_head(s, n) != 0) Fail("skb_cow_head failed");
      e->shadow.headroom = want;
    } else if (how == 2) {
      const unsigned want = CowHeadroom(s, n, skb_cloned(s));
      Note(Fmt(" skb_cow(%u)", n));
      if (skb_cow(s, n) != 0) Fail("skb_cow failed");
      e->shadow.headroom = want;
    }
    VerifyEntry(*e);
    if (skb_headroom(s) < n) Fail(Fmt("headroom %u < %u after skb_cow/skb_cow_head", skb_headroom(s), n));
    // After the push, skb_clone_writable(s, n) asks headroom - n + n <= hdr_len.
    if (skb_cloned(s) && (skb_header_cloned(s) || skb_headroom(s) > s->hdr_len)) {
      Note(" unclone");
      if (Unclone(s) != 0) Fail("skb_unclone failed");
    }
    const bool plain = rng_.OneIn(2);
    Note(plain ? " skb_push" : " __skb_push");
    unsigned char* p = static_cast<unsigned char*>(plain ? skb_push(s, n) : __skb_push(s, n));
    if (p != s->data) Fail("skb_push did not return the new data");
    const std::vector<uint8_t> hdr = header_.Take(n);
    std::memcpy(p, Bytes(hdr), n);
    e->shadow.Push(hdr);
    return true;
  }

  // skb_pull / __skb_pull within the linear area; skb_pull past len is NULL.
  bool OpPull(Entry* e) {
    sk_buff* s = e->skb;
    if (rng_.OneIn(12)) {
      const unsigned n = e->shadow.len() + rng_.Range(1, 8);
      Begin(Fmt("%s skb_pull(%u) past len", e->name().c_str(), n));
      if (skb_pull(s, n) != nullptr) Fail("skb_pull past len did not return NULL");
      return true;
    }
    const unsigned n = Pick(s, 0, e->shadow.headlen());
    const bool plain = rng_.OneIn(2);
    Begin(Fmt("%s %s(%u)", e->name().c_str(), plain ? "skb_pull" : "__skb_pull", n));
    unsigned char* p = static_cast<unsigned char*>(plain ? skb_pull(s, n) : __skb_pull(s, n));
    e->shadow.Pull(n);
    if (p != s->data) Fail("skb_pull did not return the new data");
    return true;
  }

  // pskb_may_pull(n): true iff n <= len; then the first n bytes are linear.
  bool OpMayPull(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned len = e->shadow.len();
    const unsigned n = Pick(s, 0, len + 8);
    Begin(Fmt("%s pskb_may_pull(%u)", e->name().c_str(), n));
    const unsigned hl = e->shadow.headlen();
    const bool ok = pskb_may_pull(s, n);
    Note(ok ? " = true" : " = false");
    if (ok != (n <= len)) Fail(Fmt("pskb_may_pull(%u) with len %u returned %d", n, len, ok));
    if (ok && n > hl) e->shadow.data_len -= n - hl;
    if (ok && skb_headlen(s) < n) Fail(Fmt("headlen %u < %u after pskb_may_pull", skb_headlen(s), n));
    return true;
  }

  bool OpPskbPull(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned len = e->shadow.len();
    if (rng_.OneIn(12)) {
      const unsigned n = len + rng_.Range(1, 8);
      Begin(Fmt("%s pskb_pull(%u) past len", e->name().c_str(), n));
      if (pskb_pull(s, n) != nullptr) Fail("pskb_pull past len did not return NULL");
      return true;
    }
    const unsigned n = Pick(s, 0, len);
    Begin(Fmt("%s pskb_pull(%u)", e->name().c_str(), n));
    const unsigned hl = e->shadow.headlen();
    void* p = pskb_pull(s, n);
    if (p == nullptr) Fail("pskb_pull returned NULL");
    if (n > hl) e->shadow.data_len -= n - hl;
    e->shadow.Pull(n);
    if (p != s->data) Fail("pskb_pull did not return the new data");
    return true;
  }

  bool OpPullTail(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned hl = e->shadow.headlen();
    const unsigned delta = Pick(s, hl, e->shadow.len()) - hl;
    Begin(Fmt("%s __pskb_pull_tail(%u)", e->name().c_str(), delta));
    if (__pskb_pull_tail(s, static_cast<int>(delta)) == nullptr) Fail("__pskb_pull_tail returned NULL");
    e->shadow.data_len -= delta;
    return true;
  }

  bool OpLinearize(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned which = rng_.Below(3);
    const char* name = which == 0 ? "skb_linearize" : which == 1 ? "__skb_linearize" : "skb_linearize_cow";
    Begin(e->name() + " " + name);
    const int ret = which == 0 ? skb_linearize(s) : which == 1 ? __skb_linearize(s) : skb_linearize_cow(s);
    if (ret != 0) Fail(Fmt("%s returned %d", name, ret));
    e->shadow.data_len = 0;
    if (which == 2 && skb_cloned(s)) Fail("skb_linearize_cow left the skb cloned");
    return true;
  }

  // The data_len a trim to n leaves (before any skb_condense).
  static unsigned TrimmedDataLen(const ShadowSkb& sh, unsigned n) {
    if (sh.data_len == 0 || n <= sh.headlen()) return 0;
    return sh.data_len - (sh.len() - n);
  }

  // After ___pskb_trim, 4.12+ kernels condense an orphaned skb whose paged
  // part fits its tailroom (c21b48cc1bbf): data_len is then 0.
  void ExpectTrimmedDataLen(Entry* e, unsigned want, bool paged_trim) {
    const unsigned got = e->skb->data_len;
    const bool condensed = paged_trim && AtLeast(4, 12) && got == 0;
    if (got != want && !condensed) Fail(Fmt("data_len %u after the trim, want %u", got, want));
    if (condensed && want != 0) Note(" (condensed)");
    e->shadow.data_len = got;
  }

  unsigned TrimTarget(Entry* e) {
    const unsigned len = e->shadow.len();
    if (rng_.OneIn(3)) return Pick(e->skb, 0, len - 1);
    return len - rng_.Range(1, std::max(1u, std::min(len, len / 4 + 1)));
  }

  bool OpPskbTrim(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned len = e->shadow.len();
    if (len == 0) return false;
    const unsigned n = TrimTarget(e);
    const bool plain = rng_.OneIn(2) || n >= len;
    Begin(Fmt("%s %s(%u)", e->name().c_str(), plain ? "pskb_trim" : "__pskb_trim", n));
    const unsigned want = TrimmedDataLen(e->shadow, n);
    const bool paged = e->shadow.data_len != 0;
    const int ret = plain ? pskb_trim(s, n) : __pskb_trim(s, n);
    if (ret != 0) Fail(Fmt("returned %d", ret));
    e->shadow.Trim(n);
    ExpectTrimmedDataLen(e, want, paged);
    return true;
  }

  // pskb_trim_rcsum, sometimes on a CHECKSUM_COMPLETE skb: 5.0+ keeps
  // COMPLETE with the trimmed bytes subtracted, older kernels downgrade to
  // CHECKSUM_NONE.
  bool OpTrimRcsum(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned len = e->shadow.len();
    if (len == 0) return false;
    const unsigned n = TrimTarget(e);
    const bool complete = rng_.OneIn(2);
    Begin(Fmt("%s pskb_trim_rcsum(%u)%s", e->name().c_str(), n, complete ? " COMPLETE" : ""));
    if (complete) {
      s->ip_summed = CHECKSUM_COMPLETE;
      s->csum = csum_partial(e->shadow.bytes.data(), static_cast<int>(len), 0);
    }
    const unsigned want = TrimmedDataLen(e->shadow, n);
    const bool paged = e->shadow.data_len != 0;
    const int ret = pskb_trim_rcsum(s, n);
    if (ret != 0) Fail(Fmt("pskb_trim_rcsum returned %d", ret));
    e->shadow.Trim(n);
    ExpectTrimmedDataLen(e, want, paged);
    if (complete) {
      if (AtLeast(5, 0)) {
        if (s->ip_summed != CHECKSUM_COMPLETE) Fail(Fmt("ip_summed %u after the trim, want COMPLETE", s->ip_summed));
        const uint16_t want_fold = RefCsumFold(e->shadow.bytes.data(), n);
        if (!CsumEquivalent(csum_fold(s->csum), want_fold))
          Fail(Fmt("csum folds to 0x%04x after the trim, the remaining bytes fold to 0x%04x", csum_fold(s->csum),
                   want_fold));
      } else if (s->ip_summed != CHECKSUM_NONE) {
        Fail(Fmt("ip_summed %u after the trim, want NONE (downgrade)", s->ip_summed));
      }
      s->ip_summed = CHECKSUM_NONE;
      s->csum = 0;
    }
    return true;
  }

  // skb_trim / __skb_trim, only on a linear skb.
  bool OpSkbTrim(Entry* e) {
    if (e->shadow.data_len != 0) return false;
    const unsigned n = Pick(e->skb, 0, e->shadow.len());
    const bool plain = rng_.OneIn(2);
    Begin(Fmt("%s %s(%u)", e->name().c_str(), plain ? "skb_trim" : "__skb_trim", n));
    plain ? skb_trim(e->skb, n) : __skb_trim(e->skb, n);
    e->shadow.Trim(n);
    return true;
  }

  // skb_put and friends on a private linear skb, within its tailroom.
  bool OpPut(Entry* e) {
    sk_buff* s = e->skb;
    if (e->shadow.data_len != 0 || e->shadow.len() > kMaxLen) return false;
    if (skb_cloned(s) && !rng_.OneIn(2)) return false;
    Begin(e->name() + " put:");
    if (skb_cloned(s)) {
      Note(" unclone");
      if (Unclone(s) != 0) Fail("skb_unclone failed");
    }
    if (skb_tailroom(s) == 0 || rng_.OneIn(8)) {
      const unsigned ntail = rng_.Range(16, 512);
      Note(Fmt(" pskb_expand_head(0, %u)", ntail));
      if (pskb_expand_head(s, 0, static_cast<int>(ntail), GFP_ATOMIC) != 0) Fail("pskb_expand_head failed");
      if (skb_tailroom(s) < static_cast<int>(ntail))
        Fail(Fmt("tailroom %d < %u after pskb_expand_head", skb_tailroom(s), ntail));
    }
    const unsigned n = Pick(s, 0, std::min<unsigned>(static_cast<unsigned>(skb_tailroom(s)), 600));
    std::vector<uint8_t> b = payload_.Take(n);
    unsigned char* tail = skb_tail_pointer(s);
    unsigned char* p = nullptr;
    switch (rng_.Below(4)) {
      case 0:
        Note(Fmt(" skb_put(%u)", n));
        p = static_cast<unsigned char*>(skb_put(s, n));
        std::memcpy(p, Bytes(b), n);
        break;
      case 1:
        if (AtLeast(4, 13)) {
          Note(Fmt(" skb_put_data(%u)", n));
          p = static_cast<unsigned char*>(skb_put_data(s, Bytes(b), n));
        } else {
          Note(Fmt(" skb_put(%u)", n));
          p = static_cast<unsigned char*>(skb_put(s, n));
          std::memcpy(p, Bytes(b), n);
        }
        break;
      case 2:
        if (AtLeast(4, 13)) {
          Note(Fmt(" skb_put_zero(%u)", n));
          p = static_cast<unsigned char*>(skb_put_zero(s, n));
          std::fill(b.begin(), b.end(), 0);
          break;
        }
        [[fallthrough]];
      default:
        Note(Fmt(" __skb_put(%u)", n));
        p = static_cast<unsigned char*>(__skb_put(s, n));
        std::memcpy(p, Bytes(b), n);
        break;
    }
    if (p != tail) Fail("skb_put did not return the old tail");
    e->shadow.Append(b);
    return true;
  }

  // skb_store_bits into a range made writable first (skb_ensure_writable,
  // skb_make_writable on old kernels, skb_unclone or skb_linearize_cow), or
  // found writable; skipped when the range still has shared bytes.
  bool OpStoreBits(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned len = e->shadow.len();
    if (len == 0) return false;
    const unsigned off = Pick(s, 0, len - 1);
    const unsigned n = std::max(1u, Pick(s, 1, std::min(len - off, 256u)));
    const unsigned prep = rng_.Below(4);
    if (prep == 0 && !RangeWritable(s, off, n)) return false;
    Begin(Fmt("%s store(%u, %u):", e->name().c_str(), off, n));
    const unsigned hl = e->shadow.headlen();
    switch (prep) {
      case 1: {
        const unsigned w = off + n;
        if (AtLeast(3, 19)) {
          Note(Fmt(" skb_ensure_writable(%u)", w));
          if (skb_ensure_writable(s, w) != 0) Fail("skb_ensure_writable failed");
          if (w > hl) e->shadow.data_len -= w - hl;
        } else {
          Note(Fmt(" skb_make_writable(%u)", w));
          const bool pulls = skb_cloned(s) ? !skb_clone_writable(s, w) : w > hl;
          if (!MakeWritable(s, w)) Fail("skb_make_writable failed");
          if (pulls && w > hl) e->shadow.data_len -= w - hl;
        }
        break;
      }
      case 2:
        Note(" skb_unclone");
        if (Unclone(s) != 0) Fail("skb_unclone failed");
        break;
      case 3:
        Note(" skb_linearize_cow");
        if (skb_linearize_cow(s) != 0) Fail("skb_linearize_cow failed");
        e->shadow.data_len = 0;
        break;
      default: break;
    }
    if (!RangeWritable(s, off, n)) {
      store_skipped_++;
      Note(" -> still shared, store skipped");
      return true;
    }
    std::vector<uint8_t> b = store_.Take(n);
    Note(" skb_store_bits");
    const int ret = skb_store_bits(s, static_cast<int>(off), b.data(), static_cast<int>(n));
    if (ret != 0) Fail(Fmt("skb_store_bits returned %d", ret));
    e->shadow.Store(off, b);
    return true;
  }

  bool OpExpandHead(Entry* e) {
    const unsigned nhead =
        e->shadow.headroom > kMaxHeadroom || rng_.OneIn(3) ? 0 : rng_.OneIn(2) ? NET_SKB_PAD : rng_.Range(1, 128);
    const unsigned ntail = rng_.OneIn(2) ? 0 : rng_.Range(1, 256);
    Begin(Fmt("%s pskb_expand_head(%u, %u)", e->name().c_str(), nhead, ntail));
    if (pskb_expand_head(e->skb, static_cast<int>(nhead), static_cast<int>(ntail), GFP_ATOMIC) != 0)
      Fail("pskb_expand_head failed");
    e->shadow.headroom += nhead;
    if (skb_cloned(e->skb)) Fail("cloned after pskb_expand_head");
    return true;
  }

  bool OpCow(Entry* e) {
    sk_buff* s = e->skb;
    if (e->shadow.headroom > kMaxHeadroom) return false;
    const unsigned h = rng_.OneIn(2) ? rng_.Range(0, 256) : Pick(s, 0, e->shadow.headroom + 64);
    const bool head = rng_.OneIn(2);
    Begin(Fmt("%s %s(%u)", e->name().c_str(), head ? "skb_cow_head" : "skb_cow", h));
    const unsigned want = CowHeadroom(s, h, head ? skb_header_cloned(s) : skb_cloned(s));
    const int ret = head ? skb_cow_head(s, h) : skb_cow(s, h);
    if (ret != 0) Fail(Fmt("returned %d", ret));
    e->shadow.headroom = want;
    if (head ? skb_header_cloned(s) : skb_cloned(s)) Fail("still (header-)cloned after skb_cow/skb_cow_head");
    return true;
  }

  bool OpUnclone(Entry* e) {
    Begin(Fmt("%s skb_unclone", e->name().c_str()));
    if (Unclone(e->skb) != 0) Fail("skb_unclone failed");
    if (skb_cloned(e->skb)) Fail("still cloned after skb_unclone");
    return true;
  }

  // skb_ensure_writable (3.19+) or skb_make_writable (older): afterwards the
  // first n bytes are linear and privately writable.
  bool OpEnsureWritable(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned len = e->shadow.len();
    if (s->nohdr && skb_cloned(s)) return false;  // the payload-only owner never asks to write (C7)
    const unsigned n = Pick(s, 0, len + 4);
    const unsigned hl = e->shadow.headlen();
    if (AtLeast(3, 19)) {
      Begin(Fmt("%s skb_ensure_writable(%u)", e->name().c_str(), n));
      const int ret = skb_ensure_writable(s, n);
      Note(Fmt(" = %d", ret));
      if (n > len) {
        if (ret != -ENOMEM) Fail(Fmt("skb_ensure_writable past len returned %d, want -ENOMEM", ret));
        return true;
      }
      if (ret != 0) Fail("skb_ensure_writable failed");
      if (n > hl) e->shadow.data_len -= n - hl;
      if (skb_headlen(s) < n) Fail(Fmt("headlen %u < %u after skb_ensure_writable", skb_headlen(s), n));
    } else {
      Begin(Fmt("%s skb_make_writable(%u)", e->name().c_str(), n));
      const bool pulls = n <= len && (skb_cloned(s) ? !skb_clone_writable(s, n) : n > hl);
      const int ret = MakeWritable(s, n);
      Note(Fmt(" = %d", ret));
      if ((ret != 0) != (n <= len)) Fail(Fmt("skb_make_writable(%u) with len %u returned %d", n, len, ret));
      if (ret == 0) return true;
      if (pulls && n > hl) e->shadow.data_len -= n - hl;
      if (pulls && skb_headlen(s) < n) Fail(Fmt("headlen %u < %u after skb_make_writable", skb_headlen(s), n));
    }
    if (skb_cloned(s) && !skb_clone_writable(s, n)) Fail("the first bytes are still shared after the call");
    if (n > 0 && !RangeWritable(s, 0, std::min(n, skb_headlen(s))))
      Fail("the linear bytes are not writable after the call");
    return true;
  }

  // skb_split into a fresh skb, as tcp_fragment does on an uncloned
  // write-queue skb (no frag_list).
  bool OpSplit(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned len = e->shadow.len();
    if (pool_.size() >= kMaxPool || len < 2 || skb_cloned(s) || skb_has_frag_list(s)) return false;
    const unsigned n = Pick(s, 1, len - 1);
    const unsigned hl = e->shadow.headlen();
    const unsigned need = n < hl ? hl - n : 0;
    const unsigned reserve = rng_.Range(0, 128);
    Begin(Fmt("%s skb_split(%u) into alloc_skb(%u) reserve %u", e->name().c_str(), n, reserve + need, reserve));
    sk_buff* s1 = alloc_skb(reserve + need + rng_.Range(0, 64), GFP_ATOMIC);
    if (s1 == nullptr) Fail("alloc_skb failed");
    skb_reserve(s1, static_cast<int>(reserve));
    ShadowSkb tail;
    tail.headroom = reserve;
    tail.bytes.assign(e->shadow.bytes.begin() + n, e->shadow.bytes.end());
    if (n < hl) {
      tail.data_len = e->shadow.data_len;
      e->shadow.data_len = 0;
    } else {
      tail.data_len = len - n;
      e->shadow.data_len = n - hl;
    }
    Entry* t = AddEntry(s1, tail);
    Note(" -> " + t->name());
    skb_split(s, s1, n);
    e->shadow.Trim(n);
    return true;
  }

  bool OpAddRxFrag(Entry* e) {
    sk_buff* s = e->skb;
    if (skb_cloned(s) || skb_has_frag_list(s) || e->shadow.len() > kMaxLen) return false;
    if (skb_shinfo(s)->nr_frags >= MAX_SKB_FRAGS) return false;
    Begin(e->name() + " skb_add_rx_frag:");
    AttachFrag(s, &e->shadow);
    return true;
  }

  // skb_pull_rcsum on a CHECKSUM_COMPLETE skb: csum keeps matching the
  // remaining bytes. Even lengths only: skb_postpull_rcsum subtracts the
  // pulled sum without rotating it, so after an odd pull the kernel's csum
  // is the byte-swapped sum (real pulls are header lengths, all even).
  bool OpPullRcsum(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned n = Pick(s, 0, e->shadow.headlen()) & ~1u;
    Begin(Fmt("%s skb_pull_rcsum(%u) COMPLETE", e->name().c_str(), n));
    s->ip_summed = CHECKSUM_COMPLETE;
    s->csum = csum_partial(e->shadow.bytes.data(), static_cast<int>(e->shadow.len()), 0);
    void* p = skb_pull_rcsum(s, n);
    e->shadow.Pull(n);
    if (p != s->data) Fail("skb_pull_rcsum did not return the new data");
    const uint16_t want = RefCsumFold(e->shadow.bytes.data(), e->shadow.len());
    if (s->ip_summed != CHECKSUM_COMPLETE) Fail("skb_pull_rcsum changed ip_summed");
    if (!CsumEquivalent(csum_fold(s->csum), want))
      Fail(Fmt("csum folds to 0x%04x after skb_pull_rcsum, the remaining bytes to 0x%04x", csum_fold(s->csum), want));
    s->ip_summed = CHECKSUM_NONE;
    s->csum = 0;
    return true;
  }

  // skb_checksum_help on a CHECKSUM_PARTIAL skb whose checksum field lies in
  // the linear area: the folded sum of [csum_start, len) lands in the field.
  bool OpChecksumHelp(Entry* e) {
    sk_buff* s = e->skb;
    const unsigned hl = e->shadow.headlen();
    if (hl < 2 || skb_shinfo(s)->gso_size != 0) return false;
    // A payload-only (nohdr) skb sharing its head is a write-queue skb: only
    // its transmit clones get their checksum completed (C7).
    if (s->nohdr && skb_cloned(s)) return false;
    const unsigned start = Pick(s, 0, hl - 2);
    const unsigned field = start + rng_.Range(0, std::min(hl - 2 - start, 40u));
    const unsigned csum_start = skb_headroom(s) + start;
    if (csum_start > 0xffff) return false;
    Begin(Fmt("%s skb_checksum_help PARTIAL start=%u offset=%u", e->name().c_str(), start, field - start));
    s->ip_summed = CHECKSUM_PARTIAL;
    s->csum_start = static_cast<__u16>(csum_start);
    s->csum_offset = static_cast<__u16>(field - start);
    const uint16_t want = RefCsumFold(e->shadow.bytes.data() + start, e->shadow.len() - start);
    const int ret = skb_checksum_help(s);
    if (ret != 0) Fail(Fmt("skb_checksum_help returned %d", ret));
    if (s->ip_summed != CHECKSUM_NONE) Fail(Fmt("ip_summed %u after skb_checksum_help, want NONE", s->ip_summed));
    std::vector<uint8_t> got(2);
    if (skb_copy_bits(s, static_cast<int>(field), got.data(), 2) != 0) Fail("cannot read the checksum field");
    uint16_t stored;
    std::memcpy(&stored, got.data(), 2);
    Note(Fmt(" stored 0x%04x", stored));
    if (!CsumEquivalent(stored, want)) Fail(Fmt("stored checksum 0x%04x, want 0x%04x", stored, want));
    if (AtLeast(5, 0) && stored == 0) Fail("5.x stores a zero checksum as CSUM_MANGLED_0");
    e->shadow.Store(field, got);
    return true;
  }

  // ---- teardown ----

  void FreeAll() {
    while (!pool_.empty()) {
      Entry* e = pool_.back().get();
      for (; e->extra_users > 0; e->extra_users--) kfree_skb(e->skb);
      sk_buff* s = e->skb;
      pool_.pop_back();
      kfree_skb(s);
    }
  }

  Params params_;
  Rng rng_;
  PatternStream payload_, header_, store_;
  std::vector<std::unique_ptr<Entry>> pool_;
  std::vector<std::string> log_;
  std::vector<uint8_t> verify_buf_;
  int next_id_ = 0;
  int executed_ = 0;

 public:
  long header_held_ = 0;    // draws held back by kCopiesWithHeaderPastEnd
  long store_skipped_ = 0;  // stores whose range stayed shared after the preparation
  long on_frag_list_ = 0;   // operations run on an skb with a frag_list
  long on_cloned_ = 0;      // operations run on a cloned skb

 private:
  std::vector<long> by_op_ = std::vector<long>(static_cast<size_t>(Op::kCount));
};

// ---------------------------------------------------------------------------
// The parameterised test.

bool EnvFlag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' && std::strcmp(v, "0") != 0;
}

class SkbPropertyTest : public testing::TestWithParam<Params> {};

TEST_P(SkbPropertyTest, RandomLegalOpsMatchShadowModel) {
  const Params& p = GetParam();
  skb::ScopedProfile profile(*p.profile);
  skb::ScopedPolicy policy(skb::Policy::kRecord);  // reports come back as KernelBug / Recorded()
  skb::ScopedCheckedMode checked(true);
  const char* only = std::getenv("LIBSKB_PROPERTY_SEED");
  const uint64_t only_seed = only != nullptr ? std::strtoull(only, nullptr, 0) : 0;
  const bool verbose = EnvFlag("LIBSKB_PROPERTY_VERBOSE");

  long executed = 0;
  std::vector<long> by_op(static_cast<size_t>(Op::kCount));
  long header_held = 0, store_skipped = 0, on_frag_list = 0, on_cloned = 0;
  int failures = 0;
  int ran = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kSequencesPerShard && failures < 3; i++) {
    const uint64_t seed = SeedFor(p.index, i);
    if (only != nullptr && seed != only_seed) continue;
    ran++;
    skb::ClearRecorded();
    const skb::MemoryStats before = skb::Stats();
    Sequence seq(p, seed);
    std::string failure;
    try {
      seq.Run(kOpsPerSequence);
    } catch (const SequenceFailure& f) {
      failure = f.what;
    } catch (const skb::KernelBug& b) {
      failure = "libskb threw KernelBug (" + b.report().kind + " in " + b.report().function + "):\n" + b.what();
    }
    executed += seq.executed();
    for (size_t k = 0; k < by_op.size(); k++) by_op[k] += seq.by_op()[k];
    header_held += seq.header_held_;
    store_skipped += seq.store_skipped_;
    on_frag_list += seq.on_frag_list_;
    on_cloned += seq.on_cloned_;
    if (verbose) std::printf("seed 0x%016" PRIx64 " (%s):\n%s", seed, InstanceName(p).c_str(), seq.LogText().c_str());
    if (!failure.empty()) {
      failures++;
      seq.Abandon();
      ADD_FAILURE() << "instance " << InstanceName(p) << ", sequence " << i << ", seed "
                    << Fmt("0x%016" PRIx64, seed) << ", failed at operation #" << seq.executed() << ":\n"
                    << failure << "\noperation log:\n"
                    << seq.LogText() << "replay: LIBSKB_PROPERTY_SEED=" << Fmt("0x%016" PRIx64, seed)
                    << " ./property_test --gtest_filter='*/" << InstanceName(p) << "'";
      continue;
    }
    const skb::MemoryStats after = skb::Stats();
    const std::string where = InstanceName(p) + Fmt(" seed 0x%016" PRIx64, seed);
    EXPECT_EQ(after.live_skbs, before.live_skbs) << "leaked skbs, " << where;
    EXPECT_EQ(after.live_heads, before.live_heads) << "leaked heads, " << where;
    EXPECT_EQ(after.live_pages, before.live_pages) << "leaked pages, " << where;
    EXPECT_EQ(after.live_head_bytes, before.live_head_bytes) << "leaked head bytes, " << where;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string mix;
  for (size_t k = 0; k < by_op.size(); k++) mix += Fmt(" %s=%ld", OpName(static_cast<Op>(k)), by_op[k]);
  std::printf("[ property ] %s: %d sequences, %ld operations (%ld on cloned skbs, %ld on frag_list skbs), %.2f s;%s; "
              "held back (header offsets): %ld; stores skipped as shared: %ld\n",
              InstanceName(p).c_str(), ran, executed, on_cloned, on_frag_list, secs, mix.c_str(), header_held,
              store_skipped);
  if (only == nullptr && failures == 0) {
    EXPECT_EQ(executed, static_cast<long>(kSequencesPerShard) * kOpsPerSequence);
  }
}

INSTANTIATE_TEST_SUITE_P(Property, SkbPropertyTest, testing::ValuesIn(AllParams()),
                         [](const testing::TestParamInfo<Params>& info) { return InstanceName(info.param); });

// The suite's operation budget: every shard runs the same fixed number of
// operations (each shard asserts it did), so the total multiplies out.
TEST(SkbPropertySuite, RunsAtLeast200000Operations) {
  const long shards = static_cast<long>(AllParams().size());
  const long total = shards * kSequencesPerShard * kOpsPerSequence;
  std::printf("[ property ] %ld shards x %d sequences x %d operations = %ld operations\n", shards,
              kSequencesPerShard, kOpsPerSequence, total);
  EXPECT_EQ(shards, 3L * 4L * static_cast<long>(skb::All().size()));
  EXPECT_GE(total, kMinSuiteOps);
}

}  // namespace
