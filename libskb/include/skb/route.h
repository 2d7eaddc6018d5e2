// libskb: the modelled routes (<net/dst.h> "the modelled routes") for the
// path models, the fuzz harness and tests.
//
// A host with eth0 (skb::DefaultDevice(), mtu 1500) and a default route
// through it, and the loopback device "lo" (mtu 65536) that local input
// routes point at. Every route is a cached, never-freed object, as the FIB
// nexthop caches hold them; AttachRoute borrows it (skb_dst_set_noref), as
// ip_route_input_noref() and ip_queue_xmit() do.
#ifndef LIBSKB_SKB_ROUTE_H_
#define LIBSKB_SKB_ROUTE_H_

struct sk_buff;
struct dst_entry;
struct net_device;

namespace skb {

enum class RouteKind {
  kLocalIn,  // a received packet for this host: RTN_LOCAL, dev lo, rt_is_input
  kForward,  // a received packet routed on: RTN_UNICAST, dev eth0, rt_is_input
  kOutput,   // a locally generated packet: RTN_UNICAST, dev eth0
};

const char* RouteKindName(RouteKind k);

// The loopback device: "lo", ifindex 1, mtu 65536.
net_device* LoopbackDevice();

// The cached route of that kind for IPv4 (struct rtable) or IPv6 (struct rt6_info).
dst_entry* ModelRoute(bool v6, RouteKind kind);

// skb_dst_set_noref(skb, ModelRoute(v6, kind)), dropping a route it had.
void AttachRoute(sk_buff* skb, bool v6, RouteKind kind);

// The reference count of a modelled route (tests: a module's dst_hold /
// dst_release balance).
int RouteRefcount(const dst_entry* dst);

}  // namespace skb

#endif  // LIBSKB_SKB_ROUTE_H_
