// svc_conntrack: a LOCAL_IN hook that reads nf_ct_get() and drops new TCP
// connections to port 2323, run on the receive path with each conntrack
// classification the model offers.
#include <arpa/inet.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/tcp.h>
#include <net/checksum.h>

#include <cstring>
#include <vector>

#include "skb/conntrack.h"
#include "skb/netfilter.h"
#include "test_util.h"

LIBSKB_DECLARE_MODULE(svc_conntrack);
extern "C" unsigned long svc_conntrack_seen[IP_CT_NUMBER + 1];
extern "C" unsigned long svc_conntrack_untracked, svc_conntrack_none, svc_conntrack_dropped;

namespace {

// A TCP SYN 10.0.0.1:40000 -> 10.0.0.2:dport with valid checksums.
sk_buff* Syn(uint16_t dport) {
  std::vector<uint8_t> p(40);
  iphdr ih{};
  ih.version = 4;
  ih.ihl = 5;
  ih.tot_len = htons(40);
  ih.ttl = 64;
  ih.protocol = IPPROTO_TCP;
  ih.saddr = htonl(0x0a000001);
  ih.daddr = htonl(0x0a000002);
  ih.check = ip_fast_csum(&ih, 5);
  std::memcpy(p.data(), &ih, 20);
  tcphdr th{};
  th.source = htons(40000);
  th.dest = htons(dport);
  th.seq = htonl(1);
  th.doff = 5;
  th.syn = 1;
  th.window = htons(65535);
  std::memcpy(p.data() + 20, &th, 20);
  const __sum16 c = csum_tcpudp_magic(ih.saddr, ih.daddr, 20, IPPROTO_TCP, csum_partial(p.data() + 20, 20, 0));
  std::memcpy(p.data() + 20 + 16, &c, 2);
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  skb_reserve(skb, 64);
  skb_put_data(skb, p.data(), 40);
  skb_reset_network_header(skb);
  return skb;
}

class SvcConntrackTest : public skb_test::SkbTest {
 protected:
  void SetUp() override {
    SkbTest::SetUp();
    std::memset(svc_conntrack_seen, 0, sizeof(svc_conntrack_seen));
    svc_conntrack_untracked = svc_conntrack_none = svc_conntrack_dropped = 0;
  }
  void TearDown() override {
    skb::FlushConntrackTable();
    SkbTest::TearDown();
  }
  skb::ScopedModule module_{LIBSKB_MODULE_INIT(svc_conntrack), LIBSKB_MODULE_EXIT(svc_conntrack)};
};

TEST_F(SvcConntrackTest, NewConnectionsToTheBlockedPortAreDropped) {
  skb::ScopedConntrackChoice ct(skb::CtChoice::kNew);
  skb::RxResult r = skb::IpRcv(Syn(2323));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "nf_hook_slow");
  EXPECT_EQ(svc_conntrack_seen[IP_CT_NEW], 1u);
  EXPECT_EQ(svc_conntrack_dropped, 1u);
  EXPECT_EQ(skb::LiveConntrackEntries(), 0) << "dropped before confirmation: freed with the packet";
}

TEST_F(SvcConntrackTest, OtherPortsAndStatesPass) {
  {
    skb::ScopedConntrackChoice ct(skb::CtChoice::kNew);
    EXPECT_EQ(skb::IpRcv(Syn(22)).outcome, skb::PathOutcome::kDelivered);
  }
  {
    skb::ScopedConntrackChoice ct(skb::CtChoice::kEstablished);
    EXPECT_EQ(skb::IpRcv(Syn(2323)).outcome, skb::PathOutcome::kDelivered);
  }
  {
    skb::ScopedConntrackChoice ct(skb::CtChoice::kRelatedReply);
    EXPECT_EQ(skb::IpRcv(Syn(2323)).outcome, skb::PathOutcome::kDelivered);
  }
  EXPECT_EQ(svc_conntrack_seen[IP_CT_NEW], 1u);
  EXPECT_EQ(svc_conntrack_seen[IP_CT_ESTABLISHED], 1u);
  EXPECT_EQ(svc_conntrack_seen[IP_CT_RELATED_REPLY], 1u);
  EXPECT_EQ(svc_conntrack_dropped, 0u);
  skb::FlushConntrackTable();
  EXPECT_EQ(skb::LiveConntrackEntries(), 0);
}

TEST_F(SvcConntrackTest, WithoutConntrackEveryPacketPasses) {
  EXPECT_EQ(skb::IpRcv(Syn(2323)).outcome, skb::PathOutcome::kDelivered);
  {
    skb::ScopedConntrackChoice ct(skb::CtChoice::kUntracked);
    EXPECT_EQ(skb::IpRcv(Syn(2323)).outcome, skb::PathOutcome::kDelivered);
  }
  EXPECT_EQ(svc_conntrack_none, 1u);
  EXPECT_EQ(svc_conntrack_untracked, 1u);
}

}  // namespace
