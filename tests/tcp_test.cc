// The TCP write-queue subset: tcp_sendmsg shapes per profile, the transmit
// clone, tcp_trim_head and the legacy vs fixed __pskb_trim_head (§4.7).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <linux/in.h>
#include <net/checksum.h>
#include <net/tcp.h>

#include <string>
#include <vector>

#include "skb/skb.h"

namespace {

using ::testing::IsEmpty;

std::vector<unsigned char> Pattern(size_t n, unsigned seed) {
  std::vector<unsigned char> v(n);
  for (size_t i = 0; i < n; i++) v[i] = static_cast<unsigned char>((i * 7 + seed) % 251);
  return v;
}

std::vector<unsigned char> Bytes(const sk_buff* skb, int offset = 0) {
  std::vector<unsigned char> out(skb->len - offset);
  EXPECT_EQ(skb_copy_bits(skb, offset, out.data(), static_cast<int>(out.size())), 0);
  return out;
}

std::vector<unsigned char> QueueBytes(const sock* sk) {
  std::vector<unsigned char> out;
  const sk_buff* skb;
  skb_queue_walk(&sk->sk_write_queue, skb) {
    std::vector<unsigned char> b = Bytes(skb);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

std::string Ids(const std::vector<skb::Violation>& v) {
  std::string s;
  for (const auto& x : v) s += x.ToString() + "\n";
  return s;
}

class TcpTest : public ::testing::TestWithParam<const skb::Profile*> {
 protected:
  void SetUp() override {
    profile_ = std::make_unique<skb::ScopedProfile>(*GetParam());
    start_ = skb::Stats();
    sk_ = tcp_sock_alloc(GFP_KERNEL);
    ASSERT_NE(sk_, nullptr);
  }
  void TearDown() override {
    tcp_sock_free(sk_);
    EXPECT_EQ(skb::Stats().live_skbs, start_.live_skbs);
    EXPECT_EQ(skb::Stats().live_heads, start_.live_heads);
    EXPECT_EQ(skb::Stats().live_pages, start_.live_pages);
    profile_.reset();
  }
  std::unique_ptr<skb::ScopedProfile> profile_;
  skb::MemoryStats start_;
  sock* sk_ = nullptr;
};

TEST_P(TcpTest, SendmsgShapesFollowTheProfile) {
  const std::vector<unsigned char> payload = Pattern(5000, 3);
  ASSERT_EQ(tcp_sendmsg_bytes(sk_, payload.data(), payload.size()), 5000);
  EXPECT_THAT(Ids(skb::CheckTcpWriteQueue(sk_)), IsEmpty());
  EXPECT_EQ(QueueBytes(sk_), payload);
  sk_buff* first = tcp_write_queue_head(sk_);
  ASSERT_NE(first, nullptr);
  const skb::Profile& p = *GetParam();
  const unsigned small = SKB_WITH_OVERHEAD(2048 - MAX_TCP_HEADER);
  if (p.name == "2.6.32") {
    EXPECT_EQ(skb_headlen(first), 0u) << "2.6.32 select_size() is 0 on SG+GSO: headless skbs";
  } else if (p.name == "6.12") {
    EXPECT_EQ(skb_headlen(first), 0u) << "6.5+ write-queue skbs are all paged";
  } else {
    EXPECT_EQ(skb_headlen(first), small) << "f07d960df33c: the first skb fills its linear room first";
    EXPECT_GT(first->data_len, 0u) << "then page frags: a mixed skb";
  }
  EXPECT_EQ(first->nohdr, 1);
  EXPECT_EQ(atomic_read(&skb_shinfo(first)->dataref), 0x10001);
  EXPECT_EQ(TCP_SKB_CB(first)->seq, 1u);
  EXPECT_EQ(tcp_sk(sk_)->write_seq, 5001u);
}

TEST_P(TcpTest, TransmitCloneCarriesHeadersAndAChecksum) {
  const std::vector<unsigned char> payload = Pattern(144, 9);
  ASSERT_EQ(tcp_sendmsg_bytes(sk_, payload.data(), payload.size()), 144);
  sk_buff* orig = tcp_write_queue_head(sk_);
  sk_buff* clone = tcp_transmit_skb(sk_, orig, 1, GFP_ATOMIC);
  ASSERT_NE(clone, nullptr);
  EXPECT_EQ(clone->fclone, SKB_FCLONE_CLONE);
  EXPECT_EQ(clone->len, 144u + 32 + 20 + 14);
  EXPECT_EQ(clone->hdr_len, skb_headroom(orig)) << "__skb_clone: hdr_len = the nohdr original's headroom";
  EXPECT_EQ(atomic_read(&skb_shinfo(orig)->dataref), 0x10002);
  EXPECT_EQ(clone->ip_summed, CHECKSUM_PARTIAL);
  EXPECT_EQ(clone->csum_start, clone->transport_header);
  EXPECT_EQ(clone->csum_offset, 16);
  EXPECT_EQ(orig->len, 144u) << "the original keeps only the payload";
  EXPECT_EQ(Bytes(clone, 66), payload);
  // The device cannot checksum: software completes it and the result verifies.
  ASSERT_EQ(skb_checksum_help(clone), 0);
  const tcp_sock* tp = tcp_sk(sk_);
  const unsigned tcp_len = clone->len - 34;
  const __wsum sum = skb_checksum(clone, 34, static_cast<int>(tcp_len), 0);
  EXPECT_EQ(csum_tcpudp_magic(tp->inet_saddr, tp->inet_daddr, tcp_len, IPPROTO_TCP, sum), 0)
      << "a correct TCP checksum sums to zero with the pseudo-header";
  EXPECT_EQ(Bytes(orig), payload) << "the original's bytes are untouched";
  kfree_skb(clone);
  EXPECT_THAT(Ids(skb::CheckTcpWriteQueue(sk_)), IsEmpty());
}

TEST_P(TcpTest, TrimHeadUnsharesAndKeepsTheSequenceSpace) {
  const std::vector<unsigned char> payload = Pattern(3000, 5);
  ASSERT_EQ(tcp_sendmsg_bytes(sk_, payload.data(), payload.size()), 3000);
  sk_buff* orig = tcp_write_queue_head(sk_);
  const unsigned len0 = orig->len;
  sk_buff* clone = tcp_transmit_skb(sk_, orig, 1, GFP_ATOMIC);
  ASSERT_NE(clone, nullptr);
  const std::vector<unsigned char> clone_bytes = Bytes(clone);
  ASSERT_EQ(tcp_trim_head(sk_, orig, 100), 0);
  EXPECT_EQ(orig->len, len0 - 100);
  EXPECT_EQ(TCP_SKB_CB(orig)->seq, 101u);
  EXPECT_EQ(Bytes(orig), std::vector<unsigned char>(payload.begin() + 100, payload.begin() + len0));
  EXPECT_EQ(Bytes(clone), clone_bytes) << "the clone in flight is not affected";
  EXPECT_THAT(Ids(skb::Check(clone)), IsEmpty());
  EXPECT_THAT(Ids(skb::CheckTcpWriteQueue(sk_)), IsEmpty());
  kfree_skb(clone);
}

INSTANTIATE_TEST_SUITE_P(AllProfiles, TcpTest, ::testing::ValuesIn(skb::All()),
                         [](const auto& info) {
                           std::string n(info.param->name);
                           for (char& c : n) c = c == '.' ? '_' : c;
                           return "v" + n;
                         });

// kernel-semantics.md §4.7: the headlen-blind helper on a mixed skb
// (H linear + D paged bytes), as tcp_mtu_probe calls it.
class TrimHeadHelper : public ::testing::Test {
 protected:
  // A mixed write-queue-like skb: 100 linear bytes, 300 in one frag.
  sk_buff* Mixed() {
    sk_buff* skb = alloc_skb(400, GFP_ATOMIC);
    skb_reserve(skb, 64);
    std::vector<unsigned char> p = Pattern(400, 1);
    skb_put_data(skb, p.data(), 100);
    page* pg = alloc_page(GFP_ATOMIC);
    memcpy(page_address(pg), p.data() + 100, 300);
    skb_add_rx_frag(skb, 0, pg, 0, 300, 4096);
    return skb;
  }
};

TEST_F(TrimHeadHelper, LegacyDropsTheLinearAreaFixedPullsIt) {
  {
    skb::ScopedProfile old(*skb::ByName("2.6.32"));
    sk_buff* skb = Mixed();
    EXPECT_EQ(__pskb_trim_head(skb, 50), 50);
    // Case 0 < c <= D: consistent, but H + c bytes are gone while seq moves by c.
    EXPECT_EQ(skb->len, 250u);
    EXPECT_EQ(skb->data_len, 250u);
    EXPECT_EQ(skb_headlen(skb), 0u);
    EXPECT_THAT(Ids(skb::Check(skb)), IsEmpty());
    kfree_skb(skb);
  }
  {
    skb::ScopedProfile old(*skb::ByName("2.6.32"));
    skb::ScopedCheckedMode unchecked(false);
    sk_buff* skb = Mixed();
    // Case D < c < H + D: every frag eaten, data_len underflows.
    __pskb_trim_head(skb, 350);
    EXPECT_EQ(skb->data_len, static_cast<unsigned>(300 - 350));
    EXPECT_EQ(skb_shinfo(skb)->nr_frags, 0);
    std::vector<skb::Violation> v = skb::Check(skb);
    ASSERT_FALSE(v.empty());
    bool s4 = false;
    for (const auto& x : v) s4 |= x.id == "S4";
    EXPECT_TRUE(s4) << Ids(v);
    skb->len = skb->data_len = 0;  // let it be freed
    kfree_skb(skb);
  }
  {
    skb::ScopedProfile fixed(*skb::ByName("3.10"));
    sk_buff* skb = Mixed();
    EXPECT_EQ(__pskb_trim_head(skb, 350), 250);
    EXPECT_EQ(skb->len, 50u);
    EXPECT_EQ(skb->data_len, 50u);
    std::vector<unsigned char> want = Pattern(400, 1);
    EXPECT_EQ(Bytes(skb), std::vector<unsigned char>(want.begin() + 350, want.end()));
    EXPECT_THAT(Ids(skb::Check(skb)), IsEmpty());
    kfree_skb(skb);
  }
}

}  // namespace
