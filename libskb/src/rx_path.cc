// libskb: the IPv4 receive path around the PRE_ROUTING and LOCAL_IN hooks
// (net/ethernet/eth.c eth_type_trans, net/core/dev.c __netif_receive_skb_core,
// net/ipv4/ip_input.c, net/ipv4/udp.c; 5.10 and 6.12 agree on every step
// modelled here). It exists so that the code the kernel runs after a hook -
// ip_local_deliver_finish's unchecked __skb_pull and udp_rcv's pulls,
// trims and checksum - runs on what the hook left (kernel-semantics.md §5.6).
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#include <cstring>
#include <string>
#include <vector>

#include "internal.h"
#include "netfilter_internal.h"
#include "skb/check.h"
#include "skb/memory.h"
#include "skb/netfilter.h"

namespace skb {
namespace {

// The result being filled by the okfn chain of the packet in flight (okfns
// have the kernel's signature, so the path state travels beside them).
thread_local RxResult* g_rx = nullptr;

class RxScope {
 public:
  explicit RxScope(RxResult* r) : saved_(g_rx) { g_rx = r; }
  ~RxScope() { g_rx = saved_; }
  RxScope(const RxScope&) = delete;
  RxScope& operator=(const RxScope&) = delete;

 private:
  RxResult* saved_;
};

// Where an okfn called outside IpRcv (a hook re-injecting a stolen skb)
// reports.
RxResult& Current() {
  static thread_local RxResult orphan;
  return g_rx != nullptr ? *g_rx : orphan;
}

// Headers are read through copies: on x86 (NET_IP_ALIGN 0) the IPv4 header
// of a received frame sits at a 2 mod 4 address, which the kernel reads in
// place but C (and UBSan's alignment check) does not allow.
iphdr Ip(const sk_buff* skb) {
  iphdr h;
  std::memcpy(&h, skb_network_header(skb), sizeof(h));
  return h;
}

udphdr Udp(const sk_buff* skb) {
  udphdr h;
  std::memcpy(&h, skb_transport_header(skb), sizeof(h));
  return h;
}

int Finish(sk_buff* skb, PathOutcome outcome, const char* stage, std::string reason, bool free_it) {
  RxResult& r = Current();
  r.outcome = outcome;
  r.stage = stage;
  r.reason = std::move(reason);
  if (free_it && skb != nullptr) kfree_skb(skb);
  return outcome == PathOutcome::kDelivered ? 0 : -1;
}

int Drop(sk_buff* skb, const char* stage, std::string reason) {
  return Finish(skb, PathOutcome::kDropped, stage, std::move(reason), true);
}

// NF_HOOK() with the trace kept in the result; the BUGs of what runs after
// the hooks name the hook that last changed the skb.
int NfHook(unsigned hooknum, sk_buff* skb, net_device* in, net_device* out, int (*okfn)(net*, sock*, sk_buff*)) {
  net* n = dev_net(in != nullptr ? in : out);
  NfHookResult h = RunNfHooks(NFPROTO_IPV4, hooknum, n, nullptr, skb, in, out, okfn);
  RxResult& r = Current();
  r.hooks.insert(r.hooks.end(), h.runs.begin(), h.runs.end());
  if (std::optional<internal::HookStop> stop = internal::StopAfterHooks(h)) {
    return Finish(skb, stop->outcome, "nf_hook_slow", std::move(stop->reason), false);
  }
  // Copy: r.hooks may grow while okfn runs (the next hook point).
  const std::vector<HookRun> runs = r.hooks;
  return internal::AfterHooks(&runs, [&] { return okfn(n, nullptr, skb); });
}

// ---- __udp4_lib_rcv (net/ipv4/udp.c) ----

int UdpRcv(sk_buff* skb) {
  RxResult& r = Current();
  if (!pskb_may_pull(skb, sizeof(udphdr))) return Drop(skb, "__udp4_lib_rcv", "no room for the UDP header");
  udphdr uh = Udp(skb);
  const unsigned ulen = ntohs(uh.len);
  const __be32 saddr = Ip(skb).saddr;
  const __be32 daddr = Ip(skb).daddr;
  if (ulen > skb->len) return Drop(skb, "__udp4_lib_rcv", internal::Format("short packet: uh->len %u > skb->len %u", ulen, skb->len));
  if (ulen < sizeof(udphdr) || pskb_trim_rcsum(skb, ulen))
    return Drop(skb, "__udp4_lib_rcv", internal::Format("short packet: uh->len %u", ulen));
  uh = Udp(skb);
  // udp4_csum_init() + udp_lib_checksum_complete(): a zero checksum means none
  // (IPv4); CHECKSUM_UNNECESSARY is trusted; a CHECKSUM_COMPLETE sum is tried
  // first; otherwise the whole datagram is summed with skb_checksum().
  if (uh.check != 0 && skb->ip_summed != CHECKSUM_UNNECESSARY) {
    const __wsum pseudo = csum_tcpudp_nofold(saddr, daddr, skb->len, IPPROTO_UDP, 0);
    bool ok = false;
    if (skb->ip_summed == CHECKSUM_COMPLETE && csum_fold(csum_add(skb->csum, pseudo)) == 0) ok = true;
    if (!ok) ok = csum_fold(skb_checksum(skb, 0, static_cast<int>(skb->len), pseudo)) == 0;
    if (!ok) return Drop(skb, "__udp4_lib_rcv", "bad UDP checksum");
    skb->ip_summed = CHECKSUM_UNNECESSARY;
  }
  // The socket's copy (skb_copy_datagram_msg): every byte must be reachable.
  r.payload.assign(skb->len - sizeof(udphdr), 0);
  if (!r.payload.empty() &&
      skb_copy_bits(skb, sizeof(udphdr), r.payload.data(), static_cast<int>(r.payload.size())) != 0) {
    r.payload.clear();
    return Drop(skb, "skb_copy_datagram_msg", "skb_copy_bits failed: the skb does not hold the bytes its len claims");
  }
  consume_skb(skb);
  return Finish(nullptr, PathOutcome::kDelivered, "udp_rcv", internal::Format("%zu payload bytes", r.payload.size()),
                false);
}

// ---- ip_local_deliver_finish (net/ipv4/ip_input.c) ----

int IpLocalDeliverFinish(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  RxResult& r = Current();
  const unsigned nhl = skb_network_header_len(skb);
  if (CheckedMode() && IsLiveSkb(skb) && skb->len >= skb->data_len && nhl > skb_headlen(skb)) {
    // The pull below is unchecked: it only fits because ip_rcv_core made
    // ihl*4 bytes linear and set transport_header to match. Name who broke that.
    const HookRun* h = internal::HookToBlame(r.hooks);
    std::string culprit = h != nullptr && !h->changes.empty()
                              ? h->hook.Describe() + " changed the skb (" + h->changes + ")"
                              : std::string("the skb reached ip_local_deliver_finish");
    internal::CheckFailure(
        skb,
        {Violation{"S13", "network_header_len_past_linear",
                   internal::Format("ip_local_deliver_finish will __skb_pull(skb_network_header_len = %u) but "
                                    "headlen = %u: the pull passes the linear area by %u bytes (network_header = "
                                    "%u, transport_header = %u)",
                                    nhl, skb_headlen(skb), nhl - skb_headlen(skb), skb->network_header,
                                    skb->transport_header)}},
        culprit + "; ip_local_deliver_finish's __skb_pull would BUG",
        reinterpret_cast<const char*>(&IpLocalDeliverFinish) + 2);  // + 2: see RunOne in netfilter.cc
  }
  __skb_pull(skb, nhl);
  const int protocol = Ip(skb).protocol;
  r.protocol = protocol;
  if (protocol == IPPROTO_UDP) return UdpRcv(skb);
  // Other protocols: the bytes as a socket would read them.
  r.payload.assign(skb->len, 0);
  if (!r.payload.empty() && skb_copy_bits(skb, 0, r.payload.data(), static_cast<int>(r.payload.size())) != 0) {
    r.payload.clear();
    return Drop(skb, "ip_protocol_deliver_rcu", "skb_copy_bits failed: the skb does not hold the bytes its len claims");
  }
  consume_skb(skb);
  return Finish(nullptr, PathOutcome::kDelivered, "ip_protocol_deliver_rcu",
                internal::Format("protocol %d: %zu bytes", protocol, r.payload.size()), false);
}

// ---- ip_local_deliver, ip_rcv_finish (net/ipv4/ip_input.c) ----

int IpLocalDeliver(sk_buff* skb) {
  const iphdr iph = Ip(skb);
  if (ip_is_fragment(&iph))
    return Finish(skb, PathOutcome::kNotModelled, "ip_local_deliver", "IP fragment: ip_defrag is not modelled", true);
  return NfHook(NF_INET_LOCAL_IN, skb, skb->dev, nullptr, IpLocalDeliverFinish);
}

int IpRcvFinish(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  // ip_rcv_options(): options make the header private first; parsing them
  // (ip_options_compile) is not modelled.
  if (Ip(skb).ihl > 5) {
    if (skb_cow(skb, skb_headroom(skb))) return Drop(skb, "ip_rcv_options", "skb_cow failed");
    IPCB(skb)->opt.optlen = static_cast<unsigned char>(Ip(skb).ihl * 4 - sizeof(iphdr));
  }
  // Routing is not modelled: every packet is for this host (dst_input ->
  // ip_local_deliver).
  return IpLocalDeliver(skb);
}

// ---- ip_rcv_core (net/ipv4/ip_input.c) ----

sk_buff* IpRcvCore(sk_buff* skb) {
  if (skb->pkt_type == PACKET_OTHERHOST) {
    Drop(skb, "ip_rcv_core", "PACKET_OTHERHOST");
    return nullptr;
  }
  // skb_share_check(): a shared skb is replaced by a clone.
  if (skb_shared(skb)) {
    sk_buff* nskb = skb_clone(skb, GFP_ATOMIC);
    kfree_skb(skb);
    if (nskb == nullptr) {
      Finish(nullptr, PathOutcome::kDropped, "ip_rcv_core", "skb_share_check: clone failed", false);
      return nullptr;
    }
    skb = nskb;
  }
  if (!pskb_may_pull(skb, sizeof(iphdr))) {
    Drop(skb, "ip_rcv_core", "no room for the IPv4 header");
    return nullptr;
  }
  iphdr iph = Ip(skb);
  if (iph.ihl < 5 || iph.version != 4) {
    Drop(skb, "ip_rcv_core", internal::Format("bad header: version %u, ihl %u", iph.version, iph.ihl));
    return nullptr;
  }
  if (!pskb_may_pull(skb, iph.ihl * 4u)) {
    Drop(skb, "ip_rcv_core", internal::Format("ihl*4 = %u bytes not available", iph.ihl * 4u));
    return nullptr;
  }
  // The pull may have moved the head: sum the header where it is now.
  if (ip_fast_csum(skb_network_header(skb), iph.ihl) != 0) {
    Drop(skb, "ip_rcv_core", "bad IPv4 header checksum");
    return nullptr;
  }
  const unsigned len = ntohs(iph.tot_len);
  if (skb->len < len) {
    Drop(skb, "ip_rcv_core", internal::Format("truncated: tot_len %u > skb->len %u", len, skb->len));
    return nullptr;
  }
  if (len < iph.ihl * 4u) {
    Drop(skb, "ip_rcv_core", internal::Format("tot_len %u < ihl*4", len));
    return nullptr;
  }
  // Link-layer padding goes; from here skb->len == tot_len.
  if (pskb_trim_rcsum(skb, len)) {
    Drop(skb, "ip_rcv_core", "pskb_trim_rcsum failed");
    return nullptr;
  }
  skb->transport_header = static_cast<__u16>(skb->network_header + iph.ihl * 4);
  // Remove any debris in the control block; IPCB(skb)->iif = skb->skb_iif.
  std::memset(IPCB(skb), 0, sizeof(inet_skb_parm));
  IPCB(skb)->iif = skb->skb_iif;
  Current().protocol = iph.protocol;
  return skb;
}

// What __netif_receive_skb_core does to the headers before ip_rcv.
void ResetHeaders(sk_buff* skb, net_device* dev) {
  if (skb->dev == nullptr) skb->dev = dev;
  skb_reset_network_header(skb);
  if (!skb_transport_header_was_set(skb)) skb_reset_transport_header(skb);
  if (skb_mac_header_was_set(skb)) skb_reset_mac_len(skb);
  if (skb->protocol == 0) skb->protocol = htons(ETH_P_IP);
  skb->skb_iif = skb->dev->ifindex;
}

RxResult RunIp(sk_buff* skb, net_device* dev) {
  RxResult result;
  RxScope scope(&result);
  ResetHeaders(skb, dev);
  // ip_rcv(): the core checks, then NF_INET_PRE_ROUTING with ip_rcv_finish.
  skb = IpRcvCore(skb);
  if (skb == nullptr) return result;
  NfHook(NF_INET_PRE_ROUTING, skb, skb->dev, nullptr, IpRcvFinish);
  return result;
}

}  // namespace

const char* PathOutcomeName(PathOutcome o) {
  switch (o) {
    case PathOutcome::kDelivered: return "delivered";
    case PathOutcome::kDropped: return "dropped";
    case PathOutcome::kStolen: return "stolen";
    case PathOutcome::kNotModelled: return "not modelled";
  }
  return "?";
}

net_device* DefaultDevice() {
  static net_device eth0 = [] {
    net_device d{};
    std::strcpy(d.name, "eth0");
    d.ifindex = 2;
    d.mtu = 1500;
    d.features = 0;
    return d;
  }();
  return &eth0;
}

// Models ip_rcv() and what follows for a locally addressed IPv4 packet.
RxResult IpRcv(sk_buff* skb, const RxOptions& opts) {
  return RunIp(skb, opts.dev != nullptr ? opts.dev : DefaultDevice());
}

// Models eth_type_trans() (net/ethernet/eth.c) + __netif_receive_skb_core()'s
// dispatch to ip_rcv().
RxResult NetifReceiveSkb(sk_buff* skb, const RxOptions& opts) {
  net_device* dev = opts.dev != nullptr ? opts.dev : DefaultDevice();
  skb->dev = dev;
  skb_reset_mac_header(skb);
  const auto* eth = reinterpret_cast<const ethhdr*>(skb->data);
  const __be16 proto = eth->h_proto;
  __skb_pull(skb, ETH_HLEN);  // skb_pull_inline(): unchecked, as in the kernel
  skb->protocol = proto;
  if (proto != htons(ETH_P_IP)) {
    RxResult result;
    result.outcome = PathOutcome::kNotModelled;
    result.stage = "__netif_receive_skb_core";
    result.reason = internal::Format("ethertype 0x%04x: only IPv4 is modelled", ntohs(proto));
    kfree_skb(skb);
    return result;
  }
  return RunIp(skb, dev);
}

}  // namespace skb
