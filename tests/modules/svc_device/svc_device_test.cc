// svc_device: a module that looks up eth0 by name, reads its MAC, MTU,
// index, flags and IPv4 address, and counts packets arriving on it. The
// test checks what the module saw, that it holds exactly one reference
// while loaded and none after, and that the hook state's `in` is the same
// eth0 object.
#include <linux/if.h>
#include <linux/init.h>
#include <linux/netdevice.h>

#include <gtest/gtest.h>

#include <cstring>

#include "kernel_env_packets.h"
#include "skb/kernel_env.h"
#include "skb/netfilter.h"

LIBSKB_DECLARE_MODULE(svc_device);
extern "C" {
extern unsigned char svc_device_mac[6];
extern unsigned int svc_device_mtu;
extern int svc_device_ifindex;
extern unsigned int svc_device_flags;
extern __be32 svc_device_addr;
extern int svc_device_hits;
extern int svc_device_mac_hits;
extern int svc_device_count;
}

namespace {

TEST(SvcDevice, LooksUpEth0AndSeesItsRealFields) {
  skb::ResetKernelEnv();
  {
    skb::ScopedModule m(LIBSKB_MODULE_INIT(svc_device), LIBSKB_MODULE_EXIT(svc_device));
    ASSERT_EQ(m.init_result(), 0);
    const unsigned char mac[6] = {0x02, 0, 0, 0, 0, 0x01};
    EXPECT_EQ(std::memcmp(svc_device_mac, mac, 6), 0);
    EXPECT_EQ(svc_device_mtu, 1500u);
    EXPECT_EQ(svc_device_ifindex, 2);
    EXPECT_TRUE(svc_device_flags & IFF_UP);
    EXPECT_EQ(svc_device_addr, htonl(0x0a000002));
    EXPECT_EQ(svc_device_count, 3);
    EXPECT_EQ(skb::DeviceRefs("eth0"), 1);

    skb::RxResult r = skb::NetifReceiveSkb(kernel_env_test::FrameSkb(kernel_env_test::UdpFrame(0x0a000001, 53)));
    EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
    EXPECT_EQ(svc_device_hits, 1);
    EXPECT_EQ(svc_device_mac_hits, 1);
  }
  EXPECT_EQ(skb::DeviceRefs("eth0"), 0);
}

}  // namespace
