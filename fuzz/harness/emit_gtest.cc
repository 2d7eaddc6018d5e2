// libskb fuzz harness: a program as a GoogleTest case of plain kernel API
// calls (skbtool replay --emit-gtest). The case runs the same calls as the
// Runner, with policy kThrow (a BUG fails the test with its report) and
// skb::Check after every op; byte-level (shadow model) findings are
// reproduced by `skbtool replay`, not by this case.
#include <bitset>
#include <string>

#include <linux/netfilter.h>

#include "runner.h"
#include "runner_impl.h"
#include "skb/netfilter.h"

namespace skbfuzz {

std::string Fmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

namespace {

std::string S(int slot) { return "s[" + std::to_string(slot) + "]"; }
std::string Q(int slot) { return "&q[" + std::to_string(slot) + "]"; }
std::string K(int slot) { return "k[" + std::to_string(slot) + "]"; }

std::string HexArray(const std::vector<uint8_t>& b) {
  std::string out;
  for (size_t i = 0; i < b.size(); i++) out += Fmt(i ? ", 0x%02x" : "0x%02x", b[i]);
  return out;
}

const char* PathCall(OpKind k) {
  switch (k) {
    case OpKind::kIpRcv: return "skb::IpRcv";
    case OpKind::kIpLocalOut: return "skb::IpLocalOut";
    case OpKind::kIpOutput: return "skb::IpOutput";
    case OpKind::kDevQueueXmit: return "skb::DevQueueXmit";
    case OpKind::kNetifReceiveSkb: return "skb::NetifReceiveSkb";
    case OpKind::kIp6Rcv: return "skb::Ip6Rcv";
    case OpKind::kIp6LocalOut: return "skb::Ip6LocalOut";
    case OpKind::kIp6Output: return "skb::Ip6Output";
    default: return "?";
  }
}

std::string OpCode(const Op& op, bool po) {
  const uint32_t x = op.args[0], y = op.args[1], z = op.args[2];
  const OpSpec& spec = SpecOf(op.kind);
  auto name = [](SlotType t, int i) {
    return i < 0 ? std::string() : t == SlotType::kQueue ? Q(i) : t == SlotType::kSock ? K(i) : S(i);
  };
  const std::string a = name(spec.a_type, op.a), b = name(spec.b_type, op.b), d = name(spec.dst_type, op.dst);
  switch (op.kind) {
    case OpKind::kAllocSkb: return Fmt("%s = alloc_skb(%u, GFP_ATOMIC);\n  ASSERT_NE(%s, nullptr);", d.c_str(), x, d.c_str());
    case OpKind::kAllocSkbFclone:
      return Fmt("%s = alloc_skb_fclone(%u, GFP_ATOMIC);\n  ASSERT_NE(%s, nullptr);", d.c_str(), x, d.c_str());
    case OpKind::kNetdevAllocSkb:
      return Fmt("%s = netdev_alloc_skb(nullptr, %u);\n  ASSERT_NE(%s, nullptr);", d.c_str(), x, d.c_str());
    case OpKind::kReserve: return Fmt("skb_reserve(%s, %u);", a.c_str(), x);
    case OpKind::kPut: return Fmt("Fill(skb_put(%s, %u), %u, 0, &payload);", a.c_str(), x, x);
    case OpKind::kPush: return Fmt("Fill(skb_push(%s, %u), %u, 83, &header);", a.c_str(), x, x);
    case OpKind::kPull: return Fmt("skb_pull(%s, %u);", a.c_str(), x);
    case OpKind::kTrim: return Fmt("skb_trim(%s, %u);", a.c_str(), x);
    case OpKind::kPskbTrim: return Fmt("EXPECT_EQ(pskb_trim(%s, %u), 0);", a.c_str(), x);
    case OpKind::kPskbTrimRcsum: return Fmt("EXPECT_EQ(pskb_trim_rcsum(%s, %u), 0);", a.c_str(), x);
    case OpKind::kMayPull: return Fmt("pskb_may_pull(%s, %u);", a.c_str(), x);
    case OpKind::kPullTail: return Fmt("EXPECT_NE(__pskb_pull_tail(%s, %u), nullptr);", a.c_str(), x);
    case OpKind::kPskbPull: return Fmt("pskb_pull(%s, %u);", a.c_str(), x);
    case OpKind::kLinearize: return Fmt("EXPECT_EQ(skb_linearize(%s), 0);", a.c_str());
    case OpKind::kLinearizeCow: return Fmt("EXPECT_EQ(skb_linearize_cow(%s), 0);", a.c_str());
    case OpKind::kCopyBits:
      return Fmt("{\n    std::vector<uint8_t> buf(%u + 1);\n    skb_copy_bits(%s, %u, buf.data(), %u);\n  }", y, a.c_str(), x, y);
    case OpKind::kHeaderPointer:
      return Fmt("{\n    std::vector<uint8_t> buf(%u + 1);\n    skb_header_pointer(%s, %u, %u, buf.data());\n  }", y, a.c_str(), x, y);
    case OpKind::kStoreBits:
      return Fmt("{\n    std::vector<uint8_t> buf(%u + 1);\n    Fill(buf.data(), %u, 167, &store);\n"
                 "    skb_store_bits(%s, %u, buf.data(), %u);\n  }", y, y, a.c_str(), x, y);
    case OpKind::kAddRxFrag:
      return Fmt("{\n    struct page* pg = alloc_pages(GFP_ATOMIC, %u);\n    ASSERT_NE(pg, nullptr);\n"
                 "    std::memset(page_address(pg), 0xe7, page_size(pg));\n"
                 "    std::vector<uint8_t> buf(%u + 1);\n    Fill(buf.data(), %u, 0, &payload);\n"
                 "    if (%u < page_size(pg)) std::memcpy(static_cast<uint8_t*>(page_address(pg)) + %u, buf.data(), "
                 "std::min<size_t>(%u, page_size(pg) - %u));\n"
                 "    skb_add_rx_frag(%s, skb_shinfo(%s)->nr_frags, pg, %u, %u, %u);\n  }",
                 z, y, y, x, x, y, x, a.c_str(), a.c_str(), x, y, y);
    case OpKind::kFragListAdd:
      return Fmt("{  // %s goes on %s's frag_list, accounted as GRO / IP defrag do\n"
                 "    sk_buff** link = &skb_shinfo(%s)->frag_list;\n    while (*link) link = &(*link)->next;\n"
                 "    *link = %s;\n    %s->next = nullptr;\n    %s->len += %s->len;\n    %s->data_len += %s->len;\n"
                 "    %s->truesize += %s->truesize;\n    %s = nullptr;\n  }",
                 b.c_str(), a.c_str(), a.c_str(), b.c_str(), b.c_str(), a.c_str(), b.c_str(), a.c_str(), b.c_str(),
                 a.c_str(), b.c_str(), b.c_str());
    case OpKind::kClone: return Fmt("%s = skb_clone(%s, GFP_ATOMIC);\n  ASSERT_NE(%s, nullptr);", d.c_str(), a.c_str(), d.c_str());
    case OpKind::kCopy: return Fmt("%s = skb_copy(%s, GFP_ATOMIC);\n  ASSERT_NE(%s, nullptr);", d.c_str(), a.c_str(), d.c_str());
    case OpKind::kPskbCopy: return Fmt("%s = pskb_copy(%s, GFP_ATOMIC);\n  ASSERT_NE(%s, nullptr);", d.c_str(), a.c_str(), d.c_str());
    case OpKind::kCopyExpand:
      return Fmt("%s = skb_copy_expand(%s, %u, %u, GFP_ATOMIC);\n  ASSERT_NE(%s, nullptr);", d.c_str(), a.c_str(), x, y, d.c_str());
    case OpKind::kSplit:
      return Fmt("{\n    const unsigned hl = skb_headlen(%s);\n    %s = alloc_skb(32 + (%uu < hl ? hl - %uu : 0), GFP_ATOMIC);\n"
                 "    ASSERT_NE(%s, nullptr);\n    skb_reserve(%s, 32);\n    skb_split(%s, %s, %u);\n  }",
                 a.c_str(), d.c_str(), x, x, d.c_str(), d.c_str(), a.c_str(), d.c_str(), x);
    case OpKind::kExpandHead: return Fmt("EXPECT_EQ(pskb_expand_head(%s, %d, %d, GFP_ATOMIC), 0);", a.c_str(), static_cast<int>(x), static_cast<int>(y));
    case OpKind::kCow: return Fmt("EXPECT_EQ(skb_cow(%s, %u), 0);", a.c_str(), x);
    case OpKind::kCowHead: return Fmt("EXPECT_EQ(skb_cow_head(%s, %u), 0);", a.c_str(), x);
    case OpKind::kUnclone:
      return Fmt("if (skb_cloned(%s)) EXPECT_EQ(pskb_expand_head(%s, 0, 0, GFP_ATOMIC), 0);  // skb_unclone", a.c_str(), a.c_str());
    case OpKind::kEnsureWritable:
      return Fmt("if (skb::Active().has_ensure_writable) skb_ensure_writable(%s, %u);\n"
                 "  else skb_make_writable(%s, %u);", a.c_str(), x, a.c_str(), x);
    case OpKind::kChecksum: return Fmt("(void)skb_checksum(%s, %u, %u, 0);", a.c_str(), x, y);
    case OpKind::kChecksumHelp:
      return Fmt("%s->ip_summed = CHECKSUM_PARTIAL;\n  %s->csum_start = static_cast<__u16>(skb_headroom(%s) + %u);\n"
                 "  %s->csum_offset = %u;\n  EXPECT_EQ(skb_checksum_help(%s), 0);",
                 a.c_str(), a.c_str(), a.c_str(), x, a.c_str(), y, a.c_str());
    case OpKind::kFree: return Fmt("kfree_skb(%s);\n  %s = nullptr;", a.c_str(), a.c_str());
    case OpKind::kWrite:
      return Fmt("{\n    static const uint8_t bytes[] = {%s};\n"
                 "    EXPECT_EQ(skb_store_bits(%s, %u, bytes, sizeof(bytes)), 0);\n  }",
                 HexArray(op.bytes).c_str(), a.c_str(), x);
    case OpKind::kSetNetworkHeader: return Fmt("skb_set_network_header(%s, %u);", a.c_str(), x);
    case OpKind::kSetTransportHeader: return Fmt("skb_set_transport_header(%s, %u);", a.c_str(), x);
    case OpKind::kSetMacHeader: return Fmt("skb_set_mac_header(%s, %u);", a.c_str(), x);
    case OpKind::kCsumNone: return Fmt("%s->ip_summed = CHECKSUM_NONE;", a.c_str());
    case OpKind::kCsumUnnecessary: return Fmt("%s->ip_summed = CHECKSUM_UNNECESSARY;", a.c_str());
    case OpKind::kCsumComplete:
      return Fmt("%s->csum = skb_checksum(%s, 0, %s->len, 0);  // as the NIC reports it\n"
                 "  %s->ip_summed = CHECKSUM_COMPLETE;",
                 a.c_str(), a.c_str(), a.c_str(), a.c_str());
    case OpKind::kCsumPartial:
      return Fmt("%s->ip_summed = CHECKSUM_PARTIAL;\n  %s->csum_start = static_cast<__u16>(skb_headroom(%s) + %u);\n"
                 "  %s->csum_offset = %u;",
                 a.c_str(), a.c_str(), a.c_str(), x, a.c_str(), y);
    case OpKind::kGso:
      return Fmt("skb_shinfo(%s)->gso_size = %u;\n  skb_shinfo(%s)->gso_segs = %u;\n  skb_shinfo(%s)->gso_type = %#x;",
                 a.c_str(), x, a.c_str(), y, a.c_str(), z);
    case OpKind::kNfHook: {
      const bool in = y == NF_INET_PRE_ROUTING || y == NF_INET_LOCAL_IN || y == NF_INET_FORWARD;
      const bool out = y == NF_INET_FORWARD || y == NF_INET_LOCAL_OUT || y == NF_INET_POST_ROUTING;
      return Fmt("{\n    const skb::NfHookResult h = skb::RunNfHooks(%u, %s, &init_net, nullptr, %s, %s, %s, nullptr);\n"
                 "    // dropped: freed; stolen or lost: the module keeps it\n"
                 "    if (h.outcome != skb::HookOutcome::kAccepted) %s = nullptr;\n  }",
                 x, skb::NfHookName(y), a.c_str(), in ? "skb::DefaultDevice()" : "nullptr",
                 out ? "skb::DefaultDevice()" : "nullptr", a.c_str());
    }
    case OpKind::kIpRcv:
    case OpKind::kIpLocalOut:
    case OpKind::kIpOutput:
    case OpKind::kDevQueueXmit:
    case OpKind::kNetifReceiveSkb:
    case OpKind::kIp6Rcv:
    case OpKind::kIp6LocalOut:
    case OpKind::kIp6Output:
      return Fmt("(void)%s(%s);  // takes the skb\n  %s = nullptr;", PathCall(op.kind), a.c_str(), a.c_str());
    case OpKind::kHeaderRelease: return Fmt("__skb_header_release(%s);", a.c_str());
    case OpKind::kRoute:
      return Fmt("skb::AttachRoute(%s, %s, static_cast<skb::RouteKind>(%u));", a.c_str(), y ? "true" : "false", x);
    case OpKind::kCt:
      return Fmt("skb::ScopedConntrackChoice ct_%d_%u(static_cast<skb::CtChoice>(%u));  // for the next hook/path op",
                 op.a, x, x);
    case OpKind::kQueueInit: return Fmt("skb_queue_head_init(%s);\n  qlive[%d] = true;", d.c_str(), op.dst);
    case OpKind::kQueueTail: return Fmt("skb_queue_tail(%s, %s);\n  %s = nullptr;", a.c_str(), b.c_str(), b.c_str());
    case OpKind::kQueueHead: return Fmt("skb_queue_head(%s, %s);\n  %s = nullptr;", a.c_str(), b.c_str(), b.c_str());
    case OpKind::kDequeue: return Fmt("%s = skb_dequeue(%s);", d.c_str(), a.c_str());
    case OpKind::kDequeueTail: return Fmt("%s = skb_dequeue_tail(%s);", d.c_str(), a.c_str());
    case OpKind::kUnlink:
      return Fmt("{\n    sk_buff* it = (%s)->next;\n    for (int i = 0; i < %u; i++) it = it->next;\n"
                 "    skb_unlink(it, %s);\n    %s = it;\n  }",
                 a.c_str(), x, a.c_str(), d.c_str());
    case OpKind::kQueueSplice: return Fmt("skb_queue_splice(%s, %s);\n  qlive[%d] = false;", a.c_str(), b.c_str(), op.a);
    case OpKind::kQueueSpliceInit: return Fmt("skb_queue_splice_init(%s, %s);", a.c_str(), b.c_str());
    case OpKind::kQueueSpliceTail:
      return Fmt("skb_queue_splice_tail(%s, %s);\n  qlive[%d] = false;", a.c_str(), b.c_str(), op.a);
    case OpKind::kQueueSpliceTailInit: return Fmt("skb_queue_splice_tail_init(%s, %s);", a.c_str(), b.c_str());
    case OpKind::kQueuePurge: return Fmt("skb_queue_purge(%s);", a.c_str());
    case OpKind::kTcpSocket: return Fmt("%s = tcp_sock_alloc(GFP_KERNEL);\n  ASSERT_NE(%s, nullptr);", d.c_str(), d.c_str());
    case OpKind::kTcpSendmsg:
      return Fmt("{\n    std::vector<uint8_t> buf(%u + 1);\n    Fill(buf.data(), %u, 0, &payload);\n"
                 "    EXPECT_EQ(tcp_sendmsg_bytes(%s, buf.data(), %u), %u);\n  }",
                 x, x, a.c_str(), x, x);
    case OpKind::kTcpSendpage:
      return Fmt("{\n    unsigned order = 0;\n    while ((PAGE_SIZE << order) < %u) order++;\n"
                 "    struct page* pg = alloc_pages(GFP_KERNEL, order);\n    Fill(page_address(pg), %u, 0, &payload);\n"
                 "    EXPECT_EQ(tcp_sendpage_bytes(%s, pg, 0, %u), %u);\n    put_page(pg);\n  }",
                 x, x, a.c_str(), x, x);
    case OpKind::kTcpTransmit: return Fmt("TcpTransmit(%s, &in_flight[%d]);", a.c_str(), op.a);
    case OpKind::kTcpAck: return Fmt("TcpAck(%s, %u);", a.c_str(), x);
    case OpKind::kTcpMtuProbe:
      return Fmt("{\n    sk_buff* clone = tcp_mtu_probe(%s, %u);\n    ASSERT_NE(clone, nullptr);\n"
                 "    tcp_sk(%s)->packets_out += 1;\n    in_flight[%d].push_back(clone);\n  }",
                 a.c_str(), x, a.c_str(), op.a);
    case OpKind::kTxComplete:
      return Fmt("consume_skb(in_flight[%d].front());  // TX completion\n  in_flight[%d].pop_front();", op.a, op.a);
    case OpKind::kTcpClose:
      return Fmt("for (sk_buff* c : in_flight[%d]) consume_skb(c);\n  in_flight[%d].clear();\n"
                 "  %s\n  %s = nullptr;",
                 op.a, op.a,
                 po ? Fmt("if (cork[%d]) {\n    po_flush_pending_frames(%s);\n    delete %s;\n  } else {\n"
                          "    tcp_sock_free(%s);\n  }", op.a, a.c_str(), a.c_str(), a.c_str()).c_str()
                    : Fmt("tcp_sock_free(%s);", a.c_str()).c_str(),
                 a.c_str());
    case OpKind::kStaleRequeueTail:
      return Fmt("stale_requeue_tail(%s);  // seed 003's culprit: link examples/seed003_stale_requeue", a.c_str());
    case OpKind::kUdpSocket:
      return Fmt("%s = new sock();  // a corked UDP socket: only its write queue is used\n"
                 "  skb_queue_head_init(&%s->sk_write_queue);\n  cork[%d] = true;",
                 d.c_str(), d.c_str(), op.dst);
    case OpKind::kPoSendmsg:
      return Fmt("{\n    std::vector<uint8_t> buf(%u + 1);\n    Fill(buf.data(), %u, 0, &payload);\n"
                 "    po_set_output(nullptr);\n    EXPECT_EQ(po_sendmsg(%s, buf.data(), %u, %u), 0);\n  }",
                 x, x, a.c_str(), x, y);
    case OpKind::kPoPush: return Fmt("EXPECT_EQ(po_push_pending_frames(%s), 0);", a.c_str());
    case OpKind::kPoFlush: return Fmt("po_flush_pending_frames(%s);", a.c_str());
    case OpKind::kCount: break;
  }
  return "// ?";
}

}  // namespace

std::string EmitGTest(const Program& p, const std::string& test_name, const std::optional<Finding>& seen) {
  bool tcp = false, stale = false, po = false;
  for (const Op& op : p.ops) {
    tcp |= IsTcpOp(op.kind);
    stale |= op.kind == OpKind::kStaleRequeueTail;
    po |= op.kind == OpKind::kUdpSocket;
  }
  std::string out;
  out += "// Emitted by skbtool replay --emit-gtest. The program:\n";
  out += "//   profile " + p.profile + "\n";
  for (const std::string& m : p.modules) out += "//   module " + m + "\n";
  for (size_t i = 0; i < p.ops.size(); i++) out += Fmt("//   #%zu ", i) + PrintOp(p.ops[i]) + "\n";
  if (seen) {
    out += Fmt("// When emitted, `skbtool replay` found at op #%zu: ", seen->op_index) + seen->Summary() + "\n";
    if (!seen->culprit.empty()) out += "//   caused by " + seen->culprit + "\n";
  } else {
    out += "// When emitted, `skbtool replay` found nothing.\n";
  }
  if (!p.modules.empty()) {
    out += "//\n// The program loads module(s) by name below (skb::ScopedModule): link each\n"
           "// module's object into this test (libskb_add_module in examples/CMakeLists.txt),\n"
           "// e.g. target_link_libraries(<test> PRIVATE <module target>), and name its\n"
           "// entry points (LIBSKB_DECLARE_MODULE) so the linker keeps them.\n";
  }
  out += R"(#include <gtest/gtest.h>
#include <linux/mm.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <vector>

#include "skb/conntrack.h"
#include "skb/netfilter.h"
#include "skb/route.h"
#include "skb/skb.h"
)";
  if (stale) out += "#include \"stale_requeue.h\"  // examples/seed003_stale_requeue\n";
  if (po) out += "extern \"C\" {\n#include \"payload_overrun.h\"  // examples/seed002_payload_overrun\n}\n";
  out += R"(
namespace {

// The fuzz harness's byte patterns (fuzz/harness/shadow.h).
void Fill(void* to, size_t n, uint32_t channel, uint64_t* cursor) {
  auto* p = static_cast<uint8_t*>(to);
  for (size_t i = 0; i < n; i++, ++*cursor) p[i] = static_cast<uint8_t>((*cursor * 7 + (*cursor / 251) * 11 + channel) % 251);
}

void ExpectClean(sk_buff* const* s, int op) {
  for (int i = 0; i < 8; i++) {
    if (s[i] == nullptr) continue;
    const auto v = skb::Check(s[i], skb::CheckMode::kKernelTolerant);
    EXPECT_TRUE(v.empty()) << "after op #" << op << ", s" << i << ": " << (v.empty() ? "" : v[0].ToString());
  }
  EXPECT_TRUE(skb::Recorded().empty()) << "after op #" << op << ": " << skb::Recorded().front().text;
}
)";
  if (tcp) {
    out += R"(
// tcp_write_xmit's steps for the send head: tcp_init_tso_segs,
// tcp_transmit_skb(clone_it = 1), tcp_event_new_data_sent.
void TcpTransmit(sock* sk, std::deque<sk_buff*>* in_flight) {
  sk_buff* skb = tcp_send_head(sk);
  ASSERT_NE(skb, nullptr);
  tcp_set_skb_tso_segs(sk, skb, tcp_sk(sk)->mss_cache);
  sk_buff* clone = tcp_transmit_skb(sk, skb, 1, GFP_ATOMIC);
  ASSERT_NE(clone, nullptr);
  sk->sk_send_head = tcp_skb_is_last(sk, skb) ? nullptr : skb->next;
  tcp_sk(sk)->snd_nxt = TCP_SKB_CB(skb)->end_seq;
  tcp_sk(sk)->packets_out += std::max(1u, static_cast<unsigned>(skb_shinfo(skb)->gso_segs));
  in_flight->push_back(clone);
}

// tcp_clean_rtx_queue (net/ipv4/tcp_input.c, the write-queue form).
void TcpAck(sock* sk, u32 bytes) {
  tcp_sock* tp = tcp_sk(sk);
  tp->snd_una += bytes;
  sk_buff* skb;
  while ((skb = tcp_write_queue_head(sk)) != nullptr && skb != tcp_send_head(sk)) {
    tcp_skb_cb* scb = TCP_SKB_CB(skb);
    if (static_cast<s32>(scb->end_seq - tp->snd_una) > 0) {
      if (skb_shinfo(skb)->gso_segs <= 1 || static_cast<s32>(tp->snd_una - scb->seq) <= 0) break;
      tcp_trim_head(sk, skb, tp->snd_una - scb->seq);
      break;
    }
    tcp_unlink_write_queue(skb, sk);
    sk_wmem_free_skb(sk, skb);
  }
}
)";
  }
  out += R"(
}  // namespace

)";
  out += "TEST(SkbRegression, " + test_name + ") {\n";
  out += "  skb::ScopedProfile profile(*skb::ByName(\"" + p.profile + "\"));\n";
  out += "  skb::ScopedPolicy policy(skb::Policy::kThrow);\n";
  out += "  skb::ScopedCheckedMode checked(true);\n";
  for (size_t i = 0; i < p.modules.size(); i++)
    out += Fmt("  skb::ScopedModule module%zu(\"%s\");  // %s\n  ASSERT_EQ(module%zu.init_result(), 0);\n", i,
               ModuleNameOf(p.modules[i]).c_str(), p.modules[i].c_str(), i);
  out += "  skb::ClearRecorded();\n";
  out += "  uint64_t payload = 0, header = 0, store = 0;\n";
  out += "  (void)payload, (void)header, (void)store;\n";
  out += "  sk_buff* s[8] = {};\n";
  out += "  sk_buff_head q[4] = {};\n";
  out += "  bool qlive[4] = {};\n";
  out += "  sock* k[2] = {};\n";
  out += "  bool cork[2] = {};\n";
  out += "  std::deque<sk_buff*> in_flight[2];\n";
  out += "  (void)q, (void)qlive, (void)k, (void)cork, (void)in_flight;\n";
  for (size_t i = 0; i < p.ops.size(); i++) {
    out += Fmt("  // #%zu ", i) + PrintOp(p.ops[i]) + "\n";
    out += "  " + OpCode(p.ops[i], po) + "\n";
    out += Fmt("  ExpectClean(s, %zu);\n", i);
  }
  out += "  for (sk_buff* x : s) if (x != nullptr) kfree_skb(x);\n";
  out += "  for (int i = 0; i < 4; i++) if (qlive[i]) skb_queue_purge(&q[i]);\n";
  out += "  for (int i = 0; i < 2; i++) {\n";
  out += "    for (sk_buff* c : in_flight[i]) consume_skb(c);\n";
  if (po) {
    out += "    if (k[i] != nullptr && cork[i]) {\n      po_flush_pending_frames(k[i]);\n      delete k[i];\n";
    out += "    } else if (k[i] != nullptr) {\n      tcp_sock_free(k[i]);\n    }\n";
  } else {
    out += "    if (k[i] != nullptr) tcp_sock_free(k[i]);\n";
  }
  out += "  }\n";
  out += "  EXPECT_TRUE(skb::Recorded().empty());\n";
  out += "}\n";
  return out;
}

}  // namespace skbfuzz
