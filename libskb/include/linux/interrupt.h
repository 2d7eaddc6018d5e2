/* SPDX-License-Identifier: MIT */
/*
 * libskb: tasklets (include/linux/interrupt.h, kernel/softirq.c).
 *
 * A scheduled tasklet runs when the harness or a test lets deferred work run
 * (skb::RunPendingWork(), skb::AdvanceTime()), before pending work items, as
 * TASKLET_SOFTIRQ runs before a worker thread gets the CPU. A disabled
 * tasklet stays scheduled until tasklet_enable(). Hardware interrupts
 * (request_irq) are not modelled.
 *
 * API personality: tasklet_setup(), from_tasklet() and the two-argument
 * DECLARE_TASKLET(name, callback) are v5.9+; before, DECLARE_TASKLET(name,
 * func, data). tasklet_init() exists throughout. The layout (use_callback and
 * the union) is 5.9's under every personality.
 */
#ifndef _LIBSKB_LINUX_INTERRUPT_H
#define _LIBSKB_LINUX_INTERRUPT_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/libskb_api.h>
#include <linux/types.h>

struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;
	atomic_t count;
	bool use_callback;
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
};

enum {
	TASKLET_STATE_SCHED,	/* Tasklet is scheduled for execution */
	TASKLET_STATE_RUN	/* Tasklet is running (SMP only) */
};

#if LIBSKB_API_AT_LEAST(5, 9)
#define DECLARE_TASKLET(name, _callback)				\
	struct tasklet_struct name = {					\
		.count = ATOMIC_INIT(0),				\
		.use_callback = true,					\
		.callback = _callback,					\
	}
#define DECLARE_TASKLET_DISABLED(name, _callback)			\
	struct tasklet_struct name = {					\
		.count = ATOMIC_INIT(1),				\
		.use_callback = true,					\
		.callback = _callback,					\
	}
#define DECLARE_TASKLET_OLD(name, _func)				\
	struct tasklet_struct name = {					\
		.count = ATOMIC_INIT(0),				\
		.func = _func,						\
	}
#define from_tasklet(var, callback_tasklet, tasklet_fieldname) \
	container_of(callback_tasklet, __typeof__(*var), tasklet_fieldname)
#else
#define DECLARE_TASKLET(name, _func, _data)				\
	struct tasklet_struct name = { NULL, 0, ATOMIC_INIT(0), false, { .func = _func }, _data }
#define DECLARE_TASKLET_DISABLED(name, _func, _data)			\
	struct tasklet_struct name = { NULL, 0, ATOMIC_INIT(1), false, { .func = _func }, _data }
#endif

LIBSKB_EXTERN_C_BEGIN
/* Models tasklet_init() (kernel/softirq.c). */
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
#if LIBSKB_API_AT_LEAST(5, 9)
/* Models tasklet_setup() (v5.9+). */
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));
#endif
/* Models tasklet_schedule(): queued once until it runs (TASKLET_STATE_SCHED). */
void tasklet_schedule(struct tasklet_struct *t);
/* Models tasklet_hi_schedule() (HI_SOFTIRQ: runs before plain tasklets). */
void tasklet_hi_schedule(struct tasklet_struct *t);
/* Models tasklet_kill(): unschedules it (waits in the kernel; nothing runs concurrently here). */
void tasklet_kill(struct tasklet_struct *t);
LIBSKB_EXTERN_C_END

static inline void tasklet_disable_nosync(struct tasklet_struct *t) { atomic_inc(&t->count); }
static inline void tasklet_disable(struct tasklet_struct *t) { tasklet_disable_nosync(t); }
static inline void tasklet_disable_in_atomic(struct tasklet_struct *t) { tasklet_disable_nosync(t); }
static inline void tasklet_enable(struct tasklet_struct *t) { atomic_dec(&t->count); }

#endif /* _LIBSKB_LINUX_INTERRUPT_H */
