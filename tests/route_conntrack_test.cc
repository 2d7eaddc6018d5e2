// The route model (<net/dst.h>, <net/route.h>, skb/route.h) and the
// conntrack model (<net/netfilter/nf_conntrack.h>, skb/conntrack.h): which
// hook points see a route and an entry, what they hold, and their reference
// counting through clones and frees.
#include <arpa/inet.h>
#include <errno.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/udp.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/route.h>

#include <cstring>
#include <string>
#include <vector>

#include "skb/conntrack.h"
#include "skb/netfilter.h"
#include "skb/route.h"
#include "test_util.h"

namespace {

// A UDP datagram 10.0.0.1:1111 -> 10.0.0.2:2222 with valid checksums.
std::vector<uint8_t> Udp4(size_t payload = 64) {
  std::vector<uint8_t> p(20 + 8 + payload);
  iphdr ih{};
  ih.version = 4;
  ih.ihl = 5;
  ih.tot_len = htons(static_cast<uint16_t>(p.size()));
  ih.ttl = 64;
  ih.protocol = IPPROTO_UDP;
  ih.saddr = htonl(0x0a000001);
  ih.daddr = htonl(0x0a000002);
  ih.check = ip_fast_csum(&ih, 5);
  std::memcpy(p.data(), &ih, 20);
  udphdr uh{};
  uh.source = htons(1111);
  uh.dest = htons(2222);
  uh.len = htons(static_cast<uint16_t>(8 + payload));
  std::memcpy(p.data() + 20, &uh, 8);
  for (size_t i = 0; i < payload; i++) p[28 + i] = static_cast<uint8_t>(i);
  const __wsum sum = csum_partial(p.data() + 20, static_cast<int>(8 + payload), 0);
  __sum16 c = csum_tcpudp_magic(ih.saddr, ih.daddr, static_cast<__u32>(8 + payload), IPPROTO_UDP, sum);
  if (c == 0) c = CSUM_MANGLED_0;
  std::memcpy(p.data() + 26, &c, 2);
  return p;
}

sk_buff* Skb(const std::vector<uint8_t>& p, unsigned headroom = 64) {
  sk_buff* skb = alloc_skb(headroom + static_cast<unsigned>(p.size()), GFP_KERNEL);
  skb_reserve(skb, static_cast<int>(headroom));
  skb_put_data(skb, p.data(), static_cast<unsigned>(p.size()));
  skb_reset_network_header(skb);
  return skb;
}

// What a hook saw.
struct Seen {
  int calls = 0;
  const dst_entry* dst = nullptr;
  bool noref = false;
  unsigned mtu = 0;
  std::string dev;
  const nf_conn* ct = nullptr;
  int ctinfo = -1;
  unsigned long status = 0;
  nf_conntrack_tuple orig{}, reply{};
};

unsigned RecordHook(void* priv, sk_buff* skb, const nf_hook_state*) {
  auto* s = static_cast<Seen*>(priv);
  s->calls++;
  s->dst = skb_dst(skb);
  s->noref = skb_dst_is_noref(skb);
  if (s->dst != nullptr) {
    s->mtu = dst_mtu(s->dst);
    s->dev = s->dst->dev->name;
  }
  enum ip_conntrack_info info;
  const nf_conn* ct = nf_ct_get(skb, &info);
  s->ct = ct;
  s->ctinfo = info;
  if (ct != nullptr) {
    s->status = ct->status;
    s->orig = ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
    s->reply = ct->tuplehash[IP_CT_DIR_REPLY].tuple;
  }
  return NF_ACCEPT;
}

nf_hook_ops Ops(unsigned hooknum, int priority, Seen* seen, uint8_t pf = NFPROTO_IPV4) {
  nf_hook_ops o{};
  o.hook = RecordHook;
  o.priv = seen;
  o.pf = pf;
  o.hooknum = hooknum;
  o.priority = priority;
  return o;
}

class Hooks {
 public:
  explicit Hooks(std::vector<nf_hook_ops> ops) : ops_(std::move(ops)) {
    for (const nf_hook_ops& o : ops_) EXPECT_EQ(nf_register_net_hook(&init_net, &o), 0);
  }
  ~Hooks() {
    for (const nf_hook_ops& o : ops_) nf_unregister_net_hook(&init_net, &o);
  }

 private:
  std::vector<nf_hook_ops> ops_;
};

class RouteConntrackTest : public skb_test::SkbTest {
 protected:
  void TearDown() override {
    skb::FlushConntrackTable();
    EXPECT_EQ(skb::LiveConntrackEntries(), 0) << "every conntrack entry went with its last reference";
    SkbTest::TearDown();
  }
};

TEST_F(RouteConntrackTest, ReceivedPacketsAreRoutedAfterPreRouting) {
  Seen pre, in;
  Hooks h({Ops(NF_INET_PRE_ROUTING, 0, &pre), Ops(NF_INET_LOCAL_IN, 0, &in)});
  skb::RxResult r = skb::IpRcv(Skb(Udp4()));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(pre.calls, 1);
  EXPECT_EQ(pre.dst, nullptr) << "ip_rcv_finish routes after PRE_ROUTING";
  EXPECT_EQ(in.dst, skb::ModelRoute(false, skb::RouteKind::kLocalIn));
  EXPECT_TRUE(in.noref) << "ip_route_input_noref borrows the cached route";
  EXPECT_EQ(in.dev, "lo");
  EXPECT_EQ(in.mtu, 0xFFFFu) << "lo's 65536 capped at IP_MAX_MTU";
  EXPECT_TRUE(rt_is_input_route(reinterpret_cast<const rtable*>(in.dst)));
  EXPECT_EQ(reinterpret_cast<const rtable*>(in.dst)->rt_type, RTN_LOCAL);
}

TEST_F(RouteConntrackTest, LocallyGeneratedPacketsCarryTheOutputRoute) {
  Seen out, post;
  Hooks h({Ops(NF_INET_LOCAL_OUT, 0, &out), Ops(NF_INET_POST_ROUTING, 0, &post)});
  skb::TxResult r = skb::IpLocalOut(Skb(Udp4()));
  EXPECT_EQ(r.outcome, skb::PathOutcome::kDelivered) << r.reason;
  EXPECT_EQ(out.dst, skb::ModelRoute(false, skb::RouteKind::kOutput));
  EXPECT_EQ(post.dst, out.dst);
  EXPECT_EQ(out.dev, "eth0");
  EXPECT_EQ(out.mtu, 1500u);
  EXPECT_TRUE(rt_is_output_route(reinterpret_cast<const rtable*>(out.dst)));
}

TEST_F(RouteConntrackTest, Ipv6RoutesUseIp6Mtu) {
  EXPECT_EQ(dst_mtu(skb::ModelRoute(true, skb::RouteKind::kLocalIn)), 65536u);
  EXPECT_EQ(dst_mtu(skb::ModelRoute(true, skb::RouteKind::kOutput)), 1500u);
  EXPECT_EQ(dst_mtu(skb::ModelRoute(false, skb::RouteKind::kForward)), 1500u);
}

TEST_F(RouteConntrackTest, RouteMeHarderReplacesTheRouteAndGrowsHeadroom) {
  sk_buff* skb = Skb(Udp4(), 4);
  skb::AttachRoute(skb, false, skb::RouteKind::kLocalIn);
  dst_entry* out = skb::ModelRoute(false, skb::RouteKind::kOutput);
  const int before = skb::RouteRefcount(out);
  EXPECT_EQ(ip_route_me_harder(&init_net, nullptr, skb, RTN_UNSPEC), 0);
  EXPECT_EQ(skb_dst(skb), out);
  EXPECT_FALSE(skb_dst_is_noref(skb)) << "skb_dst_set: the skb holds a reference";
  EXPECT_EQ(skb::RouteRefcount(out), before + 1);
  EXPECT_GE(skb_headroom(skb), 14u) << "hard_header_len of eth0";
  sk_buff* clone = skb_clone(skb, GFP_ATOMIC);
  EXPECT_EQ(skb::RouteRefcount(out), before + 2) << "a clone takes a reference on a held route";
  kfree_skb(clone);
  kfree_skb(skb);
  EXPECT_EQ(skb::RouteRefcount(out), before) << "kfree_skb releases the route";
}

TEST_F(RouteConntrackTest, RouteMeHarderWithoutARouteFaultsLikeTheKernel) {
  sk_buff* skb = Skb(Udp4());
  std::optional<skb::Report> bug = skb_test::CatchBug([&] { ip_route_me_harder(&init_net, nullptr, skb, RTN_UNSPEC); });
  ASSERT_TRUE(bug.has_value());
  EXPECT_THAT(bug->text, ::testing::HasSubstr("ip_route_me_harder"));
  kfree_skb(skb);
}

TEST_F(RouteConntrackTest, DstMetricHoplimitPerGeneration) {
  EXPECT_EQ(dst_metric(skb::ModelRoute(false, skb::RouteKind::kOutput), RTAX_HOPLIMIT), 0u);
  skb::ScopedProfile old(*skb::ByName("2.6.32"));
  EXPECT_EQ(dst_metric(skb::ModelRoute(false, skb::RouteKind::kOutput), RTAX_HOPLIMIT), 64u);
}

TEST_F(RouteConntrackTest, NoConntrackByDefault) {
  Seen in;
  Hooks h({Ops(NF_INET_LOCAL_IN, 0, &in)});
  skb::IpRcv(Skb(Udp4()));
  EXPECT_EQ(in.calls, 1);
  EXPECT_EQ(in.ct, nullptr);
  EXPECT_EQ(in.ctinfo, 0);
}

TEST_F(RouteConntrackTest, ConntrackRunsAtPriorityMinus200) {
  Seen raw, mangle, in;
  Hooks h({Ops(NF_INET_PRE_ROUTING, NF_IP_PRI_RAW, &raw), Ops(NF_INET_PRE_ROUTING, NF_IP_PRI_MANGLE, &mangle),
           Ops(NF_INET_LOCAL_IN, 0, &in)});
  {
    skb::ScopedConntrackChoice ct(skb::CtChoice::kNew);
    EXPECT_EQ(skb::IpRcv(Skb(Udp4())).outcome, skb::PathOutcome::kDelivered);
  }
  EXPECT_EQ(raw.ct, nullptr) << "the raw table (-300) runs before conntrack";
  ASSERT_NE(mangle.ct, nullptr);
  EXPECT_EQ(mangle.ctinfo, IP_CT_NEW);
  EXPECT_EQ(mangle.status & IPS_CONFIRMED, 0u) << "unconfirmed until LOCAL_IN has passed";
  EXPECT_EQ(in.ct, mangle.ct);
  EXPECT_EQ(mangle.orig.src.u3.ip, htonl(0x0a000001));
  EXPECT_EQ(mangle.orig.dst.u3.ip, htonl(0x0a000002));
  EXPECT_EQ(mangle.orig.src.u.udp.port, htons(1111));
  EXPECT_EQ(mangle.orig.dst.u.udp.port, htons(2222));
  EXPECT_EQ(mangle.orig.dst.protonum, IPPROTO_UDP);
  EXPECT_EQ(mangle.orig.src.l3num, NFPROTO_IPV4);
  EXPECT_EQ(mangle.reply.src.u3.ip, htonl(0x0a000002));
  EXPECT_EQ(mangle.reply.dst.u.udp.port, htons(1111));
}

TEST_F(RouteConntrackTest, ReplyDirectionInvertsTheOriginalTuple) {
  Seen in;
  Hooks h({Ops(NF_INET_LOCAL_IN, 0, &in)});
  skb::ScopedConntrackChoice ct(skb::CtChoice::kEstablishedReply);
  skb::IpRcv(Skb(Udp4()));
  ASSERT_NE(in.ct, nullptr);
  EXPECT_EQ(in.ctinfo, IP_CT_ESTABLISHED_REPLY);
  EXPECT_EQ(CTINFO2DIR(in.ctinfo), IP_CT_DIR_REPLY);
  EXPECT_TRUE(in.status & IPS_CONFIRMED);
  EXPECT_TRUE(in.status & IPS_SEEN_REPLY);
  // The packet (10.0.0.1 -> 10.0.0.2) is the reply: the original went the other way.
  EXPECT_EQ(in.orig.src.u3.ip, htonl(0x0a000002));
  EXPECT_EQ(in.orig.src.u.udp.port, htons(2222));
  EXPECT_EQ(in.reply.src.u3.ip, htonl(0x0a000001));
}

TEST_F(RouteConntrackTest, RelatedEntriesHaveAMaster) {
  sk_buff* skb = Skb(Udp4());
  nf_conn* ct = skb::AttachConntrack(skb, skb::CtChoice::kRelated);
  ASSERT_NE(ct, nullptr);
  EXPECT_NE(ct->master, nullptr);
  EXPECT_TRUE(ct->status & IPS_EXPECTED);
  EXPECT_EQ(skb::LiveConntrackEntries(), 2);
  enum ip_conntrack_info info;
  EXPECT_EQ(nf_ct_get(skb, &info), ct);
  EXPECT_EQ(info, IP_CT_RELATED);
  EXPECT_EQ(nf_ct_protonum(ct), IPPROTO_UDP);
  kfree_skb(skb);
}

TEST_F(RouteConntrackTest, ClonesShareTheEntryWithAReference) {
  sk_buff* skb = Skb(Udp4());
  nf_conn* ct = skb::AttachConntrack(skb, skb::CtChoice::kNew);
  EXPECT_EQ(refcount_read(&ct->ct_general.use), 1u) << "an unconfirmed entry: only the packet's reference";
  sk_buff* clone = skb_clone(skb, GFP_ATOMIC);
  sk_buff* copy = skb_copy(skb, GFP_ATOMIC);
  EXPECT_EQ(refcount_read(&ct->ct_general.use), 3u);
  kfree_skb(skb);
  kfree_skb(copy);
  EXPECT_EQ(skb::LiveConntrackEntries(), 1);
  enum ip_conntrack_info info;
  EXPECT_EQ(nf_ct_get(clone, &info), ct);
  nf_reset_ct(clone);
  EXPECT_EQ(skb::LiveConntrackEntries(), 0) << "the last reference frees it";
  EXPECT_EQ(nf_ct_get(clone, &info), nullptr);
  kfree_skb(clone);
}

TEST_F(RouteConntrackTest, ConfirmedEntriesOutliveTheirPackets) {
  sk_buff* skb = Skb(Udp4());
  nf_conn* ct = skb::AttachConntrack(skb, skb::CtChoice::kEstablished);
  EXPECT_EQ(refcount_read(&ct->ct_general.use), 2u) << "the packet's and the table's";
  kfree_skb(skb);
  EXPECT_EQ(skb::LiveConntrackEntries(), 1);
  skb::FlushConntrackTable();
  EXPECT_EQ(skb::LiveConntrackEntries(), 0);

  // A NEW entry enters the table when LOCAL_IN has passed.
  {
    skb::ScopedConntrackChoice c(skb::CtChoice::kNew);
    skb::IpRcv(Skb(Udp4()));
  }
  EXPECT_EQ(skb::LiveConntrackEntries(), 1);
}

TEST_F(RouteConntrackTest, LocalOutAndUntracked) {
  Seen out, post;
  Hooks h({Ops(NF_INET_LOCAL_OUT, NF_IP_PRI_RAW, &out), Ops(NF_INET_POST_ROUTING, 0, &post)});
  {
    skb::ScopedConntrackChoice ct(skb::CtChoice::kNew);
    skb::IpLocalOut(Skb(Udp4()));
  }
  EXPECT_EQ(out.ct, nullptr) << "LOCAL_OUT at -300 runs before conntrack";
  ASSERT_NE(post.ct, nullptr);
  EXPECT_EQ(post.ctinfo, IP_CT_NEW);
  {
    skb::ScopedConntrackChoice ct(skb::CtChoice::kUntracked);
    skb::IpLocalOut(Skb(Udp4()));
  }
  EXPECT_EQ(post.ct, nullptr);
  EXPECT_EQ(post.ctinfo, IP_CT_UNTRACKED);
}

}  // namespace
