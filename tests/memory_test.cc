// The memory model: slab modes (asan / kernel-like LIFO reuse with the free
// pointer inside the free object), fault injection, pages and their
// reference counts, and the registry behind skb::Stats()
// (include/skb/memory.h, include/linux/mm.h; seed-scenarios.md 003).
#include <errno.h>
#include <linux/slab.h>

#include <cstring>
#include <functional>
#include <tuple>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

bool AsanBuild() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

// ---- slab modes ----------------------------------------------------------------------

// Switches to the kernel-like slab for one test. Switching needs no live
// object (SetSlabMode aborts otherwise), so a leak fails the test instead.
class KernelSlab : public SkbTest {
 protected:
  void SetUp() override {
    SkbTest::SetUp();
    ASSERT_EQ(skb::GetSlabMode(), skb::SlabMode::kAsan) << "the default";
    ASSERT_EQ(start_.live_skbs, 0u);
    ASSERT_EQ(start_.live_heads, 0u);
    skb::SetSlabMode(skb::SlabMode::kKernel);
  }
  void TearDown() override {
    const skb::MemoryStats now = skb::Stats();
    if (now.live_skbs == 0 && now.live_heads == 0) {
      skb::SetSlabMode(skb::SlabMode::kAsan);
    } else {
      ADD_FAILURE() << "objects left live in kernel slab mode; the mode stays kKernel";
    }
    SkbTest::TearDown();
  }
};

// SLUB hands out the most recently freed object first.
TEST_F(KernelSlab, FreedObjectsAreReusedLastInFirstOut) {
  EXPECT_EQ(skb::GetSlabMode(), skb::SlabMode::kKernel);
  sk_buff* a = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(a, nullptr);
  unsigned char* head_a = a->head;
  kfree_skb(a);
  sk_buff* b = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b, a) << "same sk_buff";
  EXPECT_EQ(b->head, head_a) << "same head (same kmalloc size class)";
  sk_buff* c = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(c, nullptr);
  EXPECT_NE(c, b);
  kfree_skb(c);
  kfree_skb(b);
  sk_buff* d = alloc_skb(100, GFP_KERNEL);
  sk_buff* e = alloc_skb(100, GFP_KERNEL);
  EXPECT_EQ(d, b) << "the last freed comes back first";
  EXPECT_EQ(e, c);
  kfree_skb(d);
  kfree_skb(e);
}

// Seed 003's mechanism: SLUB keeps the free-list pointer at offset 0 of a
// free object, which for an sk_buff is ->next. A stale write of a pointer
// there (an unlinked-then-freed skb whose ->next is set once more to the
// queue head) makes the allocation after next return that pointer.
alignas(64) unsigned char g_not_a_slab_object[1024];

TEST_F(KernelSlab, AStaleWriteAtOffsetZeroRedirectsTheNextButOneAllocation) {
  auto* queue = reinterpret_cast<sk_buff_head*>(g_not_a_slab_object);
  sk_buff* victim = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(victim, nullptr);
  kfree_skb(victim);
  // The freed victim's first word is the free-list pointer.
  void* next_free = nullptr;
  std::memcpy(&next_free, victim, sizeof(void*));
  // The plain buffer looks like a queue head; its first word is where the
  // allocator will look for the free object after it: point it back into
  // the cache so the cache stays usable after the test.
  queue->next = static_cast<sk_buff*>(next_free);
  queue->prev = reinterpret_cast<sk_buff*>(queue);
  queue->qlen = 7;
  // The stale write: victim->next = (struct sk_buff *)queue, after the free.
  sk_buff* stale = reinterpret_cast<sk_buff*>(queue);
  std::memcpy(victim, &stale, sizeof(void*));

  sk_buff* first = alloc_skb(100, GFP_KERNEL);
  sk_buff* second = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first, victim);
  EXPECT_EQ(static_cast<void*>(second), static_cast<void*>(queue)) << "the allocator handed out the queue head";
  // __alloc_skb zeroed everything before tail: the "queue head" now has
  // next == prev == NULL and qlen == 0, as in the vmcore.
  EXPECT_EQ(queue->next, nullptr);
  EXPECT_EQ(queue->prev, nullptr);
  EXPECT_EQ(queue->qlen, 0u);
  EXPECT_TRUE(skb::IsLiveSkb(second));
  sk_buff* third = alloc_skb(100, GFP_KERNEL);
  EXPECT_EQ(static_cast<void*>(third), next_free) << "and then the cache goes on as before";
  kfree_skb(third);
  kfree_skb(second);
  kfree_skb(first);
}

// In asan mode the same stale write is itself the report.
TEST(SlabDeathTest, AsanModeStopsAtTheStaleWrite) {
  if (!AsanBuild()) GTEST_SKIP() << "needs an AddressSanitizer build";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        sk_buff* victim = alloc_skb(100, GFP_KERNEL);
        kfree_skb(victim);
        *reinterpret_cast<void* volatile*>(victim) = nullptr;
      },
      "heap-use-after-free");
}

TEST(SlabDeathTest, SwitchingModeWithLiveObjectsAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        alloc_skb(100, GFP_KERNEL);
        skb::SetSlabMode(skb::SlabMode::kKernel);
      },
      "SetSlabMode with 1 live skbs and 1 live heads");
}

// ---- the registry and Stats() ---------------------------------------------------------

TEST_F(SkbTest, StatsCountSkbsHeadsAndPages) {
  const skb::MemoryStats s0 = skb::Stats();
  sk_buff* skb = Build(Geometry{.headroom = 0, .headlen = 1500, .frags = {100, 200}});
  ASSERT_NE(skb, nullptr);
  skb::MemoryStats s1 = skb::Stats();
  EXPECT_EQ(s1.live_skbs, s0.live_skbs + 1);
  EXPECT_EQ(s1.live_heads, s0.live_heads + 1);
  EXPECT_EQ(s1.live_pages, s0.live_pages + 2);
  EXPECT_GE(s1.live_head_bytes, s0.live_head_bytes + 2048) << "kmalloc-2048";
  EXPECT_TRUE(skb::IsLiveSkb(skb));
  const unsigned char* start = nullptr;
  size_t size = 0;
  ASSERT_TRUE(skb::FindHead(skb->data + 700, &start, &size));
  EXPECT_EQ(start, skb->head);
  EXPECT_GE(size, 2048u);
  EXPECT_FALSE(skb::FindHead(&size, nullptr, nullptr)) << "a stack address is no head";

  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(skb::Stats().live_skbs, s0.live_skbs + 2);
  EXPECT_EQ(skb::Stats().live_heads, s0.live_heads + 1) << "a clone shares the head";
  kfree_skb(c);
  kfree_skb(skb);
  const skb::MemoryStats s2 = skb::Stats();
  EXPECT_EQ(s2.live_skbs, s0.live_skbs);
  EXPECT_EQ(s2.live_heads, s0.live_heads);
  EXPECT_EQ(s2.live_pages, s0.live_pages);
  EXPECT_EQ(s2.live_head_bytes, s0.live_head_bytes);
  EXPECT_FALSE(skb::IsLiveSkb(skb));
  EXPECT_FALSE(skb::IsLiveSkb(nullptr));
}

// ---- pages ------------------------------------------------------------------------------

TEST_F(SkbTest, PageReferenceCounting) {
  const size_t pages = skb::Stats().live_pages;
  page* pg = alloc_page(GFP_KERNEL);
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(skb::Stats().live_pages, pages + 1);
  EXPECT_TRUE(skb::IsLivePage(pg));
  EXPECT_EQ(page_count(pg), 1);
  EXPECT_EQ(page_ref_count(pg), 1);
  EXPECT_EQ(compound_order(pg), 0u);
  EXPECT_EQ(page_size(pg), PAGE_SIZE);
  EXPECT_FALSE(page_is_pfmemalloc(pg));
  auto* mem = static_cast<unsigned char*>(page_address(pg));
  ASSERT_NE(mem, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(mem) % PAGE_SIZE, 0u) << "page aligned";
  std::memset(mem, 0xab, PAGE_SIZE);  // the whole page is ours
  EXPECT_EQ(virt_to_head_page(mem + PAGE_SIZE - 1), pg);

  get_page(pg);
  get_page(pg);
  EXPECT_EQ(page_count(pg), 3);
  put_page(pg);
  EXPECT_EQ(page_count(pg), 2);
  put_page(pg);
  EXPECT_TRUE(skb::IsLivePage(pg));
  put_page(pg);  // to zero: freed
  EXPECT_FALSE(skb::IsLivePage(pg));
  EXPECT_EQ(skb::Stats().live_pages, pages);
}

TEST_F(SkbTest, CompoundPages) {
  page* pg = alloc_pages(GFP_KERNEL, 3);
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(compound_order(pg), 3u);
  EXPECT_EQ(page_size(pg), 32768ul);
  auto* mem = static_cast<unsigned char*>(page_address(pg));
  std::memset(mem, 0, 32768);
  EXPECT_EQ(virt_to_head_page(mem), pg);
  EXPECT_EQ(virt_to_head_page(mem + 20000), pg) << "a tail page's address maps to the head page";
  EXPECT_EQ(virt_to_head_page(mem + 32767), pg);
  EXPECT_NE(virt_to_head_page(mem + 32768), pg);
  __free_pages(pg, 3);
  EXPECT_FALSE(skb::IsLivePage(pg));
}

// put_page / get_page on a freed page: VM_BUG_ON_PAGE (mm).
TEST_F(SkbTest, PutOrGetOnAFreedPageIsABug) {
  page* pg = alloc_page(GFP_KERNEL);
  ASSERT_NE(pg, nullptr);
  put_page(pg);
  ASSERT_FALSE(skb::IsLivePage(pg));
  std::optional<skb::Report> r = CatchBug([&] { put_page(pg); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kBug);
  EXPECT_EQ(r->site, skb::Site::kPutPageZero);
  EXPECT_EQ(r->function, "put_page");
  EXPECT_EQ(r->skb, nullptr);
  EXPECT_THAT(r->text, HasSubstr("refcount:0"));
  EXPECT_THAT(r->text, HasSubstr("page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)\n"));
  EXPECT_THAT(r->text, HasSubstr("kernel BUG at include/linux/mm.h:"));

  r = CatchBug([&] { get_page(pg); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->site, skb::Site::kPutPageZero);
  EXPECT_THAT(r->text, HasSubstr("get_page on a freed page"));
}

// A frag page freed behind the skb's back: the double put when the skb goes.
TEST_F(SkbTest, AFragPagePutTooOftenBugsWhenTheSkbIsFreed) {
  sk_buff* skb = Build(Geometry{.headroom = 0, .headlen = 10, .frags = {100}});
  ASSERT_NE(skb, nullptr);
  page* pg = FragPages(skb)[0];
  put_page(pg);  // the skb's reference, dropped by someone else
  std::optional<skb::Report> r;
  {
    skb::ScopedCheckedMode unchecked(false);  // F1 would report the dead page first
    r = CatchBug([&] { kfree_skb(skb); });
  }
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->site, skb::Site::kPutPageZero);
  // The BUG unwound out of skb_release_data: finish the free without the page.
  skb_shinfo(skb)->nr_frags = 0;
  skb->data_len = 0;
  skb->len = 10;
  kfree_skb(skb);
}

// ---- fault injection ----------------------------------------------------------------------

TEST_F(SkbTest, FailAllocationAfterZeroFailsTheNextAllocationOnly) {
  const skb::MemoryStats before = skb::Stats();
  const uint64_t count = skb::AllocationCount();
  skb::FailAllocationAfter(0);
  EXPECT_EQ(alloc_skb(100, GFP_KERNEL), nullptr);
  EXPECT_EQ(skb::AllocationCount(), count + 1);
  EXPECT_EQ(skb::Stats().live_skbs, before.live_skbs);
  EXPECT_EQ(skb::Stats().live_heads, before.live_heads);
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(skb, nullptr) << "only one allocation fails";
  EXPECT_EQ(skb::AllocationCount(), count + 3) << "an sk_buff and its head";
  kfree_skb(skb);
}

TEST_F(SkbTest, AFailedHeadAllocationGivesTheSkbBack) {
  const skb::MemoryStats before = skb::Stats();
  skb::FailAllocationAfter(1);  // the sk_buff succeeds, the head fails
  EXPECT_EQ(alloc_skb(100, GFP_KERNEL), nullptr);
  EXPECT_EQ(skb::Stats().live_skbs, before.live_skbs);
  EXPECT_EQ(skb::Stats().live_heads, before.live_heads);
  skb::FailAllocationAfter(1);
  EXPECT_EQ(alloc_skb_fclone(100, GFP_KERNEL), nullptr);
  EXPECT_EQ(skb::Stats().live_skbs, before.live_skbs);
}

TEST_F(SkbTest, FailAllAllocationsUntilCleared) {
  skb::FailAllAllocationsAfter(0);
  EXPECT_EQ(alloc_skb(10, GFP_KERNEL), nullptr);
  EXPECT_EQ(alloc_skb_fclone(10, GFP_KERNEL), nullptr);
  EXPECT_EQ(netdev_alloc_skb(nullptr, 10), nullptr);
  EXPECT_EQ(netdev_alloc_skb(nullptr, 2000), nullptr);
  EXPECT_EQ(alloc_page(GFP_KERNEL), nullptr);
  EXPECT_EQ(alloc_pages(GFP_KERNEL, 2), nullptr);
  EXPECT_EQ(netdev_alloc_frag(2048), nullptr);
  EXPECT_EQ(kmalloc(64, GFP_KERNEL), nullptr);
  EXPECT_EQ(kzalloc(64, GFP_KERNEL), nullptr);
  skb::ClearAllocationFailures();
  skb::SkbPtr skb(alloc_skb(10, GFP_KERNEL));
  EXPECT_TRUE(skb);
}

TEST_F(SkbTest, FailAllAllocationsAfterN) {
  skb::FailAllAllocationsAfter(2);
  sk_buff* ok = alloc_skb(10, GFP_KERNEL);  // allocations 0 and 1
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(alloc_skb(10, GFP_KERNEL), nullptr);
  EXPECT_EQ(alloc_page(GFP_KERNEL), nullptr);
  skb::ClearAllocationFailures();
  kfree_skb(ok);
}

TEST_F(SkbTest, BuildSkbFailureLeavesTheBufferToTheCaller) {
  void* data = kmalloc(2048, GFP_ATOMIC);
  ASSERT_NE(data, nullptr);
  skb::FailAllocationAfter(0);
  EXPECT_EQ(build_skb(data, 0), nullptr);
  EXPECT_EQ(ksize(data), 2048u) << "still the caller's";
  kfree(data);
}

// A snapshot of everything an operation could change: the sk_buff, its
// linear area and its shared info.
struct Snapshot {
  explicit Snapshot(const sk_buff* skb)
      : raw(reinterpret_cast<const unsigned char*>(skb), reinterpret_cast<const unsigned char*>(skb) + sizeof(*skb)),
        head(skb->head, skb->head + skb->tail),
        shinfo(reinterpret_cast<const unsigned char*>(skb_shinfo(skb)),
               reinterpret_cast<const unsigned char*>(skb_shinfo(skb)) + sizeof(skb_shared_info)),
        bytes(Flatten(skb)) {}
  std::vector<uint8_t> raw, head, shinfo, bytes;
};

::testing::AssertionResult Untouched(const Snapshot& before, const sk_buff* skb) {
  const Snapshot now(skb);
  for (auto [what, a, b] : {std::tuple{"sk_buff", &now.raw, &before.raw}, std::tuple{"head", &now.head, &before.head},
                            std::tuple{"shinfo", &now.shinfo, &before.shinfo},
                            std::tuple{"payload", &now.bytes, &before.bytes}}) {
    ::testing::AssertionResult r = BytesEqual(*a, *b);
    if (!r) return ::testing::AssertionFailure() << what << ": " << r.message();
  }
  return ::testing::AssertionSuccess();
}

// pskb_expand_head and everything built on it: -ENOMEM (or NULL/false) and
// the skb exactly as it was.
TEST_F(SkbTest, FailedReallocationsLeaveTheSkbUntouched) {
  for (Sharing sharing : {Sharing::kPrivate, Sharing::kCloned}) {
    SCOPED_TRACE(SharingName(sharing));
    SharedSkb s = MakeShared(sharing, GeometryOf(Shape::kPaged));  // 54 linear + 924 paged, little tailroom
    ASSERT_NE(s.skb, nullptr);
    sk_buff* skb = s.skb;
    s.skb->ip_summed = CHECKSUM_PARTIAL;
    s.skb->csum_start = static_cast<__u16>(skb_headroom(skb) + 20);
    s.skb->csum_offset = 6;
    const Snapshot before(skb);
    const std::vector<page*> pages = FragPages(skb);
    struct Call {
      const char* name;
      std::function<bool()> fails;  // true when the call reported the failure
      bool needs_clone;             // only fails when the skb is cloned
    };
    const Call calls[] = {
        {"pskb_expand_head", [&] { return pskb_expand_head(skb, 0, 0, GFP_ATOMIC) == -ENOMEM; }, false},
        {"pskb_expand_head(64, 64)", [&] { return pskb_expand_head(skb, 64, 64, GFP_ATOMIC) == -ENOMEM; }, false},
        {"pskb_may_pull", [&] { return !pskb_may_pull(skb, 978); }, false},
        {"__pskb_pull_tail", [&] { return __pskb_pull_tail(skb, 924) == nullptr; }, false},
        {"pskb_pull", [&] { return pskb_pull(skb, 900) == nullptr; }, false},
        {"skb_linearize", [&] { return skb_linearize(skb) == -ENOMEM; }, false},
        {"skb_cow", [&] { return skb_cow(skb, 200) == -ENOMEM; }, false},
        {"skb_clone", [&] { return skb_clone(skb, GFP_ATOMIC) == nullptr; }, false},
        {"skb_copy", [&] { return skb_copy(skb, GFP_ATOMIC) == nullptr; }, false},
        {"pskb_copy", [&] { return pskb_copy(skb, GFP_ATOMIC) == nullptr; }, false},
        {"skb_copy_expand", [&] { return skb_copy_expand(skb, 64, 64, GFP_ATOMIC) == nullptr; }, false},
        {"skb_unclone", [&] { return skb_unclone(skb, GFP_ATOMIC) == -ENOMEM; }, true},
        {"pskb_trim", [&] { return pskb_trim(skb, 500) == -ENOMEM; }, true},
        {"skb_ensure_writable", [&] { return skb_ensure_writable(skb, 30) == -ENOMEM; }, true},
        {"skb_checksum_help", [&] { return skb_checksum_help(skb) == -ENOMEM; }, true},
    };
    for (const Call& c : calls) {
      if (c.needs_clone && sharing == Sharing::kPrivate) continue;
      SCOPED_TRACE(c.name);
      skb::FailAllocationAfter(0);
      EXPECT_TRUE(c.fails());
      skb::ClearAllocationFailures();
      EXPECT_TRUE(Untouched(before, skb));
      for (page* pg : pages) EXPECT_EQ(page_count(pg), 1);
    }
    EXPECT_EQ(Dataref(skb), s.peer ? 2 : 1);
    kfree_skb(s.skb);
    kfree_skb(s.peer);
  }
}

// __pskb_pull_tail eating into a shared frag_list member clones it; when that
// clone cannot be allocated the skb is logically unchanged.
TEST_F(SkbTest, PullTailIntoASharedFragListMemberFailsCleanly) {
  Geometry g = GeometryOf(Shape::kFragList);
  g.extra_tailroom = 1000;  // no reallocation needed: the clone is the only allocation
  sk_buff* skb = Build(g);
  ASSERT_NE(skb, nullptr);
  sk_buff* m0 = skb_shinfo(skb)->frag_list;
  skb_get(m0);
  const std::vector<page*> pages = FragPages(skb);
  const unsigned tail = skb->tail;
  skb::FailAllocationAfter(0);
  EXPECT_EQ(__pskb_pull_tail(skb, 301 + 50), nullptr);
  skb::ClearAllocationFailures();
  EXPECT_EQ(skb->tail, tail);
  EXPECT_EQ(skb->len, 702u);
  EXPECT_EQ(skb->data_len, 648u);
  EXPECT_EQ(FragPages(skb), pages);
  EXPECT_EQ(skb_shinfo(skb)->frag_list, m0);
  EXPECT_EQ(m0->len, 99u);
  EXPECT_EQ(Users(m0), 2u);
  EXPECT_TRUE(BytesEqual(Flatten(skb), Pattern(702)));
  kfree_skb(m0);
  kfree_skb(skb);
}

// A fast clone needs no allocation: TCP's transmit clone cannot fail.
TEST_F(SkbTest, FastCloneSucceedsWhenAllocationsFail) {
  sk_buff* skb = alloc_skb_fclone(100, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb::FailAllAllocationsAfter(0);
  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  EXPECT_NE(c, nullptr);
  EXPECT_EQ(skb_clone(skb, GFP_ATOMIC), nullptr) << "the companion is busy: a real allocation";
  skb::ClearAllocationFailures();
  kfree_skb(c);
  kfree_skb(skb);
}

}  // namespace
}  // namespace skb_test
