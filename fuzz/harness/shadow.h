// libskb fuzz harness: byte patterns and the shadow model of an skb's bytes.
//
// Same idea as tests/shadow_model.h (and curl-fuzzer's fuzz_bufq.cc): every
// byte put into an skb comes from a read-only cyclic pattern at a position
// that only ever grows, per source, so any byte that is shifted, duplicated,
// dropped or read from the wrong place differs from the model.
#ifndef LIBSKB_FUZZ_HARNESS_SHADOW_H_
#define LIBSKB_FUZZ_HARNESS_SHADOW_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace skbfuzz {

// Byte `pos` of pattern `channel`: period 251 * 251, longer than any skb.
inline uint8_t PatternByte(uint64_t pos, uint32_t channel) {
  return static_cast<uint8_t>((pos * 7 + (pos / 251) * 11 + channel) % 251);
}

enum class Source : uint32_t { kPayload = 0, kHeader = 83, kStore = 167 };

class PatternStream {
 public:
  explicit PatternStream(Source s) : channel_(static_cast<uint32_t>(s)) {}
  std::vector<uint8_t> Take(size_t n) {
    std::vector<uint8_t> out(n);
    for (size_t i = 0; i < n; i++) out[i] = PatternByte(cursor_ + i, channel_);
    cursor_ += n;
    return out;
  }
  uint64_t cursor() const { return cursor_; }
  uint32_t channel() const { return channel_; }

 private:
  uint32_t channel_;
  uint64_t cursor_ = 0;
};

// "" when equal, else the number of differing bytes, the first one and a
// window around it.
inline std::string CompareBytes(const uint8_t* got, const uint8_t* want, size_t n) {
  if (n == 0 || std::memcmp(got, want, n) == 0) return {};
  size_t differ = 0, first = n;
  for (size_t i = 0; i < n; i++) {
    if (got[i] != want[i]) {
      if (first == n) first = i;
      differ++;
    }
  }
  char buf[160];
  std::snprintf(buf, sizeof(buf), "%zu of %zu bytes differ; first at offset %zu: got 0x%02x, want 0x%02x\n", differ,
                n, first, got[first], want[first]);
  std::string out = buf;
  const size_t lo = first >= 8 ? first - 8 : 0, hi = std::min(n, first + 24);
  std::string g = "  got [", w = "  want[";
  std::snprintf(buf, sizeof(buf), "%zu..%zu):", lo, hi);
  g += buf;
  w += buf;
  for (size_t i = lo; i < hi; i++) {
    std::snprintf(buf, sizeof(buf), " %02x", got[i]);
    g += buf;
    std::snprintf(buf, sizeof(buf), "%s%02x", got[i] != want[i] ? "*" : " ", want[i]);
    w += buf;
  }
  return out + g + "\n" + w + "   (* = differs)\n";
}

// RFC 1071 reference checksum, independent of libskb (bytes as 16-bit words
// in memory order, end-around carry, folded and complemented).
inline uint16_t RefCsumFold(const uint8_t* p, size_t n, uint32_t initial = 0) {
  uint64_t acc = initial;
  size_t i = 0;
  for (; i + 1 < n; i += 2) acc += static_cast<uint32_t>(p[i]) | (static_cast<uint32_t>(p[i + 1]) << 8);
  if (i < n) acc += p[i];
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<uint16_t>(~acc & 0xffff);
}

// Equal modulo 0xffff (0x0000 and 0xffff are both zero in ones' complement).
inline bool CsumEquivalent(uint16_t a, uint16_t b) { return a % 0xffff == b % 0xffff; }

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_SHADOW_H_
