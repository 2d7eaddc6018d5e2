// libskb fuzz harness: the op language (ARCHITECTURE.md "Programs").
//
// A Program is a profile name plus a sequence of operations over up to
// kMaxSlots skbs, named s0..s7. It has one canonical text form, one op per
// line:
//
//   profile 6.12
//   s0 = alloc_skb 1500
//   reserve s0 64
//   put s0 100
//   add_rx_frag s0 page_off=100 size=1000
//   s1 = clone s0
//   pskb_may_pull s1 300
//   free s0
//
// Parse() accepts the canonical form plus blank lines, '#' comments and
// keyed arguments in any order; Print() writes the canonical form, so
// Print(Parse(t)) == t for canonical t and Parse(Print(p)) == p.
//
// Slot use is checked statically (Validate): an op may only use a slot that
// an earlier op defined (alloc, clone, copy, split, ...) and that no free or
// frag_list_add has consumed since, and may only define an empty slot. Whether
// an op is LEGAL in the kernel's sense (would not BUG) is not checked here: a
// hand-written program may be illegal on purpose; the Runner reports what the
// kernel would do. The fuzzer's decoder (runner.h, Decode) only produces legal
// programs.
#ifndef LIBSKB_FUZZ_HARNESS_PROGRAM_H_
#define LIBSKB_FUZZ_HARNESS_PROGRAM_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace skbfuzz {

constexpr int kMaxSlots = 8;

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
  kCount
};

struct Op {
  OpKind kind = OpKind::kCount;
  int8_t dst = -1;  // slot defined by the op, or -1
  int8_t a = -1;    // first slot operand, or -1
  int8_t b = -1;    // second slot operand, or -1
  std::array<uint32_t, 3> args{};  // in the order of the op's spec
  bool operator==(const Op&) const = default;
};

struct Program {
  std::string profile = "6.12";
  std::vector<Op> ops;
  bool operator==(const Program&) const = default;
};

// The text syntax of one op kind.
struct OpSpec {
  OpKind kind;
  const char* name;
  bool defines;  // "sD = name ..."
  int slots;     // slot operands after the name (0..2)
  int nargs;     // numeric arguments
  // Per argument: nullptr for positional, else the key of "key=value".
  std::array<const char*, 3> keys;
  // Per argument: printed only when non-zero (keyed arguments only).
  std::array<bool, 3> optional;
  // Whether operand b is consumed (moved or freed): a for kFree.
  bool consumes_a;
  bool consumes_b;
};

const OpSpec& SpecOf(OpKind k);
const OpSpec* SpecByName(std::string_view name);
const char* OpName(OpKind k);

// Canonical text of one op / a whole program (one op per line, '\n' ended).
std::string PrintOp(const Op& op);
std::string Print(const Program& p);

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

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_PROGRAM_H_
