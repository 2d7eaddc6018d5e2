/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/rtc.h>, the calendar helpers module code uses to print
 * timestamps (include/linux/rtc.h, drivers/rtc/lib.c). Extends the uapi
 * header of the same name (struct rtc_time). No RTC device is modelled.
 *
 * API personality: rtc_time_to_tm()/rtc_tm_to_time() (unsigned long
 * seconds) up to 5.5; rtc_time64_to_tm()/rtc_tm_to_time64() from 3.19.
 */
#ifndef _LIBSKB_LINUX_RTC_H
#define _LIBSKB_LINUX_RTC_H

#include_next <linux/rtc.h>

#include <linux/cdev.h>		/* the kernel's <linux/rtc.h> includes both */
#include <linux/interrupt.h>
#include <linux/compiler.h>
#include <linux/libskb_api.h>
#include <linux/time.h>
#include <linux/time64.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
/* Models rtc_time64_to_tm() (drivers/rtc/lib.c): seconds since the epoch
 * (UTC) to the broken-down time (tm_year from 1900, tm_mon 0-11, tm_wday,
 * tm_yday; tm_isdst 0). */
void rtc_time64_to_tm(time64_t time, struct rtc_time *tm);
/* Models rtc_tm_to_time64() (mktime64 of the fields). */
time64_t rtc_tm_to_time64(struct rtc_time *tm);
/* Models rtc_valid_tm(): 0 or -EINVAL. */
int rtc_valid_tm(struct rtc_time *tm);
/* Models rtc_month_days() / rtc_year_days(). */
int rtc_month_days(unsigned int month, unsigned int year);
int rtc_year_days(unsigned int day, unsigned int month, unsigned int year);
LIBSKB_EXTERN_C_END

static inline bool is_leap_year(unsigned int year)
{
	return (!(year % 4) && (year % 100)) || !(year % 400);
}

#if !LIBSKB_API_AT_LEAST(5, 6)
static inline void rtc_time_to_tm(unsigned long time, struct rtc_time *tm) { rtc_time64_to_tm((time64_t)time, tm); }
static inline int rtc_tm_to_time(struct rtc_time *tm, unsigned long *time)
{
	*time = (unsigned long)rtc_tm_to_time64(tm);
	return 0;
}
#endif

#endif /* _LIBSKB_LINUX_RTC_H */
