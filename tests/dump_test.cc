// The two dumps (skb/dump.h): crash's `struct sk_buff` / `struct
// skb_shared_info` output per profile, and the kernel's skb_dump() lines in
// the 5.10 and 6.12 formats; both on healthy skbs, on the seed-001 clone, and
// on skbs whose shared info holds garbage or lies outside the head.
#include <arpa/inet.h>

#include <cstdarg>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "test_util.h"

namespace skb_test {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// ---- helpers ----------------------------------------------------------------

// The top-level members of a crash struct dump, in order: the names on lines
// indented by exactly two spaces, "{" for an anonymous union/struct.
std::vector<std::string> TopLevel(const std::string& dump) {
  std::vector<std::string> names;
  size_t pos = 0;
  while ((pos = dump.find("\n  ", pos)) != std::string::npos) {
    pos += 3;
    if (dump[pos] == ' ' || dump[pos] == '}') continue;
    const size_t end = dump.find_first_of(" \n", pos);
    names.push_back(dump.substr(pos, end - pos));
  }
  return names;
}

// Whether `sub` appears in `seq` in order (not necessarily contiguously).
bool IsSubsequence(const std::vector<std::string>& sub, const std::vector<std::string>& seq) {
  size_t j = 0;
  for (const std::string& s : seq) {
    if (j < sub.size() && sub[j] == s) j++;
  }
  return j == sub.size();
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) n++;
  return n;
}

std::string Fmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string Fmt(const char* fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  return buf;
}

std::string Addr(const void* p) { return Fmt("0x%lx", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(p))); }

// alloc_skb(1500) + skb_reserve(64) + skb_put(100).
sk_buff* Small() {
  sk_buff* skb = alloc_skb(1500, GFP_KERNEL);
  skb_reserve(skb, 64);
  skb_put(skb, 100);
  return skb;
}

// ---- struct sk_buff: member order per profile ------------------------------

// The RHEL6 2.6.32-504 sk_buff as crash printed it in seeds/001.
const std::vector<std::string> kSeed001SkbOrder = {
    "next", "prev", "sk", "tstamp", "dev", "_skb_dst", "sp", "cb", "len", "data_len", "mac_len", "hdr_len", "{",
    "priority", "flags1_begin", "local_df", "cloned", "ip_summed", "nohdr", "nfctinfo", "pkt_type", "fclone",
    "ipvs_property", "peeked", "nf_trace", "protocol", "flags1_end", "destructor", "nfct", "nfct_reasm",
    "nf_bridge", "iif", "tc_index", "tc_verd", "flags2_begin", "queue_mapping", "ndisc_nodetype", "__RH_UNUSED",
    "ooo_okay", "encapsulation", "flags2_end", "{", "secmark", "{", "vlan_tci", "rxhash", "transport_header",
    "network_header", "mac_header", "tail", "end", "head", "data", "truesize", "users"};

// The seed-001 skb_shared_info.
const std::vector<std::string> kSeed001ShinfoOrder = {
    "dataref", "nr_frags", "gso_size", "gso_segs", "gso_type", "ip6_frag_id", "tx_flags",
    "frag_list", "hwtstamps", "frags", "destructor_arg"};

using CrashDumpTest = SkbTest;

TEST_F(CrashDumpTest, Rhel6SkbFollowsSeed001Order) {
  skb::ScopedProfile prof(P("2.6.32"));
  sk_buff* skb = Small();
  const std::string d = skb::CrashDumpSkb(skb);
  const std::vector<std::string> expected = {
      "next", "prev", "sk", "tstamp", "dev", "_skb_dst", "cb", "len", "data_len", "mac_len", "hdr_len", "{",
      "priority", "local_df", "cloned", "ip_summed", "nohdr", "nfctinfo", "pkt_type", "fclone", "ipvs_property",
      "peeked", "protocol", "destructor", "nfct", "iif", "tc_index", "queue_mapping", "ooo_okay", "encapsulation",
      "{", "secmark", "{", "vlan_tci", "rxhash", "transport_header", "network_header", "mac_header", "tail", "end",
      "head", "data", "truesize", "users"};
  EXPECT_EQ(TopLevel(d), expected);
  EXPECT_TRUE(IsSubsequence(TopLevel(d), kSeed001SkbOrder));
  EXPECT_THAT(d, StartsWith("struct sk_buff {\n  next = 0x0, \n  prev = 0x0, \n  sk = 0x0, \n"
                            "  tstamp = {\n    tv64 = 0\n  }, \n"));
  EXPECT_THAT(d, HasSubstr("\n  len = 100, \n  data_len = 0, \n"));
  EXPECT_THAT(d, HasSubstr("\n  mac_header = 4294967295, \n"));
  EXPECT_THAT(d, HasSubstr("\n  tail = 164, \n  end = 1536, \n"));
  EXPECT_THAT(d, HasSubstr("\n  head = " + Addr(skb->head) + " \""));
  EXPECT_THAT(d, HasSubstr("\n  {\n    csum = 0, \n    {\n      csum_start = 0, \n      csum_offset = 0\n    }\n  }, \n"));
  EXPECT_THAT(d, EndsWith("\n  users = {\n    counter = 1\n  }\n}\n"));
  // cb: 48 NULs, gdb drops the last one.
  EXPECT_THAT(d, HasSubstr("\n  cb = \"" + [] {
                std::string s;
                for (int i = 0; i < 47; i++) s += "\\000";
                return s;
              }() + "\", \n"));
  kfree_skb(skb);
}

TEST_F(CrashDumpTest, Rhel7SkbUsesThe310OrderAnd32BitHeaderOffsets) {
  skb::ScopedProfile prof(P("3.10"));
  sk_buff* skb = Small();
  const std::string d = skb::CrashDumpSkb(skb);
  const std::vector<std::string> expected = {
      "next", "prev", "tstamp", "sk", "dev", "cb", "_skb_refdst", "len", "data_len", "mac_len", "hdr_len", "{",
      "priority", "local_df", "cloned", "ip_summed", "nohdr", "nfctinfo", "pkt_type", "fclone", "ipvs_property",
      "peeked", "protocol", "destructor", "nfct", "skb_iif", "rxhash", "vlan_proto", "vlan_tci", "tc_index",
      "queue_mapping", "pfmemalloc", "ooo_okay", "l4_rxhash", "wifi_acked_valid", "wifi_acked", "no_fcs",
      "head_frag", "encapsulation", "secmark", "{", "inner_transport_header", "inner_network_header",
      "inner_mac_header", "transport_header", "network_header", "mac_header", "tail", "end", "head", "data",
      "truesize", "users"};
  EXPECT_EQ(TopLevel(d), expected);
  EXPECT_THAT(d, HasSubstr("\n  transport_header = 4294967295, \n  network_header = 0, \n"
                           "  mac_header = 4294967295, \n"));
  EXPECT_THAT(d, HasSubstr("\n  {\n    mark = 0, \n    dropcount = 0, \n    reserved_tailroom = 0\n  }, \n"));
  EXPECT_THAT(d, EndsWith("\n  users = {\n    counter = 1\n  }\n}\n"));
  kfree_skb(skb);
}

TEST_F(CrashDumpTest, Upstream510And612FollowLibskbsStruct) {
  for (const char* name : {"5.10", "6.12"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile prof(P(name));
    const bool is612 = std::string(name) == "6.12";
    sk_buff* skb = Small();
    const std::string d = skb::CrashDumpSkb(skb);
    const std::vector<std::string> names = TopLevel(d);
    ASSERT_GE(names.size(), 3u);
    EXPECT_EQ(names[0], "next");
    EXPECT_EQ(names[1], "prev");
    EXPECT_THAT(d, HasSubstr("\n  {\n    dev = 0x0, \n    dev_scratch = 0\n  }, \n  sk = 0x0, \n  tstamp = 0, \n"));
    EXPECT_THAT(d, HasSubstr("\n  protocol = 0, \n  transport_header = 65535, \n  network_header = 0, \n"
                             "  mac_header = 65535, \n  tail = 164, \n"));
    // extensions lies after tail: __alloc_skb leaves it as the slab left it.
    EXPECT_THAT(d, HasSubstr("\n  users = {\n    refs = {\n      counter = 1\n    }\n  }, \n  extensions = 0x"));
    EXPECT_THAT(d, EndsWith("\n}\n"));
    // Members 5.10 does not have.
    for (const char* m : {"pp_recycle", "alloc_cpu", "unreadable"}) {
      EXPECT_EQ(d.find(std::string("\n  ") + m + " = ") != std::string::npos, is612) << m;
    }
    kfree_skb(skb);
  }
}

TEST_F(CrashDumpTest, ProtocolIsTheRawBe16AndFlagsAreGdbChars) {
  skb::ScopedProfile prof(P("2.6.32"));
  sk_buff* skb = Small();
  skb->protocol = htons(0x0800);  // ETH_P_IP: 8 on little-endian, as in seed 001
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->pkt_type = 3;
  skb->cb[0] = 'A';
  skb->cb[1] = '"';
  skb->cb[2] = '\\';
  skb->cb[3] = '\n';
  skb->cb[4] = static_cast<char>(0x80);
  const std::string d = skb::CrashDumpSkb(skb);
  EXPECT_THAT(d, HasSubstr("\n  protocol = 8, \n"));
  EXPECT_THAT(d, HasSubstr("\n  ip_summed = 3 '\\003', \n"));
  EXPECT_THAT(d, HasSubstr("\n  pkt_type = 3 '\\003', \n"));
  EXPECT_THAT(d, HasSubstr("\n  cb = \"A\\\"\\\\\\n\\200\\000\\000"));
  kfree_skb(skb);
}

TEST_F(CrashDumpTest, DataPrintsTheStringItPointsTo) {
  sk_buff* skb = alloc_skb(64, GFP_KERNEL);
  skb_put_data(skb, "hello", 6);
  EXPECT_THAT(skb::CrashDumpSkb(skb), HasSubstr("\n  data = " + Addr(skb->data) + " \"hello\", \n"));
  kfree_skb(skb);
}

TEST_F(CrashDumpTest, DestructorIsSymbolised) {
  sk_buff* skb = Small();
  // Any named function will do (the dump only prints the pointer); free() has
  // a dynamic symbol in every build.
  skb->destructor = reinterpret_cast<void (*)(sk_buff*)>(reinterpret_cast<void*>(&free));
  const std::string d = skb::CrashDumpSkb(skb);
  skb->destructor = nullptr;
  // Under ASan the symbol found may be the interceptor's alias.
  EXPECT_THAT(d, HasSubstr("\n  destructor = " + Addr(reinterpret_cast<void*>(&free)) + " <"));
  EXPECT_THAT(d, HasSubstr("free>, \n"));
  kfree_skb(skb);
}

// ---- struct skb_shared_info per profile ------------------------------------

TEST_F(CrashDumpTest, Rhel6ShinfoStartsWithDatarefAndFollowsSeed001) {
  skb::ScopedProfile prof(P("2.6.32"));
  sk_buff* skb = Small();
  const std::string d = skb::CrashDumpShinfo(skb);
  EXPECT_THAT(d, StartsWith("struct skb_shared_info {\n  dataref = {\n    counter = 1\n  }, \n  nr_frags = 0, \n"
                            "  gso_size = 0, \n  gso_segs = 0, \n  gso_type = 0, \n  tx_flags = {\n    {\n"
                            "      hardware = 0 '\\000', \n"));
  EXPECT_TRUE(IsSubsequence(TopLevel(d), kSeed001ShinfoOrder));
  EXPECT_EQ(Count(d, "      page_offset = "), 18u) << "MAX_SKB_FRAGS of 2.6.32, printed whole as crash does";
  EXPECT_THAT(d, HasSubstr("\n  frags = {{\n      page = "));
  EXPECT_THAT(d, EndsWith("    }}, \n  destructor_arg = " + Addr(skb_shinfo(skb)->destructor_arg) + "\n}\n"));
  kfree_skb(skb);
}

TEST_F(CrashDumpTest, ShinfoOrderPerProfile) {
  struct Case {
    const char* profile;
    std::vector<std::string> members;
    const char* frag_member;  // a member line unique to the profile's skb_frag_t
  };
  const Case cases[] = {
      {"3.10",
       {"nr_frags", "tx_flags", "gso_size", "gso_segs", "gso_type", "frag_list", "hwtstamps", "dataref",
        "destructor_arg", "frags"},
       "\n      page = {\n        p = "},
      {"5.10",
       {"__unused", "meta_len", "nr_frags", "tx_flags", "gso_size", "gso_segs", "frag_list", "hwtstamps", "gso_type",
        "tskey", "dataref", "destructor_arg", "frags"},
       "\n      bv_page = "},
      {"6.12",
       {"flags", "meta_len", "nr_frags", "tx_flags", "gso_size", "gso_segs", "frag_list", "hwtstamps", "gso_type",
        "tskey", "dataref", "xdp_frags_size", "destructor_arg", "frags"},
       "\n      netmem = "},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.profile);
    skb::ScopedProfile prof(P(c.profile));
    sk_buff* skb = Small();
    const std::string d = skb::CrashDumpShinfo(skb);
    EXPECT_EQ(TopLevel(d), c.members);
    EXPECT_THAT(d, HasSubstr("\n  nr_frags = 0 '\\000', \n"));
    EXPECT_EQ(Count(d, c.frag_member), 17u);
    kfree_skb(skb);
  }
}

// ---- clones ----------------------------------------------------------------

class CrashDumpPerProfile : public PerProfile {};

TEST_P(CrashDumpPerProfile, CloneShowsClonedAndDatarefTwo) {
  skb::ScopedProfile prof(profile());
  sk_buff* skb = Small();
  sk_buff* clone = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(clone, nullptr);
  for (sk_buff* s : {skb, clone}) {
    const std::string d = skb::CrashDump(s);
    EXPECT_THAT(d, StartsWith("crash> struct sk_buff " + Addr(s) + "\nstruct sk_buff {\n"));
    EXPECT_THAT(d, HasSubstr("\n  cloned = 1 '\\001', \n"));
    EXPECT_THAT(d, HasSubstr("}\ncrash> struct skb_shared_info " + Addr(skb_end_pointer(s)) +
                             "\nstruct skb_shared_info {\n"));
    EXPECT_THAT(d, HasSubstr("  dataref = {\n    counter = 2\n  }"));
    EXPECT_THAT(d, HasSubstr("\n  len = 100, \n"));
  }
  kfree_skb(clone);
  kfree_skb(skb);
}

TEST_P(CrashDumpPerProfile, FreedOrForeignSkbPrintsANote) {
  skb::ScopedProfile prof(profile());
  sk_buff* skb = Small();
  kfree_skb(skb);
  // Only the registry is consulted: the freed memory is not read.
  EXPECT_THAT(skb::CrashDumpSkb(skb), HasSubstr("is not a live sk_buff"));
  EXPECT_THAT(skb::CrashDumpShinfo(skb), HasSubstr("is not a live sk_buff"));
  EXPECT_THAT(skb::CrashDump(skb), Not(HasSubstr("skb_shared_info")));
  EXPECT_THAT(skb::SkbDump("\0013", skb, true), HasSubstr("is not a live sk_buff"));
  EXPECT_THAT(skb::CrashDump(nullptr), HasSubstr("0x0 is not a live sk_buff"));
}

SKB_INSTANTIATE_PER_PROFILE(CrashDumpPerProfile);

// ---- seed 001: the RHEL6 transmit clone ------------------------------------

// The write-queue skb of seed 001 (alloc_skb_fclone, 144 bytes of page frags,
// skb_header_release), fast-cloned by tcp_transmit_skb, with 32 + 20 + 14
// bytes of TCP/IP/Ethernet headers pushed on the clone and CHECKSUM_PARTIAL.
TEST_F(CrashDumpTest, Seed001TransmitClone) {
  skb::ScopedProfile prof(P("2.6.32"));
  sk_buff* skb = alloc_skb_fclone(384, GFP_KERNEL);
  ASSERT_NE(skb, nullptr);
  skb_reserve(skb, 320);  // MAX_TCP_HEADER
  page* pg = alloc_page(GFP_KERNEL);
  skb_add_rx_frag(skb, 0, pg, 0, 144, 144);
  skb_header_release(skb);
  sk_buff* clone = skb_clone(skb, GFP_ATOMIC);
  ASSERT_NE(clone, nullptr);
  skb_push(clone, 32);
  skb_reset_transport_header(clone);
  skb_push(clone, 20);
  skb_reset_network_header(clone);
  skb_push(clone, 14);
  clone->protocol = htons(0x0800);
  clone->ip_summed = CHECKSUM_PARTIAL;
  clone->csum_start = clone->transport_header;
  clone->csum_offset = 16;

  const std::string d = skb::CrashDump(clone);
  // Lines exactly as in the vmcore of seed 001.
  for (const char* line : {"  len = 210, ", "  data_len = 144, ", "  mac_len = 0, ", "  hdr_len = 320, ",
                           "    csum = 1048864, ", "      csum_start = 288, ", "      csum_offset = 16",
                           "  cloned = 1 '\\001', ", "  ip_summed = 3 '\\003', ", "  nohdr = 0 '\\000', ",
                           "  fclone = 2 '\\002', ", "  protocol = 8, ", "  transport_header = 288, ",
                           "  network_header = 268, ", "  mac_header = 4294967295, ", "  tail = 320, ",
                           "  end = 384, "}) {
    EXPECT_THAT(d, HasSubstr(std::string("\n") + line + "\n")) << line;
  }
  // The vmcore's 856 is 384 + 328 + 144 with RHEL6's larger sk_buff; the
  // profile models upstream 2.6.32's.
  EXPECT_THAT(d, HasSubstr(Fmt("\n  truesize = %u, \n", 384 + skb::Active().sk_buff_size + 144)));
  EXPECT_THAT(d, HasSubstr("\n  data = " + Addr(skb->head + 254) + " \""));
  // The shared info the two share: two references, one payload-only.
  EXPECT_THAT(d, HasSubstr("crash> struct skb_shared_info " + Addr(skb->head + 384) +
                           "\nstruct skb_shared_info {\n  dataref = {\n    counter = 65538\n  }, \n"
                           "  nr_frags = 1, \n"));
  EXPECT_THAT(d, HasSubstr("\n  frags = {{\n      page = " + Addr(pg) + ", \n      page_offset = 0, \n"
                           "      size = 144\n    }, {\n"));
  // The original, as the write queue holds it.
  const std::string o = skb::CrashDumpSkb(skb);
  EXPECT_THAT(o, HasSubstr("\n  nohdr = 1 '\\001', \n"));
  EXPECT_THAT(o, HasSubstr("\n  fclone = 1 '\\001', \n"));
  EXPECT_THAT(o, HasSubstr("\n  len = 144, \n"));
  kfree_skb(clone);
  kfree_skb(skb);
}

// ---- the shared info is never trusted --------------------------------------

// Seed 002: packet bytes written past end land in the shared info. The dumps
// print the garbage as crash does and follow none of its pointers.
TEST_F(CrashDumpTest, GarbageShinfoIsPrintedNotFollowed) {
  skb::ScopedCheckedMode unchecked(false);
  sk_buff* skb = Small();
  skb_shared_info* sh = skb_shinfo(skb);
  skb_shared_info saved;
  std::memcpy(&saved, sh, sizeof(saved));
  // A module copies a payload 64 bytes longer than the tailroom.
  const int tailroom = skb_tailroom(skb);
  std::vector<uint8_t> payload(static_cast<size_t>(tailroom) + 64, 0xab);
  std::memcpy(skb_tail_pointer(skb), payload.data(), payload.size());

  for (const skb::Profile* p : skb::All()) {
    SCOPED_TRACE(p->name);
    skb::ScopedProfile prof(*p);
    const std::string d = skb::CrashDumpShinfo(skb);
    EXPECT_THAT(d, HasSubstr("frag_list = 0xabababababababab, \n"));
    EXPECT_THAT(d, HasSubstr("gso_size = 43947, \n"));
    // The same bytes read through each profile's member names.
    EXPECT_THAT(d, HasSubstr("  dataref = {\n    counter = -1414812757\n  }"));
    EXPECT_THAT(d, HasSubstr(p->AtLeast(3, 0) ? "\n  nr_frags = 171 '\\253', \n" : "\n  nr_frags = 171, \n"));
    const std::string full = skb::SkbDump("\0013", skb, true);
    EXPECT_THAT(full, HasSubstr("shinfo(txflags=171 nr_frags=171 gso(size=43947 type="));
    EXPECT_THAT(full, HasSubstr("skb fraglist:\nlibskb: 0xabababababababab is not a live sk_buff"));
  }

  // With a non-linear length the frag walk reaches the garbage frags: their
  // pages are not live, so nothing is read through them. (6.12 takes the odd
  // netmem for a net_iov: "not readable".)
  skb->data_len = 50;
  {
    skb::ScopedProfile prof(P("5.10"));
    const std::string d = skb::SkbDump("\0013", skb, false);
    EXPECT_THAT(d, HasSubstr("skb frag:     libskb: frag 0 (page 0xabababababababab, offset 2880154539, "
                             "size 2880154539) is not inside a live page; not dumped\n"));
  }
  EXPECT_THAT(skb::SkbDump("\0013", skb, false), HasSubstr("\nskb frag 0: not readable\n"));
  // Sizes near 2^31 make the kernel's int len wrap; the walk stays in
  // frags[] (capacity 18 even though nr_frags says 171) and does not trap.
  std::memset(&sh->frags[0], 0xab, sizeof(sh->frags[0]) * 3);
  for (const skb::Profile* p : skb::All()) {
    skb::ScopedProfile prof(*p);
    EXPECT_THAT(skb::SkbDump("\0013", skb, true), HasSubstr("skb len=100 headroom=64 headlen=50 tailroom=0\n"));
  }
  skb->data_len = 0;

  std::memcpy(sh, &saved, sizeof(saved));
  kfree_skb(skb);
}

TEST_F(CrashDumpTest, PageFragmentHeadIsRead) {
  net_device dev = {"eth1", 3, 1500, 0};
  sk_buff* skb = netdev_alloc_skb(&dev, 1000);  // too big for the 6.3+ small-head cache
  ASSERT_NE(skb, nullptr);
  ASSERT_TRUE(skb->head_frag);
  std::memset(skb_put(skb, 60), 0x77, 60);
  const std::string d = skb::CrashDump(skb);
  EXPECT_THAT(d, HasSubstr("\n  head_frag = 1 '\\001', \n"));
  EXPECT_THAT(d, HasSubstr("  dataref = {\n    counter = 1\n  }"));
  EXPECT_THAT(d, Not(HasSubstr("outside the head allocation")));
  const std::string s = skb::SkbDump("\0013", skb, true);
  EXPECT_THAT(s, HasSubstr("\ndev name=eth1 feat=0x0000000000000000\n"));
  EXPECT_THAT(s, HasSubstr("\nskb linear:   00000030: 77 77 77 77 77 77 77 77 77 77 77 77\n"));
  kfree_skb(skb);
}

TEST_F(CrashDumpTest, KernelSlabModeHeadsAreFound) {
  skb::SetSlabMode(skb::SlabMode::kKernel);
  sk_buff* skb = Small();
  sk_buff* clone = skb_clone(skb, GFP_ATOMIC);
  EXPECT_THAT(skb::CrashDump(clone), HasSubstr("  dataref = {\n    counter = 2\n  }"));
  EXPECT_THAT(skb::SkbDump("\0013", clone, true), HasSubstr("\nskb tailroom: 00000000: "));
  kfree_skb(clone);
  kfree_skb(skb);
  skb::SetSlabMode(skb::SlabMode::kAsan);
}

TEST_F(CrashDumpTest, ShinfoOutsideTheHeadIsNotRead) {
  skb::ScopedCheckedMode unchecked(false);
  sk_buff* skb = Small();
  const unsigned end = skb->end;
  skb->end = end + (1u << 20);
  EXPECT_THAT(skb::CrashDumpShinfo(skb), HasSubstr("lies outside the head allocation; not read\n"));
  EXPECT_THAT(skb::CrashDump(skb), HasSubstr("crash> struct skb_shared_info " + Addr(skb->head + skb->end) + "\n"));
  const std::string s = skb::SkbDump("\0013", skb, true);
  EXPECT_THAT(s, HasSubstr("\nshinfo(libskb: skb_shared_info at "));
  EXPECT_THAT(s, HasSubstr("skb tailroom: libskb: ["));  // tail..end runs off the allocation
  skb->end = end;
  kfree_skb(skb);
}

// ---- skb_dump() ------------------------------------------------------------

// An IPv4/TCP skb with CHECKSUM_PARTIAL on a device, payload bytes 0..99.
sk_buff* KnownSkb(net_device* dev) {
  sk_buff* skb = alloc_skb(1500, GFP_KERNEL);
  skb_reserve(skb, 64);
  auto* p = static_cast<uint8_t*>(skb_put(skb, 100));
  for (int i = 0; i < 100; i++) p[i] = static_cast<uint8_t>(i);
  skb_reset_network_header(skb);
  skb_set_transport_header(skb, 20);
  skb->protocol = htons(0x0800);
  skb->ip_summed = CHECKSUM_PARTIAL;
  skb->csum_start = skb->transport_header;
  skb->csum_offset = 16;
  skb->hash = 0x1234;
  skb->sw_hash = 1;
  skb->skb_iif = 3;
  skb->priority = 7;
  skb->mark = 0x42;
  skb->vlan_proto = htons(0x8100);
  skb->vlan_tci = 5;
  skb->dev = dev;
  return skb;
}

const char kLinear100[] =
    "skb linear:   00000000: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n"
    "skb linear:   00000010: 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f\n"
    "skb linear:   00000020: 20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f\n"
    "skb linear:   00000030: 30 31 32 33 34 35 36 37 38 39 3a 3b 3c 3d 3e 3f\n"
    "skb linear:   00000040: 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d 4e 4f\n"
    "skb linear:   00000050: 50 51 52 53 54 55 56 57 58 59 5a 5b 5c 5d 5e 5f\n"
    "skb linear:   00000060: 60 61 62 63\n";

using SkbDumpTest = SkbTest;

TEST_F(SkbDumpTest, Format510) {
  skb::ScopedProfile prof(P("5.10"));
  net_device dev = {"eth0", 2, 1500, 0x4000};
  sk_buff* skb = KnownSkb(&dev);
  const std::string expected =
      Fmt("skb len=100 headroom=64 headlen=100 tailroom=%d\n", skb_tailroom(skb)) +
      "mac=(-1,-1) net=(64,20) trans=84\n"
      "shinfo(txflags=0 nr_frags=0 gso(size=0 type=0 segs=0))\n"
      "csum(0x100054 ip_summed=3 complete_sw=0 valid=0 level=0)\n"
      "hash(0x1234 sw=1 l4=0) proto=0x0800 pkttype=0 iif=3\n"
      "dev name=eth0 feat=0x0000000000004000\n" +
      kLinear100;
  EXPECT_EQ(skb::SkbDump("\0013", skb, false), expected);
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, Format612) {
  net_device dev = {"eth0", 2, 1500, 0x4000};
  sk_buff* skb = KnownSkb(&dev);
  skb_set_mac_header(skb, -14);
  skb->mac_len = 14;
  skb->alloc_cpu = 2;
  const std::string expected =
      Fmt("skb len=100 headroom=64 headlen=100 tailroom=%d\n", skb_tailroom(skb)) +
      "mac=(50,14) mac_len=14 net=(64,20) trans=84\n"
      "shinfo(txflags=0 nr_frags=0 gso(size=0 type=0 segs=0))\n"
      "csum(0x100054 start=84 offset=16 ip_summed=3 complete_sw=0 valid=0 level=0)\n"
      "hash(0x1234 sw=1 l4=0) proto=0x0800 pkttype=0 iif=3\n"
      "priority=0x7 mark=0x42 alloc_cpu=2 vlan_all=0x50081\n"
      "encapsulation=0 inner(proto=0x0000, mac=0, net=0, trans=0)\n"
      "dev name=eth0 feat=0x0000000000004000\n" +
      kLinear100;
  EXPECT_EQ(skb::SkbDump("\0013", skb, false), expected);
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, OlderProfilesPrintThe510Format) {
  for (const char* name : {"3.10", "2.6.32"}) {
    SCOPED_TRACE(name);
    skb::ScopedProfile prof(P(name));
    sk_buff* skb = KnownSkb(nullptr);
    const std::string d = skb::SkbDump("\0013", skb, false);
    EXPECT_THAT(d, HasSubstr("\nmac=(-1,-1) net=(64,20) trans=84\n"));
    EXPECT_THAT(d, HasSubstr("\ncsum(0x100054 ip_summed=3 complete_sw=0 valid=0 level=0)\n"));
    EXPECT_THAT(d, Not(HasSubstr("dev name=")));
    kfree_skb(skb);
  }
}

TEST_F(SkbDumpTest, HeaderOnlyDumpStopsAtMaxHeaderPlus128) {
  sk_buff* skb = alloc_skb(1000, GFP_KERNEL);
  std::memset(skb_put(skb, 400), 0x11, 400);
  const std::string d = skb::SkbDump("\0013", skb, false);
  EXPECT_EQ(Count(d, "skb linear:   "), 19u);  // 304 bytes = 19 rows of 16
  EXPECT_THAT(d, HasSubstr("skb linear:   00000120: 11"));
  EXPECT_THAT(d, Not(HasSubstr("skb linear:   00000130")));
  EXPECT_THAT(d, Not(HasSubstr("skb tailroom:")));
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, FullPacketDumpsHeadroomTailroomFragsAndFragList) {
  Geometry g{.headroom = 16,
             .headlen = 14,
             .frags = {20},
             .frag_list = {Geometry{.headroom = 16, .headlen = 8}}};
  sk_buff* skb = Build(g);
  ASSERT_NE(skb, nullptr);
  const std::string full = skb::SkbDump("\0013", skb, true);
  EXPECT_THAT(full, StartsWith("skb len=42 headroom=16 headlen=14 tailroom=0\n"));
  EXPECT_THAT(full, HasSubstr("shinfo(txflags=0 nr_frags=1 gso(size=0 type=0 segs=0))\n"));
  std::string headroom = "skb headroom: 00000000:";
  for (int i = 0; i < 16; i++) headroom += Fmt(" %02x", HeadroomByte(static_cast<size_t>(i)));
  EXPECT_THAT(full, HasSubstr(headroom + "\n"));
  std::string frag = "skb frag:     00000000:";
  for (int i = 0; i < 16; i++) frag += Fmt(" %02x", PatternByte(14 + static_cast<size_t>(i)));
  frag += "\nskb frag:     00000010:";
  for (int i = 16; i < 20; i++) frag += Fmt(" %02x", PatternByte(14 + static_cast<size_t>(i)));
  EXPECT_THAT(full, HasSubstr(frag + "\n"));
  EXPECT_THAT(full, HasSubstr("\nskb fraglist:\nskb len=8 headroom=16 headlen=8 tailroom="));
  EXPECT_EQ(Count(full, "skb len="), 2u);
  // The member's own tailroom is dumped too (it is dumped with full_pkt).
  EXPECT_EQ(Count(full, "skb tailroom: 00000000:"), 1u);

  const std::string hdr = skb::SkbDump("\0013", skb, false);
  EXPECT_THAT(hdr, Not(HasSubstr("skb headroom:")));
  EXPECT_THAT(hdr, Not(HasSubstr("skb fraglist:")));
  EXPECT_THAT(hdr, HasSubstr("skb frag:     00000000:"));
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, UnreadableNetmemFragIn612) {
  skb::ScopedCheckedMode unchecked(false);
  sk_buff* skb = Build(Geometry{.headroom = 16, .headlen = 14, .frags = {20}});
  ASSERT_NE(skb, nullptr);
  skb_frag_t* f = &skb_shinfo(skb)->frags[0];
  const netmem_ref saved = f->netmem;
  f->netmem |= 1;  // a net_iov (devmem) frag
  EXPECT_THAT(skb::SkbDump("\0013", skb, false), HasSubstr("\nskb frag 0: not readable\n"));
  {
    skb::ScopedProfile prof(P("5.10"));
    EXPECT_THAT(skb::SkbDump("\0013", skb, false), HasSubstr("is not inside a live page; not dumped\n"));
  }
  f->netmem = saved;
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, NegativeRoomIsReportedNotRead) {
  skb::ScopedCheckedMode unchecked(false);
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  const unsigned end = skb->end;
  skb->tail = end + 8;  // as after an skb_put past end
  skb->len = end + 8;
  const std::string d = skb::SkbDump("\0013", skb, true);
  EXPECT_THAT(d, HasSubstr(Fmt("skb len=%u headroom=0 headlen=%u tailroom=4294967288\n", end + 8, end + 8)));
  EXPECT_THAT(d, HasSubstr("\nskb tailroom: libskb: length -8 is negative; not dumped\n"));
  // The linear area runs 8 bytes into the shared info, still inside the head.
  EXPECT_THAT(d, HasSubstr("skb linear:   00000000: "));
  skb->tail = 0;
  skb->len = 0;
  kfree_skb(skb);
}

// Seed 000 under 6.12 (CONFIG_DEBUG_NET): __skb_pull past the linear area
// logs "__skb_pull(len=%u)" and the skb_dump() lines before the BUG.
TEST_F(SkbDumpTest, SkbPullOverrunReportCarriesTheDump) {
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 28, .frags = {100}});
  ASSERT_NE(skb, nullptr);
  std::optional<skb::Report> r = CatchBug([&] { __skb_pull(skb, 32); });
  ASSERT_TRUE(r.has_value());
  EXPECT_THAT(r->text, HasSubstr("__skb_pull(len=32)\nskb len=128 headroom=64 headlen=28 tailroom=0\n"
                                 "mac=(-1,-1) mac_len=0 net=("));
  EXPECT_THAT(r->text, HasSubstr("\nskb linear:   00000000: "));
  EXPECT_THAT(r->text, HasSubstr("\nskb frag:     00000000: "));
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, SkbDumpWritesToStderr) {
  sk_buff* skb = Small();
  ::testing::internal::CaptureStderr();
  skb_dump("\0014", skb, false);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, skb::SkbDump("\0014", skb, false));
  EXPECT_THAT(err, StartsWith("skb len=100 headroom=64 headlen=100 tailroom="));
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, SocketLineWithoutFollowingThePointer) {
  sk_buff* skb = Small();
  skb->sk = reinterpret_cast<sock*>(static_cast<uintptr_t>(0x10));  // never dereferenced
  EXPECT_THAT(skb::SkbDump("\0013", skb, false), HasSubstr("\nsk family=? type=? proto=?\n"));
  skb->sk = nullptr;
  kfree_skb(skb);
}

TEST_F(SkbDumpTest, WildDevPointerIsNotFollowed) {
  skb::ScopedCheckedMode unchecked(false);
  sk_buff* skb = Small();
  skb->dev = reinterpret_cast<net_device*>(static_cast<uintptr_t>(0x8));
  EXPECT_THAT(skb::SkbDump("\0013", skb, false), HasSubstr("\ndev name=? feat=? (libskb: dev 0x8 is not readable)\n"));
  skb->dev = nullptr;
  kfree_skb(skb);
}

}  // namespace
}  // namespace skb_test
