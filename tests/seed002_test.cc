// Seed 002 (docs/incidents/002-shared-info-overwritten.md): a 2.6.32 GPF in
// skb_release_data, from kfree_skb <- __ip_flush_pending_frames <-
// udp_flush_pending_frames <- udp_sendmsg, on a 1500-byte linear skb (head
// and data 16 bytes apart) whose skb_shared_info at head + end holds packet
// bytes: nr_frags = 36864, dataref = 10749386, frag_list = 0x17306e8a8ed53c9.
//
// The module (examples/seed002_payload_overrun/payload_overrun.c, kernel C
// compiled as C11) batches media records into UDP datagrams on
// sk->sk_write_queue, ip_append_data style: skb_put(skb, copy), then a copy
// helper that is given the end of the caller's buffer instead of
// src + copy. A send that spills over a full datagram writes past its tail,
// through end, into the shared info in the same allocation. The tests show:
//
//  1. with checked mode off, the module's copy leaves len = 1500,
//     data_len = 0, data = head + 16, and a shared info made of the
//     payload's bytes: skb::Check names nr_frags (H2), dataref (H3) and
//     frag_list (H4); the crash-style dump prints the garbage values, in the
//     2.6.32 member order (dataref first) and the 6.12 one. The expected
//     values are read from the payload at (head + end + offsetof(field)) -
//     (where the copy started), not written down.
//  2. the seed's exit: the next datagram cannot be allocated, the send
//     fails, udp_sendmsg flushes the pending frames. In checked mode the
//     entry check of kfree_skb reports the broken shared info (kCheck,
//     H2/H3/H4) and blames "the code between skb_put(1472) ... and this
//     kfree_skb": the module code after its last libskb call.
//  3. in checked mode with the default policy, the next libskb call on the
//     skb after the overrun (here the module's own skb_checksum when it
//     pushes the datagram) reports it, naming skb_put(1472) in the module.
//  4. an overrun that runs past the whole head allocation is stopped by
//     AddressSanitizer at the write (ASan builds only).
#include <arpa/inet.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/skbuff.h>
#include <net/checksum.h>
#include <net/sock.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "skb/netfilter.h"
#include "test_util.h"

extern "C" {
#include "payload_overrun.h"
}

LIBSKB_DECLARE_MODULE(payload_overrun);

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SEED002_ASAN 1
#endif
#endif
#if !defined(SEED002_ASAN) && defined(__SANITIZE_ADDRESS__)
#define SEED002_ASAN 1
#endif

namespace {

using skb_test::CatchBug;
using skb_test::P;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr unsigned kPayloadPerDatagram = PO_MTU - PO_HDR_LEN;  // 1472 = 46 records
static_assert(kPayloadPerDatagram % PO_REC_LEN == 0);
constexpr unsigned kRecordsPerDatagram = kPayloadPerDatagram / PO_REC_LEN;

// One media record, the kind of bytes the seed's x/16xg dump shows after the
// IPv4/UDP header (0x90 0x21 ...): a 12-byte RTP header (V=2, X=1, PT=33
// MP2T, sequence, timestamp, SSRC), then the start of an MPEG-TS packet
// (sync 0x47, PUSI, PID, continuity counter) carrying a video PES header
// (00 00 01 e0, PES length 0 = unbounded, flags 0x84 0x80, PTS).
void AppendRecord(std::vector<uint8_t>* out, uint16_t seq) {
  const uint32_t ts = 0x5f2b1275u + 3000u * seq;
  const uint8_t r[PO_REC_LEN] = {
      0x90, 0x21, static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq),
      static_cast<uint8_t>(ts >> 24), static_cast<uint8_t>(ts >> 16), static_cast<uint8_t>(ts >> 8),
      static_cast<uint8_t>(ts),
      0xa8, 0xed, 0x53, 0xc9,                                          // SSRC
      0x47, 0x40, 0x44, static_cast<uint8_t>(0x10 | (seq & 0x0f)),     // TS header, PID 0x044
      0x00, 0x00, 0x01, 0xe0,                                          // PES start code, video
      0x00, 0x00,                                                      // PES packet length 0
      0x84, 0x80, 0x05,                                                // flags, PTS present, hdr len
      static_cast<uint8_t>(0x21 | ((ts >> 29) & 0x0e)), static_cast<uint8_t>(ts >> 22),
      static_cast<uint8_t>((ts >> 14) | 1), static_cast<uint8_t>(ts >> 7), static_cast<uint8_t>((ts << 1) | 1),
      0x00, 0x00,                                                      // start of the elementary stream
  };
  out->insert(out->end(), r, r + PO_REC_LEN);
}

std::vector<uint8_t> Records(unsigned n, uint16_t first_seq = 0xca90) {
  std::vector<uint8_t> v;
  for (unsigned i = 0; i < n; i++) AppendRecord(&v, static_cast<uint16_t>(first_seq + i));
  return v;
}

// A send of one full datagram plus `spill` records: the module copies all of
// it into the first datagram.
std::vector<uint8_t> Send(unsigned spill) { return Records(kRecordsPerDatagram + spill); }

// 10 records past the first datagram: 320 bytes beyond its tail. Past end
// (and past dataref) in every profile, inside the kmalloc object.
constexpr unsigned kSpill = 10;

struct Sock {
  sock sk{};
  Sock() { skb_queue_head_init(&sk.sk_write_queue); }
  sk_buff_head* queue() { return &sk.sk_write_queue; }
};

uintptr_t Addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// The value of a shinfo field as the module's copy left it: read from the
// payload at the field's distance from where the copy started.
template <typename T>
T FromPayload(const std::vector<uint8_t>& payload, const unsigned char* copy_start, const sk_buff* skb,
              size_t field_offset) {
  const size_t at = Addr(skb_shinfo(skb)) + field_offset - Addr(copy_start);
  T v;
  EXPECT_LE(at + sizeof(T), payload.size()) << "the copy does not reach this field";
  std::memcpy(&v, payload.data() + at, sizeof(T));
  return v;
}

struct Garbage {
  unsigned nr_frags;
  int dataref;
  uintptr_t frag_list;
};

Garbage Expected(const std::vector<uint8_t>& payload, const sk_buff* skb) {
  const unsigned char* copy_start = skb->head + PO_HH_LEN + PO_HDR_LEN;
  Garbage g;
  g.nr_frags = FromPayload<__u8>(payload, copy_start, skb, offsetof(skb_shared_info, nr_frags));
  g.dataref = FromPayload<int>(payload, copy_start, skb, offsetof(skb_shared_info, dataref));
  g.frag_list = FromPayload<uintptr_t>(payload, copy_start, skb, offsetof(skb_shared_info, frag_list));
  return g;
}

std::string Hex(uintptr_t v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0x%lx", static_cast<unsigned long>(v));
  return buf;
}

// H3's name for a dataref value: out of range unless low16 >= 1 and
// high16 <= low16 (docs/checker.md), else it disagrees with the one live
// skb on the head.
std::string H3NameFor(int dataref) {
  const unsigned u = static_cast<unsigned>(dataref);
  const unsigned low = u & 0xffff;
  const unsigned high = u >> 16;
  return (low >= 1 && high <= low) ? "dataref_ne_sharers" : "dataref_out_of_range";
}

const skb::Violation* Find(const std::vector<skb::Violation>& v, const std::string& id) {
  for (const skb::Violation& x : v) {
    if (x.id == id) return &x;
  }
  return nullptr;
}

std::string ToString(const std::vector<skb::Violation>& v) {
  std::string s;
  for (const skb::Violation& x : v) s += "  " + x.ToString() + "\n";
  return s;
}

// SEED002_PRINT=1 in the environment prints the checker's violations, the
// crash-style dump and the kfree_skb report (quoted in the incident page).
bool Print() { return std::getenv("SEED002_PRINT") != nullptr; }

class Seed002 : public skb_test::SkbTest {
 protected:
  // The shared info's bytes, to put back once the corruption has been looked
  // at, so the skb can be freed.
  struct Saved {
    unsigned char* at = nullptr;
    std::vector<unsigned char> bytes;
  };
  static Saved SaveShinfo(sk_buff* skb) {
    Saved s;
    s.at = reinterpret_cast<unsigned char*>(skb_shinfo(skb));
    s.bytes.assign(s.at, s.at + sizeof(skb_shared_info));
    return s;
  }
  static void Restore(const Saved& s) { std::memcpy(s.at, s.bytes.data(), s.bytes.size()); }
  // __alloc_skb's initialisation of the shared info, for an skb whose bytes
  // were not saved before the module overwrote them.
  static void Reinit(sk_buff* skb) {
    std::memset(skb_shinfo(skb), 0, offsetof(skb_shared_info, dataref));
    atomic_set(&skb_shinfo(skb)->dataref, 1);
  }
};

// A corked socket (MSG_MORE) with one record pending: the module has
// allocated the datagram and copied the record. The tests save its shared
// info here, before the next send overruns it through the tail-append path
// (ip_append_data's "room left in the last skb").
sk_buff* StartFirstDatagram(Sock* s) {
  const std::vector<uint8_t> first = Records(1);
  EXPECT_EQ(po_append_data(&s->sk, first.data(), static_cast<unsigned>(first.size())), 0);
  EXPECT_EQ(skb_queue_len(s->queue()), 1u);
  return skb_peek_tail(s->queue());
}

TEST_F(Seed002, OverrunLandsInSharedInfoAndCheckerNamesTheFields) {
  for (const char* name : {"2.6.32", "3.10", "5.10", "6.12"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile profile(P(name));
    skb::ScopedModule module(LIBSKB_MODULE_INIT(payload_overrun), LIBSKB_MODULE_EXIT(payload_overrun));
    ASSERT_EQ(module.init_result(), 0);
    Sock s;
    sk_buff* skb = StartFirstDatagram(&s);
    ASSERT_NE(skb, nullptr);
    const Saved saved = SaveShinfo(skb);
    const unsigned char* copy_start = skb->head + PO_HH_LEN + PO_HDR_LEN;

    // The next send: 45 more records fill the datagram, 10 spill. `all` is
    // the stream from the datagram's first record on.
    const std::vector<uint8_t> all = Send(kSpill);
    const std::vector<uint8_t> rest(all.begin() + PO_REC_LEN, all.end());
    {
      skb::ScopedCheckedMode off(false);
      // The second datagram's allocation (sk_buff, then head) fails: the
      // send fails and udp_sendmsg will flush, as in the seed.
      skb::FailAllocationAfter(0);
      EXPECT_EQ(po_append_data(&s.sk, rest.data(), static_cast<unsigned>(rest.size())), -ENOBUFS);
      skb::ClearAllocationFailures();
    }
    ASSERT_EQ(skb_queue_len(s.queue()), 1u);
    ASSERT_EQ(skb_peek_tail(s.queue()), skb);

    // The sk_buff is what the vmcore shows: 1500 linear bytes, data 16
    // bytes past head, tail inside end.
    EXPECT_EQ(skb->len, 1500u);
    EXPECT_EQ(skb->data_len, 0u);
    EXPECT_EQ(skb->data - skb->head, 16);
    EXPECT_LE(skb->tail, skb->end);
    if (std::string(name) == "2.6.32") {
      EXPECT_EQ(skb->end, 1536u) << "the seed's skb_shared_info is at head + 0x600";
      EXPECT_EQ(skb->truesize, 1768u) << "the seed's truesize";
    }
    // The copy ran from the first record through end into the shared info,
    // and stayed inside the head's allocation.
    const unsigned char* alloc = nullptr;
    size_t alloc_size = 0;
    ASSERT_TRUE(skb::FindHead(skb->head, &alloc, &alloc_size));
    const unsigned char* copy_end = copy_start + all.size();
    ASSERT_GE(Addr(copy_end), Addr(skb_shinfo(skb)) + offsetof(skb_shared_info, dataref) + sizeof(int));
    ASSERT_LE(Addr(copy_end), Addr(alloc) + alloc_size);
    EXPECT_TRUE(skb_test::BytesEqual(skb->data + PO_HDR_LEN, all.data(), kPayloadPerDatagram));

    // The garbage, computed from the payload.
    const Garbage g = Expected(all, skb);
    ASSERT_GT(g.nr_frags, MAX_SKB_FRAGS) << "the payload must put an impossible nr_frags there";
    ASSERT_NE(g.frag_list, 0u);
    EXPECT_EQ(skb_shinfo(skb)->nr_frags, g.nr_frags);
    EXPECT_EQ(atomic_read(&skb_shinfo(skb)->dataref), g.dataref);
    EXPECT_EQ(Addr(skb_shinfo(skb)->frag_list), g.frag_list);

    for (skb::CheckMode mode : {skb::CheckMode::kKernelTolerant, skb::CheckMode::kStrict}) {
      const std::vector<skb::Violation> v = skb::Check(skb, mode);
      SCOPED_TRACE(ToString(v));
      const skb::Violation* h2 = Find(v, "H2");
      const skb::Violation* h3 = Find(v, "H3");
      const skb::Violation* h4 = Find(v, "H4");
      ASSERT_NE(h2, nullptr);
      ASSERT_NE(h3, nullptr);
      ASSERT_NE(h4, nullptr);
      EXPECT_EQ(h2->name, "nr_frags_gt_max");
      EXPECT_THAT(h2->reason, HasSubstr("nr_frags = " + std::to_string(g.nr_frags) +
                                        " > MAX_SKB_FRAGS = " + std::to_string(MAX_SKB_FRAGS)));
      EXPECT_EQ(h3->name, H3NameFor(g.dataref));
      EXPECT_THAT(h3->reason, HasSubstr("dataref = "));
      EXPECT_THAT(h3->reason, HasSubstr(Hex(static_cast<unsigned>(g.dataref))));
      EXPECT_EQ(h4->name, "frag_list_member_not_live");
      EXPECT_THAT(h4->reason, HasSubstr("frag_list member " + Hex(g.frag_list) + " (#0) is not a live skb"));
    }

    // The dump prints the fields as crash does, at head + end.
    if (std::string(name) == "2.6.32" || std::string(name) == "6.12") {
      const std::string dump = skb::CrashDump(skb);
      if (Print()) {
        std::fprintf(stderr, "---- profile %s: skb::Check ----\n%s---- skb::CrashDump ----\n%s", name,
                     ToString(skb::Check(skb)).c_str(), dump.c_str());
      }
      EXPECT_THAT(dump, HasSubstr("crash> struct skb_shared_info " + Hex(Addr(skb->head) + skb->end) + "\n"));
      const std::string sh = skb::CrashDumpShinfo(skb);
      const size_t nr = sh.find("  nr_frags = " + std::to_string(g.nr_frags));
      const size_t dr = sh.find("  dataref = {\n    counter = " + std::to_string(g.dataref) + "\n  }");
      const size_t fl = sh.find("  frag_list = " + Hex(g.frag_list) + ", \n");
      EXPECT_NE(nr, std::string::npos) << sh;
      EXPECT_NE(dr, std::string::npos) << sh;
      EXPECT_NE(fl, std::string::npos) << sh;
      if (std::string(name) == "2.6.32") {
        // RHEL6's struct starts with dataref, as in the seed's crash output.
        EXPECT_THAT(sh, StartsWith("struct skb_shared_info {\n  dataref = {\n"));
        EXPECT_LT(dr, nr);
        EXPECT_LT(nr, fl);
      } else {
        EXPECT_LT(nr, fl);
        EXPECT_LT(fl, dr);
      }
    }

    // Give the memory back: the shared info as it was, then the flush.
    Restore(saved);
    EXPECT_TRUE(skb::Check(skb, skb::CheckMode::kStrict).empty()) << ToString(skb::Check(skb));
    po_flush_pending_frames(&s.sk);
  }
}

TEST_F(Seed002, FlushingThePendingFramesReportsAtKfreeSkbAndBlamesTheModule) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  for (const char* name : {"2.6.32", "6.12"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile profile(P(name));
    skb::ScopedModule module(LIBSKB_MODULE_INIT(payload_overrun), LIBSKB_MODULE_EXIT(payload_overrun));
    Sock s;
    sk_buff* skb = StartFirstDatagram(&s);
    ASSERT_NE(skb, nullptr);
    const Saved saved = SaveShinfo(skb);
    const std::vector<uint8_t> all = Send(kSpill);
    const std::vector<uint8_t> rest(all.begin() + PO_REC_LEN, all.end());
    {
      // The module runs as it would in the kernel: nothing is checked.
      skb::ScopedCheckedMode off(false);
      skb::FailAllocationAfter(0);
      ASSERT_EQ(po_append_data(&s.sk, rest.data(), static_cast<unsigned>(rest.size())), -ENOBUFS);
      skb::ClearAllocationFailures();
    }

    // udp_sendmsg: ip_append_data failed, so udp_flush_pending_frames ->
    // __ip_flush_pending_frames -> kfree_skb. Checked mode is on for it.
    std::optional<skb::Report> report;
    {
      skb::ScopedCheckedMode on(true);
      report = CatchBug([&] { po_flush_pending_frames(&s.sk); });
    }
    ASSERT_TRUE(report.has_value()) << "kfree_skb freed a head whose shared info is packet bytes";
    if (Print()) std::fprintf(stderr, "---- profile %s: the report ----\n%s", name, report->text.c_str());
    EXPECT_EQ(report->tier, skb::Tier::kCheck);
    EXPECT_EQ(report->skb, skb);
    EXPECT_THAT(report->invariant_ids, ::testing::IsSupersetOf({"H2", "H3", "H4"}));
    EXPECT_THAT(report->text, HasSubstr("H2 nr_frags_gt_max"));
    EXPECT_THAT(report->text, HasSubstr("H4 frag_list_member_not_live"));
    // The culprit: the module code after its last libskb call on the skb,
    // the skb_put that reserved room for the tail of the datagram.
    const unsigned last_put = kPayloadPerDatagram - PO_REC_LEN;  // 1440: the room left after the first record
    EXPECT_THAT(report->culprit, StartsWith("the code between skb_put(" + std::to_string(last_put) + ") at "));
    EXPECT_THAT(report->culprit, EndsWith(" and this kfree_skb broke the skb"));
#ifdef SEED002_ASAN
    EXPECT_THAT(report->culprit, HasSubstr("po_append_data"));
    EXPECT_THAT(report->culprit, HasSubstr("payload_overrun.c:"));
#endif
    // The flush had dequeued it; the report stopped kfree_skb before
    // skb_release_data could walk the garbage.
    EXPECT_TRUE(skb_queue_empty(s.queue()));
    EXPECT_TRUE(skb::IsLiveSkb(skb));

    Restore(saved);
    kfree_skb(skb);
  }
}

TEST_F(Seed002, NextCallOnTheSkbReportsTheOverrunUnderTheDefaultPolicy) {
  if (!skb::CheckedModeCompiledIn()) GTEST_SKIP() << "needs a LIBSKB_CHECKED build";
  skb::ScopedCheckedMode on(true);
  skb::ScopedModule module(LIBSKB_MODULE_INIT(payload_overrun), LIBSKB_MODULE_EXIT(payload_overrun));
  Sock s;
  std::vector<uint8_t> send = Send(kSpill);

  // One uncorked send: the module fills the first datagram (overrunning
  // it), starts a second one for the spill, then pushes both. Printed and
  // thrown, as under any unit test's default policy.
  ASSERT_EQ(skb::GetPolicy(), skb::Policy::kThrow);
  std::optional<skb::Report> report;
  try {
    po_sendmsg(&s.sk, send.data(), static_cast<unsigned>(send.size()), /*more=*/0);
  } catch (const skb::KernelBug& bug) {
    report = bug.report();
  }
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->tier, skb::Tier::kCheck);
  EXPECT_THAT(report->invariant_ids, ::testing::IsSupersetOf({"H2", "H3", "H4"}));
  // The first libskb call on the overrun skb is the module's skb_checksum
  // when it pushes the datagram; the report names the module's skb_put.
  EXPECT_THAT(report->culprit,
              StartsWith("the code between skb_put(" + std::to_string(kPayloadPerDatagram) + ") at "));
  EXPECT_THAT(report->culprit, EndsWith(" and this skb_checksum broke the skb"));
#ifdef SEED002_ASAN
  EXPECT_THAT(report->culprit, HasSubstr("po_append_data"));
#endif
  EXPECT_THAT(report->text, HasSubstr("crash> struct skb_shared_info "));

  // Clean up: the reported skb had been dequeued by the push; the spill's
  // datagram is still pending.
  auto* skb = const_cast<sk_buff*>(report->skb);
  ASSERT_TRUE(skb::IsLiveSkb(skb));
  EXPECT_EQ(skb->len, 1500u);
  EXPECT_EQ(skb_queue_len(s.queue()), 1u);
  Reinit(skb);
  kfree_skb(skb);
  po_flush_pending_frames(&s.sk);
}

// The control: sends that fit in the tail datagram never reach the bad copy
// length, so the datagrams check clean at every call and go out with valid
// IPv4 and UDP checksums. (The bug needs a send that spills.)
std::vector<sk_buff*>* g_sent = nullptr;
int CollectOutput(sk_buff* skb) {
  g_sent->push_back(skb);
  return 0;
}

TEST_F(Seed002, SendsThatFitGoOutClean) {
  skb::ScopedModule module(LIBSKB_MODULE_INIT(payload_overrun), LIBSKB_MODULE_EXIT(payload_overrun));
  std::vector<sk_buff*> sent;
  g_sent = &sent;
  po_set_output(CollectOutput);
  Sock s;
  const std::vector<uint8_t> stream = Records(kRecordsPerDatagram);
  // A corked first record, then the rest of the datagram exactly.
  EXPECT_EQ(po_sendmsg(&s.sk, stream.data(), PO_REC_LEN, /*more=*/1), 0);
  EXPECT_EQ(po_sendmsg(&s.sk, stream.data() + PO_REC_LEN, static_cast<unsigned>(stream.size() - PO_REC_LEN), 0), 0);
  po_set_output(nullptr);
  ASSERT_EQ(sent.size(), 1u);
  sk_buff* skb = sent[0];
  EXPECT_EQ(skb->len, 1500u);
  EXPECT_TRUE(skb::Check(skb, skb::CheckMode::kStrict).empty()) << ToString(skb::Check(skb));
  EXPECT_EQ(ip_fast_csum(skb->data, 5), 0) << "IPv4 header checksum";
  const __wsum sum = csum_partial(skb->data + 20, 1480, 0);
  EXPECT_EQ(csum_tcpudp_magic(htonl(0x0af200e2), htonl(0x7f000009), 1480, IPPROTO_UDP, sum), 0) << "UDP checksum";
  EXPECT_TRUE(skb_test::BytesEqual(skb->data + PO_HDR_LEN, stream.data(), stream.size()));
  EXPECT_TRUE(skb::Recorded().empty());
  kfree_skb(skb);
}

TEST_F(Seed002, OverrunPastTheAllocationIsCaughtByAsanAtTheWrite) {
#ifndef SEED002_ASAN
  GTEST_SKIP() << "needs an AddressSanitizer build";
#else
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  for (const char* name : {"2.6.32", "6.12"}) {
    SCOPED_TRACE(name);
    // 20 records past the datagram: 640 bytes past its tail, beyond the
    // 2048-byte kmalloc object of the head.
    std::vector<uint8_t> send = Send(20);
    EXPECT_DEATH(
        {
          skb::ScopedProfile profile(P(name));
          skb::ScopedCheckedMode off(false);
          Sock s;
          po_append_data(&s.sk, send.data(), static_cast<unsigned>(send.size()));
        },
        "heap-buffer-overflow.*po_copy_records.*po_append_data");
  }
#endif
}

}  // namespace
