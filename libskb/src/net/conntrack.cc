// libskb: the conntrack model (skb/conntrack.h): entries built from the
// packet as nf_conntrack_in() would classify it, attached at conntrack's
// hook points, reference counted like the kernel's struct nf_conn.
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include <climits>
#include <cstring>
#include <new>
#include <vector>

#include "internal.h"
#include "net/netfilter_internal.h"
#include "skb/conntrack.h"
#include "skb/profile.h"

namespace skb {
namespace {

thread_local CtChoice g_choice = CtChoice::kNone;
thread_local bool g_done = false;  // attached already for the packet in flight
int g_live = 0;
// The conntrack table's references: a confirmed entry outlives its packets
// (until it times out or the table is flushed: FlushConntrackTable).
std::vector<nf_conn*>& Table() {
  static auto* t = new std::vector<nf_conn*>();
  return *t;
}

void TableAdd(nf_conn* ct) {
  nf_conntrack_get(&ct->ct_general);
  Table().push_back(ct);
}

// The entry and the master of a RELATED one (which it references).
nf_conn* NewConn() {
  auto* ct = static_cast<nf_conn*>(::operator new(sizeof(nf_conn)));
  std::memset(static_cast<void*>(ct), 0, sizeof(*ct));
  refcount_set(&ct->ct_general.use, 1);
  ct->ct_net = &init_net;
  g_live++;
  return ct;
}

// nf_conntrack_invert_icmp_tuple()'s table (net/netfilter/
// nf_conntrack_proto_icmp.c, ..._icmpv6.c): a query's reply type; 0 means
// "no reply type" (the type is kept).
uint8_t InvertIcmpType(bool v6, uint8_t type) {
  if (v6) {
    switch (type) {
      case 128: return 129;  // ICMPV6_ECHO_REQUEST
      case 129: return 128;
      case 139: return 140;  // ICMPV6_NI_QUERY
      case 140: return 139;
      default: return type;
    }
  }
  switch (type) {
    case ICMP_ECHO: return ICMP_ECHOREPLY;
    case ICMP_ECHOREPLY: return ICMP_ECHO;
    case ICMP_TIMESTAMP: return ICMP_TIMESTAMPREPLY;
    case ICMP_TIMESTAMPREPLY: return ICMP_TIMESTAMP;
    case ICMP_INFO_REQUEST: return ICMP_INFO_REPLY;
    case ICMP_INFO_REPLY: return ICMP_INFO_REQUEST;
    case ICMP_ADDRESS: return ICMP_ADDRESSREPLY;
    case ICMP_ADDRESSREPLY: return ICMP_ADDRESS;
    default: return type;
  }
}

// nf_ct_invert_tuple(): source and destination swapped.
nf_conntrack_tuple Invert(const nf_conntrack_tuple& t, bool v6) {
  nf_conntrack_tuple r;
  std::memset(&r, 0, sizeof(r));
  r.src.l3num = t.src.l3num;
  r.src.u3 = t.dst.u3;
  r.dst.u3 = t.src.u3;
  r.dst.protonum = t.dst.protonum;
  const bool icmp = t.dst.protonum == (v6 ? int{IPPROTO_ICMPV6} : int{IPPROTO_ICMP});
  if (icmp) {
    r.src.u.icmp.id = t.src.u.icmp.id;
    r.dst.u.icmp.type = InvertIcmpType(v6, t.dst.u.icmp.type);
    r.dst.u.icmp.code = t.dst.u.icmp.code;
  } else {
    r.src.u.all = t.dst.u.all;
    r.dst.u.all = t.src.u.all;
  }
  return r;
}

// nf_ct_get_tuple() for the packet at skb's network header: the
// l3proto/l4proto pkt_to_tuple of the kernel, ports for the protocols that
// have them, ICMP id/type/code. A non-first IPv6 fragment or an L4 header
// past the packet leaves the L4 part 0.
nf_conntrack_tuple PacketTuple(const sk_buff* skb, bool* v6_out) {
  nf_conntrack_tuple t;
  std::memset(&t, 0, sizeof(t));
  uint8_t first;
  std::memcpy(&first, skb_network_header(skb), 1);
  const bool v6 = (first >> 4) == 6;
  *v6_out = v6;
  const int nhoff = skb_network_offset(skb);
  int l4off = -1;
  uint8_t proto = 0;
  if (v6) {
    ipv6hdr h;
    if (skb_copy_bits(skb, nhoff, &h, sizeof(h)) != 0) return t;
    t.src.l3num = NFPROTO_IPV6;
    std::memcpy(&t.src.u3.in6, &h.saddr, 16);
    std::memcpy(&t.dst.u3.in6, &h.daddr, 16);
    proto = h.nexthdr;
    __be16 frag_off = 0;
    l4off = libskb_ipv6_skip_exthdr(skb, nhoff + static_cast<int>(sizeof(h)), &proto, &frag_off);
    if (l4off >= 0 && (ntohs(frag_off) & ~0x7) != 0) l4off = -1;
  } else {
    iphdr h;
    if (skb_copy_bits(skb, nhoff, &h, sizeof(h)) != 0) return t;
    t.src.l3num = NFPROTO_IPV4;
    t.src.u3.ip = h.saddr;
    t.dst.u3.ip = h.daddr;
    proto = h.protocol;
    l4off = (ntohs(h.frag_off) & IP_OFFSET) != 0 ? -1 : nhoff + h.ihl * 4;
  }
  t.dst.protonum = proto;
  if (l4off < 0) return t;
  uint8_t l4[8];
  if (skb_copy_bits(skb, l4off, l4, sizeof(l4)) != 0) return t;
  if (proto == (v6 ? int{IPPROTO_ICMPV6} : int{IPPROTO_ICMP})) {
    t.dst.u.icmp.type = l4[0];
    t.dst.u.icmp.code = l4[1];
    std::memcpy(&t.src.u.icmp.id, l4 + 4, 2);
  } else if (proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP ||
             proto == IPPROTO_DCCP) {
    std::memcpy(&t.src.u.all, l4, 2);
    std::memcpy(&t.dst.u.all, l4 + 2, 2);
  }
  return t;
}

void SetTuples(nf_conn* ct, const nf_conntrack_tuple& orig, bool v6) {
  ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple = orig;
  ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple.dst.dir = IP_CT_DIR_ORIGINAL;
  ct->tuplehash[IP_CT_DIR_REPLY].tuple = Invert(orig, v6);
  ct->tuplehash[IP_CT_DIR_REPLY].tuple.dst.dir = IP_CT_DIR_REPLY;
}

}  // namespace

const char* CtChoiceName(CtChoice c) {
  switch (c) {
    case CtChoice::kNone: return "none";
    case CtChoice::kNew: return "NEW";
    case CtChoice::kEstablished: return "ESTABLISHED";
    case CtChoice::kRelated: return "RELATED";
    case CtChoice::kEstablishedReply: return "ESTABLISHED_REPLY";
    case CtChoice::kRelatedReply: return "RELATED_REPLY";
    case CtChoice::kUntracked: return "UNTRACKED";
    case CtChoice::kCount: break;
  }
  return "?";
}

ScopedConntrackChoice::ScopedConntrackChoice(CtChoice c) : saved_(g_choice), saved_done_(g_done) {
  g_choice = c;
  g_done = false;
}

ScopedConntrackChoice::~ScopedConntrackChoice() {
  g_choice = saved_;
  g_done = saved_done_;
}

int LiveConntrackEntries() { return g_live; }

void FlushConntrackTable() {
  std::vector<nf_conn*> t;
  t.swap(Table());
  for (nf_conn* ct : t) nf_conntrack_put(&ct->ct_general);
}

// Models what nf_conntrack_in() (net/netfilter/nf_conntrack_core.c) leaves
// in skb->_nfct for a packet of that classification.
nf_conn* AttachConntrack(sk_buff* skb, CtChoice c) {
  nf_conntrack_put(skb_nfct(skb));
  skb->_nfct = 0;
  if (c == CtChoice::kNone) return nullptr;
  if (c == CtChoice::kUntracked) {
    // v4.12+: no template entry any more, only the ctinfo.
    skb->_nfct = IP_CT_UNTRACKED;
    return nullptr;
  }
  bool v6 = false;
  const nf_conntrack_tuple pkt = PacketTuple(skb, &v6);
  const bool reply = c == CtChoice::kEstablishedReply || c == CtChoice::kRelatedReply;
  nf_conn* ct = NewConn();
  SetTuples(ct, reply ? Invert(pkt, v6) : pkt, v6);
  enum ip_conntrack_info info = IP_CT_NEW;
  switch (c) {
    case CtChoice::kNew:
      info = IP_CT_NEW;  // unconfirmed until LOCAL_IN / POST_ROUTING
      break;
    case CtChoice::kEstablished:
    case CtChoice::kEstablishedReply:
      info = reply ? IP_CT_ESTABLISHED_REPLY : IP_CT_ESTABLISHED;
      ct->status = IPS_CONFIRMED | IPS_SEEN_REPLY | IPS_ASSURED;
      TableAdd(ct);
      break;
    case CtChoice::kRelated:
    case CtChoice::kRelatedReply: {
      info = reply ? IP_CT_RELATED_REPLY : IP_CT_RELATED;
      // init_conntrack() for an expected connection: IPS_EXPECTED, a
      // reference on the master (the helper's control connection).
      ct->status = IPS_EXPECTED | (reply ? (IPS_CONFIRMED | IPS_SEEN_REPLY) : 0);
      // The master connects the same hosts with the same protocol; which
      // control connection (its ports) expected this one is not modelled: 0.
      nf_conn* master = NewConn();
      nf_conntrack_tuple mt = ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
      mt.src.u.all = 0;
      mt.dst.u.all = 0;
      SetTuples(master, mt, v6);
      master->status = IPS_CONFIRMED | IPS_SEEN_REPLY | IPS_ASSURED;
      TableAdd(master);
      ct->master = master;  // the entry's reference on its master
      if (reply) TableAdd(ct);
      break;
    }
    default: break;
  }
  nf_ct_set(skb, ct, info);
  return ct;
}

namespace internal {

// Called by RunNfHooks before each hook (next_priority: its priority) and
// after the last (INT_MAX): attach the chosen entry where conntrack's hook
// would run (skb/conntrack.h).
void ConntrackAt(uint8_t pf, unsigned hooknum, int next_priority, sk_buff* skb) {
  if (g_choice == CtChoice::kNone || g_done || skb == nullptr) return;
  // The packet passed conntrack already (an entry from an earlier hook point).
  if (skb->_nfct != 0) return;
  if (pf != NFPROTO_IPV4 && pf != NFPROTO_IPV6) return;
  const bool conntrack_point = hooknum == NF_INET_PRE_ROUTING || hooknum == NF_INET_LOCAL_OUT;
  if (conntrack_point && next_priority < NF_IP_PRI_CONNTRACK) return;
  g_done = true;
  AttachConntrack(skb, g_choice);
}

// Models nf_conntrack_confirm() after the LOCAL_IN / POST_ROUTING hooks.
void ConntrackConfirm(unsigned hooknum, sk_buff* skb) {
  if (hooknum != NF_INET_LOCAL_IN && hooknum != NF_INET_POST_ROUTING) return;
  auto* ct = reinterpret_cast<nf_conn*>(skb_nfct(skb));
  if (ct == nullptr || (ct->status & IPS_CONFIRMED)) return;
  ct->status |= IPS_CONFIRMED;
  TableAdd(ct);  // __nf_conntrack_confirm inserts it into the hash table
}

}  // namespace internal
}  // namespace skb

extern "C" {

// Models nf_conntrack_put() + nf_conntrack_destroy() (the last reference
// frees the entry, and with it its reference on the master).
void nf_conntrack_put(struct nf_conntrack* nfct) {
  if (nfct == nullptr) return;
  if (refcount_read(&nfct->use) == 0) {
    skb::internal::Warn(skb::Site::kRefcountUnderflow, nullptr, "refcount_t: underflow; use-after-free.\n",
                        LIBSKB_CALLER(), false);
    return;
  }
  if (!atomic_dec_and_test(&nfct->use.refs)) return;
  auto* ct = reinterpret_cast<nf_conn*>(nfct);
  nf_conn* master = ct->master;
  ::operator delete(ct);
  skb::g_live--;
  if (master != nullptr) nf_conntrack_put(&master->ct_general);
}

void nf_conntrack_get(struct nf_conntrack* nfct) {
  if (nfct != nullptr) atomic_inc(&nfct->use.refs);
}

// Models nf_ct_attach() + nf_conntrack_attach() (net/netfilter/core.c,
// nf_conntrack_core.c): a packet a hook built in answer to skb (a REJECT's
// RST, an ICMP error) belongs to skb's connection as RELATED, in the other
// direction.
void nf_ct_attach(struct sk_buff* nskb, const struct sk_buff* skb) {
  enum ip_conntrack_info ctinfo;
  nf_conn* ct = nf_ct_get(skb, &ctinfo);
  if (ct == nullptr) return;
  ctinfo = CTINFO2DIR(ctinfo) == IP_CT_DIR_ORIGINAL ? IP_CT_RELATED_REPLY : IP_CT_RELATED;
  nf_ct_set(nskb, ct, ctinfo);
  nf_conntrack_get(skb_nfct(nskb));
}

}  // extern "C"
