// libskb fuzz harness: the TCP family (fuzz_tcp_write_queue): one or two
// sockets through the write-queue life - tcp_sendmsg / sendpage copies,
// transmits (a clone stays in flight until its TX completion), ACKs that
// free whole skbs or trim a partially acknowledged TSO skb, MTU probes,
// close. Legal by construction: only unsent bytes are transmitted, only
// transmitted bytes are acknowledged, an MTU probe only takes unsent bytes.
#include <net/tcp.h>

#include "decode_impl.h"
#include "runner_impl.h"

namespace skbfuzz {
namespace {

// Bytes a program's sockets may hold: bounds the per-op checks' work.
constexpr size_t kMaxStream = 32 * 1024;

class TcpDecoder {
 public:
  TcpDecoder(FuzzedDataProvider& fdp, Runner& r, Program& p) : fdp_(fdp), r_(r), p_(p) {}

  void Loop(size_t max_ops) {
    while (p_.ops.size() < max_ops && fdp_.remaining_bytes() > 0 && !r_.finding()) {
      std::vector<int> socks;
      for (int k = 0; k < kMaxSocks; k++) {
        if (r_.sock_live(k)) socks.push_back(k);
      }
      if (socks.empty() || (socks.size() < kMaxSocks && fdp_.ConsumeIntegralInRange<int>(0, 31) == 0)) {
        for (int k = 0; k < kMaxSocks; k++) {
          if (!r_.sock_live(k)) {
            Emit(Op{OpKind::kTcpSocket, static_cast<int8_t>(k), -1, -1, {}});
            break;
          }
        }
        continue;
      }
      const auto k = static_cast<int8_t>(socks[fdp_.ConsumeIntegralInRange<size_t>(0, socks.size() - 1)]);
      Step(k);
    }
  }

 private:
  bool Emit(const Op& op) {
    p_.ops.push_back(op);
    return r_.Step(op);
  }

  void Step(int8_t k) {
    const SockSlot& slot = r_.impl().socks[static_cast<size_t>(k)];
    const sock* sk = slot.sk;
    const tcp_sock* tp = tcp_sk(sk);
    const uint32_t unsent = tp->write_seq - tp->snd_nxt, unacked = tp->snd_nxt - tp->snd_una;
    const bool room = slot.stream.size() < kMaxStream;
    switch (fdp_.ConsumeIntegralInRange<int>(0, 15)) {
      case 0:
      case 1:
      case 2:
      case 3: {
        if (!room) break;
        unsigned len;
        switch (fdp_.ConsumeIntegralInRange<int>(0, 3)) {
          case 0: len = fdp_.ConsumeIntegralInRange<unsigned>(1, 200); break;
          case 1: len = fdp_.ConsumeIntegralInRange<unsigned>(1400, 3000); break;  // around one and two MSS
          case 2: len = fdp_.ConsumeIntegralInRange<unsigned>(3000, 12000); break;
          default: len = fdp_.ConsumeIntegralInRange<unsigned>(1, 2000); break;
        }
        Emit(Op{OpKind::kTcpSendmsg, -1, k, -1, {len, 0, 0}});
        break;
      }
      case 4: {
        if (!room) break;
        const unsigned len = fdp_.ConsumeBool() ? fdp_.ConsumeIntegralInRange<unsigned>(1, 4096)
                                                : fdp_.ConsumeIntegralInRange<unsigned>(1, 32768);
        Emit(Op{OpKind::kTcpSendpage, -1, k, -1, {len, 0, 0}});
        break;
      }
      case 5:
      case 6:
      case 7:
        if (tcp_send_head(sk) != nullptr) Emit(Op{OpKind::kTcpTransmit, -1, k, -1, {}});
        break;
      case 8:
      case 9:
      case 10:
        if (unacked > 0) Emit(Op{OpKind::kTcpAck, -1, k, -1, {AckBytes(sk, unacked), 0, 0}});
        break;
      case 11:
      case 12:
        if (!slot.in_flight.empty()) Emit(Op{OpKind::kTxComplete, -1, k, -1, {}});
        break;
      case 13:
        // libskb's tcp_mtu_probe models 2.6.32-6.3 (skb_copy_bits into a
        // linear probe; 6.4 builds the probe from frags, tcp_clone_payload).
        if (unsent > 0 && tcp_send_head(sk) != nullptr && !skb::Active().AtLeast(6, 4)) {
          const unsigned size = fdp_.ConsumeIntegralInRange<unsigned>(1, std::min<uint32_t>(unsent, 4096));
          Emit(Op{OpKind::kTcpMtuProbe, -1, k, -1, {size, 0, 0}});
        }
        break;
      case 14: {
        const Variant* v = ActiveVariant();
        if (v != nullptr && v->stale_requeue_tail != nullptr) {
          Emit(Op{OpKind::kStaleRequeueTail, -1, k, -1, {}});
        } else if (fdp_.ConsumeIntegralInRange<int>(0, 3) == 0) {
          Emit(Op{OpKind::kTcpClose, -1, k, -1, {}});
        }
        break;
      }
      default:
        if (!room) Emit(Op{OpKind::kTcpClose, -1, k, -1, {}});
        break;
    }
  }

  // An ACK: often to the end of a transmitted skb, else anywhere.
  unsigned AckBytes(const sock* sk, uint32_t unacked) {
    const tcp_sock* tp = tcp_sk(sk);
    if (fdp_.ConsumeBool()) {
      std::vector<uint32_t> ends;
      const sk_buff* head = reinterpret_cast<const sk_buff*>(&sk->sk_write_queue);
      for (const sk_buff* skb = head->next; skb != head && skb != tcp_send_head(sk); skb = skb->next) {
        const uint32_t e = TCP_SKB_CB(skb)->end_seq - tp->snd_una;
        if (e >= 1 && e <= unacked) ends.push_back(e);
      }
      if (!ends.empty()) {
        const uint32_t e = ends[fdp_.ConsumeIntegralInRange<size_t>(0, ends.size() - 1)];
        const int64_t v = static_cast<int64_t>(e) + fdp_.ConsumeIntegralInRange<int>(-1, 1);
        return v >= 1 && v <= static_cast<int64_t>(unacked) ? static_cast<unsigned>(v) : e;
      }
    }
    return fdp_.ConsumeIntegralInRange<uint32_t>(1, unacked);
  }

  FuzzedDataProvider& fdp_;
  Runner& r_;
  Program& p_;
};

// The corked UDP socket of seed 002's module (fuzz_udp_cork_seed002):
// sends with and without MSG_MORE, pushes, flushes.
class CorkDecoder {
 public:
  CorkDecoder(FuzzedDataProvider& fdp, Runner& r, Program& p) : fdp_(fdp), r_(r), p_(p) {}

  void Loop(size_t max_ops) {
    while (p_.ops.size() < max_ops && fdp_.remaining_bytes() > 0 && !r_.finding()) {
      if (!r_.sock_live(0)) {
        Emit(Op{OpKind::kUdpSocket, 0, -1, -1, {}});
        continue;
      }
      switch (fdp_.ConsumeIntegralInRange<int>(0, 7)) {
        case 0:
        case 1:
        case 2:
        case 3: {
          // Records of 32 bytes, as the module's users send them, or any length.
          const unsigned len = fdp_.ConsumeBool() ? 32 * fdp_.ConsumeIntegralInRange<unsigned>(1, 64)
                                                  : fdp_.ConsumeIntegralInRange<unsigned>(1, 3000);
          Emit(Op{OpKind::kPoSendmsg, -1, 0, -1, {len, fdp_.ConsumeBool() ? 1u : 0u, 0}});
          break;
        }
        case 4:
        case 5: Emit(Op{OpKind::kPoPush, -1, 0, -1, {}}); break;
        case 6: Emit(Op{OpKind::kPoFlush, -1, 0, -1, {}}); break;
        default:
          if (r_.impl().socks[0].datagrams.size() > 8) Emit(Op{OpKind::kPoPush, -1, 0, -1, {}});
          break;
      }
    }
  }

 private:
  bool Emit(const Op& op) {
    p_.ops.push_back(op);
    return r_.Step(op);
  }
  FuzzedDataProvider& fdp_;
  Runner& r_;
  Program& p_;
};

}  // namespace

void DecodeCork(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops) { CorkDecoder(fdp, r, p).Loop(max_ops); }

void DecodeTcp(FuzzedDataProvider& fdp, Runner& r, Program& p, size_t max_ops) { TcpDecoder(fdp, r, p).Loop(max_ops); }

}  // namespace skbfuzz
