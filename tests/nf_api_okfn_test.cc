// The runtime side of the pre-4.4 okfn arguments (<linux/netfilter.h>,
// libskb_nf_okfn): a hook's okfn(skb) continues the path of the hook that
// runs (or stole the skb); called for an skb no hook can account for it is
// reported, never guessed. Registration through the neutral entry point
// (libskb_nf_register) is what every generation's nf_register_* uses.
#include <gtest/gtest.h>
#include <linux/netfilter.h>
#include <net/net_namespace.h>

#include <string>

#include "skb/netfilter.h"
#include "test_util.h"

using skb_test::CatchBug;
using ::testing::HasSubstr;

namespace {

int g_okfn_calls = 0;
sock* g_okfn_sk = nullptr;
int PathOkfn(net*, sock* sk, sk_buff* skb) {
  g_okfn_calls++;
  g_okfn_sk = sk;
  kfree_skb(skb);
  return 0;
}

sk_buff* Skb() {
  sk_buff* skb = alloc_skb(128, GFP_KERNEL);
  skb_put(skb, 40);
  skb_reset_network_header(skb);
  return skb;
}

// A hook of the old form, run through an adapter as a pre-4.1 module's TU would.
sk_buff* g_held = nullptr;
unsigned StealingCall(const void*, sk_buff* skb, const libskb_nf_state*) {
  g_held = skb;
  return NF_STOLEN;
}
unsigned OkfnInsideCall(const void*, sk_buff* skb, const libskb_nf_state*) {
  libskb_nf_okfn(skb);  // continues the path at once
  return NF_STOLEN;
}
int g_ops_identity;

TEST(NfApiOkfn, StolenSkbContinuesOnTheStatesPath) {
  g_okfn_calls = 0;
  ASSERT_EQ(libskb_nf_register(&init_net, &g_ops_identity, NFPROTO_IPV4, NF_INET_LOCAL_IN, 0,
                               reinterpret_cast<const void*>(&StealingCall), StealingCall),
            0);
  sock* const sk = reinterpret_cast<sock*>(0x1000);
  skb::NfHookResult r = skb::RunNfHooks(NFPROTO_IPV4, NF_INET_LOCAL_IN, &init_net, sk, Skb(), nullptr, nullptr,
                                        PathOkfn);
  EXPECT_EQ(r.outcome, skb::HookOutcome::kStolen);
  EXPECT_EQ(g_okfn_calls, 0);
  ASSERT_NE(g_held, nullptr);
  EXPECT_EQ(libskb_nf_okfn(g_held), 0);
  EXPECT_EQ(g_okfn_calls, 1);
  EXPECT_EQ(g_okfn_sk, sk) << "the sk of the state the skb was stolen in";
  libskb_nf_unregister(&init_net, &g_ops_identity, NFPROTO_IPV4, NF_INET_LOCAL_IN);
  EXPECT_TRUE(skb::Hooks(&init_net, NFPROTO_IPV4, NF_INET_LOCAL_IN).empty());
}

TEST(NfApiOkfn, OkfnInsideTheHookContinuesItsOwnPath) {
  g_okfn_calls = 0;
  ASSERT_EQ(libskb_nf_register(&init_net, &g_ops_identity, NFPROTO_IPV4, NF_INET_PRE_ROUTING, 0,
                               reinterpret_cast<const void*>(&OkfnInsideCall), OkfnInsideCall),
            0);
  skb::NfHookResult r = skb::RunNfHooks(NFPROTO_IPV4, NF_INET_PRE_ROUTING, &init_net, nullptr, Skb(), nullptr,
                                        nullptr, PathOkfn);
  EXPECT_EQ(r.outcome, skb::HookOutcome::kStolen);
  EXPECT_EQ(g_okfn_calls, 1);
  libskb_nf_unregister(&init_net, &g_ops_identity, NFPROTO_IPV4, NF_INET_PRE_ROUTING);
}

TEST(NfApiOkfn, OkfnForAnSkbNoHookStoleIsReported) {
  sk_buff* skb = Skb();
  auto report = CatchBug([&] { libskb_nf_okfn(skb); });
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->kind, "M2");
  EXPECT_THAT(report->text, HasSubstr("okfn_without_path"));
  kfree_skb(skb);
}

TEST(NfApiOkfn, UnregisteringWhatWasNotRegisteredWarns) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  libskb_nf_unregister(&init_net, &g_ops_identity, NFPROTO_IPV4, NF_INET_LOCAL_OUT);
  bool warned = false;
  for (const skb::Report& r : skb_test::RecordedOfTier(skb::Tier::kWarn)) {
    if (r.text.find("hook not found, pf 2 num 3") != std::string::npos) warned = true;
  }
  EXPECT_TRUE(warned);
}

}  // namespace
