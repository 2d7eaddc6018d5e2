// Non-linear data: pskb_trim / ___pskb_trim / pskb_trim_rcsum, pskb_may_pull,
// __pskb_pull_tail, pskb_pull, skb_linearize(_cow), skb_copy_bits,
// skb_store_bits, skb_header_pointer, skb_split, skb_add_rx_frag,
// skb_fill_page_desc, skb_coalesce_rx_frag and the skb_frag_* accessors
// (kernel-semantics.md §4).
#include <errno.h>
#include <net/checksum.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// The trim geometry: 100 linear bytes and three 1000-byte frags. The head is
// small, so skb_condense (5.10/6.12, orphaned skbs) can only fold a few bytes.
Geometry TrimGeometry() { return Geometry{.headroom = 32, .headlen = 100, .frags = {1000, 1000, 1000}}; }

// ---- pskb_trim / ___pskb_trim -------------------------------------------------

struct TrimCase {
  const char* name;
  unsigned len;
  std::vector<unsigned> frags;   // frag sizes left (profiles without skb_condense)
  std::vector<bool> page_live;   // per original frag page, after the trim
  bool condensed_on_5x;          // 5.10/6.12: skb_condense pulls the rest into the head
};

const TrimCase kTrimCases[] = {
    {"InsideTheHead", 60, {}, {false, false, false}, true},
    {"AtHeadlen", 100, {}, {false, false, false}, true},
    {"InsideTheFirstFragSmall", 150, {50}, {true, false, false}, true},
    {"AtAFragBoundary", 1100, {1000}, {true, false, false}, false},
    {"InsideAFrag", 1500, {1000, 400}, {true, true, false}, false},
    {"OneByteOffTheEnd", 3099, {1000, 1000, 999}, {true, true, true}, false},
};

class PskbTrim : public SkbTestWithParam<std::tuple<const skb::Profile*, TrimCase>> {};

TEST_P(PskbTrim, TrimsFragsAndDropsTheRest) {
  const auto& [profile, c] = GetParam();
  skb::ScopedProfile sp(*profile);
  sk_buff* skb = Build(TrimGeometry());
  ASSERT_NE(skb, nullptr);
  const std::vector<page*> pages = FragPages(skb);
  unsigned char* head = skb->head;
  const unsigned truesize = skb->truesize;
  const bool condensed = c.condensed_on_5x && profile->trim_condenses;

  EXPECT_EQ(pskb_trim(skb, c.len), 0);
  EXPECT_EQ(skb->len, c.len);
  EXPECT_EQ(skb->head, head) << "an uncloned skb keeps its head";
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(c.len)));
  if (condensed) {
    // skb_condense: linear, and truesize recomputed from the head alone.
    EXPECT_EQ(skb->data_len, 0u);
    EXPECT_EQ(skb_shinfo(skb)->nr_frags, 0);
    EXPECT_EQ(skb->truesize, SKB_TRUESIZE(skb_end_offset(skb)));
    for (page* pg : pages) EXPECT_FALSE(skb::IsLivePage(pg));
  } else {
    EXPECT_THAT(FragSizes(skb), ElementsAreArray(c.frags));
    EXPECT_EQ(skb_headlen(skb), std::min(c.len, 100u));
    EXPECT_EQ(skb->data_len, c.len - std::min(c.len, 100u));
    EXPECT_EQ(skb->truesize, truesize) << "no skb_condense: truesize unchanged";
    for (size_t i = 0; i < pages.size(); i++) EXPECT_EQ(skb::IsLivePage(pages[i]), c.page_live[i]) << "page " << i;
  }
  if (c.len <= 100) {
    EXPECT_EQ(skb_tail_pointer(skb), skb->data + c.len);
  }
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PskbTrim, ::testing::Combine(::testing::ValuesIn(skb::All()), ::testing::ValuesIn(kTrimCases)),
    [](const ::testing::TestParamInfo<std::tuple<const skb::Profile*, TrimCase>>& info) {
      return ProfileParamName(std::get<0>(info.param)) + "_" + std::get<1>(info.param).name;
    });

TEST_F(SkbTest, PskbTrimOfALinearSkbOrToItsLengthIsPlain) {
  skb::SkbPtr skb(Build(GeometryOf(Shape::kLinear)));
  ASSERT_TRUE(skb);
  EXPECT_EQ(pskb_trim(skb.get(), 301), 0);
  EXPECT_EQ(pskb_trim(skb.get(), 1000), 0);
  EXPECT_EQ(skb->len, 301u);
  EXPECT_EQ(pskb_trim(skb.get(), 17), 0);
  EXPECT_EQ(skb->len, 17u);
  EXPECT_EQ(skb_tail_pointer(skb.get()), skb->data + 17);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(17)));
}

TEST_F(SkbTest, TripleUnderscorePskbTrimTrimsInsideAFrag) {
  skb::ScopedProfile sp(P("3.10"));
  sk_buff* skb = Build(TrimGeometry());
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(___pskb_trim(skb, 2000), 0);
  EXPECT_THAT(FragSizes(skb), ElementsAre(1000u, 900u));
  EXPECT_EQ(skb->data_len, 1900u);
  EXPECT_EQ(__pskb_trim(skb, 1000), 0);
  EXPECT_THAT(FragSizes(skb), ElementsAre(900u));
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(1000)));
  kfree_skb(skb);
}

// frag_list: 100 linear + frag 1000, then members of 500 (linear), 1000
// (300 linear + 700 paged) and 200 (linear).
Geometry FragListTrimGeometry() {
  return Geometry{.headroom = 32,
                  .headlen = 100,
                  .frags = {1000},
                  .frag_list = {Geometry{.headroom = 16, .headlen = 500},
                                Geometry{.headroom = 16, .headlen = 300, .frags = {700}},
                                Geometry{.headroom = 16, .headlen = 200}}};
}

struct FragListTrimCase {
  const char* name;
  unsigned len;
  std::vector<unsigned> member_lens;  // frag_list after the trim
};

class PskbTrimFragList : public SkbTestWithParam<std::tuple<const skb::Profile*, FragListTrimCase>> {};

TEST_P(PskbTrimFragList, TrimsTheMemberHoldingTheEndAndDropsTheRest) {
  const auto& [profile, c] = GetParam();
  skb::ScopedProfile sp(*profile);
  sk_buff* skb = Build(FragListTrimGeometry());
  ASSERT_NE(skb, nullptr);
  const std::vector<sk_buff*> members = FragList(skb);
  EXPECT_EQ(pskb_trim(skb, c.len), 0);
  EXPECT_EQ(skb->len, c.len);
  EXPECT_EQ(skb->data_len, c.len - 100);
  EXPECT_THAT(FragSizes(skb), ElementsAre(1000u));
  std::vector<unsigned> lens;
  for (sk_buff* m : FragList(skb)) lens.push_back(m->len);
  EXPECT_THAT(lens, ElementsAreArray(c.member_lens));
  for (size_t i = 0; i < members.size(); i++) {
    EXPECT_EQ(skb::IsLiveSkb(members[i]), i < c.member_lens.size()) << "member " << i;
  }
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(c.len)));
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PskbTrimFragList,
    ::testing::Combine(::testing::ValuesIn(skb::All()),
                       ::testing::Values(FragListTrimCase{"InsideTheFirstMember", 1300, {200}},
                                         FragListTrimCase{"AtTheFirstMembersEnd", 1600, {500}},
                                         FragListTrimCase{"InsideThePagedMember", 2300, {500, 700}},
                                         FragListTrimCase{"InsideTheLastMember", 2700, {500, 1000, 100}})),
    [](const ::testing::TestParamInfo<std::tuple<const skb::Profile*, FragListTrimCase>>& info) {
      return ProfileParamName(std::get<0>(info.param)) + "_" + std::get<1>(info.param).name;
    });

// A frag_list member shared elsewhere is replaced by a private clone before
// it is trimmed; the other holder's view is untouched.
TEST_F(SkbTest, PskbTrimClonesASharedFragListMember) {
  sk_buff* skb = Build(FragListTrimGeometry());
  ASSERT_NE(skb, nullptr);
  sk_buff* m0 = skb_shinfo(skb)->frag_list;
  skb_get(m0);
  EXPECT_EQ(pskb_trim(skb, 1300), 0);
  sk_buff* now = skb_shinfo(skb)->frag_list;
  ASSERT_NE(now, nullptr);
  EXPECT_NE(now, m0);
  EXPECT_EQ(now->len, 200u);
  EXPECT_EQ(now->next, nullptr);
  EXPECT_EQ(Users(m0), 1u);
  EXPECT_EQ(m0->len, 500u);
  EXPECT_TRUE(BytesEqual(Flatten(m0), Pattern(500, 1100)));
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(1300)));
  kfree_skb(skb);
  kfree_skb(m0);
}

// After pskb_expand_head on a cloned skb both shared infos link the same
// frag_list members (each gained a user). Replacing or dropping a member in
// one chain must leave the other chain's ->next links alone: the kernel only
// consume_skb()s the member.
TEST_F(SkbTest, PskbTrimOfAClonedFragListSkbKeepsThePeersChain) {
  sk_buff* skb = Build(FragListTrimGeometry());
  ASSERT_NE(skb, nullptr);
  sk_buff* peer = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(peer, nullptr);
  EXPECT_EQ(pskb_trim(skb, 1300), 0);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(1300)));
  std::vector<unsigned> lens;
  for (sk_buff* m : FragList(peer)) lens.push_back(m->len);
  EXPECT_THAT(lens, ElementsAre(500u, 1000u, 200u));
  EXPECT_TRUE(BytesEqual(Flatten(peer), Pattern(2800)));
  kfree_skb(skb);
  kfree_skb(peer);
}

// 5.10/6.12: after trimming into the frag_list, an orphaned skb whose paged
// rest fits its tailroom is condensed: frags and frag_list pulled into the
// head.
TEST_F(SkbTest, PskbTrimCondensesAFragListIntoTheHead) {
  for (const skb::Profile* p : skb::All()) {
    SCOPED_TRACE(p->name);
    skb::ScopedProfile sp(*p);
    Geometry g = GeometryOf(Shape::kFragList);
    g.extra_tailroom = 1000;
    sk_buff* skb = Build(g);
    ASSERT_NE(skb, nullptr);
    const std::vector<sk_buff*> members = FragList(skb);
    EXPECT_EQ(pskb_trim(skb, 54 + 301 + 50), 0);
    EXPECT_EQ(skb->len, 405u);
    if (p->trim_condenses) {
      EXPECT_EQ(skb->data_len, 0u);
      EXPECT_EQ(skb_shinfo(skb)->nr_frags, 0);
      EXPECT_EQ(skb_shinfo(skb)->frag_list, nullptr);
      EXPECT_FALSE(skb::IsLiveSkb(members[0]));
      EXPECT_EQ(skb->truesize, SKB_TRUESIZE(skb_end_offset(skb)));
    } else {
      EXPECT_EQ(skb->data_len, 351u);
      EXPECT_THAT(FragSizes(skb), ElementsAre(301u));
      ASSERT_EQ(FragList(skb).size(), 1u);
      EXPECT_EQ(FragList(skb)[0], members[0]);
      EXPECT_EQ(members[0]->len, 50u);
    }
    EXPECT_FALSE(skb::IsLiveSkb(members[1]));
    EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(405)));
    kfree_skb(skb);
  }
}

// ___pskb_trim first unclones (pskb_expand_head): a new head; the former
// clone keeps every byte and frag it had.
TEST_F(SkbTest, PskbTrimOfAClonedSkbUnclonesIt) {
  for (const skb::Profile* p : skb::All()) {
    SCOPED_TRACE(p->name);
    skb::ScopedProfile sp(*p);
    sk_buff* skb = Build(TrimGeometry());
    ASSERT_NE(skb, nullptr);
    sk_buff* peer = skb_clone(skb, GFP_ATOMIC);
    ASSERT_NE(peer, nullptr);
    const std::vector<page*> pages = FragPages(skb);
    unsigned char* head = skb->head;
    EXPECT_EQ(pskb_trim(skb, 1500), 0);
    EXPECT_NE(skb->head, head);
    EXPECT_EQ(skb->cloned, 0);
    EXPECT_EQ(Dataref(skb), 1);
    EXPECT_EQ(peer->head, head);
    EXPECT_EQ(Dataref(peer), 1);
    EXPECT_EQ(skb_cloned(peer), 0);
    EXPECT_THAT(FragSizes(skb), ElementsAre(1000u, 400u));
    EXPECT_THAT(FragSizes(peer), ElementsAre(1000u, 1000u, 1000u));
    EXPECT_EQ(page_count(pages[0]), 2);
    EXPECT_EQ(page_count(pages[1]), 2);
    EXPECT_EQ(page_count(pages[2]), 1);
    EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(1500)));
    EXPECT_TRUE(BytesEqual(Flatten(peer), Pattern(3100)));
    kfree_skb(peer);
    EXPECT_EQ(page_count(pages[0]), 1);
    kfree_skb(skb);
  }
}

// ---- pskb_trim_rcsum ------------------------------------------------------------

class TrimRcsum : public PerProfile {};

// 2.6.32/3.10 give up on a CHECKSUM_COMPLETE sum (NONE); 5.0+ subtracts the
// trimmed bytes and keeps COMPLETE. The odd trim point exercises the byte
// rotation of csum_block_sub.
TEST_P(TrimRcsum, CompleteChecksum) {
  skb::ScopedProfile sp(profile());
  for (unsigned len : {1501u, 1500u, 77u}) {
    SCOPED_TRACE(len);
    sk_buff* skb = Build(TrimGeometry());
    ASSERT_NE(skb, nullptr);
    const std::vector<uint8_t> bytes = Flatten(skb);
    skb->ip_summed = CHECKSUM_COMPLETE;
    skb->csum = csum_partial(bytes.data(), static_cast<int>(bytes.size()), 0);
    EXPECT_EQ(pskb_trim_rcsum(skb, len), 0);
    EXPECT_EQ(skb->len, len);
    if (profile().trim_rcsum_keeps_complete) {
      EXPECT_EQ(skb->ip_summed, CHECKSUM_COMPLETE);
      EXPECT_EQ(csum_fold(skb->csum), csum_fold(csum_partial(bytes.data(), static_cast<int>(len), 0)));
    } else {
      EXPECT_EQ(skb->ip_summed, CHECKSUM_NONE);
    }
    EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(len)));
    kfree_skb(skb);
  }
}

// PARTIAL: 5.0+ refuses (-EINVAL) to cut into the checksum field; older
// kernels trim anyway.
TEST_P(TrimRcsum, PartialChecksumFieldCut) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 200});
  ASSERT_NE(skb, nullptr);
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb) + 100);
  skb->csum_offset = 16;  // the field is [116, 118)
  const int ret = pskb_trim_rcsum(skb, 117);
  if (profile().trim_rcsum_keeps_complete) {
    EXPECT_EQ(ret, -EINVAL);
    EXPECT_EQ(skb->len, 200u);
  } else {
    EXPECT_EQ(ret, 0);
    EXPECT_EQ(skb->len, 117u);
  }
  EXPECT_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
  kfree_skb(skb);

  skb = Build(Geometry{.headroom = 32, .headlen = 200});
  ASSERT_NE(skb, nullptr);
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb) + 100);
  skb->csum_offset = 16;
  EXPECT_EQ(pskb_trim_rcsum(skb, 118), 0);  // the field survives whole
  EXPECT_EQ(skb->len, 118u);
  EXPECT_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
  kfree_skb(skb);
}

TEST_P(TrimRcsum, NoChecksumOrNothingToTrim) {
  skb::ScopedProfile sp(profile());
  skb::SkbPtr skb(Build(TrimGeometry()));
  ASSERT_TRUE(skb);
  skb->ip_summed = CHECKSUM_COMPLETE;
  const std::vector<uint8_t> bytes = Flatten(skb.get());
  skb->csum = csum_partial(bytes.data(), static_cast<int>(bytes.size()), 0);
  EXPECT_EQ(pskb_trim_rcsum(skb.get(), 3100), 0);
  EXPECT_EQ(pskb_trim_rcsum(skb.get(), 5000), 0);
  EXPECT_EQ(skb->ip_summed, CHECKSUM_COMPLETE) << "no trim, no change";
  skb->ip_summed = CHECKSUM_NONE;
  EXPECT_EQ(pskb_trim_rcsum(skb.get(), 2000), 0);
  EXPECT_EQ(skb->ip_summed, CHECKSUM_NONE);
  EXPECT_EQ(skb->len, 2000u);
}
SKB_INSTANTIATE_PER_PROFILE(TrimRcsum);

// ---- pskb_may_pull / __pskb_pull_tail / pskb_pull ---------------------------------

Geometry PullGeometry() { return GeometryOf(Shape::kPaged); }  // 54 linear + 301, 500, 123

TEST_F(SkbTest, MayPullWithinHeadlenOrPastLenChangesNothing) {
  skb::SkbPtr skb(Build(PullGeometry()));
  ASSERT_TRUE(skb);
  unsigned char* head = skb->head;
  unsigned char* data = skb->data;
  EXPECT_TRUE(pskb_may_pull(skb.get(), 0));
  EXPECT_TRUE(pskb_may_pull(skb.get(), 20));
  EXPECT_TRUE(pskb_may_pull(skb.get(), 54));
  EXPECT_FALSE(pskb_may_pull(skb.get(), 979));
  EXPECT_EQ(skb->head, head);
  EXPECT_EQ(skb->data, data);
  EXPECT_EQ(skb_headlen(skb.get()), 54u);
  EXPECT_THAT(FragSizes(skb.get()), ElementsAre(301u, 500u, 123u));
}

TEST_F(SkbTest, MayPullIntoTailroomEatsTheFrontOfTheFrags) {
  skb::SkbPtr skb(Build(Geometry{.headroom = 32, .headlen = 54, .frags = {301, 500, 123}, .extra_tailroom = 400}));
  ASSERT_TRUE(skb);
  unsigned char* head = skb->head;
  ASSERT_GE(skb_end_offset(skb.get()) - skb->tail, 146u + 301u);
  EXPECT_TRUE(pskb_may_pull(skb.get(), 200));  // 146 of frag 0
  EXPECT_EQ(skb->head, head) << "enough tailroom: no reallocation";
  EXPECT_EQ(skb_headlen(skb.get()), 200u);
  EXPECT_EQ(skb->len, 978u);
  EXPECT_THAT(FragSizes(skb.get()), ElementsAre(155u, 500u, 123u));
  EXPECT_EQ(skb_frag_off(&skb_shinfo(skb.get())->frags[0]), FragOffset(0) + 146);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(978)));

  page* p0 = skb_frag_page(&skb_shinfo(skb.get())->frags[0]);
  EXPECT_TRUE(pskb_may_pull(skb.get(), 355));  // the rest of frag 0: its page goes
  EXPECT_FALSE(skb::IsLivePage(p0));
  EXPECT_THAT(FragSizes(skb.get()), ElementsAre(500u, 123u));
  EXPECT_EQ(skb_frag_off(&skb_shinfo(skb.get())->frags[0]), FragOffset(1));
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(978)));
}

class MayPull : public PerProfile {};

// Not enough tailroom: __pskb_pull_tail expands the head by the shortfall +
// 128; the old head is freed and pointers into it are stale.
TEST_P(MayPull, ShortTailroomReallocatesTheHead) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(PullGeometry());  // alloc_skb(86)
  ASSERT_NE(skb, nullptr);
  unsigned char* head = skb->head;
  const size_t heads = skb::Stats().live_heads;
  EXPECT_TRUE(pskb_may_pull(skb, 978));
  EXPECT_NE(skb->head, head);
  EXPECT_EQ(skb::Stats().live_heads, heads);
  // end = SKB_DATA_ALIGN(old end + eat + 128), plus kmalloc slack on 3.x+.
  EXPECT_EQ(skb->end, !profile().AtLeast(3, 0) ? 1152u : 1728u);
  EXPECT_EQ(skb_headroom(skb), 32u);
  EXPECT_EQ(skb->data_len, 0u);
  EXPECT_EQ(skb_shinfo(skb)->nr_frags, 0);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(978)));
  EXPECT_EQ(skb::Stats().live_pages, start_.live_pages) << "every frag was eaten";
  kfree_skb(skb);
}

// A pull on a cloned skb unclones it even when the tailroom suffices.
TEST_P(MayPull, OnAClonedSkbUnclones) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 54, .frags = {301, 500, 123}, .extra_tailroom = 600});
  ASSERT_NE(skb, nullptr);
  sk_buff* peer = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(peer, nullptr);
  const std::vector<page*> pages = FragPages(skb);
  unsigned char* head = skb->head;
  EXPECT_TRUE(pskb_may_pull(skb, 54 + 301 + 10));
  EXPECT_NE(skb->head, head);
  EXPECT_EQ(skb->cloned, 0);
  EXPECT_EQ(Dataref(skb), 1);
  EXPECT_EQ(Dataref(peer), 1);
  EXPECT_EQ(page_count(pages[0]), 1) << "frag 0 was eaten from the private copy only";
  EXPECT_EQ(page_count(pages[1]), 2);
  EXPECT_EQ(page_count(pages[2]), 2);
  EXPECT_THAT(FragSizes(skb), ElementsAre(490u, 123u));
  EXPECT_THAT(FragSizes(peer), ElementsAre(301u, 500u, 123u));
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(978)));
  EXPECT_TRUE(BytesEqual(Flatten(peer), Pattern(978)));
  kfree_skb(skb);
  kfree_skb(peer);
}
SKB_INSTANTIATE_PER_PROFILE(MayPull);

TEST_F(SkbTest, PullTailFromFragsWholeAndPartial) {
  skb::SkbPtr skb(Build(Geometry{.headroom = 32, .headlen = 54, .frags = {301, 500, 123}, .extra_tailroom = 1200}));
  ASSERT_TRUE(skb);
  const std::vector<page*> pages = FragPages(skb.get());
  unsigned char* t = skb_tail_pointer(skb.get());
  EXPECT_EQ(__pskb_pull_tail(skb.get(), 301 + 200), t + 501);
  EXPECT_FALSE(skb::IsLivePage(pages[0]));
  EXPECT_TRUE(skb::IsLivePage(pages[1]));
  EXPECT_THAT(FragSizes(skb.get()), ElementsAre(300u, 123u));
  EXPECT_EQ(skb_frag_off(&skb_shinfo(skb.get())->frags[0]), FragOffset(1) + 200);
  EXPECT_EQ(skb_frag_page(&skb_shinfo(skb.get())->frags[1]), pages[2]);
  EXPECT_EQ(skb->len, 978u);
  EXPECT_EQ(skb->data_len, 423u);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(978)));
  // Exactly the remaining frags.
  EXPECT_NE(__pskb_pull_tail(skb.get(), 423), nullptr);
  EXPECT_EQ(skb_shinfo(skb.get())->nr_frags, 0);
  EXPECT_EQ(skb->data_len, 0u);
  EXPECT_FALSE(skb::IsLivePage(pages[1]));
  EXPECT_FALSE(skb::IsLivePage(pages[2]));
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(978)));
}

// FragList shape: 54 linear, frag 301, members m0 (99 linear) and m1
// (41 linear + frag 207).
struct FragListPullCase {
  const char* name;
  int delta;
  bool m0_live;
  unsigned first_member_len;  // len of the frag_list head after the pull
};

class PullTailFragList : public SkbTestWithParam<FragListPullCase> {};

TEST_P(PullTailFragList, EatsMembersFromTheFront) {
  const FragListPullCase& c = GetParam();
  Geometry g = GeometryOf(Shape::kFragList);
  g.extra_tailroom = 1000;
  sk_buff* skb = Build(g);
  ASSERT_NE(skb, nullptr);
  const std::vector<sk_buff*> members = FragList(skb);
  const page* frag0 = FragPages(skb)[0];
  ASSERT_NE(__pskb_pull_tail(skb, c.delta), nullptr);
  EXPECT_EQ(skb_headlen(skb), 54u + static_cast<unsigned>(c.delta));
  EXPECT_EQ(skb->len, 702u);
  EXPECT_EQ(skb_shinfo(skb)->nr_frags, 0) << "frags precede frag_list: all eaten";
  EXPECT_FALSE(skb::IsLivePage(frag0));
  EXPECT_EQ(skb::IsLiveSkb(members[0]), c.m0_live);
  ASSERT_NE(skb_shinfo(skb)->frag_list, nullptr);
  EXPECT_EQ(skb_shinfo(skb)->frag_list->len, c.first_member_len);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(702)));
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(Table, PullTailFragList,
                         ::testing::Values(FragListPullCase{"PartOfTheFirstMember", 301 + 50, true, 49},
                                           FragListPullCase{"TheWholeFirstMember", 301 + 99, false, 248},
                                           FragListPullCase{"IntoThePagedSecondMember", 301 + 99 + 100, false, 148}),
                         [](const ::testing::TestParamInfo<FragListPullCase>& info) { return info.param.name; });

// The partly eaten member is shared (users 2): it is replaced by a clone; the
// original keeps its other user and its bytes.
TEST_F(SkbTest, PullTailClonesASharedFragListMember) {
  Geometry g = GeometryOf(Shape::kFragList);
  g.extra_tailroom = 1000;
  sk_buff* skb = Build(g);
  ASSERT_NE(skb, nullptr);
  sk_buff* m0 = skb_shinfo(skb)->frag_list;
  sk_buff* m1 = m0->next;
  skb_get(m0);
  ASSERT_NE(__pskb_pull_tail(skb, 301 + 50), nullptr);
  sk_buff* first = skb_shinfo(skb)->frag_list;
  EXPECT_NE(first, m0);
  EXPECT_EQ(first->len, 49u);
  EXPECT_EQ(first->next, m1);
  EXPECT_EQ(Users(m0), 1u);
  EXPECT_EQ(m0->len, 99u);
  EXPECT_TRUE(BytesEqual(Flatten(m0), Pattern(99, 54 + 301)));
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(702)));
  kfree_skb(skb);
  EXPECT_TRUE(skb::IsLiveSkb(m0));
  kfree_skb(m0);
}

// __pskb_pull_tail on a cloned skb with a frag_list: the members are shared
// with the clone's chain after the unclone; eating one must not unlink it
// from the clone's chain.
TEST_F(SkbTest, PullTailOfAClonedFragListSkbKeepsThePeersChain) {
  sk_buff* skb = Build(GeometryOf(Shape::kFragList));
  ASSERT_NE(skb, nullptr);
  sk_buff* peer = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(peer, nullptr);
  ASSERT_NE(__pskb_pull_tail(skb, 301 + 99 + 10), nullptr);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(702)));
  EXPECT_EQ(FragList(peer).size(), 2u);
  EXPECT_TRUE(BytesEqual(Flatten(peer), Pattern(702)));
  kfree_skb(skb);
  kfree_skb(peer);
}

TEST_F(SkbTest, PskbPullPullsAcrossTheLinearBoundary) {
  skb::SkbPtr skb(Build(PullGeometry()));
  ASSERT_TRUE(skb);
  EXPECT_EQ(pskb_pull(skb.get(), 979), nullptr);
  EXPECT_EQ(skb->len, 978u);
  void* d = pskb_pull(skb.get(), 100);
  EXPECT_EQ(d, skb->data);
  EXPECT_EQ(skb->len, 878u);
  EXPECT_EQ(skb_headroom(skb.get()), 132u);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(878, 100)));
  EXPECT_EQ(pskb_pull(skb.get(), 10), skb->data);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(868, 110)));
  EXPECT_EQ(pskb_pull(skb.get(), 868), skb->data);
  EXPECT_EQ(skb->len, 0u);
  EXPECT_EQ(skb->data_len, 0u);
}

// ---- skb_linearize over {shape} x {sharing} --------------------------------------

class Linearize : public SkbTestWithParam<std::tuple<Shape, Sharing>> {};

TEST_P(Linearize, AllBytesInTheHeadAndThePeerUntouched) {
  const auto [shape, sharing] = GetParam();
  const Geometry g = GeometryOf(shape);
  SharedSkb s = MakeShared(sharing, g);
  ASSERT_NE(s.skb, nullptr);
  const std::vector<page*> pages = FragPages(s.skb);
  const std::vector<sk_buff*> members = FragList(s.skb);
  unsigned char* head = s.skb->head;
  const bool was_cloned = skb_cloned(s.skb);

  EXPECT_EQ(skb_linearize(s.skb), 0);
  EXPECT_EQ(s.skb->len, g.Len());
  EXPECT_EQ(s.skb->data_len, 0u);
  EXPECT_EQ(skb_shinfo(s.skb)->nr_frags, 0);
  EXPECT_EQ(skb_shinfo(s.skb)->frag_list, nullptr);
  EXPECT_EQ(skb_headroom(s.skb), 32u);
  EXPECT_TRUE(BytesEqual(Flatten(s.skb), Pattern(g.Len())));
  if (shape == Shape::kLinear) {
    EXPECT_EQ(s.skb->head, head) << "a linear skb is left alone";
    EXPECT_EQ(skb_cloned(s.skb), was_cloned);
  } else {
    EXPECT_EQ(skb_cloned(s.skb), 0);
    if (sharing != Sharing::kPrivate) {
      EXPECT_NE(s.skb->head, head);
    }
  }
  for (page* pg : pages) {
    if (s.peer == nullptr) {
      EXPECT_FALSE(skb::IsLivePage(pg));
    } else {
      ASSERT_TRUE(skb::IsLivePage(pg));
      EXPECT_EQ(page_count(pg), 1) << "only the peer's shared info holds it now";
    }
  }
  for (sk_buff* m : members) {
    if (s.peer == nullptr) {
      EXPECT_FALSE(skb::IsLiveSkb(m));
    } else {
      ASSERT_TRUE(skb::IsLiveSkb(m));
      EXPECT_EQ(Users(m), 1u);
    }
  }
  if (s.peer != nullptr) {
    EXPECT_TRUE(BytesEqual(Flatten(s.peer), Pattern(g.Len())));
  }
  kfree_skb(s.skb);
  kfree_skb(s.peer);
}

INSTANTIATE_TEST_SUITE_P(ShapesBySharing, Linearize,
                         ::testing::Combine(::testing::ValuesIn(kAllShapes), ::testing::ValuesIn(kAllSharing)),
                         [](const ::testing::TestParamInfo<std::tuple<Shape, Sharing>>& info) {
                           return std::string(ShapeName(std::get<0>(info.param))) +
                                  SharingName(std::get<1>(info.param));
                         });

TEST_F(SkbTest, LinearizeCowUnclonesALinearClonedSkb) {
  SharedSkb s = MakeShared(Sharing::kCloned, GeometryOf(Shape::kLinear));
  ASSERT_NE(s.skb, nullptr);
  unsigned char* head = s.skb->head;
  EXPECT_EQ(skb_linearize(s.skb), 0);
  EXPECT_EQ(s.skb->head, head);
  EXPECT_EQ(skb_linearize_cow(s.skb), 0);
  EXPECT_NE(s.skb->head, head);
  EXPECT_EQ(skb_cloned(s.skb), 0);
  EXPECT_EQ(Dataref(s.peer), 1);
  EXPECT_TRUE(BytesEqual(Flatten(s.skb), Pattern(301)));
  // Private and linear: nothing to do.
  head = s.skb->head;
  EXPECT_EQ(skb_linearize_cow(s.skb), 0);
  EXPECT_EQ(s.skb->head, head);
  EXPECT_EQ(__skb_linearize(s.skb), 0);
  kfree_skb(s.skb);
  kfree_skb(s.peer);
}

// ---- skb_copy_bits / skb_store_bits / skb_header_pointer -------------------------

// What skb_copy_bits(skb, off, ..) must produce for off >= -headroom: the
// headroom, then the payload.
std::vector<uint8_t> Image(const Geometry& g) {
  std::vector<uint8_t> v;
  for (unsigned i = 0; i < g.headroom; i++) v.push_back(HeadroomByte(i));
  std::vector<uint8_t> p = Pattern(g.Len());
  v.insert(v.end(), p.begin(), p.end());
  return v;
}

class CopyBits : public SkbTestWithParam<Shape> {};

TEST_P(CopyBits, EveryOffsetAndLengthAcrossEverySegment) {
  const Geometry g = GeometryOf(GetParam());
  skb::SkbPtr skb(Build(g));
  ASSERT_TRUE(skb);
  const std::vector<uint8_t> image = Image(g);
  const int len = static_cast<int>(g.Len());
  const int headroom = static_cast<int>(g.headroom);
  std::vector<uint8_t> buf(image.size() + 8);
  int checked = 0;
  for (int off = -headroom; off <= len; off += 7) {
    for (int n : {0, 1, 2, 3, 64, 301, len - off}) {
      if (n < 0 || off + n > len) continue;
      std::fill(buf.begin(), buf.end(), 0xee);
      ASSERT_EQ(skb_copy_bits(skb.get(), off, buf.data(), n), 0) << "off " << off << " n " << n;
      ASSERT_TRUE(BytesEqual(buf.data(), image.data() + headroom + off, static_cast<size_t>(n)))
          << "off " << off << " n " << n;
      ASSERT_EQ(buf[static_cast<size_t>(n)], 0xee) << "wrote past n: off " << off << " n " << n;
      checked++;
    }
  }
  EXPECT_GT(checked, 200);
  // Past the end: -EFAULT, nothing claimed.
  EXPECT_EQ(skb_copy_bits(skb.get(), len - 9, buf.data(), 10), -EFAULT);
  EXPECT_EQ(skb_copy_bits(skb.get(), 0, buf.data(), len + 1), -EFAULT);
  EXPECT_EQ(skb_copy_bits(skb.get(), len + 1, buf.data(), 0), -EFAULT);
  EXPECT_EQ(skb_copy_bits(skb.get(), len, buf.data(), 0), 0);
}

TEST_P(CopyBits, StoreBitsWritesEverySegment) {
  const Geometry g = GeometryOf(GetParam());
  skb::SkbPtr skb(Build(g));
  ASSERT_TRUE(skb);
  const int len = static_cast<int>(g.Len());
  std::vector<uint8_t> expected = Pattern(g.Len());
  // Overwrite [off, off + n) with bytes of another phase of the pattern.
  for (auto [off, n] : {std::pair{0, 10}, std::pair{len / 3, len / 3}, std::pair{len - 7, 7}, std::pair{1, len - 2}}) {
    std::vector<uint8_t> src = Pattern(static_cast<size_t>(n), 100000 + static_cast<size_t>(off));
    ASSERT_EQ(skb_store_bits(skb.get(), off, src.data(), n), 0);
    std::copy(src.begin(), src.end(), expected.begin() + off);
    ASSERT_TRUE(BytesEqual(Flatten(skb.get()), expected)) << "off " << off << " n " << n;
  }
  std::vector<uint8_t> src(16, 0x11);
  EXPECT_EQ(skb_store_bits(skb.get(), len - 15, src.data(), 16), -EFAULT);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), expected)) << "a failed store writes nothing";
}

TEST_P(CopyBits, HeaderPointerReturnsDataOrACopyOrNull) {
  const Geometry g = GeometryOf(GetParam());
  skb::SkbPtr skb(Build(g));
  ASSERT_TRUE(skb);
  const std::vector<uint8_t> image = Image(g);
  const int len = static_cast<int>(g.Len());
  const int headlen = static_cast<int>(g.headlen);
  uint8_t buf[64];
  for (int off : {-8, 0, 10, headlen - 8, headlen - 3, headlen, len - 20}) {
    for (int n : {1, 8, 20}) {
      if (off + n > len) continue;
      std::memset(buf, 0xee, sizeof(buf));
      auto* p = static_cast<uint8_t*>(skb_header_pointer(skb.get(), off, n, buf));
      ASSERT_NE(p, nullptr) << "off " << off << " n " << n;
      if (headlen - off >= n) {
        EXPECT_EQ(p, skb->data + off) << "in the linear area: a pointer into it, off " << off;
        EXPECT_EQ(buf[0], 0xee) << "and the buffer is not touched";
      } else {
        EXPECT_EQ(p, buf) << "off " << off << " n " << n;
      }
      EXPECT_TRUE(BytesEqual(p, image.data() + g.headroom + off, static_cast<size_t>(n))) << "off " << off;
    }
  }
  EXPECT_EQ(skb_header_pointer(skb.get(), len - 3, 4, buf), nullptr);
  EXPECT_EQ(skb_header_pointer(skb.get(), len + 10, 1, buf), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Shapes, CopyBits, ::testing::ValuesIn(kAllShapes),
                         [](const ::testing::TestParamInfo<Shape>& info) { return ShapeName(info.param); });

// skb_store_bits does not unshare: in the kernel a store into a cloned skb
// changes what its clones see. Checked mode reports it (C3) before the write.
TEST_F(SkbTest, StoreBitsIntoAClonedHead) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  SharedSkb s = MakeShared(Sharing::kCloned, GeometryOf(Shape::kLinear));
  ASSERT_NE(s.skb, nullptr);
  const uint8_t x[4] = {1, 2, 3, 4};
  std::optional<skb::Report> r = CatchBug([&] { skb_store_bits(s.skb, 10, x, 4); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kCheck);
  EXPECT_EQ(r->kind, "C3");
  EXPECT_TRUE(BytesEqual(Flatten(s.peer), Pattern(301)));
  {
    skb::ScopedCheckedMode unchecked(false);
    EXPECT_EQ(skb_store_bits(s.skb, 10, x, 4), 0);
  }
  EXPECT_TRUE(BytesEqual(s.peer->data + 10, x, 4)) << "the peer sees the write, as in the kernel";
  kfree_skb(s.skb);
  kfree_skb(s.peer);
}

// ---- skb_split ------------------------------------------------------------------

Geometry SplitGeometry() { return Geometry{.headroom = 32, .headlen = 100, .frags = {300, 200}}; }

struct SplitCase {
  const char* name;
  unsigned at;
  unsigned headlen0, headlen1;        // skb, skb1 linear lengths after
  std::vector<unsigned> frags0, frags1;
  std::vector<int> page_counts;        // refcounts of the two frag pages after
};

class Split : public SkbTestWithParam<SplitCase> {};

TEST_P(Split, MovesEverythingAfterTheSplitPoint) {
  const SplitCase& c = GetParam();
  sk_buff* skb = Build(SplitGeometry());
  ASSERT_NE(skb, nullptr);
  sk_buff* skb1 = alloc_skb(256, GFP_KERNEL);
  ASSERT_NE(skb1, nullptr);
  const std::vector<page*> pages = FragPages(skb);
  const unsigned truesize = skb->truesize;
  const unsigned truesize1 = skb1->truesize;

  skb_split(skb, skb1, c.at);
  EXPECT_EQ(skb->len, c.at);
  EXPECT_EQ(skb1->len, 600u - c.at);
  EXPECT_EQ(skb_headlen(skb), c.headlen0);
  EXPECT_EQ(skb_headlen(skb1), c.headlen1);
  EXPECT_THAT(FragSizes(skb), ElementsAreArray(c.frags0));
  EXPECT_THAT(FragSizes(skb1), ElementsAreArray(c.frags1));
  EXPECT_EQ(page_count(pages[0]), c.page_counts[0]);
  EXPECT_EQ(page_count(pages[1]), c.page_counts[1]);
  EXPECT_EQ(skb->truesize, truesize) << "truesize is the caller's business";
  EXPECT_EQ(skb1->truesize, truesize1);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(c.at)));
  EXPECT_TRUE(BytesEqual(Flatten(skb1), Pattern(600 - c.at, c.at)));
  kfree_skb(skb);
  EXPECT_TRUE(skb::IsLivePage(pages[1])) << "skb1 still holds the last frag";
  kfree_skb(skb1);
  EXPECT_FALSE(skb::IsLivePage(pages[0]));
  EXPECT_FALSE(skb::IsLivePage(pages[1]));
}

INSTANTIATE_TEST_SUITE_P(
    Table, Split,
    ::testing::Values(SplitCase{"InsideTheHeader", 40, 40, 60, {}, {300, 200}, {1, 1}},
                      SplitCase{"AtExactlyHeadlen", 100, 100, 0, {}, {300, 200}, {1, 1}},
                      SplitCase{"StraddlingAFrag", 220, 100, 0, {120}, {180, 200}, {2, 1}},
                      SplitCase{"OnAFragBoundary", 400, 100, 0, {300}, {200}, {1, 1}},
                      SplitCase{"StraddlingTheLastFrag", 599, 100, 0, {300, 199}, {1}, {1, 2}}),
    [](const ::testing::TestParamInfo<SplitCase>& info) { return info.param.name; });

TEST_F(SkbTest, SplitStraddlingAFragSharesItsPageAtTheSplitPoint) {
  sk_buff* skb = Build(SplitGeometry());
  sk_buff* skb1 = alloc_skb(0, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  ASSERT_NE(skb1, nullptr);
  skb_split(skb, skb1, 220);
  const skb_frag_t* a = &skb_shinfo(skb)->frags[0];
  const skb_frag_t* b = &skb_shinfo(skb1)->frags[0];
  EXPECT_EQ(skb_frag_page(a), skb_frag_page(b));
  EXPECT_EQ(skb_frag_off(a), FragOffset(0));
  EXPECT_EQ(skb_frag_off(b), FragOffset(0) + 120);
  kfree_skb(skb1);
  kfree_skb(skb);
}

// Inside the header skb_split skb_put()s the tail of the linear area into
// skb1: without the tailroom that is skb_over_panic.
TEST_F(SkbTest, SplitInsideTheHeaderWithoutTailroomIsSkbOverPanic) {
  sk_buff* skb = Build(SplitGeometry());
  sk_buff* skb1 = alloc_skb(64, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  ASSERT_NE(skb1, nullptr);
  skb_reserve(skb1, static_cast<int>(skb1->end) - 10);
  std::optional<skb::Report> r = CatchBug([&] { skb_split(skb, skb1, 40); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kBug);
  EXPECT_EQ(r->site, skb::Site::kSkbOverPanic);
  EXPECT_THAT(r->text, ::testing::StartsWith("skbuff: skb_over_panic: text:"));
  EXPECT_THAT(r->text, ::testing::HasSubstr(" len:60 put:60 "));
  EXPECT_EQ(skb->len, 600u) << "the BUG comes before skb is touched";
  skb1->tail -= 60;
  skb1->len -= 60;
  kfree_skb(skb1);
  kfree_skb(skb);
}

// ---- frag attachment ------------------------------------------------------------

class RxFrag : public PerProfile {};

// skb_add_rx_frag adds the caller's truesize (3.2+, 50269e19ad99); 2.6.32 has
// no such argument and adds the frag size. The page reference is the caller's.
TEST_P(RxFrag, AddRxFragAccountsLenDataLenTruesize) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb_put(skb, 20);
  const unsigned truesize = skb->truesize;
  page* p0 = PayloadPage(100, 1000, 20);
  page* p1 = PayloadPage(0, 300, 1020);
  ASSERT_NE(p0, nullptr);
  ASSERT_NE(p1, nullptr);
  skb_add_rx_frag(skb, 0, p0, 100, 1000, 2048);
  skb_add_rx_frag(skb, 1, p1, 0, 300, 4096);
  EXPECT_EQ(skb_shinfo(skb)->nr_frags, 2);
  EXPECT_EQ(skb->len, 1320u);
  EXPECT_EQ(skb->data_len, 1300u);
  EXPECT_EQ(skb->truesize, truesize + (profile().rx_frag_explicit_truesize ? 2048u + 4096u : 1300u));
  EXPECT_EQ(page_count(p0), 1);
  EXPECT_EQ(skb_frag_page(&skb_shinfo(skb)->frags[0]), p0);
  EXPECT_EQ(skb_frag_off(&skb_shinfo(skb)->frags[0]), 100u);
  EXPECT_EQ(skb_frag_size(&skb_shinfo(skb)->frags[1]), 300u);
  std::vector<uint8_t> expected = Pattern(1320);
  std::memcpy(expected.data(), skb->data, 20);
  EXPECT_TRUE(BytesEqual(Flatten(skb), expected));
  kfree_skb(skb);
  EXPECT_FALSE(skb::IsLivePage(p0));
  EXPECT_FALSE(skb::IsLivePage(p1));
}

// MAX_SKB_FRAGS is a profile value (18 in 2.6.32, 17 after); frags[] is
// sized for the largest.
TEST_P(RxFrag, FillsMaxSkbFrags) {
  skb::ScopedProfile sp(profile());
  EXPECT_EQ(MAX_SKB_FRAGS, !profile().AtLeast(3, 0) ? 18u : 17u);
  sk_buff* skb = alloc_skb(0, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  for (unsigned i = 0; i < MAX_SKB_FRAGS; i++) {
    page* pg = PayloadPage(7, 11, i * 11);
    ASSERT_NE(pg, nullptr);
    skb_add_rx_frag(skb, static_cast<int>(i), pg, 7, 11, 4096);
  }
  EXPECT_EQ(skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
  EXPECT_EQ(skb->len, 11 * MAX_SKB_FRAGS);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(11 * MAX_SKB_FRAGS)));
  EXPECT_EQ(skb_linearize(skb), 0);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(11 * MAX_SKB_FRAGS)));
  kfree_skb(skb);
}
SKB_INSTANTIATE_PER_PROFILE(RxFrag);

// skb_fill_page_desc fills frags[i] and sets nr_frags = i + 1 - and nothing
// else: the caller accounts len, data_len and truesize, as drivers do.
void FillThenAccount(bool check_between) {
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  page* pg = PayloadPage(64, 500, 0);
  ASSERT_NE(pg, nullptr);
  const unsigned truesize = skb->truesize;
  skb_fill_page_desc(skb, 0, pg, 64, 500);
  if (check_between) {
    EXPECT_EQ(skb_shinfo(skb)->nr_frags, 1);
    EXPECT_EQ(skb_frag_page(&skb_shinfo(skb)->frags[0]), pg);
    EXPECT_EQ(skb_frag_off(&skb_shinfo(skb)->frags[0]), 64u);
    EXPECT_EQ(skb_frag_size(&skb_shinfo(skb)->frags[0]), 500u);
    EXPECT_EQ(skb->len, 0u);
    EXPECT_EQ(skb->data_len, 0u);
    EXPECT_EQ(skb->truesize, truesize);
    EXPECT_EQ(page_count(pg), 1) << "no reference taken";
  }
  skb->len += 500;
  skb->data_len += 500;
  skb->truesize += 4096;
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(500)));
  kfree_skb(skb);
  EXPECT_FALSE(skb::IsLivePage(pg));
}

TEST_F(SkbTest, FillPageDescSetsOnlyTheDescriptor) {
  skb::ScopedCheckedMode unchecked(false);  // see FillPageDescIsLegalInCheckedMode
  FillThenAccount(true);
}

// The same driver sequence with checked mode on: fill, then account.
TEST_F(SkbTest, FillPageDescIsLegalInCheckedMode) {
  FillThenAccount(false);
}

TEST_F(SkbTest, FillPageDescPropagatesPfmemalloc) {
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  page* pg = PayloadPage(0, 100, 0);
  ASSERT_NE(pg, nullptr);
  pg->pfmemalloc = true;
  skb_add_rx_frag(skb, 0, pg, 0, 100, 4096);
  EXPECT_EQ(skb->pfmemalloc, 1);
  kfree_skb(skb);
}

TEST_F(SkbTest, CoalesceRxFragGrowsTheFragInPlace) {
  for (const skb::Profile* p : skb::All()) {
    SCOPED_TRACE(p->name);
    skb::ScopedProfile sp(*p);
    sk_buff* skb = alloc_skb(128, GFP_KERNEL);
    ASSERT_NE(skb, nullptr);
    page* pg = PayloadPage(100, 1500, 0);
    ASSERT_NE(pg, nullptr);
    skb_add_rx_frag(skb, 0, pg, 100, 1000, 2048);
    const unsigned truesize = skb->truesize;
    skb_coalesce_rx_frag(skb, 0, 500, 1024);
    EXPECT_EQ(skb_shinfo(skb)->nr_frags, 1);
    EXPECT_EQ(skb_frag_size(&skb_shinfo(skb)->frags[0]), 1500u);
    EXPECT_EQ(skb_frag_off(&skb_shinfo(skb)->frags[0]), 100u);
    EXPECT_EQ(skb->len, 1500u);
    EXPECT_EQ(skb->data_len, 1500u);
    EXPECT_EQ(skb->truesize, truesize + 1024);
    EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(1500)));
    kfree_skb(skb);
  }
}

TEST_F(SkbTest, FragAccessors) {
  page* pg = alloc_pages(GFP_KERNEL, 1);
  ASSERT_NE(pg, nullptr);
  skb_frag_t f{};
  skb_frag_fill_page_desc(&f, pg, 100, 5000);
  EXPECT_EQ(skb_frag_page(&f), pg);
  EXPECT_EQ(skb_frag_netmem(&f), reinterpret_cast<netmem_ref>(pg));
  EXPECT_EQ(skb_frag_off(&f), 100u);
  EXPECT_EQ(skb_frag_size(&f), 5000u);
  EXPECT_EQ(skb_frag_address(&f), static_cast<unsigned char*>(page_address(pg)) + 100);
  skb_frag_size_sub(&f, 1000);
  EXPECT_EQ(skb_frag_size(&f), 4000u);
  skb_frag_size_add(&f, 10);
  EXPECT_EQ(skb_frag_size(&f), 4010u);
  skb_frag_size_set(&f, 7);
  EXPECT_EQ(skb_frag_size(&f), 7u);
  skb_frag_off_add(&f, 28);
  EXPECT_EQ(skb_frag_off(&f), 128u);
  skb_frag_off_set(&f, 3);
  EXPECT_EQ(skb_frag_off(&f), 3u);
  skb_frag_t g{};
  skb_frag_page_copy(&g, &f);
  skb_frag_off_copy(&g, &f);
  EXPECT_EQ(skb_frag_page(&g), pg);
  EXPECT_EQ(skb_frag_off(&g), 3u);
  __skb_frag_set_page(&g, nullptr);
  EXPECT_EQ(skb_frag_page(&g), nullptr);

  EXPECT_EQ(page_count(pg), 1);
  __skb_frag_ref(&f);
  EXPECT_EQ(page_count(pg), 2);
  __skb_frag_unref(&f, false);
  EXPECT_EQ(page_count(pg), 1);

  sk_buff* skb = alloc_skb(64, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb_add_rx_frag(skb, 0, pg, 0, 64, 8192);
  skb_frag_ref(skb, 0);
  EXPECT_EQ(page_count(pg), 2);
  skb_frag_unref(skb, 0);
  EXPECT_EQ(page_count(pg), 1);
  EXPECT_EQ(compound_order(pg), 1u);
  EXPECT_EQ(page_size(pg), 8192ul);
  kfree_skb(skb);
  EXPECT_FALSE(skb::IsLivePage(pg));
}

TEST_F(SkbTest, HasSharedFragNeedsTheFlagAndFrags) {
  skb::SkbPtr paged(Build(GeometryOf(Shape::kPaged)));
  skb::SkbPtr linear(Build(GeometryOf(Shape::kLinear)));
  ASSERT_TRUE(paged);
  ASSERT_TRUE(linear);
  EXPECT_FALSE(skb_has_shared_frag(paged.get()));
  skb_shinfo(paged.get())->flags |= SKBFL_SHARED_FRAG;
  skb_shinfo(linear.get())->flags |= SKBFL_SHARED_FRAG;
  EXPECT_TRUE(skb_has_shared_frag(paged.get()));
  EXPECT_FALSE(skb_has_shared_frag(linear.get()));
}

}  // namespace
}  // namespace skb_test
