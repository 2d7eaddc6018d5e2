// A module that calls a kernel function libskb does not model builds and
// links (cmake/unmodelled_stubs.py), and the call ends the run naming the
// function and its call site, with exit status 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/init.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include <string>

#include "skb/netfilter.h"

LIBSKB_DECLARE_MODULE(svc_unmodelled);
extern "C" const int svc_unmodelled_call_line;

namespace {

int Okfn(net*, sock*, sk_buff* skb) {
  kfree_skb(skb);
  return 0;
}

void RunHook() {
  skb::ScopedModule mod(LIBSKB_MODULE_INIT(svc_unmodelled), LIBSKB_MODULE_EXIT(svc_unmodelled));
  sk_buff* skb = alloc_skb(256, GFP_ATOMIC);
  skb_reserve(skb, 64);
  skb_put(skb, 40);
  skb_reset_network_header(skb);
  skb::RunNfHooks(NFPROTO_IPV4, NF_INET_PRE_ROUTING, &init_net, nullptr, skb, nullptr, nullptr, Okfn);
}

TEST(SvcUnmodelled, ModuleLinksAndLoads) {
  skb::ScopedModule mod(LIBSKB_MODULE_INIT(svc_unmodelled), LIBSKB_MODULE_EXIT(svc_unmodelled));
  EXPECT_EQ(mod.init_result(), 0);
  EXPECT_EQ(skb::AllHooks().size(), 1u);
}

TEST(SvcUnmodelledDeathTest, CallEndsTheRunNamingFunctionAndCallSite) {
  const std::string expected = "module called svc_unmodelled_lookup \\(svc_unmodelled.c:" +
                               std::to_string(svc_unmodelled_call_line) + "\\), which libskb does not model";
  EXPECT_EXIT(RunHook(), testing::ExitedWithCode(2), expected);
}

}  // namespace
