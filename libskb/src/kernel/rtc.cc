// libskb: the calendar conversions of <linux/rtc.h> (drivers/rtc/lib.c,
// drivers/rtc/rtc-lib.c before v3.19) - pure arithmetic on the proleptic
// Gregorian calendar in UTC, with the kernel's struct rtc_time conventions.
#include <errno.h>
#include <linux/rtc.h>

#include <cstdint>

namespace {

constexpr int kMonthDays[2][12] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
};

bool Leap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// Floor division, so that times before the epoch land on the previous day.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), counted
// in 400-year eras of 146097 days starting on March 1st, so that the leap day
// is the last day of its year.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;                                    // [0, 399]
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

// The inverse of DaysFromCivil.
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

}  // namespace

extern "C" {

// Models rtc_month_days() (drivers/rtc/lib.c, every profile).
int rtc_month_days(unsigned int month, unsigned int year) { return kMonthDays[Leap(year)][month]; }

// Models rtc_year_days() (drivers/rtc/lib.c, every profile).
int rtc_year_days(unsigned int day, unsigned int month, unsigned int year) {
  int days = static_cast<int>(day) - 1;
  for (unsigned int i = 0; i < month && i < 12; ++i) days += kMonthDays[Leap(year)][i];
  return days;
}

// Models rtc_time64_to_tm() (drivers/rtc/lib.c, v3.19+).
void rtc_time64_to_tm(time64_t time, struct rtc_time* tm) {
  const int64_t days = FloorDiv(time, 86400);
  int64_t secs = time - days * 86400;
  int64_t year;
  int month, mday;
  CivilFromDays(days, &year, &month, &mday);
  // 1970-01-01 was a Thursday (4).
  tm->tm_wday = static_cast<int>(((days + 4) % 7 + 7) % 7);
  tm->tm_year = static_cast<int>(year - 1900);
  tm->tm_mon = month - 1;
  tm->tm_mday = mday;
  tm->tm_yday = rtc_year_days(static_cast<unsigned>(mday), static_cast<unsigned>(month - 1),
                              static_cast<unsigned>(year));
  tm->tm_hour = static_cast<int>(secs / 3600);
  secs -= tm->tm_hour * 3600;
  tm->tm_min = static_cast<int>(secs / 60);
  tm->tm_sec = static_cast<int>(secs - tm->tm_min * 60);
  tm->tm_isdst = 0;
}

// Models rtc_tm_to_time64() (drivers/rtc/lib.c, v3.19+): mktime64() of the
// fields, which (like the kernel's) takes them as given, without normalising.
time64_t rtc_tm_to_time64(struct rtc_time* tm) {
  const int64_t days = DaysFromCivil(static_cast<int64_t>(tm->tm_year) + 1900, tm->tm_mon + 1, tm->tm_mday);
  return ((days * 24 + tm->tm_hour) * 60 + tm->tm_min) * 60 + tm->tm_sec;
}

// Models rtc_time_to_tm() (drivers/rtc/rtc-lib.c, before v3.19; an inline
// wrapper of rtc_time64_to_tm() in v3.19-v5.7).
void rtc_time_to_tm(unsigned long time, struct rtc_time* tm) { rtc_time64_to_tm(static_cast<time64_t>(time), tm); }

// Models rtc_tm_to_time() (before v3.19; inline wrapper in v3.19-v5.7).
int rtc_tm_to_time(struct rtc_time* tm, unsigned long* time) {
  *time = static_cast<unsigned long>(rtc_tm_to_time64(tm));
  return 0;
}

// Models rtc_valid_tm() (drivers/rtc/lib.c): -EINVAL for a date before 1970
// or a field out of its range, else 0.
int rtc_valid_tm(struct rtc_time* tm) {
  if (tm->tm_year < 70 || static_cast<unsigned>(tm->tm_mon) >= 12 || tm->tm_mday < 1 ||
      tm->tm_mday > rtc_month_days(static_cast<unsigned>(tm->tm_mon), static_cast<unsigned>(tm->tm_year) + 1900) ||
      static_cast<unsigned>(tm->tm_hour) >= 24 || static_cast<unsigned>(tm->tm_min) >= 60 ||
      static_cast<unsigned>(tm->tm_sec) >= 60)
    return -EINVAL;
  return 0;
}

}  // extern "C"
