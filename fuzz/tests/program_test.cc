// The op language (parser/printer round trip, errors) and the runner (no
// findings on legal decoded programs, findings on illegal hand-written ones).
#include <gtest/gtest.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "program.h"
#include "runner.h"
#include "skb/netfilter.h"
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
    for (uint64_t seed = 1; seed <= 60; seed++) {
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

// The other families' decoders: legal too, and their text round-trips.
TEST(Program, EveryFamilyDecodesLegalPrograms) {
  for (Family family : {Family::kQueue, Family::kTcp, Family::kNf}) {
    size_t ops = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
      const std::vector<uint8_t> in = RandomBytes(seed * 104729 + static_cast<uint64_t>(family), 96 + (seed % 6) * 160);
      DecodeOptions opt;
      opt.family = family;
      RunResult res;
      const Program p = Decode(in.data(), in.size(), opt, &res);
      const std::string text = Print(p);
      ASSERT_FALSE(res.finding) << "family " << static_cast<int>(family) << " seed " << seed << ": "
                                << res.finding->Summary() << " at op #" << res.finding->op_index << "\n"
                                << res.finding->text << "\nprogram:\n"
                                << text;
      ParseError err;
      const auto back = Parse(text, &err);
      ASSERT_TRUE(back) << err.ToString() << "\n" << text;
      EXPECT_EQ(*back, p) << text;
      EXPECT_EQ(Decode(in.data(), in.size(), opt), p);
      const RunResult again = skbfuzz::Run(*back);
      EXPECT_FALSE(again.finding) << (again.finding ? again.finding->Summary() + "\n" + again.finding->text : "");
      ops += p.ops.size();
    }
    EXPECT_GT(ops, 40u * 8) << "family " << static_cast<int>(family);
  }
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

TEST(Program, NewOpsRoundTrip) {
  const std::string t =
      "profile 5.10\n"
      "module build/examples/sn-core-odd.so\n"
      "module /tmp/x.so\n"
      "s0 = alloc_skb 1500\n"
      "reserve s0 64\n"
      "put s0 100\n"
      "# ipv4 ihl=5 tot_len=64 ttl=64 proto=17 10.0.0.1 > 10.0.0.2 | udp 62463 > 43122 len=44\n"
      "write s0 0 450000401c46400040110a650a0000010a000002f3ffa872002c0000\n"
      "write s0 30 00ff\n"
      "set_network_header s0 0\n"
      "set_transport_header s0 20\n"
      "set_mac_header s0 0\n"
      "csum_none s0\n"
      "csum_unnecessary s0\n"
      "csum_complete s0\n"
      "csum_partial s0 start=20 offset=6\n"
      "gso s0 size=1448 segs=2 type=1\n"
      "nf_hook s0 pf=2 hook=1\n"
      "s1 = clone s0\n"
      "ip_rcv s1\n"
      "s1 = copy s0\n"
      "ip_local_out s1\n"
      "s1 = copy s0\n"
      "ip_output s1\n"
      "s1 = copy s0\n"
      "dev_queue_xmit s1\n"
      "netif_receive_skb s0\n"
      "q0 = queue_init\n"
      "q3 = queue_init\n"
      "s0 = alloc_skb 10\n"
      "queue_tail q0 s0\n"
      "s0 = alloc_skb 10\n"
      "queue_head q0 s0\n"
      "s2 = dequeue q0\n"
      "s3 = dequeue_tail q0\n"
      "s4 = unlink q0 0\n"
      "queue_splice_init q0 q3\n"
      "queue_splice_tail_init q3 q0\n"
      "queue_splice_tail q0 q3\n"
      "q0 = queue_init\n"
      "queue_splice q3 q0\n"
      "queue_purge q0\n"
      "k0 = tcp_socket\n"
      "tcp_sendmsg k0 3000\n"
      "tcp_sendpage k0 100\n"
      "tcp_transmit k0\n"
      "tcp_ack k0 1000\n"
      "tcp_mtu_probe k0 1200\n"
      "tx_complete k0\n"
      "stale_requeue_tail k0\n"
      "tcp_close k0\n";
  ParseError err;
  const auto p = Parse(t, &err);
  ASSERT_TRUE(p) << err.ToString();
  EXPECT_EQ(Print(*p), t);
  ASSERT_EQ(p->modules.size(), 2u);
  EXPECT_EQ(ModuleNameOf(p->modules[0]), "sn_core_odd");
  EXPECT_EQ(ModuleNameOf(p->modules[1]), "x");
  EXPECT_EQ(p->ops[3].kind, OpKind::kWrite);
  EXPECT_EQ(p->ops[3].bytes.size(), 28u);
  EXPECT_EQ(p->ops[3].bytes[0], 0x45);
  EXPECT_EQ(Annotate(p->ops[4]), "") << "two bytes are no IPv4 header";
  EXPECT_TRUE(Validate(*p, &err)) << err.ToString();
  // Hex digits in upper case parse; Print writes lower case.
  const auto up = Parse("s0 = alloc_skb 10\nput s0 4\nwrite s0 0 DEADbeef\n");
  ASSERT_TRUE(up);
  EXPECT_EQ(PrintOp(up->ops[2]), "write s0 0 deadbeef");
}

TEST(Program, MaybeLiveSlots) {
  // nf_hook may drop its skb: the slot may be used or redefined after it,
  // statically; the Runner checks what really happened.
  EXPECT_TRUE(Parse("s0 = alloc_skb 10\nnf_hook s0 pf=2 hook=1\ns0 = alloc_skb 10\n"));
  EXPECT_TRUE(Parse("s0 = alloc_skb 10\nnf_hook s0 pf=2 hook=1\nfree s0\n"));
  // A dequeue of an empty queue defines nothing.
  const auto p = Parse("q0 = queue_init\ns1 = dequeue q0\nfree s1\n");
  ASSERT_TRUE(p);
  const RunResult r = skbfuzz::Run(*p);
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->kind, "error");
  EXPECT_EQ(r.finding->op_index, 2u);
  // A path op consumes its skb.
  ParseError err;
  EXPECT_FALSE(Parse("s0 = alloc_skb 10\nip_rcv s0\nfree s0\n", &err));
  EXPECT_NE(err.message.find("not live"), std::string::npos);
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
      {"module a.so\nprofile 6.12\n", 2, "before 'module'"},
      {"s0 = alloc_skb 10\nmodule a.so\n", 2, "before the first op"},
      {"module\n", 1, "expected 'module PATH'"},
      {"s0 = alloc_skb 10\nwrite s0 0\n", 2, "bad hex"},
      {"s0 = alloc_skb 10\nwrite s0 0 4\n", 2, "bad hex"},
      {"s0 = alloc_skb 10\nwrite s0 0 zz\n", 2, "bad hex"},
      {"s0 = alloc_skb 10\nwrite s0\n", 2, "needs the bytes"},
      {"q0 = queue_init\nqueue_tail q0 q0\n", 2, "bad slot"},
      {"s0 = queue_init\n", 1, "bad result slot"},
      {"q0 = queue_init\nq0 = queue_init\n", 2, "already live"},
      {"k0 = tcp_socket\ntcp_close k0\ntcp_sendmsg k0 1\n", 3, "not live"},
      {"k2 = tcp_socket\n", 1, "bad result slot"},
      {"q0 = queue_init\nq1 = queue_init\nqueue_splice q0 q1\nqueue_purge q0\n", 4, "not live"},
      {"s0 = alloc_skb 10\nnf_hook s0 pf=2\n", 2, "missing 'hook='"},
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

// ---- hooks, paths, queues, sockets ---------------------------------------------

// A hook that writes into the packet in place without unsharing it: wrong
// when the head is shared with a clone.
static unsigned int WriteInPlaceHook(void*, sk_buff* skb, const nf_hook_state*) {
  skb->data[0] ^= 0xff;
  return NF_ACCEPT;
}
// The same write done right: skb_ensure_writable first.
static unsigned int WriteUnsharedHook(void*, sk_buff* skb, const nf_hook_state*) {
  if (skb_ensure_writable(skb, 1)) return NF_DROP;
  skb->data[0] ^= 0xff;
  return NF_ACCEPT;
}
static unsigned int DropAllHook(void*, sk_buff*, const nf_hook_state*) { return NF_DROP; }
static sk_buff* g_stolen = nullptr;
static unsigned int StealAllHook(void*, sk_buff* skb, const nf_hook_state*) {
  g_stolen = skb;
  return NF_STOLEN;
}

namespace skbfuzz {
namespace {

class HookGuard {
 public:
  explicit HookGuard(nf_hookfn* fn, unsigned hooknum = NF_INET_LOCAL_IN) {
    ops_.hook = fn;
    ops_.pf = NFPROTO_IPV4;
    ops_.hooknum = hooknum;
    EXPECT_EQ(nf_register_net_hook(&init_net, &ops_), 0);
  }
  ~HookGuard() { nf_unregister_net_hook(&init_net, &ops_); }

 private:
  nf_hook_ops ops_{};
};

// A 64-byte IPv4/UDP packet (valid checksums: the UDP one is 0, "none"),
// headers linear, the rest in a frag.
const char kPacket[] =
    "s0 = netdev_alloc_skb 256\n"
    "put s0 28\n"
    "add_rx_frag s0 page_off=0 size=36\n"
    "write s0 0 450000401c46400040110a650a0000010a000002f3ffa872002c00005a0112344142434445464748494a4b4c4d4e4f505152"
    "535455565758595a5b5c5d5e5f60\n";

RunResult RunText(const std::string& text) {
  ParseError err;
  const auto p = Parse(text, &err);
  EXPECT_TRUE(p) << err.ToString() << "\n" << text;
  if (!p) return {};
  return skbfuzz::Run(*p);
}

TEST(Hooks, AHookWritingASharedHeadIsCaughtOnThePeerAndNamed) {
  HookGuard hook(WriteInPlaceHook);
  const RunResult r = RunText("profile 5.10\ns0 = alloc_skb 100\nput s0 40\ns1 = clone s0\nnf_hook s0 pf=2 hook=1\n");
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->op_index, 3u);
  EXPECT_EQ(r.finding->kind, "shadow") << r.finding->text;
  EXPECT_EQ(r.finding->site, "s1") << "the writer's own model takes its bytes; the clone's does not";
  EXPECT_EQ(r.finding->culprit, "NF_INET_LOCAL_IN hook WriteInPlaceHook");
}

TEST(Hooks, AHookThatUnsharesFirstIsClean) {
  HookGuard hook(WriteUnsharedHook);
  const RunResult r = RunText("profile 6.12\ns0 = alloc_skb 100\nput s0 40\ns1 = clone s0\nnf_hook s0 pf=2 hook=1\n"
                              "copy_bits s1 0 40\ncopy_bits s0 0 40\n");
  EXPECT_FALSE(r.finding) << r.finding->Summary() << "\n" << r.finding->text;
}

TEST(Hooks, DroppedSkbsEmptyTheirSlot) {
  HookGuard hook(DropAllHook, NF_INET_PRE_ROUTING);
  const RunResult r = RunText("s0 = alloc_skb 100\nput s0 40\nnf_hook s0 pf=2 hook=0\ns0 = alloc_skb 10\n");
  EXPECT_FALSE(r.finding) << r.finding->Summary() << "\n" << r.finding->text;
}

TEST(Hooks, StolenSkbsTurnTheLeakCheckOff) {
  HookGuard hook(StealAllHook);
  g_stolen = nullptr;
  ParseError err;
  const auto p = Parse("s0 = alloc_skb 100\nput s0 40\nnf_hook s0 pf=2 hook=1\n", &err);
  ASSERT_TRUE(p);
  std::string leak_off;
  const RunResult r = skbfuzz::Run(*p, [&](size_t, const Op&, const Runner& run) { leak_off = run.leak_check_off(); });
  EXPECT_FALSE(r.finding) << r.finding->Summary() << "\n" << r.finding->text;
  EXPECT_NE(leak_off.find("stolen by NF_INET_LOCAL_IN hook StealAllHook"), std::string::npos) << leak_off;
  ASSERT_NE(g_stolen, nullptr);
  kfree_skb(g_stolen);
}

TEST(Paths, ReceiveAndTransmitMatchTheModel) {
  for (const char* prof : {"5.10", "6.12"}) {
    SCOPED_TRACE(prof);
    const std::string pre = std::string("profile ") + prof + "\n" + kPacket;
    for (const char* tail : {"ip_rcv s0\n", "s1 = clone s0\nip_rcv s0\nip_rcv s1\n", "csum_complete s0\nip_rcv s0\n",
                             "push s0 14\nwrite s0 12 0800\nnetif_receive_skb s0\n",
                             "ip_local_out s0\n", "ip_output s0\n", "dev_queue_xmit s0\n",
                             "linearize s0\ncsum_partial s0 start=20 offset=6\ndev_queue_xmit s0\n",
                             "pskb_may_pull s0 40\ncsum_partial s0 start=20 offset=6\nip_output s0\n"}) {
      const RunResult r = RunText(pre + tail);
      EXPECT_FALSE(r.finding) << tail << r.finding->Summary() << "\n" << r.finding->text;
    }
  }
  // A bad IPv4 header checksum: dropped, as the model predicts.
  const RunResult bad = RunText(std::string("profile 6.12\n") + kPacket + "write s0 10 0000\nip_rcv s0\n");
  EXPECT_FALSE(bad.finding) << bad.finding->Summary() << "\n" << bad.finding->text;
}

TEST(Queues, QueueLifeIsClean) {
  const RunResult r = RunText(
      "q0 = queue_init\nq1 = queue_init\ns0 = alloc_skb 100\nput s0 10\ns1 = clone s0\nqueue_tail q0 s0\n"
      "queue_head q0 s1\ns2 = alloc_skb 50\nput s2 20\nqueue_tail q1 s2\nqueue_splice_tail_init q0 q1\n"
      "s3 = unlink q1 1\ns4 = dequeue_tail q1\ns5 = dequeue q1\ns6 = dequeue q1\nqueue_tail q0 s3\n"
      "queue_splice q0 q1\nqueue_purge q1\nqueue_tail q1 s4\n");
  EXPECT_FALSE(r.finding) << r.finding->Summary() << "\n" << r.finding->text;
}

TEST(Sockets, WriteQueueLifeIsCleanOnEveryProfile) {
  for (const skb::Profile* prof : skb::All()) {
    SCOPED_TRACE(prof->name);
    const RunResult r = RunText("profile " + std::string(prof->name) +
                                "\nk0 = tcp_socket\ntcp_sendmsg k0 3000\ntcp_sendpage k0 700\ntcp_transmit k0\n"
                                "tcp_ack k0 1000\ntcp_sendmsg k0 5000\ntcp_transmit k0\ntx_complete k0\n"
                                "tcp_ack k0 2000\ntcp_sendmsg k0 100\ntcp_close k0\nk1 = tcp_socket\n"
                                "tcp_sendmsg k1 4000\ntcp_transmit k1\n");
    EXPECT_FALSE(r.finding) << r.finding->Summary() << "\n" << r.finding->text;
  }
}

TEST(Sockets, CulpritOpsNeedTheirVariant) {
  const RunResult r = RunText("k0 = tcp_socket\ntcp_sendmsg k0 100\nstale_requeue_tail k0\n");
  ASSERT_TRUE(r.finding);
  EXPECT_EQ(r.finding->kind, "error");
  EXPECT_NE(r.finding->text.find("fuzz_tcp_write_queue_seed003"), std::string::npos);
}

}  // namespace
}  // namespace skbfuzz
