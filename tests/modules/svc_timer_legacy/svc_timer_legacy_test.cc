// svc_timer_legacy: the pre-4.15 timer API (3.10 personality) - init_timer
// with .function/.data, setup_timer, the four-argument DEFINE_TIMER - with a
// delayed work item and a tasklet, all run in kernel order as model time
// advances; and a timer left pending at exit is reported with its function.
#include <linux/init.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "skb/kernel_env.h"
#include "skb/netfilter.h"
#include "skb/report.h"

LIBSKB_DECLARE_MODULE(svc_timer_legacy);
extern "C" {
extern unsigned long svc_legacy_fired_data;
extern int svc_legacy_order[8];
extern int svc_legacy_nr;
extern int svc_legacy_leak;
}

namespace {

TEST(SvcTimerLegacy, CallbacksGetTheirDataAndRunInKernelOrder) {
  skb::ResetKernelEnv();
  svc_legacy_nr = 0;
  svc_legacy_leak = 0;
  skb::ScopedModule m(LIBSKB_MODULE_INIT(svc_timer_legacy), LIBSKB_MODULE_EXIT(svc_timer_legacy));
  ASSERT_EQ(m.init_result(), 0);
  // Five module callbacks plus the delayed work's own timer (delayed_work_timer_fn).
  EXPECT_EQ(skb::AdvanceTime(1000ULL * 1000 * 1000), 6);
  EXPECT_EQ(svc_legacy_fired_data, 0xabcdu);
  // 100 ms timer (its tasklet right after it), 200 ms, 300 ms, the 400 ms delayed work.
  EXPECT_EQ(std::vector<int>(svc_legacy_order, svc_legacy_order + svc_legacy_nr), (std::vector<int>{1, 5, 2, 3, 4}));
}

TEST(SvcTimerLegacy, ATimerLeftPendingAtExitIsReportedWithItsFunction) {
  skb::ResetKernelEnv();
  skb::ClearRecorded();
  skb::ScopedPolicy policy(skb::Policy::kRecord);
  svc_legacy_nr = 0;
  svc_legacy_leak = 1;
  {
    skb::ScopedModule m(LIBSKB_MODULE_INIT(svc_timer_legacy), LIBSKB_MODULE_EXIT(svc_timer_legacy));
    ASSERT_EQ(m.init_result(), 0);
  }
  bool reported = false;
  for (const auto& r : skb::Recorded()) {
    if (r.text.find("module svc_timer_legacy left timer svc_setup_fn") != std::string::npos) reported = true;
  }
  EXPECT_TRUE(reported);
  EXPECT_EQ(skb::AdvanceTime(1000ULL * 1000 * 1000), 0);  // cancelled: unloaded code never runs
  svc_legacy_leak = 0;
}

}  // namespace
