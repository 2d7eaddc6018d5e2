/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/time64.h> - time64_t, struct timespec64 and the unit
 * constants (include/linux/time64.h, include/vdso/time64.h; v3.17+, offered
 * on every profile because the constants predate it in <linux/time.h>).
 */
#ifndef _LIBSKB_LINUX_TIME64_H
#define _LIBSKB_LINUX_TIME64_H

#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

typedef __s64 time64_t;
typedef __u64 timeu64_t;

struct timespec64 {
	time64_t tv_sec;	/* seconds */
	long tv_nsec;		/* nanoseconds */
};

#define MSEC_PER_SEC	1000L
#define USEC_PER_MSEC	1000L
#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define USEC_PER_SEC	1000000L
#define NSEC_PER_SEC	1000000000L
#define PSEC_PER_SEC	1000000000000LL
#define FSEC_PER_SEC	1000000000000000LL

#define TIME64_MAX	((s64)~((u64)1 << 63))
#define TIME64_MIN	(-TIME64_MAX - 1)
#define KTIME_MAX	((s64)~((u64)1 << 63))
#define KTIME_SEC_MAX	(KTIME_MAX / NSEC_PER_SEC)

static inline int timespec64_equal(const struct timespec64 *a, const struct timespec64 *b)
{
	return (a->tv_sec == b->tv_sec) && (a->tv_nsec == b->tv_nsec);
}

/* lhs < rhs: return < 0; lhs == rhs: 0; lhs > rhs: > 0 (include/linux/time64.h). */
static inline int timespec64_compare(const struct timespec64 *lhs, const struct timespec64 *rhs)
{
	if (lhs->tv_sec < rhs->tv_sec)
		return -1;
	if (lhs->tv_sec > rhs->tv_sec)
		return 1;
	return (int)(lhs->tv_nsec - rhs->tv_nsec);
}

/* Models set_normalized_timespec64() (kernel/time/time.c). */
static inline void set_normalized_timespec64(struct timespec64 *ts, time64_t sec, s64 nsec)
{
	while (nsec >= NSEC_PER_SEC) {
		nsec -= NSEC_PER_SEC;
		++sec;
	}
	while (nsec < 0) {
		nsec += NSEC_PER_SEC;
		--sec;
	}
	ts->tv_sec = sec;
	ts->tv_nsec = (long)nsec;
}

static inline struct timespec64 timespec64_add(struct timespec64 lhs, struct timespec64 rhs)
{
	struct timespec64 ts;

	set_normalized_timespec64(&ts, lhs.tv_sec + rhs.tv_sec, (s64)lhs.tv_nsec + rhs.tv_nsec);
	return ts;
}

static inline struct timespec64 timespec64_sub(struct timespec64 lhs, struct timespec64 rhs)
{
	struct timespec64 ts;

	set_normalized_timespec64(&ts, lhs.tv_sec - rhs.tv_sec, (s64)lhs.tv_nsec - rhs.tv_nsec);
	return ts;
}

static inline bool timespec64_valid(const struct timespec64 *ts)
{
	if (ts->tv_sec < 0)
		return false;
	if ((unsigned long)ts->tv_nsec >= NSEC_PER_SEC)
		return false;
	return true;
}

static inline s64 timespec64_to_ns(const struct timespec64 *ts)
{
	return ((s64)ts->tv_sec * NSEC_PER_SEC) + ts->tv_nsec;
}

/* Models ns_to_timespec64() (kernel/time/time.c): tv_nsec is never negative. */
static inline struct timespec64 ns_to_timespec64(s64 nsec)
{
	struct timespec64 ts;
	s64 rem;

	ts.tv_sec = nsec / NSEC_PER_SEC;
	rem = nsec % NSEC_PER_SEC;
	if (rem < 0) {
		ts.tv_sec--;
		rem += NSEC_PER_SEC;
	}
	ts.tv_nsec = (long)rem;
	return ts;
}

static inline void timespec64_add_ns(struct timespec64 *a, u64 ns)
{
	set_normalized_timespec64(a, a->tv_sec, (s64)a->tv_nsec + (s64)ns);
}

#endif /* _LIBSKB_LINUX_TIME64_H */
