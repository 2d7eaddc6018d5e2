/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/random.h> - the kernel's random numbers (drivers/char/random.c,
 * lib/random32.c), deterministic in the model: one generator (SplitMix64)
 * seeded by skb::SetRandomSeed() (<skb/kernel_core.h>; 0 by default), so a
 * fuzzer input replays to the same module behaviour. Every name below draws
 * from that one stream: get_random_bytes(), get_random_u32() (4.11+ as
 * get_random_int/long, 6.1+ get_random_u8..u64, get_random_u32_below),
 * prandom_u32() (removed in 6.2), prandom_bytes().
 */
#ifndef _LIBSKB_LINUX_RANDOM_H
#define _LIBSKB_LINUX_RANDOM_H

#include_next <linux/random.h>

#include <linux/compiler.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
void get_random_bytes(void *buf, size_t len);
u32 get_random_u32(void);
u64 get_random_u64(void);
/* Models get_random_u32_below() (6.2+): uniform in [0, ceil). */
u32 get_random_u32_below(u32 ceil);
void prandom_bytes(void *buf, size_t len);
LIBSKB_EXTERN_C_END

static inline u8 get_random_u8(void) { return (u8)get_random_u32(); }
static inline u16 get_random_u16(void) { return (u16)get_random_u32(); }
static inline unsigned int get_random_int(void) { return get_random_u32(); }
static inline unsigned long get_random_long(void) { return (unsigned long)get_random_u64(); }
static inline u32 prandom_u32(void) { return get_random_u32(); }
static inline u32 prandom_u32_max(u32 ep_ro) { return (u32)(((u64)get_random_u32() * ep_ro) >> 32); }
static inline u32 get_random_u32_inclusive(u32 floor, u32 ceil) { return floor + get_random_u32_below(ceil - floor + 1); }
#define get_random_once(buf, nbytes) get_random_bytes((buf), (nbytes))
#define net_get_random_once(buf, nbytes) get_random_bytes((buf), (nbytes))
#define random32() get_random_u32()

#endif /* _LIBSKB_LINUX_RANDOM_H */
