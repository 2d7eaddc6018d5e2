// svc_procfs: a module with a seq_file status entry under its own /proc
// directory and a writable control entry. The test reads the status through
// the module's handlers, sets the port to drop by writing the control entry,
// and sees the hook act on it.
#include <linux/init.h>

#include <gtest/gtest.h>

#include <string>

#include "kernel_env_packets.h"
#include "skb/kernel_env.h"
#include "skb/netfilter.h"

LIBSKB_DECLARE_MODULE(svc_procfs);

namespace {

skb::PathOutcome Send(uint16_t dport) {
  return skb::NetifReceiveSkb(kernel_env_test::FrameSkb(kernel_env_test::UdpFrame(0x0a000001, dport))).outcome;
}

TEST(SvcProcfs, StatusIsReadAndControlIsWrittenThroughTheModulesHandlers) {
  skb::ResetKernelEnv();
  {
    skb::ScopedModule m(LIBSKB_MODULE_INIT(svc_procfs), LIBSKB_MODULE_EXIT(svc_procfs));
    ASSERT_EQ(m.init_result(), 0);
    int procfs = 0;
    for (const auto& r : skb::Registrations()) {
      if (r.kind == "procfs") {
        ++procfs;
        EXPECT_EQ(r.module, "svc_procfs");
      }
    }
    EXPECT_EQ(procfs, 3);  // /proc/svc, /proc/svc/status, /proc/svc_procfs_ctl

    EXPECT_EQ(Send(53), skb::PathOutcome::kDelivered);
    skb::FileIoResult status = skb::ReadProcEntry("/proc/svc/status");
    ASSERT_EQ(status.err, 0);
    EXPECT_EQ(status.data, "seen 1\ndropped 0\ndrop_port 0\nowner svc_procfs\n");

    EXPECT_EQ(skb::WriteProcEntry("/proc/svc_procfs_ctl", "53\n").written, 3);
    EXPECT_EQ(skb::WriteProcEntry("/proc/svc_procfs_ctl", "x").err, -EINVAL);
    EXPECT_EQ(Send(53), skb::PathOutcome::kDropped);
    EXPECT_EQ(Send(54), skb::PathOutcome::kDelivered);
    EXPECT_EQ(skb::ReadProcEntry("/proc/svc/status").data, "seen 3\ndropped 1\ndrop_port 53\nowner svc_procfs\n");
    EXPECT_EQ(skb::ReadProcEntry("/proc/svc_procfs_ctl").err, -EINVAL);  // write-only: no read handler
  }
  for (const auto& r : skb::Registrations()) EXPECT_NE(r.kind, "procfs") << r.name;
  EXPECT_EQ(skb::ReadProcEntry("/proc/svc/status").err, -ENOENT);
}

}  // namespace
