// The checker itself (skb::Check, skb::CheckClonePair; docs/checker.md).
//
// Tested the way DPDK's test_failing_mbuf_sanity_check tests rte_mbuf_check:
// build a valid skb of a suitable shape, require a clean report, break exactly
// one field, require the violation by id and name, restore the field, free.
// Every case runs under every profile it applies to. Then:
//  - seed 002: packet bytes written past the linear area land in the shared
//    info; the checker names nr_frags, dataref and frag_list without crashing;
//  - robustness: random garbage in the shared info and the sk_buff never
//    makes the checker read memory it has not validated (ASan would say so);
//  - no false positives: legal operation sequences of every shape, sharing
//    and profile check clean (checked mode runs the checker at every call on
//    the way, so a false positive there fails the sequence too).
#include <linux/skbuff.h>
#include <net/checksum.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(CHECK_TEST_ASAN)
#define CHECK_TEST_ASAN 1
#endif

namespace skb {
// gtest prints a violation list element by element with this.
void PrintTo(const Violation& v, std::ostream* os) { *os << "\n    " << v.ToString(); }
}  // namespace skb

namespace skb_test {
namespace {

using skb::CheckMode;
using skb::Violation;
using ::testing::Not;

constexpr CheckMode kTolerant = CheckMode::kKernelTolerant;
constexpr CheckMode kStrict = CheckMode::kStrict;

std::string ListOf(const std::vector<Violation>& v) {
  if (v.empty()) return "no violations";
  std::string s = std::to_string(v.size()) + " violation(s):";
  for (const Violation& x : v) s += "\n    " + x.ToString();
  return s;
}

// The list holds a violation with this id (and name, if given). On failure
// the whole list is printed.
MATCHER_P2(HasViolation, id, name, std::string(negation ? "has no " : "has ") + id + " " + name) {
  for (const Violation& v : arg) {
    if (v.id == id && (std::string(name).empty() || v.name == name)) return true;
  }
  *result_listener << ListOf(arg);
  return false;
}

MATCHER(IsClean, negation ? "has violations" : "has no violations") {
  if (arg.empty()) return true;
  *result_listener << ListOf(arg);
  return false;
}

// The kernel's struct sk_buff_fclones: the original, its companion, the pair's
// refcount (the layout libskb allocates from skbuff_fclone_cache).
struct Fclones {
  sk_buff skb1;
  sk_buff skb2;
  refcount_t fclone_ref;
};
Fclones* PairOf(sk_buff* orig) { return reinterpret_cast<Fclones*>(orig); }

uintptr_t Addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

template <typename T>
T* FromAddr(uintptr_t a) {
  return reinterpret_cast<T*>(a);
}

// ---- the one-field-at-a-time cases ------------------------------------------

// What a case builds: the skb under test, an optional peer (the other member
// for CheckClonePair), and everything to free afterwards, in order.
struct Built {
  sk_buff* skb = nullptr;
  sk_buff* peer = nullptr;
  std::vector<sk_buff*> free_list;
};

using Restore = std::function<void()>;

struct Case {
  const char* label;  // gtest name part
  const char* id;
  const char* name;
  CheckMode mode;
  bool pair;  // CheckClonePair(skb, peer) instead of Check(skb)
  std::function<bool(const skb::Profile&)> applies;
  std::function<Built()> make;
  std::function<Restore(Built&)> corrupt;
};

bool Always(const skb::Profile&) { return true; }

Built One(sk_buff* s) { return Built{s, nullptr, {s}}; }
Built OfShape(Shape sh) { return One(Build(GeometryOf(sh))); }

Built ClonePair(Shape sh) {
  sk_buff* a = Build(GeometryOf(sh));
  sk_buff* b = skb_clone(a, GFP_ATOMIC);
  return Built{a, b, {b, a}};
}

// A fast-clone pair with the companion in use.
Built FclonePair() {
  sk_buff* a = alloc_skb_fclone(1000, GFP_KERNEL);
  skb_reserve(a, 64);
  skb_put_zero(a, 100);
  sk_buff* b = skb_clone(a, GFP_ATOMIC);
  return Built{a, b, {b, a}};
}

skb_shared_info* Sh(const Built& s) { return skb_shinfo(s.skb); }

// Saves a field, applies a new value, and returns the restorer.
template <typename T, typename V>
Restore Set(T* field, V value) {
  T saved = *field;
  *field = static_cast<T>(value);
  return [field, saved] { *field = saved; };
}

#define SET_BITFIELD(obj, field, value)              \
  [&]() -> Restore {                                 \
    auto* o = (obj);                                 \
    const unsigned saved = o->field;                 \
    o->field = (value);                              \
    return [o, saved] { o->field = saved; };          \
  }()

Restore Both(Restore a, Restore b) {
  return [a, b] {
    b();
    a();
  };
}

std::vector<Case> Cases() {
  std::vector<Case> c;
  auto add = [&](Case x) { c.push_back(std::move(x)); };

  // ---- S: sk_buff ----
  add({"S1_TailPastEnd", "S1", "geometry_out_of_order", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->tail, s.skb->end + 1); }});
  add({"S1_DataBeforeHead", "S1", "geometry_out_of_order", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->data, FromAddr<unsigned char>(Addr(s.skb->head) - 8)); }});
  add({"S2_LenBelowDataLen", "S2", "len_lt_data_len", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&s.skb->len, s.skb->data_len - 4); }});
  add({"S3_TailDisagrees", "S3", "headlen_ne_tail_minus_data", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->tail, s.skb->tail - 1); }});
  add({"S4_FragShorter", "S4", "data_len_ne_frag_sum", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[0].len, Sh(s)->frags[0].len - 4); }});
  add({"S4_FragsGone", "S4", "data_len_ne_frag_sum", kTolerant, false, Always,
       [] { return OfShape(Shape::kHeadless); },
       [](Built& s) { return Set(&Sh(s)->nr_frags, 0); }});
  add({"S4_FragListShorter", "S4", "data_len_ne_frag_sum", kTolerant, false, Always,
       [] { return OfShape(Shape::kFragList); },
       [](Built& s) { return Set(&Sh(s)->frag_list->next, nullptr); }});
  add({"S5_FragListOnLinear", "S5", "frags_without_data_len", kTolerant, false, Always,
       [] {
         Built s = OfShape(Shape::kLinear);
         s.peer = alloc_skb(0, GFP_KERNEL);  // an empty member: S4 still holds
         s.free_list.push_back(s.peer);
         return s;
       },
       [](Built& s) { return Set(&Sh(s)->frag_list, s.peer); }});
  add({"S9_TruesizeBelowBuffer", "S9", "truesize_too_small", kStrict, false,
       [](const skb::Profile& p) { return p.truesize_counts_shinfo; }, [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->truesize, 100); }});
  add({"S9_SocketTruesizeBelowLen", "S9", "truesize_too_small", kStrict, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) {
         // sk is never dereferenced by the checker: any non-NULL value owns the skb.
         return Both(Set(&s.skb->sk, FromAddr<sock>(0x1000)), Set(&s.skb->truesize, s.skb->len - 1));
       }});
  add({"S10_CsumFieldPastHeadlen", "S10", "partial_csum_outside_linear", kStrict, false, Always,
       [] {
         Built s = OfShape(Shape::kLinear);
         s.skb->ip_summed = CHECKSUM_PARTIAL;
         s.skb->csum_start = static_cast<__u16>(skb_headroom(s.skb) + 20);
         s.skb->csum_offset = 16;
         return s;
       },
       [](Built& s) { return Set(&s.skb->csum_offset, 400); }});
  add({"S10_CsumStartInHeadroom", "S10", "partial_csum_outside_linear", kStrict, false, Always,
       [] {
         Built s = OfShape(Shape::kPaged);
         s.skb->ip_summed = CHECKSUM_PARTIAL;
         s.skb->csum_start = static_cast<__u16>(skb_headroom(s.skb) + 20);
         s.skb->csum_offset = 16;
         return s;
       },
       [](Built& s) { return Set(&s.skb->csum_start, skb_headroom(s.skb) - 1); }});
  for (Shape sh : {Shape::kLinear, Shape::kPaged, Shape::kFragList}) {
    static const char* const kLabels[] = {"S11_CompleteCsumLinear", "S11_CompleteCsumPaged", "",
                                          "S11_CompleteCsumFragList"};
    add({kLabels[static_cast<int>(sh)], "S11", "complete_csum_mismatch", kStrict, false, Always,
         [sh] {
           Built s = OfShape(sh);
           // The bytes' own sum, by libskb's skb_checksum: Check must agree.
           s.skb->csum = skb_checksum(s.skb, 0, static_cast<int>(s.skb->len), 0);
           s.skb->ip_summed = CHECKSUM_COMPLETE;
           return s;
         },
         [](Built& s) { return Set(&s.skb->csum, s.skb->csum + 1); }});
  }
  add({"S12_GsoSizeWithoutType", "S12", "gso_size_without_gso_type", kStrict, false, Always,
       [] {
         Built s = OfShape(Shape::kPaged);
         Sh(s)->gso_size = 1448;
         Sh(s)->gso_type = SKB_GSO_TCPV4;
         return s;
       },
       [](Built& s) { return Set(&Sh(s)->gso_type, 0); }});
  add({"S13_NetworkHeaderPastEnd", "S13", "header_offset_past_end", kStrict, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->network_header, s.skb->end + 1); }});
  add({"S13_WrappedOffsetStrictOnly", "S13", "header_offset_past_end", kStrict, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->transport_header, 0xffc0); }});
  add({"S13_HeadersOutOfOrder", "S13", "header_offsets_out_of_order", kStrict, false, Always,
       [] {
         Built s = OfShape(Shape::kLinear);
         skb_reset_mac_header(s.skb);
         skb_set_network_header(s.skb, 14);
         skb_set_transport_header(s.skb, 34);
         return s;
       },
       [](Built& s) { return Set(&s.skb->network_header, s.skb->transport_header + 6); }});
  add({"S15_DestructorWithoutSk", "S15", "destructor_without_sk", kStrict, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->destructor, +[](sk_buff*) {}); }});
  add({"S16_UnclonedDataref2", "S16", "uncloned_dataref_ne_1", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->dataref.counter, 2); }});
  add({"S16_CloneFlagCleared", "S16", "uncloned_dataref_ne_1", kTolerant, false, Always,
       [] { return ClonePair(Shape::kLinear); },
       [](Built& s) { return SET_BITFIELD(s.skb, cloned, 0); }});
  add({"S17_NohdrWithoutPayloadRef", "S17", "nohdr_without_payload_ref", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return SET_BITFIELD(s.skb, nohdr, 1); }});
  add({"S18_HeadFragOnKmallocHead", "S18", "head_free_path_mismatch", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return SET_BITFIELD(s.skb, head_frag, 1); }});
  add({"S18_PageHeadWithoutHeadFrag", "S18", "head_free_path_mismatch", kTolerant, false,
       [](const skb::Profile& p) { return p.has_head_frag; },
       [] {
         sk_buff* s = netdev_alloc_skb(nullptr, 1000);  // a page-fragment head
         skb_put_zero(s, 200);
         return One(s);
       },
       [](Built& s) { return SET_BITFIELD(s.skb, head_frag, 0); }});
  add({"S18_HeadNotAllocationStart", "S18", "head_free_path_mismatch", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) {
         // head moves 64 bytes into its own allocation; data/tail/end follow.
         sk_buff* k = s.skb;
         return Both(Both(Set(&k->head, k->head + 64), Set(&k->tail, k->tail - 64)),
                     Set(&k->end, k->end - 64));
       }});
  add({"S18_PfmemallocNotPropagated", "S18", "pfmemalloc_not_propagated", kStrict, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&skb_frag_page(&Sh(s)->frags[1])->pfmemalloc, true); }});
  add({"S19_FcloneRefOne", "S19", "fclone_state_inconsistent", kTolerant, false, Always, FclonePair,
       [](Built& s) { return Set(&PairOf(s.skb)->fclone_ref.refs.counter, 1); }});
  add({"S19_FcloneRefThree", "S19", "fclone_state_inconsistent", kTolerant, false, Always, FclonePair,
       [](Built& s) { return Set(&PairOf(s.skb)->fclone_ref.refs.counter, 3); }});
  add({"S19_CompanionSeesBadRef", "S19", "fclone_state_inconsistent", kTolerant, false, Always,
       [] {
         Built s = FclonePair();
         std::swap(s.skb, s.peer);  // check the companion
         return s;
       },
       [](Built& s) { return Set(&PairOf(s.peer)->fclone_ref.refs.counter, 1); }});
  add({"S19_CompanionStateWrong", "S19", "fclone_state_inconsistent", kTolerant, false, Always,
       [] {
         sk_buff* a = alloc_skb_fclone(1000, GFP_KERNEL);  // companion free
         skb_put_zero(a, 10);
         return One(a);
       },
       [](Built& s) {
         // 3.18+ keeps a free companion SKB_FCLONE_CLONE; <= 3.17 marks it UNAVAILABLE.
         const unsigned wrong =
             skb::Active().fclone_permanent_clone ? SKB_FCLONE_UNAVAILABLE : SKB_FCLONE_CLONE;
         return SET_BITFIELD(&PairOf(s.skb)->skb2, fclone, wrong);
       }});
  // A plain skb whose fclone bits claim a fast-clone pair: the pair object
  // does not exist, so reading it would overflow the sk_buff allocation. The
  // checker asks AddressSanitizer's shadow first (only an ASan build can
  // tell; see docs/checker.md).
  const auto asan_only = [](const skb::Profile&) {
#ifdef CHECK_TEST_ASAN
    return true;
#else
    return false;
#endif
  };
  add({"S19_PlainSkbMarkedOrig", "S19", "fclone_state_inconsistent", kTolerant, false, asan_only,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return SET_BITFIELD(s.skb, fclone, SKB_FCLONE_ORIG); }});
  add({"S19_PlainSkbMarkedClone", "S19", "fclone_state_inconsistent", kTolerant, false, asan_only,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return SET_BITFIELD(s.skb, fclone, SKB_FCLONE_CLONE); }});
  add({"S19_InvalidFcloneValue", "S19", "fclone_state_inconsistent", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return SET_BITFIELD(s.skb, fclone, 3); }});

  // ---- H: shared info ----
  add({"H1_EndPastAllocation", "H1", "shinfo_outside_head", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) { return Set(&s.skb->end, s.skb->end + 4096); }});
  add({"H1_HeadFragEndPastPage", "H1", "shinfo_outside_head", kTolerant, false,
       [](const skb::Profile& p) { return p.has_head_frag; },
       [] {
         sk_buff* s = netdev_alloc_skb(nullptr, 1000);
         skb_put_zero(s, 200);
         return One(s);
       },
       [](Built& s) { return Set(&s.skb->end, s.skb->end + 4096); }});
  add({"H1_HeadNotAllocated", "H1", "shinfo_outside_head", kTolerant, false, Always,
       [] { return OfShape(Shape::kLinear); },
       [](Built& s) {
         static unsigned char not_a_head[64];
         return Set(&s.skb->head, not_a_head);
       }});
  add({"H2_TooManyFrags", "H2", "nr_frags_gt_max", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->nr_frags, MAX_SKB_FRAGS + 1); }});
  add({"H3_DatarefCountsThree", "H3", "dataref_ne_sharers", kTolerant, false, Always,
       [] { return ClonePair(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->dataref.counter, 3); }});
  add({"H3_DatarefHighAboveLow", "H3", "dataref_out_of_range", kTolerant, false, Always,
       [] { return ClonePair(Shape::kLinear); },
       [](Built& s) { return Set(&Sh(s)->dataref.counter, (3 << SKB_DATAREF_SHIFT) | 2); }});
  add({"H3_DatarefZero", "H3", "dataref_out_of_range", kTolerant, false, Always,
       [] { return ClonePair(Shape::kLinear); },
       [](Built& s) { return Set(&Sh(s)->dataref.counter, 0); }});
  add({"H3_NohdrCountWrong", "H3", "dataref_nohdr_ne_sharers", kTolerant, false, Always,
       [] {
         // TCP: the write-queue skb is payload-only (nohdr), its transmit clone is not.
         sk_buff* a = Build(GeometryOf(Shape::kPaged));
         __skb_header_release(a);
         sk_buff* b = skb_clone(a, GFP_ATOMIC);
         return Built{a, b, {b, a}};
       },
       [](Built& s) { return Set(&Sh(s)->dataref.counter, (2 << SKB_DATAREF_SHIFT) | 2); }});
  add({"H4_MemberNotLive", "H4", "frag_list_member_not_live", kTolerant, false, Always,
       [] { return OfShape(Shape::kFragList); },
       [](Built& s) { return Set(&Sh(s)->frag_list, FromAddr<sk_buff>(0x17306e8a8ed53c9)); }});
  add({"H4_MemberBroken", "H4", "frag_list_member_invalid", kTolerant, false, Always,
       [] { return OfShape(Shape::kFragList); },
       [](Built& s) {
         sk_buff* m = Sh(s)->frag_list->next;  // 41 linear + 207 in a frag
         return Set(&m->len, m->data_len - 4);
       }});
  add({"H4_Cycle", "H4", "frag_list_cycle", kTolerant, false, Always,
       [] { return OfShape(Shape::kFragList); },
       [](Built& s) {
         sk_buff* first = Sh(s)->frag_list;
         return Set(&first->next->next, first);
       }});
  add({"H4_MemberUnreferenced", "H4", "frag_list_member_unreferenced", kTolerant, false, Always,
       [] { return OfShape(Shape::kFragList); },
       [](Built& s) { return Set(&Sh(s)->frag_list->users.refs.counter, 0); }});
  add({"H5_ZerocopyWithoutUbuf", "H5", "zerocopy_without_ubuf", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) {
         return Both(Set(&Sh(s)->flags, Sh(s)->flags | SKBFL_ZEROCOPY_ENABLE), Set(&Sh(s)->destructor_arg, nullptr));
       }});

  // ---- F: frags ----
  add({"F1_PageNotLive", "F1", "frag_page_not_live", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[1].netmem, 0x7f0012345000UL); }});
  add({"F1_PageNull", "F1", "frag_page_not_live", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[0].netmem, 0); }});
  add({"F1_RefcountZero", "F1", "frag_page_refcount_low", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&skb_frag_page(&Sh(s)->frags[0])->_refcount.counter, 0); }});
  add({"F1_TwoDescriptorsOneRef", "F1", "frag_page_refcount_low", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[1].netmem, Sh(s)->frags[0].netmem); }});
  add({"F1_MemberFragsCounted", "F1", "frag_page_refcount_low", kTolerant, false, Always,
       [] { return OfShape(Shape::kFragList); },
       [](Built& s) {
         // The last member's frag now names the parent's page: 2 descriptors, 1 ref.
         skb_shared_info* msh = skb_shinfo(Sh(s)->frag_list->next);
         return Set(&msh->frags[0].netmem, Sh(s)->frags[0].netmem);
       }});
  add({"F2_ZeroSizeFrag", "F2", "frag_size_zero", kStrict, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[2].len, 0); }});
  add({"F3_FragPastPage", "F3", "frag_past_page_end", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[0].offset, PAGE_SIZE - 10); }});
  add({"F4_NegativeOffset", "F4", "frag_field_negative", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[0].offset, static_cast<unsigned>(-8)); }});
  add({"F4_NegativeSize", "F4", "frag_field_negative", kTolerant, false, Always,
       [] { return OfShape(Shape::kPaged); },
       [](Built& s) { return Set(&Sh(s)->frags[1].len, static_cast<unsigned>(-500)); }});

  // ---- C: clone pairs ----
  add({"C1_CloneFlagCleared", "C1", "clone_pair_mismatch", kTolerant, true, Always,
       [] { return ClonePair(Shape::kPaged); },
       [](Built& s) { return SET_BITFIELD(s.peer, cloned, 0); }});
  add({"C1_EndDiffers", "C1", "clone_pair_mismatch", kTolerant, true, Always,
       [] { return ClonePair(Shape::kLinear); },
       [](Built& s) { return Set(&s.peer->end, s.peer->end - 64); }});
  add({"C1_FastClone", "C1", "clone_pair_mismatch", kTolerant, true, Always, FclonePair,
       [](Built& s) { return SET_BITFIELD(s.skb, cloned, 0); }});
  add({"C5_PageRefNotTaken", "C5", "unshared_pair_refs_low", kTolerant, true, Always,
       [] {
         // pskb_expand_head on one member of a pair: new head, every frag page
         // one more reference.
         Built s = ClonePair(Shape::kPaged);
         EXPECT_EQ(pskb_expand_head(s.skb, 0, 0, GFP_ATOMIC), 0);
         return s;
       },
       [](Built& s) {
         page* pg = skb_frag_page(&Sh(s)->frags[0]);
         return Set(&pg->_refcount.counter, pg->_refcount.counter - 1);
       }});
  add({"C5_MemberUserNotTaken", "C5", "unshared_pair_refs_low", kTolerant, true, Always,
       [] {
         Built s = ClonePair(Shape::kFragList);
         EXPECT_EQ(pskb_expand_head(s.skb, 0, 0, GFP_ATOMIC), 0);
         return s;
       },
       [](Built& s) {
         sk_buff* m = Sh(s)->frag_list;
         return Set(&m->users.refs.counter, m->users.refs.counter - 1);
       }});
  return c;
}

std::vector<Violation> CheckOf(const Built& s, bool pair, CheckMode mode) {
  return pair ? skb::CheckClonePair(s.skb, s.peer, mode) : skb::Check(s.skb, mode);
}

struct CaseParam {
  const skb::Profile* profile;
  Case c;
};

std::vector<CaseParam> AllCaseParams() {
  std::vector<CaseParam> v;
  for (const Case& c : Cases()) {
    for (const skb::Profile* p : skb::All()) {
      if (c.applies(*p)) v.push_back(CaseParam{p, c});
    }
  }
  return v;
}

class BreakOneField : public SkbTestWithParam<CaseParam> {};

TEST_P(BreakOneField, IsReportedByIdAndName) {
  const Case& c = GetParam().c;
  skb::ScopedProfile profile(*GetParam().profile);
  // Built with checked mode on (when compiled in): every libskb call on the
  // way runs the tolerant checker, which must stay quiet.
  Built s = c.make();
  ASSERT_NE(s.skb, nullptr);
  if (c.pair) {
    ASSERT_NE(s.peer, nullptr);
  }
  EXPECT_THAT(CheckOf(s, c.pair, c.mode), IsClean()) << "the valid skb";
  {
    skb::ScopedCheckedMode off(false);
    Restore restore = c.corrupt(s);
    const std::vector<Violation> got = CheckOf(s, c.pair, c.mode);
    EXPECT_THAT(got, HasViolation(c.id, c.name));
    for (const Violation& v : got) {
      EXPECT_FALSE(v.reason.empty()) << v.ToString();
      EXPECT_FALSE(v.name.empty()) << v.ToString();
    }
    if (c.mode == kStrict) {
      EXPECT_THAT(CheckOf(s, c.pair, kTolerant), Not(HasViolation(c.id, c.name)))
          << "a strict-only check reported in kernel-tolerant mode";
    }
    restore();
  }
  EXPECT_THAT(CheckOf(s, c.pair, c.mode), IsClean()) << "after restoring the field";
  for (sk_buff* k : s.free_list) kfree_skb(k);
}

INSTANTIATE_TEST_SUITE_P(Cases, BreakOneField, ::testing::ValuesIn(AllCaseParams()),
                         [](const ::testing::TestParamInfo<CaseParam>& info) {
                           return std::string(info.param.c.label) + "_" + ProfileParamName(info.param.profile);
                         });

// Every id Check() reports has at least one case above.
TEST(CheckCoverage, EveryReportedIdHasACase) {
  std::vector<std::string> covered;
  for (const Case& c : Cases()) covered.push_back(std::string(c.id) + " " + c.name);
  const char* const kReported[] = {
      "S1 geometry_out_of_order",        "S2 len_lt_data_len",
      "S3 headlen_ne_tail_minus_data",   "S4 data_len_ne_frag_sum",
      "S5 frags_without_data_len",       "S9 truesize_too_small",
      "S10 partial_csum_outside_linear", "S11 complete_csum_mismatch",
      "S12 gso_size_without_gso_type",   "S13 header_offset_past_end",
      "S13 header_offsets_out_of_order", "S15 destructor_without_sk",
      "S16 uncloned_dataref_ne_1",       "S17 nohdr_without_payload_ref",
      "S18 head_free_path_mismatch",     "S18 pfmemalloc_not_propagated",
      "S19 fclone_state_inconsistent",   "H1 shinfo_outside_head",
      "H2 nr_frags_gt_max",              "H3 dataref_out_of_range",
      "H3 dataref_ne_sharers",           "H3 dataref_nohdr_ne_sharers",
      "H4 frag_list_member_not_live",    "H4 frag_list_cycle",
      "H4 frag_list_member_unreferenced", "H4 frag_list_member_invalid",
      "H5 zerocopy_without_ubuf",        "F1 frag_page_not_live",
      "F1 frag_page_refcount_low",       "F2 frag_size_zero",
      "F3 frag_past_page_end",           "F4 frag_field_negative",
      "C1 clone_pair_mismatch",          "C5 unshared_pair_refs_low",
  };
  for (const char* id : kReported) {
    EXPECT_NE(std::find(covered.begin(), covered.end(), id), covered.end()) << "no case breaks " << id;
  }
}

// ---- specific reports ----------------------------------------------------------

using CheckerTest = SkbTest;

TEST_F(CheckerTest, S7ForFreedNullAndForeignSkbs) {
  sk_buff* skb = alloc_skb(100, GFP_KERNEL);
  kfree_skb(skb);
  // Only the registry is consulted: ASan would report any read of the freed skb.
  EXPECT_THAT(skb::Check(skb), ::testing::ElementsAre(::testing::Field(&Violation::id, "S7")));
  EXPECT_THAT(skb::Check(nullptr, kStrict), ::testing::ElementsAre(::testing::Field(&Violation::id, "S7")));
  sk_buff on_stack{};
  EXPECT_THAT(skb::Check(&on_stack), ::testing::ElementsAre(::testing::Field(&Violation::name, "use_after_free")));
}

TEST_F(CheckerTest, Seed001ReasonNamesTheFields) {
  // RHEL6 seed 001: 66 bytes linear, 144 in frags, then nr_frags went to 0.
  skb::ScopedProfile rhel6(P("2.6.32"));
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 66, .frags = {144}});
  skb::ScopedCheckedMode off(false);
  Restore restore = Set(&skb_shinfo(skb)->nr_frags, 0);
  const std::vector<Violation> v = skb::Check(skb);
  restore();
  ASSERT_THAT(v, HasViolation("S4", "data_len_ne_frag_sum"));
  for (const Violation& x : v) {
    if (x.id == "S4") {
      EXPECT_EQ(x.reason, "data_len = 144 but frags sum to 0 (nr_frags = 0) and frag_list to 0");
    }
  }
  kfree_skb(skb);
}

TEST_F(CheckerTest, Seed000LenFourBelowDataLen) {
  skb::ScopedProfile p510(P("5.10"));
  sk_buff* skb = Build(Geometry{.headroom = 64, .headlen = 28, .frags = {100}});
  skb::ScopedCheckedMode off(false);
  Restore restore = Set(&skb->len, skb->data_len - 4);
  const std::vector<Violation> v = skb::Check(skb);
  restore();
  ASSERT_THAT(v, HasViolation("S2", "len_lt_data_len"));
  EXPECT_EQ(v.front().id, "S2") << "cheapest first";
  EXPECT_EQ(v.front().reason, "len = 96 < data_len = 100 (headlen = len - data_len would be -4)");
  kfree_skb(skb);
}

TEST_F(CheckerTest, DanglingFragListMemberIsNotRead) {
  sk_buff* skb = Build(GeometryOf(Shape::kFragList));
  sk_buff* first = skb_shinfo(skb)->frag_list;
  sk_buff* second = first->next;
  const unsigned first_len = first->len;
  skb::ScopedCheckedMode off(false);
  // The first member is freed behind the parent's back; the parent still
  // points at it. Its memory goes back to the heap: any read is an ASan report.
  kfree_skb(first);
  EXPECT_THAT(skb::Check(skb, kStrict), HasViolation("H4", "frag_list_member_not_live"));
  EXPECT_THAT(skb::Check(skb, kStrict), Not(HasViolation("S4", "")))
      << "the frag_list sum is unknown past a dead member: S4 is not guessed";
  // Unlink it properly before freeing the parent (which frees the second member).
  skb_shinfo(skb)->frag_list = second;
  skb->len -= first_len;
  skb->data_len -= first_len;
  EXPECT_THAT(skb::Check(skb, kStrict), IsClean());
  kfree_skb(skb);
}

// Seed 002: a module copies a payload past the linear area without checking
// tailroom; the bytes land in the shared info (same allocation) exactly as in
// the vmcore: nr_frags = 144, gso_size = 51745, dataref = 10749386, and a
// frag_list that is no kernel pointer.
TEST_F(CheckerTest, Seed002PacketBytesOverShinfo) {
  for (const skb::Profile* p : skb::All()) {
    SCOPED_TRACE(std::string(p->name));
    skb::ScopedProfile sp(*p);
    sk_buff* skb = alloc_skb(1500 + 16, GFP_KERNEL);
    skb_reserve(skb, 16);
    std::vector<uint8_t> pkt(1500);
    std::mt19937 rng(2);
    for (auto& b : pkt) b = static_cast<uint8_t>(rng());
    skb_put_data(skb, pkt.data(), 1500);
    ASSERT_THAT(skb::Check(skb, kStrict), IsClean());

    const unsigned char* start = nullptr;
    size_t size = 0;
    ASSERT_TRUE(skb::FindHead(skb->head, &start, &size));
    unsigned char* tail = skb_tail_pointer(skb);
    const size_t room = static_cast<size_t>(start + size - tail);  // to the end of the allocation
    const size_t n = std::min<size_t>(1500, room);
    ASSERT_GE(Addr(tail) + n, Addr(skb_shinfo(skb)) + sizeof(skb_shared_info));
    std::vector<unsigned char> saved(tail, tail + n);

    // The "next packet": bytes whose values at the shinfo offsets are the vmcore's.
    std::vector<unsigned char> garbage(n);
    for (auto& b : garbage) b = static_cast<unsigned char>(rng());
    skb_shared_info forged;
    const size_t sh_off = Addr(skb_shinfo(skb)) - Addr(tail);
    std::memcpy(&forged, garbage.data() + sh_off, sizeof(forged));
    forged.nr_frags = 144;
    forged.gso_size = 51745;
    forged.dataref.counter = 10749386;
    forged.frag_list = FromAddr<sk_buff>(0x17306e8a8ed53c9);
    std::memcpy(garbage.data() + sh_off, &forged, sizeof(forged));

    {
      skb::ScopedCheckedMode off(false);
      std::memcpy(tail, garbage.data(), n);  // the module's unchecked copy
      for (CheckMode mode : {kTolerant, kStrict}) {
        const std::vector<Violation> v = skb::Check(skb, mode);
        EXPECT_THAT(v, HasViolation("H2", "nr_frags_gt_max"));
        EXPECT_THAT(v, HasViolation("H3", ""));
        EXPECT_THAT(v, HasViolation("H4", "frag_list_member_not_live"));
        for (const Violation& x : v) {
          if (x.id == "H4") {
            EXPECT_THAT(x.reason, ::testing::HasSubstr("0x17306e8a8ed53c9 (#0) is not a live skb"));
          }
          if (x.id == "H2") {
            EXPECT_THAT(x.reason, ::testing::HasSubstr("nr_frags = 144"));
          }
        }
      }
      std::memcpy(tail, saved.data(), n);
    }
    EXPECT_THAT(skb::Check(skb, kStrict), IsClean());
    kfree_skb(skb);
  }
}

// Random garbage in the shared info and in the sk_buff itself: whatever the
// bytes, the checker only reads what the registry vouches for (ASan and UBSan
// watch), and always reports something or nothing without crashing.
TEST_F(CheckerTest, GarbageNeverCrashes) {
  std::mt19937_64 rng(0x5eed);
  for (const skb::Profile* p : skb::All()) {
    SCOPED_TRACE(std::string(p->name));
    skb::ScopedProfile sp(*p);
    std::vector<Built> setups = {OfShape(Shape::kLinear), OfShape(Shape::kPaged), OfShape(Shape::kFragList),
                                 ClonePair(Shape::kPaged), FclonePair()};
    skb::ScopedCheckedMode off(false);
    for (int iter = 0; iter < 600; iter++) {
      Built& s = setups[static_cast<size_t>(iter) % setups.size()];
      sk_buff* skb = s.skb;
      sk_buff saved_skb;
      std::memcpy(static_cast<void*>(&saved_skb), skb, sizeof(sk_buff));
      auto* sh = reinterpret_cast<unsigned char*>(skb_shinfo(skb));
      unsigned char saved_sh[sizeof(skb_shared_info)];
      std::memcpy(saved_sh, sh, sizeof(saved_sh));

      const int what = static_cast<int>(rng() % 4);
      if (what == 0 || what == 3) {
        for (size_t i = 0; i < sizeof(skb_shared_info); i++) sh[i] = static_cast<unsigned char>(rng());
        if (rng() % 2) {  // plausible frag count: the frag walk runs over garbage frags
          skb_shinfo(skb)->nr_frags = static_cast<__u8>(rng() % (MAX_SKB_FRAGS + 1));
        }
      }
      if (what == 1 || what == 3) {
        auto* raw = reinterpret_cast<unsigned char*>(skb);
        const int flips = 1 + static_cast<int>(rng() % 16);
        for (int k = 0; k < flips; k++) raw[rng() % sizeof(sk_buff)] = static_cast<unsigned char>(rng());
#ifndef CHECK_TEST_ASAN
        skb->fclone = saved_skb.fclone;  // without ASan the fclone object cannot be validated
#endif
      }
      if (what == 2) {  // small, plausible field damage
        skb->len += static_cast<unsigned>(rng() % 9) - 4;
        skb->data_len += static_cast<unsigned>(rng() % 9) - 4;
        skb->tail += static_cast<unsigned>(rng() % 9) - 4;
        skb_shinfo(skb)->frags[0].len += static_cast<unsigned>(rng() % 9) - 4;
      }
      for (CheckMode mode : {kTolerant, kStrict}) {
        (void)skb::Check(skb, mode);
        if (s.peer != nullptr) (void)skb::CheckClonePair(skb, s.peer, mode);
      }
      std::memcpy(static_cast<void*>(skb), &saved_skb, sizeof(sk_buff));
      std::memcpy(skb_shinfo(skb), saved_sh, sizeof(saved_sh));
    }
    for (Built& s : setups) {
      EXPECT_THAT(skb::Check(s.skb, kStrict), IsClean());
      for (sk_buff* k : s.free_list) kfree_skb(k);
    }
  }
}

// The kernel-like slab mode (objects carved from slabs, LIFO reuse): the
// registry still knows every live skb, head and page, so the checker behaves
// the same.
TEST_F(CheckerTest, KernelSlabMode) {
  if (skb::Stats().live_skbs != 0 || skb::Stats().live_heads != 0) GTEST_SKIP() << "objects live";
  skb::SetSlabMode(skb::SlabMode::kKernel);
  {
    Built pair = ClonePair(Shape::kFragList);
    Built fc = FclonePair();
    for (const Built* s : {&pair, &fc}) {
      EXPECT_THAT(skb::Check(s->skb, kStrict), IsClean());
      EXPECT_THAT(skb::Check(s->peer, kStrict), IsClean());
      EXPECT_THAT(skb::CheckClonePair(s->skb, s->peer, kStrict), IsClean());
    }
    sk_buff* freed = alloc_skb(100, GFP_KERNEL);
    kfree_skb(freed);  // back on the slab's free list, memory still mapped
    EXPECT_THAT(skb::Check(freed), HasViolation("S7", "use_after_free"));
    {
      skb::ScopedCheckedMode off(false);
      Restore r = Set(&skb_shinfo(pair.skb)->frag_list->next, freed);  // a stale pointer into the slab
      EXPECT_THAT(skb::Check(pair.skb), HasViolation("H4", "frag_list_member_not_live"));
      r();
    }
    for (const Built* s : {&pair, &fc}) {
      for (sk_buff* k : s->free_list) kfree_skb(k);
    }
  }
  skb::SetSlabMode(skb::SlabMode::kAsan);
}

TEST_F(CheckerTest, ViolationsComeInFixedOrderAndAllAreReturned) {
  sk_buff* skb = Build(GeometryOf(Shape::kPaged));
  skb::ScopedCheckedMode off(false);
  Restore r1 = Set(&skb->tail, skb->end + 8);                                   // S1 (and S3)
  Restore r2 = Set(&skb_shinfo(skb)->frags[2].offset, PAGE_SIZE);              // F3
  Restore r3 = Set(&skb_shinfo(skb)->dataref.counter, 5);                      // S16, H3
  const std::vector<Violation> v = skb::Check(skb);
  std::vector<std::string> ids;
  for (const Violation& x : v) ids.push_back(x.id);
  EXPECT_THAT(ids, ::testing::ElementsAre("S1", "S3", "S16", "F3", "H3")) << ListOf(v);
  r3();
  r2();
  r1();
  kfree_skb(skb);
}

// ---- no false positives on legal sequences -------------------------------------

class LegalSequences : public PerProfile {
 protected:
  void SetUp() override {
    PerProfile::SetUp();
    saved_strictness_ = skb::CheckedModeStrictness();
  }
  void TearDown() override {
    skb::SetCheckedModeStrictness(saved_strictness_);
    PerProfile::TearDown();
  }
  static void ExpectClean(const sk_buff* skb, CheckMode mode = kStrict) {
    EXPECT_THAT(skb::Check(skb, mode), IsClean()) << "skb " << skb;
  }
  CheckMode saved_strictness_ = kTolerant;
};

TEST_P(LegalSequences, EveryShapeAndSharing) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  for (Shape shape : kAllShapes) {
    for (Sharing sharing : kAllSharing) {
      SCOPED_TRACE(std::string(ShapeName(shape)) + "/" + SharingName(sharing));
      SharedSkb s = MakeShared(sharing, GeometryOf(shape));
      ASSERT_NE(s.skb, nullptr);
      ExpectClean(s.skb);
      if (s.peer != nullptr) {
        ExpectClean(s.peer);
        EXPECT_THAT(skb::CheckClonePair(s.skb, s.peer, kStrict), IsClean());
      }
      kfree_skb(s.peer);
      if (s.peer != nullptr) ExpectClean(s.skb);  // the survivor of a pair
      kfree_skb(s.skb);
    }
  }
}

TEST_P(LegalSequences, FastClonePairLifecycle) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  for (bool orig_first : {true, false}) {
    SCOPED_TRACE(orig_first ? "orig freed first" : "clone freed first");
    sk_buff* a = alloc_skb_fclone(1000, GFP_KERNEL);
    skb_reserve(a, 64);
    skb_put_zero(a, 200);
    ExpectClean(a);
    sk_buff* b = skb_clone(a, GFP_ATOMIC);
    ExpectClean(a);
    ExpectClean(b);
    EXPECT_THAT(skb::CheckClonePair(a, b, kStrict), IsClean());
    sk_buff* c = skb_clone(a, GFP_ATOMIC);  // the companion is busy: a plain clone
    ExpectClean(c);
    kfree_skb(c);
    if (orig_first) {
      kfree_skb(a);
      ExpectClean(b);
      kfree_skb(b);
    } else {
      kfree_skb(b);
      ExpectClean(a);
      sk_buff* again = skb_clone(a, GFP_ATOMIC);  // the companion is free again
      ExpectClean(again);
      ExpectClean(a);
      kfree_skb(again);
      kfree_skb(a);
    }
  }
}

TEST_P(LegalSequences, CopiesShareFragsNotHeads) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  for (Shape shape : kAllShapes) {
    SCOPED_TRACE(ShapeName(shape));
    sk_buff* a = Build(GeometryOf(shape));
    sk_buff* b = pskb_copy(a, GFP_ATOMIC);
    sk_buff* c = skb_copy(a, GFP_ATOMIC);
    ExpectClean(a);
    ExpectClean(b);
    ExpectClean(c);
    kfree_skb(a);
    ExpectClean(b);
    kfree_skb(b);
    kfree_skb(c);
  }
}

TEST_P(LegalSequences, ExpandHeadOnAClone) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  for (Shape shape : kAllShapes) {
    SCOPED_TRACE(ShapeName(shape));
    sk_buff* a = Build(GeometryOf(shape));
    sk_buff* b = skb_clone(a, GFP_ATOMIC);
    ASSERT_EQ(pskb_expand_head(b, 32, 0, GFP_ATOMIC), 0);
    ExpectClean(a, kTolerant);
    ExpectClean(b, kTolerant);
    EXPECT_THAT(skb::CheckClonePair(a, b), IsClean());
    kfree_skb(a);
    ExpectClean(b, kTolerant);
    kfree_skb(b);
  }
}

TEST_P(LegalSequences, PullsTrimsSplitsLinearize) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  for (Shape shape : kAllShapes) {
    for (Sharing sharing : kAllSharing) {
      SCOPED_TRACE(std::string(ShapeName(shape)) + "/" + SharingName(sharing));
      {
        SharedSkb s = MakeShared(sharing, GeometryOf(shape));
        ASSERT_TRUE(pskb_may_pull(s.skb, 60));
        ExpectClean(s.skb, kTolerant);
        if (s.peer) ExpectClean(s.peer, kTolerant);
        ASSERT_EQ(pskb_trim(s.skb, s.skb->len - 7), 0);
        ExpectClean(s.skb, kTolerant);
        if (s.peer) ExpectClean(s.peer, kTolerant);
        ASSERT_EQ(skb_linearize(s.skb), 0);
        ExpectClean(s.skb, kTolerant);
        kfree_skb(s.peer);
        kfree_skb(s.skb);
      }
      // skb_split does not support frag_list (TCP write-queue skbs never have one).
      const bool has_frag_list = shape == Shape::kFragList || shape == Shape::kNestedFragList;
      if (!has_frag_list && sharing == Sharing::kPrivate) {
        sk_buff* a = Build(GeometryOf(shape));
        sk_buff* b = alloc_skb(a->len, GFP_ATOMIC);
        skb_split(a, b, a->len / 2);
        ExpectClean(a, kTolerant);
        ExpectClean(b, kTolerant);
        kfree_skb(a);
        kfree_skb(b);
      }
    }
  }
}

// skb_copy_expand() with less headroom shifts never-set headers below head,
// as the kernel's skb_headers_offset_update() does (network_header 0 becomes
// 0xffc0): not something the kernel trips on, so kernel-tolerant mode is quiet.
TEST_P(LegalSequences, CopyExpandShrinkingHeadroom) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  for (Shape shape : kAllShapes) {
    SCOPED_TRACE(ShapeName(shape));
    sk_buff* a = Build(GeometryOf(shape));
    sk_buff* c = skb_copy_expand(a, 0, 16, GFP_ATOMIC);
    ASSERT_NE(c, nullptr);
    ExpectClean(c, kTolerant);
    kfree_skb(c);
    kfree_skb(a);
  }
}

TEST_P(LegalSequences, TcpStyleNohdrClone) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  skb::SetCheckedModeStrictness(kStrict);
  sk_buff* a = Build(Geometry{.headroom = 128, .headlen = 0, .frags = {1448}});
  __skb_header_release(a);  // skb_entail
  ExpectClean(a);
  sk_buff* b = skb_clone(a, GFP_ATOMIC);  // tcp_transmit_skb
  EXPECT_EQ(Dataref(a), 0x10002);
  skb_push(b, 32);
  skb_push(b, 20);
  skb_push(b, 14);
  ExpectClean(a);
  ExpectClean(b);
  EXPECT_THAT(skb::CheckClonePair(a, b, kStrict), IsClean());
  kfree_skb(b);
  ExpectClean(a);
  kfree_skb(a);
}

TEST_P(LegalSequences, HeadFragSkb) {
  if (!profile().has_head_frag) GTEST_SKIP() << "no head_frag before 3.5";
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode on(true);
  skb::SetCheckedModeStrictness(kStrict);
  sk_buff* skb = netdev_alloc_skb(nullptr, 1000);
  ASSERT_TRUE(skb->head_frag);
  skb_put_zero(skb, 100);
  page* pg = alloc_page(GFP_ATOMIC);
  skb_add_rx_frag(skb, 0, pg, 0, 500, PAGE_SIZE);
  ExpectClean(skb);
  sk_buff* c = skb_clone(skb, GFP_ATOMIC);
  ExpectClean(c);
  kfree_skb(c);
  kfree_skb(skb);
}

// DISABLED until fixed: __pskb_pull_tail (nonlinear.cc, "l->next = nullptr")
// and ___pskb_trim (nonlinear.cc, "frag->next = nullptr") clear the next link
// of a frag_list member they drop, even when the member is shared with another
// skb's frag_list (after pskb_expand_head / pskb_copy took a user on it). The
// kernel never writes a dropped member's next (consume_skb(list) only). The
// peer's frag_list is truncated: its data_len no longer matches (S4) and the
// members past the cut leak.
TEST_P(LegalSequences, PeerFragListSurvivesLinearizeAndTrim) {
  skb::ScopedProfile sp(profile());
  skb::ScopedCheckedMode off(false);  // the peer is broken before anyone calls libskb on it
  for (bool trim : {false, true}) {
    SCOPED_TRACE(trim ? "pskb_trim" : "skb_linearize");
    sk_buff* a = Build(GeometryOf(Shape::kFragList));
    sk_buff* b = skb_clone(a, GFP_ATOMIC);
    ASSERT_EQ(trim ? pskb_trim(a, a->len - 7) : skb_linearize(a), 0);
    EXPECT_THAT(skb::Check(b), IsClean());
    kfree_skb(a);
    kfree_skb(b);
  }
}

SKB_INSTANTIATE_PER_PROFILE(LegalSequences);

}  // namespace
}  // namespace skb_test
