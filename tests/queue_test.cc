// Queue primitives (kernel-semantics.md §7) and the queue invariants Q1-Q6.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "skb/skb.h"

namespace {

using ::testing::HasSubstr;

class QueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    start_ = skb::Stats();
    skb_queue_head_init(&q_);
  }
  void TearDown() override {
    skb_queue_purge(&q_);
    EXPECT_EQ(skb::Stats().live_skbs, start_.live_skbs);
    EXPECT_EQ(skb::Stats().live_heads, start_.live_heads);
  }
  sk_buff* New(unsigned mark) {
    sk_buff* s = alloc_skb(64, GFP_ATOMIC);
    s->mark = mark;
    return s;
  }
  std::vector<unsigned> Marks() {
    std::vector<unsigned> out;
    sk_buff* s;
    skb_queue_walk(&q_, s) { out.push_back(s->mark); }
    return out;
  }
  sk_buff_head q_;
  skb::MemoryStats start_;
};

TEST_F(QueueTest, InitIsEmptyCircle) {
  EXPECT_TRUE(skb_queue_empty(&q_));
  EXPECT_EQ(q_.next, reinterpret_cast<sk_buff*>(&q_));
  EXPECT_EQ(q_.prev, reinterpret_cast<sk_buff*>(&q_));
  EXPECT_EQ(skb_queue_len(&q_), 0u);
  EXPECT_EQ(skb_peek(&q_), nullptr);
  EXPECT_EQ(skb_peek_tail(&q_), nullptr);
  EXPECT_TRUE(skb::CheckQueue(&q_).empty());
}

TEST_F(QueueTest, TailHeadDequeueOrder) {
  __skb_queue_tail(&q_, New(1));
  __skb_queue_tail(&q_, New(2));
  __skb_queue_head(&q_, New(0));
  skb_queue_tail(&q_, New(3));
  EXPECT_THAT(Marks(), ::testing::ElementsAre(0u, 1u, 2u, 3u));
  EXPECT_EQ(skb_queue_len(&q_), 4u);
  EXPECT_TRUE(skb::CheckQueue(&q_).empty());
  sk_buff* a = __skb_dequeue(&q_);
  EXPECT_EQ(a->mark, 0u);
  EXPECT_EQ(a->next, nullptr);
  EXPECT_EQ(a->prev, nullptr);
  sk_buff* z = __skb_dequeue_tail(&q_);
  EXPECT_EQ(z->mark, 3u);
  EXPECT_THAT(Marks(), ::testing::ElementsAre(1u, 2u));
  kfree_skb(a);
  kfree_skb(z);
  EXPECT_EQ(skb_queue_len(&q_), 2u);
}

TEST_F(QueueTest, UnlinkMiddleAndAppend) {
  sk_buff* a = New(1);
  sk_buff* b = New(2);
  sk_buff* c = New(3);
  __skb_queue_tail(&q_, a);
  __skb_queue_tail(&q_, c);
  skb_append(a, b, &q_);
  EXPECT_THAT(Marks(), ::testing::ElementsAre(1u, 2u, 3u));
  __skb_unlink(b, &q_);
  EXPECT_THAT(Marks(), ::testing::ElementsAre(1u, 3u));
  EXPECT_EQ(skb_queue_next(&q_, a), c);
  EXPECT_EQ(skb_queue_prev(&q_, c), a);
  EXPECT_TRUE(skb_queue_is_first(&q_, a));
  EXPECT_TRUE(skb_queue_is_last(&q_, c));
  kfree_skb(b);
}

TEST_F(QueueTest, SpliceKeepsOrderAndCounts) {
  sk_buff_head other;
  skb_queue_head_init(&other);
  __skb_queue_tail(&q_, New(1));
  __skb_queue_tail(&other, New(2));
  __skb_queue_tail(&other, New(3));
  skb_queue_splice_tail_init(&other, &q_);
  EXPECT_THAT(Marks(), ::testing::ElementsAre(1u, 2u, 3u));
  EXPECT_TRUE(skb_queue_empty(&other));
  EXPECT_EQ(skb_queue_len(&q_), 3u);
  __skb_queue_tail(&other, New(0));
  skb_queue_splice_init(&other, &q_);
  EXPECT_THAT(Marks(), ::testing::ElementsAre(0u, 1u, 2u, 3u));
  EXPECT_TRUE(skb::CheckQueue(&q_).empty());
}

TEST_F(QueueTest, QueueNextOnLastIsBug) {
  sk_buff* a = New(1);
  __skb_queue_tail(&q_, a);
  try {
    skb_queue_next(&q_, a);
    FAIL() << "skb_queue_next on the last element must BUG";
  } catch (const skb::KernelBug& bug) {
    EXPECT_EQ(bug.report().tier, skb::Tier::kBug);
    EXPECT_EQ(bug.report().site, skb::Site::kSkbQueueNext);
  }
}

// The checker's view of a corrupted head: every Q id on a one-field corruption.
TEST_F(QueueTest, CheckerNamesEachBrokenInvariant) {
  sk_buff* a = New(1);
  sk_buff* b = New(2);
  __skb_queue_tail(&q_, a);
  __skb_queue_tail(&q_, b);
  auto ids = [&] {
    std::vector<std::string> out;
    for (const skb::Violation& v : skb::CheckQueue(&q_)) out.push_back(v.id);
    return out;
  };
  EXPECT_TRUE(ids().empty());
  sk_buff* saved = q_.prev;
  q_.prev = nullptr;
  EXPECT_THAT(ids(), ::testing::Contains("Q1"));
  q_.prev = saved;
  b->prev = q_.next->next;  // b->prev should be a, make it b itself
  EXPECT_THAT(ids(), ::testing::Contains("Q2"));
  b->prev = a;
  q_.qlen = 3;
  EXPECT_THAT(ids(), ::testing::Contains("Q3"));
  q_.qlen = 0;
  EXPECT_THAT(ids(), ::testing::Contains("Q4"));
  q_.qlen = 2;
  EXPECT_TRUE(ids().empty());
}

// Seed 003's fault: a head whose prev is NULL. Without checked mode the insert
// takes the NULL dereference with the profile's banner; the head keeps
// next = itself and prev = NULL when newsk is the head itself.
TEST_F(QueueTest, CorruptedHeadFaultsLikeTheKernel) {
  for (const char* name : {"3.10", "6.12"}) {
    skb::ScopedProfile profile(*skb::ByName(name));
    skb::ScopedCheckedMode unchecked(false);
    sk_buff_head broken;
    skb_queue_head_init(&broken);
    broken.prev = nullptr;
    sk_buff* s = New(7);
    try {
      __skb_queue_tail(&broken, s);
      FAIL() << "insert into a head with prev == NULL must fault";
    } catch (const skb::KernelBug& bug) {
      EXPECT_EQ(bug.report().kind, "NULL dereference");
      if (std::string(name) == "3.10") {
        EXPECT_THAT(bug.report().text,
                    HasSubstr("BUG: unable to handle kernel NULL pointer dereference at           (null)"));
        EXPECT_THAT(bug.report().text, HasSubstr("Oops: 0002 [#1] SMP"));
      } else {
        EXPECT_THAT(bug.report().text,
                    HasSubstr("BUG: kernel NULL pointer dereference, address: 0000000000000000"));
      }
    }
    EXPECT_EQ(s->next, reinterpret_cast<sk_buff*>(&broken));
    EXPECT_EQ(s->prev, nullptr);
    s->next = s->prev = nullptr;
    kfree_skb(s);
  }
}

TEST_F(QueueTest, CheckedModeReportsBrokenHeadBeforeTheFault) {
  sk_buff_head broken;
  skb_queue_head_init(&broken);
  broken.prev = nullptr;
  sk_buff* s = New(7);
  try {
    __skb_queue_tail(&broken, s);
    FAIL() << "checked mode must report the broken queue";
  } catch (const skb::KernelBug& bug) {
    EXPECT_EQ(bug.report().tier, skb::Tier::kCheck);
    EXPECT_THAT(bug.report().invariant_ids, ::testing::Contains("Q1"));
  }
  EXPECT_EQ(s->next, nullptr);  // reported before any store
  kfree_skb(s);
}

TEST_F(QueueTest, CheckedModeRejectsUnlinkOfHeadAndDoubleInsert) {
  sk_buff* a = New(1);
  __skb_queue_tail(&q_, a);
  try {
    __skb_unlink(reinterpret_cast<sk_buff*>(&q_), &q_);
    FAIL();
  } catch (const skb::KernelBug& bug) {
    EXPECT_THAT(bug.report().invariant_ids, ::testing::Contains("Q6"));
  }
  try {
    __skb_queue_tail(&q_, a);
    FAIL();
  } catch (const skb::KernelBug& bug) {
    EXPECT_THAT(bug.report().invariant_ids, ::testing::Contains("Q5"));
  }
  EXPECT_TRUE(skb::CheckQueue(&q_).empty());
}

}  // namespace
