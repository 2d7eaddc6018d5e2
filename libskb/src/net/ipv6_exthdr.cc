// libskb: IPv6 extension header walking and address classification
// (net/ipv6/exthdrs_core.c, net/ipv6/addrconf_core.c, v6.12; the v2.6.32
// ipv6_find_hdr of net/ipv6/netfilter/ip6_tables.c where it differed).
#include <errno.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>

#include <cstddef>
#include <cstring>

namespace {

// The length in bytes of the extension header `type` whose first two bytes
// are hp: 8 for a fragment header, (hdrlen + 2) * 4 for AH, else
// (hdrlen + 1) * 8.
int ExtHdrLen(u8 type, const ipv6_opt_hdr& hp) {
  if (type == NEXTHDR_FRAGMENT) return 8;
  if (type == NEXTHDR_AUTH) return ipv6_authlen(&hp);
  return ipv6_optlen(&hp);
}

// The host-order frag_off field of the fragment header at `start`, with
// false if it lies past the packet.
bool FragOff(const sk_buff* skb, int start, __be16* out) {
  __be16 buf;
  const void* p = skb_header_pointer(skb, start + static_cast<int>(offsetof(frag_hdr, frag_off)), sizeof(buf), &buf);
  if (p == nullptr) return false;
  std::memcpy(out, p, sizeof(*out));
  return true;
}

bool UpperLayer(u8 nexthdr) { return !ipv6_ext_hdr(nexthdr) || nexthdr == NEXTHDR_NONE; }

}  // namespace

extern "C" {

// Models ipv6_skip_exthdr() (net/ipv6/exthdrs_core.c, v3.3+ with frag_offp).
int libskb_ipv6_skip_exthdr(const struct sk_buff* skb, int start, u8* nexthdrp, __be16* frag_offp) {
  u8 nexthdr = *nexthdrp;
  *frag_offp = 0;
  while (ipv6_ext_hdr(nexthdr)) {
    if (nexthdr == NEXTHDR_NONE) return -1;
    ipv6_opt_hdr hbuf;
    const void* p = skb_header_pointer(skb, start, sizeof(hbuf), &hbuf);
    if (p == nullptr) return -1;
    ipv6_opt_hdr hp;
    std::memcpy(&hp, p, sizeof(hp));
    if (nexthdr == NEXTHDR_FRAGMENT) {
      if (!FragOff(skb, start, frag_offp)) return -1;
      // A non-first fragment (or one with reserved bits set): what follows
      // is payload, not a header.
      if (ntohs(*frag_offp) & ~0x7) break;
    }
    start += ExtHdrLen(nexthdr, hp);
    nexthdr = hp.nexthdr;
  }
  *nexthdrp = nexthdr;
  return start;
}

int ipv6_skip_exthdr(const struct sk_buff* skb, int start, u8* nexthdrp, __be16* frag_offp) {
  return libskb_ipv6_skip_exthdr(skb, start, nexthdrp, frag_offp);
}

// Models ipv6_find_hdr() (net/ipv6/exthdrs_core.c v3.8+; legacy: the
// v2.6.32 form of net/ipv6/netfilter/ip6_tables.c).
int libskb_ipv6_find_hdr(const struct sk_buff* skb, unsigned int* offset, int target, unsigned short* fragoff,
                         int* flags, int legacy) {
  unsigned start = static_cast<unsigned>(skb_network_offset(skb)) + sizeof(ipv6hdr);
  u8 nexthdr;
  std::memcpy(&nexthdr, skb_network_header(skb) + offsetof(ipv6hdr, nexthdr), 1);
  if (fragoff != nullptr) *fragoff = 0;
  if (!legacy && *offset != 0) {
    // v3.8+: the walk starts at an inner IPv6 header the caller found.
    ipv6hdr buf;
    const void* p = skb_header_pointer(skb, static_cast<int>(*offset), sizeof(buf), &buf);
    if (p == nullptr) return -EBADMSG;
    ipv6hdr ip6;
    std::memcpy(&ip6, p, sizeof(ip6));
    if (ip6.version != 6) return -EBADMSG;
    start = *offset + sizeof(ipv6hdr);
    nexthdr = ip6.nexthdr;
  }
  bool found;
  do {
    found = nexthdr == target;
    if (UpperLayer(nexthdr)) {
      if (target < 0 || found) break;
      return -ENOENT;
    }
    // v2.6.32 looped "while (nexthdr != target)": a match ends the walk
    // before its header is read.
    if (legacy && found) break;
    ipv6_opt_hdr hbuf;
    const void* p = skb_header_pointer(skb, static_cast<int>(start), sizeof(hbuf), &hbuf);
    if (p == nullptr) return -EBADMSG;
    ipv6_opt_hdr hp;
    std::memcpy(&hp, p, sizeof(hp));
    if (!legacy && nexthdr == NEXTHDR_ROUTING) {
      ipv6_rt_hdr rbuf;
      const void* r = skb_header_pointer(skb, static_cast<int>(start), sizeof(rbuf), &rbuf);
      if (r == nullptr) return -EBADMSG;
      ipv6_rt_hdr rh;
      std::memcpy(&rh, r, sizeof(rh));
      // A routing header with no segments left is not a match for callers
      // that want the final destination's view.
      if (flags != nullptr && (*flags & IP6_FH_F_SKIP_RH) && rh.segments_left == 0) found = false;
    }
    unsigned hdrlen;
    if (nexthdr == NEXTHDR_FRAGMENT) {
      if (flags != nullptr) *flags |= IP6_FH_F_FRAG;
      __be16 fo;
      if (!FragOff(skb, static_cast<int>(start), &fo)) return -EBADMSG;
      const unsigned short frag_off = static_cast<unsigned short>(ntohs(fo) & ~0x7);
      if (frag_off != 0) {
        // A non-first fragment: only "any upper layer" finds what follows,
        // and only if the fragment header names one.
        if (target < 0 && UpperLayer(hp.nexthdr)) {
          if (fragoff != nullptr) *fragoff = frag_off;
          return hp.nexthdr;
        }
        if (legacy || !found) return -ENOENT;
        if (fragoff != nullptr) *fragoff = frag_off;
        break;
      }
      hdrlen = 8;
    } else if (nexthdr == NEXTHDR_AUTH) {
      if (!legacy && flags != nullptr && (*flags & IP6_FH_F_AUTH) && target < 0) break;
      hdrlen = static_cast<unsigned>(ipv6_authlen(&hp));
    } else {
      hdrlen = static_cast<unsigned>(ipv6_optlen(&hp));
    }
    if (!found) {
      nexthdr = hp.nexthdr;
      start += hdrlen;
    }
  } while (!found);
  *offset = start;
  return nexthdr;
}

int ipv6_find_hdr(const struct sk_buff* skb, unsigned int* offset, int target, unsigned short* fragoff, int* flags) {
  return libskb_ipv6_find_hdr(skb, offset, target, fragoff, flags, 0);
}

// Models __ipv6_addr_type() (net/ipv6/addrconf_core.c, v6.12).
int __ipv6_addr_type(const struct in6_addr* addr) {
  auto scope_type = [](unsigned scope) { return scope << 16; };
  const uint8_t* b = addr->s6_addr;
  const unsigned top3 = b[0] & 0xe0;
  // Everything outside 000/8 and 111/8 prefixes is global unicast.
  if (top3 != 0x00 && top3 != 0xe0) return static_cast<int>(IPV6_ADDR_UNICAST | scope_type(IPV6_ADDR_SCOPE_GLOBAL));
  if (b[0] == 0xff) {
    const unsigned scope = b[1] & 0x0f;
    unsigned type = IPV6_ADDR_MULTICAST | scope_type(scope);
    // ipv6_addr_scope2type(): the three scopes that have a type bit.
    if (scope == IPV6_ADDR_SCOPE_NODELOCAL) type |= IPV6_ADDR_LOOPBACK;
    if (scope == IPV6_ADDR_SCOPE_LINKLOCAL) type |= IPV6_ADDR_LINKLOCAL;
    if (scope == IPV6_ADDR_SCOPE_SITELOCAL) type |= IPV6_ADDR_SITELOCAL;
    return static_cast<int>(type);
  }
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
    return static_cast<int>(IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST | scope_type(IPV6_ADDR_SCOPE_LINKLOCAL));
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
    return static_cast<int>(IPV6_ADDR_SITELOCAL | IPV6_ADDR_UNICAST | scope_type(IPV6_ADDR_SCOPE_SITELOCAL));
  if ((b[0] & 0xfe) == 0xfc) return static_cast<int>(IPV6_ADDR_UNICAST | scope_type(IPV6_ADDR_SCOPE_GLOBAL));  // RFC 4193
  auto zero = [&](int from, int to) {
    for (int i = from; i < to; i++)
      if (b[i] != 0) return false;
    return true;
  };
  if (zero(0, 8)) {
    if (zero(8, 12)) {
      if (zero(12, 16)) return static_cast<int>(IPV6_ADDR_ANY);
      if (zero(12, 15) && b[15] == 1)
        return static_cast<int>(IPV6_ADDR_LOOPBACK | IPV6_ADDR_UNICAST | scope_type(IPV6_ADDR_SCOPE_LINKLOCAL));
      return static_cast<int>(IPV6_ADDR_COMPATv4 | IPV6_ADDR_UNICAST | scope_type(IPV6_ADDR_SCOPE_GLOBAL));
    }
    if (b[8] == 0 && b[9] == 0 && b[10] == 0xff && b[11] == 0xff)
      return static_cast<int>(IPV6_ADDR_MAPPED | scope_type(IPV6_ADDR_SCOPE_GLOBAL));
  }
  return static_cast<int>(IPV6_ADDR_UNICAST | scope_type(IPV6_ADDR_SCOPE_GLOBAL));
}

}  // extern "C"
