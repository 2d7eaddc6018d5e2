// svc_fileio: a module that logs each packet to a file with filp_open() and
// kernel_write()/vfs_write() in its hook, and reads a configuration file at
// load. Two packets through the IPv4 receive path, then the log read back
// from the scratch root (<skb/file_io.h>).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/init.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <stdlib.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "skb/file_io.h"
#include "skb/netfilter.h"

LIBSKB_DECLARE_MODULE(svc_fileio);

namespace {

// An IPv4/UDP packet to this host with valid checksums (UDP checksum 0:
// none, as RFC 768 allows).
sk_buff* Udp4(const uint8_t src[4], const uint8_t dst[4], size_t payload) {
  const size_t len = 20 + 8 + payload;
  std::vector<uint8_t> p(len, 0xab);  // the payload's bytes
  std::memset(p.data(), 0, 28);
  p[0] = 0x45;
  p[2] = static_cast<uint8_t>(len >> 8);
  p[3] = static_cast<uint8_t>(len);
  p[8] = 64;
  p[9] = 17;
  std::memcpy(&p[12], src, 4);
  std::memcpy(&p[16], dst, 4);
  uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2) sum += static_cast<uint32_t>(p[i]) << 8 | p[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  const uint16_t check = static_cast<uint16_t>(~sum);
  p[10] = static_cast<uint8_t>(check >> 8);
  p[11] = static_cast<uint8_t>(check);
  p[20] = 0x30, p[21] = 0x39;  // sport 12345
  p[22] = 0x13, p[23] = 0x8c;  // dport 5004
  p[24] = static_cast<uint8_t>((8 + payload) >> 8);
  p[25] = static_cast<uint8_t>(8 + payload);
  sk_buff* skb = alloc_skb(static_cast<unsigned>(len + 64), GFP_ATOMIC);
  skb_reserve(skb, 64);
  std::memcpy(skb_put(skb, static_cast<unsigned>(len)), p.data(), len);
  skb_reset_network_header(skb);
  return skb;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SvcFileio : public testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/svc_fileio_test.XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    root_ = templ;
    skb::SetModuleFsRoot(root_);
    skb::ModuleFsRoot();
  }
  void TearDown() override {
    EXPECT_EQ(skb::OpenModuleFiles(), 0);
    skb::SetModuleFsRoot("");
    std::string cmd = "rm -rf '" + root_ + "'";
    EXPECT_EQ(system(cmd.c_str()), 0);
  }
  std::string root_;
};

constexpr uint8_t kA[4] = {10, 0, 0, 1};
constexpr uint8_t kB[4] = {192, 168, 1, 20};
constexpr uint8_t kHost[4] = {10, 0, 0, 2};

TEST_F(SvcFileio, LogsOneLinePerPacket) {
  skb::ScopedModule mod(LIBSKB_MODULE_INIT(svc_fileio), LIBSKB_MODULE_EXIT(svc_fileio));
  ASSERT_EQ(mod.init_result(), 0);
  skb::RxResult r1 = skb::IpRcv(Udp4(kA, kHost, 12));
  ASSERT_EQ(r1.outcome, skb::PathOutcome::kDelivered) << r1.stage << ": " << r1.reason;
  skb::RxResult r2 = skb::IpRcv(Udp4(kB, kHost, 100));
  ASSERT_EQ(r2.outcome, skb::PathOutcome::kDelivered) << r2.stage << ": " << r2.reason;
  EXPECT_EQ(Slurp(skb::ModuleFsPath("/var/log/svc_fileio.log")),
            "pkt 10.0.0.1 -> 10.0.0.2 proto 17 len 40\n"
            "pkt 192.168.1.20 -> 10.0.0.2 proto 17 len 128\n");
}

TEST_F(SvcFileio, ReadsItsConfigurationAtLoadAndAppendsToAnExistingLog) {
  {
    std::ofstream(skb::ModuleFsPath("/etc/svc_fileio.conf")) << "edge0 # tag\n";
    std::ofstream(skb::ModuleFsPath("/var/log/svc_fileio.log")) << "earlier line\n";
  }
  skb::ScopedModule mod(LIBSKB_MODULE_INIT(svc_fileio), LIBSKB_MODULE_EXIT(svc_fileio));
  ASSERT_EQ(mod.init_result(), 0);
  skb::RxResult r = skb::IpRcv(Udp4(kA, kHost, 0));
  ASSERT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.stage << ": " << r.reason;
  EXPECT_EQ(Slurp(skb::ModuleFsPath("/var/log/svc_fileio.log")),
            "earlier line\n"
            "edge0 10.0.0.1 -> 10.0.0.2 proto 17 len 28\n");
}

}  // namespace
