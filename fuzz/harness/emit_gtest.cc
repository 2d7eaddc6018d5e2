// libskb fuzz harness: a program as a GoogleTest case of plain kernel API
// calls (skbtool replay --emit-gtest). The case runs the same calls as the
// Runner, with policy kThrow (a BUG fails the test with its report) and
// skb::Check after every op; byte-level (shadow model) findings are
// reproduced by `skbtool replay`, not by this case.
#include <bitset>
#include <string>

#include "runner.h"

namespace skbfuzz {

std::string Fmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

namespace {

std::string S(int slot) { return "s[" + std::to_string(slot) + "]"; }

std::string OpCode(const Op& op) {
  const uint32_t x = op.args[0], y = op.args[1], z = op.args[2];
  const std::string a = op.a >= 0 ? S(op.a) : "", b = op.b >= 0 ? S(op.b) : "", d = op.dst >= 0 ? S(op.dst) : "";
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
    case OpKind::kCount: break;
  }
  return "// ?";
}

}  // namespace

std::string EmitGTest(const Program& p, const std::string& test_name, const std::optional<Finding>& seen) {
  std::string out;
  out += "// Emitted by skbtool replay --emit-gtest. The program:\n";
  out += "//   profile " + p.profile + "\n";
  for (size_t i = 0; i < p.ops.size(); i++) out += Fmt("//   #%zu ", i) + PrintOp(p.ops[i]) + "\n";
  if (seen) {
    out += Fmt("// When emitted, `skbtool replay` found at op #%zu: ", seen->op_index) + seen->Summary() + "\n";
  } else {
    out += "// When emitted, `skbtool replay` found nothing.\n";
  }
  out += R"(#include <gtest/gtest.h>
#include <linux/mm.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "skb/skb.h"

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

}  // namespace

)";
  out += "TEST(SkbRegression, " + test_name + ") {\n";
  out += "  skb::ScopedProfile profile(*skb::ByName(\"" + p.profile + "\"));\n";
  out += "  skb::ScopedPolicy policy(skb::Policy::kThrow);\n";
  out += "  skb::ScopedCheckedMode checked(true);\n";
  out += "  skb::ClearRecorded();\n";
  out += "  uint64_t payload = 0, header = 0, store = 0;\n";
  out += "  (void)payload, (void)header, (void)store;\n";
  out += "  sk_buff* s[8] = {};\n";
  for (size_t i = 0; i < p.ops.size(); i++) {
    out += Fmt("  // #%zu ", i) + PrintOp(p.ops[i]) + "\n";
    out += "  " + OpCode(p.ops[i]) + "\n";
    out += Fmt("  ExpectClean(s, %zu);\n", i);
  }
  out += "  for (sk_buff* x : s) if (x != nullptr) kfree_skb(x);\n";
  out += "  EXPECT_TRUE(skb::Recorded().empty());\n";
  out += "}\n";
  return out;
}

}  // namespace skbfuzz
