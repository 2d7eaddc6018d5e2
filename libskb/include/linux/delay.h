/* SPDX-License-Identifier: MIT */
/*
 * libskb: delays and sleeps (include/linux/delay.h, kernel/time/timer.c
 * msleep, kernel/time/sleep_timeout.c).
 *
 * DOC: delays advance model time
 *
 * Busy-waits (udelay, ndelay, mdelay) move model time forward by their
 * duration and run nothing: softirqs are held off for the length of a
 * busy-wait in a hook, and what fell due runs at the next
 * skb::AdvanceTime() / skb::RunPendingWork().
 *
 * Sleeps (msleep, msleep_interruptible, ssleep, usleep_range, fsleep) move
 * model time forward by the kernel's sleep length (msleep(m) sleeps
 * msecs_to_jiffies(m) + 1 jiffies; usleep_range(min, max) sleeps max) and
 * run the timers, tasklets and work that fall due meanwhile, as other
 * contexts would. Sleeping inside a netfilter hook (atomic context) is
 * reported as the kernel's "BUG: scheduling while atomic" (a printed error,
 * not an oops); the sleep then happens anyway, as it does in the kernel.
 */
#ifndef _LIBSKB_LINUX_DELAY_H
#define _LIBSKB_LINUX_DELAY_H

#include <linux/compiler.h>
#include <linux/jiffies.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

LIBSKB_EXTERN_C_BEGIN
/* Busy-wait for nsecs: model time moves, nothing runs. */
void libskb_busy_wait_ns(u64 nsecs, const char *function);
/* Sleep for nsecs: model time moves and due callbacks run. */
void libskb_sleep_ns(u64 nsecs, const char *function);
/* Models msleep(). */
void msleep(unsigned int msecs);
/* Models msleep_interruptible(): no signals in the model, returns 0. */
unsigned long msleep_interruptible(unsigned int msecs);
/* Models usleep_range(). */
void usleep_range(unsigned long min, unsigned long max);
LIBSKB_EXTERN_C_END

static inline void ndelay(unsigned long x) { libskb_busy_wait_ns(x, "ndelay"); }
static inline void udelay(unsigned long x) { libskb_busy_wait_ns((u64)x * 1000, "udelay"); }
static inline void mdelay(unsigned long x) { libskb_busy_wait_ns((u64)x * 1000000, "mdelay"); }
static inline void ssleep(unsigned int seconds) { msleep(seconds * 1000); }
static inline void usleep_range_state(unsigned long min, unsigned long max, unsigned int state)
{
	(void)state;
	usleep_range(min, max);
}
#if LIBSKB_API_AT_LEAST(5, 8)
/* fsleep() (v5.8+): udelay below 10 us, usleep_range up to 20 ms, msleep above. */
static inline void fsleep(unsigned long usecs)
{
	if (usecs <= 10)
		udelay(usecs);
	else if (usecs <= 20000)
		usleep_range(usecs, 2 * usecs);
	else
		msleep((unsigned int)((usecs + 999) / 1000));
}
#endif

#endif /* _LIBSKB_LINUX_DELAY_H */
