// libskb fuzz harness: the op language (ARCHITECTURE.md "Programs").
//
// A Program is a profile name, the modules to load, and a sequence of
// operations over up to kMaxSlots skbs (s0..s7), kMaxQueues sk_buff_head
// queues (q0..q3) and kMaxSocks TCP sockets (k0, k1). It has one canonical
// text form, one op per line:
//
//   profile 5.10
//   module build/examples/sn_core_odd.so
//   s0 = alloc_skb 1500
//   reserve s0 64
//   put s0 100
//   # ipv4 ihl=5 tot_len=100 proto=17 10.0.0.1 > 10.0.0.2 ttl=64 | udp 62463 > 43122 len=80
//   write s0 0 4500006400004000401100000a0000010a000002f3ffa87200500000
//   set_network_header s0 0
//   nf_hook s0 pf=2 hook=1
//   s1 = clone s0
//   ip_rcv s1
//   q0 = queue_init
//   queue_tail q0 s0
//   k0 = tcp_socket
//   tcp_sendmsg k0 3000
//
// Parse() accepts the canonical form plus blank lines, '#' comments and
// keyed arguments in any order; Print() writes the canonical form, so
// Print(Parse(t)) == t for canonical t and Parse(Print(p)) == p. The '#'
// line Print() puts before a `write` whose bytes hold a valid IPv4 header is
// a reading aid, regenerated from the bytes (Annotate()).
//
// Slot use is checked statically (Validate): an op may only use a slot that
// an earlier op defined and that nothing consumed since, and may only define
// a slot that is not live. Ops whose effect on a slot depends on what runs
// (nf_hook: a hook may drop or steal the skb; dequeue of a possibly empty
// queue) leave it "maybe live": it may be used or redefined statically and
// the Runner checks the real state. Whether an op is LEGAL in the kernel's
// sense (would not BUG) is not checked here: a hand-written program may be
// illegal on purpose; the Runner reports what the kernel would do. The
// fuzzer's decoders (runner.h, Decode) only produce legal programs.
#ifndef LIBSKB_FUZZ_HARNESS_PROGRAM_H_
#define LIBSKB_FUZZ_HARNESS_PROGRAM_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skbfuzz {

constexpr int kMaxSlots = 8;   // s0..s7
constexpr int kMaxQueues = 4;  // q0..q3
constexpr int kMaxSocks = 2;   // k0..k1

enum class OpKind : uint8_t {
  // Allocation: define a slot.
  kAllocSkb,        // sD = alloc_skb SIZE
  kAllocSkbFclone,  // sD = alloc_skb_fclone SIZE
  kNetdevAllocSkb,  // sD = netdev_alloc_skb SIZE
  // Linear ops.
  kReserve,  // reserve sA LEN          skb_reserve
  kPut,      // put sA LEN              skb_put + payload bytes
  kPush,     // push sA LEN             skb_push + header bytes
  kPull,     // pull sA LEN             skb_pull
  kTrim,     // trim sA LEN             skb_trim
  // Non-linear ops.
  kPskbTrim,       // pskb_trim sA LEN
  kPskbTrimRcsum,  // pskb_trim_rcsum sA LEN
  kMayPull,        // pskb_may_pull sA LEN
  kPullTail,       // __pskb_pull_tail sA DELTA
  kPskbPull,       // pskb_pull sA LEN
  kLinearize,      // linearize sA          skb_linearize
  kLinearizeCow,   // linearize_cow sA      skb_linearize_cow
  kCopyBits,       // copy_bits sA OFF LEN  (read, compared with the model)
  kStoreBits,      // store_bits sA OFF LEN (store-pattern bytes)
  kHeaderPointer,  // header_pointer sA OFF LEN
  kAddRxFrag,      // add_rx_frag sA page_off=O size=N [order=K]
  kFragListAdd,    // frag_list_add sA sB   (sB moves to the end of sA's frag_list)
  // Sharing and reallocation.
  kClone,       // sD = clone sA
  kCopy,        // sD = copy sA             skb_copy
  kPskbCopy,    // sD = pskb_copy sA
  kCopyExpand,  // sD = copy_expand sA nhead=H ntail=T
  kSplit,       // sD = split sA LEN       skb_split into a fresh skb
  kExpandHead,  // expand_head sA nhead=H ntail=T   pskb_expand_head
  kCow,         // cow sA HEADROOM
  kCowHead,     // cow_head sA HEADROOM
  kUnclone,     // unclone sA
  kEnsureWritable,  // ensure_writable sA LEN (skb_make_writable on <= 3.18 profiles)
  // Checksums.
  kChecksum,      // checksum sA OFF LEN    skb_checksum, compared with a reference
  kChecksumHelp,  // checksum_help sA start=S offset=O  (CHECKSUM_PARTIAL, csum_start = data+S)
  // Lifetime.
  kFree,  // free sA                       kfree_skb
  // Packet bytes, headers and metadata.
  kWrite,               // write sA OFF HEX       skb_store_bits of the given bytes
  kSetNetworkHeader,    // set_network_header sA OFF    skb_set_network_header
  kSetTransportHeader,  // set_transport_header sA OFF  skb_set_transport_header
  kSetMacHeader,        // set_mac_header sA OFF        skb_set_mac_header
  kCsumNone,            // csum_none sA                 ip_summed = CHECKSUM_NONE
  kCsumUnnecessary,     // csum_unnecessary sA          ip_summed = CHECKSUM_UNNECESSARY
  kCsumComplete,        // csum_complete sA             csum = skb_checksum(0, len), CHECKSUM_COMPLETE
  kCsumPartial,         // csum_partial sA start=S offset=O   CHECKSUM_PARTIAL state only
  kGso,                 // gso sA size=S segs=N type=T  shinfo gso_size/gso_segs/gso_type
  kHeaderRelease,       // header_release sA            __skb_header_release (tcp_skb_entail: nohdr)
  kRoute,               // route sA kind=K v6=V         skb::AttachRoute: the modelled route (skb/route.h RouteKind)
  kCt,                  // ct sA CHOICE                 conntrack's classification of sA (skb/conntrack.h CtChoice),
                        //                              attached where nf_conntrack_in runs in sA's next hook/path op
  // Netfilter and the IPv4 paths (skb/netfilter.h).
  kNfHook,          // nf_hook sA pf=P hook=H   skb::RunNfHooks: sA stays, is dropped or is stolen
  kIpRcv,           // ip_rcv sA                skb::IpRcv (consumes sA)
  kIpLocalOut,      // ip_local_out sA          skb::IpLocalOut (consumes sA)
  kIpOutput,        // ip_output sA             skb::IpOutput (consumes sA)
  kDevQueueXmit,    // dev_queue_xmit sA        skb::DevQueueXmit (consumes sA)
  kIp6Rcv,          // ip6_rcv sA               skb::Ip6Rcv (consumes sA)
  kIp6LocalOut,     // ip6_local_out sA         skb::Ip6LocalOut (consumes sA)
  kIp6Output,       // ip6_output sA            skb::Ip6Output (consumes sA)
  kNetifReceiveSkb, // netif_receive_skb sA     skb::NetifReceiveSkb (consumes sA)
  // sk_buff_head queues.
  kQueueInit,            // qD = queue_init              skb_queue_head_init
  kQueueTail,            // queue_tail qA sB             skb_queue_tail (sB moves into the queue)
  kQueueHead,            // queue_head qA sB             skb_queue_head
  kDequeue,              // sD = dequeue qA              skb_dequeue (sD stays empty if qA is)
  kDequeueTail,          // sD = dequeue_tail qA         skb_dequeue_tail
  kUnlink,               // sD = unlink qA INDEX         skb_unlink of the INDEX-th skb
  kQueueSplice,          // queue_splice qA qB           skb_queue_splice: qA's skbs to qB's front; qA is stale
  kQueueSpliceInit,      // queue_splice_init qA qB      skb_queue_splice_init: qA empty again
  kQueueSpliceTail,      // queue_splice_tail qA qB      skb_queue_splice_tail; qA is stale
  kQueueSpliceTailInit,  // queue_splice_tail_init qA qB skb_queue_splice_tail_init
  kQueuePurge,           // queue_purge qA               skb_queue_purge
  // TCP write queue (net/tcp.h).
  kTcpSocket,         // kD = tcp_socket              tcp_sock_alloc
  kTcpSendmsg,        // tcp_sendmsg kA LEN           tcp_sendmsg copy of LEN stream bytes
  kTcpSendpage,       // tcp_sendpage kA LEN          do_tcp_sendpages of LEN stream bytes
  kTcpTransmit,       // tcp_transmit kA              tcp_transmit_skb(clone) of the send head
  kTcpAck,            // tcp_ack kA BYTES             tcp_clean_rtx_queue for snd_una + BYTES
  kTcpMtuProbe,       // tcp_mtu_probe kA SIZE        tcp_mtu_probe with probe_size SIZE
  kTxComplete,        // tx_complete kA               the driver frees the oldest clone in flight
  kTcpClose,          // tcp_close kA                 sk_stream_kill_queues + free (consumes kA)
  kStaleRequeueTail,  // stale_requeue_tail kA        seed 003's culprit (variant builds only)
  // A corked UDP socket of seed 002's module (variant builds only).
  kUdpSocket,  // kD = udp_socket                a struct sock with an empty write queue
  kPoSendmsg,  // po_sendmsg kA LEN more=M       po_sendmsg of LEN stream bytes (MSG_MORE if M)
  kPoPush,     // po_push kA                     po_push_pending_frames
  kPoFlush,    // po_flush kA                    po_flush_pending_frames
  kCount
};

// The kind of a slot operand.
enum class SlotType : uint8_t { kNone, kSkb, kQueue, kSock };

struct Op {
  OpKind kind = OpKind::kCount;
  int8_t dst = -1;  // slot defined by the op, or -1
  int8_t a = -1;    // first slot operand, or -1
  int8_t b = -1;    // second slot operand, or -1
  std::array<uint32_t, 3> args{};  // in the order of the op's spec
  std::vector<uint8_t> bytes;      // kWrite's bytes
  bool operator==(const Op&) const = default;
};

struct Program {
  std::string profile = "6.12";
  std::vector<std::string> modules;  // "module PATH" lines (runner.h: how they load)
  std::vector<Op> ops;
  bool operator==(const Program&) const = default;
};

// The text syntax of one op kind.
struct OpSpec {
  OpKind kind;
  const char* name;
  bool defines;  // "xD = name ..."
  int slots;     // slot operands after the name (0..2)
  int nargs;     // numeric arguments
  // Per argument: nullptr for positional, else the key of "key=value".
  std::array<const char*, 3> keys;
  // Per argument: printed only when non-zero (keyed arguments only).
  std::array<bool, 3> optional;
  // Whether operand a / b is consumed (freed, moved or made stale).
  bool consumes_a;
  bool consumes_b;
  SlotType dst_type;  // kNone unless defines
  SlotType a_type;    // kNone unless slots >= 1
  SlotType b_type;    // kNone unless slots >= 2
  bool hex;           // a trailing hex byte string (kWrite)
  // The op leaves operand a (or its result slot) maybe-live (see the top).
  bool maybe;
};

const OpSpec& SpecOf(OpKind k);
const OpSpec* SpecByName(std::string_view name);
const char* OpName(OpKind k);

// "s3", "q0", "k1".
std::string SlotName(SlotType t, int index);

// Canonical text of one op / a whole program (one op per line, '\n' ended).
std::string PrintOp(const Op& op);
std::string Print(const Program& p);
// A human reading of a `write` op's bytes ("ipv4 ihl=5 tot_len=48 proto=17
// ... | udp 1111 > 2222 len=28"), or "" when they do not start with a valid
// IPv4 header (version 4, ihl >= 5, header checksum correct).
std::string Annotate(const Op& op);

struct ParseError {
  int line = 0;  // 1-based; 0 for errors not tied to a line
  std::string message;
  std::string ToString() const;  // "line 3: ..."
};

// Parses the text form. On error returns nullopt and fills *err (if given).
std::optional<Program> Parse(std::string_view text, ParseError* err = nullptr);

// Static slot-use check (see the top of this file). Fills *err with the
// index of the offending op in err->line (0-based op index + 1).
bool Validate(const Program& p, ParseError* err = nullptr);

// The module name a `module PATH` line loads: the file's base name without
// its extension, '-' -> '_' (as kbuild names modules).
std::string ModuleNameOf(const std::string& path);

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_PROGRAM_H_
