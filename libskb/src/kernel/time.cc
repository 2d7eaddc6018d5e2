// libskb: model time - jiffies, the clocks of <linux/timekeeping.h>, delays
// and sleeps (<linux/delay.h>) and the waits of <linux/wait.h> and
// <linux/completion.h>.
#include <errno.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/rtc.h>
#include <linux/time.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>

#include <cstdint>
#include <string>

#include "internal.h"
#include "kernel/kernel_env_internal.h"
#include "net/netfilter_internal.h"
#include "skb/kernel_env.h"

extern "C" {
// kernel/time/time.c: the time zone; UTC in the model.
struct timezone sys_tz = {0, 0};
// kernel/time/timer.c: the tick counters. Written only by SetMonotonicNs().
volatile unsigned long jiffies = INITIAL_JIFFIES;
u64 jiffies_64 = INITIAL_JIFFIES;
}

namespace skb {
namespace internal {
namespace {

uint64_t g_mono_ns = 0;

// CLOCK_REALTIME at boot: 2024-01-01 00:00:00 UTC.
constexpr int64_t kBootRealtimeNs = 1704067200LL * NSEC_PER_SEC;
// CLOCK_TAI - CLOCK_REALTIME since 2017-01-01.
constexpr int64_t kTaiOffsetNs = 37LL * NSEC_PER_SEC;

}  // namespace

uint64_t MonotonicNs() { return g_mono_ns; }

void SetMonotonicNs(uint64_t ns) {
  if (ns < g_mono_ns) return;
  g_mono_ns = ns;
  const uint64_t ticks = ns / TICK_NSEC;
  jiffies_64 = static_cast<u64>(INITIAL_JIFFIES) + ticks;
  jiffies = static_cast<unsigned long>(jiffies_64);
}

void ResetClock() {
  g_mono_ns = 0;
  jiffies_64 = INITIAL_JIFFIES;
  jiffies = INITIAL_JIFFIES;
}

}  // namespace internal

uint64_t NowNs() { return internal::MonotonicNs(); }

}  // namespace skb

using skb::internal::kBootRealtimeNs;
using skb::internal::kTaiOffsetNs;
using skb::internal::MonotonicNs;

extern "C" {

// Models ktime_get() (kernel/time/timekeeping.c).
ktime_t ktime_get(void) { return static_cast<ktime_t>(MonotonicNs()); }
// Models ktime_get_real().
ktime_t ktime_get_real(void) { return kBootRealtimeNs + static_cast<ktime_t>(MonotonicNs()); }
// Models ktime_get_boottime(): the model never suspends.
ktime_t ktime_get_boottime(void) { return ktime_get(); }
// Models ktime_get_clocktai().
ktime_t ktime_get_clocktai(void) { return ktime_get_real() + kTaiOffsetNs; }
// Models ktime_get_raw().
ktime_t ktime_get_raw(void) { return ktime_get(); }
// Models ktime_get_seconds().
time64_t ktime_get_seconds(void) { return ktime_get() / NSEC_PER_SEC; }
// Models ktime_get_real_seconds().
time64_t ktime_get_real_seconds(void) { return ktime_get_real() / NSEC_PER_SEC; }
// Models ktime_get_ts64().
void ktime_get_ts64(struct timespec64* ts) { *ts = ns_to_timespec64(ktime_get()); }
// Models ktime_get_real_ts64().
void ktime_get_real_ts64(struct timespec64* tv) { *tv = ns_to_timespec64(ktime_get_real()); }
// Models ktime_get_raw_ts64().
void ktime_get_raw_ts64(struct timespec64* ts) { *ts = ns_to_timespec64(ktime_get_raw()); }
// Models ktime_get_boottime_ts64().
void ktime_get_boottime_ts64(struct timespec64* ts) { *ts = ns_to_timespec64(ktime_get_boottime()); }

// The struct timespec / timeval readers of <= 5.5 / <= 4.20 (declared by
// <linux/timekeeping.h> only under those personalities; defined always).
void getnstimeofday(struct timespec* tv) {
  const struct timespec64 t = ns_to_timespec64(ktime_get_real());
  tv->tv_sec = t.tv_sec;
  tv->tv_nsec = t.tv_nsec;
}
void getrawmonotonic(struct timespec* ts) {
  const struct timespec64 t = ns_to_timespec64(ktime_get_raw());
  ts->tv_sec = t.tv_sec;
  ts->tv_nsec = t.tv_nsec;
}
void ktime_get_ts(struct timespec* ts) {
  const struct timespec64 t = ns_to_timespec64(ktime_get());
  ts->tv_sec = t.tv_sec;
  ts->tv_nsec = t.tv_nsec;
}
// Models current_kernel_time(): the realtime of the last tick.
struct timespec current_kernel_time(void) {
  const int64_t tick_ns = static_cast<int64_t>(MonotonicNs() / TICK_NSEC * TICK_NSEC);
  const struct timespec64 t = ns_to_timespec64(kBootRealtimeNs + tick_ns);
  struct timespec ts;
  ts.tv_sec = t.tv_sec;
  ts.tv_nsec = t.tv_nsec;
  return ts;
}
// Models get_seconds().
unsigned long get_seconds(void) { return static_cast<unsigned long>(ktime_get_real_seconds()); }
// Models do_gettimeofday() (<= 4.20).
void do_gettimeofday(struct timeval* tv) {
  const struct timespec64 t = ns_to_timespec64(ktime_get_real());
  tv->tv_sec = t.tv_sec;
  tv->tv_usec = t.tv_nsec / 1000;
}

// Models round_jiffies_common() (kernel/time/timer.c) for CPU 0, force_up false.
static unsigned long RoundJiffies(unsigned long j, bool force_up) {
  const unsigned long original = j;
  const unsigned long rem = j % HZ;
  if (rem < HZ / 4 && !force_up) {
    j = j - rem;
  } else {
    j = j - rem + HZ;
  }
  if (time_is_before_jiffies(j)) return original;
  return j;
}
unsigned long round_jiffies(unsigned long j) { return RoundJiffies(j, false); }
unsigned long round_jiffies_relative(unsigned long j) {
  const unsigned long j0 = jiffies;
  return RoundJiffies(j + j0, false) - j0;
}
unsigned long round_jiffies_up(unsigned long j) { return RoundJiffies(j, true); }

// Busy-waits: time moves, nothing runs (softirqs are held off meanwhile).
void libskb_busy_wait_ns(u64 nsecs, const char* function) {
  (void)function;
  skb::internal::SetMonotonicNs(MonotonicNs() + nsecs);
}

// Sleeps: time moves and what falls due runs. In a hook (atomic context)
// the kernel prints "BUG: scheduling while atomic" and sleeps anyway.
void libskb_sleep_ns(u64 nsecs, const char* function) {
  if (const skb::HookInfo* h = skb::RunningHook()) {
    skb::internal::EnvWarn(skb::internal::Format(
        "BUG: scheduling while atomic: %s() called from %s, which runs in softirq context", function,
        h->Describe().c_str()));
  }
  skb::AdvanceTime(nsecs);
}

// Models msleep() (kernel/time/sleep_timeout.c): msecs_to_jiffies(m) + 1 ticks.
void msleep(unsigned int msecs) { libskb_sleep_ns(jiffies_to_nsecs(msecs_to_jiffies(msecs) + 1), "msleep"); }

// Models msleep_interruptible(): no signal ever arrives, so 0 ms remain.
unsigned long msleep_interruptible(unsigned int msecs) {
  libskb_sleep_ns(jiffies_to_nsecs(msecs_to_jiffies(msecs) + 1), "msleep_interruptible");
  return 0;
}

// Models usleep_range(): an hrtimer sleep that ends by max.
void usleep_range(unsigned long min, unsigned long max) {
  (void)min;
  libskb_sleep_ns(static_cast<u64>(max) * NSEC_PER_USEC, "usleep_range");
}

// <linux/wait.h>: a waiter whose condition is false lets the producers run.
void libskb_wait_run_pending(void) { skb::RunPendingWork(); }

// A timed waiter sleeps its timeout.
void libskb_wait_sleep(long timeout) {
  if (timeout <= 0) return;
  libskb_sleep_ns(jiffies_to_nsecs(static_cast<unsigned long>(timeout)), "wait_event_timeout");
}

// An untimed wait nothing in the model can end: the kernel's task would hang.
void libskb_wait_forever(const char* what, const char* file, int line) {
  skb::internal::BugAt(skb::Site::kModuleBug, skb::internal::Format("%s:%d", file, line), what, nullptr,
                       skb::internal::Format("libskb: module code at %s:%d waits forever in %s: nothing left in the "
                                             "model (timers, tasklets, work) can make its condition true; the "
                                             "kernel task would hang here\n",
                                             file, line, what),
                       LIBSKB_CALLER());
}

// Models wait_for_completion() (kernel/sched/completion.c).
void wait_for_completion(struct completion* x) {
  if (!x->done) libskb_wait_run_pending();
  if (!x->done) libskb_wait_forever("wait_for_completion", "(module)", 0);
  if (x->done != UINT_MAX) x->done--;
}

// Models wait_for_completion_timeout(): 0 on timeout, else the jiffies left.
unsigned long wait_for_completion_timeout(struct completion* x, unsigned long timeout) {
  unsigned long left = timeout == 0 ? 1 : timeout;
  if (!x->done) libskb_wait_run_pending();
  if (!x->done) {
    libskb_wait_sleep(static_cast<long>(timeout));
    if (!x->done) return 0;
    left = 1;
  }
  if (x->done != UINT_MAX) x->done--;
  return left;
}

int wait_for_completion_interruptible(struct completion* x) {
  wait_for_completion(x);
  return 0;
}
int wait_for_completion_killable(struct completion* x) { return wait_for_completion_interruptible(x); }
long wait_for_completion_interruptible_timeout(struct completion* x, unsigned long timeout) {
  return static_cast<long>(wait_for_completion_timeout(x, timeout));
}
long wait_for_completion_killable_timeout(struct completion* x, unsigned long timeout) {
  return static_cast<long>(wait_for_completion_timeout(x, timeout));
}

}  // extern "C"

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12), from the
// usual era arithmetic (400-year cycles of 146097 days).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

const unsigned char kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

}  // namespace

extern "C" {

// rtc_month_days, rtc_time64_to_tm and the rest of drivers/rtc/lib.c: rtc.cc.

}  // extern "C"

// The kernel's struct tm (<linux/time.h>, C only), as laid out there.
struct libskb_kernel_tm {
  int tm_sec, tm_min, tm_hour, tm_mday, tm_mon;
  long tm_year;
  int tm_wday, tm_yday;
};

extern "C" {

// Models time64_to_tm() (kernel/time/timeconv.c).
void time64_to_tm(time64_t totalsecs, int offset, struct libskb_kernel_tm* result) {
  struct rtc_time t;
  rtc_time64_to_tm(totalsecs + offset, &t);
  result->tm_sec = t.tm_sec;
  result->tm_min = t.tm_min;
  result->tm_hour = t.tm_hour;
  result->tm_mday = t.tm_mday;
  result->tm_mon = t.tm_mon;
  result->tm_year = t.tm_year;
  result->tm_wday = t.tm_wday;
  result->tm_yday = t.tm_yday;
}

}  // extern "C"
