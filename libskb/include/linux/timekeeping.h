/* SPDX-License-Identifier: MIT */
/*
 * libskb: the clocks (include/linux/timekeeping.h, kernel/time/timekeeping.c).
 *
 * DOC: model time
 *
 * Time in the model is deterministic: it starts at boot (CLOCK_MONOTONIC 0,
 * jiffies INITIAL_JIFFIES) and moves only when the harness or a test says
 * so (skb::AdvanceTime() in <skb/kernel_env.h>), or when module code sleeps
 * or busy-waits (<linux/delay.h>). Reading a clock never advances it.
 *
 *	CLOCK_MONOTONIC  ktime_get*(): nanoseconds since boot
 *	CLOCK_BOOTTIME   the same (the model never suspends)
 *	CLOCK_REALTIME   ktime_get_real*(): a fixed boot wall-clock time,
 *	                 2024-01-01 00:00:00 UTC (1704067200 s), plus monotonic
 *	CLOCK_TAI        realtime + 37 s (the TAI-UTC offset since 2017)
 *
 * The coarse variants return the same values (the model has no clocksource
 * between ticks). API personality: the struct timespec readers
 * (getnstimeofday, getrawmonotonic, ktime_get_ts, current_kernel_time,
 * get_seconds) exist up to 5.5; do_gettimeofday up to 4.20; the timespec64
 * readers from 3.17; ktime_get_*_ns from 3.17 and the boottime spelling
 * ktime_get_boottime_ns from 5.3 (ktime_get_boot_ns before).
 */
#ifndef _LIBSKB_LINUX_TIMEKEEPING_H
#define _LIBSKB_LINUX_TIMEKEEPING_H

#include <bits/types/struct_timespec.h>
#include <bits/types/struct_timeval.h>
#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/time64.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
/* Models ktime_get() (kernel/time/timekeeping.c): CLOCK_MONOTONIC. */
ktime_t ktime_get(void);
/* Models ktime_get_real(): CLOCK_REALTIME. */
ktime_t ktime_get_real(void);
/* Models ktime_get_boottime(): CLOCK_BOOTTIME (= monotonic in the model). */
ktime_t ktime_get_boottime(void);
/* Models ktime_get_clocktai(): CLOCK_TAI. */
ktime_t ktime_get_clocktai(void);
/* Models ktime_get_raw(): CLOCK_MONOTONIC_RAW (= monotonic in the model). */
ktime_t ktime_get_raw(void);
/* Models ktime_get_seconds(): monotonic seconds. */
time64_t ktime_get_seconds(void);
/* Models ktime_get_real_seconds(): realtime seconds. */
time64_t ktime_get_real_seconds(void);
/* Models ktime_get_ts64(): monotonic as a timespec64. */
void ktime_get_ts64(struct timespec64 *ts);
/* Models ktime_get_real_ts64(): realtime as a timespec64. */
void ktime_get_real_ts64(struct timespec64 *tv);
/* Models ktime_get_raw_ts64() (monotonic in the model). */
void ktime_get_raw_ts64(struct timespec64 *ts);
/* Models ktime_get_boottime_ts64(). */
void ktime_get_boottime_ts64(struct timespec64 *ts);
#if !LIBSKB_API_AT_LEAST(5, 6)
/* Models getnstimeofday() (removed in v5.6): realtime. */
void getnstimeofday(struct timespec *tv);
/* Models getrawmonotonic() (removed in v5.6). */
void getrawmonotonic(struct timespec *ts);
/* Models ktime_get_ts() (removed in v5.6): monotonic. */
void ktime_get_ts(struct timespec *ts);
/* Models current_kernel_time() (removed in v5.6): realtime at the last tick. */
struct timespec current_kernel_time(void);
/* Models get_seconds(): realtime seconds. */
unsigned long get_seconds(void);
#endif
#if !LIBSKB_API_AT_LEAST(5, 0)
/* Models do_gettimeofday() (removed in v5.0): realtime. */
void do_gettimeofday(struct timeval *tv);
#endif
LIBSKB_EXTERN_C_END

static inline u64 ktime_get_ns(void) { return (u64)ktime_get(); }
static inline u64 ktime_get_real_ns(void) { return (u64)ktime_get_real(); }
static inline u64 ktime_get_raw_ns(void) { return (u64)ktime_get_raw(); }
static inline u64 ktime_get_clocktai_ns(void) { return (u64)ktime_get_clocktai(); }
static inline u64 ktime_get_mono_fast_ns(void) { return ktime_get_ns(); }
static inline u64 ktime_get_boot_fast_ns(void) { return (u64)ktime_get_boottime(); }
static inline u64 ktime_get_real_fast_ns(void) { return ktime_get_real_ns(); }
static inline ktime_t ktime_get_coarse(void) { return ktime_get(); }
static inline ktime_t ktime_get_coarse_real(void) { return ktime_get_real(); }
static inline ktime_t ktime_get_coarse_boottime(void) { return ktime_get_boottime(); }
static inline u64 ktime_get_coarse_ns(void) { return ktime_get_ns(); }
static inline u64 ktime_get_coarse_real_ns(void) { return ktime_get_real_ns(); }
static inline void ktime_get_coarse_ts64(struct timespec64 *ts) { ktime_get_ts64(ts); }
static inline void ktime_get_coarse_real_ts64(struct timespec64 *ts) { ktime_get_real_ts64(ts); }
#if LIBSKB_API_AT_LEAST(5, 3)
static inline u64 ktime_get_boottime_ns(void) { return (u64)ktime_get_boottime(); }
static inline time64_t ktime_get_boottime_seconds(void) { return ktime_get_seconds(); }
#else
static inline u64 ktime_get_boot_ns(void) { return (u64)ktime_get_boottime(); }
#endif
#if !LIBSKB_API_AT_LEAST(5, 0)
/* The 3.17-4.20 names of the timespec64 readers. */
static inline void getnstimeofday64(struct timespec64 *ts) { ktime_get_real_ts64(ts); }
static inline void get_monotonic_boottime64(struct timespec64 *ts) { ktime_get_boottime_ts64(ts); }
#endif

#endif /* _LIBSKB_LINUX_TIMEKEEPING_H */
