// Shadow model for libskb's property tests (tests/property_test.cc).
//
// The model of one sk_buff is what a caller can observe without peeking at
// libskb's internals: its logical bytes [data, data + len) in order (linear
// area, then frags, then frag_list members), its headroom and its data_len.
// The property test applies every operation to both the real skb and the
// shadow and then requires them to agree.
//
// Payload bytes come from a read-only byte pattern indexed by a stream
// position that only ever grows, so each byte put into an skb is tied to the
// position it came from: a byte that is shifted, duplicated, dropped or read
// from the wrong frag shows up as a mismatch (the idea of curl-fuzzer's
// fuzz_bufq.cc). Different sources (payload, pushed headers, stored bytes)
// use different channels of the pattern so a failure report shows which
// source a wrong byte belongs to.
#ifndef LIBSKB_TESTS_SHADOW_MODEL_H_
#define LIBSKB_TESTS_SHADOW_MODEL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace skb_test {

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
  PatternStream(Source source, uint32_t seed_phase)
      : source_(source), channel_((static_cast<uint32_t>(source) + seed_phase) % 251) {}

  std::vector<uint8_t> Take(size_t n) {
    std::vector<uint8_t> out(n);
    for (size_t i = 0; i < n; i++) out[i] = PatternByte(cursor_ + i, channel_);
    cursor_ += n;
    return out;
  }

  Source source() const { return source_; }
  uint64_t cursor() const { return cursor_; }

 private:
  Source source_;
  uint32_t channel_;
  uint64_t cursor_ = 0;
};

// The observable state of one modelled skb.
struct ShadowSkb {
  std::vector<uint8_t> bytes;  // [data, data + len), in logical order
  unsigned headroom = 0;       // skb_headroom()
  unsigned data_len = 0;       // skb->data_len (the non-linear part of len)

  unsigned len() const { return static_cast<unsigned>(bytes.size()); }
  unsigned headlen() const { return len() - data_len; }

  // skb_push: n bytes in front, taken from headroom.
  void Push(const std::vector<uint8_t>& hdr) {
    bytes.insert(bytes.begin(), hdr.begin(), hdr.end());
    headroom -= static_cast<unsigned>(hdr.size());
  }
  // skb_pull / pskb_pull: n bytes dropped from the front, headroom grows.
  void Pull(unsigned n) {
    bytes.erase(bytes.begin(), bytes.begin() + n);
    headroom += n;
  }
  // Any trim: keep the first n bytes.
  void Trim(unsigned n) { bytes.resize(n); }
  void Append(const std::vector<uint8_t>& b) { bytes.insert(bytes.end(), b.begin(), b.end()); }
  void Store(unsigned off, const std::vector<uint8_t>& b) { std::copy(b.begin(), b.end(), bytes.begin() + off); }
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

}  // namespace skb_test

#endif  // LIBSKB_TESTS_SHADOW_MODEL_H_
