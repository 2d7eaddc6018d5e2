/* SPDX-License-Identifier: MIT */
/* libskb: <linux/hardirq.h> - the interrupt-context tests live in <linux/preempt.h>. */
#ifndef _LIBSKB_LINUX_HARDIRQ_H
#define _LIBSKB_LINUX_HARDIRQ_H
#include <linux/preempt.h>
#endif /* _LIBSKB_LINUX_HARDIRQ_H */
