/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/rtc.h> - the uapi struct rtc_time plus the kernel's
 * calendar conversions (include/linux/rtc.h, drivers/rtc/lib.c).
 *
 * Module code uses these to print packet times as dates
 * (do_gettimeofday() + rtc_time_to_tm()). They are pure arithmetic on the
 * proleptic Gregorian calendar in UTC, implemented in src/kernel/rtc.cc with
 * the kernel's conventions: tm_year counts from 1900, tm_mon from 0, tm_yday
 * from 0, tm_wday 0 = Sunday, tm_isdst always 0.
 *
 * API personality: rtc_time64_to_tm()/rtc_tm_to_time64() appear in v3.19
 * (y2038-safe replacements); rtc_time_to_tm()/rtc_tm_to_time() are exported
 * functions before v3.19, static inline wrappers from v3.19, and gone after
 * v5.7 (patch "rtc: remove rtc_time_to_tm and rtc_tm_to_time", 2020-03-30,
 * first in v5.8 by our reading of its date). is_leap_year() and
 * rtc_tm_sub() are inline helpers of v4.x+ kernels, declared throughout.
 */
#ifndef _LIBSKB_LINUX_RTC_H
#define _LIBSKB_LINUX_RTC_H

#include_next <linux/rtc.h>

#include <linux/cdev.h>		/* the kernel's <linux/rtc.h> includes both */
#include <linux/interrupt.h>
#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

/* As <linux/time64.h> has it (a repeated identical typedef is valid C11). */
typedef __s64 time64_t;

LIBSKB_EXTERN_C_BEGIN
/* Models rtc_month_days() (drivers/rtc/lib.c): days in @month (0-11) of @year. */
int rtc_month_days(unsigned int month, unsigned int year);
/* Models rtc_year_days(): the 0-based day of the year of @day/@month(0-11)/@year. */
int rtc_year_days(unsigned int day, unsigned int month, unsigned int year);
/* Models rtc_valid_tm(): 0, or -EINVAL for a field out of range (year before 1970). */
int rtc_valid_tm(struct rtc_time *tm);
#if LIBSKB_API_AT_LEAST(3, 19)
/* Models rtc_time64_to_tm() (v3.19+): seconds since the epoch to calendar fields. */
void rtc_time64_to_tm(time64_t time, struct rtc_time *tm);
/* Models rtc_tm_to_time64() (v3.19+): calendar fields to seconds (mktime64()). */
time64_t rtc_tm_to_time64(struct rtc_time *tm);
#endif
#if !LIBSKB_API_AT_LEAST(3, 19)
/* Models rtc_time_to_tm() before v3.19 (exported from drivers/rtc/rtc-lib.c). */
void rtc_time_to_tm(unsigned long time, struct rtc_time *tm);
/* Models rtc_tm_to_time() before v3.19: always 0. */
int rtc_tm_to_time(struct rtc_time *tm, unsigned long *time);
#endif
LIBSKB_EXTERN_C_END

#if LIBSKB_API_AT_LEAST(3, 19) && !LIBSKB_API_AT_LEAST(5, 8)
/* v3.19-v5.7: rtc_time_to_tm() wraps rtc_time64_to_tm(). */
static inline void rtc_time_to_tm(unsigned long time, struct rtc_time *tm) { rtc_time64_to_tm((time64_t)time, tm); }
static inline int rtc_tm_to_time(struct rtc_time *tm, unsigned long *time)
{
	*time = (unsigned long)rtc_tm_to_time64(tm);
	return 0;
}
#endif

#if LIBSKB_API_AT_LEAST(3, 19)
/* rtc_tm_sub(): @lhs - @rhs in seconds. */
static inline time64_t rtc_tm_sub(struct rtc_time *lhs, struct rtc_time *rhs)
{
	return rtc_tm_to_time64(lhs) - rtc_tm_to_time64(rhs);
}
#endif

static inline bool is_leap_year(unsigned int year)
{
	return (!(year % 4) && (year % 100)) || !(year % 400);
}

#endif /* _LIBSKB_LINUX_RTC_H */
