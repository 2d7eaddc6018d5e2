// Fuzz target: netfilter writability. A few CORRECT hooks that mangle
// packets the way real modules do - NAT of an address with the IPv4 and
// L4 checksums fixed incrementally, a TTL decrement, a port rewrite after a
// pskb_may_pull of the transport header - registered here as kernel-style
// code over the kernel API, see IPv4/UDP/TCP/ICMP packets of every shape
// (linear, headers-only + frags, headless, cloned, frag_list, CHECKSUM_*
// states) through nf_hook and the receive / transmit paths
// (fuzz/harness, Family::kNf).
//
// The runner trusts these hooks (RunnerOptions::trusted_hooks): a path must
// end as the unmangled packet's bytes say (delivered / dropped), a UDP
// payload must arrive unchanged, checksums that were valid must stay valid,
// and a clone sharing the packet's head must never see a byte change. On
// 5.10 and 6.12 this finds nothing; a finding is a bug in libskb's
// writability, checksum or path code, or in these hooks.
//
// Like module code, this file reads headers in place at any alignment (a
// received IPv4 header sits at 2 mod 4): built with -fno-sanitize=alignment.
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/net_namespace.h>

#include "target.h"

namespace {

// The addresses and port the hooks translate (the decoder's tables use them).
const __be32 kPublic = htonl(0xcb007107);   // 203.0.113.7
const __be32 kPrivate = htonl(0x0a000002);  // 10.0.0.2
const __be32 kInside = htonl(0xc0a80101);   // 192.168.1.1
constexpr uint16_t kSipPort = 5060, kSipLocal = 5061;

// inet_proto_csum_replace4() (net/core/utils.c, 5.10/6.12; libskb has no
// copy): an L4 checksum `sum` when a 32-bit word of the packet (or, with
// pseudohdr, of the pseudo-header) changes from `from` to `to`.
//  - not CHECKSUM_PARTIAL: the field holds the full checksum: replace the
//    word in it. A CHECKSUM_COMPLETE sum of the packet's bytes moves by what
//    the field moved when the word was a pseudo-header one (the packet's
//    own bytes changed only in the field; the IPv4 header's change is
//    cancelled by its own checksum).
//  - CHECKSUM_PARTIAL: the field holds the uncomplemented pseudo-header sum
//    the device completes: only a pseudo-header word moves it.
void ProtoCsumReplace4(__sum16* sum, sk_buff* skb, __be32 from, __be32 to, bool pseudohdr) {
  if (skb->ip_summed == CHECKSUM_PARTIAL) {
    if (!pseudohdr) return;
    const __wsum moved = csum_add(csum_sub(csum_unfold(*sum), static_cast<__wsum>(from)), static_cast<__wsum>(to));
    *sum = static_cast<__sum16>(~csum_fold(moved));
    return;
  }
  csum_replace4(sum, from, to);
  if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
    skb->csum = ~csum_add(csum_sub(~skb->csum, static_cast<__wsum>(from)), static_cast<__wsum>(to));
}

// The L4 checksum field of a first fragment / whole packet, made writable
// (with the IPv4 header) - nullptr when there is none or the packet has no
// room for the L4 header. May reallocate the head: re-read ip_hdr() after.
__sum16* WritableL4Check(sk_buff* skb, bool* udp) {
  const iphdr* iph = ip_hdr(skb);
  const unsigned ihl = ip_hdrlen(skb);
  if (iph->frag_off & htons(IP_OFFSET)) return nullptr;  // no L4 header in this fragment
  unsigned need;
  if (iph->protocol == IPPROTO_UDP) {
    need = ihl + sizeof(udphdr);
  } else if (iph->protocol == IPPROTO_TCP) {
    need = ihl + offsetof(tcphdr, check) + sizeof(__sum16);
  } else {
    return nullptr;
  }
  *udp = iph->protocol == IPPROTO_UDP;
  if (skb->len < need || skb_ensure_writable(skb, need)) return nullptr;
  u8* l4 = skb_network_header(skb) + ihl;
  return *udp ? &reinterpret_cast<udphdr*>(l4)->check : &reinterpret_cast<tcphdr*>(l4)->check;
}

// Rewrites the source (or destination) address, as nf_nat_ipv4_manip_pkt
// with l4proto manip does: L4 checksum first (a UDP checksum of 0 means
// "none" and stays so; a result of 0 is sent as CSUM_MANGLED_0), then the
// address and the header checksum.
unsigned Nat(sk_buff* skb, bool source, __be32 match, __be32 to) {
  if ((source ? ip_hdr(skb)->saddr : ip_hdr(skb)->daddr) != match) return NF_ACCEPT;
  if (skb_ensure_writable(skb, ip_hdrlen(skb))) return NF_DROP;
  bool udp = false;
  __sum16* check = WritableL4Check(skb, &udp);
  iphdr* iph = ip_hdr(skb);  // after the writable calls: the head may have moved
  __be32* addr = source ? &iph->saddr : &iph->daddr;
  if (check != nullptr && (!udp || *check != 0 || skb->ip_summed == CHECKSUM_PARTIAL)) {
    ProtoCsumReplace4(check, skb, *addr, to, true);
    if (udp && *check == 0 && skb->ip_summed != CHECKSUM_PARTIAL) *check = CSUM_MANGLED_0;
  }
  csum_replace4(&iph->check, *addr, to);
  *addr = to;
  return NF_ACCEPT;
}

unsigned int nfw_dnat(void*, sk_buff* skb, const nf_hook_state*) { return Nat(skb, false, kPublic, kPrivate); }
unsigned int nfw_snat(void*, sk_buff* skb, const nf_hook_state*) { return Nat(skb, true, kInside, kPublic); }

// The mangle table's TTL decrement (xt_HL): the header made writable first.
unsigned int nfw_ttl_dec(void*, sk_buff* skb, const nf_hook_state*) {
  if (ip_hdr(skb)->ttl <= 1) return NF_ACCEPT;
  if (skb_ensure_writable(skb, sizeof(iphdr))) return NF_DROP;
  ip_decrease_ttl(ip_hdr(skb));
  return NF_ACCEPT;
}

// A LOCAL_IN service redirect: pull the transport header into the linear
// area, re-read ip_hdr() (the pull may move the head), read the ports, and
// move SIP to the local port - writable first, checksum fixed by hand.
unsigned int nfw_sip_redirect(void*, sk_buff* skb, const nf_hook_state*) {
  const unsigned ihl = ip_hdrlen(skb);
  const u8 proto = ip_hdr(skb)->protocol;
  if ((proto != IPPROTO_UDP && proto != IPPROTO_TCP) || (ip_hdr(skb)->frag_off & htons(IP_OFFSET)))
    return NF_ACCEPT;
  const unsigned l4 = proto == IPPROTO_UDP ? sizeof(udphdr) : sizeof(tcphdr);
  if (!pskb_may_pull(skb, ihl + l4)) return NF_ACCEPT;
  const iphdr* iph = ip_hdr(skb);  // re-read: pskb_may_pull may have reallocated the head
  const u8* th = reinterpret_cast<const u8*>(iph) + ihl;
  __be16 dport;
  memcpy(&dport, th + 2, sizeof(dport));  // source and dest are at the same offsets in UDP and TCP
  if (dport != htons(kSipPort)) return NF_ACCEPT;
  bool udp = false;
  __sum16* check = WritableL4Check(skb, &udp);
  if (check == nullptr) return NF_DROP;
  __be16* dst = reinterpret_cast<__be16*>(skb_network_header(skb) + ihl + 2);
  const __be16 to = htons(kSipLocal);
  if (!udp || *check != 0) {
    // inet_proto_csum_replace2(pseudohdr = false): the port is packet data;
    // a CHECKSUM_PARTIAL field does not cover it yet.
    if (skb->ip_summed != CHECKSUM_PARTIAL) csum_replace2(check, *dst, to);
    if (udp && *check == 0) *check = CSUM_MANGLED_0;
  }
  *dst = to;
  return NF_ACCEPT;
}

nf_hook_ops g_ops[] = {
    {.hook = nfw_ttl_dec, .pf = NFPROTO_IPV4, .hooknum = NF_INET_PRE_ROUTING, .priority = NF_IP_PRI_MANGLE},
    {.hook = nfw_dnat, .pf = NFPROTO_IPV4, .hooknum = NF_INET_PRE_ROUTING, .priority = NF_IP_PRI_NAT_DST},
    {.hook = nfw_dnat, .pf = NFPROTO_IPV4, .hooknum = NF_INET_LOCAL_OUT, .priority = NF_IP_PRI_NAT_DST},
    {.hook = nfw_sip_redirect, .pf = NFPROTO_IPV4, .hooknum = NF_INET_LOCAL_IN, .priority = NF_IP_PRI_FILTER},
    {.hook = nfw_snat, .pf = NFPROTO_IPV4, .hooknum = NF_INET_POST_ROUTING, .priority = NF_IP_PRI_NAT_SRC},
    {.hook = nfw_snat, .pf = NFPROTO_IPV4, .hooknum = NF_INET_LOCAL_IN, .priority = NF_IP_PRI_NAT_SRC},
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  skbfuzz::DefaultFuzzerFlags(argc, argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool registered = [] {
    return nf_register_net_hooks(&init_net, g_ops, sizeof(g_ops) / sizeof(g_ops[0])) == 0;
  }();
  if (!registered) __builtin_trap();
  skbfuzz::DecodeOptions opt;
  opt.family = skbfuzz::Family::kNf;
  opt.runner.trusted_hooks = true;
  return skbfuzz::FuzzOne(data, size, opt);
}
