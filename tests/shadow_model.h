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

#include <cstdint>
#include <vector>

#include "shadow.h"  // fuzz/harness: patterns, byte comparison, reference checksum

namespace skb_test {

using skbfuzz::CompareBytes;
using skbfuzz::CsumEquivalent;
using skbfuzz::PatternByte;
using skbfuzz::PatternStream;
using skbfuzz::RefCsumFold;
using skbfuzz::Source;
using skbfuzz::SourceName;

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

}  // namespace skb_test

#endif  // LIBSKB_TESTS_SHADOW_MODEL_H_
