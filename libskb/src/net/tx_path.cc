// libskb: the IPv4 and IPv6 transmit paths around the LOCAL_OUT and
// POST_ROUTING hooks (net/ipv4/ip_output.c __ip_local_out, ip_output,
// ip_finish_output(2); net/ipv6/output_core.c __ip6_local_out;
// net/ipv6/ip6_output.c ip6_output, ip6_finish_output(2);
// include/net/neighbour.h neigh_hh_output; net/core/dev.c __dev_queue_xmit,
// validate_xmit_skb), ending in the driver's copy of the frame. It exists so
// that what the kernel does to a hook's skb on the way out - software
// checksum (skb_checksum_help), linearisation for a device without
// scatter/gather, the DMA of every byte - runs on what the hook left.
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdev_features.h>
#include <linux/netfilter.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

#include <cstring>
#include <string>
#include <vector>

#include "internal.h"
#include "netfilter_internal.h"
#include "skb/netfilter.h"
#include "skb/profile.h"
#include "skb/route.h"

namespace skb {
namespace {

thread_local TxResult* g_tx = nullptr;
thread_local const TxOptions* g_tx_opts = nullptr;

class TxScope {
 public:
  TxScope(TxResult* r, const TxOptions* o) : saved_(g_tx), saved_opts_(g_tx_opts) {
    g_tx = r;
    g_tx_opts = o;
  }
  ~TxScope() {
    g_tx = saved_;
    g_tx_opts = saved_opts_;
  }
  TxScope(const TxScope&) = delete;
  TxScope& operator=(const TxScope&) = delete;

 private:
  TxResult* saved_;
  const TxOptions* saved_opts_;
};

TxResult& Current() {
  static thread_local TxResult orphan;
  return g_tx != nullptr ? *g_tx : orphan;
}

const TxOptions& Options() {
  static const TxOptions defaults;
  return g_tx_opts != nullptr ? *g_tx_opts : defaults;
}

net_device* Dev() { return Options().dev != nullptr ? Options().dev : DefaultDevice(); }

int Finish(sk_buff* skb, PathOutcome outcome, const char* stage, std::string reason, bool free_it) {
  TxResult& r = Current();
  r.outcome = outcome;
  r.stage = stage;
  r.reason = std::move(reason);
  if (free_it && skb != nullptr) kfree_skb(skb);
  return outcome == PathOutcome::kDelivered ? 0 : -1;
}

int Drop(sk_buff* skb, const char* stage, std::string reason) {
  return Finish(skb, PathOutcome::kDropped, stage, std::move(reason), true);
}

// NF_HOOK() with the trace kept in the result (see rx_path.cc).
int NfHook(uint8_t pf, unsigned hooknum, sk_buff* skb, net_device* out, int (*okfn)(net*, sock*, sk_buff*)) {
  net* n = dev_net(out);
  NfHookResult h = RunNfHooks(pf, hooknum, n, nullptr, skb, nullptr, out, okfn);
  TxResult& r = Current();
  r.hooks.insert(r.hooks.end(), h.runs.begin(), h.runs.end());
  if (std::optional<internal::HookStop> stop = internal::StopAfterHooks(h)) {
    return Finish(skb, stop->outcome, "nf_hook_slow", std::move(stop->reason), false);
  }
  const std::vector<HookRun> runs = r.hooks;
  return internal::AfterHooks(&runs, [&] { return okfn(n, nullptr, skb); });
}

// netif_skb_features() + can_checksum_protocol(), reduced: IP_CSUM only
// helps IPv4, IPV6_CSUM only IPv6.
bool DeviceChecksums(const sk_buff* skb, netdev_features_t features) {
  if (features & NETIF_F_HW_CSUM) return true;
  if ((features & NETIF_F_IP_CSUM) && skb->protocol == htons(ETH_P_IP)) return true;
  return (features & NETIF_F_IPV6_CSUM) && skb->protocol == htons(ETH_P_IPV6);
}

// __dev_queue_xmit() + validate_xmit_skb() + the driver's start_xmit.
int DevXmit(sk_buff* skb) {
  TxResult& r = Current();
  net_device* dev = Dev();
  skb->dev = dev;
  skb_reset_mac_header(skb);
  const netdev_features_t features = dev->features;
  if (skb_is_gso(skb)) return Finish(skb, PathOutcome::kNotModelled, "validate_xmit_skb", "GSO segmentation is not modelled", true);
  if (skb_needs_linearize(skb, features) && __skb_linearize(skb))
    return Drop(skb, "validate_xmit_skb", "__skb_linearize failed");
  if (skb->ip_summed == CHECKSUM_PARTIAL) {
    skb_set_transport_header(skb, skb_checksum_start_offset(skb));
    // skb_csum_hwoffload_help(): software checksum unless the device does it.
    if (!DeviceChecksums(skb, features) && skb_checksum_help(skb))
      return Drop(skb, "validate_xmit_skb", "skb_checksum_help failed");
  }
  // The driver maps the head and every frag for DMA: the frame is what the
  // skb holds, byte for byte.
  r.frame.assign(skb->len, 0);
  if (!r.frame.empty() && skb_copy_bits(skb, 0, r.frame.data(), static_cast<int>(r.frame.size())) != 0) {
    r.frame.clear();
    return Drop(skb, "dev_hard_start_xmit", "skb_copy_bits failed: the skb does not hold the bytes its len claims");
  }
  consume_skb(skb);  // dev_consume_skb_any() at TX completion
  return Finish(nullptr, PathOutcome::kDelivered, "dev_hard_start_xmit",
                internal::Format("%zu bytes on %s", r.frame.size(), dev->name), false);
}

// LL_RESERVED_SPACE(dev) for Ethernet: ETH_HLEN rounded up to HH_DATA_MOD (16).
constexpr unsigned kHhLen = 16;

// The owner skb_set_owner_w() gives a copy of an owned skb. libskb's only
// write-memory destructor is tcp_wfree; it stands in for sock_wfree, whose
// accounting (wmem_alloc down by truesize at free) is the same.
void SetOwnerW(sk_buff* skb, sock* sk) {
  skb->sk = sk;
  skb->destructor = tcp_wfree;
  atomic_add(static_cast<int>(skb->truesize), &sk->sk_wmem_alloc);
}

// Headroom for the link header before neigh_hh_output. The old skb is
// consumed; null (with the skb freed) on failure.
//  - 5.15+ (ip_finish_output2 and ip6_finish_output2 call skb_expand_head,
//    net/core/skbuff.c): a shared skb or one not owned through a write-memory
//    destructor is replaced by a clone first; then pskb_expand_head in place,
//    and an owned skb's socket is charged the growth.
//  - before (skb_realloc_headroom, 5.10): always a clone, expanded, owned by
//    the same socket.
sk_buff* ExpandHeadroom(sk_buff* skb, unsigned headroom) {
  const int delta = static_cast<int>(SKB_DATA_ALIGN(static_cast<int>(headroom) - static_cast<int>(skb_headroom(skb))));
  sock* sk = skb->sk;
  const bool wmem = skb->destructor == tcp_wfree;
  if (Active().AtLeast(5, 15)) {
    const unsigned osize = skb_end_offset(skb);
    if (skb_shared(skb) || !wmem) {
      sk_buff* nskb = skb_clone(skb, GFP_ATOMIC);
      if (nskb == nullptr) {
        kfree_skb(skb);
        return nullptr;
      }
      if (sk != nullptr) SetOwnerW(nskb, sk);
      consume_skb(skb);
      skb = nskb;
    }
    if (pskb_expand_head(skb, delta, 0, GFP_ATOMIC)) {
      kfree_skb(skb);
      return nullptr;
    }
    if (sk != nullptr && skb->destructor == tcp_wfree) {
      const int grown = static_cast<int>(skb_end_offset(skb) - osize);
      atomic_add(grown, &sk->sk_wmem_alloc);
      skb->truesize += grown;
    }
    return skb;
  }
  sk_buff* skb2 = skb_clone(skb, GFP_ATOMIC);
  if (skb2 != nullptr && pskb_expand_head(skb2, delta, 0, GFP_ATOMIC)) {
    kfree_skb(skb2);
    skb2 = nullptr;
  }
  if (skb2 == nullptr) {
    kfree_skb(skb);
    return nullptr;
  }
  if (sk != nullptr) SetOwnerW(skb2, sk);
  consume_skb(skb);
  return skb2;
}

// What a failed ExpandHeadroom is reported as.
const char* ExpandHeadroomFailed() {
  return Active().AtLeast(5, 15) ? "skb_expand_head failed" : "skb_realloc_headroom failed";
}

// neigh_hh_output(): the cached Ethernet header in front of the packet.
int NeighOutput(sk_buff* skb, uint16_t ethertype) {
  const TxOptions& o = Options();
  auto* eth = static_cast<ethhdr*>(__skb_push(skb, ETH_HLEN));
  std::memcpy(eth->h_dest, o.dst_mac, ETH_ALEN);
  std::memcpy(eth->h_source, o.src_mac, ETH_ALEN);
  eth->h_proto = htons(ethertype);
  return DevXmit(skb);
}

// ip_finish_output2(): headroom for the link header, then the neighbour output.
int IpFinishOutput2(sk_buff* skb) {
  if (skb_headroom(skb) < kHhLen) {
    skb = ExpandHeadroom(skb, kHhLen);
    if (skb == nullptr)
      return Finish(nullptr, PathOutcome::kDropped, "ip_finish_output2", ExpandHeadroomFailed(), false);
  }
  return NeighOutput(skb, ETH_P_IP);
}

// ip_finish_output(): fragmentation is not modelled.
int IpFinishOutput(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  const unsigned mtu = Dev()->mtu != 0 ? Dev()->mtu : 1500;
  if (!skb_is_gso(skb) && skb->len > mtu)
    return Finish(skb, PathOutcome::kNotModelled, "ip_finish_output",
                  internal::Format("len %u > mtu %u: ip_fragment is not modelled", skb->len, mtu), true);
  return IpFinishOutput2(skb);
}

// ip_output(): NF_INET_POST_ROUTING, unless the skb was rerouted.
int IpOutputOk(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  net_device* dev = Dev();
  skb->dev = dev;
  skb->protocol = htons(ETH_P_IP);
  if (IPCB(skb)->flags & IPSKB_REROUTED) return IpFinishOutput(dev_net(dev), nullptr, skb);
  return NfHook(NFPROTO_IPV4, NF_INET_POST_ROUTING, skb, dev, IpFinishOutput);
}

// ip6_finish_output2() (net/ipv6/ip6_output.c, 6.12.117).
int Ip6FinishOutput2(sk_buff* skb) {
  if (skb_headroom(skb) < kHhLen) {
    skb = ExpandHeadroom(skb, kHhLen);
    if (skb == nullptr)
      return Finish(nullptr, PathOutcome::kDropped, "ip6_finish_output2", ExpandHeadroomFailed(), false);
  }
  // Multicast output (the looped-back copy through POST_ROUTING again,
  // ipv6_chk_mcast_addr, the node-local scope drop) is not modelled.
  ipv6hdr hdr;
  std::memcpy(&hdr, skb_network_header(skb), sizeof(hdr));
  if (ipv6_addr_is_multicast(&hdr.daddr))
    return Finish(skb, PathOutcome::kNotModelled, "ip6_finish_output2", "multicast destination: not modelled", true);
  return NeighOutput(skb, ETH_P_IPV6);
}

// __ip6_finish_output(): GSO packets go on (DevXmit reports GSO as not
// modelled); fragmentation is not modelled.
int Ip6FinishOutput(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  const unsigned mtu = Dev()->mtu != 0 ? Dev()->mtu : 1500;
  if (!skb_is_gso(skb) &&
      (skb->len > mtu || (IP6CB(skb)->frag_max_size != 0 && skb->len > IP6CB(skb)->frag_max_size)))
    return Finish(skb, PathOutcome::kNotModelled, "__ip6_finish_output",
                  internal::Format("len %u > mtu %u: ip6_fragment is not modelled", skb->len, mtu), true);
  return Ip6FinishOutput2(skb);
}

// ip6_output(): NF_INET_POST_ROUTING unless the skb was rerouted (NF_HOOK_COND).
int Ip6OutputOk(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  net_device* dev = Dev();
  skb->protocol = htons(ETH_P_IPV6);
  skb->dev = dev;
  if (IP6CB(skb)->flags & IP6SKB_REROUTED) return Ip6FinishOutput(dev_net(dev), nullptr, skb);
  return NfHook(NFPROTO_IPV6, NF_INET_POST_ROUTING, skb, dev, Ip6FinishOutput);
}

}  // namespace

// Models __ip_local_out() + ip_local_out() (net/ipv4/ip_output.c).
TxResult IpLocalOut(sk_buff* skb, const TxOptions& opts) {
  TxResult result;
  TxScope scope(&result, &opts);
  skb_reset_network_header(skb);
  // Through a copy: the header need not be 4-byte aligned (see rx_path.cc).
  iphdr iph;
  std::memcpy(&iph, skb_network_header(skb), sizeof(iph));
  iph.tot_len = htons(static_cast<uint16_t>(skb->len));
  iph.check = 0;
  std::memcpy(skb_network_header(skb), &iph, sizeof(iph));
  // ip_send_check(): the sum covers the options too, so it is taken in place.
  const __sum16 check = ip_fast_csum(skb_network_header(skb), iph.ihl);
  std::memcpy(skb_network_header(skb) + offsetof(iphdr, check), &check, sizeof(check));
  skb->protocol = htons(ETH_P_IP);
  // ip_queue_xmit / ip_make_skb attached the output route before this.
  if (skb_dst(skb) == nullptr) AttachRoute(skb, false, RouteKind::kOutput);
  NfHook(NFPROTO_IPV4, NF_INET_LOCAL_OUT, skb, Dev(), IpOutputOk);
  return result;
}

// Models ip_output() (net/ipv4/ip_output.c) and what follows.
TxResult IpOutput(sk_buff* skb, const TxOptions& opts) {
  TxResult result;
  TxScope scope(&result, &opts);
  if (skb->network_header == static_cast<__u16>(~0U)) skb_reset_network_header(skb);
  // ip_output is the route's output function: the skb has one (a forwarded
  // packet its forwarding route, a local one its output route).
  if (skb_dst(skb) == nullptr) AttachRoute(skb, false, RouteKind::kOutput);
  IpOutputOk(dev_net(Dev()), nullptr, skb);
  return result;
}

// Models __ip6_local_out() + ip6_local_out() (net/ipv6/output_core.c, 6.12.117).
TxResult Ip6LocalOut(sk_buff* skb, const TxOptions& opts) {
  TxResult result;
  TxScope scope(&result, &opts);
  skb_reset_network_header(skb);
  // Through a copy: the header need not be 4-byte aligned (see rx_path.cc).
  ipv6hdr hdr;
  std::memcpy(&hdr, skb_network_header(skb), sizeof(hdr));
  ipv6_set_payload_len(&hdr, skb->len - static_cast<unsigned>(sizeof(ipv6hdr)));
  std::memcpy(skb_network_header(skb), &hdr, sizeof(hdr));
  IP6CB(skb)->nhoff = offsetof(ipv6hdr, nexthdr);
  skb->protocol = htons(ETH_P_IPV6);
  // ip6_xmit / ip6_make_skb attached the output route before this.
  if (skb_dst(skb) == nullptr) AttachRoute(skb, true, RouteKind::kOutput);
  NfHook(NFPROTO_IPV6, NF_INET_LOCAL_OUT, skb, Dev(), Ip6OutputOk);
  return result;
}

// Models ip6_output() (net/ipv6/ip6_output.c) and what follows.
TxResult Ip6Output(sk_buff* skb, const TxOptions& opts) {
  TxResult result;
  TxScope scope(&result, &opts);
  if (skb->network_header == static_cast<__u16>(~0U)) skb_reset_network_header(skb);
  if (skb_dst(skb) == nullptr) AttachRoute(skb, true, RouteKind::kOutput);
  Ip6OutputOk(dev_net(Dev()), nullptr, skb);
  return result;
}

namespace internal {

// dst_output() of a modelled output route, for a module that transmits an
// skb itself: ip_output / ip6_output and what follows. Its result is
// recorded in the path being run, if any.
int DstOutput(net* n, sock* sk, sk_buff* skb, bool v6) {
  return v6 ? Ip6OutputOk(n, sk, skb) : IpOutputOk(n, sk, skb);
}

}  // namespace internal

// Models __dev_queue_xmit() + validate_xmit_skb() (net/core/dev.c) + a driver.
TxResult DevQueueXmit(sk_buff* skb, const TxOptions& opts) {
  TxResult result;
  TxScope scope(&result, &opts);
  DevXmit(skb);
  return result;
}

}  // namespace skb
