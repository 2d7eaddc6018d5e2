// The svc_params module: parameters set from text before module_init, as
// insmod would pass them, decide what its LOCAL_IN hook drops.
#include <linux/errno.h>
#include <linux/init.h>

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "packets.h"
#include "skb/module_params.h"
#include "skb/netfilter.h"

LIBSKB_DECLARE_MODULE(svc_params);
extern "C" unsigned int svc_params_dropped(void);

namespace {

std::map<std::string, skb::ModuleParamInfo> Params() {
  std::map<std::string, skb::ModuleParamInfo> m;
  for (const auto& p : skb::ModuleParams()) {
    if (p.module == "svc_params") m[p.name] = p;
  }
  return m;
}

void SetDefaults() {
  ASSERT_EQ(skb::SetModuleParam("svc_params", "drop_ports", ""), -EINVAL);  // no element: invalid, as param_array
  ASSERT_EQ(skb::SetModuleParam("svc_params", "drop_ports", "0"), 0);
  ASSERT_EQ(skb::SetModuleParam("svc_params", "drop_icmp", "n"), 0);
  ASSERT_EQ(skb::SetModuleParam("svc_params", "ttl_floor", "0"), 0);
  ASSERT_EQ(skb::SetModuleParam("svc_params", "log", "n"), 0);  // invbool: quiet = true
  ASSERT_EQ(skb::SetModuleParam("svc_params", "tag", "svc"), 0);
  ASSERT_EQ(skb::SetModuleParam("svc_params", "name", "default"), 0);
}

skb::PathOutcome Send(uint8_t proto, uint16_t dport, uint8_t ttl = 64) {
  return skb::IpRcv(svc_test::Packet(proto, 0xc0a80002, dport, ttl)).outcome;
}

TEST(SvcParams, RegisteredWithTypesAndDefaults) {
  auto m = Params();
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m["drop_ports"].type, "array of ushort");
  EXPECT_EQ(m["drop_icmp"].type, "bool");
  EXPECT_EQ(m["drop_icmp"].value, "N");
  EXPECT_EQ(m["ttl_floor"].type, "int");  // module_param_named: the parameter's name, not the variable's
  EXPECT_EQ(m["log"].type, "invbool");
  EXPECT_EQ(m["log"].value, "N");  // quiet = true
  EXPECT_EQ(m["tag"].type, "charp");
  EXPECT_EQ(m["tag"].value, "svc");
  EXPECT_EQ(m["name"].type, "string");
  EXPECT_EQ(m["name"].value, "default");
}

TEST(SvcParams, TextIsParsedAsKernelParamsC) {
  SetDefaults();
  EXPECT_EQ(skb::SetModuleParam("", "nosuch", "1"), -ENOENT);
  EXPECT_EQ(skb::SetModuleParam("other_module", "ttl_floor", "1"), -ENOENT);
  EXPECT_EQ(skb::SetModuleParam("", "ttl_floor", "abc"), -EINVAL);
  EXPECT_EQ(skb::SetModuleParam("", "ttl_floor", "99999999999"), -ERANGE);
  EXPECT_EQ(skb::SetModuleParam("", "ttl-floor", "0x10"), 0);  // '-' is '_', base 0
  EXPECT_EQ(Params()["ttl_floor"].value, "16");
  EXPECT_EQ(skb::SetModuleParam("", "drop_icmp", "maybe"), -EINVAL);
  EXPECT_EQ(skb::SetModuleParam("", "drop_ports", "1,2,3,4,5,6,7,8,9"), -EINVAL);  // 8 at most
  EXPECT_EQ(skb::SetModuleParam("", "drop_ports", "53,70000"), -ERANGE);            // ushort
  EXPECT_EQ(skb::SetModuleParam("", "drop_ports", "53,5353"), 0);
  EXPECT_EQ(Params()["drop_ports"].value, "53,5353");
  EXPECT_EQ(skb::SetModuleParam("", "name", "much-too-long"), -ENOSPC);  // char name[8]
  EXPECT_EQ(skb::SetModuleParam("", "name", "\"eth1\""), 0);            // quotes stripped
  EXPECT_EQ(Params()["name"].value, "eth1");
  SetDefaults();
}

TEST(SvcParams, HookFollowsTheParameters) {
  SetDefaults();
  ASSERT_EQ(skb::SetModuleParam("", "drop_ports", "53,123"), 0);
  ASSERT_EQ(skb::SetModuleParam("", "drop_icmp", "Y"), 0);
  ASSERT_EQ(skb::SetModuleParam("", "ttl_floor", "10"), 0);
  ASSERT_EQ(skb::SetModuleParam("", "log", "1"), 0);
  ASSERT_EQ(skb::SetModuleParam("", "tag", "fw"), 0);
  skb::ScopedModule module(LIBSKB_MODULE_INIT(svc_params), LIBSKB_MODULE_EXIT(svc_params));
  ASSERT_EQ(module.init_result(), 0);
  EXPECT_EQ(Send(IPPROTO_UDP, 53), skb::PathOutcome::kDropped);
  EXPECT_EQ(Send(IPPROTO_UDP, 123), skb::PathOutcome::kDropped);
  EXPECT_EQ(Send(IPPROTO_UDP, 80), skb::PathOutcome::kDelivered);
  EXPECT_EQ(Send(IPPROTO_ICMP, 0), skb::PathOutcome::kDropped);
  EXPECT_EQ(Send(IPPROTO_UDP, 80, 5), skb::PathOutcome::kDropped);  // below the TTL floor
  EXPECT_EQ(svc_params_dropped(), 4u);
  SetDefaults();
}

TEST(SvcParams, DefaultsPassEverything) {
  SetDefaults();
  ASSERT_EQ(skb::SetModuleParam("", "drop_ports", "9"), 0);
  skb::ScopedModule module(LIBSKB_MODULE_INIT(svc_params), LIBSKB_MODULE_EXIT(svc_params));
  ASSERT_EQ(module.init_result(), 0);
  EXPECT_EQ(Send(IPPROTO_UDP, 53), skb::PathOutcome::kDelivered);
  EXPECT_EQ(Send(IPPROTO_ICMP, 0), skb::PathOutcome::kDelivered);
  EXPECT_EQ(svc_params_dropped(), 0u);
}

TEST(SvcParams, InitRejectsAnOutOfRangeValue) {
  SetDefaults();
  ASSERT_EQ(skb::SetModuleParam("", "ttl_floor", "300"), 0);  // an int: the module itself refuses it
  skb::ScopedModule module(LIBSKB_MODULE_INIT(svc_params), LIBSKB_MODULE_EXIT(svc_params));
  EXPECT_EQ(module.init_result(), -EINVAL);
  EXPECT_TRUE(skb::AllHooks().empty());
  SetDefaults();
}

}  // namespace
