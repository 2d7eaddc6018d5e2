// libskb fuzz harness: the op language's text form (see program.h).
#include "program.h"

#include <skb/profile.h>

#include <bitset>
#include <cerrno>
#include <cstdlib>
#include <string>

namespace skbfuzz {
namespace {

constexpr const char* P = nullptr;  // positional argument

// The table is indexed by OpKind.
const OpSpec kSpecs[] = {
    {OpKind::kAllocSkb, "alloc_skb", true, 0, 1, {P}, {}, false, false},
    {OpKind::kAllocSkbFclone, "alloc_skb_fclone", true, 0, 1, {P}, {}, false, false},
    {OpKind::kNetdevAllocSkb, "netdev_alloc_skb", true, 0, 1, {P}, {}, false, false},
    {OpKind::kReserve, "reserve", false, 1, 1, {P}, {}, false, false},
    {OpKind::kPut, "put", false, 1, 1, {P}, {}, false, false},
    {OpKind::kPush, "push", false, 1, 1, {P}, {}, false, false},
    {OpKind::kPull, "pull", false, 1, 1, {P}, {}, false, false},
    {OpKind::kTrim, "trim", false, 1, 1, {P}, {}, false, false},
    {OpKind::kPskbTrim, "pskb_trim", false, 1, 1, {P}, {}, false, false},
    {OpKind::kPskbTrimRcsum, "pskb_trim_rcsum", false, 1, 1, {P}, {}, false, false},
    {OpKind::kMayPull, "pskb_may_pull", false, 1, 1, {P}, {}, false, false},
    {OpKind::kPullTail, "__pskb_pull_tail", false, 1, 1, {P}, {}, false, false},
    {OpKind::kPskbPull, "pskb_pull", false, 1, 1, {P}, {}, false, false},
    {OpKind::kLinearize, "linearize", false, 1, 0, {}, {}, false, false},
    {OpKind::kLinearizeCow, "linearize_cow", false, 1, 0, {}, {}, false, false},
    {OpKind::kCopyBits, "copy_bits", false, 1, 2, {P, P}, {}, false, false},
    {OpKind::kStoreBits, "store_bits", false, 1, 2, {P, P}, {}, false, false},
    {OpKind::kHeaderPointer, "header_pointer", false, 1, 2, {P, P}, {}, false, false},
    {OpKind::kAddRxFrag, "add_rx_frag", false, 1, 3, {"page_off", "size", "order"}, {false, false, true}, false,
     false},
    {OpKind::kFragListAdd, "frag_list_add", false, 2, 0, {}, {}, false, true},
    {OpKind::kClone, "clone", true, 1, 0, {}, {}, false, false},
    {OpKind::kCopy, "copy", true, 1, 0, {}, {}, false, false},
    {OpKind::kPskbCopy, "pskb_copy", true, 1, 0, {}, {}, false, false},
    {OpKind::kCopyExpand, "copy_expand", true, 1, 2, {"nhead", "ntail"}, {}, false, false},
    {OpKind::kSplit, "split", true, 1, 1, {P}, {}, false, false},
    {OpKind::kExpandHead, "expand_head", false, 1, 2, {"nhead", "ntail"}, {}, false, false},
    {OpKind::kCow, "cow", false, 1, 1, {P}, {}, false, false},
    {OpKind::kCowHead, "cow_head", false, 1, 1, {P}, {}, false, false},
    {OpKind::kUnclone, "unclone", false, 1, 0, {}, {}, false, false},
    {OpKind::kEnsureWritable, "ensure_writable", false, 1, 1, {P}, {}, false, false},
    {OpKind::kChecksum, "checksum", false, 1, 2, {P, P}, {}, false, false},
    {OpKind::kChecksumHelp, "checksum_help", false, 1, 2, {"start", "offset"}, {}, false, false},
    {OpKind::kFree, "free", false, 1, 0, {}, {}, true, false},
};
static_assert(sizeof(kSpecs) / sizeof(kSpecs[0]) == static_cast<size_t>(OpKind::kCount));

std::string Slot(int s) { return "s" + std::to_string(s); }

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

bool ParseSlot(std::string_view w, int8_t* out) {
  if (w.size() < 2 || w[0] != 's') return false;
  int v = 0;
  for (size_t i = 1; i < w.size(); i++) {
    if (w[i] < '0' || w[i] > '9' || (i == 1 && w[i] == '0' && w.size() > 2)) return false;
    v = v * 10 + (w[i] - '0');
    if (v >= kMaxSlots) return false;
  }
  *out = static_cast<int8_t>(v);
  return true;
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

// Slot liveness: applies op to `live`, or returns the reason it cannot.
std::string ApplySlots(const Op& op, std::bitset<kMaxSlots>* live) {
  const OpSpec& s = SpecOf(op.kind);
  auto need = [&](int8_t slot) -> std::string {
    if (slot < 0 || slot >= kMaxSlots) return "missing slot operand";
    if (!live->test(static_cast<size_t>(slot))) return Slot(slot) + " is not live (never defined, or freed/moved)";
    return {};
  };
  if (s.slots >= 1) {
    if (auto e = need(op.a); !e.empty()) return e;
  }
  if (s.slots >= 2) {
    if (auto e = need(op.b); !e.empty()) return e;
    if (op.a == op.b) return "the two slot operands must differ";
  }
  if (s.consumes_a) live->reset(static_cast<size_t>(op.a));
  if (s.consumes_b) live->reset(static_cast<size_t>(op.b));
  if (s.defines) {
    if (op.dst < 0 || op.dst >= kMaxSlots) return "missing result slot";
    if (live->test(static_cast<size_t>(op.dst))) return Slot(op.dst) + " is already live (free it first)";
    live->set(static_cast<size_t>(op.dst));
  }
  return {};
}

}  // namespace

const OpSpec& SpecOf(OpKind k) { return kSpecs[static_cast<size_t>(k)]; }

const OpSpec* SpecByName(std::string_view name) {
  for (const OpSpec& s : kSpecs) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

const char* OpName(OpKind k) { return k < OpKind::kCount ? SpecOf(k).name : "?"; }

std::string PrintOp(const Op& op) {
  const OpSpec& s = SpecOf(op.kind);
  std::string out;
  if (s.defines) out = Slot(op.dst) + " = ";
  out += s.name;
  if (s.slots >= 1) out += " " + Slot(op.a);
  if (s.slots >= 2) out += " " + Slot(op.b);
  for (int i = 0; i < s.nargs; i++) {
    if (s.keys[i] == nullptr) {
      out += " " + std::to_string(op.args[i]);
    } else if (!s.optional[i] || op.args[i] != 0) {
      out += std::string(" ") + s.keys[i] + "=" + std::to_string(op.args[i]);
    }
  }
  return out;
}

std::string Print(const Program& p) {
  std::string out = "profile " + p.profile + "\n";
  for (const Op& op : p.ops) out += PrintOp(op) + "\n";
  return out;
}

std::string ParseError::ToString() const {
  return line > 0 ? "line " + std::to_string(line) + ": " + message : message;
}

std::optional<Program> Parse(std::string_view text, ParseError* err) {
  Program prog;
  bool seen_profile = false, seen_op = false;
  std::bitset<kMaxSlots> live;
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
      if (seen_op) return fail("'profile' must come before the first op");
      if (w.size() != 2) return fail("expected 'profile NAME'");
      const skb::Profile* p = skb::ByName(w[1]);
      if (p == nullptr) return fail("unknown profile '" + std::string(w[1]) + "'");
      prog.profile = std::string(p->name);
      seen_profile = true;
      continue;
    }
    Op op;
    size_t i = 0;
    // "sD = name ..." or the alias "name sD = sA" (e.g. "clone s1 = s0").
    if (w.size() >= 2 && w[1] == "=") {
      if (!ParseSlot(w[0], &op.dst)) return fail("bad result slot '" + std::string(w[0]) + "' (s0..s7)");
      i = 2;
    }
    if (i >= w.size()) return fail("missing op name after '='");
    const OpSpec* s = SpecByName(w[i]);
    if (s == nullptr) return fail("unknown op '" + std::string(w[i]) + "'");
    op.kind = s->kind;
    i++;
    if (s->defines && op.dst < 0) {
      if (i + 1 < w.size() && w[i + 1] == "=" && ParseSlot(w[i], &op.dst)) {
        i += 2;
      } else {
        return fail(std::string("'") + s->name + "' defines a slot: write 'sN = " + s->name + " ...'");
      }
    } else if (!s->defines && op.dst >= 0) {
      return fail(std::string("'") + s->name + "' does not define a slot");
    }
    for (int k = 0; k < s->slots; k++, i++) {
      if (i >= w.size()) return fail(std::string("'") + s->name + "' needs " + std::to_string(s->slots) + " slot operand(s)");
      int8_t slot;
      if (!ParseSlot(w[i], &slot)) return fail("bad slot '" + std::string(w[i]) + "' (s0..s7)");
      (k == 0 ? op.a : op.b) = slot;
    }
    std::array<bool, 3> have{};
    int positional = 0;
    for (; i < w.size(); i++) {
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
  std::bitset<kMaxSlots> live;
  for (size_t i = 0; i < p.ops.size(); i++) {
    const Op& op = p.ops[i];
    std::string why;
    if (op.kind >= OpKind::kCount) {
      why = "bad op kind";
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
