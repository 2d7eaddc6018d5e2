/* SPDX-License-Identifier: MIT */
/*
 * libskb: <asm/processor.h> (arch/x86/include/asm/processor.h), reduced to
 * what module code uses from it: cpu_relax() in busy-wait loops.
 *
 * cpu_relax() is "rep; nop" (PAUSE) plus a compiler barrier in the kernel;
 * here the barrier alone. A loop that spins on cpu_relax() waiting for another
 * CPU never ends in the single-threaded model, as it would not on a
 * uniprocessor kernel with preemption off.
 */
#ifndef _LIBSKB_ASM_PROCESSOR_H
#define _LIBSKB_ASM_PROCESSOR_H

/* Models cpu_relax() (arch/x86/include/asm/vdso/processor.h, v5.x; asm/processor.h before). */
#ifndef cpu_relax
static inline void cpu_relax(void) { __asm__ __volatile__("" ::: "memory"); }
#endif

#endif /* _LIBSKB_ASM_PROCESSOR_H */
