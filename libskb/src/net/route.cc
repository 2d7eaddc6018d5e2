// libskb: the route model (<net/dst.h> "the modelled routes"): the cached
// IPv4 and IPv6 routes of a one-interface host, their mtu operations,
// dst_release(), and ip_route_me_harder()/ip6_route_me_harder().
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/dst.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include <cstdio>
#include <cstring>

#include "internal.h"
#include "net/netfilter_internal.h"
#include "skb/netfilter.h"
#include "skb/profile.h"
#include "skb/route.h"

namespace skb {
namespace {

// IP6_MAX_MTU (include/net/ip6_route.h): 0xFFFF + sizeof(struct ipv6hdr).
constexpr unsigned kIp6MaxMtu = 0xFFFF + 40;

// Models ipv4_mtu() (net/ipv4/route.c, v6.12) without metrics or lwtunnels:
// a learnt path MTU, else the device's, capped at IP_MAX_MTU.
unsigned Ipv4Mtu(const dst_entry* dst) {
  const auto* rt = reinterpret_cast<const rtable*>(dst);
  unsigned mtu = rt->rt_pmtu;
  if (mtu == 0) mtu = dst->dev->mtu;
  return mtu < IP_MAX_MTU ? mtu : IP_MAX_MTU;
}

// Models ip6_mtu() (net/ipv6/route.c, v6.12) without metrics: the device's
// IPv6 mtu (idev->cnf.mtu6, which follows dev->mtu), capped at IP6_MAX_MTU.
unsigned Ip6Mtu(const dst_entry* dst) {
  const unsigned mtu = dst->dev->mtu;
  return mtu < kIp6MaxMtu ? mtu : kIp6MaxMtu;
}

dst_ops g_ipv4_dst_ops = {AF_INET, Ipv4Mtu};
dst_ops g_ipv6_dst_ops = {AF_INET6, Ip6Mtu};

// The route's output function: ip_output()/ip6_output() and what follows
// (tx_path.cc), for a module calling dst_output().
int Output4(net* n, sock* sk, sk_buff* skb) { return internal::DstOutput(n, sk, skb, false); }
int Output6(net* n, sock* sk, sk_buff* skb) { return internal::DstOutput(n, sk, skb, true); }

// Models ip_rt_bug() (net/ipv4/route.c): the output function of an input
// route; the kernel logs and frees the packet.
int RtBug(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  std::fprintf(stderr, "libskb: ip_rt_bug: dst_output() on an input route; the packet is dropped\n");
  kfree_skb(skb);
  return 0;
}

// Models ip6_pkt_discard_out()'s role for IPv6 local routes: no output.
int Rt6NoOutput(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  kfree_skb(skb);
  return -EINVAL;
}

struct Routes {
  rtable v4[3];
  rt6_info v6[3];
  Routes() {
    std::memset(static_cast<void*>(v4), 0, sizeof(v4));
    std::memset(static_cast<void*>(v6), 0, sizeof(v6));
    for (int k = 0; k < 3; k++) {
      const auto kind = static_cast<RouteKind>(k);
      net_device* dev = kind == RouteKind::kLocalIn ? LoopbackDevice() : DefaultDevice();
      dst_entry& d4 = v4[k].dst;
      d4.dev = dev;
      d4.ops = &g_ipv4_dst_ops;
      d4.output = kind == RouteKind::kLocalIn ? RtBug : Output4;
      d4.flags = DST_NOCOUNT;
      atomic_set(&d4.__refcnt, 1);  // the FIB nexthop cache's reference
      v4[k].rt_type = kind == RouteKind::kLocalIn ? RTN_LOCAL : RTN_UNICAST;
      v4[k].rt_flags = kind == RouteKind::kLocalIn ? RTCF_LOCAL : 0;
      v4[k].rt_is_input = kind != RouteKind::kOutput;
      v4[k].rt_iif = kind == RouteKind::kOutput ? 0 : DefaultDevice()->ifindex;
      dst_entry& d6 = v6[k].dst;
      d6.dev = dev;
      d6.ops = &g_ipv6_dst_ops;
      d6.output = kind == RouteKind::kLocalIn ? Rt6NoOutput : Output6;
      d6.flags = DST_NOCOUNT;
      atomic_set(&d6.__refcnt, 1);
      v6[k].rt6i_flags = kind == RouteKind::kLocalIn ? 0x80000000U /* RTF_LOCAL */ : 0;
    }
  }
};

Routes& R() {
  static auto* r = new Routes();
  return *r;
}

// What the output route lookup returns for a packet a module re-addressed:
// the model has one interface and a default route, so every destination is
// reached through eth0 (ip_route_output_key / ip6_route_output).
dst_entry* OutputRoute(bool v6) { return ModelRoute(v6, RouteKind::kOutput); }

// The shared tail of ip_route_me_harder and ip6_route_me_harder (v6.12):
// the new route replaces the old one, then "a change in oif may mean a
// change in hh_len": the headroom grows to dev->hard_header_len.
int RouteMeHarder(sk_buff* skb, bool v6, const void* caller) {
  skb_dst_drop(skb);
  dst_entry* dst = OutputRoute(v6);
  dst_hold(dst);  // ip_route_output_key's reference, handed to the skb
  skb_dst_set(skb, dst);
  if (dst->error) return dst->error;
  // hard_header_len is ETH_HLEN for both modelled devices (ether_setup,
  // loopback_setup).
  const unsigned hh_len = ETH_HLEN;
  if (skb_headroom(skb) < hh_len) {
    // HH_DATA_ALIGN(): up to the 16-byte hardware header unit.
    const int grow = static_cast<int>((hh_len - skb_headroom(skb) + 15) & ~15U);
    if (internal::ExpandHead(skb, grow, 0, GFP_ATOMIC, caller)) return -ENOMEM;
  }
  return 0;
}

}  // namespace

const char* RouteKindName(RouteKind k) {
  switch (k) {
    case RouteKind::kLocalIn: return "local input";
    case RouteKind::kForward: return "forward";
    case RouteKind::kOutput: return "output";
  }
  return "?";
}

net_device* LoopbackDevice() {
  static net_device lo = [] {
    net_device d{};
    std::strcpy(d.name, "lo");
    d.ifindex = 1;
    d.mtu = 65536;
    d.features = 0;
    return d;
  }();
  return &lo;
}

dst_entry* ModelRoute(bool v6, RouteKind kind) {
  const int k = static_cast<int>(kind);
  return v6 ? &R().v6[k].dst : &R().v4[k].dst;
}

void AttachRoute(sk_buff* skb, bool v6, RouteKind kind) {
  skb_dst_drop(skb);
  skb_dst_set_noref(skb, ModelRoute(v6, kind));
}

int RouteRefcount(const dst_entry* dst) { return atomic_read(&dst->__refcnt); }

}  // namespace skb

extern "C" {

// Models dst_release() (net/core/dst.c, before the v6.5 rcuref change): a
// count below zero is logged ("dst_release underflow" in 4.x+); modelled
// routes are never freed, so there is nothing else to go wrong.
void dst_release(struct dst_entry* dst) {
  if (dst == nullptr) return;
  const int newrefcnt = atomic_sub_return(1, &dst->__refcnt);
  if (newrefcnt < 0)
    std::fprintf(stderr, "libskb: dst_release underflow: dst:%p refcnt:%d\n", static_cast<void*>(dst), newrefcnt);
}

u32 dst_metric_raw(const struct dst_entry* dst, const int metric) {
  (void)dst;
  if (metric == RTAX_HOPLIMIT && !skb::Active().AtLeast(3, 0)) return 64;  // sysctl_ip_default_ttl
  return 0;
}

// Models ip_route_me_harder() (net/ipv4/netfilter.c, v6.12).
int libskb_ip_route_me_harder(struct net* net, struct sock* sk, struct sk_buff* skb, unsigned int addr_type) {
  (void)net;
  (void)sk;
  (void)addr_type;  // RTN_UNSPEC/LOCAL/UNICAST only pick the flow's saddr: one route either way
  // The kernel reads skb_dst(skb)->dev first.
  if (skb_dst(skb) == nullptr)
    skb::internal::NullDeref(offsetof(dst_entry, dev), false, "ip_route_me_harder", skb,
                             "ip_route_me_harder() reads skb_dst(skb)->dev: the skb has no route (a hook point "
                             "before routing, e.g. PRE_ROUTING)",
                             LIBSKB_CALLER());
  return skb::RouteMeHarder(skb, false, LIBSKB_CALLER());
}

int ip_route_me_harder(struct net* net, struct sock* sk, struct sk_buff* skb, unsigned int addr_type) {
  if (skb_dst(skb) == nullptr)
    skb::internal::NullDeref(offsetof(dst_entry, dev), false, "ip_route_me_harder", skb,
                             "ip_route_me_harder() reads skb_dst(skb)->dev: the skb has no route (a hook point "
                             "before routing, e.g. PRE_ROUTING)",
                             LIBSKB_CALLER());
  (void)net;
  (void)sk;
  (void)addr_type;
  return skb::RouteMeHarder(skb, false, LIBSKB_CALLER());
}

// Models ip6_route_me_harder() (net/ipv6/netfilter.c, v6.12): it builds the
// flow from skb_dst(skb)->dev as well.
int libskb_ip6_route_me_harder(struct net* net, struct sock* sk, struct sk_buff* skb) {
  (void)net;
  (void)sk;
  if (skb_dst(skb) == nullptr)
    skb::internal::NullDeref(offsetof(dst_entry, dev), false, "ip6_route_me_harder", skb,
                             "ip6_route_me_harder() reads skb_dst(skb)->dev: the skb has no route",
                             LIBSKB_CALLER());
  return skb::RouteMeHarder(skb, true, LIBSKB_CALLER());
}

int ip6_route_me_harder(struct net* net, struct sock* sk, struct sk_buff* skb) {
  (void)net;
  (void)sk;
  if (skb_dst(skb) == nullptr)
    skb::internal::NullDeref(offsetof(dst_entry, dev), false, "ip6_route_me_harder", skb,
                             "ip6_route_me_harder() reads skb_dst(skb)->dev: the skb has no route",
                             LIBSKB_CALLER());
  return skb::RouteMeHarder(skb, true, LIBSKB_CALLER());
}

}  // extern "C"
