// The bundled example modules (examples/modules/): for each of the five
// buggy ones, one hand-built skb that shows its bug through the stack path
// the module hooks into; for the two correct ones, the shapes a fuzzer
// tries (linear, paged, headless, cloned by a tap, CHECKSUM_COMPLETE,
// CHECKSUM_PARTIAL) without a report, with the strict checker run after
// every hook. The modules are loaded the way a harness loads them
// (skb::ScopedModule on their entry points), so these tests break when an
// example stops compiling, stops loading or stops having its bug.
#include <arpa/inet.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "skb/netfilter.h"
#include "test_util.h"

LIBSKB_DECLARE_MODULE(nf_push_no_headroom);
LIBSKB_DECLARE_MODULE(nf_put_nonlinear);
LIBSKB_DECLARE_MODULE(nf_stale_iph);
LIBSKB_DECLARE_MODULE(nf_write_cloned);
LIBSKB_DECLARE_MODULE(nf_csum_past_len);
LIBSKB_DECLARE_MODULE(nf_ttl_clamp);
LIBSKB_DECLARE_MODULE(nf_udp_portmap);

#define LOAD(name) skb::ScopedModule module(LIBSKB_MODULE_INIT(name), LIBSKB_MODULE_EXIT(name))

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXAMPLES_HAVE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define EXAMPLES_HAVE_ASAN 1
#endif

using skb_test::CatchBug;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

constexpr unsigned kEth = 14;
constexpr unsigned kIp = 20;
constexpr unsigned kIp6 = 40;
constexpr unsigned kUdp = 8;
constexpr unsigned kTcp = 20;

// ---- reference checksums (RFC 1071, bytes in network order) -----------------

uint32_t RefSum(const uint8_t* p, size_t n, uint32_t sum = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i]) << 8 | p[i + 1];
  if (n & 1) sum += static_cast<uint32_t>(p[n - 1]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

uint32_t RefPseudo4(const uint8_t* ip, uint32_t len, uint8_t proto) {
  uint8_t ph[12] = {};
  std::memcpy(ph, ip + 12, 8);
  ph[9] = proto;
  ph[10] = static_cast<uint8_t>(len >> 8);
  ph[11] = static_cast<uint8_t>(len);
  return RefSum(ph, sizeof(ph));
}

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

void Put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
uint16_t Get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t Get32(const uint8_t* p) { return static_cast<uint32_t>(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

// ---- packets ----------------------------------------------------------------

struct Pkt {
  bool v6 = false;
  uint8_t proto = IPPROTO_UDP;
  uint32_t saddr = 0xc0a80001;  // IPv4 addresses
  uint32_t daddr = 0xc0a80002;
  uint8_t ttl = 64;             // TTL or hop limit
  uint8_t tos = 0;
  uint16_t sport = 40000;
  uint16_t dport = 7;
  size_t payload = 301;
  bool l4_csum = true;          // false: UDP checksum 0
  int udp_len_delta = 0;        // added to uh->len after the checksum
};

// An IPv4 or IPv6 packet with a UDP or TCP (doff 5) segment; checksums valid.
std::vector<uint8_t> Build(const Pkt& k) {
  const unsigned nh = k.v6 ? kIp6 : kIp;
  const unsigned l4h = k.proto == IPPROTO_TCP ? kTcp : kUdp;
  const unsigned l4len = l4h + static_cast<unsigned>(k.payload);
  std::vector<uint8_t> p(nh + l4len, 0);
  uint8_t* l4 = p.data() + nh;
  if (k.v6) {
    p[0] = 0x60;
    Put16(&p[4], static_cast<uint16_t>(l4len));
    p[6] = k.proto;
    p[7] = k.ttl;
    const uint8_t src[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const uint8_t dst[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    std::memcpy(&p[8], src, 16);
    std::memcpy(&p[24], dst, 16);
  } else {
    p[0] = 0x45;
    p[1] = k.tos;
    Put16(&p[2], static_cast<uint16_t>(p.size()));
    p[6] = 0x40;  // DF
    p[8] = k.ttl;
    p[9] = k.proto;
    for (int i = 0; i < 4; i++) {
      p[12 + i] = static_cast<uint8_t>(k.saddr >> (24 - 8 * i));
      p[16 + i] = static_cast<uint8_t>(k.daddr >> (24 - 8 * i));
    }
    Put16(&p[10], static_cast<uint16_t>(~RefSum(p.data(), kIp)));
  }
  Put16(l4, k.sport);
  Put16(l4 + 2, k.dport);
  std::vector<uint8_t> payload = skb_test::Pattern(k.payload);
  std::memcpy(l4 + l4h, payload.data(), payload.size());
  unsigned csum_at = 6;
  if (k.proto == IPPROTO_TCP) {
    l4[12] = 5 << 4;
    l4[13] = 0x10;  // ACK
    csum_at = 16;
  } else {
    Put16(l4 + 4, static_cast<uint16_t>(l4len));
  }
  if (k.l4_csum || k.v6 || k.proto == IPPROTO_TCP) {
    const uint32_t pseudo = k.v6 ? RefPseudo6(p.data(), l4len, k.proto) : RefPseudo4(p.data(), l4len, k.proto);
    uint16_t c = static_cast<uint16_t>(~RefSum(l4, l4len, pseudo));
    if (c == 0 && k.proto == IPPROTO_UDP) c = 0xffff;
    Put16(l4 + csum_at, c);
  }
  if (k.proto == IPPROTO_UDP) Put16(l4 + 4, static_cast<uint16_t>(static_cast<int>(l4len) + k.udp_len_delta));
  return p;
}

// Does the transport checksum of the packet at p (network header first) verify?
bool L4Verifies(const std::vector<uint8_t>& p, size_t off = 0) {
  const bool v6 = (p[off] >> 4) == 6;
  const unsigned nh = v6 ? kIp6 : (p[off] & 0xf) * 4u;
  const uint8_t proto = p[off + (v6 ? 6 : 9)];
  const uint32_t l4len = static_cast<uint32_t>(p.size() - off - nh);
  const uint8_t* ip = p.data() + off;
  const uint32_t pseudo = v6 ? RefPseudo6(ip, l4len, proto) : RefPseudo4(ip, l4len, proto);
  return RefSum(ip + nh, l4len, pseudo) == 0xffff;
}

enum class Shape { kLinear, kPaged, kHeaderOnlyHead, kHeadless };

const char* ShapeName(Shape s) {
  switch (s) {
    case Shape::kLinear: return "linear";
    case Shape::kPaged: return "paged";
    case Shape::kHeaderOnlyHead: return "header-only head";
    case Shape::kHeadless: return "headless";
  }
  return "?";
}

// An rx skb with data at the network header, as a driver and
// eth_type_trans leave it: NET_SKB_PAD + 14 bytes of headroom (the IPv4
// header at 2 mod 4, as on x86), `head` bytes linear, the rest in frags of
// at most 200 bytes. tight: the head has no tailroom left (a small
// header-split head).
sk_buff* RxSkb(const std::vector<uint8_t>& pkt, unsigned head, bool tight = false,
               unsigned char ip_summed = CHECKSUM_NONE) {
  const unsigned headroom = NET_SKB_PAD + kEth;
  sk_buff* skb = alloc_skb(headroom + head, GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(tight ? skb_tailroom(skb) - static_cast<int>(head) : headroom));
  if (head != 0) skb_put_data(skb, pkt.data(), head);
  int i = 0;
  for (unsigned off = head; off < pkt.size(); off += 200, i++) {
    const unsigned n = std::min<unsigned>(200, static_cast<unsigned>(pkt.size()) - off);
    page* pg = alloc_page(GFP_ATOMIC);
    std::memcpy(static_cast<uint8_t*>(page_address(pg)) + 64, pkt.data() + off, n);
    skb_add_rx_frag(skb, i, pg, 64, static_cast<int>(n), PAGE_SIZE);
  }
  skb->ip_summed = ip_summed;
  if (ip_summed == CHECKSUM_COMPLETE) skb->csum = csum_partial(pkt.data(), static_cast<int>(pkt.size()), 0);
  skb_reset_network_header(skb);
  return skb;
}

sk_buff* Shaped(const std::vector<uint8_t>& pkt, Shape s, unsigned char ip_summed = CHECKSUM_NONE) {
  const unsigned nh = (pkt[0] >> 4) == 6 ? kIp6 : kIp;
  switch (s) {
    case Shape::kLinear: return RxSkb(pkt, static_cast<unsigned>(pkt.size()), false, ip_summed);
    case Shape::kPaged: return RxSkb(pkt, nh + 8 + 13, false, ip_summed);
    case Shape::kHeaderOnlyHead: return RxSkb(pkt, nh, true, ip_summed);
    case Shape::kHeadless: return RxSkb(pkt, 0, false, ip_summed);
  }
  return nullptr;
}

const Shape kShapes[] = {Shape::kLinear, Shape::kPaged, Shape::kHeaderOnlyHead, Shape::kHeadless};

// A locally generated datagram as a UDP socket hands it to ip_local_out:
// headers in the head with `headroom` in front, the payload in a page frag
// unless `linear`, the checksum left to the device (CHECKSUM_PARTIAL with
// the pseudo-header seed).
sk_buff* TxSkb(const Pkt& k, unsigned headroom = 64, bool linear = false) {
  std::vector<uint8_t> pkt = Build(k);
  const unsigned nh = k.v6 ? kIp6 : kIp;
  const unsigned hdrs = linear ? static_cast<unsigned>(pkt.size()) : nh + kUdp;
  sk_buff* skb = alloc_skb(headroom + hdrs, GFP_KERNEL);
  skb_reserve(skb, static_cast<int>(headroom));
  skb_put_data(skb, pkt.data(), hdrs);
  if (!linear) {
    page* pg = alloc_page(GFP_KERNEL);
    std::memcpy(page_address(pg), pkt.data() + hdrs, pkt.size() - hdrs);
    skb_add_rx_frag(skb, 0, pg, 0, static_cast<int>(pkt.size() - hdrs), PAGE_SIZE);
  }
  skb_reset_network_header(skb);
  skb_set_transport_header(skb, static_cast<int>(nh));
  const uint32_t l4len = static_cast<uint32_t>(pkt.size() - nh);
  const uint32_t pseudo = k.v6 ? RefPseudo6(pkt.data(), l4len, IPPROTO_UDP) : RefPseudo4(pkt.data(), l4len, IPPROTO_UDP);
  Put16(skb->data + nh + 6, static_cast<uint16_t>(pseudo));
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb) + nh);
  skb->csum_offset = 6;
  std::memset(skb->cb, 0, sizeof(skb->cb));
  return skb;
}

// What LOCAL_IN saw: a test-side hook after the module's, recording the
// network and transport headers and the strict checker's verdict on the skb.
struct Seen {
  int calls = 0;
  std::vector<uint8_t> headers;  // network header + 8 bytes of transport header, as the hook saw them
  std::vector<std::string> strict;
};
Seen g_seen;

class ExampleModulesTest : public skb_test::SkbTest {
 protected:
  void SetUp() override {
    SkbTest::SetUp();
    g_seen = Seen{};
  }
  void TearDown() override {
    EXPECT_TRUE(skb::AllHooks().empty()) << "a test left hooks registered";
    SkbTest::TearDown();
  }
};

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

}  // namespace

static unsigned int SeeLocalIn(void*, sk_buff* skb, const nf_hook_state*) {
  g_seen.calls++;
  const unsigned n = skb_network_header_len(skb) + 8;
  g_seen.headers.assign(n, 0);
  skb_copy_bits(skb, skb_network_offset(skb), g_seen.headers.data(), static_cast<int>(n));
  for (const skb::Violation& v : skb::Check(skb, skb::CheckMode::kStrict)) g_seen.strict.push_back(v.ToString());
  return NF_ACCEPT;
}

namespace {

nf_hook_ops SeeOps(uint8_t pf) {
  nf_hook_ops o{};
  o.hook = SeeLocalIn;
  o.pf = pf;
  o.hooknum = NF_INET_LOCAL_IN;
  o.priority = INT_MAX;
  return o;
}

}  // namespace

// ---- nf_push_no_headroom ----------------------------------------------------

TEST_F(ExampleModulesTest, PushNoHeadroomEncapsulatesWhenThereIsRoom) {
  LOAD(nf_push_no_headroom);
  ASSERT_EQ(module.init_result(), 0);
  Pkt k;
  k.daddr = 0x0a010203;  // 10.1.2.3: through the tunnel
  skb::TxResult r = skb::IpLocalOut(TxSkb(k));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  ASSERT_EQ(r.frame.size(), kEth + kIp + kIp + kUdp + k.payload);
  const uint8_t* outer = r.frame.data() + kEth;
  EXPECT_EQ(outer[9], IPPROTO_IPIP);
  EXPECT_EQ(Get16(outer + 2), kIp + kIp + kUdp + k.payload);
  EXPECT_EQ(Get32(outer + 16), 0xc0000201u);
  EXPECT_EQ(RefSum(outer, kIp), 0xffffu) << "outer header checksum";
  EXPECT_TRUE(L4Verifies(r.frame, kEth + kIp)) << "the inner datagram, checksummed by the device path";
}

TEST_F(ExampleModulesTest, PushNoHeadroomUnderPanicsOnASmallHeadroom) {
  LOAD(nf_push_no_headroom);
  Pkt k;
  k.daddr = 0x0a010203;
  // An IP_HDRINCL raw socket's skb: LL_RESERVED_SPACE (16 bytes) of headroom.
  sk_buff* skb = TxSkb(k, 16, /*linear=*/true);
  auto report = CatchBug([&] { skb::IpLocalOut(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kSkbUnderPanic);
  EXPECT_THAT(report->text, StartsWith("libskb: in NF_INET_LOCAL_OUT hook ipip_out_hook (module nf_push_no_headroom, "
                                       "nf_push_no_headroom.c)\n"));
  EXPECT_THAT(report->text, HasSubstr("skb_under_panic: "));
  EXPECT_EQ(report->culprit,
            "NF_INET_LOCAL_OUT hook ipip_out_hook (module nf_push_no_headroom, nf_push_no_headroom.c)");
  skb->data += kIp;  // undo the push that panicked
  skb->len -= kIp;
  kfree_skb(skb);
}

TEST_F(ExampleModulesTest, PushNoHeadroomLeavesOtherTrafficAlone) {
  LOAD(nf_push_no_headroom);
  skb::TxResult r = skb::IpLocalOut(TxSkb(Pkt{}, 16, true));  // 192.168.0.2: not tunnelled
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(r.frame.size(), kEth + kIp + kUdp + Pkt{}.payload);
}

// ---- nf_put_nonlinear -------------------------------------------------------

TEST_F(ExampleModulesTest, PutNonlinearStampsALinearDatagram) {
  LOAD(nf_put_nonlinear);
  Pkt k;
  k.dport = 9300;
  skb::TxResult r = skb::IpLocalOut(TxSkb(k, 64, /*linear=*/true));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  ASSERT_EQ(r.frame.size(), kEth + kIp + kUdp + k.payload + 4);
  const uint8_t* ip = r.frame.data() + kEth;
  EXPECT_EQ(Get16(ip + 2), kIp + kUdp + k.payload + 4);
  EXPECT_EQ(RefSum(ip, kIp), 0xffffu);
  EXPECT_GE(Get32(r.frame.data() + r.frame.size() - 4), 1u) << "the probe's sequence number";
  // The UDP checksum covers uh->len only, not the trailer.
  std::vector<uint8_t> datagram(r.frame.begin() + kEth, r.frame.end() - 4);
  EXPECT_TRUE(L4Verifies(datagram));
}

TEST_F(ExampleModulesTest, PutNonlinearBugsOnAPagedDatagram) {
  LOAD(nf_put_nonlinear);
  Pkt k;
  k.dport = 9300;
  sk_buff* skb = TxSkb(k);  // payload in a page frag (sendpage / MSG_MORE)
  auto report = CatchBug([&] { skb::IpLocalOut(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kSkbLinearAssert);
  EXPECT_THAT(report->text, StartsWith("libskb: in NF_INET_POST_ROUTING hook probe_trailer_hook (module "
                                       "nf_put_nonlinear, nf_put_nonlinear.c)\n"));
  EXPECT_TRUE(skb_is_nonlinear(skb));
  kfree_skb(skb);
}

// ---- nf_stale_iph -----------------------------------------------------------

TEST_F(ExampleModulesTest, StaleIphMarksWhenTheHeaderStaysPut) {
  LOAD(nf_stale_iph);
  HookGuard see({SeeOps(NFPROTO_IPV4)});
  Pkt k;
  k.dport = 5004;
  skb::RxResult r = skb::IpRcv(Shaped(Build(k), Shape::kLinear));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  ASSERT_EQ(g_seen.calls, 1);
  EXPECT_EQ(g_seen.headers[1], 0xb8) << "DSCP EF";
  EXPECT_EQ(RefSum(g_seen.headers.data(), kIp), 0xffffu);
}

// A header-split head with no tailroom: pskb_may_pull moves the header to a
// new head and frees the old one, which the hook then writes. In kernel slab
// mode the freed head stays slab memory, so the write corrupts a free
// object without a crash - and the packet goes on unmarked.
TEST_F(ExampleModulesTest, StaleIphWritesTheFreedHeadWhenThePullMovesIt) {
  skb::SetSlabMode(skb::SlabMode::kKernel);
  {
    LOAD(nf_stale_iph);
    HookGuard see({SeeOps(NFPROTO_IPV4)});
    Pkt k;
    k.dport = 5004;
    sk_buff* skb = Shaped(Build(k), Shape::kHeaderOnlyHead);
    ASSERT_EQ(skb_headlen(skb), kIp);
    ASSERT_EQ(skb_tailroom(skb), 0);
    skb::RxResult r = skb::IpRcv(skb);
    ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
    ASSERT_EQ(r.hooks.size(), 2u);
    EXPECT_EQ(r.hooks[0].hook.function, "rtp_mark_hook");
    EXPECT_THAT(r.hooks[0].changes, HasSubstr("head reallocated"));
    ASSERT_EQ(g_seen.calls, 1);
    EXPECT_EQ(g_seen.headers[1], 0) << "the mark went to the old head";
  }
  skb::SetSlabMode(skb::SlabMode::kAsan);
}

TEST_F(ExampleModulesTest, StaleIphIsAUseAfterFreeUnderAsan) {
#ifndef EXAMPLES_HAVE_ASAN
  GTEST_SKIP() << "needs an AddressSanitizer build (the dev preset)";
#else
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        skb::ScopedCheckedMode unchecked(false);
        LOAD(nf_stale_iph);
        Pkt k;
        k.dport = 5004;
        skb::IpRcv(Shaped(Build(k), Shape::kHeaderOnlyHead));
      },
      "heap-use-after-free(.|\n)*rtp_mark_hook(.|\n)*nf_stale_iph.c");
#endif
}

// A packet tap holds a clone: skb_ensure_writable gives the hook a private
// head, and the stale pointer writes the tap's.
TEST_F(ExampleModulesTest, StaleIphWritesTheTapsHeadWhenTheHeaderIsShared) {
  LOAD(nf_stale_iph);
  HookGuard see({SeeOps(NFPROTO_IPV4)});
  Pkt k;
  k.dport = 5004;
  sk_buff* skb = Shaped(Build(k), Shape::kLinear);
  sk_buff* tap = skb_clone(skb, GFP_ATOMIC);
  skb::RxResult r = skb::IpRcv(skb);
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(g_seen.headers[1], 0) << "the packet went on unmarked";
  EXPECT_EQ(tap->data[1], 0xb8) << "the tap's copy got the mark";
  kfree_skb(tap);
}

// ---- nf_write_cloned --------------------------------------------------------

TEST_F(ExampleModulesTest, WriteClonedRedirectsAPrivatePacket) {
  LOAD(nf_write_cloned);
  HookGuard see({SeeOps(NFPROTO_IPV4)});
  for (uint8_t proto : {IPPROTO_UDP, IPPROTO_TCP}) {
    for (unsigned char summed : {CHECKSUM_NONE, CHECKSUM_COMPLETE}) {
      SCOPED_TRACE(std::to_string(proto) + "/" + std::to_string(summed));
      g_seen = Seen{};
      Pkt k;
      k.proto = proto;
      k.daddr = 0xc633640a;  // the service address
      skb::RxResult r = skb::IpRcv(Shaped(Build(k), Shape::kPaged, summed));
      // Delivery means the rewritten UDP/TCP checksum verified.
      ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
      ASSERT_EQ(g_seen.calls, 1);
      EXPECT_EQ(Get32(&g_seen.headers[16]), 0x0a000014u);
      EXPECT_EQ(RefSum(g_seen.headers.data(), kIp), 0xffffu);
      EXPECT_TRUE(g_seen.strict.empty()) << "CHECKSUM_COMPLETE kept in step:\n" << ::testing::PrintToString(g_seen.strict);
    }
  }
}

TEST_F(ExampleModulesTest, WriteClonedRewritesTheTapsCopy) {
  LOAD(nf_write_cloned);
  Pkt k;
  k.daddr = 0xc633640a;
  const std::vector<uint8_t> pkt = Build(k);
  sk_buff* skb = Shaped(pkt, Shape::kLinear);
  sk_buff* tap = skb_clone(skb, GFP_ATOMIC);  // a packet socket's clone, taken before ip_rcv
  skb::RxResult r = skb::IpRcv(skb);
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  std::vector<uint8_t> seen(tap->len);
  ASSERT_EQ(skb_copy_bits(tap, 0, seen.data(), static_cast<int>(seen.size())), 0);
  EXPECT_EQ(Get32(&seen[16]), 0x0a000014u) << "the tap captured the backend address, not the one on the wire";
  EXPECT_FALSE(skb_test::BytesEqual(seen, pkt));
  kfree_skb(tap);
}

// ---- nf_csum_past_len -------------------------------------------------------

TEST_F(ExampleModulesTest, CsumPastLenFiltersBadChecksums) {
  LOAD(nf_csum_past_len);
  Pkt k;
  k.dport = 5060;
  skb::RxResult r = skb::IpRcv(Shaped(Build(k), Shape::kPaged));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  std::vector<uint8_t> bad = Build(k);
  bad[kIp + kUdp + 40] ^= 4;
  r = skb::IpRcv(Shaped(bad, Shape::kHeadless));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.reason,
            "NF_INET_PRE_ROUTING hook sip_csum_hook (module nf_csum_past_len, nf_csum_past_len.c) returned NF_DROP");
}

TEST_F(ExampleModulesTest, CsumPastLenBugsWhenUdpLenExceedsThePacket) {
  LOAD(nf_csum_past_len);
  Pkt k;
  k.dport = 5060;
  k.udp_len_delta = 6;
  sk_buff* skb = Shaped(Build(k), Shape::kLinear);
  auto report = CatchBug([&] { skb::IpRcv(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kSkbChecksum);
  EXPECT_THAT(report->text, StartsWith("libskb: in NF_INET_PRE_ROUTING hook sip_csum_hook (module nf_csum_past_len, "
                                       "nf_csum_past_len.c)\n"));
  kfree_skb(skb);
}

// ---- nf_ttl_clamp (correct) -------------------------------------------------

class CorrectModulesTest : public ExampleModulesTest {
 protected:
  void SetUp() override {
    ExampleModulesTest::SetUp();
    saved_ = skb::CheckedModeStrictness();
    skb::SetCheckedModeStrictness(skb::CheckMode::kStrict);
  }
  void TearDown() override {
    skb::SetCheckedModeStrictness(saved_);
    ExampleModulesTest::TearDown();
  }
  skb::CheckMode saved_ = skb::CheckMode::kKernelTolerant;
};

TEST_F(CorrectModulesTest, TtlClampInEveryShape) {
  LOAD(nf_ttl_clamp);
  ASSERT_EQ(module.init_result(), 0);
  HookGuard see({SeeOps(NFPROTO_IPV4), SeeOps(NFPROTO_IPV6)});
  for (bool v6 : {false, true}) {
    for (Shape s : kShapes) {
      for (unsigned char summed : {CHECKSUM_NONE, CHECKSUM_COMPLETE}) {
        for (bool tapped : {false, true}) {
          SCOPED_TRACE(std::string(v6 ? "IPv6 " : "IPv4 ") + ShapeName(s) + (summed ? " complete" : "") +
                       (tapped ? " tapped" : ""));
          g_seen = Seen{};
          Pkt k;
          k.v6 = v6;
          k.ttl = 200;
          const std::vector<uint8_t> pkt = Build(k);
          sk_buff* skb = Shaped(pkt, s, summed);
          sk_buff* tap = tapped ? skb_clone(skb, GFP_ATOMIC) : nullptr;
          skb::RxResult r = v6 ? skb::Ip6Rcv(skb) : skb::IpRcv(skb);
          ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
          ASSERT_EQ(g_seen.calls, 1);
          EXPECT_EQ(g_seen.headers[v6 ? 7 : 8], 64);
          if (!v6) EXPECT_EQ(RefSum(g_seen.headers.data(), kIp), 0xffffu);
          EXPECT_TRUE(g_seen.strict.empty()) << ::testing::PrintToString(g_seen.strict);
          if (tap != nullptr) {
            std::vector<uint8_t> tapped_bytes(tap->len);
            ASSERT_EQ(skb_copy_bits(tap, 0, tapped_bytes.data(), static_cast<int>(tap->len)), 0);
            EXPECT_TRUE(skb_test::BytesEqual(tapped_bytes, pkt)) << "the tap's copy is untouched";
            kfree_skb(tap);
          }
        }
      }
    }
  }
}

TEST_F(CorrectModulesTest, TtlClampLeavesLowTtlsAlone) {
  LOAD(nf_ttl_clamp);
  Pkt k;
  k.ttl = 64;
  skb::RxResult r = skb::IpRcv(Shaped(Build(k), Shape::kPaged));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered);
  ASSERT_EQ(r.hooks.size(), 1u);
  EXPECT_EQ(r.hooks[0].changes, "");
}

// ---- nf_udp_portmap (correct) -----------------------------------------------

TEST_F(CorrectModulesTest, UdpPortmapIncomingInEveryShape) {
  LOAD(nf_udp_portmap);
  ASSERT_EQ(module.init_result(), 0);
  EXPECT_EQ(skb::AllHooks().size(), 4u);
  HookGuard see({SeeOps(NFPROTO_IPV4), SeeOps(NFPROTO_IPV6)});
  for (bool v6 : {false, true}) {
    for (Shape s : kShapes) {
      for (unsigned char summed : {CHECKSUM_NONE, CHECKSUM_COMPLETE}) {
        for (bool tapped : {false, true}) {
          SCOPED_TRACE(std::string(v6 ? "IPv6 " : "IPv4 ") + ShapeName(s) + (summed ? " complete" : "") +
                       (tapped ? " tapped" : ""));
          g_seen = Seen{};
          Pkt k;
          k.v6 = v6;
          k.dport = 53;
          const std::vector<uint8_t> pkt = Build(k);
          sk_buff* skb = Shaped(pkt, s, summed);
          sk_buff* tap = tapped ? skb_clone(skb, GFP_ATOMIC) : nullptr;
          skb::RxResult r = v6 ? skb::Ip6Rcv(skb) : skb::IpRcv(skb);
          // Delivery means the UDP checksum verified after the rewrite.
          ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
          ASSERT_EQ(g_seen.calls, 1);
          EXPECT_EQ(Get16(&g_seen.headers[(v6 ? kIp6 : kIp) + 2]), 5353);
          EXPECT_TRUE(g_seen.strict.empty()) << ::testing::PrintToString(g_seen.strict);
          if (tap != nullptr) {
            std::vector<uint8_t> tapped_bytes(tap->len);
            ASSERT_EQ(skb_copy_bits(tap, 0, tapped_bytes.data(), static_cast<int>(tap->len)), 0);
            EXPECT_TRUE(skb_test::BytesEqual(tapped_bytes, pkt)) << "the tap's copy is untouched";
            kfree_skb(tap);
          }
        }
      }
    }
  }
}

TEST_F(CorrectModulesTest, UdpPortmapZeroChecksumStaysZero) {
  LOAD(nf_udp_portmap);
  HookGuard see({SeeOps(NFPROTO_IPV4)});
  Pkt k;
  k.dport = 53;
  k.l4_csum = false;
  skb::RxResult r = skb::IpRcv(Shaped(Build(k), Shape::kPaged));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(Get16(&g_seen.headers[kIp + 2]), 5353);
  EXPECT_EQ(Get16(&g_seen.headers[kIp + 6]), 0);
}

// Replies from the resolver leave from port 53: CHECKSUM_PARTIAL (the seed
// has no ports in it), paged or linear, IPv4 and IPv6, with a write-queue
// style clone holding the head.
TEST_F(CorrectModulesTest, UdpPortmapOutgoing) {
  LOAD(nf_udp_portmap);
  for (bool v6 : {false, true}) {
    for (bool linear : {false, true}) {
      for (bool cloned : {false, true}) {
        SCOPED_TRACE(std::string(v6 ? "IPv6" : "IPv4") + (linear ? " linear" : " paged") + (cloned ? " cloned" : ""));
        Pkt k;
        k.v6 = v6;
        k.sport = 5353;
        k.dport = 33333;
        sk_buff* skb = TxSkb(k, 64, linear);
        sk_buff* peer = cloned ? skb_clone(skb, GFP_ATOMIC) : nullptr;
        skb::TxResult r = v6 ? skb::Ip6LocalOut(skb) : skb::IpLocalOut(skb);
        ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
        const unsigned nh = v6 ? kIp6 : kIp;
        EXPECT_EQ(Get16(r.frame.data() + kEth + nh), 53);
        EXPECT_TRUE(L4Verifies(r.frame, kEth));
        if (peer != nullptr) {
          EXPECT_EQ(Get16(peer->data + nh), 5353) << "the clone's header is untouched";
          kfree_skb(peer);
        }
      }
    }
  }
}
