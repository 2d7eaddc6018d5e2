/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/preempt.h> - the context tests (include/linux/preempt.h).
 * A netfilter hook runs in softirq context in the model (the receive path;
 * LOCAL_OUT hooks run in process context in the kernel but always under
 * rcu_read_lock(), so sleeping is forbidden there too): in_softirq() and
 * in_interrupt() are true while a hook runs, in_atomic() also while a
 * spinlock is held. preempt_disable()/enable() count nesting only.
 */
#ifndef _LIBSKB_LINUX_PREEMPT_H
#define _LIBSKB_LINUX_PREEMPT_H

#include <linux/compiler.h>

LIBSKB_EXTERN_C_BEGIN
/* The model's preempt_count(): SOFTIRQ_OFFSET while a hook runs, + held spinlocks and preempt_disable()s. */
int libskb_preempt_count(void);
void libskb_preempt_add(int n);
LIBSKB_EXTERN_C_END

#define PREEMPT_OFFSET	1
#define SOFTIRQ_OFFSET	0x100
#define HARDIRQ_OFFSET	0x10000
#define NMI_OFFSET	0x100000
#define SOFTIRQ_MASK	0xff00
#define HARDIRQ_MASK	0xf0000
#define PREEMPT_MASK	0xff

#define preempt_count() libskb_preempt_count()
#define in_irq() ((preempt_count() & HARDIRQ_MASK) != 0)
#define in_hardirq() in_irq()
#define in_softirq() ((preempt_count() & SOFTIRQ_MASK) != 0)
#define in_serving_softirq() in_softirq()
#define in_interrupt() ((preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK)) != 0)
#define in_nmi() 0
#define in_task() (!in_interrupt())
#define in_atomic() (preempt_count() != 0)
#define irqs_disabled() 0
#define preempt_disable() libskb_preempt_add(1)
#define preempt_enable() libskb_preempt_add(-1)
#define preempt_enable_no_resched() libskb_preempt_add(-1)

#endif /* _LIBSKB_LINUX_PREEMPT_H */
