/* SPDX-License-Identifier: MIT */
/*
 * libskb: kernel threads (include/linux/kthread.h, kernel/kthread.c).
 *
 * DOC: threads are created and never scheduled
 *
 * A kernel thread runs concurrently with everything else; its function is
 * typically a loop that sleeps until kthread_should_stop(). A
 * single-threaded, deterministic model cannot run it faithfully, and running
 * it as deferred work would never return. So the model takes a schedule the
 * kernel may take too: kthread_create()/kthread_run() create the thread
 * (recorded by skb::Registrations() as kind "kthread", named after the
 * thread function) and the scheduler never picks it. kthread_stop() on a
 * thread that never ran returns -EINTR without calling its function, exactly
 * as kernel/kthread.c's kthread() does when it finds KTHREAD_SHOULD_STOP
 * set before the first call. A module whose behaviour depends on the thread
 * running is therefore fuzzed without it; libskb prints one line per
 * created thread so this is never silent. A thread left unstopped at module
 * exit is reported. The returned task_struct is libskb's and opaque: reading
 * its fields is not modelled.
 */
#ifndef _LIBSKB_LINUX_KTHREAD_H
#define _LIBSKB_LINUX_KTHREAD_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

struct task_struct;

LIBSKB_EXTERN_C_BEGIN
/* Models kthread_create_on_node() (kernel/kthread.c): a created, never
 * scheduled thread; ERR_PTR(-ENOMEM) on (injected) allocation failure. */
__attribute__((__format__(printf, 4, 5))) struct task_struct *kthread_create_on_node(int (*threadfn)(void *data),
										    void *data, int node,
										    const char namefmt[], ...);
/* Models kthread_stop(): the thread function's result, -EINTR if it never ran. */
int kthread_stop(struct task_struct *k);
/* Models kthread_should_stop(): only a kthread can ask; none runs in the model. */
bool kthread_should_stop(void);
/* Models kthread_bind(): one CPU. */
void kthread_bind(struct task_struct *k, unsigned int cpu);
/* Models wake_up_process() for the model's threads: the thread stays unscheduled
 * (see above); 1 the first time, as the kernel returns for a sleeping task. */
int libskb_kthread_wake(struct task_struct *k);
LIBSKB_EXTERN_C_END

#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif
#define kthread_create(threadfn, data, namefmt, arg...) \
	kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, ##arg)
#define kthread_run(threadfn, data, namefmt, ...)				\
	({									\
		struct task_struct *__k = kthread_create(threadfn, data, namefmt, ##__VA_ARGS__); \
		if (!((unsigned long)(void *)__k >= (unsigned long)-4095))	\
			libskb_kthread_wake(__k);				\
		__k;								\
	})

#endif /* _LIBSKB_LINUX_KTHREAD_H */
