// Clones, copies and writability: skb_clone, the sharing predicates, skb_get,
// skb_unclone, skb_header_release / __skb_header_release, pskb_expand_head,
// skb_copy, pskb_copy, skb_copy_expand, skb_cow / skb_cow_head and
// skb_ensure_writable (kernel-semantics.md §1.5, §5).
#include <errno.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// ---- skb_clone -------------------------------------------------------------------

int g_destructor_calls;
void CountingDestructor(sk_buff*) { g_destructor_calls++; }

class Clone : public PerProfile {};

TEST_P(Clone, SharesHeadAndShinfoAndCopiesTheHeader) {
  skb::ScopedProfile sp(profile());
  g_destructor_calls = 0;
  sk_buff* skb = Build(GeometryOf(Shape::kPaged));
  ASSERT_NE(skb, nullptr);
  net_device dev{};
  skb->dev = &dev;
  skb->destructor = CountingDestructor;
  skb->protocol = 0x0008;
  skb->priority = 6;
  skb->mark = 0x1234;
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = 40;
  skb->csum_offset = 16;
  std::memcpy(skb->cb, "control block!", 15);
  skb_reset_network_header(skb);
  skb_set_transport_header(skb, 20);
  const std::vector<page*> pages = FragPages(skb);

  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c, skb);
  // Shared: the head, the data pointers, the shared info.
  EXPECT_EQ(c->head, skb->head);
  EXPECT_EQ(c->data, skb->data);
  EXPECT_EQ(c->tail, skb->tail);
  EXPECT_EQ(c->end, skb->end);
  EXPECT_EQ(skb_shinfo(c), skb_shinfo(skb));
  EXPECT_EQ(Dataref(skb), 2);
  for (page* pg : pages) EXPECT_EQ(page_count(pg), 1) << "no page reference per clone";
  // Copied.
  EXPECT_EQ(c->len, skb->len);
  EXPECT_EQ(c->data_len, skb->data_len);
  EXPECT_EQ(c->truesize, skb->truesize) << "counted twice, as in the kernel";
  EXPECT_EQ(c->dev, &dev);
  EXPECT_EQ(c->protocol, 0x0008);
  EXPECT_EQ(c->priority, 6u);
  EXPECT_EQ(c->mark, 0x1234u);
  EXPECT_EQ(c->ip_summed, CHECKSUM_PARTIAL);
  EXPECT_EQ(c->csum_start, 40);
  EXPECT_EQ(c->csum_offset, 16);
  EXPECT_EQ(std::memcmp(c->cb, "control block!", 15), 0);
  EXPECT_EQ(c->network_header, skb->network_header);
  EXPECT_EQ(c->transport_header, skb->transport_header);
  // Fresh.
  EXPECT_EQ(Users(c), 1u);
  EXPECT_EQ(c->sk, nullptr);
  EXPECT_EQ(c->destructor, nullptr);
  EXPECT_EQ(c->next, nullptr);
  EXPECT_EQ(c->prev, nullptr);
  EXPECT_EQ(c->nohdr, 0);
  EXPECT_EQ(c->hdr_len, 0);
  EXPECT_EQ(c->cloned, 1);
  EXPECT_EQ(skb->cloned, 1);
  EXPECT_EQ(Users(skb), 1u);
  EXPECT_TRUE(BytesEqual(Flatten(c), Pattern(978)));

  kfree_skb(c);
  EXPECT_EQ(g_destructor_calls, 0) << "the clone has no destructor";
  EXPECT_EQ(Dataref(skb), 1);
  EXPECT_EQ(skb->cloned, 1) << "only pskb_expand_head clears cloned";
  EXPECT_EQ(skb_cloned(skb), 0);
  kfree_skb(skb);
  EXPECT_EQ(g_destructor_calls, 1);
}

// hdr_len: the original's headroom when the original released its header
// (nohdr), else the original's own hdr_len.
TEST_P(Clone, HdrLenComesFromANohdrOriginal) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(Geometry{.headroom = 96, .headlen = 200});
  ASSERT_NE(skb, nullptr);
  __skb_header_release(skb);
  EXPECT_EQ(Dataref(skb), 0x10001);
  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->hdr_len, 96);
  EXPECT_EQ(c->nohdr, 0);
  EXPECT_EQ(Dataref(skb), 0x10002);
  sk_buff* cc = skb_clone(c, GFP_ATOMIC);  // a clone of the clone keeps hdr_len
  ASSERT_NE(cc, nullptr);
  EXPECT_EQ(cc->hdr_len, 96);
  EXPECT_EQ(Dataref(skb), 0x10003);
  kfree_skb(cc);
  EXPECT_EQ(Dataref(skb), 0x10002);
  kfree_skb(skb);  // drops 1 + (1 << 16)
  EXPECT_EQ(Dataref(c), 1);
  kfree_skb(c);
}
SKB_INSTANTIATE_PER_PROFILE(Clone);

// ---- predicates --------------------------------------------------------------------

TEST_F(SkbTest, SharingPredicates) {
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 100});
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb_cloned(skb), 0);
  EXPECT_EQ(skb_header_cloned(skb), 0);
  EXPECT_EQ(skb_shared(skb), 0);
  EXPECT_FALSE(skb_clone_writable(skb, 0)) << "hdr_len 0: nothing is clone-writable";

  EXPECT_EQ(skb_get(skb), skb);
  EXPECT_NE(skb_shared(skb), 0);
  EXPECT_EQ(skb_cloned(skb), 0) << "users and dataref are different counts";
  kfree_skb(skb);

  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  for (sk_buff* s : {skb, c}) {
    EXPECT_NE(skb_cloned(s), 0);
    EXPECT_NE(skb_header_cloned(s), 0);
    EXPECT_EQ(skb_shared(s), 0);
  }
  kfree_skb(c);
  EXPECT_EQ(skb->cloned, 1);
  EXPECT_EQ(skb_cloned(skb), 0);
  EXPECT_EQ(skb_header_cloned(skb), 0);
  kfree_skb(skb);
}

// The TCP transmit pattern: the write-queue skb released its header, its
// clone may write headers in front of the payload (skb_clone_writable).
TEST_F(SkbTest, PredicatesOfAPayloadOnlyPair) {
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 100});
  ASSERT_NE(skb, nullptr);
  __skb_header_release(skb);
  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Dataref(c), 0x10002);
  for (sk_buff* s : {skb, c}) {
    EXPECT_NE(skb_cloned(s), 0);
    EXPECT_EQ(skb_header_cloned(s), 0) << "(2 - 1) header references: only one header user";
  }
  EXPECT_TRUE(skb_clone_writable(c, 0));
  EXPECT_FALSE(skb_clone_writable(c, 1));
  skb_push(c, 20);  // the TCP header
  EXPECT_TRUE(skb_clone_writable(c, 20));
  EXPECT_FALSE(skb_clone_writable(c, 21));
  skb_push(c, 20);  // the IP header
  EXPECT_TRUE(skb_clone_writable(c, 40));
  EXPECT_FALSE(skb_clone_writable(c, 41));
  kfree_skb(c);
  kfree_skb(skb);
}

// ---- skb_unclone / skb_header_unclone ------------------------------------------------

TEST_F(SkbTest, UncloneGivesAClonedSkbAPrivateHead) {
  for (Sharing sharing : kAllSharing) {
    SCOPED_TRACE(SharingName(sharing));
    SharedSkb s = MakeShared(sharing, GeometryOf(Shape::kPaged));
    ASSERT_NE(s.skb, nullptr);
    unsigned char* head = s.skb->head;
    const size_t heads = skb::Stats().live_heads;
    EXPECT_EQ(skb_unclone(s.skb, GFP_ATOMIC), 0);
    if (sharing == Sharing::kPrivate) {
      EXPECT_EQ(s.skb->head, head);
    } else {
      EXPECT_NE(s.skb->head, head);
      EXPECT_EQ(skb::Stats().live_heads, heads + 1);
      EXPECT_EQ(s.peer->head, head);
      EXPECT_EQ(Dataref(s.peer), s.peer->nohdr ? 0x10001 : 1);
      EXPECT_EQ(skb_cloned(s.peer), 0);
    }
    EXPECT_EQ(s.skb->cloned, 0);
    EXPECT_EQ(Dataref(s.skb), 1);
    EXPECT_EQ(s.skb->hdr_len, 0);
    EXPECT_EQ(s.skb->nohdr, 0);
    EXPECT_TRUE(BytesEqual(Flatten(s.skb), Pattern(978)));
    for (page* pg : FragPages(s.skb)) EXPECT_EQ(page_count(pg), s.peer ? 2 : 1);
    kfree_skb(s.skb);
    kfree_skb(s.peer);
  }
}

TEST_F(SkbTest, HeaderUncloneOnlyWhenTheHeaderIsShared) {
  for (Sharing sharing : kAllSharing) {
    SCOPED_TRACE(SharingName(sharing));
    SharedSkb s = MakeShared(sharing, GeometryOf(Shape::kLinear));
    ASSERT_NE(s.skb, nullptr);
    unsigned char* head = s.skb->head;
    EXPECT_EQ(skb_header_unclone(s.skb, GFP_ATOMIC), 0);
    EXPECT_EQ(s.skb->head != head, sharing == Sharing::kCloned);
    kfree_skb(s.skb);
    kfree_skb(s.peer);
  }
}

// ---- skb_header_release / __skb_header_release ------------------------------------------

class HeaderRelease : public SkbTestWithParam<const char*> {};

// 2.6.32/3.10: BUG_ON(skb->nohdr), then nohdr = 1 and dataref += 1 << 16.
TEST_P(HeaderRelease, SecondReleaseIsABug) {
  const skb::Profile& p = P(GetParam());
  skb::ScopedProfile sp(p);
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 100});
  ASSERT_NE(skb, nullptr);
  skb_header_release(skb);
  EXPECT_EQ(skb->nohdr, 1);
  EXPECT_EQ(Dataref(skb), 0x10001);

  std::optional<skb::Report> r = CatchBug([&] { skb_header_release(skb); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kBug);
  EXPECT_EQ(r->site, skb::Site::kHeaderRelease);
  EXPECT_EQ(r->function, "skb_header_release");
  EXPECT_THAT(r->text, StartsWith(BugBanner(p, skb::Site::kHeaderRelease)));
  EXPECT_THAT(r->text, HasSubstr("kernel BUG at include/linux/skbuff.h:"));
  EXPECT_EQ(Dataref(skb), 0x10001) << "the BUG comes first";

  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(Dataref(c), 0x10002);
  kfree_skb(c);
  kfree_skb(skb);
}

// Releasing the header of an skb that is already cloned adds the payload-only
// reference to the shared count.
TEST_P(HeaderRelease, ReleaseAfterCloning) {
  skb::ScopedProfile sp(P(GetParam()));
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 100});
  ASSERT_NE(skb, nullptr);
  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  skb_header_release(skb);
  EXPECT_EQ(Dataref(c), 0x10002);
  EXPECT_EQ(skb_header_cloned(c), 0);
  kfree_skb(c);
  EXPECT_EQ(Dataref(skb), 0x10001);
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(OldProfiles, HeaderRelease, ::testing::Values("3.10", "2.6.32"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return ProfileParamName(skb::ByName(info.param));
                         });

TEST_F(SkbTest, UnderscoreHeaderReleaseStoresTheDataref) {
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 100});
  ASSERT_NE(skb, nullptr);
  __skb_header_release(skb);
  EXPECT_EQ(skb->nohdr, 1);
  EXPECT_EQ(Dataref(skb), 1 + (1 << SKB_DATAREF_SHIFT));
  EXPECT_EQ(skb_cloned(skb), 0);
  const size_t heads = skb::Stats().live_heads;
  kfree_skb(skb);  // uncloned: the head is freed without looking at dataref
  EXPECT_EQ(skb::Stats().live_heads, heads - 1);
}

// ---- pskb_expand_head --------------------------------------------------------------------

class ExpandHead : public PerProfile {};

TEST_P(ExpandHead, CopiesHeadroomAndLinearAndShiftsHeaderOffsets) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 100, .frags = {200}});
  ASSERT_NE(skb, nullptr);
  skb_reset_network_header(skb);          // 32
  skb_set_transport_header(skb, 20);      // 52
  skb_reset_inner_headers(skb);
  skb->inner_mac_header = 30;
  unsigned char* head = skb->head;
  const unsigned tail = skb->tail;
  const size_t heads = skb::Stats().live_heads;

  EXPECT_EQ(pskb_expand_head(skb, 16, 100, GFP_ATOMIC), 0);
  EXPECT_NE(skb->head, head);
  EXPECT_EQ(skb::Stats().live_heads, heads) << "the old head is freed";
  EXPECT_EQ(skb_headroom(skb), 48u);
  EXPECT_EQ(skb->tail, tail + 16);
  EXPECT_GE(skb->end - skb->tail, 100u);
  for (unsigned i = 0; i < 32; i++) ASSERT_EQ(skb->head[16 + i], HeadroomByte(i)) << i;
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(300)));
  EXPECT_EQ(skb->network_header, 48);
  EXPECT_EQ(skb->transport_header, 68);
  EXPECT_EQ(skb->mac_header, 0xffff) << "an unset mac header stays unset";
  EXPECT_EQ(skb->inner_network_header, 48);
  EXPECT_EQ(skb->inner_transport_header, 68);
  EXPECT_EQ(skb->inner_mac_header, 46);
  EXPECT_EQ(skb_shinfo(skb)->nr_frags, 1);
  EXPECT_EQ(Dataref(skb), 1);
  kfree_skb(skb);
}

// csum_start (which shares storage with csum) moves with the head only for
// CHECKSUM_PARTIAL on 3.10+; 2.6.32 moves it always, corrupting a COMPLETE
// csum's low 16 bits.
TEST_P(ExpandHead, CsumStartMovesOnlyWhenPartial) {
  skb::ScopedProfile sp(profile());
  const bool always = !profile().AtLeast(3, 0);
  for (int summed : {CHECKSUM_PARTIAL, CHECKSUM_COMPLETE, CHECKSUM_NONE}) {
    SCOPED_TRACE(summed);
    sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 100});
    ASSERT_NE(skb, nullptr);
    skb->ip_summed = summed;
    if (summed == CHECKSUM_PARTIAL) {
      skb->csum_start = 52;
      skb->csum_offset = 16;
    } else {
      skb->csum = 0x1234fff0;
    }
    EXPECT_EQ(pskb_expand_head(skb, 32, 0, GFP_ATOMIC), 0);
    if (summed == CHECKSUM_PARTIAL) {
      EXPECT_EQ(skb->csum_start, 84);
      EXPECT_EQ(skb->csum_offset, 16);
    } else {
      EXPECT_EQ(skb->csum, always ? 0x12340010u : 0x1234fff0u);
    }
    kfree_skb(skb);
  }
}

// Unsharing a cloned head: the frags now referenced from two shared infos
// each gain a page reference; the other clone keeps the old head.
TEST_P(ExpandHead, OfAClonedSkbTakesFragPageReferences) {
  skb::ScopedProfile sp(profile());
  for (Sharing sharing : kAllSharing) {
    SCOPED_TRACE(SharingName(sharing));
    SharedSkb s = MakeShared(sharing, GeometryOf(Shape::kPaged));
    ASSERT_NE(s.skb, nullptr);
    const std::vector<page*> pages = FragPages(s.skb);
    unsigned char* head = s.skb->head;
    EXPECT_EQ(pskb_expand_head(s.skb, 0, 0, GFP_ATOMIC), 0);
    EXPECT_NE(s.skb->head, head) << "always a new head";
    EXPECT_EQ(s.skb->cloned, 0);
    EXPECT_EQ(s.skb->nohdr, 0);
    EXPECT_EQ(s.skb->hdr_len, 0);
    EXPECT_EQ(Dataref(s.skb), 1);
    for (page* pg : pages) EXPECT_EQ(page_count(pg), s.peer ? 2 : 1);
    if (s.peer) {
      EXPECT_EQ(s.peer->head, head);
      // The peer's dataref lost this skb's reference: 1, or 1 + (1 << 16)
      // for a nohdr peer (which still holds its payload-only reference).
      EXPECT_EQ(Dataref(s.peer), s.peer->nohdr ? 0x10001 : 1);
      EXPECT_TRUE(BytesEqual(Flatten(s.peer), Pattern(978)));
    }
    EXPECT_TRUE(BytesEqual(Flatten(s.skb), Pattern(978)));
    kfree_skb(s.peer);
    for (page* pg : pages) EXPECT_EQ(page_count(pg), 1);
    kfree_skb(s.skb);
    for (page* pg : pages) EXPECT_FALSE(skb::IsLivePage(pg));
  }
}

// The frag_list members become referenced from both shared infos: one more
// user each.
TEST_P(ExpandHead, OfAClonedSkbTakesFragListReferences) {
  skb::ScopedProfile sp(profile());
  for (Shape shape : {Shape::kFragList, Shape::kNestedFragList}) {
    SCOPED_TRACE(ShapeName(shape));
    const Geometry g = GeometryOf(shape);
    SharedSkb s = MakeShared(Sharing::kCloned, g);
    ASSERT_NE(s.skb, nullptr);
    const std::vector<sk_buff*> members = FragList(s.skb);
    EXPECT_EQ(pskb_expand_head(s.skb, 8, 0, GFP_ATOMIC), 0);
    EXPECT_EQ(FragList(s.skb), members);
    EXPECT_EQ(FragList(s.peer), members);
    for (sk_buff* m : members) EXPECT_EQ(Users(m), 2u);
    EXPECT_TRUE(BytesEqual(Flatten(s.skb), Pattern(g.Len())));
    EXPECT_TRUE(BytesEqual(Flatten(s.peer), Pattern(g.Len())));
    kfree_skb(s.peer);
    for (sk_buff* m : members) EXPECT_EQ(Users(m), 1u);
    kfree_skb(s.skb);
    for (sk_buff* m : members) EXPECT_FALSE(skb::IsLiveSkb(m));
  }
}

// Expanding the nohdr original of a pair releases 1 + (1 << 16).
TEST_P(ExpandHead, OfANohdrOriginalReleasesItsPayloadReference) {
  skb::ScopedProfile sp(profile());
  SharedSkb s = MakeShared(Sharing::kNohdrClone, GeometryOf(Shape::kLinear));
  ASSERT_NE(s.skb, nullptr);
  sk_buff* orig = s.peer;
  EXPECT_EQ(pskb_expand_head(orig, 0, 0, GFP_ATOMIC), 0);
  EXPECT_EQ(orig->nohdr, 0);
  EXPECT_EQ(Dataref(orig), 1);
  EXPECT_EQ(Dataref(s.skb), 1);
  kfree_skb(s.skb);
  kfree_skb(orig);
}

TEST_P(ExpandHead, OfASharedSkbIsABug) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(GeometryOf(Shape::kLinear));
  ASSERT_NE(skb, nullptr);
  skb_get(skb);
  unsigned char* head = skb->head;
  std::optional<skb::Report> r = CatchBug([&] { pskb_expand_head(skb, 0, 0, GFP_ATOMIC); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kBug);
  EXPECT_EQ(r->site, skb::Site::kExpandHeadShared);
  EXPECT_EQ(r->function, "pskb_expand_head");
  EXPECT_THAT(r->text, StartsWith(BugBanner(profile(), skb::Site::kExpandHeadShared)));
  EXPECT_EQ(skb->head, head);
  EXPECT_EQ(Users(skb), 2u);
  kfree_skb(skb);
  kfree_skb(skb);
}

TEST_P(ExpandHead, NegativeNheadIsABug) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(GeometryOf(Shape::kLinear));
  ASSERT_NE(skb, nullptr);
  std::optional<skb::Report> r = CatchBug([&] { pskb_expand_head(skb, -1, 0, GFP_ATOMIC); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->site, skb::Site::kExpandHeadNhead);
  EXPECT_EQ(r->function, "pskb_expand_head");
  EXPECT_THAT(r->text, StartsWith(BugBanner(profile(), skb::Site::kExpandHeadNhead)));
  kfree_skb(skb);
}

// 4.12+ (158f323b9868): an orphaned skb's truesize follows the head size.
TEST_P(ExpandHead, TruesizeOfAnOrphan) {
  skb::ScopedProfile sp(profile());
  struct Expected {
    const char* profile;
    unsigned end_before, truesize_before, end_after, truesize_after;
  };
  const Expected table[] = {
      {"6.12", 384, 960, 1728, 2304},  // small head 704 -> kmalloc-2048
      {"5.10", 192, 768, 1728, 2304},  // kmalloc-512 -> kmalloc-2048
      {"4.19", 192, 768, 1728, 2304},  // as 5.10 (158f323b9868 is v4.12)
      {"4.4", 192, 768, 1728, 768},    // truesize left alone before v4.12
      {"4.1", 192, 768, 1728, 768},
      {"3.16", 192, 768, 1728, 768},
      {"rhel7", 192, 768, 1728, 768},  // the 3.10 table
      {"3.10", 192, 768, 1728, 768},   // truesize left alone
      {"2.6.32", 128, 360, 1152, 360}, // no slack, truesize left alone
      {"rhel6", 128, 456, 1152, 456},  // 2.6.32 with RHEL6's 328-byte sk_buff
  };
  const Expected* e = nullptr;
  for (const Expected& x : table) {
    if (profile().name == x.profile) e = &x;
  }
  ASSERT_NE(e, nullptr);
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb->end, e->end_before);
  EXPECT_EQ(skb->truesize, e->truesize_before);
  EXPECT_EQ(pskb_expand_head(skb, 0, 1000, GFP_ATOMIC), 0);
  EXPECT_EQ(skb->end, e->end_after);
  EXPECT_EQ(skb->truesize, e->truesize_after);
  kfree_skb(skb);
}

TEST_P(ExpandHead, OfAHeadFragSkbGivesBackThePage) {
  skb::ScopedProfile sp(profile());
  // 2.6.32 has no head_frag (3.5+): its netdev_alloc_skb head is kmalloc'd.
  sk_buff* skb = netdev_alloc_skb(nullptr, 1000);
  ASSERT_NE(skb, nullptr);
  ASSERT_EQ(skb->head_frag, profile().has_head_frag ? 1 : 0);
  std::vector<uint8_t> p = Pattern(500);
  skb_put_data(skb, p.data(), 500);
  page* pg = virt_to_head_page(skb->head);
  EXPECT_EQ(pg != nullptr, profile().has_head_frag);
  const size_t pages = skb::Stats().live_pages;
  EXPECT_EQ(pskb_expand_head(skb, 0, 0, GFP_ATOMIC), 0);
  EXPECT_EQ(skb->head_frag, 0);
  EXPECT_EQ(virt_to_head_page(skb->head), nullptr) << "the new head is kmalloc'd";
  if (pg != nullptr) {
    EXPECT_FALSE(skb::IsLivePage(pg));
    EXPECT_EQ(skb::Stats().live_pages, pages - 1);
  }
  EXPECT_EQ(skb_headroom(skb), NET_SKB_PAD);
  EXPECT_TRUE(BytesEqual(Flatten(skb), p));
  kfree_skb(skb);
}
SKB_INSTANTIATE_PER_PROFILE(ExpandHead);

// ---- skb_copy / pskb_copy / skb_copy_expand ------------------------------------------------

void SetHeaderFields(sk_buff* skb) {
  skb->protocol = 0xdd86;
  skb->priority = 3;
  skb->mark = 77;
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb) + 20);
  skb->csum_offset = 6;
  std::memcpy(skb->cb, "cb bytes", 8);
  skb_reset_network_header(skb);
  skb_set_transport_header(skb, 20);
  skb_shinfo(skb)->gso_size = 1448;
  skb_shinfo(skb)->gso_segs = 3;
  skb_shinfo(skb)->gso_type = SKB_GSO_TCPV6;
}

void ExpectHeaderFieldsCopied(const sk_buff* n, const sk_buff* skb, int shift) {
  EXPECT_EQ(n->protocol, 0xdd86);
  EXPECT_EQ(n->priority, 3u);
  EXPECT_EQ(n->mark, 77u);
  EXPECT_EQ(n->ip_summed, CHECKSUM_PARTIAL);
  EXPECT_EQ(n->csum_start, skb->csum_start + shift);
  EXPECT_EQ(n->csum_offset, 6);
  EXPECT_EQ(std::memcmp(n->cb, "cb bytes", 8), 0);
  EXPECT_EQ(n->network_header, skb->network_header + shift);
  EXPECT_EQ(n->transport_header, skb->transport_header + shift);
  EXPECT_EQ(skb_shinfo(n)->gso_size, 1448);
  EXPECT_EQ(skb_shinfo(n)->gso_segs, 3);
  EXPECT_EQ(skb_shinfo(n)->gso_type, static_cast<unsigned>(SKB_GSO_TCPV6));
}

class Copy : public SkbTestWithParam<Shape> {};

TEST_P(Copy, SkbCopyIsAPrivateLinearCopyWithTheSameHeadroom) {
  const Geometry g = GeometryOf(GetParam());
  sk_buff* skb = Build(g);
  ASSERT_NE(skb, nullptr);
  SetHeaderFields(skb);
  const std::vector<page*> pages = FragPages(skb);
  sk_buff* n = skb_copy(skb, GFP_ATOMIC);
  ASSERT_NE(n, nullptr);
  EXPECT_NE(n->head, skb->head);
  EXPECT_EQ(n->len, g.Len());
  EXPECT_EQ(n->data_len, 0u);
  EXPECT_EQ(skb_shinfo(n)->nr_frags, 0);
  EXPECT_EQ(skb_shinfo(n)->frag_list, nullptr);
  EXPECT_EQ(skb_headroom(n), 32u);
  EXPECT_GE(n->end, skb_end_offset(skb) + skb->data_len);
  for (unsigned i = 0; i < 32; i++) ASSERT_EQ(n->head[i], HeadroomByte(i)) << "headroom byte " << i;
  EXPECT_TRUE(BytesEqual(Flatten(n), Pattern(g.Len())));
  EXPECT_EQ(n->cloned, 0);
  EXPECT_EQ(Users(n), 1u);
  EXPECT_EQ(Dataref(n), 1);
  ExpectHeaderFieldsCopied(n, skb, 0);
  for (page* pg : pages) EXPECT_EQ(page_count(pg), 1) << "skb_copy shares nothing";
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(g.Len())));
  kfree_skb(skb);
  EXPECT_TRUE(BytesEqual(Flatten(n), Pattern(g.Len())));
  kfree_skb(n);
}

TEST_P(Copy, PskbCopySharesTheFragPagesAndFragList) {
  const Geometry g = GeometryOf(GetParam());
  sk_buff* skb = Build(g);
  ASSERT_NE(skb, nullptr);
  SetHeaderFields(skb);
  const std::vector<page*> pages = FragPages(skb);
  const std::vector<sk_buff*> members = FragList(skb);
  sk_buff* n = pskb_copy(skb, GFP_ATOMIC);
  ASSERT_NE(n, nullptr);
  EXPECT_NE(n->head, skb->head);
  EXPECT_EQ(n->len, skb->len);
  EXPECT_EQ(n->data_len, skb->data_len);
  EXPECT_EQ(skb_headlen(n), skb_headlen(skb));
  EXPECT_EQ(skb_headroom(n), skb_headroom(skb));
  EXPECT_EQ(FragPages(n), pages);
  EXPECT_EQ(FragSizes(n), FragSizes(skb));
  EXPECT_EQ(FragList(n), members);
  for (page* pg : pages) EXPECT_EQ(page_count(pg), 2);
  for (sk_buff* m : members) EXPECT_EQ(Users(m), 2u);
  ExpectHeaderFieldsCopied(n, skb, 0);
  EXPECT_EQ(n->cloned, 0);
  EXPECT_EQ(Dataref(n), 1);
  EXPECT_EQ(Dataref(skb), 1);
  EXPECT_TRUE(BytesEqual(Flatten(n), Pattern(g.Len())));
  kfree_skb(skb);
  for (page* pg : pages) EXPECT_EQ(page_count(pg), 1);
  for (sk_buff* m : members) EXPECT_EQ(Users(m), 1u);
  EXPECT_TRUE(BytesEqual(Flatten(n), Pattern(g.Len())));
  kfree_skb(n);
}

TEST_P(Copy, SkbCopyExpandChangesHeadroomAndShiftsOffsets) {
  const Geometry g = GeometryOf(GetParam());
  sk_buff* skb = Build(g);
  ASSERT_NE(skb, nullptr);
  SetHeaderFields(skb);
  for (int newheadroom : {96, 8}) {
    SCOPED_TRACE(newheadroom);
    sk_buff* n = skb_copy_expand(skb, newheadroom, 200, GFP_ATOMIC);
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(skb_headroom(n), static_cast<unsigned>(newheadroom));
    EXPECT_GE(skb_tailroom(n), 200);
    EXPECT_EQ(n->data_len, 0u);
    EXPECT_EQ(skb_shinfo(n)->nr_frags, 0);
    EXPECT_TRUE(BytesEqual(Flatten(n), Pattern(g.Len())));
    // The old headroom's last min(old, new) bytes end up just before data.
    const int k = std::min(newheadroom, 32);
    for (int i = 1; i <= k; i++) ASSERT_EQ(n->data[-i], HeadroomByte(static_cast<size_t>(32 - i))) << i;
    ExpectHeaderFieldsCopied(n, skb, newheadroom - 32);
    kfree_skb(n);
  }
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(Shapes, Copy, ::testing::ValuesIn(kAllShapes),
                         [](const ::testing::TestParamInfo<Shape>& info) { return ShapeName(info.param); });

TEST_F(SkbTest, CopyExpandOnlyMovesAPartialCsumStart) {
  sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 100});
  ASSERT_NE(skb, nullptr);
  skb->ip_summed = CHECKSUM_COMPLETE;
  skb->csum = 0xabcd0040;
  sk_buff* n = skb_copy_expand(skb, 64, 0, GFP_ATOMIC);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->csum, 0xabcd0040u);
  kfree_skb(n);
  kfree_skb(skb);
}

// skb_headers_offset_update() moves the inner (tunnel) headers too.
TEST_F(SkbTest, CopyExpandShiftsInnerHeaders) {
  sk_buff* skb = Build(Geometry{.headroom = 32, .headlen = 100});
  ASSERT_NE(skb, nullptr);
  skb_reset_network_header(skb);
  skb_set_transport_header(skb, 20);
  skb_reset_inner_headers(skb);
  sk_buff* n = skb_copy_expand(skb, 96, 0, GFP_ATOMIC);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->network_header, 96);
  EXPECT_EQ(n->inner_network_header, 96);
  EXPECT_EQ(n->inner_transport_header, 116);
  kfree_skb(n);
  kfree_skb(skb);
}

// ---- skb_cow / skb_cow_head ---------------------------------------------------------------------

struct CowCase {
  const char* name;
  const char* profile;
  unsigned headroom;  // of the skb
  Sharing sharing;
  bool head_variant;  // skb_cow_head instead of skb_cow
  unsigned ask;
  bool reallocates;
  unsigned headroom_after;
};

// delta = headroom wanted - headroom; expand by ALIGN(delta, NET_SKB_PAD)
// when delta > 0 or the skb is (header-)cloned. 2.6.32 first raises the
// request to NET_SKB_PAD (32).
const CowCase kCowCases[] = {
    {"ShortHeadroom", "6.12", 10, Sharing::kPrivate, false, 20, true, 10 + 64},
    {"ShortHeadroom", "3.10", 10, Sharing::kPrivate, false, 20, true, 10 + 64},
    {"ShortHeadroom", "2.6.32", 10, Sharing::kPrivate, false, 20, true, 10 + 32},
    {"ShortHeadroomByALot", "6.12", 10, Sharing::kPrivate, false, 100, true, 10 + 128},
    {"EnoughHeadroom", "6.12", 40, Sharing::kPrivate, false, 20, false, 40},
    {"EnoughHeadroom", "2.6.32", 40, Sharing::kPrivate, false, 20, false, 40},
    {"NoHeadroomAskedFor", "6.12", 10, Sharing::kPrivate, false, 0, false, 10},
    {"NoHeadroomAskedFor", "2.6.32", 10, Sharing::kPrivate, false, 0, true, 10 + 32},
    {"Cloned", "6.12", 40, Sharing::kCloned, false, 20, true, 40},
    {"ClonedHead", "6.12", 40, Sharing::kCloned, true, 20, true, 40},
    {"NohdrClone", "6.12", 40, Sharing::kNohdrClone, false, 20, true, 40},
    {"NohdrCloneHead", "6.12", 40, Sharing::kNohdrClone, true, 20, false, 40},
    {"NohdrCloneHeadShort", "6.12", 10, Sharing::kNohdrClone, true, 20, true, 10 + 64},
};

class Cow : public SkbTestWithParam<CowCase> {};

TEST_P(Cow, HeadroomRoundedToNetSkbPadAndAPrivateHead) {
  const CowCase& c = GetParam();
  skb::ScopedProfile sp(P(c.profile));
  SharedSkb s = MakeShared(c.sharing, Geometry{.headroom = c.headroom, .headlen = 100, .frags = {50}});
  ASSERT_NE(s.skb, nullptr);
  unsigned char* head = s.skb->head;
  EXPECT_EQ(c.head_variant ? skb_cow_head(s.skb, c.ask) : skb_cow(s.skb, c.ask), 0);
  EXPECT_EQ(s.skb->head != head, c.reallocates);
  EXPECT_EQ(skb_headroom(s.skb), c.headroom_after);
  if (c.reallocates) {
    EXPECT_EQ(skb_cloned(s.skb), 0);
  }
  EXPECT_EQ(s.skb->data_len, 50u) << "skb_cow does not linearise";
  EXPECT_TRUE(BytesEqual(Flatten(s.skb), Pattern(150)));
  kfree_skb(s.skb);
  kfree_skb(s.peer);
}

INSTANTIATE_TEST_SUITE_P(Table, Cow, ::testing::ValuesIn(kCowCases),
                         [](const ::testing::TestParamInfo<CowCase>& info) {
                           return ProfileParamName(skb::ByName(info.param.profile)) + "_" + info.param.name;
                         });

// ---- skb_ensure_writable (3.19+) ---------------------------------------------------------------------

TEST_F(SkbTest, EnsureWritable) {
  // Longer than the packet: -ENOMEM, nothing changed.
  {
    skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
    ASSERT_TRUE(skb);
    unsigned char* head = skb->head;
    EXPECT_EQ(skb_ensure_writable(skb.get(), 979), -ENOMEM);
    EXPECT_EQ(skb->head, head);
    EXPECT_EQ(skb_headlen(skb.get()), 54u);
  }
  // Private: only the pull.
  {
    skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
    ASSERT_TRUE(skb);
    EXPECT_EQ(skb_ensure_writable(skb.get(), 40), 0);
    EXPECT_EQ(skb_headlen(skb.get()), 54u);
    EXPECT_EQ(skb_ensure_writable(skb.get(), 100), 0);
    EXPECT_EQ(skb_headlen(skb.get()), 100u) << "exactly write_len is made linear, no more";
    EXPECT_TRUE(BytesEqual(Flatten(skb.get()), Pattern(978)));
  }
  // Cloned: a private head.
  {
    SharedSkb s = MakeShared(Sharing::kCloned, GeometryOf(Shape::kPaged));
    ASSERT_NE(s.skb, nullptr);
    unsigned char* head = s.skb->head;
    EXPECT_EQ(skb_ensure_writable(s.skb, 20), 0);
    EXPECT_NE(s.skb->head, head);
    EXPECT_EQ(skb_cloned(s.skb), 0);
    EXPECT_EQ(skb_headlen(s.skb), 54u);
    kfree_skb(s.skb);
    kfree_skb(s.peer);
  }
  // A TCP transmit clone writing inside hdr_len: nothing to do.
  {
    SharedSkb s = MakeShared(Sharing::kNohdrClone, Geometry{.headroom = 64, .headlen = 100});
    ASSERT_NE(s.skb, nullptr);
    skb_push(s.skb, 40);
    unsigned char* head = s.skb->head;
    EXPECT_EQ(skb_ensure_writable(s.skb, 40), 0);
    EXPECT_EQ(s.skb->head, head);
    EXPECT_NE(skb_cloned(s.skb), 0);
    EXPECT_EQ(skb_ensure_writable(s.skb, 41), 0);  // one byte into the payload
    EXPECT_NE(s.skb->head, head);
    EXPECT_EQ(skb_cloned(s.skb), 0);
    kfree_skb(s.skb);
    kfree_skb(s.peer);
  }
}

}  // namespace
}  // namespace skb_test
