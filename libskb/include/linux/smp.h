/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/smp.h>, <linux/percpu.h> basics for a one-CPU model: CPU 0
 * is the only CPU, per-CPU data is one copy (include/linux/smp.h,
 * include/linux/percpu-defs.h).
 */
#ifndef _LIBSKB_LINUX_SMP_H
#define _LIBSKB_LINUX_SMP_H

#include <linux/compiler.h>
#include <linux/preempt.h>

#define NR_CPUS 1
#define nr_cpu_ids 1U
#define smp_processor_id() 0
#define raw_smp_processor_id() 0
#define get_cpu() ({ preempt_disable(); 0; })
#define put_cpu() preempt_enable()
#define num_online_cpus() 1U
#define num_possible_cpus() 1U
#define num_present_cpus() 1U
#define cpu_online(cpu) ((cpu) == 0)
#define cpu_possible(cpu) ((cpu) == 0)
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < 1; (cpu)++)
#define for_each_online_cpu(cpu) for ((cpu) = 0; (cpu) < 1; (cpu)++)
#define for_each_present_cpu(cpu) for ((cpu) = 0; (cpu) < 1; (cpu)++)

#endif /* _LIBSKB_LINUX_SMP_H */
