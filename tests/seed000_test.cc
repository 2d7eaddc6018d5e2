// Seed 000 (docs/incidents/000-len-data-len-minus-4.md): Linux 5.10 panics
// with skb->len == skb->data_len - 4 on UDP 62463 -> 43122 at NF_INET_LOCAL_IN,
// the only hook there being the sn_core_odd module's.
//
// The module (examples/seed000_sn_core_odd/sn_core_odd.c, kernel C compiled
// as C11) is loaded with module_init, and packets go through libskb's model
// of the IPv4 receive path (skb::NetifReceiveSkb: eth_type_trans, ip_rcv,
// NF_INET_LOCAL_IN, ip_local_deliver_finish, udp_rcv):
//
//  * an skb whose head holds only the Ethernet/IP/UDP headers and whose
//    payload sits in a page frag (what GRO, virtio and eth_get_headlen()
//    drivers build) ends in the BUG in __skb_pull with len == data_len - 4,
//    the report naming the hook;
//  * the same datagram in a linear skb goes through: NF_ACCEPT, udp_rcv,
//    delivered, no report;
//  * 6.12 reports the same pull in its 5.19+ form (len restored, then
//    "__skb_pull(len=N)" and skb_dump before the BUG);
//  * the <= 5.2 build of the hook (skb_make_writable of headers + shim) and
//    the fixed 5.10 one (skb_ensure_writable of headers + shim) survive the
//    headers-only skb;
//  * skb_make_writable and skb_ensure_writable keep their own return
//    conventions (3.10 / 5.10), and skb_make_writable does not exist in 5.10.
#include <arpa/inet.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include <cstring>
#include <string>
#include <vector>

#include "skb/netfilter.h"
#include "test_util.h"

LIBSKB_DECLARE_MODULE(sn_core_odd);

namespace {

using skb_test::CatchBug;
using skb_test::P;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr uint16_t kSrcPort = 62463;
constexpr uint16_t kDstPort = 43122;
constexpr unsigned kEthLen = 14;
constexpr unsigned kIpLen = 20;
constexpr unsigned kUdpLen = 8;
constexpr unsigned kHeaders = kEthLen + kIpLen + kUdpLen;  // 42: what eth_get_headlen() leaves in the head
constexpr unsigned kPayload = 1200;                         // shim (4) + application data
constexpr uint8_t kShimMagic = 0x5a;
constexpr uint8_t kShimTrace = 0x01;

const char kHook[] = "NF_INET_LOCAL_IN hook sn_core_odd_hook (module sn_core_odd, sn_core_odd.c)";

// The UDP payload: the vendor shim (magic, flags, session), then data.
std::vector<uint8_t> Payload(uint8_t flags) {
  std::vector<uint8_t> p = skb_test::Pattern(kPayload);
  p[0] = kShimMagic;
  p[1] = flags;
  p[2] = 0x12;
  p[3] = 0x34;
  return p;
}

// An Ethernet frame 10.0.0.1:62463 -> 10.0.0.2:<dport> with valid IPv4 and
// UDP checksums.
std::vector<uint8_t> Frame(const std::vector<uint8_t>& payload, uint16_t dport = kDstPort) {
  std::vector<uint8_t> f(kHeaders + payload.size());
  const uint8_t eth[kEthLen] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00};
  std::memcpy(f.data(), eth, kEthLen);
  iphdr ip{};
  ip.version = 4;
  ip.ihl = 5;
  ip.tot_len = htons(static_cast<uint16_t>(kIpLen + kUdpLen + payload.size()));
  ip.id = htons(0x1c46);
  ip.frag_off = htons(IP_DF);
  ip.ttl = 64;
  ip.protocol = IPPROTO_UDP;
  ip.saddr = htonl(0x0a000001);
  ip.daddr = htonl(0x0a000002);
  ip_send_check(&ip);
  std::memcpy(f.data() + kEthLen, &ip, kIpLen);
  udphdr uh{};
  uh.source = htons(kSrcPort);
  uh.dest = htons(dport);
  uh.len = htons(static_cast<uint16_t>(kUdpLen + payload.size()));
  std::memcpy(f.data() + kEthLen + kIpLen, &uh, kUdpLen);
  std::memcpy(f.data() + kHeaders, payload.data(), payload.size());
  const unsigned ulen = kUdpLen + static_cast<unsigned>(payload.size());
  __sum16 check = csum_tcpudp_magic(ip.saddr, ip.daddr, ulen, IPPROTO_UDP,
                                    csum_partial(f.data() + kEthLen + kIpLen, static_cast<int>(ulen), 0));
  if (check == 0) check = CSUM_MANGLED_0;
  std::memcpy(f.data() + kEthLen + kIpLen + 6, &check, 2);
  return f;
}

// Both builders reserve NET_IP_ALIGN = 2 bytes (netdev_alloc_skb_ip_align()
// on architectures that define it) so the IPv4 header is 4-byte aligned and
// this C++ file can read it under UBSan. x86 kernels (NET_IP_ALIGN 0) read
// it at 2 mod 4; the module is built without the alignment check, like them.
constexpr int kNetIpAlign = 2;

// What a driver using eth_get_headlen() (or GRO, or virtio's big packets)
// hands to the stack: the headers copied into a small head, the payload left
// in the receive page. The NIC verified the checksum.
sk_buff* HeadersOnlySkb(const std::vector<uint8_t>& frame) {
  sk_buff* skb = netdev_alloc_skb(skb::DefaultDevice(), 256);
  if (skb == nullptr) return nullptr;
  skb_reserve(skb, kNetIpAlign);
  skb_put_data(skb, frame.data(), kHeaders);
  page* pg = alloc_page(GFP_ATOMIC);
  const unsigned off = 64;
  std::memcpy(static_cast<uint8_t*>(page_address(pg)) + off, frame.data() + kHeaders, frame.size() - kHeaders);
  skb_add_rx_frag(skb, 0, pg, static_cast<int>(off), static_cast<int>(frame.size() - kHeaders), PAGE_SIZE);
  skb->ip_summed = CHECKSUM_UNNECESSARY;
  return skb;
}

// A driver that copies the whole frame into the head; the stack verifies the
// checksum in software.
sk_buff* LinearSkb(const std::vector<uint8_t>& frame) {
  sk_buff* skb = netdev_alloc_skb(skb::DefaultDevice(), static_cast<unsigned>(frame.size()) + kNetIpAlign);
  if (skb == nullptr) return nullptr;
  skb_reserve(skb, kNetIpAlign);
  skb_put_data(skb, frame.data(), static_cast<unsigned>(frame.size()));
  skb->ip_summed = CHECKSUM_NONE;
  return skb;
}

class Seed000 : public skb_test::SkbTest {
 protected:
  // The skb's state after a BUG is what the vmcore shows; give the test's
  // memory back afterwards.
  void FreeAfterPullBug(sk_buff* skb, unsigned pulled) {
    if (skb->len < skb->data_len) skb->len += pulled;  // <= 5.18 left len decremented, data not advanced
    kfree_skb(skb);
  }
};

TEST_F(Seed000, HeadersOnlySkbEndsInThePullBugWithLenFourBelowDataLen) {
  skb::ScopedProfile profile(P("5.10"));
  skb::ScopedModule module(LIBSKB_MODULE_INIT(sn_core_odd), LIBSKB_MODULE_EXIT(sn_core_odd));
  ASSERT_EQ(module.init_result(), 0);
  ASSERT_EQ(skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_LOCAL_IN).size(), 1u);

  sk_buff* skb = HeadersOnlySkb(Frame(Payload(kShimTrace)));
  ASSERT_NE(skb, nullptr);
  // Under the default policy the report is printed, as it would be on a
  // console, and thrown back here.
  std::optional<skb::Report> report;
  try {
    skb::NetifReceiveSkb(skb);
  } catch (const skb::KernelBug& bug) {
    report = bug.report();
  }
  ASSERT_TRUE(report.has_value()) << "the hook did not BUG";

  // The vmcore's signature, in the struct itself...
  const unsigned data_len = kPayload;  // the page frag
  const unsigned len = data_len - 4;   // 28 linear + 1200 - (20 + 8 + 4)
  EXPECT_EQ(skb->data_len, data_len);
  EXPECT_EQ(skb->len, len);
  EXPECT_EQ(skb->len, skb->data_len - 4);

  // ...and in the report: the kernel's BUG in the inline __skb_pull...
  EXPECT_EQ(report->tier, skb::Tier::kBug);
  EXPECT_EQ(report->site, skb::Site::kSkbPull);
  EXPECT_EQ(report->function, "__skb_pull");
  EXPECT_THAT(report->text, HasSubstr("kernel BUG at include/linux/skbuff.h:2297!\n"));
  // ...the crash-style dump with len = X and data_len = X + 4...
  EXPECT_THAT(report->text, HasSubstr("  len = " + std::to_string(len) + ", \n"));
  EXPECT_THAT(report->text, HasSubstr("  data_len = " + std::to_string(len + 4) + ", \n"));
  // ...the hook named in front...
  EXPECT_THAT(report->text, StartsWith(std::string("libskb: in ") + kHook + "\n"));
  EXPECT_EQ(report->culprit, kHook);
  // ...and the history (kept by LIBSKB_CHECKED builds): the hook's pull of
  // headers + shim is the last step.
  if (skb::CheckedModeCompiledIn()) {
    EXPECT_THAT(report->text, HasSubstr("NF_INET_LOCAL_IN hook sn_core_odd_hook"));
    EXPECT_THAT(report->text, HasSubstr("skb_ensure_writable(28)"));
    EXPECT_THAT(report->text, HasSubstr("__skb_pull(32)"));
  }

  FreeAfterPullBug(skb, kIpLen + kUdpLen + 4);
}

TEST_F(Seed000, LinearSkbPassesTheSameHook) {
  skb::ScopedProfile profile(P("5.10"));
  skb::ScopedModule module(LIBSKB_MODULE_INIT(sn_core_odd), LIBSKB_MODULE_EXIT(sn_core_odd));
  ASSERT_EQ(module.init_result(), 0);

  sk_buff* skb = LinearSkb(Frame(Payload(kShimTrace)));
  ASSERT_NE(skb, nullptr);
  skb::RxResult r = skb::NetifReceiveSkb(skb);

  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(r.stage, "udp_rcv");
  ASSERT_EQ(r.hooks.size(), 1u);
  EXPECT_EQ(r.hooks[0].hook.Describe(), kHook);
  EXPECT_EQ(r.hooks[0].verdict, static_cast<unsigned>(NF_ACCEPT));
  // The hook consumed the trace flag and, having changed the payload,
  // dropped the UDP checksum; udp_rcv accepted the datagram.
  std::vector<uint8_t> expected = Payload(0);
  EXPECT_TRUE(skb_test::BytesEqual(r.payload, expected));
  // Checked mode found nothing, before, inside or after the hook.
  EXPECT_TRUE(skb::Recorded().empty());
}

TEST_F(Seed000, HeadersOnlySkbToAnotherPortPasses) {
  skb::ScopedProfile profile(P("5.10"));
  skb::ScopedModule module(LIBSKB_MODULE_INIT(sn_core_odd), LIBSKB_MODULE_EXIT(sn_core_odd));

  sk_buff* skb = HeadersOnlySkb(Frame(Payload(kShimTrace), 53));
  skb::RxResult r = skb::NetifReceiveSkb(skb);
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_TRUE(skb_test::BytesEqual(r.payload, Payload(kShimTrace)));
  EXPECT_TRUE(skb::Recorded().empty());
}

TEST_F(Seed000, Profile612ReportsTheDebugNetFormWithLenRestored) {
  skb::ScopedProfile profile(P("6.12"));
  skb::ScopedModule module(LIBSKB_MODULE_INIT(sn_core_odd), LIBSKB_MODULE_EXIT(sn_core_odd));

  sk_buff* skb = HeadersOnlySkb(Frame(Payload(kShimTrace)));
  std::optional<skb::Report> report;
  try {
    skb::NetifReceiveSkb(skb);  // printed, as on a console
  } catch (const skb::KernelBug& bug) {
    report = bug.report();
  }
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kSkbPull);
  // 5.19+ with CONFIG_DEBUG_NET: len is put back before the message...
  EXPECT_EQ(skb->len, kIpLen + kUdpLen + kPayload);
  EXPECT_EQ(skb->data_len, kPayload);
  EXPECT_THAT(report->text, StartsWith(std::string("libskb: in ") + kHook + "\n__skb_pull(len=32)\n"));
  // ...skb_dump shows it, then the BUG.
  EXPECT_THAT(report->text, HasSubstr("skb len=1228 headroom="));
  EXPECT_THAT(report->text, HasSubstr(" headlen=28 "));
  EXPECT_THAT(report->text, HasSubstr("kernel BUG at include/linux/skbuff.h:2783!\n"));
  EXPECT_THAT(report->text, HasSubstr("  len = 1228, \n"));
  EXPECT_THAT(report->text, HasSubstr("  data_len = 1200, \n"));
  kfree_skb(skb);
}

// The hook as the <= 5.2 build had it: skb_make_writable of headers + shim.
unsigned int OldBuildHook(void*, sk_buff* skb, const nf_hook_state*) {
  const unsigned hdrs = ip_hdrlen(skb) + sizeof(udphdr);
  if (!skb_make_writable(skb, hdrs + 4)) return NF_DROP;
  __skb_pull(skb, hdrs + 4);
  __skb_push(skb, hdrs + 4);
  return NF_ACCEPT;
}

// The fixed 5.10 hook: skb_ensure_writable of headers + shim.
unsigned int FixedHook(void*, sk_buff* skb, const nf_hook_state*) {
  const unsigned hdrs = ip_hdrlen(skb) + sizeof(udphdr);
  if (skb_ensure_writable(skb, hdrs + 4)) return NF_DROP;
  __skb_pull(skb, hdrs + 4);
  __skb_push(skb, hdrs + 4);
  return NF_ACCEPT;
}

struct HookCase {
  const char* profile;
  nf_hookfn* hook;
};

TEST_F(Seed000, OldBuildAndFixedHookSurviveHeadersOnlySkb) {
  for (const HookCase& c : {HookCase{"3.10", OldBuildHook}, HookCase{"2.6.32", OldBuildHook},
                            HookCase{"5.10", FixedHook}, HookCase{"6.12", FixedHook}}) {
    SCOPED_TRACE(c.profile);
    skb::ScopedProfile profile(P(c.profile));
    const nf_hook_ops ops = {.hook = c.hook, .pf = NFPROTO_IPV4, .hooknum = NF_INET_LOCAL_IN, .priority = 0};
    ASSERT_EQ(nf_register_net_hook(&init_net, &ops), 0);
    sk_buff* skb = HeadersOnlySkb(Frame(Payload(kShimTrace)));
    skb::RxResult r = skb::NetifReceiveSkb(skb);
    nf_unregister_net_hook(&init_net, &ops);
    EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
    ASSERT_EQ(r.hooks.size(), 1u);
    // The helper pulled the shim into the head: 28 + 4 linear bytes.
    EXPECT_THAT(r.hooks[0].changes, HasSubstr("data_len 1200 -> 1196"));
    EXPECT_TRUE(skb_test::BytesEqual(r.payload, Payload(kShimTrace)));
    EXPECT_TRUE(skb::Recorded().empty());
  }
}

// ---- the two helpers' return conventions ----------------------------------

// An IP + UDP head (28 bytes) with 1200 bytes in a frag, as at LOCAL_IN.
sk_buff* AtLocalIn() {
  sk_buff* skb = HeadersOnlySkb(Frame(Payload(0)));
  __skb_pull(skb, kEthLen);
  skb_reset_network_header(skb);
  return skb;
}

TEST_F(Seed000, MakeWritableIsNonZeroOnSuccessIn310) {
  skb::ScopedProfile profile(P("3.10"));
  sk_buff* skb = AtLocalIn();
  EXPECT_EQ(skb_make_writable(skb, 28), 1) << "already linear: success, nothing pulled";
  EXPECT_EQ(skb_headlen(skb), 28u);
  EXPECT_NE(skb_make_writable(skb, 32), 0) << "success: the shim is pulled in";
  EXPECT_EQ(skb_headlen(skb), 32u);
  EXPECT_EQ(skb->data_len, 1196u);
  EXPECT_EQ(skb_make_writable(skb, skb->len + 1), 0) << "longer than the packet: failure is 0";
  // A clone is unshared even when nothing needs pulling.
  sk_buff* clone = skb_clone(skb, GFP_ATOMIC);
  EXPECT_NE(skb_make_writable(skb, 8), 0);
  EXPECT_FALSE(skb_cloned(skb));
  kfree_skb(clone);
  kfree_skb(skb);
}

TEST_F(Seed000, EnsureWritableIsZeroOnSuccessIn510) {
  skb::ScopedProfile profile(P("5.10"));
  sk_buff* skb = AtLocalIn();
  EXPECT_EQ(skb_ensure_writable(skb, 28), 0);
  EXPECT_EQ(skb_headlen(skb), 28u);
  EXPECT_EQ(skb_ensure_writable(skb, 32), 0) << "success is 0; the shim is pulled in";
  EXPECT_EQ(skb_headlen(skb), 32u);
  EXPECT_EQ(skb_ensure_writable(skb, skb->len + 1), -ENOMEM) << "failure is -errno";
  kfree_skb(skb);
}

TEST_F(Seed000, MakeWritableDoesNotExistIn510) {
  for (const char* name : {"5.10", "6.12"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile profile(P(name));
    sk_buff* skb = AtLocalIn();
    auto report = CatchBug([&] { skb_make_writable(skb, 32); });
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->tier, skb::Tier::kCheck);
    EXPECT_EQ(report->kind, "M1");
    EXPECT_THAT(report->text, HasSubstr("M1 symbol_not_in_kernel: skb_make_writable does not exist in " +
                                        std::string(name)));
    EXPECT_THAT(report->text, HasSubstr("Unknown symbol skb_make_writable"));
    EXPECT_EQ(skb_headlen(skb), 28u) << "nothing was done";
    kfree_skb(skb);
  }
}

}  // namespace
