// svc_route: a LOCAL_OUT hook that reads dst_mtu() and re-addresses UDP
// datagrams, then calls ip_route_me_harder(); run on the transmit path,
// with small headroom so that the re-route must grow it.
#include <arpa/inet.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/dst.h>

#include <cstring>
#include <vector>

#include "skb/netfilter.h"
#include "skb/route.h"
#include "test_util.h"

LIBSKB_DECLARE_MODULE(svc_route);
extern "C" unsigned int svc_route_last_mtu;
extern "C" unsigned long svc_route_rerouted;
extern "C" int svc_route_last_err;

namespace {

uint16_t Fold(const uint8_t* p, size_t n, uint32_t sum = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += static_cast<uint32_t>(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(sum);
}

// A UDP datagram 10.0.0.1:5000 -> daddr:53 of 32 payload bytes, checksummed.
sk_buff* Datagram(uint32_t daddr, unsigned headroom) {
  std::vector<uint8_t> p(20 + 8 + 32);
  iphdr ih{};
  ih.version = 4;
  ih.ihl = 5;
  ih.tot_len = htons(static_cast<uint16_t>(p.size()));
  ih.ttl = 64;
  ih.protocol = IPPROTO_UDP;
  ih.saddr = htonl(0x0a000001);
  ih.daddr = htonl(daddr);
  std::memcpy(p.data(), &ih, 20);
  udphdr uh{};
  uh.source = htons(5000);
  uh.dest = htons(53);
  uh.len = htons(40);
  std::memcpy(p.data() + 20, &uh, 8);
  for (int i = 0; i < 32; i++) p[28 + i] = static_cast<uint8_t>(i * 7);
  __sum16 c = csum_tcpudp_magic(ih.saddr, ih.daddr, 40, IPPROTO_UDP, csum_partial(p.data() + 20, 40, 0));
  std::memcpy(p.data() + 26, &c, 2);
  sk_buff* skb = alloc_skb(headroom + 60, GFP_KERNEL);
  skb_reserve(skb, static_cast<int>(headroom));
  skb_put_data(skb, p.data(), 60);
  skb_reset_network_header(skb);
  return skb;
}

class SvcRouteTest : public skb_test::SkbTest {
 protected:
  void SetUp() override {
    SkbTest::SetUp();
    svc_route_last_mtu = 0;
    svc_route_rerouted = 0;
    svc_route_last_err = -1;
  }
  skb::ScopedModule module_{LIBSKB_MODULE_INIT(svc_route), LIBSKB_MODULE_EXIT(svc_route)};
};

TEST_F(SvcRouteTest, ReroutesAndTheFrameIsConsistent) {
  dst_entry* out = skb::ModelRoute(false, skb::RouteKind::kOutput);
  const int refs = skb::RouteRefcount(out);
  // 2 bytes of headroom: less than eth0's hard_header_len.
  skb::TxResult r = skb::IpLocalOut(Datagram(0x0a000002, 2));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(svc_route_last_mtu, 1500u);
  EXPECT_EQ(svc_route_rerouted, 1u);
  EXPECT_EQ(svc_route_last_err, 0);
  ASSERT_EQ(r.frame.size(), 14u + 60u);
  const uint8_t* ip = r.frame.data() + 14;
  EXPECT_EQ(ip[19], 3) << "daddr 10.0.0.3 on the wire";
  EXPECT_EQ(Fold(ip, 20), 0xffff) << "IPv4 header checksum";
  // The UDP checksum over the pseudo-header with the new address.
  std::vector<uint8_t> ps(12 + 40);
  std::memcpy(ps.data(), ip + 12, 8);
  ps[9] = IPPROTO_UDP;
  ps[11] = 40;
  std::memcpy(ps.data() + 12, ip + 20, 40);
  EXPECT_EQ(Fold(ps.data(), ps.size()), 0xffff) << "UDP checksum";
  EXPECT_EQ(skb::RouteRefcount(out), refs) << "the reference ip_route_me_harder took went with the skb";
}

TEST_F(SvcRouteTest, OtherDestinationsKeepTheirRoute) {
  skb::TxResult r = skb::IpLocalOut(Datagram(0x0a000009, 64));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered);
  EXPECT_EQ(svc_route_rerouted, 0u);
  EXPECT_EQ(svc_route_last_mtu, 1500u);
}

}  // namespace
