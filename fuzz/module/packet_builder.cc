// libskb module harness: packet shapes per hook point (packet_builder.h).
#include "packet_builder.h"

#include <linux/netfilter.h>
#include <linux/skbuff.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace skbfuzz {
namespace {

// Protocol numbers and offsets the headers below are built from
// (include/uapi/linux/in.h, ip.h, ipv6.h, udp.h, tcp.h, icmp.h).
constexpr uint8_t kProtoIcmp = 1;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr uint8_t kProtoIcmpV6 = 58;
constexpr uint32_t kTcpCheckOffset = 16;  // offsetof(struct tcphdr, check)
constexpr uint32_t kUdpCheckOffset = 6;   // offsetof(struct udphdr, check)
constexpr uint32_t kGsoTcpV4 = 1u << 0;   // SKB_GSO_TCPV4 (6.12)
constexpr uint32_t kGsoTcpV6 = 1u << 4;   // SKB_GSO_TCPV6 (6.12)
constexpr uint32_t kGsoUdpL4 = 1u << 16;  // SKB_GSO_UDP_L4 (6.12)
constexpr uint32_t kMaxTcpHeader = 320;   // MAX_TCP_HEADER (<net/tcp.h>)
constexpr uint32_t kEthHlen = 14;          // ETH_HLEN
constexpr uint32_t kLlReserved = 16;      // LL_RESERVED_SPACE(eth0): ETH_HLEN rounded to 16
constexpr uint32_t kPage = 4096;
constexpr int kMaxFrags = 16;  // below every profile's MAX_SKB_FRAGS
// IPv6 next-header values of the extension headers (include/net/ipv6.h).
constexpr uint8_t kNextHop = 0, kNextRouting = 43, kNextFragment = 44, kNextDest = 60;
// skb/route.h RouteKind::kForward, skb/conntrack.h CtChoice values (the op
// language's `route` and `ct` arguments).
constexpr uint32_t kRouteForward = 1;
constexpr uint32_t kCtChoices = 7;  // kNone .. kUntracked

// The input's field block (see Builder::Field): offsets of each header field.
// Most-compared first: ports, then IPv4 addresses.
constexpr size_t kFieldL4 = 0;      // ports, seq, ack_seq, flags, window, urg_ptr / ICMP (17)
constexpr size_t kFieldAddr4 = 17;  // IPv4 saddr, daddr (8)
constexpr size_t kFieldTos = 25;    // IPv4 tos / IPv6 traffic class + flow label (4)
constexpr size_t kFieldId = 29;     // IPv4 id (2)
constexpr size_t kFieldAddr6 = 31;  // IPv6 saddr, daddr (32)
constexpr size_t kFieldBytes = 63;

std::string g_last_shape;

Op MakeOp(const char* name, int dst, int a, int b, std::initializer_list<uint32_t> args,
          std::vector<uint8_t> bytes = {}) {
  const OpSpec* spec = SpecByName(name);
  if (spec == nullptr) {
    // The harness and the op language are built together: a missing op is a
    // build inconsistency, not an input problem.
    std::fprintf(stderr, "libskb module harness: the op language has no '%s' op\n", name);
    std::abort();
  }
  Op op;
  op.kind = spec->kind;
  op.dst = static_cast<int8_t>(dst);
  op.a = static_cast<int8_t>(a);
  op.b = static_cast<int8_t>(b);
  size_t i = 0;
  for (uint32_t v : args) op.args[i++] = v;
  op.bytes = std::move(bytes);
  return op;
}

void Put16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
  b[off] = static_cast<uint8_t>(v >> 8);
  b[off + 1] = static_cast<uint8_t>(v);
}
void Put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
  Put16(b, off, static_cast<uint16_t>(v >> 16));
  Put16(b, off + 2, static_cast<uint16_t>(v));
}

// RFC 1071 one's-complement sum of big-endian 16-bit words, unfolded.
uint64_t SumBe16(const uint8_t* p, size_t n, uint64_t sum = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += static_cast<uint32_t>(p[n - 1] << 8);
  return sum;
}
uint16_t Fold(uint64_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(sum);
}

struct Net {
  bool v6 = false;
  std::vector<uint8_t> hdr;  // the IPv4 (with options) or IPv6 header
  uint8_t proto = 0;
  // Pseudo-header sum for an upper-layer length of `len` (RFC 768/793/8200).
  uint64_t Pseudo(uint32_t len) const {
    uint64_t s = 0;
    if (v6) {
      s = SumBe16(hdr.data() + 8, 32);
      s += len >> 16;
      s += len & 0xffff;
    } else {
      s = SumBe16(hdr.data() + 12, 8);
      s += len;
    }
    return s + proto;
  }
};

class Builder {
 public:
  Builder(const std::vector<uint8_t>& fields, const std::vector<uint32_t>& hints, FuzzedDataProvider& fdp,
          const skb::HookInfo& hook, Runner& r, Program* p)
      : fields_(fields), hints_(hints), fdp_(fdp), hook_(hook), r_(r), p_(p) {}

  bool Run() {
    const bool v6 = hook_.pf == NFPROTO_IPV6;
    switch (hook_.hooknum) {
      case NF_INET_PRE_ROUTING:
      case NF_INET_LOCAL_IN:
        return Receive(v6) && ChooseConntrack(0) && Deliver(v6 ? "ip6_rcv" : "ip_rcv", 0);
      case NF_INET_FORWARD:
        // A forwarded packet comes from the receive side; after FORWARD it
        // continues in ip_forward_finish -> dst_output (ip_output).
        forwarding_ = true;
        return Receive(v6) && Forward() && ChooseConntrack(0) && HookThen(0, v6 ? "ip6_output" : "ip_output");
      case NF_INET_LOCAL_OUT:
        transmitting_ = true;
        return Transmit(v6) && ChooseConntrack(tx_slot_) && Deliver(v6 ? "ip6_local_out" : "ip_local_out", tx_slot_);
      case NF_INET_POST_ROUTING:
        // Locally generated or forwarded: both reach ip_output.
        if (fdp_.ConsumeIntegralInRange<int>(0, 3) == 3) {
          forwarding_ = true;
          return Receive(v6) && Forward() && ChooseConntrack(0) && Deliver(v6 ? "ip6_output" : "ip_output", 0);
        }
        transmitting_ = true;
        return Transmit(v6) && ChooseConntrack(tx_slot_) && Deliver(v6 ? "ip6_output" : "ip_output", tx_slot_);
      default:
        return false;  // LLVMFuzzerInitialize keeps only NF_INET_* hooks
    }
  }

 private:
  // Header field values sit at fixed offsets of the input's first
  // kFieldBytes bytes, in wire order: a value the module compares against (a
  // port, an address) then has one place in every input, whatever shape the
  // rest chose, and appears there as it appears in the packet, where
  // libFuzzer's dictionary and value profile can put it. The structural
  // choices come from the rest (FuzzedDataProvider, integers from the end),
  // where an exhausted input picks the common case (0).
  std::vector<uint8_t> Field(size_t off, size_t n) const {
    std::vector<uint8_t> b(n, 0);
    for (size_t i = 0; i < n && off + i < fields_.size(); i++) b[i] = fields_[off + i];
    return b;
  }
  // A module's own constants (LIBSKB_FUZZ_HINTS: scripts/fuzz takes them
  // from its source) stand in for a port or an address now and then:
  // libFuzzer learns 4- and 8-byte comparisons by itself but not 2-byte
  // ones, and `uh->dest == htons(PORT)` is the first thing most hooks test.
  void MaybeHint(std::vector<uint8_t>& h, size_t off, size_t width) {
    std::vector<uint32_t> pool;
    for (uint32_t v : hints_) {
      if (width == 2 ? v <= 0xffff : v > 0xffff) pool.push_back(v);
    }
    if (pool.empty() || fdp_.ConsumeIntegralInRange<int>(0, 3) != 3) return;
    const uint32_t v = pool[fdp_.ConsumeIntegralInRange<size_t>(0, pool.size() - 1)];
    if (width == 2) {
      Put16(h, off, static_cast<uint16_t>(v));
    } else {
      Put32(h, off, v);
    }
  }

  static void Copy(std::vector<uint8_t>& dst, size_t off, const std::vector<uint8_t>& src) {
    std::copy(src.begin(), src.end(), dst.begin() + static_cast<std::ptrdiff_t>(off));
  }

  bool Emit(Op op) {
    p_->ops.push_back(std::move(op));
    return r_.Step(p_->ops.back());
  }

  // The path op: the hook point in place, then the kernel code after it.
  bool Deliver(const char* path, int slot) { return Emit(MakeOp(path, -1, slot, -1, {})); }

  // FORWARD: the hook point alone (ip_forward calls NF_HOOK), then, if the
  // hooks accepted, dst_output.
  bool HookThen(int slot, const char* path) {
    if (!Emit(MakeOp("nf_hook", -1, slot, -1, {static_cast<uint32_t>(hook_.pf), hook_.hooknum}))) return false;
    if (!r_.live(slot)) return true;  // dropped or stolen
    return Emit(MakeOp(path, -1, slot, -1, {}));
  }

  // What the receive and forward paths did to a forwarded packet before
  // FORWARD: ip_rcv_core/ipv6_rcv set the transport header; ip_forward /
  // ip6_forward unshare it (skb_cow with the output device's
  // LL_RESERVED_SPACE) and decrement the TTL / hop limit (ip_decrease_ttl
  // updates the header checksum incrementally).
  bool Forward() {
    // ipv6_rcv leaves the transport header after a hop-by-hop header only.
    const uint32_t nh = net_.v6 ? rcv_thoff_ : static_cast<uint32_t>(net_.hdr.size());
    // ip_rcv_core / ipv6_rcv: the header linear, the frame trimmed to the
    // header's length (Receive() made both valid for a forwarded packet).
    if (!Emit(MakeOp("pskb_may_pull", -1, 0, -1, {nh}))) return false;
    if (r_.model_len(0) > claimed_ && !Emit(MakeOp("pskb_trim_rcsum", -1, 0, -1, {claimed_}))) return false;
    if (!Emit(MakeOp("set_transport_header", -1, 0, -1, {nh}))) return false;
    // ip_rcv_finish / ip6_rcv_finish routed it: the forwarding route (eth0).
    if (!Emit(MakeOp("route", -1, 0, -1, {kRouteForward, net_.v6 ? 1u : 0u}))) return false;
    if (!Emit(MakeOp("cow", -1, 0, -1, {kLlReserved}))) return false;
    if (net_.v6) {
      const std::vector<uint8_t> hop = {static_cast<uint8_t>(net_.hdr[7] - 1)};
      return Emit(MakeOp("write", -1, 0, -1, {7}, hop));
    }
    std::vector<uint8_t> ttl_check = {static_cast<uint8_t>(net_.hdr[8] - 1), net_.hdr[9], net_.hdr[10], net_.hdr[11]};
    // RFC 1624 incremental update for the TTL byte (the high byte of its word).
    uint32_t c = static_cast<uint32_t>(net_.hdr[10] << 8 | net_.hdr[11]) + 0x0100;
    c = (c & 0xffff) + (c >> 16);
    ttl_check[2] = static_cast<uint8_t>(c >> 8);
    ttl_check[3] = static_cast<uint8_t>(c);
    return Emit(MakeOp("write", -1, 0, -1, {8}, ttl_check));
  }

  // ---- headers ------------------------------------------------------------

  void BuildNet(bool v6, uint8_t proto, uint32_t payload_len) {
    net_ = Net{};
    net_.v6 = v6;
    net_.proto = proto;
    if (v6) {
      net_.hdr.assign(40, 0);
      const std::vector<uint8_t> f = Field(kFieldTos, 4);
      const uint8_t tc = f[0];
      const uint32_t flow = (static_cast<uint32_t>(f[1]) << 16 | f[2] << 8 | f[3]) & 0xfffff;
      uint8_t version = fdp_.ConsumeIntegralInRange<int>(0, 31) == 31 ? fdp_.ConsumeIntegralInRange<uint8_t>(0, 15) : 6;
      if (forwarding_) version = 6;
      Put32(net_.hdr, 0, static_cast<uint32_t>(version) << 28 | static_cast<uint32_t>(tc) << 20 | flow);
      Put16(net_.hdr, 4, static_cast<uint16_t>(payload_len));
      net_.hdr[6] = proto;
      net_.hdr[7] = static_cast<uint8_t>(255 - fdp_.ConsumeIntegral<uint8_t>());
      if (forwarding_ && net_.hdr[7] < 2) net_.hdr[7] = 2;
      Copy(net_.hdr, 8, Field(kFieldAddr6, 32));
      AddExtHeaders(proto);
      return;
    }
    // IP options: NOPs, a Router Alert (RFC 2113, always valid), EOL padding.
    uint32_t opt_words = 0;
    if (fdp_.ConsumeIntegralInRange<int>(0, 3) == 3) opt_words = fdp_.ConsumeIntegralInRange<uint32_t>(1, 10);
    net_.hdr.assign(20 + 4 * opt_words, 0);
    for (uint32_t i = 20; i < net_.hdr.size(); i += 4) {
      if (i == 20 && fdp_.ConsumeBool()) {
        net_.hdr[i] = 0x94;
        net_.hdr[i + 1] = 4;
      } else {
        for (int k = 0; k < 4; k++) net_.hdr[i + k] = fdp_.ConsumeBool() ? 1 : 0;
      }
    }
    uint8_t version = fdp_.ConsumeIntegralInRange<int>(0, 31) == 31 ? fdp_.ConsumeIntegralInRange<uint8_t>(0, 15) : 4;
    if (forwarding_) version = 4;
    net_.hdr[0] = static_cast<uint8_t>(version << 4 | (net_.hdr.size() / 4));
    net_.hdr[1] = Field(kFieldTos, 1)[0];
    Put16(net_.hdr, 2, static_cast<uint16_t>(net_.hdr.size() + payload_len));
    Copy(net_.hdr, 4, Field(kFieldId, 2));
    uint16_t frag = 0x4000;  // DF
    switch (fdp_.ConsumeIntegralInRange<int>(0, 15)) {
      case 14: frag = 0; break;
      case 15: frag = 0x2000 | (fdp_.ConsumeIntegral<uint16_t>() & 0x1fff); break;  // a fragment
      default: break;
    }
    Put16(net_.hdr, 6, frag);
    net_.hdr[8] = static_cast<uint8_t>(255 - fdp_.ConsumeIntegralInRange<uint8_t>(0, 254));
    if (forwarding_ && net_.hdr[8] < 2) net_.hdr[8] = 2;  // TTL 1 is not forwarded (ICMP time exceeded)
    net_.hdr[9] = proto;
    Copy(net_.hdr, 12, Field(kFieldAddr4, 8));
    MaybeHint(net_.hdr, 12, 4);
    MaybeHint(net_.hdr, 16, 4);
  }

  // IPv6 extension headers between the fixed header and the upper layer, in
  // RFC 8200 4.1 order, as a sender's socket options (IPV6_HOPOPTS,
  // IPV6_RTHDRDSTOPTS, IPV6_RTHDR, IPV6_DSTOPTS) or a fragmenting router put
  // them: hop-by-hop and destination options padded with PadN, a type 0
  // routing header with no segments left (ignored on receipt, RFC 5095),
  // and on the receive side a fragment header: atomic (offset 0, no more
  // fragments, RFC 6946) or the first fragment of a larger datagram (offset
  // 0, M set) - later fragments carry no upper-layer header for a hook to
  // read and, without nf_defrag_ipv6, reach the hooks as they are. The
  // fixed header's nexthdr names the first; net_.hdr ends with the chain, so
  // its size is the upper-layer offset.
  void AddExtHeaders(uint8_t proto) {
    ext_desc_.clear();
    rcv_thoff_ = static_cast<uint32_t>(net_.hdr.size());
    fragment_ = false;
    if (fdp_.ConsumeIntegralInRange<int>(0, 3) != 3) return;
    const int mask = fdp_.ConsumeIntegralInRange<int>(1, 31);
    std::vector<std::pair<uint8_t, std::vector<uint8_t>>> chain;
    auto opts = [&](uint8_t type) {
      // nexthdr, hdrlen 0, PadN of 4 zero bytes: 8 bytes.
      chain.push_back({type, {0, 0, 1, 4, 0, 0, 0, 0}});
    };
    if (mask & 1) opts(kNextHop);
    if ((mask & 2) && (mask & 4)) opts(kNextDest);  // destination options for the routing header's hops
    if (mask & 4) {
      std::vector<uint8_t> rt(24, 0);
      rt[1] = 2;  // (2 + 1) * 8 bytes: one address
      Copy(rt, 8, Field(kFieldAddr6 + 16, 16));
      chain.push_back({kNextRouting, rt});
    }
    if ((mask & 8) && !transmitting_) {
      std::vector<uint8_t> fh(8, 0);
      const bool first_of_many = fdp_.ConsumeBool() && !forwarding_;
      fh[3] = first_of_many ? 1 : 0;  // IP6_MF
      Copy(fh, 4, Field(kFieldId, 2));
      chain.push_back({kNextFragment, fh});
      fragment_ = first_of_many;
    }
    if (mask & 16) opts(kNextDest);
    if (chain.empty()) return;
    net_.hdr[6] = chain[0].first;
    static const char* kName[] = {"HBH", "DEST", "RT", "FRAG"};
    for (size_t i = 0; i < chain.size(); i++) {
      std::vector<uint8_t>& b = chain[i].second;
      b[0] = i + 1 < chain.size() ? chain[i + 1].first : proto;
      if (chain[i].first == kNextHop) rcv_thoff_ += static_cast<uint32_t>(b.size());  // ipv6_parse_hopopts
      net_.hdr.insert(net_.hdr.end(), b.begin(), b.end());
      const uint8_t t = chain[i].first;
      ext_desc_ += std::string(ext_desc_.empty() ? ", ext " : "+") +
                   kName[t == kNextHop ? 0 : t == kNextDest ? 1 : t == kNextRouting ? 2 : 3];
      if (t == kNextFragment && fragment_) ext_desc_ += "(first of many)";
    }
  }

  // Conntrack's view of the packet (skb/conntrack.h): none (not loaded),
  // or NEW/ESTABLISHED/RELATED in either direction, or UNTRACKED, chosen
  // last (a byte older inputs left unread: kNone). libskb attaches the entry
  // where nf_conntrack_in runs (priority -200 at PRE_ROUTING/LOCAL_OUT).
  // With conntrack loaded, nf_defrag reassembles fragments before any hook
  // above priority -400: a fragment means conntrack is not loaded.
  bool ChooseConntrack(int slot) {
    uint32_t c = static_cast<uint32_t>(fdp_.ConsumeIntegralInRange<int>(0, 15));
    c = c < 10 ? 0 : c - 9;
    if (c >= kCtChoices) c = 0;
    if (fragment_ || IsIpv4Fragment()) c = 0;
    if (c == 0) return true;
    static const char* kNames[] = {"", "NEW", "ESTABLISHED", "RELATED", "ESTABLISHED_REPLY", "RELATED_REPLY", "UNTRACKED"};
    g_last_shape += std::string(", conntrack ") + kNames[c];
    return Emit(MakeOp("ct", -1, slot, -1, {c}));
  }

  bool IsIpv4Fragment() const {
    return !net_.v6 && net_.hdr.size() >= 8 && ((net_.hdr[6] & 0x3f) != 0 || net_.hdr[7] != 0);
  }

  void SetTotLen(uint32_t l3_len) {
    if (net_.v6) {
      Put16(net_.hdr, 4, static_cast<uint16_t>(l3_len - 40));
    } else {
      Put16(net_.hdr, 2, static_cast<uint16_t>(l3_len));
    }
  }

  void FixIpCheck(bool corrupt) {
    if (net_.v6) return;
    Put16(net_.hdr, 10, 0);
    uint16_t c = static_cast<uint16_t>(~Fold(SumBe16(net_.hdr.data(), net_.hdr.size())));
    if (corrupt) c ^= static_cast<uint16_t>(fdp_.ConsumeIntegralInRange<uint16_t>(1, 0xffff));
    Put16(net_.hdr, 10, c);
  }

  std::vector<uint8_t> BuildL4(uint8_t proto, uint32_t l4_len) {
    std::vector<uint8_t> h;
    if (proto == kProtoUdp) {
      h.assign(8, 0);
      Copy(h, 0, Field(kFieldL4, 4));  // ports
      MaybeHint(h, 0, 2);
      MaybeHint(h, 2, 2);
      uint16_t len = static_cast<uint16_t>(l4_len);
      if (fdp_.ConsumeIntegralInRange<int>(0, 15) == 15) len = fdp_.ConsumeIntegral<uint16_t>();
      Put16(h, 4, len);
    } else if (proto == kProtoTcp) {
      uint32_t opt_words = fdp_.ConsumeIntegralInRange<int>(0, 3) == 3 ? fdp_.ConsumeIntegralInRange<uint32_t>(1, 10) : 0;
      h.assign(20 + 4 * opt_words, 1);  // options: NOPs
      Copy(h, 0, Field(kFieldL4, 12));  // ports, seq, ack_seq
      MaybeHint(h, 0, 2);
      MaybeHint(h, 2, 2);
      h[12] = static_cast<uint8_t>((h.size() / 4) << 4);
      Copy(h, 13, Field(kFieldL4 + 12, 3));  // flags, window
      Put16(h, 16, 0);
      Copy(h, 18, Field(kFieldL4 + 15, 2));  // urg_ptr
    } else if (proto == kProtoIcmp || proto == kProtoIcmpV6) {
      h.assign(8, 0);
      Copy(h, 0, Field(kFieldL4, 2));  // type, code
      Copy(h, 4, Field(kFieldL4 + 4, 4));
    }
    return h;
  }

  uint8_t ChooseProto(bool v6) {
    switch (fdp_.ConsumeIntegralInRange<int>(0, 15)) {
      case 14: return v6 ? kProtoIcmpV6 : kProtoIcmp;
      case 15: return fdp_.ConsumeIntegral<uint8_t>();
      default: return fdp_.ConsumeBool() ? kProtoTcp : kProtoUdp;
    }
  }

  uint32_t ChoosePayload() {
    switch (fdp_.ConsumeIntegralInRange<int>(0, 7)) {
      case 5: return 0;
      case 6: return fdp_.ConsumeIntegralInRange<uint32_t>(1, 16);
      case 7: return fdp_.ConsumeIntegralInRange<uint32_t>(1400, 9000);
      default: return fdp_.ConsumeIntegralInRange<uint32_t>(1, 1472);
    }
  }

  // Writes the headers at data+0 of `slot`, then the L4 checksum over the
  // real bytes of the skb (payload included), as the sender or the NIC
  // computed it (or deliberately wrong / absent, from the input).
  bool WriteHeaders(int slot, uint32_t l3_len, const std::vector<uint8_t>& l4, bool partial) {
    const uint32_t nh = static_cast<uint32_t>(net_.hdr.size());
    if (!Emit(MakeOp("write", -1, slot, -1, {0}, net_.hdr))) return false;
    if (!l4.empty() && !Emit(MakeOp("write", -1, slot, -1, {nh}, l4))) return false;
    const int check_off = net_.proto == kProtoTcp ? 16 : net_.proto == kProtoUdp ? 6
                          : (net_.proto == kProtoIcmp || net_.proto == kProtoIcmpV6) ? 2 : -1;
    if (check_off < 0 || l4.empty()) return true;
    const uint32_t avail = static_cast<uint32_t>(r_.model_len(slot));
    const uint32_t l4_len = std::min(l3_len, avail) > nh ? std::min(l3_len, avail) - nh : 0;
    uint16_t check = 0;
    if (partial) {
      // tcp_v4_send_check/udp4_hwcsum style: the pseudo-header sum, not
      // inverted, for the device (or skb_checksum_help) to complete.
      check = Fold(net_.Pseudo(l4_len));
    } else {
      const int how = fdp_.ConsumeIntegralInRange<int>(0, 15);
      if (how == 15 && net_.proto == kProtoUdp) return true;  // no UDP checksum (IPv4: legal; IPv6: dropped)
      std::vector<uint8_t> bytes = ReadBack(slot, nh, l4_len);
      uint64_t sum = SumBe16(bytes.data(), bytes.size());
      if (net_.proto != kProtoIcmp) sum += net_.Pseudo(l4_len);
      check = static_cast<uint16_t>(~Fold(sum));
      if (check == 0 && net_.proto == kProtoUdp) check = 0xffff;  // RFC 768: 0 means none
      if (how == 14) check ^= fdp_.ConsumeIntegralInRange<uint16_t>(1, 0xffff);
    }
    std::vector<uint8_t> c = {static_cast<uint8_t>(check >> 8), static_cast<uint8_t>(check)};
    return Emit(MakeOp("write", -1, slot, -1, {nh + static_cast<uint32_t>(check_off)}, c));
  }

  std::vector<uint8_t> ReadBack(int slot, uint32_t off, uint32_t len) {
    std::vector<uint8_t> out(len);
    if (len > 0 && skb_copy_bits(r_.skb(slot), static_cast<int>(off), out.data(), static_cast<int>(len)) != 0) {
      out.clear();
    }
    return out;
  }

  // Page frags for `len` bytes: sizes and offsets from the input, in
  // order-0..3 pages as drivers and GRO attach them. Bytes beyond
  // max_frags frags are left out (the caller re-reads the length).
  bool AddFrags(int slot, uint32_t len, int max_frags) {
    constexpr uint32_t kMaxFragSize = kPage << 3;
    for (int n = 0; len > 0 && n < max_frags; n++) {
      const uint32_t cap = std::min(len, kMaxFragSize);
      const uint32_t size = n + 1 == max_frags ? cap : fdp_.ConsumeIntegralInRange<uint32_t>(1, cap);
      uint32_t order = 0;
      while ((kPage << order) < size) order++;
      if (order < 3 && fdp_.ConsumeIntegralInRange<int>(0, 7) == 7) order++;  // a larger compound page
      const uint32_t room = (kPage << order) - size;
      const uint32_t off = room == 0 ? 0 : fdp_.ConsumeIntegralInRange<uint32_t>(0, room);
      if (!Emit(MakeOp("add_rx_frag", -1, slot, -1, {off, size, order}))) return false;
      len -= size;
    }
    return true;
  }

  // ---- receive --------------------------------------------------------------

  bool Receive(bool v6) {
    const uint8_t proto = ChooseProto(v6);
    const uint32_t payload = ChoosePayload();
    BuildNet(v6, proto, 0);
    std::vector<uint8_t> l4 = BuildL4(proto, 8 + payload);
    const uint32_t l3_len = static_cast<uint32_t>(net_.hdr.size() + l4.size()) + payload;

    // tot_len/payload_len: right; past the end (truncated in flight); or the
    // frame carries Ethernet padding after it.
    uint32_t frame = l3_len;
    uint32_t claimed = l3_len;
    switch (fdp_.ConsumeIntegralInRange<int>(0, 11)) {
      case 10: claimed = l3_len + fdp_.ConsumeIntegralInRange<uint32_t>(1, 64); break;
      case 11: frame = l3_len + fdp_.ConsumeIntegralInRange<uint32_t>(1, 46); break;
      default: break;
    }
    if (forwarding_) claimed = l3_len;  // ip_rcv_core drops a truncated packet: it is never forwarded
    if (claimed > 0xffff) claimed = 0xffff;
    claimed_ = claimed;
    SetTotLen(claimed);
    FixIpCheck(fdp_.ConsumeIntegralInRange<int>(0, 31) == 31 && !forwarding_);

    enum Shape { kLinear, kHeaderSplit, kHeadless, kFragList };
    const Shape shape = static_cast<Shape>(fdp_.ConsumeIntegralInRange<int>(0, 3));
    const bool small_headroom = fdp_.ConsumeIntegralInRange<int>(0, 3) == 3;
    const bool cloned = fdp_.ConsumeIntegralInRange<int>(0, 3) == 3;
    static const char* kNames[] = {"linear", "headers-only head + frags", "headless", "frag_list"};
    g_last_shape = std::string("receive ") + (v6 ? "IPv6, " : "IPv4, ") + kNames[shape] +
                   (small_headroom ? ", small headroom" : "") + (cloned ? ", cloned" : "") + ext_desc_;

    // The head as the driver leaves it after eth_type_trans: NET_SKB_PAD +
    // ETH_HLEN of headroom (netdev_alloc_skb), or less for a small-headroom
    // driver.
    uint32_t head_bytes = frame;
    const uint32_t hdrs = static_cast<uint32_t>(net_.hdr.size() + l4.size());
    if (shape == kHeaderSplit) {
      switch (fdp_.ConsumeIntegralInRange<int>(0, 3)) {
        case 0: head_bytes = std::min(frame, hdrs); break;                                      // header split
        case 1: head_bytes = std::min<uint32_t>(frame, 128); break;                             // virtio/GRO copybreak
        case 2: head_bytes = std::min<uint32_t>(frame, static_cast<uint32_t>(net_.hdr.size())); break;
        default: head_bytes = fdp_.ConsumeIntegralInRange<uint32_t>(0, frame); break;
      }
    } else if (shape == kHeadless) {
      head_bytes = 0;
    } else if (shape == kFragList) {
      head_bytes = std::min(frame, fdp_.ConsumeIntegralInRange<uint32_t>(hdrs > 0 ? 1 : 0, std::max(hdrs, 1u) + 64));
    }
    // The Ethernet header stays in front of the network header (eth_type_trans
    // only pulls it), so ETH_HLEN of headroom is the least any Ethernet driver leaves.
    uint32_t headroom = small_headroom ? kEthHlen + fdp_.ConsumeIntegralInRange<uint32_t>(0, 16) : kEthHlen;
    // A head sized to what it holds (build_skb over a header-split buffer,
    // napi_get_frags): no tailroom, so any pull reallocates the head.
    const bool tight = shape != kLinear && fdp_.ConsumeIntegralInRange<int>(0, 3) == 3;
    if (small_headroom) {
      if (!Emit(MakeOp("alloc_skb", 0, -1, -1, {headroom + head_bytes}))) return false;
    } else {
      if (!Emit(MakeOp("netdev_alloc_skb", 0, -1, -1, {headroom + head_bytes}))) return false;
    }
    if (tight) {
      const int room = skb_tailroom(r_.skb(0));
      if (room >= static_cast<int>(head_bytes + kEthHlen)) headroom = static_cast<uint32_t>(room) - head_bytes;
      g_last_shape += ", no tailroom";
    }
    if (headroom > 0 && !Emit(MakeOp("reserve", -1, 0, -1, {headroom}))) return false;
    if (head_bytes > 0 && !Emit(MakeOp("put", -1, 0, -1, {head_bytes}))) return false;
    uint32_t rest = frame - head_bytes;
    if (shape == kFragList && rest > 0) {
      // GRO frag_list: the head skb keeps some frags, later segments hang off
      // frag_list as skbs of their own (linear part + frags).
      const uint32_t in_frags = fdp_.ConsumeIntegralInRange<uint32_t>(0, rest);
      if (in_frags > 0 && !AddFrags(0, in_frags, 4)) return false;
      rest -= in_frags;
      int member = 2;
      while (rest > 0 && member < kMaxSlots) {
        const uint32_t seg = member + 1 == kMaxSlots ? rest : fdp_.ConsumeIntegralInRange<uint32_t>(1, rest);
        const uint32_t lin = fdp_.ConsumeIntegralInRange<uint32_t>(0, std::min<uint32_t>(seg, 2048));
        if (!Emit(MakeOp("alloc_skb", member, -1, -1, {lin}))) return false;
        if (lin > 0 && !Emit(MakeOp("put", -1, member, -1, {lin}))) return false;
        if (seg > lin && !AddFrags(member, seg - lin, kMaxFrags)) return false;
        if (!Emit(MakeOp("frag_list_add", -1, 0, member, {}))) return false;
        rest -= seg;
        member++;
      }
    } else if (rest > 0) {
      if (!AddFrags(0, rest, kMaxFrags)) return false;
    }
    // What did not fit the frag budget shortens the frame (a smaller packet).
    frame = static_cast<uint32_t>(r_.model_len(0));

    if (!Emit(MakeOp("set_network_header", -1, 0, -1, {0}))) return false;
    if (!WriteHeaders(0, std::min(claimed, frame), l4, false)) return false;
    switch (fdp_.ConsumeIntegralInRange<int>(0, 3)) {
      case 1:
        if (!Emit(MakeOp("csum_unnecessary", -1, 0, -1, {}))) return false;
        break;
      case 2:
        if (!Emit(MakeOp("csum_complete", -1, 0, -1, {}))) return false;
        break;
      default:
        break;  // CHECKSUM_NONE: the transport verifies in software
    }
    // The frame's Ethernet header, where eth_type_trans (net/ethernet/eth.c,
    // every profile) leaves it: before skb->data, with skb->mac_header on it,
    // addressed to eth0. Hooks read it with eth_hdr()/skb_mac_header().
    std::vector<uint8_t> eth = {0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02,
                                static_cast<uint8_t>(v6 ? 0x86 : 0x08), static_cast<uint8_t>(v6 ? 0xdd : 0x00)};
    if (!Emit(MakeOp("push", -1, 0, -1, {kEthHlen}))) return false;
    if (!Emit(MakeOp("write", -1, 0, -1, {0}, eth))) return false;
    if (!Emit(MakeOp("set_mac_header", -1, 0, -1, {0}))) return false;
    if (!Emit(MakeOp("pull", -1, 0, -1, {kEthHlen}))) return false;
    // A packet tap (af_packet's packet_rcv) keeps a clone of what it saw.
    if (cloned && !Emit(MakeOp("clone", 1, 0, -1, {}))) return false;
    return true;
  }

  // ---- transmit -------------------------------------------------------------

  bool Transmit(bool v6) {
    const bool tcp = fdp_.ConsumeIntegralInRange<int>(0, 4) < 3;
    const uint8_t proto = tcp ? kProtoTcp : kProtoUdp;
    const uint32_t payload = ChoosePayload();
    BuildNet(v6, proto, 0);
    std::vector<uint8_t> l4 = BuildL4(proto, 0);
    const uint32_t nh = static_cast<uint32_t>(net_.hdr.size());
    const bool small_headroom = fdp_.ConsumeIntegralInRange<int>(0, 3) == 3;
    const bool paged = fdp_.ConsumeBool();
    const uint32_t linear = paged ? fdp_.ConsumeIntegralInRange<uint32_t>(0, std::min<uint32_t>(payload, 256)) : payload;
    const bool partial = fdp_.ConsumeIntegralInRange<int>(0, 3) != 0;
    const uint32_t hdrs = nh + static_cast<uint32_t>(l4.size());

    if (tcp) {
      // tcp_stream_alloc_skb: an fclone with MAX_TCP_HEADER reserved, the
      // stream bytes linear or in page frags; tcp_transmit_skb clones it and
      // pushes the TCP header on the clone; ip_queue_xmit pushes the IP one.
      const uint32_t reserve = small_headroom ? hdrs + fdp_.ConsumeIntegralInRange<uint32_t>(0, 16) : kMaxTcpHeader;
      if (!Emit(MakeOp("alloc_skb_fclone", 0, -1, -1, {reserve + linear}))) return false;
      if (!Emit(MakeOp("reserve", -1, 0, -1, {reserve}))) return false;
      if (linear > 0 && !Emit(MakeOp("put", -1, 0, -1, {linear}))) return false;
      if (payload > linear && !AddFrags(0, payload - linear, kMaxFrags)) return false;
      // tcp_skb_entail: __skb_header_release, so the transmit clone owns the
      // headroom it pushes its headers into (skb_header_cloned() is false).
      if (!Emit(MakeOp("header_release", -1, 0, -1, {}))) return false;
      if (!Emit(MakeOp("clone", 1, 0, -1, {}))) return false;
      tx_slot_ = 1;
      if (!Emit(MakeOp("push", -1, 1, -1, {static_cast<uint32_t>(l4.size())}))) return false;
      if (!Emit(MakeOp("push", -1, 1, -1, {nh}))) return false;
    } else {
      // ip_make_skb/__ip_append_data: hh_len reserved, headers and the
      // first bytes linear, the rest in page frags when the device has SG.
      const uint32_t reserve = small_headroom ? fdp_.ConsumeIntegralInRange<uint32_t>(0, 16) : kLlReserved;
      if (!Emit(MakeOp("alloc_skb", 0, -1, -1, {reserve + hdrs + linear}))) return false;
      if (reserve > 0 && !Emit(MakeOp("reserve", -1, 0, -1, {reserve}))) return false;
      if (!Emit(MakeOp("put", -1, 0, -1, {hdrs + linear}))) return false;
      if (payload > linear && !AddFrags(0, payload - linear, kMaxFrags)) return false;
      tx_slot_ = 0;
    }
    const int s = tx_slot_;
    const uint32_t frame = static_cast<uint32_t>(r_.model_len(s));
    SetTotLen(frame);
    if (proto == kProtoUdp) Put16(l4, 4, static_cast<uint16_t>(frame - nh));
    FixIpCheck(false);
    g_last_shape = std::string("transmit ") + (v6 ? "IPv6 " : "IPv4 ") + (tcp ? "TCP write-queue clone" : "UDP datagram") +
                   (paged ? ", paged" : ", linear") + (partial ? ", CHECKSUM_PARTIAL" : "") +
                   (small_headroom ? ", small headroom" : "") + ext_desc_;
    if (!Emit(MakeOp("set_network_header", -1, s, -1, {0}))) return false;
    if (!Emit(MakeOp("set_transport_header", -1, s, -1, {nh}))) return false;
    if (!WriteHeaders(s, frame, l4, partial)) return false;
    if (partial) {
      const uint32_t off = tcp ? kTcpCheckOffset : kUdpCheckOffset;
      if (!Emit(MakeOp("csum_partial", -1, s, -1, {nh, off}))) return false;
    }
    // TSO/USO: a super-packet the device (or validate_xmit_skb's GSO) splits.
    const uint32_t mss = fdp_.ConsumeIntegralInRange<uint32_t>(536, 1460);
    if (payload > mss && fdp_.ConsumeBool()) {
      const uint32_t type = tcp ? (v6 ? kGsoTcpV6 : kGsoTcpV4) : kGsoUdpL4;
      g_last_shape += ", GSO";
      if (!Emit(MakeOp("gso", -1, s, -1, {mss, (payload + mss - 1) / mss, type}))) return false;
    }
    return true;
  }

  const std::vector<uint8_t>& fields_;
  const std::vector<uint32_t>& hints_;
  FuzzedDataProvider& fdp_;
  const skb::HookInfo& hook_;
  Runner& r_;
  Program* p_;
  Net net_;
  bool forwarding_ = false;
  bool transmitting_ = false;  // building a locally generated packet (no fragment headers)
  bool fragment_ = false;      // an IPv6 first fragment of a larger datagram
  uint32_t rcv_thoff_ = 0;     // IPv6: where ipv6_rcv leaves the transport header (40 + hop-by-hop)
  std::string ext_desc_;       // ", ext HBH+RT" for the shape name
  uint32_t claimed_ = 0;  // the IP header's length of the packet (tot_len / 40 + payload_len)
  int tx_slot_ = 0;
};

}  // namespace

bool BuildAndRun(const uint8_t* data, size_t size, const std::vector<skb::HookInfo>& hooks,
                 const std::vector<uint32_t>& hints, Runner& runner, Program* program, const skb::HookInfo** chosen) {
  // Short inputs (libFuzzer starts short and grows them) split in half, so
  // that they choose shapes as well as header values from the start.
  const size_t nfields = std::min(size / 2, kFieldBytes);
  const std::vector<uint8_t> fields(data, data + nfields);
  FuzzedDataProvider fdp(data + nfields, size - nfields);
  const skb::HookInfo& hook = hooks[fdp.ConsumeIntegralInRange<size_t>(0, hooks.size() - 1)];
  if (chosen != nullptr) *chosen = &hook;
  Builder b(fields, hints, fdp, hook, runner, program);
  return b.Run() && !runner.finding();
}

std::string LastShapeName() { return g_last_shape; }

}  // namespace skbfuzz
