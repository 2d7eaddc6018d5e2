/* SPDX-License-Identifier: MIT */
/*
 * libskb: completions (include/linux/completion.h, kernel/sched/completion.c).
 * Waiting follows <linux/wait.h>: pending tasklets and work run first (the
 * usual completers); a timed wait then advances model time; an untimed wait
 * that can never complete is reported and ends the run.
 */
#ifndef _LIBSKB_LINUX_COMPLETION_H
#define _LIBSKB_LINUX_COMPLETION_H

#include <limits.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/wait.h>

#define UINT_MAX_COMPLETION_ALL UINT_MAX

struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(work) { 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define COMPLETION_INITIALIZER_ONSTACK(work) (*({ init_completion(&work); &work; }))
#define DECLARE_COMPLETION(work) struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) DECLARE_COMPLETION(work)

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}
static inline void reinit_completion(struct completion *x) { x->done = 0; }

/* Models complete(): one more waiter may pass (saturating at UINT_MAX). */
static inline void complete(struct completion *x)
{
	if (x->done != UINT_MAX)
		x->done++;
}
/* Models complete_all(). */
static inline void complete_all(struct completion *x) { x->done = UINT_MAX; }
static inline bool completion_done(struct completion *x) { return x->done != 0; }
/* Models try_wait_for_completion(): consumes one completion if there is one. */
static inline bool try_wait_for_completion(struct completion *x)
{
	if (!x->done)
		return false;
	if (x->done != UINT_MAX)
		x->done--;
	return true;
}

LIBSKB_EXTERN_C_BEGIN
/* Models wait_for_completion() (reported if it can never complete). */
void wait_for_completion(struct completion *x);
/* Models wait_for_completion_timeout(): 0 on timeout, else jiffies left (>= 1). */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
/* Models wait_for_completion_interruptible(): 0 (no signals in the model). */
int wait_for_completion_interruptible(struct completion *x);
/* Models wait_for_completion_killable(). */
int wait_for_completion_killable(struct completion *x);
/* Models wait_for_completion_interruptible_timeout(). */
long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout);
/* Models wait_for_completion_killable_timeout(). */
long wait_for_completion_killable_timeout(struct completion *x, unsigned long timeout);
LIBSKB_EXTERN_C_END

#endif /* _LIBSKB_LINUX_COMPLETION_H */
