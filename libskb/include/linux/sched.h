/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/sched.h> - the task a module runs on behalf of
 * (include/linux/sched.h; uapi clone flags via the system header).
 *
 * `current` is one modelled task_struct: during module_init/module_exit it
 * is the insmod/rmmod process ("insmod", pid from skb::SetCurrentTask, 1000
 * by default); while a netfilter hook runs it is whatever process the
 * softirq interrupted - the model says the idle task, "swapper/0", pid 0,
 * as a packet received from the wire would show. Only the fields below
 * exist; schedule() and the sleeping calls are in <linux/kernel.h>
 * (might_sleep) and the env-services headers (msleep, wait queues).
 */
#ifndef _LIBSKB_LINUX_SCHED_H
#define _LIBSKB_LINUX_SCHED_H

#include_next <linux/sched.h>

#include <linux/compiler.h>
#include <linux/types.h>

#define TASK_COMM_LEN 16
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002

struct cred;

struct task_struct {
	volatile long state; /* __state since 5.14 */
	unsigned int flags;
	int prio;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	const struct cred *cred;
	char comm[TASK_COMM_LEN];
};

LIBSKB_EXTERN_C_BEGIN
/* The task the current code runs on behalf of (see above). */
struct task_struct *libskb_get_current(void);
/* Models get_task_comm()/__get_task_comm(): copies comm, NUL-terminated. */
char *__get_task_comm(char *to, size_t len, struct task_struct *tsk);
LIBSKB_EXTERN_C_END

/* C only: `current` as a macro would capture every C++ identifier of that name. */
#ifndef __cplusplus
#define current libskb_get_current()
#endif
#define get_current() libskb_get_current()
#define get_task_comm(buf, tsk) __get_task_comm((buf), sizeof(buf), (tsk))
static inline pid_t task_pid_nr(struct task_struct *tsk) { return tsk->pid; }
static inline pid_t task_tgid_nr(struct task_struct *tsk) { return tsk->tgid; }
static inline pid_t task_pid_vnr(struct task_struct *tsk) { return tsk->pid; }
static inline pid_t task_tgid_vnr(struct task_struct *tsk) { return tsk->tgid; }

#endif /* _LIBSKB_LINUX_SCHED_H */
