/* SPDX-License-Identifier: MIT */
/*
 * libskb: <linux/percpu.h> for a one-CPU model (include/linux/percpu-defs.h):
 * DEFINE_PER_CPU defines one variable; per_cpu(), this_cpu_ptr() and the
 * this_cpu_* operations address it. alloc_percpu() allocates one object
 * through kzalloc (memory model, fault injection); free_percpu() frees it.
 */
#ifndef _LIBSKB_LINUX_PERCPU_H
#define _LIBSKB_LINUX_PERCPU_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/smp.h>

#define __percpu
#define DEFINE_PER_CPU(type, name) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name
#define DEFINE_PER_CPU_ALIGNED(type, name) DEFINE_PER_CPU(type, name)
#define DEFINE_PER_CPU_SHARED_ALIGNED(type, name) DEFINE_PER_CPU(type, name)
#define DECLARE_PER_CPU_ALIGNED(type, name) DECLARE_PER_CPU(type, name)
#define per_cpu(var, cpu) (*((void)(cpu), &(var)))
#define per_cpu_ptr(ptr, cpu) ((void)(cpu), (ptr))
#define this_cpu_ptr(ptr) (ptr)
#define raw_cpu_ptr(ptr) (ptr)
#define get_cpu_ptr(ptr) ({ preempt_disable(); (ptr); })
#define put_cpu_ptr(ptr) do { (void)(ptr); preempt_enable(); } while (0)
#define get_cpu_var(var) (*({ preempt_disable(); &(var); }))
#define put_cpu_var(var) do { (void)&(var); preempt_enable(); } while (0)
#define __get_cpu_var(var) (var)
#define this_cpu_read(pcp) (pcp)
#define this_cpu_write(pcp, val) do { (pcp) = (val); } while (0)
#define this_cpu_add(pcp, val) do { (pcp) += (val); } while (0)
#define this_cpu_sub(pcp, val) do { (pcp) -= (val); } while (0)
#define this_cpu_inc(pcp) this_cpu_add(pcp, 1)
#define this_cpu_dec(pcp) this_cpu_sub(pcp, 1)
#define this_cpu_add_return(pcp, val) ((pcp) += (val))
#define __this_cpu_read(pcp) this_cpu_read(pcp)
#define __this_cpu_write(pcp, val) this_cpu_write(pcp, val)
#define __this_cpu_add(pcp, val) this_cpu_add(pcp, val)
#define __this_cpu_sub(pcp, val) this_cpu_sub(pcp, val)
#define __this_cpu_inc(pcp) this_cpu_inc(pcp)
#define __this_cpu_dec(pcp) this_cpu_dec(pcp)
#define raw_cpu_read(pcp) this_cpu_read(pcp)
#define raw_cpu_write(pcp, val) this_cpu_write(pcp, val)

#define alloc_percpu_gfp(type, gfp) ((__typeof__(type) *)kzalloc(sizeof(type), (gfp)))
#define alloc_percpu(type) alloc_percpu_gfp(type, GFP_KERNEL)
#define __alloc_percpu(size, align) kzalloc((size), GFP_KERNEL)
#define free_percpu(ptr) kfree(ptr)

#endif /* _LIBSKB_LINUX_PERCPU_H */
