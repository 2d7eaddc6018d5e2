// The reporter: BUG and WARN reports in each profile's kernel format, the
// checked-mode tier, and the abort / throw / record policies
// (include/skb/report.h; kernel-semantics.md §0.2, §3.1).
#include <unistd.h>

#include <string>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// An skb whose next skb_put(1) overruns end by one byte.
sk_buff* FullSkb() {
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  if (skb != nullptr) skb_put(skb, skb->end);
  return skb;
}

void Repair(sk_buff* skb, unsigned put) {
  skb->tail -= put;
  skb->len -= put;
}

// Whether this build symbolises addresses to file:line (sanitizer runtime
// with llvm-symbolizer): tried on a function of this file.
bool Symbolized() {
  const void* pc = reinterpret_cast<const char*>(&FullSkb) + 4;
  return skb::Symbolize(pc).find("ops_bug_test.cc") != std::string::npos;
}

// ---- the BUG report, line by line ----------------------------------------------

struct BannerCase {
  const char* profile;
  const char* panic_prefix;  // how the skb_over_panic line starts
  const char* banner;        // BUG()'s lines
  const char* rip;
};

// The lines each kernel prints for skb_over_panic: the pr_emerg line, then
// BUG()'s "cut here", "kernel BUG at file:line!" (skb_panic's BUG() from
// 3.10, skb_over_panic's in 2.6.32) and the die header.
const BannerCase kBanners[] = {
    {"6.12", "skbuff: skb_over_panic: text:",
     "------------[ cut here ]------------\nkernel BUG at net/core/skbuff.c:209!\n"
     "Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n",
     "RIP: skb_panic\n"},
    {"5.10", "skbuff: skb_over_panic: text:",
     "------------[ cut here ]------------\nkernel BUG at net/core/skbuff.c:109!\n"
     "invalid opcode: 0000 [#1] SMP NOPTI\n",
     "RIP: skb_panic\n"},
    {"3.10", "skbuff: skb_over_panic: text:",
     "------------[ cut here ]------------\nkernel BUG at net/core/skbuff.c:126!\n"
     "invalid opcode: 0000 [#1] SMP \n",
     "RIP: skb_panic\n"},
    {"2.6.32", "skb_over_panic: text:",
     "------------[ cut here ]------------\nkernel BUG at net/core/skbuff.c:127!\n"
     "invalid opcode: 0000 [#1] SMP \n",
     "RIP: skb_over_panic\n"},
};

class BugReport : public SkbTestWithParam<BannerCase> {};

TEST_P(BugReport, SkbOverPanicLineBannerContextAndHistory) {
  const BannerCase& c = GetParam();
  skb::ScopedProfile sp(P(c.profile));
  sk_buff* skb = FullSkb();
  ASSERT_NE(skb, nullptr);
  std::optional<skb::Report> r = CatchBug([&] { skb_put(skb, 1); });
  ASSERT_TRUE(r.has_value());
  const std::string& t = r->text;
  ASSERT_THAT(t, StartsWith(c.panic_prefix));
  const size_t eol = t.find('\n');
  ASSERT_NE(eol, std::string::npos);
  char tail_end[96];
  std::snprintf(tail_end, sizeof(tail_end), " tail:%#lx end:%#lx dev:<NULL>", static_cast<unsigned long>(skb->end + 1),
                static_cast<unsigned long>(skb->end));
  EXPECT_THAT(t.substr(0, eol), EndsWith(tail_end));
  const std::string rest = t.substr(eol + 1);
  EXPECT_THAT(rest, StartsWith(std::string(c.banner) + c.rip));
  EXPECT_THAT(rest, HasSubstr(std::string("libskb: profile ") + c.profile + "; called from "));
  if (Symbolized()) {
    EXPECT_THAT(rest, HasSubstr("ops_bug_test.cc:")) << "the caller is the test";
  }
  // The skb's recent history (kept by LIBSKB_CHECKED builds), oldest first,
  // ending with the op that BUGged.
  if (skb::CheckedModeCompiledIn()) {
    EXPECT_THAT(rest, HasSubstr("skb history (last 3 operations, oldest first):\n"));
    EXPECT_THAT(rest, HasSubstr("  alloc_skb(100) "));
    EXPECT_THAT(rest, HasSubstr("  skb_put(1) "));
    EXPECT_LT(rest.find("alloc_skb(100)"), rest.find("skb_put(1)"));
  }
  Repair(skb, 1);
  kfree_skb(skb);
}

INSTANTIATE_TEST_SUITE_P(Profiles, BugReport, ::testing::ValuesIn(kBanners),
                         [](const ::testing::TestParamInfo<BannerCase>& info) {
                           return ProfileParamName(skb::ByName(info.param.profile));
                         });

// ---- the WARN report -----------------------------------------------------------------

// 4.x+: "WARNING: CPU: n PID: m at file:line func"; RHEL6/7 logs: "WARNING: at
// file:line func()". A WARN never stops execution.
TEST_F(SkbTest, WarnFormatPerProfile) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  const std::string cpu_pid = "WARNING: CPU: 0 PID: " + std::to_string(getpid()) + " at ";
  struct Case {
    const char* profile;
    std::string line;
  };
  const Case cases[] = {
      {"6.12", cpu_pid + "include/linux/skbuff.h:3265 __skb_trim\n"},
      {"5.10", cpu_pid + "include/linux/skbuff.h:2686 __skb_trim\n"},
      {"3.10", "WARNING: at include/linux/skbuff.h:? __skb_trim()\n"},
      {"2.6.32", "WARNING: at include/linux/skbuff.h:? __skb_trim()\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.profile);
    skb::ScopedProfile sp(P(c.profile));
    skb::ClearRecorded();
    skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
    ASSERT_TRUE(skb);
    skb_trim(skb.get(), 10);
    ASSERT_EQ(skb::Recorded().size(), 1u);
    const skb::Report& r = skb::Recorded()[0];
    EXPECT_EQ(r.tier, skb::Tier::kWarn);
    EXPECT_EQ(r.kind, "WARNING");
    EXPECT_EQ(r.site, skb::Site::kSkbTrimPaged);
    EXPECT_EQ(r.skb, skb.get());
    EXPECT_THAT(r.text, StartsWith("------------[ cut here ]------------\n" + c.line +
                                   "libskb: profile " + c.profile + "; called from "));
  }
}

// ---- policies ---------------------------------------------------------------------------

TEST_F(SkbTest, ThrowPolicyPrintsTheReportAndThrows) {
  ASSERT_EQ(skb::GetPolicy(), skb::Policy::kThrow) << "the default";
  sk_buff* skb = FullSkb();
  ASSERT_NE(skb, nullptr);
  ::testing::internal::CaptureStderr();
  std::string what;
  skb::Report report;
  try {
    skb_put(skb, 1);
    ADD_FAILURE() << "no BUG";
  } catch (const skb::KernelBug& bug) {
    what = bug.what();
    report = bug.report();
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(what, report.text);
  EXPECT_EQ(err, report.text);
  EXPECT_EQ(report.tier, skb::Tier::kBug);
  EXPECT_EQ(report.skb, skb);
  ASSERT_EQ(skb::Recorded().size(), 1u) << "every report is kept, whatever the policy";
  EXPECT_EQ(skb::Recorded()[0].text, report.text);
  Repair(skb, 1);
  kfree_skb(skb);
}

TEST_F(SkbTest, RecordPolicyThrowsWithoutPrinting) {
  sk_buff* skb = FullSkb();
  ASSERT_NE(skb, nullptr);
  skb::ScopedPolicy record(skb::Policy::kRecord);
  ::testing::internal::CaptureStderr();
  bool thrown = false;
  try {
    skb_put(skb, 1);
  } catch (const skb::KernelBug&) {
    thrown = true;
  }
  skb::SkbPtr paged(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(paged);
  skb_trim(paged.get(), 1);  // a WARN: recorded, not printed
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_TRUE(thrown) << "a BUG still unwinds under kRecord";
  ASSERT_EQ(skb::Recorded().size(), 2u);
  EXPECT_EQ(skb::Recorded()[0].tier, skb::Tier::kBug);
  EXPECT_EQ(skb::Recorded()[1].tier, skb::Tier::kWarn);
  Repair(skb, 1);
  kfree_skb(skb);
}

TEST_F(SkbTest, WarnsNeverStopExecutionEvenUnderAbort) {
  skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(skb);
  skb::ScopedPolicy abort_policy(skb::Policy::kAbort);
  ::testing::internal::CaptureStderr();
  skb_trim(skb.get(), 1);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, HasSubstr("__skb_trim"));
  ASSERT_EQ(skb::Recorded().size(), 1u);
  EXPECT_EQ(skb::Recorded()[0].tier, skb::Tier::kWarn);
}

TEST(ReporterDeathTest, AbortPolicyPrintsAndAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        skb::SetPolicy(skb::Policy::kAbort);
        sk_buff* skb = FullSkb();
        skb_put(skb, 1);
      },
      "skbuff: skb_over_panic: text:[0-9a-f]+ len:[0-9]+ put:1 .*kernel BUG at net/core/skbuff.c:209!");
}

TEST_F(SkbTest, ClearRecordedForgetsReportsAndReArmsWarnOnce) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(skb);
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb.get()) + 60);  // past headlen 54
  skb->csum_offset = 0;
  // 6.12: WARN_ON_ONCE.
  for (int i = 0; i < 3; i++) skb_checksum_help(skb.get());
  EXPECT_EQ(skb::Recorded().size(), 1u);
  skb::ClearRecorded();
  EXPECT_TRUE(skb::Recorded().empty());
  skb_checksum_help(skb.get());
  EXPECT_EQ(skb::Recorded().size(), 1u) << "re-armed";
}

TEST_F(SkbTest, RecordedKeepsTheLast256Reports) {
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(skb);
  for (int i = 0; i < 300; i++) skb_trim(skb.get(), 1);
  {
    skb::ScopedCheckedMode unchecked(false);
    refcount_set(&skb->users, 0);
    skb_get(skb.get());  // one WARN of another site, the newest
    refcount_set(&skb->users, 1);
  }
  ASSERT_EQ(skb::Recorded().size(), 256u);
  EXPECT_EQ(skb::Recorded().front().site, skb::Site::kSkbTrimPaged);
  EXPECT_EQ(skb::Recorded().back().site, skb::Site::kRefcountUnderflow);
}

// ---- the checked-mode tier ----------------------------------------------------------------

// A call on a freed skb: checked mode stops at the call, before any access,
// and names the freed skb's last operation.
TEST_F(SkbTest, CheckedModeReportsACallOnAFreedSkb) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  ASSERT_TRUE(skb::CheckedMode());
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  kfree_skb(skb);
  std::optional<skb::Report> r = CatchBug([&] { skb_put(skb, 1); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kCheck);
  EXPECT_EQ(r->kind, "S7");
  EXPECT_THAT(r->invariant_ids, ElementsAre("S7"));
  EXPECT_EQ(r->culprit, "skb_put on a freed skb");
  EXPECT_EQ(r->skb, skb);
  EXPECT_THAT(r->text, StartsWith("libskb: invariant violated on skb "));
  EXPECT_THAT(r->text, HasSubstr("  S7 use_after_free: skb_put called on an skb that is not live"));
  EXPECT_THAT(r->text, HasSubstr("its last operation was (freed)"));
}

// Code between two calls that breaks an skb is named as the culprit at the
// next call.
TEST_F(SkbTest, CheckedModeNamesTheCodeBetweenTwoCalls) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  sk_buff* skb = Build(GeometryOf(Shape::kPaged));
  ASSERT_NE(skb, nullptr);
  skb->len = skb->data_len - 4;  // seed 000's state
  std::optional<skb::Report> r = CatchBug([&] { skb_pull(skb, 1); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kCheck);
  EXPECT_EQ(r->kind, "S2");
  EXPECT_THAT(r->culprit, HasSubstr("the code between skb_add_rx_frag"));
  EXPECT_THAT(r->culprit, HasSubstr("and this skb_pull broke the skb"));
  skb->len = 978;
  kfree_skb(skb);
}

TEST_F(SkbTest, WithoutCheckedModeTheKernelBugFires) {
  sk_buff* skb = Build(GeometryOf(Shape::kPaged));
  ASSERT_NE(skb, nullptr);
  skb->len = skb->data_len - 4;
  std::optional<skb::Report> r;
  {
    skb::ScopedCheckedMode unchecked(false);
    EXPECT_FALSE(skb::CheckedMode());
    r = CatchBug([&] { skb_pull(skb, 1); });
  }
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kBug);
  EXPECT_EQ(r->site, skb::Site::kSkbPull);
  skb->len = 978;
  kfree_skb(skb);
}

}  // namespace
}  // namespace skb_test
