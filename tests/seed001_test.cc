// Seed 001 (RHEL6 2.6.32-504): kernel BUG in skb_checksum, from
// skb_checksum_help on transmit. The fast clone of a write-queue skb is
// queued for the device while the original's head is trimmed without
// unsharing: the pre-3.3 __pskb_trim_head eats the frags in the shared info,
// and the clone reaches the device with data_len = 144 backed by nothing
// (docs/incidents/001-skb-checksum-bug.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <linux/in.h>
#include <net/checksum.h>
#include <net/tcp.h>

#include <cstring>
#include <vector>

#include "skb/netfilter.h"
#include "skb/skb.h"
#include "trim_acked_head.h"

namespace {

using ::testing::HasSubstr;

class Seed001 : public ::testing::Test {
 protected:
  void SetUp() override {
    start_ = skb::Stats();
    std::strcpy(eth1_.name, "eth1");
    eth1_.features = NETIF_F_SG;  // no checksum offload: dev_hard_start_xmit calls skb_checksum_help
    payload_.resize(144);
    for (size_t i = 0; i < payload_.size(); i++) payload_[i] = static_cast<unsigned char>(0x30 + i % 64);
  }
  void TearDown() override {
    EXPECT_EQ(skb::Stats().live_skbs, start_.live_skbs);
    EXPECT_EQ(skb::Stats().live_heads, start_.live_heads);
    EXPECT_EQ(skb::Stats().live_pages, start_.live_pages);
  }
  // A write-queue skb with 144 bytes of payload, transmitted: returns the
  // fast clone the device has not sent yet.
  sk_buff* SendAndClone(sock* sk, sk_buff** orig) {
    EXPECT_EQ(tcp_sendmsg_bytes(sk, payload_.data(), payload_.size()), 144);
    *orig = tcp_write_queue_head(sk);
    sk_buff* clone = tcp_transmit_skb(sk, *orig, 1, GFP_ATOMIC);
    EXPECT_NE(clone, nullptr);
    clone->dev = &eth1_;
    return clone;
  }
  skb::MemoryStats start_;
  net_device eth1_{};
  std::vector<unsigned char> payload_;
};

TEST_F(Seed001, LegacyTrimOn2632EndsInTheBugInSkbChecksum) {
  skb::ScopedProfile profile(*skb::ByName("2.6.32"));
  skb::ScopedCheckedMode unchecked(false);  // let it run into the kernel's BUG
  sock* sk = tcp_sock_alloc(GFP_KERNEL);
  sk_buff* orig = nullptr;
  sk_buff* clone = SendAndClone(sk, &orig);
  EXPECT_EQ(skb_headlen(orig), 0u) << "2.6.32 write-queue skbs on an SG+GSO route are headless";

  trim_acked_head(sk, orig, 144);

  skb::TxOptions tx;
  tx.dev = &eth1_;
  try {
    skb::DevQueueXmit(clone, tx);
    FAIL() << "skb_checksum_help must hit the BUG in skb_checksum";
  } catch (const skb::KernelBug& bug) {
    const skb::Report& r = bug.report();
    EXPECT_EQ(r.tier, skb::Tier::kBug);
    EXPECT_EQ(r.site, skb::Site::kSkbChecksum);
    EXPECT_EQ(r.function, "skb_checksum");
    EXPECT_THAT(r.text, HasSubstr("kernel BUG at net/core/skbuff.c:1739!"));
    // The dump of the faulting skb, field for field as in the vmcore.
    EXPECT_THAT(r.text, HasSubstr("  len = 210, "));
    EXPECT_THAT(r.text, HasSubstr("  data_len = 144, "));
    EXPECT_THAT(r.text, HasSubstr("  hdr_len = 320, "));
    EXPECT_THAT(r.text, HasSubstr("  cloned = 1 '\\001', "));
    EXPECT_THAT(r.text, HasSubstr("  fclone = 2 '\\002', "));
    EXPECT_THAT(r.text, HasSubstr("  ip_summed = 3 '\\003', "));
    EXPECT_THAT(r.text, HasSubstr("      csum_start = 288, "));
    EXPECT_THAT(r.text, HasSubstr("      csum_offset = 16"));
    EXPECT_THAT(r.text, HasSubstr("  transport_header = 288, "));
    EXPECT_THAT(r.text, HasSubstr("  network_header = 268, "));
    EXPECT_THAT(r.text, HasSubstr("  tail = 320, "));
    EXPECT_THAT(r.text, HasSubstr("    counter = 65538"));
    EXPECT_THAT(r.text, HasSubstr("  nr_frags = 0, "));
    EXPECT_THAT(r.text, HasSubstr("  frag_list = 0x0, "));
  }
  EXPECT_EQ(clone->len, 210u);
  EXPECT_EQ(clone->data_len, 144u);
  EXPECT_EQ(clone->cloned, 1);
  EXPECT_EQ(clone->fclone, SKB_FCLONE_CLONE);
  EXPECT_EQ(atomic_read(&skb_shinfo(clone)->dataref), 65538);
  EXPECT_EQ(skb_shinfo(clone)->nr_frags, 0);
  kfree_skb(clone);
  tcp_sock_free(sk);
}

TEST_F(Seed001, SameSequenceOn310DoesNotCrash) {
  skb::ScopedProfile profile(*skb::ByName("3.10"));
  sock* sk = tcp_sock_alloc(GFP_KERNEL);
  sk_buff* orig = nullptr;
  sk_buff* clone = SendAndClone(sk, &orig);
  EXPECT_EQ(skb_headlen(orig), 144u) << "f07d960df33c: the first bytes go to the linear area";

  trim_acked_head(sk, orig, 144);

  skb::TxOptions tx;
  tx.dev = &eth1_;
  skb::TxResult out = skb::DevQueueXmit(clone, tx);
  EXPECT_EQ(out.outcome, skb::PathOutcome::kDelivered) << out.stage << ": " << out.reason;
  ASSERT_EQ(out.frame.size(), 210u);
  EXPECT_EQ(std::vector<unsigned char>(out.frame.begin() + 66, out.frame.end()), payload_);
  // The TCP checksum the device got verifies.
  const tcp_sock* tp = tcp_sk(sk);
  const __wsum sum = csum_partial(out.frame.data() + 34, 176, 0);
  EXPECT_EQ(csum_tcpudp_magic(tp->inet_saddr, tp->inet_daddr, 176, IPPROTO_TCP, sum), 0);
  tcp_sock_free(sk);
}

TEST_F(Seed001, CheckedModeNamesTheTrimThatBrokeTheClone) {
  skb::ScopedProfile profile(*skb::ByName("2.6.32"));
  sock* sk = tcp_sock_alloc(GFP_KERNEL);
  sk_buff* orig = nullptr;
  sk_buff* clone = SendAndClone(sk, &orig);
  try {
    trim_acked_head(sk, orig, 144);
    FAIL() << "checked mode must report the clone broken by the trim";
  } catch (const skb::KernelBug& bug) {
    const skb::Report& r = bug.report();
    EXPECT_EQ(r.tier, skb::Tier::kCheck);
    EXPECT_THAT(r.invariant_ids, ::testing::Contains("S4"));
    EXPECT_EQ(r.skb, clone) << "the violation is on the clone, which shares the trimmed shinfo";
    EXPECT_THAT(r.culprit, HasSubstr("__pskb_trim_head(144) at "));
    EXPECT_THAT(r.culprit, HasSubstr("trim_acked_head"));
    EXPECT_THAT(r.culprit, HasSubstr(" broke the skb"));
    EXPECT_THAT(r.text, HasSubstr("data_len = 144 but frags sum to 0 (nr_frags = 0)"));
    EXPECT_THAT(r.text, HasSubstr("trim_acked_head"));
  }
  skb::ScopedCheckedMode unchecked(false);
  kfree_skb(clone);
  tcp_sock_free(sk);
}

// The RHEL6 kernel itself (profile "rhel6"): sendfile's do_tcp_sendpages
// builds the headless write-queue skb even with the f07d960df33c backport, and
// the BUG is reported at the vmcore's own line, net/core/skbuff.c:1886.
TEST_F(Seed001, Rhel6SendfilePathEndsInTheBugAtTheVmcoresLine) {
  skb::ScopedProfile profile(*skb::ByName("rhel6"));
  skb::ScopedCheckedMode unchecked(false);
  sock* sk = tcp_sock_alloc(GFP_KERNEL);
  page* pg = alloc_page(GFP_KERNEL);
  std::memcpy(page_address(pg), payload_.data(), payload_.size());
  ASSERT_EQ(tcp_sendpage_bytes(sk, pg, 0, payload_.size()), 144);
  put_page(pg);  // the page cache's reference; the frag keeps its own
  sk_buff* orig = tcp_write_queue_head(sk);
  sk_buff* clone = tcp_transmit_skb(sk, orig, 1, GFP_ATOMIC);
  ASSERT_NE(clone, nullptr);
  clone->dev = &eth1_;
  trim_acked_head(sk, orig, 144);
  skb::TxOptions tx;
  tx.dev = &eth1_;
  try {
    skb::DevQueueXmit(clone, tx);
    FAIL() << "skb_checksum_help must hit the BUG in skb_checksum";
  } catch (const skb::KernelBug& bug) {
    EXPECT_THAT(bug.report().text, HasSubstr("kernel BUG at net/core/skbuff.c:1886!"));
    EXPECT_THAT(bug.report().text, HasSubstr("  len = 210, "));
    EXPECT_THAT(bug.report().text, HasSubstr("  data_len = 144, "));
    EXPECT_THAT(bug.report().text, HasSubstr("    counter = 65538"));
    EXPECT_THAT(bug.report().text, HasSubstr("  nr_frags = 0, "));
  }
  kfree_skb(clone);
  tcp_sock_free(sk);
}

// The report's second signature, skb_over_panic from tcp_sendmsg: with the
// avail_size form of skb_availroom() (a21d45726aca, 3.5-3.8; assumed
// backported in RHEL6), anything that shrinks len without moving tail makes
// the room tcp_sendmsg computes larger than the real tailroom.
// tcp_mtu_probe() does that to the send head (skb_pull of the probed bytes);
// the next tcp_sendmsg then puts past end.
TEST_F(Seed001, Rhel6MtuProbeThenSendmsgEndsInSkbOverPanic) {
  skb::ScopedProfile profile(*skb::ByName("rhel6"));
  sock* sk = tcp_sock_alloc(GFP_KERNEL);
  std::vector<unsigned char> data(2000);
  for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<unsigned char>(i * 3);
  ASSERT_EQ(tcp_sendmsg_bytes(sk, data.data(), 1000), 1000);
  sk_buff* skb = tcp_write_queue_head(sk);
  ASSERT_EQ(skb_headlen(skb), 1000u) << "f07d960df33c backport: payload in the linear area";
  const unsigned tailroom_before = skb_tailroom(skb);

  sk_buff* probe = tcp_mtu_probe(sk, 600);
  ASSERT_NE(probe, nullptr);
  kfree_skb(probe);  // the device sent it
  EXPECT_EQ(skb->len, 400u);
  EXPECT_EQ(static_cast<unsigned>(skb_tailroom(skb)), tailroom_before) << "the pull moved data, not tail";

  try {
    tcp_sendmsg_bytes(sk, data.data(), 1000);
    FAIL() << "tcp_sendmsg must overrun the head";
  } catch (const skb::KernelBug& bug) {
    const skb::Report& r = bug.report();
    EXPECT_EQ(r.site, skb::Site::kSkbOverPanic);
    const unsigned put = skb->reserved_tailroom - 400;  // avail_size - len
    EXPECT_THAT(r.text, ::testing::ContainsRegex("^skb_over_panic: text:[0-9a-f]{16} len:" +
                                                 std::to_string(400 + put) + " put:" + std::to_string(put) +
                                                 " head:[0-9a-f]{16} data:[0-9a-f]{16} tail:0x[0-9a-f]+ end:0x[0-9a-f]+ "
                                                 "dev:<NULL>\n"));
    EXPECT_THAT(r.text, HasSubstr("called from tcp_sendmsg_bytes"));
    // Undo the put so the test can free the skb.
    skb->tail -= put;
    skb->len -= put;
  }
  skb::ScopedCheckedMode unchecked(false);
  tcp_sock_free(sk);
}

TEST_F(Seed001, MtuProbeThenSendmsgIsFineOn310) {
  skb::ScopedProfile profile(*skb::ByName("3.10"));
  sock* sk = tcp_sock_alloc(GFP_KERNEL);
  std::vector<unsigned char> data(2000);
  for (size_t i = 0; i < data.size(); i++) data[i] = static_cast<unsigned char>(i * 3);
  ASSERT_EQ(tcp_sendmsg_bytes(sk, data.data(), 1000), 1000);
  sk_buff* probe = tcp_mtu_probe(sk, 600);
  ASSERT_NE(probe, nullptr);
  kfree_skb(probe);
  ASSERT_EQ(tcp_sendmsg_bytes(sk, data.data() + 1000, 1000), 1000);
  EXPECT_THAT(skb::CheckTcpWriteQueue(sk), ::testing::IsEmpty());
  // The queue holds the probe (bytes 0..600, sent, not yet acked) and then the
  // rest of the stream, in order.
  std::vector<unsigned char> queued;
  const sk_buff* s;
  skb_queue_walk(&sk->sk_write_queue, s) {
    std::vector<unsigned char> b(s->len);
    ASSERT_EQ(skb_copy_bits(s, 0, b.data(), static_cast<int>(s->len)), 0);
    queued.insert(queued.end(), b.begin(), b.end());
  }
  EXPECT_EQ(queued, data);
  tcp_sock_free(sk);
}

}  // namespace
