/* SPDX-License-Identifier: MIT */
/*
 * libskb: kernel timers (include/linux/timer.h, kernel/time/timer.c).
 *
 * DOC: when timers run
 *
 * A timer armed by module code fires when model time reaches its expiry:
 * skb::AdvanceTime() (<skb/kernel_env.h>) runs every expired timer in
 * expiry order (timers due in the same jiffy in the order they were armed),
 * then pending tasklets and work. A callback runs with "libskb: in timer
 * <function> (module <name>)" in front of any report it raises. A timer
 * still pending after its module's exit function returned is reported
 * (the kernel would later call into unloaded code) and cancelled.
 *
 * DOC: API personality
 *
 * v4.15+ (commit 354b46b1a0ad "timer: Switch callback prototype to take
 * struct timer_list * argument"): callbacks take the timer; timer_setup()
 * and from_timer() (v4.14+) initialise it; DEFINE_TIMER(name, fn). Before:
 * callbacks take the unsigned long .data; init_timer(), setup_timer(),
 * DEFINE_TIMER(name, fn, expires, data); timer_setup() exists in 4.14
 * (callback(unsigned long) called with the timer's address as data).
 * timer_delete*() and timer_shutdown*() are v6.2+; del_timer*() are kept
 * (6.12 still has them). The struct layout is the same under every
 * personality (the libskb-private words included), so one library serves
 * all of them; __libskb_state records which calling convention applies.
 *
 * A pending timer has entry.pprev != NULL (timer_pending()), as in the
 * kernel. Timer flags (TIMER_DEFERRABLE, TIMER_PINNED, TIMER_IRQSAFE) are
 * accepted and have no effect: one CPU, no idle.
 */
#ifndef _LIBSKB_LINUX_TIMER_H
#define _LIBSKB_LINUX_TIMER_H

#include <linux/compiler.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/libskb_api.h>
#include <linux/types.h>
#include <stddef.h>

#define TIMER_CPUMASK		0x0003FFFF
#define TIMER_MIGRATING		0x00040000
#define TIMER_BASEMASK		(TIMER_CPUMASK | TIMER_MIGRATING)
#define TIMER_DEFERRABLE	0x00080000
#define TIMER_PINNED		0x00100000
#define TIMER_IRQSAFE		0x00200000
#define TIMER_INIT_FLAGS	(TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE)

/* __libskb_state bits. */
#define LIBSKB_TIMER_INITIALISED	0x1u
#define LIBSKB_TIMER_ULONG_CALLBACK	0x2u	/* function(unsigned long data): < 4.15 */

struct timer_list {
	struct {
		void *next;
		void **pprev;
	} entry;			/* the kernel's hlist_node: pprev != NULL while pending */
	unsigned long expires;
#if LIBSKB_API_AT_LEAST(4, 15)
	void (*function)(struct timer_list *);
	unsigned long __libskb_data;
#else
	void (*function)(unsigned long);
	unsigned long data;
#endif
	u32 flags;
	u32 __libskb_state;
};

#if LIBSKB_API_AT_LEAST(4, 15)
#define LIBSKB_TIMER_CONVENTION 0u
#define LIBSKB_TIMER_DATA __libskb_data
#define LIBSKB_TIMER_FN(f) (f)
#else
#define LIBSKB_TIMER_CONVENTION LIBSKB_TIMER_ULONG_CALLBACK
#define LIBSKB_TIMER_DATA data
#define LIBSKB_TIMER_FN(f) ((void (*)(unsigned long))(f))
#endif

LIBSKB_EXTERN_C_BEGIN
/* Models mod_timer() (kernel/time/timer.c): (re)arm at expires; 1 if the
 * timer was pending, else 0. */
int libskb_mod_timer(struct timer_list *timer, unsigned long expires, unsigned int convention);
/* Models mod_timer_pending(): re-arm only a pending timer. */
int libskb_mod_timer_pending(struct timer_list *timer, unsigned long expires, unsigned int convention);
/* Models add_timer(): arm at timer->expires; BUG if already pending. */
void libskb_add_timer(struct timer_list *timer, unsigned int convention);
/* Models del_timer() / timer_delete(): 1 if it was pending. */
int del_timer(struct timer_list *timer);
/* Models del_timer_sync() / timer_delete_sync(): also waits for a running
 * callback (none can be running concurrently in the model). A call from the
 * timer's own callback is the kernel's deadlock: reported. */
int del_timer_sync(struct timer_list *timer);
/* Models try_to_del_timer_sync(): -1 while the callback runs. */
int try_to_del_timer_sync(struct timer_list *timer);
/* Models timer_shutdown_sync() (v6.2+): delete and refuse re-arming. */
int libskb_timer_shutdown(struct timer_list *timer, int sync);
LIBSKB_EXTERN_C_END

/* Models init_timer_key()/timer_setup(): not pending, the flags stored. */
static inline void libskb_timer_init(struct timer_list *timer, unsigned int flags, unsigned int convention)
{
	timer->entry.next = NULL;
	timer->entry.pprev = NULL;
	timer->flags = flags;
	timer->__libskb_state = LIBSKB_TIMER_INITIALISED | convention;
}

#if LIBSKB_API_AT_LEAST(4, 15)
#define __TIMER_INITIALIZER(_function, _flags) {			\
		.entry = { NULL, NULL },				\
		.function = (_function),				\
		.flags = (_flags),					\
		.__libskb_state = LIBSKB_TIMER_INITIALISED,		\
	}
#define DEFINE_TIMER(_name, _function) \
	struct timer_list _name = __TIMER_INITIALIZER(_function, 0)
#else
#define __TIMER_INITIALIZER(_function, _expires, _data, _flags) {	\
		.entry = { NULL, NULL },				\
		.expires = (_expires),					\
		.function = (_function),				\
		.data = (_data),					\
		.flags = (_flags),					\
		.__libskb_state = LIBSKB_TIMER_INITIALISED | LIBSKB_TIMER_ULONG_CALLBACK, \
	}
#define TIMER_INITIALIZER(_function, _expires, _data) __TIMER_INITIALIZER(_function, _expires, _data, 0)
#define DEFINE_TIMER(_name, _function, _expires, _data) \
	struct timer_list _name = TIMER_INITIALIZER(_function, _expires, _data)
#endif

#if LIBSKB_API_AT_LEAST(4, 15)
static inline void timer_setup(struct timer_list *timer, void (*callback)(struct timer_list *), unsigned int flags)
{
	libskb_timer_init(timer, flags, 0);
	timer->function = callback;
	timer->__libskb_data = 0;
}
#define timer_setup_on_stack(timer, callback, flags) timer_setup(timer, callback, flags)
#else
static inline void init_timer(struct timer_list *timer)
{
	libskb_timer_init(timer, 0, LIBSKB_TIMER_ULONG_CALLBACK);
}
#define init_timer_on_stack(timer) init_timer(timer)
#define init_timer_deferrable(timer) libskb_timer_init(timer, TIMER_DEFERRABLE, LIBSKB_TIMER_ULONG_CALLBACK)
static inline void setup_timer(struct timer_list *timer, void (*function)(unsigned long), unsigned long data)
{
	libskb_timer_init(timer, 0, LIBSKB_TIMER_ULONG_CALLBACK);
	timer->function = function;
	timer->data = data;
}
#define setup_timer_on_stack(timer, fn, data) setup_timer(timer, fn, data)
#if LIBSKB_API_AT_LEAST(4, 14)
/* 4.14's bridge: the callback gets the timer's address as its data. */
#define TIMER_DATA_TYPE unsigned long
#define TIMER_FUNC_TYPE void (*)(TIMER_DATA_TYPE)
static inline void timer_setup(struct timer_list *timer, void (*callback)(struct timer_list *), unsigned int flags)
{
	libskb_timer_init(timer, flags, LIBSKB_TIMER_ULONG_CALLBACK);
	timer->function = LIBSKB_TIMER_FN(callback);
	timer->data = (unsigned long)timer;
}
#endif
#endif

#if LIBSKB_API_AT_LEAST(4, 14)
#define from_timer(var, callback_timer, timer_fieldname) \
	((__typeof__(var))(void *)((char *)(callback_timer) - offsetof(__typeof__(*var), timer_fieldname)))
#endif

static inline void destroy_timer_on_stack(struct timer_list *timer) { (void)timer; }

/* timer_pending(): armed and not yet run (include/linux/timer.h). */
static inline int timer_pending(const struct timer_list *timer) { return timer->entry.pprev != NULL; }

static inline int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return libskb_mod_timer(timer, expires, LIBSKB_TIMER_CONVENTION);
}
static inline int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	return libskb_mod_timer_pending(timer, expires, LIBSKB_TIMER_CONVENTION);
}
static inline void add_timer(struct timer_list *timer) { libskb_add_timer(timer, LIBSKB_TIMER_CONVENTION); }
/* add_timer_on(): one CPU in the model. */
static inline void add_timer_on(struct timer_list *timer, int cpu)
{
	(void)cpu;
	libskb_add_timer(timer, LIBSKB_TIMER_CONVENTION);
}
static inline int timer_reduce(struct timer_list *timer, unsigned long expires)
{
	if (timer_pending(timer) && !time_before(expires, timer->expires))
		return 1;
	return libskb_mod_timer(timer, expires, LIBSKB_TIMER_CONVENTION);
}

#if LIBSKB_API_AT_LEAST(6, 2)
static inline int timer_delete(struct timer_list *timer) { return del_timer(timer); }
static inline int timer_delete_sync(struct timer_list *timer) { return del_timer_sync(timer); }
static inline int timer_shutdown(struct timer_list *timer) { return libskb_timer_shutdown(timer, 0); }
static inline int timer_shutdown_sync(struct timer_list *timer) { return libskb_timer_shutdown(timer, 1); }
#endif
#define del_singleshot_timer_sync(t) del_timer_sync(t)

#endif /* _LIBSKB_LINUX_TIMER_H */
