// The netfilter subset (net/netfilter/core.c), the module API
// (<linux/module.h>, <linux/init.h>, printk, BUG/WARN), the checked hook
// runner and the IPv4 receive/transmit path models (skb/netfilter.h).
//
// This file is also a module: it defines KBUILD_MODNAME before the kernel
// headers and has one module_init/module_exit pair (NfTestModule below), as
// a kbuild object would.
#define KBUILD_MODNAME "nf_test_mod"
#define __KBUILD_MODNAME kmod_nf_test_mod

#include <arpa/inet.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netdev_features.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/printk.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/udp.h>

#include <cstring>
#include <string>
#include <vector>

#include "skb/netfilter.h"
#include "test_util.h"

using skb_test::CatchBug;
using skb_test::P;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// ---- packets ------------------------------------------------------------------

namespace {

constexpr unsigned kEth = 14;
constexpr unsigned kIp = 20;
constexpr unsigned kUdp = 8;
constexpr int kNetIpAlign = 2;  // keeps the IPv4 header 4-byte aligned for this C++ file (see seed000_test.cc)

struct Datagram {
  std::vector<uint8_t> payload = skb_test::Pattern(300);
  uint16_t sport = 1111;
  uint16_t dport = 2222;
  bool udp_csum = true;
  uint16_t frag_off = IP_DF;
  unsigned padding = 0;  // link-layer bytes after the IP packet
};

// An IPv4/UDP packet (no Ethernet header), checksums valid.
std::vector<uint8_t> IpPacket(const Datagram& d) {
  const unsigned ulen = kUdp + static_cast<unsigned>(d.payload.size());
  std::vector<uint8_t> p(kIp + ulen + d.padding, 0xee);
  iphdr ip{};
  ip.version = 4;
  ip.ihl = 5;
  ip.tot_len = htons(static_cast<uint16_t>(kIp + ulen));
  ip.frag_off = htons(d.frag_off);
  ip.ttl = 64;
  ip.protocol = IPPROTO_UDP;
  ip.saddr = htonl(0xc0a80001);
  ip.daddr = htonl(0xc0a80002);
  ip_send_check(&ip);
  std::memcpy(p.data(), &ip, kIp);
  udphdr uh{};
  uh.source = htons(d.sport);
  uh.dest = htons(d.dport);
  uh.len = htons(static_cast<uint16_t>(ulen));
  std::memcpy(p.data() + kIp, &uh, kUdp);
  std::memcpy(p.data() + kIp + kUdp, d.payload.data(), d.payload.size());
  if (d.udp_csum) {
    __sum16 c = udp_v4_check(static_cast<int>(ulen), ip.saddr, ip.daddr,
                             csum_partial(p.data() + kIp, static_cast<int>(ulen), 0));
    if (c == 0) c = CSUM_MANGLED_0;
    std::memcpy(p.data() + kIp + 6, &c, 2);
  }
  return p;
}

// An skb with data at the IPv4 header: `head` bytes linear, the rest in one frag.
sk_buff* RxSkb(const std::vector<uint8_t>& pkt, unsigned head, unsigned char ip_summed = CHECKSUM_NONE) {
  sk_buff* skb = alloc_skb(NET_SKB_PAD + kNetIpAlign + head, GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD) + kNetIpAlign);
  skb_put_data(skb, pkt.data(), head);
  if (pkt.size() > head) {
    page* pg = alloc_page(GFP_ATOMIC);
    std::memcpy(page_address(pg), pkt.data() + head, pkt.size() - head);
    skb_add_rx_frag(skb, 0, pg, 0, static_cast<int>(pkt.size() - head), PAGE_SIZE);
  }
  skb->ip_summed = ip_summed;
  skb_reset_network_header(skb);
  return skb;
}

sk_buff* LinearSkb(unsigned len = 100) {
  sk_buff* skb = alloc_skb(NET_SKB_PAD + kNetIpAlign + len, GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD) + kNetIpAlign);
  std::vector<uint8_t> bytes = skb_test::Pattern(len);
  skb_put_data(skb, bytes.data(), len);
  skb_reset_network_header(skb);
  return skb;
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

nf_hook_ops Ops(nf_hookfn* fn, unsigned hooknum = NF_INET_LOCAL_IN, int priority = 0, void* priv = nullptr,
                u8 pf = NFPROTO_IPV4) {
  nf_hook_ops o{};
  o.hook = fn;
  o.priv = priv;
  o.pf = pf;
  o.hooknum = hooknum;
  o.priority = priority;
  return o;
}

int OkfnCalls = 0;
int CountingOkfn(net*, sock*, sk_buff* skb) {
  OkfnCalls++;
  kfree_skb(skb);
  return 0;
}

class NetfilterTest : public skb_test::SkbTest {
 protected:
  void SetUp() override {
    SkbTest::SetUp();
    OkfnCalls = 0;
  }
  void TearDown() override {
    EXPECT_TRUE(skb::AllHooks().empty()) << "a test left hooks registered";
    SkbTest::TearDown();
  }
};

}  // namespace

// ---- hooks used below (global namespace: reports name them plainly) ----------

static unsigned int AcceptHook(void* priv, sk_buff*, const nf_hook_state*) {
  if (priv != nullptr) ++*static_cast<int*>(priv);
  return NF_ACCEPT;
}
static unsigned int DropHook(void*, sk_buff*, const nf_hook_state*) { return NF_DROP; }
static unsigned int DropErrHook(void*, sk_buff*, const nf_hook_state*) { return NF_DROP_ERR(-EHOSTUNREACH); }
static unsigned int QueueHook(void*, sk_buff*, const nf_hook_state*) { return NF_QUEUE_NR(3); }
static unsigned int QueueBypassHook(void*, sk_buff*, const nf_hook_state*) {
  return NF_QUEUE_NR(3) | NF_VERDICT_FLAG_QUEUE_BYPASS;
}
static sk_buff* g_stolen = nullptr;
static unsigned int StealHook(void*, sk_buff* skb, const nf_hook_state*) {
  g_stolen = skb;
  return NF_STOLEN;
}
static unsigned int RepeatOnceHook(void* priv, sk_buff*, const nf_hook_state*) {
  return ++*static_cast<int*>(priv) == 1 ? NF_REPEAT : NF_ACCEPT;
}
static nf_hook_state g_seen_state;
static unsigned int RecordStateHook(void*, sk_buff*, const nf_hook_state* state) {
  g_seen_state = *state;
  return NF_ACCEPT;
}
static unsigned int CorruptLenHook(void*, sk_buff* skb, const nf_hook_state*) {
  skb->len -= 4;  // bypasses every helper: no libskb call sees it
  return NF_ACCEPT;
}
static unsigned int FreeAndAcceptHook(void*, sk_buff* skb, const nf_hook_state*) {
  kfree_skb(skb);
  return NF_ACCEPT;
}
static unsigned int PutOnPagedHook(void*, sk_buff* skb, const nf_hook_state*) {
  skb_put(skb, 4);  // SKB_LINEAR_ASSERT on a paged skb: BUG
  return NF_ACCEPT;
}
static unsigned int ModuleBugHook(void*, sk_buff* skb, const nf_hook_state*) {
  BUG_ON(skb->len > 10);
  return NF_ACCEPT;
}
// Accounts for a 4-byte option-like shim between the IP and UDP headers
// without making it linear: ip_local_deliver_finish then pulls 4 bytes past
// the linear area (the other trigger kernel-semantics.md §5.6 names).
static unsigned int ShiftTransportHook(void*, sk_buff* skb, const nf_hook_state*) {
  skb->transport_header += 4;
  return NF_ACCEPT;
}
static unsigned int LinearizeHook(void*, sk_buff* skb, const nf_hook_state*) {
  return skb_linearize(skb) ? NF_DROP : NF_ACCEPT;
}
static unsigned int PushWithoutPullHook(void*, sk_buff* skb, const nf_hook_state*) {
  __skb_push(skb, 2);  // leaves data 2 bytes early: the hook broke nothing the checker sees
  return NF_ACCEPT;
}

// ---- registration ------------------------------------------------------------

TEST_F(NetfilterTest, HooksRunInPriorityOrderEqualPriorityNewestFirst) {
  nf_hook_ops a = Ops(AcceptHook, NF_INET_LOCAL_IN, 10);
  nf_hook_ops b = Ops(AcceptHook, NF_INET_LOCAL_IN, -5);
  nf_hook_ops c = Ops(AcceptHook, NF_INET_LOCAL_IN, 10);
  ASSERT_EQ(nf_register_net_hook(&init_net, &a), 0);
  ASSERT_EQ(nf_register_net_hook(&init_net, &b), 0);
  ASSERT_EQ(nf_register_net_hook(&init_net, &c), 0);
  std::vector<const nf_hook_ops*> order;
  for (const skb::HookInfo& h : skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_LOCAL_IN)) order.push_back(h.ops);
  EXPECT_THAT(order, ElementsAre(&b, &c, &a));
  EXPECT_EQ(skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_LOCAL_IN)[0].function, "AcceptHook");
  EXPECT_EQ(skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_LOCAL_IN)[0].module, "");
  EXPECT_EQ(skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_LOCAL_IN)[0].Describe(), "NF_INET_LOCAL_IN hook AcceptHook");
  nf_unregister_net_hook(&init_net, &a);
  nf_unregister_net_hook(&init_net, &b);
  nf_unregister_net_hook(&init_net, &c);
}

TEST_F(NetfilterTest, InetRegistersForIpv4AndIpv6) {
  nf_hook_ops o = Ops(AcceptHook, NF_INET_PRE_ROUTING, 0, nullptr, NFPROTO_INET);
  ASSERT_EQ(nf_register_net_hook(&init_net, &o), 0);
  EXPECT_EQ(skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_PRE_ROUTING).size(), 1u);
  EXPECT_EQ(skb::Hooks(&init_net, NFPROTO_IPV6, NF_INET_PRE_ROUTING).size(), 1u);
  EXPECT_EQ(skb::Hooks(&init_net, NFPROTO_IPV6, NF_INET_PRE_ROUTING)[0].Describe(),
            "NF_INET_PRE_ROUTING (IPv6) hook AcceptHook");
  nf_unregister_net_hook(&init_net, &o);
  EXPECT_TRUE(skb::AllHooks().empty());
}

TEST_F(NetfilterTest, BadHooknumWarnsAndFails) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  nf_hook_ops o = Ops(AcceptHook, NF_INET_NUMHOOKS + 2);
  EXPECT_EQ(nf_register_net_hook(&init_net, &o), -EINVAL);
  auto warns = skb_test::RecordedOfTier(skb::Tier::kWarn);
  ASSERT_EQ(warns.size(), 1u);
  EXPECT_EQ(warns[0].site, skb::Site::kNfHookEntryHead);
  EXPECT_EQ(warns[0].function, "nf_hook_entry_head");
}

TEST_F(NetfilterTest, RegisterHooksIsAllOrNothing) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  nf_hook_ops ops[2] = {Ops(AcceptHook, NF_INET_LOCAL_IN), Ops(AcceptHook, 99)};
  EXPECT_EQ(nf_register_net_hooks(&init_net, ops, 2), -EINVAL);
  EXPECT_TRUE(skb::AllHooks().empty());
}

TEST_F(NetfilterTest, UnregisteringAnUnknownHookWarnsOnce) {
  skb::ScopedProfile profile(P("5.10"));
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  nf_hook_ops o = Ops(AcceptHook);
  nf_unregister_net_hook(&init_net, &o);
  nf_unregister_net_hook(&init_net, &o);
  auto warns = skb_test::RecordedOfTier(skb::Tier::kWarn);
  ASSERT_EQ(warns.size(), 1u);
  EXPECT_EQ(warns[0].site, skb::Site::kNfHookNotFound);
  EXPECT_THAT(warns[0].text, HasSubstr("hook not found, pf 2 num 1\n"));
  EXPECT_THAT(warns[0].text, HasSubstr(" at net/netfilter/core.c:480 __nf_unregister_net_hook"));
}

// ---- verdicts ----------------------------------------------------------------

TEST_F(NetfilterTest, AcceptRunsEveryHookThenOkfnWithTheState) {
  int count = 0;
  HookGuard hooks({Ops(AcceptHook, NF_INET_LOCAL_IN, 0, &count), Ops(RecordStateHook, NF_INET_LOCAL_IN, 5),
                   Ops(AcceptHook, NF_INET_LOCAL_IN, 9, &count)});
  sk_buff* skb = LinearSkb();
  net_device* dev = skb::DefaultDevice();
  EXPECT_EQ(NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, dev, nullptr, CountingOkfn), 0);
  EXPECT_EQ(count, 2);
  EXPECT_EQ(OkfnCalls, 1);
  EXPECT_EQ(g_seen_state.hook, NF_INET_LOCAL_IN);
  EXPECT_EQ(g_seen_state.pf, NFPROTO_IPV4);
  EXPECT_EQ(g_seen_state.in, dev);
  EXPECT_EQ(g_seen_state.out, nullptr);
  EXPECT_EQ(g_seen_state.net, &init_net);
  EXPECT_EQ(g_seen_state.okfn, &CountingOkfn);
}

TEST_F(NetfilterTest, NoHooksMeansOkfn) {
  sk_buff* skb = LinearSkb();
  EXPECT_EQ(nf_hook(NFPROTO_IPV4, NF_INET_FORWARD, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn), 1);
  kfree_skb(skb);
}

TEST_F(NetfilterTest, DropFreesTheSkbAndReturnsTheError) {
  int count = 0;
  {
    HookGuard hooks({Ops(DropHook, NF_INET_LOCAL_IN, 0), Ops(AcceptHook, NF_INET_LOCAL_IN, 1, &count)});
    const size_t live = skb::Stats().live_skbs;
    sk_buff* skb = LinearSkb();
    EXPECT_EQ(NF_HOOK(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn),
              -EPERM);
    EXPECT_EQ(skb::Stats().live_skbs, live) << "nf_hook_slow frees a dropped skb";
  }
  HookGuard hooks({Ops(DropErrHook)});
  sk_buff* skb = LinearSkb();
  EXPECT_EQ(nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn),
            -EHOSTUNREACH);
  EXPECT_EQ(count, 0);
  EXPECT_EQ(OkfnCalls, 0);
}

TEST_F(NetfilterTest, StolenSkbBelongsToTheHook) {
  int count = 0;
  HookGuard hooks({Ops(StealHook, NF_INET_LOCAL_IN, 0), Ops(AcceptHook, NF_INET_LOCAL_IN, 1, &count)});
  sk_buff* skb = LinearSkb();
  skb::NfHookResult r = skb::RunNfHooks(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr,
                                        CountingOkfn);
  EXPECT_EQ(r.ret, 0);
  EXPECT_EQ(r.outcome, skb::HookOutcome::kStolen);
  EXPECT_EQ(count, 0);
  ASSERT_EQ(g_stolen, skb);
  EXPECT_TRUE(skb::IsLiveSkb(skb));
  kfree_skb(g_stolen);
  g_stolen = nullptr;
}

TEST_F(NetfilterTest, QueueWithoutHandlerDropsUnlessBypassed) {
  {
    HookGuard hooks({Ops(QueueHook)});
    const size_t live = skb::Stats().live_skbs;
    sk_buff* skb = LinearSkb();
    skb::NfHookResult r = skb::RunNfHooks(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr,
                                          CountingOkfn);
    EXPECT_EQ(r.ret, 0);
    EXPECT_EQ(r.outcome, skb::HookOutcome::kQueueDropped);
    EXPECT_EQ(skb::Stats().live_skbs, live);
  }
  int count = 0;
  HookGuard hooks({Ops(QueueBypassHook, NF_INET_LOCAL_IN, 0), Ops(AcceptHook, NF_INET_LOCAL_IN, 1, &count)});
  sk_buff* skb = LinearSkb();
  EXPECT_EQ(nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn), 1);
  EXPECT_EQ(count, 1);
  kfree_skb(skb);
}

TEST_F(NetfilterTest, RepeatRunsTheHookAgainOnlyBefore5) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  for (const char* name : {"2.6.32", "3.10", "5.10", "6.12"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile profile(P(name));
    skb::ClearRecorded();
    int calls = 0;
    HookGuard hooks({Ops(RepeatOnceHook, NF_INET_LOCAL_IN, 0, &calls)});
    sk_buff* skb = LinearSkb();
    skb::NfHookResult r = skb::RunNfHooks(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr,
                                          CountingOkfn);
    const bool old = !skb::Active().AtLeast(5, 0);
    if (old) {
      EXPECT_EQ(calls, 2);
      EXPECT_EQ(r.ret, 1);
      EXPECT_EQ(r.runs.size(), 2u);
    } else {
      // nf_hook_slow's "non conventional verdict": 0, the skb neither freed nor passed on.
      EXPECT_EQ(calls, 1);
      EXPECT_EQ(r.ret, 0);
      EXPECT_EQ(r.outcome, skb::HookOutcome::kLost);
      EXPECT_TRUE(skb::IsLiveSkb(skb));
      auto warns = skb_test::RecordedOfTier(skb::Tier::kWarn);
      if (std::string(name) == "6.12") {
        ASSERT_EQ(warns.size(), 1u);
        EXPECT_EQ(warns[0].site, skb::Site::kNfHookVerdict);
        EXPECT_THAT(warns[0].text, HasSubstr(" at net/netfilter/core.c:645 nf_hook_slow"));
      } else {
        EXPECT_TRUE(warns.empty());
      }
    }
    kfree_skb(skb);
  }
}

// ---- checked hooks -----------------------------------------------------------

TEST_F(NetfilterTest, ViolationAfterAHookNamesTheHook) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  HookGuard hooks({Ops(CorruptLenHook)});
  sk_buff* skb = LinearSkb(100);
  auto report = CatchBug([&] {
    nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn);
  });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->tier, skb::Tier::kCheck);
  EXPECT_EQ(report->culprit, "NF_INET_LOCAL_IN hook CorruptLenHook broke the skb");
  EXPECT_THAT(report->text, HasSubstr("S3 headlen_ne_tail_minus_data"));
  skb->len += 4;
  kfree_skb(skb);
}

TEST_F(NetfilterTest, ABrokenSkbIsReportedBeforeTheHookRuns) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  int count = 0;
  HookGuard hooks({Ops(AcceptHook, NF_INET_LOCAL_IN, 0, &count)});
  sk_buff* skb = LinearSkb(100);
  skb->data_len = 8;  // no frags behind it
  auto report = CatchBug([&] {
    nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn);
  });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(count, 0);
  EXPECT_THAT(report->culprit, StartsWith("the skb was already broken before NF_INET_LOCAL_IN hook AcceptHook ran"));
  skb->data_len = 0;
  kfree_skb(skb);
}

TEST_F(NetfilterTest, AHookThatFreesWhatItAcceptsIsNamed) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  HookGuard hooks({Ops(FreeAndAcceptHook)});
  sk_buff* skb = LinearSkb();
  auto report = CatchBug([&] {
    nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn);
  });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->kind, "S7");
  EXPECT_EQ(report->culprit, "NF_INET_LOCAL_IN hook FreeAndAcceptHook freed the skb it returned");
}

TEST_F(NetfilterTest, ABugInsideAHookIsAnnotatedWithTheHook) {
  HookGuard hooks({Ops(PutOnPagedHook)});
  Datagram d;
  sk_buff* skb = RxSkb(IpPacket(d), kIp + kUdp);
  auto report = CatchBug([&] {
    nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn);
  });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->tier, skb::Tier::kBug);
  EXPECT_EQ(report->site, skb::Site::kSkbLinearAssert);
  EXPECT_THAT(report->text, StartsWith("libskb: in NF_INET_LOCAL_IN hook PutOnPagedHook\n"));
  EXPECT_EQ(report->culprit, "NF_INET_LOCAL_IN hook PutOnPagedHook");
  kfree_skb(skb);
}

TEST_F(NetfilterTest, ModuleBugInsideAHookNamesTheModuleLine) {
  HookGuard hooks({Ops(ModuleBugHook)});
  sk_buff* skb = LinearSkb(100);
  auto report = CatchBug([&] {
    nf_hook(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, nullptr, skb, nullptr, nullptr, CountingOkfn);
  });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kModuleBug);
  EXPECT_THAT(report->text, StartsWith("libskb: in NF_INET_LOCAL_IN hook ModuleBugHook\n"
                                       "libskb: BUG() in module code at "));
  EXPECT_THAT(report->text, HasSubstr("netfilter_test.cc:"));
  EXPECT_THAT(report->text, ::testing::ContainsRegex("kernel BUG at [^\n]*netfilter_test.cc:[0-9]+!\n"));
  kfree_skb(skb);
}

// The hook leaves the skb valid but moves transport_header 4 bytes past what
// ip_rcv_core made linear (a driver that split the frame after the IPv4
// header: 20 linear bytes). The BUG comes later, in ip_local_deliver_finish's
// unchecked __skb_pull - the other trigger kernel-semantics.md §5.6 names.
TEST_F(NetfilterTest, CheckedModeNamesTheHookBeforeIpLocalDeliverFinishPulls) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  skb::ScopedProfile profile(P("5.10"));
  HookGuard hooks({Ops(ShiftTransportHook)});
  sk_buff* skb = RxSkb(IpPacket(Datagram{}), kIp);
  auto report = CatchBug([&] { skb::IpRcv(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->tier, skb::Tier::kCheck);
  EXPECT_EQ(report->kind, "S13");
  EXPECT_THAT(report->culprit,
              StartsWith("NF_INET_LOCAL_IN hook ShiftTransportHook changed the skb (transport_header "));
  EXPECT_THAT(report->text, HasSubstr("will __skb_pull(skb_network_header_len = 24) but headlen = 20"));
  EXPECT_EQ(skb->len, skb->data_len + 20) << "nothing was pulled";
  kfree_skb(skb);
}

TEST_F(NetfilterTest, UncheckedTheLaterPullBugsAfterTheHookWithLenFourBelowDataLen) {
  skb::ScopedProfile profile(P("5.10"));
  skb::ScopedCheckedMode off(false);
  HookGuard hooks({Ops(ShiftTransportHook)});
  sk_buff* skb = RxSkb(IpPacket(Datagram{}), kIp);
  auto report = CatchBug([&] { skb::IpRcv(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->site, skb::Site::kSkbPull);
  EXPECT_EQ(skb->len, skb->data_len - 4);
  EXPECT_THAT(report->text, StartsWith("libskb: after NF_INET_LOCAL_IN hook ShiftTransportHook [it changed: "
                                       "transport_header "));
  EXPECT_EQ(report->culprit, "NF_INET_LOCAL_IN hook ShiftTransportHook");
  skb->len += 24;
  kfree_skb(skb);
}

// ---- modules -----------------------------------------------------------------

namespace {
int g_module_hook_calls = 0;
bool g_module_forgets_unregister = false;
unsigned int g_pernet_id = 0;
}  // namespace

struct nf_test_pernet {
  int packets;
};

static unsigned int NfTestModuleHook(void* priv, sk_buff* skb, const nf_hook_state* state) {
  (void)priv;
  (void)skb;
  auto* data = static_cast<nf_test_pernet*>(net_generic(state->net, g_pernet_id));
  data->packets++;
  g_module_hook_calls++;
  return NF_ACCEPT;
}

static const nf_hook_ops nf_test_ops[] = {
    {.hook = NfTestModuleHook, .pf = NFPROTO_IPV4, .hooknum = NF_INET_PRE_ROUTING, .priority = NF_IP_PRI_FIRST},
};

static int nf_test_net_init(net* n) { return nf_register_net_hooks(n, nf_test_ops, 1); }
static void nf_test_net_exit(net* n) {
  if (!g_module_forgets_unregister) nf_unregister_net_hooks(n, nf_test_ops, 1);
}

static pernet_operations nf_test_net_ops = {
    .init = nf_test_net_init,
    .exit = nf_test_net_exit,
    .id = &g_pernet_id,
    .size = sizeof(nf_test_pernet),
};

static int NfTestModuleInit(void) {
  pr_info("loading\n");
  return register_pernet_subsys(&nf_test_net_ops);
}

static void NfTestModuleExit(void) { unregister_pernet_subsys(&nf_test_net_ops); }

module_init(NfTestModuleInit);
module_exit(NfTestModuleExit);
MODULE_LICENSE("GPL");

TEST_F(NetfilterTest, ModulesAreFoundByNameAndOwnTheirHooks) {
  bool found = false;
  for (const skb::ModuleInfo& m : skb::Modules()) {
    if (m.name != "nf_test_mod") continue;
    found = true;
    EXPECT_EQ(m.init, &kmod_nf_test_mod_init_module);
    EXPECT_EQ(m.exit, &kmod_nf_test_mod_cleanup_module);
    EXPECT_FALSE(m.loaded);
  }
  ASSERT_TRUE(found);
  EXPECT_EQ(skb::LoadModule("no_such_module"), -ENOENT);
  {
    skb::ScopedModule module("nf_test_mod");
    ASSERT_EQ(module.init_result(), 0);
    auto hooks = skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_PRE_ROUTING);
    ASSERT_EQ(hooks.size(), 1u);
    EXPECT_EQ(hooks[0].module, "nf_test_mod");
    EXPECT_EQ(hooks[0].file, "netfilter_test.cc");
    EXPECT_EQ(hooks[0].Describe(),
              "NF_INET_PRE_ROUTING hook NfTestModuleHook (module nf_test_mod, netfilter_test.cc)");
    // The hook sees packets and its per-net storage.
    g_module_hook_calls = 0;
    skb::RxResult r = skb::IpRcv(RxSkb(IpPacket(Datagram{}), kIp + kUdp));
    EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
    EXPECT_EQ(g_module_hook_calls, 1);
    EXPECT_EQ(static_cast<nf_test_pernet*>(net_generic(&init_net, g_pernet_id))->packets, 1);
  }
  EXPECT_TRUE(skb::AllHooks().empty());
}

TEST_F(NetfilterTest, HooksLeftAfterExitAreRemovedAndCounted) {
  g_module_forgets_unregister = true;
  ASSERT_EQ(skb::LoadModule("nf_test_mod"), 0);
  testing::internal::CaptureStderr();
  EXPECT_EQ(skb::UnloadModule("nf_test_mod"), 1);
  std::string err = testing::internal::GetCapturedStderr();
  g_module_forgets_unregister = false;
  EXPECT_THAT(err, HasSubstr("libskb: module nf_test_mod left 1 netfilter hook registered after its exit function"));
  EXPECT_TRUE(skb::AllHooks().empty());
}

// ---- printk, WARN -----------------------------------------------------------

TEST_F(NetfilterTest, PrintkWritesTheLevelAndPrFmt) {
  testing::internal::CaptureStderr();
  printk(KERN_ERR "error %d\n", 3);
  printk("no level\n");
  pr_info("info\n");
  pr_cont("+cont\n");
  pr_debug("not shown %d\n", 1);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "<3>error 3\n<4>no level\n<6>info\n+cont\n");
}

static int WarnTwice(int v) {
  int hits = 0;
  for (int i = 0; i < 2; i++) hits += WARN_ON_ONCE(v > 1) ? 1 : 0;
  hits += WARN(v > 2, "v = %d\n", v) ? 1 : 0;
  return hits;
}

TEST_F(NetfilterTest, ModuleWarnsReturnTheConditionAndWarnOncePerSite) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  EXPECT_EQ(WarnTwice(5), 3);
  auto warns = skb_test::RecordedOfTier(skb::Tier::kWarn);
  ASSERT_EQ(warns.size(), 2u) << "WARN_ON_ONCE reports once";
  EXPECT_EQ(warns[0].site, skb::Site::kModuleWarn);
  EXPECT_THAT(warns[0].text, HasSubstr("libskb: WARN in module code at "));
  EXPECT_THAT(warns[1].text, HasSubstr("v = 5\n"));
  EXPECT_FALSE(WARN_ON(0));
}

// ---- receive path -----------------------------------------------------------

TEST_F(NetfilterTest, RxDeliversUdpAcrossFragsWithSoftwareChecksum) {
  Datagram d;
  d.padding = 6;  // Ethernet minimum-frame padding style trailer: trimmed by ip_rcv_core
  sk_buff* skb = RxSkb(IpPacket(d), kIp + kUdp + 5);
  skb::RxResult r = skb::IpRcv(skb);
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(r.protocol, IPPROTO_UDP);
  EXPECT_TRUE(skb_test::BytesEqual(r.payload, d.payload));
}

TEST_F(NetfilterTest, RxDropsBadChecksumsUnlessTheNicVouched) {
  Datagram d;
  std::vector<uint8_t> pkt = IpPacket(d);
  pkt[kIp + kUdp + 7] ^= 0x40;  // payload corrupted after the checksum
  skb::RxResult r = skb::IpRcv(RxSkb(pkt, kIp + kUdp));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "__udp4_lib_rcv");
  EXPECT_EQ(r.reason, "bad UDP checksum");
  r = skb::IpRcv(RxSkb(pkt, kIp + kUdp, CHECKSUM_UNNECESSARY));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered);

  std::vector<uint8_t> bad_ip = IpPacket(d);
  bad_ip[8] ^= 1;  // ttl, without fixing the header checksum
  r = skb::IpRcv(RxSkb(bad_ip, kIp + kUdp));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "ip_rcv_core");
  EXPECT_EQ(r.reason, "bad IPv4 header checksum");
}

TEST_F(NetfilterTest, RxTrustsACorrectCompleteChecksum) {
  Datagram d;
  std::vector<uint8_t> pkt = IpPacket(d);
  sk_buff* skb = RxSkb(pkt, kIp + kUdp, CHECKSUM_COMPLETE);
  skb->csum = csum_partial(pkt.data(), static_cast<int>(pkt.size()), 0);
  skb::RxResult r = skb::IpRcv(skb);
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
}

TEST_F(NetfilterTest, RxTruncatedAndFragmentedPackets) {
  Datagram d;
  std::vector<uint8_t> pkt = IpPacket(d);
  pkt.resize(pkt.size() - 10);  // shorter than tot_len
  skb::RxResult r = skb::IpRcv(RxSkb(pkt, kIp + kUdp));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_THAT(r.reason, StartsWith("truncated"));

  Datagram f;
  f.frag_off = IP_MF;
  r = skb::IpRcv(RxSkb(IpPacket(f), kIp + kUdp));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kNotModelled);
}

TEST_F(NetfilterTest, RxHookVerdictsEndThePath) {
  HookGuard hooks({Ops(DropHook, NF_INET_PRE_ROUTING)});
  skb::RxResult r = skb::IpRcv(RxSkb(IpPacket(Datagram{}), kIp + kUdp));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
  EXPECT_EQ(r.stage, "nf_hook_slow");
  EXPECT_EQ(r.reason, "NF_INET_PRE_ROUTING hook DropHook returned NF_DROP");
  ASSERT_EQ(r.hooks.size(), 1u);
  EXPECT_EQ(r.hooks[0].verdict, static_cast<unsigned>(NF_DROP));
}

TEST_F(NetfilterTest, RxFromEthernetFrame) {
  Datagram d;
  std::vector<uint8_t> pkt = IpPacket(d);
  std::vector<uint8_t> frame = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00};
  frame.insert(frame.end(), pkt.begin(), pkt.end());
  sk_buff* skb = alloc_skb(NET_SKB_PAD + kNetIpAlign + frame.size(), GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD) + kNetIpAlign);
  skb_put_data(skb, frame.data(), static_cast<unsigned>(frame.size()));
  int count = 0;
  HookGuard hooks({Ops(AcceptHook, NF_INET_LOCAL_IN, 0, &count)});
  skb::RxResult r = skb::NetifReceiveSkb(skb);
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(count, 1);
  EXPECT_TRUE(skb_test::BytesEqual(r.payload, d.payload));
}

TEST_F(NetfilterTest, RxHookRunsSayWhatEachHookChanged) {
  int count = 0;
  HookGuard hooks({Ops(AcceptHook, NF_INET_PRE_ROUTING, 0, &count), Ops(LinearizeHook, NF_INET_LOCAL_IN)});
  Datagram d;
  skb::RxResult r = skb::IpRcv(RxSkb(IpPacket(d), kIp + kUdp));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  ASSERT_EQ(r.hooks.size(), 2u);
  EXPECT_EQ(r.hooks[0].hook.Describe(), "NF_INET_PRE_ROUTING hook AcceptHook");
  EXPECT_EQ(r.hooks[0].changes, "");
  EXPECT_EQ(r.hooks[1].hook.Describe(), "NF_INET_LOCAL_IN hook LinearizeHook");
  EXPECT_THAT(r.hooks[1].changes, HasSubstr("head reallocated"));
  EXPECT_THAT(r.hooks[1].changes, HasSubstr("data_len 300 -> 0"));
  EXPECT_THAT(r.hooks[1].changes, HasSubstr("nr_frags 1 -> 0"));
  EXPECT_TRUE(skb_test::BytesEqual(r.payload, d.payload));
}

// ---- transmit path ----------------------------------------------------------

namespace {

// A locally generated UDP datagram: headers in the head (with room for the
// link header unless `headroom` says otherwise), payload in a frag, checksum
// left to the device (CHECKSUM_PARTIAL with the pseudo-header seeded).
sk_buff* TxSkb(const Datagram& d, unsigned headroom = 64) {
  std::vector<uint8_t> pkt = IpPacket(Datagram{.payload = d.payload, .udp_csum = false});
  sk_buff* skb = alloc_skb(headroom + kIp + kUdp, GFP_KERNEL);
  skb_reserve(skb, static_cast<int>(headroom));
  skb_put_data(skb, pkt.data(), kIp + kUdp);
  page* pg = alloc_page(GFP_KERNEL);
  std::memcpy(page_address(pg), pkt.data() + kIp + kUdp, d.payload.size());
  skb_add_rx_frag(skb, 0, pg, 0, static_cast<int>(d.payload.size()), PAGE_SIZE);
  skb_reset_network_header(skb);
  skb_set_transport_header(skb, kIp);
  iphdr ip;
  std::memcpy(&ip, pkt.data(), kIp);
  const unsigned ulen = kUdp + static_cast<unsigned>(d.payload.size());
  const __sum16 seed = static_cast<__sum16>(~udp_v4_check(static_cast<int>(ulen), ip.saddr, ip.daddr, 0));
  std::memcpy(skb->data + kIp + 6, &seed, 2);
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb) + kIp);
  skb->csum_offset = 6;
  return skb;
}

// The UDP checksum of a frame on the wire verifies (folds to 0).
bool UdpChecksumVerifies(const std::vector<uint8_t>& frame) {
  iphdr ip;
  std::memcpy(&ip, frame.data() + kEth, kIp);
  const unsigned ulen = static_cast<unsigned>(frame.size()) - kEth - kIp;
  return udp_v4_check(static_cast<int>(ulen), ip.saddr, ip.daddr,
                      csum_partial(frame.data() + kEth + kIp, static_cast<int>(ulen), 0)) == 0;
}

}  // namespace

TEST_F(NetfilterTest, TxWithoutOffloadsLinearisesAndChecksumsInSoftware) {
  int local_out = 0, post_routing = 0;
  HookGuard hooks({Ops(AcceptHook, NF_INET_LOCAL_OUT, 0, &local_out),
                   Ops(AcceptHook, NF_INET_POST_ROUTING, 0, &post_routing)});
  Datagram d;
  skb::TxResult r = skb::IpLocalOut(TxSkb(d));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(local_out, 1);
  EXPECT_EQ(post_routing, 1);
  ASSERT_EQ(r.frame.size(), kEth + kIp + kUdp + d.payload.size());
  EXPECT_EQ(r.frame[12], 0x08);
  EXPECT_EQ(r.frame[13], 0x00);
  EXPECT_TRUE(UdpChecksumVerifies(r.frame));
  EXPECT_TRUE(skb_test::BytesEqual(std::vector<uint8_t>(r.frame.begin() + kEth + kIp + kUdp, r.frame.end()),
                                   d.payload));
}

TEST_F(NetfilterTest, TxWithOffloadsLeavesTheChecksumToTheDevice) {
  net_device dev = *skb::DefaultDevice();
  dev.features = NETIF_F_SG | NETIF_F_HW_CSUM;
  Datagram d;
  skb::TxResult r = skb::IpOutput(TxSkb(d), skb::TxOptions{.dev = &dev});
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_FALSE(UdpChecksumVerifies(r.frame)) << "only the pseudo-header seed is in place";
}

TEST_F(NetfilterTest, TxReallocatesHeadroomForTheLinkHeader) {
  Datagram d;
  skb::TxResult r = skb::IpLocalOut(TxSkb(d, 0));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_TRUE(UdpChecksumVerifies(r.frame));
}

TEST_F(NetfilterTest, TxAboveTheMtuIsNotModelled) {
  net_device dev = *skb::DefaultDevice();
  dev.mtu = 200;
  skb::TxResult r = skb::IpLocalOut(TxSkb(Datagram{}), skb::TxOptions{.dev = &dev});
  EXPECT_EQ(r.outcome, skb::PathOutcome::kNotModelled);
  EXPECT_EQ(r.stage, "ip_finish_output");
}

TEST_F(NetfilterTest, TxHookRunsSayWhatEachHookChanged) {
  skb::ScopedProfile profile(P("5.10"));
  skb::ScopedCheckedMode off(false);
  // The hook leaves data 2 bytes before the IP header; the Ethernet header
  // then lands 2 bytes early, and csum_start no longer matches: the software
  // checksum still completes, but the frame is no longer IPv4 at offset 14.
  HookGuard hooks({Ops(PushWithoutPullHook, NF_INET_POST_ROUTING)});
  skb::TxResult r = skb::IpLocalOut(TxSkb(Datagram{}));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered);
  ASSERT_EQ(r.hooks.size(), 1u);
  EXPECT_EQ(r.hooks[0].changes, "len 328 -> 330, data -2");
  EXPECT_EQ(r.frame.size(), kEth + 2 + kIp + kUdp + 300);
}
