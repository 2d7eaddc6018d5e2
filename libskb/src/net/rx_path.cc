// libskb: the IPv4 and IPv6 receive paths around the PRE_ROUTING and LOCAL_IN
// hooks (net/ethernet/eth.c eth_type_trans, net/core/dev.c
// __netif_receive_skb_core, net/ipv4/ip_input.c, net/ipv4/udp.c,
// net/ipv6/ip6_input.c, net/ipv6/udp.c, net/ipv4/tcp_ipv4.c and
// net/ipv6/tcp_ipv6.c up to the header checks; 5.10 and 6.12 agree on every
// step modelled here unless a step says otherwise). It exists so that the
// code the kernel runs after a hook - ip_local_deliver_finish's unchecked
// __skb_pull, ip6_protocol_deliver_rcu's pskb_pull, udp_rcv's pulls, trims
// and checksum - runs on what the hook left (kernel-semantics.md §5.6).
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

#include <cstring>
#include <string>
#include <vector>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "netfilter_internal.h"
#include "skb/check.h"
#include "skb/memory.h"
#include "skb/netfilter.h"
#include "skb/route.h"

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

ipv6hdr Ip6(const sk_buff* skb) {
  ipv6hdr h;
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
int NfHook(uint8_t pf, unsigned hooknum, sk_buff* skb, net_device* in, net_device* out,
           int (*okfn)(net*, sock*, sk_buff*)) {
  net* n = dev_net(in != nullptr ? in : out);
  NfHookResult h = RunNfHooks(pf, hooknum, n, nullptr, skb, in, out, okfn);
  RxResult& r = Current();
  r.hooks.insert(r.hooks.end(), h.runs.begin(), h.runs.end());
  if (std::optional<internal::HookStop> stop = internal::StopAfterHooks(h)) {
    return Finish(skb, stop->outcome, "nf_hook_slow", std::move(stop->reason), false);
  }
  // Copy: r.hooks may grow while okfn runs (the next hook point).
  const std::vector<HookRun> runs = r.hooks;
  return internal::AfterHooks(&runs, [&] { return okfn(n, nullptr, skb); });
}

// ---- the transport layer (shared by IPv4 and IPv6) ----

// The unfolded pseudo-header sum of the packet's addresses for len bytes of
// proto (inet_compute_pseudo / ip6_compute_pseudo), read from the network
// header through a copy.
__wsum Pseudo(const sk_buff* skb, bool v6, unsigned len, uint8_t proto) {
  if (v6) {
    const ipv6hdr h = Ip6(skb);
    return ~csum_unfold(csum_ipv6_magic(&h.saddr, &h.daddr, len, proto, 0));
  }
  const iphdr h = Ip(skb);
  return csum_tcpudp_nofold(h.saddr, h.daddr, len, proto, 0);
}

// __skb_checksum_validate() + __skb_checksum_complete() as udp and tcp run
// them with skb->data at the transport header: what skb_csum_unnecessary()
// accepts is trusted (CHECKSUM_UNNECESSARY, csum_valid, a CHECKSUM_PARTIAL
// packet from a local or virtual sender whose csum_start is not before data);
// a CHECKSUM_COMPLETE sum is tried first; otherwise (or if the device's sum
// was wrong: netdev_rx_csum_fault) every byte is summed with skb_checksum().
bool ChecksumOk(const sk_buff* skb, __wsum pseudo) {
  if (skb->ip_summed == CHECKSUM_UNNECESSARY || skb->csum_valid) return true;
  if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_start_offset(skb) >= 0) return true;
  if (skb->ip_summed == CHECKSUM_COMPLETE && csum_fold(csum_add(skb->csum, pseudo)) == 0) return true;
  return csum_fold(skb_checksum(skb, 0, static_cast<int>(skb->len), pseudo)) == 0;
}

// The socket's copy (skb_copy_datagram_msg): every byte from offset on must
// be reachable. Consumes the skb.
int Deliver(sk_buff* skb, unsigned offset, const char* stage, const std::string& what) {
  RxResult& r = Current();
  r.payload.assign(skb->len - offset, 0);
  if (!r.payload.empty() &&
      skb_copy_bits(skb, static_cast<int>(offset), r.payload.data(), static_cast<int>(r.payload.size())) != 0) {
    r.payload.clear();
    return Drop(skb, "skb_copy_datagram_msg", "skb_copy_bits failed: the skb does not hold the bytes its len claims");
  }
  consume_skb(skb);
  return Finish(nullptr, PathOutcome::kDelivered, stage, internal::Format("%zu %s", r.payload.size(), what.c_str()),
                false);
}

// __udp4_lib_rcv (net/ipv4/udp.c) and __udp6_lib_rcv (net/ipv6/udp.c), for a
// datagram to a bound socket.
int UdpRcv(sk_buff* skb, bool v6) {
  const char* stage = v6 ? "__udp6_lib_rcv" : "__udp4_lib_rcv";
  if (!pskb_may_pull(skb, sizeof(udphdr))) return Drop(skb, stage, "no room for the UDP header");
  udphdr uh = Udp(skb);
  unsigned ulen = ntohs(uh.len);
  if (ulen > skb->len) return Drop(skb, stage, internal::Format("short packet: uh->len %u > skb->len %u", ulen, skb->len));
  // IPv6: uh->len 0 is a jumbogram's UDP header; the datagram is the rest.
  if (v6 && ulen == 0) ulen = skb->len;
  if (ulen < sizeof(udphdr) || pskb_trim_rcsum(skb, ulen))
    return Drop(skb, stage, internal::Format("short packet: uh->len %u", ulen));
  uh = Udp(skb);
  // udp4_csum_init / udp6_csum_init, then udp_lib_checksum_complete on the
  // socket's queue. A zero checksum means "none" over IPv4; over IPv6 the
  // socket refuses it (udp_get_no_check6_rx() is off: RFC 8200 8.1).
  if (uh.check == 0) {
    if (v6) return Drop(skb, stage, "zero UDP checksum over IPv6 (udp6_csum_zero_error)");
  } else {
    if (!ChecksumOk(skb, Pseudo(skb, v6, skb->len, IPPROTO_UDP))) return Drop(skb, stage, "bad UDP checksum");
    skb->ip_summed = CHECKSUM_UNNECESSARY;
  }
  return Deliver(skb, sizeof(udphdr), v6 ? "udpv6_rcv" : "udp_rcv", "payload bytes");
}

// tcp_v4_rcv (net/ipv4/tcp_ipv4.c) and tcp_v6_rcv (net/ipv6/tcp_ipv6.c) up to
// the socket lookup: the header pulls, the doff check and the checksum. The
// connection state is not modelled: the segment's bytes, header included,
// are delivered as a raw socket reads them.
int TcpRcv(sk_buff* skb, bool v6) {
  const char* stage = v6 ? "tcp_v6_rcv" : "tcp_v4_rcv";
  if (!pskb_may_pull(skb, sizeof(tcphdr))) return Drop(skb, stage, "no room for the TCP header");
  tcphdr th;
  std::memcpy(&th, skb->data, sizeof(th));
  if (th.doff < sizeof(tcphdr) / 4) return Drop(skb, stage, internal::Format("doff %u < 5", th.doff));
  if (!pskb_may_pull(skb, th.doff * 4u)) return Drop(skb, stage, internal::Format("doff*4 = %u bytes not available", th.doff * 4u));
  if (!ChecksumOk(skb, Pseudo(skb, v6, skb->len, IPPROTO_TCP))) return Drop(skb, stage, "bad TCP checksum");
  return Deliver(skb, 0, stage, "segment bytes");
}

// ip_protocol_deliver_rcu / ip6_protocol_deliver_rcu: skb->data is at the
// transport header. Protocols other than UDP and TCP: the bytes as a raw
// socket would read them.
int ProtocolDeliver(sk_buff* skb, int protocol, bool v6) {
  if (protocol == IPPROTO_UDP) return UdpRcv(skb, v6);
  if (protocol == IPPROTO_TCP) return TcpRcv(skb, v6);
  return Deliver(skb, 0, v6 ? "ip6_protocol_deliver_rcu" : "ip_protocol_deliver_rcu",
                 internal::Format("bytes of protocol %d", protocol));
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
  return ProtocolDeliver(skb, protocol, false);
}

// ---- ip_local_deliver, ip_rcv_finish (net/ipv4/ip_input.c) ----

int IpLocalDeliver(sk_buff* skb) {
  const iphdr iph = Ip(skb);
  if (ip_is_fragment(&iph))
    return Finish(skb, PathOutcome::kNotModelled, "ip_local_deliver", "IP fragment: ip_defrag is not modelled", true);
  return NfHook(NFPROTO_IPV4, NF_INET_LOCAL_IN, skb, skb->dev, nullptr, IpLocalDeliverFinish);
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
  // ip_route_input_noref(): every packet is for this host (the model has no
  // forwarding decision here): the cached local input route, borrowed; then
  // dst_input -> ip_local_deliver.
  if (skb_dst(skb) == nullptr) AttachRoute(skb, false, RouteKind::kLocalIn);
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

// ---- extension headers (net/ipv6/exthdrs.c, reassembly.c, 6.12.117) ----

// Models ip6_parse_tlv() (net/ipv6/exthdrs.c, 6.12.117) over the options
// header at the transport header (hop-by-hop or destination options): Pad1
// and PadN (at most 7 bytes of padding in a row, PadN bytes zero), at most
// max_hbh_opts_cnt / max_dst_opts_cnt (8) other options, Router Alert
// (hop-by-hop, length 2: IP6SKB_ROUTERALERT); an unknown option is skipped
// or drops the packet by its two high bits (ip6_tlvopt_unknown; the ICMP
// parameter problem the kernel sends is not modelled). Jumbo payload and
// CALIPSO options, IOAM and the Home Address option are not modelled. On
// false the skb was consumed (dropped or kNotModelled).
bool ParseTlv(sk_buff* skb, bool hopbyhop, const char* stage) {
  const unsigned char* nh = skb_network_header(skb);
  int off = static_cast<int>(skb_network_header_len(skb));
  int len = (skb_transport_header(skb)[1] + 1) << 3;
  constexpr int kMaxCount = 8;  // IP6_DEFAULT_MAX_{HBH,DST}_OPTS_CNT
  int padlen = 0, tlv_count = 0;
  off += 2;
  len -= 2;
  while (len > 0) {
    const unsigned type = nh[off];
    if (type == 0) {  // IPV6_TLV_PAD1
      if (++padlen > 7) return Drop(skb, stage, "more than 7 bytes of padding options"), false;
      off++;
      len--;
      continue;
    }
    if (len < 2) return Drop(skb, stage, "truncated option"), false;
    const int optlen = nh[off + 1] + 2;
    if (optlen > len) return Drop(skb, stage, internal::Format("option %u of length %d past the header", type, optlen)), false;
    if (type == 1) {  // IPV6_TLV_PADN
      padlen += optlen;
      if (padlen > 7) return Drop(skb, stage, "more than 7 bytes of padding options"), false;
      for (int i = 2; i < optlen; i++)
        if (nh[off + i] != 0) return Drop(skb, stage, "PadN with non-zero bytes (RFC 4942)"), false;
    } else {
      if (++tlv_count > kMaxCount) return Drop(skb, stage, "more options than max_*_opts_number (8)"), false;
      if (hopbyhop && type == 5) {  // IPV6_TLV_ROUTERALERT: ipv6_hop_ra
        if (nh[off + 1] != 2) return Drop(skb, stage, "router alert option of length != 2"), false;
        IP6CB(skb)->flags |= IP6SKB_ROUTERALERT;
        std::memcpy(&IP6CB(skb)->ra, nh + off + 2, sizeof(IP6CB(skb)->ra));
      } else if ((hopbyhop && (type == 0xc2 || type == 0x07 || type == 0x31)) || (!hopbyhop && type == 0xc9)) {
        Finish(skb, PathOutcome::kNotModelled, stage,
               internal::Format("option 0x%02x (jumbo/CALIPSO/IOAM/home address) is not modelled", type), true);
        return false;
      } else {
        // ip6_tlvopt_unknown(): 00 skip, 01 discard, 10 discard + ICMP,
        // 11 discard + ICMP unless the destination is multicast.
        if ((type & 0xc0) != 0)
          return Drop(skb, stage, internal::Format("unknown option 0x%02x with action %u", type, type >> 6)), false;
      }
      padlen = 0;
    }
    off += optlen;
    len -= optlen;
  }
  if (len != 0) return Drop(skb, stage, "options overrun the header"), false;
  return true;
}

// Models ipv6_parse_hopopts() (net/ipv6/exthdrs.c, 6.12.117), called by
// ip6_rcv_core with the transport header right after the IPv6 header.
bool ParseHopopts(sk_buff* skb) {
  const char* stage = "ipv6_parse_hopopts";
  if (!pskb_may_pull(skb, sizeof(ipv6hdr) + 8) ||
      !pskb_may_pull(skb, sizeof(ipv6hdr) + ((skb_transport_header(skb)[1] + 1u) << 3))) {
    Drop(skb, stage, "the hop-by-hop header is not in the packet");
    return false;
  }
  const unsigned extlen = (skb_transport_header(skb)[1] + 1u) << 3;
  IP6CB(skb)->flags |= IP6SKB_HOPBYHOP;
  if (!ParseTlv(skb, true, stage)) return false;
  skb->transport_header = static_cast<__u16>(skb->transport_header + extlen);
  IP6CB(skb)->nhoff = sizeof(ipv6hdr);
  return true;
}

// The extension header handlers ip6_protocol_deliver_rcu resubmits through
// (inet6_protocol handlers without INET6_PROTO_FINAL). skb->data is at the
// header (the transport header). Returns 1 to resubmit with IP6CB's nhoff
// naming the next header, -1 when the skb was consumed.

// Models ipv6_destopt_rcv() (net/ipv6/exthdrs.c, 6.12.117).
int DestoptRcv(sk_buff* skb) {
  const char* stage = "ipv6_destopt_rcv";
  const unsigned toff = static_cast<unsigned>(skb_transport_offset(skb));
  if (!pskb_may_pull(skb, toff + 8) || !pskb_may_pull(skb, toff + ((skb_transport_header(skb)[1] + 1u) << 3))) {
    Drop(skb, stage, "the destination options header is not in the packet");
    return -1;
  }
  const unsigned extlen = (skb_transport_header(skb)[1] + 1u) << 3;
  const unsigned dstbuf = skb_network_header_len(skb);
  IP6CB(skb)->lastopt = IP6CB(skb)->dst1 = static_cast<__u16>(dstbuf);
  if (!ParseTlv(skb, false, stage)) return -1;
  skb->transport_header = static_cast<__u16>(skb->transport_header + extlen);
  IP6CB(skb)->nhoff = static_cast<__u16>(dstbuf);
  return 1;
}

// Models ipv6_rthdr_rcv() (net/ipv6/exthdrs.c, 6.12.117) for what the model
// sends it: a routing header whose segments are all visited is skipped; one
// with segments left is an ICMP parameter problem (type 0 is deprecated,
// RFC 5095; accept_source_route is 0) and a drop; segment routing (types 3
// and 4) and Mobile IPv6 (type 2) processing are not modelled.
int RthdrRcv(sk_buff* skb) {
  const char* stage = "ipv6_rthdr_rcv";
  const unsigned toff = static_cast<unsigned>(skb_transport_offset(skb));
  if (!pskb_may_pull(skb, toff + 8) || !pskb_may_pull(skb, toff + ((skb_transport_header(skb)[1] + 1u) << 3))) {
    Drop(skb, stage, "the routing header is not in the packet");
    return -1;
  }
  ipv6_rt_hdr rh;
  std::memcpy(&rh, skb_transport_header(skb), sizeof(rh));
  const ipv6hdr ip6 = Ip6(skb);
  if (ipv6_addr_is_multicast(&ip6.daddr) || skb->pkt_type != PACKET_HOST) {
    Drop(skb, stage, "routing header to a multicast or other host's address");
    return -1;
  }
  if (rh.type == 3 || rh.type == 4 || rh.type == 2) {
    Finish(skb, PathOutcome::kNotModelled, stage,
           internal::Format("routing header type %u (RPL/segment routing/MIPv6) is not modelled", rh.type), true);
    return -1;
  }
  if (rh.segments_left != 0) {
    Drop(skb, stage,
         internal::Format("routing header type %u with %u segments left: ICMP parameter problem", rh.type,
                          rh.segments_left));
    return -1;
  }
  IP6CB(skb)->lastopt = IP6CB(skb)->srcrt = static_cast<__u16>(skb_network_header_len(skb));
  const unsigned nhoff = static_cast<unsigned>(skb_transport_header(skb) - skb_network_header(skb));
  skb->transport_header = static_cast<__u16>(skb->transport_header + ((rh.hdrlen + 1u) << 3));
  IP6CB(skb)->dst0 = IP6CB(skb)->dst1;
  IP6CB(skb)->dst1 = 0;
  IP6CB(skb)->nhoff = static_cast<__u16>(nhoff);  // &hdr->nexthdr: its first byte
  return 1;
}

// Models ipv6_frag_rcv() (net/ipv6/reassembly.c, 6.12.117): an atomic
// fragment (offset 0, no more fragments, RFC 6946) is processed in place; a
// real fragment goes to the reassembly queue, which the model does not have
// (kNotModelled).
int FragRcv(sk_buff* skb) {
  const char* stage = "ipv6_frag_rcv";
  if (IP6CB(skb)->flags & IP6SKB_FRAGMENTED) {
    Drop(skb, stage, "a second fragment header");
    return -1;
  }
  const ipv6hdr ip6 = Ip6(skb);
  if (ip6.payload_len == 0) {
    Drop(skb, stage, "fragment of a jumbogram");
    return -1;
  }
  if (!pskb_may_pull(skb, static_cast<unsigned>(skb_transport_offset(skb)) + sizeof(frag_hdr))) {
    Drop(skb, stage, "the fragment header is not in the packet");
    return -1;
  }
  frag_hdr fh;
  std::memcpy(&fh, skb_transport_header(skb), sizeof(fh));
  if (!(fh.frag_off & htons(IP6_OFFSET | IP6_MF))) {
    const unsigned nhoff = static_cast<unsigned>(skb_transport_header(skb) - skb_network_header(skb));
    skb->transport_header = static_cast<__u16>(skb->transport_header + sizeof(frag_hdr));
    IP6CB(skb)->nhoff = static_cast<__u16>(nhoff);
    IP6CB(skb)->flags |= IP6SKB_FRAGMENTED;
    IP6CB(skb)->frag_max_size = static_cast<__u16>(ntohs(ip6.payload_len) + sizeof(ipv6hdr));
    return 1;
  }
  Finish(skb, PathOutcome::kNotModelled, stage, "IPv6 fragment: reassembly (ip6_frag_queue) is not modelled", true);
  return -1;
}

// ---- ip6_protocol_deliver_rcu, ip6_input_finish (net/ipv6/ip6_input.c) ----

int Ip6InputFinish(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  RxResult& r = Current();
  // From this pull to skb_postpull_rcsum, a CHECKSUM_COMPLETE skb->csum
  // still covers the pulled header, as in the kernel: the strict checker's
  // S11 would report that transient state, so the calls in between are
  // checked kernel-tolerant.
  struct Tolerant {
    CheckMode saved = CheckedModeStrictness();
    Tolerant() { SetCheckedModeStrictness(CheckMode::kKernelTolerant); }
    ~Tolerant() { SetCheckedModeStrictness(saved); }
  };
  int nexthdr;
  {
    Tolerant tolerant;
    // ip6_protocol_deliver_rcu's resubmit loop: each extension header's
    // handler moves the transport header past it and names the next one.
    for (;;) {
      const unsigned nhoff = IP6CB(skb)->nhoff;
      // Checked, unlike IPv4's __skb_pull: a transport header a hook moved
      // out of reach (or before data: a negative offset as unsigned) is a drop.
      if (pskb_pull(skb, static_cast<unsigned>(skb_transport_offset(skb))) == nullptr)
        return Drop(skb, "ip6_protocol_deliver_rcu", "pskb_pull(skb_transport_offset) failed");
      nexthdr = skb_network_header(skb)[nhoff];
      r.protocol = nexthdr;
      int ret;
      if (nexthdr == NEXTHDR_DEST) {
        ret = DestoptRcv(skb);
      } else if (nexthdr == NEXTHDR_ROUTING) {
        ret = RthdrRcv(skb);
      } else if (nexthdr == NEXTHDR_FRAGMENT) {
        ret = FragRcv(skb);
      } else {
        break;
      }
      if (ret < 0) return -1;  // the handler consumed the skb and recorded why
    }
    // NEXTHDR_NONE's handler discards; a hop-by-hop header here (not first)
    // has no handler: ICMP parameter problem and a drop; AH is not modelled.
    if (nexthdr == NEXTHDR_NONE) return Drop(skb, "ip6_protocol_deliver_rcu", "NEXTHDR_NONE: nothing to deliver");
    if (nexthdr == NEXTHDR_HOP)
      return Drop(skb, "ip6_protocol_deliver_rcu", "hop-by-hop header after the first: unknown next header");
    if (ipv6_ext_hdr(static_cast<u8>(nexthdr)))
      return Finish(skb, PathOutcome::kNotModelled, "ip6_protocol_deliver_rcu",
                    internal::Format("extension header %d: its handler is not modelled", nexthdr), true);
    // A final protocol: the network header leaves the CHECKSUM_COMPLETE sum
    // (IPv6 has no header checksum that would make it sum to zero).
    skb_postpull_rcsum(skb, skb_network_header(skb), skb_network_header_len(skb));
  }
  return ProtocolDeliver(skb, nexthdr, true);
}

// ---- ip6_input, ip6_rcv_finish (net/ipv6/ip6_input.c) ----

int Ip6RcvFinish(net* n, sock* sk, sk_buff* skb) {
  (void)n;
  (void)sk;
  // ip6_route_input(): every packet is for this host: the cached local
  // input route, borrowed; then dst_input -> ip6_input.
  if (skb_dst(skb) == nullptr) AttachRoute(skb, true, RouteKind::kLocalIn);
  return NfHook(NFPROTO_IPV6, NF_INET_LOCAL_IN, skb, skb->dev, nullptr, Ip6InputFinish);
}

// ---- ip6_rcv_core (net/ipv6/ip6_input.c, 6.12.117) ----

// IPV6_ADDR_MC_SCOPE(): the scope nibble of a multicast address.
unsigned McScope(const in6_addr& a) { return a.s6_addr[1] & 0x0f; }

sk_buff* Ip6RcvCore(sk_buff* skb, net_device* dev) {
  const char* stage = "ip6_rcv_core";
  if (skb->pkt_type == PACKET_OTHERHOST) {
    Drop(skb, stage, "PACKET_OTHERHOST");
    return nullptr;
  }
  // skb_share_check(): a shared skb is replaced by a clone.
  if (skb_shared(skb)) {
    sk_buff* nskb = skb_clone(skb, GFP_ATOMIC);
    kfree_skb(skb);
    if (nskb == nullptr) {
      Finish(nullptr, PathOutcome::kDropped, stage, "skb_share_check: clone failed", false);
      return nullptr;
    }
    skb = nskb;
  }
  std::memset(IP6CB(skb), 0, sizeof(inet6_skb_parm));
  IP6CB(skb)->iif = dev->ifindex;
  if (!pskb_may_pull(skb, sizeof(ipv6hdr))) {
    Drop(skb, stage, "no room for the IPv6 header");
    return nullptr;
  }
  ipv6hdr hdr = Ip6(skb);
  if (hdr.version != 6) {
    Drop(skb, stage, internal::Format("bad header: version %u", hdr.version));
    return nullptr;
  }
  // RFC 4291 checks (the device is never a loopback device in the model).
  if (ipv6_addr_loopback(&hdr.saddr) || ipv6_addr_loopback(&hdr.daddr)) {
    Drop(skb, stage, "loopback address on a non-loopback device");
    return nullptr;
  }
  if (skb->pkt_type != PACKET_LOOPBACK && ipv6_addr_is_multicast(&hdr.daddr) && McScope(hdr.daddr) == 1) {
    Drop(skb, stage, "interface-local multicast from another node");
    return nullptr;
  }
  if (ipv6_addr_is_multicast(&hdr.daddr) && McScope(hdr.daddr) == 0) {
    Drop(skb, stage, "multicast destination with reserved scope 0");
    return nullptr;
  }
  if (ipv6_addr_is_multicast(&hdr.saddr)) {
    Drop(skb, stage, "multicast source address");
    return nullptr;
  }
  skb->transport_header = static_cast<__u16>(skb->network_header + sizeof(ipv6hdr));
  IP6CB(skb)->nhoff = offsetof(ipv6hdr, nexthdr);
  const unsigned pkt_len = ipv6_payload_len(skb, &hdr);
  // payload_len 0 with a hop-by-hop header announces a jumbogram.
  if (pkt_len != 0 || hdr.nexthdr != NEXTHDR_HOP) {
    if (pkt_len + sizeof(ipv6hdr) > skb->len) {
      Drop(skb, stage, internal::Format("truncated: 40 + payload_len %u > skb->len %u", pkt_len, skb->len));
      return nullptr;
    }
    // Link-layer padding goes; from here skb->len == 40 + payload_len.
    if (pskb_trim_rcsum(skb, pkt_len + sizeof(ipv6hdr))) {
      Drop(skb, stage, "pskb_trim_rcsum failed");
      return nullptr;
    }
  }
  if (hdr.nexthdr == NEXTHDR_HOP) {
    if (pkt_len == 0) {
      Finish(skb, PathOutcome::kNotModelled, stage, "jumbogram (payload_len 0 with hop-by-hop options): not modelled",
             true);
      return nullptr;
    }
    if (!ParseHopopts(skb)) return nullptr;
  }
  Current().protocol = hdr.nexthdr;
  return skb;
}

// What __netif_receive_skb_core does to the headers before ip_rcv / ipv6_rcv.
void ResetHeaders(sk_buff* skb, net_device* dev, uint16_t ethertype) {
  if (skb->dev == nullptr) skb->dev = dev;
  skb_reset_network_header(skb);
  if (!skb_transport_header_was_set(skb)) skb_reset_transport_header(skb);
  if (skb_mac_header_was_set(skb)) skb_reset_mac_len(skb);
  if (skb->protocol == 0) skb->protocol = htons(ethertype);
  skb->skb_iif = skb->dev->ifindex;
}

RxResult RunIp(sk_buff* skb, net_device* dev) {
  RxResult result;
  RxScope scope(&result);
  ResetHeaders(skb, dev, ETH_P_IP);
  // ip_rcv(): the core checks, then NF_INET_PRE_ROUTING with ip_rcv_finish.
  skb = IpRcvCore(skb);
  if (skb == nullptr) return result;
  NfHook(NFPROTO_IPV4, NF_INET_PRE_ROUTING, skb, skb->dev, nullptr, IpRcvFinish);
  return result;
}

RxResult RunIp6(sk_buff* skb, net_device* dev) {
  RxResult result;
  RxScope scope(&result);
  ResetHeaders(skb, dev, ETH_P_IPV6);
  // ipv6_rcv(): the core checks, then NF_INET_PRE_ROUTING with ip6_rcv_finish.
  skb = Ip6RcvCore(skb, skb->dev);
  if (skb == nullptr) return result;
  NfHook(NFPROTO_IPV6, NF_INET_PRE_ROUTING, skb, skb->dev, nullptr, Ip6RcvFinish);
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
  // eth0's other fields (dev_addr, addresses, refcount) are filled in by the
  // kernel environment's device table (src/kernel/netdevice.cc); naming it
  // here links that table into every program that has eth0.
  internal::EnsureDevices();
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

// Models ipv6_rcv() and what follows for a locally addressed IPv6 packet.
RxResult Ip6Rcv(sk_buff* skb, const RxOptions& opts) {
  return RunIp6(skb, opts.dev != nullptr ? opts.dev : DefaultDevice());
}

// Models eth_type_trans() (net/ethernet/eth.c) + __netif_receive_skb_core()'s
// dispatch to ip_rcv() / ipv6_rcv().
RxResult NetifReceiveSkb(sk_buff* skb, const RxOptions& opts) {
  net_device* dev = opts.dev != nullptr ? opts.dev : DefaultDevice();
  skb->dev = dev;
  skb_reset_mac_header(skb);
  const auto* eth = reinterpret_cast<const ethhdr*>(skb->data);
  const __be16 proto = eth->h_proto;
  __skb_pull(skb, ETH_HLEN);  // skb_pull_inline(): unchecked, as in the kernel
  skb->protocol = proto;
  if (proto == htons(ETH_P_IP)) return RunIp(skb, dev);
  if (proto == htons(ETH_P_IPV6)) return RunIp6(skb, dev);
  RxResult result;
  result.outcome = PathOutcome::kNotModelled;
  result.stage = "__netif_receive_skb_core";
  result.reason = internal::Format("ethertype 0x%04x: only IPv4 and IPv6 are modelled", ntohs(proto));
  kfree_skb(skb);
  return result;
}

}  // namespace skb
