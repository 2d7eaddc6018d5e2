// The linear area: skb_reserve, skb_put / __skb_put / skb_put_data /
// skb_put_zero, skb_push / __skb_push, skb_pull / __skb_pull /
// skb_pull_rcsum, skb_trim / __skb_trim, the geometry accessors and the
// header-offset helpers (kernel-semantics.md §1.1, §1.2, §3).
#include <net/checksum.h>

#include <cctype>
#include <functional>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// ---- the skb_over_panic / skb_under_panic line ----------------------------

// "[skbuff: ]<msg>: text:<caller> len:%d put:%d head:%px data:%px tail:%#lx
// end:%#lx dev:%s" followed by BUG()'s banner. Every field but text (the
// caller's address, checked to be 16 hex digits) is compared exactly with the
// skb as the kernel leaves it: after the update.
void ExpectPanicReport(const skb::Report& r, const skb::Profile& p, const std::string& msg, skb::Site site,
                       const sk_buff* skb, unsigned put) {
  EXPECT_EQ(r.tier, skb::Tier::kBug);
  EXPECT_EQ(r.kind, "BUG");
  EXPECT_EQ(r.site, site);
  EXPECT_EQ(r.function, p.panic_has_skbuff_prefix ? "skb_panic" : msg);
  EXPECT_EQ(r.skb, skb);
  const std::string prefix = std::string(p.panic_has_skbuff_prefix ? "skbuff: " : "") + msg + ": text:";
  ASSERT_THAT(r.text, StartsWith(prefix));
  const std::string caller = r.text.substr(prefix.size(), 16);
  EXPECT_EQ(caller.size(), 16u);
  for (char c : caller) EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(c))) << caller;
  EXPECT_NE(caller, "0000000000000000");
  char rest[256];
  std::snprintf(rest, sizeof(rest), " len:%d put:%d head:%s data:%s tail:%#lx end:%#lx dev:%s\n",
                static_cast<int>(skb->len), static_cast<int>(put), Hex16(skb->head).c_str(), Hex16(skb->data).c_str(),
                static_cast<unsigned long>(skb->tail), static_cast<unsigned long>(skb->end),
                skb->dev ? skb->dev->name : "<NULL>");
  const std::string line_rest = r.text.substr(prefix.size() + 16, std::strlen(rest));
  EXPECT_EQ(line_rest, rest);
  EXPECT_EQ(r.text.substr(prefix.size() + 16 + std::strlen(rest), BugBanner(p, site).size()), BugBanner(p, site));
}

class Linear : public PerProfile {};


TEST_P(Linear, ReserveMovesDataAndTailTogether) {
  skb::ScopedProfile sp(profile());
  skb::SkbPtr skb(alloc_skb(200, GFP_KERNEL));
  ASSERT_TRUE(skb);
  const unsigned end = skb->end;
  skb_reserve(skb.get(), 48);
  EXPECT_EQ(skb->data, skb->head + 48);
  EXPECT_EQ(skb->tail, 48u);
  EXPECT_EQ(skb->len, 0u);
  EXPECT_EQ(skb_headroom(skb.get()), 48u);
  EXPECT_EQ(skb_tailroom(skb.get()), static_cast<int>(end - 48));
  EXPECT_EQ(skb->end, end);
}

TEST_P(Linear, PutToExactlyEndThenOnePastIsSkbOverPanic) {
  skb::ScopedProfile sp(profile());
  net_device dev{};
  std::strcpy(dev.name, "eth7");
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb->dev = &dev;
  skb_reserve(skb, 16);
  const unsigned room = skb->end - 16;
  unsigned char* old_tail = skb_tail_pointer(skb);
  EXPECT_EQ(skb_put(skb, room), old_tail);
  EXPECT_EQ(skb->len, room);
  EXPECT_EQ(skb->tail, skb->end);
  EXPECT_EQ(skb_tailroom(skb), 0);

  std::optional<skb::Report> r = CatchBug([&] { skb_put(skb, 1); });
  ASSERT_TRUE(r.has_value()) << "skb_put past end must BUG";
  // The check runs after the update: len and tail already include the byte.
  EXPECT_EQ(skb->len, room + 1);
  EXPECT_EQ(skb->tail, skb->end + 1);
  ExpectPanicReport(*r, profile(), "skb_over_panic", skb::Site::kSkbOverPanic, skb, 1);
  EXPECT_THAT(r->text, HasSubstr(" dev:eth7\n"));

  skb->tail -= 1;
  skb->len -= 1;
  kfree_skb(skb);
}

TEST_P(Linear, PutDataPastEndIsSkbOverPanicBeforeTheCopy) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = alloc_skb(64, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  const unsigned end = skb->end;
  std::vector<uint8_t> big = Pattern(end + 10);
  std::optional<skb::Report> r = CatchBug([&] { skb_put_data(skb, big.data(), end + 10); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->site, skb::Site::kSkbOverPanic);
  EXPECT_EQ(skb->len, end + 10);
  ExpectPanicReport(*r, profile(), "skb_over_panic", skb::Site::kSkbOverPanic, skb, end + 10);
  skb->tail = 0;
  skb->len = 0;
  kfree_skb(skb);
}

TEST_P(Linear, PushToExactlyHeadThenOneMoreIsSkbUnderPanic) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb_reserve(skb, 16);
  skb_put(skb, 10);
  EXPECT_EQ(skb_push(skb, 16), skb->head);
  EXPECT_EQ(skb->len, 26u);
  EXPECT_EQ(skb_headroom(skb), 0u);

  std::optional<skb::Report> r = CatchBug([&] { skb_push(skb, 1); });
  ASSERT_TRUE(r.has_value()) << "skb_push past head must BUG";
  EXPECT_EQ(skb->len, 27u);
  EXPECT_EQ(skb->data, skb->head - 1);
  ExpectPanicReport(*r, profile(), "skb_under_panic", skb::Site::kSkbUnderPanic, skb, 1);
  EXPECT_THAT(r->text, HasSubstr(" tail:0x1a "));

  skb->data += 1;
  skb->len -= 1;
  kfree_skb(skb);
}

TEST_P(Linear, UnderscorePushAndPutDoNotCheckBounds) {
  skb::ScopedProfile sp(profile());
  skb::SkbPtr skb(alloc_skb(100, GFP_KERNEL));
  ASSERT_TRUE(skb);
  skb_reserve(skb.get(), 20);
  unsigned char* t = skb_tail_pointer(skb.get());
  EXPECT_EQ(__skb_put(skb.get(), 30), t);
  EXPECT_EQ(skb->len, 30u);
  EXPECT_EQ(__skb_push(skb.get(), 20), skb->head);
  EXPECT_EQ(skb->len, 50u);
  EXPECT_EQ(skb_headroom(skb.get()), 0u);
  EXPECT_TRUE(skb::Recorded().empty());
}

// SKB_LINEAR_ASSERT: skb_put (net/core/skbuff.c) and __skb_put (inline in
// include/linux/skbuff.h) BUG on a non-linear skb before changing anything.
TEST_P(Linear, PutOnANonlinearSkbIsLinearAssert) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 20, .frags = {100}, .extra_tailroom = 100});
  ASSERT_NE(skb, nullptr);
  const unsigned tail = skb->tail;
  struct Case {
    const char* name;
    skb::Site site;
    const char* function;
    std::function<void()> call;
  };
  uint8_t bytes[4] = {1, 2, 3, 4};
  const Case cases[] = {
      {"skb_put", skb::Site::kSkbLinearAssert, "skb_put", [&] { skb_put(skb, 4); }},
      {"skb_put_data", skb::Site::kSkbLinearAssert, "skb_put", [&] { skb_put_data(skb, bytes, 4); }},
      {"skb_put_zero", skb::Site::kSkbLinearAssert, "skb_put", [&] { skb_put_zero(skb, 4); }},
      {"__skb_put", skb::Site::kSkbLinearAssertInline, "__skb_put", [&] { __skb_put(skb, 4); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::optional<skb::Report> r = CatchBug(c.call);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tier, skb::Tier::kBug);
    EXPECT_EQ(r->site, c.site);
    EXPECT_EQ(r->function, c.function);
    EXPECT_THAT(r->text, StartsWith(BugBanner(profile(), c.site)));
    EXPECT_EQ(skb->len, 120u);
    EXPECT_EQ(skb->tail, tail);
  }
  kfree_skb(skb);
}

SKB_INSTANTIATE_PER_PROFILE(Linear);

TEST_F(SkbTest, PutDataCopiesAndPutZeroZeroes) {
  skb::SkbPtr skb(alloc_skb(256, GFP_KERNEL));
  ASSERT_TRUE(skb);
  skb_reserve(skb.get(), 10);
  std::vector<uint8_t> p = Pattern(100);
  unsigned char* d = static_cast<unsigned char*>(skb_put_data(skb.get(), p.data(), 100));
  EXPECT_EQ(d, skb->data);
  unsigned char* z = static_cast<unsigned char*>(skb_put_zero(skb.get(), 50));
  EXPECT_EQ(z, skb->data + 100);
  EXPECT_EQ(skb->len, 150u);
  EXPECT_EQ(skb->tail, 160u);
  std::vector<uint8_t> expected = p;
  expected.resize(150, 0);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), expected));
}

// ---- pulls ------------------------------------------------------------------

TEST_F(SkbTest, PullMovesDataAndReturnsIt) {
  skb::SkbPtr skb(Build(GeometryOf(Shape::kLinear)));
  ASSERT_TRUE(skb);
  unsigned char* data = skb->data;
  EXPECT_EQ(skb_pull(skb.get(), 14), data + 14);
  EXPECT_EQ(skb->len, 301u - 14);
  EXPECT_EQ(skb_headroom(skb.get()), 32u + 14);
  EXPECT_EQ(__skb_pull(skb.get(), 20), data + 34);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(301 - 34, 34)));
  // The whole rest, exactly.
  EXPECT_EQ(skb_pull(skb.get(), skb->len), data + 301);
  EXPECT_EQ(skb->len, 0u);
  EXPECT_EQ(skb->data, skb_tail_pointer(skb.get()));
}

TEST_F(SkbTest, PullOfMoreThanLenReturnsNullAndChangesNothing) {
  for (Shape shape : {Shape::kLinear, Shape::kPaged}) {
    SCOPED_TRACE(ShapeName(shape));
    skb::SkbPtr skb(Build(GeometryOf(shape)));
    ASSERT_TRUE(skb);
    const unsigned len = skb->len;
    unsigned char* data = skb->data;
    EXPECT_EQ(skb_pull(skb.get(), len + 1), nullptr);
    EXPECT_EQ(skb->len, len);
    EXPECT_EQ(skb->data, data);
    EXPECT_TRUE(skb::Recorded().empty());
  }
}

class Pull : public PerProfile {};

// Pulling exactly headlen off a non-linear skb is fine; one byte more is the
// BUG in __skb_pull. <= 5.18 leaves len decremented (what the vmcore shows);
// 5.19+ with CONFIG_DEBUG_NET (the 6.12 profile) restores it and prints
// "__skb_pull(len=%u)" and skb_dump first. skb_pull reaches the same BUG:
// it only checks len > skb->len.
TEST_P(Pull, OneBytePastHeadlenOfANonlinearSkbIsABug) {
  skb::ScopedProfile sp(profile());
  const bool restores = profile().pull_overrun == skb::PullOverrun::kDebugNetRestore;
  EXPECT_EQ(restores, profile().name == "6.12");
  for (bool underscore : {true, false}) {
    SCOPED_TRACE(underscore ? "__skb_pull" : "skb_pull");
    sk_buff* skb = Build(GeometryOf(Shape::kPaged));  // headlen 54, data_len 924
    ASSERT_NE(skb, nullptr);
    unsigned char* data = skb->data;
    EXPECT_EQ(underscore ? __skb_pull(skb, 54) : skb_pull(skb, 54), data + 54);
    EXPECT_EQ(skb_headlen(skb), 0u);
    EXPECT_EQ(skb->len, 924u);

    std::optional<skb::Report> r = CatchBug([&] { underscore ? __skb_pull(skb, 1) : skb_pull(skb, 1); });
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tier, skb::Tier::kBug);
    EXPECT_EQ(r->site, skb::Site::kSkbPull);
    EXPECT_EQ(r->function, "__skb_pull");
    EXPECT_EQ(skb->data, data + 54) << "data is not advanced";
    if (restores) {
      EXPECT_EQ(skb->len, 924u);
      EXPECT_THAT(r->text, StartsWith("__skb_pull(len=1)\n"));
    } else {
      EXPECT_EQ(skb->len, 923u);
      EXPECT_THAT(r->text, StartsWith(BugBanner(profile(), skb::Site::kSkbPull)));
      skb->len = 924;
    }
    EXPECT_THAT(r->text, HasSubstr(BugBanner(profile(), skb::Site::kSkbPull)));
    EXPECT_THAT(r->text, HasSubstr("kernel BUG at include/linux/skbuff.h:"));
    kfree_skb(skb);
  }
}

// The signature of seed 000: a single pull of headlen + 4 leaves
// len == data_len - 4 in the 5.10 vmcore.
TEST_P(Pull, PullOfHeadlenPlusFourLeavesLenDataLenMinusFour) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 28, .frags = {1200}});  // IP + UDP headers only
  ASSERT_NE(skb, nullptr);
  std::optional<skb::Report> r = CatchBug([&] { __skb_pull(skb, 28 + 4); });
  ASSERT_TRUE(r.has_value());
  if (profile().pull_overrun == skb::PullOverrun::kBugOnAfterDecrement) {
    EXPECT_EQ(skb->len, skb->data_len - 4);
    EXPECT_EQ(skb->len, 1196u);
  } else {
    EXPECT_EQ(skb->len, 1228u);
    EXPECT_THAT(r->text, StartsWith("__skb_pull(len=32)\n"));
  }
  skb->len = 1228;
  kfree_skb(skb);
}
SKB_INSTANTIATE_PER_PROFILE(Pull);

// skb_pull_rcsum keeps a CHECKSUM_COMPLETE sum in step with the pulled bytes.
TEST_F(SkbTest, PullRcsumKeepsACompleteChecksum) {
  skb::SkbPtr skb(Build(Geometry{.headroom = 32, .headlen = 120, .frags = {333}}));
  ASSERT_TRUE(skb);
  std::vector<uint8_t> bytes = Flatten(skb.get());
  skb->ip_summed = CHECKSUM_COMPLETE;
  skb->csum = csum_partial(bytes.data(), static_cast<int>(bytes.size()), 0);
  unsigned char* data = skb->data;
  EXPECT_EQ(skb_pull_rcsum(skb.get(), 14), data + 14);
  EXPECT_EQ(skb->ip_summed, CHECKSUM_COMPLETE);
  EXPECT_EQ(csum_fold(skb->csum), csum_fold(csum_partial(bytes.data() + 14, static_cast<int>(bytes.size()) - 14, 0)));
  EXPECT_EQ(skb_pull_rcsum(skb.get(), 20), data + 34);
  EXPECT_EQ(csum_fold(skb->csum), csum_fold(csum_partial(bytes.data() + 34, static_cast<int>(bytes.size()) - 34, 0)));
}

TEST_F(SkbTest, PullRcsumPastCsumStartDowngradesPartial) {
  skb::SkbPtr skb(Build(Geometry{.headroom = 32, .headlen = 120}));
  ASSERT_TRUE(skb);
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb.get()) + 20);
  skb->csum_offset = 6;
  skb_pull_rcsum(skb.get(), 20);  // data reaches csum_start: still PARTIAL
  EXPECT_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
  skb_pull_rcsum(skb.get(), 2);  // csum_start is now before data
  EXPECT_EQ(skb->ip_summed, CHECKSUM_NONE);
}

TEST_F(SkbTest, PullRcsumOfMoreThanLenIsABug) {
  sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 40});
  ASSERT_NE(skb, nullptr);
  std::optional<skb::Report> r = CatchBug([&] { skb_pull_rcsum(skb, 41); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->site, skb::Site::kSkbPullRcsum);
  EXPECT_EQ(r->function, "skb_pull_rcsum");
  EXPECT_EQ(skb->len, 40u);
  kfree_skb(skb);
}

// ---- trims ------------------------------------------------------------------

TEST_F(SkbTest, TrimShrinksALinearSkbAndNeverGrowsIt) {
  skb::SkbPtr skb(Build(GeometryOf(Shape::kLinear)));
  ASSERT_TRUE(skb);
  skb_trim(skb.get(), 400);  // longer than len: nothing
  EXPECT_EQ(skb->len, 301u);
  skb_trim(skb.get(), 301);  // equal: nothing
  EXPECT_EQ(skb->len, 301u);
  skb_trim(skb.get(), 100);
  EXPECT_EQ(skb->len, 100u);
  EXPECT_EQ(skb_tail_pointer(skb.get()), skb->data + 100);
  __skb_trim(skb.get(), 60);
  EXPECT_EQ(skb->len, 60u);
  EXPECT_EQ(skb->tail, 32u + 60);
  skb_trim(skb.get(), 0);
  EXPECT_EQ(skb->len, 0u);
  EXPECT_EQ(skb_tail_pointer(skb.get()), skb->data);
  EXPECT_TRUE(skb::Recorded().empty());
}

class Trim : public PerProfile {};

// Since 2.6.18 (3cc0e873986f) trimming a paged skb with skb_trim/__skb_trim
// WARNs and does nothing: len stays as it was.
TEST_P(Trim, TrimOfAPagedSkbWarnsAndDoesNothing) {
  skb::ScopedProfile sp(profile());
  for (bool underscore : {false, true}) {
    SCOPED_TRACE(underscore ? "__skb_trim" : "skb_trim");
    skb::ClearRecorded();
    skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
    ASSERT_TRUE(skb);
    const unsigned tail = skb->tail;
    underscore ? __skb_trim(skb.get(), 100) : skb_trim(skb.get(), 100);
    EXPECT_EQ(skb->len, 978u);
    EXPECT_EQ(skb->data_len, 924u);
    EXPECT_EQ(skb->tail, tail);
    EXPECT_EQ(skb_shinfo(skb.get())->nr_frags, 3);
    std::vector<skb::Report> warns = RecordedOfTier(skb::Tier::kWarn);
    ASSERT_EQ(warns.size(), 1u);
    EXPECT_EQ(warns[0].site, skb::Site::kSkbTrimPaged);
    EXPECT_EQ(warns[0].function, "__skb_trim");
    EXPECT_EQ(warns[0].kind, "WARNING");
    EXPECT_EQ(warns[0].skb, skb.get());
    EXPECT_THAT(warns[0].text, StartsWith("------------[ cut here ]------------\n"));
    EXPECT_THAT(warns[0].text, HasSubstr(WarnLine(profile(), skb::Site::kSkbTrimPaged, "__skb_trim")));
  }
  // skb_trim to a length >= len does not reach __skb_trim: no WARN.
  skb::ClearRecorded();
  skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(skb);
  skb_trim(skb.get(), 978);
  EXPECT_TRUE(skb::Recorded().empty());
}
SKB_INSTANTIATE_PER_PROFILE(Trim);

// ---- geometry accessors -------------------------------------------------------

struct AccessorCase {
  Shape shape;
  unsigned headlen, data_len, pagelen;
  bool nonlinear;
};

TEST_F(SkbTest, GeometryAccessorsPerShape) {
  const AccessorCase cases[] = {
      {Shape::kLinear, 301, 0, 301, false},
      {Shape::kPaged, 54, 924, 978, true},
      {Shape::kHeadless, 0, 801, 801, true},
      {Shape::kFragList, 54, 301 + 99 + 248, 54 + 301, true},  // skb_pagelen leaves frag_list out
  };
  for (const AccessorCase& c : cases) {
    SCOPED_TRACE(ShapeName(c.shape));
    skb::SkbPtr skb(Build(GeometryOf(c.shape)));
    ASSERT_TRUE(skb);
    EXPECT_EQ(skb_headlen(skb.get()), c.headlen);
    EXPECT_EQ(skb->data_len, c.data_len);
    EXPECT_EQ(skb->len, c.headlen + c.data_len);
    EXPECT_EQ(skb_is_nonlinear(skb.get()), c.nonlinear);
    EXPECT_EQ(skb_pagelen(skb.get()), c.pagelen);
    EXPECT_EQ(skb_headroom(skb.get()), 32u);
    EXPECT_EQ(skb_has_frag_list(skb.get()), c.shape == Shape::kFragList);
    const int room = static_cast<int>(skb->end - skb->tail);
    EXPECT_GT(room, 0);
    // skb_tailroom/skb_availroom are 0 for a non-linear skb.
    EXPECT_EQ(skb_tailroom(skb.get()), c.nonlinear ? 0 : room);
    skb->reserved_tailroom = 8;
    EXPECT_EQ(skb_availroom(skb.get()), c.nonlinear ? 0 : room - 8);
    skb->reserved_tailroom = 0;
    EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(c.headlen + c.data_len)));
  }
}

// ---- header offsets (u16 offsets from head since v3.11) -------------------------

TEST_F(SkbTest, HeaderOffsetHelpers) {
  skb::SkbPtr skb(alloc_skb(256, GFP_KERNEL));
  ASSERT_TRUE(skb);
  sk_buff* s = skb.get();
  skb_reserve(s, 64);
  skb_put(s, 100);
  EXPECT_FALSE(skb_mac_header_was_set(s));
  EXPECT_FALSE(skb_transport_header_was_set(s));

  skb_reset_network_header(s);
  EXPECT_EQ(s->network_header, 64);
  EXPECT_EQ(skb_network_header(s), s->data);
  skb_set_transport_header(s, 20);
  EXPECT_EQ(s->transport_header, 84);
  EXPECT_TRUE(skb_transport_header_was_set(s));
  EXPECT_EQ(skb_transport_header(s), s->data + 20);
  EXPECT_EQ(skb_network_offset(s), 0);
  EXPECT_EQ(skb_transport_offset(s), 20);
  EXPECT_EQ(skb_network_header_len(s), 20u);

  skb_push(s, 14);
  skb_reset_mac_header(s);
  EXPECT_EQ(s->mac_header, 50);
  EXPECT_TRUE(skb_mac_header_was_set(s));
  EXPECT_EQ(skb_mac_header(s), s->data);
  EXPECT_EQ(skb_mac_offset(s), 0);
  EXPECT_EQ(skb_network_offset(s), 14);
  EXPECT_EQ(skb_transport_offset(s), 34);
  EXPECT_EQ(skb_mac_header_len(s), 14u);
  skb_reset_mac_len(s);
  EXPECT_EQ(s->mac_len, 14);

  skb_pull(s, 14);
  EXPECT_EQ(skb_mac_offset(s), -14);
  EXPECT_EQ(skb_network_offset(s), 0);
  skb_set_mac_header(s, -14);
  EXPECT_EQ(s->mac_header, 50);
  skb_set_network_header(s, 4);
  EXPECT_EQ(s->network_header, 68);
  skb_reset_inner_headers(s);
  EXPECT_EQ(s->inner_mac_header, 50);
  EXPECT_EQ(s->inner_network_header, 68);
  EXPECT_EQ(s->inner_transport_header, 84);
  EXPECT_EQ(skb_inner_network_header(s), s->head + 68);
  EXPECT_EQ(skb_inner_transport_header(s), s->head + 84);
  skb_unset_mac_header(s);
  EXPECT_FALSE(skb_mac_header_was_set(s));
  EXPECT_EQ(s->mac_header, 0xffff);

  s->csum_start = 84;
  s->csum_offset = 16;
  EXPECT_EQ(skb_checksum_start_offset(s), 20);
  EXPECT_EQ(skb_checksum_start(s), s->head + 84);

  skb_set_tail_pointer(s, 30);
  EXPECT_EQ(s->tail, 94u);
  skb_reset_tail_pointer(s);
  EXPECT_EQ(s->tail, 64u);
  skb_set_tail_pointer(s, 100);  // restore: len is still 100
  EXPECT_EQ(skb_end_pointer(s), s->head + s->end);
  EXPECT_EQ(skb_end_offset(s), s->end);
}

}  // namespace
}  // namespace skb_test
