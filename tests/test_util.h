// Shared helpers for the libskb operation tests.
//
//  * SkbTest: a fixture that checks every test gives back what it took
//    (skb::Stats(): live sk_buffs, heads and pages), and starts each test with
//    no recorded reports and no armed fault injection.
//  * Geometry / Build(): skbs of every shape the stack produces - linear,
//    paged (head + frags), headless (frags only), with a frag_list - whose
//    payload is the cyclic Pattern(), so a shifted, dropped or duplicated byte
//    is caught by a byte comparison.
//  * Flatten(): the payload of an skb read by walking head, frags and
//    frag_list directly (independently of skb_copy_bits, which is under test).
//  * BytesEqual(): compares buffers and reports how many bytes differ and the
//    first differing offset, instead of one failure per byte.
//  * CatchBug(): runs a call that should hit a kernel BUG and returns the
//    report (quietly: the reporter records instead of printing).
//  * Sharing: {private, cloned, nohdr-clone}, the axis every writer is
//    parameterised over.
#ifndef LIBSKB_TESTS_TEST_UTIL_H_
#define LIBSKB_TESTS_TEST_UTIL_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "skb/skb.h"

// Marks a test that exposes a known libskb bug: it is skipped with the reason
// ("libskb bug: ..."), unless LIBSKB_RUN_KNOWN_BUGS is set in the environment,
// which runs it (to confirm the bug, or its fix).
#define SKIP_LIBSKB_BUG(reason) \
  if (std::getenv("LIBSKB_RUN_KNOWN_BUGS") == nullptr) GTEST_SKIP() << "libskb bug: " reason

namespace skb_test {

// ---- payload pattern ----------------------------------------------------

// Byte i of the packet payload. 251 is prime, so any shift by fewer than 251
// bytes changes every byte.
inline uint8_t PatternByte(size_t i) { return static_cast<uint8_t>((i * 31 + 7) % 251); }

inline std::vector<uint8_t> Pattern(size_t n, size_t start = 0) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; i++) v[i] = PatternByte(start + i);
  return v;
}

// Byte i of the headroom (head[0 .. headroom)) of a Build() skb: distinct
// from the payload so a copy that starts in the wrong place shows.
inline uint8_t HeadroomByte(size_t i) { return static_cast<uint8_t>(0xa0 ^ (i * 5)); }

// Bytes around a frag inside its page.
inline constexpr uint8_t kPageCanary = 0xcc;

// ---- byte comparison ----------------------------------------------------

inline ::testing::AssertionResult BytesEqual(const uint8_t* actual, const uint8_t* expected, size_t n) {
  size_t differing = 0;
  size_t first = n;
  for (size_t i = 0; i < n; i++) {
    if (actual[i] != expected[i]) {
      if (differing++ == 0) first = i;
    }
  }
  if (differing == 0) return ::testing::AssertionSuccess();
  char buf[160];
  std::snprintf(buf, sizeof(buf), "%zu of %zu bytes differ; first at offset %zu: actual 0x%02x, expected 0x%02x",
                differing, n, first, actual[first], expected[first]);
  return ::testing::AssertionFailure() << buf;
}

inline ::testing::AssertionResult BytesEqual(const std::vector<uint8_t>& actual, const std::vector<uint8_t>& expected) {
  if (actual.size() != expected.size()) {
    size_t n = std::min(actual.size(), expected.size());
    ::testing::AssertionResult prefix = BytesEqual(actual.data(), expected.data(), n);
    return ::testing::AssertionFailure() << "size " << actual.size() << ", expected " << expected.size()
                                         << (prefix ? "; the common prefix is equal" : "; ")
                                         << (prefix ? "" : prefix.message());
  }
  return BytesEqual(actual.data(), expected.data(), actual.size());
}

// ---- reading an skb without libskb's copy routines ----------------------

inline void AppendBytes(const sk_buff* skb, std::vector<uint8_t>* out) {
  const unsigned headlen = skb_headlen(skb);
  out->insert(out->end(), skb->data, skb->data + headlen);
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) {
    const auto* p = static_cast<const uint8_t*>(skb_frag_address(&sh->frags[i]));
    out->insert(out->end(), p, p + skb_frag_size(&sh->frags[i]));
  }
  for (const sk_buff* m = sh->frag_list; m != nullptr; m = m->next) AppendBytes(m, out);
}

// The skb's payload in byte order: linear area, frags, frag_list members.
inline std::vector<uint8_t> Flatten(const sk_buff* skb) {
  std::vector<uint8_t> out;
  AppendBytes(skb, &out);
  return out;
}

inline std::vector<page*> FragPages(const sk_buff* skb) {
  std::vector<page*> v;
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) v.push_back(skb_frag_page(&sh->frags[i]));
  return v;
}

inline std::vector<unsigned> FragSizes(const sk_buff* skb) {
  std::vector<unsigned> v;
  const skb_shared_info* sh = skb_shinfo(skb);
  for (int i = 0; i < sh->nr_frags; i++) v.push_back(skb_frag_size(&sh->frags[i]));
  return v;
}

inline std::vector<sk_buff*> FragList(const sk_buff* skb) {
  std::vector<sk_buff*> v;
  for (sk_buff* m = skb_shinfo(skb)->frag_list; m != nullptr; m = m->next) v.push_back(m);
  return v;
}

inline int Dataref(const sk_buff* skb) { return atomic_read(&skb_shinfo(skb)->dataref); }
inline unsigned Users(const sk_buff* skb) { return refcount_read(&skb->users); }

// ---- building skbs of a given shape --------------------------------------

struct Geometry {
  unsigned headroom = 32;
  unsigned headlen = 0;
  std::vector<unsigned> frags;       // sizes, one page (or compound page) each
  std::vector<Geometry> frag_list;   // members, in order
  unsigned extra_tailroom = 0;       // asked of alloc_skb beyond headroom + headlen

  unsigned Len() const {
    unsigned n = headlen;
    for (unsigned f : frags) n += f;
    for (const Geometry& m : frag_list) n += m.Len();
    return n;
  }
  unsigned DataLen() const { return Len() - headlen; }
};

// Offset of frag i inside its page: not page-aligned, so an offset that is
// ignored or applied twice shows.
inline unsigned FragOffset(int i) { return 40 + 8 * static_cast<unsigned>(i); }

// A page holding `size` bytes of payload at `off`, canaries elsewhere.
inline page* PayloadPage(unsigned off, unsigned size, size_t pattern_start) {
  unsigned order = 0;
  while ((PAGE_SIZE << order) < off + size) order++;
  page* pg = alloc_pages(GFP_KERNEL, order);
  if (pg == nullptr) return nullptr;
  auto* mem = static_cast<uint8_t*>(page_address(pg));
  std::memset(mem, kPageCanary, page_size(pg));
  for (unsigned k = 0; k < size; k++) mem[off + k] = PatternByte(pattern_start + k);
  return pg;
}

// Builds an skb with geometry g whose payload is Pattern() from `start`
// (ADD_FAILURE and nullptr if an allocation fails). Frags come from
// skb_add_rx_frag with a truesize of one page; frag_list members are linked
// the way IP defragmentation links them (len, data_len, truesize added).
inline sk_buff* Build(const Geometry& g, size_t start = 0) {
  sk_buff* skb = alloc_skb(g.headroom + g.headlen + g.extra_tailroom, GFP_KERNEL);
  if (skb == nullptr) {
    ADD_FAILURE() << "alloc_skb failed";
    return nullptr;
  }
  for (unsigned i = 0; i < g.headroom; i++) skb->head[i] = HeadroomByte(i);
  skb_reserve(skb, static_cast<int>(g.headroom));
  if (g.headlen) {
    std::vector<uint8_t> lin = Pattern(g.headlen, start);
    skb_put_data(skb, lin.data(), g.headlen);
  }
  size_t pos = start + g.headlen;
  for (size_t i = 0; i < g.frags.size(); i++) {
    const unsigned off = FragOffset(static_cast<int>(i));
    page* pg = PayloadPage(off, g.frags[i], pos);
    if (pg == nullptr) {
      ADD_FAILURE() << "alloc_pages failed";
      kfree_skb(skb);
      return nullptr;
    }
    skb_add_rx_frag(skb, static_cast<int>(i), pg, static_cast<int>(off), static_cast<int>(g.frags[i]),
                    static_cast<unsigned>(page_size(pg)));
    pos += g.frags[i];
  }
  sk_buff* last = nullptr;
  for (const Geometry& mg : g.frag_list) {
    sk_buff* m = Build(mg, pos);
    if (m == nullptr) {
      kfree_skb(skb);
      return nullptr;
    }
    if (last == nullptr) {
      skb_shinfo(skb)->frag_list = m;
    } else {
      last->next = m;
    }
    last = m;
    skb->len += m->len;
    skb->data_len += m->len;
    skb->truesize += m->truesize;
    pos += m->len;
  }
  return skb;
}

// The shapes the stack produces, named as in kernel-semantics.md.
enum class Shape { kLinear, kPaged, kHeadless, kFragList, kNestedFragList };

inline const char* ShapeName(Shape s) {
  switch (s) {
    case Shape::kLinear: return "Linear";
    case Shape::kPaged: return "Paged";
    case Shape::kHeadless: return "Headless";
    case Shape::kFragList: return "FragList";
    case Shape::kNestedFragList: return "NestedFragList";
  }
  return "?";
}

// Odd sizes on purpose: segment boundaries fall on odd byte positions.
inline Geometry GeometryOf(Shape s) {
  switch (s) {
    case Shape::kLinear: return Geometry{.headroom = 32, .headlen = 301};
    case Shape::kPaged: return Geometry{.headroom = 32, .headlen = 54, .frags = {301, 500, 123}};
    case Shape::kHeadless: return Geometry{.headroom = 32, .headlen = 0, .frags = {301, 500}};
    case Shape::kFragList:
      return Geometry{.headroom = 32,
                      .headlen = 54,
                      .frags = {301},
                      .frag_list = {Geometry{.headroom = 16, .headlen = 99},
                                    Geometry{.headroom = 16, .headlen = 41, .frags = {207}}}};
    case Shape::kNestedFragList:  // a member with its own frag_list, one of whose members is headless
      return Geometry{
          .headroom = 32,
          .headlen = 54,
          .frags = {33},
          .frag_list = {Geometry{.headroom = 16,
                                 .headlen = 50,
                                 .frags = {25},
                                 .frag_list = {Geometry{.headroom = 8, .headlen = 30},
                                               Geometry{.headroom = 8, .headlen = 0, .frags = {17}}}},
                        Geometry{.headroom = 16, .headlen = 45}}};
  }
  return {};
}

inline const Shape kAllShapes[] = {Shape::kLinear, Shape::kPaged, Shape::kHeadless, Shape::kFragList,
                                   Shape::kNestedFragList};

// ---- sharing axis ---------------------------------------------------------

// kPrivate:    the skb is the sole owner of its head.
// kCloned:     the skb has a clone (the peer): skb_cloned and skb_header_cloned.
// kNohdrClone: the skb is the clone of a payload-only (nohdr) original, as a
//              TCP transmit clone: skb_cloned but not skb_header_cloned.
enum class Sharing { kPrivate, kCloned, kNohdrClone };

inline const char* SharingName(Sharing s) {
  switch (s) {
    case Sharing::kPrivate: return "Private";
    case Sharing::kCloned: return "Cloned";
    case Sharing::kNohdrClone: return "NohdrClone";
  }
  return "?";
}

inline const Sharing kAllSharing[] = {Sharing::kPrivate, Sharing::kCloned, Sharing::kNohdrClone};

struct SharedSkb {
  sk_buff* skb = nullptr;   // the one the test operates on
  sk_buff* peer = nullptr;  // the other holder of the head, or nullptr
};

inline SharedSkb MakeShared(Sharing s, const Geometry& g, size_t start = 0) {
  SharedSkb r;
  sk_buff* a = Build(g, start);
  if (a == nullptr) return r;
  switch (s) {
    case Sharing::kPrivate:
      r.skb = a;
      break;
    case Sharing::kCloned:
      r.skb = a;
      r.peer = skb_clone(a, GFP_ATOMIC);
      break;
    case Sharing::kNohdrClone:
      __skb_header_release(a);
      r.peer = a;
      r.skb = skb_clone(a, GFP_ATOMIC);
      break;
  }
  return r;
}

// ---- reports --------------------------------------------------------------

// Runs f, which should hit a kernel BUG; returns the report, or nullopt if f
// returned normally. The report is recorded, not printed.
template <typename F>
std::optional<skb::Report> CatchBug(F&& f) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  try {
    f();
  } catch (const skb::KernelBug& bug) {
    return bug.report();
  }
  return std::nullopt;
}

// The recorded reports of one tier.
inline std::vector<skb::Report> RecordedOfTier(skb::Tier tier) {
  std::vector<skb::Report> v;
  for (const skb::Report& r : skb::Recorded()) {
    if (r.tier == tier) v.push_back(r);
  }
  return v;
}

inline std::string Hex16(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%016lx", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(p)));
  return buf;
}

// "net/core/skbuff.c:206", or "net/core/skbuff.c:?" where the profile has not
// verified the line: how the reporter names a site.
inline std::string SiteLocation(const skb::Profile& p, skb::Site site) {
  const skb::SiteLine& sl = p.site(site);
  return std::string(sl.file) + ":" + (sl.line > 0 ? std::to_string(sl.line) : std::string("?"));
}

// The three lines BUG() prints, in the profile's format.
inline std::string BugBanner(const skb::Profile& p, skb::Site site) {
  return "------------[ cut here ]------------\nkernel BUG at " + SiteLocation(p, site) + "!\n" +
         p.bug_oops_line + "\n";
}

// The WARNING line of a WARN at `site` called `function`.
inline std::string WarnLine(const skb::Profile& p, skb::Site site, const std::string& function) {
  if (p.warn_has_cpu_pid) return " at " + SiteLocation(p, site) + " " + function + "\n";
  return "WARNING: at " + SiteLocation(p, site) + " " + function + "()\n";
}

// "6.12" -> "v6_12": a gtest-friendly parameter name.
inline std::string ProfileParamName(const skb::Profile* p) {
  std::string s = "v";
  for (char c : p->name) s += (c == '.') ? '_' : c;
  return s;
}

inline const skb::Profile& P(const char* name) {
  const skb::Profile* p = skb::ByName(name);
  if (p == nullptr) {
    ADD_FAILURE() << "no profile " << name;
    return skb::Active();
  }
  return *p;
}

// ---- fixture ----------------------------------------------------------------

// Every test gives back every sk_buff, head and page it took, leaves fault
// injection disarmed and the default profile and policy active.
class SkbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    start_ = skb::Stats();
    skb::ClearRecorded();
    skb::ClearAllocationFailures();
  }

  void TearDown() override {
    skb::ClearAllocationFailures();
    const skb::MemoryStats now = skb::Stats();
    EXPECT_EQ(now.live_skbs, start_.live_skbs) << "sk_buffs leaked (or freed twice)";
    EXPECT_EQ(now.live_heads, start_.live_heads) << "heads leaked";
    EXPECT_EQ(now.live_pages, start_.live_pages) << "pages leaked";
    EXPECT_EQ(skb::Active().name, "6.12") << "a test left a profile active";
    EXPECT_EQ(skb::GetPolicy(), skb::Policy::kThrow) << "a test left a policy set";
    skb::ClearRecorded();
  }

  skb::MemoryStats start_;
};

template <typename T>
class SkbTestWithParam : public SkbTest, public ::testing::WithParamInterface<T> {};

// Parameterised over every profile, named v6_12, v5_10, v3_10, v2_6_32.
class PerProfile : public SkbTestWithParam<const skb::Profile*> {
 protected:
  const skb::Profile& profile() const { return *GetParam(); }
};

inline std::string PerProfileName(const ::testing::TestParamInfo<const skb::Profile*>& info) {
  return ProfileParamName(info.param);
}

#define SKB_INSTANTIATE_PER_PROFILE(Suite) \
  INSTANTIATE_TEST_SUITE_P(AllProfiles, Suite, ::testing::ValuesIn(skb::All()), ::skb_test::PerProfileName)

}  // namespace skb_test

#endif  // LIBSKB_TESTS_TEST_UTIL_H_
