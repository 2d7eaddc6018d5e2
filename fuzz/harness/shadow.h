// libskb's shared harness: the byte patterns the shadow models of the fuzz
// runner and of the property tests (tests/shadow_model.h) are built from.
//
// Every byte put into an skb comes from a read-only cyclic pattern at a
// position that only ever grows, per source (the idea of curl-fuzzer's
// fuzz_bufq.cc), so any byte that is shifted, duplicated, dropped or read
// from the wrong place differs from the model. Header-only: tests include it
// without linking the fuzz harness.
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

// Byte `pos` of pattern `channel`. The period is 251 * 251 = 63001 bytes (a
// prime-sized cycle whose phase steps every 251 bytes), longer than any skb
// the tests build, so no shift by less than a period maps the pattern onto
// itself.
inline uint8_t PatternByte(uint64_t pos, uint32_t channel) {
  return static_cast<uint8_t>((pos * 7 + (pos / 251) * 11 + channel) % 251);
}

// Where the bytes of a pattern come from. Each sequence owns one stream per
// source; Take() hands out the next n bytes and never repeats a position.
enum class Source : uint32_t {
  kPayload = 0,   // bytes put in at construction, skb_put, skb_add_rx_frag
  kHeader = 83,   // bytes written into pushed headers
  kStore = 167,   // bytes written by skb_store_bits
};

inline const char* SourceName(Source s) {
  switch (s) {
    case Source::kPayload: return "payload";
    case Source::kHeader: return "header";
    case Source::kStore: return "store";
  }
  return "?";
}

class PatternStream {
 public:
  explicit PatternStream(Source source, uint32_t seed_phase = 0)
      : source_(source), channel_((static_cast<uint32_t>(source) + seed_phase) % 251) {}

  std::vector<uint8_t> Take(size_t n) {
    std::vector<uint8_t> out(n);
    // PatternByte(pos) = (7 * (pos % 251) + 11 * (pos / 251) + channel) % 251
    // (7 * 251 vanishes mod 251), stepped without a division per byte.
    uint64_t q = cursor_ / 251;
    unsigned r = static_cast<unsigned>(cursor_ % 251);
    unsigned v = PatternByte(cursor_, channel_);
    for (size_t i = 0; i < n; i++) {
      out[i] = static_cast<uint8_t>(v);
      if (++r == 251) {
        r = 0;
        q++;
        v = static_cast<unsigned>((11 * q + channel_) % 251);
      } else {
        v += 7;
        if (v >= 251) v -= 251;
      }
    }
    cursor_ += n;
    return out;
  }

  Source source() const { return source_; }
  uint64_t cursor() const { return cursor_; }
  uint32_t channel() const { return channel_; }

 private:
  Source source_;
  uint32_t channel_;
  uint64_t cursor_ = 0;
};

// folly-style comparison: "" when equal, else how many bytes differ, the
// first differing offset with both values, and a window of bytes around it.
inline std::string CompareBytes(const uint8_t* got, const uint8_t* want, size_t n, size_t base_offset = 0) {
  if (n == 0 || std::memcmp(got, want, n) == 0) return {};
  size_t differ = 0;
  size_t first = n;
  for (size_t i = 0; i < n; i++) {
    if (got[i] != want[i]) {
      if (first == n) first = i;
      differ++;
    }
  }
  if (differ == 0) return {};
  char buf[160];
  std::snprintf(buf, sizeof(buf), "%zu of %zu bytes differ; first at offset %zu: got 0x%02x, want 0x%02x\n", differ, n,
                base_offset + first, got[first], want[first]);
  std::string out = buf;
  const size_t lo = first >= 8 ? first - 8 : 0;
  const size_t hi = std::min(n, first + 24);
  std::string g = "  got [", w = "  want[";
  std::snprintf(buf, sizeof(buf), "%zu..%zu):", base_offset + lo, base_offset + hi);
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

// Reference RFC 1071 checksum, written independently of libskb: the sum of
// the bytes as 16-bit words in memory order (as x86 csum_partial adds them)
// with end-around carry, folded and complemented like csum_fold().
inline uint16_t RefCsumFold(const uint8_t* p, size_t n, uint32_t initial = 0) {
  uint64_t acc = initial;
  size_t i = 0;
  for (; i + 1 < n; i += 2) acc += static_cast<uint32_t>(p[i]) | (static_cast<uint32_t>(p[i + 1]) << 8);
  if (i < n) acc += p[i];
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<uint16_t>(~acc & 0xffff);
}

// Two folded checksums of the same bytes computed by different summation
// orders agree modulo 0xffff: they can differ only in how zero is written
// (0x0000 vs 0xffff), which ones' complement arithmetic treats as equal.
inline bool CsumEquivalent(uint16_t a, uint16_t b) { return a % 0xffff == b % 0xffff; }

}  // namespace skbfuzz

#endif  // LIBSKB_FUZZ_HARNESS_SHADOW_H_
