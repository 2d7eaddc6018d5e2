/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/time.h> (include/linux/time.h): struct timespec64 and the
 * unit constants (<linux/time64.h>), the pre-y2038 struct timeval / struct
 * timespec and their helpers, and the clocks of <linux/timekeeping.h>.
 *
 * struct timeval and struct timespec are glibc's definitions (same layout
 * as the kernel's on x86_64: two longs), so that libskb's own C++ code can
 * see both this header and the C library. The uapi <linux/time.h> is not
 * included: it redefines them for user space and clashes with glibc.
 *
 * API personality: struct timespec helpers (timespec_to_ns, ns_to_timespec,
 * timespec_sub, ...) exist up to 5.5 (the kernel-internal struct timespec was
 * removed in v5.6); struct timeval helpers up to 4.20 (do_gettimeofday was
 * removed in v5.0, commit e4b92b108c6c).
 */
#ifndef _LIBSKB_LINUX_TIME_H
#define _LIBSKB_LINUX_TIME_H

#include <bits/types/struct_timespec.h>
#include <bits/types/struct_timeval.h>
#include <bits/types/time_t.h>
#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/time64.h>
#include <linux/types.h>

/* The kernel's time zone (kernel/time/time.c sys_tz), set by settimeofday();
 * UTC (all zero) in the model. glibc's <sys/time.h> has the same struct:
 * C++ (libskb, tests, which see the C library too) takes that one. */
#ifdef __cplusplus
#include <sys/time.h>
#elif !defined(_SYS_TIME_H)
struct timezone {
	int tz_minuteswest;	/* minutes west of Greenwich */
	int tz_dsttime;		/* type of dst correction */
};
#endif
LIBSKB_EXTERN_C_BEGIN
extern struct timezone sys_tz;
LIBSKB_EXTERN_C_END

/*
 * The kernel's broken-down time (include/linux/time.h): tm_year is a long
 * counted from 1900. C only: C++ code sees glibc's struct tm of <ctime>.
 */
#if !defined(__cplusplus) && !defined(__struct_tm_defined)
#define __struct_tm_defined 1	/* glibc's guard: its struct tm would clash */
struct tm {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;
	long tm_year;
	int tm_wday;
	int tm_yday;
};
LIBSKB_EXTERN_C_BEGIN
/* Models time64_to_tm() (kernel/time/timeconv.c): totalsecs + offset (s). */
void time64_to_tm(time64_t totalsecs, int offset, struct tm *result);
LIBSKB_EXTERN_C_END
#if !LIBSKB_API_AT_LEAST(4, 20)
/* Models time_to_tm() (removed in v4.20). */
static inline void time_to_tm(time_t totalsecs, int offset, struct tm *result)
{
	time64_to_tm(totalsecs, offset, result);
}
#endif
#endif

#if !LIBSKB_API_AT_LEAST(5, 6)
static inline s64 timespec_to_ns(const struct timespec *ts)
{
	return ((s64)ts->tv_sec * NSEC_PER_SEC) + ts->tv_nsec;
}

static inline struct timespec ns_to_timespec(const s64 nsec)
{
	struct timespec64 t64 = ns_to_timespec64(nsec);
	struct timespec ts;

	ts.tv_sec = (time_t)t64.tv_sec;
	ts.tv_nsec = t64.tv_nsec;
	return ts;
}

static inline struct timespec timespec_sub(struct timespec lhs, struct timespec rhs)
{
	return ns_to_timespec(timespec_to_ns(&lhs) - timespec_to_ns(&rhs));
}

static inline int timespec_compare(const struct timespec *lhs, const struct timespec *rhs)
{
	if (lhs->tv_sec < rhs->tv_sec)
		return -1;
	if (lhs->tv_sec > rhs->tv_sec)
		return 1;
	return (int)(lhs->tv_nsec - rhs->tv_nsec);
}

static inline struct timespec timespec64_to_timespec(const struct timespec64 ts64)
{
	struct timespec ret;

	ret.tv_sec = (time_t)ts64.tv_sec;
	ret.tv_nsec = ts64.tv_nsec;
	return ret;
}

static inline struct timespec64 timespec_to_timespec64(const struct timespec ts)
{
	struct timespec64 ret;

	ret.tv_sec = ts.tv_sec;
	ret.tv_nsec = ts.tv_nsec;
	return ret;
}
#endif

#if !LIBSKB_API_AT_LEAST(5, 0)
static inline s64 timeval_to_ns(const struct timeval *tv)
{
	return ((s64)tv->tv_sec * NSEC_PER_SEC) + tv->tv_usec * NSEC_PER_USEC;
}

static inline struct timeval ns_to_timeval(const s64 nsec)
{
	struct timespec64 ts = ns_to_timespec64(nsec);
	struct timeval tv;

	tv.tv_sec = (time_t)ts.tv_sec;
	tv.tv_usec = (__suseconds_t)(ts.tv_nsec / 1000);
	return tv;
}
#endif

#include <linux/timekeeping.h>

#endif /* _LIBSKB_LINUX_TIME_H */
