// Checksums: the RFC 1071 arithmetic of include/net/checksum.h (csum_partial,
// csum_fold, csum_add/sub, csum_block_add/sub, csum_replace2/4,
// csum_tcpudp_magic, ip_fast_csum), skb_checksum over every shape, and
// skb_checksum_help per profile (kernel-semantics.md §6).
#include <errno.h>
#include <net/checksum.h>

#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// ---- an independent RFC 1071 reference -----------------------------------------

// The Internet checksum of n bytes as it goes on the wire (MSB first): the
// ones'-complement of the ones'-complement sum of big-endian 16-bit words, an
// odd last byte being the high byte of a final word.
uint16_t Rfc1071(const uint8_t* p, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += static_cast<uint32_t>(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xffff);
}
uint16_t Rfc1071(const std::vector<uint8_t>& v) { return Rfc1071(v.data(), v.size()); }

// A __sum16 as the two bytes it puts on the wire, read MSB first.
uint16_t Wire(__sum16 s) {
  uint8_t b[2];
  std::memcpy(b, &s, 2);
  return static_cast<uint16_t>(b[0] << 8 | b[1]);
}

uint16_t WireAt(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

// Equal partial sums: the same fold, 0x0000 and 0xffff being the two
// ones'-complement zeros.
::testing::AssertionResult SameSum(__wsum a, __wsum b) {
  const __sum16 x = csum_fold(a), y = csum_fold(b);
  if (x == y || (x == 0 && y == 0xffff) || (x == 0xffff && y == 0)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << std::hex << "folds 0x" << x << " and 0x" << y;
}

std::vector<uint8_t> Hex(const char* hex) {
  std::vector<uint8_t> v;
  for (const char* p = hex; p[0] && p[1]; p += 2) v.push_back(static_cast<uint8_t>(std::stoi(std::string(p, 2), nullptr, 16)));
  return v;
}

// ---- arithmetic ----------------------------------------------------------------------

// RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2; the checksum is
// its complement, 220d.
TEST(ChecksumArithmetic, Rfc1071Example) {
  const std::vector<uint8_t> b = Hex("0001f203f4f5f6f7");
  const __wsum sum = csum_partial(b.data(), 8, 0);
  EXPECT_EQ(Wire(csum_fold(sum)), 0x220d);
  EXPECT_EQ(Wire(static_cast<__sum16>(~csum_fold(sum))), 0xddf2);
  EXPECT_EQ(Rfc1071(b), 0x220d);
  // Any split on an even boundary, seeding the second part with the first.
  EXPECT_EQ(Wire(csum_fold(csum_partial(b.data() + 4, 4, csum_partial(b.data(), 4, 0)))), 0x220d);
  EXPECT_EQ(Wire(csum_fold(csum_partial(b.data() + 2, 6, csum_partial(b.data(), 2, 0)))), 0x220d);
}

TEST(ChecksumArithmetic, OddLengthPadsTheLastByteOnTheRight) {
  const std::vector<uint8_t> b = Hex("010203");
  EXPECT_EQ(Wire(csum_fold(csum_partial(b.data(), 3, 0))), 0xfbfd);
  EXPECT_EQ(Wire(csum_fold(csum_partial(b.data(), 0, 0))), 0xffff) << "the sum of nothing is 0";
}

TEST(ChecksumArithmetic, FoldedSumsMatchTheReferenceOnRandomBuffers) {
  std::mt19937 rng(1071);
  for (int trial = 0; trial < 300; trial++) {
    const size_t n = rng() % 200;
    // Odd start addresses too: the sum is defined by the bytes, not their alignment.
    std::vector<uint8_t> storage(n + 1);
    const size_t shift = trial & 1;
    for (uint8_t& x : storage) x = static_cast<uint8_t>(rng());
    const std::vector<uint8_t> b(storage.begin() + static_cast<long>(shift), storage.begin() + static_cast<long>(shift + n));
    ASSERT_EQ(Wire(csum_fold(csum_partial(storage.data() + shift, static_cast<int>(n), 0))), Rfc1071(b));
    ASSERT_EQ(Wire(csum_fold(csum_partial(b.data(), static_cast<int>(n), 0))), Rfc1071(b)) << "n " << n;
    // Split at any point: csum_block_add rotates a part that starts at an odd
    // offset.
    const size_t k = n ? rng() % n : 0;
    const __wsum a = csum_partial(b.data(), static_cast<int>(k), 0);
    const __wsum c = csum_partial(b.data() + k, static_cast<int>(n - k), 0);
    ASSERT_EQ(Wire(csum_fold(csum_block_add(a, c, static_cast<int>(k)))), Rfc1071(b)) << "n " << n << " k " << k;
    // And csum_block_sub takes it back out (up to the two zeros of
    // ones'-complement arithmetic).
    ASSERT_TRUE(SameSum(csum_block_sub(csum_block_add(a, c, static_cast<int>(k)), c, static_cast<int>(k)), a))
        << "n " << n << " k " << k;
  }
}

TEST(ChecksumArithmetic, AddAndSubCarryEndAround) {
  EXPECT_EQ(csum_add(1, 2), 3u);
  EXPECT_EQ(csum_add(0xffffffff, 1), 1u);
  EXPECT_EQ(csum_add(0x80000000, 0x80000000), 1u);
  EXPECT_EQ(csum_add(0xffffffff, 0xffffffff), 0xffffffffu);
  EXPECT_EQ(csum_sub(5, 3), 2u);
  EXPECT_EQ(csum_sub(3, 3), 0xffffffffu) << "ones'-complement: x - x is negative zero";
  EXPECT_EQ(csum_fold(csum_sub(3, 3)), 0);
  EXPECT_EQ(csum_shift(0x11223344, 0), 0x11223344u);
  EXPECT_EQ(csum_shift(0x11223344, 1), 0x44112233u);
  EXPECT_EQ(csum_fold(0), 0xffff);
  EXPECT_EQ(csum_fold(0xffff), 0);
  EXPECT_EQ(csum_fold(0x0001ffff), 0xfffe);
  EXPECT_EQ(csum_unfold(0xabcd), 0xabcdu);
  EXPECT_EQ(csum16_add(0xfffe, 0x0003), 0x0002);
  EXPECT_EQ(csum16_sub(0x0005, 0x0003), 0x0002);
}

// The Wikipedia IPv4 header: checksum b861.
const char kIpHeader[] = "450000730000400040110000c0a80001c0a800c7";

TEST(ChecksumArithmetic, IpFastCsum) {
  std::vector<uint8_t> h = Hex(kIpHeader);
  const __sum16 c = ip_fast_csum(h.data(), 5);
  EXPECT_EQ(Wire(c), 0xb861);
  std::memcpy(&h[10], &c, 2);
  EXPECT_EQ(ip_fast_csum(h.data(), 5), 0) << "a header with a right checksum sums to zero";
}

// RFC 1624 incremental updates agree with a recomputation.
TEST(ChecksumArithmetic, Replace2AndReplace4) {
  std::vector<uint8_t> h = Hex(kIpHeader);
  __sum16 check = ip_fast_csum(h.data(), 5);
  // TTL 0x40 -> 0x3f: the word at offset 8 goes 0x4011 -> 0x3f11.
  __be16 old16, new16;
  std::memcpy(&old16, &h[8], 2);
  h[8] = 0x3f;
  std::memcpy(&new16, &h[8], 2);
  csum_replace2(&check, old16, new16);
  EXPECT_EQ(Wire(check), 0xb961) << "decrementing the TTL adds 0x0100";
  std::vector<uint8_t> zeroed = h;
  EXPECT_EQ(Wire(check), Rfc1071(zeroed));

  // saddr 192.168.0.1 -> 10.0.0.1
  h = Hex(kIpHeader);
  check = ip_fast_csum(h.data(), 5);
  __be32 old32, new32;
  std::memcpy(&old32, &h[12], 4);
  const std::vector<uint8_t> ten = Hex("0a000001");
  std::memcpy(&h[12], ten.data(), 4);
  std::memcpy(&new32, &h[12], 4);
  csum_replace4(&check, old32, new32);
  EXPECT_EQ(Wire(check), 0x6f0a);
  EXPECT_EQ(Wire(check), Rfc1071(h));
}

// UDP 192.168.0.1:1234 -> 192.168.0.199:53, "abcd": the pseudo-header sum
// folded with the datagram's.
TEST(ChecksumArithmetic, TcpUdpMagic) {
  const std::vector<uint8_t> udp = Hex("04d20035000c000061626364");
  const std::vector<uint8_t> addrs = Hex("c0a80001c0a800c7");
  __be32 saddr, daddr;
  std::memcpy(&saddr, &addrs[0], 4);
  std::memcpy(&daddr, &addrs[4], 4);
  const __sum16 c = csum_tcpudp_magic(saddr, daddr, 12, 17, csum_partial(udp.data(), 12, 0));
  EXPECT_EQ(Wire(c), 0xb3ef);
  std::vector<uint8_t> pseudo = addrs;
  for (uint8_t x : Hex("0011000c")) pseudo.push_back(x);
  pseudo.insert(pseudo.end(), udp.begin(), udp.end());
  EXPECT_EQ(Wire(c), Rfc1071(pseudo));
  // With the checksum in place the datagram verifies: the fold is 0.
  std::vector<uint8_t> sent = udp;
  std::memcpy(&sent[6], &c, 2);
  EXPECT_EQ(csum_tcpudp_magic(saddr, daddr, 12, 17, csum_partial(sent.data(), 12, 0)), 0);
}

// ---- skb_checksum ------------------------------------------------------------------------

class SkbChecksum : public SkbTestWithParam<Shape> {};

// Every range, with boundaries on and around the odd segment edges, against
// csum_partial over the flattened bytes.
TEST_P(SkbChecksum, EqualsCsumPartialOverTheFlattenedBytes) {
  const Geometry g = GeometryOf(GetParam());
  skb::SkbPtr skb(Build(g));
  ASSERT_TRUE(skb);
  const std::vector<uint8_t> flat = Flatten(skb.get());
  const int len = static_cast<int>(flat.size());
  std::vector<int> edges = {0, 1, 2, len - 1, len};
  int pos = static_cast<int>(g.headlen);
  std::vector<int> bounds = {pos};
  for (unsigned f : g.frags) bounds.push_back(pos += static_cast<int>(f));
  for (const Geometry& m : g.frag_list) {
    bounds.push_back(pos + static_cast<int>(m.headlen));
    bounds.push_back(pos += static_cast<int>(m.Len()));
  }
  for (int b : bounds) {
    for (int d : {-1, 0, 1}) {
      if (b + d >= 0 && b + d <= len) edges.push_back(b + d);
    }
  }
  int checked = 0;
  for (int from : edges) {
    for (int to : edges) {
      if (to < from) continue;
      for (__wsum seed : {0u, 0x12345678u}) {
        const __wsum got = skb_checksum(skb.get(), from, to - from, seed);
        const __wsum want = csum_partial(flat.data() + from, to - from, seed);
        ASSERT_EQ(csum_fold(got), csum_fold(want)) << "[" << from << ", " << to << ") seed " << seed;
        checked++;
      }
    }
  }
  EXPECT_GE(checked, 60);
}

INSTANTIATE_TEST_SUITE_P(Shapes, SkbChecksum, ::testing::ValuesIn(kAllShapes),
                         [](const ::testing::TestParamInfo<Shape>& info) { return ShapeName(info.param); });

class SkbChecksumBug : public PerProfile {};

// The final BUG_ON(len): the segments run out with bytes still owed.
// __skb_checksum from 3.13 (skb_checksum before).
TEST_P(SkbChecksumBug, PastTheEndOfTheSkb) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(GeometryOf(Shape::kFragList));
  ASSERT_NE(skb, nullptr);
  std::optional<skb::Report> r = CatchBug([&] { skb_checksum(skb, 10, 702 - 10 + 1, 0); });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->tier, skb::Tier::kBug);
  EXPECT_EQ(r->site, skb::Site::kSkbChecksum);
  EXPECT_EQ(r->function, profile().AtLeast(3, 13) ? "__skb_checksum" : "skb_checksum");
  EXPECT_THAT(r->text, StartsWith(BugBanner(profile(), skb::Site::kSkbChecksum)));
  kfree_skb(skb);
}

// Seed 001's state: data_len claims 144 bytes that no frag holds. Checked
// mode would stop at the broken invariant (S4) first; without it the kernel's
// BUG in skb_checksum is what fires.
TEST_P(SkbChecksumBug, DataLenWithoutFrags) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 66});
  ASSERT_NE(skb, nullptr);
  skb->len += 144;
  skb->data_len += 144;
  if (skb::CheckedModeCompiledIn()) {
    std::optional<skb::Report> r = CatchBug([&] { skb_checksum(skb, 34, 210 - 34, 0); });
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tier, skb::Tier::kCheck);
    EXPECT_EQ(r->kind, "S4");
  }
  {
    skb::ScopedCheckedMode unchecked(false);
    std::optional<skb::Report> r = CatchBug([&] { skb_checksum(skb, 34, 210 - 34, 0); });
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->tier, skb::Tier::kBug);
    EXPECT_EQ(r->site, skb::Site::kSkbChecksum);
  }
  skb->len -= 144;
  skb->data_len -= 144;
  kfree_skb(skb);
}
SKB_INSTANTIATE_PER_PROFILE(SkbChecksumBug);

// ---- skb_checksum_help --------------------------------------------------------------------

// A CHECKSUM_PARTIAL UDP-like packet: transport header 20 bytes into the
// data, checksum field at +6, zero (no pseudo-header seed: the result then
// verifies over [csum_start, len) alone).
void MakePartial(sk_buff* skb, int transport = 20, int field = 6) {
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = static_cast<__u16>(skb_headroom(skb) + static_cast<unsigned>(transport));
  skb->csum_offset = static_cast<__u16>(field);
  skb->data[transport + field] = 0;
  skb->data[transport + field + 1] = 0;
}

class ChecksumHelp : public PerProfile {};

TEST_P(ChecksumHelp, WritesTheFoldedSumAtCsumStartPlusCsumOffset) {
  skb::ScopedProfile sp(profile());
  for (Shape shape : kAllShapes) {
    SCOPED_TRACE(ShapeName(shape));
    if (shape == Shape::kHeadless) continue;  // the checksum field must be linear
    sk_buff* skb = Build(GeometryOf(shape));
    ASSERT_NE(skb, nullptr);
    MakePartial(skb);
    const std::vector<uint8_t> before = Flatten(skb);
    const __sum16 expected = csum_fold(csum_partial(before.data() + 20, static_cast<int>(before.size()) - 20, 0));
    EXPECT_EQ(skb_checksum_help(skb), 0);
    EXPECT_EQ(skb->ip_summed, CHECKSUM_NONE);
    __sum16 stored;
    std::memcpy(&stored, skb->data + 26, 2);
    EXPECT_EQ(stored, expected);
    const std::vector<uint8_t> after = Flatten(skb);
    EXPECT_EQ(Rfc1071(after.data() + 20, after.size() - 20), 0) << "the segment now verifies";
    std::vector<uint8_t> want = before;
    std::memcpy(&want[26], &expected, 2);
    EXPECT_TRUE(BytesEqual(after, want)) << "only the two checksum bytes change";
    kfree_skb(skb);
  }
}

TEST_P(ChecksumHelp, CompleteBecomesNone) {
  skb::ScopedProfile sp(profile());
  skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(skb);
  const std::vector<uint8_t> flat = Flatten(skb.get());
  skb->ip_summed = CHECKSUM_COMPLETE;
  skb->csum = csum_partial(flat.data(), static_cast<int>(flat.size()), 0);
  EXPECT_EQ(skb_checksum_help(skb.get()), 0);
  EXPECT_EQ(skb->ip_summed, CHECKSUM_NONE);
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), flat));
}

// GSO skb: 2.6.32 sets NONE and lets GSO fix it; 3.10+ WARN through
// skb_warn_bad_offload and return -EINVAL.
TEST_P(ChecksumHelp, GsoSkb) {
  skb::ScopedProfile sp(profile());
  skb::ScopedPolicy quiet(skb::Policy::kRecord);
  skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(skb);
  net_device dev{};
  std::strcpy(dev.name, "eth0");
  dev.features = 0x4000;
  skb->dev = &dev;
  MakePartial(skb.get());
  skb_shinfo(skb.get())->gso_size = 1448;
  skb_shinfo(skb.get())->gso_type = SKB_GSO_TCPV4;
  const std::vector<uint8_t> before = Flatten(skb.get());
  const int ret = skb_checksum_help(skb.get());
  EXPECT_TRUE(BytesEqual(Flatten(skb.get()), before)) << "nothing is computed";
  std::vector<skb::Report> warns = RecordedOfTier(skb::Tier::kWarn);
  if (!profile().csum_help_gso_warn) {
    EXPECT_EQ(ret, 0);
    EXPECT_EQ(skb->ip_summed, CHECKSUM_NONE);
    EXPECT_TRUE(warns.empty());
    return;
  }
  EXPECT_EQ(ret, -EINVAL);
  EXPECT_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
  ASSERT_EQ(warns.size(), 1u);
  EXPECT_EQ(warns[0].site, skb::Site::kWarnBadOffload);
  EXPECT_EQ(warns[0].function, "skb_warn_bad_offload");
  EXPECT_THAT(warns[0].text, HasSubstr(WarnLine(profile(), skb::Site::kWarnBadOffload, "skb_warn_bad_offload")));
  if (profile().AtLeast(5, 0)) {
    EXPECT_THAT(warns[0].text, HasSubstr("eth0: caps=(0x0000000000004000, 0x0000000000000000)\n"));
  } else {
    EXPECT_THAT(warns[0].text, HasSubstr("eth0: caps=(0x0000000000004000, 0x0000000000000000) len=978 "
                                         "data_len=924 gso_size=1448 gso_type=1 ip_summed=3\n"));
  }
}

// csum_start past the linear area, or the field past it: two BUG_ONs up to
// 5.16; WARN_ON_ONCE + -EINVAL from d7ea0d9df2a6 (the 6.12 profile).
TEST_P(ChecksumHelp, OffsetErrors) {
  skb::ScopedProfile sp(profile());
  struct Case {
    const char* name;
    int transport, field;
    skb::Site site;
    const char* message;
  };
  const Case cases[] = {
      {"start", 54, 6, skb::Site::kChecksumHelpStart, "offset (54) >= skb_headlen() (54)\n"},
      {"field", 40, 16, skb::Site::kChecksumHelpField, "offset+2 (58) > skb_headlen() (54)\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    skb::ClearRecorded();
    sk_buff* skb = Build(GeometryOf(Shape::kPaged));  // headlen 54
    ASSERT_NE(skb, nullptr);
    skb->ip_summed = CHECKSUM_PARTIAL;
    skb->csum_start = static_cast<__u16>(skb_headroom(skb) + static_cast<unsigned>(c.transport));
    skb->csum_offset = static_cast<__u16>(c.field);
    const std::vector<uint8_t> before = Flatten(skb);
    if (profile().csum_help_offset_bug) {
      std::optional<skb::Report> r = CatchBug([&] { skb_checksum_help(skb); });
      ASSERT_TRUE(r.has_value());
      EXPECT_EQ(r->tier, skb::Tier::kBug);
      EXPECT_EQ(r->site, c.site);
      EXPECT_EQ(r->function, "skb_checksum_help");
      EXPECT_THAT(r->text, StartsWith(BugBanner(profile(), c.site)));
      EXPECT_THAT(r->text, HasSubstr("kernel BUG at net/core/dev.c:"));
    } else {
      skb::ScopedPolicy quiet(skb::Policy::kRecord);
      EXPECT_EQ(skb_checksum_help(skb), -EINVAL);
      std::vector<skb::Report> warns = RecordedOfTier(skb::Tier::kWarn);
      ASSERT_EQ(warns.size(), 1u);
      EXPECT_EQ(warns[0].site, c.site);
      EXPECT_EQ(warns[0].function, "skb_checksum_help");
      EXPECT_THAT(warns[0].text, HasSubstr(c.message));
      EXPECT_THAT(warns[0].text, HasSubstr(WarnLine(profile(), c.site, "skb_checksum_help")));
      // WARN_ON_ONCE: the second time only the error return.
      EXPECT_EQ(skb_checksum_help(skb), -EINVAL);
      EXPECT_EQ(RecordedOfTier(skb::Tier::kWarn).size(), 1u);
    }
    EXPECT_EQ(skb->ip_summed, CHECKSUM_PARTIAL);
    EXPECT_TRUE(BytesEqual(Flatten(skb), before));
    kfree_skb(skb);
  }
}

// A fold of 0 is stored as CSUM_MANGLED_0 (0xffff) from 5.x (UDP: 0 means
// "no checksum"); older profiles store 0.
TEST_P(ChecksumHelp, ZeroFoldIsMangled) {
  skb::ScopedProfile sp(profile());
  skb::SkbPtr skb(Build(Geometry{.headroom = 32, .headlen = 40}));
  ASSERT_TRUE(skb);
  std::memset(skb->data, 0, 40);
  skb->data[20] = 0xff;
  skb->data[21] = 0xff;  // the segment sums to 0xffff: the fold is 0
  MakePartial(skb.get());
  EXPECT_EQ(skb_checksum_help(skb.get()), 0);
  EXPECT_EQ(WireAt(skb->data + 26), profile().csum_help_mangled_zero ? 0xffff : 0x0000);
}

// A cloned skb gets a private head before the store; the clone's bytes stay.
TEST_P(ChecksumHelp, ClonedSkbIsUnclonedFirst) {
  skb::ScopedProfile sp(profile());
  sk_buff* skb = Build(GeometryOf(Shape::kPaged));
  ASSERT_NE(skb, nullptr);
  MakePartial(skb);
  sk_buff* peer = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(peer, nullptr);
  const std::vector<uint8_t> before = Flatten(skb);
  unsigned char* head = skb->head;
  EXPECT_EQ(skb_checksum_help(skb), 0);
  EXPECT_NE(skb->head, head);
  EXPECT_EQ(skb_cloned(skb), 0);
  EXPECT_EQ(Rfc1071(Flatten(skb).data() + 20, 978 - 20), 0);
  EXPECT_TRUE(BytesEqual(Flatten(peer), before));
  EXPECT_EQ(peer->ip_summed, CHECKSUM_PARTIAL);
  kfree_skb(skb);
  kfree_skb(peer);
}

// A TCP transmit clone writes its checksum inside hdr_len: no unclone.
TEST_P(ChecksumHelp, NohdrCloneWritesInPlaceInsideHdrLen) {
  skb::ScopedProfile sp(profile());
  sk_buff* orig = Build(Geometry{.headroom = 64, .headlen = 100});
  ASSERT_NE(orig, nullptr);
  __skb_header_release(orig);
  sk_buff* c = skb_clone(orig, GFP_ATOMIC);
  ASSERT_NE(c, nullptr);
  skb_push(c, 20);
  std::memset(c->data, 0, 20);
  MakePartial(c, 0, 16);  // the TCP checksum field, in the pushed header
  unsigned char* head = c->head;
  EXPECT_EQ(skb_checksum_help(c), 0);
  EXPECT_EQ(c->head, head);
  EXPECT_NE(skb_cloned(c), 0);
  EXPECT_EQ(Rfc1071(Flatten(c)), 0);
  EXPECT_TRUE(BytesEqual(Flatten(orig), Pattern(100))) << "the payload is untouched";
  kfree_skb(c);
  kfree_skb(orig);
}

// 3.10+: frags that may change under us (SKBFL_SHARED_FRAG) are linearised
// first; 2.6.32 sums them where they are.
TEST_P(ChecksumHelp, SharedFragsAreLinearisedFirst) {
  skb::ScopedProfile sp(profile());
  skb::SkbPtr skb(Build(GeometryOf(Shape::kPaged)));
  ASSERT_TRUE(skb);
  MakePartial(skb.get());
  skb_shinfo(skb.get())->flags |= SKBFL_SHARED_FRAG;
  EXPECT_EQ(skb_checksum_help(skb.get()), 0);
  EXPECT_EQ(skb->data_len, profile().csum_help_linearize_shared ? 0u : 924u);
  EXPECT_EQ(Rfc1071(Flatten(skb.get()).data() + 20, 978 - 20), 0);
}
SKB_INSTANTIATE_PER_PROFILE(ChecksumHelp);

}  // namespace
}  // namespace skb_test
