/* SPDX-License-Identifier: MIT */
/* libskb: <asm/processor.h> - what modules take from it: cpu_relax() (a no-op with one thread),
 * declared in <linux/kernel.h>. */
#ifndef _LIBSKB_ASM_PROCESSOR_H
#define _LIBSKB_ASM_PROCESSOR_H
#include <linux/kernel.h>
#endif /* _LIBSKB_ASM_PROCESSOR_H */
