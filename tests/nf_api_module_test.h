// The checks every hook-API generation's test module passes
// (tests/modules/api_*/): the module is compiled against the personality of
// its profile and loaded; its hooks must be captured by skb::AllHooks(), get
// the hook number and devices of the hook point they run at, and their
// verdicts (drop, steal, a later okfn, a header change) must take effect on
// the receive and transmit paths of that profile.
#ifndef LIBSKB_TESTS_NF_API_MODULE_TEST_H_
#define LIBSKB_TESTS_NF_API_MODULE_TEST_H_

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/init.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/udp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "skb/netfilter.h"
#include "skb/profile.h"

namespace api_test {

// The module's globals and its reinject entry point.
struct ModuleVars {
  unsigned* pre_hooknum;
  unsigned* out_hooknum;
  const net_device** pre_in;
  const net_device** pre_out;
  const net_device** out_in;
  const net_device** out_out;
  int* pre_calls;
  int* out_calls;
  int* stolen;
  int (*reinject)();
};

constexpr unsigned kIp = 20;
constexpr unsigned kUdp = 8;
constexpr int kNetIpAlign = 2;  // keeps the IPv4 header 4-byte aligned for C++ readers

// A linear IPv4/UDP skb with data at the IPv4 header, checksums valid.
inline sk_buff* UdpSkb(uint16_t dport, unsigned payload = 64) {
  const unsigned ulen = kUdp + payload;
  std::vector<uint8_t> p(kIp + ulen, 0x5a);
  iphdr ip{};
  ip.version = 4;
  ip.ihl = 5;
  ip.tot_len = htons(static_cast<uint16_t>(kIp + ulen));
  ip.frag_off = htons(IP_DF);
  ip.ttl = 64;
  ip.protocol = IPPROTO_UDP;
  ip.saddr = htonl(0xc0a80001);
  ip.daddr = htonl(0xc0a80002);
  ip_send_check(&ip);
  std::memcpy(p.data(), &ip, kIp);
  udphdr uh{};
  uh.source = htons(1234);
  uh.dest = htons(dport);
  uh.len = htons(static_cast<uint16_t>(ulen));
  std::memcpy(p.data() + kIp, &uh, kUdp);
  __sum16 c = udp_v4_check(static_cast<int>(ulen), ip.saddr, ip.daddr,
                           csum_partial(p.data() + kIp, static_cast<int>(ulen), 0));
  if (c == 0) c = CSUM_MANGLED_0;
  std::memcpy(p.data() + kIp + 6, &c, 2);
  sk_buff* skb = alloc_skb(NET_SKB_PAD + kNetIpAlign + p.size(), GFP_ATOMIC);
  skb_reserve(skb, static_cast<int>(NET_SKB_PAD) + kNetIpAlign);
  skb_put_data(skb, p.data(), static_cast<unsigned>(p.size()));
  skb_reset_network_header(skb);
  return skb;
}

class ApiModuleTest : public ::testing::Test {
 protected:
  ApiModuleTest(const char* profile, const char* module, int (*init)(), void (*exit)(), ModuleVars v)
      : module_name_(module), v_(v) {
    const skb::Profile* p = skb::ByName(profile);
    EXPECT_NE(p, nullptr) << profile;
    profile_ = std::make_unique<skb::ScopedProfile>(p != nullptr ? *p : skb::Active());
    *v_.pre_calls = *v_.out_calls = *v_.stolen = 0;
    module_ = std::make_unique<skb::ScopedModule>(init, exit);
    EXPECT_EQ(module_->init_result(), 0);
  }

  std::vector<skb::HookInfo> MyHooks() const {
    std::vector<skb::HookInfo> mine;
    for (const skb::HookInfo& h : skb::AllHooks()) {
      if (h.module == module_name_) mine.push_back(h);
    }
    return mine;
  }

  void CheckRegistered() {
    std::vector<skb::HookInfo> hooks = MyHooks();
    ASSERT_EQ(hooks.size(), 3u);
    std::vector<std::string> seen;
    for (const skb::HookInfo& h : hooks) {
      EXPECT_EQ(h.pf, NFPROTO_IPV4);
      EXPECT_NE(h.ops, nullptr);
      seen.push_back(std::string(skb::NfHookName(h.hooknum)) + " " + h.function);
    }
    const std::string m = module_name_;
    EXPECT_NE(std::find(seen.begin(), seen.end(), "NF_INET_PRE_ROUTING " + m + "_pre"), seen.end());
    EXPECT_NE(std::find(seen.begin(), seen.end(), "NF_INET_LOCAL_IN " + m + "_in"), seen.end());
    EXPECT_NE(std::find(seen.begin(), seen.end(), "NF_INET_LOCAL_OUT " + m + "_out"), seen.end());
  }

  void CheckPreRouting() {
    skb::RxResult r = skb::IpRcv(UdpSkb(2222));
    EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
    EXPECT_EQ(*v_.pre_calls, 1);
    EXPECT_EQ(*v_.pre_hooknum, static_cast<unsigned>(NF_INET_PRE_ROUTING));
    EXPECT_EQ(*v_.pre_in, skb::DefaultDevice());
    EXPECT_EQ(*v_.pre_out, nullptr);
  }

  void CheckDrop() {
    skb::RxResult r = skb::IpRcv(UdpSkb(9));
    EXPECT_EQ(r.outcome, skb::PathOutcome::kDropped);
    EXPECT_EQ(r.stage, "nf_hook_slow");
    EXPECT_NE(r.reason.find(module_name_ + "_pre"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("NF_DROP"), std::string::npos) << r.reason;
  }

  // The LOCAL_IN hook steals the skb; calling the okfn it was given later
  // continues ip_local_deliver_finish and the UDP receive of the same skb
  // (0: delivered; the skb is consumed, so the leak checker stays quiet).
  void CheckStealAndOkfn() {
    skb::RxResult r = skb::IpRcv(UdpSkb(7777));
    EXPECT_EQ(r.outcome, skb::PathOutcome::kStolen) << r.stage << ": " << r.reason;
    EXPECT_EQ(*v_.stolen, 1);
    EXPECT_EQ(v_.reinject(), 0);
    EXPECT_EQ(v_.reinject(), -ENOENT);  // nothing held any more
  }

  void CheckLocalOut() {
    skb::TxResult r = skb::IpLocalOut(UdpSkb(2222));
    ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
    EXPECT_EQ(*v_.out_calls, 1);
    EXPECT_EQ(*v_.out_hooknum, static_cast<unsigned>(NF_INET_LOCAL_OUT));
    EXPECT_EQ(*v_.out_in, nullptr);
    EXPECT_EQ(*v_.out_out, skb::DefaultDevice());
    ASSERT_GT(r.frame.size(), 14u + kIp);
    EXPECT_EQ(r.frame[14 + 1], 0x10) << "the TOS the hook wrote";
    iphdr ip;
    std::memcpy(&ip, r.frame.data() + 14, kIp);
    EXPECT_EQ(ip_fast_csum(&ip, 5), 0) << "and its header checksum";
  }

 private:
  std::string module_name_;
  ModuleVars v_;
  std::unique_ptr<skb::ScopedProfile> profile_;
  std::unique_ptr<skb::ScopedModule> module_;
};

}  // namespace api_test

#endif  // LIBSKB_TESTS_NF_API_MODULE_TEST_H_
