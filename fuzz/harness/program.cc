// libskb fuzz harness: the op language's text form (see program.h).
#include "program.h"

#include <skb/profile.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace skbfuzz {
namespace {

constexpr const char* P = nullptr;  // positional argument

constexpr SlotType N = SlotType::kNone, S = SlotType::kSkb, Q = SlotType::kQueue, K = SlotType::kSock;

// Spec rows: skb ops over sA (and sB).
constexpr OpSpec Skb(OpKind k, const char* name, bool defines, int slots, int nargs,
                     std::array<const char*, 3> keys = {}, std::array<bool, 3> optional = {}, bool consumes_a = false,
                     bool consumes_b = false) {
  return OpSpec{k, name, defines, slots, nargs, keys, optional, consumes_a, consumes_b,
                defines ? S : N, slots >= 1 ? S : N, slots >= 2 ? S : N, false, false};
}

// The table is indexed by OpKind.
const OpSpec kSpecs[] = {
    Skb(OpKind::kAllocSkb, "alloc_skb", true, 0, 1, {P}),
    Skb(OpKind::kAllocSkbFclone, "alloc_skb_fclone", true, 0, 1, {P}),
    Skb(OpKind::kNetdevAllocSkb, "netdev_alloc_skb", true, 0, 1, {P}),
    Skb(OpKind::kReserve, "reserve", false, 1, 1, {P}),
    Skb(OpKind::kPut, "put", false, 1, 1, {P}),
    Skb(OpKind::kPush, "push", false, 1, 1, {P}),
    Skb(OpKind::kPull, "pull", false, 1, 1, {P}),
    Skb(OpKind::kTrim, "trim", false, 1, 1, {P}),
    Skb(OpKind::kPskbTrim, "pskb_trim", false, 1, 1, {P}),
    Skb(OpKind::kPskbTrimRcsum, "pskb_trim_rcsum", false, 1, 1, {P}),
    Skb(OpKind::kMayPull, "pskb_may_pull", false, 1, 1, {P}),
    Skb(OpKind::kPullTail, "__pskb_pull_tail", false, 1, 1, {P}),
    Skb(OpKind::kPskbPull, "pskb_pull", false, 1, 1, {P}),
    Skb(OpKind::kLinearize, "linearize", false, 1, 0),
    Skb(OpKind::kLinearizeCow, "linearize_cow", false, 1, 0),
    Skb(OpKind::kCopyBits, "copy_bits", false, 1, 2, {P, P}),
    Skb(OpKind::kStoreBits, "store_bits", false, 1, 2, {P, P}),
    Skb(OpKind::kHeaderPointer, "header_pointer", false, 1, 2, {P, P}),
    Skb(OpKind::kAddRxFrag, "add_rx_frag", false, 1, 3, {"page_off", "size", "order"}, {false, false, true}),
    Skb(OpKind::kFragListAdd, "frag_list_add", false, 2, 0, {}, {}, false, true),
    Skb(OpKind::kClone, "clone", true, 1, 0),
    Skb(OpKind::kCopy, "copy", true, 1, 0),
    Skb(OpKind::kPskbCopy, "pskb_copy", true, 1, 0),
    Skb(OpKind::kCopyExpand, "copy_expand", true, 1, 2, {"nhead", "ntail"}),
    Skb(OpKind::kSplit, "split", true, 1, 1, {P}),
    Skb(OpKind::kExpandHead, "expand_head", false, 1, 2, {"nhead", "ntail"}),
    Skb(OpKind::kCow, "cow", false, 1, 1, {P}),
    Skb(OpKind::kCowHead, "cow_head", false, 1, 1, {P}),
    Skb(OpKind::kUnclone, "unclone", false, 1, 0),
    Skb(OpKind::kEnsureWritable, "ensure_writable", false, 1, 1, {P}),
    Skb(OpKind::kChecksum, "checksum", false, 1, 2, {P, P}),
    Skb(OpKind::kChecksumHelp, "checksum_help", false, 1, 2, {"start", "offset"}),
    Skb(OpKind::kFree, "free", false, 1, 0, {}, {}, true),
    {OpKind::kWrite, "write", false, 1, 1, {P}, {}, false, false, N, S, N, true, false},
    Skb(OpKind::kSetNetworkHeader, "set_network_header", false, 1, 1, {P}),
    Skb(OpKind::kSetTransportHeader, "set_transport_header", false, 1, 1, {P}),
    Skb(OpKind::kSetMacHeader, "set_mac_header", false, 1, 1, {P}),
    Skb(OpKind::kCsumNone, "csum_none", false, 1, 0),
    Skb(OpKind::kCsumUnnecessary, "csum_unnecessary", false, 1, 0),
    Skb(OpKind::kCsumComplete, "csum_complete", false, 1, 0),
    Skb(OpKind::kCsumPartial, "csum_partial", false, 1, 2, {"start", "offset"}),
    Skb(OpKind::kGso, "gso", false, 1, 3, {"size", "segs", "type"}),
    Skb(OpKind::kHeaderRelease, "header_release", false, 1, 0),
    Skb(OpKind::kRoute, "route", false, 1, 2, {"kind", "v6"}, {false, true}),
    Skb(OpKind::kCt, "ct", false, 1, 1, {P}),
    {OpKind::kNfHook, "nf_hook", false, 1, 2, {"pf", "hook"}, {}, false, false, N, S, N, false, true},
    Skb(OpKind::kIpRcv, "ip_rcv", false, 1, 0, {}, {}, true),
    Skb(OpKind::kIpLocalOut, "ip_local_out", false, 1, 0, {}, {}, true),
    Skb(OpKind::kIpOutput, "ip_output", false, 1, 0, {}, {}, true),
    Skb(OpKind::kDevQueueXmit, "dev_queue_xmit", false, 1, 0, {}, {}, true),
    Skb(OpKind::kIp6Rcv, "ip6_rcv", false, 1, 0, {}, {}, true),
    Skb(OpKind::kIp6LocalOut, "ip6_local_out", false, 1, 0, {}, {}, true),
    Skb(OpKind::kIp6Output, "ip6_output", false, 1, 0, {}, {}, true),
    Skb(OpKind::kNetifReceiveSkb, "netif_receive_skb", false, 1, 0, {}, {}, true),
    {OpKind::kQueueInit, "queue_init", true, 0, 0, {}, {}, false, false, Q, N, N, false, false},
    {OpKind::kQueueTail, "queue_tail", false, 2, 0, {}, {}, false, true, N, Q, S, false, false},
    {OpKind::kQueueHead, "queue_head", false, 2, 0, {}, {}, false, true, N, Q, S, false, false},
    {OpKind::kDequeue, "dequeue", true, 1, 0, {}, {}, false, false, S, Q, N, false, true},
    {OpKind::kDequeueTail, "dequeue_tail", true, 1, 0, {}, {}, false, false, S, Q, N, false, true},
    {OpKind::kUnlink, "unlink", true, 1, 1, {P}, {}, false, false, S, Q, N, false, false},
    {OpKind::kQueueSplice, "queue_splice", false, 2, 0, {}, {}, true, false, N, Q, Q, false, false},
    {OpKind::kQueueSpliceInit, "queue_splice_init", false, 2, 0, {}, {}, false, false, N, Q, Q, false, false},
    {OpKind::kQueueSpliceTail, "queue_splice_tail", false, 2, 0, {}, {}, true, false, N, Q, Q, false, false},
    {OpKind::kQueueSpliceTailInit, "queue_splice_tail_init", false, 2, 0, {}, {}, false, false, N, Q, Q, false,
     false},
    {OpKind::kQueuePurge, "queue_purge", false, 1, 0, {}, {}, false, false, N, Q, N, false, false},
    {OpKind::kTcpSocket, "tcp_socket", true, 0, 0, {}, {}, false, false, K, N, N, false, false},
    {OpKind::kTcpSendmsg, "tcp_sendmsg", false, 1, 1, {P}, {}, false, false, N, K, N, false, false},
    {OpKind::kTcpSendpage, "tcp_sendpage", false, 1, 1, {P}, {}, false, false, N, K, N, false, false},
    {OpKind::kTcpTransmit, "tcp_transmit", false, 1, 0, {}, {}, false, false, N, K, N, false, false},
    {OpKind::kTcpAck, "tcp_ack", false, 1, 1, {P}, {}, false, false, N, K, N, false, false},
    {OpKind::kTcpMtuProbe, "tcp_mtu_probe", false, 1, 1, {P}, {}, false, false, N, K, N, false, false},
    {OpKind::kTxComplete, "tx_complete", false, 1, 0, {}, {}, false, false, N, K, N, false, false},
    {OpKind::kTcpClose, "tcp_close", false, 1, 0, {}, {}, true, false, N, K, N, false, false},
    {OpKind::kStaleRequeueTail, "stale_requeue_tail", false, 1, 0, {}, {}, false, false, N, K, N, false, false},
    {OpKind::kUdpSocket, "udp_socket", true, 0, 0, {}, {}, false, false, K, N, N, false, false},
    {OpKind::kPoSendmsg, "po_sendmsg", false, 1, 2, {P, "more"}, {false, true}, false, false, N, K, N, false, false},
    {OpKind::kPoPush, "po_push", false, 1, 0, {}, {}, false, false, N, K, N, false, false},
    {OpKind::kPoFlush, "po_flush", false, 1, 0, {}, {}, false, false, N, K, N, false, false},
};
static_assert(sizeof(kSpecs) / sizeof(kSpecs[0]) == static_cast<size_t>(OpKind::kCount));

const char* TypePrefix(SlotType t) {
  switch (t) {
    case SlotType::kSkb: return "s";
    case SlotType::kQueue: return "q";
    case SlotType::kSock: return "k";
    case SlotType::kNone: break;
  }
  return "?";
}

int TypeLimit(SlotType t) {
  switch (t) {
    case SlotType::kSkb: return kMaxSlots;
    case SlotType::kQueue: return kMaxQueues;
    case SlotType::kSock: return kMaxSocks;
    case SlotType::kNone: break;
  }
  return 0;
}

std::string TypeRange(SlotType t) {
  return std::string(TypePrefix(t)) + "0.." + TypePrefix(t) + std::to_string(TypeLimit(t) - 1);
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) i++;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') j++;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// "s3" for type kSkb, ...; false if the word is not a slot of that type.
bool ParseSlot(std::string_view w, SlotType type, int8_t* out) {
  const char* prefix = TypePrefix(type);
  if (w.size() < 2 || w[0] != prefix[0]) return false;
  int v = 0;
  for (size_t i = 1; i < w.size(); i++) {
    if (w[i] < '0' || w[i] > '9' || (i == 1 && w[i] == '0' && w.size() > 2)) return false;
    v = v * 10 + (w[i] - '0');
    if (v >= TypeLimit(type)) return false;
  }
  *out = static_cast<int8_t>(v);
  return true;
}

// The type a slot word names by its prefix (for the "xD = ..." form).
SlotType TypeOfWord(std::string_view w) {
  if (w.empty()) return SlotType::kNone;
  switch (w[0]) {
    case 's': return SlotType::kSkb;
    case 'q': return SlotType::kQueue;
    case 'k': return SlotType::kSock;
    default: return SlotType::kNone;
  }
}

bool ParseU32(std::string_view w, uint32_t* out) {
  if (w.empty() || w.size() > 10) return false;
  uint64_t v = 0;
  for (char c : w) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > 0xffffffffULL || (w.size() > 1 && w[0] == '0')) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseHex(std::string_view w, std::vector<uint8_t>* out) {
  if (w.empty() || w.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < w.size(); i += 2) {
    const int hi = HexDigit(w[i]), lo = HexDigit(w[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return true;
}

// Static liveness of every slot: dead, live, or maybe (see program.h).
enum Live : uint8_t { kDead, kLive, kMaybe };
struct Liveness {
  std::array<Live, kMaxSlots> s{};
  std::array<Live, kMaxQueues> q{};
  std::array<Live, kMaxSocks> k{};
  Live* At(SlotType t, int i) {
    if (i < 0 || i >= TypeLimit(t)) return nullptr;
    switch (t) {
      case SlotType::kSkb: return &s[static_cast<size_t>(i)];
      case SlotType::kQueue: return &q[static_cast<size_t>(i)];
      case SlotType::kSock: return &k[static_cast<size_t>(i)];
      case SlotType::kNone: break;
    }
    return nullptr;
  }
};

// Slot liveness: applies op to `live`, or returns the reason it cannot.
std::string ApplySlots(const Op& op, Liveness* live) {
  const OpSpec& s = SpecOf(op.kind);
  auto need = [&](SlotType t, int8_t slot) -> std::string {
    Live* l = live->At(t, slot);
    if (l == nullptr) return "missing " + std::string(TypePrefix(t)) + " slot operand";
    if (*l == kDead) return SlotName(t, slot) + " is not live (never defined, or freed/moved)";
    return {};
  };
  if (s.slots >= 1) {
    if (auto e = need(s.a_type, op.a); !e.empty()) return e;
  }
  if (s.slots >= 2) {
    if (auto e = need(s.b_type, op.b); !e.empty()) return e;
    if (s.a_type == s.b_type && op.a == op.b) return "the two slot operands must differ";
  }
  if (s.consumes_a) *live->At(s.a_type, op.a) = kDead;
  if (s.consumes_b) *live->At(s.b_type, op.b) = kDead;
  if (s.maybe && !s.defines) *live->At(s.a_type, op.a) = kMaybe;
  if (s.defines) {
    Live* l = live->At(s.dst_type, op.dst);
    if (l == nullptr) return "missing result slot";
    if (*l == kLive) return SlotName(s.dst_type, op.dst) + " is already live (free it first)";
    *l = s.maybe ? kMaybe : kLive;
  }
  return {};
}

std::string Ipv4(const uint8_t* p) {
  return std::to_string(p[0]) + "." + std::to_string(p[1]) + "." + std::to_string(p[2]) + "." + std::to_string(p[3]);
}

unsigned Be16(const uint8_t* p) { return static_cast<unsigned>(p[0]) << 8 | p[1]; }

}  // namespace

const OpSpec& SpecOf(OpKind k) { return kSpecs[static_cast<size_t>(k)]; }

const OpSpec* SpecByName(std::string_view name) {
  for (const OpSpec& s : kSpecs) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

const char* OpName(OpKind k) { return k < OpKind::kCount ? SpecOf(k).name : "?"; }

std::string SlotName(SlotType t, int index) { return TypePrefix(t) + std::to_string(index); }

std::string PrintOp(const Op& op) {
  const OpSpec& s = SpecOf(op.kind);
  std::string out;
  if (s.defines) out = SlotName(s.dst_type, op.dst) + " = ";
  out += s.name;
  if (s.slots >= 1) out += " " + SlotName(s.a_type, op.a);
  if (s.slots >= 2) out += " " + SlotName(s.b_type, op.b);
  for (int i = 0; i < s.nargs; i++) {
    if (s.keys[i] == nullptr) {
      out += " " + std::to_string(op.args[i]);
    } else if (!s.optional[i] || op.args[i] != 0) {
      out += std::string(" ") + s.keys[i] + "=" + std::to_string(op.args[i]);
    }
  }
  if (s.hex) {
    static const char kDigits[] = "0123456789abcdef";
    out += ' ';
    for (uint8_t b : op.bytes) {
      out += kDigits[b >> 4];
      out += kDigits[b & 15];
    }
  }
  return out;
}

std::string Annotate(const Op& op) {
  if (op.kind != OpKind::kWrite) return {};
  const std::vector<uint8_t>& b = op.bytes;
  if (b.size() < 20 || (b[0] >> 4) != 4) return {};
  const unsigned ihl = b[0] & 15u;
  if (ihl < 5 || b.size() < ihl * 4) return {};
  uint32_t sum = 0;
  for (unsigned i = 0; i < ihl * 4; i += 2) sum += Be16(&b[i]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  if (sum != 0xffff) return {};  // not a valid header: no reading offered
  const unsigned proto = b[9], frag = Be16(&b[6]);
  std::string out = "ipv4 ihl=" + std::to_string(ihl) + " tot_len=" + std::to_string(Be16(&b[2])) +
                    " ttl=" + std::to_string(b[8]) + " proto=" + std::to_string(proto);
  if (frag & 0x3fff) out += " frag_off=" + std::to_string(frag & 0x1fff) + ((frag & 0x2000) ? "+MF" : "");
  out += " " + Ipv4(&b[12]) + " > " + Ipv4(&b[16]);
  const uint8_t* l4 = b.data() + ihl * 4;
  const size_t rest = b.size() - ihl * 4;
  if (proto == 17 && rest >= 8) {
    out += " | udp " + std::to_string(Be16(l4)) + " > " + std::to_string(Be16(l4 + 2)) +
           " len=" + std::to_string(Be16(l4 + 4));
  } else if (proto == 6 && rest >= 20) {
    out += " | tcp " + std::to_string(Be16(l4)) + " > " + std::to_string(Be16(l4 + 2)) +
           " doff=" + std::to_string(l4[12] >> 4);
  }
  return out;
}

std::string Print(const Program& p) {
  std::string out = "profile " + p.profile + "\n";
  for (const std::string& m : p.modules) out += "module " + m + "\n";
  for (const Op& op : p.ops) {
    if (std::string note = Annotate(op); !note.empty()) out += "# " + note + "\n";
    out += PrintOp(op) + "\n";
  }
  return out;
}

std::string ParseError::ToString() const {
  return line > 0 ? "line " + std::to_string(line) + ": " + message : message;
}

std::string ModuleNameOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = base.find('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  for (char& c : base) {
    if (c == '-') c = '_';
  }
  return base;
}

std::optional<Program> Parse(std::string_view text, ParseError* err) {
  Program prog;
  bool seen_profile = false, seen_module = false, seen_op = false;
  Liveness live;
  int lineno = 0;
  auto fail = [&](const std::string& msg) -> std::optional<Program> {
    if (err != nullptr) *err = ParseError{lineno, msg};
    return std::nullopt;
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    lineno++;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    for (char c : line) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r') return fail("control character in text");
      if (static_cast<unsigned char>(c) >= 0x7f) return fail("non-ASCII character in text");
    }
    std::vector<std::string_view> w = Words(line);
    if (w.empty()) continue;
    if (w[0] == "profile") {
      if (seen_profile) return fail("a second 'profile' line");
      if (seen_op || seen_module) return fail("'profile' must come before 'module' lines and before the first op");
      if (w.size() != 2) return fail("expected 'profile NAME'");
      const skb::Profile* p = skb::ByName(w[1]);
      if (p == nullptr) return fail("unknown profile '" + std::string(w[1]) + "'");
      prog.profile = std::string(p->name);
      seen_profile = true;
      continue;
    }
    if (w[0] == "module") {
      if (seen_op) return fail("'module' lines must come before the first op");
      if (w.size() != 2) return fail("expected 'module PATH' (a path without blanks)");
      if (ModuleNameOf(std::string(w[1])).empty()) return fail("'module " + std::string(w[1]) + "' names no module");
      prog.modules.emplace_back(w[1]);
      seen_module = true;
      continue;
    }
    Op op;
    size_t i = 0;
    std::string_view dst_word;
    // "xD = name ..." or the alias "name xD = xA" (e.g. "clone s1 = s0").
    if (w.size() >= 2 && w[1] == "=") {
      dst_word = w[0];
      i = 2;
    }
    if (i >= w.size()) return fail("missing op name after '='");
    const OpSpec* s = SpecByName(w[i]);
    if (s == nullptr) return fail("unknown op '" + std::string(w[i]) + "'");
    op.kind = s->kind;
    i++;
    if (s->defines && dst_word.empty()) {
      if (i + 1 < w.size() && w[i + 1] == "=") {
        dst_word = w[i];
        i += 2;
      } else {
        return fail(std::string("'") + s->name + "' defines a slot: write '" + TypePrefix(s->dst_type) + "N = " +
                    s->name + " ...'");
      }
    } else if (!s->defines && !dst_word.empty()) {
      return fail(std::string("'") + s->name + "' does not define a slot");
    }
    if (s->defines && !ParseSlot(dst_word, s->dst_type, &op.dst)) {
      return fail("bad result slot '" + std::string(dst_word) + "' (" + s->name + " defines one of " +
                  TypeRange(s->dst_type) + ")");
    }
    for (int k = 0; k < s->slots; k++, i++) {
      if (i >= w.size()) return fail(std::string("'") + s->name + "' needs " + std::to_string(s->slots) + " slot operand(s)");
      const SlotType t = k == 0 ? s->a_type : s->b_type;
      int8_t slot;
      if (!ParseSlot(w[i], t, &slot)) {
        return fail("bad slot '" + std::string(w[i]) + "' (" + TypeRange(t) + ")" +
                    (TypeOfWord(w[i]) != t && TypeOfWord(w[i]) != SlotType::kNone
                         ? std::string("; '") + s->name + "' takes " + TypePrefix(t) + " slots there"
                         : ""));
      }
      (k == 0 ? op.a : op.b) = slot;
    }
    size_t end = w.size();
    if (s->hex) {
      if (end <= i || w[end - 1].find('=') != std::string_view::npos)
        return fail(std::string("'") + s->name + "' needs the bytes as hex after its arguments (e.g. 4500001c)");
      if (!ParseHex(w[end - 1], &op.bytes))
        return fail("bad hex bytes '" + std::string(w[end - 1]) + "' (an even number of hex digits, at least 2)");
      end--;
    }
    std::array<bool, 3> have{};
    int positional = 0;
    for (; i < end; i++) {
      std::string_view word = w[i];
      const size_t eq = word.find('=');
      int idx = -1;
      std::string_view value = word;
      if (eq != std::string_view::npos) {
        std::string_view key = word.substr(0, eq);
        value = word.substr(eq + 1);
        for (int k = 0; k < s->nargs; k++) {
          if (s->keys[k] != nullptr && key == s->keys[k]) idx = k;
        }
        if (idx < 0) return fail("'" + std::string(s->name) + "' has no argument '" + std::string(key) + "'");
      } else {
        while (positional < s->nargs && s->keys[positional] != nullptr) positional++;
        if (positional >= s->nargs) return fail("too many arguments for '" + std::string(s->name) + "'");
        idx = positional++;
      }
      if (have[idx]) return fail("argument given twice");
      if (!ParseU32(value, &op.args[idx]))
        return fail("bad number '" + std::string(value) + "' (decimal, 0..4294967295)");
      have[idx] = true;
    }
    for (int k = 0; k < s->nargs; k++) {
      if (!have[k] && !s->optional[k]) {
        return fail("'" + std::string(s->name) + "' is missing " +
                    (s->keys[k] ? "'" + std::string(s->keys[k]) + "='" : "an argument"));
      }
    }
    if (std::string why = ApplySlots(op, &live); !why.empty()) return fail(why);
    prog.ops.push_back(op);
    seen_op = true;
  }
  return prog;
}

bool Validate(const Program& p, ParseError* err) {
  if (skb::ByName(p.profile) == nullptr) {
    if (err != nullptr) *err = ParseError{0, "unknown profile '" + p.profile + "'"};
    return false;
  }
  for (const std::string& m : p.modules) {
    if (m.empty() || m.find_first_of(" \t\n#") != std::string::npos || ModuleNameOf(m).empty()) {
      if (err != nullptr) *err = ParseError{0, "bad module path '" + m + "'"};
      return false;
    }
  }
  Liveness live;
  for (size_t i = 0; i < p.ops.size(); i++) {
    const Op& op = p.ops[i];
    std::string why;
    if (op.kind >= OpKind::kCount) {
      why = "bad op kind";
    } else if (SpecOf(op.kind).hex && op.bytes.empty()) {
      why = "write without bytes";
    } else if (!SpecOf(op.kind).hex && !op.bytes.empty()) {
      why = "bytes on an op that takes none";
    } else {
      why = ApplySlots(op, &live);
    }
    if (!why.empty()) {
      if (err != nullptr) *err = ParseError{static_cast<int>(i + 1), "op #" + std::to_string(i) + ": " + why};
      return false;
    }
  }
  return true;
}

}  // namespace skbfuzz
