// The svc_lists module: port-knocking state kept in a hashtable and an LRU
// list of kmalloc'd entries under a spinlock; evicted entries freed through
// kfree_rcu, the rest at exit. Runs the knock sequences through the receive
// path and checks that the model's memory, lock and RCU state are clean
// afterwards.
#include <linux/errno.h>
#include <linux/init.h>

#include <gtest/gtest.h>

#include "packets.h"
#include "skb/kernel_core.h"
#include "skb/memory.h"
#include "skb/module_params.h"
#include "skb/netfilter.h"
#include "skb/report.h"

LIBSKB_DECLARE_MODULE(svc_lists);
extern "C" unsigned int svc_lists_entries(void);

namespace {

constexpr uint32_t kHostA = 0xc0a80002;  // 192.168.0.2
constexpr uint32_t kHostB = 0xc0a80003;

// The verdict of the module's LOCAL_IN hook for one packet (NF_DROP = 0,
// NF_ACCEPT = 1), or -1 if it did not run.
int Send(uint8_t proto, uint32_t saddr, uint16_t dport) {
  skb::RxResult r = skb::IpRcv(svc_test::Packet(proto, saddr, dport));
  return r.hooks.empty() ? -1 : static_cast<int>(r.hooks.back().verdict);
}

class SvcLists : public ::testing::Test {
 protected:
  void SetUp() override {
    skb::ResetKernelCore();
    skb::ClearRecorded();
    heads_before_ = skb::Stats().live_heads;
  }
  size_t heads_before_ = 0;
};

TEST_F(SvcLists, KnockSequenceOpensThePortForThatSourceOnly) {
  {
    skb::ScopedModule module(LIBSKB_MODULE_INIT(svc_lists), LIBSKB_MODULE_EXIT(svc_lists));
    ASSERT_EQ(module.init_result(), 0);
    EXPECT_EQ(Send(IPPROTO_TCP, kHostA, 22), NF_DROP);
    EXPECT_EQ(Send(IPPROTO_TCP, kHostA, 80), NF_ACCEPT);  // other ports pass
    for (uint16_t port : {1000, 2000, 3000}) Send(IPPROTO_UDP, kHostA, port);
    EXPECT_EQ(Send(IPPROTO_TCP, kHostA, 22), NF_ACCEPT);  // open for A
    EXPECT_EQ(Send(IPPROTO_TCP, kHostB, 22), NF_DROP);  // still closed for B
    // A wrong knock restarts B's sequence.
    for (uint16_t port : {1000, 2000, 2500, 3000}) Send(IPPROTO_UDP, kHostB, port);
    EXPECT_EQ(Send(IPPROTO_TCP, kHostB, 22), NF_DROP);
    EXPECT_EQ(svc_lists_entries(), 2u);
    EXPECT_EQ(skb::AtomicDepth(), 0);  // every spin_lock_bh/rcu_read_lock was released
  }
  // module_exit freed every entry (kfree through the memory model).
  EXPECT_EQ(skb::Stats().live_heads, heads_before_);
  EXPECT_TRUE(skb::Recorded().empty()) << skb::Recorded()[0].text;
}

TEST_F(SvcLists, EvictionFreesThroughRcuAtTheNextQuiescentPoint) {
  ASSERT_EQ(skb::SetModuleParam("svc_lists", "max_entries", "2"), 0);
  {
    skb::ScopedModule module(LIBSKB_MODULE_INIT(svc_lists), LIBSKB_MODULE_EXIT(svc_lists));
    ASSERT_EQ(module.init_result(), 0);
    for (uint32_t host = 1; host <= 5; ++host) Send(IPPROTO_UDP, 0x0a0a0000 + host, 1000);
    EXPECT_EQ(svc_lists_entries(), 2u);
    // Three evicted entries wait for a grace period.
    EXPECT_EQ(skb::PendingRcuCallbacks(), 3u);
    const size_t live = skb::Stats().live_heads;
    EXPECT_EQ(skb::RunRcuCallbacks(), 3u);
    EXPECT_EQ(skb::Stats().live_heads, live - 3);
  }
  EXPECT_EQ(skb::Stats().live_heads, heads_before_);
  ASSERT_EQ(skb::SetModuleParam("svc_lists", "max_entries", "4"), 0);
}

TEST_F(SvcLists, AllocationFailureInTheHookIsHandled) {
  skb::ScopedModule module(LIBSKB_MODULE_INIT(svc_lists), LIBSKB_MODULE_EXIT(svc_lists));
  ASSERT_EQ(module.init_result(), 0);
  // The skb itself takes allocations too; fail every allocation after it is
  // built, so the module's kzalloc(GFP_ATOMIC) in the hook gets NULL.
  sk_buff* skb = svc_test::Packet(IPPROTO_UDP, kHostA, 1000);
  skb::FailAllAllocationsAfter(0);
  skb::RxResult r = skb::IpRcv(skb);
  skb::ClearAllocationFailures();
  EXPECT_EQ(svc_lists_entries(), 0u);
  (void)r;
}

TEST_F(SvcLists, SleepingAllocationInTheHookIsReported) {
  ASSERT_EQ(skb::SetModuleParam("svc_lists", "sleepy", "y"), 0);
  {
    skb::ScopedPolicy policy(skb::Policy::kRecord);
    skb::ScopedModule module(LIBSKB_MODULE_INIT(svc_lists), LIBSKB_MODULE_EXIT(svc_lists));
    ASSERT_EQ(module.init_result(), 0);
    Send(IPPROTO_UDP, kHostA, 1000);
    Send(IPPROTO_UDP, kHostB, 1000);  // the same call site: reported once
    ASSERT_EQ(skb::Recorded().size(), 1u);
    const skb::Report& r = skb::Recorded()[0];
    EXPECT_EQ(r.tier, skb::Tier::kWarn);
    EXPECT_EQ(r.site, skb::Site::kMightSleep);
    EXPECT_NE(r.text.find("BUG: sleeping function called from invalid context"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("name: swapper/0"), std::string::npos) << r.text;  // softirq: current is the idle task
    EXPECT_NE(r.text.find("svc_lists_hook"), std::string::npos) << r.text;   // the hook named by the runner
    EXPECT_EQ(svc_lists_entries(), 2u);  // the allocation itself succeeded
  }
  ASSERT_EQ(skb::SetModuleParam("svc_lists", "sleepy", "n"), 0);
}

}  // namespace
