// The IPv6 receive and transmit path models (skb/netfilter.h: Ip6Rcv,
// Ip6LocalOut, Ip6Output, NetifReceiveSkb's ETH_P_IPV6 dispatch) with hooks
// in their places.
//
// Checksums of the packets built here come from a reference sum written in
// this file from RFC 1071 / RFC 8200 8.1 (bytes in network order), so the
// path's checksum code is checked against something it does not share.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ipv6.h>
#include <linux/netdev_features.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

#include <cstring>
#include <string>
#include <vector>

#include "skb/netfilter.h"
#include "test_util.h"

using skb_test::CatchBug;
using skb_test::P;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

constexpr unsigned kEth = 14;
constexpr unsigned kIp6 = 40;
constexpr unsigned kUdp = 8;
constexpr unsigned kTcp = 20;
constexpr int kNetIpAlign = 2;  // keeps the IPv6 header 4-byte aligned in this C++ file

// ---- reference checksums ----------------------------------------------------

uint32_t RefSum(const uint8_t* p, size_t n, uint32_t sum = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i]) << 8 | p[i + 1];
  if (n & 1) sum += static_cast<uint32_t>(p[n - 1]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

// The RFC 8200 8.1 pseudo-header: source, destination, 32-bit length, 3 zero bytes, next header.
uint32_t RefPseudo6(const uint8_t* ip6, uint32_t len, uint8_t proto) {
  uint8_t ph[40] = {};
  std::memcpy(ph, ip6 + 8, 32);
  ph[32] = static_cast<uint8_t>(len >> 24);
  ph[33] = static_cast<uint8_t>(len >> 16);
  ph[34] = static_cast<uint8_t>(len >> 8);
  ph[35] = static_cast<uint8_t>(len);
  ph[39] = proto;
  return RefSum(ph, sizeof(ph));
}

// Does the L4 segment after the fixed header of this IPv6 packet verify?
bool L4ChecksumVerifies(const uint8_t* ip6, uint32_t l4len, uint8_t proto) {
  return RefSum(ip6 + kIp6, l4len, RefPseudo6(ip6, l4len, proto)) == 0xffff;
}

// ---- packets ----------------------------------------------------------------

struct Datagram6 {
  std::vector<uint8_t> payload = skb_test::Pattern(301);
  uint16_t sport = 1111;
  uint16_t dport = 2222;
  uint8_t nexthdr = IPPROTO_UDP;
  bool udp_csum = true;
  unsigned padding = 0;        // link-layer bytes after the packet
  int payload_len_delta = 0;   // added to the header's payload_len
  int udp_len_delta = 0;       // added to uh->len (after the checksum)
  uint8_t saddr0 = 0x20;       // first byte of the source (0xff: multicast)
};

// An IPv6/UDP packet (no Ethernet header): 2001:db8::1 -> 2001:db8::2.
std::vector<uint8_t> Ip6Packet(const Datagram6& d) {
  const unsigned ulen = kUdp + static_cast<unsigned>(d.payload.size());
  std::vector<uint8_t> p(kIp6 + ulen + d.padding, 0xee);
  ipv6hdr ip{};
  ip.version = 6;
  ip.payload_len = htons(static_cast<uint16_t>(static_cast<int>(ulen) + d.payload_len_delta));
  ip.nexthdr = d.nexthdr;
  ip.hop_limit = 64;
  const uint8_t src[16] = {d.saddr0, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const uint8_t dst[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  std::memcpy(&ip.saddr, src, 16);
  std::memcpy(&ip.daddr, dst, 16);
  std::memcpy(p.data(), &ip, kIp6);
  udphdr uh{};
  uh.source = htons(d.sport);
  uh.dest = htons(d.dport);
  uh.len = htons(static_cast<uint16_t>(ulen));
  std::memcpy(p.data() + kIp6, &uh, kUdp);
  std::memcpy(p.data() + kIp6 + kUdp, d.payload.data(), d.payload.size());
  if (d.udp_csum) {
    uint16_t c = static_cast<uint16_t>(~RefSum(p.data() + kIp6, ulen, RefPseudo6(p.data(), ulen, IPPROTO_UDP)));
    if (c == 0) c = 0xffff;
    p[kIp6 + 6] = static_cast<uint8_t>(c >> 8);
    p[kIp6 + 7] = static_cast<uint8_t>(c);
  }
  const uint16_t wire_ulen = static_cast<uint16_t>(static_cast<int>(ulen) + d.udp_len_delta);
  p[kIp6 + 4] = static_cast<uint8_t>(wire_ulen >> 8);
  p[kIp6 + 5] = static_cast<uint8_t>(wire_ulen);
  return p;
}

// An IPv6/TCP segment, 20-byte header (doff 5) and `payload` bytes.
std::vector<uint8_t> Tcp6Packet(const std::vector<uint8_t>& payload, unsigned doff = 5) {
  Datagram6 d;
  d.payload.assign(kTcp - kUdp + payload.size(), 0);
  d.nexthdr = IPPROTO_TCP;
  d.udp_csum = false;
  std::vector<uint8_t> p = Ip6Packet(d);
  tcphdr th{};
  th.source = htons(80);
  th.dest = htons(40000);
  th.seq = htonl(1);
  th.doff = static_cast<__u16>(doff);
  th.ack = 1;
  th.window = htons(1000);
  std::memcpy(p.data() + kIp6, &th, kTcp);
  std::memcpy(p.data() + kIp6 + kTcp, payload.data(), payload.size());
  const uint32_t l4 = static_cast<uint32_t>(kTcp + payload.size());
  const uint16_t c = static_cast<uint16_t>(~RefSum(p.data() + kIp6, l4, RefPseudo6(p.data(), l4, IPPROTO_TCP)));
  p[kIp6 + 16] = static_cast<uint8_t>(c >> 8);
  p[kIp6 + 17] = static_cast<uint8_t>(c);
  return p;
}

// An skb with data at the IPv6 header: `head` bytes linear, the rest in frags
// of at most `frag` bytes.
sk_buff* RxSkb(const std::vector<uint8_t>& pkt, unsigned head, unsigned frag = 4096,
               unsigned char ip_summed = CHECKSUM_NONE) {
  sk_buff* skb = alloc_skb(NET_SKB_PAD + kNetIpAlign + head, GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD) + kNetIpAlign);
  if (head != 0) skb_put_data(skb, pkt.data(), head);
  int i = 0;
  for (unsigned off = head; off < pkt.size(); off += frag, i++) {
    const unsigned n = std::min<unsigned>(frag, static_cast<unsigned>(pkt.size()) - off);
    page* pg = alloc_page(GFP_ATOMIC);
    std::memcpy(static_cast<uint8_t*>(page_address(pg)) + 8, pkt.data() + off, n);
    skb_add_rx_frag(skb, i, pg, 8, static_cast<int>(n), PAGE_SIZE);
  }
  skb->ip_summed = ip_summed;
  skb_reset_network_header(skb);
  return skb;
}

enum class RxShape { kLinear, kPaged, kHeadless };

sk_buff* Shaped(const std::vector<uint8_t>& pkt, RxShape s) {
  switch (s) {
    case RxShape::kLinear: return RxSkb(pkt, static_cast<unsigned>(pkt.size()));
    case RxShape::kPaged: return RxSkb(pkt, kIp6 + 3, 150);  // split inside the UDP header, odd frag boundaries
    case RxShape::kHeadless: return RxSkb(pkt, 0, 200);
  }
  return nullptr;
}

// Hooks registered by a test, unregistered when it ends.
class HookGuard {
 public:
  explicit HookGuard(std::vector<nf_hook_ops> ops) : ops_(std::move(ops)) {
    for (const nf_hook_ops& o : ops_) EXPECT_EQ(nf_register_net_hook(&init_net, &o), 0);
  }
  ~HookGuard() {
    for (const nf_hook_ops& o : ops_) nf_unregister_net_hook(&init_net, &o);
  }
  HookGuard(const HookGuard&) = delete;
  HookGuard& operator=(const HookGuard&) = delete;

 private:
  std::vector<nf_hook_ops> ops_;
};

nf_hook_ops Ops6(nf_hookfn* fn, unsigned hooknum, void* priv = nullptr) {
  nf_hook_ops o{};
  o.hook = fn;
  o.priv = priv;
  o.pf = NFPROTO_IPV6;
  o.hooknum = hooknum;
  o.priority = 0;
  return o;
}

class Ipv6PathTest : public skb_test::SkbTest {
 protected:
  void TearDown() override {
    EXPECT_TRUE(skb::AllHooks().empty()) << "a test left hooks registered";
    SkbTest::TearDown();
  }
};

}  // namespace

// ---- hooks used below (global namespace: reports name them plainly) ----------

static unsigned int Count6Hook(void* priv, sk_buff*, const nf_hook_state* state) {
  if (priv != nullptr) ++*static_cast<int*>(priv);
  return state->pf == NFPROTO_IPV6 ? NF_ACCEPT : NF_DROP;
}
static unsigned int Drop6Hook(void*, sk_buff*, const nf_hook_state*) { return NF_DROP; }
static unsigned int CorruptLen6Hook(void*, sk_buff* skb, const nf_hook_state*) {
  skb->len -= 4;  // bypasses every helper
  return NF_ACCEPT;
}
// Claims 8 more bytes than the skb holds (len and data_len, and uh->len to
// match, so the UDP length check passes): the datagram's checksum walk then
// runs out of segments.
static unsigned int Grow6Hook(void*, sk_buff* skb, const nf_hook_state*) {
  skb->len += 8;
  skb->data_len += 8;
  udphdr uh;
  std::memcpy(&uh, skb_transport_header(skb), sizeof(uh));
  uh.len = htons(static_cast<uint16_t>(ntohs(uh.len) + 8));
  std::memcpy(skb_transport_header(skb), &uh, sizeof(uh));
  return NF_ACCEPT;
}
static unsigned int PutOnPaged6Hook(void*, sk_buff* skb, const nf_hook_state*) {
  skb_put(skb, 4);
  return NF_ACCEPT;
}

// ---- receive ----------------------------------------------------------------

TEST_F(Ipv6PathTest, DeliversUdpInEveryShapeThroughBothHooks) {
  for (RxShape s : {RxShape::kLinear, RxShape::kPaged, RxShape::kHeadless}) {
    SCOPED_TRACE(static_cast<int>(s));
    int pre = 0, in = 0;
    HookGuard hooks({Ops6(Count6Hook, NF_INET_PRE_ROUTING, &pre), Ops6(Count6Hook, NF_INET_LOCAL_IN, &in)});
    Datagram6 d;
    skb::RxResult r = skb::Ip6Rcv(Shaped(Ip6Packet(d), s));
    ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
    EXPECT_EQ(r.stage, "udpv6_rcv");
    EXPECT_EQ(r.protocol, IPPROTO_UDP);
    EXPECT_TRUE(skb_test::BytesEqual(r.payload, d.payload));
    EXPECT_EQ(pre, 1);
    EXPECT_EQ(in, 1);
    ASSERT_EQ(r.hooks.size(), 2u);
    EXPECT_EQ(r.hooks[0].hook.Describe(), "NF_INET_PRE_ROUTING (IPv6) hook Count6Hook");
    EXPECT_EQ(r.hooks[1].hook.Describe(), "NF_INET_LOCAL_IN (IPv6) hook Count6Hook");
  }
}

TEST_F(Ipv6PathTest, PaddingIsTrimmedToPayloadLen) {
  Datagram6 d;
  d.padding = 17;
  for (RxShape s : {RxShape::kLinear, RxShape::kPaged, RxShape::kHeadless}) {
    SCOPED_TRACE(static_cast<int>(s));
    skb::RxResult r = skb::Ip6Rcv(Shaped(Ip6Packet(d), s));
    ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
    EXPECT_TRUE(skb_test::BytesEqual(r.payload, d.payload));
  }
  // A UDP length shorter than the IPv6 payload: the datagram is uh->len long.
  Datagram6 u;
  u.udp_len_delta = -1;  // the checksum covers the full payload, so it fails after the trim
  skb::RxResult r = skb::Ip6Rcv(Shaped(Ip6Packet(u), RxShape::kPaged));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason, "bad UDP checksum");
}

TEST_F(Ipv6PathTest, TruncatedPacketsAreDropped) {
  Datagram6 d;
  d.payload_len_delta = 1;  // one byte more than the frame holds
  skb::RxResult r = skb::Ip6Rcv(Shaped(Ip6Packet(d), RxShape::kPaged));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "ip6_rcv_core");
  EXPECT_EQ(r.reason, "truncated: 40 + payload_len 310 > skb->len 349");

  Datagram6 u;
  u.udp_len_delta = 1;
  r = skb::Ip6Rcv(Shaped(Ip6Packet(u), RxShape::kHeadless));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "__udp6_lib_rcv");
  EXPECT_EQ(r.reason, "short packet: uh->len 310 > skb->len 309");

  // Shorter than the fixed header.
  std::vector<uint8_t> stub = Ip6Packet(Datagram6{});
  stub.resize(30);
  r = skb::Ip6Rcv(RxSkb(stub, 30));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason, "no room for the IPv6 header");
}

TEST_F(Ipv6PathTest, ChecksumsDropUnlessValidOrVouchedFor) {
  std::vector<uint8_t> pkt = Ip6Packet(Datagram6{});
  std::vector<uint8_t> bad = pkt;
  bad[kIp6 + kUdp + 100] ^= 0x10;
  skb::RxResult r = skb::Ip6Rcv(Shaped(bad, RxShape::kPaged));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "__udp6_lib_rcv");
  EXPECT_EQ(r.reason, "bad UDP checksum");
  // The NIC verified it: trusted.
  r = skb::Ip6Rcv(RxSkb(bad, kIp6 + kUdp, 4096, CHECKSUM_UNNECESSARY));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered);
  // A local or virtual sender's CHECKSUM_PARTIAL packet (veth, tun with
  // vnet headers): skb_csum_unnecessary() trusts it while csum_start is not
  // before data; once a pull passed it, the bytes are checked.
  sk_buff* partial = RxSkb(bad, kIp6 + kUdp, 4096, CHECKSUM_PARTIAL);
  partial->csum_start = static_cast<__u16>(skb_headroom(partial) + kIp6);
  partial->csum_offset = 6;
  EXPECT_EQ(skb::Ip6Rcv(partial).outcome, skb::PathOutcome::kDelivered);
  partial = RxSkb(bad, kIp6 + kUdp, 4096, CHECKSUM_PARTIAL);
  partial->csum_start = static_cast<__u16>(skb_headroom(partial) + kIp6 - 2);
  partial->csum_offset = 8;
  EXPECT_EQ(skb::Ip6Rcv(partial).outcome, skb::PathOutcome::kDropped);

  // CHECKSUM_COMPLETE over everything from the IPv6 header: the path takes
  // the header out (skb_postpull_rcsum) and the sum verifies.
  sk_buff* skb = RxSkb(pkt, kIp6 + kUdp, 4096, CHECKSUM_COMPLETE);
  skb->csum = csum_partial(pkt.data(), static_cast<int>(pkt.size()), 0);
  r = skb::Ip6Rcv(skb);
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  // A wrong device sum falls back to summing the bytes: a good packet passes,
  // a bad one does not.
  skb = RxSkb(pkt, kIp6 + kUdp, 4096, CHECKSUM_COMPLETE);
  skb->csum = 0x1234;
  EXPECT_EQ(skb::Ip6Rcv(skb).outcome, skb::PathOutcome::kDelivered);
  skb = RxSkb(bad, kIp6 + kUdp, 4096, CHECKSUM_COMPLETE);
  skb->csum = 0x1234;
  EXPECT_EQ(skb::Ip6Rcv(skb).outcome, skb::PathOutcome::kDropped);
  // A device sum that verifies is believed, as in the kernel: it is what
  // CHECKSUM_COMPLETE promises (the strict checker's S11 is what catches a lie).
  skb = RxSkb(bad, kIp6 + kUdp, 4096, CHECKSUM_COMPLETE);
  skb->csum = csum_partial(pkt.data(), static_cast<int>(pkt.size()), 0);  // the sum of the good packet
  EXPECT_EQ(skb::Ip6Rcv(skb).outcome, skb::PathOutcome::kDelivered);
}

TEST_F(Ipv6PathTest, ZeroUdpChecksumIsDroppedOverIpv6) {
  Datagram6 d;
  d.udp_csum = false;
  skb::RxResult r = skb::Ip6Rcv(Shaped(Ip6Packet(d), RxShape::kLinear));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "__udp6_lib_rcv");
  EXPECT_THAT(r.reason, StartsWith("zero UDP checksum"));
}

TEST_F(Ipv6PathTest, HeaderChecks) {
  std::vector<uint8_t> pkt = Ip6Packet(Datagram6{});
  pkt[0] = 0x45;  // version 4
  skb::RxResult r = skb::Ip6Rcv(RxSkb(pkt, 60));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason, "bad header: version 4");

  Datagram6 m;
  m.saddr0 = 0xff;
  r = skb::Ip6Rcv(Shaped(Ip6Packet(m), RxShape::kLinear));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason, "multicast source address");

  Datagram6 hbh;
  hbh.nexthdr = NEXTHDR_HOP;
  r = skb::Ip6Rcv(Shaped(Ip6Packet(hbh), RxShape::kLinear));
  // The UDP header read as a hop-by-hop header claims (0x57 + 1) * 8 bytes.
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "ipv6_parse_hopopts");

  Datagram6 dst;
  dst.nexthdr = NEXTHDR_DEST;
  int in = 0;
  HookGuard hooks({Ops6(Count6Hook, NF_INET_LOCAL_IN, &in)});
  r = skb::Ip6Rcv(Shaped(Ip6Packet(dst), RxShape::kPaged));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "ipv6_destopt_rcv");
  EXPECT_EQ(in, 1) << "extension headers after the first are parsed after LOCAL_IN";
}

TEST_F(Ipv6PathTest, TcpHeaderPullsAndChecksum) {
  const std::vector<uint8_t> payload = skb_test::Pattern(77);
  std::vector<uint8_t> pkt = Tcp6Packet(payload);
  skb::RxResult r = skb::Ip6Rcv(RxSkb(pkt, kIp6 + 7, 30));  // the TCP header spans the head and two frags
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(r.stage, "tcp_v6_rcv");
  EXPECT_EQ(r.protocol, IPPROTO_TCP);
  EXPECT_TRUE(skb_test::BytesEqual(r.payload, std::vector<uint8_t>(pkt.begin() + kIp6, pkt.end())));

  std::vector<uint8_t> bad = pkt;
  bad.back() ^= 1;
  r = skb::Ip6Rcv(RxSkb(bad, kIp6 + kTcp));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason, "bad TCP checksum");

  r = skb::Ip6Rcv(RxSkb(Tcp6Packet(payload, 4), kIp6));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason, "doff 4 < 5");
}

TEST_F(Ipv6PathTest, NetifReceiveSkbDispatchesIpv6) {
  Datagram6 d;
  std::vector<uint8_t> pkt = Ip6Packet(d);
  std::vector<uint8_t> frame = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x86, 0xdd};
  frame.insert(frame.end(), pkt.begin(), pkt.end());
  sk_buff* skb = alloc_skb(NET_SKB_PAD + kNetIpAlign + frame.size(), GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD) + kNetIpAlign);
  skb_put_data(skb, frame.data(), static_cast<unsigned>(frame.size()));
  int pre = 0;
  HookGuard hooks({Ops6(Count6Hook, NF_INET_PRE_ROUTING, &pre)});
  skb::RxResult r = skb::NetifReceiveSkb(skb);
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(pre, 1);
  EXPECT_TRUE(skb_test::BytesEqual(r.payload, d.payload));
}

TEST_F(Ipv6PathTest, AHookThatDropsEndsThePath) {
  int in = 0;
  HookGuard hooks({Ops6(Drop6Hook, NF_INET_PRE_ROUTING), Ops6(Count6Hook, NF_INET_LOCAL_IN, &in)});
  const size_t live = skb::Stats().live_skbs;
  skb::RxResult r = skb::Ip6Rcv(Shaped(Ip6Packet(Datagram6{}), RxShape::kPaged));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "nf_hook_slow");
  EXPECT_EQ(r.reason, "NF_INET_PRE_ROUTING (IPv6) hook Drop6Hook returned NF_DROP");
  EXPECT_EQ(in, 0);
  EXPECT_EQ(skb::Stats().live_skbs, live);
}

TEST_F(Ipv6PathTest, AHookThatBreaksTheSkbIsNamed) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  HookGuard hooks({Ops6(CorruptLen6Hook, NF_INET_LOCAL_IN)});
  sk_buff* skb = Shaped(Ip6Packet(Datagram6{}), RxShape::kLinear);
  auto report = CatchBug([&] { skb::Ip6Rcv(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->tier, skb::Tier::kCheck);
  EXPECT_EQ(report->culprit, "NF_INET_LOCAL_IN (IPv6) hook CorruptLen6Hook broke the skb");
  EXPECT_THAT(report->text, HasSubstr("S3 headlen_ne_tail_minus_data"));
  skb->len += 4;
  kfree_skb(skb);
}

TEST_F(Ipv6PathTest, ABugInsideAHookIsAnnotated) {
  HookGuard hooks({Ops6(PutOnPaged6Hook, NF_INET_PRE_ROUTING)});
  sk_buff* skb = Shaped(Ip6Packet(Datagram6{}), RxShape::kPaged);
  auto report = CatchBug([&] { skb::Ip6Rcv(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kSkbLinearAssert);
  EXPECT_THAT(report->text, StartsWith("libskb: in NF_INET_PRE_ROUTING (IPv6) hook PutOnPaged6Hook\n"));
  EXPECT_EQ(report->culprit, "NF_INET_PRE_ROUTING (IPv6) hook PutOnPaged6Hook");
  kfree_skb(skb);
}

// Unchecked, the skb the hook left goes on to __udp6_lib_rcv, whose checksum
// walk BUGs in skb_checksum; the report names the hook that changed it.
TEST_F(Ipv6PathTest, ABugAfterTheHookNamesTheHook) {
  skb::ScopedCheckedMode off(false);
  HookGuard hooks({Ops6(Grow6Hook, NF_INET_LOCAL_IN)});
  sk_buff* skb = Shaped(Ip6Packet(Datagram6{}), RxShape::kLinear);
  auto report = CatchBug([&] { skb::Ip6Rcv(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kSkbChecksum);
  EXPECT_THAT(report->text, StartsWith("libskb: after NF_INET_LOCAL_IN (IPv6) hook Grow6Hook [it changed: len "));
  EXPECT_EQ(report->culprit, "NF_INET_LOCAL_IN (IPv6) hook Grow6Hook");
  skb->len -= 8;
  skb->data_len -= 8;
  kfree_skb(skb);
}

// ---- transmit ---------------------------------------------------------------

namespace {

// A locally generated UDP/IPv6 datagram: headers in the head (headroom as
// given), payload in a frag, checksum left to the device (CHECKSUM_PARTIAL
// with the pseudo-header seed in uh->check), payload_len wrong on purpose
// (__ip6_local_out sets it).
sk_buff* TxSkb(const Datagram6& d, unsigned headroom = 64) {
  Datagram6 nd = d;
  nd.udp_csum = false;
  std::vector<uint8_t> pkt = Ip6Packet(nd);
  sk_buff* skb = alloc_skb(headroom + kIp6 + kUdp, GFP_KERNEL);
  skb_reserve(skb, static_cast<int>(headroom));
  skb_put_data(skb, pkt.data(), kIp6 + kUdp);
  page* pg = alloc_page(GFP_KERNEL);
  std::memcpy(page_address(pg), pkt.data() + kIp6 + kUdp, d.payload.size());
  skb_add_rx_frag(skb, 0, pg, 0, static_cast<int>(d.payload.size()), PAGE_SIZE);
  skb_reset_network_header(skb);
  skb_set_transport_header(skb, kIp6);
  const unsigned ulen = kUdp + static_cast<unsigned>(d.payload.size());
  const uint16_t seed = static_cast<uint16_t>(RefPseudo6(pkt.data(), ulen, IPPROTO_UDP));
  skb->data[kIp6 + 6] = static_cast<uint8_t>(seed >> 8);
  skb->data[kIp6 + 7] = static_cast<uint8_t>(seed);
  skb->data[4] = 0xab;  // payload_len: garbage until __ip6_local_out
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb) + kIp6);
  skb->csum_offset = 6;
  std::memset(skb->cb, 0, sizeof(skb->cb));
  return skb;
}

bool FrameUdpVerifies(const std::vector<uint8_t>& frame) {
  return L4ChecksumVerifies(frame.data() + kEth, static_cast<uint32_t>(frame.size() - kEth - kIp6), IPPROTO_UDP);
}

}  // namespace

TEST_F(Ipv6PathTest, TxSetsPayloadLenAndChecksumsInSoftware) {
  int out = 0, post = 0;
  HookGuard hooks({Ops6(Count6Hook, NF_INET_LOCAL_OUT, &out), Ops6(Count6Hook, NF_INET_POST_ROUTING, &post)});
  Datagram6 d;
  skb::TxResult r = skb::Ip6LocalOut(TxSkb(d));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(out, 1);
  EXPECT_EQ(post, 1);
  ASSERT_EQ(r.frame.size(), kEth + kIp6 + kUdp + d.payload.size());
  EXPECT_EQ(r.frame[12], 0x86);
  EXPECT_EQ(r.frame[13], 0xdd);
  EXPECT_EQ(r.frame[kEth + 4] << 8 | r.frame[kEth + 5], static_cast<int>(kUdp + d.payload.size()));
  EXPECT_TRUE(FrameUdpVerifies(r.frame));
  EXPECT_TRUE(skb_test::BytesEqual(std::vector<uint8_t>(r.frame.begin() + kEth + kIp6 + kUdp, r.frame.end()),
                                   d.payload));
}

TEST_F(Ipv6PathTest, TxChecksumOffloadByFeature) {
  net_device dev = *skb::DefaultDevice();
  dev.features = NETIF_F_SG | NETIF_F_IPV6_CSUM;
  skb::TxResult r = skb::Ip6Output(TxSkb(Datagram6{}), skb::TxOptions{.dev = &dev});
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_FALSE(FrameUdpVerifies(r.frame)) << "the device finishes the sum";
  dev.features = NETIF_F_SG | NETIF_F_IP_CSUM;  // IPv4 only: software checksum for IPv6
  r = skb::Ip6LocalOut(TxSkb(Datagram6{}), skb::TxOptions{.dev = &dev});
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_TRUE(FrameUdpVerifies(r.frame));
}

TEST_F(Ipv6PathTest, TxGrowsHeadroomForTheLinkHeader) {
  for (const char* name : {"5.10", "6.12"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile profile(P(name));
    skb::TxResult r = skb::Ip6LocalOut(TxSkb(Datagram6{}, 0));
    ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
    EXPECT_TRUE(FrameUdpVerifies(r.frame));
  }
}

// An owned skb keeps its socket's write-memory account balanced through the
// headroom expansion: in place on 5.15+ (skb_expand_head, the growth charged),
// through an owned copy before (skb_realloc_headroom + skb_set_owner_w).
TEST_F(Ipv6PathTest, TxHeadroomExpansionKeepsTheSocketAccountBalanced) {
  for (const char* name : {"5.10", "6.12"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile profile(P(name));
    sock* sk = tcp_sock_alloc(GFP_KERNEL);
    sk_buff* skb = TxSkb(Datagram6{}, 0);
    skb->sk = sk;
    skb->destructor = tcp_wfree;
    atomic_add(static_cast<int>(skb->truesize), &sk->sk_wmem_alloc);
    skb::TxResult r = skb::Ip6LocalOut(skb);
    ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
    EXPECT_EQ(atomic_read(&sk->sk_wmem_alloc), 0);
    tcp_sock_free(sk);
  }
}

TEST_F(Ipv6PathTest, TxBranchesNotModelled) {
  net_device dev = *skb::DefaultDevice();
  dev.mtu = 200;
  skb::TxResult r = skb::Ip6LocalOut(TxSkb(Datagram6{}), skb::TxOptions{.dev = &dev});
  EXPECT_EQ(r.outcome, skb::PathOutcome::kNotModelled);
  EXPECT_EQ(r.stage, "__ip6_finish_output");

  sk_buff* skb = TxSkb(Datagram6{});
  skb->data[24] = 0xff;  // daddr ff01::...
  r = skb::Ip6LocalOut(skb);
  EXPECT_EQ(r.outcome, skb::PathOutcome::kNotModelled);
  EXPECT_EQ(r.stage, "ip6_finish_output2");
}

TEST_F(Ipv6PathTest, TxHookThatDrops) {
  HookGuard hooks({Ops6(Drop6Hook, NF_INET_POST_ROUTING)});
  skb::TxResult r = skb::Ip6LocalOut(TxSkb(Datagram6{}));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason, "NF_INET_POST_ROUTING (IPv6) hook Drop6Hook returned NF_DROP");
}
