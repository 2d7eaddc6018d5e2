// svc_ipv6_ext: an IPv6 PRE_ROUTING hook that finds the UDP header with
// ipv6_find_hdr() behind hop-by-hop, routing, fragment and destination
// options headers and rewrites its port; the receive path then parses the
// same headers and delivers the datagram only if the checksum still holds.
#include <arpa/inet.h>
#include <linux/init.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ipv6.h>

#include <cstring>
#include <vector>

#include "skb/netfilter.h"
#include "test_util.h"

LIBSKB_DECLARE_MODULE(svc_ipv6_ext);
extern "C" unsigned long svc_ipv6_ext_rewritten, svc_ipv6_ext_fragments;
extern "C" unsigned int svc_ipv6_ext_last_offset;
extern "C" int svc_ipv6_ext_last_flags;

namespace {

uint32_t Sum(const uint8_t* p, size_t n, uint32_t sum = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += static_cast<uint32_t>(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

// IPv6 + hop-by-hop (8, PadN) + routing type 0 with no segments left (24) +
// atomic fragment (8) + destination options (8, PadN) + UDP to dport.
std::vector<uint8_t> Packet(uint16_t dport, uint16_t frag_off_field = 0) {
  std::vector<uint8_t> p(40, 0);
  p[0] = 0x60;
  p[6] = NEXTHDR_HOP;
  p[7] = 64;
  p[8] = 0x20;
  p[9] = 0x01;
  p[23] = 1;
  p[24] = 0x20;
  p[25] = 0x01;
  p[39] = 2;
  const uint8_t hbh[8] = {NEXTHDR_ROUTING, 0, 1, 4, 0, 0, 0, 0};
  const uint8_t rt[24] = {NEXTHDR_FRAGMENT, 2, 0, 0};
  const uint8_t frag[8] = {NEXTHDR_DEST, 0, static_cast<uint8_t>(frag_off_field >> 8),
                           static_cast<uint8_t>(frag_off_field), 0, 0, 0x12, 0x34};
  const uint8_t dst[8] = {IPPROTO_UDP, 0, 1, 4, 0, 0, 0, 0};
  p.insert(p.end(), hbh, hbh + 8);
  p.insert(p.end(), rt, rt + 24);
  p.insert(p.end(), frag, frag + 8);
  p.insert(p.end(), dst, dst + 8);
  const size_t l4 = p.size();
  const uint8_t udp[8] = {0x13, 0x88, static_cast<uint8_t>(dport >> 8), static_cast<uint8_t>(dport), 0, 8 + 24, 0, 0};
  p.insert(p.end(), udp, udp + 8);
  for (int i = 0; i < 24; i++) p.push_back(static_cast<uint8_t>(0x30 + i));
  const size_t plen = p.size() - 40;
  p[4] = static_cast<uint8_t>(plen >> 8);
  p[5] = static_cast<uint8_t>(plen);
  // RFC 8200 8.1 pseudo-header: addresses, upper-layer length, next header.
  uint32_t s = Sum(p.data() + 8, 32);
  s = Sum(p.data() + l4, p.size() - l4, s + static_cast<uint32_t>(p.size() - l4) + IPPROTO_UDP);
  uint16_t c = static_cast<uint16_t>(~s);
  if (c == 0) c = 0xffff;
  p[l4 + 6] = static_cast<uint8_t>(c >> 8);
  p[l4 + 7] = static_cast<uint8_t>(c);
  return p;
}

sk_buff* Skb(const std::vector<uint8_t>& p, bool paged) {
  const size_t head = paged ? 48 : p.size();  // paged: the headers split across head and frag
  sk_buff* skb = alloc_skb(64 + static_cast<unsigned>(head), GFP_KERNEL);
  skb_reserve(skb, 64);
  skb_put_data(skb, p.data(), static_cast<unsigned>(head));
  if (head < p.size()) {
    page* pg = alloc_pages(GFP_KERNEL, 0);
    std::memcpy(page_address(pg), p.data() + head, p.size() - head);
    skb_add_rx_frag(skb, 0, pg, 0, static_cast<int>(p.size() - head), 4096);
  }
  skb_reset_network_header(skb);
  return skb;
}

uint16_t seen_port;
unsigned ReadPort(void*, sk_buff* skb, const nf_hook_state*) {
  unsigned off = 0;
  if (ipv6_find_hdr(skb, &off, IPPROTO_UDP, nullptr, nullptr) == IPPROTO_UDP) {
    udphdr buf;
    const auto* uh = static_cast<const udphdr*>(skb_header_pointer(skb, static_cast<int>(off), sizeof(buf), &buf));
    if (uh != nullptr) seen_port = ntohs(uh->dest);
  }
  return NF_ACCEPT;
}

class SvcIpv6ExtTest : public skb_test::SkbTest, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    SkbTest::SetUp();
    svc_ipv6_ext_rewritten = svc_ipv6_ext_fragments = 0;
    seen_port = 0;
    ops_.hook = ReadPort;
    ops_.pf = NFPROTO_IPV6;
    ops_.hooknum = NF_INET_LOCAL_IN;
    ASSERT_EQ(nf_register_net_hook(&init_net, &ops_), 0);
  }
  void TearDown() override {
    nf_unregister_net_hook(&init_net, &ops_);
    SkbTest::TearDown();
  }
  skb::ScopedModule module_{LIBSKB_MODULE_INIT(svc_ipv6_ext), LIBSKB_MODULE_EXIT(svc_ipv6_ext)};
  nf_hook_ops ops_{};
};

TEST_P(SvcIpv6ExtTest, RewritesThePortBehindTheExtensionHeaders) {
  skb::RxResult r = skb::Ip6Rcv(Skb(Packet(7777), GetParam()));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(r.protocol, IPPROTO_UDP);
  EXPECT_EQ(r.payload.size(), 24u);
  EXPECT_EQ(svc_ipv6_ext_rewritten, 1u);
  EXPECT_EQ(svc_ipv6_ext_last_offset, 40u + 8 + 24 + 8 + 8);
  EXPECT_EQ(svc_ipv6_ext_last_flags, IP6_FH_F_FRAG);
  EXPECT_EQ(seen_port, 8888) << "LOCAL_IN sees the rewritten port";
}

TEST_P(SvcIpv6ExtTest, OtherPortsAreLeftAlone) {
  skb::RxResult r = skb::Ip6Rcv(Skb(Packet(53), GetParam()));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(svc_ipv6_ext_rewritten, 0u);
  EXPECT_EQ(seen_port, 53);
}

TEST_P(SvcIpv6ExtTest, AFirstFragmentIsSeenByTheHooksAndQueuedForReassembly) {
  // Offset 0 with more fragments: the hooks see the UDP header (no
  // nf_defrag_ipv6 in front of them), then ipv6_frag_rcv queues it.
  skb::RxResult r = skb::Ip6Rcv(Skb(Packet(7777, /*frag_off_field=*/1), GetParam()));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kNotModelled);
  EXPECT_EQ(r.stage, "ipv6_frag_rcv");
  EXPECT_EQ(svc_ipv6_ext_rewritten, 1u);
  EXPECT_EQ(seen_port, 8888);
}

TEST_P(SvcIpv6ExtTest, ANonFirstFragmentHasNoUdpHeader) {
  skb::RxResult r = skb::Ip6Rcv(Skb(Packet(7777, /*frag_off_field=*/1480 | 1), GetParam()));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kNotModelled);
  EXPECT_EQ(svc_ipv6_ext_rewritten, 0u);
  EXPECT_EQ(svc_ipv6_ext_fragments, 0u) << "ipv6_find_hdr(UDP) gives -ENOENT behind a non-first fragment";
}

INSTANTIATE_TEST_SUITE_P(Shapes, SvcIpv6ExtTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "Paged" : "Linear"; });

}  // namespace
