// libskb fuzz harness: IPv4 / UDP / TCP header arithmetic on plain byte
// vectors (RFC 791, 768, 793, 1071), written independently of libskb: the
// packet decoder builds headers with it and the runner judges packets with
// it (is this IPv4 header / L4 checksum valid?). Header-only.
#ifndef LIBSKB_FUZZ_HARNESS_INET_H_
#define LIBSKB_FUZZ_HARNESS_INET_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace skbfuzz::inet {

constexpr uint8_t kUdp = 17, kTcp = 6, kIcmp = 1;

inline unsigned Be16(const uint8_t* p) { return static_cast<unsigned>(p[0]) << 8 | p[1]; }
inline void PutBe16(uint8_t* p, unsigned v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

// The ones'-complement sum of big-endian 16-bit words (an odd last byte is
// the high half of a word), folded to 16 bits.
inline uint32_t Sum(const uint8_t* p, size_t n, uint32_t acc = 0) {
  uint64_t a = acc;
  size_t i = 0;
  for (; i + 1 < n; i += 2) a += Be16(p + i);
  if (i < n) a += static_cast<uint32_t>(p[i]) << 8;
  while (a >> 16) a = (a & 0xffff) + (a >> 16);
  return static_cast<uint32_t>(a);
}

// The checksum to store (host value; PutBe16 it): the complement of the sum.
inline unsigned Checksum(const uint8_t* p, size_t n, uint32_t acc = 0) { return ~Sum(p, n, acc) & 0xffff; }

// The pseudo-header's sum for an L4 segment of `len` bytes.
inline uint32_t PseudoSum(const uint8_t* saddr_daddr, uint8_t proto, size_t len) {
  uint32_t acc = Sum(saddr_daddr, 8);
  acc += proto;
  acc += static_cast<uint32_t>(len);
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return acc;
}

// What a parsed packet looks like from offset off.
struct Ipv4View {
  bool ok = false;      // version 4, ihl >= 5, the header present and its checksum valid
  unsigned ihl = 0;     // header length in bytes
  unsigned tot_len = 0;
  uint8_t proto = 0;
  bool fragment = false;
};

inline Ipv4View ParseIpv4(const std::vector<uint8_t>& m, size_t off) {
  Ipv4View v;
  if (m.size() < off + 20 || (m[off] >> 4) != 4) return v;
  v.ihl = (m[off] & 15u) * 4u;
  if (v.ihl < 20 || m.size() < off + v.ihl) return v;
  v.tot_len = Be16(&m[off + 2]);
  v.proto = m[off + 9];
  v.fragment = (Be16(&m[off + 6]) & 0x3fff) != 0;
  v.ok = Sum(&m[off], v.ihl) == 0xffff;
  return v;
}

// Whether the L4 checksum of the packet at off verifies: 1 yes, 0 no, -1 not
// applicable (no UDP/TCP segment inside tot_len, or UDP without a checksum).
inline int L4ChecksumOk(const std::vector<uint8_t>& m, size_t off) {
  const Ipv4View v = ParseIpv4(m, off);
  if (!v.ok || v.fragment || v.tot_len < v.ihl || m.size() < off + v.tot_len) return -1;
  const size_t l4 = off + v.ihl;
  size_t len = v.tot_len - v.ihl;
  if (v.proto == kUdp) {
    if (len < 8 || Be16(&m[l4 + 6]) == 0) return -1;
    const size_t ulen = Be16(&m[l4 + 4]);  // the datagram udp_rcv checks
    if (ulen < 8 || ulen > len) return -1;
    len = ulen;
  } else if (v.proto == kTcp) {
    if (len < 20) return -1;
  } else {
    return -1;
  }
  const uint32_t acc = PseudoSum(&m[off + 12], v.proto, len);
  return Sum(&m[l4], len, acc) == 0xffff ? 1 : 0;
}

}  // namespace skbfuzz::inet

#endif  // LIBSKB_FUZZ_HARNESS_INET_H_
