// libskb fuzz harness: the netfilter family (fuzz_nf_writable, and the
// module driver's packets). IPv4 packets - UDP, TCP, ICMP, with or without
// options, an Ethernet header, padding, a broken checksum or length now and
// then - in every shape the stack hands a hook (linear, headers-only head +
// page frags, headless, frag_list, fast clone, shared with a clone) go
// through nf_hook at the hook points and through the receive and transmit
// paths.
//
// Legal by construction, as the stack would present them:
//   - a hook point sees the packet with the IPv4 header at data, the network
//     and transport headers set and ihl*4 bytes linear (ip_rcv_core's
//     pskb_may_pull), padding trimmed;
//   - the receive paths get data at the IPv4 (ip_rcv) or Ethernet header
//     (netif_receive_skb: ETH_HLEN linear, eth_type_trans pulls unchecked),
//     never CHECKSUM_PARTIAL (the kernel trusts it on receive, libskb's
//     udp_rcv does not: not a path a NIC produces);
//   - the transmit paths get a packet its owner may write: the IPv4 header
//     linear and writable for __ip_local_out, the headroom not shared with a
//     clone for the Ethernet header ip_finish_output2 pushes, a
//     CHECKSUM_PARTIAL field inside the linear area.
#include <arpa/inet.h>
#include <linux/netfilter.h>

#include "decode_impl.h"
#include "inet.h"
#include "runner_impl.h"

namespace skbfuzz {
namespace {

constexpr uint8_t kAddrs[][4] = {{10, 0, 0, 1},    {10, 0, 0, 2},   {192, 168, 1, 1},
                                 {172, 16, 0, 5},  {127, 0, 0, 1},  {203, 0, 113, 7}};
constexpr unsigned kPorts[] = {53, 80, 443, 1111, 2222, 43122, 62463, 5060};

// Everything the packet ops may be mixed with (the shape changes a packet
// goes through on its way: clones, pulls, padding, reallocations).
constexpr OpKind kReshapeKinds[] = {OpKind::kMayPull, OpKind::kLinearize, OpKind::kPullTail, OpKind::kExpandHead,
                                    OpKind::kCow,     OpKind::kUnclone,   OpKind::kPut,      OpKind::kPskbTrim,
                                    OpKind::kEnsureWritable};

class NfDecoder : public SkbDecoder {
 public:
  using SkbDecoder::SkbDecoder;

  void Loop(size_t max_ops) {
    while (p_.ops.size() < max_ops && fdp_.remaining_bytes() > 0 && !r_.finding()) {
      std::vector<int> live;
      for (int i = 0; i < kMaxSlots; i++) {
        if (r_.live(i)) live.push_back(i);
      }
      if (live.empty() || (live.size() < 3 && fdp_.ConsumeIntegralInRange<int>(0, 5) == 0)) {
        BuildPacket();
        continue;
      }
      const auto a = static_cast<int8_t>(live[fdp_.ConsumeIntegralInRange<size_t>(0, live.size() - 1)]);
      switch (fdp_.ConsumeIntegralInRange<int>(0, 15)) {
        case 0:
        case 1: Peer(a); break;
        case 2: {
          const OpKind kind = kReshapeKinds[fdp_.ConsumeIntegralInRange<size_t>(0, std::size(kReshapeKinds) - 1)];
          TryOp(kind, a, live);
          break;
        }
        case 3: CsumState(a); break;
        case 4:
        case 5:
        case 6: Receive(a); break;
        case 7:
        case 8:
        case 9: Transmit(a); break;
        case 10:
        case 11:
        case 12: Hook(a); break;
        case 13: Emit(Op{OpKind::kFree, -1, a, -1, {}}); break;
        case 14: OffloadChecksum(a); break;
        default:
          // A GSO packet: the paths do not segment (kNotModelled), the hooks see it.
          if (!skb_cloned(r_.skb(a)) && fdp_.ConsumeIntegralInRange<int>(0, 3) == 0)
            Emit(Op{OpKind::kGso, -1, a, -1, {1448, 2, SKB_GSO_TCPV4}});
          break;
      }
    }
  }

 private:
  const std::vector<uint8_t>& Model(int s) const { return r_.impl().shadow[static_cast<size_t>(s)]; }
  bool Eth(int s) const { return eth_[static_cast<size_t>(s)]; }

  // ---- building a packet ----------------------------------------------------

  void BuildPacket() {
    const int d = FreeSlot();
    if (d < 0) return;
    const auto sd = static_cast<int8_t>(d);
    const int pr = fdp_.ConsumeIntegralInRange<int>(0, 9);
    const uint8_t proto = pr < 6 ? inet::kUdp : pr < 9 ? inet::kTcp : inet::kIcmp;
    const unsigned ihl = fdp_.ConsumeIntegralInRange<int>(0, 7) == 0 ? 4 * fdp_.ConsumeIntegralInRange<unsigned>(6, 8) : 20;
    const unsigned l4h = proto == inet::kTcp ? 20 : 8;
    unsigned payload;
    switch (fdp_.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: payload = fdp_.ConsumeIntegralInRange<unsigned>(0, 64); break;
      case 1: payload = fdp_.ConsumeIntegralInRange<unsigned>(1400, 3000); break;
      default: payload = fdp_.ConsumeIntegralInRange<unsigned>(64, 1400); break;
    }
    const bool eth = fdp_.ConsumeIntegralInRange<int>(0, 5) == 0;
    const unsigned l3 = eth ? 14 : 0;
    const unsigned hdrs = l3 + ihl + l4h, total = hdrs + payload;

    // The shape: where the bytes live.
    const int shape = fdp_.ConsumeIntegralInRange<int>(0, 4);
    unsigned head;  // bytes in the linear area
    switch (shape) {
      case 0:
      case 4: head = total; break;  // linear (4: a fast clone)
      case 1: {                     // headers-only head + frags, as GRO / header-split drivers build them
        const int split = fdp_.ConsumeIntegralInRange<int>(0, 3);
        head = split == 0 ? hdrs : split == 1 ? l3 + 20 : split == 2 ? std::min(total, 128u)
                                                                     : fdp_.ConsumeIntegralInRange<unsigned>(0, total);
        break;
      }
      case 2: head = 0; break;  // headless: all in frags
      default: head = fdp_.ConsumeIntegralInRange<unsigned>(0, total); break;  // 3: frag_list
    }
    const unsigned pad = fdp_.ConsumeBool() ? 2 : fdp_.ConsumeIntegralInRange<unsigned>(0, 64);
    Op alloc{shape == 4 ? OpKind::kAllocSkbFclone : fdp_.ConsumeBool() ? OpKind::kNetdevAllocSkb : OpKind::kAllocSkb,
             sd, -1, -1, {head + pad + (shape == 4 || fdp_.ConsumeBool() ? 0u : 64u), 0, 0}};
    if (!Emit(alloc)) return;
    eth_[static_cast<size_t>(d)] = eth;
    if (pad > 0 && !Emit(Op{OpKind::kReserve, -1, sd, -1, {std::min<unsigned>(pad, skb_tailroom(r_.skb(d))), 0, 0}}))
      return;
    if (head > static_cast<unsigned>(skb_tailroom(r_.skb(d)))) head = static_cast<unsigned>(skb_tailroom(r_.skb(d)));
    if (head > 0 && !Emit(Op{OpKind::kPut, -1, sd, -1, {head, 0, 0}})) return;
    unsigned rest = total - head;
    if (shape == 3 && rest > 0) {
      // The rest in one or two frag_list members (IP defrag, GRO's frag_list).
      const int parts = rest > 1 && fdp_.ConsumeBool() ? 2 : 1;
      for (int i = 0; i < parts && rest > 0; i++) {
        const unsigned n = i + 1 == parts ? rest : fdp_.ConsumeIntegralInRange<unsigned>(1, rest - 1);
        const int m = FreeSlot();
        if (m < 0) break;
        const auto sm = static_cast<int8_t>(m);
        if (!Emit(Op{OpKind::kAllocSkb, sm, -1, -1, {n + 32, 0, 0}})) return;
        if (!Emit(Op{OpKind::kReserve, -1, sm, -1, {32, 0, 0}})) return;
        if (!Emit(Op{OpKind::kPut, -1, sm, -1, {n, 0, 0}})) return;
        if (!Emit(Op{OpKind::kFragListAdd, -1, sd, sm, {}})) return;
        rest -= n;
      }
    }
    while (rest > 0 && skb_shinfo(r_.skb(d))->nr_frags < 3) {
      const bool last = skb_shinfo(r_.skb(d))->nr_frags == 2;
      const unsigned n = last ? rest : std::min(rest, fdp_.ConsumeIntegralInRange<unsigned>(1, 4096));
      const unsigned order = n > 4096 ? 1 : 0;
      const unsigned room = (4096u << order) - n;
      if (n > 8192) break;
      if (!Emit(Op{OpKind::kAddRxFrag, -1, sd, -1, {fdp_.ConsumeIntegralInRange<unsigned>(0, room), n, order}})) return;
      rest -= n;
    }
    // (Whatever 3 frags of at most 8 KiB could not hold is cut: the packet
    // ends early, and its headers say how long it is.)
    if (r_.skb(d)->len < hdrs) return;  // no room for the headers: a runt, dropped below
    if (!Emit(Op{OpKind::kWrite, -1, sd, -1, {0, 0, 0}, Headers(d, eth, ihl, proto)})) return;
    if (!Emit(Op{OpKind::kSetNetworkHeader, -1, sd, -1, {l3, 0, 0}})) return;
    if (!Emit(Op{OpKind::kSetTransportHeader, -1, sd, -1, {l3 + ihl, 0, 0}})) return;
    if (eth && !Emit(Op{OpKind::kSetMacHeader, -1, sd, -1, {0, 0, 0}})) return;
    switch (fdp_.ConsumeIntegralInRange<int>(0, 7)) {
      case 0:
      case 1: Emit(Op{OpKind::kCsumComplete, -1, sd, -1, {}}); break;  // a NIC that sums every frame
      case 2: Emit(Op{OpKind::kCsumUnnecessary, -1, sd, -1, {}}); break;
      default: break;
    }
  }

  // The Ethernet (optional), IPv4 and L4 headers for the payload already in
  // slot d's model, mostly valid, now and then broken.
  std::vector<uint8_t> Headers(int d, bool eth, unsigned ihl, uint8_t proto) {
    const std::vector<uint8_t>& m = Model(d);
    const unsigned l3 = eth ? 14 : 0;
    const unsigned l4h = proto == inet::kTcp ? 20 : 8;
    std::vector<uint8_t> h(l3 + ihl + l4h, 0);
    if (eth) {
      const uint8_t macs[12] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01};
      std::copy(macs, macs + 12, h.begin());
      inet::PutBe16(&h[12], fdp_.ConsumeIntegralInRange<int>(0, 15) == 0 ? 0x86dd : 0x0800);
    }
    uint8_t* ip = &h[l3];
    const unsigned len = static_cast<unsigned>(m.size()) - l3;
    unsigned tot = len;
    const int flaw = fdp_.ConsumeIntegralInRange<int>(0, 23);
    if (flaw == 1 && len > ihl + l4h) tot = len - fdp_.ConsumeIntegralInRange<unsigned>(1, len - ihl - l4h);  // link padding
    if (flaw == 2) tot = len + fdp_.ConsumeIntegralInRange<unsigned>(1, 64);  // truncated
    ip[0] = static_cast<uint8_t>(0x40 | ihl / 4);
    ip[1] = 0;
    inet::PutBe16(ip + 2, tot);
    inet::PutBe16(ip + 4, fdp_.ConsumeIntegral<uint16_t>());
    inet::PutBe16(ip + 6, flaw == 3 ? 0x2000 : flaw == 4 ? 0x00b9 : 0x4000);  // MF / an offset / DF
    ip[8] = fdp_.ConsumeBool() ? 64 : fdp_.ConsumeIntegralInRange<uint8_t>(0, 255);
    ip[9] = proto;
    std::copy_n(kAddrs[fdp_.ConsumeIntegralInRange<size_t>(0, std::size(kAddrs) - 1)], 4, ip + 12);
    std::copy_n(kAddrs[fdp_.ConsumeIntegralInRange<size_t>(0, std::size(kAddrs) - 1)], 4, ip + 16);
    for (unsigned i = 20; i < ihl; i++) ip[i] = 1;  // options: NOPs
    inet::PutBe16(ip + 10, inet::Checksum(ip, ihl));
    if (flaw == 5) ip[10] ^= 0x40;  // a broken header checksum
    // The L4 header over the payload that is in the model already.
    const unsigned l4len = (tot < len ? tot : len) - ihl;
    uint8_t* l4 = &h[l3 + ihl];
    std::vector<uint8_t> seg(m.begin() + static_cast<long>(l3 + ihl), m.begin() + static_cast<long>(l3 + ihl + l4len));
    auto port = [&] {
      return fdp_.ConsumeIntegralInRange<int>(0, 3) == 0 ? fdp_.ConsumeIntegral<uint16_t>()
                                                          : kPorts[fdp_.ConsumeIntegralInRange<size_t>(0, std::size(kPorts) - 1)];
    };
    if (proto == inet::kUdp) {
      inet::PutBe16(l4, port());
      inet::PutBe16(l4 + 2, port());
      inet::PutBe16(l4 + 4, l4len);
      const int mode = fdp_.ConsumeIntegralInRange<int>(0, 9);
      if (mode > 1) {
        std::copy(l4, l4 + 8, seg.begin());
        unsigned c = inet::Checksum(seg.data(), seg.size(), inet::PseudoSum(ip + 12, proto, l4len));
        if (c == 0) c = 0xffff;  // CSUM_MANGLED_0: 0 means "no checksum"
        if (mode == 2) c ^= 0x0101;  // wrong
        inet::PutBe16(l4 + 6, c);
      }  // else 0: no checksum (IPv4 allows it)
    } else if (proto == inet::kTcp) {
      inet::PutBe16(l4, port());
      inet::PutBe16(l4 + 2, port());
      const uint32_t seq = fdp_.ConsumeIntegral<uint32_t>();
      for (int i = 0; i < 4; i++) l4[4 + i] = static_cast<uint8_t>(seq >> (24 - 8 * i));
      l4[12] = 5 << 4;
      l4[13] = 0x18;  // PSH ACK
      inet::PutBe16(l4 + 14, 65535);
      std::copy(l4, l4 + 20, seg.begin());
      unsigned c = inet::Checksum(seg.data(), seg.size(), inet::PseudoSum(ip + 12, proto, l4len));
      if (fdp_.ConsumeIntegralInRange<int>(0, 9) == 0) c ^= 0x0101;
      inet::PutBe16(l4 + 16, c);
    } else {
      l4[0] = 8;  // ICMP echo request
      inet::PutBe16(l4 + 4, fdp_.ConsumeIntegral<uint16_t>());
      std::copy(l4, l4 + 8, seg.begin());
      inet::PutBe16(l4 + 2, inet::Checksum(seg.data(), seg.size()));
    }
    return h;
  }

  // ---- operations on a packet -------------------------------------------------

  void Peer(int8_t a) {
    const int d = FreeSlot();
    if (d < 0) return;
    static constexpr OpKind kPeers[] = {OpKind::kClone, OpKind::kClone, OpKind::kPskbCopy, OpKind::kCopy};
    if (Emit(Op{kPeers[fdp_.ConsumeIntegralInRange<int>(0, 3)], static_cast<int8_t>(d), a, -1, {}}))
      eth_[static_cast<size_t>(d)] = Eth(a);
  }

  void CsumState(int8_t a) {
    static constexpr OpKind kStates[] = {OpKind::kCsumNone, OpKind::kCsumUnnecessary, OpKind::kCsumComplete};
    Emit(Op{kStates[fdp_.ConsumeIntegralInRange<int>(0, 2)], -1, a, -1, {}});
  }

  // Drops the Ethernet header the way eth_type_trans does (ETH_HLEN linear first).
  bool StripEth(int8_t a) {
    if (!Eth(a)) return true;
    if (r_.skb(a)->len < 14) return false;
    if (skb_headlen(r_.skb(a)) < 14 && !Emit(Op{OpKind::kMayPull, -1, a, -1, {14, 0, 0}})) return false;
    if (!Emit(Op{OpKind::kPull, -1, a, -1, {14, 0, 0}})) return false;
    eth_[static_cast<size_t>(a)] = false;
    return true;
  }

  void Receive(int8_t a) {
    sk_buff* s = r_.skb(a);
    if (s->ip_summed == CHECKSUM_PARTIAL && !Emit(Op{OpKind::kCsumNone, -1, a, -1, {}})) return;
    if (Eth(a) && fdp_.ConsumeBool()) {
      if (s->len < 14) return;
      if (skb_headlen(s) < 14 && !Emit(Op{OpKind::kMayPull, -1, a, -1, {14, 0, 0}})) return;
      Emit(Op{OpKind::kNetifReceiveSkb, -1, a, -1, {}});
      return;
    }
    if (!StripEth(a)) return;
    Emit(Op{OpKind::kIpRcv, -1, a, -1, {}});
  }

  // What the transmit paths need of the packet's owner (see the top).
  void Transmit(int8_t a) {
    const int which = fdp_.ConsumeIntegralInRange<int>(0, 2);  // ip_local_out, ip_output, dev_queue_xmit
    if (which < 2 && !StripEth(a)) return;
    sk_buff* s = r_.skb(a);
    if (which < 2) {
      // __ip_local_out fills in tot_len and the checksum of a header its
      // owner built; ip_output gets the packet __ip_local_out finished.
      const inet::Ipv4View v = inet::ParseIpv4(Model(a), 0);
      if (v.ihl < 20 || Model(a).size() < v.ihl || (Model(a)[0] >> 4) != 4) return;
      if (which == 1 && (!v.ok || v.tot_len != Model(a).size())) return;
      if (skb_headlen(s) < v.ihl && !Emit(Op{OpKind::kMayPull, -1, a, -1, {v.ihl, 0, 0}})) return;
      if (which == 0 && !RangeWritable(r_.skb(a), 0, v.ihl) && !MakeWritable(a, 0, v.ihl)) return;
    }
    s = r_.skb(a);
    if (which < 2 && skb_header_cloned(s) && !Emit(Op{OpKind::kCowHead, -1, a, -1, {16, 0, 0}})) return;
    s = r_.skb(a);
    if (s->ip_summed == CHECKSUM_PARTIAL) {
      // skb_checksum_help needs the field in the linear area.
      const long start = static_cast<long>(s->csum_start) - static_cast<long>(skb_headroom(s));
      if (start < 0 || start + s->csum_offset + 2 > static_cast<long>(skb_headlen(s))) {
        if (!Emit(Op{OpKind::kCsumNone, -1, a, -1, {}})) return;
      }
    }
    static constexpr OpKind kPaths[] = {OpKind::kIpLocalOut, OpKind::kIpOutput, OpKind::kDevQueueXmit};
    Emit(Op{kPaths[which], -1, a, -1, {}});
  }

  // A hook point, with the packet as the stack presents it there.
  void Hook(int8_t a) {
    if (!StripEth(a)) return;
    const std::vector<uint8_t>& m = Model(a);
    const inet::Ipv4View v = inet::ParseIpv4(m, 0);
    if (!v.ok || v.tot_len > m.size() || v.tot_len < v.ihl) return;  // ip_rcv_core would have dropped it
    if (v.tot_len < m.size() && !Emit(Op{OpKind::kPskbTrimRcsum, -1, a, -1, {v.tot_len, 0, 0}})) return;
    if (r_.skb(a)->len != v.tot_len) return;  // (a CHECKSUM_PARTIAL field the trim would cut: ip_rcv_core drops it)
    if (skb_headlen(r_.skb(a)) < v.ihl && !Emit(Op{OpKind::kMayPull, -1, a, -1, {v.ihl, 0, 0}})) return;
    sk_buff* s = r_.skb(a);
    if (s->network_header != static_cast<__u16>(s->data - s->head) && !Emit(Op{OpKind::kSetNetworkHeader, -1, a, -1, {}}))
      return;
    if (!Emit(Op{OpKind::kSetTransportHeader, -1, a, -1, {v.ihl, 0, 0}})) return;
    static constexpr unsigned kHooks[] = {NF_INET_PRE_ROUTING, NF_INET_LOCAL_IN, NF_INET_LOCAL_OUT,
                                          NF_INET_POST_ROUTING, NF_INET_FORWARD};
    const unsigned hook = kHooks[fdp_.ConsumeIntegralInRange<int>(0, 8) / 2];
    Emit(Op{OpKind::kNfHook, -1, a, -1, {NFPROTO_IPV4, hook, 0}});
  }

  // Checksum offload on transmit: the L4 field holds the pseudo-header sum,
  // CHECKSUM_PARTIAL points at it (tcp_v4_send_check / udp4_hwcsum).
  void OffloadChecksum(int8_t a) {
    if (Eth(a)) return;
    const std::vector<uint8_t>& m = Model(a);
    const inet::Ipv4View v = inet::ParseIpv4(m, 0);
    if (!v.ok || v.fragment || v.tot_len != m.size() || (v.proto != inet::kUdp && v.proto != inet::kTcp)) return;
    const unsigned off = v.proto == inet::kUdp ? 6 : 16;
    const unsigned l4len = v.tot_len - v.ihl;
    if (l4len < off + 2) return;
    if (skb_headlen(r_.skb(a)) < v.ihl + off + 2 && !Emit(Op{OpKind::kMayPull, -1, a, -1, {v.ihl + off + 2, 0, 0}}))
      return;
    if (!MakeWritable(a, v.ihl + off, 2)) return;
    std::vector<uint8_t> field(2);
    inet::PutBe16(field.data(), inet::PseudoSum(&Model(a)[12], v.proto, l4len));
    if (!Emit(Op{OpKind::kWrite, -1, a, -1, {v.ihl + off, 0, 0}, field})) return;
    Emit(Op{OpKind::kCsumPartial, -1, a, -1, {v.ihl, off, 0}});
  }

  std::array<bool, kMaxSlots> eth_{};  // the slot's packet starts with an Ethernet header
};

}  // namespace

void DecodeNf(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops) { NfDecoder(fdp, r, p).Loop(max_ops); }

}  // namespace skbfuzz
