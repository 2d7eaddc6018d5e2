// Allocation and free: __alloc_skb / alloc_skb / alloc_skb_fclone, build_skb,
// netdev_alloc_skb, kfree_skb / consume_skb / __kfree_skb, skb_get, and the
// refcount_t warnings (kernel-semantics.md §1.3, §1.8, §2).
#include <linux/slab.h>

#include <string>
#include <vector>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::HasSubstr;

// The kernel's struct sk_buff_fclones (3.18+ name; the same pair existed
// before): the original, its companion, then the pair's refcount.
struct Fclones {
  sk_buff skb1;
  sk_buff skb2;
  refcount_t fclone_ref;
};
sk_buff* Companion(sk_buff* orig) { return &reinterpret_cast<Fclones*>(orig)->skb2; }
unsigned FcloneRef(sk_buff* orig) { return refcount_read(&reinterpret_cast<Fclones*>(orig)->fclone_ref); }

// ---- __alloc_skb: geometry and truesize, per profile -----------------------

struct AllocCase {
  const char* profile;
  unsigned size;
  unsigned end;  // = tailroom of the fresh skb
  unsigned truesize;
  const char* why;
};

// x86_64, 64-byte cache lines. 3.x+: end = SKB_WITH_OVERHEAD(ksize(data)),
// truesize = SKB_TRUESIZE(end) = end + 256 + 320; 2.6.32: end =
// SKB_DATA_ALIGN(size), truesize = end + sizeof(struct sk_buff) (232 in
// 2.6.32.69; the shared info is not counted). 6.3+ serves heads of up to
// SKB_SMALL_HEAD_CACHE_SIZE bytes from skb_small_head_cache: 704 in 6.12.117.
const AllocCase kAllocCases[] = {
    {"6.12", 1500, 1728, 2304, "1536 + 320 -> kmalloc-2048: the brief's worked example"},
    {"5.10", 1500, 1728, 2304, "1536 + 320 -> kmalloc-2048: the brief's worked example"},
    {"3.10", 1500, 1728, 2304, "1536 + 320 (shinfo 312, aligned) -> kmalloc-2048"},
    {"2.6.32", 1500, 1536, 1768, "exactly SKB_DATA_ALIGN(1500); 1536 + 232"},
    {"6.12", 100, 384, 960, "128 + 320 = 448 <= 704: skb_small_head_cache"},
    {"5.10", 100, 192, 768, "128 + 320 -> kmalloc-512"},
    {"3.10", 100, 192, 768, "128 + 320 -> kmalloc-512"},
    {"2.6.32", 100, 128, 360, "SKB_DATA_ALIGN(100); 128 + 232"},
    {"6.12", 0, 384, 960, "0 + 320 <= 704: skb_small_head_cache"},
    {"5.10", 0, 192, 768, "0 + 320 -> kmalloc-512"},
    {"2.6.32", 0, 0, 232, "no linear room at all"},
    {"6.12", 384, 384, 960, "384 + 320 = 704: the largest small head"},
    {"6.12", 385, 704, 1280, "448 + 320 = 768 -> kmalloc-1024"},
    {"6.12", 4000, 7872, 8448, "4032 + 320 -> kmalloc-8192"},
    {"2.6.32", 4000, 4032, 4264, "SKB_DATA_ALIGN(4000); 4032 + 232"},
};

class AllocSkbGeometry : public SkbTestWithParam<AllocCase> {};

TEST_P(AllocSkbGeometry, EndTailroomTruesizeAndInitialState) {
  const AllocCase& c = GetParam();
  SCOPED_TRACE(c.why);
  skb::ScopedProfile sp(P(c.profile));
  sk_buff* skb = alloc_skb(c.size, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb->end, c.end);
  EXPECT_EQ(skb_tailroom(skb), static_cast<int>(c.end));
  EXPECT_EQ(skb->truesize, c.truesize);
  // Geometry of a fresh skb.
  EXPECT_EQ(skb->data, skb->head);
  EXPECT_EQ(skb->tail, 0u);
  EXPECT_EQ(skb_headroom(skb), 0u);
  EXPECT_EQ(skb->len, 0u);
  EXPECT_EQ(skb->data_len, 0u);
  EXPECT_EQ(reinterpret_cast<unsigned char*>(skb_shinfo(skb)), skb->head + c.end);
  // Ownership and flags.
  EXPECT_EQ(Users(skb), 1u);
  EXPECT_EQ(Dataref(skb), 1);
  EXPECT_EQ(skb->cloned, 0);
  EXPECT_EQ(skb->nohdr, 0);
  EXPECT_EQ(skb->fclone, SKB_FCLONE_UNAVAILABLE);
  EXPECT_EQ(skb->head_frag, 0);
  EXPECT_EQ(skb->ip_summed, CHECKSUM_NONE);
  EXPECT_EQ(skb->next, nullptr);
  EXPECT_EQ(skb->prev, nullptr);
  EXPECT_EQ(skb->sk, nullptr);
  EXPECT_EQ(skb->dev, nullptr);
  EXPECT_EQ(skb->destructor, nullptr);
  EXPECT_EQ(skb->hdr_len, 0);
  // Shared info: zeroed up to dataref.
  EXPECT_EQ(skb_shinfo(skb)->nr_frags, 0);
  EXPECT_EQ(skb_shinfo(skb)->frag_list, nullptr);
  EXPECT_EQ(skb_shinfo(skb)->gso_size, 0);
  EXPECT_EQ(skb_shinfo(skb)->gso_segs, 0);
  EXPECT_EQ(skb_shinfo(skb)->gso_type, 0u);
  EXPECT_EQ(skb_shinfo(skb)->flags, 0);
  EXPECT_EQ(skb_shinfo(skb)->tx_flags, 0);
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(Table, AllocSkbGeometry, ::testing::ValuesIn(kAllocCases),
                         [](const ::testing::TestParamInfo<AllocCase>& info) {
                           return ProfileParamName(skb::ByName(info.param.profile)) + "_size" +
                                  std::to_string(info.param.size);
                         });

// The worked example of kernel-semantics.md §1.8, spelled out.
TEST_F(SkbTest, WorkedExampleAllocSkb1500) {
  for (const char* name : {"6.12", "5.10"}) {
    skb::ScopedProfile sp(P(name));
    skb::SkbPtr skb(alloc_skb(1500, GFP_KERNEL));
    ASSERT_TRUE(skb);
    EXPECT_EQ(skb_tailroom(skb.get()), 1728) << name;
    EXPECT_EQ(skb->truesize, 2304u) << name;
  }
  skb::ScopedProfile sp(P("2.6.32"));
  skb::SkbPtr skb(alloc_skb(1500, GFP_KERNEL));
  ASSERT_TRUE(skb);
  EXPECT_EQ(skb_tailroom(skb.get()), static_cast<int>(SKB_DATA_ALIGN(1500)));
  EXPECT_EQ(skb_tailroom(skb.get()), 1536);
}

// ---- header offsets at allocation ------------------------------------------

class AllocHeaders : public PerProfile {};

// mac_header is ~0 everywhere (offset mode); transport_header from 3.10; the
// network header is left at 0 by __alloc_skb in every version modelled.
TEST_P(AllocHeaders, UnsetSentinels) {
  skb::ScopedProfile sp(profile());
  skb::SkbPtr skb(alloc_skb(128, GFP_KERNEL));
  ASSERT_TRUE(skb);
  EXPECT_EQ(skb->mac_header, 0xffff);
  EXPECT_FALSE(skb_mac_header_was_set(skb.get()));
  EXPECT_EQ(skb->network_header, 0);
  if (!profile().AtLeast(3, 0)) {
    EXPECT_EQ(skb->transport_header, 0);
    EXPECT_TRUE(skb_transport_header_was_set(skb.get()));
  } else {
    EXPECT_EQ(skb->transport_header, 0xffff);
    EXPECT_FALSE(skb_transport_header_was_set(skb.get()));
  }
}
SKB_INSTANTIATE_PER_PROFILE(AllocHeaders);

// ---- fast clones -------------------------------------------------------------

class Fclone : public PerProfile {};

TEST_P(Fclone, AllocSkbFcloneAndTheCompanionLifecycle) {
  skb::ScopedProfile sp(profile());
  const bool permanent = profile().AtLeast(3, 18);  // d0bf4a9e92b9
  const int idle = permanent ? SKB_FCLONE_CLONE : SKB_FCLONE_UNAVAILABLE;

  sk_buff* skb = alloc_skb_fclone(256, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb->fclone, SKB_FCLONE_ORIG);
  EXPECT_EQ(Companion(skb)->fclone, idle);
  EXPECT_EQ(FcloneRef(skb), 1u);
  skb_put(skb, 100);

  // The first clone is the companion, and costs no allocation: it succeeds
  // even when the next allocation is made to fail.
  const uint64_t allocs = skb::AllocationCount();
  skb::FailAllocationAfter(0);
  sk_buff* c1 = skb_clone(skb, GFP_ATOMIC);
  skb::ClearAllocationFailures();
  ASSERT_EQ(c1, Companion(skb));
  EXPECT_EQ(skb::AllocationCount(), allocs);
  EXPECT_EQ(c1->fclone, SKB_FCLONE_CLONE);
  EXPECT_EQ(FcloneRef(skb), 2u);
  EXPECT_EQ(Dataref(skb), 2);

  // While the companion is busy a clone comes from skbuff_head_cache.
  sk_buff* c2 = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c2, nullptr);
  EXPECT_NE(c2, Companion(skb));
  EXPECT_EQ(c2->fclone, SKB_FCLONE_UNAVAILABLE);
  EXPECT_EQ(FcloneRef(skb), 2u);
  EXPECT_EQ(Dataref(skb), 3);
  kfree_skb(c2);

  // Freeing the companion makes it available again: <= 3.17 by flipping its
  // state back to UNAVAILABLE, 3.18+ by fclone_ref dropping to 1.
  kfree_skb(c1);
  EXPECT_EQ(Companion(skb)->fclone, idle);
  EXPECT_EQ(FcloneRef(skb), 1u);
  EXPECT_EQ(Dataref(skb), 1);
  EXPECT_TRUE(skb::IsLiveSkb(skb));

  sk_buff* c3 = skb_clone(skb, GFP_ATOMIC);
  ASSERT_EQ(c3, Companion(skb));
  EXPECT_EQ(c3->fclone, SKB_FCLONE_CLONE);

  // The original goes first: the pair stays until the companion goes too.
  const size_t skbs = skb::Stats().live_skbs;
  kfree_skb(skb);
  EXPECT_EQ(skb::Stats().live_skbs, skbs - 1);
  EXPECT_TRUE(skb::IsLiveSkb(c3));
  EXPECT_EQ(c3->len, 100u);
  EXPECT_EQ(Dataref(c3), 1);
  kfree_skb(c3);
}

TEST_P(Fclone, AllocSkbWithFcloneFlagIsAllocSkbFclone) {
  skb::ScopedProfile sp(profile());
  sk_buff* a = __alloc_skb(1500, GFP_KERNEL, SKB_ALLOC_FCLONE, -1);
  sk_buff* b = alloc_skb_fclone(1500, GFP_KERNEL);
  sk_buff* plain = __alloc_skb(1500, GFP_KERNEL, 0, -1);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(a->fclone, SKB_FCLONE_ORIG);
  EXPECT_EQ(b->fclone, SKB_FCLONE_ORIG);
  EXPECT_EQ(plain->fclone, SKB_FCLONE_UNAVAILABLE);
  EXPECT_EQ(a->end, plain->end);
  EXPECT_EQ(a->truesize, plain->truesize);
  kfree_skb(a);
  kfree_skb(b);
  kfree_skb(plain);
}

TEST_P(Fclone, ClonesOfAPlainSkbNeverUseACompanion) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = alloc_skb(256, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->fclone, SKB_FCLONE_UNAVAILABLE);
  kfree_skb(skb);
  kfree_skb(c);
}
SKB_INSTANTIATE_PER_PROFILE(Fclone);

// ---- build_skb -----------------------------------------------------------------

// build_skb exists from 3.2 (kmalloc'd heads) and 3.5 (frag_size, head_frag).
class BuildSkb : public SkbTestWithParam<const char*> {};

TEST_P(BuildSkb, KmallocDataWithFragSizeZeroUsesKsize) {
  skb::ScopedProfile sp(P(GetParam()));
  void* data = kmalloc(2048, GFP_ATOMIC);
  ASSERT_NE(data, nullptr);
  ASSERT_EQ(ksize(data), 2048u);
  const size_t heads = skb::Stats().live_heads;
  sk_buff* skb = build_skb(data, 0);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb->head, data);
  EXPECT_EQ(skb->data, data);
  EXPECT_EQ(skb->tail, 0u);
  EXPECT_EQ(skb->end, 2048u - 320u);  // SKB_WITH_OVERHEAD(ksize)
  EXPECT_EQ(skb->truesize, 1728u + 256u + 320u);
  EXPECT_EQ(skb->head_frag, 0);
  EXPECT_EQ(Users(skb), 1u);
  EXPECT_EQ(Dataref(skb), 1);
  EXPECT_EQ(skb->mac_header, 0xffff);
  EXPECT_EQ(skb->transport_header, 0xffff);
  // The driver then reserves its headroom and puts the received length.
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD));
  skb_put(skb, 1000);
  EXPECT_EQ(skb_headroom(skb), NET_SKB_PAD);
  EXPECT_EQ(skb->len, 1000u);
  kfree_skb(skb);  // frees the kmalloc'd head
  EXPECT_EQ(skb::Stats().live_heads, heads - 1);
}

TEST_P(BuildSkb, PageFragWithFragSize) {
  skb::ScopedProfile sp(P(GetParam()));
  const size_t pages = skb::Stats().live_pages;
  const unsigned fragsz = SKB_DATA_ALIGN(1600) + SKB_SHINFO_SIZE;
  void* data = netdev_alloc_frag(fragsz);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(skb::Stats().live_pages, pages + 1);
  page* pg = virt_to_head_page(data);
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(page_count(pg), 1);
  sk_buff* skb = build_skb(data, fragsz);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb->head, data);
  EXPECT_EQ(skb->end, 1600u);
  EXPECT_EQ(skb->truesize, 1600u + 256u + 320u);
  EXPECT_EQ(skb->head_frag, 1);
  EXPECT_EQ(skb->pfmemalloc, 0);
  kfree_skb(skb);  // skb_free_frag: the page reference goes
  EXPECT_EQ(skb::Stats().live_pages, pages);
}

TEST_P(BuildSkb, PfmemallocPagePropagates) {
  skb::ScopedProfile sp(P(GetParam()));
  const unsigned fragsz = 2048;
  void* data = netdev_alloc_frag(fragsz);
  ASSERT_NE(data, nullptr);
  virt_to_head_page(data)->pfmemalloc = true;
  sk_buff* skb = build_skb(data, fragsz);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb->pfmemalloc, 1);
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(HeadFragProfiles, BuildSkb, ::testing::Values("6.12", "5.10", "3.10"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return ProfileParamName(skb::ByName(info.param));
                         });

// The kmalloc-N size classes of x86_64 SLUB, then whole pages.
TEST_F(SkbTest, KmallocSizeClasses) {
  struct Case {
    size_t request, ksize;
  };
  for (Case c : {Case{1, 8}, Case{8, 8}, Case{9, 16}, Case{65, 96}, Case{97, 128}, Case{129, 192},
                 Case{193, 256}, Case{257, 512}, Case{500, 512}, Case{513, 1024}, Case{2048, 2048},
                 Case{2049, 4096}, Case{8192, 8192}, Case{8193, 16384}}) {
    EXPECT_EQ(skb::KmallocSize(c.request), c.ksize) << c.request;
  }
  for (const skb::Profile* p : skb::All()) {
    skb::ScopedProfile sp(*p);
    void* mem = kmalloc(2000, GFP_KERNEL);
    ASSERT_NE(mem, nullptr);
    EXPECT_EQ(ksize(mem), 2048u) << p->name;
    kfree(mem);
  }
}

// skb_small_head_cache (6.3+) is a separate cache used only for skb heads
// (kmalloc_reserve); a plain kmalloc(500) is still kmalloc-512, and
// build_skb(data, 0) over it gets SKB_WITH_OVERHEAD(512) = 192 bytes.
TEST_F(SkbTest, KmallocIsNotServedFromTheSmallHeadCache) {
  skb::ScopedProfile sp(P("6.12"));
  void* data = kmalloc(500, GFP_KERNEL);
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(ksize(data), 512u);
  sk_buff* skb = build_skb(data, 0);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(skb->end, 192u);
  kfree_skb(skb);
}

// ---- netdev_alloc_skb --------------------------------------------------------

struct NetdevCase {
  const char* profile;
  unsigned length;
  gfp_t gfp;
  unsigned headroom;  // NET_SKB_PAD
  int tailroom;
  int head_frag;
  unsigned truesize;
  const char* why;
};

const NetdevCase kNetdevCases[] = {
    {"6.12", 1500, GFP_ATOMIC, 64, 1536, 1, 2176, "page frag of 1600 + 320"},
    {"5.10", 1500, GFP_ATOMIC, 64, 1536, 1, 2176, "page frag of 1600 + 320"},
    {"3.10", 1500, GFP_ATOMIC, 64, 1536, 1, 2176, "page frag of 1600 + 320"},
    {"2.6.32", 1500, GFP_ATOMIC, 32, 1504, 0, 1768, "alloc_skb(1500 + NET_SKB_PAD 32)"},
    {"6.12", 100, GFP_ATOMIC, 64, 320, 0, 960, "164 <= SKB_WITH_OVERHEAD(704): small head cache"},
    {"5.10", 100, GFP_ATOMIC, 64, 128, 1, 768, "page frag of 192 + 320"},
    {"6.12", 1500, GFP_KERNEL, 64, 1664, 0, 2304, "__GFP_DIRECT_RECLAIM: kmalloc'd head"},
    {"6.12", 3712, GFP_ATOMIC, 64, 3712, 1, 4352, "3776 + 320 = PAGE_SIZE: the largest frag head"},
    {"6.12", 3713, GFP_ATOMIC, 64, 7808, 0, 8448, "3840 + 320 > PAGE_SIZE: kmalloc-8192"},
};

class NetdevAllocSkb : public SkbTestWithParam<NetdevCase> {};

TEST_P(NetdevAllocSkb, HeadroomTailroomHeadFragTruesize) {
  const NetdevCase& c = GetParam();
  SCOPED_TRACE(c.why);
  skb::ScopedProfile sp(P(c.profile));
  net_device dev{};
  std::strcpy(dev.name, "eth0");
  const size_t pages = skb::Stats().live_pages;
  sk_buff* skb = __netdev_alloc_skb(&dev, c.length, c.gfp);
  ASSERT_NE(skb, nullptr);
  EXPECT_EQ(NET_SKB_PAD, c.headroom);
  EXPECT_EQ(skb_headroom(skb), c.headroom);
  EXPECT_EQ(skb_tailroom(skb), c.tailroom);
  EXPECT_EQ(skb->head_frag, c.head_frag);
  EXPECT_EQ(skb->truesize, c.truesize);
  EXPECT_EQ(skb->len, 0u);
  EXPECT_EQ(skb->dev, &dev);
  EXPECT_EQ(skb::Stats().live_pages, pages + (c.head_frag ? 1 : 0));
  kfree_skb(skb);
  EXPECT_EQ(skb::Stats().live_pages, pages);
}

INSTANTIATE_TEST_SUITE_P(Table, NetdevAllocSkb, ::testing::ValuesIn(kNetdevCases),
                         [](const ::testing::TestParamInfo<NetdevCase>& info) {
                           return ProfileParamName(skb::ByName(info.param.profile)) + "_len" +
                                  std::to_string(info.param.length) +
                                  (info.param.gfp == GFP_KERNEL ? "_gfp_kernel" : "_gfp_atomic");
                         });

TEST_F(SkbTest, NetdevAllocSkbIsGfpAtomic) {
  skb::SkbPtr a(netdev_alloc_skb(nullptr, 1500));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->head_frag, 1);
  EXPECT_EQ(skb_headroom(a.get()), 64u);
  EXPECT_EQ(a->dev, nullptr);
}

// ---- kfree_skb / consume_skb / __kfree_skb / skb_get --------------------------

int g_destructor_calls;
void CountingDestructor(sk_buff*) { g_destructor_calls++; }

TEST_F(SkbTest, KfreeSkbDropsOneUserAndFreesAtZero) {
  g_destructor_calls = 0;
  const size_t skbs = skb::Stats().live_skbs;
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb->destructor = CountingDestructor;
  EXPECT_FALSE(skb_shared(skb));
  EXPECT_EQ(skb_get(skb), skb);
  EXPECT_EQ(Users(skb), 2u);
  EXPECT_TRUE(skb_shared(skb));
  EXPECT_EQ(skb_get(skb), skb);
  EXPECT_EQ(Users(skb), 3u);

  kfree_skb(skb);
  EXPECT_EQ(Users(skb), 2u);
  consume_skb(skb);
  EXPECT_EQ(Users(skb), 1u);
  EXPECT_FALSE(skb_shared(skb));
  EXPECT_EQ(skb::Stats().live_skbs, skbs + 1);
  EXPECT_EQ(g_destructor_calls, 0);

  consume_skb(skb);
  EXPECT_EQ(g_destructor_calls, 1);
  EXPECT_EQ(skb::Stats().live_skbs, skbs);
  EXPECT_FALSE(skb::IsLiveSkb(skb));
}

TEST_F(SkbTest, FreeingNullIsANoOp) {
  const skb::MemoryStats before = skb::Stats();
  kfree_skb(nullptr);
  consume_skb(nullptr);
  EXPECT_EQ(skb::Stats().live_skbs, before.live_skbs);
  EXPECT_TRUE(skb::Recorded().empty());
}

TEST_F(SkbTest, UnderscoreKfreeSkbFreesRegardlessOfUsers) {
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb_get(skb);
  skb_get(skb);
  const size_t skbs = skb::Stats().live_skbs;
  __kfree_skb(skb);
  EXPECT_EQ(skb::Stats().live_skbs, skbs - 1);
}

TEST_F(SkbTest, FreeingACloneLeavesTheHeadToTheOther) {
  sk_buff* skb = Build(GeometryOf(Shape::kPaged));
  ASSERT_NE(skb, nullptr);
  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  const std::vector<page*> pages = FragPages(skb);
  const size_t heads = skb::Stats().live_heads;
  kfree_skb(skb);
  EXPECT_EQ(skb::Stats().live_heads, heads);
  EXPECT_EQ(Dataref(c), 1);
  for (page* pg : pages) {
    EXPECT_TRUE(skb::IsLivePage(pg));
    EXPECT_EQ(page_count(pg), 1);
  }
  EXPECT_TRUE(BytesEqual(Flatten(c), Pattern(GeometryOf(Shape::kPaged).Len())));
  kfree_skb(c);
  EXPECT_EQ(skb::Stats().live_heads, heads - 1);
  for (page* pg : pages) EXPECT_FALSE(skb::IsLivePage(pg));
}

// A frag_list member shared elsewhere survives the parent: skb_drop_fraglist
// drops one user per member.
TEST_F(SkbTest, FreeingTheParentDropsOneUserPerFragListMember) {
  sk_buff* skb = Build(GeometryOf(Shape::kFragList));
  ASSERT_NE(skb, nullptr);
  sk_buff* m0 = skb_shinfo(skb)->frag_list;
  skb_get(m0);
  kfree_skb(skb);
  ASSERT_TRUE(skb::IsLiveSkb(m0));
  EXPECT_EQ(Users(m0), 1u);
  EXPECT_EQ(m0->len, 99u);
  kfree_skb(m0);
}

// ---- refcount_t (4.13+) vs atomic_t users -------------------------------------

class UsersRefcount : public PerProfile {};

// kfree_skb on an skb whose users is already 0: 4.13+ refcount_t WARNs and
// does not free; atomic_t (2.6.32/3.10) silently decrements to -1.
TEST_P(UsersRefcount, KfreeSkbOnZeroUsers) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  const size_t skbs = skb::Stats().live_skbs;
  {
    skb::ScopedCheckedMode unchecked(false);  // users == 0 is what we are testing
    refcount_set(&skb->users, 0);
    kfree_skb(skb);
  }
  EXPECT_EQ(skb::Stats().live_skbs, skbs) << "an skb with users == 0 must not be freed again";
  std::vector<skb::Report> warns = RecordedOfTier(skb::Tier::kWarn);
  if (profile().users_is_refcount_t) {
    ASSERT_EQ(warns.size(), 1u);
    EXPECT_EQ(warns[0].site, skb::Site::kRefcountUnderflow);
    EXPECT_EQ(warns[0].function, "refcount_warn_saturate");
    EXPECT_EQ(warns[0].kind, "WARNING");
    EXPECT_THAT(warns[0].text, HasSubstr("refcount_t: underflow; use-after-free.\n"));
    EXPECT_THAT(warns[0].text, HasSubstr("WARNING: CPU: 0 PID: "));
    EXPECT_THAT(warns[0].text, HasSubstr(" at lib/refcount.c:"));
  } else {
    EXPECT_TRUE(warns.empty());
    EXPECT_EQ(atomic_read(&skb->users.refs), -1);
  }
  refcount_set(&skb->users, 1);
  kfree_skb(skb);
}

TEST_P(UsersRefcount, SkbGetOnZeroUsers) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  {
    skb::ScopedCheckedMode unchecked(false);
    refcount_set(&skb->users, 0);
    skb_get(skb);
  }
  std::vector<skb::Report> warns = RecordedOfTier(skb::Tier::kWarn);
  if (profile().users_is_refcount_t) {
    ASSERT_EQ(warns.size(), 1u);
    EXPECT_EQ(warns[0].site, skb::Site::kRefcountUnderflow);
    EXPECT_THAT(warns[0].text, HasSubstr("refcount_t: addition on 0; use-after-free.\n"));
  } else {
    EXPECT_TRUE(warns.empty());
    EXPECT_EQ(Users(skb), 1u);
  }
  refcount_set(&skb->users, 1);
  kfree_skb(skb);
}

// refcount_warn_saturate() leaves the counter at REFCOUNT_SATURATED
// (INT_MIN / 2) for both underflow and addition on 0 (lib/refcount.c, 4.13+),
// so every later get/put warns again instead of reaching a real 0.
TEST_F(SkbTest, RefcountSaturatesAfterTheWarning) {
  for (const char* name : {"6.12", "5.10"}) {
    skb::ScopedProfile sp(P(name));
    sk_buff* skb = alloc_skb(128, GFP_KERNEL);
    ASSERT_NE(skb, nullptr);
    {
      skb::ScopedCheckedMode unchecked(false);
      refcount_set(&skb->users, 0);
      kfree_skb(skb);
      EXPECT_EQ(Users(skb), 0xc0000000u) << name << ": after the underflow";
      refcount_set(&skb->users, 0);
      skb_get(skb);
      EXPECT_EQ(Users(skb), 0xc0000000u) << name << ": after the addition on 0";
    }
    refcount_set(&skb->users, 1);
    kfree_skb(skb);
  }
}

SKB_INSTANTIATE_PER_PROFILE(UsersRefcount);

}  // namespace
}  // namespace skb_test
