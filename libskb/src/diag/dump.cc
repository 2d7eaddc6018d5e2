// libskb: the two dumps kernel engineers read (skb/dump.h).
//
// CrashDump*: what the crash utility prints for `struct sk_buff <addr>` and
// `struct skb_shared_info <addr>`. crash pretty-prints with gdb, after setting
// (crash-utility/crash gdb_interface.c, gdb_session_init()):
//   prettyprint_structs = 1, repeat_count_threshold = 0x7fffffff (never
//   "<repeats N times>"), print_max = 256 (strings stop after 256 chars, then
//   "..."), stop_print_at_null off (char arrays are printed whole, gdb drops a
//   single trailing NUL).
// The member lines follow the active profile's struct:
//   2.6.32  the RHEL6 2.6.32-504 order of the vmcore in seeds/001 (sk_buff and
//           skb_shared_info, dataref first);
//   3.10    upstream v3.10 include/linux/skbuff.h (AndreiLux/ref-3.10);
//   5.10    libskb's struct (the 6.12 order) less the members 5.10 lacks
//           (pp_recycle v5.14, alloc_cpu v5.19, unreadable v6.12,
//           xdp_frags_size v5.18), shinfo byte 0 named __unused and frags as
//           bio_vec {bv_page, bv_len, bv_offset};
//   6.12    libskb's struct, frags as {netmem, len, offset}.
// Only members libskb stores are printed (renamed to the profile's spelling:
// _skb_dst, local_df, iif, rxhash, l4_rxhash, nfct/nfctinfo from _nfct, the
// RHEL6 tx_flags bit names); members libskb does not model (sp, nf_trace,
// tc_verd, ip6_frag_id, syststamp, the kmemcheck flags*_begin markers, ...)
// are left out rather than printed with an invented value. Union aliases of a
// stored member (dma_cookie, dropcount, dev_scratch, ...) are printed, as gdb
// does, from the same bytes. Anonymous wrappers libskb does not have (6.12's
// struct_group(headers), the rbnode/list union around next/prev) are
// flattened. In 2.6.32 and 3.10 the header offsets are 32-bit
// sk_buff_data_t, so libskb's u16 "unset" value 0xffff prints as 4294967295.
// frags[] is printed whole (MAX_SKB_FRAGS entries of the profile), as crash
// does: stale entries past nr_frags are evidence (seed 001's frags[0]).
//
// SkbDump: net/core/skbuff.c skb_dump(), verbatim formats:
//   5.10 format (used for every profile before 6.10; skb_dump() exists from
//   v5.4, the 2.6.32 and 3.10 profiles print it too): Rtoax/linux-5.10.13
//   net/core/skbuff.c, with the stable fix "net: Fix double 0x prefix print in
//   SKB dump" (upstream 8a03ef676ade, in 5.10.88): "feat=%pNF";
//   6.12 format: "net: display more skb fields in skb_dump()" (Eric Dumazet,
//   v6.10: mac_len, csum start/offset, priority/mark/alloc_cpu/vlan_all,
//   encapsulation/inner) and "net: support non paged skb frags" (v6.12:
//   "skb frag %d: not readable").
// The printk level is not printed. Lines are newline-terminated. Header-only
// dumps (full_pkt false) stop after MAX_HEADER + 128 = 304 bytes (a
// distribution x86_64 config). libskb has no csum_complete_sw bit (printed
// as 0) and no struct sock (the sk line prints "family=? type=? proto=?"
// without following skb->sk); skb->dev is read only if it points to mapped,
// unpoisoned memory.
//
// Neither dump trusts the skb: the sk_buff must be live in libskb's registry,
// the shared info is read only if all of it lies inside the live head
// allocation (or the live page of a head_frag head), hex dumps only read
// bytes inside a live head or page, and pointers found in the shared info
// (frag_list, pages) are printed as numbers, never followed, except by
// SkbDump's frag_list walk, which follows only live sk_buffs.
#include "skb/dump.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <linux/skbuff.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "internal.h"
#include "skb/memory.h"
#include "skb/profile.h"

// Provided by the sanitizer runtimes; absent otherwise (see history.cc).
extern "C" void __sanitizer_symbolize_pc(void* pc, const char* fmt, char* out_buf, size_t out_buf_size)
    __attribute__((weak));
extern "C" void* __asan_region_is_poisoned(void* beg, size_t size) __attribute__((weak));

namespace skb {
namespace {

using internal::Format;

// ---------------------------------------------------------------------------
// Guarded memory access.

uintptr_t Addr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

// The live allocation (head or page) containing p: [*start, *start + *size).
bool FindAllocation(uintptr_t p, uintptr_t* start, size_t* size) {
  const unsigned char* s = nullptr;
  size_t n = 0;
  if (FindHead(reinterpret_cast<const void*>(p), &s, &n)) {
    *start = Addr(s);
    *size = n;
    return true;
  }
  page* pg = virt_to_head_page(reinterpret_cast<const void*>(p));
  if (pg != nullptr && IsLivePage(pg)) {
    *start = Addr(page_address(pg));
    *size = page_size(pg);
    return p >= *start && p - *start < *size;
  }
  return false;
}

// [p, p + len) lies inside one live head allocation or one live page.
bool Readable(uintptr_t p, size_t len) {
  uintptr_t start = 0;
  size_t size = 0;
  if (!FindAllocation(p, &start, &size)) return false;
  return len <= size - (p - start);
}

// For pointers libskb has no registry of (struct net_device): mapped, not
// poisoned by ASan, aligned. Weaker than Readable(), enough not to fault on
// a wild or freed pointer.
bool PlausiblyReadable(uintptr_t p, size_t len, size_t align) {
  if (p == 0 || p % align != 0 || p + len < p) return false;
  if (Readable(p, len)) return true;
  const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const uintptr_t first = p & ~(page - 1);
  const uintptr_t last = (p + len - 1) & ~(page - 1);
  std::vector<unsigned char> vec((last - first) / page + 1);
  if (mincore(reinterpret_cast<void*>(first), last - first + page, vec.data()) != 0) return false;
  if (&__asan_region_is_poisoned != nullptr && __asan_region_is_poisoned(reinterpret_cast<void*>(p), len) != nullptr)
    return false;
  return true;
}

// The shared info at head + end, or nullptr if any of it lies outside the
// head allocation (or the head page).
const skb_shared_info* Shinfo(const sk_buff* skb) {
  const uintptr_t sh = Addr(skb->head) + skb->end;
  if (skb->head == nullptr || sh < Addr(skb->head)) return nullptr;
  if (sh % alignof(skb_shared_info) != 0) return nullptr;
  if (!Readable(sh, sizeof(skb_shared_info))) return nullptr;
  return reinterpret_cast<const skb_shared_info*>(sh);
}

std::string Ptr(uintptr_t v) { return v == 0 ? std::string("0x0") : Format("0x%lx", static_cast<unsigned long>(v)); }
std::string Ptr(const void* p) { return Ptr(Addr(p)); }

// One line, without its newline.
std::string ShinfoNote(const sk_buff* skb) {
  const uintptr_t sh = Addr(skb->head) + skb->end;
  return Format("libskb: skb_shared_info at %s (head %s + end %u) lies outside the head allocation; not read",
                Ptr(sh).c_str(), Ptr(skb->head).c_str(), skb->end);
}

std::string NotLiveNote(const void* skb) {
  return Format("libskb: %s is not a live sk_buff (never allocated by libskb, or already freed); not dumped\n",
                Ptr(skb).c_str());
}

// ---------------------------------------------------------------------------
// gdb value formatting.

// One character as gdb's print_wchar() writes it inside `quoter` quotes.
void EmitChar(std::string* out, unsigned char c, char quoter) {
  switch (c) {
    case '\a': *out += "\\a"; return;
    case '\b': *out += "\\b"; return;
    case '\f': *out += "\\f"; return;
    case '\n': *out += "\\n"; return;
    case '\r': *out += "\\r"; return;
    case '\t': *out += "\\t"; return;
    case '\v': *out += "\\v"; return;
    default: break;
  }
  if (c >= 0x20 && c < 0x7f) {
    if (c == '\\' || c == static_cast<unsigned char>(quoter)) *out += '\\';
    *out += static_cast<char>(c);
    return;
  }
  *out += Format("\\%03o", c);
}

// A __u8 / unsigned char member: `1 '\001'`.
std::string U8(unsigned v) {
  std::string s = Format("%u '", v & 0xffu);
  EmitChar(&s, static_cast<unsigned char>(v), '\'');
  s += '\'';
  return s;
}

std::string Dec(unsigned long long v) { return Format("%llu", v); }
std::string SDec(long long v) { return Format("%lld", v); }

// A char array: the whole array, less one trailing NUL (gdb's printstr).
std::string CharArray(const char* a, size_t n) {
  if (n > 256) n = 256;
  if (n > 0 && a[n - 1] == '\0') --n;
  std::string s = "\"";
  for (size_t i = 0; i < n; i++) EmitChar(&s, static_cast<unsigned char>(a[i]), '"');
  s += '"';
  return s;
}

// An unsigned char pointer: the address, then the string it points to, read
// up to a NUL or print_max (256) characters, inside its live allocation only.
std::string CharPtr(const unsigned char* p) {
  const uintptr_t a = Addr(p);
  if (a == 0) return "0x0";
  uintptr_t start = 0;
  size_t size = 0;
  if (!FindAllocation(a, &start, &size))
    return Format("%s <error: Cannot access memory at address %s>", Ptr(a).c_str(), Ptr(a).c_str());
  const size_t avail = size - (a - start);
  std::string s = Ptr(a) + " \"";
  size_t i = 0;
  for (; i < avail && i < 256 && p[i] != '\0'; i++) EmitChar(&s, p[i], '"');
  s += '"';
  if (i < avail ? p[i] != '\0' : true) s += "...";
  return s;
}

// A function pointer: `0x... <symbol>`, or `<symbol+off>` for an address
// inside a function, as gdb prints it; the bare address if nothing names it.
std::string FuncPtr(const void* f) {
  if (f == nullptr) return "0x0";
  std::string s = Ptr(f);
  Dl_info info;
  if (dladdr(f, &info) != 0 && info.dli_sname != nullptr && info.dli_saddr != nullptr) {
    const uintptr_t off = Addr(f) - Addr(info.dli_saddr);
    return off == 0 ? Format("%s <%s>", s.c_str(), info.dli_sname)
                    : Format("%s <%s+%lu>", s.c_str(), info.dli_sname, static_cast<unsigned long>(off));
  }
  if (&__sanitizer_symbolize_pc != nullptr) {
    char buf[256];
    buf[0] = '\0';
    __sanitizer_symbolize_pc(const_cast<void*>(f), "%f", buf, sizeof(buf));
    if (buf[0] != '\0' && std::strstr(buf, "??") == nullptr && std::strstr(buf, "<null>") == nullptr)
      return Format("%s <%s>", s.c_str(), buf);
  }
  return s;
}

// ---------------------------------------------------------------------------
// A gdb-style value tree and its pretty-printer.

struct Node {
  enum Kind { kScalar, kStruct, kStructArray };
  Kind kind = kScalar;
  std::string name;   // empty: an anonymous struct/union member
  std::string value;  // kScalar
  std::vector<Node> kids;  // kStruct: members; kStructArray: elements (kStruct)
};

Node V(std::string name, std::string value) { return Node{Node::kScalar, std::move(name), std::move(value), {}}; }
Node S(std::string name, std::vector<Node> kids) { return Node{Node::kStruct, std::move(name), {}, std::move(kids)}; }
Node Anon(std::vector<Node> kids) { return S("", std::move(kids)); }
Node Array(std::string name, std::vector<Node> elems) {
  return Node{Node::kStructArray, std::move(name), {}, std::move(elems)};
}

void Render(const Node& n, int indent, std::string* out);

void RenderMembers(const std::vector<Node>& kids, int indent, std::string* out) {
  for (size_t i = 0; i < kids.size(); i++) {
    Render(kids[i], indent, out);
    *out += i + 1 < kids.size() ? ", \n" : "\n";
  }
}

void Render(const Node& n, int indent, std::string* out) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  switch (n.kind) {
    case Node::kScalar:
      *out += pad + n.name + " = " + n.value;
      return;
    case Node::kStruct:
      *out += pad + (n.name.empty() ? "{\n" : n.name + " = {\n");
      RenderMembers(n.kids, indent + 2, out);
      *out += pad + "}";
      return;
    case Node::kStructArray:
      // gdb: `frags = {{` members at indent + 4 `}, {` ... `}}`.
      *out += pad + n.name + " = {";
      for (size_t i = 0; i < n.kids.size(); i++) {
        *out += i == 0 ? "{\n" : pad + "  }, {\n";
        RenderMembers(n.kids[i].kids, indent + 4, out);
      }
      *out += n.kids.empty() ? "}" : pad + "  }}";
      return;
  }
}

std::string RenderRoot(const char* type, const std::vector<Node>& members) {
  std::string out = Format("struct %s {\n", type);
  RenderMembers(members, 2, &out);
  out += "}\n";
  return out;
}

// ---------------------------------------------------------------------------
// struct sk_buff, per profile.

enum class Layout { k2632, k310, k510, k612 };

Layout ActiveLayout() {
  const Profile& p = Active();
  if (!p.AtLeast(3, 0)) return Layout::k2632;
  if (!p.AtLeast(3, 11)) return Layout::k310;
  if (!p.AtLeast(6, 0)) return Layout::k510;
  return Layout::k612;
}

// 2.6.32/3.10 header offsets are u32 sk_buff_data_t: libskb's unset (u16)~0
// is the kernel's ~0U.
std::string Hdr32(__u16 v) { return v == 0xffff ? std::string("4294967295") : Dec(v); }

Node CsumUnion(const sk_buff* skb) {
  return Anon({V("csum", Dec(skb->csum)),
               Anon({V("csum_start", Dec(skb->csum_start)), V("csum_offset", Dec(skb->csum_offset))})});
}

Node Ktime(const char* name, ktime_t t) { return S(name, {V("tv64", SDec(t))}); }

// _nfct keeps the conntrack pointer with nfctinfo in its low 3 bits (4.11+);
// older kernels had the two as separate members.
std::string Nfct(const sk_buff* skb) { return Ptr(static_cast<uintptr_t>(skb->_nfct & ~7UL)); }
std::string Nfctinfo(const sk_buff* skb) { return U8(static_cast<unsigned>(skb->_nfct & 7UL)); }

std::vector<Node> SkbMembers2632(const sk_buff* skb) {
  return {
      V("next", Ptr(skb->next)),
      V("prev", Ptr(skb->prev)),
      V("sk", Ptr(skb->sk)),
      Ktime("tstamp", skb->tstamp),
      V("dev", Ptr(skb->dev)),
      V("_skb_dst", Dec(skb->_skb_refdst)),
      V("cb", CharArray(skb->cb, sizeof(skb->cb))),
      V("len", Dec(skb->len)),
      V("data_len", Dec(skb->data_len)),
      V("mac_len", Dec(skb->mac_len)),
      V("hdr_len", Dec(skb->hdr_len)),
      CsumUnion(skb),
      V("priority", Dec(skb->priority)),
      V("local_df", U8(skb->ignore_df)),
      V("cloned", U8(skb->cloned)),
      V("ip_summed", U8(skb->ip_summed)),
      V("nohdr", U8(skb->nohdr)),
      V("nfctinfo", Nfctinfo(skb)),
      V("pkt_type", U8(skb->pkt_type)),
      V("fclone", U8(skb->fclone)),
      V("ipvs_property", U8(skb->ipvs_property)),
      V("peeked", U8(skb->peeked)),
      V("protocol", Dec(skb->protocol)),
      V("destructor", FuncPtr(reinterpret_cast<const void*>(skb->destructor))),
      V("nfct", Nfct(skb)),
      V("iif", SDec(skb->skb_iif)),
      V("tc_index", Dec(skb->tc_index)),
      V("queue_mapping", Dec(skb->queue_mapping)),
      V("ooo_okay", U8(skb->ooo_okay)),
      V("encapsulation", U8(skb->encapsulation)),
      Anon({V("napi_id", Dec(skb->napi_id)), V("dma_cookie", SDec(static_cast<int>(skb->napi_id)))}),
      V("secmark", Dec(skb->secmark)),
      Anon({V("mark", Dec(skb->mark)), V("dropcount", Dec(skb->mark))}),
      V("vlan_tci", Dec(skb->vlan_tci)),
      V("rxhash", Dec(skb->hash)),
      V("transport_header", Hdr32(skb->transport_header)),
      V("network_header", Hdr32(skb->network_header)),
      V("mac_header", Hdr32(skb->mac_header)),
      V("tail", Dec(skb->tail)),
      V("end", Dec(skb->end)),
      V("head", CharPtr(skb->head)),
      V("data", CharPtr(skb->data)),
      V("truesize", Dec(skb->truesize)),
      S("users", {V("counter", SDec(skb->users.refs.counter))}),
  };
}

std::vector<Node> SkbMembers310(const sk_buff* skb) {
  return {
      V("next", Ptr(skb->next)),
      V("prev", Ptr(skb->prev)),
      Ktime("tstamp", skb->tstamp),
      V("sk", Ptr(skb->sk)),
      V("dev", Ptr(skb->dev)),
      V("cb", CharArray(skb->cb, sizeof(skb->cb))),
      V("_skb_refdst", Dec(skb->_skb_refdst)),
      V("len", Dec(skb->len)),
      V("data_len", Dec(skb->data_len)),
      V("mac_len", Dec(skb->mac_len)),
      V("hdr_len", Dec(skb->hdr_len)),
      CsumUnion(skb),
      V("priority", Dec(skb->priority)),
      V("local_df", U8(skb->ignore_df)),
      V("cloned", U8(skb->cloned)),
      V("ip_summed", U8(skb->ip_summed)),
      V("nohdr", U8(skb->nohdr)),
      V("nfctinfo", Nfctinfo(skb)),
      V("pkt_type", U8(skb->pkt_type)),
      V("fclone", U8(skb->fclone)),
      V("ipvs_property", U8(skb->ipvs_property)),
      V("peeked", U8(skb->peeked)),
      V("protocol", Dec(skb->protocol)),
      V("destructor", FuncPtr(reinterpret_cast<const void*>(skb->destructor))),
      V("nfct", Nfct(skb)),
      V("skb_iif", SDec(skb->skb_iif)),
      V("rxhash", Dec(skb->hash)),
      V("vlan_proto", Dec(skb->vlan_proto)),
      V("vlan_tci", Dec(skb->vlan_tci)),
      V("tc_index", Dec(skb->tc_index)),
      V("queue_mapping", Dec(skb->queue_mapping)),
      V("pfmemalloc", U8(skb->pfmemalloc)),
      V("ooo_okay", U8(skb->ooo_okay)),
      V("l4_rxhash", U8(skb->l4_hash)),
      V("wifi_acked_valid", U8(skb->wifi_acked_valid)),
      V("wifi_acked", U8(skb->wifi_acked)),
      V("no_fcs", U8(skb->no_fcs)),
      V("head_frag", U8(skb->head_frag)),
      V("encapsulation", U8(skb->encapsulation)),
      V("secmark", Dec(skb->secmark)),
      Anon({V("mark", Dec(skb->mark)), V("dropcount", Dec(skb->mark)), V("reserved_tailroom", Dec(skb->mark))}),
      V("inner_transport_header", Hdr32(skb->inner_transport_header)),
      V("inner_network_header", Hdr32(skb->inner_network_header)),
      V("inner_mac_header", Hdr32(skb->inner_mac_header)),
      V("transport_header", Hdr32(skb->transport_header)),
      V("network_header", Hdr32(skb->network_header)),
      V("mac_header", Hdr32(skb->mac_header)),
      V("tail", Dec(skb->tail)),
      V("end", Dec(skb->end)),
      V("head", CharPtr(skb->head)),
      V("data", CharPtr(skb->data)),
      V("truesize", Dec(skb->truesize)),
      S("users", {V("counter", SDec(skb->users.refs.counter))}),
  };
}

// 5.10 and 6.12: libskb's own member order (it follows 6.12).
std::vector<Node> SkbMembers612(const sk_buff* skb, bool is_510) {
  std::vector<Node> m = {
      V("next", Ptr(skb->next)),
      V("prev", Ptr(skb->prev)),
      Anon({V("dev", Ptr(skb->dev)), V("dev_scratch", Dec(skb->dev_scratch))}),
      V("sk", Ptr(skb->sk)),
      V("tstamp", SDec(skb->tstamp)),
      V("cb", CharArray(skb->cb, sizeof(skb->cb))),
      V("_skb_refdst", Dec(skb->_skb_refdst)),
      V("destructor", FuncPtr(reinterpret_cast<const void*>(skb->destructor))),
      V("_nfct", Dec(skb->_nfct)),
      V("len", Dec(skb->len)),
      V("data_len", Dec(skb->data_len)),
      V("mac_len", Dec(skb->mac_len)),
      V("hdr_len", Dec(skb->hdr_len)),
      V("queue_mapping", Dec(skb->queue_mapping)),
      V("cloned", U8(skb->cloned)),
      V("nohdr", U8(skb->nohdr)),
      V("fclone", U8(skb->fclone)),
      V("peeked", U8(skb->peeked)),
      V("head_frag", U8(skb->head_frag)),
      V("pfmemalloc", U8(skb->pfmemalloc)),
  };
  if (!is_510) m.push_back(V("pp_recycle", U8(skb->pp_recycle)));
  std::vector<Node> rest = {
      V("active_extensions", U8(skb->active_extensions)),
      V("pkt_type", U8(skb->pkt_type)),
      V("ignore_df", U8(skb->ignore_df)),
      V("dst_pending_confirm", U8(skb->dst_pending_confirm)),
      V("ip_summed", U8(skb->ip_summed)),
      V("ooo_okay", U8(skb->ooo_okay)),
      V("l4_hash", U8(skb->l4_hash)),
      V("sw_hash", U8(skb->sw_hash)),
      V("wifi_acked_valid", U8(skb->wifi_acked_valid)),
      V("wifi_acked", U8(skb->wifi_acked)),
      V("no_fcs", U8(skb->no_fcs)),
      V("encapsulation", U8(skb->encapsulation)),
      V("encap_hdr_csum", U8(skb->encap_hdr_csum)),
      V("csum_valid", U8(skb->csum_valid)),
      V("csum_level", U8(skb->csum_level)),
      V("csum_not_inet", U8(skb->csum_not_inet)),
      V("ipvs_property", U8(skb->ipvs_property)),
      V("inner_protocol_type", U8(skb->inner_protocol_type)),
      V("remcsum_offload", U8(skb->remcsum_offload)),
  };
  m.insert(m.end(), rest.begin(), rest.end());
  if (!is_510) m.push_back(V("unreadable", U8(skb->unreadable)));
  m.push_back(V("decrypted", U8(skb->decrypted)));
  m.push_back(V("tc_index", Dec(skb->tc_index)));
  if (!is_510) m.push_back(V("alloc_cpu", Dec(skb->alloc_cpu)));
  rest = {
      CsumUnion(skb),
      V("priority", Dec(skb->priority)),
      V("skb_iif", SDec(skb->skb_iif)),
      V("hash", Dec(skb->hash)),
      V("vlan_proto", Dec(skb->vlan_proto)),
      V("vlan_tci", Dec(skb->vlan_tci)),
      Anon({V("napi_id", Dec(skb->napi_id)), V("sender_cpu", Dec(skb->napi_id))}),
      V("secmark", Dec(skb->secmark)),
      Anon({V("mark", Dec(skb->mark)), V("reserved_tailroom", Dec(skb->reserved_tailroom))}),
      Anon({V("inner_protocol", Dec(skb->inner_protocol)),
            V("inner_ipproto", U8(static_cast<unsigned>(skb->inner_protocol) & 0xff))}),
      V("inner_transport_header", Dec(skb->inner_transport_header)),
      V("inner_network_header", Dec(skb->inner_network_header)),
      V("inner_mac_header", Dec(skb->inner_mac_header)),
      V("protocol", Dec(skb->protocol)),
      V("transport_header", Dec(skb->transport_header)),
      V("network_header", Dec(skb->network_header)),
      V("mac_header", Dec(skb->mac_header)),
      V("tail", Dec(skb->tail)),
      V("end", Dec(skb->end)),
      V("head", CharPtr(skb->head)),
      V("data", CharPtr(skb->data)),
      V("truesize", Dec(skb->truesize)),
      S("users", {S("refs", {V("counter", SDec(skb->users.refs.counter))})}),
      V("extensions", Ptr(skb->extensions)),
  };
  m.insert(m.end(), rest.begin(), rest.end());
  return m;
}

// ---------------------------------------------------------------------------
// struct skb_shared_info, per profile.

unsigned FragsToPrint() { return std::min<unsigned>(Active().max_skb_frags, LIBSKB_FRAGS_CAPACITY); }

std::vector<Node> Frags(const skb_shared_info* sh, Layout layout) {
  std::vector<Node> elems;
  for (unsigned i = 0; i < FragsToPrint(); i++) {
    const skb_frag_t& f = sh->frags[i];
    switch (layout) {
      case Layout::k2632:
        elems.push_back(Anon({V("page", Ptr(f.netmem)), V("page_offset", Dec(f.offset)), V("size", Dec(f.len))}));
        break;
      case Layout::k310:
        elems.push_back(Anon({S("page", {V("p", Ptr(f.netmem))}), V("page_offset", Dec(f.offset)),
                              V("size", Dec(f.len))}));
        break;
      case Layout::k510:
        elems.push_back(Anon({V("bv_page", Ptr(f.netmem)), V("bv_len", Dec(f.len)), V("bv_offset", Dec(f.offset))}));
        break;
      case Layout::k612:
        elems.push_back(Anon({V("netmem", Dec(f.netmem)), V("len", Dec(f.len)), V("offset", Dec(f.offset))}));
        break;
    }
  }
  return elems;
}

Node Dataref(const skb_shared_info* sh) { return S("dataref", {V("counter", SDec(sh->dataref.counter))}); }

std::vector<Node> ShinfoMembers(const skb_shared_info* sh, Layout layout) {
  switch (layout) {
    case Layout::k2632: {
      // RHEL6 union skb_shared_tx: one bit per flag, then the whole byte.
      const unsigned tx = sh->tx_flags;
      Node tx_flags = S("tx_flags", {Anon({V("hardware", U8(tx & 1)), V("software", U8((tx >> 1) & 1)),
                                           V("in_progress", U8((tx >> 2) & 1)), V("reserved", U8((tx >> 3) & 1)),
                                           V("dev_zerocopy", U8((tx >> 4) & 1)),
                                           V("shared_frag", U8((tx >> 5) & 1))}),
                                     V("flags", U8(tx))});
      return {Dataref(sh),
              V("nr_frags", Dec(sh->nr_frags)),
              V("gso_size", Dec(sh->gso_size)),
              V("gso_segs", Dec(sh->gso_segs)),
              V("gso_type", Dec(sh->gso_type)),
              tx_flags,
              V("frag_list", Ptr(sh->frag_list)),
              S("hwtstamps", {Ktime("hwtstamp", sh->hwtstamps.hwtstamp)}),
              Array("frags", Frags(sh, layout)),
              V("destructor_arg", Ptr(sh->destructor_arg))};
    }
    case Layout::k310:
      return {V("nr_frags", U8(sh->nr_frags)),
              V("tx_flags", U8(sh->tx_flags)),
              V("gso_size", Dec(sh->gso_size)),
              V("gso_segs", Dec(sh->gso_segs)),
              V("gso_type", Dec(sh->gso_type)),
              V("frag_list", Ptr(sh->frag_list)),
              S("hwtstamps", {Ktime("hwtstamp", sh->hwtstamps.hwtstamp)}),
              Dataref(sh),
              V("destructor_arg", Ptr(sh->destructor_arg)),
              Array("frags", Frags(sh, layout))};
    case Layout::k510:
    case Layout::k612: {
      const bool is_510 = layout == Layout::k510;
      std::vector<Node> m = {V(is_510 ? "__unused" : "flags", U8(sh->flags)),
                             V("meta_len", U8(sh->meta_len)),
                             V("nr_frags", U8(sh->nr_frags)),
                             V("tx_flags", U8(sh->tx_flags)),
                             V("gso_size", Dec(sh->gso_size)),
                             V("gso_segs", Dec(sh->gso_segs)),
                             V("frag_list", Ptr(sh->frag_list)),
                             S("hwtstamps", {V("hwtstamp", SDec(sh->hwtstamps.hwtstamp))}),
                             V("gso_type", Dec(sh->gso_type)),
                             V("tskey", Dec(sh->tskey)),
                             Dataref(sh)};
      if (!is_510) m.push_back(V("xdp_frags_size", Dec(sh->xdp_frags_size)));
      m.push_back(V("destructor_arg", Ptr(sh->destructor_arg)));
      m.push_back(Array("frags", Frags(sh, layout)));
      return m;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// skb_dump().

// MAX_HEADER of a distribution x86_64 config: LL_MAX_HEADER 128
// (CONFIG_HYPERV_NET) + 48 (IPIP/GRE/SIT tunnels), include/linux/netdevice.h.
constexpr int kMaxHeader = 128 + 48;
// frag_list members followed before giving up (the kernel has no bound).
constexpr int kMaxFraglist = 64;
constexpr int kMaxDepth = 8;

// a - b with the kernel's wrapping int arithmetic.
int Sub(int a, int b) { return static_cast<int>(static_cast<unsigned>(a) - static_cast<unsigned>(b)); }

// print_hex_dump(level, prefix, DUMP_PREFIX_OFFSET, 16, 1, buf, len, false):
// rows of 16 bytes, "%s%.8x: " then the bytes as "%02x" separated by spaces.
// A negative length (data before head, tail past end) would make the kernel
// read far out of bounds; here it is reported.
void HexDump(std::string* out, const char* prefix, uintptr_t p, long long len) {
  if (len == 0) return;
  if (len < 0) {
    *out += Format("%slibskb: length %lld is negative; not dumped\n", prefix, len);
    return;
  }
  if (!Readable(p, static_cast<size_t>(len))) {
    *out += Format("%slibskb: [%s, +%lld) is not inside a live head or page; not dumped\n", prefix,
                   Ptr(p).c_str(), len);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  for (long long i = 0; i < len; i += 16) {
    std::string line = Format("%s%.8llx: ", prefix, static_cast<unsigned long long>(i));
    for (long long j = i; j < len && j < i + 16; j++) {
      if (j != i) line += ' ';
      line += kHex[b[j] >> 4];
      line += kHex[b[j] & 0xf];
    }
    line += '\n';
    *out += line;
  }
}

void DumpOne(const sk_buff* skb, bool full_pkt, int depth, std::string* out) {
  if (!IsLiveSkb(skb)) {
    *out += NotLiveNote(skb);
    return;
  }
  const bool v610 = Active().AtLeast(6, 10);
  const skb_shared_info* sh = Shinfo(skb);

  int len = full_pkt ? static_cast<int>(skb->len) : std::min(static_cast<int>(skb->len), kMaxHeader + 128);
  const int headroom = static_cast<int>(Addr(skb->data) - Addr(skb->head));
  const int tailroom = skb->data_len ? 0 : static_cast<int>(skb->end - skb->tail);
  const int headlen = static_cast<int>(skb->len - skb->data_len);
  const bool has_mac = skb->mac_header != static_cast<__u16>(~0U);
  const bool has_trans = skb->transport_header != static_cast<__u16>(~0U);
  const int mac = has_mac ? skb->mac_header : -1;
  const int mac_hlen = has_mac ? static_cast<int>(static_cast<u32>(skb->network_header - skb->mac_header)) : -1;
  const int net_hlen = has_trans ? static_cast<int>(static_cast<u32>(skb->transport_header - skb->network_header)) : -1;
  const int trans = has_trans ? skb->transport_header : -1;

  *out += Format("skb len=%u headroom=%u headlen=%u tailroom=%u\n", skb->len, static_cast<unsigned>(headroom),
                 static_cast<unsigned>(headlen), static_cast<unsigned>(tailroom));
  if (v610)
    *out += Format("mac=(%d,%d) mac_len=%u net=(%d,%d) trans=%d\n", mac, mac_hlen, skb->mac_len,
                   skb->network_header, net_hlen, trans);
  else
    *out += Format("mac=(%d,%d) net=(%d,%d) trans=%d\n", mac, mac_hlen, skb->network_header, net_hlen, trans);
  if (sh != nullptr)
    *out += Format("shinfo(txflags=%u nr_frags=%u gso(size=%hu type=%u segs=%hu))\n", sh->tx_flags, sh->nr_frags,
                   sh->gso_size, sh->gso_type, sh->gso_segs);
  else
    *out += "shinfo(" + ShinfoNote(skb) + ")\n";
  // libskb has no csum_complete_sw bit: printed as 0.
  if (v610)
    *out += Format("csum(0x%x start=%u offset=%u ip_summed=%u complete_sw=%u valid=%u level=%u)\n", skb->csum,
                   skb->csum_start, skb->csum_offset, skb->ip_summed, 0u, skb->csum_valid, skb->csum_level);
  else
    *out += Format("csum(0x%x ip_summed=%u complete_sw=%u valid=%u level=%u)\n", skb->csum, skb->ip_summed, 0u,
                   skb->csum_valid, skb->csum_level);
  *out += Format("hash(0x%x sw=%u l4=%u) proto=0x%04x pkttype=%u iif=%d\n", skb->hash, skb->sw_hash, skb->l4_hash,
                 ntohs(skb->protocol), skb->pkt_type, skb->skb_iif);
  if (v610) {
    // vlan_all: the u32 union over {vlan_proto, vlan_tci} (little-endian).
    const u32 vlan_all = static_cast<u32>(skb->vlan_proto) | (static_cast<u32>(skb->vlan_tci) << 16);
    *out += Format("priority=0x%x mark=0x%x alloc_cpu=%u vlan_all=0x%x\n", skb->priority, skb->mark, skb->alloc_cpu,
                   vlan_all);
    *out += Format("encapsulation=%d inner(proto=0x%04x, mac=%u, net=%u, trans=%u)\n", skb->encapsulation,
                   skb->inner_protocol, skb->inner_mac_header, skb->inner_network_header, skb->inner_transport_header);
  }

  if (skb->dev != nullptr) {
    const uintptr_t d = Addr(skb->dev);
    if (PlausiblyReadable(d, sizeof(net_device), alignof(net_device))) {
      char name[IFNAMSIZ + 1] = {};
      std::memcpy(name, skb->dev->name, IFNAMSIZ);
      *out += Format("dev name=%s feat=0x%016llx\n", name, skb->dev->features);
    } else {
      *out += Format("dev name=? feat=? (libskb: dev %s is not readable)\n", Ptr(d).c_str());
    }
  }
  // libskb does not model struct sock: the pointer is not followed.
  if (skb->sk != nullptr) *out += "sk family=? type=? proto=?\n";

  if (full_pkt && headroom) HexDump(out, "skb headroom: ", Addr(skb->head), headroom);

  int seg_len = std::min(headlen, len);
  if (seg_len < 0) {
    *out += Format("skb linear:   libskb: headlen %d is negative (len %u < data_len %u); not dumped\n", seg_len,
                   skb->len, skb->data_len);
    seg_len = 0;
  }
  if (seg_len) HexDump(out, "skb linear:   ", Addr(skb->data), seg_len);
  len = Sub(len, seg_len);

  if (full_pkt && tailroom) HexDump(out, "skb tailroom: ", Addr(skb->head) + skb->tail, tailroom);

  if (sh != nullptr) {
    // The kernel's loop runs while len is non-zero (int arithmetic that wraps
    // on garbage sizes: kept wrapping here, -fwrapv as in the kernel).
    const int nr = std::min<int>(sh->nr_frags, LIBSKB_FRAGS_CAPACITY);
    for (int i = 0; len != 0 && i < nr; i++) {
      const skb_frag_t& f = sh->frags[i];
      if (v610 && (f.netmem & 1UL)) {  // skb_frag_is_net_iov()
        *out += Format("skb frag %d: not readable\n", i);
        len = Sub(len, static_cast<int>(f.len));
        if (!len) break;
        continue;
      }
      if (f.len == 0) continue;  // skb_frag_foreach_page() runs zero times
      seg_len = std::min(static_cast<int>(f.len), len);
      const auto* pg = reinterpret_cast<const page*>(f.netmem);
      if (IsLivePage(pg) && seg_len > 0 && static_cast<unsigned long>(f.offset) + seg_len <= page_size(pg)) {
        HexDump(out, "skb frag:     ", Addr(page_address(pg)) + f.offset, seg_len);
      } else {
        *out += Format("skb frag:     libskb: frag %d (page %s, offset %u, size %u) is not inside a live page; "
                       "not dumped\n",
                       i, Ptr(pg).c_str(), f.offset, f.len);
      }
      len = Sub(len, seg_len);
      if (!len) break;
    }
  }

  if (full_pkt && sh != nullptr && sh->frag_list != nullptr) {
    *out += "skb fraglist:\n";
    if (depth >= kMaxDepth) {
      *out += "libskb: frag_list nested too deep; not followed\n";
      return;
    }
    std::unordered_set<const sk_buff*> seen;
    int n = 0;
    for (const sk_buff* m = sh->frag_list; m != nullptr; n++) {
      if (n == kMaxFraglist || !seen.insert(m).second) {
        *out += Format("libskb: frag_list walk stopped after %d members (loop or too long)\n", n);
        break;
      }
      DumpOne(m, true, depth + 1, out);
      if (!IsLiveSkb(m)) break;  // its ->next cannot be trusted
      m = m->next;
    }
  }
}

}  // namespace

std::string CrashDumpSkb(const sk_buff* skb) {
  if (!IsLiveSkb(skb)) return NotLiveNote(skb);
  switch (ActiveLayout()) {
    case Layout::k2632: return RenderRoot("sk_buff", SkbMembers2632(skb));
    case Layout::k310: return RenderRoot("sk_buff", SkbMembers310(skb));
    case Layout::k510: return RenderRoot("sk_buff", SkbMembers612(skb, true));
    case Layout::k612: return RenderRoot("sk_buff", SkbMembers612(skb, false));
  }
  return {};
}

std::string CrashDumpShinfo(const sk_buff* skb) {
  if (!IsLiveSkb(skb)) return NotLiveNote(skb);
  const skb_shared_info* sh = Shinfo(skb);
  if (sh == nullptr) return ShinfoNote(skb) + "\n";
  return RenderRoot("skb_shared_info", ShinfoMembers(sh, ActiveLayout()));
}

std::string CrashDump(const sk_buff* skb) {
  std::string out = Format("crash> struct sk_buff %s\n", Ptr(skb).c_str());
  out += CrashDumpSkb(skb);
  if (!IsLiveSkb(skb)) return out;
  out += Format("crash> struct skb_shared_info %s\n", Ptr(Addr(skb->head) + skb->end).c_str());
  out += CrashDumpShinfo(skb);
  return out;
}

std::string SkbDump(const char* level, const sk_buff* skb, bool full_pkt) {
  (void)level;  // a printk level ("\0013"): not part of the logged text
  std::string out;
  DumpOne(skb, full_pkt, 0, &out);
  return out;
}

}  // namespace skb

// Models skb_dump() (net/core/skbuff.c, v5.4+): the log lines go to stderr.
extern "C" void skb_dump(const char* level, const struct sk_buff* skb, bool full_pkt) {
  std::string s = skb::SkbDump(level, skb, full_pkt);
  std::fputs(s.c_str(), stderr);
  std::fflush(stderr);
}
