// SPDX-License-Identifier: MIT
// Consumer of an installed libskb: the C++ API (profiles, owning handles).
#include <cstdio>
#include <cstring>

#include "skb/skb.h"

int main() {
  const skb::Profile* p510 = skb::ByName("5.10");
  if (p510 == nullptr) {
    std::fprintf(stderr, "no 5.10 profile\n");
    return 1;
  }
  skb::ScopedProfile scoped(*p510);
  if (skb::Active().name != "5.10" || MAX_SKB_FRAGS != p510->max_skb_frags) {
    std::fprintf(stderr, "profile not active\n");
    return 1;
  }
  skb::SkbPtr s(alloc_skb(128, GFP_KERNEL));
  if (!s) {
    std::fprintf(stderr, "alloc_skb failed\n");
    return 1;
  }
  static const char kPayload[] = "hello, skb";
  std::memcpy(skb_put(s.get(), sizeof(kPayload)), kPayload, sizeof(kPayload));
  if (s->len != sizeof(kPayload)) {
    std::fprintf(stderr, "len %u\n", s->len);
    return 1;
  }
  std::printf("consumer (C++, profile %.*s): ok\n", static_cast<int>(skb::Active().name.size()),
              skb::Active().name.data());
  return 0;
}
