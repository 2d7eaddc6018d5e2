// libskb: the kernel's random numbers (<linux/random.h>), deterministic: one
// SplitMix64 stream seeded by skb::SetRandomSeed(), so a fuzzer input replays
// to the same module behaviour.
#include <linux/random.h>

#include <cstring>

#include "skb/kernel_core.h"

namespace {

uint64_t g_state = 0;

uint64_t Next() {
  uint64_t z = (g_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

namespace skb {
void SetRandomSeed(uint64_t seed) { g_state = seed; }
}  // namespace skb

extern "C" {

// Models get_random_bytes() (drivers/char/random.c).
void get_random_bytes(void* buf, size_t len) {
  auto* p = static_cast<unsigned char*>(buf);
  while (len > 0) {
    uint64_t v = Next();
    size_t n = len < sizeof(v) ? len : sizeof(v);
    std::memcpy(p, &v, n);
    p += n;
    len -= n;
  }
}

u32 get_random_u32(void) { return static_cast<u32>(Next() >> 32); }
u64 get_random_u64(void) { return Next(); }

// Models get_random_u32_below() (6.2+): uniform in [0, ceil) by rejection.
u32 get_random_u32_below(u32 ceil) {
  if (ceil <= 1) return 0;
  const u32 limit = static_cast<u32>(-ceil) % ceil;  // values below this are biased
  for (;;) {
    u64 m = static_cast<u64>(get_random_u32()) * ceil;
    if (static_cast<u32>(m) >= limit) return static_cast<u32>(m >> 32);
  }
}

// Models prandom_bytes() (lib/random32.c): the same stream.
void prandom_bytes(void* buf, size_t len) { get_random_bytes(buf, len); }

}  // extern "C"
