// ipv6_skip_exthdr(), ipv6_find_hdr() (v3.8+ and the v2.6.32 form) and
// __ipv6_addr_type() (net/ipv6/exthdrs_core.c, addrconf_core.c) on linear
// and paged skbs: chains of hop-by-hop, routing, fragment, AH and
// destination options headers, fragment offsets, truncated headers.
#include <errno.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>

#include <cstring>
#include <vector>

#include "skb/netfilter.h"
#include "test_util.h"

namespace {

constexpr int kIp6 = 40;

// One extension header: type, its bytes (first byte = next header, filled in
// by Packet()).
struct Ext {
  uint8_t type;
  std::vector<uint8_t> bytes;
};

Ext Opts(uint8_t type, int units) {  // hop-by-hop / destination options: (hdrlen + 1) * 8 bytes of PadN
  Ext e{type, std::vector<uint8_t>(static_cast<size_t>(units) * 8, 0)};
  e.bytes[1] = static_cast<uint8_t>(units - 1);
  e.bytes[2] = 1;  // PadN
  e.bytes[3] = static_cast<uint8_t>(units * 8 - 4);
  return e;
}
Ext Routing(uint8_t segments_left) {
  Ext e{NEXTHDR_ROUTING, std::vector<uint8_t>(24, 0)};
  e.bytes[1] = 2;  // (2 + 1) * 8 = 24
  e.bytes[2] = 0;  // type 0
  e.bytes[3] = segments_left;
  return e;
}
Ext Frag(uint16_t offset_bytes, bool mf) {
  Ext e{NEXTHDR_FRAGMENT, std::vector<uint8_t>(8, 0)};
  const uint16_t fo = static_cast<uint16_t>(offset_bytes | (mf ? 1 : 0));
  e.bytes[2] = static_cast<uint8_t>(fo >> 8);
  e.bytes[3] = static_cast<uint8_t>(fo);
  return e;
}
Ext Auth(int words) {  // AH: (hdrlen + 2) * 4 bytes
  Ext e{NEXTHDR_AUTH, std::vector<uint8_t>(static_cast<size_t>(words) * 4, 0)};
  e.bytes[1] = static_cast<uint8_t>(words - 2);
  return e;
}

// An IPv6 packet: fixed header, the chain, then `l4` (proto) of 8 bytes + payload.
std::vector<uint8_t> Packet(const std::vector<Ext>& chain, uint8_t proto, size_t tail = 32) {
  std::vector<uint8_t> p(kIp6, 0);
  p[0] = 0x60;
  p[6] = chain.empty() ? proto : chain[0].type;
  p[7] = 64;
  p[8] = 0x20;
  p[24] = 0x20;
  p[39] = 1;
  for (size_t i = 0; i < chain.size(); i++) {
    std::vector<uint8_t> b = chain[i].bytes;
    b[0] = i + 1 < chain.size() ? chain[i + 1].type : proto;
    p.insert(p.end(), b.begin(), b.end());
  }
  for (size_t i = 0; i < tail; i++) p.push_back(static_cast<uint8_t>(0x40 + i));
  const size_t plen = p.size() - kIp6;
  p[4] = static_cast<uint8_t>(plen >> 8);
  p[5] = static_cast<uint8_t>(plen);
  return p;
}

// The packet in an skb: linear, or with only `head` bytes linear and the
// rest in a page frag (GRO/header split), network header at data.
sk_buff* Skb(const std::vector<uint8_t>& p, bool paged, size_t head = kIp6) {
  sk_buff* skb = alloc_skb(256 + static_cast<unsigned>(p.size()), GFP_KERNEL);
  skb_reserve(skb, 64);
  if (!paged) head = p.size();
  skb_put_data(skb, p.data(), static_cast<unsigned>(head));
  if (head < p.size()) {
    page* pg = alloc_pages(GFP_KERNEL, 0);
    std::memcpy(page_address(pg), p.data() + head, p.size() - head);
    skb_add_rx_frag(skb, 0, pg, 0, static_cast<int>(p.size() - head), 4096);
  }
  skb_reset_network_header(skb);
  return skb;
}

class Ipv6ExthdrTest : public skb_test::SkbTest, public ::testing::WithParamInterface<bool> {};

TEST_P(Ipv6ExthdrTest, SkipWalksEveryHeaderToTheUpperLayer) {
  const std::vector<Ext> chain = {Opts(NEXTHDR_HOP, 1), Routing(0), Frag(0, false), Auth(4), Opts(NEXTHDR_DEST, 2)};
  sk_buff* skb = Skb(Packet(chain, IPPROTO_UDP), GetParam());
  u8 nexthdr = NEXTHDR_HOP;
  __be16 frag_off = htons(0xffff);
  EXPECT_EQ(ipv6_skip_exthdr(skb, kIp6, &nexthdr, &frag_off), kIp6 + 8 + 24 + 8 + 16 + 16);
  EXPECT_EQ(nexthdr, IPPROTO_UDP);
  EXPECT_EQ(frag_off, 0) << "a first fragment reports offset 0";
  kfree_skb(skb);
}

TEST_P(Ipv6ExthdrTest, SkipStopsAtANonFirstFragment) {
  sk_buff* skb = Skb(Packet({Opts(NEXTHDR_DEST, 1), Frag(1480, true)}, IPPROTO_TCP), GetParam());
  u8 nexthdr = NEXTHDR_DEST;
  __be16 frag_off;
  // The walk stops at the fragment header: what follows is no header.
  EXPECT_EQ(ipv6_skip_exthdr(skb, kIp6, &nexthdr, &frag_off), kIp6 + 8);
  EXPECT_EQ(nexthdr, NEXTHDR_FRAGMENT);
  EXPECT_EQ(ntohs(frag_off), 1480 | 1);
  kfree_skb(skb);
}

TEST_P(Ipv6ExthdrTest, SkipFailsOnTruncatedHeadersAndNoNextHeader) {
  // The destination options header claims 16 bytes; the packet ends after 4.
  std::vector<uint8_t> p = Packet({Opts(NEXTHDR_DEST, 2)}, IPPROTO_UDP, 0);
  p.resize(kIp6 + 4);
  sk_buff* skb = Skb(p, false);
  u8 nexthdr = NEXTHDR_DEST;
  __be16 frag_off;
  // The header's first two bytes are there; the UDP header it leads to is not
  // read by the walk, so the offset past the end is returned.
  EXPECT_EQ(ipv6_skip_exthdr(skb, kIp6, &nexthdr, &frag_off), kIp6 + 16);
  kfree_skb(skb);

  p.resize(kIp6 + 1);  // not even nexthdr + hdrlen
  skb = Skb(p, false);
  nexthdr = NEXTHDR_DEST;
  EXPECT_EQ(ipv6_skip_exthdr(skb, kIp6, &nexthdr, &frag_off), -1);
  kfree_skb(skb);

  skb = Skb(Packet({Opts(NEXTHDR_HOP, 1)}, NEXTHDR_NONE), GetParam());
  nexthdr = NEXTHDR_HOP;
  EXPECT_EQ(ipv6_skip_exthdr(skb, kIp6, &nexthdr, &frag_off), -1);
  kfree_skb(skb);
}

TEST_P(Ipv6ExthdrTest, FindHdrFindsTheUpperLayerAndExtensionHeaders) {
  const std::vector<Ext> chain = {Opts(NEXTHDR_HOP, 1), Routing(1), Frag(0, true), Opts(NEXTHDR_DEST, 1)};
  sk_buff* skb = Skb(Packet(chain, IPPROTO_UDP), GetParam(), kIp6 + 8);
  unsigned off = 0;
  unsigned short fragoff = 99;
  int flags = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, IPPROTO_UDP, &fragoff, &flags), IPPROTO_UDP);
  EXPECT_EQ(off, static_cast<unsigned>(kIp6 + 8 + 24 + 8 + 8));
  EXPECT_EQ(fragoff, 0);
  EXPECT_EQ(flags, IP6_FH_F_FRAG) << "a fragment header was passed";
  off = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, -1, nullptr, nullptr), IPPROTO_UDP) << "target < 0: the upper layer";
  off = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, NEXTHDR_ROUTING, nullptr, nullptr), NEXTHDR_ROUTING);
  EXPECT_EQ(off, static_cast<unsigned>(kIp6 + 8));
  off = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, IPPROTO_TCP, nullptr, nullptr), -ENOENT);
  kfree_skb(skb);
}

TEST_P(Ipv6ExthdrTest, FindHdrSkipsAFinishedRoutingHeaderWithSkipRh) {
  sk_buff* skb = Skb(Packet({Routing(0)}, IPPROTO_TCP), GetParam());
  unsigned off = 0;
  int flags = IP6_FH_F_SKIP_RH;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, NEXTHDR_ROUTING, nullptr, &flags), -ENOENT)
      << "segments_left 0 does not count as a routing header";
  off = 0;
  flags = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, NEXTHDR_ROUTING, nullptr, &flags), NEXTHDR_ROUTING);
  kfree_skb(skb);
}

TEST_P(Ipv6ExthdrTest, FindHdrBehindANonFirstFragment) {
  sk_buff* skb = Skb(Packet({Opts(NEXTHDR_HOP, 1), Frag(2960, true)}, IPPROTO_UDP), GetParam());
  unsigned off = 0;
  unsigned short fragoff = 0;
  int flags = 0;
  // Any upper layer: the fragment header names UDP; its offset is reported.
  EXPECT_EQ(ipv6_find_hdr(skb, &off, -1, &fragoff, &flags), IPPROTO_UDP);
  EXPECT_EQ(fragoff, 2960);
  EXPECT_TRUE(flags & IP6_FH_F_FRAG);
  // A specific target behind it cannot be found.
  off = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, IPPROTO_UDP, &fragoff, nullptr), -ENOENT);
  // The fragment header itself is found, with its offset.
  off = 0;
  fragoff = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, NEXTHDR_FRAGMENT, &fragoff, nullptr), NEXTHDR_FRAGMENT);
  EXPECT_EQ(off, static_cast<unsigned>(kIp6 + 8));
  EXPECT_EQ(fragoff, 2960);
  kfree_skb(skb);
}

TEST_P(Ipv6ExthdrTest, FindHdrLegacyFormStopsAtTheTargetAndRefusesFragments) {
  sk_buff* skb = Skb(Packet({Opts(NEXTHDR_HOP, 1), Frag(2960, true)}, IPPROTO_UDP), GetParam());
  unsigned off = 0;
  unsigned short fragoff = 7;
  // v2.6.32: the loop ends as soon as the target is the next header.
  EXPECT_EQ(libskb_ipv6_find_hdr(skb, &off, NEXTHDR_FRAGMENT, &fragoff, nullptr, 1), NEXTHDR_FRAGMENT);
  EXPECT_EQ(fragoff, 0);
  off = 0;
  EXPECT_EQ(libskb_ipv6_find_hdr(skb, &off, -1, &fragoff, nullptr, 1), IPPROTO_UDP);
  EXPECT_EQ(fragoff, 2960);
  kfree_skb(skb);
}

TEST_P(Ipv6ExthdrTest, FindHdrTruncatedAndInnerHeader) {
  std::vector<uint8_t> p = Packet({Opts(NEXTHDR_DEST, 1)}, IPPROTO_UDP, 0);
  p.resize(kIp6 + 1);
  sk_buff* skb = Skb(p, false);
  unsigned off = 0;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, IPPROTO_UDP, nullptr, nullptr), -EBADMSG);
  kfree_skb(skb);

  // *offset names an inner IPv6 header (IPv6-in-IPv6): the walk starts there.
  std::vector<uint8_t> inner = Packet({Opts(NEXTHDR_DEST, 1)}, IPPROTO_TCP, 20);
  std::vector<uint8_t> outer = Packet({}, NEXTHDR_IPV6, 0);
  outer.insert(outer.end(), inner.begin(), inner.end());
  skb = Skb(outer, GetParam());
  off = kIp6;
  EXPECT_EQ(ipv6_find_hdr(skb, &off, IPPROTO_TCP, nullptr, nullptr), IPPROTO_TCP);
  EXPECT_EQ(off, static_cast<unsigned>(kIp6 + kIp6 + 8));
  off = kIp6 + 1;  // not an IPv6 header
  EXPECT_EQ(ipv6_find_hdr(skb, &off, IPPROTO_TCP, nullptr, nullptr), -EBADMSG);
  kfree_skb(skb);
}

// The receive path's extension header handlers (rx_path.cc: ipv6_parse_hopopts,
// ipv6_destopt_rcv, ipv6_rthdr_rcv, ipv6_frag_rcv) on what they refuse. The
// upper layer is NEXTHDR_NONE, so an accepted chain ends in that drop.
TEST_P(Ipv6ExthdrTest, ReceivePathRefusesBadExtensionHeaders) {
  auto run = [&](const std::vector<Ext>& chain) {
    std::vector<uint8_t> p = Packet(chain, NEXTHDR_NONE);
    p[8] = 0x20;  // a global unicast source
    p[24] = 0x20;
    return skb::Ip6Rcv(Skb(p, GetParam()));
  };
  skb::RxResult r = run({Opts(NEXTHDR_HOP, 1), Opts(NEXTHDR_DEST, 1), Routing(0), Frag(0, false)});
  EXPECT_EQ(run({Opts(NEXTHDR_HOP, 2)}).reason, "more than 7 bytes of padding options");
  EXPECT_EQ(r.reason, "NEXTHDR_NONE: nothing to deliver") << "a valid chain is walked to its end";
  Ext unknown = Opts(NEXTHDR_HOP, 1);
  unknown.bytes[2] = 0x5e;  // action 01: discard
  r = run({unknown});
  EXPECT_EQ(r.stage, "ipv6_parse_hopopts");
  EXPECT_THAT(r.reason, ::testing::HasSubstr("unknown option 0x5e"));
  Ext skip = Opts(NEXTHDR_DEST, 1);
  skip.bytes[2] = 0x1e;  // action 00: skipped
  r = run({skip});
  EXPECT_EQ(r.reason, "NEXTHDR_NONE: nothing to deliver");
  Ext dirty = Opts(NEXTHDR_DEST, 1);
  dirty.bytes[5] = 1;  // PadN must be zero (RFC 4942)
  r = run({dirty});
  EXPECT_EQ(r.stage, "ipv6_destopt_rcv");
  r = run({Routing(1)});
  EXPECT_EQ(r.stage, "ipv6_rthdr_rcv");
  EXPECT_THAT(r.reason, ::testing::HasSubstr("segments left"));
  r = run({Opts(NEXTHDR_DEST, 1), Opts(NEXTHDR_HOP, 1)});
  EXPECT_THAT(r.reason, ::testing::HasSubstr("hop-by-hop header after the first"));
  r = run({Frag(0, true)});
  EXPECT_EQ(r.outcome, skb::PathOutcome::kNotModelled);
  EXPECT_EQ(r.stage, "ipv6_frag_rcv");
}

INSTANTIATE_TEST_SUITE_P(Shapes, Ipv6ExthdrTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "Paged" : "Linear"; });

TEST(Ipv6AddrType, Classes) {
  auto type = [](std::initializer_list<int> bytes) {
    in6_addr a{};
    int i = 0;
    for (int b : bytes) a.s6_addr[i++] = static_cast<uint8_t>(b);
    return a;
  };
  in6_addr any = type({});
  EXPECT_EQ(ipv6_addr_type(&any), static_cast<int>(IPV6_ADDR_ANY));
  in6_addr lo = type({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(ipv6_addr_type(&lo), static_cast<int>(IPV6_ADDR_LOOPBACK | IPV6_ADDR_UNICAST));
  in6_addr global = type({0x20, 0x01, 0x0d, 0xb8});
  EXPECT_EQ(__ipv6_addr_type(&global), static_cast<int>(IPV6_ADDR_UNICAST | (IPV6_ADDR_SCOPE_GLOBAL << 16)));
  in6_addr ll = type({0xfe, 0x80});
  EXPECT_EQ(ipv6_addr_type(&ll), static_cast<int>(IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST));
  in6_addr mc = type({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(ipv6_addr_type(&mc), static_cast<int>(IPV6_ADDR_MULTICAST | IPV6_ADDR_LINKLOCAL));
  in6_addr mapped = type({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1});
  EXPECT_EQ(ipv6_addr_type(&mapped), static_cast<int>(IPV6_ADDR_MAPPED));
  in6_addr ula = type({0xfd, 0x12});
  EXPECT_EQ(ipv6_addr_type(&ula), static_cast<int>(IPV6_ADDR_UNICAST));
  EXPECT_TRUE(ipv6_prefix_equal(&global, &ula, 0));
  EXPECT_FALSE(ipv6_prefix_equal(&global, &ula, 1));
  EXPECT_EQ(ipv6_addr_diff(&global, &global), 128);
  EXPECT_EQ(ipv6_addr_diff(&lo, &any), 127);
}

}  // namespace
