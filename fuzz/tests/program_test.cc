// The op language (parser/printer round trip, errors) and the runner (no
// findings on legal decoded programs, findings on illegal hand-written ones).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "program.h"
#include "runner.h"
#include "skb/skb.h"

namespace skbfuzz {
namespace {

uint64_t SplitMix(uint64_t* s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::vector<uint8_t> RandomBytes(uint64_t seed, size_t n) {
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = static_cast<uint8_t>(SplitMix(&seed));
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Decoded programs: legal, so no finding; and their text round-trips.
TEST(Program, DecodedProgramsRoundTripAndRunClean) {
  size_t total_ops = 0, programs = 0;
  for (const skb::Profile* prof : skb::All()) {
    DecodeOptions opt;
    opt.profile = std::string(prof->name);
    for (uint64_t seed = 1; seed <= 150; seed++) {
      const std::vector<uint8_t> in = RandomBytes(seed * 7919 + prof->version_code, 64 + (seed % 8) * 128);
      RunResult res;
      const Program p = Decode(in.data(), in.size(), opt, &res);
      const std::string text = Print(p);
      ASSERT_FALSE(res.finding) << "profile " << prof->name << " seed " << seed << ": " << res.finding->Summary()
                                << " at op #" << res.finding->op_index << "\n"
                                << res.finding->text << "\nprogram:\n"
                                << text;
      ParseError err;
      const auto back = Parse(text, &err);
      ASSERT_TRUE(back) << err.ToString() << "\n" << text;
      EXPECT_EQ(*back, p) << text;
      EXPECT_EQ(Print(*back), text);
      // Determinism: decoding again gives the same program; replaying the
      // text gives no finding either.
      EXPECT_EQ(Decode(in.data(), in.size(), opt), p);
      const RunResult again = skbfuzz::Run(*back);
      EXPECT_FALSE(again.finding) << (again.finding ? again.finding->Summary() + "\n" + again.finding->text : "");
      total_ops += p.ops.size();
      programs++;
    }
  }
  std::printf("[ program ] %zu decoded programs, %zu ops, no findings\n", programs, total_ops);
  EXPECT_GT(total_ops, programs * 10);
}

TEST(Program, CanonicalTextRoundTrips) {
  const std::string t =
      "profile 5.10\n"
      "s0 = alloc_skb 1500\n"
      "reserve s0 64\n"
      "put s0 100\n"
      "add_rx_frag s0 page_off=100 size=1000\n"
      "add_rx_frag s0 page_off=0 size=10 order=2\n"
      "s1 = clone s0\n"
      "pskb_may_pull s1 300\n"
      "s2 = copy_expand s1 nhead=32 ntail=0\n"
      "expand_head s2 nhead=0 ntail=16\n"
      "checksum_help s2 start=0 offset=16\n"
      "s3 = split s2 700\n"
      "frag_list_add s3 s2\n"
      "free s0\n";
  ParseError err;
  const auto p = Parse(t, &err);
  ASSERT_TRUE(p) << err.ToString();
  EXPECT_EQ(Print(*p), t);
  EXPECT_EQ(p->profile, "5.10");
  ASSERT_EQ(p->ops.size(), 13u);
  EXPECT_EQ(p->ops[3].kind, OpKind::kAddRxFrag);
  EXPECT_EQ(p->ops[3].args[0], 100u);
  EXPECT_EQ(p->ops[3].args[1], 1000u);
  EXPECT_EQ(p->ops[5].dst, 1);
  EXPECT_EQ(p->ops[5].a, 0);
}

TEST(Program, NonCanonicalFormsParse) {
  const auto a = Parse("profile 6.12\ns0 = alloc_skb 100\n  # comment\n\nclone s1 = s0   # alias\n"
                       "add_rx_frag s0 size=5 page_off=1\n");
  ASSERT_TRUE(a);
  const auto b = Parse("profile 6.12\ns0 = alloc_skb 100\ns1 = clone s0\nadd_rx_frag s0 page_off=1 size=5\n");
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
  // No profile line: the default.
  const auto c = Parse("s0 = alloc_skb 10\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->profile, "6.12");
}

TEST(Program, ParseErrorsNameTheLine) {
  struct Case {
    const char* text;
    int line;
    const char* needle;
  } cases[] = {
      {"profile 6.12\nfrobnicate s0\n", 2, "unknown op"},
      {"profile 9.99\n", 1, "unknown profile"},
      {"profile 6.12\ns0 = alloc_skb 10\nput s0 ten\n", 3, "bad number"},
      {"profile 6.12\nput s0 10\n", 2, "not live"},
      {"profile 6.12\ns0 = alloc_skb 10\ns0 = alloc_skb 10\n", 3, "already live"},
      {"s0 = alloc_skb 10\nfree s0\nput s0 1\n", 3, "not live"},
      {"s0 = alloc_skb 10\nput s0\n", 2, "missing"},
      {"s0 = alloc_skb 10\nput s0 1 2\n", 2, "too many"},
      {"s0 = alloc_skb 10\nadd_rx_frag s0 page_off=1 size=2 color=3\n", 2, "no argument"},
      {"alloc_skb 10\n", 1, "defines a slot"},
      {"s0 = alloc_skb 10\ns1 = put s0 3\n", 2, "does not define"},
      {"s0 = alloc_skb 10\nput s9 3\n", 2, "bad slot"},
      {"s0 = alloc_skb 99999999999\n", 1, "bad number"},
      {"s0 = alloc_skb 10\ns1 = alloc_skb 10\nfrag_list_add s0 s0\n", 3, "differ"},
      {"s0 = alloc_skb 10\nprofile 6.12\n", 2, "before the first op"},
  };
  for (const Case& c : cases) {
    ParseError err;
    EXPECT_FALSE(Parse(c.text, &err)) << c.text;
    EXPECT_EQ(err.line, c.line) << c.text;
    EXPECT_NE(err.message.find(c.needle), std::string::npos) << c.text << " -> " << err.message;
  }
}

TEST(Runner, CleanHandWrittenProgram) {
  const auto p = Parse(ReadFile(LIBSKB_FUZZ_TEST_PROGRAMS "/clean_rx_frags.txt"));
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  EXPECT_FALSE(r.finding) << r.finding->Summary() << "\n" << r.finding->text;
  EXPECT_EQ(r.ops_run, p->ops.size());
}

TEST(Runner, PutOnNonlinearSkbIsABug) {
  const auto p = Parse(ReadFile(LIBSKB_FUZZ_TEST_PROGRAMS "/bug_put_nonlinear.txt"));
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->op_index, 4u);
  EXPECT_EQ(r.finding->kind, "BUG") << r.finding->Summary() << "\n" << r.finding->text;
  EXPECT_NE(r.finding->text.find("BUG"), std::string::npos);
}

TEST(Runner, PushWithoutHeadroomIsABug) {
  const auto p = Parse("profile 6.12\ns0 = alloc_skb 100\nput s0 20\npush s0 1\n");
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->op_index, 2u);
  EXPECT_EQ(r.finding->kind, "BUG") << r.finding->text;
}

TEST(Runner, ChecksumPastLenIsABug) {
  const auto p = Parse("profile 6.12\ns0 = alloc_skb 100\nput s0 20\nchecksum s0 10 20\n");
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->op_index, 2u);
  EXPECT_EQ(r.finding->kind, "BUG") << r.finding->text;
}

// Writing into a cloned skb without unsharing changes its clone's bytes: the
// shadow model of the clone catches it.
TEST(Runner, StoreIntoClonedSkbIsCaughtByTheShadowModel) {
  const auto p = Parse("profile 6.12\ns0 = alloc_skb 100\nput s0 40\ns1 = clone s0\nstore_bits s0 4 8\n");
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->op_index, 3u);
  // Checked mode reports it at the call (C3 write_to_shared_head); without
  // checked mode the clone's shadow model does, after it.
  if (skb::CheckedModeCompiledIn()) {
    EXPECT_EQ(r.finding->kind, "C3") << r.finding->Summary() << "\n" << r.finding->text;
  } else {
    EXPECT_EQ(r.finding->kind, "shadow") << r.finding->Summary() << "\n" << r.finding->text;
    EXPECT_EQ(r.finding->site, "s1");
  }
}

TEST(Runner, UnsharedStoreIsClean) {
  const auto p =
      Parse("profile 6.12\ns0 = alloc_skb 100\nput s0 40\ns1 = clone s0\nunclone s0\nstore_bits s0 4 8\n");
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  EXPECT_FALSE(r.finding) << r.finding->Summary() << "\n" << r.finding->text;
}

TEST(Runner, EmitGTestNamesTheCalls) {
  const auto p = Parse(ReadFile(LIBSKB_FUZZ_TEST_PROGRAMS "/bug_put_nonlinear.txt"));
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  const std::string code = EmitGTest(*p, "PutNonlinear", r.finding);
  EXPECT_NE(code.find("TEST(SkbRegression, PutNonlinear)"), std::string::npos);
  EXPECT_NE(code.find("skb_add_rx_frag("), std::string::npos);
  EXPECT_NE(code.find("skb_put(s[0], 10)"), std::string::npos);
}

}  // namespace
}  // namespace skbfuzz
