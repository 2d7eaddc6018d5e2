/* SPDX-License-Identifier: MIT */
/*
 * libskb: jiffies (include/linux/jiffies.h, kernel/time/time.c).
 *
 * DOC: HZ
 *
 * HZ is 250, the CONFIG_HZ of Debian's and Ubuntu's x86_64 kernels (the
 * distributions the 5.10 and 6.12 profiles track). RHEL 6-9 build with
 * CONFIG_HZ=1000; modules rarely depend on the value (they write N * HZ or
 * msecs_to_jiffies()), and one value keeps module and library arithmetic in
 * agreement in one binary. A module compiled with -DHZ=... is refused.
 *
 * jiffies and jiffies_64 start at INITIAL_JIFFIES, (unsigned long)(unsigned
 * int)(-300 * HZ) as in the kernel, so the low 32 bits wrap five minutes
 * after boot, and advance only with model time (<linux/timekeeping.h>):
 * jiffies = INITIAL_JIFFIES + monotonic ns / (NSEC_PER_SEC / HZ).
 */
#ifndef _LIBSKB_LINUX_JIFFIES_H
#define _LIBSKB_LINUX_JIFFIES_H

#include <limits.h>
#include <linux/compiler.h>
#include <linux/time.h>
#include <linux/time64.h>
#include <linux/types.h>

#ifdef HZ
#if HZ != 250
#error "libskb models CONFIG_HZ=250 (see <linux/jiffies.h>)"
#endif
#else
#define HZ 250
#endif
#define USER_HZ 100
/* asm-generic/param.h; C only: C++ sees the C library's CLOCKS_PER_SEC of <ctime>. */
#if !defined(__cplusplus) && !defined(CLOCKS_PER_SEC)
#define CLOCKS_PER_SEC USER_HZ
#endif
#define TICK_NSEC ((NSEC_PER_SEC + HZ / 2) / HZ)

LIBSKB_EXTERN_C_BEGIN
/* The tick counters (kernel/time/timer.c); written only by libskb's clock. */
extern volatile unsigned long jiffies;
extern u64 jiffies_64;
LIBSKB_EXTERN_C_END

static inline u64 get_jiffies_64(void) { return (u64)jiffies; }

/* Wrap-safe comparisons: time_after(a, b) is true if a is after b. */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
#define time_in_range(a, b, c)	(time_after_eq(a, b) && time_before_eq(a, c))
#define time_in_range_open(a, b, c) (time_after_eq(a, b) && time_before(a, c))
#define time_after64(a, b)	((__s64)((b) - (a)) < 0)
#define time_before64(a, b)	time_after64(b, a)
#define time_after_eq64(a, b)	((__s64)((a) - (b)) >= 0)
#define time_before_eq64(a, b)	time_after_eq64(b, a)
#define time_in_range64(a, b, c) (time_after_eq64(a, b) && time_before_eq64(a, c))
#define time_is_before_jiffies(a)	time_after(jiffies, a)
#define time_is_before_jiffies64(a)	time_after64(get_jiffies_64(), a)
#define time_is_after_jiffies(a)	time_before(jiffies, a)
#define time_is_after_jiffies64(a)	time_before64(get_jiffies_64(), a)
#define time_is_before_eq_jiffies(a)	time_after_eq(jiffies, a)
#define time_is_after_eq_jiffies(a)	time_before_eq(jiffies, a)

#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * HZ))
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

/* With HZ dividing 1000, the kernel's conversions are exact multiples and
 * round-ups (kernel/time/time.c, include/linux/jiffies.h). */
static inline unsigned int jiffies_to_msecs(const unsigned long j) { return (unsigned int)((MSEC_PER_SEC / HZ) * j); }
static inline unsigned int jiffies_to_usecs(const unsigned long j) { return (unsigned int)((USEC_PER_SEC / HZ) * j); }
static inline u64 jiffies_to_nsecs(const unsigned long j) { return (u64)j * TICK_NSEC; }
static inline u64 jiffies64_to_nsecs(u64 j) { return j * TICK_NSEC; }
static inline u64 jiffies64_to_msecs(u64 j) { return j * (MSEC_PER_SEC / HZ); }
static inline unsigned long msecs_to_jiffies(const unsigned int m)
{
	if (m > jiffies_to_msecs(MAX_JIFFY_OFFSET))
		return MAX_JIFFY_OFFSET;
	return (m + (MSEC_PER_SEC / HZ) - 1) / (MSEC_PER_SEC / HZ);
}
static inline unsigned long usecs_to_jiffies(const unsigned int u)
{
	if (u > jiffies_to_usecs(MAX_JIFFY_OFFSET))
		return MAX_JIFFY_OFFSET;
	return (u + (USEC_PER_SEC / HZ) - 1) / (USEC_PER_SEC / HZ);
}
static inline u64 nsecs_to_jiffies64(u64 n) { return n / (NSEC_PER_SEC / HZ); }
static inline unsigned long nsecs_to_jiffies(u64 n) { return (unsigned long)nsecs_to_jiffies64(n); }
static inline unsigned long timespec64_to_jiffies(const struct timespec64 *value)
{
	return (unsigned long)nsecs_to_jiffies((u64)timespec64_to_ns(value));
}
static inline void jiffies_to_timespec64(const unsigned long j, struct timespec64 *value)
{
	*value = ns_to_timespec64((s64)jiffies_to_nsecs(j));
}
static inline long jiffies_to_clock_t(unsigned long x) { return (long)(x / (HZ / USER_HZ)); }
static inline unsigned long clock_t_to_jiffies(unsigned long x) { return x * (HZ / USER_HZ); }
static inline unsigned int jiffies_delta_to_msecs(long delta) { return jiffies_to_msecs(delta > 0 ? (unsigned long)delta : 0); }

LIBSKB_EXTERN_C_BEGIN
/* Models round_jiffies() (kernel/time/timer.c) on CPU 0: to the next whole
 * second unless that is in the past (then the value unchanged). */
unsigned long round_jiffies(unsigned long j);
/* Models round_jiffies_relative(). */
unsigned long round_jiffies_relative(unsigned long j);
/* Models round_jiffies_up() (never rounds down). */
unsigned long round_jiffies_up(unsigned long j);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_JIFFIES_H */
