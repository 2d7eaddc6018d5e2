/* SPDX-License-Identifier: MIT */
/*
 * libskb: wait queues (include/linux/wait.h, kernel/sched/wait.c).
 *
 * DOC: waiting in a single-threaded model
 *
 * Nothing else runs while module code waits, except what the model runs on
 * its behalf: a wait_event*() whose condition is false first runs pending
 * tasklets and work (the usual producers), then, for the timeout forms,
 * advances model time by the timeout (running the timers that fall due) and
 * evaluates the condition again. An untimed wait whose condition is still
 * false would sleep forever: the model reports it and ends the run
 * ("module waits forever in wait_event ..."). The wake_up*() family has no
 * sleeper to wake and is a no-op; waitqueue_active() is always false.
 */
#ifndef _LIBSKB_LINUX_WAIT_H
#define _LIBSKB_LINUX_WAIT_H

#include <linux/compiler.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct wait_queue_head {
	spinlock_t lock;
	struct {
		void *next;
		void *prev;
	} head;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { .lock = { 0 }, .head = { &(name).head, &(name).head } }
#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

static inline void init_waitqueue_head(struct wait_queue_head *wq_head)
{
	spin_lock_init(&wq_head->lock);
	wq_head->head.next = &wq_head->head;
	wq_head->head.prev = &wq_head->head;
}

/* No task ever sleeps on a queue in the model. */
static inline int waitqueue_active(struct wait_queue_head *wq_head) { (void)wq_head; return 0; }
static inline bool wq_has_sleeper(struct wait_queue_head *wq_head) { (void)wq_head; return false; }
#define wake_up(x)			((void)(x))
#define wake_up_nr(x, nr)		((void)(x))
#define wake_up_all(x)			((void)(x))
#define wake_up_interruptible(x)	((void)(x))
#define wake_up_interruptible_nr(x, nr)	((void)(x))
#define wake_up_interruptible_all(x)	((void)(x))
#define wake_up_interruptible_sync(x)	((void)(x))
#define wake_up_locked(x)		((void)(x))
#define wake_up_poll(x, m)		((void)(x))
#define wake_up_interruptible_poll(x, m) ((void)(x))

LIBSKB_EXTERN_C_BEGIN
/* Runs pending tasklets and work for a waiter whose condition is false. */
void libskb_wait_run_pending(void);
/* Advances model time by up to `timeout` jiffies for a timed waiter. */
void libskb_wait_sleep(long timeout);
/* An untimed wait that can never end: reported, never returns. */
__attribute__((__noreturn__)) void libskb_wait_forever(const char *what, const char *file, int line);
LIBSKB_EXTERN_C_END

/* wait_event(): the condition, or (after the producers ran) a report. */
#define wait_event(wq_head, condition)						\
	do {									\
		(void)(wq_head);						\
		if (!(condition)) {						\
			libskb_wait_run_pending();				\
			if (!(condition))					\
				libskb_wait_forever("wait_event(" #condition ")", __FILE__, __LINE__); \
		}								\
	} while (0)
#define wait_event_interruptible(wq_head, condition)				\
	({									\
		wait_event(wq_head, condition);					\
		0;								\
	})
#define wait_event_killable(wq_head, condition) wait_event_interruptible(wq_head, condition)
#define wait_event_freezable(wq_head, condition) wait_event_interruptible(wq_head, condition)
#define wait_event_idle(wq_head, condition) wait_event(wq_head, condition)

/* wait_event_timeout(): 0 if the condition is false after the timeout,
 * else the jiffies left (at least 1), as the kernel returns. */
#define wait_event_timeout(wq_head, condition, timeout)				\
	({									\
		long __ret = (long)(timeout);					\
		(void)(wq_head);						\
		if (!(condition)) {						\
			libskb_wait_run_pending();				\
			if (!(condition)) {					\
				libskb_wait_sleep(__ret);			\
				__ret = (condition) ? 1 : 0;			\
			}							\
		} else if (__ret == 0) {					\
			__ret = 1;						\
		}								\
		__ret;								\
	})
#define wait_event_interruptible_timeout(wq_head, condition, timeout) \
	wait_event_timeout(wq_head, condition, timeout)
#define wait_event_killable_timeout(wq_head, condition, timeout) \
	wait_event_timeout(wq_head, condition, timeout)
#define wait_event_freezable_timeout(wq_head, condition, timeout) \
	wait_event_timeout(wq_head, condition, timeout)
#define wait_event_idle_timeout(wq_head, condition, timeout) \
	wait_event_timeout(wq_head, condition, timeout)

#endif /* _LIBSKB_LINUX_WAIT_H */
