// libskb fuzz harness: the packet ops (write, header offsets, checksum
// state, gso), nf_hook and the IPv4 path ops (skb/netfilter.h), with the
// model's prediction of what a path does to a packet no hook touched.
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/net_namespace.h>

#include <algorithm>
#include <cstring>

#include "inet.h"
#include "skb/conntrack.h"
#include "skb/route.h"
#include "runner_impl.h"

namespace skbfuzz {
namespace {

unsigned Be16(const std::vector<uint8_t>& m, size_t at) { return static_cast<unsigned>(m[at]) << 8 | m[at + 1]; }

// RFC 1071 over the bytes, 0 when they (with their checksum field) verify.
uint16_t Fold(const uint8_t* p, size_t n) { return RefCsumFold(p, n); }

// What a path should do with a packet, computed from the model's bytes by
// the kernel's rules (not by libskb's code).
struct Prediction {
  bool sure = false;  // false: the model does not say (the outcome is not checked)
  skb::PathOutcome outcome = skb::PathOutcome::kDropped;
  std::string why;
  bool has_bytes = false;      // payload (rx) / frame (tx) to compare
  std::vector<uint8_t> bytes;  // rx: the delivered payload; tx: the frame
  long csum_field = -1;        // tx: the frame offset skb_checksum_help fills, or -1
  uint16_t csum_want = 0;      // tx: what it must hold (modulo the two zeros)
  size_t link_len = 0;         // tx: bytes of link header in front of the packet
};

Prediction Sure(skb::PathOutcome o, std::string why) {
  Prediction p;
  p.sure = true;
  p.outcome = o;
  p.why = std::move(why);
  return p;
}

// Whether an L4 checksum over m[l4, l4 + len) with the pseudo-header of the
// IPv4 header at off verifies.
bool L4Verifies(const std::vector<uint8_t>& m, size_t off, size_t l4, size_t len, uint8_t proto) {
  std::vector<uint8_t> ps(12 + len);
  std::memcpy(ps.data(), &m[off + 12], 8);  // saddr, daddr
  ps[8] = 0;
  ps[9] = proto;
  ps[10] = static_cast<uint8_t>(len >> 8);
  ps[11] = static_cast<uint8_t>(len);
  std::memcpy(ps.data() + 12, &m[l4], len);
  return Fold(ps.data(), ps.size()) == 0;
}

// ip_rcv_core + ip_local_deliver + udp_rcv / tcp_v4_rcv (net/ipv4/ip_input.c,
// udp.c, tcp_ipv4.c, 5.10/6.12) on the model's bytes from `off` (the IPv4
// header). partial_start: for CHECKSUM_PARTIAL, csum_start relative to the
// packet's first byte (skb_csum_unnecessary trusts it when it is not before
// the transport header), else -1.
Prediction PredictRx(const std::vector<uint8_t>& m, size_t off, unsigned ip_summed, long partial_start) {
  using skb::PathOutcome;
  if (m.size() < off + 20) return Sure(PathOutcome::kDropped, "no room for the IPv4 header");
  const unsigned ver = m[off] >> 4, ihl = m[off] & 15u;
  if (ihl < 5 || ver != 4) return Sure(PathOutcome::kDropped, "bad version/ihl");
  const size_t size = m.size() - off;
  if (size < ihl * 4u) return Sure(PathOutcome::kDropped, "ihl*4 bytes not available");
  if (Fold(&m[off], ihl * 4u) != 0) return Sure(PathOutcome::kDropped, "bad IPv4 header checksum");
  const unsigned tot = Be16(m, off + 2);
  if (tot > size || tot < ihl * 4u) return Sure(PathOutcome::kDropped, "bad tot_len");
  if (Be16(m, off + 6) & 0x3fff) return Sure(PathOutcome::kNotModelled, "IP fragment");
  const size_t l4 = off + ihl * 4u;
  const size_t l4len = tot - ihl * 4u;
  const uint8_t proto = m[off + 9];
  // __skb_checksum_validate: what the model's bytes cannot decide is left open.
  const bool trusted = ip_summed == CHECKSUM_UNNECESSARY ||
                       (ip_summed == CHECKSUM_PARTIAL && partial_start >= static_cast<long>(l4));
  auto verify = [&](size_t len, const char* what) -> std::optional<Prediction> {
    if (trusted || L4Verifies(m, off, l4, len, proto)) return std::nullopt;
    // A CHECKSUM_COMPLETE sum is believed when it matches, whatever the bytes.
    if (ip_summed == CHECKSUM_COMPLETE) return Prediction{};
    return Sure(PathOutcome::kDropped, what);
  };
  Prediction p = Sure(PathOutcome::kDelivered, "");
  p.has_bytes = true;
  if (proto == 17) {
    if (l4len < 8) return Sure(PathOutcome::kDropped, "no room for the UDP header");
    const unsigned ulen = Be16(m, l4 + 4);
    if (ulen > l4len || ulen < 8) return Sure(PathOutcome::kDropped, "bad UDP length");
    if (Be16(m, l4 + 6) != 0) {
      if (auto no = verify(ulen, "bad UDP checksum")) return *no;
    }
    p.bytes.assign(m.begin() + static_cast<long>(l4 + 8), m.begin() + static_cast<long>(l4 + ulen));
    return p;
  }
  if (proto == 6) {
    if (l4len < 20) return Sure(PathOutcome::kDropped, "no room for the TCP header");
    const unsigned doff = m[l4 + 12] >> 4;
    if (doff < 5 || doff * 4u > l4len) return Sure(PathOutcome::kDropped, "bad doff");
    if (auto no = verify(l4len, "bad TCP checksum")) return *no;
  }
  p.bytes.assign(m.begin() + static_cast<long>(l4), m.begin() + static_cast<long>(off + tot));
  return p;
}

// validate_xmit_skb + the driver (net/core/dev.c) on the model's bytes m,
// the frame starting at frame_off of what the device sees (the Ethernet
// header ip_finish_output2 pushes, if any, comes first in `link`).
Prediction PredictXmit(const sk_buff* s, const std::vector<uint8_t>& link, const std::vector<uint8_t>& m) {
  using skb::PathOutcome;
  if (skb_is_gso(s)) return Sure(PathOutcome::kNotModelled, "GSO");
  Prediction p = Sure(PathOutcome::kDelivered, "");
  p.has_bytes = true;
  p.bytes = link;
  p.link_len = link.size();
  p.bytes.insert(p.bytes.end(), m.begin(), m.end());
  if (s->ip_summed == CHECKSUM_PARTIAL) {
    const long start = static_cast<long>(s->csum_start) - static_cast<long>(skb_headroom(s));
    const long field = start + s->csum_offset;
    if (start < 0 || static_cast<size_t>(field) + 2 > m.size()) return Prediction{};  // the decoder never does this
    p.csum_field = static_cast<long>(link.size()) + field;
    p.csum_want = Fold(m.data() + start, m.size() - static_cast<size_t>(start));
  }
  return p;
}

std::string Outcome(skb::PathOutcome o) { return skb::PathOutcomeName(o); }

std::string HookLines(const std::vector<skb::HookRun>& runs) {
  std::string out;
  for (const skb::HookRun& h : runs) {
    out += "  hook: " + h.hook.Describe() + " -> " + skb::NfVerdictName(h.verdict);
    if (!h.changes.empty()) out += " [" + h.changes + "]";
    out += "\n";
  }
  return out;
}

// Compares a path's outcome and bytes with the prediction.
void CheckPath(const Runner::Impl& r, const char* path, const Prediction& want, skb::PathOutcome got,
               const std::string& stage, const std::string& reason, const std::vector<uint8_t>& bytes, bool rx) {
  const bool hooks = !r.hook_runs.empty();
  if (hooks && !r.options.trusted_hooks) return;  // a module may drop or mangle at will
  if (!want.sure) return;
  if (got != want.outcome) {
    Fail("postcondition", std::string(path) + " outcome",
         Fmt("%s: %s at %s (%s), but the packet's bytes say %s%s%s\n", path, Outcome(got).c_str(), stage.c_str(),
             reason.c_str(), Outcome(want.outcome).c_str(), want.why.empty() ? "" : ": ", want.why.c_str()) +
             HookLines(r.hook_runs));
  }
  if (got != skb::PathOutcome::kDelivered || !want.has_bytes) return;
  if (hooks && !rx) {
    // Trusted hooks rewrite headers: the frame differs from the model, but
    // the checksums that were valid in the model's frame must be valid in it.
    std::vector<uint8_t> pred = want.bytes;
    if (want.csum_field >= 0) std::memcpy(&pred[static_cast<size_t>(want.csum_field)], &want.csum_want, 2);
    const size_t off = want.link_len;  // the IPv4 header follows the link header
    const inet::Ipv4View pv = inet::ParseIpv4(pred, off), gv = inet::ParseIpv4(bytes, off);
    if (pv.ok && !gv.ok)
      Fail("postcondition", std::string(path) + " IPv4 checksum",
           std::string(path) + ": the frame's IPv4 header checksum is wrong after the hooks; the unhooked frame's was right\n" +
               HookLines(r.hook_runs));
    if (inet::L4ChecksumOk(pred, off) == 1 && inet::L4ChecksumOk(bytes, off) != 1)
      Fail("postcondition", std::string(path) + " L4 checksum",
           std::string(path) + ": the frame's UDP/TCP checksum is wrong after the hooks; the unhooked frame's was right\n" +
               HookLines(r.hook_runs));
    return;
  }
  // Trusted hooks never change a UDP payload; other L4 bytes (the
  // transport header included) are compared only when no hook ran.
  std::vector<uint8_t> expect = want.bytes;
  if (want.csum_field >= 0 && bytes.size() == expect.size() && static_cast<size_t>(want.csum_field) + 2 <= bytes.size()) {
    uint16_t stored;
    std::memcpy(&stored, &bytes[static_cast<size_t>(want.csum_field)], 2);
    if (!CsumEquivalent(stored, want.csum_want))
      Fail("shadow", std::string(path) + " checksum",
           Fmt("%s: skb_checksum_help stored 0x%04x at frame offset %ld, the model's bytes fold to 0x%04x\n", path,
               stored, want.csum_field, want.csum_want));
    expect[static_cast<size_t>(want.csum_field)] = bytes[static_cast<size_t>(want.csum_field)];
    expect[static_cast<size_t>(want.csum_field) + 1] = bytes[static_cast<size_t>(want.csum_field) + 1];
  }
  if (bytes.size() != expect.size())
    Fail("shadow", std::string(path) + (rx ? " payload" : " frame"),
         Fmt("%s delivered %zu bytes, the model says %zu\n", path, bytes.size(), expect.size()) + HookLines(r.hook_runs));
  const std::string d = CompareBytes(bytes.data(), expect.data(), expect.size());
  if (!d.empty())
    Fail("shadow", std::string(path) + (rx ? " payload" : " frame"),
         std::string(path) + (rx ? ": the delivered payload differs from the model: " : ": the frame differs from the model: ") +
             d + HookLines(r.hook_runs));
}

// Whether the packet at off is UDP (whose delivered payload hooks leave alone).
bool UdpDelivery(const std::vector<uint8_t>& m, size_t off) { return m.size() > off + 9 && m[off + 9] == 17; }

void RunHook(Runner::Impl& r, const Op& op) {
  const uint32_t pf = op.args[0], hook = op.args[1];
  if (pf > 255) HarnessError(Fmt("pf %u does not fit in a u8", pf));
  if (hook >= NF_INET_NUMHOOKS) HarnessError(Fmt("hook %u is not an NF_INET_* hook (0..%d)", hook, NF_INET_NUMHOOKS - 1));
  sk_buff* s = r.skbs[op.a];
  // nf_hook_state: the input device on the way in, the output device on the way out.
  net_device* dev = skb::DefaultDevice();
  net_device* in = hook == NF_INET_PRE_ROUTING || hook == NF_INET_LOCAL_IN || hook == NF_INET_FORWARD ? dev : nullptr;
  net_device* out = hook == NF_INET_FORWARD || hook == NF_INET_LOCAL_OUT || hook == NF_INET_POST_ROUTING ? dev : nullptr;
  const skb::NfHookResult h =
      skb::RunNfHooks(static_cast<uint8_t>(pf), hook, &init_net, nullptr, s, in, out, nullptr);
  r.hook_runs = h.runs;
  std::string outcome;
  switch (h.outcome) {
    case skb::HookOutcome::kAccepted: {
      outcome = "accepted";
      // The slot's owner may have mangled its packet: the model takes its bytes.
      std::vector<uint8_t> now = ReadAll(s);
      if (r.options.trusted_hooks) {
        // Correct manglers keep valid checksums valid (the packet's IPv4
        // header is at data at every hook point).
        const std::vector<uint8_t>& was = r.shadow[op.a];
        if (inet::ParseIpv4(was, 0).ok && !inet::ParseIpv4(now, 0).ok)
          Fail("postcondition", "hook IPv4 checksum", "the IPv4 header checksum was right before the hooks, wrong after\n" + HookLines(h.runs));
        if (s->ip_summed != CHECKSUM_PARTIAL && inet::L4ChecksumOk(was, 0) == 1 && inet::L4ChecksumOk(now, 0) != 1)
          Fail("postcondition", "hook L4 checksum", "the UDP/TCP checksum was right before the hooks, wrong after\n" + HookLines(h.runs));
      }
      r.shadow[op.a] = std::move(now);
      break;
    }
    case skb::HookOutcome::kDropped:
    case skb::HookOutcome::kQueueDropped:
      outcome = h.outcome == skb::HookOutcome::kDropped ? "dropped (freed)" : "queued without a handler (freed)";
      r.skbs[op.a] = nullptr;
      r.shadow[op.a].clear();
      break;
    case skb::HookOutcome::kStolen:
    case skb::HookOutcome::kLost:
      outcome = h.outcome == skb::HookOutcome::kStolen ? "stolen" : "lost (neither freed nor passed on)";
      r.skbs[op.a] = nullptr;
      r.shadow[op.a].clear();
      if (r.leak_off.empty())
        r.leak_off = SkbSlot(op.a) + " was " + outcome + " by " + (h.runs.empty() ? "a hook" : h.runs.back().hook.Describe());
      outcome += "; the module keeps it: leak check off for the rest of the program";
      break;
  }
  r.note = Fmt("nf_hook %s %s: %s, nf_hook() = %d\n", skb::NfProtoName(static_cast<int>(pf)),
               skb::NfHookName(hook), outcome.c_str(), h.ret) +
           (h.runs.empty() ? std::string("  (no hooks registered there)\n") : HookLines(h.runs));
}

void RunPath(Runner::Impl& r, const Op& op) {
  sk_buff* s = r.skbs[op.a];
  std::vector<uint8_t> m = std::move(r.shadow[op.a]);
  r.skbs[op.a] = nullptr;
  r.shadow[op.a].clear();
  r.in_path.push_back(s);  // the caller's if a KernelBug escapes (skb/netfilter.h "Ownership")
  const char* name = OpName(op.kind);
  skb::PathOutcome got;
  std::string stage, reason;
  std::vector<uint8_t> bytes;
  Prediction want;
  bool rx = false;
  switch (op.kind) {
    case OpKind::kIpRcv:
    case OpKind::kNetifReceiveSkb: {
      rx = true;
      const size_t off = op.kind == OpKind::kIpRcv ? 0 : 14;
      // (An IPv6 frame is not predicted: the model judges IPv4 only.)
      if (off == 0 || (m.size() >= 14 && Be16(m, 12) == 0x0800)) {
        const long partial = s->ip_summed == CHECKSUM_PARTIAL
                                 ? static_cast<long>(s->csum_start) - static_cast<long>(skb_headroom(s))
                                 : -1;
        want = PredictRx(m, off, s->ip_summed, partial);
      }
      skb::RxResult res = op.kind == OpKind::kIpRcv ? skb::IpRcv(s) : skb::NetifReceiveSkb(s);
      r.hook_runs = res.hooks;
      got = res.outcome;
      stage = res.stage;
      reason = res.reason;
      bytes = std::move(res.payload);
      // Only a UDP payload is hook-proof: the L4 bytes of other protocols
      // include a header and checksum a NAT hook updates.
      if (!r.hook_runs.empty() && !UdpDelivery(m, off)) want.has_bytes = false;
      break;
    }
    case OpKind::kIpLocalOut:
    case OpKind::kIpOutput:
    case OpKind::kDevQueueXmit: {
      if (op.kind == OpKind::kIpLocalOut && m.size() >= 20 && (m[0] & 15u) >= 5 && m.size() >= (m[0] & 15u) * 4u &&
          m.size() <= 0xffff) {
        // __ip_local_out: tot_len = skb->len, then ip_send_check().
        const unsigned ihl = m[0] & 15u;
        m[2] = static_cast<uint8_t>(m.size() >> 8);
        m[3] = static_cast<uint8_t>(m.size());
        m[10] = m[11] = 0;
        const uint16_t c = Fold(m.data(), ihl * 4u);
        std::memcpy(&m[10], &c, 2);
      }
      std::vector<uint8_t> link;
      if (op.kind != OpKind::kDevQueueXmit) {
        const skb::TxOptions defaults;
        link.assign(defaults.dst_mac, defaults.dst_mac + 6);
        link.insert(link.end(), defaults.src_mac, defaults.src_mac + 6);
        link.push_back(0x08);
        link.push_back(0x00);
      }
      const net_device* dev = skb::DefaultDevice();
      if (op.kind != OpKind::kDevQueueXmit && !skb_is_gso(s) && m.size() > (dev->mtu != 0 ? dev->mtu : 1500u)) {
        want = Sure(skb::PathOutcome::kNotModelled, "len > mtu: ip_fragment");
      } else {
        want = PredictXmit(s, link, m);
      }
      skb::TxResult res = op.kind == OpKind::kIpLocalOut ? skb::IpLocalOut(s)
                          : op.kind == OpKind::kIpOutput ? skb::IpOutput(s)
                                                         : skb::DevQueueXmit(s);
      r.hook_runs = res.hooks;
      got = res.outcome;
      stage = res.stage;
      reason = res.reason;
      bytes = std::move(res.frame);
      break;
    }
    case OpKind::kIp6Rcv: {
      // The IPv6 paths are not predicted: the run is judged by the checker,
      // the shadow model of the other slots and the sanitizers.
      rx = true;
      skb::RxResult res = skb::Ip6Rcv(s);
      r.hook_runs = res.hooks;
      got = res.outcome;
      stage = res.stage;
      reason = res.reason;
      bytes = std::move(res.payload);
      break;
    }
    case OpKind::kIp6LocalOut:
    case OpKind::kIp6Output: {
      skb::TxResult res = op.kind == OpKind::kIp6LocalOut ? skb::Ip6LocalOut(s) : skb::Ip6Output(s);
      r.hook_runs = res.hooks;
      got = res.outcome;
      stage = res.stage;
      reason = res.reason;
      bytes = std::move(res.frame);
      break;
    }
    default: HarnessError("not a path op");
  }
  r.in_path.clear();
  std::string fate = Outcome(got);
  if (got == skb::PathOutcome::kStolen) {
    if (r.leak_off.empty()) r.leak_off = SkbSlot(op.a) + " was stolen on " + name + " (" + reason + ")";
    fate += "; the module keeps it: leak check off for the rest of the program";
  }
  r.note = Fmt("%s %s: %s at %s (%s)\n", name, SkbSlot(op.a).c_str(), fate.c_str(), stage.c_str(), reason.c_str()) +
           HookLines(r.hook_runs);
  CheckPath(r, name, want, got, stage, reason, bytes, rx);
}

}  // namespace

void ExecNfOp(Runner::Impl& r, const Op& op) {
  sk_buff* s = r.skbs[op.a];
  std::vector<uint8_t>& sh = r.shadow[op.a];
  const uint32_t x = op.args[0], y = op.args[1], z = op.args[2];
  switch (op.kind) {
    case OpKind::kWrite: {
      const size_t n = op.bytes.size();
      if (n == 0 || n > kMaxHarnessArg) HarnessError(Fmt("write of %zu bytes", n));
      const int ret = skb_store_bits(s, static_cast<int>(x), op.bytes.data(), static_cast<int>(n));
      if (static_cast<uint64_t>(x) + n > sh.size()) {
        if (ret != -EFAULT) Post(Fmt("skb_store_bits(%u, %zu) past len returned %d", x, n, ret));
        return;
      }
      if (ret != 0) Post(Fmt("skb_store_bits(%u, %zu) returned %d", x, n, ret));
      std::copy(op.bytes.begin(), op.bytes.end(), sh.begin() + x);
      return;
    }
    case OpKind::kSetNetworkHeader:
    case OpKind::kSetTransportHeader:
    case OpKind::kSetMacHeader: {
      if (x > 0xffff) HarnessError(Fmt("header offset %u does not fit the u16 header fields", x));
      const auto want = static_cast<__u16>((s->data - s->head) + x);
      __u16 got;
      if (op.kind == OpKind::kSetNetworkHeader) {
        skb_set_network_header(s, static_cast<int>(x));
        got = s->network_header;
      } else if (op.kind == OpKind::kSetTransportHeader) {
        skb_set_transport_header(s, static_cast<int>(x));
        got = s->transport_header;
      } else {
        skb_set_mac_header(s, static_cast<int>(x));
        got = s->mac_header;
      }
      if (got != want) Post(Fmt("%s(%u) stored %u, want data - head + %u = %u", OpName(op.kind), x, got, x, want));
      return;
    }
    case OpKind::kCsumNone: s->ip_summed = CHECKSUM_NONE; return;
    case OpKind::kCsumUnnecessary: s->ip_summed = CHECKSUM_UNNECESSARY; return;
    case OpKind::kCsumComplete: {
      // What a NIC reports: the sum of the bytes from skb->data.
      const __wsum c = skb_checksum(s, 0, static_cast<int>(s->len), 0);
      s->csum = c;
      s->ip_summed = CHECKSUM_COMPLETE;
      const uint16_t want = RefCsumFold(sh.data(), sh.size());
      if (!CsumEquivalent(csum_fold(c), want))
        Fail("shadow", SkbSlot(op.a),
             Fmt("skb_checksum(0, len) folds to 0x%04x, the model's bytes to 0x%04x\n", csum_fold(c), want));
      return;
    }
    case OpKind::kCsumPartial: {
      const unsigned start = skb_headroom(s) + x;
      if (start > 0xffff || y > 0xffff) HarnessError("csum_start/csum_offset do not fit in 16 bits");
      s->ip_summed = CHECKSUM_PARTIAL;
      s->csum_start = static_cast<__u16>(start);
      s->csum_offset = static_cast<__u16>(y);
      return;
    }
    case OpKind::kGso: {
      if (x > 0xffff || y > 0xffff) HarnessError("gso_size/gso_segs do not fit in 16 bits");
      skb_shared_info* shi = skb_shinfo(s);
      shi->gso_size = static_cast<unsigned short>(x);
      shi->gso_segs = static_cast<unsigned short>(y);
      shi->gso_type = z;
      return;
    }
    case OpKind::kHeaderRelease:
      // tcp_skb_entail (6.12): the write-queue skb keeps only the payload, so
      // the clones tcp_transmit_skb makes may write their headers in front.
      __skb_header_release(s);
      return;
    case OpKind::kRoute: {
      if (x > static_cast<uint32_t>(skb::RouteKind::kOutput) || y > 1) HarnessError(Fmt("route kind=%u v6=%u", x, y));
      skb::AttachRoute(s, y != 0, static_cast<skb::RouteKind>(x));
      return;
    }
    case OpKind::kCt:
      if (x >= static_cast<uint32_t>(skb::CtChoice::kCount)) HarnessError(Fmt("ct choice %u", x));
      r.ct[op.a] = static_cast<uint8_t>(x);
      return;
    case OpKind::kNfHook: {
      skb::ScopedConntrackChoice ct(static_cast<skb::CtChoice>(r.ct[op.a]));
      RunHook(r, op);
      return;
    }
    case OpKind::kIp6Rcv:
    case OpKind::kIp6LocalOut:
    case OpKind::kIp6Output:
    case OpKind::kIpRcv:
    case OpKind::kIpLocalOut:
    case OpKind::kIpOutput:
    case OpKind::kDevQueueXmit:
    case OpKind::kNetifReceiveSkb: {
      skb::ScopedConntrackChoice ct(static_cast<skb::CtChoice>(r.ct[op.a]));
      r.ct[op.a] = 0;  // the path takes the skb
      RunPath(r, op);
      return;
    }
    default: break;
  }
  HarnessError(std::string("not a packet op: ") + OpName(op.kind));
}

}  // namespace skbfuzz
