// svc_xmit: a PRE_ROUTING hook that copies each packet, gives the copy an
// Ethernet header and transmits it on eth1 with dev_queue_xmit(), then
// accepts the original. The test sees the mirrored frame on eth1, the
// original delivered, and no report (the copy belongs to the stack once
// transmitted; the original is never freed twice).
#include <linux/init.h>

#include <gtest/gtest.h>

#include <vector>

#include "kernel_env_packets.h"
#include "skb/kernel_env.h"
#include "skb/netfilter.h"
#include "skb/report.h"

LIBSKB_DECLARE_MODULE(svc_xmit);
extern "C" int svc_xmit_sent, svc_xmit_failed;

namespace {

TEST(SvcXmit, MirrorsEachPacketOutOfEth1AndDeliversTheOriginal) {
  skb::ResetKernelEnv();
  skb::ClearRecorded();
  skb::ScopedPolicy policy(skb::Policy::kThrow);
  skb::ScopedModule m(LIBSKB_MODULE_INIT(svc_xmit), LIBSKB_MODULE_EXIT(svc_xmit));
  ASSERT_EQ(m.init_result(), 0);
  const std::vector<uint8_t> frame = kernel_env_test::UdpFrame(0x0a000001, 53);
  skb::RxResult r = skb::NetifReceiveSkb(kernel_env_test::FrameSkb(frame));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(svc_xmit_sent, 1);
  EXPECT_EQ(svc_xmit_failed, 0);
  auto x = skb::Transmitted();
  ASSERT_EQ(x.size(), 1u);
  EXPECT_EQ(x[0].dev, "eth1");
  ASSERT_EQ(x[0].frame.size(), frame.size());
  // Same IP packet behind a broadcast Ethernet header from eth1's MAC.
  EXPECT_EQ(std::vector<uint8_t>(x[0].frame.begin() + 14, x[0].frame.end()),
            std::vector<uint8_t>(frame.begin() + 14, frame.end()));
  EXPECT_EQ(x[0].frame[0], 0xff);
  EXPECT_EQ(x[0].frame[11], 0x03);
  EXPECT_TRUE(skb::Recorded().empty());
}

}  // namespace
