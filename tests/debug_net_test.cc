// DEBUG_NET_WARN_ON_ONCE stays a tier of its own: live on a profile that
// models CONFIG_DEBUG_NET (6.12), compiled out elsewhere (5.10).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "skb/skb.h"

namespace {

using ::testing::HasSubstr;

int DebugWarnings() {
  int n = 0;
  for (const skb::Report& r : skb::Recorded()) n += r.tier == skb::Tier::kDebugWarn;
  return n;
}

TEST(DebugNet, HugePullLengthWarnsOnceOnDebugNetProfiles) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  for (const char* name : {"6.12", "5.10"}) {
    skb::ScopedProfile profile(*skb::ByName(name));
    skb::ClearRecorded();
    sk_buff* skb = alloc_skb(128, GFP_ATOMIC);
    skb_put(skb, 64);
    EXPECT_FALSE(pskb_may_pull(skb, 0x80000000u));
    EXPECT_FALSE(pskb_may_pull(skb, 0x80000001u));
    if (std::string(name) == "6.12") {
      ASSERT_EQ(DebugWarnings(), 1) << "WARN_ON_ONCE: one report for two calls";
      const skb::Report& r = skb::Recorded().back();
      EXPECT_EQ(r.site, skb::Site::kDebugNetMayPull);
      EXPECT_THAT(r.text, HasSubstr("at include/linux/skbuff.h:2800 pskb_may_pull_reason"));
      EXPECT_THAT(r.text, HasSubstr("WARNING: CPU: 0 PID: "));
    } else {
      EXPECT_EQ(DebugWarnings(), 0) << "5.10 has no CONFIG_DEBUG_NET checks";
    }
    kfree_skb(skb);
  }
  skb::ClearRecorded();
}

}  // namespace
