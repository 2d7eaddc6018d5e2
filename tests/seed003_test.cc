// Seed 003 (CentOS 7 3.10.0-327): a NULL dereference in skb_entail, because
// sk_stream_alloc_skb() handed out &sk->sk_write_queue as a new skb. Two faces
// of one bug (docs/incidents/003-queue-head-as-skb.md):
//  - kernel slab mode: the use-after-free write redirects the SLUB free list,
//    a later allocation returns the queue head, and skb_entail faults on
//    prev->next with the head showing next = itself, prev = NULL, qlen = 0;
//  - asan mode: the program stops at the use-after-free write itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <net/tcp.h>

#include <vector>

#include "skb/skb.h"
#include "stale_requeue.h"

namespace {

using ::testing::HasSubstr;

class Seed003 : public ::testing::Test {
 protected:
  void SetUp() override {
    profile_ = std::make_unique<skb::ScopedProfile>(*skb::ByName("3.10"));
    payload_.resize(3000);
    for (size_t i = 0; i < payload_.size(); i++) payload_[i] = static_cast<unsigned char>(i * 13);
  }
  void TearDown() override {
    skb::AbandonAll();  // the scenario corrupts the model on purpose
    skb::SetSlabMode(skb::SlabMode::kAsan);
    profile_.reset();
  }
  // An established socket with one queued segment; a size goal of one MSS
  // so the next tcp_sendmsg needs new segments.
  sock* SocketWithOneSkb() {
    sock* sk = tcp_sock_alloc(GFP_KERNEL);
    tcp_sk(sk)->xmit_size_goal_segs = 1;
    EXPECT_EQ(tcp_sendmsg_bytes(sk, payload_.data(), 1000), 1000);
    EXPECT_EQ(skb_queue_len(&sk->sk_write_queue), 1u);
    return sk;
  }
  std::unique_ptr<skb::ScopedProfile> profile_;
  std::vector<unsigned char> payload_;
};

TEST_F(Seed003, KernelSlabModeEndsInTheNullDereferenceInSkbEntail) {
  skb::SetSlabMode(skb::SlabMode::kKernel);
  skb::ScopedCheckedMode unchecked(false);  // let it run into the kernel's fault
  sock* sk = SocketWithOneSkb();
  sk_buff_head* list = &sk->sk_write_queue;
  sk_buff* stale = tcp_write_queue_tail(sk);

  stale_requeue_tail(sk);
  // The stale write put the queue head's address where SLUB keeps the free
  // pointer of the freed fast-clone object (offset 0: skb->next).
  EXPECT_EQ(stale->next, reinterpret_cast<sk_buff*>(list));

  try {
    tcp_sendmsg_bytes(sk, payload_.data(), 3000);
    FAIL() << "tcp_sendmsg must fault in skb_entail";
  } catch (const skb::KernelBug& bug) {
    const skb::Report& r = bug.report();
    EXPECT_EQ(r.kind, "NULL dereference");
    EXPECT_EQ(r.function, "skb_entail");
    EXPECT_THAT(r.text, HasSubstr("BUG: unable to handle kernel NULL pointer dereference at           (null)"));
    EXPECT_THAT(r.text, HasSubstr("] skb_entail"));
    EXPECT_THAT(r.text, HasSubstr("Oops: 0002 [#1] SMP"));
    // The "new skb" sk_stream_alloc_skb returned is the queue head itself.
    EXPECT_EQ(r.skb, reinterpret_cast<const sk_buff*>(list));
    EXPECT_EQ(reinterpret_cast<uintptr_t>(r.skb) - reinterpret_cast<uintptr_t>(sk), 0x138u);
  }
  // The head as the vmcore shows it: next = itself, prev = NULL, qlen = 0.
  EXPECT_EQ(list->next, reinterpret_cast<sk_buff*>(list));
  EXPECT_EQ(list->prev, nullptr);
  EXPECT_EQ(list->qlen, 0u);
}

TEST_F(Seed003, CheckedModeNamesTheStaleWrite) {
  skb::SetSlabMode(skb::SlabMode::kKernel);
  sock* sk = SocketWithOneSkb();
  try {
    stale_requeue_tail(sk);
    FAIL() << "checked mode must stop the re-queue of a freed skb";
  } catch (const skb::KernelBug& bug) {
    EXPECT_EQ(bug.report().tier, skb::Tier::kCheck);
    EXPECT_THAT(bug.report().invariant_ids, ::testing::Contains("S7"));
    EXPECT_THAT(bug.report().text, HasSubstr("__skb_queue_tail inserts skb"));
    EXPECT_THAT(bug.report().text, HasSubstr("stale_requeue_tail"));
  }
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SEED003_HAS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SEED003_HAS_ASAN 1
#endif

TEST_F(Seed003, AsanModeStopsAtTheUseAfterFreeWrite) {
#ifndef SEED003_HAS_ASAN
  GTEST_SKIP() << "needs an AddressSanitizer build (the dev preset)";
#else
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  skb::ScopedCheckedMode unchecked(false);
  EXPECT_DEATH(
      {
        sock* sk = SocketWithOneSkb();
        stale_requeue_tail(sk);
      },
      "heap-use-after-free(.|\n)*WRITE of size 8");
#endif
}

}  // namespace
