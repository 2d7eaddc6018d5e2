// libskb fuzz harness: a TCP socket's write-queue life (net/tcp.h).
//
// A socket slot holds a libskb tcp_sock and the model of its byte stream:
// every byte tcp_sendmsg / tcp_sendpage was given, from the initial
// write_seq on. After every op the runner checks skb::CheckTcpWriteQueue
// (Q9), skb::Check on each write-queue skb and each transmitted clone in
// flight, that each write-queue skb holds the stream bytes from its seq, and
// that each clone still holds what it held when tcp_transmit_skb handed it to
// the device (the clone shares the original's frags: a trim of the original
// that does not unshare first shows up there).
#include <errno.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <algorithm>
#include <cstring>

#include "inet.h"
#include "runner_impl.h"

namespace skbfuzz {
namespace {

// tcp_transmit_skb pushes the TCP header (tcp_header_len), the IPv4 header
// and the Ethernet header in front of the payload.
unsigned HeaderBytes(const sock* sk) { return tcp_sk(sk)->tcp_header_len + 20u + 14u; }

std::string KSlot(int k) { return "k" + std::to_string(k); }

std::string Violations(const std::vector<skb::Violation>& v) {
  std::string out;
  for (const auto& x : v) out += "  " + x.ToString() + "\n";
  return out;
}

// before()/after() of include/net/tcp.h: sequence-space comparisons.
bool Before(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) < 0; }
bool After(uint32_t a, uint32_t b) { return Before(b, a); }

// tcp_skb_pcount() (include/net/tcp.h, 2.6.32-3.x: shinfo gso_segs).
unsigned Pcount(const sk_buff* skb) { return skb_shinfo(skb)->gso_segs; }

// The stream bytes an skb with this seq and len must hold; a Failure if the
// model has no such bytes.
std::optional<Failure> StreamBytes(const SockSlot& k, int slot, uint32_t seq, size_t len, std::vector<uint8_t>* out) {
  const uint32_t off = seq - k.isn;
  if (static_cast<uint64_t>(off) + len > k.stream.size())
    return Failure{"shadow", KSlot(slot),
                   Fmt("%s: an skb claims stream bytes [%u, %zu) (seq %u), the stream holds %zu\n", KSlot(slot).c_str(),
                       off, off + len, seq, k.stream.size())};
  out->assign(k.stream.begin() + off, k.stream.begin() + static_cast<long>(off + len));
  return std::nullopt;
}

// Hands a transmitted clone to the "device": it stays in flight with the
// bytes it holds now, which must be the headers + the stream bytes of
// [seq, end_seq).
void Launch(Runner::Impl& r, int slot, sk_buff* clone, uint32_t seq, uint32_t end_seq) {
  SockSlot& k = r.socks[slot];
  if (clone == nullptr) Post("tcp_transmit_skb returned NULL");
  k.in_flight.push_back(InFlight{clone, {}, seq, end_seq});
  InFlight& f = k.in_flight.back();
  f.bytes = ReadAll(clone);
  const unsigned hdr = HeaderBytes(k.sk);
  std::vector<uint8_t> want;
  if (auto e = StreamBytes(k, slot, seq, end_seq - seq, &want)) throw *e;
  if (f.bytes.size() != hdr + want.size())
    Fail("shadow", KSlot(slot),
         Fmt("%s: the transmitted clone has len %zu, want %u header bytes + %zu payload bytes\n", KSlot(slot).c_str(),
             f.bytes.size(), hdr, want.size()) + skb::CrashDump(clone));
  const std::string d = CompareBytes(f.bytes.data() + hdr, want.data(), want.size(), hdr);
  if (!d.empty())
    Fail("shadow", KSlot(slot),
         KSlot(slot) + ": the transmitted clone's payload differs from the stream: " + d + skb::CrashDump(clone));
}

// The device is done with the oldest clone (dev_consume_skb_any at TX
// completion); its bytes must still be what was sent.
void Complete(Runner::Impl& r, int slot) {
  SockSlot& k = r.socks[slot];
  if (k.in_flight.empty()) HarnessError(KSlot(slot) + ": no transmitted clone in flight");
  InFlight f = std::move(k.in_flight.front());
  k.in_flight.pop_front();
  consume_skb(f.skb);
}

// tcp_clean_rtx_queue() (net/ipv4/tcp_input.c, 2.6.32-4.14, the write-queue
// form libskb models): fully acked skbs before the send head are unlinked and
// freed; a partially acked TSO skb (pcount > 1) is trimmed (tcp_tso_acked ->
// tcp_trim_head), a partially acked single segment waits.
void CleanRtxQueue(Runner::Impl& r, int slot) {
  sock* sk = r.socks[slot].sk;
  tcp_sock* tp = tcp_sk(sk);
  sk_buff* skb;
  while ((skb = tcp_write_queue_head(sk)) != nullptr && skb != tcp_send_head(sk)) {
    tcp_skb_cb* scb = TCP_SKB_CB(skb);
    if (After(scb->end_seq, tp->snd_una)) {
      if (Pcount(skb) <= 1 || !After(tp->snd_una, scb->seq)) break;
      const unsigned before = Pcount(skb);
      const uint32_t len = tp->snd_una - scb->seq;
      if (const Variant* v = ActiveVariant(); v != nullptr && v->trim_head != nullptr) {
        v->trim_head(sk, skb, len);  // the variant's culprit in tcp_trim_head's place
      } else if (tcp_trim_head(sk, skb, len) != 0) {
        break;
      }
      tp->packets_out -= std::min(tp->packets_out, before - std::min(before, Pcount(skb)));
      break;  // !fully_acked
    }
    tp->packets_out -= std::min(tp->packets_out, std::max(1u, Pcount(skb)));
    tcp_unlink_write_queue(skb, sk);
    sk_wmem_free_skb(sk, skb);
  }
}

// ---- a corked UDP socket (seed 002's module) ----

// The datagrams the module hands to its output while an op runs.
thread_local std::vector<std::vector<uint8_t>>* g_frames = nullptr;

int CaptureOutput(sk_buff* skb) {
  if (g_frames != nullptr) g_frames->push_back(ReadAll(skb));
  consume_skb(skb);
  return 0;
}

const Variant& CorkVariant() {
  const Variant* v = ActiveVariant();
  if (v == nullptr || v->po_sendmsg == nullptr || v->po_push_pending_frames == nullptr ||
      v->po_flush_pending_frames == nullptr || v->po_set_output == nullptr || v->po_payload_per_datagram == 0)
    HarnessError("udp_socket and the po_* ops are seed 002's module: only the fuzz_udp_cork_seed002 build has them");
  return *v;
}

// Each pushed datagram must be a valid IPv4/UDP datagram carrying the
// model's pending payload, in order.
void CheckPushed(int slot, const std::vector<std::vector<uint8_t>>& want, const std::vector<std::vector<uint8_t>>& got) {
  if (got.size() != want.size())
    Fail("shadow", KSlot(slot), Fmt("%s: %zu datagrams pushed, the model has %zu pending\n", KSlot(slot).c_str(), got.size(), want.size()));
  for (size_t i = 0; i < got.size(); i++) {
    const std::vector<uint8_t>& f = got[i];
    const inet::Ipv4View v = inet::ParseIpv4(f, 0);
    if (!v.ok || v.tot_len != f.size() || v.proto != inet::kUdp || inet::L4ChecksumOk(f, 0) == 0)
      Fail("postcondition", KSlot(slot) + " datagram", Fmt("%s: pushed datagram #%zu (%zu bytes) is not a valid IPv4/UDP datagram\n", KSlot(slot).c_str(), i, f.size()));
    if (f.size() != v.ihl + 8 + want[i].size())
      Fail("shadow", KSlot(slot), Fmt("%s: pushed datagram #%zu has %zu payload bytes, the model %zu\n", KSlot(slot).c_str(), i, f.size() - v.ihl - 8, want[i].size()));
    const std::string d = CompareBytes(f.data() + v.ihl + 8, want[i].data(), want[i].size());
    if (!d.empty()) Fail("shadow", KSlot(slot), Fmt("%s: pushed datagram #%zu's payload differs from the model: ", KSlot(slot).c_str(), i) + d);
  }
}

void Push(Runner::Impl& r, int slot, bool sendmsg, uint32_t len, bool more) {
  const Variant& v = CorkVariant();
  SockSlot& k = r.socks[slot];
  std::vector<std::vector<uint8_t>> frames;
  g_frames = &frames;
  v.po_set_output(CaptureOutput);
  int ret;
  if (sendmsg) {
    std::vector<uint8_t> b = r.payload.Take(len);
    ret = v.po_sendmsg(k.sk, b.data(), len, more ? 1 : 0);
    // ip_append_data's model: fill the last datagram, then open new ones.
    for (size_t at = 0; at < b.size();) {
      if (k.datagrams.empty() || k.datagrams.back().size() >= v.po_payload_per_datagram) k.datagrams.emplace_back();
      const size_t n = std::min<size_t>(b.size() - at, v.po_payload_per_datagram - k.datagrams.back().size());
      k.datagrams.back().insert(k.datagrams.back().end(), b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + n));
      at += n;
    }
  } else {
    ret = v.po_push_pending_frames(k.sk);
  }
  g_frames = nullptr;
  if (ret != 0) Post(Fmt("%s returned %d", sendmsg ? "po_sendmsg" : "po_push_pending_frames", ret));
  if (sendmsg && more) {
    if (!frames.empty()) Post("po_sendmsg with MSG_MORE pushed datagrams");
    return;
  }
  std::vector<std::vector<uint8_t>> want = std::move(k.datagrams);
  k.datagrams.clear();
  CheckPushed(slot, want, frames);
}

std::optional<Failure> CheckCork(int slot, const SockSlot& k) {
  const sk_buff_head* q = &k.sk->sk_write_queue;
  const auto qv = skb::CheckQueue(q);
  if (!qv.empty()) return Failure{qv[0].id, qv[0].name, KSlot(slot) + ": skb::CheckQueue:\n" + Violations(qv)};
  if (skb_queue_len(q) != k.datagrams.size())
    return Failure{"shadow", KSlot(slot), Fmt("%s: %u datagrams pending, the model has %zu\n", KSlot(slot).c_str(), skb_queue_len(q), k.datagrams.size())};
  size_t i = 0;
  const sk_buff* head = reinterpret_cast<const sk_buff*>(q);
  for (const sk_buff* skb = head->next; skb != head; skb = skb->next, i++) {
    const auto v = skb::Check(skb, skb::CheckMode::kKernelTolerant);
    if (!v.empty())
      return Failure{v[0].id, v[0].name, Fmt("%s pending datagram #%zu: skb::Check:\n", KSlot(slot).c_str(), i) + Violations(v) + skb::CrashDump(skb)};
    std::vector<uint8_t> got;
    try {
      got = ReadAll(skb);
    } catch (const Failure& f) {
      return f;
    }
    const std::vector<uint8_t>& want = k.datagrams[i];
    // The headers' lengths and checksums are filled in at push time: only
    // the payload after the 28 header bytes is known.
    if (got.size() != 28 + want.size())
      return Failure{"shadow", KSlot(slot), Fmt("%s pending datagram #%zu: len %zu, want 28 + %zu\n", KSlot(slot).c_str(), i, got.size(), want.size()) + skb::CrashDump(skb)};
    const std::string d = CompareBytes(got.data() + 28, want.data(), want.size(), 28);
    if (!d.empty())
      return Failure{"shadow", KSlot(slot), Fmt("%s pending datagram #%zu: payload differs from the model: ", KSlot(slot).c_str(), i) + d + skb::CrashDump(skb)};
  }
  return std::nullopt;
}

void Close(Runner::Impl& r, int slot) {
  SockSlot& k = r.socks[slot];
  if (k.cork) {
    sock* sk = k.sk;
    k.sk = nullptr;
    k.datagrams.clear();
    CorkVariant().po_flush_pending_frames(sk);  // udp_destroy_sock -> udp_flush_pending_frames
    delete sk;
    return;
  }
  // The device completes what it holds first: the socket is freed only
  // when sk_wmem_alloc drops to zero (sk_free -> __sk_free).
  while (!k.in_flight.empty()) Complete(r, slot);
  sock* sk = k.sk;
  k.sk = nullptr;
  k.stream.clear();
  tcp_sock_free(sk);
}

// skb::Check unless the fingerprint says it passed already.
std::vector<skb::Violation> CheckChanged(const SockSlot& k, std::vector<Checked>* now, const sk_buff* skb,
                                         unsigned sharers) {
  if (!skb::IsLiveSkb(skb)) return skb::Check(skb, skb::CheckMode::kKernelTolerant);
  for (const Checked& c : k.checked) {
    if (c.skb == skb) {
      if (c.Same(skb, sharers)) {
        now->push_back(c);
        return {};
      }
      break;
    }
  }
  auto v = skb::Check(skb, skb::CheckMode::kKernelTolerant);
  if (v.empty()) now->push_back(Checked{skb, skb->head, skb->end, Fingerprint(skb, sharers)});
  return v;
}

}  // namespace

void ExecTcpOp(Runner::Impl& r, const Op& op) {
  if (op.kind == OpKind::kUdpSocket) {
    CorkVariant();
    SockSlot& k = r.socks[op.dst];
    k = SockSlot{};
    k.sk = new sock();
    k.cork = true;
    skb_queue_head_init(&k.sk->sk_write_queue);
    return;
  }
  if (op.kind == OpKind::kTcpSocket) {
    sock* sk = tcp_sock_alloc(GFP_KERNEL);
    if (sk == nullptr) HarnessError("tcp_sock_alloc returned NULL");
    SockSlot& k = r.socks[op.dst];
    k = SockSlot{};
    k.sk = sk;
    k.isn = tcp_sk(sk)->write_seq;
    return;
  }
  const int slot = op.a;
  SockSlot& k = r.socks[slot];
  sock* sk = k.sk;
  const uint32_t x = op.args[0];
  const bool po = op.kind == OpKind::kPoSendmsg || op.kind == OpKind::kPoPush || op.kind == OpKind::kPoFlush;
  if (k.cork && op.kind == OpKind::kTcpClose) {
    Close(r, slot);
    return;
  }
  if (po != k.cork)
    HarnessError(Fmt("%s on %s, a %s socket", OpName(op.kind), KSlot(slot).c_str(), k.cork ? "corked UDP" : "TCP"));
  if (po) {
    if (op.kind == OpKind::kPoFlush) {
      CorkVariant().po_flush_pending_frames(sk);
      k.datagrams.clear();
    } else {
      if (x > kMaxHarnessArg) HarnessError(Fmt("po_sendmsg of %u bytes is too large for the harness", x));
      Push(r, slot, op.kind == OpKind::kPoSendmsg, x, op.args[1] != 0);
    }
    return;
  }
  tcp_sock* tp = tcp_sk(sk);
  switch (op.kind) {
    case OpKind::kTcpSendmsg: {
      if (x > kMaxHarnessArg) HarnessError(Fmt("tcp_sendmsg of %u bytes is too large for the harness", x));
      std::vector<uint8_t> b = r.payload.Take(x);
      const int ret = tcp_sendmsg_bytes(sk, b.data(), b.size());
      if (ret != static_cast<int>(x)) Post(Fmt("tcp_sendmsg of %u bytes copied %d", x, ret));
      k.stream.insert(k.stream.end(), b.begin(), b.end());
      return;
    }
    case OpKind::kTcpSendpage: {
      if (x == 0 || x > (PAGE_SIZE << 3)) HarnessError(Fmt("tcp_sendpage of %u bytes (1..%lu)", x, PAGE_SIZE << 3));
      unsigned order = 0;
      while ((PAGE_SIZE << order) < x) order++;
      struct page* pg = alloc_pages(GFP_KERNEL, order);
      if (pg == nullptr) HarnessError("alloc_pages failed");
      std::vector<uint8_t> b = r.payload.Take(x);
      std::memcpy(page_address(pg), b.data(), x);
      const int ret = tcp_sendpage_bytes(sk, pg, 0, x);
      put_page(pg);  // the caller's reference (the page cache's, for sendfile)
      if (ret != static_cast<int>(x)) Post(Fmt("do_tcp_sendpages of %u bytes sent %d", x, ret));
      k.stream.insert(k.stream.end(), b.begin(), b.end());
      return;
    }
    case OpKind::kTcpTransmit: {
      // tcp_write_xmit(): tcp_init_tso_segs, tcp_transmit_skb(clone_it = 1),
      // then tcp_event_new_data_sent (the send head advances).
      sk_buff* skb = tcp_send_head(sk);
      if (skb == nullptr) HarnessError(KSlot(slot) + ": tcp_transmit with nothing to send");
      tcp_set_skb_tso_segs(sk, skb, tp->mss_cache);
      const uint32_t seq = TCP_SKB_CB(skb)->seq, end_seq = TCP_SKB_CB(skb)->end_seq;
      sk_buff* clone = tcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
      sk->sk_send_head = tcp_skb_is_last(sk, skb) ? nullptr : skb->next;
      tp->snd_nxt = end_seq;
      tp->packets_out += std::max(1u, Pcount(skb));
      Launch(r, slot, clone, seq, end_seq);
      return;
    }
    case OpKind::kTcpAck: {
      if (x > tp->snd_nxt - tp->snd_una)
        HarnessError(Fmt("%s: tcp_ack of %u bytes, only %u are unacknowledged", KSlot(slot).c_str(), x,
                         tp->snd_nxt - tp->snd_una));
      tp->snd_una += x;
      CleanRtxQueue(r, slot);
      return;
    }
    case OpKind::kTcpMtuProbe: {
      // libskb models tcp_mtu_probe() after its decision to probe, which
      // needs probe_size unsent bytes (tcp_mtu_probe: write_seq - snd_nxt
      // >= size_needed).
      if (x == 0 || x > 0xffff || x > tp->write_seq - tp->snd_nxt || tcp_send_head(sk) == nullptr)
        HarnessError(Fmt("%s: tcp_mtu_probe %u with %u unsent bytes", KSlot(slot).c_str(), x,
                         tp->write_seq - tp->snd_nxt));
      const uint32_t seq = TCP_SKB_CB(tcp_send_head(sk))->seq;
      sk_buff* clone = tcp_mtu_probe(sk, static_cast<int>(x));
      tp->packets_out += 1;
      Launch(r, slot, clone, seq, seq + x);
      return;
    }
    case OpKind::kTxComplete: Complete(r, slot); return;
    case OpKind::kTcpClose: Close(r, slot); return;
    case OpKind::kStaleRequeueTail: {
      const Variant* v = ActiveVariant();
      if (v == nullptr || v->stale_requeue_tail == nullptr)
        HarnessError("stale_requeue_tail is seed 003's culprit: only the fuzz_tcp_write_queue_seed003 build has it");
      v->stale_requeue_tail(sk);
      return;
    }
    default: break;
  }
  HarnessError(std::string("not a TCP op: ") + OpName(op.kind));
}

std::optional<Failure> CheckSocks(Runner::Impl& r) {
  std::vector<uint8_t> want;
  for (int slot = 0; slot < kMaxSocks; slot++) {
    SockSlot& k = r.socks[slot];
    if (k.sk == nullptr) continue;
    if (k.cork) {
      if (auto f = CheckCork(slot, k)) return f;
      continue;
    }
    const auto q9 = skb::CheckTcpWriteQueue(k.sk);
    if (!q9.empty())
      return Failure{q9[0].id, q9[0].name, KSlot(slot) + ": skb::CheckTcpWriteQueue:\n" + Violations(q9)};
    // The socket's skbs: the write queue, then the clones in flight.
    std::vector<const sk_buff*> all;
    const sk_buff* head = reinterpret_cast<const sk_buff*>(&k.sk->sk_write_queue);
    for (const sk_buff* skb = head->next; skb != head; skb = skb->next) all.push_back(skb);
    const size_t queued = all.size();
    for (const InFlight& f : k.in_flight) all.push_back(f.skb);
    auto sharers = [&all](const sk_buff* skb) {
      unsigned n = 0;
      for (const sk_buff* o : all) n += skb::IsLiveSkb(o) && o->head == skb->head;
      return n;
    };
    std::vector<Checked> now;
    std::vector<uint8_t>& got = r.scratch;
    for (size_t i = 0; i < all.size(); i++) {
      const sk_buff* skb = all[i];
      const bool clone = i >= queued;
      const size_t n = clone ? i - queued : i;
      const auto v = CheckChanged(k, &now, skb, sharers(skb));
      if (!v.empty())
        return Failure{v[0].id, v[0].name,
                       Fmt("%s %s #%zu: skb::Check:\n", KSlot(slot).c_str(), clone ? "clone in flight" : "write-queue skb", n) +
                           Violations(v) + skb::CrashDump(skb)};
      // The bytes: a write-queue skb holds the stream from its seq; a clone
      // what it was transmitted with.
      const uint8_t* want;
      size_t want_len;
      if (clone) {
        want = k.in_flight[n].bytes.data();
        want_len = k.in_flight[n].bytes.size();
      } else {
        const uint32_t off = TCP_SKB_CB(skb)->seq - k.isn;
        if (static_cast<uint64_t>(off) + skb->len > k.stream.size())
          return Failure{"shadow", KSlot(slot),
                         Fmt("%s write-queue skb #%zu claims stream bytes [%u, %u) (seq %u), the stream holds %zu\n",
                             KSlot(slot).c_str(), n, off, off + skb->len, TCP_SKB_CB(skb)->seq, k.stream.size())};
        want = k.stream.data() + off;
        want_len = skb->len;
      }
      if (skb->len != want_len)
        return Failure{"shadow", KSlot(slot),
                       Fmt("%s clone in flight #%zu: len %u, it was transmitted with %zu\n", KSlot(slot).c_str(), n,
                           skb->len, want_len) + skb::CrashDump(skb)};
      got.resize(want_len + 1);
      int ret;
      {
        skb::ScopedCheckedMode quiet(false);
        ret = want_len == 0 ? 0 : skb_copy_bits(skb, 0, got.data(), static_cast<int>(want_len));
      }
      if (ret != 0)
        return Failure{"postcondition", KSlot(slot), Fmt("%s: skb_copy_bits(0, len = %u) = %d\n", KSlot(slot).c_str(), skb->len, ret)};
      const std::string d = CompareBytes(got.data(), want, want_len);
      if (!d.empty())
        return Failure{"shadow", KSlot(slot),
                       Fmt("%s %s #%zu: %s", KSlot(slot).c_str(), clone ? "clone in flight" : "write-queue skb", n,
                           clone ? "bytes changed since it was transmitted: " : "bytes differ from the stream: ") +
                           d + skb::CrashDump(skb)};
    }
    k.checked = std::move(now);
  }
  return std::nullopt;
}

void FinishSocks(Runner::Impl& r) {
  for (int slot = 0; slot < kMaxSocks; slot++) {
    if (r.socks[slot].sk != nullptr) Close(r, slot);
  }
}

void AbandonSocks(Runner::Impl& r) {
  skb::ScopedCheckedMode off(false);
  for (SockSlot& k : r.socks) {
    if (k.sk == nullptr) continue;
    if (k.cork) {
      while (sk_buff* skb = __skb_dequeue(&k.sk->sk_write_queue)) {
        try {
          if (skb::IsLiveSkb(skb)) kfree_skb(skb);
        } catch (...) {
        }
      }
      delete k.sk;
      k.sk = nullptr;
      continue;
    }
    try {
      for (const InFlight& f : k.in_flight) {
        if (skb::IsLiveSkb(f.skb)) kfree_skb(f.skb);
      }
      k.in_flight.clear();
      tcp_sock_free(k.sk);
    } catch (...) {
    }
    k.sk = nullptr;
  }
}

std::string Runner::SockState(int k) const {
  if (!sock_live(k)) return "(empty)";
  const SockSlot& s = impl_->socks[k];
  if (s.cork) return Fmt("corked UDP: %zu datagrams pending", s.datagrams.size());
  const tcp_sock* tp = tcp_sk(s.sk);
  int n = 0, send_head = -1;
  const sk_buff* head = reinterpret_cast<const sk_buff*>(&s.sk->sk_write_queue);
  for (const sk_buff* skb = head->next; skb != head && n < 1000; skb = skb->next, n++) {
    if (skb == s.sk->sk_send_head) send_head = n;
  }
  return Fmt("write_seq=%u snd_una=%u snd_nxt=%u queue=%d send_head=%s in_flight=%zu wmem_queued=%d", tp->write_seq,
             tp->snd_una, tp->snd_nxt, n, send_head < 0 ? "none" : ("#" + std::to_string(send_head)).c_str(),
             s.in_flight.size(), s.sk->sk_wmem_queued);
}

}  // namespace skbfuzz
