// libskb benchmarks: the packet shapes, shared by the libskb bench and the
// DPDK peer so both move exactly the same bytes.
//
// A shape is (total bytes, segments, layout):
//   frags     a linear head holding kHeadBytes (the headers) plus `segments`
//             page frags holding the rest, split evenly (remainder to the
//             first ones); (65535, 17) is a 64 KiB GSO packet in
//             MAX_SKB_FRAGS page frags of about 3.8 KiB each.
//   fraglist  the same head plus `segments` linear skbs on frag_list, the
//             layout GRO builds once frags[] is full.
// In DPDK both layouts are one mbuf chain: a head mbuf with kHeadBytes and
// `segments` segment mbufs (nb_segs = segments + 1).
//
// Headless shapes (for the pskb_may_pull / __pskb_pull_tail receive path) put
// every byte in the frags: the head holds 0 bytes.
#ifndef LIBSKB_BENCH_SHAPES_H_
#define LIBSKB_BENCH_SHAPES_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace bench {

enum class Layout { kFrags, kFragList };

struct Shape {
  Layout layout;
  unsigned total;
  unsigned segments;
};

// Bytes of headers kept in the linear head (Ethernet + IPv4 + TCP with options).
inline constexpr unsigned kHeadBytes = 64;
// Headroom in front of the linear data (NET_SKB_PAD on 6.x kernels).
inline constexpr unsigned kHeadroom = 64;
// Largest packet: the head plus the largest frag must fit in one 4 KiB page.
inline constexpr unsigned kMaxTotal = 65535;

inline const std::vector<Shape>& Shapes() {
  static const std::vector<Shape> shapes = {
      {Layout::kFrags, 128, 1},      {Layout::kFrags, 1500, 2},     {Layout::kFrags, 1500, 8},
      {Layout::kFrags, 2048, 17},    {Layout::kFrags, 9000, 3},     {Layout::kFrags, 65535, 17},
      {Layout::kFragList, 1500, 8},  {Layout::kFragList, 2048, 32}, {Layout::kFragList, 2048, 64},
  };
  return shapes;
}

inline const char* LayoutName(Layout l) { return l == Layout::kFrags ? "frags" : "fraglist"; }

// "frags:1500x8" — the shape part of every benchmark name.
inline std::string ShapeName(const Shape& s) {
  return std::string(LayoutName(s.layout)) + ":" + std::to_string(s.total) + "x" + std::to_string(s.segments);
}

// Size of non-linear segment i when `rest` bytes are split over `n` segments.
inline unsigned SegmentSize(unsigned rest, unsigned n, unsigned i) {
  return rest / n + (i < rest % n ? 1u : 0u);
}

// The packet bytes every shape carries: byte k of the packet is Pattern()[k].
// Pseudo-random so that a checksum over it is not trivially zero.
inline const unsigned char* Pattern() {
  static const std::vector<unsigned char> bytes = [] {
    std::vector<unsigned char> v(kMaxTotal + 64);
    uint32_t x = 0x12345678u;
    for (auto& b : v) {
      x = x * 1664525u + 1013904223u;
      b = static_cast<unsigned char>(x >> 24);
    }
    return v;
  }();
  return bytes.data();
}

// How many packets one rebuild prepares: enough to amortise the pause around
// the rebuild, few enough that sources and destinations of a batch stay in
// the L2 cache (about 512 KiB of traffic per batch).
inline int BatchSize(unsigned total) {
  return static_cast<int>(std::clamp<unsigned>((256u * 1024u) / std::max(total, 1u), 4u, 64u));
}

// The plain RFC 1071 checksum (section 4.1's reference loop): 16-bit words in
// memory order into a wide accumulator, the odd byte padded, then folded. The
// limit skb_checksum is compared with. Returns the folded, complemented sum.
inline uint16_t Rfc1071(const unsigned char* p, size_t len) {
  uint64_t sum = 0;
  while (len > 1) {
    uint16_t w;
    std::memcpy(&w, p, sizeof(w));
    sum += w;
    p += 2;
    len -= 2;
  }
  if (len > 0) sum += *p;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

}  // namespace bench

#endif  // LIBSKB_BENCH_SHAPES_H_
