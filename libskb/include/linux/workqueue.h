/* SPDX-License-Identifier: MIT */
/*
 * libskb: workqueues (include/linux/workqueue.h, kernel/workqueue.c).
 *
 * Work items queued by module code run, in queueing order, when the harness
 * or a test lets deferred work run (skb::RunPendingWork(), or
 * skb::AdvanceTime() after the timers) - never inside the call that queued
 * them, as a worker thread would pick them up later. Delayed work is a timer
 * (the kernel's delayed_work_timer_fn) that queues the work when it fires.
 * flush_work(), flush_workqueue(), cancel_*_sync() and destroy_workqueue()
 * run or discard what is pending at once, as their kernel counterparts wait
 * for it. Workqueues are records (name, flags) over one queue; max_active
 * and CPU affinity have no effect in a single-threaded model. A work item
 * still pending when its module's exit function returns is reported.
 *
 * work_pending() reads WORK_STRUCT_PENDING in work->data, as in the kernel.
 */
#ifndef _LIBSKB_LINUX_WORKQUEUE_H
#define _LIBSKB_LINUX_WORKQUEUE_H

#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/libskb_api.h>
#include <linux/timer.h>
#include <linux/types.h>

struct work_struct;
struct workqueue_struct;
typedef void (*work_func_t)(struct work_struct *work);

#define WORK_STRUCT_PENDING_BIT	0
#define WORK_STRUCT_PENDING	(1UL << WORK_STRUCT_PENDING_BIT)

struct work_struct {
	long data;		/* the kernel's atomic_long_t: WORK_STRUCT_PENDING */
	struct {
		void *next;
		void *prev;
	} entry;
	work_func_t func;
};

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
	int cpu;
};

struct rcu_work {
	struct work_struct work;
	struct workqueue_struct *wq;
};

enum {
	WQ_UNBOUND		= 1 << 1,
	WQ_FREEZABLE		= 1 << 2,
	WQ_MEM_RECLAIM		= 1 << 3,
	WQ_HIGHPRI		= 1 << 4,
	WQ_CPU_INTENSIVE	= 1 << 5,
	WQ_SYSFS		= 1 << 6,
	WQ_POWER_EFFICIENT	= 1 << 7,
	WQ_BH			= 1 << 8,
	__WQ_ORDERED		= 1 << 17,
	WQ_MAX_ACTIVE		= 512,
	WQ_DFL_ACTIVE		= WQ_MAX_ACTIVE / 2,
};
#define WQ_NON_REENTRANT 0	/* <= 3.x flag, a no-op since 3.7 */

#define work_data_bits(work) ((unsigned long *)(&(work)->data))
#define work_pending(work) (((work)->data & WORK_STRUCT_PENDING) != 0)
#define delayed_work_pending(w) work_pending(&(w)->work)
#define to_delayed_work(_work) container_of(_work, struct delayed_work, work)
#define to_rcu_work(_work) container_of(_work, struct rcu_work, work)

#define __WORK_INITIALIZER(n, f) {					\
		.data = 0,						\
		.entry = { &(n).entry, &(n).entry },			\
		.func = (f),						\
	}
#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)

LIBSKB_EXTERN_C_BEGIN
/* The timer function of a delayed work item (kernel/workqueue.c
 * delayed_work_timer_fn): queues dwork->work on dwork->wq. */
void libskb_delayed_work_timer_fn(struct timer_list *t);
LIBSKB_EXTERN_C_END

#define __DELAYED_WORK_INITIALIZER(n, f, tflags) {			\
		.work = __WORK_INITIALIZER((n).work, (f)),		\
		.timer = {						\
			.entry = { NULL, NULL },			\
			.function = LIBSKB_TIMER_FN(libskb_delayed_work_timer_fn), \
			.flags = (tflags),				\
			.__libskb_state = LIBSKB_TIMER_INITIALISED,	\
		},							\
	}
#define DECLARE_DELAYED_WORK(n, f) struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, 0)
#define DECLARE_DEFERRABLE_WORK(n, f) struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, TIMER_DEFERRABLE)

static inline void libskb_init_work(struct work_struct *work, work_func_t func)
{
	work->data = 0;
	work->entry.next = &work->entry;
	work->entry.prev = &work->entry;
	work->func = func;
}

static inline void libskb_init_delayed_work(struct delayed_work *dwork, work_func_t func, unsigned int tflags)
{
	libskb_init_work(&dwork->work, func);
	libskb_timer_init(&dwork->timer, tflags, 0);
	dwork->timer.function = LIBSKB_TIMER_FN(libskb_delayed_work_timer_fn);
	dwork->wq = NULL;
	dwork->cpu = 0;
}

#define INIT_WORK(_work, _func) libskb_init_work((_work), (_func))
#define INIT_WORK_ONSTACK(_work, _func) INIT_WORK(_work, _func)
#define INIT_DELAYED_WORK(_work, _func) libskb_init_delayed_work((_work), (_func), 0)
#define INIT_DELAYED_WORK_ONSTACK(_work, _func) INIT_DELAYED_WORK(_work, _func)
#define INIT_DEFERRABLE_WORK(_work, _func) libskb_init_delayed_work((_work), (_func), TIMER_DEFERRABLE)
#define INIT_RCU_WORK(_work, _func) INIT_WORK(&(_work)->work, (_func))
#define PREPARE_WORK(_work, _func) ((_work)->func = (_func))	/* <= 3.x */
static inline void destroy_work_on_stack(struct work_struct *work) { (void)work; }
static inline void destroy_delayed_work_on_stack(struct delayed_work *work) { (void)work; }

LIBSKB_EXTERN_C_BEGIN
extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_long_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_freezable_wq;
extern struct workqueue_struct *system_power_efficient_wq;
extern struct workqueue_struct *system_freezable_power_efficient_wq;
extern struct workqueue_struct *system_bh_wq;

/* Models alloc_workqueue() (kernel/workqueue.c): a named queue; NULL on
 * (injected) allocation failure. */
__attribute__((__format__(printf, 1, 4))) struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
										    int max_active, ...);
/* Models destroy_workqueue(): drains (runs) its pending work, then frees it. */
void destroy_workqueue(struct workqueue_struct *wq);
/* Models queue_work_on(): false if the work was already pending. */
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);
/* Models queue_delayed_work_on(): false if already pending. delay 0 queues at once. */
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *work, unsigned long delay);
/* Models mod_delayed_work_on(): (re)arm; true if it was pending before. */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay);
/* Models queue_rcu_work(). */
bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork);
/* Models flush_workqueue(): runs everything pending on wq. */
void flush_workqueue(struct workqueue_struct *wq);
/* Models drain_workqueue(). */
void drain_workqueue(struct workqueue_struct *wq);
/* Models flush_work(): runs the work if pending; true if it had to. */
bool flush_work(struct work_struct *work);
/* Models cancel_work(): false if it was not pending. */
bool cancel_work(struct work_struct *work);
/* Models cancel_work_sync(). */
bool cancel_work_sync(struct work_struct *work);
/* Models flush_delayed_work(): fires a pending delay at once, then runs it. */
bool flush_delayed_work(struct delayed_work *dwork);
/* Models cancel_delayed_work(). */
bool cancel_delayed_work(struct delayed_work *dwork);
/* Models cancel_delayed_work_sync(). */
bool cancel_delayed_work_sync(struct delayed_work *dwork);
/* Models work_busy() (WORK_BUSY_PENDING only: nothing runs concurrently). */
unsigned int work_busy(struct work_struct *work);
/* Models current_work(): the work item whose function is running, or NULL. */
struct work_struct *current_work(void);
/* Models flush_scheduled_work(): flush_workqueue(system_wq). */
void flush_scheduled_work(void);
LIBSKB_EXTERN_C_END

#define WORK_BUSY_PENDING	(1 << 0)
#define WORK_BUSY_RUNNING	(1 << 1)
#define WORK_CPU_UNBOUND	64

#define alloc_ordered_workqueue(fmt, flags, args...) \
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED | (flags), 1, ##args)
#define create_workqueue(name) alloc_workqueue("%s", WQ_MEM_RECLAIM, 1, (name))
#define create_freezable_workqueue(name) \
	alloc_workqueue("%s", WQ_FREEZABLE | WQ_UNBOUND | WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name) alloc_ordered_workqueue("%s", WQ_MEM_RECLAIM, name)

static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}
static inline bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}
static inline bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	return mod_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}
static inline bool schedule_work_on(int cpu, struct work_struct *work) { return queue_work_on(cpu, system_wq, work); }
static inline bool schedule_work(struct work_struct *work) { return queue_work(system_wq, work); }
static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work_on(cpu, system_wq, dwork, delay);
}
static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

#endif /* _LIBSKB_LINUX_WORKQUEUE_H */
