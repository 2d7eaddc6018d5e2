// svc_timer: a module whose timer expires idle flows. The test sends packets
// from three sources, advances model time and watches the module's garbage
// collector expire them - the timer fires in model time, between packets.
#include <linux/init.h>
#include <linux/jiffies.h>

#include <gtest/gtest.h>

#include "kernel_env_packets.h"
#include "skb/kernel_env.h"
#include "skb/netfilter.h"
#include "skb/report.h"

LIBSKB_DECLARE_MODULE(svc_timer);
extern "C" int svc_timer_active, svc_timer_expired, svc_timer_gc_runs;

namespace {

void Send(uint32_t saddr) {
  skb::RxResult r = skb::NetifReceiveSkb(kernel_env_test::FrameSkb(kernel_env_test::UdpFrame(saddr, 53)));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
}

TEST(SvcTimer, IdleFlowsExpireAsModelTimeAdvances) {
  skb::ResetKernelEnv();
  skb::ClearRecorded();
  {
    skb::ScopedModule m(LIBSKB_MODULE_INIT(svc_timer), LIBSKB_MODULE_EXIT(svc_timer));
    ASSERT_EQ(m.init_result(), 0);
    bool timer_seen = false;
    for (const auto& r : skb::Registrations()) {
      if (r.kind == "timer" && r.name == "svc_timer_gc") timer_seen = r.module == "svc_timer";
    }
    EXPECT_TRUE(timer_seen) << "the gc timer is registered to the module";

    Send(0x0a000001);
    Send(0x0a000003);
    EXPECT_EQ(svc_timer_active, 2);
    skb::AdvanceTime(3ULL * NSEC_PER_SEC);
    EXPECT_EQ(svc_timer_gc_runs, 3);
    Send(0x0a000001);  // keeps the first flow alive
    Send(0x0a000004);
    EXPECT_EQ(svc_timer_active, 3);
    skb::AdvanceTime(3ULL * NSEC_PER_SEC);  // t = 6 s: 10.0.0.3 idle for 6 s > 5 s
    EXPECT_EQ(svc_timer_active, 2);
    EXPECT_EQ(svc_timer_expired, 1);
    skb::AdvanceTime(10ULL * NSEC_PER_SEC);
    EXPECT_EQ(svc_timer_active, 0);
    EXPECT_EQ(svc_timer_expired, 3);
    EXPECT_EQ(svc_timer_gc_runs, 16);
  }
  // The module deleted its timer in its exit function: nothing is reported.
  for (const auto& r : skb::Recorded()) EXPECT_EQ(r.text.find("left timer"), std::string::npos) << r.text;
  EXPECT_EQ(skb::AdvanceTime(5ULL * NSEC_PER_SEC), 0);
}

}  // namespace
